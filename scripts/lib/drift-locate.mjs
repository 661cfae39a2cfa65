// Where in specs/<api>/ the schema behind a drift finding is written: from the operation's response
// down a JSON pointer, following $refs (into other files too), through allOf members and, when the
// body is known, into the oneOf member the body's object is (Confluent's `spec.cloud` is one of an
// AWS, Azure or GCP connection, told apart by its `kind`). Every place is `{ file, keys, node }`: the
// file, the YAML path to the schema in it, and the schema.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { isShadow } from "./schema.mjs";

/** Spec files, each parsed once: file -> plain JS document. */
export function loader() {
  const cache = new Map();
  return (file) => {
    if (!cache.has(file)) cache.set(file, parseDocument(readFileSync(file, "utf8")).toJS());
    return cache.get(file);
  };
}

/** Follows `node`'s $ref (local or to another file): { file, keys, node } of what it points at. */
export function follow(load, at) {
  let { file, keys, node } = at;
  for (let hops = 0; node && typeof node.$ref === "string"; hops++) {
    if (hops > 50) throw new Error(`$ref loop at ${file}#/${keys.join("/")}`);
    const [target, pointer = ""] = node.$ref.split("#");
    if (target) file = path.resolve(path.dirname(file), target);
    keys = pointerKeys(pointer);
    node = keys.reduce((n, key) => (n == null ? undefined : n[key]), load(file));
  }
  return { file, keys, node };
}

export const child = (at, ...more) => ({
  file: at.file,
  keys: [...at.keys, ...more],
  node: more.reduce((n, key) => (n == null ? undefined : n[key]), at.node),
});

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** A JSON pointer's keys, unescaped. */
export const pointerKeys = (pointer) =>
  pointer
    .split("/")
    .slice(1)
    .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));

