// Request and response bodies: the body itself, then every field at depth (presence, required and the
// schema aspects). A field added or removed with its parent is reported once, at the parent.
import { compareSchemaFacts } from "./schemas.mjs";

const under = (path, parent) => path.startsWith(`${parent}.`) || path.startsWith(`${parent}[]`);

/** Compares two field maps (path → facts, "" = the body) in a direction. */
export function compareFields(emit, direction, where, old, now) {
  const subjectOf = (path) => (path === "" ? `${direction}-body` : `${direction}-property`);
  const label = (path) => (path === "" ? `${where} body` : `${where} field ${path}`);
  const removed = [];
  for (const [path, before] of old) {
    const after = now.get(path);
    if (!after) {
      if (removed.some((parent) => under(path, parent))) continue;
      removed.push(path);
      const id =
        path === ""
          ? direction === "request"
            ? "request-body-removed"
            : "response-media-type-removed"
          : direction === "request"
            ? "request-property-removed"
            : before.required
              ? "response-required-property-removed"
              : "response-optional-property-removed";
      emit(id, { subject: label(path) }, before.refs);
      continue;
    }
    const refs = [...new Set([...before.refs, ...after.refs])];
    const at = (id, args) => emit(id, { subject: label(path), ...args }, refs);
    if (path !== "" && before.required !== after.required) {
      if (direction === "request")
        at(after.required ? "request-property-became-required" : "request-property-became-optional", {});
      else at(after.required ? "response-property-became-required" : "response-property-became-optional", {});
    }
    compareSchemaFacts(at, subjectOf(path), before, after);
  }
  const added = [];
  for (const [path, after] of now) {
    if (old.has(path) || added.some((parent) => under(path, parent))) continue;
    added.push(path);
    let id;
    if (path === "") id = direction === "request" ? "request-body-added-optional" : "response-media-type-added";
    else if (direction === "request")
      id = after.required ? "new-required-request-property" : "new-optional-request-property";
    else id = after.required ? "response-required-property-added" : "response-optional-property-added";
    emit(id, { subject: label(path) }, after.refs);
  }
}

export function compareRequestBody(emit, old, now) {
  const before = old.requestBody;
  const after = now.requestBody;
  if (!before && !after) return;
  if (!after) return emit("request-body-removed", { subject: "request body" }, before.refs);
  if (!before) {
    return emit(
      after.required ? "request-body-added-required" : "request-body-added-optional",
      { subject: "request body" },
      after.refs,
    );
  }
  const refs = [...before.refs, ...after.refs];
  if (!before.required && after.required) emit("request-body-became-required", { subject: "request body" }, refs);
  if (before.required && !after.required) emit("request-body-became-optional", { subject: "request body" }, refs);
  compareFields(
    (id, args, more = []) => emit(id, args, [...refs, ...more]),
    "request",
    "request",
    before.fields,
    after.fields,
  );
}

const isSuccess = (status) => /^2/.test(status);

export function compareResponses(emit, old, now) {
  for (const [status, before] of old.responses) {
    const after = now.responses.get(status);
    const subject = `response ${status}`;
    if (!after) {
      emit(
        isSuccess(status) ? "response-success-status-removed" : "response-non-success-status-removed",
        { subject },
        before.refs,
      );
      continue;
    }
    const refs = [...before.refs, ...after.refs];
    compareFields(
      (id, args, more = []) => emit(id, args, [...refs, ...more]),
      "response",
      subject,
      before.fields,
      after.fields,
    );
    compareHeaders((id, args) => emit(id, args, refs), subject, before.headers, after.headers);
  }
  for (const [status, after] of now.responses) {
    if (old.responses.has(status)) continue;
    const id = isSuccess(status) ? "response-success-status-added" : "response-non-success-status-added";
    emit(id, { subject: `response ${status}` }, after.refs);
  }
}

function compareHeaders(emit, where, old, now) {
  for (const [key, before] of old) {
    const after = now.get(key);
    const subject = `${where} header ${before.name}`;
    if (!after) {
      emit(before.required ? "required-response-header-removed" : "optional-response-header-removed", { subject });
      continue;
    }
    if (before.required && !after.required) emit("response-header-became-optional", { subject });
    if (!before.required && after.required) emit("response-header-became-required", { subject });
    compareSchemaFacts((id, args) => emit(id, { subject, ...args }), "response-header", before, after);
  }
  for (const [key, after] of now) {
    if (!old.has(key)) emit("response-header-added", { subject: `${where} header ${after.name}` });
  }
}
