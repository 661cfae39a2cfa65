// `concurrency`: offset styles fetch pages ahead (bounded), cursor styles fetch the next page while
// the current one is consumed; items always come in server order. Timing is asserted only loosely.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  collectIds,
  expectedIds,
  expectedRequests,
  paginateList,
  STYLES,
  type ServedPage,
  usePagingServers,
} from "./support/paging-servers.js";
import { startServer } from "./support/http-server.js";
import { createVpcepClient } from "../src/otc/index.js";
import { paginateItems } from "./support/offset-table.js";

const servers = usePagingServers();

/** The most requests the server was working on at one time. */
function maxOverlap(served: readonly ServedPage[]): number {
  const events = served.flatMap((page) => [
    { t: page.at, d: 1 },
    { t: page.done, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const event of events) max = Math.max(max, (open += event.d));
  return max;
}

describe.each(STYLES)("%s", (style) => {
  it("concurrency 4 yields the same sequence as sequential", async () => {
    const server = servers[style];
    server.configure({ size: 137, latencyMs: () => Math.floor(Math.random() * 4) });
    const sequential = await collectIds(paginateList(server, { pageSize: 10 }));
    server.configure({ size: 137, latencyMs: () => Math.floor(Math.random() * 4) });
    const concurrent = await collectIds(paginateList(server, { pageSize: 10, concurrency: 4 }));
    expect(sequential).toEqual(expectedIds(style, 137));
    expect(concurrent).toEqual(sequential);
  });
});

describe("offset styles fetch pages ahead, bounded by `concurrency`", () => {
  // How much faster that is, is measured by `npm run bench` (part 2), not here: tests time nothing.
  it("OTC VPC Endpoint: 40 pages at 20 ms latency are fetched 4 at a time with concurrency 4, one at a time without", async () => {
    const server = servers["offset-total"];
    const overlap = async (concurrency: number) => {
      server.configure({ size: 400, latencyMs: 20 });
      const ids = await collectIds(paginateList(server, { pageSize: 10, concurrency }));
      expect(ids).toEqual(expectedIds("offset-total", 400));
      return maxOverlap(server.served);
    };
    expect(await overlap(1)).toBe(1);
    expect(await overlap(4)).toBe(4);
  }, 20_000);

  it("MadConnect (no total): pages are fetched ahead too, at most 4 at once, and the end is found", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 195, latencyMs: 20 });
    const ids = await collectIds(paginateList(server, { pageSize: 10, concurrency: 4 }));
    expect(ids).toEqual(expectedIds("offset-size", 195));
    const overlap = maxOverlap(server.served);
    expect(overlap).toBeGreaterThan(1);
    expect(overlap).toBeLessThanOrEqual(4);
    // 20 pages, the last one short; asked for beyond it: at most `concurrency` waiting for an answer, plus
    // the one sent when the last page's answer arrived, before its body showed the end (as the properties test).
    expect(server.served.length).toBeGreaterThanOrEqual(20);
    expect(server.served.length).toBeLessThanOrEqual(20 + 4 + 1);
  });

  it("OTC VPC Endpoint: pages past total_count are never asked for", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 95 });
    expect(await collectIds(paginateList(server, { pageSize: 10, concurrency: 5 }))).toEqual(
      expectedIds("offset-total", 95),
    );
    expect(server.served.map((page) => Number(page.query.get("offset") ?? 0)).sort((a, b) => a - b)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
  });

  it("a slow consumer holds at most `concurrency + 1` pages ahead", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 200 });
    let consumed = 0;
    for await (const page of paginateList(server, { pageSize: 10, concurrency: 3 }).pages()) {
      await sleep(10);
      consumed += 1;
      // page `consumed - 1` is in hand; no more than 3 + 1 requests beyond it have been made.
      expect(server.requests.length).toBeLessThanOrEqual(consumed + 4);
      if (page.index === 5) break;
    }
    expect(consumed).toBe(6);
  });

  it("the next request goes out as soon as an answer starts to arrive, before its page has been read", async () => {
    // Page 1's body is held back until the request for page 3 has arrived: with concurrency 2, that
    // request can only come from page 1's answer freeing its place (page 2's is still held too).
    let requestThreeArrived!: () => void;
    const requestThree = new Promise<void>((resolve) => {
      requestThreeArrived = resolve;
      setTimeout(resolve, 3000).unref(); // a client that waits for a body never sends it: fails below
    });
    const order: string[] = [];
    const server = await startServer(async (request, res) => {
      const offset = Number(new URL(request.url, "http://x").searchParams.get("offset") ?? 0);
      order.push(`request ${offset / 10}`);
      if (offset === 30) requestThreeArrived();
      const connections = Array.from({ length: 10 }, (_, i) => ({ id: `vpce-${offset + i}`, marker_id: offset + i }));
      const body = JSON.stringify({ connections, total_count: 40 });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.flushHeaders();
      if (offset === 10 || offset === 20) await requestThree;
      order.push(`body ${offset / 10}`);
      res.end(body);
    });
    try {
      const client = createVpcepClient({ baseUrl: server.url, auth: { token: "t" }, retry: false });
      const ids: string[] = [];
      const path = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections" as const;
      const init = { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } };
      for await (const item of client.paginate(path, init, { pageSize: 10, concurrency: 2 })) ids.push(String(item.id));
      expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => `vpce-${i}`));
      expect(order.indexOf("request 3")).toBeLessThan(order.indexOf("body 1"));
      expect(order.indexOf("request 3")).toBeLessThan(order.indexOf("body 2"));
    } finally {
      await server.close();
    }
  });
});

