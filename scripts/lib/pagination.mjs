// The `x-pagination` declarations of a spec (see specs/CONVENTIONS.md): the checks that a declaration
// fits its operation, and the runtime table the `paginate` helper is driven by. The same checks run
// in `npm run lint` (the connectivity/x-pagination rule of scripts/redocly/plugin.mjs, which reports
// each problem at its line) and in `npm run generate` (paginationTable, on each bundled API).
import { jsonSchemaOf, operations, resolve, typeOf } from "./schema.mjs";
import { X_OPERATION_ADDITIONS, X_PAGINATION } from "./extensions.mjs";

const STYLES = {
  "offset-total": { required: ["items", "size", "offset", "total"], optional: [] },
  marker: { required: ["items", "size", "cursor", "markerField"], optional: [] },
  "page-token": { required: ["items", "size", "cursor", "nextLink"], optional: ["total"] },
  "offset-size": { required: ["items", "size", "offset", "offsetUnit"], optional: [] },
};

export class PaginationDeclarationError extends Error {}

/**
 * Every schema that defines property `name` of `schema`: its own and its allOf members' (an
 * unbundled vendor schema can define a property in one member and only annotate it in another),
 * else those of the first oneOf/anyOf member that has it.
 */
function definitionsOf(doc, rawSchema, name, depth = 0) {
  const schema = resolve(doc, rawSchema);
  if (!schema || typeof schema !== "object" || depth > 20) return [];
  const found = schema.properties?.[name] ? [resolve(doc, schema.properties[name])] : [];
  for (const member of schema.allOf ?? []) found.push(...definitionsOf(doc, member, name, depth + 1));
  if (found.length) return found;
  for (const member of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const inMember = definitionsOf(doc, member, name, depth + 1);
    if (inMember.length) return inMember;
  }
  return [];
}

/** The schemas that define the field at a dot path of property names from `schema` (none: not there). */
export function fieldAt(doc, schema, dotPath) {
  let current = [schema];
  for (const name of String(dotPath).split(".")) {
    current = current.flatMap((s) => definitionsOf(doc, s, name)).filter(Boolean);
    if (!current.length) return [];
  }
  return current;
}

/** The type the definitions of one field declare (the first that declares one). */
function fieldType(doc, definitions) {
  for (const definition of definitions) {
    const type = typeOf(doc, definition);
    if (type) return type;
  }
  return undefined;
}

/** "x-pagination of GET /things (listThings)": how problems name the declaration. */
export function declarationName({ path, method, operation }) {
  return `x-pagination of ${method.toUpperCase()} ${path} (${operation.operationId})`;
}

/**
 * Checks one declaration against its operation. Every $ref the checks follow is resolved in `doc`
 * (lint passes nodes that resolve their own $refs, and an empty doc).
 *
 * @param {{ doc: object, method: string, operation: object, parameters: object[], declaration: object }} target
 *   `parameters`: the operation's and its path item's, resolved
 * @returns {{ problems: { key: string | null, message: string }[], entry?: object, itemSchemas?: object[] }}
 *   the problems in the order a reader fixes them (`key`: the declaration's key they are about, null
 *   for the declaration as a whole); when there are none, the runtime table entry and the schemas of
 *   one item (each definition of the items field that has one)
 */
