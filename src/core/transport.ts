// The fetch that openapi-fetch is given: it adds credentials (only for the client's own origin),
// bounds each attempt by a timeout, and retries idempotent requests on network errors and on
// 408/429/5xx answers, honouring the server's Retry-After.
import { DraftRequest, type OutgoingRequest } from "./draft-request.js";
import { ConnectionError, describeFailure, RequestRejectedError, TimeoutError } from "./errors.js";
import type { Redactor } from "./redact.js";
import { isIdempotent, isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from "./retry.js";

export type Authorize = (request: OutgoingRequest) => void | Promise<void>;

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

/**
 * The time limit of a call's first attempt, set up before the call so that the same clock also
 * bounds reading the body. It follows the caller's signal, and must be `done()` once the body has
 * been read.
 */
export class FirstAttempt {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #onCallerAbort: (() => void) | undefined;
  timedOut = false;

  constructor(
    readonly timeoutMs: number,
    readonly callerSignal: AbortSignal | undefined,
  ) {
    if (callerSignal?.aborted) this.#controller.abort(callerSignal.reason);
    else if (callerSignal) {
      this.#onCallerAbort = () => this.#controller.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", this.#onCallerAbort, { once: true });
    }
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the clock (a retry has a clock of its own). */
  disarm(): void {
    clearTimeout(this.#timer);
  }

  done(): void {
    this.disarm();
    if (this.#onCallerAbort) this.callerSignal!.removeEventListener("abort", this.#onCallerAbort);
  }
}

export type Transport = (request: OutgoingRequest, first?: FirstAttempt) => Promise<Response>;

export function createTransport(config: TransportConfig): Transport {
  const { origin, authorize, retry, timeoutMs, redact } = config;
  const send = config.fetch;

  // The attempt's signal goes in fetch's init rather than on the Request: a Request made to follow a
  // signal costs more than fetch's own (Node's fetch copies every Request it is given, following its signal).
  async function attempt(request: OutgoingRequest, signal: AbortSignal): Promise<Response> {
    for (let hop = 0; ; hop++) {
      await authorize(request);
      const response = await (request instanceof DraftRequest
        ? send(request.url, request.init(signal))
        : send(request, { signal }));
      const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
      // Only safe methods follow a redirect, and only within the origin: credentials never leave it.
      if (!location || hop === MAX_REDIRECTS || (request.method !== "GET" && request.method !== "HEAD"))
        return response;
      const target = new URL(location, request.url);
      if (target.origin !== origin) return response;
      await response.body?.cancel();
      request = new Request(target, request instanceof DraftRequest ? request.init() : request);
    }
  }

  // A URL that starts with the origin and a "/" has exactly that origin: no need to parse it.
  const originPath = `${origin}/`;
  /** `first`: the call's first-attempt clock; without it every attempt gets its own. */
  return async function transport(request: OutgoingRequest, first?: FirstAttempt): Promise<Response> {
    if (!request.url.startsWith(originPath)) {
      const target = new URL(request.url).origin;
      if (target !== origin)
        throw new RequestRejectedError(
          `refusing to send a request to ${target}: this client sends credentials only to ${origin}`,
        );
    }
    const retries = isIdempotent(request.method) ? retry.maxRetries : 0;
    const callerSignal = first ? first.callerSignal : request.signal;
    for (let attemptNo = 0; ; attemptNo++) {
      const last = attemptNo >= retries;
      // A body can be sent once: keep the original for the next attempt while one may follow.
      const current = request.body && !last ? request.clone() : request;
      let signal: AbortSignal;
      let timedOut: () => boolean;
      if (attemptNo === 0 && first) {
        signal = first.signal;
        timedOut = () => first.timedOut;
      } else {
        first?.disarm();
        const timeout = AbortSignal.timeout(timeoutMs);
        signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
        timedOut = () => timeout.aborted;
      }
      let response: Response;
      try {
        response = await attempt(current, signal);
      } catch (error) {
        if (callerSignal?.aborted) throw callerSignal.reason;
        if (error instanceof RequestRejectedError) throw error;
        if (!last) {
          await sleep(retryDelayMs(attemptNo, retry), callerSignal);
          continue;
        }
        const url = new URL(request.url);
        const where = redact(`${request.method} ${url.origin}${url.pathname}`);
        if (timedOut())
          throw new TimeoutError(timeoutMs, attemptNo + 1, request.method, redact(`${url.origin}${url.pathname}`));
        throw new ConnectionError(redact(`${where}: ${describeFailure(error)}`), attemptNo + 1);
      }
      if (last || !isRetryableStatus(response.status)) return response;
      const delay = retryDelayMs(attemptNo, retry, response.headers);
      await response.body?.cancel();
      first?.disarm();
      await sleep(delay, callerSignal);
    }
  };
}
