// Parameters: presence, required, a renamed path parameter, and the schema aspects of each.
import { compareSchemaFacts } from "./schemas.mjs";

const label = (p) => `${p.in} parameter ${p.name}`;

export function compareParameters(emit, old, now) {
  for (const [key, before] of old.params) {
    const after = now.params.get(key);
    const refs = [...before.refs, ...(after?.refs ?? [])];
    if (!after) {
      emit("request-parameter-removed", { subject: label(before) }, refs);
      continue;
    }
    const at = (id, args, more = []) => emit(id, { subject: label(after), ...args }, [...refs, ...more]);
    if (before.name !== after.name)
      at("request-path-parameter-renamed", { from: before.name, to: after.name, fromPath: old.path, toPath: now.path });
    if (!before.required && after.required) at("request-parameter-became-required", {});
    if (before.required && !after.required) at("request-parameter-became-optional", {});
    compareSchemaFacts(at, "request-parameter", before, after);
    // Inside the parameter's schema (array items, object fields): the same aspects, one level down.
    for (const [path, nested] of before.fields) {
      const next = after.fields.get(path);
      if (!path || !next) continue;
      const subject = `${label(after)} ${path}`;
      compareSchemaFacts(
        (id, args, more = []) => emit(id, { ...args, subject }, [...refs, ...more]),
        "request-parameter",
        nested,
        next,
      );
    }
  }
  for (const [key, after] of now.params) {
    if (old.params.has(key)) continue;
    const id = after.required ? "new-required-request-parameter" : "new-optional-request-parameter";
    emit(id, { subject: label(after) }, after.refs);
  }
}
