/**
 * Open Telekom Cloud / Huawei Cloud API Gateway AK/SK request signing
 * ("SDK-HMAC-SHA256", a.k.a. the APIG signer).
 *
 * Runs unchanged in browsers and Node: no `node:` modules, no `Buffer`, hashing
 * in ./sha256.ts. Everything is synchronous.
 *
 * Algorithm (as published in the Huawei Cloud "API Request Signing Guide",
 * support.huaweicloud.com/devg-apisign/api-sign-algorithm-00{2..5}.html, and as
 * implemented by the official signers: the APIG JavaScript `signer.js`,
 * huaweicloud-sdk-python-v3 `huaweicloudsdkcore/signer/signer.py`,
 * huaweicloud-sdk-nodejs-v3 `core/auth/AKSKSigner.ts`):
 *
 *   CanonicalRequest = Method            "\n"
 *                      CanonicalURI      "\n"
 *                      CanonicalQuery    "\n"
 *                      CanonicalHeaders  "\n"   (each "name:value\n", so a blank line follows)
 *                      SignedHeaders     "\n"
 *                      HexEncode(SHA256(body))
 *   StringToSign     = "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + HexEncode(SHA256(CanonicalRequest))
 *   Signature        = HexEncode(HMAC-SHA256(SecretKey, StringToSign))
 *   Authorization    = "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2;...>, Signature=<sig>"
 *
 * Encoding rules (identical in the official signers):
 *   - Every path segment and every query key/value is first percent-DECODED and
 *     then re-encoded with the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~),
 *     upper-case hex, UTF-8. So "%7E", "~" and "%7e" all canonicalise to "~", and
 *     "é" / "%C3%A9" / "%c3%a9" all to "%C3%A9". The decoding is done on bytes, so
 *     malformed UTF-8 can't make signing throw.
 *   - The path is decoded as a whole and then split on "/" (like the Python and Go
 *     signers: an encoded "%2F" therefore acts as a separator).
 *   - The canonical URI ALWAYS ends with "/" (APIG quirk): "/v1/p/vpcs" -> "/v1/p/vpcs/".
 *   - Query: split on "&", then on the first "="; segments with an empty key are
 *     ignored; a key without "=" has the empty value and is rendered "key=".
 *     Pairs are sorted by decoded key, then decoded value, in byte (= code point)
 *     order, which is what the Go and Python signers do.
 *   - "+" is NOT a space: it is a literal plus (RFC 3986; the official JS and
 *     Python signers use decodeURI/unquote, which keep "+"). Encode spaces as
 *     "%20" (encodeURIComponent does); `URLSearchParams#toString()` emits "+".
 *   - Header values are trimmed; names are lower-cased and sorted.
 */
import { hmacSha256Hex, sha256Hex } from "./sha256.js";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** Temporary (STS) credentials: sent as X-Security-Token and signed. */
  securityToken?: string;
}

export interface SignableRequest {
  method: string;
  url: string;
  headers: Headers;
  body?: Uint8Array | string | null;
}

/**
 * Headers that are signed when present on the request, in addition to `host` and
 * `x-sdk-date`, which are always signed.
 *
 * Why a fixed allow-list instead of "all headers" (what the official SDKs do):
 * the gateway recomputes the signature from the headers it *receives*, and a
 * header is only safe to sign if it reaches the gateway byte-for-byte as we saw
 * it. Browsers and undici add or rewrite headers after we sign (User-Agent,
 * Accept-Encoding, Accept-Language, Sec-Fetch-*, Connection, Content-Length), and
 * proxies/CDNs add more (Via, X-Forwarded-*). Signing those breaks verification
 * for reasons unrelated to security. The ones below are set by us, are never
 * touched in transit, and carry meaning worth protecting:
 *   - content-type:        how the body is interpreted (body itself is hashed).
 *   - x-project-id:        selects the project (tenant) the call acts on.
 *   - x-domain-id:         selects the account for global services (IAM, ...).
 *   - x-security-token:    binds temporary credentials to the signature.
 *   - x-sdk-content-sha256: when present it replaces the body hash (official
 *                          signer behaviour, e.g. "UNSIGNED-PAYLOAD"), so it must
 *                          be covered by the signature itself.
 */
export const OPTIONAL_SIGNED_HEADERS: readonly string[] = [
  "content-type",
  "x-domain-id",
  "x-project-id",
  "x-sdk-content-sha256",
  "x-security-token",
];

/** SHA-256 of the empty string (hash of a missing body): e3b0c442…7852b855. */
export const EMPTY_BODY_SHA256 = sha256Hex(new Uint8Array(0));

// ---------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------

// Strings are encoded into a reused buffer (signing is synchronous), not copied per hash.
const utf8 = new TextEncoder();
const utf8Scratch = new Uint8Array(4096);

/** UTF-8 of `s`; when it fits, in a shared buffer that the next call overwrites. */
function utf8Bytes(s: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  if (s.length * 3 > utf8Scratch.length) return utf8.encode(s);
  return utf8Scratch.subarray(0, utf8.encodeInto(s, utf8Scratch).written);
}

