// The types a client's methods return or narrow to (`paginate`, `isApiError`, an error's `drift`, a
// call's raw result), re-exported by each vendor entry. A consumer built with `declaration: true`
// writes an inferred type as an import of a module it can name: the modules that declare these are
// not in package.json's `exports`, so without the entry's re-export `export const list = () =>
// vpc.paginate(…)` fails with TS2742 ("cannot be named without a reference to …/core/paginate.js").
export type { ApiError, Vendor } from "./error-base.js";
export type { Drift, DriftKind } from "./drift.js";
export type { Page, Paginated } from "./paginate.js";
// openapi-fetch's, for a consumer whose node_modules holds openapi-fetch only under this package (pnpm);
// the raw result under a name of this package (typed-methods.ts says why).
export type { Middleware } from "openapi-fetch";
export type { FetchResponse } from "./typed-methods.js";
