// What differs between vendors at run time: how an error is read out of a body.
import { apiErrorFor, redactError, type ApiError, type Vendor } from "./errors.js";
import { errorResponseDrift } from "./error-base.js";
import { MAX_TIMER_MS } from "./options.js";
import type { Redactor } from "./redact.js";
import { serverDelayMs } from "./retry.js";

export interface ErrorDetails {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

export interface VendorProfile {
  vendor: Vendor;
  /** Reads the vendor's error body: parsed JSON, or the text when it was not JSON. */
  errorDetails(body: unknown): ErrorDetails;
  /** A successful (2xx) body that is an error all the same, as MadConnect's envelope with an error statusCode. */
  bodyError?(data: unknown): ErrorDetails | undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const stringOrUndefined = (value: unknown): string | undefined =>
  typeof value === "string" && value !== ""
    ? value
    : typeof value === "number" || typeof value === "bigint"
      ? String(value)
      : undefined;

function describeUnreadable(body: unknown, response: Response): string {
  const type = response.headers.get("content-type") ?? "no content type";
  if (body === undefined || body === "") return `${response.statusText || "error"} (empty body)`;
  if (typeof body === "string") return `${response.statusText || "error"} (unreadable ${type} body)`;
  return response.statusText || "error";
}

export interface ErrorContext {
  profile: VendorProfile;
  redact: Redactor;
  response: Response;
  body: unknown;
  method?: string | undefined;
  details?: ErrorDetails | undefined;
}

/** The longest wait setTimeout can make (2^31 − 1 ms, about 24.8 days): a longer ask is handed out as that, never Infinity. */
const boundedDelay = (ms: number | undefined) => (ms === undefined ? undefined : Math.min(ms, MAX_TIMER_MS));

/** The typed error for a response that failed (or a body that is an error), made safe to show. */
export function toApiError({ profile, redact, response, body, method, details }: ErrorContext): ApiError {
  const read = details ?? (body === undefined ? {} : profile.errorDetails(body));
  const url = response.url ? new URL(response.url) : undefined;
  const init = {
    status: response.status,
    code: read.code,
    message: read.message ?? describeUnreadable(body, response),
    requestId: response.headers.get("x-request-id") || read.requestId || undefined,
    vendor: profile.vendor,
    body,
    method,
    url: url && `${url.origin}${url.pathname}`,
    drift: errorResponseDrift.get(response),
  };
  const error = apiErrorFor(
    response.status === 429 ? { ...init, retryAfterMs: boundedDelay(serverDelayMs(response.headers)) } : init,
  );
  return redactError(error, redact);
}
