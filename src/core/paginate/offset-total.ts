// offset + limit, with a reported total (OTC VPC Endpoint: offset, limit, total_count).
// The end is the lowest total reported so far (the first page's, unless a later page reports less):
// at most one request per item of that total, plus one, whatever the server answers.
import { expectedSize, pageQuery, startOffset, type Cursor, type CursorSetup, type RawPage } from "./cursor.js";
import { checkOverlap, pageRepeatGuard } from "./guards.js";

export function offsetTotalCursor(setup: CursorSetup): Cursor {
  const { rule, path, fail } = setup;
  const offsetParam = rule.offset!.param;
  const start = startOffset(setup);
  const expected = expectedSize(setup);
  const repeats = pageRepeatGuard(path, fail, `the server seems to ignore "${offsetParam}"`);
  let seen = 0;
  let end = Infinity;
  const totalOf = (page: RawPage): number => {
    if (page.total === undefined) throw fail(`${path}: the response has no ${rule.total!.join(".")} to page by`);
    return page.total;
  };
  /** A full page whose items reach past the total it reports: the server does not honour the offset. */
  const checkWithinTotal = (page: RawPage, total: number, reached: number) => {
    const full = expected !== undefined && page.items.length >= expected;
    if (reached > total && full) {
      throw fail(
        `${path}: the server returned items up to ${reached}, more than its total of ${total}, and still full pages`,
      );
    }
  };
  /** Shown every page in order; returns whether it is the last (`shorterThan`: a page shorter ends it). */
  const check = (page: RawPage, shorterThan: number): boolean => {
    const total = totalOf(page);
    seen += page.items.length;
    end = Math.min(end, total);
    const last = page.items.length === 0 || start + seen >= end || page.items.length < shorterThan;
    repeats(page.items, !last);
    checkWithinTotal(page, total, start + seen);
    return last;
  };
  return {
    next(page) {
      return check(page, 0) ? undefined : pageQuery(setup, { [offsetParam]: start + seen });
    },
    ahead(first) {
      if (check(first, 0)) return undefined;
      const step = first.items.length;
      return {
        step,
        query: (k) => (start + k * step < end ? pageQuery(setup, { [offsetParam]: start + k * step }) : undefined),
        arrived(page, index) {
          checkWithinTotal(page, totalOf(page), start + index * step + page.items.length);
          checkOverlap(path, fail, step, page.items, index);
        },
        ends: (page) => check(page, step),
      };
    },
  };
}
