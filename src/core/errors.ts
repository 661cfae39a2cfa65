// The typed errors of every client. A client hands out none of them before `redactError` (below) has
// made it safe to show: every string in it redacted, its message bounded and on one line. Printing,
// serialising or inspecting one then reveals no credential that the client knows.
import { ApiError, ConnectivityError, type ApiErrorInit } from "./error-base.js";
import { redactValue, type Redactor } from "./redact.js";

export { ApiError, ConnectivityError, type ApiErrorInit, type Vendor } from "./error-base.js";

/** HTTP 400: the request was malformed (a parameter out of range, an unknown value). */
export class BadRequestError<Code extends string = string> extends ApiError<Code> {
  override name = "BadRequestError";
  declare readonly status: 400;
}

/** HTTP 401: the credentials were missing, wrong or expired. */
export class AuthenticationError<Code extends string = string> extends ApiError<Code> {
  override name = "AuthenticationError";
  declare readonly status: 401;
}

/** HTTP 403: the credentials are valid but not allowed to do this. */
export class PermissionDeniedError<Code extends string = string> extends ApiError<Code> {
  override name = "PermissionDeniedError";
  declare readonly status: 403;
}

/** HTTP 404: the resource does not exist. */
export class NotFoundError<Code extends string = string> extends ApiError<Code> {
  override name = "NotFoundError";
  declare readonly status: 404;
}

/** HTTP 409: the request conflicts with the resource's state. */
export class ConflictError<Code extends string = string> extends ApiError<Code> {
  override name = "ConflictError";
  declare readonly status: 409;
}

/** HTTP 429: the vendor's rate limit was hit (after any retries). */
export class RateLimitError<Code extends string = string> extends ApiError<Code> {
  override name = "RateLimitError";
  declare readonly status: 429;
  /** How long the server asked to wait (Retry-After / X-RateLimit-Reset), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** HTTP 5xx: the vendor failed (after any retries). */
export class InternalServerError<Code extends string = string> extends ApiError<Code> {
  override name = "InternalServerError";
}

/** The ApiError class for an HTTP status, so that callers tell a 400 from a 429 by type. */
export function apiErrorFor(init: ApiErrorInit & { retryAfterMs?: number | undefined }): ApiError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 && init.status <= 599 ? new InternalServerError(init) : new ApiError(init);
  }
}

/** An attempt took longer than `timeoutMs` (after any retries). */
export class TimeoutError extends ConnectivityError {
  override name = "TimeoutError";
  constructor(
    readonly timeoutMs: number,
    readonly attempts: number,
    readonly method?: string,
    /** The request URL without its query, credentials redacted. */
    readonly url?: string,
  ) {
    super(
      `request timed out after ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? "" : "s"})${method && url ? ` (${method} ${url})` : ""}`,
    );
  }
}

