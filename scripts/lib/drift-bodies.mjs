// The response bodies a drift report's listings receive, kept just long enough to find, for a finding,
// the objects along its pointer: the spec edit needs them to tell which member of a oneOf the finding
// is in (an undeclared property of a GCP connection's `cloud` belongs to the GCP member). A finding
// comes with no body, so it is matched to the recent responses of its operation by the value at its
// pointer. What is kept is never printed: it holds the server's values unredacted.
import { pointerKeys, pointerOf, valueAt } from "./drift-locate.mjs";

/** The most recent responses kept: more than the listings' concurrency (at most 4) and its retries. */
export const KEPT_RESPONSES = 16;
/** A larger body is not kept (the edits then place the finding without it). */
const MAX_KEPT_BYTES = 16 << 20;
/** The places of a body looked at for one group of findings (as the checker samples a finding's first 20). */
export const MAX_PLACES = 20;
/** For an enum finding: the places of a body looked at for the values there, and the distinct values kept. */
export const MAX_ENUM_PLACES = 10_000;
export const MAX_ENUM_VALUES = 100;

/** The text of `response` (a copy the client does not read), or undefined when it is larger than MAX_KEPT_BYTES or fails. */
async function textOf(response) {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_KEPT_BYTES) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A bigint's stand-in while stringifying: U+0000 and a nonce, which no body can guess. */
const BIGINT_MARK = `\u0000bigint:${Math.random().toString(36).slice(2)}:`;
/** The stand-in as JSON.stringify writes it, quoted, U+0000 escaped, around the digits. */
const QUOTED_BIGINT = new RegExp(`"${BIGINT_MARK.replace("\u0000", "\\\\u0000")}(-?\\d+)"`, "g");

/**
 * JSON text of a parsed body's value, a bigint as its bare digits (a number, as in the body); a number
 * too large for a double (`1e400`, parsed as Infinity) as `Infinity` or `-Infinity`, which is no JSON
 * (JSON.stringify would write `null`), as the client's drift line writes it.
 */
