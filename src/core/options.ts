// The options every client factory takes, checked once at construction: a misuse is a TypeError
// (wrong type) or a RangeError (a number out of range) naming the option, never a client that
// retries forever or times out after 1 ms. An option set to `undefined` takes its default.
import type { ValidateOption } from "./drift.js";
import { DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from "./retry.js";
import { isRecord } from "./vendor.js";

/** Options every client factory takes. */
export interface CommonOptions {
  /** Where the API is served; each vendor has a default or a `region` shortcut. */
  baseUrl?: string | undefined;
  /** Retries of idempotent requests: `{ maxRetries: 2, maxDelayMs: 30_000 }` by default, `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** Time limit of each attempt, in ms (default 60 000, at most 2 147 483 647). */
  timeoutMs?: number | undefined;
  /** The largest response body read, in bytes (default 64 MiB); a larger one ends in ResponseTooLargeError. */
  maxResponseBytes?: number | undefined;
  /** A fetch to use instead of the global one (proxies, tests, instrumentation). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** The User-Agent header (default `connectivity-clients/<version>`). Browsers ignore it. */
  userAgent?: string | undefined;
  /** Allow a plain-http baseUrl that is not loopback (credentials then cross the network unencrypted). */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Check every response against the operation's schema in the spec and report where it drifts
   * (see `Drift`): `"warn"` (each finding to `onDrift`, by default a `console.warn` per distinct
   * operation, pointer with array indices folded, and kind), `"throw"` (a `DriftError` for a successful
   * response; an error response still ends in its typed error, with the findings in `drift`), or `"off"`
   * (the default: no validator is loaded).
   * Read by src/core/drift-hook.ts, not here: a value that is none of these is a TypeError at the first call.
   */
  validate?: ValidateOption | undefined;
}

export interface ResolvedOptions {
  retry: RetryPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  fetch: typeof globalThis.fetch | undefined;
  headers: Record<string, string>;
  userAgent: string | undefined;
  allowInsecureHttp: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** 64 MiB: about 30 times the largest page any of the four APIs documents (1000 OTC connections). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** The longest delay `setTimeout` honours; a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const describe = (value: unknown): string =>
  typeof value === "number" ? String(value) : value === null ? "null" : typeof value;

function optionError(option: string, expected: string, value: unknown, Kind = TypeError): TypeError {
  return new Kind(`${option} must be ${expected}, got ${describe(value)}`);
}

/** A number within [min, max] (an integer if asked; max: the largest safe integer unless given), or the default when undefined. */
function numberOption(
  option: string,
  value: unknown,
  fallback: number,
  { min, max = Number.MAX_SAFE_INTEGER, integer = false }: { min: number; max?: number; integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const expected = `${integer ? "an integer" : "a number"} from ${min} to ${max}`;
  if (typeof value !== "number") throw optionError(option, expected, value);
  if (Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw optionError(option, expected, value, RangeError);
  return value;
}

function optionalOf<T>(option: string, value: unknown, type: string, expected: string): T | undefined {
  if (value !== undefined && typeof value !== type) throw optionError(option, expected, value);
  return value as T | undefined;
}

function checkRetry(value: unknown): RetryPolicy {
  // An explicit `undefined` means "the default", never "unset" (as for each key below).
  if (value === undefined) return { ...DEFAULT_RETRY };
  if (value === false) return { maxRetries: 0, maxDelayMs: 0 };
  if (!isRecord(value)) throw optionError("retry", "an object ({ maxRetries, maxDelayMs }) or false", value);
  for (const key of Object.keys(value))
    if (key !== "maxRetries" && key !== "maxDelayMs")
      throw new TypeError(`retry.${key} is not an option (known: maxRetries, maxDelayMs)`);
  const { maxRetries, maxDelayMs } = value;
  return {
    maxRetries: numberOption("retry.maxRetries", maxRetries, DEFAULT_RETRY.maxRetries, { min: 0, integer: true }),
    maxDelayMs: numberOption("retry.maxDelayMs", maxDelayMs, DEFAULT_RETRY.maxDelayMs, { min: 0, max: MAX_TIMER_MS }),
  };
}

function checkHeaders(option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || value instanceof Headers)
    throw optionError(option, "an object of header names to strings", value);
  for (const [name, text] of Object.entries(value)) checkHeader(`${option}[${JSON.stringify(name)}]`, name, text);
  return value as Record<string, string>;
}

function checkHeader(option: string, name: string, value: unknown): void {
  if (typeof value !== "string") throw optionError(option, "a string", value);
  try {
    new Headers([[name, value]]);
  } catch {
    // The platform's message quotes the value, which may be a credential: name the option only.
    throw new TypeError(`${option} is not a valid header (a name of token characters, a value without CR, LF or NUL)`);
  }
}

/** A factory's `options`, refused with a TypeError before anything is read from it when it is no object. */
export function optionsObject<T>(options: T): T {
  if (typeof options !== "object" || options === null) throw optionError("options", "an object", options);
  return options;
}

/** The options with their defaults, or a TypeError/RangeError naming the first invalid one. */
export function resolveOptions(options: CommonOptions): ResolvedOptions {
  optionsObject(options);
  optionalOf<string>("baseUrl", options.baseUrl, "string", "a string");
  const userAgent = optionalOf<string>("userAgent", options.userAgent, "string", "a string");
  if (userAgent !== undefined) checkHeader("userAgent", "user-agent", userAgent);
  return {
    retry: checkRetry(options.retry),
    timeoutMs: numberOption("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, { min: 1, max: MAX_TIMER_MS }),
    maxResponseBytes: numberOption("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, {
      min: 1,
      integer: true,
    }),
    fetch: optionalOf("fetch", options.fetch, "function", "a function"),
    headers: checkHeaders("headers", options.headers),
    userAgent,
    allowInsecureHttp:
      optionalOf<boolean>("allowInsecureHttp", options.allowInsecureHttp, "boolean", "a boolean") ?? false,
  };
}

const PARSE_AS = new Set(["json", "text", "blob", "arrayBuffer", "stream"]);

/** The per-call options the client reads itself, checked where a call enters. */
export function checkCallOptions(init: Record<string, unknown> | undefined): void {
  if (!init) return;
  if (typeof init !== "object") throw optionError("a call's init", "an object", init);
  const { signal, parseAs, fetch } = init;
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal))
    throw optionError("signal", "an AbortSignal", signal);
  if (parseAs !== undefined && !PARSE_AS.has(parseAs as string))
    throw new TypeError(`parseAs must be one of ${[...PARSE_AS].join(", ")}, got ${describe(parseAs)}`);
  optionalOf("fetch", fetch, "function", "a function");
  for (const key of ["pathSerializer", "querySerializer", "Request"])
    if (init[key] !== undefined)
      throw new TypeError(
        `${key} cannot be set per call: path and query parameters are always encoded and checked by the client`,
      );
}
