// Authentication of every client against a real server (AK/SK checked by the independent verifier in
// test/support/aksk-verifier.ts), and redaction: no error or client ever shows a credential, even when
// the server echoes the credential headers back.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, ConnectionError, RateLimitError, TimeoutError } from "../src/index.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../src/otc/index.js";
import { verifyAkSk } from "./support/aksk-verifier.js";
import { renderings } from "./support/renderings.js";
import { sendJson, startServer, type Handler, type RecordedRequest, type TestServer } from "./support/http-server.js";

let server: TestServer;
let handle: Handler;
/** Drops the connection without an answer. */
const hangUp: Handler = (_req, _res, raw) => void raw.socket.destroy();

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  handle = (_req, res) => sendJson(res, 200, {});
});

const AK = "AKIDEXAMPLE0123456789";
const SK = "sk/Secret+Key=0123456789abcdefghij";
// Its first 12 characters must not occur in a stack trace's file paths either: nothing a checkout folder would be called.
const STS = "Qz7sTs-tok3n-0123456789abcdef-x9";
const FAST_RETRY = { retry: { maxRetries: 2, maxDelayMs: 5 } };

/** Answers 200 with the verifier's verdict when the AK/SK signature verifies, 401 with the reason when not. */
const verifying =
  (secrets: Parameters<typeof verifyAkSk>[1], then?: Handler): Handler =>
  (req, res, raw) => {
    const result = verifyAkSk(req, secrets);
    if (!result.ok) return sendJson(res, 401, { error_code: "APIGW.0301", error_msg: result.reason });
    if (then) return then(req, res, raw);
    sendJson(res, 200, { connections: [], total_count: 0 });
  };

const listConnections = (client: ReturnType<typeof createVpcepClient>, query: object = {}) =>
  client.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: { path: { project_id: "proj 1", vpc_endpoint_service_id: "svc-1" }, query },
  });

// ---------------------------------------------------------------------------------------------
// OTC
// ---------------------------------------------------------------------------------------------

