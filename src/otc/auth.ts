import { authOption, credential } from "../core/credentials.js";
import type { Authorize } from "../core/transport.js";
import { createSigner, type AkSkCredentials } from "./signer.js";

/** An IAM token (sent as X-Auth-Token), or an access key pair (every request signed with SDK-HMAC-SHA256). */
export type OtcAuth = { token: string } | AkSkCredentials;

export interface OtcAuthorization {
  authorize: Authorize;
  /** The secret values, as sent or used: what no error may show. */
  secrets: string[];
  /** Requests are signed: a bare signature must not show either. */
  signatures: boolean;
}

export function otcAuthorize(options: unknown): OtcAuthorization {
  const auth = authOption(options);
  if (auth.token !== undefined) {
    const token = credential("auth.token", auth.token);
    return { authorize: (request) => request.headers.set("X-Auth-Token", token), secrets: [token], signatures: false };
  }
  const accessKey = credential("auth.accessKey", auth.accessKey);
  // The secret key is never sent: it keys the HMAC (as UTF-8), so any character can be in it.
  const secretKey = credential("auth.secretKey", auth.secretKey, "encoded");
  // Optional: absent or empty means a permanent key pair.
  const securityToken =
    auth.securityToken === undefined || auth.securityToken === ""
      ? undefined
      : credential("auth.securityToken", auth.securityToken);
  const sign = createSigner(
    securityToken === undefined ? { accessKey, secretKey } : { accessKey, secretKey, securityToken },
  );
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
    // The access key too: not secret on its own, but a credential (half of the pair) no error shows.
    secrets: securityToken === undefined ? [accessKey, secretKey] : [accessKey, secretKey, securityToken],
    signatures: true,
  };
}
