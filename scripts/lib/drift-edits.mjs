// From a drift finding to the spec edit that would make it go away: where in specs/<api>/ the schema
// behind the finding is written (following $refs, into other files too), and the change to make there
// (a property to declare, an enum value to add, a `required` entry to drop, a type to widen), as a
// YAML snippet to paste and as an edit `applyEdit` can make on a copy of the specs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import { ANNOTATION_KEYWORDS } from "./schema.mjs";

/** Spec files, each parsed once: file -> plain JS document. */
export function loader() {
  const cache = new Map();
  return (file) => {
    if (!cache.has(file)) cache.set(file, parseDocument(readFileSync(file, "utf8")).toJS());
    return cache.get(file);
  };
}

/** Follows `node`'s $ref (local or to another file): { file, keys, node } of what it points at. */
function follow(load, at) {
  let { file, keys, node } = at;
  for (let hops = 0; node && typeof node.$ref === "string"; hops++) {
    if (hops > 50) throw new Error(`$ref loop at ${file}#/${keys.join("/")}`);
    const [target, pointer = ""] = node.$ref.split("#");
    if (target) file = path.resolve(path.dirname(file), target);
    keys = pointer
      .split("/")
      .slice(1)
      .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
    node = keys.reduce((n, key) => (n == null ? undefined : n[key]), load(file));
  }
  return { file, keys, node };
}

const child = (at, ...more) => ({
  file: at.file,
  keys: [...at.keys, ...more],
  node: more.reduce((n, key) => (n == null ? undefined : n[key]), at.node),
});

/** The schema (and its members, through allOf/oneOf/anyOf) that declares property `name`, or undefined. */
function declaring(load, at, name) {
  const schema = follow(load, at);
  if (!schema.node || typeof schema.node !== "object") return undefined;
  if (schema.node.properties && name in schema.node.properties) return schema;
  for (const list of ["allOf", "oneOf", "anyOf"])
    for (let i = 0; i < (schema.node[list] ?? []).length; i++) {
      const found = declaring(load, child(schema, list, i), name);
      if (found) return found;
    }
  return undefined;
}

/** The object schema a new property of the schema at `at` belongs in: itself, or its allOf member that has properties. */
function objectHome(load, at) {
  const schema = follow(load, at);
  const members = schema.node?.allOf ?? [];
  if (schema.node?.properties || members.length === 0) return schema;
  for (let i = members.length - 1; i >= 0; i--) {
    const member = follow(load, child(schema, "allOf", i));
    if (member.node?.properties) return member;
  }
  return schema;
}

/** The schema at JSON pointer `pointer` of a body whose schema is at `at`; `body` is a sample body (for oneOf members). */
function schemaAt(load, at, pointer, body) {
  let current = at;
  let value = body;
  for (const key of pointer
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))) {
    const schema = follow(load, current);
    if (!schema.node) return undefined;
    if (Array.isArray(value) || schema.node.type === "array") current = child(schema, "items");
    else {
      const owner = declaring(load, schema, key) ?? choose(load, schema, value);
      if (!owner) return undefined;
      current = owner === schema || owner.node?.properties?.[key] ? child(owner, "properties", key) : owner;
      if (!follow(load, current).node) return undefined;
    }
    value = value?.[key];
  }
  return current;
}

/** For a oneOf/anyOf schema: the member whose enum'd discriminator (or declared properties) fits `value`. */
function choose(load, schema, value) {
  for (const list of ["oneOf", "anyOf"])
    for (let i = 0; i < (schema.node[list] ?? []).length; i++) {
      const member = follow(load, child(schema, list, i));
      const props = member.node?.properties ?? {};
      if (
        Object.entries(props).every(
          ([k, s]) => !Array.isArray(s.enum) || value?.[k] === undefined || s.enum.includes(value[k]),
        )
      )
        return member;
    }
  return undefined;
}

/** A value's JSON type name ("string", "number", "boolean", "object", "array", "null"). */
const jsonType = (value) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "bigint" ? "number" : typeof value;

/** The JSON type of a sample value, as a schema. */
export function inferSchema(value) {
  if (value === null) return { nullable: true };
  if (typeof value === "bigint") return { type: "integer", format: "int64" };
  if (typeof value === "number") return Number.isInteger(value) ? { type: "integer" } : { type: "number" };
  if (typeof value === "string") return { type: "string" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (Array.isArray(value))
    return value.length ? { type: "array", items: inferSchema(value[0]) } : { type: "array", items: {} };
  if (typeof value === "object")
    return {
      type: "object",
      properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inferSchema(v)])),
    };
  return {};
}

/** The operation with `operationId` in the API's root spec (following path-item and operation $refs). */
function findOperation(load, root, operationId) {
  const doc = load(root);
  for (const [route, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = follow(load, { file: root, keys: ["paths", route], node: rawItem });
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options"]) {
      if (!item.node?.[method]) continue;
      const operation = follow(load, child(item, method));
      if (operation.node?.operationId === operationId) return operation;
    }
  }
  return undefined;
}

/**
 * The spec edit for one finding: `{ file, keys, action, name?, value?, snippet }` (keys: the YAML path
 * to the schema to change in `file`), or `{ note }` when none can be located. `sample`: a body the
 * finding was seen in; `finding.values`: every distinct value seen for it (an enum gains them all). `load`: a loader() shared by the edits of one
 * report, so that each spec file is parsed once.
 */