/** A network failure in words, with its cause (undici puts the socket error there): for a ConnectionError message. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici's cause of a proxy's 407 has an empty message: nothing to add then.
  return error.cause instanceof Error && error.cause.message
    ? `${error.message}: ${error.cause.message}`
    : error.message;
}

/** The server could not be reached or the connection broke (after any retries). */
export class ConnectionError extends ConnectivityError {
  override name = "ConnectionError";
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** Pagination could not go on safely: a repeated cursor, a server paging past its total, an unreadable page. */
export class PaginationError extends ConnectivityError {
  override name = "PaginationError";
}

/** A request was refused before it was sent: an unsafe path parameter, base URL or origin. */
export class RequestRejectedError extends ConnectivityError {
  override name = "RequestRejectedError";
}

/** A response body was larger than `maxResponseBytes`: refused from its Content-Length, or cut off while read. */
export class ResponseTooLargeError extends ConnectivityError {
  override name = "ResponseTooLargeError";
  constructor(
    readonly maxResponseBytes: number,
    readonly method?: string,
    readonly url?: string,
  ) {
    super(
      `the response body exceeds maxResponseBytes (${maxResponseBytes} bytes)${method && url ? ` (${method} ${url})` : ""}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Making an error safe to show: the one place every error a client hands out goes through.
// ---------------------------------------------------------------------------------------------

/** The longest message an error of this package carries; a longer one keeps its start and its end. */
export const MAX_MESSAGE_LENGTH = 2048;
/** The longest server text kept in the string fields `code` and `requestId`. */
const MAX_FIELD_LENGTH = 256;
/** The start of a body that is not JSON kept in `body`. */
const MAX_TEXT_BODY_LENGTH = 2048;

/** C0 and C1 controls (ANSI escapes start with ESC or CSI), line and paragraph separators, bidi overrides. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Text from a server made fit for a one-line message: controls escaped (as JSON would), at most `max` characters. */
export function showable(text: string, max: number): string {
  const escaped = text.replace(
    UNSAFE_CHARACTERS,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (escaped.length <= max) return escaped;
  // Keep the start (what failed) and the end (where: the method, URL and request id follow the server's text).
  let head = escaped.slice(0, Math.floor(max * 0.75));
  let tail = escaped.slice(escaped.length - (max - head.length - 1));
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `${head}…${tail}`;
}

/** The start of a text body (redacted first: a cut could leave a piece of a credential too short to recognise). */
function start(text: string): string {
  if (text.length <= MAX_TEXT_BODY_LENGTH) return text;
  const cut = text.slice(0, MAX_TEXT_BODY_LENGTH);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A drift finding's counts of places: the client's own tally, no server data, so never masked (they stay numbers). */
const COUNTS = ["count", "omitted"] as const;

/** Drift findings (DriftError.findings, ApiError.drift) redacted as data, their counts kept as they were. */
function redactFindings(findings: unknown[], redact: Redactor): unknown {
  const copy = redactValue(findings, redact);
  if (copy === findings) return copy; // made safe already
  findings.forEach((finding, index) => {
    const safe = (copy as Record<string, unknown>[])[index];
    if (!isPlainObject(finding) || !isPlainObject(safe)) return;
    for (const key of COUNTS) {
      const count = (finding as Record<string, unknown>)[key];
      if (typeof count === "number") safe![key] = count;
    }
  });
  return copy;
}

const safeErrors = new WeakSet<Error>();

/** Data (a DriftError's findings), as opposed to an object of some class that is not ours to copy. */
const isPlainObject = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** Sets a property in place, even one an accessor or a read-only field holds (a DOMException's message). */
function setField(target: object, key: string, value: unknown, enumerable = true): void {
  try {
    Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
  } catch {
    // a frozen error keeps what it has
  }
}

/**
 * Makes `error` safe to show, in place (its identity is kept: a caller's abort reason stays the caller's),
 * and returns it. An error of this package gets every string field and every field holding plain data
 * (arrays, plain objects) redacted, its message redacted then
 * bounded and escaped, its `body` redacted whole (text bodies cut to their start) and its stack rebuilt
 * from the new message; any other Error gets its message and stack redacted. Causes are made safe too.
 * Idempotent: an error already made safe is returned as it is.
 */
export function redactError<E>(error: E, redact: Redactor): E {
  if (!(error instanceof Error) || safeErrors.has(error)) return error;
  safeErrors.add(error);
  const ours = error instanceof ConnectivityError;
  const before = error.message;
  const message = ours ? showable(redact(before), MAX_MESSAGE_LENGTH) : redact(before);
  const stack = error.stack;
  if (message !== before) setField(error, "message", message, false);
  if (ours) {
    // A stack starts with the message as it was when first shown (server text may hold lines that look
    // like frames): keep only what follows that message, after a header written from the new one.
    let frames = "";
    if (stack !== undefined) {
      const end = before === "" ? -1 : stack.indexOf(before);
      const from = end >= 0 ? end + before.length : stack.indexOf("\n    at ");
      if (from >= 0) frames = stack.slice(from);
    }
    setField(error, "stack", `${error.name}: ${message}${frames.startsWith("\n") ? redact(frames) : ""}`, false);
    for (const [key, value] of Object.entries(error)) {
      if (key === "body")
        setField(error, key, typeof value === "string" ? start(redact(value)) : redactValue(value, redact));
      else if (key === "code" || key === "requestId")
        setField(error, key, typeof value === "string" ? showable(redact(value), MAX_FIELD_LENGTH) : value);
      else if (typeof value === "string") setField(error, key, redact(value));
      else if ((key === "findings" || key === "drift") && Array.isArray(value))
        setField(error, key, redactFindings(value, redact));
      else if (Array.isArray(value) || isPlainObject(value)) setField(error, key, redactValue(value, redact));
    }
  } else if (stack !== undefined && message !== before) setField(error, "stack", redact(stack), false);
  const { cause } = error;
  if (cause instanceof Error) redactError(cause, redact);
  else if (cause !== undefined) setField(error, "cause", redactValue(cause, redact), false);
  return error;
}
