// The typed errors of every client. Each is built from already-redacted values, so printing,
// serialising or inspecting one can never reveal a credential.

export type Vendor = "otc" | "confluent" | "madconnect";

/** Base class of every error this package throws. */
export class ConnectivityError extends Error {
  override name = "ConnectivityError";
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
}

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

  constructor(init: ApiErrorInit) {
    const where = init.method && init.url ? ` (${init.method} ${init.url})` : "";
    const code = init.code ? ` ${init.code}` : "";
    const request = init.requestId ? ` [request ${init.requestId}]` : "";
    super(`${init.vendor} ${init.status}${code}: ${init.message}${where}${request}`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.vendor = init.vendor;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      vendor: this.vendor,
      body: this.body,
    };
  }
}

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

  override toJSON() {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
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
      return init.status >= 500 ? new InternalServerError(init) : new ApiError(init);
  }
}

/** An attempt took longer than `timeoutMs` (after any retries). */
export class TimeoutError extends ConnectivityError {
  override name = "TimeoutError";
  constructor(
    readonly timeoutMs: number,
    readonly attempts: number,
    readonly method?: string,
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
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
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
