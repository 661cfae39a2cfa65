// Response validators for drift detection, generated at `npm run generate` time from an API's bundle:
// Ajv's standalone code (no schema is compiled at run time, no eval), bundled by esbuild with the few
// Ajv runtime helpers and ajv-formats functions it uses into one module with no imports, which a client
// loads lazily (dynamic import) only when validation is on.
//
// The schemas are made strict for undeclared properties: every object that is not itself a member of
// an allOf/oneOf/anyOf gets `unevaluatedProperties: false` (which sees the properties its members
// evaluate), unless it declares `additionalProperties` as a schema (a map, whose keys are data); the
// members of a plain oneOf/anyOf are closed each, instead of their holder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { operations, resolve } from "./schema.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const COMPOSITIONS = ["allOf", "oneOf", "anyOf"];
const SUBSCHEMA_MAPS = ["properties", "patternProperties"];
const SUBSCHEMAS = ["items", "additionalProperties", "not"];
/**
 * Keywords that only document, dropped from the schemas Ajv compiles: its standalone code embeds the
 * schemas it reads enum lists from, and a description edited must not change (or recompile) a validator.
 */
const DOCUMENTATION = new Set([
  "title",
  "description",
  "example",
  "examples",
  "externalDocs",
  "xml",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

/** Inlines every $ref (a cycle keeps its $ref to the components, compiled once as a definition). */
function inline(doc, node, stack = []) {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, stack));
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    if (stack.includes(node.$ref))
      throw new Error(`recursive schema ${node.$ref}: drift validation does not support it`);
    return inline(doc, resolve(doc, { $ref: node.$ref }), [...stack, node.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOCUMENTATION.has(key) || key.startsWith("x-")) continue;
    if (key === "enum" || key === "default" || key === "required") out[key] = value;
    else if (SUBSCHEMA_MAPS.includes(key))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, inline(doc, s, stack)]));
    else out[key] = inline(doc, value, stack);
  }
  return out;
}

const isObjectSchema = (schema) =>
  schema.type === "object" ||
  !!schema.properties ||
  schema.additionalProperties === true ||
  COMPOSITIONS.some((key) => Array.isArray(schema[key]));

/**
 * An OpenAPI 3.0 schema (inlined) as Ajv compiles it: int64 (and its range), int32 and an integer of no
 * format (at most 2^53 as a number) as the keywords below, the
 * discriminator in Ajv's form (no mapping), and undeclared properties refused (see the header).
 */
function strict(schema, member = false) {
  if (Array.isArray(schema)) return schema.map((s) => strict(s));
  if (!schema || typeof schema !== "object") return schema;
  const out = { ...schema };
  // `additionalProperties: true` (the default) in a member would count every property as evaluated
  // for the holder's unevaluatedProperties: an undeclared one would pass where the member stands
  // wrapped in an allOf, and be found where it stands alone.
  if (member && out.additionalProperties === true) delete out.additionalProperties;
  for (const key of SUBSCHEMA_MAPS)
    if (out[key]) out[key] = Object.fromEntries(Object.entries(out[key]).map(([name, s]) => [name, strict(s)]));
  for (const key of SUBSCHEMAS) if (out[key] && typeof out[key] === "object") out[key] = strict(out[key]);
  // A plain choice (oneOf/anyOf, nothing beside it) is closed in each member: Ajv's discriminator does
  // not tell the holder which properties its branch evaluated. Anything else is closed in the holder.
  const choice = !out.properties && !out.allOf && (Array.isArray(out.oneOf) || Array.isArray(out.anyOf));
  for (const key of COMPOSITIONS)
    if (Array.isArray(out[key])) out[key] = out[key].map((s) => strict(s, !(choice && key !== "allOf")));
  if (Array.isArray(out.allOf)) mergeAllOf(out);
  if (out.uniqueItems === true) {
    // Ajv compares every pair of items (deep equality): quadratic in a page's length.
    delete out.uniqueItems;
    out.distinctItems = true;
  }
  if (out.discriminator) {
    if (Array.isArray(out.oneOf)) out.discriminator = { propertyName: out.discriminator.propertyName };
    else delete out.discriminator;
  }
  if (out.type === "integer" && out.format === "int64") {
    // JSON integers beyond 2^53 arrive as bigint (src/core/json.ts): Ajv's `integer` would refuse them.
    delete out.type;
    delete out.format;
    out.int64 = out.nullable ? "nullable" : true;
    out.int64Range = true;
    delete out.nullable;
  } else if (out.format === "int32") {
    delete out.format;
    out.int32 = true;
  } else if (out.type === "integer" && out.format === undefined) {
    // An integer beyond 2^53 written as a number (1e300) passes Ajv's `integer`: flagged as a bigint is.
    out.safeInteger = true;
  }
  if (
    !member &&
    !choice &&
    isObjectSchema(out) &&
    (out.additionalProperties === undefined || out.additionalProperties === true)
  ) {
    // Plain objects get additionalProperties (Ajv checks it against the declared names, fast); only
    // an object composed of members needs unevaluatedProperties (tracked through the members at run time).
    if (COMPOSITIONS.some((key) => Array.isArray(out[key]))) {
      delete out.additionalProperties;
      out.unevaluatedProperties = false;
    } else out.additionalProperties = false;
  }
  return out;
}

