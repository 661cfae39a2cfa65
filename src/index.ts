// connectivity-clients: the errors and helpers shared by every client. Each vendor's client lives
// in its own entry point (connectivity-clients/otc, /confluent, /madconnect) so that importing one
// never loads another.
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ConnectivityError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  RequestRejectedError,
  ResponseTooLargeError,
  TimeoutError,
  type ApiErrorInit,
  type Vendor,
} from "./core/errors.js";
export type { ApiClient, CommonOptions } from "./core/client.js";
export type {
  Page,
  Paginated,
  PaginateOptions,
  PaginationRule,
  PaginationStyle,
  PaginationTable,
} from "./core/paginate.js";
export type { RetryOptions } from "./core/retry.js";
export { DriftError, type Drift, type DriftKind, type DriftMode, type ValidateOption } from "./core/drift.js";
export { parseJson, stringifyJson } from "./core/json.js";
