// The call signatures of a client's methods: openapi-fetch's, with excess properties rejected and
// at a fraction of the compiler's work.
import type {
  FetchResponse as OpenapiFetchResponse,
  HeadersOptions,
  Middleware,
  ParamsOption,
  ParseAs,
  RequestBodyOption,
} from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";

/**
 * A call's raw result: openapi-fetch's FetchResponse, under a name of this package. A library built
 * with `declaration: true` that returns one gets it written as `import("connectivity-clients/otc")
 * .FetchResponse<…>` whatever its layout: the name of openapi-fetch's own type would be written as
 * `import("openapi-fetch")` wherever openapi-fetch sits beside this package (npm's layout), which its
 * users under pnpm (openapi-fetch under this package) cannot resolve.
 */
export type FetchResponse<
  T extends Record<string | number, any>,
  Options,
  Media extends MediaType,
> = OpenapiFetchResponse<T, Options, Media>;

/**
 * What a call takes besides its parameters and body: openapi-fetch's request options and fetch's
 * own init. One interface, not openapi-fetch's per-operation `FetchOptions<T>` (an `Omit` and
 * generic serializer types instantiated anew for every call), which is most of the cost of a call.
 * No `querySerializer` or `pathSerializer`: the client refuses them on a call (it always encodes and
 * checks parameters itself), so they do not compile either.
 */
export interface CallOptions extends Omit<RequestInit, "body" | "headers" | "method" | "signal"> {
  baseUrl?: string | undefined;
  headers?: HeadersOptions | undefined;
  middleware?: Middleware[] | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  bodySerializer?: ((body: any) => any) | undefined;
  signal?: AbortSignal | null | undefined;
}

/** The operation behind a path and method. */
export type OperationOf<Paths, Path, Method extends HttpMethod> = Path extends keyof Paths
  ? Method extends keyof Paths[Path]
    ? Paths[Path][Method]
    : never
  : never;
/** What a call of `Operation` takes: its parameters and body as the spec types them, and the call options. */
export type OperationInit<Operation> = ParamsOption<Operation> & RequestBodyOption<Operation> & CallOptions;

/**
 * openapi-fetch infers the whole `init` as a type parameter, which turns TypeScript's excess-property
 * check off (a misspelled query parameter or body field would compile). Here `init` is the
 * operation's own type and only `parseAs` is inferred, so the compiler checks the object literal
 * itself: a key the operation does not have is an error that names it, at every depth.
 */
type InitArgs<Init, As extends ParseAs> =
  RequiredKeysOf<Init> extends never ? [init?: Init & { parseAs?: As }] : [init: Init & { parseAs?: As }];
type OperationResult<Operation, As extends ParseAs> =
  Operation extends Record<string | number, any>
    ? FetchResponse<Operation, "json" extends As ? {} : { parseAs: As }, "application/json">
    : never;

export type Method<Paths extends {}, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  As extends ParseAs = "json",
>(
  url: Path,
  ...init: InitArgs<OperationInit<OperationOf<Paths, Path, M>>, As>
) => Promise<OperationResult<OperationOf<Paths, Path, M>, As>>;
export type RequestMethod<Paths extends {}> = <
  M extends HttpMethod,
  Path extends PathsWithMethod<Paths, M>,
  As extends ParseAs = "json",
>(
  method: M,
  url: Path,
  ...init: InitArgs<OperationInit<OperationOf<Paths, Path, M>>, As>
) => Promise<OperationResult<OperationOf<Paths, Path, M>, As>>;
