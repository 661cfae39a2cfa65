// Confluent Cloud networking/v1 client.
import { createApiClient, type ApiClient, type CommonOptions } from "../core/client.js";
import { basicCredentials } from "./basic.js";
import { optionsObject } from "../core/options.js";
import { authOption, credential } from "../core/credentials.js";
import { pageTokenCursor } from "../core/paginate/page-token.js";
import { serverUrl } from "../core/server.js";
import { isRecord, stringOrUndefined, type ErrorDetails, type VendorProfile } from "../core/vendor.js";
import { pagination, servers, type ErrorCode } from "../../generated/confluent.meta.js";
import type { paths } from "../../generated/confluent.js";

/** A Cloud API key and secret (`cloud-api-key`, HTTP Basic) or an OAuth access token (`confluent-sts-access-token`, Bearer). */
export type ConfluentAuth = { apiKey: string; apiSecret: string } | { token: string };

export interface ConfluentClientOptions extends CommonOptions {
  auth: ConfluentAuth;
}

export type ConfluentClient = ApiClient<paths, typeof pagination, ErrorCode>;

/** Confluent answers `{errors: [{id, status, code, title, detail, source}]}`; its 401 page also has `{error_code, message}`. */
export function confluentErrorDetails(body: unknown): ErrorDetails {
  if (!isRecord(body)) return {};
  const first = Array.isArray(body.errors) && isRecord(body.errors[0]) ? body.errors[0] : undefined;
  if (first) {
    return {
      code: stringOrUndefined(first.code) ?? stringOrUndefined(first.status),
      message: stringOrUndefined(first.detail) ?? stringOrUndefined(first.title),
    };
  }
  return { code: stringOrUndefined(body.error_code), message: stringOrUndefined(body.message) };
}

const confluentProfile: VendorProfile = { vendor: "confluent", errorDetails: confluentErrorDetails };

/** The Authorization header value, and the secrets that no error may show (checked and trimmed once, here). */
function confluentCredentials(options: unknown): { authorization: string; secrets: string[] } {
  const auth = authOption(options);
  if (auth.token !== undefined) {
    const token = credential("auth.token", auth.token);
    return { authorization: `Bearer ${token}`, secrets: [token] };
  }
  // Both go into base64 (as UTF-8), so any character can be in them, but a key cannot hold the ":" that ends it.
  const apiKey = credential("auth.apiKey", auth.apiKey, "encoded");
  if (apiKey.includes(":")) throw new TypeError('auth.apiKey cannot contain ":" (HTTP Basic ends the user name there)');
  const apiSecret = credential("auth.apiSecret", auth.apiSecret, "encoded");
  const encoded = basicCredentials(apiKey, apiSecret);
  // The key too: a credential (half of the pair) no error shows.
  return { authorization: `Basic ${encoded}`, secrets: [apiKey, apiSecret, encoded] };
}

export function createConfluentClient(options: ConfluentClientOptions): ConfluentClient {
  const { authorization, secrets } = confluentCredentials(optionsObject(options).auth);
  return createApiClient<paths, typeof pagination, ErrorCode>({
    drift: () => import("./drift.js"),
    profile: confluentProfile,
    baseUrl: options.baseUrl ?? serverUrl(servers),
    options,
    authorize: (request) => request.headers.set("Authorization", authorization),
    secrets,
    pagination,
    cursors: { "page-token": pageTokenCursor },
  });
}

export type {
  paths as ConfluentPaths,
  components as ConfluentComponents,
  operations as ConfluentOperations,
} from "../../generated/confluent.js";
// The types its clients' methods return, nameable from this entry in a consumer's declarations (see the module).
export type * from "../core/client-types.js";
