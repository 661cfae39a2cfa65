// Hardening of the transport against a hostile server and a careless caller (issue 14: findings 2,
// 8, 14, 15, 19, 21), each against real servers on 127.0.0.1.
import { getEventListeners } from "node:events";
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectionError, RequestRejectedError, TimeoutError } from "../../src/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient } from "../../src/otc/index.js";
import { verifyAkSk } from "../support/aksk-verifier.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";

let server: TestServer;
let elsewhere: TestServer;
let handle: Handler;

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
  elsewhere = await startServer((_req, res) => sendJson(res, 200, { subnets: [] }));
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});
beforeEach(() => {
  server.requests.length = 0;
  elsewhere.requests.length = 0;
  handle = (_req, res) => sendJson(res, 200, { subnets: [] });
});

const TOKEN = "otc-token-0123456789";
const AKSK = { accessKey: "AK0123456789", secretKey: "SK-secret-0123456789abcdef" };
const FAST = { maxRetries: 2, maxDelayMs: 5 };
const vpc = (options: Parameters<typeof createVpcClient>[0] extends infer O ? Partial<O> : never = {}) =>
  createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: FAST, ...options });
const listSubnets = (client = vpc(), init: Record<string, unknown> = {}) =>
  client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, ...init });

/** The headers a request carried, as the server saw them, lower-cased names. */
const credentialsIn = (headers: Record<string, unknown>) =>
  Object.entries(headers).filter(([name]) => ["x-auth-token", "authorization", "x-security-token"].includes(name));

