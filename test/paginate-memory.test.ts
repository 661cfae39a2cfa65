// Streaming: paginate holds only the current page (plus pages fetched ahead), so iterating
// 200,000 items served on the fly in pages of 1000 leaves the heap about where it was after 20,000.
// global.gc is not available, so this is a loose sanity check on process.memoryUsage().heapUsed
// after a short idle; the real measurement is the benchmark.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gc } from "./support/gc.js";
import { paginateList, startPagingServer, type PagingServer } from "./support/paging-servers.js";
import { paginateItems } from "./support/offset-table.js";

const TOTAL = 200_000;
const MB = 1024 * 1024;

let server: PagingServer;
beforeAll(async () => {
  server = await startPagingServer("offset-total");
});
afterAll(() => server.close());

/** heapUsed after letting the event loop (and so the collector) idle for a moment. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 5; i++) await sleep(10);
  return process.memoryUsage().heapUsed;
}

it("200,000 items in pages of 1000: the heap does not grow with the items seen", async () => {
  server.configure({ size: TOTAL });
  let count = 0;
  let checksum = 0;
  // heapUsed saw-tooths between collections; its low points track what is really held.
  const early: number[] = [];
  const late: number[] = [];
  for await (const entry of paginateList(server, { pageSize: 1000, concurrency: 2 })) {
    count += 1;
    checksum += Number((entry as { marker_id?: number }).marker_id);
    if (count % 2000 === 0) {
      const used = process.memoryUsage().heapUsed;
      if (count >= 20_000 && count <= 60_000) early.push(used);
      if (count >= 160_000) late.push(used);
      if (count === 20_000) early.push(await settledHeap());
    }
  }
  late.push(await settledHeap());
  expect(count).toBe(TOTAL);
  expect(checksum).toBe(TOTAL * 4_000_000 + (TOTAL * (TOTAL - 1)) / 2);
  expect(server.served.length).toBe(TOTAL / 1000);
  // Holding the items would add about 45 MB between the two windows (measured by keeping them);
  // streaming has stayed under 10 MB.
  const growth = (Math.min(...late) - Math.min(...early)) / MB;
  expect(growth, `heap grew by ${growth.toFixed(1)} MB`).toBeLessThan(30);
}, 60_000);

// ---- what paginate holds while the next page downloads --------------------------------------------
// Deterministic, with WeakRefs and a forced gc (exposed at run time): once the consumer asks for the
// next page, nothing inside paginate refers to the pages it has handed out, so they die young instead
// of being kept (and promoted) for as long as the next request takes.

describe("while the next page downloads, paginate holds no page the consumer is done with", () => {
  const PAGES = 8;
  const PER_PAGE = 50;

  /** A paginate whose pages answer after a gc, counting how many pages handed out earlier are still reachable. */
  function observed() {
    const pages: WeakRef<object>[] = [];
    const reachable: number[] = [];
    const getPage = async (_path: string, init: { params?: { query?: Record<string, unknown> } }) => {
      const offset = Number(init.params?.query?.offset ?? 0);
      if (pages.length > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        reachable.push(pages.filter((page) => page.deref() !== undefined).length);
      }
      const connections = Array.from({ length: PER_PAGE }, (_, i) => ({ id: `item-${offset + i}` }));
      pages.push(new WeakRef(connections));
      return { data: { connections, total_count: PAGES * PER_PAGE }, response: new Response(null) };
    };
    const paginate = paginateItems(getPage);
    return { paginate: () => paginate("/items", {}, { pageSize: PER_PAGE }), reachable };
  }

  it("items, one by one", async () => {
    const { paginate, reachable } = observed();
    let count = 0;
    for await (const item of paginate()) if ((item as { id: string }).id) count++;
    expect(count).toBe(PAGES * PER_PAGE);
    expect(reachable).toEqual(Array.from({ length: PAGES - 1 }, () => 0));
  });

  it("pages, each let go of before asking for the next", async () => {
    const { paginate, reachable } = observed();
    const iterator = paginate().pages();
    let count = 0;
    for (;;) {
      let step: IteratorResult<{ items: unknown[] }> | undefined = await iterator.next();
      if (step.done) break;
      count += step.value.items.length;
      step = undefined;
    }
    expect(count).toBe(PAGES * PER_PAGE);
    expect(reachable).toEqual(Array.from({ length: PAGES - 1 }, () => 0));
  });
});
