// JSON that keeps int64 values exact. Integers beyond Number.MAX_SAFE_INTEGER (OTC's marker_id
// values can be) become bigint; every other value parses exactly as JSON.parse would.
// The generated types declare `format: int64` fields as `number | bigint` to match.
//
// Parsing is linear in time and memory on every input, valid or not, and never recurses:
//  1. A text without a run of 16 or more digits (every integer beyond 2^53 has one) is JSON.parse's.
//  2. Otherwise each run that is an integer literal beyond 2^53 where a value may stand is replaced
//     by a marker string (markLongIntegers, judging each run by what surrounds it); JSON.parse reads
//     the marked text, and one iterative walk turns the markers into bigints, in place.
// JSON.parse alone judges validity. A marker takes the place of a complete number, so where a value
// may stand the marked text is valid exactly when the text is. Two cases differ, and both are caught:
// a run inside a string taken for a number (its marker ends the string and leaves a bare `\` behind:
// the marked text is rejected, the text itself is handed to JSON.parse, and if it passes, the marking
// is done again, this time skipping the strings from quote to quote), and a number after `,` in an
// object, a key (its marker is missing among the values: the text itself is handed to JSON.parse,
// which rejects it). Every error is JSON.parse's own, about the text as given: no marker ever shows,
// in a value, a key or a message. A marker starts with U+0000, which a JSON string can only
// hold through the escape `\u0000`; a text holding that escape gets markers with a fresh random nonce.
//
// Measured before choosing (bench part 7, `npm run bench -- --only 7`, on a shared, loaded machine;
// OTC-like pages with 4% of marker_id values beyond 2^53): this costs 1.38–1.46× JSON.parse on pages
// of 10–100 kB and 1.75× on 1 MB pages (Node 20; building the marked copy and the walk grow with the
// page). JSON.parse with a reviver reading the platform's source text
// (`context.source`, Node 22+) costs 6.0–6.9× JSON.parse on Node 24 on the same pages, and any
// reviver overflows the stack beyond ~10,000 levels of nesting (Node 20 and 24) where JSON.parse
// alone does not: it is not used. Libraries (Node 20, a 1 MB page): json-bigint 6.4× (accepts
// `[01]`, overflows deep), lossless-json 14.6× (rejects duplicate keys, overflows deep),
// json-with-bigint 15.6× (accepts numbers as keys).
//
// Stringifying goes through the native JSON.stringify with each bigint carried as a marker string
// ("\u0000int64:<nonce>:<digits>"), running a callback (a replacer) only for a value that holds a
// bigint. The marker is written with a JSON escape, so a Latin-1 text stays one-byte.

const NONCE = Math.random().toString(36).slice(2, 12);
/** A bigint's stand-in before stringifying. */
const MARK = `\u0000int64:${NONCE}:`;
/** The same marker as JSON text: the opening quote and the escaped prefix. */
const QUOTED_MARK = `"\\u0000int64:${NONCE}:`;

const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;

const isDigit = (code: number) => code >= 48 && code <= 57;
/** JSON whitespace: space, tab, line feed, carriage return. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * The runs of 16 or more ASCII digits in `text`, as flat [start, end) pairs. Only every 16th
 * character is looked at (a run of 16 digits always covers one of them) and only the runs of the
 * digits found there are measured, so a text without long numbers is read in a fraction of a
 * character-by-character scan.
 */
