// Issue 14, findings 7 and 21 (first half): a hostile list server controls every page, yet paginate
// ends with the items or a PaginationError, in a bounded number of requests, never a hang and never
// a silent truncation. Each test's server ends its data after LIMIT requests, so that a client
// without the guard ends (with the wrong result) instead of hanging the run.
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, PaginationError } from "../../src/core/errors.js";
import { MAX_EMPTY_PAGES_IN_A_ROW, REPEAT_WINDOW, RepeatGuard } from "../../src/core/paginate/guards.js";
import { createConfluentClient } from "../../src/confluent/index.js";
import { createVpcClient } from "../../src/otc/index.js";
import { sendJson, startServer, type TestServer } from "../support/http-server.js";
import { itemsOf, startHostileServer } from "../support/hostile-paging.js";
import { paginateList, useStyleServers, type ListOptions, type PagingStyle } from "../support/paging-servers.js";

const LIMIT = 60;
const servers = useStyleServers(startHostileServer);

/** The style's list call through its real client, in pages of 10, against the hostile server (or `url`). */
const list = (style: PagingStyle, options: ListOptions = {}, url = servers[style].url) =>
  paginateList({ style, url, run: "hostile" }, { pageSize: 10, ...options });

/** Iterates the items; returns the ids yielded and the error that ended the iteration (if any). */
async function drain(
  style: PagingStyle,
  options: ListOptions = {},
  url?: string,
): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const item of list(style, options, url)) ids.push(item.id);
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: undefined };
}

describe("Confluent (page-token) compares with metadata.total_size", () => {
  it("full pages with fresh tokens past total_size: PaginationError on the page that passes it", async () => {
    servers["page-token"].script((n) => ({ items: itemsOf(`p${n}`, 10), total: "25", next: `t${n}` }), LIMIT);
    const { ids, error } = await drain("page-token");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/more than the largest total it reported \(25\)/);
    expect(ids).toHaveLength(20);
    expect(servers["page-token"].requests).toHaveLength(3);
  });
});

describe("Confluent (page-token): the bound is the largest total_size reported, exactly", () => {
  it("a total that falls below the items already seen does not end the iteration in an error", async () => {
    servers["page-token"].script(
      (n) => (n === 0 ? { items: itemsOf("a", 2), total: "3", next: "t0" } : { items: itemsOf("a", 1, 2), total: "1" }),
      LIMIT,
    );
    const { ids, error } = await drain("page-token");
    expect(error).toBeUndefined();
    expect(ids).toEqual(["a-0", "a-1", "a-2"]);
  });

  it("one item more than total_size is a PaginationError", async () => {
    servers["page-token"].script(
      (n) => (n === 0 ? { items: itemsOf("a", 2), total: "3", next: "t0" } : { items: itemsOf("a", 2, 2), total: "3" }),
      LIMIT,
    );
    const { ids, error } = await drain("page-token");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/returned 4 items, more than the largest total it reported \(3\)/);
    expect(ids).toEqual(["a-0", "a-1"]);
  });
});

describe("Confluent (page-token): empty pages that each link on with a fresh token", () => {
  it(`end with PaginationError after ${MAX_EMPTY_PAGES_IN_A_ROW} of them`, async () => {
    servers["page-token"].script(
      (n) => (n === 0 ? { items: itemsOf("a", 10), next: "t0" } : { items: [], next: `t${n}` }),
      LIMIT,
    );
    const { ids, error } = await drain("page-token");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/empty pages in a row/);
    expect(ids).toHaveLength(10);
    expect(servers["page-token"].requests).toHaveLength(1 + MAX_EMPTY_PAGES_IN_A_ROW + 1);
  });
});

describe("Confluent (page-token): the fourth empty page in a row that links on is the error", () => {
  /** `empties` empty pages that each link on, then a last page of items without a link. */
  const emptyPagesThenItems = (empties: number) =>
    servers["page-token"].script(
      (n) => (n < empties ? { items: [], next: `t${n}` } : { items: itemsOf("a", 10) }),
      LIMIT,
    );

  it("three empty pages in a row are followed", async () => {
    emptyPagesThenItems(3);
    const { ids, error } = await drain("page-token");
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(10);
    expect(servers["page-token"].requests).toHaveLength(4);
  });

  it("the fourth is a PaginationError, before a fifth request", async () => {
    emptyPagesThenItems(4);
    const { ids, error } = await drain("page-token");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/4 empty pages in a row/);
    expect(ids).toEqual([]);
    expect(servers["page-token"].requests).toHaveLength(4);
  });
});

describe("pages that cycle A, B, A, B (each cursor or offset fresh) are caught, not only two in a row", () => {
  it.each(["offset-total", "offset-size", "page-token"] as const)("%s", async (style) => {
    const pages = [itemsOf("a", 10), itemsOf("b", 10)];
    servers[style].script((n) => ({ items: pages[n % 2]!, total: "1000", next: `t${n}` }), LIMIT);
    const { ids, error } = await drain(style);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/page 3 starts with the same item as page 1/);
    expect(ids).toEqual([...pages[0]!, ...pages[1]!].map((item) => item.id));
    expect(servers[style].requests).toHaveLength(3);
  });
});

