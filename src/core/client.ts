// The client factory every vendor builds on: an openapi-fetch client typed for one API's paths,
// given a transport (credentials, timeouts, retries), a safe path serializer, int64-exact JSON,
// and the helpers `unwrap` and `paginate`.
import createClient, { type Client } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { checkBaseUrl } from "./base-url.js";
import type { DriftModule } from "./drift.js";
import { withDriftHook } from "./drift-hook.js";
import { DraftRequest, draftable, type OutgoingRequest } from "./draft-request.js";
import { ApiError, redactError } from "./errors.js";
import { parseJson, stringifyJson } from "./json.js";
import { checkCallOptions, resolveOptions, type CommonOptions } from "./options.js";
import {
  createPaginate,
  type CursorsOf,
  type Paginate,
  type PaginationStyle,
  type PaginationTable,
} from "./paginate.js";
import type { CursorFactory } from "./paginate/cursor.js";
import { serializePath } from "./path.js";
import { createSafeQuerySerializer } from "./query.js";
import { createRedactor, redactValue } from "./redact.js";
import { withBody } from "./response-body.js";
import { createTransport, AttemptClock, type Authorize, type CallContext } from "./transport.js";
import type { Method, RequestMethod } from "./typed-methods.js";
import { toApiError, type VendorProfile } from "./vendor.js";
import { PACKAGE_VERSION } from "./version.js";

export type { CommonOptions } from "./options.js";

export interface ClientSetup {
  profile: VendorProfile;
  /** The base URL after vendor defaults and region shortcuts. */
  baseUrl: string;
  options: CommonOptions;
  authorize: Authorize;
  /** Every secret this client holds, as sent or used (see credentials.ts), so that no error can echo one. */
  secrets: string[];
  /** The client signs its requests (AK/SK): a bare signature must not show either. */
  signatures?: boolean;
  pagination: PaginationTable;
  /** The cursor factory of each paging style `pagination` uses (only those: the others stay out of a bundle). */
  cursors: Partial<Record<PaginationStyle, CursorFactory>>;
  /** Query parameters sent with every request unless the call sets them (MadConnect's accountId). */
  defaultQuery?: Record<string, string | undefined>;
  /** Imports the API's drift module, the checker with its validators (only when `validate` is on). */
  drift: () => Promise<DriftModule>;
}

export type AnyResult = { data?: unknown; error?: unknown; response: Response };
/**
 * What the drift check (src/core/drift.ts, only with `validate` on) is shown of a call beyond its result:
 * a raw result cannot tell an error body that was a JSON string from one that was no JSON at all, and a
 * success whose body is empty or no JSON ends in an `invalid_json` error before any result.
 */
export interface CallWatch {
  /** An error response (as openapi-fetch reads it) and its body's bytes as received. */
  errorBody(response: Response, bytes: Uint8Array): void;
  /** A success whose body is empty or no JSON, before its `invalid_json` error is made (which then carries its drift). */
  unreadable(response: Response): Promise<void>;
}
/** One call of a client: what its methods, `request` and `paginate` go through. */
export type ClientCall = (
  method: string,
  path: string,
  init?: Record<string, unknown>,
  onAnswer?: (response: Response) => void,
  watch?: CallWatch,
) => Promise<AnyResult>;
/** A call's result as `unwrap` reads it (inferring only `data` keeps the compiler's work small). */
type Outcome<Data> = { data?: Data | undefined; response: Response };
/** What `unwrap` resolves to: the data, never undefined unless the operation has no body at all (a 204). */
type Unwrapped<Data> = [Exclude<Data, undefined>] extends [never] ? undefined : Exclude<Data, undefined>;

export type ApiClient<Paths extends {}, Table extends PaginationTable, Code extends string = string> = Omit<
  Client<Paths, "application/json">,
  "request" | Uppercase<HttpMethod>
> & { request: RequestMethod<Paths> } & {
  [M in HttpMethod as Uppercase<M>]: Method<Paths, M>;
} & {
  /** The base URL this client sends to. */
  readonly baseUrl: string;
  /**
   * The data of a successful result (undefined for an operation that answers without a body, a 204);
   * throws ApiError (or RateLimitError) for any failure, including an error envelope.
   */
  unwrap<Data>(result: PromiseLike<Outcome<Data>> | Outcome<Data>): Promise<Unwrapped<Data>>;
  paginate: Paginate<Paths, Table>;
  /**
   * True for an ApiError from this client's vendor (OTC's VPC and VPC Endpoint clients share one), typed
   * so that `error.code` completes to the documented codes of this client's API.
   */
  isApiError(error: unknown): error is ApiError<Code>;
};

/**
 * The options key (not a public option) of what a client's redactor knows besides the client's own
 * credentials, `{ secrets, signatures }`: the CLI gives every credential of its environment, so that no
 * text the client cuts short (an error's message, a drift finding's sample) keeps a piece of another
 * API's credential too short to be recognised once cut; and `signatures: true` when OTC requests of the
 * environment are signed, so that a bare signature is masked before such a cut too.
 */
