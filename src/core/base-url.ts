// Which base URLs a client may use: https, or plain http only to loopback unless explicitly allowed.
import { RequestRejectedError } from "./errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/** The normalised base URL (no trailing slash), or RequestRejectedError. */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RequestRejectedError(`baseUrl is not an absolute URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.username || url.password)
    throw new RequestRejectedError("baseUrl must not carry credentials; use the auth option");
  if (url.search || url.hash) throw new RequestRejectedError("baseUrl must not have a query or fragment");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new RequestRejectedError(
      `refusing to send credentials over plain http to ${url.host}; use https, or set allowInsecureHttp: true`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new RequestRejectedError(`baseUrl must be http(s), got ${url.protocol}`);
  return url;
}