/**
 * Offset styles fetching ahead (concurrency 3): the first page keeps to the limit (10 items), later
 * ones serve `later` items from their offset. A longer page would overlap the next: PaginationError,
 * and no item twice.
 */
async function refusesLongerPages(style: "offset-total" | "offset-size", later: number) {
  servers[style].script(
    (n, query) => ({ items: itemsOf("i", n === 0 ? 10 : later, Number(query.get("offset") ?? 0)), total: "100" }),
    LIMIT,
  );
  const { ids, error } = await drain(style, { concurrency: 3 });
  expect(error).toBeInstanceOf(PaginationError);
  expect((error as Error).message).toMatch(new RegExp(`page 2 has ${later} items, more than the first page's 10`));
  expect(new Set(ids).size).toBe(ids.length);
}

describe("offset styles fetching ahead: a page longer than the first would overlap the next", () => {
  it.each(["offset-total", "offset-size"] as const)("%s, concurrency 3: PaginationError, no item twice", (style) =>
    refusesLongerPages(style, 20),
  );
});

describe("offset styles fetching ahead: a page one item longer than the first overlaps too", () => {
  it.each(["offset-total", "offset-size"] as const)("%s, concurrency 3: PaginationError", (style) =>
    refusesLongerPages(style, 11),
  );
});

describe("a reported total that is not a count is a PaginationError, never a silent stop after page 1", () => {
  const totals = [
    ["a string", '"25"'],
    ["above 2^53 (a bigint from the int64 parser)", "9007199254740993"],
    ["negative", "-1"],
    ["fractional", "2.5"],
    ["beyond any number", "1e400"],
  ] as const;
  it.each(["offset-total", "page-token"] as const)(
    "%s: a string, above 2^53, negative, fractional, infinite",
    async (style) => {
      for (const [what, total] of totals) {
        servers[style].script(
          (n) => ({ items: itemsOf(`p${n}`, 10), total, next: n < 2 ? `t${n}` : undefined }),
          LIMIT,
        );
        const { ids, error } = await drain(style);
        expect(error, what).toBeInstanceOf(PaginationError);
        expect((error as Error).message, what).toMatch(/is not a count/);
        expect(ids, what).toEqual([]);
      }
    },
  );

  it("offset-total: a page without total_count", async () => {
    servers["offset-total"].script((n) => ({ items: itemsOf(`p${n}`, 10), total: n === 0 ? "25" : undefined }), LIMIT);
    const { ids, error } = await drain("offset-total");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/no total_count/);
    expect(ids).toHaveLength(10);

    servers["offset-total"].script((n) => ({ items: itemsOf(`p${n}`, 10) }), LIMIT);
    expect((await drain("offset-total")).error).toBeInstanceOf(PaginationError);
  });
});

describe("offset-total: the end is the first page's total, lowered by a later one, never raised", () => {
  it.each([1, 3])(
    "a total that grows with every page ends at the first one's (concurrency %i)",
    async (concurrency) => {
      servers["offset-total"].script((n) => ({ items: itemsOf(`p${n}`, 10), total: String(30 + 10 * n) }), LIMIT);
      const { ids, error } = await drain("offset-total", { concurrency });
      expect(error).toBeUndefined();
      expect(ids).toHaveLength(30);
      expect(servers["offset-total"].requests).toHaveLength(3);
    },
  );

  it.each([1, 3])("a total that shrinks after page 1 ends there (concurrency %i)", async (concurrency) => {
    servers["offset-total"].script((n) => ({ items: itemsOf(`p${n}`, 10), total: n === 0 ? "100" : "20" }), LIMIT);
    const { ids, error } = await drain("offset-total", { concurrency });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(20);
  });
});

describe("offset-total: a full page that ends past total_count", () => {
  it("one item past it is a PaginationError", async () => {
    servers["offset-total"].script((n) => ({ items: itemsOf(`p${n}`, 10), total: "19" }), LIMIT);
    const { ids, error } = await drain("offset-total");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/items up to 20, more than its total of 19, and still full pages/);
    expect(ids).toHaveLength(10);
  });
});

