// Property-based, issue 14 finding 7: a random hostile server (random pages, items, cursors and
// totals, then repeating a random tail of its script for ever) always ends paginate with the items
// or a PaginationError within a bounded number of requests, for all four styles; and an iteration
// that ends without an error ended on the style's own end signal (never a silent truncation).
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PaginationError } from "../../src/core/errors.js";
import type { Page } from "../../src/core/paginate.js";
import { MAX_EMPTY_PAGES_IN_A_ROW } from "../../src/core/paginate/guards.js";
import { startHostileServer, type HostileAnswer } from "../support/hostile-paging.js";
import { paginateList, STYLES, useStyleServers, type PagingStyle } from "../support/paging-servers.js";

const RUNS = 20;
const TIMEOUT = 30_000;
/** Pages of this size count as full (the hostile pages have 0 to 4 items). */
const PAGE_SIZE = 3;
/** The server ends its data after this many requests: a run that gets there has failed the bound. */
const LIMIT = 400;

const servers = useStyleServers(startHostileServer);

/** One scripted page: items from a pool of six (or new ones each time), a total, a next token, or a broken body. */
const pageSpec = (freshItems: boolean) =>
  fc.record({
    items: fc.array(
      freshItems ? fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant("fresh")) : fc.integer({ min: 0, max: 5 }),
      {
        maxLength: 4,
      },
    ),
    total: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 15 }).map(String) },
      fc.constantFrom(undefined, '"7"', "9007199254740993", "-1", "2.5"),
    ),
    next: fc.oneof(
      fc.constant("fresh"),
      fc.constant(undefined),
      fc.integer({ min: 0, max: 3 }).map((k) => `p${k}`),
    ),
    broken: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
type Spec = { items: (number | "fresh")[]; total: string | undefined; next: string | undefined; broken: boolean };

/** A script, and the index its tail repeats from once it has run out. */
const scripts = (freshItems: boolean) =>
  fc
    .array(pageSpec(freshItems), { minLength: 1, maxLength: 8 })
    .chain((script) => fc.tuple(fc.constant(script as Spec[]), fc.integer({ min: 0, max: script.length - 1 })));

function answerer(script: Spec[], loopFrom: number): (n: number) => HostileAnswer {
  return (n) => {
    const index = n < script.length ? n : loopFrom + ((n - script.length) % (script.length - loopFrom));
    const spec = script[index]!;
    return {
      items: spec.broken ? "no array" : spec.items.map((k, j) => ({ id: k === "fresh" ? `n${n}-${j}` : `i${k}` })),
      total: spec.total,
      next: spec.next === "fresh" ? `f${n}` : spec.next,
    };
  };
}

interface Outcome {
  pages: Page<{ id: string }>[];
  error: unknown;
}
async function run(style: PagingStyle, concurrency: number, maxItems?: number): Promise<Outcome> {
  const pages: Page<{ id: string }>[] = [];
  const paginated = paginateList(
    { style, url: servers[style].url, run: "hostile" },
    {
      pageSize: PAGE_SIZE,
      concurrency,
      maxItems,
    },
  );
  try {
    for await (const page of paginated.pages()) pages.push(page);
  } catch (error) {
    return { pages, error };
  }
  return { pages, error: undefined };
}

/** Whether the last page of a run that ended without an error carries the style's end signal. */
function endedOnItsSignal(style: PagingStyle, pages: Page<{ id: string }>[], concurrency: number): boolean {
  const last = pages.at(-1)!;
  const first = pages[0]!;
  const shortOfFirst = concurrency > 1 && last.items.length < first.items.length;
  switch (style) {
    case "offset-total": {
      const seen = pages.reduce((sum, page) => sum + page.items.length, 0);
      const end = Math.min(...pages.map((page) => page.total!));
      return last.items.length === 0 || seen >= end || shortOfFirst;
    }
    case "marker":
      return last.items.length < PAGE_SIZE;
    case "offset-size":
      return last.items.length < PAGE_SIZE || shortOfFirst;
    case "page-token": {
      const next = (last.body as { metadata?: { next?: unknown } }).metadata?.next;
      return next === undefined || next === null || next === "";
    }
  }
}

describe.each(STYLES)("%s: a random hostile server", (style) => {
  it(
    "items from a pool: ends with the items or PaginationError within 2·(script length) + a few requests",
    async () => {
      await fc.assert(
        fc.asyncProperty(scripts(false), fc.constantFrom(1, 3), async ([script, loopFrom], concurrency) => {
          const server = servers[style];
          server.script(answerer(script, loopFrom), LIMIT);
          const { pages, error } = await run(style, concurrency);
          // The cycle repeats a page (or a cursor) within one period, or is all empty pages.
          expect(server.requests.length).toBeLessThanOrEqual(
            2 * script.length + MAX_EMPTY_PAGES_IN_A_ROW + 2 + concurrency,
          );
          if (error !== undefined) expect(error).toBeInstanceOf(PaginationError);
          else expect(endedOnItsSignal(style, pages, concurrency)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "new items on every page: maxItems bounds the requests, and the run ends the same way",
    async () => {
      const maxItems = 20;
      await fc.assert(
        fc.asyncProperty(scripts(true), fc.constantFrom(1, 3), async ([script, loopFrom], concurrency) => {
          const server = servers[style];
          server.script(answerer(script, loopFrom), LIMIT);
          const { pages, error } = await run(style, concurrency, maxItems);
          // Every request brings an item, ends the run, or is one of a few empty pages in a row.
          expect(server.requests.length).toBeLessThanOrEqual(
            (MAX_EMPTY_PAGES_IN_A_ROW + 1) * (maxItems + 1) + concurrency,
          );
          const yielded = pages.reduce((sum, page) => sum + page.items.length, 0);
          expect(yielded).toBeLessThanOrEqual(maxItems);
          if (error !== undefined) expect(error).toBeInstanceOf(PaginationError);
          else if (yielded < maxItems) expect(endedOnItsSignal(style, pages, concurrency)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
