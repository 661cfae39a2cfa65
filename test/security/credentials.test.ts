// Credentials are checked and normalised once, when a client is made (issue #14, findings 5 and 13):
// what is sent is what the redactor knows, and what cannot be sent is refused then, by option name,
// instead of failing every request as a network error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/index.js";
import { createConfluentClient } from "../../src/confluent/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";
import { expectNotShown } from "../support/renderings.js";

let server: TestServer;
let handle: Handler;
beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  handle = (_req, res) => sendJson(res, 200, {});
});

describe("#14.5: a credential with surrounding whitespace is sent, and redacted, trimmed", () => {
  it("an OTC token read from a file (ending in a newline) does not show when the server echoes it", async () => {
    const token = "otc-token-read-from-a-file-0123456789";
    handle = (req, res) =>
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: `bad token ${req.headers["x-auth-token"]}` });
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: ` ${token}\n` }, retry: false });
    const error = await client
      .unwrap(
        client.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
          params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
        }),
      )
      .catch((e: unknown) => e);
    expect(server.requests[0]!.headers["x-auth-token"]).toBe(token);
    expect(error).toBeInstanceOf(ApiError);
    expectNotShown(error, [token]);
  });

  it("a token between tabs is sent without them, and its echo does not show", async () => {
    const token = "otc-token-between-tabs-0123456789";
    handle = (req, res) =>
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: `bad token ${req.headers["x-auth-token"]}` });
    const client = createVpcClient({ baseUrl: server.url, auth: { token: `\t${token}\t` }, retry: false });
    const error = await client
      .unwrap(client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }))
      .catch((e: unknown) => e);
    expect(server.requests[0]!.headers["x-auth-token"]).toBe(token);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain("bad token [REDACTED]");
    expectNotShown(error, [token]);
  });

  it("a Confluent API secret ending in a newline is sent trimmed inside HTTP Basic", async () => {
    const client = createConfluentClient({
      baseUrl: server.url,
      auth: { apiKey: "KEY0001\n", apiSecret: "confluent-secret-from-a-file\r\n" },
    });
    await client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
    const basic = server.requests[0]!.headers.authorization!;
    expect(Buffer.from(basic.replace(/^Basic /, ""), "base64").toString()).toBe("KEY0001:confluent-secret-from-a-file");
  });

  it("an AK/SK secret key ending in a newline signs as the key without it", async () => {
    const { verifyAkSk } = await import("../support/aksk-verifier.js");
    handle = (req, res) => {
      const result = verifyAkSk(req, { AKIDEXAMPLE0001: "sk-from-a-file-0123456789" });
      sendJson(
        res,
        result.ok ? 200 : 401,
        result.ok ? { subnets: [] } : { code: "APIGW.0301", message: result.reason },
      );
    };
    const vpc = createVpcClient({
      baseUrl: server.url,
      auth: { accessKey: "AKIDEXAMPLE0001\n", secretKey: "sk-from-a-file-0123456789\n" },
      retry: false,
    });
    const { response } = await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(200);
  });
});

describe("#14.13: a credential that cannot be sent is refused when the client is made", () => {
  const BAD: [string, string][] = [
    ["a CR/LF (header injection)", "Zq9-secret\r\nX-Injected: 1"],
    ["a NUL", "Zq9-sec\0ret"],
    ["another control character", "Zq9-sec\u001bret"],
    ["a DEL (U+007F)", "Zq9-sec\u007fret"],
    ["a C1 control (U+0085, next line)", "Zq9-sec\u0085ret"],
    ["a C1 control (U+009B, which starts a terminal sequence)", "Zq9-sec\u009bret"],
    ["a character beyond Latin-1", "Zq9-sec€ret"],
  ];
  // Each factory returns `unknown`: an array of functions returning the different client types would make
  // the type checker compare those types (most of a second).
  const factories: [string, (value: string) => unknown][] = [
    ["auth.token", (token): unknown => createVpcepClient({ baseUrl: server.url, auth: { token } })],
    [
      "auth.accessKey",
      (accessKey): unknown => createVpcClient({ baseUrl: server.url, auth: { accessKey, secretKey: "sk" } }),
    ],
    [
      "auth.securityToken",
      (securityToken): unknown =>
        createVpcClient({ baseUrl: server.url, auth: { accessKey: "ak", secretKey: "sk", securityToken } }),
    ],
    ["auth.token", (token): unknown => createConfluentClient({ baseUrl: server.url, auth: { token } })],
    ["auth.token", (token): unknown => createMadConnectClient({ baseUrl: server.url, auth: { token } })],
  ];
  for (const [option, make] of factories) {
    it.each(BAD)(`${option} with %s: a TypeError naming the option, nothing sent`, (_what, value) => {
      let thrown: unknown;
      try {
        make(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toContain(option);
      expectNotShown(thrown, [value, value.slice(0, 5)]);
      expect(server.requests).toHaveLength(0);
    });
  }

  it("HTTP Basic carries any character as UTF-8, but not a control character, nor a ':' in the key", () => {
    expect(() => createConfluentClient({ auth: { apiKey: "KEY", apiSecret: "sécret€" } })).not.toThrow();
    expect(() => createConfluentClient({ auth: { apiKey: "KEY", apiSecret: "a\nb" } })).toThrow(
      /auth\.apiSecret contains a control character/,
    );
    expect(() => createConfluentClient({ auth: { apiKey: "KEY", apiSecret: "a\u0080b" } })).toThrow(
      /auth\.apiSecret contains a control character \(U\+0080\)/,
    );
    expect(() => createConfluentClient({ auth: { apiKey: "K:EY", apiSecret: "s" } })).toThrow(/auth\.apiKey/);
  });

  it("a missing or empty credential is refused by name, not sent as 'undefined'", () => {
    expect(() => createMadConnectClient({ baseUrl: server.url, auth: { token: "  " } })).toThrow(
      /auth\.token is empty/,
    );
    expect(() => createVpcClient({ auth: { accessKey: "ak" } as never })).toThrow(/auth\.secretKey must be a string/);
    expect(() => createConfluentClient({ auth: undefined as never })).toThrow(/auth option is required/);
  });
});
