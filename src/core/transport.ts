// The fetch that openapi-fetch is given: it adds credentials (only for the client's own origin),
// bounds each attempt by a timeout, and retries idempotent requests on network errors and on
// 408/429/5xx answers, honouring the server's Retry-After.
import { ConnectionError, RequestRejectedError, TimeoutError } from "./errors.js";
import type { Redactor } from "./redact.js";
import { isIdempotent, isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from "./retry.js";

export type Authorize = (request: Request) => void | Promise<void>;

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  /** The only origin requests (and so credentials) may go to. */
  origin: string;
  /** Sets the credential headers on a request about to be sent (once per attempt: signatures carry a date). */
  authorize: Authorize;
  retry: RetryPolicy;
  timeoutMs: number;
  redact: Redactor;
}

const MAX_REDIRECTS = 5;

export function createTransport(config: TransportConfig): (request: Request) => Promise<Response> {
  const { origin, authorize, retry, timeoutMs, redact } = config;
  const send = config.fetch;

  async function attempt(request: Request, signal: AbortSignal): Promise<Response> {
    for (let hop = 0; ; hop++) {
      await authorize(request);
      const response = await send(request, { signal, redirect: "manual" });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
      // Only safe methods follow a redirect, and only within the origin: credentials never leave it.
      if (!location || hop === MAX_REDIRECTS || (request.method !== "GET" && request.method !== "HEAD"))
        return response;
      const target = new URL(location, request.url);
      if (target.origin !== origin) return response;
      await response.body?.cancel();
      request = new Request(target, request);
    }
  }

  return async function transport(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== origin) {
      throw new RequestRejectedError(
        `refusing to send a request to ${url.origin}: this client sends credentials only to ${origin}`,
      );
    }
    const retries = isIdempotent(request.method) ? retry.maxRetries : 0;
    const callerSignal = request.signal;
    for (let attemptNo = 0; ; attemptNo++) {
      const last = attemptNo >= retries;
      // A body can be sent once: keep the original for the next attempt while one may follow.
      const current = request.body && !last ? request.clone() : request;
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await attempt(current, AbortSignal.any([callerSignal, timeout]));
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        if (error instanceof RequestRejectedError) throw error;
        if (!last) {
          await sleep(retryDelayMs(attemptNo, retry), callerSignal);
          continue;
        }
        const where = redact(`${request.method} ${url.origin}${url.pathname}`);
        if (timeout.aborted) throw new TimeoutError(timeoutMs, attemptNo + 1, request.method, where);
        const cause =
          error instanceof Error
            ? error.cause instanceof Error
              ? `${error.message}: ${error.cause.message}`
              : error.message
            : String(error);
        throw new ConnectionError(redact(`${where}: ${cause}`), attemptNo + 1);
      }
      if (last || !isRetryableStatus(response.status)) return response;
      const delay = retryDelayMs(attemptNo, retry, response.headers);
      await response.body?.cancel();
      await sleep(delay, callerSignal);
    }
  };
}
