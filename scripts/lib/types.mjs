// TypeScript types for one bundled API, by openapi-typescript (paths, components, operations).
import { createRequire } from "node:module";
import { METHODS } from "./join.mjs";

// Loaded through require: Node 20's ESM loader scans TypeScript's 9 MB CommonJS file for its exports
// (and for module syntax) on top of compiling it, which makes `import` take twice as long.
const require = createRequire(import.meta.url);
// openapi-typescript's transform itself, not `openapiTS()`: that would lint and bundle the document again
// with its own copy of Redocly's openapi-core (loading it costs a sixth of a second, and each API some
// 30 ms more), when the document is a bundle Redocly has made, and the specs are linted, already. What
// that second pass refused is refused here too (checkDocument). `context` is the context `openapiTS()`
// makes from its options (openapi-typescript's src/index.ts).
const transformSchema = require("openapi-typescript/dist/transform/index.cjs");
const { astToString, NUMBER, tsUnion } = require("openapi-typescript/dist/lib/ts.cjs");
const { resolveRef, scanDiscriminators } = require("openapi-typescript/dist/lib/utils.cjs");
const ts = require("typescript");

const BIGINT = ts.factory.createKeywordTypeNode(ts.SyntaxKind.BigIntKeyword);
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());
/** The options `openapiTS()` would be given. */
const OPTIONS = {
  silent: true,
  // A property with a `default` stays optional unless the schema requires it: in a request the
  // server fills it in (CreateSubnetOption's dhcp_enable), and in a response `default` does not
  // promise the property is sent. (openapi-typescript's default makes it required in every schema
  // a request body uses through components.)
  defaultNonNullable: false,
  // Members such as `{ required: [...] }` must not collapse an intersection to Record<string, never>.
  emptyObjectsUnknown: true,
  // The runtime keeps int64 values above 2^53 exact by parsing them as bigint (src/core/json.ts).
  transform(schema) {
    if (schema.format !== "int64") return undefined;
    const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes("null"));
    return nullable ? tsUnion([NUMBER, BIGINT, NULL]) : tsUnion([NUMBER, BIGINT]);
  },
};

/**
 * The types module of `doc`. A document openapi-typescript cannot read (a $ref to nothing) is an error,
 * thrown with nothing printed: the lint reports such a problem with its file and line, and the caller
 * names the spec of an error that remains.
 */
export async function typesModule(doc) {
  return (await typesStatements(doc)).join("");
}

/**
 * typesModule's text, one top-level statement (`paths`, `components`, `operations`, ...) apiece: their
 * concatenation is the module.
 */
export async function typesStatements(doc) {
  checkDocument(doc);
  // Redocly's bundle always has `components` (an empty one where the spec has none).
  const schema = structuredClone({ ...doc, components: doc.components ?? {} });
  return [transformSchema(schema, context(schema, OPTIONS))].flat().map((statement) => astToString(statement));
}

/**
 * The module `header` + `statements` (typesStatements) formatted by `format`, a statement at a time: each
 * one's text is taken from `kept` (by the `hash` of what is formatted) when it is there, and `used` gets
 * them all, for the next time. Prettier formats top-level statements apart, so the result is the whole
 * module's (test/pipeline-pieces.test.ts); a summary edited changes `paths` alone, a few kB of a module
 * whose `operations` can be 80 kB.
 */
export async function formatStatements(header, statements, format, { kept, used, hash }) {
  if (statements.length === 0) return format(header);
  const texts = [];
  for (const [index, statement] of statements.entries()) {
    const source = index === 0 ? header + statement : statement;
    const id = hash(source);
    const text = kept.get(id) ?? (await format(source));
    used.set(id, text);
    texts.push(text);
  }
  return texts.join("");
}

/** openapiTS()'s context for `schema` and `options` (its defaults for the options not given). */
function context(schema, options) {
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    silent: false,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    ...options,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: true }),
  };
}

