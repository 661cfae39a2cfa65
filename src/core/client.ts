// The client factory every vendor builds on: an openapi-fetch client typed for one API's paths,
// given a transport (credentials, timeouts, retries), a safe path serializer, int64-exact JSON,
// and the helpers `unwrap` and `paginate`.
import createClient, { createQuerySerializer, type Client, type FetchResponse } from "openapi-fetch";
import type { HttpMethod } from "openapi-typescript-helpers";
import { checkBaseUrl } from "./base-url.js";
import { DraftRequest, draftable, type OutgoingRequest } from "./draft-request.js";
import { ApiError, ConnectionError, ConnectivityError, describeFailure, redactError, TimeoutError } from "./errors.js";
import { parseJson, stringifyJson } from "./json.js";
import { createPaginate, type Paginate, type PaginationTable } from "./paginate.js";
import { serializePath } from "./path.js";
import { createRedactor, redactValue } from "./redact.js";
import { retryPolicy, type RetryOptions } from "./retry.js";
import { createTransport, FirstAttempt, type Authorize } from "./transport.js";
import type { Method, RequestMethod } from "./typed-methods.js";
import { toApiError, type VendorProfile } from "./vendor.js";
import { PACKAGE_VERSION } from "./version.js";

/** Options every client factory takes. */
export interface CommonOptions {
  /** Where the API is served; each vendor has a default or a `region` shortcut. */
  baseUrl?: string;
  /** Retries of idempotent requests: `{ maxRetries: 2, maxDelayMs: 30_000 }` by default, `false` for none. */
  retry?: RetryOptions | false;
  /** Time limit of each attempt, in ms (default 60 000). */
  timeoutMs?: number;
  /** A fetch to use instead of the global one (proxies, tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The User-Agent header (default `connectivity-clients/<version>`). Browsers ignore it. */
  userAgent?: string;
  /** Allow a plain-http baseUrl that is not loopback (credentials then cross the network unencrypted). */
  allowInsecureHttp?: boolean;
}

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
  /** Query parameters sent with every request unless the call sets them (MadConnect's accountId). */
  defaultQuery?: Record<string, string | undefined>;
}

type AnyResult = { data?: unknown; error?: unknown; response: Response };

export type ApiClient<Paths extends {}, Table extends PaginationTable, Code extends string = string> = Omit<
  Client<Paths, "application/json">,
  "request" | Uppercase<HttpMethod>
> & { request: RequestMethod<Paths> } & {
  [M in HttpMethod as Uppercase<M>]: Method<Paths, M>;
} & {
  /** The base URL this client sends to. */
  readonly baseUrl: string;
  /** The data of a successful result; throws ApiError (or RateLimitError) for any failure, including an error envelope. */
  unwrap<R extends AnyResult>(result: Promise<R> | R): Promise<Exclude<R["data"], undefined>>;
  paginate: Paginate<Paths, Table>;
  /** True for an ApiError from this API, typed so that `error.code` completes to the vendor's documented codes. */
  isApiError(error: unknown): error is ApiError<Code>;
};

const DEFAULT_TIMEOUT_MS = 60_000;
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

