import type { Authorize } from "../core/transport.js";
import { signRequest, type AkSkCredentials } from "./signer.js";

/** An IAM token (sent as X-Auth-Token), or an access key pair (every request signed with SDK-HMAC-SHA256). */
export type OtcAuth = { token: string } | AkSkCredentials;

export function otcAuthorize(auth: OtcAuth): { authorize: Authorize; secrets: (string | undefined)[] } {
  if ("token" in auth) {
    return {
      authorize: (request) => request.headers.set("X-Auth-Token", auth.token),
      secrets: [auth.token],
    };
  }
  return {
    authorize: async (request) => {
      const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : null;
      signRequest({ method: request.method, url: request.url, headers: request.headers, body }, auth);
    },
    secrets: [auth.secretKey, auth.securityToken],
  };
}