describe("concurrency > 1: once a page has failed, no further page is asked for", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Page 2 fails at once; pages 3 and later are never answered (until the client goes away).
    server = await startServer(async (request, res, raw) => {
      const offset = Number(new URL(request.url, server.url).searchParams.get("offset") ?? 0);
      if (offset === 10) return sendJson(res, 500, { error_code: "VPCEP.500", error_msg: "failed" });
      if (offset > 10) return new Promise<void>((resolve) => raw.socket.once("close", () => resolve(void res.end())));
      sendJson(res, 200, { connections: itemsOf("p", 10), total_count: 400 });
    });
  });
  afterAll(() => server.close());

  it("OTC VPC Endpoint, concurrency 4: the failed page 2 is the last request sent", async () => {
    let sent = 0;
    const fetch: typeof globalThis.fetch = (input, init) => {
      sent += 1;
      return globalThis.fetch(input, init);
    };
    const { ids, error } = await drain("offset-total", { concurrency: 4, client: { fetch } }, server.url);
    expect(error).toBeInstanceOf(ApiError);
    expect(ids).toHaveLength(10);
    expect(sent).toBe(5); // page 1, then pages 2-5 ahead; nothing once page 2 has failed
  });
});

describe("marker (OTC VPC subnets): a full page whose last item has no usable id", () => {
  it.each([
    ["missing", {}],
    ["empty", { id: "" }],
    ["null", { id: null }],
    ["an object", { id: { nested: 1 } }],
  ])("%s: PaginationError on that page, before any other request", async (_, last) => {
    servers.marker.script(() => ({ items: [...itemsOf("s", 9), last] }), LIMIT);
    const { ids, error } = await drain("marker");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/has no "id" to continue from/);
    expect(ids).toEqual([]);
    expect(servers.marker.requests).toHaveLength(1);
  });
});

describe("marker (OTC VPC subnets): a full page whose last id cannot be sent", () => {
  it.each([
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate inside", "sub\udc00net"],
  ])("%s: PaginationError on that page (not a RequestRejectedError), before any other request", async (_, id) => {
    servers.marker.script(() => ({ items: [...itemsOf("s", 9), { id }] }), LIMIT);
    const { ids, error } = await drain("marker");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/"id" of the last item of a full page is not well-formed Unicode/);
    expect(ids).toEqual([]);
    expect(servers.marker.requests).toHaveLength(1);
  });
});

describe("marker (OTC VPC subnets): a page that starts like an earlier one", () => {
  it("is a PaginationError even when its last id (the next marker) is new", async () => {
    const first = itemsOf("a", 10);
    servers.marker.script((n) => ({ items: n === 0 ? first : n === 1 ? [first[0]!, ...itemsOf("b", 9)] : [] }), LIMIT);
    const { ids, error } = await drain("marker");
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/page 2 starts with the same item as page 1/);
    expect(ids).toEqual(first.map((item) => item.id));
  });
});

describe("a cursor the caller resumes from counts as handed out", () => {
  it("page-token: a server handing back the token resumed from is caught on the first page", async () => {
    servers["page-token"].script((n) => ({ items: itemsOf(`p${n}`, 10), next: "t0" }), LIMIT);
    const client = createConfluentClient({ baseUrl: servers["page-token"].url, auth: { token: "t" }, retry: false });
    const paginated = client.paginate("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1", page_size: 10, page_token: "t0" } },
    });
    await expect(paginated.toArray()).rejects.toThrow(/page token "t0" twice/);
    expect(servers["page-token"].requests).toHaveLength(1);
  });

  it("marker: a server whose page ends with the marker resumed from is caught on the first page", async () => {
    servers.marker.script(() => ({ items: itemsOf("s", 10) }), LIMIT);
    const client = createVpcClient({ baseUrl: servers.marker.url, auth: { token: "t" }, retry: false });
    const paginated = client.paginate("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" }, query: { limit: 10, marker: "s-9" } },
    });
    await expect(paginated.toArray()).rejects.toThrow(/marker \(id\) "s-9" twice/);
    expect(servers.marker.requests).toHaveLength(1);
  });
});

describe("the repeat guard's memory is bounded, and it still sees cycles longer than it remembers", () => {
  it(`100,000 distinct values: none reported as a repeat, at most ${REPEAT_WINDOW} remembered`, () => {
    const guard = new RepeatGuard();
    const repeats: number[] = [];
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      if (guard.repeats(`cursor-${i}`) !== undefined) repeats.push(i);
      largest = Math.max(largest, guard.size);
    }
    expect(repeats).toEqual([]);
    expect(largest).toBe(REPEAT_WINDOW);
  });

  it("a sequence that repeats with period p from value m on is caught by value 3·max(m, p + 1), whatever p", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (m, p) => {
        const value = (i: number) => (i < m ? `start-${i}` : `cycle-${(i - m) % p}`);
        const guard = new RepeatGuard();
        const bound = 3 * Math.max(m, p + 1);
        for (let i = 0; i <= bound; i++) {
          const earlier = guard.repeats(value(i));
          if (earlier !== undefined) {
            expect(i).toBeGreaterThanOrEqual(m + p); // never before the first true repeat
            expect(value(earlier)).toBe(value(i));
            return;
          }
          if (guard.size > REPEAT_WINDOW) throw new Error(`${guard.size} values remembered`);
        }
        throw new Error(`no repeat found by value ${bound} (m ${m}, p ${p})`);
      }),
      { numRuns: 60 },
    );
  });
});