/** Keywords an allOf member may have for it to be merged into its holder (see mergeAllOf). */
const MERGEABLE = new Set(["type", "properties", "required", "nullable", "description", "title"]);

/**
 * Merges an allOf whose members are plain objects into its holder: one object schema says the same
 * (a property that two members define gets both schemas, as an allOf of its own), and Ajv then checks
 * undeclared properties against a fixed list instead of tracking what each member evaluated.
 */
function mergeAllOf(schema) {
  const members = schema.allOf;
  if (!members.every((m) => m && typeof m === "object" && Object.keys(m).every((key) => MERGEABLE.has(key)))) return;
  if (members.some((m) => m.type !== undefined && m.type !== "object") || (schema.type && schema.type !== "object"))
    return;
  if (members.some((m) => m.nullable)) return;
  const properties = { ...schema.properties };
  const required = new Set(schema.required ?? []);
  for (const member of members) {
    for (const [name, property] of Object.entries(member.properties ?? {}))
      properties[name] = name in properties ? { allOf: [properties[name], property] } : property;
    for (const name of member.required ?? []) required.add(name);
  }
  delete schema.allOf;
  schema.type = "object";
  schema.properties = properties;
  if (required.size) schema.required = [...required];
}

/** The keywords the conversion above introduces, as code Ajv writes into the standalone module. */
function addKeywords(ajv, _) {
  ajv.addKeyword({
    keyword: "int64",
    schemaType: ["boolean", "string"],
    error: { message: "must be integer" },
    code(cxt) {
      const { data, schema } = cxt;
      const allowNull = schema === "nullable" ? _`${data} !== null && ` : _``;
      cxt.fail(_`${allowNull}typeof ${data} != "bigint" && !(typeof ${data} == "number" && Number.isInteger(${data}))`);
    },
  });
  ajv.addKeyword({
    keyword: "int64Range",
    schemaType: "boolean",
    error: { message: "must be an int64 (from -2^63 to 2^63-1)" },
    code(cxt) {
      const { data } = cxt;
      // A whole number (bigint or number) beyond -2^63..2^63-1; anything else is int64's to refuse or pass.
      // 2^63 is a double exactly, and a bigint compares with a number by value: one test for both.
      cxt.fail(
        _`(typeof ${data} == "bigint" || Number.isInteger(${data})) && (${data} >= 9223372036854775808 || ${data} < -9223372036854775808)`,
      );
    },
  });
  ajv.addKeyword({
    keyword: "distinctItems",
    type: "array",
    schemaType: "boolean",
    error: { message: "must NOT have duplicate items" },
    code(cxt) {
      // uniqueItems in linear time. Items that each have a distinct `id` are distinct: nothing more to
      // compare (the common case, a page of resources). Otherwise each item's JSON text goes into a Set
      // (items equal but for the order of their keys count as distinct: a duplicate can go unnoticed,
      // never a distinct item be reported).
      const { data } = cxt;
      cxt.fail(
        _`${data}.length > 1 && !(${data}.every((x) => x !== null && typeof x == "object" && (typeof x.id == "string" || typeof x.id == "number")) && new Set(${data}.map((x) => x.id)).size === ${data}.length) && new Set(${data}.map((x) => typeof x == "object" && x !== null ? JSON.stringify(x, (k, v) => typeof v == "bigint" ? v + "n" : v) : typeof x + ":" + x)).size !== ${data}.length`,
      );
    },
  });
  ajv.addKeyword({
    keyword: "safeInteger",
    type: "number",
    schemaType: "boolean",
    error: { message: "must be an integer of at most 2^53" },
    code(cxt) {
      const { data } = cxt;
      cxt.fail(_`${data} > ${Number.MAX_SAFE_INTEGER} || ${data} < ${-Number.MAX_SAFE_INTEGER}`);
    },
  });
  ajv.addKeyword({
    keyword: "int32",
    schemaType: "boolean",
    error: { message: "must be an int32" },
    code(cxt) {
      const { data } = cxt;
      // A bigint is beyond 2^53, so beyond int32 too (Ajv's \`type: integer\` refuses it as well).
      cxt.fail(
        _`typeof ${data} == "bigint" || typeof ${data} == "number" && !(${data} >= -2147483648 && ${data} <= 2147483647)`,
      );
    },
  });
}

