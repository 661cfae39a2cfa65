// Small read-only helpers over a bundled OpenAPI 3.0 document (all $refs are local: "#/...").

/** Schema keywords that describe a value and constrain nothing (x- extensions aside). */
export const ANNOTATION_KEYWORDS = new Set([
  "title",
  "description",
  "summary",
  "example",
  "examples",
  "externalDocs",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
]);

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export function resolve(doc, node, seen = new Set()) {
  while (node && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    node = jsonPointer(doc, node.$ref);
  }
  return node;
}

export function jsonPointer(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported after bundling, got ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => (node == null ? undefined : node[key]), doc);
}

/**
 * A path item's parameters and its operation's, the operation's winning (as OpenAPI says), by
 * "in:name": `{ param, raw }`, `param` being what `resolveOne` makes of `raw` (itself by default).
 */
export function mergedParameters(itemParameters = [], operationParameters = [], resolveOne = (raw) => raw) {
  const byKey = new Map();
  for (const raw of [...itemParameters, ...operationParameters]) {
    const param = resolveOne(raw);
    byKey.set(`${param.in}:${param.name}`, { param, raw });
  }
  return byKey;
}

/** Every operation of the document, with its path-level parameters merged in (`merged`: as written, by "in:name"). */
export function* operations(doc) {
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = resolve(doc, rawItem);
    for (const method of METHODS) {
      if (!item[method]) continue;
      const operation = item[method];
      const merged = mergedParameters(item.parameters, operation.parameters, (raw) => resolve(doc, raw));
      yield { path, method, operation, parameters: [...merged.values()].map(({ param }) => param), merged };
    }
  }
}

/** The schema's own and composed (allOf/oneOf/anyOf) properties, and which are required. */
export function flattenObject(doc, rawSchema, depth = 0) {
  const schema = resolve(doc, rawSchema) ?? {};
  const properties = new Map();
  const required = new Set(schema.required ?? []);
  if (depth > 20) return { properties, required };
  for (const [name, value] of Object.entries(schema.properties ?? {})) properties.set(name, value);
  for (const member of schema.allOf ?? []) {
    const flat = flattenObject(doc, member, depth + 1);
    for (const [name, value] of flat.properties) properties.set(name, value);
    for (const name of flat.required) required.add(name);
  }
  for (const member of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    for (const [name, value] of flattenObject(doc, member, depth + 1).properties) {
      if (!properties.has(name)) properties.set(name, value);
    }
  }
  return { properties, required };
}

/** The type of a schema, looking through $ref and allOf: "object" | "array" | "string" | ... | undefined */
export function typeOf(doc, rawSchema, depth = 0) {
  const schema = resolve(doc, rawSchema) ?? {};
  if (schema.type) return schema.type;
  if (depth > 20) return undefined;
  for (const member of schema.allOf ?? []) {
    const type = typeOf(doc, member, depth + 1);
    if (type) return type;
  }
  if (schema.properties) return "object";
  return undefined;
}

/** The schema found by following a dot path of property names from `schema`, or undefined. */
export function schemaAt(doc, schema, dotPath) {
  let current = schema;
  for (const name of dotPath.split(".")) {
    current = flattenObject(doc, current).properties.get(name);
    if (!current) return undefined;
  }
  return resolve(doc, current);
}

export function jsonSchemaOf(doc, rawContainer) {
  const container = resolve(doc, rawContainer);
  const content = container?.content ?? {};
  const media = Object.keys(content).find((type) => /json/i.test(type));
  return media ? content[media].schema : undefined;
}

/** The keywords an allOf member may hold and still only annotate (see isShadow). */
export const SHADOW_ANNOTATIONS = new Set(["example", "examples", "description", "title"]);

/**
 * An `allOf` member that only repeats properties with examples and `required` lists (Confluent's
 * style) adds no type. openapi-typescript turns such members into `Record<string, never>` and
 * drops their `required` (openapi-typescript #657), so the bundle folds each `required` list, and
 * each example and description, into the member that defines the property, and drops the member.
 */
export function isShadow(schema) {
  if (!schema || typeof schema !== "object" || schema.$ref) return false;
  return Object.entries(schema).every(([key, value]) => {
    if (SHADOW_ANNOTATIONS.has(key) || key === "required") return true;
    if (key === "type") return value === "object" || value === "array";
    if (key === "properties") return Object.values(value).every(isShadow);
    if (key === "items") return isShadow(value);
    return false;
  });
}
