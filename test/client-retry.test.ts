// Retries of idempotent requests, backoff and the server's own delays, the caller's AbortSignal,
// and per-attempt timeouts, counted and timed against a real server.
import { getEventListeners } from "node:events";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, RateLimitError, TimeoutError } from "../src/index.js";
import { unlessAborted } from "../src/core/abort.js";
import { AttemptClock } from "../src/core/transport.js";
import { resolveOptions } from "../src/core/options.js";
import { DEFAULT_RETRY, retryDelayMs, serverDelayMs } from "../src/core/retry.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient } from "../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "./support/http-server.js";

let server: TestServer;
let handle: Handler;

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const FAST = { maxRetries: 2, maxDelayMs: 5 };
type Options = { retry?: { maxRetries?: number; maxDelayMs?: number } | false; timeoutMs?: number };
const mad = (options: Options = { retry: FAST }) =>
  createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token" }, ...options });
const vpc = (options: Options = { retry: FAST }) =>
  createVpcClient({ baseUrl: server.url, auth: { token: "otc-token" }, ...options });
const confluent = (options: Options = { retry: FAST }) =>
  createConfluentClient({ baseUrl: server.url, auth: { token: "cflt-token" }, ...options });

const listSubnets = (client = vpc(), init: { signal?: AbortSignal } = {}) =>
  client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, ...init });

const OK = { statusCode: 0, statusMessage: "Success", response: {} };
/** Fails the first `failures` requests with `fail`, then answers 200. */
const failing =
  (failures: number, fail: (res: ServerResponse, raw: Parameters<Handler>[2]) => void): Handler =>
  (_req, res, raw) => {
    if (server.requests.length <= failures) return fail(res, raw);
    sendJson(res, 200, OK);
  };
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    sendJson(res, code, { error_code: `E${code}`, error_msg: "try again" }, headers);
const destroy = (_res: ServerResponse, raw: Parameters<Handler>[2]) => void raw.socket.destroy();
/** Drops the connection without an answer. */
const hangUp: Handler = (_req, _res, raw) => void raw.socket.destroy();

/** Every MadConnect operation, by method. */
const operations = {
  GET: (client: ReturnType<typeof mad>) =>
    client.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } }),
  PUT: (client: ReturnType<typeof mad>) =>
    client.PUT("/es/v2/connections/{connection_id}", {
      params: { path: { connection_id: "c" } },
      body: { name: "renamed", destConnectionConfig: { advertiserId: "1" } },
    }),
  DELETE: (client: ReturnType<typeof mad>) =>
    client.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } }),
  POST: (client: ReturnType<typeof mad>) =>
    client.POST("/es/v2/connections", { body: { srcConnectorId: "a", destConnectorId: "b" } }),
  HEAD: (client: ReturnType<typeof mad>) =>
    (client.request as unknown as (m: string, p: string) => Promise<{ response: Response }>)(
      "head",
      "/es/v2/connections",
    ),
};

const elapsedOf = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
};

