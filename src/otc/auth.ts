import type { Authorize } from "../core/transport.js";
import { createSigner, type AkSkCredentials } from "./signer.js";

/** An IAM token (sent as X-Auth-Token), or an access key pair (every request signed with SDK-HMAC-SHA256). */
export type OtcAuth = { token: string } | AkSkCredentials;

export function otcAuthorize(auth: OtcAuth): { authorize: Authorize; secrets: (string | undefined)[] } {
  if ("token" in auth) {
    return {
      authorize: (request) => request.headers.set("X-Auth-Token", auth.token),
      secrets: [auth.token],
    };
  }
  const sign = createSigner(auth);
  return {
    authorize: (request) => {
      const { method, url, headers, body } = request;
      if (!(body instanceof ReadableStream)) return sign({ method, url, headers, body });
      // A Request's body is a stream: hash a copy, the original still has to be sent.
      return (request as Request)
        .clone()
        .arrayBuffer()
        .then((bytes) => sign({ method, url, headers, body: new Uint8Array(bytes) }));
    },
    secrets: [auth.secretKey, auth.securityToken],
  };
}