describe("cursor styles fetch the next page while the current one is consumed (concurrency 2)", () => {
  it.each(["marker", "page-token"] as const)("%s", async (style) => {
    const server = servers[style];
    const run = async (concurrency: number) => {
      server.configure({ size: 60 });
      const finished: number[] = [];
      for await (const page of paginateList(server, { pageSize: 10, concurrency }).pages()) {
        await sleep(40); // a consumer slower than the server
        finished[page.index] = performance.now();
      }
      expect(server.served.length).toBe(expectedRequests(style, 60, 10));
      // Request k + 1 arrived before (or only after) the consumer was done with page k.
      return server.served.slice(1, 6).map((request, k) => request.at < finished[k]!);
    };
    expect(await run(1)).toEqual([false, false, false, false, false]);
    const early = await run(2);
    expect(early.filter(Boolean).length).toBeGreaterThanOrEqual(4);
  });
});

describe("with concurrency > 1, a page found failing as it arrives stops the fetching ahead at once", () => {
  // The consumer holds page 0 until page 2 has failed (the getPage below returns it to paginate, and a
  // macrotask later its checks have run), then takes page 1: no page after page 2 may be asked for.
  it.each([
    ["no total_count", { connections: Array.from({ length: 10 }, (_, i) => ({ id: `c${20 + i}` })) }, /no total_count/],
    [
      "a full page past its total",
      { total_count: 25, connections: Array.from({ length: 10 }, (_, i) => ({ id: `c${20 + i}` })) },
      /items up to 30, more than its total of 25/,
    ],
    [
      "a page longer than the first",
      { total_count: 1000, connections: Array.from({ length: 11 }, (_, i) => ({ id: `c${20 + i}` })) },
      /page 3 has 11 items, more than the first page's 10/,
    ],
  ])("%s", async (_name, badPage, message) => {
    const server = await startServer((request, res) => {
      const offset = Number(new URL(request.url, "http://x").searchParams.get("offset") ?? 0);
      const body =
        offset === 20
          ? badPage
          : { total_count: 1000, connections: Array.from({ length: 10 }, (_, i) => ({ id: `c${offset + i}` })) };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    let badPageReturned!: () => void;
    const badPageIn = new Promise<void>((resolve) => (badPageReturned = resolve));
    const asked: string[] = [];
    const getPage = async (_path: string, init: { params?: { query?: Record<string, unknown> } }) => {
      const query = new URLSearchParams(Object.entries(init.params?.query ?? {}).map(([k, v]) => [k, String(v)]));
      asked.push(query.get("offset") ?? "0");
      const response = await fetch(`${server.url}/items?${query}`);
      const data: unknown = await response.json();
      if (query.get("offset") === "20") setImmediate(badPageReturned);
      return { data, response };
    };
    try {
      const paginate = paginateItems(getPage, server.url);
      const pages = paginate("/items", {}, { pageSize: 10, concurrency: 2 }).pages();
      expect((await pages.next()).value).toMatchObject({ index: 0 });
      await badPageIn;
      await new Promise((resolve) => setImmediate(resolve));
      const askedBefore = [...asked];
      expect((await pages.next()).value).toMatchObject({ index: 1 });
      await expect(pages.next()).rejects.toThrow(message);
      expect(asked).toEqual(askedBefore);
      expect(asked.map(Number).every((offset) => offset <= 30)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
