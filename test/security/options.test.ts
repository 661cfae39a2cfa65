// Options from a careless caller (issue 14, finding 6): an invalid value is refused at construction
// with a TypeError or RangeError naming the option; `undefined` always means the default.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConfluentClient } from "../../src/confluent/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { startServer, type TestServer } from "../support/http-server.js";

let server: TestServer;
beforeAll(async () => {
  // Every request fails with a retryable status: the number of requests is the number of attempts.
  server = await startServer((_req, res) => {
    res.writeHead(503, { "content-type": "application/json" });
    res.end('{"error_msg":"busy"}');
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const factories = {
  vpc: (options: object) => createVpcClient({ baseUrl: server.url, auth: { token: "t0ken" }, ...options }),
  vpcep: (options: object) => createVpcepClient({ baseUrl: server.url, auth: { token: "t0ken" }, ...options }),
  confluent: (options: object) => createConfluentClient({ baseUrl: server.url, auth: { token: "t0ken" }, ...options }),
  madconnect: (options: object) =>
    createMadConnectClient({ baseUrl: server.url, auth: { token: "t0ken" }, ...options }),
};

const invalid: [string, object, typeof TypeError | typeof RangeError, RegExp][] = [
  ["retry.maxRetries NaN", { retry: { maxRetries: Number.NaN } }, RangeError, /retry\.maxRetries/],
  ["retry.maxRetries Infinity", { retry: { maxRetries: Infinity } }, RangeError, /retry\.maxRetries/],
  ["retry.maxRetries negative", { retry: { maxRetries: -1 } }, RangeError, /retry\.maxRetries/],
  ["retry.maxRetries not an integer", { retry: { maxRetries: 1.5 } }, RangeError, /retry\.maxRetries/],
  ["retry.maxRetries a string", { retry: { maxRetries: "3" } }, TypeError, /retry\.maxRetries/],
  ["retry.maxDelayMs NaN", { retry: { maxDelayMs: Number.NaN } }, RangeError, /retry\.maxDelayMs/],
  ["retry.maxDelayMs negative", { retry: { maxDelayMs: -5 } }, RangeError, /retry\.maxDelayMs/],
  ["retry.maxDelayMs beyond a timer", { retry: { maxDelayMs: 2 ** 31 } }, RangeError, /retry\.maxDelayMs/],
  ["retry a misspelt key", { retry: { maxRetry: 5 } }, TypeError, /retry\.maxRetry\b/],
  ["retry true", { retry: true }, TypeError, /retry/],
  ["retry null", { retry: null }, TypeError, /retry/],
  ["timeoutMs above 2^31-1", { timeoutMs: 2 ** 31 }, RangeError, /timeoutMs/],
  ["timeoutMs Infinity", { timeoutMs: Infinity }, RangeError, /timeoutMs/],
  ["timeoutMs NaN", { timeoutMs: Number.NaN }, RangeError, /timeoutMs/],
  ["timeoutMs zero", { timeoutMs: 0 }, RangeError, /timeoutMs/],
  ["timeoutMs negative", { timeoutMs: -1 }, RangeError, /timeoutMs/],
  ["timeoutMs a string", { timeoutMs: "1000" }, TypeError, /timeoutMs/],
  ["maxResponseBytes zero", { maxResponseBytes: 0 }, RangeError, /maxResponseBytes/],
  ["maxResponseBytes not an integer", { maxResponseBytes: 10.5 }, RangeError, /maxResponseBytes/],
  ["maxResponseBytes Infinity", { maxResponseBytes: Infinity }, RangeError, /maxResponseBytes/],
  ["fetch not a function", { fetch: "https://proxy" }, TypeError, /fetch/],
  ["headers not an object", { headers: "x-a: b" }, TypeError, /headers/],
  ["a header value that is not a string", { headers: { "x-a": 1 } }, TypeError, /headers\["x-a"\]/],
  ["a header value with a line break", { headers: { "x-a": "b\r\nx-evil: 1" } }, TypeError, /headers\["x-a"\]/],
  ["a header name with a space", { headers: { "x a": "b" } }, TypeError, /headers\["x a"\]/],
  ["userAgent with a line break", { userAgent: "ua\nx" }, TypeError, /userAgent/],
  ["allowInsecureHttp a string", { allowInsecureHttp: "yes" }, TypeError, /allowInsecureHttp/],
  ["baseUrl not a string", { baseUrl: new URL("https://example.com") }, TypeError, /baseUrl/],
];

describe("finding 6: invalid options are refused at construction, naming the option", () => {
  // Read as functions returning `unknown`: a union of the four client types would make the type
  // checker compare them (most of a second).
  const untyped: Record<string, (options: object) => unknown> = factories;
  for (const [name, factory] of Object.entries(untyped)) {
    it.each(invalid)(`${name}: %s`, (_label, options, type, option) => {
      expect(() => factory(options)).toThrow(type);
      expect(() => factory(options)).toThrow(option);
    });
  }

  it("a header value that is refused is not quoted in the message (it may be a credential)", () => {
    const error = (() => {
      try {
        factories.vpc({ headers: { "x-api-key": "s3cret\nvalue" } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error!.message).not.toContain("s3cret");
  });
});

describe("a factory called without options, or without a MadConnect baseUrl", () => {
  const bare: [string, (options?: unknown) => unknown][] = [
    ["vpc", createVpcClient as (options?: unknown) => unknown],
    ["vpcep", createVpcepClient as (options?: unknown) => unknown],
    ["confluent", createConfluentClient as (options?: unknown) => unknown],
    ["madconnect", createMadConnectClient as (options?: unknown) => unknown],
  ];
  it.each(bare)("%s: no options (or null) is a TypeError naming the options", (_name, factory) => {
    for (const options of [undefined, null, "x"]) {
      expect(() => factory(options)).toThrow(TypeError);
      expect(() => factory(options)).toThrow(/^options must be an object/);
    }
  });

  it("MadConnect without a baseUrl is a TypeError naming it, at construction", () => {
    const create = (options: object) => createMadConnectClient(options as never);
    expect(() => create({ auth: { token: "t0ken" } })).toThrow(TypeError);
    expect(() => create({ auth: { token: "t0ken" } })).toThrow(/^baseUrl is required/);
  });
});

describe("finding 6: undefined means the default, and the limits hold on the wire", () => {
  it("auth.token: undefined beside an access key pair (or API key) is as absent", async () => {
    const otc = createVpcClient({
      baseUrl: server.url,
      retry: false,
      auth: { token: undefined, accessKey: "AK", secretKey: "SK" } as never,
    });
    await otc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(server.requests.at(-1)!.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK,/);
    const confluent = createConfluentClient({
      baseUrl: server.url,
      retry: false,
      auth: { token: undefined, apiKey: "key", apiSecret: "secret" } as never,
    });
    await confluent.GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1" } },
    });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Basic ${btoa("key:secret")}`);
  });

  it("retry: { maxRetries: undefined } retries twice (the default), not forever", async () => {
    const client = factories.vpc({ retry: { maxRetries: undefined, maxDelayMs: 1 } });
    const { response } = await client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it("retry: { maxDelayMs: undefined } keeps the default cap; timeoutMs: undefined the default limit", () => {
    expect(() => factories.vpc({ retry: { maxDelayMs: undefined }, timeoutMs: undefined })).not.toThrow();
  });

  it("the largest timeoutMs allowed does not fire early", async () => {
    const client = factories.confluent({ timeoutMs: 2 ** 31 - 1, retry: false });
    const { response } = await client.GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1" } },
    });
    expect(response.status).toBe(503);
  });
});

describe("finding 6: per-call options are checked where the call enters", () => {
  const list = (init: object) =>
    factories.vpc({ retry: false }).GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" } },
      ...(init as Record<string, never>),
    });

  it.each([
    ["signal not an AbortSignal", { signal: { aborted: false } }, /signal/],
    ["parseAs unknown", { parseAs: "xml" }, /parseAs/],
    ["fetch not a function", { fetch: "x" }, /fetch/],
    ["pathSerializer (would skip the path checks)", { pathSerializer: (p: string) => p }, /pathSerializer/],
    ["querySerializer (would skip the query encoding)", { querySerializer: () => "" }, /querySerializer/],
    ["Request (would build the request the client checks)", { Request: globalThis.Request }, /^Request cannot/],
  ])("%s: TypeError, nothing sent", async (_label, init, option) => {
    const error = await list(init).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(option);
    expect(server.requests).toHaveLength(0);
  });
});
