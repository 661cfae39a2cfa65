// One `paginate` for the four paging styles, driven by the generated table of `x-pagination`
// declarations (generated/<api>.meta.ts): nothing here knows a vendor.
import type { MaybeOptionalInit } from "openapi-fetch";
import type { RequiredKeysOf } from "openapi-typescript-helpers";
import { PaginationError, redactError } from "./errors.js";
import { stringifyJson } from "./json.js";
import type { Redactor } from "./redact.js";

export type PaginationStyle = "offset-total" | "marker" | "page-token" | "offset-size";

/** One row of a generated pagination table (see specs/CONVENTIONS.md). */
export interface PaginationRule {
  readonly operationId: string;
  readonly style: PaginationStyle;
  readonly items: readonly string[];
  readonly size: {
    readonly param: string;
    readonly default: number | null;
    readonly maximum: number | null;
    readonly minimum: number | null;
  };
  readonly offset?: { readonly param: string; readonly minimum: number };
  readonly offsetUnit?: "items" | "pages";
  readonly total?: readonly string[];
  readonly cursor?: string;
  readonly markerField?: string;
  readonly nextLink?: readonly string[];
}

export type PaginationTable = { readonly [path: string]: PaginationRule };

export interface PaginateOptions {
  /** Stop after this many items. */
  maxItems?: number;
  /** Items per request, sent as the API's own size parameter and clamped to its documented range. */
  pageSize?: number;
  /** Aborts the iteration: the pending request is cancelled and the iterator rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Requests waiting for an answer at once (default 1). Offset styles fetch that many pages ahead: a
   * request stops counting once its answer starts to arrive, so the next one goes out while that page
   * is read and parsed; at most `concurrency + 1` pages are held ahead of the consumer. Cursor styles,
   * whose next request depends on the page before, fetch the next page while the current one is consumed.
   * Items are always yielded in server order.
   */
  concurrency?: number;
}

export interface Page<Item, Body = unknown> {
  /** This page's items (cut short when `maxItems` ends the iteration in this page). */
  items: Item[];
  /** The page's whole (parsed) body. */
  body: Body;
  response: Response;
  /** The total the API reports (OTC VPC Endpoint `total_count`, Confluent `metadata.total_size`), if it does. */
  total: number | undefined;
  /** 0 for the first page. */
  index: number;
}

export interface Paginated<Item, Body = unknown> extends AsyncIterable<Item> {
  pages(): AsyncIterableIterator<Page<Item, Body>>;
  toArray(): Promise<Item[]>;
}

// ---- types: which paths are pageable and what their items are --------------------------------

type At<T, Keys extends readonly string[]> = Keys extends readonly [
  infer Head extends string,
  ...infer Rest extends readonly string[],
]
  ? At<NonNullable<T> extends infer O ? (Head extends keyof O ? O[Head] : never) : never, Rest>
  : T;

type GetOperation<Paths, P> = P extends keyof Paths ? (Paths[P] extends { get: infer Op } ? Op : never) : never;
export type SuccessBody<Paths, P> =
  GetOperation<Paths, P> extends { responses: { 200: { content: { "application/json": infer Body } } } } ? Body : never;
export type ItemOf<Paths, Table extends PaginationTable, P extends keyof Table> =
  NonNullable<At<SuccessBody<Paths, P>, Table[P]["items"]>> extends readonly (infer Item)[] ? Item : never;

// (A path item is not a `Record<HttpMethod, {}>`: its other methods are `put?: never` and so on.)
type GetInit<Paths, P> = P extends keyof Paths
  ? Paths[P] extends infer Item extends { get: unknown }
    ? MaybeOptionalInit<Item, "get">
    : never
  : never;
type PaginateArgs<Init> =
  RequiredKeysOf<NonNullable<Init>> extends never
    ? [init?: NonNullable<Init>, options?: PaginateOptions]
    : [init: NonNullable<Init>, options?: PaginateOptions];

export type Paginate<Paths, Table extends PaginationTable> = <P extends keyof Table & keyof Paths & string>(
  path: P,
  ...args: PaginateArgs<GetInit<Paths, P>>
) => Paginated<ItemOf<Paths, Table, P>, SuccessBody<Paths, P>>;

// ---- run time ----------------------------------------------------------------------------------

type Query = Record<string, unknown>;
type Init = { params?: { query?: Query; [key: string]: unknown }; signal?: AbortSignal; [key: string]: unknown };
/** Fetches one page; `onAnswer`, if given, is called as soon as its response arrives (before its body is read). */
export type GetPage = (
  path: string,
  init: Init,
  onAnswer?: () => void,
) => Promise<{ data: unknown; response: Response }>;

