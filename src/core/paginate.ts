// One `paginate` for the four paging styles, driven by the generated table of `x-pagination`
// declarations (generated/<api>.meta.ts): nothing here knows a vendor. This file holds the public
// types, the fetch-ahead scheduler and the item iterator; ./paginate/ holds one Cursor per style
// (<style>.ts) and the guards that bound what a hostile server can make them do (guards.ts).
import type { RequiredKeysOf } from "openapi-typescript-helpers";
import { onAbort } from "./abort.js";
import { PaginationError, redactError } from "./errors.js";
import { checkCallOptions } from "./options.js";
import { dig, type Ahead, type CursorFactory, type Query, type RawPage } from "./paginate/cursor.js";
import { readTotal, type Fail } from "./paginate/guards.js";
import type { OperationInit, OperationOf } from "./typed-methods.js";
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

/** The cursor factory of each paging style a table uses (a vendor entry imports only those). */
export type CursorsOf<Table extends PaginationTable> = { readonly [S in Table[keyof Table]["style"]]: CursorFactory };

export interface PaginateOptions {
  /** Stop after this many items: an integer ≥ 0, or Infinity (the default); anything else is a RangeError. */
  maxItems?: number | undefined;
  /**
   * Items per request, sent as the API's own size parameter and clamped to its documented range; a
   * value that is not a finite number (Infinity, NaN, null) is a RangeError.
   */
  pageSize?: number | undefined;
  /**
   * Aborts the iteration: the pending request is cancelled and the iterator's next step rejects with
   * the signal's reason, even while items of a page already received remain.
   */
  signal?: AbortSignal | undefined;
  /**
   * Requests waiting for an answer at once (default 1). Offset styles fetch that many pages ahead: a
   * request stops counting once its answer starts to arrive, so the next one goes out while that page
   * is read and parsed; at most `concurrency + 1` pages are held ahead of the consumer. Cursor styles,
   * whose next request depends on the page before, fetch the next page while the current one is consumed
   * when `concurrency` > 1 (at 1, once it has been consumed).
   * Items are always yielded in server order. However an iteration ends (at the end of the data, a
   * break, a return or an error), no request of it is left running: the requests still out (pages
   * fetched ahead past the end) are aborted, and the iteration ends once each has settled.
   */
  concurrency?: number | undefined;
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
type GetInit<Paths, P> = OperationInit<OperationOf<Paths, P, "get">>;
type PaginateArgs<Init> =
  RequiredKeysOf<Init> extends never
    ? [init?: Init, options?: PaginateOptions]
    : [init: Init, options?: PaginateOptions];

export type Paginate<Paths, Table extends PaginationTable> = <P extends keyof Table & keyof Paths & string>(
  path: P,
  ...args: PaginateArgs<GetInit<Paths, P>>
) => Paginated<ItemOf<Paths, Table, P>, SuccessBody<Paths, P>>;

// ---- run time ----------------------------------------------------------------------------------

type Init = { params?: { query?: Query; [key: string]: unknown }; signal?: AbortSignal; [key: string]: unknown };
/** Fetches one page; `onAnswer`, if given, is called as soon as its response arrives (before its body is read). */
export type GetPage = (
  path: string,
  init: Init,
  onAnswer?: (response: Response) => void,
) => Promise<{ data: unknown; response: Response }>;

/**
 * The page size to send: a finite number (or a numeric string, as a query may hold it) floored and
 * clamped to the documented range; anything else is a RangeError naming where it came from.
 */
function clampSize(rule: PaginationRule, requested: unknown, name: string, option = false): number | undefined {
  if (requested === undefined) return undefined;
  const min = Math.max(1, rule.size.minimum ?? 1);
  return Math.min(Math.max(Math.floor(finite(requested, name, option)), min), rule.size.maximum ?? Infinity);
}

/** `value` as a finite number (see asNumber), or a RangeError naming it. */
function finite(value: unknown, name: string, option: boolean): number {
  const numeric = asNumber(value, option);
  if (!Number.isFinite(numeric)) throw new RangeError(`${name} must be a finite number, got ${shown(value, option)}`);
  return numeric;
}

/**
 * A number, a bigint (not for an `option`: a query's int64 parameter may hold one, an option is typed
 * number) or a non-blank string as a number; anything else NaN (never calls user code).
 */
const asNumber = (value: unknown, option = false): number =>
  typeof value === "number" ||
  (typeof value === "bigint" && !option) ||
  (typeof value === "string" && value.trim() !== "")
    ? Number(value)
    : NaN;

/**
 * A bad option's value for its error message. Objects are named, not converted: a null-prototype
 * object, or one whose toString throws, would turn the RangeError into another error.
 */
function shown(value: unknown, option = false): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  // Whole or not at all: the error is redacted afterwards, and a cut could leave a piece of a credential.
  const text = typeof value === "string" ? JSON.stringify(value) : String(value); // String() describes a symbol too
  // An option is a number: a bigint given as one is shown as such (a query's is its number).
  const whole = option && typeof value === "bigint" ? `${text}n` : text;
  return whole.length <= 42 ? whole : `a ${typeof value} of ${text.length} characters`;
}