/**
 * Keys whose value is data, not a part of the document (a `default` or an `example` may hold an object
 * with a `$ref` key that is no reference): unless they name an entry of a map (a property named
 * `default`, the `default` response).
 */
const DATA_KEYS = new Set(["default", "enum", "const", "example", "value"]);
/** The maps of NAME_MAPS that take `x-` extensions beside their entries (the OpenAPI's Paths and Responses objects). */
const EXTENSIBLE_MAPS = new Set(["paths", "responses"]);
/** Keys whose value is a map of named entries (each entry a part of the document, whatever its name). */
const NAME_MAPS = new Set([
  "paths",
  "webhooks",
  "callbacks",
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
  "responses",
  "content",
  "headers",
  "encoding",
  "links",
  "variables",
  "schemas",
  "parameters",
  "requestBodies",
  "securitySchemes",
  "examples",
  "pathItems",
]);

/**
 * Throws what openapiTS()'s lint and bundle of `doc` refused: another version than OpenAPI 3.0, 3.1 or
 * 3.2, an operationId two operations share, a $ref (or a discriminator mapping's) that points at nothing
 * in the document, to another file or a URL (a bundle has none), or into a loop of $refs, a mapping to a
 * schema by its bare name (which openapi-typescript would make the tag), and a document that contains
 * itself (a YAML alias of its own anchor).
 */
function checkDocument(doc) {
  const version = doc?.openapi;
  if (version !== undefined && typeof version !== "string")
    throw new Error(`Unsupported OpenAPI version: openapi must be a string, got the ${typeof version} ${version}`);
  if (doc?.swagger !== undefined || !/^3\.[0-2](\.|$)/.test(version ?? ""))
    throw new Error(
      `Unsupported OpenAPI version: ${doc?.swagger ?? version ?? "(none)"}: OpenAPI 3.0, 3.1 or 3.2 only`,
    );
  checkOperationIds(doc);
  const ancestors = new Set();
  /**
   * `kind`: "part" (keys are keywords), "map" (keys are names, of properties, responses, ...), "callback"
   * (keys are expressions, each a path item), "link" (whose `parameters` and `requestBody` are data) or
   * "extension" (an `x-` value: its $refs are resolved, as Redocly's bundle resolves them, and nothing
   * else in it is read).
   */
  const walk = (node, kind, mapKey) => {
    if (!node || typeof node !== "object") return;
    if (ancestors.has(node)) throw new Error("The document contains itself (a YAML alias of its own anchor?)");
    if (kind !== "map" && typeof node.$ref === "string") {
      target(doc, node.$ref);
      if (kind === "callback" || kind === "link") return; // a Reference object in its place
    }
    if (kind === "part") checkMapping(doc, node.discriminator?.mapping);
    ancestors.add(node);
    if (Array.isArray(node)) for (const item of node) walk(item, kind === "extension" ? kind : "part");
    else
      for (const [key, value] of Object.entries(node)) {
        if (kind === "extension") walk(value, kind);
        // Paths, responses and callbacks take extensions beside their entries; other maps' keys are names.
        else if (key.startsWith("x-") && (kind !== "map" || EXTENSIBLE_MAPS.has(mapKey))) walk(value, "extension");
        else if (kind === "map" || kind === "callback") walk(value, "part");
        // A schema's `examples` (3.1) is a list of values; an `examples` map holds Example objects.
        else if (DATA_KEYS.has(key) || (key === "examples" && Array.isArray(value))) continue;
        else if (kind === "link" && (key === "parameters" || key === "requestBody")) continue;
        else if (!NAME_MAPS.has(key) || Array.isArray(value)) walk(value, "part");
        else if (key === "callbacks" || key === "links")
          for (const entry of Object.values(value ?? {})) walk(entry, key === "callbacks" ? "callback" : "link");
        else walk(value, "map", key);
      }
    ancestors.delete(node);
  };
  walk(doc, "part");
}

