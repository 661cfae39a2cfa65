import { isRecord, stringOrUndefined, type ErrorDetails, type VendorProfile } from "../core/vendor.js";

/**
 * OTC services answer errors in three shapes: `{error_code, error_msg}` (VPC Endpoint, and API
 * Gateway with `request_id`), `{code, message}` (VPC), and the same nested under `error`.
 */
export function otcErrorDetails(body: unknown): ErrorDetails {
  if (!isRecord(body)) return {};
  const inner = isRecord(body.error) ? body.error : body;
  return {
    code: stringOrUndefined(inner.error_code ?? inner.code),
    message: stringOrUndefined(inner.error_msg ?? inner.message),
    requestId: stringOrUndefined(inner.request_id ?? body.request_id),
  };
}

export const otcProfile: VendorProfile = { vendor: "otc", errorDetails: otcErrorDetails };