/**
 * The iterations with a request out: held here, since their caller's signals hold them weakly (below),
 * and what awaits the request may be nothing else (a fetch waiting on its signal alone). An iteration
 * with none out is held by its consumer alone.
 */
const busy = new Set<AbortController>();

/** Unsubscribes, from its caller's signals, an iteration dropped unfinished, once it is collected. */
const dropped = new FinalizationRegistry<() => void>((unsubscribe) => unsubscribe());

/**
 * Aborts `stop` with the reason of the first of `signals` to abort; the returned function unsubscribes.
 * Out here: a closure made inside an iteration would hold all of the iteration's variables (V8 keeps
 * one context per scope), `stop` among them.
 */
function forwardAborts(signals: (AbortSignal | undefined)[], stop: WeakRef<AbortController>): () => void {
  const offs = signals.map((caller) => caller && onAbort(caller, () => stop.deref()?.abort(caller.reason)));
  return () => offs.forEach((off) => off?.());
}

export interface PaginateSetup {
  table: PaginationTable;
  /** The cursor factory of each style `table` uses. */
  cursors: Partial<Record<PaginationStyle, CursorFactory>>;
  baseUrl: string;
  getPage: GetPage;
  /**
   * Every error paginate throws, at once (a bad argument) or while paging, goes through the client's
   * redaction (a PaginationError quotes server data).
   */
  redact: Redactor;
}

