// Request and response bodies: the body itself, then every field at depth (presence, required and the
// schema aspects). A field added or removed with its parent is reported once, at the parent.
import { compareSchemaFacts } from "./schemas.mjs";

const under = (path, parent) =>
  parent === "" ||
  path.startsWith(`${parent}.`) ||
  path.startsWith(`${parent}[]`) ||
  path.startsWith(`${parent}{*}`) ||
  path.startsWith(`${parent}<`);
/** The root of a sub-schema (`data<then>`): its keyword appearing or going is a schema aspect of the parent. */
const subSchemaRoot = (path) => path.endsWith(">");

/**
 * Media types added and removed, then the fields of the body as one media type both versions have
 * (JSON first: the one the generated client reads and sends).
 */
function compareContent(emit, direction, prefix, subject, before, after, refs) {
  for (const type of before.keys())
    if (!after.has(type)) emit(`${prefix}-media-type-removed`, { subject, media: type }, refs);
  for (const type of after.keys())
    if (!before.has(type)) emit(`${prefix}-media-type-added`, { subject, media: type }, refs);
  const common = [...before.keys()].filter((type) => after.has(type));
  const media = common.find((type) => /json/i.test(type)) ?? common[0];
  if (!media) return;
  const where = direction === "request" ? "request" : subject;
  compareFields(
    (id, args, more = []) => emit(id, args, [...refs, ...more]),
    direction,
    where,
    before.get(media),
    after.get(media),
  );
}

/**
 * The member paths of the field at `place` (`{ parent, name }`) in `fields` when every member of a
 * oneOf/anyOf on its parent object declares it: `[]` otherwise.
 */
function inEveryMember(place, fields) {
  const roots = new Map();
  for (const [path, facts] of fields)
    if (facts.place?.union && facts.place.parent === place.parent)
      roots.set(facts.place.union, [...(roots.get(facts.place.union) ?? []), path]);
  for (const members of roots.values()) {
    const paths = members.map((root) => `${root}.${place.name}`);
    if (paths.every((path) => fields.has(path))) return paths;
  }
  return [];
}

/** The entries of `fields` at `path` and under it, their paths moved from `path` to `to`. */
const subtree = (fields, path, to = path) =>
  new Map(
    [...fields]
      .filter(([key]) => key === path || under(key, path))
      .map(([key, facts]) => [to + key.slice(path.length), facts]),
  );

/**
 * A field that moved from an object into every member of a union on it (the object wrapped in a
 * oneOf), or back out of them, and a union member whose schema was renamed: [path before, path after,
 * path compared at] for each, so that its fields are compared, not reported as removed and added.
 */
function movedFields(old, now) {
  const moves = [];
  for (const [path, facts] of old)
    if (facts.place?.name !== undefined && !now.has(path))
      for (const to of inEveryMember(facts.place, now)) if (!old.has(to)) moves.push([path, to, to]);
  for (const [path, facts] of now)
    if (facts.place?.name !== undefined && !old.has(path))
      for (const from of inEveryMember(facts.place, old)) if (!now.has(from)) moves.push([from, path, from]);
  // A member whose schema was renamed (applyRenames wrote its new name into `memberId`): the same member.
  const sameMember = (a, b) =>
    a.union === b.union && a.parent === b.parent && a.memberId !== undefined && a.memberId === b.memberId;
  for (const [path, facts] of old) {
    if (!facts.place?.union || now.has(path)) continue;
    const renamed = [...now].find(([to, other]) => !old.has(to) && other.place && sameMember(facts.place, other.place));
    if (renamed) moves.push([path, renamed[0], renamed[0]]);
  }
  return moves;
}

/** Compares two field maps (path → facts, "" = the body) in a direction. */
export function compareFields(emit, direction, where, old, now) {
  const subjectOf = (path) => (path === "" ? `${direction}-body` : `${direction}-property`);
  const label = (path) => (path === "" ? `${where} body` : `${where} field ${path}`);
  const moves = movedFields(old, now);
  const removed = moves.map(([from]) => from);
  const added = moves.map(([, to]) => to);
  for (const [path, before] of old) {
    const after = now.get(path);
    if (!after) {
      if (removed.some((parent) => path === parent || under(path, parent))) continue;
      removed.push(path);
      if (path === "" || subSchemaRoot(path)) continue; // the body itself: its media type is compared
      const id =
        direction === "request"
          ? "request-property-removed"
          : before.required
            ? "response-required-property-removed"
            : "response-optional-property-removed";
      emit(id, { subject: label(path) }, before.refs);
      continue;
    }
    const refs = [...new Set([...before.refs, ...after.refs])];
    const at = (id, args, more = []) => emit(id, { subject: label(path), ...args }, [...refs, ...more]);
    if (path !== "" && before.required !== after.required) {
      if (direction === "request")
        at(after.required ? "request-property-became-required" : "request-property-became-optional", {});
      else at(after.required ? "response-property-became-required" : "response-property-became-optional", {});
    }
    compareSchemaFacts(at, subjectOf(path), before, after);
  }
  for (const [path, after] of now) {
    if (old.has(path) || added.some((parent) => path === parent || under(path, parent))) continue;
    added.push(path);
    let id;
    if (path === "" || subSchemaRoot(path)) continue; // the body itself: its media type is compared
    if (direction === "request")
      id = after.required ? "new-required-request-property" : "new-optional-request-property";
    else id = after.required ? "response-required-property-added" : "response-optional-property-added";
    emit(id, { subject: label(path) }, after.refs);
  }
  for (const [from, to, at] of moves)
    compareFields(emit, direction, where, subtree(old, from, at), subtree(now, to, at));
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
  compareContent(emit, "request", "request-body", "request body", before.content, after.content, refs);
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
    compareContent(emit, "response", "response", subject, before.content, after.content, refs);
    compareHeaders((id, args, more = []) => emit(id, args, [...refs, ...more]), subject, before.headers, after.headers);
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
    compareSchemaFacts((id, args, more) => emit(id, { subject, ...args }, more), "response-header", before, after);
  }
  for (const [key, after] of now) {
    if (!old.has(key)) emit("response-header-added", { subject: `${where} header ${after.name}` });
  }
}