const dig = (value: unknown, keys: readonly string[]): unknown =>
  keys.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );

function clampSize(rule: PaginationRule, requested: unknown): number | undefined {
  if (requested === undefined || requested === null) return undefined;
  const value = Math.floor(Number(requested));
  if (!Number.isFinite(value)) throw new PaginationError(`page size must be a number, got ${String(requested)}`);
  const min = Math.max(1, rule.size.minimum ?? 1);
  return Math.min(Math.max(value, min), rule.size.maximum ?? Number.POSITIVE_INFINITY);
}

interface RawPage {
  items: unknown[];
  body: unknown;
  response: Response;
  total: number | undefined;
}

/** What a style needs to know to go from one page to the next. */
interface Cursor {
  /** Query of the next page after `page`, or undefined when `page` was the last. */
  next(page: RawPage): Query | undefined;
  /**
   * Offset styles: once page 0 is in, the query of every page k ≥ 1 is known, so pages can be
   * fetched ahead. Returns the query of page k (undefined past the known end), and `ends(page)`
   * tells whether a page fetched ahead shows the data ended there.
   */
  ahead?(
    first: RawPage,
  ): { query(k: number): Query | undefined; step: number; ends(page: RawPage): boolean } | undefined;
}

/**
 * Offset styles have no cursor to see repeat: a server that ignores the offset answers every page
 * with the first one. Two pages in a row that start with the same item end the iteration.
 */
function repeatedPageGuard(path: string, offsetParam: string): (page: RawPage) => void {
  let previous: string | undefined;
  return (page) => {
    if (page.items.length === 0) return;
    const first = stringifyJson(page.items[0]);
    if (first === previous) {
      throw new PaginationError(
        `${path}: two pages in a row start with the same item; the server seems to ignore "${offsetParam}"`,
      );
    }
    previous = first;
  };
}

function cursorFor(
  rule: PaginationRule,
  path: string,
  baseQuery: Query,
  size: number | undefined,
  baseUrl: string,
): Cursor {
  const expected = size ?? rule.size.default ?? undefined;
  const short = (page: RawPage) => page.items.length === 0 || (expected !== undefined && page.items.length < expected);
  const withSize = (extra: Query): Query => ({
    ...baseQuery,
    ...(size !== undefined ? { [rule.size.param]: size } : {}),
    ...extra,
  });
  const seenCursors = new Set<string>();
  const fresh = (cursor: string, what: string) => {
    if (seenCursors.has(cursor))
      throw new PaginationError(
        `${path}: the server returned the ${what} ${JSON.stringify(cursor)} twice; stopping instead of looping`,
      );
    seenCursors.add(cursor);
    return cursor;
  };

  switch (rule.style) {
    case "offset-total": {
      const offsetParam = rule.offset!.param;
      const start = Number(baseQuery[offsetParam] ?? 0);
      const repeats = repeatedPageGuard(path, offsetParam);
      let seen = 0;
      const counted = new WeakSet<RawPage>();
      const check = (page: RawPage) => {
        if (counted.has(page)) return;
        counted.add(page);
        repeats(page);
        seen += page.items.length;
        const full = expected !== undefined && page.items.length >= expected;
        if (page.total !== undefined && start + seen > page.total && full) {
          throw new PaginationError(
            `${path}: the server returned items up to ${start + seen}, more than its total of ${page.total}, and still full pages`,
          );
        }
      };
      return {
        next(page) {
          check(page);
          if (page.items.length === 0 || page.total === undefined || start + seen >= page.total) return undefined;
          return withSize({ [offsetParam]: start + seen });
        },
        ahead(first) {
          check(first);
          const step = first.items.length;
          const total = first.total;
          if (total === undefined || step === 0 || start + step >= total) return undefined;
          return {
            step,
            query: (k) => (start + k * step < total ? withSize({ [offsetParam]: start + k * step }) : undefined),
            ends(page) {
              check(page);
              return page.items.length < step;
            },
          };
        },
      };
    }
    case "offset-size": {
      const offsetParam = rule.offset!.param;
      const start = Number(baseQuery[offsetParam] ?? 0);
      const repeats = repeatedPageGuard(path, offsetParam);
      let pageNo = 0;
      let seen = 0;
      return {
        next(page) {
          repeats(page);
          pageNo += 1;
          seen += page.items.length;
          if (short(page)) return undefined;
          return withSize({ [offsetParam]: rule.offsetUnit === "pages" ? start + pageNo : start + seen });
        },
        ahead(first) {
          if (short(first)) return undefined;
          // Step by the first page's length, as `next` does: a server whose default page differs from
          // the documented one (no size sent) must not get overlapping or gapped offsets.
          const step = first.items.length;
          return {
            step,
            query: (k) => withSize({ [offsetParam]: rule.offsetUnit === "pages" ? start + k : start + k * step }),
            ends(page) {
              repeats(page);
              return page.items.length < step;
            },
          };
        },
      };
    }
    case "marker": {
      const field = rule.markerField!;
      return {
        next(page) {
          if (short(page)) return undefined;
          const last = page.items[page.items.length - 1] as Record<string, unknown> | undefined;
          const marker = last?.[field];
          if (marker === undefined || marker === null || marker === "") {
            throw new PaginationError(`${path}: the last item of a page has no "${field}" to continue from`);
          }
          return withSize({ [rule.cursor!]: fresh(String(marker), `marker (${field})`) });
        },
      };
    }
    case "page-token": {
      return {
        next(page) {
          const link = dig(page.body, rule.nextLink!);
          if (link === undefined || link === null || link === "") return undefined;
          let token: string | null;
          try {
            // Only the token is taken from the link: the next request goes to this client's own base URL.
            token = new URL(String(link), `${baseUrl}/`).searchParams.get(rule.cursor!);
          } catch {
            token = null;
          }
          if (!token) throw new PaginationError(`${path}: the next-page link has no ${rule.cursor} to continue from`);
          return withSize({ [rule.cursor!]: fresh(token, `page token`) });
        },
      };
    }
  }
}

