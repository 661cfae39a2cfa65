/// <reference types="node" />
/**
 * Server-side verifier for APIG "SDK-HMAC-SHA256" AK/SK signatures (Open Telekom
 * Cloud / Huawei Cloud API Gateway), for test servers and the local emulator.
 *
 * Deliberately self-contained and written independently of src/otc/signer.ts
 * (node:crypto + Buffer, byte-oriented parsing) so that a bug in the client
 * signer can't be mirrored here. It rebuilds the canonical request from what an
 * `http.Server` actually received:
 *
 *   - method:  req.method
 *   - url:     req.url (origin-form "/path?query"; absolute-form is accepted too)
 *   - headers: req.headers (Node lower-cases names; duplicates of unknown
 *              headers are joined with ", ")
 *   - body:    the raw request body bytes
 *
 * Canonicalisation (see the Huawei Cloud "API Request Signing Guide"): every path
 * segment / query key / query value is percent-decoded to bytes and re-encoded
 * with only A-Z a-z 0-9 - . _ ~ left as-is (upper-case hex); "+" is a literal
 * plus; the canonical URI always ends in "/"; query pairs are sorted by decoded
 * key then decoded value (byte order); empty-key segments are ignored; headers
 * are "name:trimmed-value\n" in SignedHeaders order.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// The declarations below use no Node types (Buffer is a Uint8Array, `req.headers` a record of
// strings), so that a consumer without @types/node can type-check against them.
type HeaderRecord = Readonly<Record<string, string | string[] | undefined>>;

export interface AkSkRequest {
  method: string;
  /** Path + query as received (`req.url`). */
  url: string;
  headers: HeaderRecord;
  /** A Buffer or any Uint8Array. */
  body: Uint8Array;
}

/** A secret key, or a secret key bound to a temporary security token. */
export type AkSkSecret = string | { secretKey: string; securityToken?: string };

export interface VerifyOptions {
  /** Server clock (default: new Date()). */
  now?: Date;
  /** Max |now - X-Sdk-Date| in ms (default 15 min, as APIG). */
  maxSkewMs?: number;
  /** Headers that must be in SignedHeaders (default ["host", "x-sdk-date"]). */
  requiredSignedHeaders?: readonly string[];
  /** Accept X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD (default false). */
  allowUnsignedPayload?: boolean;
}

export type VerifyResult = { ok: true; accessKey: string; signedHeaders: string[] } | { ok: false; reason: string };

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = "SDK-HMAC-SHA256";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

function headerValue(headers: HeaderRecord, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(", ") : String(v);
}

// --- byte-level percent coding ---------------------------------------------

function isUnreservedByte(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x2e || // .
    b === 0x5f || // _
    b === 0x7e // ~
  );
}

function isHexByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

/** "%XX" -> byte; anything else (incl. malformed "%") kept as its UTF-8 bytes. */
export function percentDecodeBytes(s: string): Uint8Array {
  return decodeBytes(s);
}

