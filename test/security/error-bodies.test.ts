// A hostile server's error body (issue #14, findings 4 and 16): redacted however deep it nests, and
// copied so that none of its keys becomes a prototype. Both for the thrown error and the raw result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/index.js";
import { createVpcepClient } from "../../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";
import { expectNotShown } from "../support/renderings.js";

let server: TestServer;
let handle: Handler;
beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());

const TOKEN = "otc-token-0123456789abcdefghijklmnop";
const client = () => createVpcepClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
const call = (c: ReturnType<typeof client>) =>
  c.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
  });

/** The body of the thrown error and the raw result's error, for a server answering `body` with `status`. */
async function bothErrors(status: number, body: string): Promise<[unknown, unknown]> {
  handle = (_req, res) => sendJson(res, status, body);
  const c = client();
  const thrown = await c.unwrap(call(c)).catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(ApiError);
  const { error } = await call(c);
  return [(thrown as ApiError).body, error];
}

describe("#14.4: an echo nested deeper than any limit is redacted", () => {
  it.each([40, 5_000])("the token at depth %i", async (depth) => {
    // {"error_code": ..., "detail": {"d": {"d": ... "<token>" ...}}}
    const nested = `${'{"d":'.repeat(depth)}${JSON.stringify(TOKEN)}${"}".repeat(depth)}`;
    const [thrownBody, rawError] = await bothErrors(400, `{"error_code":"EndPoint.0002","detail":${nested}}`);
    for (const body of [thrownBody, rawError]) {
      let inner = (body as { detail: unknown }).detail;
      for (let i = 0; i < depth; i++) inner = (inner as { d: unknown }).d;
      expect(inner).toBe("[REDACTED]");
      if (depth < 1000) expect(JSON.stringify(body)).not.toContain(TOKEN);
    }
  });

  it("an echo in a key is redacted too", async () => {
    const [thrownBody] = await bothErrors(400, JSON.stringify({ [TOKEN]: 1, error_code: "X" }));
    expect(Object.keys(thrownBody as object)).toEqual(["[REDACTED]", "error_code"]);
  });
});

describe("#14.16: a __proto__ key in an error body stays a key", () => {
  it("error.body inherits nothing from the server, and can be shown", async () => {
    const [thrownBody, rawError] = await bothErrors(
      403,
      '{"error_code":"APIGW.0302","error_msg":"denied","__proto__":{"isAdmin":true,"toString":"not a function"}}',
    );
    for (const body of [thrownBody, rawError] as Record<string, unknown>[]) {
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(body.isAdmin).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(body, "__proto__")).toBe(true);
      expect(Object.getOwnPropertyDescriptor(body, "__proto__")!.value).toEqual({
        isAdmin: true,
        toString: "not a function",
      });
      expect(String(body)).toBe("[object Object]");
      expect(JSON.parse(JSON.stringify(body))).toMatchObject({ error_code: "APIGW.0302" });
    }
  });

  it("a nested __proto__ stays a key as well", async () => {
    const [thrownBody] = await bothErrors(400, '{"error":{"code":"VPC.1","__proto__":{"polluted":1}}}');
    const inner = (thrownBody as { error: Record<string, unknown> }).error;
    expect(inner.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNotShown(thrownBody, [TOKEN]);
  });
});