describe("OTC", () => {
  it("a token is sent as X-Auth-Token, and only that", async () => {
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTAL" } });
    await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    const [request] = server.requests;
    expect(request!.headers["x-auth-token"]).toBe("MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTAL");
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.headers["x-sdk-date"]).toBeUndefined();
  });

  it("AK/SK signs a GET with a query so that the server's verifier accepts it", async () => {
    handle = verifying({ [AK]: SK });
    const client = createVpcepClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK } });
    const { data, error, response } = await listConnections(client, {
      id: "a b+c~d/é",
      marker_id: "12345678901234567891",
      status: "accepted",
      sort_dir: "asc",
      limit: 10,
      offset: 0,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ connections: [], total_count: 0 });
    const [request] = server.requests;
    expect(request!.url).toContain("?id=a%20b%2Bc~d%2F%C3%A9&marker_id=12345678901234567891");
    expect(request!.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKIDEXAMPLE0123456789, SignedHeaders=/);
    expect(request!.headers["x-auth-token"]).toBeUndefined();
    expect(request!.headers["x-security-token"]).toBeUndefined();
  });

  it("AK/SK with temporary credentials sends and signs X-Security-Token", async () => {
    handle = verifying({ [AK]: { secretKey: SK, securityToken: STS } });
    const client = createVpcClient({
      baseUrl: server.url,
      auth: { accessKey: AK, secretKey: SK, securityToken: STS },
      headers: { "X-Project-Id": "proj-1" },
    });
    const { response } = await client.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" }, query: { limit: 5, marker: "m" } },
    });
    expect(response.status).toBe(200);
    const [request] = server.requests;
    expect(request!.headers["x-security-token"]).toBe(STS);
    expect(request!.headers.authorization).toContain("x-project-id");
    expect(request!.headers.authorization).toContain("x-security-token");
  });

  it("the verifier does reject a wrong secret (the end-to-end check is not vacuous)", async () => {
    handle = verifying({ [AK]: "another-secret" });
    const client = createVpcepClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK }, retry: false });
    const { error, response } = await listConnections(client);
    expect(response.status).toBe(401);
    expect(error).toEqual({ error_code: "APIGW.0301", error_msg: "signature mismatch" });
  });

  it("AK/SK re-signs every retry and every redirect hop", async () => {
    let calls = 0;
    handle = verifying({ [AK]: SK }, (req, res) => {
      calls += 1;
      if (calls === 1) return sendJson(res, 503, { error_code: "APIGW.0101", error_msg: "busy" });
      if (req.url.startsWith("/v1/")) {
        res.writeHead(302, { location: "/moved?limit=3" });
        res.end();
        return;
      }
      sendJson(res, 200, { subnets: [] });
    });
    const client = createVpcClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK }, ...FAST_RETRY });
    const { data, response } = await client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ subnets: [] });
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/p/subnets", "/v1/p/subnets", "/moved?limit=3"]);
    expect(server.requests.every((r) => verifyAkSk(r, { [AK]: SK }, { now: new Date() }).ok)).toBe(true);
  });

  it("AK/SK signs a PUT with a JSON body, also when the PUT is retried", async () => {
    let calls = 0;
    handle = verifying({ [AK]: SK }, (_req, res) => {
      calls += 1;
      if (calls === 1) return sendJson(res, 503, {});
      sendJson(res, 200, { subnet: { id: "s-1", status: "ACTIVE" } });
    });
    const client = createVpcClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK }, ...FAST_RETRY });
    const { data, response } = await client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
      params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s-1" } },
      body: { subnet: { name: "renamed é", dhcp_enable: true, dnsList: ["100.125.4.25"] } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ subnet: { id: "s-1", status: "ACTIVE" } });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.method).toBe("PUT");
      expect(request.body.toString("utf8")).toBe(
        '{"subnet":{"name":"renamed é","dhcp_enable":true,"dnsList":["100.125.4.25"]}}',
      );
      expect(request.headers.authorization).toContain("content-type");
    }
    // and a tampered body would not verify
    const tampered: RecordedRequest = { ...server.requests[1]!, body: Buffer.from('{"subnet":{}}') };
    expect(verifyAkSk(tampered, { [AK]: SK })).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("AK/SK signs a POST with a JSON body (with int64 values written exactly)", async () => {
    handle = verifying({ [AK]: SK }, (_req, res) =>
      sendJson(res, 200, '{"connections":[{"id":"e-1","marker_id":12345678901234567891}]}'),
    );
    const client = createVpcepClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK }, retry: false });
    const { data, response } = await client.POST(
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action",
      {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "svc" } },
        body: { action: "reject", endpoints: ["e-1"] },
      },
    );
    expect(response.status).toBe(200);
    expect(data).toEqual({ connections: [{ id: "e-1", marker_id: 12345678901234567891n }] });
    expect(server.requests[0]!.body.toString("utf8")).toBe('{"action":"reject","endpoints":["e-1"]}');

    server.requests.length = 0;
    const vpc = createVpcClient({ baseUrl: server.url, auth: { accessKey: AK, secretKey: SK, securityToken: STS } });
    handle = verifying({ [AK]: { secretKey: SK, securityToken: STS } }, (_req, res) =>
      sendJson(res, 200, { subnet: { id: "s-2" } }),
    );
    const created = await vpc.unwrap(
      vpc.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        body: {
          subnet: {
            name: "s",
            cidr: "10.0.0.0/24",
            gateway_ip: "10.0.0.1",
            ipv6_enable: false,
            dhcp_enable: true,
            vpc_id: "v",
          },
        },
      }),
    );
    expect(created).toEqual({ subnet: { id: "s-2" } });
  });
});

// ---------------------------------------------------------------------------------------------
// Confluent and MadConnect
// ---------------------------------------------------------------------------------------------

describe("Confluent", () => {
  const list = (client: ReturnType<typeof createConfluentClient>, headers?: Record<string, string>) =>
    client.GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1" } },
      ...(headers ? { headers } : {}),
    });

  it("an API key and secret are sent as HTTP Basic (UTF-8)", async () => {
    const client = createConfluentClient({
      baseUrl: server.url,
      auth: { apiKey: "ABCDEFKEY", apiSecret: "sëcret:with/colon" },
    });
    await list(client);
    const authorization = server.requests[0]!.headers.authorization!;
    expect(authorization).toMatch(/^Basic /);
    expect(Buffer.from(authorization.slice(6), "base64").toString("utf8")).toBe("ABCDEFKEY:sëcret:with/colon");
  });

  it("a token is sent as Bearer, and a per-call header cannot replace it", async () => {
    const client = createConfluentClient({ baseUrl: server.url, auth: { token: "eyJhbGciOi.confluent.token" } });
    await list(client, { Authorization: "Bearer someone-else" });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer eyJhbGciOi.confluent.token");
  });
});

