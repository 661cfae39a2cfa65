// Which base URLs a client may use: https, or plain http only to loopback unless explicitly allowed.
import { RequestRejectedError } from "./errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/**
 * `localhost`, 127.0.0.0/8 and [::1] only (a hostname as `new URL` normalises it). A name under
 * `.localhost` is not: it is resolved like any other, and a resolver may map it anywhere.
 */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The normalised base URL (no trailing slash), or RequestRejectedError. */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Never echoed: an unparseable URL may still hold a password or a token in its query.
    throw new RequestRejectedError(
      `baseUrl is not an absolute URL (${String(baseUrl).length} characters${/^[a-z][a-z\d+.-]*:\/\//i.test(String(baseUrl)) ? "" : ", no scheme://"})`,
    );
  }
  if (url.username || url.password)
    throw new RequestRejectedError("baseUrl must not carry credentials; use the auth option");
  // An empty query or fragment ("…/?", "…/#") leaves url.search and url.hash empty: the text is checked.
  if (/[?#]/.test(baseUrl)) throw new RequestRejectedError("baseUrl must not have a query or fragment");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new RequestRejectedError(
      `refusing to send credentials over plain http to ${url.host}; use https, or set allowInsecureHttp: true`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new RequestRejectedError(`baseUrl must be http(s), got ${url.protocol}`);
  return url;
}