export function createPaginate({ table, cursors, baseUrl, getPage, redact }: PaginateSetup) {
  // Every PaginationError paginate throws is made here.
  const fail: Fail = (message) => new PaginationError(message);
  // A null init or options is none, as a call takes a null init.
  return function paginate(path: string, init?: Init | null, options?: PaginateOptions | null): Paginated<unknown> {
    try {
      return paginateChecked(path, init ?? {}, options ?? {});
    } catch (error) {
      throw redactError(error, redact);
    }
  };

  function paginateChecked(path: string, init: Init, options: PaginateOptions): Paginated<unknown> {
    const rule = table[path];
    if (!rule) throw new TypeError(`${path} is not a paginated operation of this client`);
    const cursorOf: CursorFactory | undefined = cursors[rule.style];
    if (!cursorOf) throw new TypeError(`${path}: this client has no cursor for the ${rule.style} paging style`);
    const makeCursor: CursorFactory = cursorOf;
    // A cursor in the query (a saved marker or page token) resumes from there; later pages replace it.
    const baseQuery: Query = { ...init.params?.query };
    // A size in the query counts when options give none; null there is no size (openapi-fetch leaves it out).
    const querySize = baseQuery[rule.size.param] ?? undefined;
    const size =
      options.pageSize !== undefined
        ? clampSize(rule, options.pageSize, "pageSize", true)
        : clampSize(rule, querySize, `the query's ${rule.size.param}`);
    const startOffset = rule.offset && baseQuery[rule.offset.param];
    // null: none (paging starts where the API starts it).
    if (rule.offset && startOffset != null) {
      const offset = asNumber(startOffset);
      if (!Number.isSafeInteger(offset) || offset < rule.offset.minimum)
        throw new RangeError(
          `${rule.offset.param} must be a safe integer ≥ ${rule.offset.minimum}, got ${shown(startOffset)}`,
        );
      // Sent as the number read ("1e1" as 10), from which the next offsets are counted.
      baseQuery[rule.offset.param] = offset;
    }
    const maxItems = options.maxItems === undefined ? Infinity : options.maxItems;
    // Number.isInteger first: nothing but a number is compared (a symbol cannot be).
    if (!((Number.isInteger(maxItems) && maxItems >= 0) || maxItems === Infinity))
      throw new RangeError(`maxItems must be an integer ≥ 0 (or Infinity), got ${shown(options.maxItems, true)}`);
    // Finite: fetching ahead without a known end (offset-size) must stay bounded.
    const concurrency = Math.max(
      1,
      Math.floor(finite(options.concurrency === undefined ? 1 : options.concurrency, "concurrency", true)),
    );

    // The caller's signals: once one is aborted, the next step of an iteration rejects with its reason,
    // whatever page is held (checked with each item: two property reads).
    const { signal: optionSignal } = options;
    const { signal: initSignal } = init;
    // Each signal is checked as a call's is: a TypeError naming it (the init's other options too).
    checkCallOptions(init);
    checkCallOptions({ signal: optionSignal });
    const abortedSignal = (): AbortSignal | undefined =>
      optionSignal?.aborted ? optionSignal : initSignal?.aborted ? initSignal : undefined;
    const throwIfAborted = () => abortedSignal()?.throwIfAborted();

    async function* pages(): AsyncIterableIterator<Page<unknown>> {
      throwIfAborted();
      if (maxItems === 0) return;
      // The caller's signals abort `stop` with their reason, through one listener per signal however many
      // iterations share it (an app's shutdown signal given to every listing). What a signal holds of an
      // iteration is a weak reference: an iteration dropped unfinished (its iterator let go of without
      // `return()`) is not kept alive by a signal that never aborts, and once collected it unsubscribes.
      const stop = new AbortController();
      const unsubscribe = forwardAborts([optionSignal, initSignal], new WeakRef(stop));
      dropped.register(stop, unsubscribe, stop);
      const { signal } = stop;
      const cursor = makeCursor({ rule: rule!, path, baseQuery, size, baseUrl, fail });
      /** `index`: the page's position when it is fetched ahead (its checks then run as it arrives). */
      const fetchPage = async (
        query: Query,
        onAnswer: (response: Response) => void,
        index: number | undefined,
      ): Promise<RawPage> => {
        signal.throwIfAborted();
        const { data, response } = await getPage(
          path,
          { ...init, params: { ...init.params, query }, signal },
          onAnswer,
        );
        const items = dig(data, rule!.items);
        if (!Array.isArray(items)) throw fail(`${path}: the response has no "${rule!.items.join(".")}" array`);
        const total = rule!.total
          ? readTotal(dig(data, rule!.total), rule!.total.join("."), path, fail, redact)
          : undefined;
        const page = { items, body: data, response, total };
        if (index !== undefined) ahead!.arrived(page, index);
        return page;
      };
      // Started fetches are awaited in order; a rejection is only observed in its turn.
      const inFlight: Promise<RawPage>[] = [];
      // Every fetch started and not yet settled: the iteration ends only once each has (see `finally`).
      const unsettled = new Set<Promise<unknown>>();
      // Fetches not yet answered: a fetch stops counting once its response arrives, so that the next
      // request goes out while that page is read and parsed rather than after.
      let unanswered = 0;
      // Once a page has failed (its request, or a check run as it arrives), nothing after it will be
      // read: no more pages are asked for.
      let failed = false;
      const start = (query: Query, index?: number) => {
        unanswered += 1;
        let answered = false;
        const onAnswer = (response?: Response) => {
          if (answered) return;
          answered = true;
          unanswered -= 1;
          // An error status: this page will most likely fail, so wait for it rather than ask for more
          // (the consumer's loop fills ahead again after each page it takes).
          if (!response || response.ok) fillAhead();
        };
        const pending = fetchPage(query, onAnswer, index);
        const settled = pending.then(
          () => onAnswer(),
          () => {
            failed = true;
            onAnswer();
          },
        );
        unsettled.add(settled);
        busy.add(stop);
        void settled.then(() => {
          unsettled.delete(settled);
          if (unsettled.size === 0) busy.delete(stop);
        });
        inFlight.push(pending);
      };
      let yielded = 0;
      let index = 0;
      let ahead: Ahead | undefined;
      let scheduled = 0;
      /** Offset styles: keeps `concurrency` requests unanswered, and at most `concurrency + 1` pages ahead of the consumer. */
      const fillAhead = () => {
        if (!ahead || failed || stop.signal.aborted) return;
        const pagesWanted = Math.ceil(maxItems / ahead.step);
        while (unanswered < concurrency && inFlight.length <= concurrency && scheduled + 1 < pagesWanted) {
          const query = ahead.query(scheduled + 1);
          if (!query) break;
          scheduled += 1;
          start(query, scheduled);
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
              // The data ended before the first page said it would: what was fetched beyond it is
              // dropped (cancelled, and awaited below).
              stop.abort();
              inFlight.length = 0;
            }
          } else if (index === 0 && concurrency > 1 && cursor.ahead) {
            // From here on, pages are fetched `concurrency` at a time and taken in order (none: page 0 was the last).
            ahead = cursor.ahead(page);
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
          throwIfAborted();
          if (more && concurrency === 1) start(next!);
        }
      } catch (error) {
        throw redactError(error, redact);
      } finally {
        page = out = undefined;
        dropped.unregister(stop);
        unsubscribe();
        // However it ended, the requests still out are cancelled, and the iteration ends once every
        // request it started has settled: none is left running behind it.
        stop.abort();
        while (unsettled.size > 0) await Promise.all(unsettled);
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
        const aborted = finished ? undefined : abortedSignal();
        if (aborted) {
          await close(undefined);
          aborted.throwIfAborted();
        }
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
          if (waiting === 0 && at < batch.length && !abortedSignal())
            return Promise.resolve({ value: batch[at++], done: false });
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
  }
}