/** The JSON schema of each documented response of each operation: [{ key, operationId, status, schema }] */
export function responseSchemas(doc) {
  const found = [];
  for (const { path, method, operation } of operations(doc)) {
    for (const [status, rawResponse] of Object.entries(operation.responses ?? {})) {
      const response = resolve(doc, rawResponse);
      const media = response?.content?.["application/json"];
      found.push({
        key: `${method.toUpperCase()} ${path}`,
        operationId: operation.operationId,
        status,
        schema: media?.schema ? strict(inline(doc, media.schema)) : null,
      });
    }
  }
  return found;
}

/**
 * The module: `export const responses = { "GET /path": { operationId, statuses: { "200": validate | null } } }`,
 * each `validate(data)` returning true or false with Ajv's `errors` on itself.
 */
/**
 * The table with a declared type: without one, a client's import of this module would make the type
 * checker infer each validator's type from its code (a third of a second for Confluent's).
 */
const TYPED_RESPONSES = `
import type { ResponseValidators } from "../src/core/drift.js";
export const responses: ResponseValidators["responses"] = table;
`;

/**
 * Errors each validator lists. Ajv (allErrors) lists every error, and a hostile page of empty items
 * makes one per missing field of each: hundreds of times the page's bytes in memory. Past the cap a
 * validator only counts them, in `errors` as before, which it leaves as `<validate>.errorCount`.
 */
export const MAX_LISTED_ERRORS = 10_000;

/** Ajv's standalone `code` with each error list capped (see MAX_LISTED_ERRORS). */
function capErrors(code) {
  const count = (pattern) => code.match(pattern)?.length ?? 0;
  // Merged lists of sub-validators would escape the cap: the schemas are inlined, so there are none.
  if (/vErrors\.concat\(/.test(code))
    throw new Error("validators: Ajv merges the errors of sub-validators, which MAX_LISTED_ERRORS does not cap");
  // Ajv's own statements, whole: each error object is listed once, right after it is made; a branch
  // that passes (anyOf, oneOf, if, not) cuts the list back to its length before the branch.
  const PUSH = /\{vErrors\.push\((err\d+)\);\}/g;
  const CUT = /\{vErrors\.length = (_errs\d+);\}/g;
  const RESULT = /\b(validate\d+)\.errors = vErrors;/g;
  if (count(PUSH) !== count(/\bconst err\d+ = \{/g) || count(CUT) !== count(/vErrors\.length =/g))
    throw new Error("validators: Ajv lists errors in a form MAX_LISTED_ERRORS does not cap");
  return (
    code
      .replace(PUSH, `{if (vErrors.length < ${MAX_LISTED_ERRORS}) vErrors.push($1);}`)
      // Cut back to what was listed at most: past the cap, the count is ahead of the list.
      .replace(CUT, "{vErrors.length = Math.min($1, vErrors.length);}")
      .replace(RESULT, "$1.errors = vErrors; $1.errorCount = errors;")
  );
}

/** The values a discriminated oneOf's members give their tag (the schema at `schemaPath` in `schema`). */
function discriminatorValues(schema, schemaPath) {
  const node = schemaPath
    .split("/")
    .slice(1, -1)
    .reduce((at, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], schema);
  const tag = node.discriminator.propertyName;
  return node.oneOf.flatMap((member) => {
    const property = member.properties?.[tag] ?? {};
    return property.enum ?? (property.const === undefined ? [] : [property.const]);
  });
}

/**
 * Each discriminator error for a tag of no member (Ajv's own code lists no values) gets the values
 * the members take, as `allowedValues` (so a drift finding can list them). The module holds one
 * validator after another, each right after its `export const <name> = `: the schemaPaths in a
 * validator's part are into its schema.
 */
function tagValues(code, schemas) {
  let done = 0;
  const result = code
    .split(/(?=export const v\d+ = )/)
    .map((part) => {
      const schema = schemas.get(part.match(/^export const (v\d+) = /)?.[1]);
      return schema
        ? part.replace(
            /(schemaPath:"(#[^"]*\/discriminator)",keyword:"discriminator",params:\{error: "mapping", tag: "[^"]*", tagValue: tag\d+)\}/g,
            (_whole, start, schemaPath) => {
              done += 1;
              return `${start}, allowedValues: ${JSON.stringify(discriminatorValues(schema, schemaPath))}}`;
            },
          )
        : part;
    })
    .join("");
  // Checked, as capErrors is: every mapping error of Ajv's code, in the form this expects.
  if (done !== (code.match(/error: "mapping"/g)?.length ?? 0))
    throw new Error("validators: Ajv writes discriminator errors in a form tagValues does not know");
  return result;
}

