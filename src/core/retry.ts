// When and how long to wait before retrying a request.
import { onAbort } from "./abort.js";

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** Upper bound of any single wait, including a server's Retry-After (default 30 s). */
  maxDelayMs?: number | undefined;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, maxDelayMs: 30_000 };
const INITIAL_DELAY_MS = 500;
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export const isIdempotent = (method: string) => IDEMPOTENT_METHODS.has(method);
export const isRetryableStatus = (status: number) => RETRYABLE_STATUS.has(status);

const DELTA_SECONDS = /^\d+$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(?<month>${MONTHS.join("|")})`;
const TIME = "(?<hour>[01]\\d|2[0-3]):(?<minute>[0-5]\\d):(?<second>[0-5]\\d|60)";
const DAY_NAME = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
// RFC 9110's HTTP-date (section 5.6.7): IMF-fixdate, and the two obsolete forms a recipient must accept,
// rfc850-date and asctime-date.
const HTTP_DATES = [
  `^${DAY_NAME}, (?<day>\\d\\d) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`,
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?<day>\\d\\d)-${MONTH}-(?<yy>\\d\\d) ${TIME} GMT$`,
  `^${DAY_NAME} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`,
].map((form) => new RegExp(form));

/**
 * An HTTP-date in ms since the epoch, or undefined for any other text: a strict match, never V8's
 * lenient Date.parse (which reads "-1" or "1, 1" as dates in 2001).
 */
export function parseHttpDate(text: string, now = Date.now()): number | undefined {
  const fields = HTTP_DATES.map((form) => form.exec(text)?.groups).find((groups) => groups !== undefined);
  if (!fields) return undefined;
  let year = Number(fields.year);
  if (fields.yy !== undefined) {
    // The next year ending in these two digits (this one included), unless that is more than 50 years
    // ahead: then the most recent past one. Counted from this year, not this century: in 1999, 00 is 2000.
    const thisYear = new Date(now).getUTCFullYear();
    year = thisYear + ((Number(fields.yy) - (thisYear % 100) + 100) % 100);
    if (year > thisYear + 50) year -= 100;
  }
  const month = MONTHS.indexOf(fields.month!);
  const day = Number(fields.day);
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  // 31 Feb is no date (setUTCFullYear would roll it over to March).
  if (date.getUTCDate() !== day) return undefined;
  return date.getTime() + ((Number(fields.hour) * 60 + Number(fields.minute)) * 60 + Number(fields.second)) * 1000;
}

/**
 * How long the server asked to wait, in ms: `Retry-After` (delay-seconds or an HTTP-date, as RFC 9110
 * writes them), else Confluent's `X-RateLimit-Reset` (relative seconds, per its spec), else undefined.
 */
export function serverDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (DELTA_SECONDS.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = parseHttpDate(retryAfter, now);
    if (date !== undefined) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

/** Exponential backoff with full jitter for retry number `retry` (0-based), or the server's own delay; capped. */
export function retryDelayMs(retry: number, policy: RetryPolicy, headers?: Headers, random = Math.random): number {
  const asked = headers ? serverDelayMs(headers) : undefined;
  const backoff = INITIAL_DELAY_MS * 2 ** retry * (0.5 + random() / 2);
  return Math.min(asked ?? backoff, policy.maxDelayMs);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
    const unsubscribe =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
  });
}
