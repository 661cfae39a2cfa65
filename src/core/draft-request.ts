// The request of a call as openapi-fetch builds it, kept as the URL and init it would give
// `new Request()`. openapi-fetch takes a `Request` class of the client's choosing; this one is used
// whenever no middleware needs a real Request. Why: fetch copies any Request it is given, so a real
// one would be built twice per call, and on Node 20 each costs an AbortSignal (~20 µs of CPU, more
// than all of this client's own work). A draft is turned into a Request once, by fetch itself.

/** What the transport and the credentials see of a request: a real Request, or a call's draft. */
export type OutgoingRequest = Request | DraftRequest;

export class DraftRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The serialized body: reusable as is, so a retry needs no copy. */
  readonly body: string | null;
  /** The caller's signal, if any (a Request would follow it). */
  readonly signal: AbortSignal | undefined;
  readonly #init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.#init = init;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    if (init.body != null && typeof init.body !== "string") throw new TypeError("a draft request's body is text");
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
  }

  /** A copy with headers of its own (the body is a string: shared, as it can be sent any number of times). */
  clone(): DraftRequest {
    return new DraftRequest(this.url, { ...this.#init, headers: new Headers(this.headers) });
  }

  /** fetch's init for this request, under `signal`. The transport follows redirects itself, whatever the call's init said. */
  init(signal?: AbortSignal): RequestInit {
    return { ...this.#init, headers: this.headers, signal, redirect: "manual" };
  }
}

/**
 * A call can go as a draft unless a middleware may see its Request or its body may not be text: form
 * data, or whatever the call's own `bodySerializer` makes (bytes, a Blob).
 */
export const draftable = (init: Record<string, unknown> | undefined, usesMiddleware: boolean): boolean =>
  !usesMiddleware &&
  !(init?.middleware as unknown[] | undefined)?.length &&
  !(init?.body instanceof FormData) &&
  init?.bodySerializer === undefined;
