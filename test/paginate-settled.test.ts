// When an iteration of `paginate` ends (at the end of the data, by a break, or on an error), no
// request it started is still running: the requests still out (pages fetched ahead past the end) are
// cancelled, and the iteration ends once each has settled.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import type { GetPage } from "../src/core/paginate.js";
import { gc } from "./support/gc.js";
import { paginateItems } from "./support/offset-table.js";
import { usePagingServers, type PagingConfig } from "./support/paging-servers.js";

const servers = usePagingServers();

/**
 * The offset-total paging server with `config`, a getPage to it that counts the calls not yet settled
 * (each settling a macrotask after its request does), and a paginate of `/items` through that getPage.
 */
function countingPaginate(config: Partial<PagingConfig>) {
  const server = servers["offset-total"];
  server.configure(config);
  const url = server.url;
  const state = { open: 0, calls: 0, aborted: 0 };
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
    } catch (error) {
      if ((error as Error).name === "AbortError") state.aborted += 1;
      throw error;
    } finally {
      await new Promise((resolve) => setImmediate(resolve)); // winding down takes a moment, as a socket's close does
      state.open -= 1;
    }
  };
  return { state, getPage, url, paginate: paginateItems(getPage, url) };
}

describe("at the end of the data, the pages fetched ahead past it are cancelled and settled", () => {
  it("concurrency 3, the pages past the end answering late: the iteration returns with none open, and starts none after", async () => {
    // 123 items while the total says 400: page 13 (items 120-122) ends the data early.
    const { state, paginate } = countingPaginate({
      size: 123,
      reportedTotal: 400,
      latencyMs: (page) => (page > 13 ? 200 : 0),
    });
    const items = await paginate("/items", {}, { pageSize: 10, concurrency: 3 }).toArray();
    const atReturn = { open: state.open, calls: state.calls };
    expect(items).toHaveLength(123);
    expect(atReturn.open).toBe(0);
    expect(atReturn.calls).toBeGreaterThan(13); // some were fetched ahead past the end
    // Cancelled, not waited for: their answers were 200 ms away.
    expect(state.aborted).toBe(atReturn.calls - 13);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.calls).toBe(atReturn.calls);
  });
});

describe("a break or an error cancels the requests still out, and waits for them", () => {
  it("a break: every request of the iteration has settled when the loop is left", async () => {
    const { state, paginate } = countingPaginate({ size: 400, latencyMs: (page) => (page > 1 ? 30 : 0) });
    let count = 0;
    for await (const _item of paginate("/items", {}, { pageSize: 10, concurrency: 3 })) if (++count === 5) break;
    expect([count, state.open]).toEqual([5, 0]);
    expect(state.calls).toBeGreaterThan(1); // pages were being fetched ahead
  });

  it("an error: every request of the iteration has settled when it reaches the caller", async () => {
    const { state, getPage, url } = countingPaginate({
      size: 400,
      latencyMs: (page) => (page > 2 ? 30 : 0),
      faults: { error: { page: 2, status: 500 } },
    });
    const failing: GetPage = async (path, init, onAnswer) => {
      const page = await getPage(path, init, onAnswer);
      if (!page.response.ok) throw new Error(`status ${page.response.status}`);
      return page;
    };
    const paginate = paginateItems(failing, url);
    await expect(paginate("/items", {}, { pageSize: 10, concurrency: 3 }).toArray()).rejects.toThrow("status 500");
    expect(state.open).toBe(0);
    expect(state.calls).toBeGreaterThan(2);
  });
});

describe("a long-lived signal (an app's shutdown signal) given to many iterations", () => {
  it("keeps nothing of an ended iteration: no listener left on it, and no signal combined from it", async () => {
    const { paginate } = countingPaginate({ size: 25 });
    const shutdown = new AbortController();
    const perCall = new AbortController();
    // No AbortSignal.any: each signal it combines is registered with `shutdown` (nodejs/node#55351: on Node 20
    // and 24 some of that stays as long as `shutdown` does).
    const any = vi.spyOn(AbortSignal, "any");
    try {
      for (let i = 0; i < 20; i++) {
        const items = await paginate(
          "/items",
          { signal: perCall.signal },
          { pageSize: 10, concurrency: 2, signal: shutdown.signal },
        ).toArray();
        expect(items).toHaveLength(25);
      }
      // Ended by a break too.
      for await (const _item of paginate("/items", {}, { pageSize: 10, signal: shutdown.signal })) break;
      expect(any).not.toHaveBeenCalled();
    } finally {
      any.mockRestore();
    }
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(perCall.signal, "abort")).toHaveLength(0);
  });

  it("keeps no iteration dropped unfinished (its iterator let go of without return()) alive, and drops its listener once it is collected", async () => {
    const { paginate } = countingPaginate({ size: 25 });
    const shutdown = new AbortController();
    /** The first page only, and the iterator dropped (in a function of its own: none of its variables outlives it). */
    const firstPageOnly = async () => {
      const pages = paginate("/items", {}, { pageSize: 10, concurrency: 2, signal: shutdown.signal }).pages();
      expect((await pages.next()).value?.items).toHaveLength(10);
      return new WeakRef(pages);
    };
    const collected: WeakRef<object>[] = [];
    for (let i = 0; i < 5; i++) collected.push(await firstPageOnly());
    await new Promise((resolve) => setTimeout(resolve, 50)); // the pages fetched ahead have arrived
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(1);
    for (let round = 0; round < 20 && getEventListeners(shutdown.signal, "abort").length > 0; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10)); // finalizers run after the collection
    }
    expect(collected.every((ref) => ref.deref() === undefined)).toBe(true);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it("reaches an iteration whose request waits on its signal alone, after a collection (what holds the request holds the iteration)", async () => {
    // Page 1 at once; then a request that ends only when its signal aborts (no timer of its own).
    const getPage: GetPage = async (_path, init) => {
      if (!init.params?.query?.offset)
        return { data: { connections: [{ id: "a" }], total_count: 2 }, response: new Response() };
      await new Promise((_resolve, reject) =>
        init.signal!.addEventListener("abort", () => reject(init.signal!.reason)),
      );
      throw new Error("unreachable");
    };
    const paginate = paginateItems(getPage);
    const shutdown = new AbortController();
    const started = async () => {
      const pages = paginate("/items", {}, { pageSize: 1, signal: shutdown.signal }).pages();
      await pages.next();
      return { pending: pages.next() }; // the iterator let go of: only this promise is kept
    };
    const { pending } = await started();
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    shutdown.abort(new Error("shutting down"));
    await expect(pending).rejects.toThrow("shutting down");
  });

  it("still aborts the iteration, and the request out, with its reason", async () => {
    const { state, paginate } = countingPaginate({ size: 25, latencyMs: (page) => (page >= 2 ? 5_000 : 0) });
    const shutdown = new AbortController();
    const pages = paginate("/items", {}, { pageSize: 10, signal: shutdown.signal }).pages();
    expect((await pages.next()).value?.items).toHaveLength(10);
    const next = pages.next();
    const started = Date.now();
    setTimeout(() => shutdown.abort(new Error("shutting down")), 50);
    await expect(next).rejects.toThrow("shutting down");
    // The request out (its answer 5 s away) was cancelled, not waited for, and has settled.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(state).toMatchObject({ calls: 2, open: 0 });
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });
});
