// JSON that keeps int64 values exact. Integers beyond Number.MAX_SAFE_INTEGER (OTC's marker_id
// values can be) become bigint; every other value parses exactly as JSON.parse would.
// The generated types declare `format: int64` fields as `number | bigint` to match.
//
// Parsing is linear in time and memory on every input, valid or not, and never recurses:
//  1. A text without a run of 16 or more digits (every integer beyond 2^53 has one) is JSON.parse's.
//  2. Otherwise one scan (markLongIntegers) replaces each integer literal beyond 2^53 that stands
//     where the grammar expects a value by a marker string; JSON.parse reads the marked text, and one
//     iterative walk (restoreMarks) turns the markers into bigints, in place.
// JSON.parse alone judges validity. The scan follows the grammar exactly as far as the text is a
// valid prefix (strings, containers, what comes after `:` `[` `,`), so it swaps one complete value for
// another where a value may stand: the marked text is valid exactly when the text is. When it is not,
// the text itself is parsed again to throw JSON.parse's own error (no marker ever shows). A marker
// starts with U+0000, which a JSON string can only hold through the escape `\u0000`; a text holding
// that escape gets markers with a fresh random nonce.
//
// Measured before choosing (OTC-like pages of 10 kB–1 MB, 4% of marker_id values beyond 2^53):
// this scan costs about 1.2–1.5× JSON.parse. JSON.parse with a reviver reading the platform's
// source text (`context.source`, Node 22+) costs 3.4–5.2× JSON.parse on Node 24, and any reviver
// overflows the stack beyond ~10,000 levels of nesting (Node 20 and 24) where JSON.parse alone does
// not, so it is not used. Libraries (Node 20, a 1 MB page): json-bigint 6.4× (accepts `[01]`,
// overflows deep), lossless-json 14.6× (rejects duplicate keys, overflows deep), json-with-bigint
// 15.6× (accepts numbers as keys). `npm run bench -- --only 7` measures the scan in every run.
//
// Stringifying goes through the native JSON.stringify with each bigint carried as a marker string
// ("\u0000int64:<nonce>:<digits>"), running a callback (a replacer) only for a value that holds a
// bigint. The marker is written with a JSON escape, so a Latin-1 text stays one-byte.

const NONCE = Math.random().toString(36).slice(2, 12);
/** A bigint's stand-in before stringifying. */
const MARK = `\u0000int64:${NONCE}:`;
/** The same marker as JSON text: the opening quote and the escaped prefix. */
const QUOTED_MARK = `"\\u0000int64:${NONCE}:`;

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;
const OBJECT = 1;
const ARRAY = 2;

const isDigit = (code: number) => code >= 48 && code <= 57;
/** A character that may continue a number token after its integer digits: `.`, `e`, `E`, `+`, `-`. */
const isNumberTail = (code: number) => code === 46 || code === 101 || code === 69 || code === 43 || code === MINUS;

/**
 * Whether `text` holds a run of 16 or more ASCII digits. Only every 16th character is looked at
 * first (a run of 16 always covers one), and only the runs found there are measured.
 */
function hasLongDigitRun(text: string): boolean {
  const n = text.length;
  for (let p = 15; p < n; p += 16) {
    if (!isDigit(text.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) return true;
    // text[end] is not a digit: a later run starts after it, and end + 15 is looked at next.
    p = end - 1;
  }
  return false;
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
 * The text with every integer literal beyond 2^53 in value position (after `:`, `[`, an array's `,`,
 * or alone) written as the string `quotedMark + literal + '"'`, and how many were written.
 */
function markLongIntegers(text: string, quotedMark: string): [string, number] {
  const n = text.length;
  let containers = new Uint8Array(64);
  let depth = 0;
  let valueNext = true;
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      valueNext = false;
    } else if (c === MINUS || isDigit(c)) {
      const digits = c === MINUS ? i + 1 : i;
      let end = digits;
      while (end < n && isDigit(text.charCodeAt(end))) end++;
      if (valueNext && end - digits >= 16 && text.charCodeAt(digits) !== ZERO && !isNumberTail(text.charCodeAt(end))) {
        const literal = text.slice(i, end);
        if (!Number.isSafeInteger(Number(literal))) {
          parts.push(text.slice(copied, i), quotedMark, literal, '"');
          copied = end;
        }
      }
      i = end;
      while (i < n && (isDigit(text.charCodeAt(i)) || isNumberTail(text.charCodeAt(i)))) i++;
      valueNext = false;
    } else {
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === containers.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(containers);
          containers = grown;
        }
        containers[depth++] = c === 91 ? ARRAY : OBJECT;
        valueNext = c === 91;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (depth > 0) depth--;
        valueNext = false;
      } else if (c === 58 /* : */) valueNext = true;
      else if (c === 44 /* , */) valueNext = depth > 0 && containers[depth - 1] === ARRAY;
      // JSON whitespace (space, tab, line feed, carriage return) changes nothing; anything else is a value or an error.
      else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) valueNext = false;
      i++;
    }
  }
  if (parts.length === 0) return [text, 0];
  parts.push(text.slice(copied));
  return [parts.join(""), parts.length >> 2];
}

/** Replaces the marker strings (`mark` + digits) in a parsed value by bigints, in place, stopping after `expected`. */
function restoreMarks(root: unknown, mark: string, expected: number): unknown {
  const isMarker = (value: unknown): value is string =>
    typeof value === "string" && value.charCodeAt(0) === 0 && value.startsWith(mark);
  if (isMarker(root)) return BigInt(root.slice(mark.length));
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
      // Own keys only (for…in would follow enumerable properties added to Object.prototype). A key
      // "__proto__" is an own data property here (JSON.parse creates it so): assigning it sets it.
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item === "object") pending.push(item);
        else if (isMarker(item)) {
          record[key] = BigInt(item.slice(mark.length));
          found += 1;
        }
      }
    }
  }
  return root;
}

export function parseJson(text: string): unknown {
  if (!hasLongDigitRun(text)) return JSON.parse(text);
  // Without the escape \u0000 no string in the text can start with U+0000, so a marker cannot be
  // forged; with it, a nonce nobody has seen makes the marker unique.
  const nonce = text.includes("\\u0000") ? `${Math.random().toString(36).slice(2)}:` : "";
  const [marked, count] = markLongIntegers(text, `"\\u0000${nonce}`);
  if (count === 0) return JSON.parse(text);
  let value: unknown;
  try {
    value = JSON.parse(marked);
  } catch {
    JSON.parse(text); // throws JSON.parse's own error, about the text as given
    throw new Error("parseJson: the marked text was rejected where the text itself parses (a bug in markLongIntegers)");
  }
  return restoreMarks(value, `\u0000${nonce}`, count);
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