/** Hex HMAC-SHA256 under one secret: the key's pad blocks are hashed here, once, not per message. */
function keyedMac(secretKey: string): (message: string) => string {
  const mac = hmacSha256Hex(utf8.encode(secretKey));
  return (message) => mac(utf8Bytes(message));
}

// ---------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(date: Date): string {
  // Outside years 0 to 9999, toISOString writes a signed six-digit year: refused too.
  const iso = Number.isNaN(date.getTime()) ? "" : date.toISOString();
  if (iso.length !== 24) throw new RangeError("formatSdkDate: an invalid Date, or a year outside 0 to 9999");
  return iso.replace(/[-:]|\.\d+/g, "");
}

// ---------------------------------------------------------------------------
// RFC 3986 canonical encoding
// ---------------------------------------------------------------------------

/** Only RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), and "/" where a path keeps it. */
const CANONICAL = /^[\w.~-]*$/;
const CANONICAL_PATH = /^[\w.~/-]*$/;
/** A character outside those sets, to be percent-encoded. */
const RESERVED = /[^\w.~-]/g;
const RESERVED_IN_PATH = /[^\w.~/-]/g;

const SLASH = 0x2f;

/**
 * Percent-decodes `raw` into a "byte string" (one char per byte, 0..255): its UTF-8 (lone surrogates
 * become U+FFFD, as in TextEncoder / the URL parser), with each "%" and two hex digits read as the
 * byte they name; a "%" not followed by two hex digits is kept. Escapes are ASCII, so decoding the
 * UTF-8 bytes decodes the text.
 */
