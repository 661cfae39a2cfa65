// The call signatures of a client's methods: openapi-fetch's, with excess properties rejected.
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";

/** The keys of any member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** The type of `K` in the members of a union that have it. */
type ValueOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** `T` with every property that `Shape` does not declare typed `never`, at every depth. */
type Exact<T, Shape> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? Shape extends readonly (infer Item)[]
      ? { [K in keyof T]: Exact<T[K], Item> }
      : T
    : T extends object
      ? Shape extends object
        ? string extends KeysOf<Shape>
          ? T
          : {
              [K in keyof T]: K extends KeysOf<Shape> ? Exact<T[K], NonNullable<ValueOf<Shape, K>>> : never;
            }
        : T
      : T;
type InitParam<Init, Checked> =
  RequiredKeysOf<Init> extends never
    ? [(Init & Checked & { [key: string]: unknown })?]
    : [Init & Checked & { [key: string]: unknown }];
/**
 * openapi-fetch infers `init` as a type parameter, which turns TypeScript's excess-property check off:
 * a path or query parameter or a body field the operation does not have would compile. The methods
 * below type every such property `never`.
 */
type Checked<Init, Shape> = {
  [K in Extract<keyof Init, "params" | "body">]?: Exact<Init[K], NonNullable<ValueOf<Shape, K>>>;
};
type OperationInit<Paths, Path, Method extends HttpMethod> = Path extends keyof Paths
  ? Method extends keyof Paths[Path]
    ? MaybeOptionalInit<Paths[Path], Method>
    : never
  : never;
type OperationResult<Paths, Path, Method extends HttpMethod, Init> = Path extends keyof Paths
  ? Method extends keyof Paths[Path]
    ? Paths[Path][Method] extends Record<string | number, any>
      ? FetchResponse<Paths[Path][Method], Init, "application/json">
      : never
    : never
  : never;
export type Method<Paths extends {}, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends OperationInit<Paths, Path, M>,
>(
  url: Path,
  ...init: InitParam<Init, Checked<Init, OperationInit<Paths, Path, M>>>
) => Promise<OperationResult<Paths, Path, M, Init>>;
export type RequestMethod<Paths extends {}> = <
  M extends HttpMethod,
  Path extends PathsWithMethod<Paths, M>,
  Init extends OperationInit<Paths, Path, M>,
>(
  method: M,
  url: Path,
  ...init: InitParam<Init, Checked<Init, OperationInit<Paths, Path, M>>>
) => Promise<OperationResult<Paths, Path, M, Init>>;
