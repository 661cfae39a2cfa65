// The emulator's AK/SK verifier (src/emulator/aksk-verifier.ts) on requests signed here by hand: the
// canonical request is written out literally (not rebuilt with the verifier's own helpers), so that
// each rule of its doc comment is checked on its own: SignedHeaders sorted, the security token
// signed and only with temporary credentials, a real calendar date, trimmed header values, and an
// Authorization header of exactly Access, SignedHeaders and a lower-case hex Signature.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/index.js";
import { verifyAkSk, type AkSkSecret } from "../src/emulator/aksk-verifier.js";

const AK = "AKHAND00000000000000";
const SK = "hand-signed-secret";
const DATE = "20240301T120000Z";
const NOW = new Date(Date.UTC(2024, 2, 1, 12, 0, 0));
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

interface Signing {
  /** Headers as Node gives them (lower-case names), `host` and `x-sdk-date` included. */
  headers: Record<string, string>;
  /** In the order they are signed and named. */
  signed: string[];
  /** Header values as they go into the canonical request. */
  canonicalValues?: Record<string, string>;
  date?: string;
  /** The Authorization header's parameters after Access, SignedHeaders and Signature. */
  extra?: string;
  access?: string;
  mapSignature?: (hex: string) => string;
}

/** GET /v1/p/subnets?limit=1, signed by hand as the Huawei signing guide describes. */
function request({
  headers,
  signed,
  canonicalValues = {},
  date = DATE,
  extra = "",
  access = AK,
  mapSignature,
}: Signing) {
  const canonical = [
    "GET",
    "/v1/p/subnets/",
    "limit=1",
    signed.map((name) => `${name}:${canonicalValues[name] ?? headers[name]}`).join("\n") + "\n",
    signed.join(";"),
    sha256(""),
  ].join("\n");
  const toSign = `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`;
  const hex = createHmac("sha256", SK).update(toSign, "utf8").digest("hex");
  const signature = mapSignature ? mapSignature(hex) : hex;
  const authorization = `SDK-HMAC-SHA256 Access=${access}, SignedHeaders=${signed.join(";")}, Signature=${signature}${extra}`;
  return {
    method: "GET",
    url: "/v1/p/subnets?limit=1",
    headers: { ...headers, authorization } as Record<string, string>,
    body: Buffer.alloc(0),
  };
}

const base = { host: "emulator.test", "x-sdk-date": DATE };
const verify = (signing: Signing, secrets: Record<string, AkSkSecret> = { [AK]: SK }) =>
  verifyAkSk(request(signing), secrets, { now: NOW });

describe("verifyAkSk on hand-signed requests", () => {
  it("accepts a request signed as the guide says", () => {
    expect(verify({ headers: base, signed: ["host", "x-sdk-date"] })).toEqual({
      ok: true,
      accessKey: AK,
      signedHeaders: ["host", "x-sdk-date"],
    });
  });

  it("refuses SignedHeaders out of order or repeated, even when the signature matches them", () => {
    expect(verify({ headers: base, signed: ["x-sdk-date", "host"] })).toEqual({
      ok: false,
      reason: "SignedHeaders not sorted or has duplicates",
    });
    expect(verify({ headers: base, signed: ["host", "host", "x-sdk-date"] })).toMatchObject({ ok: false });
  });

  it("a security token must be signed, and is refused with permanent credentials", () => {
    const headers = { ...base, "x-security-token": "sts-token" };
    const temporary = { [AK]: { secretKey: SK, securityToken: "sts-token" } };
    expect(verify({ headers, signed: ["host", "x-sdk-date"] }, temporary)).toEqual({
      ok: false,
      reason: "x-security-token is not signed",
    });
    expect(verify({ headers, signed: ["host", "x-sdk-date", "x-security-token"] }, temporary)).toMatchObject({
      ok: true,
    });
    expect(verify({ headers, signed: ["host", "x-sdk-date", "x-security-token"] })).toEqual({
      ok: false,
      reason: "unexpected X-Security-Token for permanent credentials",
    });
  });

  it("refuses an X-Sdk-Date that is no calendar date (30 February), whatever the clock says", () => {
    const date = "20240230T120000Z"; // Date.UTC rolls it over to 1 March, NOW
    const result = verify({ headers: { ...base, "x-sdk-date": date }, signed: ["host", "x-sdk-date"], date });
    expect(result).toEqual({ ok: false, reason: `malformed X-Sdk-Date "${date}"` });
  });

  it("signs header values trimmed", () => {
    const headers = { ...base, "x-project-id": "  p  " };
    const signed = ["host", "x-project-id", "x-sdk-date"];
    expect(verify({ headers, signed, canonicalValues: { "x-project-id": "p" } })).toMatchObject({ ok: true });
    expect(verify({ headers, signed })).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("takes only Access, SignedHeaders and a lower-case hex Signature, each once", () => {
    const signed = ["host", "x-sdk-date"];
    expect(verify({ headers: base, signed, mapSignature: (hex) => hex.toUpperCase() })).toEqual({
      ok: false,
      reason: "Signature is not 64 lower-case hex digits",
    });
    expect(verify({ headers: base, signed, extra: ", Region=eu-de" })).toEqual({
      ok: false,
      reason: "unknown authorization parameter Region",
    });
    expect(verify({ headers: base, signed, extra: `, Access=${AK}` })).toEqual({
      ok: false,
      reason: "duplicate authorization parameter Access",
    });
  });

  it("refuses a signed header name that is not a lower-case token", () => {
    const headers = { ...base, "X-Project-Id": "p" };
    expect(verify({ headers, signed: ["X-Project-Id", "host", "x-sdk-date"] })).toEqual({
      ok: false,
      reason: 'invalid signed header name "X-Project-Id"',
    });
  });

  it("an access key named like an Object.prototype member is unknown, not a crash", () => {
    for (const access of ["toString", "constructor", "__proto__"])
      expect(verify({ headers: base, signed: ["host", "x-sdk-date"], access })).toEqual({
        ok: false,
        reason: "unknown access key",
      });
  });
});

describe("the emulator's OTC gateway", () => {
  it("allows the clock skew of its maxClockSkewMs option, not the default 15 minutes", async () => {
    const emu = await startEmulator({
      counts: { subnets: 1 },
      credentials: { otc: { accessKey: AK, secretKey: SK } },
      maxClockSkewMs: 60_000,
    });
    try {
      const host = `127.0.0.1:${emu.port}`;
      const get = (offsetMs: number) => {
        const date = new Date(Date.now() + offsetMs).toISOString().replace(/[-:]|\.\d{3}/g, "");
        const { headers } = request({ headers: { host, "x-sdk-date": date }, signed: ["host", "x-sdk-date"], date });
        const { host: _sent, ...rest } = headers;
        return fetch(`${emu.url}/v1/p/subnets?limit=1`, { headers: rest });
      };
      expect((await get(0)).status).toBe(200);
      const late = await get(-5 * 60_000);
      expect(late.status).toBe(401);
      expect(((await late.json()) as { error_msg: string }).error_msg).toContain("X-Sdk-Date outside allowed skew");
    } finally {
      await emu.close();
    }
  });
});