export const json = (value, indent) =>
  typeof value === "number" && !Number.isFinite(value)
    ? String(value)
    : JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${BIGINT_MARK}${v}` : v), indent)?.replace(
        QUOTED_BIGINT,
        "$1",
      );

/** Whether `value` is what the checker showed as `shown` (a text cut with "…" is its start). */
function shows(value, shown) {
  if (typeof shown === "string" && shown.endsWith("…")) {
    const text = typeof value === "string" ? value : json(value);
    return text.startsWith(shown.slice(0, -1));
  }
  return json(value) === json(shown);
}

/**
 * `body` cut down to the objects along `pointer`: each keeps its own scalar properties (the ones a oneOf
 * member is told by) and, of the rest, the one the pointer goes through (the others become empty).
 */
export function along(body, pointer) {
  const keys = pointerKeys(pointer);
  const copy = (node, depth) => {
    if (node === null || typeof node !== "object") return node;
    const next = keys[depth];
    if (Array.isArray(node)) {
      const out = [];
      if (next !== undefined && next in node) out[Number(next)] = copy(node[Number(next)], depth + 1);
      return out;
    }
    const out = {};
    for (const [key, value] of Object.entries(node))
      out[key] =
        key === next
          ? copy(value, depth + 1)
          : value !== null && typeof value === "object"
            ? Array.isArray(value)
              ? []
              : {}
            : value;
    return out;
  };
  return copy(body, 0);
}

/** A path template ("/v1/{project_id}/subnets") as a pattern for the end of a request's path. */
const templatePattern = (template) =>
  new RegExp(`${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]*\}/g, "[^/]+")}$`);

/** Whether the finding's kind of drift can be at `pointer` of `body`: a value there, or (required) none in an object. */
function present(finding, body, pointer) {
  if (finding.kind !== "required") return valueAt(body, pointer) !== undefined;
  const parent = valueAt(body, pointer.split("/").slice(0, -1).join("/"));
  return parent !== null && typeof parent === "object" && !(pointerKeys(pointer).at(-1) in parent);
}

/**
 * The distinct values at the places of `body` that `pointer` stands for, at most MAX_ENUM_VALUES of them
 * from the first MAX_ENUM_PLACES places: `{ values, more }`, `more` when either limit cut them short.
 */
function enumValuesAt(body, pointer) {
  const pointers = places(body, pointer, () => true, MAX_ENUM_PLACES + 1);
  const byText = new Map();
  let more = pointers.length > MAX_ENUM_PLACES;
  for (const pointer of pointers.slice(0, MAX_ENUM_PLACES)) {
    const value = valueAt(body, pointer);
    const text = json(value);
    if (value === undefined || byText.has(text)) continue;
    if (byText.size >= MAX_ENUM_VALUES) {
      more = true;
      break;
    }
    byText.set(text, value);
  }
  return { values: [...byText.values()], more };
}

/** At most `limit` places of `body` that `pointer` stands for with its array indices as any index, where `keep` holds. */
export function places(body, pointer, keep, limit = MAX_PLACES) {
  const keys = pointerKeys(pointer);
  const found = [];
  const walk = (node, depth, at) => {
    if (found.length >= limit) return;
    if (depth === keys.length) {
      if (keep(at)) found.push(at);
      return;
    }
    const key = keys[depth];
    if (Array.isArray(node) && /^\d+$/.test(key))
      for (let i = 0; i < node.length && found.length < limit; i++) walk(node[i], depth + 1, `${at}/${i}`);
    else walk(node !== null && typeof node === "object" ? node[key] : undefined, depth + 1, `${at}${pointerOf([key])}`);
  };
  walk(body, 0, "");
  return found;
}

/**
 * A recorder of responses: `fetch` (a fetch to give the clients, wrapping `base`) keeps the latest
 * KEPT_RESPONSES; `bodiesOf(finding)` resolves to the places of the response the finding most likely
 * came from that its pointer stands for (its own first, then, for an undeclared property or a missing
 * field, the same pointer at other array indices where the same is seen, at most MAX_PLACES), each
 * `{ pointer, body }` with the body cut down to that pointer (see `along`): the objects of a list can
 * be of different oneOf members. Empty when no response fits. Call it from onDrift: it looks at the
 * responses received until then. `parse` reads a kept body: the package's parseJson keeps a whole number
 * beyond 2^53 exact, as the client does (JSON.parse rounds it, and the finding's value then matches no body).
 */
export function responseRecorder(base = (input, init) => globalThis.fetch(input, init), parse = JSON.parse) {
  const recent = [];
  const fetch = async (input, init) => {
    const response = await base(input, init);
    const request = input instanceof Request ? input : undefined;
    const text = response.body ? textOf(response.clone()) : Promise.resolve(undefined);
    let parsed;
    recent.push({
      method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
      path: new URL(request?.url ?? String(input)).pathname,
      status: response.status,
      // Parsed once, when a finding first needs it.
      body: () => (parsed ??= text.then((got) => (got === undefined ? undefined : parse(got))).catch(() => undefined)),
    });
    if (recent.length > KEPT_RESPONSES) recent.shift();
    return response;
  };
  const bodiesOf = async (finding) => {
    if (!finding.pointer) return [];
    const pattern = templatePattern(finding.path);
    const candidates = recent
      .filter((r) => r.method === finding.method && r.status === finding.status && pattern.test(r.path))
      .reverse();
    const bodies = [];
    for (const candidate of candidates) {
      const body = await candidate.body();
      if (body !== undefined) bodies.push(body);
    }
    const fits = (body) =>
      present(finding, body, finding.pointer) &&
      (finding.kind === "required" || shows(valueAt(body, finding.pointer), finding.actual));
    // The value shown may be redacted: failing an exact match, a body that has something there.
    const found = bodies.find(fits) ?? bodies.find((body) => present(finding, body, finding.pointer));
    if (found === undefined) return [];
    // The same drift elsewhere in the list, for a property to declare or a field to make optional: its
    // other objects may be other members of a oneOf (an edit each); and for an enum, the other objects
    // holding a value seen (a value of another oneOf member fits that member's objects, or not: each is
    // looked at). A type stays at its place.
    const seen = finding.samples ?? [finding.actual];
    const spread = finding.kind === "undeclared-property" || finding.kind === "required";
    const holds = (at) => at !== finding.pointer && seen.some((value) => shows(valueAt(found, at), value));
    // One more than it keeps, for an enum: `unchecked` says that more objects hold the value than were looked at.
    const others = spread
      ? places(found, finding.pointer, (at) => at !== finding.pointer && present(finding, found, at))
      : finding.kind === "enum"
        ? places(found, finding.pointer, holds, MAX_PLACES + 1)
        : [];
    const unchecked = others.length > MAX_PLACES;
    // For an enum, the values at every place the pointer stands for (a client's finding samples three):
    // an edit adding all of them, and not only those seen, makes the finding go away.
    const valuesThere = finding.kind === "enum" ? enumValuesAt(found, finding.pointer) : null;
    return [finding.pointer, ...others.slice(0, MAX_PLACES)].map((pointer, i) => ({
      pointer,
      body: along(found, pointer),
      ...(unchecked ? { unchecked } : {}),
      ...(valuesThere && i === 0 ? { valuesThere } : {}),
    }));
  };
  return { fetch, bodiesOf };
}