export const MORE_SECRETS: unique symbol = Symbol("connectivity-clients.moreSecrets");

/** What was given under MORE_SECRETS, if anything (strings only). */
function moreSecrets(options: CommonOptions): { secrets: string[]; signatures: boolean } {
  const more = (options as { [MORE_SECRETS]?: { secrets?: unknown; signatures?: unknown } })[MORE_SECRETS];
  const secrets = Array.isArray(more?.secrets)
    ? more.secrets.filter((secret): secret is string => typeof secret === "string")
    : [];
  return { secrets, signatures: more?.signatures === true };
}

export function createApiClient<Paths extends {}, Table extends PaginationTable, Code extends string = string>(
  setup: ClientSetup & { pagination: Table; cursors: CursorsOf<Table> },
): ApiClient<Paths, Table, Code> {
  const { profile } = setup;
  const options = resolveOptions(setup.options);
  const base = checkBaseUrl(setup.baseUrl, options.allowInsecureHttp);
  const baseUrl = base.href.replace(/\/+$/, "");
  const more = moreSecrets(setup.options);
  const redact = createRedactor([...setup.secrets, ...more.secrets], {
    signatures: (setup.signatures ?? false) || more.signatures,
  });
  const { timeoutMs } = options;
  const transport = createTransport({
    fetch: options.fetch,
    origin: base.origin,
    authorize: setup.authorize,
    retry: options.retry,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    redact,
  });
  const core = createClient<Paths>({
    baseUrl,
    // Every call passes a fetch of its own that goes through the transport: none here, so that a request
    // bypassing it fails (a TypeError: fetch is not a function) instead of going out unchecked.
    fetch: null as never,
    pathSerializer: serializePath,
    querySerializer: createSafeQuerySerializer(setup.defaultQuery),
    bodySerializer: (body: unknown) => (body instanceof FormData ? body : stringifyJson(body)),
    headers: { "User-Agent": options.userAgent ?? `connectivity-clients/${PACKAGE_VERSION}`, ...options.headers },
    redirect: "manual",
  } as Parameters<typeof createClient<Paths>>[0]);
  const decoder = new TextDecoder();

  /** The method of each call whose result may become an error (`unwrap` is given the result alone). */
  const methods = new WeakMap<Response, string>();

  /** `onAnswer`: called with the response once it has arrived, before its body is read (paginate's fetch-ahead). */
  async function plainCall(
    method: string,
    path: string,
    init?: Record<string, unknown>,
    onAnswer?: (response: Response) => void,
    watch?: CallWatch,
  ): Promise<AnyResult> {
    checkCallOptions(init);
    // openapi-fetch fills the path only when `params.path` is given: always give one, so that a missing
    // parameter is refused instead of sent as a literal "{name}".
    const params = init?.params as Record<string, unknown> | undefined;
    if (!params?.path) init = { ...init, params: { ...params, path: {} } };
    const parseAs = (init?.parseAs as string | undefined) ?? "json";
    const asJson = parseAs === "json";
    // Every body but a stream is read by the transport, within the attempt (so a body cut off is retried,
    // and each attempt's clock bounds it). A stream is read later, under a clock of its own per attempt.
    const read = parseAs === "stream" ? "stream" : "bytes";
    const first = read === "bytes" ? new AttemptClock(timeoutMs, init?.signal as AbortSignal | undefined) : undefined;
    const draft = draftable(init, usesMiddleware);
    // A JSON call without middleware decodes the bytes here: openapi-fetch is asked for a stream, so it
    // reads nothing, and no second Response is built. Otherwise openapi-fetch reads a copy holding the bytes.
    const direct = asJson && draft;
    const context: CallContext = { first, fetch: init?.fetch as typeof globalThis.fetch | undefined, onAnswer, read };
    let bytes: Uint8Array | undefined;
    /** The error response handed to openapi-fetch, and its bytes. */
    let errorBody: { copy: Response; bytes: Uint8Array } | undefined;
    const fetch = async (request: OutgoingRequest) => {
      const { response, body } = await transport(request, context);
      if (body === undefined) return response;
      if (direct && response.ok) {
        bytes = body;
        return response;
      }
      const copy = withBody(response, body as Uint8Array<ArrayBuffer>);
      if (!response.ok) {
        errorBody = { copy, bytes: body };
        watch?.errorBody(copy, body);
      }
      return copy;
    };
    let result: AnyResult;
    /** The signal of the Request middleware sees: a clock never started follows the caller's signal alone. */
    let follower: AttemptClock | undefined;
    try {
      const options: Record<string, unknown> = { ...init, fetch };
      if (asJson) options.parseAs = direct ? "stream" : "text";
      if (draft) options.Request = DraftRequest;
      else if (first) {
        // Node's Request adds a listener to the signal it is given, and follows it through a weak
        // reference (nodejs/node#55428): given the caller's signal, calls sharing it would add a listener
        // each, and a middleware waiting on request.signal, held by nothing else, would be collected with
        // the abort it waits for. It gets a follower of its own, and the call's clock, which the caller's
        // signal holds until the call ends, holds the Request.
        const { signal } = (follower = new AttemptClock(timeoutMs, first.callerSignal));
        const HeldRequest = function (url: string, requestInit: RequestInit) {
          return (first.held = new Request(url, { ...requestInit, signal }));
        };
        // What an onRequest returns is checked with `instanceof` this class: any Request is one.
        HeldRequest.prototype = Request.prototype;
        options.Request = HeldRequest;
      }
      result = (await core.request(method as "get", path as never, options as never)) as AnyResult;
    } catch (error) {
      throw redactError(error, redact);
    } finally {
      first?.done();
      follower?.done();
    }
    const { response } = result;
    if (!response.ok || profile.bodyError) methods.set(response, method);
    // The raw result's error is shown as a thrown one is: redacted. openapi-fetch parsed it with
    // JSON.parse, which rounds an integer beyond 2^53: parsed again from its bytes, as a success is.
    if (!response.ok) {
      const error = errorBody?.copy === response ? exactError(result.error, errorBody.bytes) : result.error;
      return { error: redactValue(error, redact), response };
    }
    if (!asJson) return result;
    const text = direct ? (bytes === undefined ? "" : decoder.decode(bytes)) : result.data;
    const invalid = async (message: string) => {
      await watch?.unreadable(response);
      return toApiError({ profile, redact, response, method, body: text, details: { code: "invalid_json", message } });
    };
    if (typeof text !== "string" || text === "") {
      // Every success of these APIs but 204 carries a JSON body: an empty one is not an answer.
      if (response.status === 204 || response.status === 205 || method === "HEAD") return { data: undefined, response };
      throw await invalid("the response body is empty, where a JSON body was expected");
    }
    let data: unknown;
    try {
      data = parseJson(text);
    } catch {
      throw await invalid("the response body is not valid JSON (truncated or not JSON)");
    }
    return { data, response };
  }

  /**
   * An error body as openapi-fetch gave it (`undefined` for none, the text where JSON.parse refused it,
   * else the parsed value), with the integers beyond 2^53 of a JSON body exact (bigint), as in a success.
   */
  function exactError(error: unknown, bytes: Uint8Array): unknown {
    if (error === undefined || typeof error === "string") return error;
    try {
      return parseJson(decoder.decode(bytes));
    } catch {
      return error;
    }
  }

  const call = withDriftHook(plainCall, setup, redact);

  /** The result of a call that succeeded, or the typed error of one that did not. */
  async function succeeded(pending: Promise<AnyResult> | AnyResult): Promise<{ data: unknown; response: Response }> {
    const { data, error, response } = await pending;
    const method = methods.get(response);
    if (!response.ok) throw toApiError({ profile, redact, response, method, body: error });
    const envelopeError = profile.bodyError?.(data);
    if (envelopeError) throw toApiError({ profile, redact, response, method, body: data, details: envelopeError });
    return { data, response };
  }
  const unwrap = async (pending: Promise<AnyResult> | AnyResult) => (await succeeded(pending)).data;

  // Once a middleware is registered, calls build real Requests for it to see.
  let usesMiddleware = false;
  const client: Record<string | symbol, unknown> = {
    ...core,
    use: (...middleware: Parameters<typeof core.use>) => {
      usesMiddleware = true;
      core.use(...middleware);
    },
    request: (method: string, path: string, init?: Record<string, unknown>) => call(method.toUpperCase(), path, init),
    baseUrl,
    unwrap,
    isApiError: (error: unknown) => error instanceof ApiError && error.vendor === profile.vendor,
    toJSON: () => ({ vendor: profile.vendor, baseUrl }),
    [Symbol.for("nodejs.util.inspect.custom")]: () =>
      `ConnectivityClient { vendor: '${profile.vendor}', baseUrl: '${baseUrl}' }`,
  };
  // Every HTTP method openapi-fetch's client has (GET, POST, …) goes through the transport.
  for (const method of Object.keys(core).filter((key) => /^[A-Z]+$/.test(key)))
    client[method] = (path: string, init?: Record<string, unknown>) => call(method, path, init);
  client.paginate = createPaginate({
    table: setup.pagination,
    cursors: setup.cursors,
    baseUrl,
    getPage: (path, init, onAnswer) => succeeded(call("GET", path, init, onAnswer)),
    redact,
  });
  return client as unknown as ApiClient<Paths, Table, Code>;
}

export type { FetchResponse } from "./typed-methods.js";
