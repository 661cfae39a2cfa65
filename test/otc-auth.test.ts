// otcAuthorize with AK/SK: what the transport calls before each attempt, checked with the node:crypto
// verifier (test/support/aksk-verifier.ts) on the Request it leaves behind.
import { afterEach, describe, expect, it, vi } from "vitest";
import { otcAuthorize } from "../src/otc/auth.js";
import type { AkSkCredentials } from "../src/otc/signer.js";
import { verifyAkSk } from "./support/aksk-verifier.js";

const A: AkSkCredentials = { accessKey: "AKA0000000000000", secretKey: "secret-a" };
const B: AkSkCredentials = { accessKey: "AKB0000000000000", secretKey: "secret-b", securityToken: "sts-b" };
const KEYS = { [A.accessKey]: A.secretKey, [B.accessKey]: { secretKey: B.secretKey, securityToken: "sts-b" } };

function verify(request: Request, body = "") {
  const { host, pathname, search } = new URL(request.url);
  const headers: Record<string, string> = { host };
  request.headers.forEach((value, name) => (headers[name] = value));
  return verifyAkSk({ method: request.method, url: pathname + search, headers, body: Buffer.from(body) }, KEYS);
}

describe("otcAuthorize (AK/SK)", () => {
  it("signs a request without a body at once", () => {
    const { authorize } = otcAuthorize(A);
    const request = new Request("https://vpc.example/v1/p/subnets?limit=10");
    expect(authorize(request)).toBeUndefined();
    expect(verify(request)).toMatchObject({ ok: true, accessKey: A.accessKey });
  });

  it("signs the hash of a body, and leaves the body to be sent", async () => {
    const { authorize } = otcAuthorize(A);
    for (const body of ['{"subnet":{"name":"a"}}', '{"subnet":{"name":"b"}}']) {
      const request = new Request("https://vpc.example/v1/p/subnets", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      await authorize(request);
      expect(verify(request, body)).toMatchObject({ ok: true, signedHeaders: ["content-type", "host", "x-sdk-date"] });
      expect(verify(request, '{"subnet":{"name":"c"}}')).toEqual({ ok: false, reason: "signature mismatch" });
      expect(await request.text()).toBe(body);
    }
  });

  it("clients with different credentials, used in turn, each sign with their own", async () => {
    const clients = [A, B].map((creds) => ({ creds, authorize: otcAuthorize(creds).authorize }));
    for (let i = 0; i < 3; i++) {
      for (const { creds, authorize } of clients) {
        const request = new Request(`https://vpc.example/v1/p/subnets?page=${i}`, { method: "PUT", body: `${i}` });
        await authorize(request);
        expect(verify(request, `${i}`)).toMatchObject({ ok: true, accessKey: creds.accessKey });
      }
    }
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("re-signing the same Request (a retry or a redirect hop) replaces the signature", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { authorize } = otcAuthorize(B);
    const request = new Request("https://vpc.example/v1/p/subnets");
    authorize(request);
    const first = request.headers.get("authorization");
    vi.setSystemTime(Date.now() + 2000);
    authorize(request);
    expect(request.headers.get("authorization")).not.toBe(first);
    expect(request.headers.get("x-security-token")).toBe("sts-b");
    expect(verify(request)).toMatchObject({ ok: true, accessKey: B.accessKey });
  });

  it("an empty securityToken is a permanent key pair: signed, no X-Security-Token", () => {
    const { authorize, secrets } = otcAuthorize({ ...A, securityToken: "" });
    const request = new Request("https://vpc.example/v1/p/subnets");
    authorize(request);
    expect(request.headers.has("x-security-token")).toBe(false);
    expect(verify(request)).toMatchObject({ ok: true, accessKey: A.accessKey });
    expect(secrets).toEqual([A.accessKey, A.secretKey]);
  });

  it("needs both keys when the client is made", () => {
    expect(() => otcAuthorize({ accessKey: "", secretKey: "s" })).toThrow(TypeError);
  });
});