describe("finding 2: the transport owns redirects, whatever a call's init says", () => {
  const redirectElsewhere: Handler = (_req, res) => {
    res.writeHead(302, { location: `${elsewhere.url}/v1/p/subnets` });
    res.end();
  };

  it.each(["follow", "error", "manual"] as const)(
    'redirect: "%s" on a call: a redirect to another origin is not followed',
    async (redirect) => {
      handle = redirectElsewhere;
      const { response } = await listSubnets(vpc(), { redirect });
      expect(response.status).toBe(302);
      expect(elsewhere.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('redirect: "follow" with middleware (a real Request is built): still not followed', async () => {
    handle = redirectElsewhere;
    const client = vpc();
    client.use({ onRequest: () => undefined });
    const { response } = await listSubnets(client, { redirect: "follow" });
    expect(response.status).toBe(302);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a per-call fetch is used under the transport: credentials, no cross-origin redirect", async () => {
    handle = redirectElsewhere;
    const used: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      used.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    };
    const { response } = await listSubnets(vpc(), { fetch, redirect: "follow" });
    expect(response.status).toBe(302);
    expect(used).toEqual([`${server.url}/v1/p/subnets`]);
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests[0]!.headers["x-auth-token"]).toBe(TOKEN);
  });

  it("a malformed Location is returned unfollowed, not retried as a network error", async () => {
    handle = (_req, res) => {
      res.writeHead(302, { location: "http://[" });
      res.end();
    };
    const { response } = await listSubnets();
    expect(response.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });

  it("a same-origin redirect of a GET is still followed, with credentials", async () => {
    handle = (req, res) => {
      if (req.url === "/v1/p/subnets") {
        res.writeHead(301, { location: "/v1/p/subnets?moved=1" });
        return void res.end();
      }
      sendJson(res, 200, { subnets: [{ id: "s" }] });
    };
    const { data } = await listSubnets(vpc(), { redirect: "error" });
    expect(data).toEqual({ subnets: [{ id: "s" }] });
    expect(server.requests.map((r) => [r.url, r.headers["x-auth-token"]])).toEqual([
      ["/v1/p/subnets", TOKEN],
      ["/v1/p/subnets?moved=1", TOKEN],
    ]);
  });

  // README: "only for GET and HEAD". A 307 keeps the method and body: following it would repeat a write.
  const path = { project_id: "p", vpc_id: "v", subnet_id: "s" };
  const writes: [string, (client: ReturnType<typeof vpc>) => Promise<{ response: Response }>][] = [
    ["DELETE", (client) => client.DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", { params: { path } })],
    [
      "PUT",
      (client) =>
        client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
          params: { path },
          body: { subnet: { name: "renamed" } },
        }),
    ],
    [
      "POST",
      (client) =>
        client.POST("/v1/{project_id}/subnets", {
          params: { path: { project_id: "p" } },
          body: { subnet: { name: "n", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v" } },
        }),
    ],
  ];
  it.each(writes)("a %s answered with a same-origin 307 returns the 307, unfollowed", async (method, call) => {
    handle = (req, res) => {
      if (!req.url.includes("moved=1")) {
        res.writeHead(307, { location: `${req.url}?moved=1` });
        return void res.end();
      }
      sendJson(res, 200, {});
    };
    const { response } = await call(vpc());
    expect(response.status).toBe(307);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([[method, expect.not.stringContaining("moved")]]);
  });
});

describe("finding 8: middleware hooks see a request without credentials", () => {
  for (const [auth, label] of [
    [{ token: TOKEN }, "token"],
    [AKSK, "AK/SK"],
  ] as const) {
    it(`${label}: onRequest, onResponse and onError see none; the server gets them`, async () => {
      const seen: [string, [string, string][]][] = [];
      const record = (hook: string, request: Request) =>
        seen.push([hook, [...request.headers].filter(([name]) => /auth|token|sdk-date/i.test(name))]);
      const client = vpc({ auth, retry: false });
      client.use({
        onRequest: ({ request }) => void record("onRequest", request),
        onResponse: ({ request }) => void record("onResponse", request),
        onError: ({ request }) => void record("onError", request),
      });
      await listSubnets(client);
      expect(credentialsIn(server.requests[0]!.headers)).not.toEqual([]);
      handle = (_req, _res, raw) => void raw.socket.destroy();
      await expect(listSubnets(client)).rejects.toBeInstanceOf(ConnectionError);
      expect(seen).toEqual([
        ["onRequest", []],
        ["onResponse", []],
        ["onRequest", []],
        ["onError", []],
      ]);
    });
  }
});

describe("finding 8 (bodies): a signed request with a body, retried, under middleware", () => {
  it("each attempt is signed over the whole body and verifies; the hooks see no credentials", async () => {
    const verdicts: (string | true)[] = [];
    handle = (req, res) => {
      const result = verifyAkSk(req, { [AKSK.accessKey]: AKSK.secretKey });
      verdicts.push(result.ok ? true : result.reason);
      if (verdicts.length === 1) return sendJson(res, 503, { error_msg: "busy" });
      sendJson(res, 200, { subnet: { id: "s" } });
    };
    const client = vpc({ auth: AKSK, retry: { maxRetries: 1, maxDelayMs: 1 } });
    const seen: (string | null)[] = [];
    client.use({
      onRequest: ({ request }) => void seen.push(request.headers.get("authorization")),
      onResponse: ({ request }) => void seen.push(request.headers.get("authorization")),
    });
    const { response } = await client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
      params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
      body: { subnet: { name: "renamed", dhcp_enable: true } },
    });
    expect(response.status).toBe(200);
    expect(verdicts).toEqual([true, true]);
    expect(server.requests.map((r) => r.body.toString())).toEqual([
      '{"subnet":{"name":"renamed","dhcp_enable":true}}',
      '{"subnet":{"name":"renamed","dhcp_enable":true}}',
    ]);
    expect(seen).toEqual([null, null]);
  });
});

describe("finding 14: MadConnect's default accountId", () => {
  const mad = () =>
    createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token" }, accountId: "acct-default" });
  const ok: Handler = (_req, res) =>
    sendJson(res, 200, { statusCode: 0, statusMessage: "ok", response: { connections: [], total: 0 } });

  it("is sent when a call leaves accountId undefined, or does not name it", async () => {
    handle = ok;
    const client = mad();
    await client.GET("/es/v2/connections", { params: { query: { accountId: undefined } } });
    await client.GET("/es/v2/connections", { params: { query: { q: "x" } } });
    await client.GET("/es/v2/connections", {});
    expect(server.requests.map((r) => new URL(r.url, server.url).searchParams.getAll("accountId"))).toEqual([
      ["acct-default"],
      ["acct-default"],
      ["acct-default"],
    ]);
  });

  it("a call's own accountId replaces it", async () => {
    handle = ok;
    await mad().GET("/es/v2/connections", { params: { query: { accountId: "sub-1" } } });
    expect(new URL(server.requests[0]!.url, server.url).searchParams.getAll("accountId")).toEqual(["sub-1"]);
  });

  it("an accountId that is not a string is refused at construction", () => {
    expect(() =>
      createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, accountId: 42 as unknown as string }),
    ).toThrow(TypeError);
  });
});

