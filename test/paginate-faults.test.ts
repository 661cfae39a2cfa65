// paginate when things go wrong or are cut short: repeated cursors, a server paging past its
// total, failed pages, error envelopes, aborts, `break`, maxItems, page-size clamping, foreign links.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, PaginationError } from "../src/core/errors.js";
import type { PaginateOptions } from "../src/core/paginate.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";
import {
  collectIds,
  expectedIds,
  paginateList,
  sizeParam,
  STYLES,
  type PagingStyle,
  usePagingServers,
} from "./support/paging-servers.js";
import { paginateItems } from "./support/offset-table.js";

const servers = usePagingServers();

/** Iterates, collecting ids, and returns them with the error that ended the iteration (if any). */
async function drain(iterable: AsyncIterable<{ id: string }>): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const entry of iterable) ids.push(entry.id);
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: undefined };
}

describe("a cursor that repeats ends with PaginationError, never a hang", () => {
  it.each([
    ["marker", 1],
    ["marker", 2],
    ["page-token", 1],
    ["page-token", 2],
  ] as const)("%s, concurrency %i", async (style, concurrency) => {
    const server = servers[style];
    server.configure({ size: 100, faults: { repeatCursor: { from: 3 } } });
    const { ids, error } = await drain(paginateList(server, { pageSize: 10, concurrency }));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/twice/);
    expect(ids).toEqual(expectedIds(style, 20)); // pages 1 and 2; page 3 repeated a cursor
    expect(server.served.length).toBe(3);
  });
});

describe("a server ignoring offset, returning full pages past total_count", () => {
  it.each([1, 3])("OTC VPC Endpoint, concurrency %i: PaginationError", async (concurrency) => {
    const server = servers["offset-total"];
    server.configure({ size: 25, faults: { ignoreOffset: true } });
    const { error } = await drain(paginateList(server, { pageSize: 10, concurrency }));
    expect(error).toBeInstanceOf(PaginationError);
    // Page 2 starts with page 1's first item: caught before any item is yielded twice.
    expect((error as Error).message).toMatch(/ignore "offset"/);
    expect(server.served.length).toBeLessThanOrEqual(concurrency === 1 ? 2 : 3);
  });

  it.each([1, 3])(
    "MadConnect (no total to compare with), concurrency %i: PaginationError, never a hang",
    async (concurrency) => {
      const server = servers["offset-size"];
      server.configure({ size: 25, faults: { ignoreOffset: true } });
      const { error } = await drain(paginateList(server, { pageSize: 10, concurrency }));
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toMatch(/ignore "offset"/);
    },
  );
});

describe("a failed page throws ApiError from the iterator after the earlier pages' items", () => {
  it.each(STYLES)("%s: HTTP 500 on page 3, retries off", async (style) => {
    const server = servers[style];
    server.configure({ size: 100, faults: { error: { page: 3, status: 500 } } });
    const { ids, error } = await drain(paginateList(server, { pageSize: 10 }));
    expect(ids).toEqual(expectedIds(style, 20));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500 });
    expect(server.served.length).toBe(3);
  });

  it.each(STYLES)("%s: HTTP 503 on page 3 once, one retry: every item, in order", async (style) => {
    const server = servers[style];
    server.configure({ size: 45, faults: { error: { page: 3, status: 503, times: 1 } } });
    const ids = await collectIds(
      paginateList(server, { pageSize: 10, client: { retry: { maxRetries: 1, maxDelayMs: 5 } } }),
    );
    expect(ids).toEqual(expectedIds(style, 45));
    expect(server.served.map((page) => page.status)).toEqual([200, 200, 503, 200, 200, 200]);
  });

  it.each(STYLES)(
    "%s: HTTP 502 on page 3 on every attempt, one retry: ApiError once the retry failed too",
    async (style) => {
      const server = servers[style];
      server.configure({ size: 100, faults: { error: { page: 3, status: 502 } } });
      const { ids, error } = await drain(
        paginateList(server, { pageSize: 10, client: { retry: { maxRetries: 1, maxDelayMs: 5 } } }),
      );
      expect(ids).toEqual(expectedIds(style, 20));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 502 });
      expect(server.served.map((page) => page.status)).toEqual([200, 200, 502, 502]);
    },
  );

  it("OTC VPC Endpoint, concurrency 4: the failed page 3 surfaces in its turn, after pages 1-2", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 100, faults: { error: { page: 3, status: 500 } } });
    const { ids, error } = await drain(paginateList(server, { pageSize: 10, concurrency: 4 }));
    expect(ids).toEqual(expectedIds("offset-total", 20));
    expect(error).toBeInstanceOf(ApiError);
  });

  it("MadConnect: statusCode ≠ 0 (HTTP 200) on page 2 throws ApiError after page 1's items", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 100, faults: { envelopeError: { page: 2, statusCode: 4002 } } });
    const { ids, error } = await drain(paginateList(server, { pageSize: 10 }));
    expect(ids).toEqual(expectedIds("offset-size", 10));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: "4002", vendor: "madconnect" });
    expect(server.served.length).toBe(2);
  });
});

