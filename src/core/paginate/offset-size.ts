// offset + size, no total (MadConnect: offset in items, size): a short or empty page is the end.
// No total bounds the requests: a server serving new full pages for ever is a dataset without end,
// which `maxItems` bounds; a page that repeats an earlier one ends with PaginationError.
import { isShort, pageQuery, startOffset, type Cursor, type CursorSetup } from "./cursor.js";
import { checkOverlap, pageRepeatGuard } from "./guards.js";

/** `start + n`, exact: a bigint where a number would be rounded (beyond 2^53 - 1), which the query sends as it is. */
const exactSum = (start: number, n: number): number | bigint =>
  Number.isSafeInteger(start + n) ? start + n : BigInt(start) + BigInt(n);

export function offsetSizeCursor(setup: CursorSetup): Cursor {
  const { rule, path, fail } = setup;
  const offsetParam = rule.offset!.param;
  const start = startOffset(setup);
  const short = isShort(setup);
  const repeats = pageRepeatGuard(path, fail, `the server seems to ignore "${offsetParam}"`);
  const inPages = rule.offsetUnit === "pages";
  let pageNo = 0;
  let seen = 0;
  return {
    next(page) {
      const last = short(page);
      repeats(page.items, !last);
      pageNo += 1;
      seen += page.items.length;
      if (last) return undefined;
      return pageQuery(setup, { [offsetParam]: exactSum(start, inPages ? pageNo : seen) });
    },
    ahead(first) {
      const last = short(first);
      repeats(first.items, !last);
      if (last) return undefined;
      // Step by the first page's length, as `next` does: a server whose default page differs from
      // the documented one (no size sent) must not get overlapping or gapped offsets.
      const step = first.items.length;
      return {
        step,
        query: (k) => pageQuery(setup, { [offsetParam]: exactSum(start, inPages ? k : k * step) }),
        arrived(page, index) {
          if (!inPages) checkOverlap(path, fail, step, page.items, index);
        },
        ends(page) {
          const last = page.items.length < step;
          repeats(page.items, !last);
          return last;
        },
      };
    },
  };
}
