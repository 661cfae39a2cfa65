// The safety net over generated/<api>.validators.ts: its code (Ajv's, minified) is no declaration to
// compare, so what it is compiled from is compared instead: the JSON schema of each response of each
// operation as scripts/lib/validators.mjs makes it for Ajv (every $ref inlined, without what only
// documents, every plain object closed), with orders and defaults that validate the same made one. A
// client with `validate: "throw"` feels any change there as a DriftError (or its end).
import { ANNOTATION_KEYWORDS, resolve } from "../schema.mjs";
import { responseSchemas } from "../validators.mjs";

const MAX_DEPTH = 40;
/** Keywords whose values are sets: their order means nothing. */
const SETS = new Set(["enum", "required", "type"]);

/** JSON with every object's keys sorted. */
const sortedJson = (value) =>
  JSON.stringify(value, (_key, node) =>
    node && typeof node === "object" && !Array.isArray(node)
      ? Object.fromEntries(
          Object.keys(node)
            .sort()
            .map((key) => [key, node[key]]),
        )
      : node,
  );

const isObjectLike = (schema) =>
  schema.type === "object" ||
  !!schema.properties ||
  ["allOf", "oneOf", "anyOf"].some((key) => Array.isArray(schema[key]));

/** A schema with its $refs inlined, without annotations and extensions. */
function inline(doc, node, stack = [], depth = 0) {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, stack, depth + 1));
  if (!node || typeof node !== "object" || depth > MAX_DEPTH) return node;
  if (typeof node.$ref === "string") {
    // A cycle: its schema is inlined where the cycle starts (its name is no check: a rename is no change).
    if (stack.includes(node.$ref)) return { $ref: "(cycle)" };
    return inline(doc, resolve(doc, { $ref: node.$ref }), [...stack, node.$ref], depth + 1);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-")) continue;
    // `additionalProperties: true` on an object schema and `nullable: false` are OpenAPI 3.0's defaults.
    // (Not the same to the validators: `{}`, a map whose keys are data, which is not closed; and `true`
    // on a schema of no type, which makes it one the strict check closes.)
    if (key === "additionalProperties" && value === true && isObjectLike(node)) continue;
    if (key === "nullable" && value === false) continue;
    // The validators check a discriminator's property, not its mapping's schema names (scripts/lib/validators.mjs).
    if (key === "discriminator") {
      out[key] = { propertyName: value?.propertyName };
      continue;
    }
    if (key === "properties" || key === "patternProperties")
      out[key] = Object.fromEntries(
        Object.entries(value ?? {}).map(([name, s]) => [name, inline(doc, s, stack, depth + 1)]),
      );
    else if (SETS.has(key) && Array.isArray(value)) out[key] = [...value].map((v) => JSON.stringify(v)).sort();
    else out[key] = inline(doc, value, stack, depth + 1);
  }
  // An allOf member that only annotated is now `{}`: it accepts everything.
  if (Array.isArray(out.allOf)) {
    out.allOf = out.allOf.filter((member) => !member || typeof member !== "object" || Object.keys(member).length);
    if (out.allOf.length === 0) delete out.allOf;
  }
  // The members of a oneOf/anyOf in no particular order: which one a value matches does not depend on it.
  for (const key of ["oneOf", "anyOf"])
    if (Array.isArray(out[key]))
      out[key] = out[key]
        .map((member) => [sortedJson(member), member])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, member]) => member);
  // An allOf of one member with nothing beside it (a $ref wrapped to carry a description) validates
  // as the member: the validators close the holder as they would close the member.
  const keys = Object.keys(out);
  if (keys.length === 1 && keys[0] === "allOf" && out.allOf.length === 1) return out.allOf[0];
  return out;
}

/** A JSON value as sorted "path: value" lines, one per leaf. */
function leaves(value, path, out) {
  if (Array.isArray(value) && value.every((v) => !v || typeof v !== "object"))
    out.push(`${path}: ${JSON.stringify(value)}`);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.push(`${path}: {}`);
    for (const key of keys) leaves(value[key], `${path}.${key}`, out);
  } else out.push(`${path}: ${JSON.stringify(value)}`);
  return out;
}

/**
 * The schema the validators compile for a response schema (scripts/lib/validators.mjs, run on a
 * document holding that one response): e.g. `additionalProperties: false` written on an object the
 * compiler closes anyway is no change. A recursive schema, which the compiler refuses (generation
 * fails on it), is compared as written.
 */
function compiled(doc, schema) {
  const response = { description: "", content: { "application/json": { schema } } };
  try {
    return responseSchemas({ ...doc, paths: { "/": { get: { responses: { 200: response } } } } })[0].schema;
  } catch (error) {
    if (!/recursive schema/.test(error?.message)) throw error;
    return schema;
  }
}

/** What the validators of one operation are compiled from: "status.path: value" lines, sorted. */
export function validationOf(doc, operation) {
  const lines = [];
  for (const status of Object.keys(operation.responses ?? {}).sort()) {
    const schema = resolve(doc, operation.responses[status])?.content?.["application/json"]?.schema;
    lines.push(...(schema ? leaves(inline(doc, compiled(doc, schema)), status, []) : [`${status}: no JSON body`]));
  }
  return lines.join("\n");
}

/**
 * The operations whose validators' input differs, as changed declarations of generated/<api>.validators.ts:
 * { file, api, key, kind, diff } (the diff: the lines one side has and the other does not).
 */
export function changedValidators(old, now) {
  const changed = [];
  for (const key of new Set([...old.operations.keys(), ...now.operations.keys()])) {
    const before = old.operations.get(key);
    const after = now.operations.get(key);
    if (before?.validation === after?.validation) continue;
    const op = after ?? before;
    const a = new Set(before?.validation.split("\n") ?? []);
    const b = new Set(after?.validation.split("\n") ?? []);
    changed.push({
      file: `generated/${op.api ?? "<api>"}.validators.ts`,
      api: op.api,
      key: `validators["${op.label}"]`,
      kind: !before ? "added" : !after ? "removed" : "changed",
      diff: [
        ...[...a].filter((l) => !b.has(l)).map((l) => `- ${l}`),
        ...[...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`),
      ],
    });
  }
  return changed;
}