describe("abort", () => {
  it.each(STYLES)(
    "%s: aborting mid-stream rejects promptly with the abort reason (server latency 2 s)",
    async (style) => {
      const server = servers[style];
      server.configure({ size: 100, latencyMs: (page) => (page === 1 ? 0 : 2000) });
      const controller = new AbortController();
      const iterator = paginateList(server, { pageSize: 10, signal: controller.signal })[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ id: expectedIds(style, 1)[0] });
      for (let i = 1; i < 10; i++) await iterator.next(); // page 1 consumed; page 2 (2 s away) is next
      const reason = new Error("stop now");
      const pending = iterator.next();
      let abortedAt = Number.POSITIVE_INFINITY;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort(reason);
      }, 50);
      await expect(pending).rejects.toBe(reason);
      expect(performance.now() - abortedAt).toBeLessThan(200);
    },
  );

  it("concurrency 4: abort while pages are fetched ahead rejects promptly", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 100, latencyMs: (page) => (page === 1 ? 0 : 2000) });
    const controller = new AbortController();
    const iterator = paginateList(server, { pageSize: 10, signal: controller.signal, concurrency: 4 })[
      Symbol.asyncIterator
    ]();
    await iterator.next();
    for (let i = 1; i < 10; i++) await iterator.next();
    const pending = iterator.next();
    await sleep(30);
    const started = performance.now();
    controller.abort(new Error("enough"));
    await expect(pending).rejects.toThrow("enough");
    expect(performance.now() - started).toBeLessThan(200);
    // Pages 2-5 were in flight; the abort cancelled them (the server saw each client go away).
    await sleep(50);
    expect(server.served.filter((page) => page.status === 0).map((page) => page.page)).toEqual(
      expect.arrayContaining([2, 3, 4, 5]),
    );
  });

  it.each(STYLES)("%s: the next item after an abort rejects, though the page in hand has more", async (style) => {
    const server = servers[style];
    server.configure({ size: 25 });
    const controller = new AbortController();
    const iterator = paginateList(server, { pageSize: 10, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ id: expectedIds(style, 1)[0] });
    const reason = new Error("stopped");
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(server.served.length).toBe(1);
  });

  it.each(STYLES)("%s: an abort while the last page is read rejects, in pages() and in items", async (style) => {
    const server = servers[style];
    server.configure({ size: 25 });
    const reason = new Error("stopped on the last page");
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const page of paginateList(server, { pageSize: 10, signal: controller.signal }).pages()) {
        seen.push(page.items.length);
        if (page.items.length < 10) controller.abort(reason);
      }
    };
    await expect(run()).rejects.toBe(reason);
    expect(seen).toEqual([10, 10, 5]);

    server.configure({ size: 25 });
    const again = new AbortController();
    const ids: string[] = [];
    const items = async () => {
      for await (const item of paginateList(server, { pageSize: 10, signal: again.signal })) {
        ids.push(item.id);
        if (ids.length === 25) again.abort(reason);
      }
    };
    await expect(items()).rejects.toBe(reason);
    expect(ids).toEqual(expectedIds(style, 25));
  });

  it("the signal in init stops the items in hand too", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 25 });
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    const controller = new AbortController();
    const iterator = client
      .paginate("/es/v2/connections", { signal: controller.signal }, { pageSize: 10 })
      [Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(new Error("init signal"));
    await expect(iterator.next()).rejects.toThrow("init signal");
  });

  it("a signal aborted before the start rejects at once and sends nothing", async () => {
    const server = servers.marker;
    server.configure({ size: 10 });
    const reason = new Error("never mind");
    await expect(paginateList(server, { signal: AbortSignal.abort(reason) }).toArray()).rejects.toBe(reason);
    expect(server.requests.length).toBe(0);
  });

  it("a signal in init works as options.signal does", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 10, latencyMs: 2000 });
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    const controller = new AbortController();
    const pending = client.paginate("/es/v2/connections", { signal: controller.signal }).toArray();
    await sleep(30);
    const started = performance.now();
    controller.abort(new Error("init signal"));
    await expect(pending).rejects.toThrow("init signal");
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("break inside for-await stops fetching at once", () => {
  it.each(STYLES)("%s, concurrency 1", async (style) => {
    const server = servers[style];
    server.configure({ size: 100 });
    let seen = 0;
    for await (const _ of paginateList(server, { pageSize: 10 })) {
      if (++seen === 15) break; // in the middle of page 2
    }
    const atBreak = server.requests.length;
    expect(atBreak).toBe(2);
    await sleep(100);
    expect(server.requests.length).toBe(atBreak);
  });

  it.each(STYLES)("%s, concurrency 3: nothing is requested after the break", async (style) => {
    const server = servers[style];
    server.configure({ size: 1000, latencyMs: 5 });
    let seen = 0;
    for await (const _ of paginateList(server, { pageSize: 10, concurrency: 3 })) {
      if (++seen === 15) break;
    }
    // Pages already asked for may still arrive; nothing new is started. Asked for by then: the two pages
    // read, and at most `concurrency + 1` ahead of the consumer (the documented bound).
    await sleep(60);
    const settled = server.requests.length;
    expect(settled).toBeLessThanOrEqual(2 + 3 + 1);
    await sleep(100);
    expect(server.requests.length).toBe(settled);
  });
});

