// Property-based: over random dataset sizes, page sizes, server caps and concurrency, paginate
// yields every item exactly once, in server order, for all four styles. One server per style,
// reconfigured for every run.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collectIds,
  expectedIds,
  expectedRequests,
  paginateList,
  positionParam,
  STYLE_SPECS,
  STYLES,
  usePagingServers,
} from "./support/paging-servers.js";

const servers = usePagingServers();

const RUNS = 25;
/** The secondary properties run fewer times: the suite has to stay fast. */
const FEWER_RUNS = 10;
const TIMEOUT = 30_000;

/**
 * A page size (1-40, or none: the server's default) and a dataset of 0 to 12 pages of it (any
 * remainder), so that no run makes more than 13 requests.
 */
const sizes = fc
  .option(fc.integer({ min: 1, max: 40 }), { nil: undefined, freq: 5 })
  .chain((pageSize) => fc.tuple(fc.integer({ min: 0, max: (pageSize ?? 10) * 12 }), fc.constant(pageSize)));

describe.each(STYLES)("%s", (style) => {
  it(
    "every item exactly once, in server order (random size, page size, concurrency 1-5)",
    async () => {
      await fc.assert(
        fc.asyncProperty(sizes, fc.integer({ min: 1, max: 5 }), async ([size, pageSize], concurrency) => {
          const server = servers[style];
          server.configure({ size });
          const ids = await collectIds(paginateList(server, { pageSize, concurrency }));
          expect(ids).toEqual(expectedIds(style, size));
          const served = server.served;
          expect(served[0]!.query.has(positionParam(style))).toBe(false);
          expect(served.every((page) => page.status === 200)).toBe(true);
          const sequential = expectedRequests(style, size, pageSize ?? server.config.defaultPageSize);
          if (style === "offset-size" && concurrency > 1) {
            // Pages fetched ahead past the end are dropped: at most `concurrency` waiting for an answer,
            // plus the one sent when the last page's answer arrived, before its body showed the end.
            expect(served.length).toBeGreaterThanOrEqual(sequential);
            expect(served.length).toBeLessThanOrEqual(sequential + concurrency + 1);
          } else {
            expect(served.length).toBe(sequential);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe("servers whose default page is larger than the documented one (no size sent)", () => {
  it.each(["offset-total", "page-token", "offset-size"] as const)(
    "%s: every item exactly once, in order",
    async (style) => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: STYLE_SPECS[style].defaults.defaultPageSize, max: 40 })
            .chain((defaultPageSize) =>
              fc.tuple(fc.constant(defaultPageSize), fc.integer({ min: 0, max: defaultPageSize * 8 })),
            ),
          fc.integer({ min: 1, max: 5 }),
          async ([defaultPageSize, size], concurrency) => {
            const server = servers[style];
            server.configure({ size, defaultPageSize });
            const ids = await collectIds(paginateList(server, { concurrency }));
            expect(ids).toEqual(expectedIds(style, size));
          },
        ),
        { numRuns: FEWER_RUNS },
      );
    },
    TIMEOUT,
  );
});

describe("servers that cap the page below what was asked", () => {
  it.each(["offset-total", "page-token"] as const)(
    "%s: every item exactly once, in order, when the server serves fewer items than the limit",
    async (style) => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 1, max: 30 })
            .chain((cap) =>
              fc.tuple(fc.constant(cap), fc.integer({ min: 0, max: cap * 8 }), fc.integer({ min: 1, max: 60 })),
            ),
          fc.integer({ min: 1, max: 5 }),
          async ([cap, size, pageSize], concurrency) => {
            const server = servers[style];
            server.configure({ size, maxPageSize: cap });
            const ids = await collectIds(paginateList(server, { pageSize, concurrency }));
            expect(ids).toEqual(expectedIds(style, size));
          },
        ),
        { numRuns: FEWER_RUNS },
      );
    },
    TIMEOUT,
  );
});

describe("maxItems", () => {
  it.each(STYLES)(
    "%s: exactly the first maxItems items (or all), for any page size and concurrency",
    async (style) => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 1, max: 30 })
            .chain((pageSize) =>
              fc.tuple(
                fc.constant(pageSize),
                fc.integer({ min: 0, max: pageSize * 10 }),
                fc.integer({ min: 0, max: pageSize * 12 }),
              ),
            ),
          fc.integer({ min: 1, max: 5 }),
          async ([pageSize, size, maxItems], concurrency) => {
            const server = servers[style];
            server.configure({ size });
            const ids = await collectIds(paginateList(server, { pageSize, concurrency, maxItems }));
            expect(ids).toEqual(expectedIds(style, Math.min(size, maxItems)));
            // Never more pages than the items asked for need, plus what was in flight ahead.
            const needed = Math.ceil(Math.min(maxItems, size) / pageSize) + 1;
            expect(server.served.length).toBeLessThanOrEqual(needed + (concurrency > 1 ? concurrency : 0));
          },
        ),
        { numRuns: FEWER_RUNS },
      );
    },
    TIMEOUT,
  );
});