function longDigitRuns(text: string): number[] {
  const runs: number[] = [];
  const n = text.length;
  for (let p = 15; p < n; p += 16) {
    if (!isDigit(text.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) runs.push(start, end);
    // text[end] is not a digit: the next run starts after it, and end + 15 is looked at next.
    p = end - 1;
  }
  return runs;
}

/**
 * The index after the string that opens at `open` (the text's length when it never closes): the
 * first `"` after an even run of backslashes. Each character is looked at a bounded number of times.
 */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let run = quote;
    while (run > from && text.charCodeAt(run - 1) === BACKSLASH) run--;
    if ((quote - run) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * The text with each of the `runs` that is an integer literal beyond 2^53 where a value may stand
 * written as the string `quotedMark + literal + '"'`, and how many were written. A run is taken when
 * it does not start with 0, is not part of a fraction or an exponent, and follows `:`, `[`, `,` or
 * nothing (an optional `-` and whitespace between); with `skipStrings`, also only when it lies
 * outside every string (the strings before the last run are skipped from quote to quote).
 *
 * Without `skipStrings`, a run inside a string can be taken: its marker then closes that string
 * and leaves a bare `\` after it, which no JSON text has, so the marked text is rejected. A run
 * after `,` in an object is a key, which no JSON text has either: parseJson then finds that marker
 * missing among the values and lets JSON.parse reject the text.
 */
function markLongIntegers(text: string, runs: number[], quotedMark: string, skipStrings: boolean): [string, number] {
  const n = text.length;
  const parts: string[] = [];
  let copied = 0;
  let outsideFrom = 0; // the end of the last string skipped
  let open = skipStrings ? text.indexOf('"') : -1; // the next string's opening quote from there, or -1
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const end = runs[r + 1]!;
    if (skipStrings) {
      while (open !== -1 && open < start) {
        outsideFrom = stringEnd(text, open);
        open = outsideFrom < n ? text.indexOf('"', outsideFrom) : -1;
      }
      if (start < outsideFrom) continue; // inside a string
    }
    if (text.charCodeAt(start) === ZERO) continue; // not a JSON number (a leading zero)
    const from = start > 0 && text.charCodeAt(start - 1) === MINUS ? start - 1 : start;
    let before = from - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    const lead = before < 0 ? -1 : text.charCodeAt(before);
    if (lead !== -1 && lead !== 58 /* : */ && lead !== 91 /* [ */ && lead !== 44 /* , */) continue;
    const trail = text.charCodeAt(end);
    if (trail === 46 /* . */ || trail === 101 /* e */ || trail === 69 /* E */) continue;
    const literal = text.slice(from, end);
    if (Number.isSafeInteger(Number(literal))) continue;
    parts.push(text.slice(copied, from), quotedMark, literal, '"');
    copied = end;
  }
  if (parts.length === 0) return [text, 0];
  parts.push(text.slice(copied));
  return [parts.join(""), parts.length >> 2];
}

/**
 * Replaces the marker strings (`mark` + digits) among the values of a parsed text by bigints, in
 * place, stopping once `expected` are found: the value, and how many were found.
 */
function restoreMarks(root: unknown, mark: string, expected: number): [unknown, number] {
  const isMarker = (value: unknown): value is string =>
    typeof value === "string" && value.charCodeAt(0) === 0 && value.startsWith(mark);
  if (isMarker(root)) return [BigInt(root.slice(mark.length)), 1];
  let found = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0 && found < expected) {
    const node = pending.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === "object") pending.push(item);
        else if (isMarker(item)) {
          node[i] = BigInt(item.slice(mark.length));
          found += 1;
        }
      }
    } else {
      // for…in allocates nothing (Object.values made an array per object: on a 10 MB page that garbage
      // made the time per MB grow with the size), but it also visits enumerable properties added to
      // Object.prototype: only own ones are followed or changed (an inherited object could lead back
      // to itself). A key "__proto__" is an own data property here (JSON.parse creates it so):
      // assigning it sets it.
      const object = node as Record<string, unknown>;
      for (const key in object) {
        const item = object[key];
        if (typeof item === "object") {
          if (item !== null && Object.hasOwn(object, key)) pending.push(item);
        } else if (isMarker(item) && Object.hasOwn(object, key)) {
          object[key] = BigInt(item.slice(mark.length));
          found += 1;
        }
      }
    }
  }
  return [root, found];
}

export function parseJson(text: string): unknown {
  const runs = longDigitRuns(text);
  if (runs.length === 0) return JSON.parse(text);
  // Without the escape \u0000 no string in the text can start with U+0000, so a marker cannot be
  // forged; with it, a nonce nobody has seen makes the marker unique.
  const nonce = text.includes("\\u0000") ? `${Math.random().toString(36).slice(2)}:` : "";
  const mark = `\u0000${nonce}`;
  const quotedMark = `"\\u0000${nonce}`;
  // First without finding where the strings are: enough unless a run inside a string looks like a value.
  let [marked, count] = markLongIntegers(text, runs, quotedMark, false);
  if (count === 0) return JSON.parse(text);
  let value: unknown;
  try {
    value = JSON.parse(marked);
  } catch {
    // The text is no JSON (this throws JSON.parse's own error, about the text as given), or a
    // marker landed inside a string: then again, skipping the strings.
    const checked: unknown = JSON.parse(text);
    [marked, count] = markLongIntegers(text, runs, quotedMark, true);
    if (count === 0) return checked;
    try {
      value = JSON.parse(marked);
    } catch {
      // The marked text is rejected where the text itself parses: a bug in markLongIntegers.
      throw new Error("parseJson: internal error (markLongIntegers)");
    }
  }
  const [restored, found] = restoreMarks(value, mark, count);
  // A marker missing among the values is a key (then the text is no JSON, and this throws) or was
  // dropped by a later duplicate key (then it is, and the value stands).
  if (found < count) JSON.parse(text);
  return restored;
}

/** The JSON text with every quoted marker replaced by its bare digits. */
function unquoteMarks(text: string): string {
  let at = text.indexOf(QUOTED_MARK);
  if (at === -1) return text;
  // Joined, not concatenated: the result is one flat string rather than a rope of slices.
  const parts: string[] = [];
  let copied = 0;
  while (at !== -1) {
    const digits = at + QUOTED_MARK.length;
    const close = text.indexOf('"', digits);
    parts.push(text.slice(copied, at), text.slice(digits, close));
    copied = close + 1;
    at = text.indexOf(QUOTED_MARK, copied);
  }
  parts.push(text.slice(copied));
  return parts.join("");
}

/** JSON.stringify that writes bigint values as plain JSON integers. */
export function stringifyJson(value: unknown): string {
  try {
    // Without a bigint in it, the native serializer (no per-value callback) does it all.
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
  }
  return unquoteMarks(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${MARK}${v}` : v)));
}
