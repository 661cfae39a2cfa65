// offset + limit, with a reported total (OTC VPC Endpoint: offset, limit, total_count).
// The end is the lowest total reported so far (the first page's, unless a later page reports less):
// at most one request per item of that total, plus one, whatever the server answers.
import { expectedSize, pageQuery, startOffset, type Cursor, type CursorSetup, type RawPage } from "./cursor.js";
import { overlapGuard, pageRepeatGuard } from "./guards.js";

export function offsetTotalCursor(setup: CursorSetup): Cursor {
  const { rule, path, fail } = setup;
  const offsetParam = rule.offset!.param;
  const start = startOffset(setup);
  const expected = expectedSize(setup);
  const repeats = pageRepeatGuard(path, fail, `the server seems to ignore "${offsetParam}"`);
  let seen = 0;
  let end = Number.POSITIVE_INFINITY;
  const check = (page: RawPage) => {
    if (page.total === undefined) throw fail(`${path}: the response has no ${rule.total!.join(".")} to page by`);
    repeats(page.items);
    seen += page.items.length;
    end = Math.min(end, page.total);
    const full = expected !== undefined && page.items.length >= expected;
    if (start + seen > page.total && full) {
      throw fail(
        `${path}: the server returned items up to ${start + seen}, more than its total of ${page.total}, and still full pages`,
      );
    }
  };
  const ended = (page: RawPage) => page.items.length === 0 || start + seen >= end;
  return {
    next(page) {
      check(page);
      return ended(page) ? undefined : pageQuery(setup, { [offsetParam]: start + seen });
    },
    ahead(first) {
      check(first);
      if (ended(first)) return undefined;
      const step = first.items.length;
      const overlaps = overlapGuard(path, fail, step);
      return {
        step,
        query: (k) => (start + k * step < end ? pageQuery(setup, { [offsetParam]: start + k * step }) : undefined),
        ends(page) {
          check(page);
          overlaps(page.items);
          return page.items.length < step || start + seen >= end;
        },
      };
    },
  };
}