export function createApiClient<Paths extends {}, Table extends PaginationTable, Code extends string = string>(
  setup: ClientSetup,
): ApiClient<Paths, Table, Code> {
  const { profile, options } = setup;
  const base = checkBaseUrl(setup.baseUrl, options.allowInsecureHttp);
  const baseUrl = base.href.replace(/\/+$/, "");
  const redact = createRedactor(setup.secrets, { signatures: setup.signatures ?? false });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    origin: base.origin,
    authorize: setup.authorize,
    retry: retryPolicy(options.retry),
    timeoutMs,
    redact,
  });
  const serializeQuery = createQuerySerializer();
  const defaults = Object.entries(setup.defaultQuery ?? {}).filter(([, v]) => v !== undefined);
  const core = createClient<Paths>({
    baseUrl,
    fetch: transport,
    pathSerializer: serializePath,
    querySerializer: defaults.length
      ? (query) => serializeQuery({ ...Object.fromEntries(defaults), ...query })
      : serializeQuery,
    bodySerializer: (body: unknown) => (body instanceof FormData ? body : stringifyJson(body)),
    headers: { "User-Agent": options.userAgent ?? `connectivity-clients/${PACKAGE_VERSION}`, ...options.headers },
    redirect: "manual",
  } as Parameters<typeof createClient<Paths>>[0]);

  /** A failure while reading the body of a response the transport returned: a typed error, as the transport's. */
  const bodyFailure = (error: unknown, request: OutgoingRequest, first: FirstAttempt | undefined): unknown => {
    const url = new URL(request.url);
    const where = redact(`${url.origin}${url.pathname}`);
    if (error instanceof DOMException && error.name === "TimeoutError")
      return new TimeoutError(timeoutMs, 1, request.method, where);
    if (first?.signal.aborted || request.signal?.aborted || error instanceof ConnectivityError) return error;
    return new ConnectionError(
      redact(`${request.method} ${where}: the response body could not be read: ${describeFailure(error)}`),
      1,
    );
  };

  /** The method of each call whose result may become an error (`unwrap` is given the result alone). */
  const methods = new WeakMap<Response, string>();

  /** `onAnswer`: called once the response has arrived, before its body is read (paginate's fetch-ahead). */
  async function call(
    method: string,
    path: string,
    init?: Record<string, unknown>,
    onAnswer?: () => void,
  ): Promise<AnyResult> {
    // openapi-fetch fills the path only when `params.path` is given: always give one, so that a missing
    // parameter is refused instead of sent as a literal "{name}".
    const params = init?.params as Record<string, unknown> | undefined;
    if (!params?.path) init = { ...init, params: { ...params, path: {} } };
    const asJson = !init?.parseAs || init.parseAs === "json";
    // JSON is read before the call returns, so its first attempt's clock also bounds reading the body;
    // a stream is read later, under a clock of its own per attempt.
    const first = asJson ? new FirstAttempt(timeoutMs, init?.signal as AbortSignal | undefined) : undefined;
    // Which request got a response: a failure after that is one of reading its body.
    let answered: OutgoingRequest | undefined;
    const fetch = async (request: OutgoingRequest) => {
      const response = await transport(request, first);
      answered = request;
      onAnswer?.();
      return response;
    };
    let result: AnyResult;
    try {
      const options: Record<string, unknown> = { fetch, ...init };
      if (first) options.parseAs = "text";
      if (draftable(init, usesMiddleware)) options.Request = DraftRequest;
      result = (await core.request(method as "get", path as never, options as never)) as AnyResult;
    } catch (error) {
      throw redactError(answered ? bodyFailure(error, answered, first) : error, redact);
    } finally {
      first?.done();
    }
    const { response } = result;
    if (!response.ok || profile.bodyError) methods.set(response, method);
    if (!response.ok) {
      // The raw result's error is shown as a thrown one is: redacted.
      return { error: redactValue(result.error, redact), response };
    }
    if (!asJson || typeof result.data !== "string") return result;
    if (result.data === "") return { data: undefined, response };
    try {
      return { data: parseJson(result.data), response };
    } catch {
      throw toApiError({
        profile,
        redact,
        response,
        method,
        body: result.data,
        details: { code: "invalid_json", message: "the response body is not valid JSON (truncated or not JSON)" },
      });
    }
  }

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
  for (const method of METHODS)
    client[method] = (path: string, init?: Record<string, unknown>) => call(method, path, init);
  const paginate = createPaginate({
    table: setup.pagination,
    baseUrl,
    getPage: (path, init, onAnswer) => succeeded(call("GET", path, init, onAnswer)),
    redact,
  });
  // An argument refused at once (an unknown path, a bad option) is an error the client hands out too.
  client.paginate = (...args: Parameters<typeof paginate>) => {
    try {
      return paginate(...args);
    } catch (error) {
      throw redactError(error, redact);
    }
  };
  return client as unknown as ApiClient<Paths, Table, Code>;
}

export type { FetchResponse };
