import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  createSigner,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  normalizeMethod,
  payloadHash,
  signRequest,
  stringToSign,
  type AkSkCredentials,
} from "../src/otc/signer.js";
import { canonicalPath, canonicalQuery, parseAuthorization, verifyAkSk } from "./support/aksk-verifier.js";
import { anyText } from "./support/any-text.js";

// ---------------------------------------------------------------------------------------------
// Published vectors
// ---------------------------------------------------------------------------------------------

describe("published vectors", () => {
  /*
   * Source: Huawei Cloud "API Request Signing Guide", section "AK/SK Signing and Authentication
   * Algorithm" (support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html ...
   * -005.html; the 2022 revisions print the full example AK/SK, later ones mask them). The pages give
   * the canonical request, the string to sign (hash b25362e6...) and the final Authorization header.
   */
  const DOC = {
    ak: "QTWAOYTTINDUT2QVKYUC",
    sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    date: new Date(Date.UTC(2019, 10, 15, 3, 36, 55)),
    url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    canonical:
      "GET\n" +
      "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n" +
      "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n" +
      "content-type:application/json\n" +
      "host:service.region.example.com\n" +
      "x-sdk-date:20191115T033655Z\n" +
      "\n" +
      "content-type;host;x-sdk-date\n" +
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    stringToSign: "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    authorization:
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
      "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
  };

  it("Huawei signing guide: canonical request, string to sign", () => {
    expect(formatSdkDate(DOC.date)).toBe("20191115T033655Z");
    const { canonicalRequest: cr, signedHeaders } = canonicalRequest({
      method: "GET",
      url: DOC.url,
      headers: {
        "Content-Type": "application/json",
        Host: "service.region.example.com",
        "X-Sdk-Date": "20191115T033655Z",
      },
      payloadHash: EMPTY_BODY_SHA256,
    });
    expect(cr).toBe(DOC.canonical);
    expect(signedHeaders).toBe("content-type;host;x-sdk-date");
    expect(stringToSign(cr, "20191115T033655Z")).toBe(DOC.stringToSign);
  });

  it("Huawei signing guide: Authorization header (query given in another order)", () => {
    for (const url of [
      DOC.url,
      // same request, parameters swapped: the canonical form sorts them
      "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2",
    ]) {
      const headers = new Headers({ "Content-Type": "application/json" });
      signRequest({ method: "GET", url, headers }, { accessKey: DOC.ak, secretKey: DOC.sk }, DOC.date);
      expect(headers.get("authorization")).toBe(DOC.authorization);
      expect(headers.get("x-sdk-date")).toBe("20191115T033655Z");
      expect(headers.has("host")).toBe(false);
    }
  });

  it("Huawei signing guide: the independent verifier accepts the published request", () => {
    const result = verifyAkSk(
      {
        method: "GET",
        url: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
        headers: {
          host: "service.region.example.com",
          "content-type": "application/json",
          "x-sdk-date": "20191115T033655Z",
          authorization: DOC.authorization,
        },
        body: Buffer.alloc(0),
      },
      { [DOC.ak]: DOC.sk },
      { now: DOC.date },
    );
    expect(result).toEqual({ ok: true, accessKey: DOC.ak, signedHeaders: ["content-type", "host", "x-sdk-date"] });
  });

  /*
   * Source: huaweicloud/huaweicloud-sdk-python-v3, huaweicloud-sdk-core/tests/test_signer.py
   * (test_signer1 / test_signer2): AK "AccessKey", SK "SecretKey", X-Sdk-Date 20200608T023900Z,
   * https://service.endpoint.myhuaweicloud.com/resources?size=1, no Content-Type header.
   */
  it.each([
    ["GET", undefined, "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"],
    ["POST", '{"name":"test","id":1}', "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"],
  ])("huaweicloud-sdk-python-v3 test_signer: %s", (method, body, signature) => {
    const headers = new Headers();
    signRequest(
      { method, url: "https://service.endpoint.myhuaweicloud.com/resources?size=1", headers, body: body ?? null },
      { accessKey: "AccessKey", secretKey: "SecretKey" },
      new Date(Date.UTC(2020, 5, 8, 2, 39, 0)),
    );
    expect(headers.get("authorization")).toBe(
      `SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=${signature}`,
    );
  });

  /*
   * Source: huaweicloud/huaweicloud-sdk-go-v3, core/auth/signer/signer_test.go
   * (TestSigner_canonicalQueryString). The Go SDK starts from unencoded values; here they arrive
   * percent-encoded in a URL (encodeURIComponent leaves ! ( ) * alone; the canonical form doesn't).
   */
  it("huaweicloud-sdk-go-v3 canonicalQueryString vector", () => {
    const q =
      "?multi=3&limit=1&multi=1&test=" +
      encodeURIComponent("一 (&=?!#%.*)") +
      "&enable=true&path=" +
      encodeURIComponent("/tmp/123") +
      "&multi=2";
    const expected =
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
    expect(canonicalQueryString(q)).toBe(expected);
    expect(canonicalQuery(q.slice(1))).toBe(expected);
  });

  /*
   * Source: the noEscape table of the official APIG JavaScript signer (signer.js, function
   * urlEncode): only A-Z a-z 0-9 - . _ ~ stay unescaped, everything else is %XX upper-case. This
   * is the encoding of every ASCII character 0x00..0x7F under that table.
   */
  it("APIG signer.js urlEncode table over all of ASCII", () => {
    let all = "";
    for (let i = 0; i < 0x80; i++) all += String.fromCharCode(i);
    const expected =
      "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F%10%11%12%13%14%15" +
      "%16%17%18%19%1A%1B%1C%1D%1E%1F%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-" +
      ".%2F0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D" +
      "%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~%7F";
    expect(canonicalQueryString("k=" + encodeURIComponent(all))).toBe("k=" + expected);
    expect(canonicalQuery("k=" + encodeURIComponent(all))).toBe("k=" + expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Unit behaviour
// ---------------------------------------------------------------------------------------------

describe("canonical forms", () => {
  it("formatSdkDate", () => {
    expect(formatSdkDate(new Date("2024-02-29T23:05:09.999Z"))).toBe("20240229T230509Z");
    expect(formatSdkDate(new Date("0999-01-01T00:00:00Z"))).toBe("09990101T000000Z");
    expect(formatSdkDate(new Date("0000-01-01T00:00:00Z"))).toBe("00000101T000000Z");
    expect(formatSdkDate(new Date("9999-12-31T23:59:59.999Z"))).toBe("99991231T235959Z");
    expect(() => formatSdkDate(new Date(NaN))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date("+010000-01-01T00:00:00Z"))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date("-000001-12-31T00:00:00Z"))).toThrow(RangeError);
  });

  it.each([
    ["", "/"],
    ["/", "/"],
    ["/v1/p/vpcs", "/v1/p/vpcs/"],
    ["/v1/p/vpcs/", "/v1/p/vpcs/"],
    ["/a%20b/%7euser/~x", "/a%20b/~user/~x/"],
    ["/caf%C3%A9/café", "/caf%C3%A9/caf%C3%A9/"],
    ["/a%2Fb", "/a/b/"], // decoded first, then split (Go/Python signers)
    ["/a+b/c:d@e!$&'()*,;=", "/a%2Bb/c%3Ad%40e%21%24%26%27%28%29%2A%2C%3B%3D/"],
    ["/bad%zz/%4", "/bad%25zz/%254/"],
    ["//double", "//double/"],
  ])("canonicalUri(%j) = %j", (input, expected) => {
    expect(canonicalUri(input)).toBe(expected);
    expect(canonicalPath(input)).toBe(expected);
  });

  it.each([
    ["", ""],
    ["?", ""],
    ["?b=2&a=1", "a=1&b=2"],
    ["?a=2&a=10&a=1", "a=1&a=10&a=2"], // values sorted as strings
    ["?flag&empty=&x=1", "empty=&flag=&x=1"],
    ["?=v&&a=1", "a=1"], // empty keys ignored (official signer.js)
    ["?q=a%20b&p=a+b", "p=a%2Bb&q=a%20b"], // "+" is a literal plus
    ["?k=%E2%82%AC&k=~&k=%7E", "k=~&k=~&k=%E2%82%AC"],
    ["?a=b=c", "a=b%3Dc"],
    ["?%C3%A9=1&z=2&%7E=3", "z=2&~=3&%C3%A9=1"], // byte order of decoded keys
  ])("canonicalQueryString(%j) = %j", (input, expected) => {
    expect(canonicalQueryString(input)).toBe(expected);
    expect(canonicalQuery(input.replace(/^\?/, ""))).toBe(expected);
  });

  it("sorts by UTF-8 bytes, not UTF-16 units", () => {
    // U+FF5E (EF BD 9E) < U+1F600 (F0 9F 98 80) in UTF-8, but not in UTF-16 code units.
    const q = "?" + encodeURIComponent("😀") + "=1&" + encodeURIComponent("～") + "=2";
    expect(canonicalQueryString(q)).toBe("%EF%BD%9E=2&%F0%9F%98%80=1");
    expect(canonicalQuery(q.slice(1))).toBe("%EF%BD%9E=2&%F0%9F%98%80=1");
  });

  it("normalizeMethod follows fetch", () => {
    expect(normalizeMethod("get")).toBe("GET");
    expect(normalizeMethod("Delete")).toBe("DELETE");
    expect(normalizeMethod("PATCH")).toBe("PATCH");
    expect(normalizeMethod("patch")).toBe("patch");
  });

  it("payloadHash", () => {
    expect(payloadHash(null)).toBe(EMPTY_BODY_SHA256);
    expect(payloadHash("")).toBe(EMPTY_BODY_SHA256);
    expect(payloadHash("é")).toBe(payloadHash(new Uint8Array([0xc3, 0xa9])));
  });

  it("signs the optional headers only when present, and sets the security token", () => {
    const headers = new Headers({
      "Content-Type": "application/json",
      "X-Project-Id": "p1",
      "X-Domain-Id": "d1",
      "User-Agent": "not-signed",
      Accept: "application/json",
    });
    signRequest(
      { method: "POST", url: "https://vpc.eu-de.otc.t-systems.com:8443/v1/p1/vpcs", headers, body: "{}" },
      { accessKey: "AK", secretKey: "SK", securityToken: "tok" },
      new Date(Date.UTC(2024, 0, 1)),
    );
    expect(headers.get("x-security-token")).toBe("tok");
    const auth = parseAuthorization(headers.get("authorization")!);
    expect(typeof auth).toBe("object");
    expect((auth as { signedHeaders: string[] }).signedHeaders).toEqual([
      "content-type",
      "host",
      "x-domain-id",
      "x-project-id",
      "x-sdk-date",
      "x-security-token",
    ]);
  });

  it("signs the host fetch will send (default port dropped, other ports kept)", () => {
    const cr = (url: string) =>
      canonicalRequest({ method: "GET", url, headers: { host: new URL(url).host, "x-sdk-date": "x" }, payloadHash: "" })
        .canonicalRequest;
    expect(cr("https://h.example:443/a")).toContain("\nhost:h.example\n");
    expect(cr("http://h.example:80/a")).toContain("\nhost:h.example\n");
    expect(cr("https://h.example:8443/a")).toContain("\nhost:h.example:8443\n");
  });

  it("rejects non-http URLs", () => {
    expect(() =>
      signRequest({ method: "GET", url: "ftp://x/", headers: new Headers() }, { accessKey: "a", secretKey: "b" }),
    ).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Signing many requests: the hash states and buffers reused between signatures
// ---------------------------------------------------------------------------------------------

describe("signing many requests", () => {
  const date = new Date(Date.UTC(2024, 4, 1, 12, 0, 0));
  const A: AkSkCredentials = { accessKey: "AKA0000000000000", secretKey: "secret-a" };
  const B: AkSkCredentials = { accessKey: "AKB0000000000000", secretKey: "secret-b-longer-than-a-block-".repeat(4) };
  const KEYS = { [A.accessKey]: A.secretKey, [B.accessKey]: B.secretKey };

  /** Signs with `sign`, then checks with the node:crypto verifier as the server would see it. */
  function signAndVerify(
    sign: (request: { method: string; url: string; headers: Headers; body?: string | Uint8Array }) => void,
    method: string,
    url: string,
    body: string | Uint8Array = "",
    sentBody: string | Uint8Array = body,
  ) {
    const headers = new Headers({ "Content-Type": "application/json" });
    sign({ method, url, headers, body });
    const { host, pathname, search } = new URL(url);
    const incoming: Record<string, string> = { host };
    headers.forEach((value, name) => (incoming[name] = value));
    const result = verifyAkSk(
      { method, url: pathname + search, headers: incoming, body: Buffer.from(sentBody) },
      KEYS,
      { now: date },
    );
    return { result, authorization: headers.get("authorization")! };
  }

  it("one signer signs different requests, and the same one again, with the published signatures", () => {
    // The huaweicloud-sdk-python-v3 vectors above, signed alternately by one signer.
    const sign = createSigner({ accessKey: "AccessKey", secretKey: "SecretKey" });
    const at = new Date(Date.UTC(2020, 5, 8, 2, 39, 0));
    const url = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
    for (let i = 0; i < 2; i++) {
      for (const [method, body, signature] of [
        ["GET", null, "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"],
        ["POST", '{"name":"test","id":1}', "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"],
      ] as const) {
        const headers = new Headers();
        sign({ method, url, headers, body }, at);
        expect(headers.get("authorization")).toBe(
          `SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=${signature}`,
        );
      }
    }
  });

  it("signers of different credentials, used in turn, each sign with their own key", () => {
    const signers = [A, B].map((creds) => {
      const sign = createSigner(creds);
      return { creds, sign: (request: Parameters<typeof sign>[0]) => sign(request, date) };
    });
    for (let i = 0; i < 3; i++) {
      for (const { creds, sign } of signers) {
        const url = `https://api.example/v1/${creds.accessKey}/items?page=${i}`;
        const { result, authorization } = signAndVerify(sign, "POST", url, `{"i":${i}}`);
        expect(result).toMatchObject({ ok: true, accessKey: creds.accessKey });
        // The same as signing with no state kept from earlier signatures.
        const fresh = signAndVerify((r) => createSigner(creds)(r, date), "POST", url, `{"i":${i}}`);
        expect(authorization).toBe(fresh.authorization);
      }
    }
  });

  it("signRequest with credentials that change from call to call", () => {
    for (let i = 0; i < 4; i++) {
      const creds = i % 2 ? B : A;
      const { result } = signAndVerify((r) => signRequest(r, creds, date), "GET", `https://api.example/v1/x?i=${i}`);
      expect(result).toMatchObject({ ok: true, accessKey: creds.accessKey });
    }
  });

  it("each request's body is hashed: a signature does not verify with another body", () => {
    const sign = (r: Parameters<typeof signRequest>[0]) => createSigner(A)(r, date);
    const url = "https://api.example/v1/x";
    const bodies = ['{"a":1}', '{"a":2}', new Uint8Array([0, 1, 2, 255])];
    const signatures = new Set<string>();
    for (const body of bodies) {
      const { result, authorization } = signAndVerify(sign, "PUT", url, body);
      expect(result.ok).toBe(true);
      signatures.add(authorization);
      for (const other of bodies.filter((b) => b !== body)) {
        expect(signAndVerify(sign, "PUT", url, body, other).result).toEqual({
          ok: false,
          reason: "signature mismatch",
        });
      }
    }
    expect(signatures.size).toBe(bodies.length);
  });

  it("strings longer than the shared encoding buffer", () => {
    const sign = createSigner(B);
    const long = "é東😀x".repeat(700); // 3500 UTF-16 units, 6300 bytes
    const { result } = signAndVerify(
      (r) => sign(r, date),
      "POST",
      "https://api.example/v1/x?q=" + encodeURIComponent(long),
      long,
    );
    expect(result.ok).toBe(true);
    for (const body of [long, "é", "abc", "x".repeat(1365), "x".repeat(1366)]) {
      expect(payloadHash(body)).toBe(createHash("sha256").update(body, "utf8").digest("hex"));
    }
  });

  it("createSigner needs both keys, and reads them once", () => {
    expect(() => createSigner({ accessKey: "", secretKey: "s" })).toThrow(TypeError);
    expect(() => createSigner({ accessKey: "a", secretKey: "" })).toThrow(TypeError);
    const creds = { ...A };
    const sign = createSigner(creds);
    creds.secretKey = "changed";
    expect(signAndVerify((r) => sign(r, date), "GET", "https://api.example/v1/x").result.ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Over the wire: sign with src/otc/signer.ts, send with real fetch, verify with node:crypto
// ---------------------------------------------------------------------------------------------

const CREDS: AkSkCredentials = { accessKey: "TESTAK0000000000", secretKey: "test-secret-key-0123456789" };
const TEMP: AkSkCredentials = {
  accessKey: "TEMPAK0000000000",
  secretKey: "temp-secret",
  securityToken: "gQpjbi1ub3J0aC0x...token",
};
const SECRETS = {
  [CREDS.accessKey]: CREDS.secretKey,
  [TEMP.accessKey]: { secretKey: TEMP.secretKey, securityToken: TEMP.securityToken! },
};

interface Echo {
  ok: boolean;
  reason?: string;
  accessKey?: string;
  signedHeaders?: string[];
  method: string;
  url: string;
  bodyLength: number;
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const result = verifyAkSk({ method: req.method!, url: req.url!, headers: req.headers, body }, SECRETS);
      res.writeHead(result.ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...result, method: req.method, url: req.url, bodyLength: body.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface SendOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  creds?: AkSkCredentials;
  now?: Date;
  /** Tampering: what actually goes on the wire, if different from what was signed. */
  sendPath?: string;
  sendMethod?: string;
  sendBody?: string | Uint8Array;
  afterSign?: (h: Headers) => void;
}

async function send(method: string, path: string, o: SendOptions = {}): Promise<Echo> {
  const headers = new Headers(o.headers);
  signRequest({ method, url: base + path, headers, body: o.body ?? null }, o.creds ?? CREDS, o.now);
  o.afterSign?.(headers);
  const res = await fetch(base + (o.sendPath ?? path), {
    method: o.sendMethod ?? method,
    headers,
    // TS 5.9 types BodyInit with Uint8Array<ArrayBuffer>; ours are plain (heap-backed) Uint8Arrays.
    body: (o.sendBody ?? o.body ?? null) as BodyInit | null,
  });
  return (await res.json()) as Echo;
}

describe("sign → fetch → verify", () => {
  it("GET with an untidy query (unsorted, repeated, spaces, unicode, empty values)", async () => {
    const path =
      "/v1/proj/vpcs?zeta=1&alpha=" +
      encodeURIComponent("a b") +
      "&rep=2&rep=1&rep=10&name=" +
      encodeURIComponent("Zürich 東京 😀") +
      "&empty=&flag&plus=a+b&tilde=~%7E&reserved=" +
      encodeURIComponent("&=?/#");
    const echo = await send("GET", path);
    expect(echo).toMatchObject({ ok: true, accessKey: CREDS.accessKey, method: "GET" });
    expect(echo.signedHeaders).toEqual(["host", "x-sdk-date"]);
  });

  it("POST with a JSON body and content-type", async () => {
    const body = JSON.stringify({ vpc: { name: "vpc-ü", cidr: "192.168.0.0/16" } });
    const echo = await send("POST", "/v1/proj/vpcs", {
      body,
      headers: { "Content-Type": "application/json;charset=utf8", "X-Project-Id": "proj" },
    });
    expect(echo).toMatchObject({ ok: true, bodyLength: Buffer.byteLength(body) });
    expect(echo.signedHeaders).toEqual(["content-type", "host", "x-project-id", "x-sdk-date"]);
  });

  it("PUT with a binary body, DELETE and lower-case methods", async () => {
    expect(await send("PUT", "/v1/x", { body: new Uint8Array([0, 1, 2, 255, 254]) })).toMatchObject({ ok: true });
    expect(await send("DELETE", "/v1/x/1")).toMatchObject({ ok: true });
    expect(await send("delete", "/v1/x/1")).toMatchObject({ ok: true, method: "DELETE" });
    expect(await send("PATCH", "/v1/x/1", { body: "{}" })).toMatchObject({ ok: true });
  });

  it("paths with encoded and unusual characters", async () => {
    for (const path of [
      "/v1/a%20b/c%2Fd/%7Euser",
      "/v1/caf%C3%A9/café/東京",
      "/v1/a+b/c:d@e!$&'()*,;=/",
      "/v1/%25literal-percent/%zz",
      "/v1/trailing/",
      "/",
      "/v1/dots/./x/../y",
    ]) {
      expect(await send("GET", path), path).toMatchObject({ ok: true });
    }
  });

  it("temporary credentials carry a signed X-Security-Token", async () => {
    const echo = await send("GET", "/v3/projects", { creds: TEMP });
    expect(echo).toMatchObject({ ok: true, accessKey: TEMP.accessKey });
    expect(echo.signedHeaders).toContain("x-security-token");
  });

  it("headers outside the signed set may be added after signing", async () => {
    const echo = await send("GET", "/v1/x", { afterSign: (h) => h.set("X-Trace-Id", "added-by-a-proxy") });
    expect(echo).toMatchObject({ ok: true });
  });

  it("a clock within 15 minutes is accepted", async () => {
    expect(await send("GET", "/v1/x", { now: new Date(Date.now() - 14 * 60_000) })).toMatchObject({ ok: true });
    expect(await send("GET", "/v1/x", { now: new Date(Date.now() + 14 * 60_000) })).toMatchObject({ ok: true });
  });
});

describe("tampering is detected", () => {
  it("changed query value", async () => {
    const echo = await send("GET", "/v1/x?limit=10&marker=a", { sendPath: "/v1/x?limit=11&marker=a" });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("added query parameter", async () => {
    const echo = await send("GET", "/v1/x?limit=10", { sendPath: "/v1/x?limit=10&admin=true" });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("changed path", async () => {
    const echo = await send("GET", "/v1/projA/vpcs", { sendPath: "/v1/projB/vpcs" });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("changed body", async () => {
    const echo = await send("POST", "/v1/x", { body: '{"a":1}', sendBody: '{"a":2}' });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("changed method", async () => {
    const echo = await send("PUT", "/v1/x", { body: "{}", sendMethod: "POST" });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("changed signed header", async () => {
    const echo = await send("POST", "/v1/x", {
      body: "{}",
      headers: { "Content-Type": "application/json" },
      afterSign: (h) => h.set("Content-Type", "text/plain"),
    });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("date outside the skew window", async () => {
    const old = await send("GET", "/v1/x", { now: new Date(Date.now() - 16 * 60_000) });
    expect(old.ok).toBe(false);
    expect(old.reason).toMatch(/skew/);
    const future = await send("GET", "/v1/x", { now: new Date(Date.now() + 16 * 60_000) });
    expect(future.ok).toBe(false);
    expect(future.reason).toMatch(/skew/);
  });

  it("date header swapped after signing", async () => {
    const echo = await send("GET", "/v1/x", {
      afterSign: (h) => h.set("X-Sdk-Date", formatSdkDate(new Date(Date.now() - 60_000))),
    });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("wrong secret", async () => {
    const echo = await send("GET", "/v1/x", { creds: { accessKey: CREDS.accessKey, secretKey: "wrong" } });
    expect(echo).toMatchObject({ ok: false, reason: "signature mismatch" });
  });

  it("unknown access key", async () => {
    const echo = await send("GET", "/v1/x", { creds: { accessKey: "NOPE", secretKey: CREDS.secretKey } });
    expect(echo).toMatchObject({ ok: false, reason: "unknown access key" });
  });

  it("temporary credentials without or with a wrong token", async () => {
    const dropped = await send("GET", "/v1/x", { creds: TEMP, afterSign: (h) => h.delete("X-Security-Token") });
    expect(dropped.ok).toBe(false);
    const noToken = await send("GET", "/v1/x", { creds: { ...TEMP, securityToken: undefined } });
    expect(noToken).toMatchObject({ ok: false, reason: "missing X-Security-Token for temporary credentials" });
    const wrong = await send("GET", "/v1/x", { creds: { ...TEMP, securityToken: "other" } });
    expect(wrong).toMatchObject({ ok: false, reason: "security token mismatch" });
  });

  it("missing or foreign Authorization", async () => {
    const none = await send("GET", "/v1/x", { afterSign: (h) => h.delete("Authorization") });
    expect(none).toMatchObject({ ok: false, reason: "missing Authorization header" });
    const aws = await send("GET", "/v1/x", { afterSign: (h) => h.set("Authorization", "AWS4-HMAC-SHA256 x") });
    expect(aws.ok).toBe(false);
  });
});

describe("verifier edge cases (no network)", () => {
  const date = new Date(Date.UTC(2024, 4, 1, 12, 0, 0));
  function signed(extra: Record<string, string> = {}, body = "") {
    const headers = new Headers(extra);
    signRequest({ method: "POST", url: "https://api.example/v1/x?a=1", headers, body }, CREDS, date);
    const incoming: Record<string, string> = { host: "api.example" };
    headers.forEach((v, k) => (incoming[k] = v));
    return { method: "POST", url: "/v1/x?a=1", headers: incoming, body: Buffer.from(body) };
  }

  it("accepts the untouched request", () => {
    expect(verifyAkSk(signed(), SECRETS, { now: date }).ok).toBe(true);
  });

  it("rejects SignedHeaders without host, unsorted, or with a missing header", () => {
    const base = signed();
    const auth = base.headers.authorization!;
    const withList = (list: string) => ({
      ...base,
      headers: { ...base.headers, authorization: auth.replace(/SignedHeaders=[^,]+/, `SignedHeaders=${list}`) },
    });
    expect(verifyAkSk(withList("x-sdk-date"), SECRETS, { now: date })).toEqual({
      ok: false,
      reason: "host is not signed",
    });
    expect(verifyAkSk(withList("x-sdk-date;host"), SECRETS, { now: date }).ok).toBe(false);
    expect(verifyAkSk(withList("host;x-missing;x-sdk-date"), SECRETS, { now: date })).toEqual({
      ok: false,
      reason: "signed header x-missing missing from request",
    });
  });

  it("rejects malformed dates", () => {
    const r = signed();
    for (const bad of ["2024-05-01T12:00:00Z", "20240231T120000Z", "20240501T120000"]) {
      expect(verifyAkSk({ ...r, headers: { ...r.headers, "x-sdk-date": bad } }, SECRETS, { now: date }).ok).toBe(false);
    }
  });

  it("x-sdk-content-sha256: must match the body unless UNSIGNED-PAYLOAD is allowed", () => {
    const body = "payload";
    const ok = signed({ "X-Sdk-Content-Sha256": payloadHash(body) }, body);
    expect(verifyAkSk(ok, SECRETS, { now: date }).ok).toBe(true);
    const lying = signed({ "X-Sdk-Content-Sha256": payloadHash("other") }, body);
    expect(verifyAkSk(lying, SECRETS, { now: date })).toEqual({
      ok: false,
      reason: "x-sdk-content-sha256 does not match body",
    });
    const unsigned = signed({ "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" }, body);
    expect(verifyAkSk(unsigned, SECRETS, { now: date }).ok).toBe(false);
    expect(verifyAkSk(unsigned, SECRETS, { now: date, allowUnsignedPayload: true }).ok).toBe(true);
  });

  it("accepts absolute-form request targets", () => {
    const r = signed();
    expect(verifyAkSk({ ...r, url: "https://api.example/v1/x?a=1" }, SECRETS, { now: date }).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any path / query / body survives sign → fetch → verify
// ---------------------------------------------------------------------------------------------

describe("property: sign → fetch → verify", () => {
  // Raw characters that are legal-but-interesting in a URL, and some that the URL parser or the
  // canonicaliser must escape. "?" / "#" / "\" are left out of raw pieces: they restructure the
  // URL (fine for signing, but it would make the generated cases less varied).
  const rawChar = fc.constantFrom(
    ..."aZ09-._~!$&'()*+,;=:@ %\"<>[]^`{|}é東😀".split(/(?:)/u),
    "%2F",
    "%20",
    "%7e",
    "%C3%A9",
    "%zz",
    "%",
  );
  const rawPiece = fc.array(rawChar, { maxLength: 8 }).map((a) => a.join(""));
  const encodedPiece = anyText({ maxLength: 12 }).map(encodeURIComponent);
  const piece = fc.oneof(rawPiece, encodedPiece);
  const pathArb = fc.array(piece, { maxLength: 5 }).map((segs) => "/" + segs.join("/"));
  const queryArb = fc
    .array(
      fc.tuple(
        fc.oneof(rawPiece, encodedPiece).map((k) => k.replace(/[&=]/g, "")),
        fc.option(
          piece.map((v) => v.replace(/&/g, "")),
          { nil: undefined },
        ),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join("&"));
  const bodyArb = fc.oneof(fc.constant(undefined), anyText({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }));
  const methodArb = fc.constantFrom("GET", "DELETE", "POST", "PUT", "PATCH");

  it("verifies", async () => {
    await fc.assert(
      fc.asyncProperty(methodArb, pathArb, queryArb, bodyArb, async (method, path, query, body) => {
        const sendsBody = method !== "GET" && method !== "DELETE";
        const target = query === "" ? path : `${path}?${query}`;
        const echo = await send(method, target, sendsBody && body !== undefined ? { body } : {});
        expect(echo.reason, `${method} ${target}`).toBeUndefined();
        expect(echo.ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("client canonical forms equal the verifier's on any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), rawPiece, encodedPiece), (s) => {
        expect(canonicalUri("/" + s)).toBe(canonicalPath("/" + s));
        expect(canonicalQueryString("?" + s)).toBe(canonicalQuery(s));
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Runtime portability
// ---------------------------------------------------------------------------------------------

describe("src/otc/signer.ts stays browser-safe", () => {
  const source = readFileSync(new URL("../src/otc/signer.ts", import.meta.url), "utf8");
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

  it("imports only @noble/hashes", () => {
    const specifiers = [...code.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^@noble\/hashes\//);
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/\brequire\s*\(/);
  });

  it("uses no Node globals", () => {
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/\bprocess\./);
  });
});
