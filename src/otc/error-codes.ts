// The error codes OTC documents for VPC Endpoint, as reference data: an entry of its own so that
// `connectivity-clients/otc` (the clients) does not ship the table. `client.isApiError(e)` types
// `e.code` as VpcepErrorCode without it.

/** The error codes OTC documents for VPC Endpoint: code → { status, message, description, solution }. */
export {
  errorCodes as vpcepErrorCodes,
  type ErrorCode as VpcepErrorCode,
} from "../../generated/otc-vpcep.error-codes.js";