function decodeToBytes(raw: string): string {
  let bytes = "";
  for (const byte of utf8.encode(raw)) bytes += String.fromCharCode(byte);
  return bytes.replace(/%[\da-f]{2}/gi, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
}

/** Percent-encodes a byte string, keeping the unreserved set (and "/" if asked). */
function encodeBytes(bytes: string, keepSlash: boolean): string {
  return bytes.replace(
    keepSlash ? RESERVED_IN_PATH : RESERVED,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"),
  );
}

/**
 * Canonical URI of a URL path (as in `new URL(u).pathname`, encoded or not).
 * Always starts and ends with "/".
 */
export function canonicalUri(pathname: string): string {
  let path = CANONICAL_PATH.test(pathname) ? pathname : encodeBytes(decodeToBytes(pathname), true);
  if (path.charCodeAt(0) !== SLASH) path = "/" + path;
  if (path.charCodeAt(path.length - 1) !== SLASH) path += "/";
  return path;
}

/**
 * Canonical query string of a raw query (`new URL(u).search`, with or without the
 * leading "?"). See the module comment for the rules.
 */
export function canonicalQueryString(search: string): string {
  const q = search.charCodeAt(0) === 0x3f ? search.slice(1) : search;
  if (q === "") return "";
  // [decoded key bytes, decoded value bytes, canonical key, canonical value]
  const pairs: [string, string, string, string][] = [];
  for (const part of q.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    if (rawKey === "") continue;
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const key = CANONICAL.test(rawKey) ? rawKey : decodeToBytes(rawKey);
    const value = CANONICAL.test(rawValue) ? rawValue : decodeToBytes(rawValue);
    pairs.push([key, value, encodeBytes(key, false), encodeBytes(value, false)]);
  }
  if (pairs.length > 1) {
    // Byte order of the decoded forms (code-unit order on byte strings).
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = "";
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    out += (i === 0 ? "" : "&") + p[2] + "=" + p[3];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Canonical request / string to sign
// ---------------------------------------------------------------------------

const FETCH_NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/**
 * The method as it goes on the wire: fetch upper-cases only the six standard
 * methods (case-insensitively) and sends anything else verbatim ("patch" stays
 * "patch"), so we sign exactly that.
 */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return FETCH_NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** Hex SHA-256 of a request body (UTF-8 for strings); empty/missing -> EMPTY_BODY_SHA256. */
export function payloadHash(body: Uint8Array | string | null | undefined): string {
  if (body == null || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(typeof body === "string" ? utf8Bytes(body) : body);
}

export interface CanonicalRequestInput {
  /** HTTP method, as sent. */
  method: string;
  /** Absolute URL, or just path + query (e.g. "/v1/x?a=1"). */
  url: string | URL;
  /**
   * The headers to sign, name -> value. Every entry is signed; names are
   * lower-cased and values trimmed here. Must include host and x-sdk-date.
   */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (see `payloadHash`), or an x-sdk-content-sha256 value. */
  payloadHash: string;
}

export interface CanonicalRequest {
  /** The canonical request string that gets hashed. */
  canonicalRequest: string;
  /** "a;b;c": lower-case, sorted signed header names. */
  signedHeaders: string;
}

function splitPathAndQuery(url: string | URL): [string, string] {
  if (typeof url !== "string") return [url.pathname, url.search];
  if (url.charCodeAt(0) === SLASH && url.charCodeAt(1) !== SLASH) {
    const hash = url.indexOf("#");
    const noHash = hash < 0 ? url : url.slice(0, hash);
    const q = noHash.indexOf("?");
    return q < 0 ? [noHash, ""] : [noHash.slice(0, q), noHash.slice(q)];
  }
  const u = new URL(url);
  return [u.pathname, u.search];
}

/** Builds the canonical request (and the SignedHeaders list) from its parts. */
export function canonicalRequest(input: CanonicalRequestInput): CanonicalRequest {
  const [pathname, search] = splitPathAndQuery(input.url);
  const entries: [string, string][] = [];
  for (const name of Object.keys(input.headers)) {
    entries.push([name.toLowerCase(), input.headers[name]!.trim()]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let canonicalHeaders = "";
  let signedHeaders = "";
  for (let i = 0; i < entries.length; i++) {
    const [name, value] = entries[i]!;
    if (i > 0 && entries[i - 1]![0] === name) throw new Error(`canonicalRequest: duplicate header "${name}"`);
    canonicalHeaders += name + ":" + value + "\n";
    signedHeaders += (i === 0 ? "" : ";") + name;
  }
  return {
    canonicalRequest:
      input.method +
      "\n" +
      canonicalUri(pathname) +
      "\n" +
      canonicalQueryString(search) +
      "\n" +
      canonicalHeaders +
      "\n" +
      signedHeaders +
      "\n" +
      input.payloadHash,
    signedHeaders,
  };
}

/** "SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256(canonicalRequest)>" */
export function stringToSign(canonicalRequestString: string, sdkDate: string): string {
  return SIGNING_ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(utf8Bytes(canonicalRequestString));
}

// The keyed HMAC of the last secret signString was given.
let lastSecret: string | undefined;
let lastMac: ((message: string) => string) | undefined;

/** Hex HMAC-SHA256(secretKey, stringToSign). */
export function signString(secretKey: string, toSign: string): string {
  if (lastSecret !== secretKey || lastMac === undefined) {
    lastMac = keyedMac(secretKey);
    lastSecret = secretKey;
  }
  return lastMac(toSign);
}

// ---------------------------------------------------------------------------
// signRequest
// ---------------------------------------------------------------------------

/**
 * Adds X-Sdk-Date (and X-Security-Token when securityToken is set) and
 * Authorization to request.headers, in place. Re-signing the same headers
 * (e.g. on retry) replaces all three.
 *
 * Signed headers: host, x-sdk-date, plus whichever of OPTIONAL_SIGNED_HEADERS
 * are present (see there for the reasoning).
 *
 * Host: a fetch Headers object can't carry `host` (it is a forbidden header in
 * browsers and undici derives it from the URL anyway), so we sign the host
 * fetch will send, `new URL(url).host` (includes the port only when it isn't
 * the scheme's default, exactly like the Host header), and do NOT set it. Any
 * `host` entry in request.headers is ignored for the same reason.
 *
 * The body is hashed whatever the method (the server hashes what it receives).
 */
export function signRequest(request: SignableRequest, credentials: AkSkCredentials, now: Date = new Date()): void {
  const { accessKey, secretKey, securityToken } = credentials;
  if (!accessKey || !secretKey) throw new TypeError("signRequest: accessKey and secretKey are required");
  sign(request, accessKey, securityToken, (message) => signString(secretKey, message), now);
}

/**
 * `signRequest` with one credential pair, for signing many requests: the HMAC is keyed once, here.
 * The credentials are read now; later changes to the object are not seen.
 */
export function createSigner(credentials: AkSkCredentials): (request: SignableRequest, now?: Date) => void {
  const { accessKey, secretKey, securityToken } = credentials;
  if (!accessKey || !secretKey) throw new TypeError("createSigner: accessKey and secretKey are required");
  const mac = keyedMac(secretKey);
  return (request, now = new Date()) => sign(request, accessKey, securityToken, mac, now);
}

function sign(
  request: SignableRequest,
  accessKey: string,
  securityToken: string | undefined,
  mac: (stringToSign: string) => string,
  now: Date,
): void {
  const url = new URL(request.url);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`signRequest: unsupported URL scheme ${url.protocol}`);
  }
  const headers = request.headers;
  const sdkDate = formatSdkDate(now);
  headers.set("X-Sdk-Date", sdkDate);
  if (securityToken) headers.set("X-Security-Token", securityToken);

  const toSign: Record<string, string> = { host: url.host, "x-sdk-date": sdkDate };
  for (const name of OPTIONAL_SIGNED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) toSign[name] = value;
  }
  const contentSha = toSign["x-sdk-content-sha256"];
  const { canonicalRequest: cr, signedHeaders } = canonicalRequest({
    method: normalizeMethod(request.method),
    url,
    headers: toSign,
    payloadHash: contentSha !== undefined ? contentSha.trim() : payloadHash(request.body),
  });
  const signature = mac(stringToSign(cr, sdkDate));
  headers.set(
    "Authorization",
    `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );
}
