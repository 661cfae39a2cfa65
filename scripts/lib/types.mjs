// TypeScript types for one bundled API, by openapi-typescript (paths, components, operations).
import { createRequire } from "node:module";

// Loaded through require: Node 20's ESM loader scans TypeScript's 9 MB CommonJS file for its exports
// (and for module syntax) on top of compiling it, which makes `import` take twice as long.
const require = createRequire(import.meta.url);
// openapi-typescript's transform itself, not `openapiTS()`: that would lint and bundle the document again
// with its own copy of Redocly's openapi-core (loading it costs a sixth of a second, and each API some
// 0.1 s more), when the document is a bundle Redocly has made, and the specs are linted, already.
// `ctx` below is the context `openapiTS()` makes from its options (openapi-typescript's src/index.ts).
const transformSchema = require("openapi-typescript/dist/transform/index.cjs");
const { astToString, NUMBER, tsUnion } = require("openapi-typescript/dist/lib/ts.cjs");
const { resolveRef, scanDiscriminators } = require("openapi-typescript/dist/lib/utils.cjs");
const ts = require("typescript");

const BIGINT = ts.factory.createKeywordTypeNode(ts.SyntaxKind.BigIntKeyword);

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
    return schema.nullable
      ? tsUnion([NUMBER, BIGINT, ts.factory.createLiteralTypeNode(ts.factory.createNull())])
      : tsUnion([NUMBER, BIGINT]);
  },
};

/**
 * The types module of `doc`. A document openapi-typescript cannot read (a $ref to nothing) is an error,
 * thrown with nothing printed: the lint reports such a problem with its file and line, and the caller
 * names the spec of an error that remains.
 */
export async function typesModule(doc) {
  const schema = structuredClone(doc);
  checkRefs(schema);
  return astToString(transformSchema(schema, context(schema, OPTIONS)));
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

/** Throws on a $ref that does not point inside `schema` at something (what bundling it would refuse). */
function checkRefs(schema) {
  const pending = [schema];
  while (pending.length) {
    const node = pending.pop();
    if (!node || typeof node !== "object") continue;
    if (typeof node.$ref === "string" && !resolveRef(schema, node.$ref, { silent: true }))
      throw new Error(`Can't resolve $ref ${node.$ref}`);
    pending.push(...Object.values(node));
  }
}
