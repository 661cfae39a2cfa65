// The base classes of every error this package throws, in a module of their own that imports
// nothing: the drift checker, loaded apart (src/core/drift.ts), extends ApiError, and a bundler that
// splits it off shares only this small module with the client that loads it.
import type { Drift } from "./drift.js";

export type Vendor = "otc" | "confluent" | "madconnect";

const digitsOfBigints = (_key: string, value: unknown) => (typeof value === "bigint" ? String(value) : value);

/** `value`, or a copy with each bigint as its digits when it holds one. */
function withoutBigints(value: unknown): unknown {
  if (typeof value === "bigint") return String(value);
  if (value === null || typeof value !== "object") return value;
  try {
    JSON.stringify(value);
    return value;
  } catch {
    const text = JSON.stringify(value, digitsOfBigints);
    return text === undefined ? value : JSON.parse(text);
  }
}

/** Base class of every error this package throws. */
export class ConnectivityError extends Error {
  override name = "ConnectivityError";

  /**
   * What `JSON.stringify` shows: the name, the message and the error's own fields, as `util.inspect`
   * does; a bigint (an int64 beyond 2^53 in a body or a finding) as its digits in a string, since
   * `JSON.stringify` throws on one.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (!(key in out)) out[key] = withoutBigints(value);
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