describe("maxItems stops fetching", () => {
  it.each(STYLES)("%s: maxItems 25 with pages of 10 makes 3 requests", async (style) => {
    const server = servers[style];
    server.configure({ size: 1000 });
    const ids = await collectIds(paginateList(server, { pageSize: 10, maxItems: 25 }));
    expect(ids).toEqual(expectedIds(style, 25));
    expect(server.served.length).toBe(3);
  });

  it.each(STYLES)("%s: maxItems 20 on a page boundary makes 2 requests (concurrency 4)", async (style) => {
    const server = servers[style];
    server.configure({ size: 1000 });
    const ids = await collectIds(paginateList(server, { pageSize: 10, maxItems: 20, concurrency: 4 }));
    expect(ids).toEqual(expectedIds(style, 20));
    expect(server.served.length).toBe(2);
  });

  it("pages() cuts the last page short to maxItems", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 1000 });
    const counts = [];
    for await (const page of paginateList(server, { pageSize: 10, maxItems: 25 }).pages())
      counts.push(page.items.length);
    expect(counts).toEqual([10, 10, 5]);
  });

  it.each(STYLES)("%s: maxItems 0 yields nothing and requests nothing", async (style) => {
    const server = servers[style];
    server.configure({ size: 10 });
    expect(await collectIds(paginateList(server, { maxItems: 0 }))).toEqual([]);
    expect(server.requests.length).toBe(0);
  });
});