describe("which requests are retried", () => {
  it.each(["GET", "HEAD", "PUT", "DELETE"] as const)("%s is retried on network errors", async (method) => {
    handle = failing(2, destroy);
    const { response } = await operations[method](mad());
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.method)).toEqual([method, method, method]);
    // the body, if any, is sent whole on every attempt
    const bodies = new Set(server.requests.map((r) => r.body.toString("utf8")));
    expect(bodies.size).toBe(1);
    if (method === "PUT")
      expect(JSON.parse([...bodies][0]!)).toEqual({ name: "renamed", destConnectionConfig: { advertiserId: "1" } });

    // and gives up after maxRetries with a ConnectionError
    server.requests.length = 0;
    handle = hangUp;
    const error = await operations[method](mad()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([408, 429, 500, 502, 503, 504])("status %i is retried", async (code) => {
    handle = failing(2, status(code));
    const client = vpc();
    expect(await client.unwrap(listSubnets(client))).toEqual(OK);
    expect(server.requests).toHaveLength(3);

    // after the last retry the failure is the result
    server.requests.length = 0;
    handle = (_req, res) => status(code)(res);
    const { error, response } = await listSubnets();
    expect(response.status).toBe(code);
    expect(error).toEqual({ error_code: `E${code}`, error_msg: "try again" });
    expect(server.requests).toHaveLength(3);
    const thrown = await client.unwrap(listSubnets(client)).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ status: code, code: `E${code}` });
    expect(thrown instanceof RateLimitError).toBe(code === 429);
  });

  it.each([400, 401, 403, 404, 409, 501])("status %i is not retried", async (code) => {
    handle = (_req, res) => status(code)(res);
    const { response } = await listSubnets();
    expect(response.status).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it("POST is never retried: not on errors, statuses or timeouts", async () => {
    handle = hangUp;
    const broken = await operations.POST(mad({ retry: { maxRetries: 5, maxDelayMs: 1 } })).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ConnectionError);
    expect(broken).toMatchObject({ attempts: 1 });
    expect(server.requests).toHaveLength(1);

    for (const code of [429, 503]) {
      server.requests.length = 0;
      handle = (_req, res) => status(code, { "Retry-After": "0" })(res);
      const { response } = await operations.POST(mad());
      expect(response.status).toBe(code);
      expect(server.requests).toHaveLength(1);
    }

    server.requests.length = 0;
    handle = () => undefined;
    const slow = await operations.POST(mad({ retry: FAST, timeoutMs: 100 })).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TimeoutError);
    expect(slow).toMatchObject({ attempts: 1 });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
  });

  it("Confluent's update (PATCH) and create (POST) are sent once, even on a 503 with Retry-After: 0", async () => {
    // README: only GET, HEAD, PUT, DELETE and OPTIONS are retried; PATCH is not idempotent (RFC 9110 §9.2.2).
    handle = (_req, res) => sendJson(res, 503, { errors: [{ code: "unavailable" }] }, { "Retry-After": "0" });
    const client = confluent({ retry: { maxRetries: 5, maxDelayMs: 1 } });
    const update = await client.PATCH("/networking/v1/private-link-attachment-connections/{id}", {
      params: { path: { id: "plattc-1" } },
      body: { spec: { display_name: "new", environment: { id: "env-00000" } } },
    });
    expect(update.response.status).toBe(503);
    const create = await client.POST("/networking/v1/private-link-attachment-connections", {
      body: {
        spec: {
          display_name: "prod",
          cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-1" },
          environment: { id: "env-00000" },
          private_link_attachment: { id: "platt-00000" },
        },
      },
    });
    expect(create.response.status).toBe(503);
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH", "POST"]);

    // and a broken connection is not retried either
    server.requests.length = 0;
    handle = hangUp;
    const broken = await client
      .PATCH("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "plattc-1" } },
        body: { spec: { display_name: "new", environment: { id: "env-00000" } } },
      })
      .catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ConnectionError);
    expect(broken).toMatchObject({ attempts: 1 });
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("maxRetries sets the number of retries; retry: false disables them", async () => {
    handle = (_req, res) => status(503)(res);
    for (const [retry, attempts] of [
      [{ maxRetries: 0, maxDelayMs: 1 }, 1],
      [{ maxRetries: 1, maxDelayMs: 1 }, 2],
      [{ maxRetries: 4, maxDelayMs: 1 }, 5],
      [false, 1],
    ] as const) {
      server.requests.length = 0;
      await listSubnets(vpc({ retry }));
      expect(server.requests, JSON.stringify(retry)).toHaveLength(attempts);
    }
    server.requests.length = 0;
    handle = hangUp;
    await expect(listSubnets(vpc({ retry: false }))).rejects.toMatchObject({ name: "ConnectionError", attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries default to 2", () => {
    expect(DEFAULT_RETRY.maxRetries).toBe(2);
    expect(resolveOptions({ retry: undefined }).retry).toEqual(DEFAULT_RETRY);
    expect(resolveOptions({ retry: { maxDelayMs: 5 } }).retry).toEqual({ maxRetries: 2, maxDelayMs: 5 });
    expect(resolveOptions({ retry: false }).retry.maxRetries).toBe(0);
  });

  it("timeoutMs defaults to 60 s (undefined too); a given one is kept", () => {
    expect(resolveOptions({}).timeoutMs).toBe(60_000);
    expect(resolveOptions({ timeoutMs: undefined }).timeoutMs).toBe(60_000);
    expect(resolveOptions({ timeoutMs: 20_000 }).timeoutMs).toBe(20_000);
  });

  it("with the default policy, a GET is tried 3 times", async () => {
    handle = failing(2, status(500, { "Retry-After": "0" }));
    const { response } = await listSubnets(vpc({}));
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });
});

describe("how long to wait", () => {
  it("exponential backoff with jitter, capped by maxDelayMs", () => {
    const policy = { maxRetries: 5, maxDelayMs: 30_000 };
    expect(retryDelayMs(0, policy, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(0, policy, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(4000);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(30_000);
    expect(retryDelayMs(1, { maxRetries: 5, maxDelayMs: 300 }, undefined, () => 0.5)).toBe(300);
    const draws = new Set(Array.from({ length: 20 }, () => retryDelayMs(2, policy)));
    expect(draws.size).toBeGreaterThan(1);
    for (const delay of draws) expect(delay >= 1000 && delay <= 2000).toBe(true);
  });

  it("the server's delay: Retry-After in seconds or as an HTTP date, else X-RateLimit-Reset", () => {
    const now = Date.parse("2024-05-01T12:00:00Z");
    expect(serverDelayMs(new Headers({ "Retry-After": "3" }), now)).toBe(3000);
    expect(serverDelayMs(new Headers({ "Retry-After": "0" }), now)).toBe(0);
    expect(serverDelayMs(new Headers({ "Retry-After": "Wed, 01 May 2024 12:00:10 GMT" }), now)).toBe(10_000);
    expect(serverDelayMs(new Headers({ "Retry-After": "Wed, 01 May 2024 11:00:00 GMT" }), now)).toBe(0);
    expect(serverDelayMs(new Headers({ "X-RateLimit-Reset": "7" }), now)).toBe(7000);
    expect(serverDelayMs(new Headers({ "Retry-After": "2", "X-RateLimit-Reset": "7" }), now)).toBe(2000);
    expect(serverDelayMs(new Headers({ "Retry-After": "soon" }), now)).toBeUndefined();
    // RFC 9110's two obsolete HTTP-date forms, read as UTC.
    expect(serverDelayMs(new Headers({ "Retry-After": "Wednesday, 01-May-24 12:00:10 GMT" }), now)).toBe(10_000);
    expect(serverDelayMs(new Headers({ "Retry-After": "Wed May  1 12:00:10 2024" }), now)).toBe(10_000);
    // Nothing else is a delay, though Date.parse reads most of these as dates: X-RateLimit-Reset is next.
    for (const invalid of [
      "-1",
      "1, 1",
      "1.5",
      "+3",
      "1-2",
      "later 3",
      "2024-05-01T12:00:10Z",
      "Wed, 31 Apr 2024 12:00:10 GMT",
    ])
      expect(serverDelayMs(new Headers({ "Retry-After": invalid, "X-RateLimit-Reset": "7" }), now), invalid).toBe(7000);
    expect(serverDelayMs(new Headers({ "X-RateLimit-Reset": "-1" }), now)).toBeUndefined();
    expect(serverDelayMs(new Headers(), now)).toBeUndefined();
    const policy = { maxRetries: 2, maxDelayMs: 50 };
    expect(retryDelayMs(0, policy, new Headers({ "Retry-After": "1" }))).toBe(50);
    expect(retryDelayMs(0, { ...policy, maxDelayMs: 30_000 }, new Headers({ "Retry-After": "0" }))).toBe(0);
  });

  it("an RFC 850 date's two-digit year is the one at most 50 years ahead, else the past century's (RFC 9110 §5.6.7)", () => {
    const now = Date.parse("2024-05-01T12:00:00Z");
    const delay = (date: string, at = now) => serverDelayMs(new Headers({ "Retry-After": date }), at);
    expect(delay("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(0); // 1994, not 2094
    expect(delay("Thursday, 01-May-75 12:00:00 GMT")).toBe(0); // 2075 would be 51 years ahead: 1975
    expect(delay("Tuesday, 01-May-74 12:00:00 GMT")).toBe(Date.UTC(2074, 4, 1, 12) - now); // 50 ahead: kept
    expect(delay("Thursday, 01-May-25 12:00:00 GMT")).toBe(Date.UTC(2025, 4, 1, 12) - now);
    // Across a century: the year 2000 problem the rule was written for, and its 2100 twin.
    const eve = (year: number) => Date.UTC(year, 11, 31, 12);
    expect(delay("Saturday, 01-Jan-00 00:00:00 GMT", eve(1999))).toBe(12 * 3_600_000);
    expect(delay("Friday, 01-Jan-00 00:00:00 GMT", eve(2099))).toBe(12 * 3_600_000);
    expect(delay("Friday, 31-Dec-49 12:00:00 GMT", eve(1999))).toBe(eve(2049) - eve(1999)); // 50 ahead
    expect(delay("Sunday, 31-Dec-50 12:00:00 GMT", eve(1999))).toBe(0); // 1950

    // The same against today's clock, so that it holds in any year: a date 10 years ahead is ahead, one
    // 60 years ahead is read as 40 years back, and one 60 years back as 40 years ahead (two digits tell
    // them apart no further).
    const rfc850 = (time: number) => {
      const date = new Date(time);
      const day = date.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" });
      const [, dd, mon, yyyy, hms] = /^\w+, (\d\d) (\w+) (\d{4}) (\S+) GMT$/.exec(date.toUTCString())!;
      return `${day}, ${dd}-${mon}-${yyyy!.slice(-2)} ${hms} GMT`;
    };
    const today = Date.now();
    /** Today's date and time to the second, `years` from now (on the 28th at the latest: no 29 Feb). */
    const yearsFromToday = (years: number) => {
      const date = new Date(today - (today % 1000));
      date.setUTCFullYear(date.getUTCFullYear() + years, date.getUTCMonth(), Math.min(date.getUTCDate(), 28));
      return date.getTime();
    };
    expect(delay(rfc850(yearsFromToday(10)), today)).toBe(yearsFromToday(10) - today);
    expect(delay(rfc850(yearsFromToday(60)), today)).toBe(0);
    expect(delay(rfc850(yearsFromToday(-60)), today)).toBe(yearsFromToday(40) - today);
  });

  it("real backoff between attempts is 250-500 ms, then doubles; maxDelayMs caps it", async () => {
    handle = failing(1, status(503));
    const [, first] = await elapsedOf(() => listSubnets(vpc({ retry: { maxRetries: 1 } })));
    expect(server.requests).toHaveLength(2);
    expect(first).toBeGreaterThanOrEqual(240);
    expect(first).toBeLessThan(900);

    server.requests.length = 0;
    handle = (_req, res) => status(503)(res);
    const [, capped] = await elapsedOf(() => listSubnets(vpc({ retry: { maxRetries: 3, maxDelayMs: 20 } })));
    expect(server.requests).toHaveLength(4);
    expect(capped).toBeGreaterThanOrEqual(55);
    expect(capped).toBeLessThan(1200); // uncapped backoff would be 1750 ms at least
  });

  it("Retry-After and X-RateLimit-Reset are capped by maxDelayMs", async () => {
    const future = () => new Date(Date.now() + 600_000).toUTCString();
    const cases: Record<string, string>[] = [
      { "Retry-After": "1" },
      { "Retry-After": future() },
      { "X-RateLimit-Reset": "30" },
    ];
    for (const headers of cases) {
      server.requests.length = 0;
      handle = failing(1, status(429, headers));
      const [{ response }, elapsed] = await elapsedOf(() =>
        listSubnets(vpc({ retry: { maxRetries: 2, maxDelayMs: 50 } })),
      );
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(server.requests).toHaveLength(2);
      expect(elapsed).toBeGreaterThanOrEqual(45);
      expect(elapsed).toBeLessThan(900); // uncapped: 1 s at least
    }
  });

  it("Retry-After: 0 and a past date retry at once (shorter than any backoff)", async () => {
    for (const headers of <Record<string, string>[]>[
      { "Retry-After": "0" },
      { "Retry-After": new Date(Date.now() - 60_000).toUTCString() },
      { "X-RateLimit-Reset": "0" },
    ]) {
      server.requests.length = 0;
      handle = failing(2, status(503, headers));
      const [{ response }, elapsed] = await elapsedOf(() => listSubnets(vpc({ retry: { maxRetries: 2 } })));
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(server.requests).toHaveLength(3);
      expect(elapsed).toBeLessThan(600); // any backoff: 750 ms at least
    }
  });

  it("a long server delay is honoured, and the caller's AbortSignal ends the wait at once", async () => {
    const delays: Record<string, Record<string, string>> = {
      "retry-after": { "Retry-After": "30" },
      "retry-after-date": { "Retry-After": new Date(Date.now() + 30_000).toUTCString() },
      "rate-limit-reset": { "X-RateLimit-Reset": "30" },
    };
    handle = (req, res) => {
      const kind = new URL(req.url, "http://x").searchParams.get("page_token")!;
      status(kind === "rate-limit-reset" ? 429 : 503, delays[kind])(res);
    };
    const client = confluent({ retry: { maxRetries: 2 } }); // default maxDelayMs: 30 s
    const calls = Object.keys(delays).map((kind) => {
      const controller = new AbortController();
      const pending = client.GET("/networking/v1/private-link-attachment-connections", {
        params: { query: { environment: "e", page_token: kind } },
        signal: controller.signal,
      });
      pending.catch(() => undefined);
      return { kind, controller, pending };
    });
    // longer than the largest first backoff (500 ms): only the server's delay can explain no retry yet
    await new Promise((resolve) => setTimeout(resolve, 650));
    expect(server.requests).toHaveLength(3);
    for (const { kind, controller, pending } of calls) {
      const [error, elapsed] = await elapsedOf(() => {
        controller.abort();
        return pending.catch((e: unknown) => e);
      });
      expect(error, kind).toMatchObject({ name: "AbortError" });
      expect(elapsed, kind).toBeLessThan(150); // ~100 ms, with slack for a loaded machine
    }
    expect(server.requests).toHaveLength(3);
  });

  it("the caller's AbortSignal also stops a request in flight, and one aborted before", async () => {
    handle = () => undefined; // never answers
    const controller = new AbortController();
    const pending = listSubnets(vpc({ retry: { maxRetries: 3, maxDelayMs: 1 } }), { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const [error, elapsed] = await elapsedOf(() => {
      controller.abort();
      return pending.catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ name: "AbortError" });
    expect(elapsed).toBeLessThan(150);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const reason = new Error("caller gave up");
    await expect(listSubnets(vpc(), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });
});

/** The timers set for `ms` from now on (each attempt's clock, for a timeoutMs of `ms`), until `spy.mockRestore()`. */
function timersOf(ms: number) {
  const clocks: NodeJS.Timeout[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, delay?: number) => {
    const timer = realSetTimeout(fn, delay);
    if (delay === ms) clocks.push(timer);
    return timer;
  }) as typeof setTimeout);
  return { clocks, spy };
}

describe("timeoutMs", () => {
  describe("bounds each attempt from its sending: a middleware's wait before it (a throttle's queue) is no part of it", () => {
    /** A middleware that waits `ms` before letting the request go, as a throttle waiting for a free slot does. */
    const waiting = (ms: number) => ({
      onRequest: async ({ request }: { request: Request }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return request;
      },
    });

    it("a POST whose middleware waits longer than timeoutMs is sent, and answered", async () => {
      handle = (_req, res) => sendJson(res, 200, { subnet: { id: "s" } });
      const client = vpc({ retry: false, timeoutMs: 100 });
      client.use(waiting(250));
      const { data, error } = await client.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        body: { subnet: { name: "a", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v" } },
      });
      expect(error).toBeUndefined();
      expect(data).toEqual({ subnet: { id: "s" } });
      expect(server.requests).toHaveLength(1);
    });

    it("a server that never answers: TimeoutError counts the attempts sent, each bounded by timeoutMs once sent", async () => {
      handle = () => undefined;
      const client = vpc({ retry: { maxRetries: 1, maxDelayMs: 5 }, timeoutMs: 100 });
      client.use(waiting(250));
      const [error, elapsed] = await elapsedOf(() => listSubnets(client).catch((e: unknown) => e));
      expect(error).toMatchObject({ name: "TimeoutError", timeoutMs: 100, attempts: 2 });
      await vi.waitFor(() => expect(server.requests).toHaveLength(2));
      // The wait (250 ms), then two attempts of 100 ms each.
      expect(elapsed).toBeGreaterThanOrEqual(445);
    });
  });

  it("a server that never answers: TimeoutError after maxRetries + 1 attempts", async () => {
    handle = () => undefined;
    const [error, elapsed] = await elapsedOf(() =>
      listSubnets(vpc({ retry: { maxRetries: 2, maxDelayMs: 5 }, timeoutMs: 100 })).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: "TimeoutError", timeoutMs: 100, attempts: 3, method: "GET" });
    expect((error as Error).message).toContain("3 attempts");
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(1500);
  });

  it("every attempt's clock keeps Node running: a custom fetch that holds nothing open still ends in TimeoutError", async () => {
    // A process whose only pending work is the call would otherwise exit (code 13, unsettled await)
    // before a retry's timeout fires: each attempt's timer must be one that holds Node (hasRef).
    const { clocks, spy } = timersOf(50);
    const heldDuring: boolean[] = [];
    const hang: typeof fetch = (input, init) => {
      const signal = init?.signal ?? (input as Request).signal;
      heldDuring.push(clocks.length === heldDuring.length + 1 && clocks.at(-1)!.hasRef());
      return new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
    };
    try {
      const client = createVpcClient({
        baseUrl: server.url,
        auth: { token: "otc-token" },
        retry: { maxRetries: 2, maxDelayMs: 5 },
        timeoutMs: 50,
        fetch: hang,
      });
      const error = await listSubnets(client).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "TimeoutError", attempts: 3 });
    } finally {
      spy.mockRestore();
    }
    expect(heldDuring).toEqual([true, true, true]);
  });

  it("a custom fetch that ignores its signal cannot outlast the attempt: TimeoutError", async () => {
    let calls = 0;
    const deaf: typeof fetch = () => {
      calls += 1;
      return new Promise(() => {}); // never settles, whatever its signal says
    };
    const client = createVpcClient({
      baseUrl: server.url,
      auth: { token: "otc-token" },
      retry: { maxRetries: 1, maxDelayMs: 5 },
      timeoutMs: 30,
      fetch: deaf,
    });
    const error = await listSubnets(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TimeoutError", attempts: 2 });
    expect(calls).toBe(2);
  });

  it("a body that stalls from a custom fetch that ignores its signal: TimeoutError, read whole or as a stream", async () => {
    // The headers come at once, the body stops after its first bytes, and nothing watches the signal.
    const stalling: typeof fetch = async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"subnets":[')) }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    const client = createVpcClient({
      baseUrl: server.url,
      auth: { token: "otc-token" },
      retry: false,
      timeoutMs: 50,
      fetch: stalling,
    });
    expect(await listSubnets(client).catch((e: unknown) => e)).toMatchObject({ name: "TimeoutError", attempts: 1 });
    const { data } = await client.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" } },
      parseAs: "stream",
    });
    const reading = (async () => {
      for await (const _chunk of data as unknown as AsyncIterable<Uint8Array>);
    })();
    expect(await reading.catch((e: unknown) => e)).toMatchObject({ name: "TimeoutError", attempts: 1 });
  });

  it.each([
    [302, "a redirect followed"],
    [503, "a retryable status retried"],
  ])(
    "a %i (%s) whose body's cancel never settles, from a custom fetch that ignores its signal: the call still ends",
    async (status) => {
      let calls = 0;
      // The body never ends, and cancelling it never settles (a tee's cancel waits for its other branch).
      const endless = () => new ReadableStream({ start() {}, cancel: () => new Promise<void>(() => {}) });
      const stuck: typeof fetch = async () => {
        calls += 1;
        if (calls === 1)
          return new Response(endless(), {
            status,
            headers: status === 302 ? { location: `${server.url}/v1/p/subnets?again` } : { "retry-after": "0" },
          });
        return new Response(JSON.stringify({ subnets: [] }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      };
      const client = createVpcClient({
        baseUrl: server.url,
        auth: { token: "otc-token" },
        retry: { maxRetries: 1, maxDelayMs: 5 },
        timeoutMs: 1000,
        fetch: stuck,
      });
      const outcome = await Promise.race([
        listSubnets(client).then(
          (result) => result.response.status,
          (e: unknown) => e,
        ),
        new Promise((resolve) => setTimeout(() => resolve("still pending"), 3000)),
      ]);
      expect(outcome).toBe(200);
      expect(calls).toBe(2);
    },
  );

  it("a replaced global fetch (a test's stub) that ignores its signal is watched as a custom one: TimeoutError", async () => {
    const deaf = vi.fn(() => new Promise<Response>(() => {}));
    vi.stubGlobal("fetch", deaf);
    try {
      const client = createVpcClient({
        baseUrl: server.url,
        auth: { token: "otc-token" },
        retry: false,
        timeoutMs: 30,
      });
      expect(await listSubnets(client).catch((e: unknown) => e)).toMatchObject({ name: "TimeoutError", attempts: 1 });
      expect(deaf).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("a stream read to its end, or cancelled, ends its clock: no timer and no listener left behind", async () => {
    handle = (_req, res) => sendJson(res, 200, { subnets: [] });
    const caller = new AbortController();
    const { clocks, spy } = timersOf(3_600_000);
    try {
      const client = vpc({ retry: false, timeoutMs: 3_600_000 });
      const read = await client.GET("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        parseAs: "stream",
        signal: caller.signal,
      });
      for await (const _chunk of read.data as unknown as AsyncIterable<Uint8Array>);
      const cancelled = await client.GET("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        parseAs: "stream",
        signal: caller.signal,
      });
      await (cancelled.data as unknown as ReadableStream).cancel();
      expect(clocks).toHaveLength(2);
      // Cleared, not only unref'd (Node marks a cleared Timeout destroyed; an unref'd one lives until it fires).
      expect(clocks.map((clock) => (clock as unknown as { _destroyed: boolean })._destroyed)).toEqual([true, true]);
      expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });

  it("a response such a fetch gives after the attempt was given up is cancelled", async () => {
    const caller = new AbortController();
    const clock = new AttemptClock(60_000, caller.signal);
    let answer!: (response: Response) => void;
    const waiting = unlessAborted(new Promise<Response>((resolve) => (answer = resolve)), clock);
    caller.abort(new Error("given up"));
    await expect(waiting).rejects.toThrow("given up");
    const late = new Response("late");
    answer(late);
    await vi.waitFor(() => expect(late.bodyUsed).toBe(true));
    // Already aborted when called: rejected at once.
    await expect(unlessAborted(new Promise<Response>(() => {}), clock)).rejects.toThrow("given up");
    clock.done();
  });

  it("a stream handed to the caller keeps its clock, without holding Node for a stream never read", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"subnets":['); // and nothing more
    };
    const { clocks, spy } = timersOf(150);
    try {
      const { data } = await vpc({ retry: false, timeoutMs: 150 }).GET("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        parseAs: "stream",
      });
      expect(clocks.map((clock) => clock.hasRef())).toEqual([false]);
      await (data as unknown as ReadableStream).cancel();
    } finally {
      spy.mockRestore();
    }
  });

  it("a server slow only on the first attempt: the retry succeeds", async () => {
    let attempts = 0;
    handle = (_req, res) => {
      attempts += 1;
      if (attempts === 1) {
        setTimeout(() => sendJson(res, 200, { late: true }), 500);
        return;
      }
      sendJson(res, 200, { subnets: [] });
    };
    const client = vpc({ retry: { maxRetries: 2, maxDelayMs: 5 }, timeoutMs: 150 });
    expect(await client.unwrap(listSubnets(client))).toEqual({ subnets: [] });
    expect(server.requests).toHaveLength(2);
  });

  it("the limit covers reading the body too", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"subnets":['); // and nothing more
    };
    const error = await listSubnets(vpc({ retry: false, timeoutMs: 150 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, attempts: 1, method: "GET" });
    expect((error as Error).message).toContain(`(GET ${server.url}/v1/p/subnets)`);
  });

  it('a stream (parseAs: "stream") read past the limit fails with the client\'s TimeoutError', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"subnets":['); // and nothing more
    };
    const client = vpc({ retry: false, timeoutMs: 150 });
    const { data } = await client.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" } },
      parseAs: "stream",
    });
    const reading = (async () => {
      for await (const _chunk of data as unknown as AsyncIterable<Uint8Array>);
    })();
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, attempts: 1, method: "GET" });
  });

  it("an invalid Retry-After, or two of them, is no delay: X-RateLimit-Reset, else none", async () => {
    handle = (_req, res) => status(429, { "Retry-After": "-1", "X-RateLimit-Reset": "1" })(res);
    const client = vpc({ retry: false });
    expect(await client.unwrap(listSubnets(client)).catch((e: unknown) => e)).toMatchObject({
      name: "RateLimitError",
      retryAfterMs: 1000,
    });
    handle = (_req, res) => {
      res.setHeader("Retry-After", ["1", "1"]); // fetch joins them: "1, 1"
      status(429)(res);
    };
    const error = await client.unwrap(listSubnets(client)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toHaveProperty("retryAfterMs", undefined);
  });

  it("a rate limit that outlasts the retries is a RateLimitError", async () => {
    handle = (_req, res) =>
      sendJson(res, 429, { errors: [{ code: "too_many_requests" }] }, { "X-RateLimit-Reset": "12" });
    const client = confluent({ retry: { maxRetries: 2, maxDelayMs: 5 } });
    const error = await client
      .unwrap(
        client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "too_many_requests", retryAfterMs: 12_000 });
    expect(server.requests).toHaveLength(3);
  });
});