/**
 * The module of an API's validators, from its bundle `doc`, or from `schemas`, its
 * `responseSchemas(doc)` already computed (the module depends on them, `api` and `source` alone).
 */
export async function validatorsModule({ api, source, doc, schemas: responses = responseSchemas(doc) }) {
  // Loaded here, not with the module: the change report and a regeneration whose validators come from
  // the cache read the schemas alone.
  const [{ default: Ajv2019 }, { default: standaloneCode }, { _ }, { build }] = await Promise.all([
    import("ajv/dist/2019.js"),
    import("ajv/dist/standalone/index.js"),
    import("ajv"),
    import("esbuild"),
  ]);
  const ajv = new Ajv2019({
    strict: false,
    allErrors: true,
    discriminator: true,
    // NaN and ±Infinity (`1e400` parses as Infinity) are no numbers, and no integers.
    strictNumbers: true,
    code: { source: true, esm: true, formats: _`formats` },
  });
  const { fastFormats } = await import("ajv-formats/dist/formats.js");
  for (const name of ["date-time", "date", "time", "uri", "uuid", "ipv4", "ipv6", "email", "hostname", "byte"])
    ajv.addFormat(name, fastFormats[name]);
  addKeywords(ajv, _);

  // One validator per distinct schema (an API's error responses mostly share one).
  const names = new Map();
  const table = {};
  for (const { key, operationId, status, schema } of responses) {
    let name = null;
    if (schema) {
      const text = JSON.stringify(schema);
      if (!names.has(text)) {
        names.set(text, `v${names.size}`);
        ajv.addSchema(schema, names.get(text));
      }
      name = names.get(text);
    }
    table[key] ??= { operationId, statuses: {} };
    table[key].statuses[status] = name;
  }
  const schemas = new Map([...names].map(([text, name]) => [name, JSON.parse(text)]));
  const code = capErrors(
    tagValues(standaloneCode(ajv, Object.fromEntries([...names.values()].map((name) => [name, name]))), schemas),
  );

  const tableCode = `export const table = {\n${Object.entries(table)
    .map(
      ([key, { operationId, statuses }]) =>
        `  ${JSON.stringify(key)}: { operationId: ${JSON.stringify(operationId)}, statuses: { ${Object.entries(statuses)
          .map(([status, name]) => `${JSON.stringify(status)}: ${name ?? "null"}`)
          .join(", ")} } },`,
    )
    .join("\n")}\n};\n`;
  const entry = `import { fastFormats as formats } from "ajv-formats/dist/formats.js";\n${code}\n${tableCode}`;
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "js" },
    bundle: true,
    // The same output wherever node_modules really is (a linked node_modules must not change its paths).
    preserveSymlinks: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    legalComments: "none",
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "silent",
  });
  return (
    `// Generated by \`npm run generate\` from ${source}: ${api}'s response validators (Ajv standalone code,\n` +
    `// see scripts/lib/validators.mjs), loaded only by a client whose \`validate\` option is on. Do not edit.\n` +
    `// @ts-nocheck\n` +
    result.outputFiles[0].text +
    TYPED_RESPONSES
  );
}