/** Throws on a discriminator mapping's value that is no $ref to a place in `doc`. */
function checkMapping(doc, mapping) {
  if (!mapping || typeof mapping !== "object") return;
  for (const [tag, ref] of Object.entries(mapping)) {
    if (typeof ref !== "string") continue;
    // The OpenAPI allows a schema's name here; openapi-typescript takes it for the tag (`Cat` where `cat` is sent).
    if (!/[#/]/.test(ref))
      throw new Error(
        Object.hasOwn(doc.components?.schemas ?? {}, ref)
          ? `discriminator mapping ${tag}: ${ref} is a schema's name, which openapi-typescript does not read as one: write it as a $ref ("#/components/schemas/${ref}")`
          : `discriminator mapping ${tag}: no schema is named ${ref}`,
      );
    target(doc, ref);
  }
}

/**
 * Throws on an operationId two operations share: under paths, webhooks, the components' path items and
 * callbacks, and each operation's callbacks (an operation reached twice through $refs is one; a path item
 * with a $ref has its own operations too, in 3.1).
 */
function checkOperationIds(doc) {
  const seen = new Map();
  const visited = new Set();
  const visitCallback = (callback) => {
    const resolved = callback && typeof callback.$ref === "string" ? target(doc, callback.$ref) : callback;
    for (const [expression, pathItem] of Object.entries(resolved ?? {}))
      if (!expression.startsWith("x-")) visit(pathItem);
  };
  const visit = (pathItem) => {
    if (!pathItem || typeof pathItem !== "object" || visited.has(pathItem)) return;
    visited.add(pathItem);
    if (typeof pathItem.$ref === "string") visit(target(doc, pathItem.$ref));
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation || typeof operation !== "object") continue;
      const id = operation.operationId;
      if (id !== undefined && seen.has(id) && seen.get(id) !== operation)
        throw new Error(`operationId ${id} is used by two operations`);
      if (id !== undefined) seen.set(id, operation);
      for (const callback of Object.values(operation.callbacks ?? {})) visitCallback(callback);
    }
  };
  const entries = (map) => Object.entries(map ?? {}).filter(([key]) => !key.startsWith("x-"));
  for (const [, pathItem] of [
    ...entries(doc.paths),
    ...Object.entries(doc.webhooks ?? {}),
    ...Object.entries(doc.components?.pathItems ?? {}),
  ])
    visit(pathItem);
  for (const callback of Object.values(doc.components?.callbacks ?? {})) visitCallback(callback);
}

/** Whether `ref` points at something in `doc`. */
function resolves(doc, ref) {
  try {
    target(doc, ref);
    return true;
  } catch {
    return false;
  }
}

/** The node `ref` points at in `doc`, following $refs to $refs; throws where it points at nothing. */
function target(doc, ref) {
  const seen = new Set();
  let node = { $ref: ref };
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const at = node.$ref;
    if (seen.has(at)) throw new Error(`Circular $ref ${ref}${at === ref ? "" : ` (through ${at})`}`);
    seen.add(at);
    if (!at.startsWith("#/")) throw new Error(`Can't resolve $ref ${at}: not a place in this document`);
    const tokens = at.slice(2).split("/");
    node = tokens
      .map((key) => decodeURIComponent(key).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((parent, key, index) => {
        if (parent === null || typeof parent !== "object" || !Object.hasOwn(parent, key)) {
          if (typeof parent?.$ref !== "string") throw new Error(`Can't resolve $ref ${at}`);
          // The same place, named through the $ref's target: what to write instead, if it is there.
          const through = [parent.$ref, ...tokens.slice(index)].join("/");
          const advice = resolves(doc, through) ? `write ${through}` : `${through} is not a place either`;
          throw new Error(`Can't resolve $ref ${at}: it goes through a $ref (to ${parent.$ref}); ${advice}`);
        }
        return parent[key];
      }, doc);
  }
  return node;
}
