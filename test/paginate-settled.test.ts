// When an iteration of `paginate` ends (at the end of the data, by a break, or on an error), no
// request it started is still running: pages fetched ahead past the end are let finish (the server
// has answered each), and on a break or an error the requests still out are cancelled and awaited.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createPaginate, type GetPage } from "../src/core/paginate.js";
import { expectedIds, paginateList, usePagingServers } from "./support/paging-servers.js";
import { offsetItemsTable } from "./support/offset-table.js";

const servers = usePagingServers();

/** Requests of the current run the server is still working on. */
const inFlight = (server: (typeof servers)["offset-size"]) => server.requests.length - server.served.length;

describe("at the end of the data, the pages fetched ahead past it have been answered", () => {
  it("MadConnect (no total), concurrency 3: toArray returns with no request in flight, and none arrives after", async () => {
    const server = servers["offset-size"];
    // Page 13 (items 120-122) is the last; the pages asked for past it answer late.
    server.configure({ size: 123, latencyMs: (page) => (page > 13 ? 20 : 0) });
    const ids = (await paginateList(server, { pageSize: 10, concurrency: 3 }).toArray()).map((item) => item.id);
    const atReturn = { inFlight: inFlight(server), requests: server.requests.length };
    expect(ids).toEqual(expectedIds("offset-size", 123));
    await sleep(50);
    // None in flight when it returned, none arrived after (a request written then, not yet read, would).
    expect([atReturn.inFlight, server.requests.length - atReturn.requests]).toEqual([0, 0]);
    expect(atReturn.requests).toBeGreaterThan(13); // some were fetched ahead past the end
    expect(server.served.map((page) => page.status)).toEqual(Array(atReturn.requests).fill(200));
  });

  it("a for-await loop over the items ends the same way", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 45, latencyMs: (page) => (page > 5 ? 20 : 0) });
    let count = 0;
    for await (const _item of paginateList(server, { pageSize: 10, concurrency: 4 })) count += 1;
    expect([count, inFlight(server)]).toEqual([45, 0]);
  });
});

describe("a break or an error cancels the requests still out, and waits for them", () => {
  /** A getPage to `url` that counts the calls not yet settled, each settling a macrotask after its request does. */
  function countingGetPage(url: string) {
    const state = { open: 0, calls: 0 };
    const getPage: GetPage = async (path, init, onAnswer) => {
      state.open += 1;
      state.calls += 1;
      try {
        const query = new URLSearchParams(init.params?.query as Record<string, string>);
        // `/items` (offsetItemsTable) is served where the paging server serves VPC Endpoint connections.
        const served = path.replace("/items", "/v1/proj-1/vpc-endpoint-services/svc-1/connections");
        const response = await fetch(`${url}${served}?${query}`, { signal: init.signal });
        onAnswer?.(response);
        return { data: await response.json(), response };
      } finally {
        await new Promise((resolve) => setImmediate(resolve)); // winding down takes a moment, as a socket's close does
        state.open -= 1;
      }
    };
    return { state, getPage };
  }

  it("a break: every request of the iteration has settled when the loop is left", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 400, latencyMs: (page) => (page > 1 ? 30 : 0) });
    const { state, getPage } = countingGetPage(server.url);
    const paginate = createPaginate({ table: offsetItemsTable, baseUrl: server.url, getPage, redact: (t) => t });
    let count = 0;
    for await (const _item of paginate("/items", {}, { pageSize: 10, concurrency: 3 })) if (++count === 5) break;
    expect([count, state.open]).toEqual([5, 0]);
    expect(state.calls).toBeGreaterThan(1); // pages were being fetched ahead
  });

  it("an error: every request of the iteration has settled when it reaches the caller", async () => {
    const server = servers["offset-total"];
    server.configure({
      size: 400,
      latencyMs: (page) => (page > 2 ? 30 : 0),
      faults: { error: { page: 2, status: 500 } },
    });
    const { state, getPage } = countingGetPage(server.url);
    const failing: GetPage = async (path, init, onAnswer) => {
      const page = await getPage(path, init, onAnswer);
      if (!page.response.ok) throw new Error(`status ${page.response.status}`);
      return page;
    };
    const paginate = createPaginate({
      table: offsetItemsTable,
      baseUrl: server.url,
      getPage: failing,
      redact: (t) => t,
    });
    await expect(paginate("/items", {}, { pageSize: 10, concurrency: 3 }).toArray()).rejects.toThrow("status 500");
    expect(state.open).toBe(0);
    expect(state.calls).toBeGreaterThan(2);
  });
});