export function suggestEdit({ root, finding, sample, load = loader() }) {
  const operation = findOperation(load, root, finding.operationId);
  if (!operation) return { note: `operation ${finding.operationId} not found in ${root}` };
  if (finding.kind === "undocumented-status") {
    return {
      file: operation.file,
      keys: [...operation.keys, "responses"],
      action: "add-response",
      name: String(finding.status),
      snippet: stringify({ [finding.status]: { description: "(describe it from the vendor's page)" } }),
    };
  }
  const responses = child(operation, "responses");
  // The status's own response, else its range (4XX), else the default, as the validators pick them.
  const declared = [String(finding.status), `${String(finding.status)[0]}XX`, "default"].find(
    (status) => responses.node?.[status] !== undefined,
  );
  const response = follow(load, child(responses, declared ?? String(finding.status)));
  const body = child(response, "content", "application/json", "schema");
  if (!body.node) return { note: `${finding.operationId} documents no JSON body for ${finding.status}` };
  const parts = finding.pointer.split("/");
  const name = parts.at(-1).replace(/~1/g, "/").replace(/~0/g, "~");
  const parentPointer = parts.slice(0, -1).join("/");
  const where = (at) => ({ file: at.file, keys: at.keys });
  switch (finding.kind) {
    case "undeclared-property": {
      const parent = schemaAt(load, body, parentPointer, sample);
      if (!parent) return { note: `no schema at ${parentPointer}` };
      const home = objectHome(load, parent);
      const schema = { ...inferSchema(finding.actual), description: "(describe it from the vendor's page)" };
      return {
        ...where(home),
        action: "add-property",
        name,
        value: schema,
        snippet: stringify({ properties: { [name]: schema } }),
      };
    }
    case "required": {
      const parent = follow(load, schemaAt(load, body, parentPointer, sample) ?? {});
      const owner = findRequiring(load, parent, name);
      if (!owner) return { note: `no required list names ${name} at ${parentPointer}` };
      return {
        ...where(owner),
        action: "drop-required",
        name,
        snippet: `# in required:, remove the line\n- ${name}\n`,
      };
    }
    case "enum": {
      const at = schemaAt(load, body, finding.pointer, sample);
      const holder = at && follow(load, at);
      if (!holder?.node?.enum) return { note: `no enum at ${finding.pointer}` };
      // Values of the enum's own type only: one of another type is the type finding's to fix.
      const typeOfEnum = jsonType(holder.node.enum.find((v) => v !== null));
      const added = (finding.values ?? [finding.actual]).filter(
        (value) => jsonType(value) === typeOfEnum && !holder.node.enum.includes(value),
      );
      if (added.length === 0)
        return { note: `the value seen is not a ${typeOfEnum}: see the type finding at ${finding.pointer}` };
      return {
        ...where(holder),
        action: "add-enum",
        value: added,
        snippet: stringify({ enum: [...holder.node.enum, ...added] }),
      };
    }
    case "type": {
      const at = schemaAt(load, body, finding.pointer, sample);
      const holder = at && follow(load, at);
      if (!holder?.node) return { note: `no schema at ${finding.pointer}` };
      if (finding.actual === null)
        return { ...where(holder), action: "set-nullable", snippet: stringify({ nullable: true }) };
      // Widened, not replaced: the values of the declared type (and the spec's examples) stay valid.
      const widened = widenedSchema(holder.node, inferSchema(finding.actual));
      return { ...where(holder), action: "widen-type", value: widened, snippet: stringify(widened) };
    }
    default:
      return { note: `a ${finding.kind} finding needs a look at the vendor's page: expected ${finding.expected}` };
  }
}

/** `schema` accepting values of `other` too: `anyOf` of what it constrained and `other`, its description kept. */
function widenedSchema(schema, other) {
  const outer = {};
  const declared = {};
  for (const [key, value] of Object.entries(schema))
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-")) outer[key] = value;
    else declared[key] = value;
  return { ...outer, anyOf: [declared, other] };
}

function findRequiring(load, schema, name) {
  if (!schema?.node) return undefined;
  if (Array.isArray(schema.node.required) && schema.node.required.includes(name)) return schema;
  for (let i = 0; i < (schema.node.allOf ?? []).length; i++) {
    const found = findRequiring(load, follow(load, child(schema, "allOf", i)), name);
    if (found) return found;
  }
  return undefined;
}

/** Files whose text is a vendor's own definition, kept verbatim (specs/CONVENTIONS.md): a drift there is the vendor's to fix. */
export const isVerbatim = (file) => /specs[\\/]confluent[\\/](?!openapi\.yaml$)/.test(file);

/**
 * Makes `edit` (from suggestEdit) in its file, keeping its comments; the YAML library writes the file
 * again, so folded text and flow lists elsewhere may change their layout (not their content).
 */
export function applyEdit(edit, { readFile, writeFile }) {
  const doc = parseDocument(readFile(edit.file));
  const keys = edit.keys;
  switch (edit.action) {
    case "add-property":
      doc.setIn([...keys, "properties", edit.name], doc.createNode(edit.value));
      break;
    case "add-response":
      doc.setIn([...keys, edit.name], doc.createNode({ description: "(describe it from the vendor's page)" }));
      break;
    case "drop-required": {
      const list = doc.getIn([...keys, "required"]).toJSON();
      doc.setIn([...keys, "required"], doc.createNode(list.filter((entry) => entry !== edit.name)));
      break;
    }
    case "add-enum":
      for (const value of [edit.value].flat()) doc.addIn([...keys, "enum"], value);
      break;
    case "widen-type":
      doc.setIn(keys, doc.createNode(edit.value));
      break;
    case "set-nullable":
      doc.setIn([...keys, "nullable"], true);
      break;
    default:
      throw new Error(`no edit to make for ${edit.action}`);
  }
  writeFile(edit.file, doc.toString({ lineWidth: 0 }));
}
