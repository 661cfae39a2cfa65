// Describes how the API surface changed between two OpenAPI documents: operations, parameters and
// fields added, removed or changed, each change that can break a consumer's code marked BREAKING.
import { flattenObject, jsonSchemaOf, operations, resolve, typeOf } from "./schema.mjs";

const MAX_DEPTH = 8;

/** field path -> { type, required, enum } for every field reachable from a schema */
function fieldsOf(doc, rawSchema, prefix = "", seen = new Set(), out = new Map(), depth = 0) {
  if (!rawSchema || depth > MAX_DEPTH) return out;
  if (rawSchema.$ref) {
    if (seen.has(rawSchema.$ref)) return out;
    seen = new Set(seen).add(rawSchema.$ref);
  }
  const schema = resolve(doc, rawSchema);
  if (typeOf(doc, schema) === "array") {
    return fieldsOf(doc, schema.items, `${prefix}[]`, seen, out, depth + 1);
  }
  const { properties, required } = flattenObject(doc, schema);
  for (const [name, value] of properties) {
    const path = prefix ? `${prefix}.${name}` : name;
    const resolved = resolve(doc, value) ?? {};
    out.set(path, { type: typeOf(doc, resolved) ?? "any", required: required.has(name), enum: resolved.enum });
    fieldsOf(doc, value, path, seen, out, depth + 1);
  }
  return out;
}

function surface(doc) {
  const result = new Map();
  for (const { path, method, operation, parameters } of operations(doc)) {
    const params = new Map(
      parameters.map((p) => {
        const schema = resolve(doc, p.schema) ?? {};
        return [
          `${p.in} parameter ${p.name}`,
          { type: typeOf(doc, schema) ?? "any", required: !!p.required, enum: schema.enum },
        ];
      }),
    );
    const requestBody = resolve(doc, operation.requestBody);
    const request = fieldsOf(doc, requestBody && jsonSchemaOf(doc, requestBody));
    const responses = new Map();
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      responses.set(status, fieldsOf(doc, jsonSchemaOf(doc, response)));
    }
    result.set(`${method.toUpperCase()} ${path}`, {
      operationId: operation.operationId,
      params,
      request,
      requestRequired: !!requestBody?.required,
      responses,
    });
  }
  return result;
}

const sameValues = (a = [], b = []) => a.length === b.length && a.every((v) => b.includes(v));
const removedValues = (before = [], after) => (after ? before.filter((v) => !after.includes(v)) : []);
const addedValues = (before, after = []) => (before ? after.filter((v) => !before.includes(v)) : []);

/** Compare one kind of facts; `input` facts break consumers when tightened, output facts when loosened. */
function compareFacts(changes, where, label, before, after, direction) {
  for (const [name, old] of before) {
    const now = after.get(name);
    const subject = `${where}: ${label} ${name}`;
    if (!now) {
      changes.push({ breaking: true, text: `${subject} removed` });
      continue;
    }
    if (old.type !== now.type) changes.push({ breaking: true, text: `${subject} type ${old.type} → ${now.type}` });
    if (direction === "input" && !old.required && now.required)
      changes.push({ breaking: true, text: `${subject} is now required` });
    if (direction === "output" && old.required && !now.required)
      changes.push({ breaking: true, text: `${subject} is no longer always present` });
    if (!sameValues(old.enum, now.enum)) {
      const removed = removedValues(old.enum, now.enum);
      const added = addedValues(old.enum, now.enum);
      // A request that may no longer send a value breaks; so does a response that may now carry a
      // value a consumer's exhaustive handling (or a union type) does not know.
      const enumBreaks =
        direction === "input"
          ? removed.length > 0 || (!old.enum && !!now.enum)
          : added.length > 0 || (!!old.enum && !now.enum);
      const parts = [
        removed.length && `removed ${removed.join(", ")}`,
        added.length && `added ${added.join(", ")}`,
        !old.enum && "now an enum",
        !now.enum && "no longer an enum",
      ].filter(Boolean);
      changes.push({
        breaking: enumBreaks,
        text: `${subject} values: ${parts.join("; ")}`,
      });
    }
  }
  for (const [name, now] of after) {
    if (before.has(name)) continue;
    const breaking = direction === "input" && now.required;
    changes.push({ breaking, text: `${where}: ${label} ${name} added${now.required ? " (required)" : ""}` });
  }
}

/** @returns {{ breaking: boolean, text: string }[]} */
export function diffApis(beforeDoc, afterDoc) {
  const before = beforeDoc ? surface(beforeDoc) : new Map();
  const after = surface(afterDoc);
  const changes = [];
  for (const [key, old] of before) {
    if (!after.has(key)) changes.push({ breaking: true, text: `operation ${key} (${old.operationId}) removed` });
  }
  for (const [key, now] of after) {
    const old = before.get(key);
    if (!old) {
      changes.push({ breaking: false, text: `operation ${key} (${now.operationId}) added` });
      continue;
    }
    if (old.operationId !== now.operationId)
      changes.push({ breaking: true, text: `${key}: operationId ${old.operationId} → ${now.operationId}` });
    compareFacts(changes, key, "", old.params, now.params, "input");
    if (!old.requestRequired && now.requestRequired)
      changes.push({ breaking: true, text: `${key}: request body is now required` });
    compareFacts(changes, key, "request field", old.request, now.request, "input");
    for (const [status, fields] of old.responses) {
      const nowFields = now.responses.get(status);
      if (!nowFields) changes.push({ breaking: true, text: `${key}: response ${status} removed` });
      else compareFacts(changes, key, `response ${status} field`, fields, nowFields, "output");
    }
    for (const status of now.responses.keys()) {
      if (!old.responses.has(status)) changes.push({ breaking: false, text: `${key}: response ${status} added` });
    }
  }
  return changes.map((c) => ({ ...c, text: c.text.replace(/:  /, ": ") }));
}

export function formatChangeReport(changes) {
  if (changes.length === 0) return "API surface unchanged.";
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = changes.map((c) => `${c.breaking ? "BREAKING " : "         "}${c.text}`);
  return [`API surface changed: ${changes.length} change(s), ${breaking} BREAKING`, ...lines].join("\n");
}