describe("MadConnect", () => {
  it("a token is sent as Bearer on every operation", async () => {
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-bearer-token" } });
    await client.GET("/es/v2/connections");
    await client.POST("/es/v2/connections", { body: { srcConnectorId: "a", destConnectorId: "b" } });
    await client.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill("Bearer mad-bearer-token"));
  });
});

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

interface Mode {
  name: string;
  /** A client of this mode and a call that reaches the server's current handler. */
  call(options: object): { client: object; run(): Promise<unknown>; raw(): Promise<{ error?: unknown }> };
  /** The values that must never show, given the request the server received. */
  secrets(request: RecordedRequest): string[];
}

const signatureOf = (request: RecordedRequest) =>
  /Signature=([0-9a-f]+)/.exec(request.headers.authorization ?? "")![1]!;
const credentialOf = (request: RecordedRequest) => request.headers.authorization!.split(" ")[1]!;

// Each through `mode`: an array literal of the five inferred element types would make the type checker
// compare the client types with each other (over a second).
const mode = (m: Mode): Mode => m;
const modes: Mode[] = [
  mode({
    name: "OTC token",
    call(options) {
      const client = createVpcepClient({ baseUrl: server.url, auth: { token: "otc-secret-token-XYZ" }, ...options });
      const raw = () => listConnections(client);
      return { client, raw, run: () => client.unwrap(raw()) };
    },
    secrets: () => ["otc-secret-token-XYZ"],
  }),
  mode({
    name: "OTC AK/SK",
    call(options) {
      const client = createVpcClient({
        baseUrl: server.url,
        auth: { accessKey: AK, secretKey: SK, securityToken: STS },
        ...options,
      });
      const raw = () => client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      return { client, raw, run: () => client.unwrap(raw()) };
    },
    secrets: (request) => [SK, STS, signatureOf(request)],
  }),
  mode({
    name: "Confluent API key",
    call(options) {
      const client = createConfluentClient({
        baseUrl: server.url,
        auth: { apiKey: "CONFLUENTKEY", apiSecret: "confluent-api-secret" },
        ...options,
      });
      const raw = () =>
        client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
      return { client, raw, run: () => client.unwrap(raw()) };
    },
    secrets: (request) => ["confluent-api-secret", credentialOf(request), request.headers.authorization!],
  }),
  mode({
    name: "Confluent token",
    call(options) {
      const client = createConfluentClient({
        baseUrl: server.url,
        auth: { token: "confluent-oauth-token" },
        ...options,
      });
      const raw = () =>
        client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
      return { client, raw, run: () => client.unwrap(raw()) };
    },
    secrets: (request) => ["confluent-oauth-token", request.headers.authorization!],
  }),
  mode({
    name: "MadConnect token",
    call(options) {
      const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "madconnect-token" }, ...options });
      const raw = () => client.GET("/es/v2/connections");
      return { client, raw, run: () => client.unwrap(raw()) };
    },
    secrets: (request) => ["madconnect-token", request.headers.authorization!],
  }),
];

function expectNoSecrets(value: unknown, secrets: string[]) {
  const texts = renderings(value);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThanOrEqual(8);
    for (const text of texts) {
      expect(text, `${secret} shown`).not.toContain(secret);
      // nor a telling piece of it
      expect(text, `start of ${secret} shown`).not.toContain(secret.slice(0, 12));
    }
  }
}

/** The credential headers the server received, echoed back in every form a careless server might use. */
function echo(request: RecordedRequest) {
  const h = request.headers;
  const values = [h.authorization, h["x-auth-token"], h["x-security-token"]].filter((v) => v !== undefined).join(" | ");
  return {
    values,
    headers: {
      authorization: h.authorization,
      "x-auth-token": h["x-auth-token"],
      "x-security-token": h["x-security-token"],
    },
    sentence: `Authorization: ${h.authorization ?? "-"}, X-Auth-Token: ${h["x-auth-token"] ?? "-"}`,
  };
}

