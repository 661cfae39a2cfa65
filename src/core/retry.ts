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

/**
 * How long the server asked to wait, in ms: `Retry-After` (seconds or an HTTP date), else
 * Confluent's `X-RateLimit-Reset` (relative seconds, per its spec), else undefined.
 */
export function serverDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
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
