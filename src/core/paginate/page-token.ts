// page size + page token from a next-page link (Confluent: page_size, page_token in metadata.next,
// metadata.total_size). The server ends it by leaving the link out. A token handed out twice, a page
// that repeats an earlier one, more than MAX_EMPTY_PAGES_IN_A_ROW empty pages in a row, or more items
// than the largest total reported, end with PaginationError.
import { dig, pageQuery, resumedFrom, type Cursor, type CursorSetup } from "./cursor.js";
import { cursorRepeatGuard, MAX_EMPTY_PAGES_IN_A_ROW, pageRepeatGuard } from "./guards.js";

export function pageTokenCursor(setup: CursorSetup): Cursor {
  const { rule, path, fail, baseUrl } = setup;
  const param = rule.cursor!;
  const fresh = cursorRepeatGuard(path, fail, "page token");
  const repeats = pageRepeatGuard(path, fail, "the server seems to cycle through pages");
  resumedFrom(setup, fresh);
  let seen = 0;
  // The largest, not the latest: items deleted while paging lower the total below what was seen.
  let largestTotal: number | undefined;
  let emptyInARow = 0;
  return {
    next(page) {
      seen += page.items.length;
      if (page.total !== undefined) largestTotal = Math.max(largestTotal ?? 0, page.total);
      if (largestTotal !== undefined && seen > largestTotal) {
        throw fail(
          `${path}: the server returned ${seen} items, more than the largest total it reported (${largestTotal})`,
        );
      }
      const link = dig(page.body, rule.nextLink!);
      if (link === undefined || link === null || link === "") {
        repeats(page.items, false);
        return undefined;
      }
      let token: string | null;
      try {
        // Only the token is taken from the link: the next request goes to this client's own base URL.
        token = new URL(String(link), `${baseUrl}/`).searchParams.get(param);
      } catch {
        token = null;
      }
      if (!token) throw fail(`${path}: the next-page link has no ${param} to continue from`);
      fresh(token);
      repeats(page.items, true);
      emptyInARow = page.items.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
        throw fail(
          `${path}: ${emptyInARow} empty pages in a row still link to a next page; stopping instead of looping`,
        );
      }
      return pageQuery(setup, { [param]: token });
    },
  };
}
