/**
 * Open Telekom Cloud / Huawei Cloud API Gateway AK/SK request signing
 * ("SDK-HMAC-SHA256", a.k.a. the APIG signer).
 *
 * Runs unchanged in browsers and Node: no `node:` modules, no `Buffer`, hashing
 * via `@noble/hashes`. Everything is synchronous.
 *
 * Algorithm (as published in the Huawei Cloud "API Request Signing Guide",
 * support.huaweicloud.com/devg-apisign/api-sign-algorithm-00{2..5}.html, and as
 * implemented by the APIG JavaScript `signer.js` and huaweicloud-sdk-python-v3
 * `huaweicloudsdkcore/signer/signer.py`; huaweicloud-sdk-nodejs-v3 `core/auth/AKSKSigner.ts`
 * differs where noted below):
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
 * Encoding rules (as in the Python and Go signers, which decode every escape):
 *   - Every path segment and every query key/value is first percent-DECODED (every
 *     escape) and then re-encoded with the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~),
 *     upper-case hex, UTF-8. So "%7E", "~" and "%7e" all canonicalise to "~", and
 *     "é" / "%C3%A9" / "%c3%a9" all to "%C3%A9". The decoding is done on bytes, so
 *     malformed UTF-8 can't make signing throw.
 *   - The published APIG `signer.js` decodes with `decodeURI`, which leaves the escapes
 *     of reserved characters (%23 %24 %26 %2B %2C %2F %3A %3B %3D %3F %40) as they are,
 *     and then encodes their "%" again: it signs "a%2Bb" as "a%252Bb" where this
 *     signer (as the Python and Go ones) signs "a%2Bb", and "a%2Fb" in a path as
 *     "a%252Fb" where this one signs "a/b". Without such an escape (and with well-formed
 *     UTF-8, on which decodeURI throws) the two agree: every id of these APIs is such a
 *     text; a path or query value holding "+", "/", "=", "&", ... is signed differently.
 *   - The path is decoded as a whole and then split on "/" (like the Python and Go
 *     signers: an encoded "%2F" therefore acts as a separator).
 *   - The canonical URI ALWAYS ends with "/" (APIG quirk): "/v1/p/vpcs" -> "/v1/p/vpcs/".
 *   - Query: split on "&", then on the first "="; segments with an empty key are
 *     ignored; a key without "=" has the empty value and is rendered "key=".
 *     Pairs are sorted by decoded key, then decoded value, in byte (= code point)
 *     order, which is what the Go and Python signers do.
 *   - The Node SDK (AKSKSigner.ts) differs in two corners, both checked against it: it
 *     does not decode a path segment before encoding it (so a segment holding a
 *     space, a quote or a "%XX" escape is encoded twice, "%2520"), and it sorts the
 *     query with JavaScript's sort (UTF-16 code units, which order characters from
 *     U+E000 to U+FFFF after astral ones). For ids and ASCII query values, what
 *     every id of these APIs is, the four signers agree.
 *   - "+" is NOT a space: it is a literal plus (RFC 3986; the official JS and
 *     Python signers use decodeURI/unquote, which keep "+"). Encode spaces as
 *     "%20" (encodeURIComponent does); `URLSearchParams#toString()` emits "+".
 *   - Header values are trimmed; names are lower-cased and sorted.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** Temporary (STS) credentials: sent as X-Security-Token and signed. */
  securityToken?: string | undefined;
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

/** SHA-256 of the empty string (hash of a missing body). */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// ---------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------

// noble's one-shot sha256() / hmac() and utf8ToBytes() allocate per call: new hash objects whose
// 64-byte buffers V8 must move off its heap as soon as noble views them through a DataView, and two
// copies of every string. Per request that cost more than the hashing itself. So the hash states are
// kept: a prepared state (SHA-256's initial one, or an HMAC keyed with a secret) is copied into a
// reused instance with _cloneInto (as noble's own pbkdf2 does), and strings are encoded into a
// reused buffer. Sharing these is safe because signing is synchronous.

const utf8 = new TextEncoder();
const utf8Scratch = new Uint8Array(4096);
const digest = new Uint8Array(32);
const sha256Initial = sha256.create();
const sha256Work = sha256.create();

/** UTF-8 of `s`; when it fits, in a shared buffer that the next call overwrites. */
function utf8Bytes(s: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  if (s.length * 3 > utf8Scratch.length) return utf8.encode(s);
  return utf8Scratch.subarray(0, utf8.encodeInto(s, utf8Scratch).written);
}

function sha256Hex(data: Uint8Array): string {
  sha256Initial._cloneInto(sha256Work).update(data).digestInto(digest);
  return bytesToHex(digest);
}

/** Hex HMAC-SHA256 under one secret: the key's pad blocks are hashed here, once, not per message. */
function keyedMac(secretKey: string): (message: string) => string {
  const keyed = hmac.create(sha256, utf8.encode(secretKey));
  const work = keyed.clone();
  return (message) => {
    keyed._cloneInto(work).update(utf8Bytes(message)).digestInto(digest);
    return bytesToHex(digest);
  };
}

// ---------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------

function pad2(n: number): string {
  return n < 10 ? "0" + n : "" + n;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError("formatSdkDate: invalid Date");
  const y = date.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError("formatSdkDate: year out of range");
  return (
    String(y).padStart(4, "0") +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    "T" +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    "Z"
  );
}

// ---------------------------------------------------------------------------
// RFC 3986 canonical encoding
// ---------------------------------------------------------------------------

/** 1 for the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e
  ) {
    UNRESERVED[c] = 1;
  }
}

const PCT: string[] = [];
for (let b = 0; b < 256; b++) PCT.push("%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase());

const SLASH = 0x2f;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** True when `s` is already canonical (only unreserved chars, plus "/" if allowed). */
function isCanonical(s: string, allowSlash: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (UNRESERVED[c] !== 1 && !(allowSlash && c === SLASH))) return false;
  }
  return true;
}

/**
 * Percent-decodes `raw` into a "byte string" (one char per byte, 0..255).
 * Characters >= 0x80 are UTF-8 encoded (lone surrogates become U+FFFD, as in
 * TextEncoder / the URL parser). A "%" not followed by two hex digits is kept.
 */
function decodeToBytes(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const h = hexDigit(raw.charCodeAt(i + 1));
      const l = h < 0 ? -1 : hexDigit(raw.charCodeAt(i + 2));
      if (l >= 0) {
        out += String.fromCharCode((h << 4) | l);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) {
      out += raw[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      out += String.fromCharCode(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f),
      );
    }
  }
  return out;
}

/** Percent-encodes a byte string, keeping the unreserved set (and "/" if asked). */
function encodeBytes(bytes: string, keepSlash: boolean): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if ((b < 128 && UNRESERVED[b] === 1) || (keepSlash && b === SLASH)) continue;
    if (start < i) out += bytes.slice(start, i);
    out += PCT[b];
    start = i + 1;
  }
  return start === 0 ? bytes : out + bytes.slice(start);
}

/**
 * Canonical URI of a URL path (as in `new URL(u).pathname`, encoded or not).
 * Always starts and ends with "/".
 */
export function canonicalUri(pathname: string): string {
  let path = isCanonical(pathname, true) ? pathname : encodeBytes(decodeToBytes(pathname), true);
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
    const key = isCanonical(rawKey, false) ? rawKey : decodeToBytes(rawKey);
    const value = isCanonical(rawValue, false) ? rawValue : decodeToBytes(rawValue);
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