/** The JSON pointer of `keys` (each escaped: `~` as `~0`, `/` as `~1`), the inverse of pointerKeys. */
export const pointerOf = (keys) =>
  keys.map((key) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/** A pointer with its array indices as `*`: the places one drift finding stands for (foldedPointer in src/core/drift.ts). */
export const groupPointer = (pointer) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

/** A pointer as a report says where: the empty one, the whole body (or an undocumented status's response), said so. */
export const shownPointer = (pointer) => (pointer === "" ? '"" (the whole body)' : pointer);

/** The value at `pointer` in `body` (undefined where there is none). */
export const valueAt = (body, pointer) =>
  pointerKeys(pointer).reduce((node, key) => (node !== null && typeof node === "object" ? node[key] : undefined), body);

/** The operation with `operationId` in the API's root spec (following path-item and operation $refs). */
export function findOperation(load, root, operationId) {
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

/** The members of `schema`'s `list` (allOf, oneOf, anyOf), each followed through its $ref. */
const membersOf = (load, schema, list) =>
  (schema.node?.[list] ?? []).map((_member, i) => follow(load, child(schema, list, i)));

/** The oneOf (else anyOf) members of a schema: the schemas a value is one of. */
export const alternativesOf = (load, schema) => membersOf(load, schema, schema.node?.oneOf ? "oneOf" : "anyOf");

/** How many of the object `value`'s properties `schema` declares. */
const declaredCount = (load, schema, value, depth = 0) =>
  Object.keys(value).filter((name) => declaring(load, schema, name, value, depth)).length;

/** How deep declaring() looks through members: a schema that contains itself ($ref loops) stops there. */
const MAX_DEPTH = 32;

/**
 * The oneOf/anyOf member of `schema` that the object `value` is: one whose enum'd properties (a
 * discriminator such as Confluent's `kind`) accept the object's, declaring most of its properties.
 * Undefined when no member accepts it (a kind the spec does not know).
 */
export function branchOf(load, schema, value, depth = 0) {
  let best;
  let bestCount = -1;
  for (const member of alternativesOf(load, schema)) {
    const fits = Object.entries(member.node?.properties ?? {}).every(
      ([name, s]) => !Array.isArray(s?.enum) || value[name] === undefined || s.enum.includes(value[name]),
    );
    if (!fits) continue;
    const count = declaredCount(load, member, value, depth + 1);
    if (count > bestCount) [best, bestCount] = [member, count];
  }
  return best;
}

/**
 * The schema (itself, or a member through allOf/oneOf/anyOf) that declares property `name`, or
 * undefined. `value`: the object that has the property, when known: among oneOf members, the one it is
 * (none when it is none of them; when not known, the first that declares the name).
 */
function declaring(load, at, name, value, depth = 0) {
  const schema = follow(load, at);
  if (!isObject(schema.node) || depth > MAX_DEPTH) return undefined;
  if (isObject(schema.node.properties) && name in schema.node.properties) return schema;
  for (const member of membersOf(load, schema, "allOf")) {
    const found = declaring(load, member, name, value, depth + 1);
    if (found) return found;
  }
  // The member the object is; an object that is none of them has no member to declare anything.
  if (isObject(value) && alternativesOf(load, schema).length > 0) {
    const branch = branchOf(load, schema, value, depth + 1);
    return branch && declaring(load, branch, name, value, depth + 1);
  }
  for (const member of alternativesOf(load, schema)) {
    const found = declaring(load, member, name, value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The schema at JSON pointer `pointer` of a body whose schema is at `at`, as written (a oneOf stays
 * one), or undefined. `body`: the body the pointer is into, when known (the objects along the pointer
 * are enough): it picks the oneOf member the pointer goes through.
 */
export function schemaAt(load, at, pointer, body) {
  let current = at;
  let value = body;
  for (const key of pointerKeys(pointer)) {
    const schema = follow(load, current);
    if (!schema.node) return undefined;
    if (Array.isArray(value) || schema.node.type === "array") current = child(schema, "items");
    else {
      const owner = declaring(load, schema, key, value);
      if (owner) current = child(owner, "properties", key);
      else if (isObject(schema.node.additionalProperties)) current = child(schema, "additionalProperties");
      else return undefined;
      if (!follow(load, current).node) return undefined;
    }
    value = value?.[key];
  }
  return current;
}

/** Why no member of the oneOf at `schema` (followed) is the object `value`, in words; undefined when one is. */
export function memberMissing(load, schema, value) {
  if (!isObject(value) || alternativesOf(load, schema).length === 0 || branchOf(load, schema, value)) return undefined;
  return noMember(schema, value);
}

/**
 * Why no member of the oneOf at `schema` is the object `value`, in words. The object comes from a kept
 * body, which is not redacted: its property names are shown, never its values (its findings show them,
 * redacted).
 */
function noMember(schema, value) {
  const names = Object.keys(value)
    .filter((name) => name.length <= 100)
    .map((name) => JSON.stringify(name).slice(1, -1))
    .join(", ");
  return `the object${names ? ` (with ${names})` : ""} is none of the members of the oneOf at ${schema.keys.join(".")}: a new member is needed for it, from the vendor's page`;
}

/**
 * The object schema a new property of the object `value` (when known), whose schema is at `at`,
 * belongs in: the schema itself when it declares properties; among allOf members, the one declaring
 * most of the object's other properties (never one that only annotates; the last when even, as the
 * most specific); among oneOf members, the one the object is. `{ note }` when that cannot be told.
 */
export function objectHome(load, at, value, depth = 0) {
  const schema = follow(load, at);
  const { node } = schema;
  if (!isObject(node) || node.properties || depth > MAX_DEPTH) return schema;
  if (node.oneOf || node.anyOf) {
    if (!isObject(value))
      return {
        note: `the object is one of several schemas (the oneOf at ${schema.keys.join(".")}) and the body was not kept to tell which`,
      };
    const branch = branchOf(load, schema, value);
    return branch ? objectHome(load, branch, value, depth + 1) : { note: noMember(schema, value) };
  }
  const declarers = membersOf(load, schema, "allOf").filter(
    (member) =>
      isObject(member.node) &&
      // A member the bundle folds away (it only annotates or lists required names): a property added
      // to it would stop that.
      !isShadow(member.node) &&
      (member.node.properties || member.node.allOf || member.node.oneOf || member.node.anyOf),
  );
  if (declarers.length === 0) return schema;
  let best = declarers.at(-1);
  if (isObject(value)) {
    let bestCount = -1;
    for (const member of declarers) {
      const count = declaredCount(load, member, value);
      if (count >= bestCount) [best, bestCount] = [member, count];
    }
  }
  return objectHome(load, best, value, depth + 1);
}

/**
 * The schema whose `required` lists `name`, through allOf members and, for a oneOf, the member the
 * object `value` is (none when it is none of them; when not known: the one member that requires it,
 * if only one does).
 */
export function findRequiring(load, at, name, value, depth = 0) {
  const schema = follow(load, at);
  if (!isObject(schema.node) || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(schema.node.required) && schema.node.required.includes(name)) return schema;
  for (const member of membersOf(load, schema, "allOf")) {
    const found = findRequiring(load, member, name, value, depth + 1);
    if (found) return found;
  }
  if (isObject(value) && alternativesOf(load, schema).length > 0) {
    const branch = branchOf(load, schema, value);
    return branch && findRequiring(load, branch, name, value, depth + 1);
  }
  const found = alternativesOf(load, schema)
    .map((member) => findRequiring(load, member, name, value, depth + 1))
    .filter(Boolean);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The enum values of the property the members of the oneOf at `schema` are told apart by, when `name`
 * is that property (its discriminator, or a property every member declares as an enum); else undefined.
 */
export function discriminatorValues(load, schema, name) {
  const members = alternativesOf(load, schema);
  if (members.length === 0) return undefined;
  const named = schema.node.discriminator?.propertyName;
  const enums = members.map((member) => {
    const owner = declaring(load, member, name);
    return owner && follow(load, child(owner, "properties", name)).node?.enum;
  });
  if (named !== name && !enums.every(Array.isArray)) return undefined;
  return enums.flat().filter((value) => value !== undefined);
}