const echoHandlers: [string, Handler][] = [
  [
    "an OTC error body",
    (req, res) => {
      const e = echo(req);
      sendJson(res, 401, {
        error_code: "APIGW.0301",
        error_msg: `Incorrect IAM authentication information: ${e.values}`,
        request_id: "r-1",
        received: e.headers,
      });
    },
  ],
  [
    "a Confluent errors[] body",
    (req, res) => {
      const e = echo(req);
      sendJson(res, 401, {
        errors: [
          { status: "401", code: "user_unauthenticated", title: e.sentence, detail: e.values, source: e.headers },
        ],
      });
    },
  ],
  [
    "a MadConnect envelope on HTTP 200",
    (req, res) => {
      const e = echo(req);
      sendJson(res, 200, { statusCode: 1401, statusMessage: `bad token ${e.values}`, response: e.headers });
    },
  ],
  [
    "an HTML 502 page",
    (req, res) => {
      const html = `<html><body><h1>502 Bad Gateway</h1><pre>${echo(req).sentence}\n${JSON.stringify(req.headers)}</pre></body></html>`;
      res.writeHead(502, { "content-type": "text/html" });
      res.end(html);
    },
  ],
  [
    "a long text body that cuts the credential in half",
    (req, res) => {
      const e = echo(req);
      res.writeHead(500, { "content-type": "text/plain" });
      // the error keeps the first 2048 characters of a text body: the 2048th is the credential's 14th
      res.end(`${"x".repeat(2048 - 14)}${e.values}\n`);
    },
  ],
  [
    "the status line and X-Request-Id header",
    (req, res) => {
      const e = echo(req);
      res.writeHead(500, `Denied ${e.values}`.replace(/[^\x20-\x7e]/g, "?"), {
        "x-request-id": e.values,
        "content-length": "0",
      });
      res.end();
    },
  ],
  [
    "a 429 body",
    (req, res) =>
      sendJson(res, 429, { error_code: "APIGW.0308", error_msg: echo(req).sentence }, { "retry-after": "1" }),
  ],
  [
    "a truncated JSON body on a 200",
    (req, res) => sendJson(res, 200, `{"statusCode":0,"token":${JSON.stringify(echo(req).values)},"response":{"na`),
  ],
];

describe("redaction", () => {
  for (const mode of modes) {
    describe(mode.name, () => {
      const cases = echoHandlers.filter(([name]) => mode.name.startsWith("MadConnect") || !name.includes("envelope"));
      it.each(cases)("nothing shows when the server echoes the credentials in %s", async (_name, handler) => {
        handle = handler;
        const { client, run, raw } = mode.call({ retry: false });
        const error = await run().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ApiError);
        expect(server.requests).toHaveLength(1);
        const secrets = mode.secrets(server.requests[0]!);
        expectNoSecrets(error, secrets);
        expectNoSecrets(client, secrets);
        // a raw call that throws (invalid JSON) is as clean
        const result = await raw().catch((e: unknown) => ({ thrown: e }));
        if ("thrown" in result) expectNoSecrets(result.thrown, mode.secrets(server.requests[1]!));
        if (error instanceof RateLimitError) expect(error.retryAfterMs).toBe(1000);
      });

      it("nothing shows in a ConnectionError or TimeoutError, even with a credential in the path", async () => {
        handle = hangUp;
        const { run } = mode.call({ retry: { maxRetries: 1, maxDelayMs: 1 } });
        const error = await run().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as ConnectionError).attempts).toBe(2);
        expectNoSecrets(error, mode.secrets(server.requests[0]!));

        handle = () => undefined; // never answers
        server.requests.length = 0;
        const slow = await mode
          .call({ retry: false, timeoutMs: 100 })
          .run()
          .catch((e: unknown) => e);
        expect(slow).toBeInstanceOf(TimeoutError);
        await vi.waitFor(() => expect(server.requests).toHaveLength(1));
        expectNoSecrets(slow, mode.secrets(server.requests[0]!));
      });
    });
  }

  it("a credential used as a path parameter does not show in a ConnectionError", async () => {
    handle = hangUp;
    const token = "otc-secret-token-in-path";
    const client = createVpcClient({ baseUrl: server.url, auth: { token }, retry: false });
    const error = await client
      .unwrap(client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: token } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests[0]!.url).toBe(`/v1/${token}/subnets`);
    expectNoSecrets(error, [token]);
    expect((error as Error).message).toContain("[REDACTED]");
  });

  it("a connection refused says where, and nothing secret", async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const client = createMadConnectClient({ baseUrl: url, auth: { token: "madconnect-token" }, retry: false });
    const error = await client.unwrap(client.GET("/es/v2/connections")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(`GET ${url}/es/v2/connections`);
    expectNoSecrets(error, ["madconnect-token", "Bearer madconnect-token"]);
  });
});