function decodeBytes(s: string): Buffer {
  const src = Buffer.from(s, "utf8");
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && isHexByte(src[i + 1]) && isHexByte(src[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

function percentEncodeBytes(bytes: Buffer, keepSlash: boolean): string {
  const parts: string[] = [];
  for (const b of bytes) {
    if (isUnreservedByte(b) || (keepSlash && b === 0x2f)) parts.push(String.fromCharCode(b));
    else parts.push("%" + b.toString(16).toUpperCase().padStart(2, "0"));
  }
  return parts.join("");
}

export function canonicalPath(rawPath: string): string {
  let p = percentEncodeBytes(decodeBytes(rawPath), true);
  if (!p.startsWith("/")) p = "/" + p;
  return p.endsWith("/") ? p : p + "/";
}

export function canonicalQuery(rawQuery: string): string {
  const pairs: { k: Buffer; v: Buffer }[] = [];
  for (const seg of rawQuery.split("&")) {
    const eq = seg.indexOf("=");
    const k = eq === -1 ? seg : seg.substring(0, eq);
    if (k.length === 0) continue;
    const v = eq === -1 ? "" : seg.substring(eq + 1);
    pairs.push({ k: decodeBytes(k), v: decodeBytes(v) });
  }
  pairs.sort((a, b) => Buffer.compare(a.k, b.k) || Buffer.compare(a.v, b.v));
  return pairs.map((p) => `${percentEncodeBytes(p.k, false)}=${percentEncodeBytes(p.v, false)}`).join("&");
}

function splitTarget(target: string): { path: string; query: string } {
  let t = target;
  if (!t.startsWith("/")) {
    // absolute-form (proxies) or asterisk-form
    try {
      const u = new URL(t);
      t = u.pathname + u.search;
    } catch {
      return { path: t, query: "" };
    }
  }
  const hash = t.indexOf("#");
  if (hash !== -1) t = t.substring(0, hash);
  const q = t.indexOf("?");
  return q === -1 ? { path: t, query: "" } : { path: t.substring(0, q), query: t.substring(q + 1) };
}

// --- Authorization header ----------------------------------------------------

interface ParsedAuth {
  access: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuth | string {
  const m = /^SDK-HMAC-SHA256[ \t]+(.*)$/s.exec(value.trim());
  if (!m) return `unsupported authorization scheme (expected ${ALGORITHM})`;
  const params = new Map<string, string>();
  for (const item of m[1]!.split(",")) {
    const part = item.trim();
    const eq = part.indexOf("=");
    if (eq <= 0) return `malformed authorization parameter "${part}"`;
    const name = part.substring(0, eq).trim();
    if (params.has(name)) return `duplicate authorization parameter ${name}`;
    params.set(name, part.substring(eq + 1).trim());
  }
  const access = params.get("Access");
  const signed = params.get("SignedHeaders");
  const signature = params.get("Signature");
  if (!access) return "authorization without Access";
  if (!signed) return "authorization without SignedHeaders";
  if (!signature) return "authorization without Signature";
  for (const name of params.keys()) {
    if (name !== "Access" && name !== "SignedHeaders" && name !== "Signature") {
      return `unknown authorization parameter ${name}`;
    }
  }
  if (!HEX64.test(signature)) return "Signature is not 64 lower-case hex digits";
  return { access, signedHeaders: signed.split(";"), signature };
}

function parseSdkDate(value: string): Date | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(t);
  // reject e.g. 20240230T250000Z that Date.UTC would roll over
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return date;
}

// --- verify ---------------------------------------------------------------------

export function verifyAkSk(
  req: AkSkRequest,
  secrets: Readonly<Record<string, AkSkSecret>>,
  opts: VerifyOptions = {},
): VerifyResult {
  const now = opts.now ?? new Date();
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const required = opts.requiredSignedHeaders ?? ["host", "x-sdk-date"];

  const authorization = headerValue(req.headers, "authorization");
  if (authorization === undefined) return fail("missing Authorization header");
  const auth = parseAuthorization(authorization);
  if (typeof auth === "string") return fail(auth);

  if (!Object.prototype.hasOwnProperty.call(secrets, auth.access)) return fail("unknown access key");
  const entry = secrets[auth.access]!;
  const secretKey = typeof entry === "string" ? entry : entry.secretKey;
  const expectedToken = typeof entry === "string" ? undefined : entry.securityToken;

  // SignedHeaders: lower-case tokens, strictly ascending (sorted, no duplicates).
  const signed = auth.signedHeaders;
  for (let i = 0; i < signed.length; i++) {
    const name = signed[i]!;
    if (!HEADER_NAME.test(name)) return fail(`invalid signed header name "${name}"`);
    if (i > 0 && !(signed[i - 1]! < name)) return fail("SignedHeaders not sorted or has duplicates");
    if (name === "authorization") return fail("authorization cannot be a signed header");
  }
  for (const name of required) {
    if (!signed.includes(name)) return fail(`${name} is not signed`);
  }

  // Date and skew.
  const sdkDate = headerValue(req.headers, "x-sdk-date");
  if (sdkDate === undefined) return fail("missing X-Sdk-Date header");
  const date = parseSdkDate(sdkDate.trim());
  if (!date) return fail(`malformed X-Sdk-Date "${sdkDate}"`);
  const skew = Math.abs(now.getTime() - date.getTime());
  if (skew > maxSkewMs) return fail(`X-Sdk-Date outside allowed skew (${Math.round(skew / 1000)}s)`);

  // Temporary credentials.
  const token = headerValue(req.headers, "x-security-token");
  if (token !== undefined && !signed.includes("x-security-token")) return fail("x-security-token is not signed");
  if (expectedToken !== undefined) {
    if (token === undefined) return fail("missing X-Security-Token for temporary credentials");
    if (token.trim() !== expectedToken) return fail("security token mismatch");
  } else if (token !== undefined) {
    return fail("unexpected X-Security-Token for permanent credentials");
  }

  // Canonical headers.
  const lines: string[] = [];
  for (const name of signed) {
    const v = headerValue(req.headers, name);
    if (v === undefined) return fail(`signed header ${name} missing from request`);
    lines.push(`${name}:${v.trim()}`);
  }

  // Payload hash.
  const body = Buffer.isBuffer(req.body)
    ? req.body
    : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  const bodyHash = createHash("sha256").update(body).digest("hex");
  let payloadHash = bodyHash;
  const contentSha = headerValue(req.headers, "x-sdk-content-sha256");
  if (contentSha !== undefined) {
    if (!signed.includes("x-sdk-content-sha256")) return fail("x-sdk-content-sha256 is not signed");
    payloadHash = contentSha.trim();
    if (payloadHash === UNSIGNED_PAYLOAD) {
      if (!opts.allowUnsignedPayload) return fail("UNSIGNED-PAYLOAD not allowed");
    } else if (payloadHash.toLowerCase() !== bodyHash) {
      return fail("x-sdk-content-sha256 does not match body");
    }
  }

  const { path, query } = splitTarget(req.url);
  const canonical = [
    req.method,
    canonicalPath(path),
    canonicalQuery(query),
    lines.join("\n") + "\n",
    signed.join(";"),
    payloadHash,
  ].join("\n");
  const toSign = `${ALGORITHM}\n${sdkDate.trim()}\n${createHash("sha256").update(canonical, "utf8").digest("hex")}`;
  const expected = createHmac("sha256", Buffer.from(secretKey, "utf8")).update(toSign, "utf8").digest();
  const given = Buffer.from(auth.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail("signature mismatch");
  }
  return { ok: true, accessKey: auth.access, signedHeaders: [...signed] };
}
