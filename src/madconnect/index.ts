// MadConnect Connections client.
import { createApiClient, type ApiClient, type CommonOptions } from "../core/client.js";
import { optionsObject } from "../core/options.js";
import { offsetSizeCursor } from "../core/paginate/offset-size.js";
import { authOption, credential } from "../core/credentials.js";
import { isRecord, stringOrUndefined, type ErrorDetails, type VendorProfile } from "../core/vendor.js";
import { pagination, type ErrorCode } from "../../generated/madconnect.meta.js";
import type { paths } from "../../generated/madconnect.js";

export interface MadConnectClientOptions extends CommonOptions {
  /** MadConnect documents no public host: the base URL is required. */
  baseUrl: string;
  auth: { token: string };
  /** Sent as the `accountId` query parameter of every call that does not set its own (sub-accounts). */
  accountId?: string | undefined;
}

export type MadConnectClient = ApiClient<paths, typeof pagination, ErrorCode>;

/**
 * Every MadConnect body is `{statusCode, statusMessage, response}`; a statusCode other than 0 or 2xx
 * is an error, even with HTTP 200 (the spec's Envelope x-decision says why both mean success).
 */
export function madConnectErrorDetails(body: unknown): ErrorDetails {
  if (!isRecord(body)) return {};
  return { code: stringOrUndefined(body.statusCode), message: stringOrUndefined(body.statusMessage) };
}

const madConnectProfile: VendorProfile = {
  vendor: "madconnect",
  errorDetails: madConnectErrorDetails,
  // A body without statusCode is no envelope at all: not read as an error (drift validation reports it).
  bodyError: (data) =>
    isRecord(data) && data.statusCode !== undefined && !isSuccess(data.statusCode)
      ? madConnectErrorDetails(data)
      : undefined,
};

/**
 * 0 (the page's sample success) or 200–299 (an envelope that mirrors the HTTP status), written as a
 * whole number: a number, a bigint (beyond 2^53) or a string of digits ("200").
 */
function isSuccess(statusCode: unknown): boolean {
  const value =
    typeof statusCode === "bigint" || (typeof statusCode === "string" && /^-?\d+$/.test(statusCode))
      ? Number(statusCode)
      : statusCode;
  return typeof value === "number" && Number.isInteger(value) && (value === 0 || (value >= 200 && value <= 299));
}

export function createMadConnectClient(options: MadConnectClientOptions): MadConnectClient {
  const token = credential("auth.token", authOption(optionsObject(options).auth).token);
  if (typeof options.baseUrl !== "string")
    throw new TypeError(
      `baseUrl is required (MadConnect documents no public host): a string, got ${options.baseUrl === null ? "null" : typeof options.baseUrl}`,
    );
  if (options.accountId !== undefined && typeof options.accountId !== "string")
    throw new TypeError(
      `accountId must be a string, got ${options.accountId === null ? "null" : typeof options.accountId}`,
    );
  return createApiClient<paths, typeof pagination, ErrorCode>({
    drift: () => import("./drift.js"),
    profile: madConnectProfile,
    baseUrl: options.baseUrl,
    options,
    authorize: (request) => request.headers.set("Authorization", `Bearer ${token}`),
    secrets: [token],
    pagination,
    cursors: { "offset-size": offsetSizeCursor },
    defaultQuery: { accountId: options.accountId },
  });
}

export type {
  paths as MadConnectPaths,
  components as MadConnectComponents,
  operations as MadConnectOperations,
} from "../../generated/madconnect.js";
// The types its clients' methods return, nameable from this entry in a consumer's declarations (see the module).
export type * from "../core/client-types.js";