export interface PaginateSetup {
  table: PaginationTable;
  baseUrl: string;
  getPage: GetPage;
  /** Every error paging ends with goes through the client's redaction (a PaginationError quotes server data). */
  redact?: Redactor;
}

export function createPaginate({ table, baseUrl, getPage, redact }: PaginateSetup) {
  return function paginate(path: string, init: Init = {}, options: PaginateOptions = {}): Paginated<unknown> {
    const rule = table[path];
    if (!rule) throw new TypeError(`${path} is not a paginated operation of this client`);
    // A cursor in the query (a saved marker or page token) resumes from there; later pages replace it.
    const baseQuery: Query = { ...init.params?.query };
    const size = clampSize(rule, options.pageSize ?? baseQuery[rule.size.param]);
    const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
    if (!(maxItems >= 0)) throw new RangeError(`maxItems must be a number ≥ 0, got ${String(options.maxItems)}`);
    // Finite: fetching ahead without a known end (offset-size) must stay bounded.
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    if (!Number.isFinite(concurrency))
      throw new RangeError(`concurrency must be a finite number, got ${String(options.concurrency)}`);

    async function* pages(): AsyncIterableIterator<Page<unknown>> {
      if (maxItems === 0) return;
      const stop = new AbortController();
      const signals = [stop.signal, options.signal, init.signal].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : stop.signal;
      const cursor = cursorFor(rule!, path, baseQuery, size, baseUrl);
      const fetchPage = async (query: Query, onAnswer?: () => void): Promise<RawPage> => {
        signal.throwIfAborted();
        const { data, response } = await getPage(
          path,
          { ...init, params: { ...init.params, query }, signal },
          onAnswer,
        );
        const items = dig(data, rule!.items);
        if (!Array.isArray(items))
          throw new PaginationError(`${path}: the response has no "${rule!.items.join(".")}" array`);
        const total = rule!.total ? dig(data, rule!.total) : undefined;
        return { items, body: data, response, total: typeof total === "number" ? total : undefined };
      };
      // Started fetches are awaited (or abandoned with `stop`) in order; a rejection is only observed in its turn.
      const inFlight: Promise<RawPage>[] = [];
      // Fetches not yet answered: a fetch stops counting once its response arrives, so that the next
      // request goes out while that page is read and parsed rather than after.
      let unanswered = 0;
      const start = (query: Query) => {
        unanswered += 1;
        let answered = false;
        const onAnswer = () => {
          if (answered) return;
          answered = true;
          unanswered -= 1;
          fillAhead();
        };
        const pending = fetchPage(query, onAnswer);
        pending.then(onAnswer, onAnswer);
        inFlight.push(pending);
      };
      let yielded = 0;
      let index = 0;
      let ahead: ReturnType<NonNullable<Cursor["ahead"]>>;
      let scheduled = 0;
      /** Offset styles: keeps `concurrency` requests unanswered, and at most `concurrency + 1` pages ahead of the consumer. */
      const fillAhead = () => {
        if (!ahead || stop.signal.aborted) return;
        const pagesWanted = Math.ceil(maxItems / ahead.step);
        while (unanswered < concurrency && inFlight.length <= concurrency && scheduled + 1 < pagesWanted) {
          const query = ahead.query(scheduled + 1);
          if (!query) break;
          scheduled += 1;
          start(query);
        }
      };
      // The page in hand and the page handed out are let go of before the next wait: once the consumer
      // asks for the next page, nothing here keeps the last one alive while the next one downloads, so
      // it dies young (a page still referenced when a scavenge runs is copied, and later promoted).
      let page: RawPage | undefined;
      let out: Page<unknown> | undefined;
      try {
        start(size !== undefined ? { ...baseQuery, [rule!.size.param]: size } : baseQuery);
        for (let pending = inFlight.shift(); pending; pending = inFlight.shift()) {
          page = await pending;
          pending = undefined;
          signal.throwIfAborted();
          let next: Query | undefined;
          if (ahead) {
            if (ahead.ends(page)) {
              // The data ended before the first page said it would: drop what was fetched beyond it.
              stop.abort();
              inFlight.length = 0;
            }
          } else if (index === 0 && concurrency > 1 && (ahead = cursor.ahead?.(page))) {
            // from here on, pages are fetched `concurrency` at a time and taken in order
          } else {
            next = cursor.next(page);
          }
          fillAhead();
          const room = maxItems - yielded;
          out = {
            items: page.items.length > room ? page.items.slice(0, room) : page.items,
            body: page.body,
            response: page.response,
            total: page.total,
            index: index++,
          };
          page = undefined;
          yielded += out.items.length;
          const more = next !== undefined && yielded < maxItems;
          // With concurrency > 1, a cursor style fetches the next page while this one is consumed.
          if (more && concurrency > 1) start(next!);
          yield out;
          out = undefined;
          if (more && concurrency === 1) start(next!);
        }
      } catch (error) {
        throw redact ? redactError(error, redact) : error;
      } finally {
        page = out = undefined;
        stop.abort();
      }
    }

    /**
     * Items one by one. An async generator would take several promise jobs per item; this hands out
     * the items of the page in hand with one resolved promise each, and awaits the next page only
     * when they run out. Calls made while a page is awaited run after it, in order, as a generator's do.
     */
    function items(): AsyncIterableIterator<unknown> {
      const source = pages();
      let batch: unknown[] = [];
      let at = 0;
      let finished = false;
      let waiting = 0;
      let queue: Promise<unknown> = Promise.resolve();
      const finish = (): IteratorResult<unknown> => {
        finished = true;
        batch = [];
        return { value: undefined, done: true };
      };
      const pull = async (): Promise<IteratorResult<unknown>> => {
        while (at >= batch.length) {
          if (finished) return { value: undefined, done: true };
          // The consumed page is let go of before the wait for the next one.
          batch = [];
          at = 0;
          let step: IteratorResult<Page<unknown>>;
          try {
            step = await source.next();
          } catch (error) {
            finish();
            throw error;
          }
          if (step.done) return finish();
          batch = step.value.items;
        }
        return { value: batch[at++], done: false };
      };
      const close = async (value: unknown): Promise<IteratorResult<unknown>> => {
        const open = !finished;
        finish();
        if (open) await source.return?.(undefined);
        return { value, done: true };
      };
      const enqueue = (run: () => Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> => {
        waiting += 1;
        const result = queue.then(run);
        const settle = () => {
          waiting -= 1;
        };
        queue = result.then(settle, settle);
        return result;
      };
      const iterator: AsyncIterableIterator<unknown> = {
        next() {
          if (waiting === 0 && at < batch.length) return Promise.resolve({ value: batch[at++], done: false });
          return enqueue(pull);
        },
        return(value?: unknown) {
          return enqueue(() => close(value));
        },
        throw(error?: unknown) {
          return enqueue(async () => {
            await close(undefined);
            throw error;
          });
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    }

    return {
      [Symbol.asyncIterator]: items,
      pages,
      async toArray() {
        const all: unknown[] = [];
        for await (const page of pages()) for (const item of page.items) all.push(item);
        return all;
      },
    };
  };
}
