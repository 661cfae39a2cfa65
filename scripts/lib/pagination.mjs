// Reads and verifies the `x-pagination` declarations of a bundled spec (see specs/CONVENTIONS.md)
// and turns them into the runtime table the `paginate` helper is driven by.
import { flattenObject, jsonSchemaOf, operations, resolve, schemaAt, typeOf } from "./schema.mjs";

const STYLES = {
  "offset-total": { required: ["items", "size", "offset", "total"], optional: [] },
  marker: { required: ["items", "size", "cursor", "markerField"], optional: [] },
  "page-token": { required: ["items", "size", "cursor", "nextLink"], optional: ["total"] },
  "offset-size": { required: ["items", "size", "offset", "offsetUnit"], optional: [] },
};

export class PaginationDeclarationError extends Error {}

/**
 * @returns {Record<string, object>} the pagination table, keyed by path (list operations are GETs)
 * @throws {PaginationDeclarationError} naming the operation whose declaration does not fit its schemas
 */
export function paginationTable(doc, sourceName) {
  for (const key of ["x-pagination", "x-operation-additions"]) {
    if (!doc[key]) continue;
    const names = Object.keys(doc[key]).join(", ");
    throw new PaginationDeclarationError(`${sourceName}: ${key} names unknown operationId(s): ${names}`);
  }
  const table = {};
  for (const { path, method, operation, parameters } of operations(doc)) {
    const declaration = operation["x-pagination"];
    if (!declaration) continue;
    const where = `${sourceName}: x-pagination of ${method.toUpperCase()} ${path} (${operation.operationId})`;
    const fail = (message) => {
      throw new PaginationDeclarationError(`${where}: ${message}`);
    };
    if (method !== "get") fail("only GET operations can be paginated");
    table[path] = { operationId: operation.operationId, ...describe(doc, declaration, operation, parameters, fail) };
  }
  return table;
}

function describe(doc, declaration, operation, parameters, fail) {
  const rule = STYLES[declaration.style];
  if (!rule) fail(`unknown style "${declaration.style}" (expected one of ${Object.keys(STYLES).join(", ")})`);
  const allowed = new Set(["style", ...rule.required, ...rule.optional]);
  for (const key of Object.keys(declaration))
    if (!allowed.has(key)) fail(`"${key}" does not belong to style ${declaration.style}`);
  for (const key of rule.required)
    if (declaration[key] === undefined) fail(`"${key}" is required for style ${declaration.style}`);

  const queryParam = (key, expectedType) => {
    const name = declaration[key];
    const param = parameters.find((p) => p.in === "query" && p.name === name);
    if (!param) fail(`${key} parameter "${name}" is not a query parameter of the operation`);
    const schema = resolve(doc, param.schema) ?? {};
    if (expectedType && typeOf(doc, schema) !== expectedType)
      fail(`${key} parameter "${name}" must be ${expectedType}, is ${typeOf(doc, schema)}`);
    return { schema };
  };

  const ok = operation.responses?.["200"];
  const body = ok && jsonSchemaOf(doc, ok);
  if (!body) fail("the operation has no JSON 200 response");
  const items = schemaAt(doc, body, declaration.items);
  if (!items) fail(`items field "${declaration.items}" is not in the 200 response`);
  if (typeOf(doc, items) !== "array") fail(`items field "${declaration.items}" is not an array in the 200 response`);
  /** The path of the 200 response's field named by declaration[key], which must be of `type`. */
  const bodyField = (key, type) => {
    const path = declaration[key];
    const schema = schemaAt(doc, body, path);
    if (!schema || typeOf(doc, schema) !== type)
      fail(`${key} field "${path}" is not ${type === "integer" ? "an" : "a"} ${type} in the 200 response`);
    return path.split(".");
  };

  const size = queryParam("size", "integer").schema;
  const entry = {
    style: declaration.style,
    items: declaration.items.split("."),
    size: {
      param: declaration.size,
      default: size.default ?? null,
      maximum: size.maximum ?? null,
      minimum: size.minimum ?? null,
    },
  };
  if (declaration.offset !== undefined) {
    const offset = queryParam("offset", "integer").schema;
    entry.offset = { param: declaration.offset, minimum: offset.minimum ?? 0 };
  }
  if (declaration.offsetUnit !== undefined) {
    if (!["items", "pages"].includes(declaration.offsetUnit)) fail(`offsetUnit must be "items" or "pages"`);
    entry.offsetUnit = declaration.offsetUnit;
  }
  if (declaration.total !== undefined) entry.total = bodyField("total", "integer");
  if (declaration.cursor !== undefined) {
    queryParam("cursor");
    entry.cursor = declaration.cursor;
  }
  if (declaration.markerField !== undefined) {
    const itemFields = flattenObject(doc, items.items).properties;
    if (!itemFields.has(declaration.markerField))
      fail(`markerField "${declaration.markerField}" is not a field of the items`);
    entry.markerField = declaration.markerField;
  }
  if (declaration.nextLink !== undefined) entry.nextLink = bodyField("nextLink", "string");
  return entry;
}
