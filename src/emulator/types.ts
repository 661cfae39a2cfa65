// The emulator's public types that the server modules share. No Node types here: a consumer's
// type-check of `connectivity-clients/emulator` must not need @types/node.

/** The four emulated APIs (a fault can be scoped to one). */
export type ApiName = "otc-vpcep" | "otc-vpc" | "confluent" | "madconnect";

export interface OtcCredentials {
  /** Accepted X-Auth-Token value. */
  token: string;
  /** Access key id of the accepted AK/SK pair. */
  accessKey: string;
  secretKey: string;
  /** When set, AK/SK requests must carry it as X-Security-Token (temporary credentials). */
  securityToken?: string;
}

export interface ConfluentCredentials {
  /** Cloud API key (the Basic user name). */
  apiKey: string;
  /** Cloud API secret (the Basic password). */
  apiSecret: string;
  /** Accepted OAuth access token (Bearer). */
  token: string;
}

export interface ConfluentRateLimit {
  /** Requests per window (default 1000). */
  limit: number;
  /** Window length in seconds (default 60). */
  windowSeconds: number;
}

export interface MadConnectCredentials {
  /** Accepted Bearer token. */
  token: string;
}
