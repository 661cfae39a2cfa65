// offset-size paging against real servers on 127.0.0.1: an offset counted in pages (`offsetUnit:
// "pages"`, specs/CONVENTIONS.md; no shipped spec uses it, so the table here declares it), and where
// fetching ahead ends (README: "it ends at a page shorter than the page size (with concurrency > 1,
// shorter than the first page)").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPaginate, type PaginationRule } from "../src/core/paginate.js";
import { ALL_CURSORS } from "../src/core/paginate/styles.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
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

const queryOf = (url: string) => new URL(url, "http://x").searchParams;

describe('offsetUnit: "pages": the offset counts pages, not items', () => {
  const rule: PaginationRule = {
    operationId: "listThings",
    style: "offset-size",
    items: ["data"],
    size: { param: "size", default: 10, maximum: 100, minimum: 1 },
    offset: { param: "offset", minimum: 0 },
    offsetUnit: "pages",
  };
  /** 25 things; `offset` is a page number, `size` items per page. */
  const things: Handler = (request, res) => {
    const query = queryOf(request.url);
    const size = Number(query.get("size") ?? 10);
    const first = Number(query.get("offset") ?? 0) * size;
    const data = Array.from({ length: Math.max(0, Math.min(size, 25 - first)) }, (_, i) => ({ id: `t${first + i}` }));
    sendJson(res, 200, { data });
  };
  /** The offset of each page asked for, in order (none sent: "none"). */
  let asked: (number | "none")[] = [];
  beforeEach(() => {
    asked = [];
  });
  const paginate = createPaginate({
    cursors: ALL_CURSORS,
    table: { "/things": rule },
    baseUrl: "",
    getPage: async (path, init) => {
      const query = new URLSearchParams(Object.entries(init.params?.query ?? {}).map(([k, v]) => [k, String(v)]));
      asked.push(query.has("offset") ? Number(query.get("offset")) : "none");
      const response = await fetch(`${server.url}${path}?${query}`, { signal: init.signal ?? null });
      return { data: await response.json(), response };
    },
    redact: (text) => text,
  });
  const ids = (n: number, from = 0) => Array.from({ length: n - from }, (_, i) => `t${from + i}`);

  it.each([1, 3])(
    "25 items in pages of 10, concurrency %i: every item in order, offsets 0, 1, 2",
    async (concurrency) => {
      handle = things;
      const items = await paginate("/things", {}, { pageSize: 10, concurrency }).toArray();
      expect(items.map((item) => (item as { id: string }).id)).toEqual(ids(25));
      if (concurrency === 1) expect(asked).toEqual(["none", 1, 2]);
      else {
        // Fetched ahead past the short page 2, within the window (at most concurrency + 1 pages ahead), each once.
        expect(asked.slice(0, 3)).toEqual(["none", 1, 2]);
        expect(asked.slice(3)).toEqual(Array.from({ length: asked.length - 3 }, (_, i) => 3 + i));
        expect(asked.length).toBeLessThanOrEqual(3 + concurrency + 1);
      }
    },
  );

  it("an offset in the query is a page to start from", async () => {
    handle = things;
    for (const concurrency of [1, 3]) {
      asked = [];
      const items = await paginate(
        "/things",
        { params: { query: { offset: 1 } } },
        { pageSize: 10, concurrency },
      ).toArray();
      expect(items.map((item) => (item as { id: string }).id)).toEqual(ids(25, 10));
      expect(asked.slice(0, 2)).toEqual([1, 2]);
    }
  });
});

describe("with concurrency > 1, offset-size ends at the first page shorter than the first", () => {
  it("MadConnect, 25 items then more the server would serve: nothing past the short page, and no request past the window", async () => {
    // Items 0-44, but the page at offset 20 holds only 20-24: that short page is the end, though the
    // pages at 30 and 40 have items. README: the iteration ends at a page shorter than the first page;
    // pages fetched ahead of it are bounded by the window, at most `concurrency + 1` pages ahead of the
    // consumer, so with concurrency 2 none past offset 20 + (2 + 1) * 10 = 50, none twice; and once the
    // iteration has ended no request is made at all.
    handle = (request, res) => {
      const query = queryOf(request.url);
      const first = Number(query.get("offset") ?? 0);
      const last = first === 20 ? 25 : Math.min(first + Number(query.get("size")), 45);
      const response = Array.from({ length: Math.max(0, last - first) }, (_, i) => ({ id: `mc-${first + i}` }));
      sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response });
    };
    const sent: number[] = [];
    const mad = createMadConnectClient({
      baseUrl: server.url,
      auth: { token: "mad-token" },
      retry: false,
      fetch: (input, init) => {
        sent.push(Number(queryOf(input instanceof Request ? input.url : String(input)).get("offset") ?? 0));
        return fetch(input, init);
      },
    });
    const ids: string[] = [];
    for await (const item of mad.paginate("/es/v2/connections", {}, { pageSize: 10, concurrency: 2 }))
      ids.push(String(item.id));
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `mc-${i}`));
    expect(sent.slice(0, 3)).toEqual([0, 10, 20]);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.every((offset) => offset % 10 === 0 && offset <= 50)).toBe(true);
    const sentAtTheEnd = sent.length;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent).toHaveLength(sentAtTheEnd);
  });
});