describe("finding 15: only localhost, 127.0.0.0/8 and [::1] are loopback", () => {
  it("a name under .localhost over plain http is refused (it is resolved through DNS)", () => {
    for (const host of ["evil.localhost", "api.localhost", "localhost.example.com", "localhost."]) {
      expect(() => vpc({ baseUrl: `http://${host}:${new URL(server.url).port}` }), host).toThrow(RequestRejectedError);
    }
  });

  it("loopback addresses stay allowed", async () => {
    const port = new URL(server.url).port;
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"])
      expect(vpc({ baseUrl: `http://${host}:${port}` }).baseUrl).toBe(`http://${host}:${port}`);
    await listSubnets(vpc({ baseUrl: `http://127.0.0.1:${port}` }));
    expect(server.requests).toHaveLength(1);
  });
});

/** Userinfo of a base URL, each with a part ("0123456789") that must never be shown. */
const USERINFO = [
  ["a user and a password", "user:pw-0123456789"],
  ["a password alone", ":pw-0123456789"],
  ["a user alone", "user-0123456789"],
] as const;

describe("a base URL carrying credentials is refused", () => {
  it.each(USERINFO)("%s, before anything is sent, without showing them", async (_what, userinfo) => {
    const baseUrl = server.url.replace("http://", `http://${userinfo}@`);
    let thrown: unknown;
    try {
      vpc({ baseUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestRejectedError);
    expect((thrown as Error).message).toMatch(/must not carry credentials/);
    expect((thrown as Error).message).not.toContain("0123456789");
    expect(server.requests).toHaveLength(0);
  });
});

describe("a per-call baseUrl carrying credentials is refused, never sent nor retried", () => {
  it.each(USERINFO)(
    "%s: RequestRejectedError before anything is sent, without showing them",
    async (_what, userinfo) => {
      const baseUrl = server.url.replace("http://", `http://${userinfo}@`);
      const thrown = await listSubnets(vpc(), { baseUrl }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(RequestRejectedError);
      expect((thrown as Error).message).toMatch(/username or password/);
      expect(JSON.stringify(thrown) + String(thrown)).not.toContain("0123456789");
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe("a per-call baseUrl that does not parse is refused unsent, without echoing it", () => {
  it.each([
    ["a password and a port out of range", "https://user:Pa55-0123456789@mc.example:99999"],
    ["a password and an open bracket", "https://user:Pa55-0123456789@[mc.example"],
    ["a token in the query of an open bracket", "http://[zz?api_key=HUSH-0123456789"],
  ])("%s: RequestRejectedError, not URL's TypeError quoting it", async (_what, baseUrl) => {
    const thrown = await listSubnets(vpc(), { baseUrl }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RequestRejectedError);
    expect((thrown as Error).message).toMatch(/^the request URL does not parse \(\d+ characters\)$/);
    expect(JSON.stringify(thrown) + String(thrown) + inspect(thrown)).not.toContain("0123456789");
    expect(server.requests).toHaveLength(0);
  });
});

describe("a client baseUrl with an empty query or fragment is refused", () => {
  it.each(["?", "#", "/?", "/#"])("%s at its end: every request would go to the root", (end) => {
    expect(() => vpc({ baseUrl: `${server.url}${end}` })).toThrow(
      new RequestRejectedError("baseUrl must not have a query or fragment"),
    );
  });
});

describe("a baseUrl that is not an absolute URL is refused without echoing it", () => {
  it.each([
    ["a scheme without its colon", "https//user:S3cretPass-0123456789@127.0.0.1/api"],
    ["a relative URL with a token in its query", "/api?token=tok-0123456789"],
  ])("%s", (_what, baseUrl) => {
    let thrown: unknown;
    try {
      vpc({ baseUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestRejectedError);
    expect((thrown as Error).message).toMatch(/^baseUrl is not an absolute URL \(\d+ characters, no scheme:\/\/\)$/);
    expect((thrown as Error).message).not.toContain("0123456789");
  });
});

describe("finding 19: a body cut off is a network error, retried for idempotent requests", () => {
  /** Sends headers promising `size` bytes and half of them, then drops the connection. */
  const cutOff = (res: ServerResponse, raw: Parameters<Handler>[2]) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write(`{"subnets": [${'"x",'.repeat(100)}`);
    setTimeout(() => raw.socket.destroy(), 20);
  };

  it("a GET whose body is cut off is retried, and succeeds", async () => {
    handle = (_req, res, raw) => {
      if (server.requests.length === 1) return cutOff(res, raw);
      sendJson(res, 200, { subnets: [{ id: "whole" }] });
    };
    const { data } = await listSubnets();
    expect(data).toEqual({ subnets: [{ id: "whole" }] });
    expect(server.requests).toHaveLength(2);
  });

  it("after the last retry the cut body is a ConnectionError counting every attempt", async () => {
    handle = (_req, res, raw) => cutOff(res, raw);
    const error = await listSubnets(vpc({ retry: { maxRetries: 2, maxDelayMs: 1 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ attempts: 3 });
    expect((error as Error).message).toMatch(/response body could not be read/);
    expect(server.requests).toHaveLength(3);
  });

  it("a POST whose body is cut off is not retried", async () => {
    handle = (_req, res, raw) => cutOff(res, raw);
    const mad = createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token" }, retry: FAST });
    const error = await mad
      .POST("/es/v2/connections", { body: { name: "n", srcConnectorId: "s", destConnectorId: "d" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ConnectionError", attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("a retried attempt whose body stalls times out counting every attempt", async () => {
    handle = (_req, res) => {
      if (server.requests.length === 1) return sendJson(res, 503, { error_msg: "busy" });
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"subnets": [');
    };
    const error = await listSubnets(vpc({ retry: { maxRetries: 1, maxDelayMs: 1 }, timeoutMs: 300 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 300 });
    expect(server.requests).toHaveLength(2);
  });
});

describe("finding 21: one AbortSignal shared by many concurrent calls", () => {
  it.each([false, true])(
    "prints no MaxListenersExceededWarning (middleware: %s), and still aborts every call",
    async (middleware) => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => void warnings.push(warning);
      process.on("warning", onWarning);
      try {
        // The first request of each call fails with 503: each call then also waits on the signal.
        const failedOnce = new Set<string>();
        handle = (req, res) => {
          const id = new URL(req.url, server.url).searchParams.get("marker")!;
          if (!failedOnce.has(id)) {
            failedOnce.add(id);
            return sendJson(res, 503, { error_msg: "busy" });
          }
          sendJson(res, 200, { subnets: [] });
        };
        const controller = new AbortController();
        const client = vpc({ retry: { maxRetries: 1, maxDelayMs: 20 } });
        if (middleware) client.use({ onRequest: () => undefined });
        const call = (i: number) =>
          client.GET("/v1/{project_id}/subnets", {
            params: { path: { project_id: "p" }, query: { marker: `m${i}` } },
            signal: controller.signal,
          });
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => call(i)));
        expect(results.every((r) => r.response.ok)).toBe(true);

        handle = () => {}; // never answers
        const pending = Array.from({ length: 40 }, (_, i) => call(i).catch((e: unknown) => e));
        await new Promise((resolve) => setTimeout(resolve, 50));
        // One listener however many calls wait (Node's Request, which middleware sees, would add one each:
        // past 1,500, undici's own limit, the warning shows).
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
        controller.abort(new Error("stop"));
        const errors = await Promise.all(pending);
        expect(errors.every((e) => e instanceof Error && e.message === "stop")).toBe(true);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off("warning", onWarning);
      }
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    },
  );
});
