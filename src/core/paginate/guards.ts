// What keeps a hostile server from making paginate loop, hang or truncate silently, in memory that
// does not grow with the pages read: a repeat detector (for cursors and for pages), the checks of a
// reported total, and the cap on empty pages. The styles (./<style>.ts) decide when to call them.
import type { PaginationError } from "../errors.js";
import { stringifyJson } from "../json.js";
import type { Redactor } from "../redact.js";

/** Builds every PaginationError paginate throws (the client's one place for their messages). */
export type Fail = (message: string) => PaginationError;

/** Entries a RepeatGuard remembers exactly: 1,024 hashes with their labels (about 70 kB of heap when full). */
export const REPEAT_WINDOW = 1024;
/** page-token: empty pages in a row that still link to a next page before paginate gives up. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 3;

/**
 * A 53-bit hash of a string (cyrb53, public domain, github.com/bryc/code): remembering hashes keeps
 * memory independent of how long a cursor or an item is. A collision can only stop an iteration with
 * a PaginationError (about 1 in 2^43 per page at a full window), never hide a repeat.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Tells when a value comes back, in bounded memory: exactly within the last REPEAT_WINDOW values,
 * and for a cycle of any length through a checkpoint kept at value 2^k (Brent's cycle detection):
 * values that repeat with period p from value m on are caught by value 3·max(m, p + 1).
 */
export class RepeatGuard {
  readonly #recent = new Map<number, number>();
  #checkpoint: { key: number; label: number } | undefined;
  #nextCheckpoint = 0;
  #count = 0;

  /**
   * Remembers `text` under `label` (default: its 0-based position among the values shown); returns
   * the label of an equal earlier value, if one is remembered.
   */
  repeats(text: string, label: number = this.#count): number | undefined {
    const key = hash53(text);
    const position = this.#count++;
    const earlier = this.#recent.get(key) ?? (this.#checkpoint?.key === key ? this.#checkpoint.label : undefined);
    if (earlier !== undefined) return earlier;
    this.#recent.set(key, label);
    if (this.#recent.size > REPEAT_WINDOW) this.#recent.delete(this.#recent.keys().next().value!);
    if (position === this.#nextCheckpoint) {
      this.#checkpoint = { key, label };
      this.#nextCheckpoint = Math.max(1, position * 2);
    }
    return undefined;
  }

  /** Values remembered exactly (for tests of the bound). */
  get size(): number {
    return this.#recent.size;
  }
}

/**
 * Catches a page that starts with the same item as an earlier one (a server ignoring the offset, or
 * cycling through pages, even A, B, A, B). `hint` ends the message (what the server seems to do).
 * Shown every page in order, with whether the style goes on to another page after it: a first item
 * too deeply nested to compare only fails a page that more pages follow (on the last page, nothing
 * is left to loop through or to repeat).
 */
export function pageRepeatGuard(
  path: string,
  fail: Fail,
  hint: string,
): (items: readonly unknown[], more: boolean) => void {
  const firsts = new RepeatGuard();
  let index = 0;
  return (items, more) => {
    const page = index++;
    if (items.length === 0) return;
    let first: string;
    try {
      first = stringifyJson(items[0]);
    } catch (error) {
      // JSON.parse nests deeper than JSON.stringify can recurse: such an item cannot be told apart.
      if (!(error instanceof RangeError)) throw error;
      if (!more) return;
      throw fail(`${path}: page ${page + 1} starts with an item nested too deeply to compare with earlier pages`);
    }
    const earlier = firsts.repeats(first, page);
    if (earlier !== undefined) {
      throw fail(`${path}: page ${page + 1} starts with the same item as page ${earlier + 1}; ${hint}`);
    }
  };
}

/**
 * Offset styles fetching ahead ask for offsets a first page's length apart: a later page (`index`,
 * 0-based) longer than that would overlap the next one and yield its items twice.
 */
export function checkOverlap(path: string, fail: Fail, step: number, items: readonly unknown[], index: number): void {
  if (items.length > step)
    throw fail(
      `${path}: page ${index + 1} has ${items.length} items, more than the first page's ${step}; pages would overlap`,
    );
}

/** Catches a cursor (marker, page token) handed out twice; returns the cursor. */
export function cursorRepeatGuard(path: string, fail: Fail, what: string): (cursor: string) => string {
  const cursors = new RepeatGuard();
  return (cursor) => {
    if (cursors.repeats(cursor) !== undefined)
      throw fail(
        `${path}: the server returned the ${what} ${JSON.stringify(cursor)} twice; stopping instead of looping`,
      );
    return cursor;
  };
}

/**
 * A reported total (`total_count`, `metadata.total_size`): undefined when the page has none, else
 * a safe integer ≥ 0. Anything else (a string, a bigint beyond 2^53, a negative or fractional number)
 * is a PaginationError: ignoring it would end the iteration early without a word.
 */
export function readTotal(
  value: unknown,
  field: string,
  path: string,
  fail: Fail,
  redact: Redactor,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  // Redacted whole before the cut: a credential straddling the cut would leave its head unmasked.
  const shown =
    typeof value === "string" ? JSON.stringify(redact(value).slice(0, 40)) : redact(String(value)).slice(0, 40);
  throw fail(`${path}: the reported total ${field} is not a count (${typeof value} ${shown})`);
}