export function checkDeclaration({ doc, method, operation, parameters, declaration }) {
  const problems = [];
  const problem = (key, message) => {
    problems.push({ key, message });
    return undefined;
  };
  if (!declaration || typeof declaration !== "object" || Array.isArray(declaration))
    return { problems: [{ key: null, message: "must be an object" }] };
  if (method !== "get") problem(null, "only GET operations can be paginated");
  const rule = STYLES[declaration.style];
  if (!rule) {
    problem("style", `unknown style "${declaration.style}" (expected one of ${Object.keys(STYLES).join(", ")})`);
    return { problems };
  }
  const allowed = new Set(["style", ...rule.required, ...rule.optional]);
  for (const key of Object.keys(declaration))
    if (!allowed.has(key)) problem(key, `"${key}" does not belong to style ${declaration.style}`);
  // The other checks look at the style's keys only.
  declaration = Object.fromEntries(Object.entries(declaration).filter(([key]) => allowed.has(key)));
  const missing = rule.required.filter((key) => declaration[key] === undefined);
  for (const key of missing) problem(null, `"${key}" is required for style ${declaration.style}`);
  if (missing.length) return { problems };

  /** The schema of the query parameter named by declaration[key], which must be of `expectedType`. */
  const queryParam = (key, expectedType) => {
    const name = declaration[key];
    const param = parameters.find((p) => p?.in === "query" && p.name === name);
    if (!param) return problem(key, `${key} parameter "${name}" is not a query parameter of the operation`);
    const schema = resolve(doc, param.schema) ?? {};
    if (expectedType && typeOf(doc, schema) !== expectedType)
      return problem(key, `${key} parameter "${name}" must be ${expectedType}, is ${typeOf(doc, schema)}`);
    return schema;
  };

  const ok = operation.responses?.["200"];
  const body = ok && jsonSchemaOf(doc, ok);
  if (!body) problem(null, "the operation has no JSON 200 response");
  /** The path of the 200 response's field named by declaration[key], which must be of `type`. */
  const bodyField = (key, type) => {
    if (!body) return undefined;
    const path = declaration[key];
    if (typeof path !== "string" || fieldType(doc, fieldAt(doc, body, path)) !== type)
      return problem(
        key,
        `${key} field "${path}" is not ${type === "integer" ? "an" : "a"} ${type} in the 200 response`,
      );
    return path.split(".");
  };

  /** The schemas of one item of the list (from each definition of the items field that has them). */
  let itemSchemas;
  if (body) {
    const items = typeof declaration.items === "string" ? fieldAt(doc, body, declaration.items) : [];
    if (!items.length) problem("items", `items field "${declaration.items}" is not in the 200 response`);
    else if (fieldType(doc, items) !== "array")
      problem("items", `items field "${declaration.items}" is not an array in the 200 response`);
    else itemSchemas = items.map((schema) => schema.items).filter(Boolean);
  }
  const size = queryParam("size", "integer");
  const entry = {
    style: declaration.style,
    items: String(declaration.items).split("."),
    size: {
      param: declaration.size,
      default: size?.default ?? null,
      maximum: size?.maximum ?? null,
      minimum: size?.minimum ?? null,
    },
  };
  if (declaration.offset !== undefined) {
    const offset = queryParam("offset", "integer");
    entry.offset = { param: declaration.offset, minimum: offset?.minimum ?? 0 };
  }
  if (declaration.offsetUnit !== undefined) {
    if (!["items", "pages"].includes(declaration.offsetUnit))
      problem("offsetUnit", `offsetUnit must be "items" or "pages"`);
    entry.offsetUnit = declaration.offsetUnit;
  }
  if (declaration.total !== undefined) entry.total = bodyField("total", "integer");
  if (declaration.cursor !== undefined) {
    queryParam("cursor");
    entry.cursor = declaration.cursor;
  }
  if (declaration.markerField !== undefined && itemSchemas) {
    if (!itemSchemas.some((item) => definitionsOf(doc, item, declaration.markerField).length))
      problem("markerField", `markerField "${declaration.markerField}" is not a field of the items`);
    entry.markerField = declaration.markerField;
  }
  if (declaration.nextLink !== undefined) entry.nextLink = bodyField("nextLink", "string");
  return problems.length ? { problems } : { problems, entry, itemSchemas };
}

/**
 * @returns {Record<string, object>} the pagination table of a bundled API, keyed by path (list operations are GETs)
 * @throws {PaginationDeclarationError} naming the operation whose declaration does not fit its schemas
 */
export function paginationTable(doc, sourceName) {
  for (const key of [X_PAGINATION, X_OPERATION_ADDITIONS]) {
    if (!doc[key]) continue;
    const names = Object.keys(doc[key]).join(", ");
    throw new PaginationDeclarationError(`${sourceName}: ${key} names unknown operationId(s): ${names}`);
  }
  const table = {};
  for (const target of operations(doc)) {
    const declaration = target.operation[X_PAGINATION];
    if (declaration === undefined) continue;
    const { problems, entry } = checkDeclaration({ doc, declaration, ...target });
    if (problems.length)
      throw new PaginationDeclarationError(`${sourceName}: ${declarationName(target)}: ${problems[0].message}`);
    table[target.path] = { operationId: target.operation.operationId, ...entry };
  }
  return table;
}
