// What sends every request of a client: it adds credentials (only for the client's own origin, and
// only to a copy of the request, never to the one middleware sees), owns redirects (whatever a
// call's init says), bounds each attempt by a timeout, reads the body within the attempt and within
// `maxResponseBytes`, and retries idempotent requests on network errors (a body cut off included)
// and on 408/429/5xx answers, honouring the server's Retry-After.
import { onAbort, unlessAborted, type Abortable } from "./abort.js";
import { DraftRequest, type OutgoingRequest } from "./draft-request.js";
import {
  ConnectionError,
  ConnectivityError,
  describeFailure,
  RequestRejectedError,
  ResponseTooLargeError,
  TimeoutError,
} from "./errors.js";
import type { Redactor } from "./redact.js";
import { declaredTooLarge, limitStream, readBody, withBody } from "./response-body.js";
import { isIdempotent, isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from "./retry.js";

export type Authorize = (request: OutgoingRequest) => void | Promise<void>;

export interface TransportConfig {
  /** A custom fetch; undefined: the platform's (looked up at each call, so that a test can replace it). */
  fetch: typeof globalThis.fetch | undefined;
  /** The only origin requests (and so credentials) may go to. */
  origin: string;
  /** Sets the credential headers on a request about to be sent (once per attempt: signatures carry a date). */
  authorize: Authorize;
  retry: RetryPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  redact: Redactor;
}

const MAX_REDIRECTS = 5;

const platformFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
/** The runtime's own fetch, as loaded: a replacement (a test's stub) is watched as a custom fetch is. */
const nativeFetch = globalThis.fetch;

/**
 * The time limit of one attempt. It follows the caller's signal, and must be `done()` once the attempt
 * is over. Its timer, unlike `AbortSignal.timeout`'s, keeps Node running: a call whose fetch holds
 * nothing else open (a custom fetch) still ends in its TimeoutError instead of the process exiting.
 */
export class AttemptClock implements Abortable {
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #unsubscribe: (() => void) | undefined;
  /** Called when the clock aborts: plain callbacks, cheaper than an "abort" listener on the signal per use. */
  #watchers: Set<() => void> | undefined;
  /** Set once the time limit has passed. */
  declare timedOut: true | undefined;
  /** What must live as long as the call: the Request a middleware sees (src/core/client.ts says why). */
  declare held: Request | undefined;

  constructor(
    readonly timeoutMs: number,
    readonly callerSignal: AbortSignal | undefined,
  ) {
    if (callerSignal?.aborted) this.#controller.abort(callerSignal.reason);
    else if (callerSignal) this.#unsubscribe = onAbort(callerSignal, () => this.#abort(callerSignal.reason));
  }

  /**
   * Starts the time limit, as the attempt is sent: what runs before (a middleware waiting for a free slot)
   * is no part of it. Never started, a clock is a signal that follows the caller's.
   */
  start(): this {
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#abort(new DOMException(`timed out after ${this.timeoutMs} ms`, "TimeoutError"));
    }, this.timeoutMs);
    return this;
  }

  #abort(reason: unknown): void {
    this.#controller.abort(reason);
    const watchers = this.#watchers;
    this.#watchers = undefined;
    for (const watcher of watchers ?? []) watcher();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  readonly whenAborted = (callback: () => void): (() => void) => {
    if (this.signal.aborted) {
      callback();
      return () => {};
    }
    const watchers = (this.#watchers ??= new Set());
    // A wrapper, so that the same function given twice is two subscriptions.
    const watcher = () => callback();
    watchers.add(watcher);
    return () => void this.#watchers?.delete(watcher);
  };

  /** Stops the clock (a retry has a clock of its own). */
  disarm(): void {
    clearTimeout(this.#timer);
  }

  /** Keeps the clock without holding Node open for it: for a stream handed to a caller who may never read it. */
  letGo(): void {
    (this.#timer as { unref?: () => void }).unref?.();
  }

  done(): void {
    this.disarm();
    this.#unsubscribe?.();
  }
}

/** What one call asks of the transport. */
export interface CallContext {
  /** The clock of the call's first attempt, made before the call and started here (the caller ends it); without it every attempt gets its own. */
  first?: AttemptClock | undefined;
  /** A fetch for this call only, in place of the client's: credentials, redirects, limits and retries still apply. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Called once, when the response to be returned has arrived (before its body is read). */
  onAnswer?: ((response: Response) => void) | undefined;
  /** "bytes": the body is read within the attempt (and retried with it); "stream": the caller reads it. */
  read: "bytes" | "stream";
}

/** A response; with `read: "bytes"`, its body is `body` (the response's own stream has been read). */
export interface Answer {
  response: Response;
  body?: Uint8Array;
}

export type Transport = (request: OutgoingRequest, call: CallContext) => Promise<Answer>;

/** The URL, or undefined when it does not parse (a malformed Location is not followed). */
function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/** A copy to put credentials on: the request openapi-fetch built is the one its middleware hooks see. */
const copyOf = (request: OutgoingRequest): OutgoingRequest => request.clone();

export function createTransport(config: TransportConfig): Transport {
  const { origin, authorize, retry, timeoutMs, maxResponseBytes, redact } = config;

  // The attempt's signal goes in fetch's init rather than on the Request: a Request made to follow a
  // signal costs more than fetch's own (Node's fetch copies every Request it is given, following its signal).
  // `redirect: "manual"` in that init overrides whatever the call's init put on the request.
  /**
   * One attempt, redirects followed. `guarded`: `send` is a custom fetch, which might ignore its signal,
   * so the clock's end is watched as well (the platform's fetch ends on its signal, as the Fetch
   * standard says, and is spared that work).
   */
  async function attempt(request: OutgoingRequest, clock: Abortable, send: typeof fetch, guarded: boolean) {
    const { signal } = clock;
    let outgoing = copyOf(request);
    for (let hop = 0; ; hop++) {
      await authorize(outgoing);
      const sending =
        outgoing instanceof DraftRequest
          ? send(outgoing.url, outgoing.init(signal))
          : send(outgoing, { signal, redirect: "manual" });
      const response = await (guarded ? unlessAborted(sending, clock) : sending);
      const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
      // Only safe methods follow a redirect, and only within the origin: credentials never leave it.
      if (!location || hop === MAX_REDIRECTS || (outgoing.method !== "GET" && outgoing.method !== "HEAD"))
        return response;
      const target = parseUrl(location, outgoing.url);
      // A target with userinfo is no request fetch can make (and no place for credentials): returned too.
      if (target?.origin !== origin || target.username || target.password) return response;
      // Not awaited: the body of a custom fetch that ignores its signal may never end its cancel.
      response.body?.cancel().catch(() => {});
      outgoing = new Request(target, outgoing instanceof DraftRequest ? outgoing.init() : outgoing);
    }
  }

  const where = (request: OutgoingRequest) => {
    const url = new URL(request.url);
    return redact(`${url.origin}${url.pathname}`);
  };
  const tooLarge = (request: OutgoingRequest) => () =>
    new ResponseTooLargeError(maxResponseBytes, request.method, where(request));

  // A URL that starts with the origin and a "/" has exactly that origin: no need to parse it.
  const originPath = `${origin}/`;
  return async function transport(request: OutgoingRequest, call: CallContext): Promise<Answer> {
    if (!request.url.startsWith(originPath)) {
      const url = parseUrl(request.url);
      // Never echoed (nor left to URL's own error, which quotes it): it may hold a password or a token.
      if (!url) throw new RequestRejectedError(`the request URL does not parse (${request.url.length} characters)`);
      // fetch refuses userinfo: refused here, never retried as a network error that would quote it.
      if (url.username || url.password)
        throw new RequestRejectedError(
          "refusing a request URL that carries a username or password; use the auth option",
        );
      const target = url.origin;
      if (target !== origin)
        throw new RequestRejectedError(
          `refusing to send a request to ${target}: this client sends credentials only to ${origin}`,
        );
    }
    const { first } = call;
    const custom = call.fetch ?? config.fetch;
    const send = custom ?? platformFetch;
    const guarded = custom !== undefined || globalThis.fetch !== nativeFetch;
    const retries = isIdempotent(request.method) ? retry.maxRetries : 0;
    const callerSignal = first ? first.callerSignal : request.signal;
    let answered = false;
    for (let attemptNo = 0; ; attemptNo++) {
      const last = attemptNo >= retries;
      const clock = (attemptNo === 0 && first ? first : new AttemptClock(timeoutMs, callerSignal)).start();
      const { signal } = clock;
      /** Ends this attempt's clock (the caller's own, made before the call, is only stopped: the caller ends it). */
      const stopClock = () => {
        if (clock === first) first.disarm();
        else clock.done();
      };
      let response: Response | undefined;
      let reading = false;
      /** What ends the call when this attempt failed with `error` and is not retried. */
      const failure = (error: unknown): unknown => {
        if (callerSignal?.aborted) return callerSignal.reason;
        const url = where(request);
        if (clock.timedOut) return new TimeoutError(timeoutMs, attemptNo + 1, request.method, url);
        const what = `${reading ? "the response body could not be read: " : ""}${describeFailure(error)}`;
        return new ConnectionError(redact(`${request.method} ${url}: ${what}`), attemptNo + 1);
      };
      try {
        response = await attempt(request, clock, send, guarded);
        // Whatever its status: a retry would be told the same size.
        if (declaredTooLarge(response, maxResponseBytes, request.method)) {
          response.body?.cancel().catch(() => {});
          throw tooLarge(request)();
        }
        if (last || !isRetryableStatus(response.status)) {
          if (!answered) {
            answered = true;
            call.onAnswer?.(response);
          }
          if (!response.body) {
            stopClock();
            return { response };
          }
          reading = true;
          if (call.read === "stream") {
            // The caller reads the stream after this returns: its failures are made the call's errors then,
            // and the clock still bounds it.
            if (clock !== first) clock.letGo();
            const ended = clock === first ? undefined : () => clock.done();
            const body = limitStream(response.body, maxResponseBytes, tooLarge(request), failure, clock, ended);
            return { response: withBody(response, body) };
          }
          const body = await readBody(response.body, maxResponseBytes, tooLarge(request), clock, guarded);
          stopClock();
          return { response, body };
        }
      } catch (error) {
        stopClock();
        if (callerSignal?.aborted) throw callerSignal.reason;
        // Refused before sending, or too large: trying again would not change the answer.
        if (error instanceof ConnectivityError) throw error;
        if (!last) {
          await sleep(retryDelayMs(attemptNo, retry), callerSignal);
          continue;
        }
        throw failure(error);
      }
      const delay = retryDelayMs(attemptNo, retry, response.headers);
      response.body?.cancel().catch(() => {});
      stopClock();
      await sleep(delay, callerSignal);
    }
  };
}
