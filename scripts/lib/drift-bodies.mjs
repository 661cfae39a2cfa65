// The response bodies a drift report's listings receive, kept just long enough to find, for a finding,
// the objects along its pointer: the spec edit needs them to tell which member of a oneOf the finding
// is in (an undeclared property of a GCP connection's `cloud` belongs to the GCP member). A finding
// comes with no body, so it is matched to the recent responses of its operation by the value at its
// pointer. What is kept is never printed: it holds the server's values unredacted.
import { pointerKeys, valueAt } from "./drift-locate.mjs";

/** The most recent responses kept: more than the listings' concurrency (at most 4) and its retries. */
const KEPT_RESPONSES = 16;
/** A larger body is not kept (the edits then place the finding without it). */
const MAX_KEPT_BYTES = 16 << 20;

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

const json = (value) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));

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

/**
 * A recorder of responses: `fetch` (a fetch to give the clients, wrapping `base`) keeps the latest
 * KEPT_RESPONSES; `bodyOf(finding)` resolves to the body (cut down to the finding's pointer, see
 * `along`) of the response it most likely came from, or undefined. Call it from onDrift: it looks at
 * the responses received until then.
 */
export function responseRecorder(base = (input, init) => globalThis.fetch(input, init)) {
  const recent = [];
  const fetch = async (input, init) => {
    const response = await base(input, init);
    const request = input instanceof Request ? input : undefined;
    recent.push({
      method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
      path: new URL(request?.url ?? String(input)).pathname,
      status: response.status,
      text: response.body ? textOf(response.clone()) : Promise.resolve(undefined),
    });
    if (recent.length > KEPT_RESPONSES) recent.shift();
    return response;
  };
  const bodyOf = async (finding) => {
    if (!finding.pointer) return undefined;
    const pattern = templatePattern(finding.path);
    const candidates = recent
      .filter((r) => r.method === finding.method && r.status === finding.status && pattern.test(r.path))
      .reverse();
    const bodies = [];
    for (const { text } of candidates) {
      try {
        const got = await text;
        if (got !== undefined) bodies.push(JSON.parse(got));
      } catch {
        // not JSON: not the body of a finding
      }
    }
    const parentPointer = finding.pointer.split("/").slice(0, -1).join("/");
    const name = pointerKeys(finding.pointer).at(-1);
    const fits =
      finding.kind === "required"
        ? (body) => {
            const parent = valueAt(body, parentPointer);
            return parent !== null && typeof parent === "object" && !(name in parent);
          }
        : (body) =>
            valueAt(body, finding.pointer) !== undefined && shows(valueAt(body, finding.pointer), finding.actual);
    // The value shown may be redacted: failing an exact match, a body that has something there.
    const loose = (body) => finding.kind !== "required" && valueAt(body, finding.pointer) !== undefined;
    const found = bodies.find(fits) ?? bodies.find(loose);
    return found === undefined ? undefined : along(found, finding.pointer);
  };
  return { fetch, bodyOf };
}
