// What a paging style is to the scheduler (../paginate.ts): a Cursor that, shown each page in
// order, tells the query of the next one. One file per style; a client is given the factories of the
// styles its API uses (PaginateSetup's `cursors`), so that a bundle holds only those.
import type { PaginationRule } from "../paginate.js";
import type { Fail } from "./guards.js";

export type Query = Record<string, unknown>;

export interface RawPage {
  items: unknown[];
  body: unknown;
  response: Response;
  /** The total the page reports, checked by `readTotal`. */
  total: number | undefined;
}

/** Offset styles, once page 0 is in: the query of every page k ≥ 1 is known, so pages can be fetched ahead. */
export interface Ahead {
  step: number;
  /** Query of page k, or undefined past the known end. */
  query(k: number): Query | undefined;
  /** Shown each page fetched ahead, in order: whether the data ended there. */
  ends(page: RawPage): boolean;
  /**
   * Shown each page fetched ahead (page `index`) as soon as it arrives, in any order: the checks
   * that need no earlier page. A failure here stops the fetching ahead at once, and reaches the
   * consumer in the page's turn.
   */
  arrived(page: RawPage, index: number): void;
}

/** Every page is shown to exactly one of `next` and `ahead`/`ends`, once, in server order. */
export interface Cursor {
  /** Query of the next page after `page`, or undefined when `page` was the last. */
  next(page: RawPage): Query | undefined;
  /** Offset styles: fetching ahead from the first page, or undefined when the first page is the last. */
  ahead?(first: RawPage): Ahead | undefined;
}

export interface CursorSetup {
  rule: PaginationRule;
  path: string;
  /** The caller's query (filters, and a saved cursor or start offset to resume from). */
  baseQuery: Query;
  /** The page size to send, if any. */
  size: number | undefined;
  baseUrl: string;
  fail: Fail;
}

/** Makes the Cursor of one iteration in a paging style (marker.ts, offset-size.ts, offset-total.ts, page-token.ts). */
export type CursorFactory = (setup: CursorSetup) => Cursor;

/** The page size a full page has: the size sent, else the documented default. */
export const expectedSize = ({ size, rule }: CursorSetup): number | undefined => size ?? rule.size.default ?? undefined;

/** A page shorter than a full one (or empty): the data ends there. */
export function isShort(setup: CursorSetup): (page: RawPage) => boolean {
  const expected = expectedSize(setup);
  return (page) => page.items.length === 0 || (expected !== undefined && page.items.length < expected);
}

/** The query of a later page: the caller's, the page size, then what moves from page to page. */
export const pageQuery = ({ baseQuery, size, rule }: CursorSetup, position: Query): Query => ({
  ...baseQuery,
  ...(size !== undefined ? { [rule.size.param]: size } : {}),
  ...position,
});

/** The start offset of an offset style: the one in the caller's query, or 0. */
export const startOffset = ({ baseQuery, rule }: CursorSetup): number => Number(baseQuery[rule.offset!.param] ?? 0);

/** The value at `keys` inside a parsed body (undefined where the path breaks off). */
export const dig = (value: unknown, keys: readonly string[]): unknown =>
  keys.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );

/** Cursor styles: the cursor the caller resumes from counts as handed out, so the server cannot hand it back. */
export function resumedFrom({ baseQuery, rule }: CursorSetup, handedOut: (cursor: string) => unknown): void {
  const cursor = baseQuery[rule.cursor!];
  if (typeof cursor === "string" || typeof cursor === "number") handedOut(String(cursor));
}