describe("pageSize is sent as the API's own parameter, clamped to its documented range", () => {
  it.each([
    ["offset-total", 5000, "1000"],
    ["offset-total", 0, "1"],
    ["offset-total", 7.9, "7"],
    ["page-token", 500, "100"],
    ["page-token", 100, "100"],
    ["page-token", -3, "1"],
    ["offset-size", 0, "1"],
    ["offset-size", 250, "250"],
    ["marker", 3000, "3000"],
  ] as const)("%s: pageSize %d → %s", async (style, pageSize, sent) => {
    const server = servers[style];
    server.configure({ size: 3 });
    expect(await collectIds(paginateList(server, { pageSize }))).toEqual(expectedIds(style, 3));
    expect(server.served.map((page) => page.query.get(sizeParam(style)))).toContain(sent);
    expect(new Set(server.served.map((page) => page.query.get(sizeParam(style))))).toEqual(new Set([sent]));
  });

  it("a numeric string is read as its number", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 3 });
    await collectIds(paginateList(server, { pageSize: "2" as unknown as number }));
    expect(server.served.map((page) => page.query.get("limit"))).toEqual(["2", "2"]);
  });

  it("a size in the query that is not a number is a RangeError naming the parameter", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 3 });
    const { createVpcepClient } = await import("../src/otc/index.js");
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    const list = (limit: unknown) =>
      client.paginate("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { limit: limit as number } },
      });
    expect(() => list(Number.NaN)).toThrow(new RangeError("the query's limit must be a finite number, got NaN"));
    expect(() => list("ten")).toThrow(RangeError);
    expect(await list(null).toArray()).toHaveLength(3);
    expect(server.served.map((page) => page.query.get("limit"))).toEqual([null]);
  });

  it("a size given in the query instead of options is clamped too", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 3 });
    const { createVpcepClient } = await import("../src/otc/index.js");
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    await client
      .paginate("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { limit: 4000 } },
      })
      .toArray();
    expect(server.served.map((page) => page.query.get("limit"))).toEqual(["1000"]);
  });
});

