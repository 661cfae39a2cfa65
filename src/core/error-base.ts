// The base classes of every error this package throws, in a module of their own that imports
// nothing: the drift checker, loaded apart (src/core/drift.ts), extends ApiError, and a bundler that
// splits it off shares only this small module with the client that loads it.
import type { Drift } from "./drift.js";

export type Vendor = "otc" | "confluent" | "madconnect";

/**
 * The deepest nesting `toJSON` writes: a container deeper than this (in a body, a finding) is written as
 * NESTED_TOO_DEEP. JSON.stringify recurses, and overflows the stack from a few thousand levels, which a
 * 10 kB body reaches; the CLI prints no deeper either (its MAX_DEPTH). Real API data is a few levels deep.
 */
export const MAX_JSON_DEPTH = 200;
export const NESTED_TOO_DEEP = `[nested more than ${MAX_JSON_DEPTH} levels deep]`;

/** An array or object JSON.stringify walks into (one with a toJSON of its own writes itself). */
const isContainer = (value: unknown): value is object =>
  value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";

/** A value JSON.stringify cannot write as itself: a bigint (it throws), Infinity or NaN (it writes null). */
const unwritable = (value: unknown): boolean =>
  typeof value === "bigint" || (typeof value === "number" && !Number.isFinite(value));

/** True when `value` holds an unwritable value or a container MAX_JSON_DEPTH deep (walked without recursion). */
function needsCopy(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [next, depth] = stack.pop()!;
    if (unwritable(next)) return true;
    if (!isContainer(next) || seen.has(next)) continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    seen.add(next);
    for (const child of Object.values(next)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * `value`, or, when it holds an unwritable value or nests too deep, a copy JSON.stringify can write: each
 * bigint as its digits, Infinity and NaN as those words, each container MAX_JSON_DEPTH deep as
 * NESTED_TOO_DEEP. Built without recursion.
 */
function jsonSafe(value: unknown): unknown {
  if (!needsCopy(value)) return value;
  const copies = new Map<object, object>();
  const pending: [source: object, copy: object, depth: number][] = [];
  const copyOf = (item: unknown, depth: number): unknown => {
    if (unwritable(item)) return String(item);
    if (!isContainer(item)) return item;
    if (depth >= MAX_JSON_DEPTH) return NESTED_TOO_DEEP;
    let copy = copies.get(item);
    if (!copy) {
      copy = Array.isArray(item) ? [] : {};
      copies.set(item, copy);
      pending.push([item, copy, depth]);
    }
    return copy;
  };
  const root = copyOf(value, 0);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [source, copy, depth] = next;
    // Defined, not assigned: a "__proto__" key stays a key.
    for (const [key, item] of Object.entries(source))
      Object.defineProperty(copy, key, {
        value: copyOf(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return root;
}

/** Base class of every error this package throws. */
export class ConnectivityError extends Error {
  override name = "ConnectivityError";

  /**
   * What `JSON.stringify` shows: the name, the message and the error's own fields, as `util.inspect`
   * does; a bigint (an int64 beyond 2^53 in a body or a finding) as its digits in a string, since
   * `JSON.stringify` throws on one; Infinity (a number such as 1e400 in a body) and NaN as those words in
   * a string, since `JSON.stringify` would write null; an array or object nested more than MAX_JSON_DEPTH levels deep as
   * NESTED_TOO_DEEP, since `JSON.stringify` would overflow the stack.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (!(key in out)) out[key] = jsonSafe(value);
    return out;
  }
}

export interface ApiErrorInit {
  status: number;
  /** The vendor's own error code (OTC `error_code`, Confluent `errors[].code`, MadConnect `statusCode`). */
  code?: string | undefined;
  message: string;
  requestId?: string | undefined;
  vendor: Vendor;
  /** The parsed error body (or the start of an unparseable one), credentials redacted. */
  body?: unknown;
  method?: string | undefined;
  /** The request URL, credentials redacted. */
  url?: string | undefined;
  /** The response's spec drift findings, when validation found any (see errorResponseDrift). */
  drift?: Drift[] | undefined;
}

/**
 * The spec drift findings of error responses, by response: the drift check (src/core/drift.ts, loaded
 * only with `validate` on) records them, and the typed error made for the response carries them as
 * `drift` (src/core/vendor.ts): with validation on, an error response still ends in the typed error
 * it would end in without it.
 */
export const errorResponseDrift = new WeakMap<Response, Drift[]>();

/** The server answered, but not with what was asked for: an error status, an error envelope or an unreadable body. */
export class ApiError<Code extends string = string> extends ConnectivityError {
  override name = "ApiError";
  readonly status: number;
  readonly code: Code | (string & {}) | undefined;
  readonly requestId: string | undefined;
  readonly vendor: Vendor;
  readonly body: unknown;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** With `validate` on: where this error response does not match the spec (absent when it does, or when off). */
  declare readonly drift?: Drift[];

  constructor(init: ApiErrorInit) {
    const where = init.method && init.url ? ` (${init.method} ${init.url})` : "";
    // Confluent's and MadConnect's codes are often the status again: say it once.
    const code = init.code && init.code !== String(init.status) ? ` ${init.code}` : "";
    const request = init.requestId ? ` [request ${init.requestId}]` : "";
    super(`${init.vendor} ${init.status}${code}: ${init.message}${where}${request}`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.vendor = init.vendor;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
    if (init.drift) this.drift = init.drift;
  }
}
