// marker + limit, no total (OTC VPC subnets: the next marker is the last item's id): a short or
// empty page is the end. A marker handed out twice, or a page that repeats an earlier one, ends
// with PaginationError.
import { isShort, pageQuery, resumedFrom, type Cursor, type CursorSetup } from "./cursor.js";
import { cursorRepeatGuard, pageRepeatGuard } from "./guards.js";

export function markerCursor(setup: CursorSetup): Cursor {
  const { rule, path, fail } = setup;
  const field = rule.markerField!;
  const short = isShort(setup);
  const fresh = cursorRepeatGuard(path, fail, `marker (${field})`);
  const repeats = pageRepeatGuard(path, fail, "the server seems to cycle through pages");
  resumedFrom(setup, fresh);
  return {
    next(page) {
      if (short(page)) {
        repeats(page.items, false);
        return undefined;
      }
      const last = page.items[page.items.length - 1] as Record<string, unknown> | null | undefined;
      const marker = last !== null && typeof last === "object" ? last[field] : undefined;
      if ((typeof marker !== "string" && typeof marker !== "number" && typeof marker !== "bigint") || marker === "") {
        throw fail(`${path}: the last item of a full page has no "${field}" to continue from`);
      }
      // A lone surrogate cannot be sent in a query: the server's page ends the paging, not the request.
      if (typeof marker === "string" && /\p{Cs}/u.test(marker))
        throw fail(
          `${path}: the "${field}" of the last item of a full page is not well-formed Unicode (a lone surrogate)`,
        );
      const next = pageQuery(setup, { [rule.cursor!]: fresh(String(marker)) });
      repeats(page.items, true);
      return next;
    },
  };
}