describe("Confluent: metadata.next never sends a request (or credentials) elsewhere", () => {
  let elsewhere: TestServer;
  beforeAll(async () => {
    elsewhere = await startServer((_request, res) => {
      res.writeHead(500);
      res.end();
    });
  });
  afterAll(() => elsewhere.close());

  it("a next link on another host (another 127.0.0.1 port) is followed on the base URL with only its token", async () => {
    const server = servers["page-token"];
    server.configure({ size: 35, nextOrigin: elsewhere.url });
    const ids = await collectIds(paginateList(server, { pageSize: 10 }));
    expect(ids).toEqual(expectedIds("page-token", 35));
    expect(server.served.length).toBe(4);
    expect(elsewhere.requests).toEqual([]);
    for (const request of server.requests) expect(request.headers.authorization).toMatch(/^Basic /);
  });

  it("a next link without a page_token is a PaginationError", async () => {
    const proxy = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ metadata: { next: "https://api.confluent.cloud/elsewhere?x=1" }, data: [{ id: "a" }] }));
    });
    try {
      const { createConfluentClient } = await import("../src/confluent/index.js");
      const client = createConfluentClient({ baseUrl: proxy.url, auth: { token: "t" }, retry: false });
      const { ids, error } = await drain(
        client.paginate("/networking/v1/private-link-attachment-connections", {
          params: { query: { environment: "e" } },
        }),
      );
      expect(error).toBeInstanceOf(PaginationError);
      expect(ids).toEqual([]);
      expect(proxy.requests.length).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

describe("an item nested deeper than JSON.stringify can recurse", () => {
  it("ends the iteration with PaginationError, not a RangeError", async () => {
    const depth = 20_000; // JSON.parse takes it; JSON.stringify overflows the stack far earlier
    const deep = `{"id":"a","x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"statusCode":0,"statusMessage":"ok","response":[${deep}]}`);
    });
    try {
      const { createMadConnectClient } = await import("../src/madconnect/index.js");
      const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
      const items = client.paginate("/es/v2/connections", {}, { pageSize: 1 }) as AsyncIterable<{ id: string }>;
      const { ids, error } = await drain(items);
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toMatch(/nested too deeply/);
      expect(ids).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("an item too deeply nested to compare fails only a page that more pages follow, in every style", () => {
  const depth = 20_000;
  const deepItem = (id: string) => `{"id":"${id}","x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  /** One page of `ids` (the first one deeply nested) in the style's body, with or without a next page. */
  const body = (style: PagingStyle, ids: string[], more: boolean): string => {
    const items = `[${ids.map((id, i) => (i === 0 ? deepItem(id) : JSON.stringify({ id }))).join(",")}]`;
    switch (style) {
      case "offset-total":
        return `{"total_count":${more ? 100 : ids.length},"connections":${items}}`;
      case "marker":
        return `{"subnets":${items}}`;
      case "page-token":
        return `{"metadata":{"next":${more ? '"/x?page_token=t2"' : "null"}},"data":${items}}`;
      case "offset-size":
        return `{"statusCode":0,"response":${items}}`;
    }
  };

  it.each(STYLES)("%s: a one-page listing is read whole", async (style) => {
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body(style, ["a", "b"], false));
    });
    try {
      const { ids, error } = await drain(paginateList({ style, url: server.url, run: "" }, { pageSize: 5 }));
      expect(error).toBeUndefined();
      expect(ids).toEqual(["a", "b"]);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it.each(STYLES)("%s: a page that another follows is a PaginationError", async (style) => {
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body(style, ["a", "b"], true));
    });
    try {
      const { ids, error } = await drain(paginateList({ style, url: server.url, run: "" }, { pageSize: 2 }));
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toMatch(/page 1 starts with an item nested too deeply/);
      expect(ids).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("a last page that starts with an earlier page's first item is a PaginationError in the cursor styles too", () => {
  it.each(["marker", "page-token"] as const)("%s", async (style) => {
    const server = await startServer((request, res) => {
      const first = !/[?&](marker|page_token)=/.test(request.url);
      const data = first ? [{ id: "a" }, { id: "b" }] : [{ id: "a" }];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          style === "marker" ? { subnets: data } : { metadata: first ? { next: "/x?page_token=t2" } : {}, data },
        ),
      );
    });
    try {
      const { ids, error } = await drain(paginateList({ style, url: server.url, run: "" }, { pageSize: 2 }));
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toMatch(/page 2 starts with the same item as page 1/);
      expect(ids).toEqual(["a", "b"]);
    } finally {
      await server.close();
    }
  });
});

describe("options are checked when paginate is called", () => {
  it.each([
    [{ maxItems: -1 }, /maxItems/],
    [{ maxItems: Number.NaN }, /maxItems/],
    [{ maxItems: 1.5 }, /maxItems must be an integer/],
    [{ maxItems: 0.5 }, /maxItems must be an integer/],
    [{ maxItems: null }, /maxItems must be an integer/],
    [{ maxItems: "5" }, /maxItems must be an integer/],
    [{ concurrency: Number.NaN }, /concurrency/],
    [{ concurrency: Number.POSITIVE_INFINITY }, /concurrency/],
    [{ concurrency: null }, /concurrency must be a finite number, got null/],
    [{ concurrency: Number.NEGATIVE_INFINITY }, /concurrency must be a finite number, got -Infinity/],
    [{ concurrency: "-Infinity" }, /concurrency must be a finite number, got "-Infinity"/],
    [{ concurrency: "-1e400" }, /concurrency must be a finite number, got "-1e400"/],
    [{ pageSize: Number.POSITIVE_INFINITY }, /pageSize must be a finite number, got Infinity/],
    [{ pageSize: Number.NaN }, /pageSize must be a finite number, got NaN/],
    [{ pageSize: "abc" }, /pageSize must be a finite number, got "abc"/],
    [{ pageSize: "" }, /pageSize must be a finite number/],
    [{ pageSize: null }, /pageSize must be a finite number, got null/],
    [{ pageSize: true }, /pageSize must be a finite number, got true/],
  ])("%o → RangeError", (options, message) => {
    const server = servers["offset-size"];
    server.configure({ size: 10 });
    expect(() => paginateList(server, options as PaginateOptions)).toThrow(RangeError);
    expect(() => paginateList(server, options as PaginateOptions)).toThrow(message);
    expect(server.requests.length).toBe(0);
  });

  // Values that String() cannot convert: the message names them, the error stays a RangeError.
  const unprintable: [string, unknown, string][] = [
    ["a null-prototype object", Object.create(null), "an object"],
    [
      "an object whose toString throws",
      {
        toString: () => {
          throw new Error("no");
        },
      },
      "an object",
    ],
    ["a symbol", Symbol("size"), "Symbol(size)"],
    ["an array", [1, 2], "an array"],
    ["a bigint beyond any page size", 10n ** 400n, "a bigint of 401 characters"],
    // An option is a number (a query's int64 size parameter may be a bigint: see below).
    ["a bigint", 2n, "2n"],
    ["a bigint of 42 digits", 10n ** 41n, "a bigint of 42 characters"],
  ];
  it.each(
    ["pageSize", "maxItems", "concurrency"].flatMap((option) =>
      unprintable.map(([name, value, shownAs]) => [option, name, value, shownAs] as const),
    ),
  )("%s: %s → RangeError naming it", (option, _name, value, shownAs) => {
    const server = servers["offset-size"];
    server.configure({ size: 10 });
    const call = () => paginateList(server, { [option]: value } as PaginateOptions);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(`${option} must be`);
    expect(call).toThrow(`got ${shownAs}`);
    expect(server.requests.length).toBe(0);
  });

  it("a size or an offset in the query that String() cannot convert is a RangeError naming the parameter", async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const client = createMadConnectClient({ baseUrl: servers["offset-size"].url, auth: { token: "t" }, retry: false });
    const list = (query: Record<string, unknown>) => () =>
      client.paginate("/es/v2/connections", { params: { query: query as never } });
    for (const value of [Object.create(null), Symbol("x")]) {
      expect(list({ size: value })).toThrow(RangeError);
      expect(list({ size: value })).toThrow(/^the query's size must be a finite number, got /);
      expect(list({ offset: value })).toThrow(RangeError);
      expect(list({ offset: value })).toThrow(/^offset must be a safe integer ≥ 0, got /);
    }
  });

  it("a signal, in the options or in the call's init, that is not an AbortSignal is a TypeError naming it, as in a call", async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const server = servers["offset-size"];
    server.configure({ size: 10 });
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    for (const [signal, shown] of [
      [{}, "object"],
      ["yes", "string"],
      [42, "42"],
    ] as const) {
      for (const call of [
        () => client.paginate("/es/v2/connections", {}, { signal: signal as never }),
        () => client.paginate("/es/v2/connections", { signal: signal as never }),
      ]) {
        expect(call).toThrow(TypeError);
        expect(call).toThrow(`signal must be an AbortSignal, got ${shown}`);
      }
    }
    expect(server.requests.length).toBe(0);
  });

  it("a null init or options is none, as a call takes a null init", async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const server = servers["offset-size"];
    server.configure({ size: 3 });
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    expect(await client.paginate("/es/v2/connections", null as never, null as never).toArray()).toHaveLength(3);
  });

  it("a bigint size in the query (an int64 parameter's type allows one) is sent as its number", async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const server = servers["offset-size"];
    server.configure({ size: 3 });
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    const pages = client.paginate("/es/v2/connections", { params: { query: { size: 2n } as never } }).pages();
    expect((await pages.next()).value?.items).toHaveLength(2);
    await pages.return?.(undefined);
    expect(new URL(server.requests[0]!.url, server.url).searchParams.get("size")).toBe("2");
  });

  it("concurrency below 1 or fractional is rounded into range", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 30 });
    expect(await collectIds(paginateList(server, { pageSize: 10, concurrency: 0 }))).toEqual(
      expectedIds("offset-total", 30),
    );
    expect(await collectIds(paginateList(server, { pageSize: 10, concurrency: 2.7 }))).toEqual(
      expectedIds("offset-total", 30),
    );
    const asText = paginateList(server, { pageSize: 10, concurrency: "3" as unknown as number });
    expect(await collectIds(asText)).toEqual(expectedIds("offset-total", 30));
  });
});

describe("a start offset given in the query", () => {
  it.each(["offset-total", "offset-size"] as const)("%s: starts there and counts from there", async (style) => {
    const server = servers[style];
    server.configure({ size: 45 });
    const { createVpcepClient } = await import("../src/otc/index.js");
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const common = { baseUrl: server.url, retry: false as const };
    const paginated =
      style === "offset-total"
        ? createVpcepClient({ ...common, auth: { token: "t" } }).paginate(
            "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
            { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { offset: 20, limit: 10 } } },
          )
        : createMadConnectClient({ ...common, auth: { token: "t" } }).paginate("/es/v2/connections", {
            params: { query: { offset: 20, size: 10 } },
          });
    const ids = (await paginated.toArray()).map((entry) => entry.id);
    expect(ids).toEqual(expectedIds(style, 45).slice(20));
    expect(server.served.map((page) => page.query.get("offset"))).toEqual(["20", "30", "40"]);
  });

  it("a start offset given as text is sent as the number it is read as, from which the next ones are counted", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 45 });
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    for (const offset of ["1e1", "0x0a", " 10", "10.0"]) {
      server.served.length = 0;
      const ids = await client
        .paginate("/es/v2/connections", { params: { query: { offset, size: 15 } as never } })
        .toArray();
      expect(
        ids.map((entry) => entry.id),
        offset,
      ).toEqual(expectedIds("offset-size", 45).slice(10));
      expect(server.served.map((page) => page.query.get("offset"))).toEqual(["10", "25", "40"]);
    }
  });

  it.each(["offset-total", "offset-size"] as const)(
    "%s: an offset below the minimum (or no integer) is a RangeError, nothing sent",
    async (style) => {
      const server = servers[style];
      server.configure({ size: 45 });
      const { createVpcepClient } = await import("../src/otc/index.js");
      const { createMadConnectClient } = await import("../src/madconnect/index.js");
      const common = { baseUrl: server.url, retry: false as const };
      const start = (offset: number) =>
        style === "offset-total"
          ? createVpcepClient({ ...common, auth: { token: "t" } }).paginate(
              "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
              { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { offset, limit: 10 } } },
            )
          : createMadConnectClient({ ...common, auth: { token: "t" } }).paginate("/es/v2/connections", {
              params: { query: { offset, size: 10 } },
            });
      for (const offset of [-5, -1, 1.5]) {
        expect(() => start(offset), String(offset)).toThrow(RangeError);
        expect(() => start(offset)).toThrow(/offset must be a safe integer ≥ 0, got /);
      }
      expect(server.served).toHaveLength(0);
    },
  );

  it.each([1, 3])(
    "MadConnect (no total), concurrency %i: paging on past 2^53 - 1 sends each offset exactly: nothing repeated or skipped",
    async (concurrency) => {
      // A dataset without end: full pages at any offset, each item named after the offset it was served at.
      const server = await startServer((request, res) => {
        const query = new URL(request.url, "http://x").searchParams;
        const [offset, size] = [BigInt(query.get("offset") ?? "0"), Number(query.get("size"))];
        const items = Array.from({ length: size }, (_, i) => `{"id":"c${offset + BigInt(i)}"}`);
        sendJson(res, 200, `{"statusCode":0,"statusMessage":"ok","response":[${items.join(",")}]}`);
      });
      try {
        const { createMadConnectClient } = await import("../src/madconnect/index.js");
        const client = createMadConnectClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
        const start = Number.MAX_SAFE_INTEGER - 24; // odd: the offsets past 2^53 are odd, which no number is there
        const { ids, error } = await drain(
          client.paginate(
            "/es/v2/connections",
            { params: { query: { offset: start, size: 10 } } },
            { concurrency, maxItems: 60 },
          ) as AsyncIterable<{ id: string }>,
        );
        expect(error).toBeUndefined();
        expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `c${BigInt(start) + BigInt(i)}`));
        // (fetched ahead at concurrency 3: in any order)
        const sent = server.requests
          .map((r) => BigInt(new URL(r.url, "http://x").searchParams.get("offset")!))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .map(String);
        expect(sent.slice(0, 6)).toEqual([0, 10, 20, 30, 40, 50].map((k) => String(BigInt(start) + BigInt(k))));
      } finally {
        await server.close();
      }
    },
  );

  it("OTC VPC Endpoint: a server ignoring that offset is still caught", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 25, faults: { ignoreOffset: true } });
    const { createVpcepClient } = await import("../src/otc/index.js");
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
    const { error } = await drain(
      client.paginate("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { offset: 20, limit: 10 } },
      }) as AsyncIterable<{ id: string }>,
    );
    expect(error).toBeInstanceOf(PaginationError);
  });
});

// ---- the item iterator, as an async generator would behave -------------------------------------

describe("items: the iterator keeps an async generator's order and ending", () => {
  const PER_PAGE = 5;
  /** A paginate over `total` items in pages of 5 that answer after `delayMs`; page `failAt` (0-based) fails. */
  function fake({ total = 12, delayMs = 1, failAt = -1 } = {}) {
    const offsets: number[] = [];
    const getPage = async (
      _path: string,
      init: { params?: { query?: Record<string, unknown> }; signal?: AbortSignal },
    ) => {
      const offset = Number(init.params?.query?.offset ?? 0);
      offsets.push(offset);
      await sleep(delayMs);
      init.signal?.throwIfAborted();
      if (offset / PER_PAGE === failAt) throw new Error(`page ${failAt} failed`);
      const connections = Array.from({ length: Math.min(PER_PAGE, total - offset) }, (_, i) => ({ n: offset + i }));
      return { data: { connections, total_count: total }, response: new Response(null) };
    };
    const paginate = paginateItems(getPage);
    return { items: () => paginate("/items", {}, { pageSize: PER_PAGE })[Symbol.asyncIterator](), offsets };
  }

  it("next() calls made without waiting are answered in order, across pages, then done", async () => {
    const { items } = fake();
    const iterator = items();
    const results = await Promise.all(Array.from({ length: 14 }, () => iterator.next()));
    expect(results.map((r) => (r.done ? "done" : (r.value as { n: number }).n))).toEqual([
      ...Array.from({ length: 12 }, (_, i) => i),
      "done",
      "done",
    ]);
  });

  it("return() while a page is awaited: the pending next() still gets its item, then the iterator is done", async () => {
    const { items, offsets } = fake({ delayMs: 20 });
    const iterator = items();
    for (let i = 0; i < PER_PAGE; i++) await iterator.next();
    const pending = iterator.next(); // waits for the second page
    const closed = iterator.return!();
    expect(await pending).toEqual({ value: { n: 5 }, done: false });
    expect(await closed).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await sleep(40);
    expect(offsets).toEqual([0, 5]);
  });

  it("a failed page rejects once; the iterator is done after it", async () => {
    const { items } = fake({ failAt: 1 });
    const iterator = items();
    for (let i = 0; i < PER_PAGE; i++) expect((await iterator.next()).done).toBe(false);
    await expect(iterator.next()).rejects.toThrow("page 1 failed");
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("throw() (a delegating generator's) closes it and rejects with the error", async () => {
    const { items, offsets } = fake({ delayMs: 20 });
    const iterator = items();
    await iterator.next();
    await expect(iterator.throw!(new Error("stop"))).rejects.toThrow("stop");
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await sleep(40);
    expect(offsets).toEqual([0]);
  });

  it("break in the middle of a page stops fetching", async () => {
    const { items, offsets } = fake({ total: 50 });
    let seen = 0;
    for await (const item of { [Symbol.asyncIterator]: items }) if (++seen === 7 && item) break;
    await sleep(20);
    expect(offsets).toEqual([0, 5]);
  });
});
