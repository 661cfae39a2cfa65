// JSON that keeps int64 values exact. Integers beyond Number.MAX_SAFE_INTEGER (OTC's marker_id
// values can be) become bigint; every other value parses exactly as JSON.parse would.
// The generated types declare `format: int64` fields as `number | bigint` to match.
//
// Both directions go through the native JSON.parse / JSON.stringify with each long integer carried
// as a marker string ("\u0000int64:<nonce>:<digits>"): parsing runs no per-value callback, and
// stringifying runs one (a replacer) only for a value that holds a bigint. The marker is written
// with a JSON escape, so a Latin-1 text stays one-byte all the way through.

const NONCE = Math.random().toString(36).slice(2, 12);
/** A marker string's value once parsed (and a bigint's stand-in before stringifying). */
const MARK = `\u0000int64:${NONCE}:`;
/** The same marker as JSON text: the opening quote and the escaped prefix. */
const QUOTED_MARK = `"\\u0000int64:${NONCE}:`;
// Exact path: every JSON string (skipped as a whole), or an integer of 16+ digits outside one.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?[1-9]\d{15,}(?![\d.eE])/g;

/** What a helper answers when it cannot do its part exactly (the caller then takes a slower path that can). */
const UNSUPPORTED = Symbol("unsupported");

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
    // text[end] is not a digit: the next run starts after it, and end + 15 is sampled next.
    p = end - 1;
  }
  return runs;
}

/**
 * The text with every integer token of 16+ digits in value position that is not a safe integer
 * replaced by a marker string, and how many were replaced. A run inside a JSON string that looks
 * like a value is replaced too; the replacement then ends that string early and leaves a bare `\`
 * after it, so such a text never parses (the caller falls back to the exact path).
 */
function markLongValues(text: string, runs: number[]): [string, number] {
  let out = "";
  let copied = 0;
  let marked = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const end = runs[r + 1]!;
    if (text.charCodeAt(start) === 48 /* 0 */) continue; // not a JSON number (leading zero)
    const from = start > 0 && text.charCodeAt(start - 1) === 45 /* - */ ? start - 1 : start;
    let before = from - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    const lead = before < 0 ? -1 : text.charCodeAt(before);
    if (lead !== -1 && lead !== 58 /* : */ && lead !== 91 /* [ */ && lead !== 44 /* , */) continue;
    let after = end;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    const trail = after < text.length ? text.charCodeAt(after) : -1;
    if (trail !== -1 && trail !== 44 /* , */ && trail !== 93 /* ] */ && trail !== 125 /* } */) continue;
    const token = text.slice(from, end);
    if (Number.isSafeInteger(Number(token))) continue;
    out += `${text.slice(copied, from)}${QUOTED_MARK}${token}"`;
    copied = end;
    marked += 1;
  }
  return marked === 0 ? [text, 0] : [out + text.slice(copied), marked];
}

const isMarker = (value: unknown): value is string =>
  typeof value === "string" && value.charCodeAt(0) === 0 && value.startsWith(MARK);
const markedBigInt = (marker: string) => BigInt(marker.slice(MARK.length));

/** A step of a path into a parsed value: an object's key, or ANY for every element of an array. */
type Step = string | typeof ANY;
const ANY = 0;
/**
 * Where the markers of the last parse that had to look everywhere were (one API's pages have their
 * int64 fields in the same places): looked at first, so a page needs no walk over all of it.
 */
let knownPaths: readonly (readonly Step[])[] = [];
const MAX_KNOWN_PATHS = 8;

/** Replaces the markers at `path` (from `step` on) below `node` by bigints, in place; how many. */
function restoreAlong(node: unknown, path: readonly Step[], step: number): number {
  if (node === null || typeof node !== "object") return 0;
  const key = path[step]!;
  const last = step === path.length - 1;
  if (key === ANY) {
    if (!Array.isArray(node)) return 0;
    let found = 0;
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (!last) found += restoreAlong(item, path, step + 1);
      else if (isMarker(item)) {
        node[i] = markedBigInt(item);
        found += 1;
      }
    }
    return found;
  }
  if (Array.isArray(node)) return 0;
  const record = node as Record<string, unknown>;
  const item = record[key];
  if (!last) return restoreAlong(item, path, step + 1);
  if (!isMarker(item)) return 0;
  record[key] = markedBigInt(item);
  return 1;
}

/**
 * Replaces the marker strings by bigints (in place below the root), looking everywhere: the root,
 * how many it replaced, and the paths it found them at.
 */
function restoreMarked(root: unknown, expected: number): [unknown, number, Step[][]] {
  let found = 0;
  const path: Step[] = [];
  const paths = new Map<string, Step[]>();
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") {
      if (!isMarker(node)) return node;
      found += 1;
      if (path.length > 0) paths.set(JSON.stringify(path), [...path]);
      return markedBigInt(node);
    }
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) {
      path.push(ANY);
      for (let i = 0; i < node.length && found < expected; i++) {
        const item: unknown = node[i];
        if (typeof item === "object" || typeof item === "string") node[i] = visit(item);
      }
      path.pop();
    } else {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        const item = record[key];
        if (typeof item === "object" || typeof item === "string") {
          path.push(key);
          record[key] = visit(item);
          path.pop();
        }
        if (found === expected) break;
      }
    }
    return node;
  };
  const value = visit(root);
  return [value, found, [...paths.values()]];
}

/** Replaces the `expected` markers in a parsed value by bigints: the value, or UNSUPPORTED when they are not all there. */
function restore(root: unknown, expected: number): unknown {
  let found = 0;
  const useful: (readonly Step[])[] = [];
  for (const path of knownPaths) {
    const here = restoreAlong(root, path, 0);
    if (here > 0) useful.push(path);
    found += here;
    if (found >= expected) return found === expected ? root : UNSUPPORTED;
  }
  const [value, more, paths] = restoreMarked(root, expected - found);
  if (found + more !== expected) return UNSUPPORTED;
  knownPaths = [...paths, ...useful].slice(0, MAX_KNOWN_PATHS);
  return value;
}

export function parseJson(text: string): unknown {
  const runs = longDigitRuns(text);
  if (runs.length === 0) return JSON.parse(text);
  const [quick, expected] = markLongValues(text, runs);
  if (expected === 0) return JSON.parse(text);
  try {
    const value = restore(JSON.parse(quick), expected);
    if (value !== UNSUPPORTED) return value;
  } catch {
    // a run inside a string was marked: the exact path below
  }
  let marked = 0;
  const exact = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.charCodeAt(0) === 34 /* " */ || Number.isSafeInteger(Number(token))) return token;
    marked += 1;
    return `${QUOTED_MARK}${token}"`;
  });
  return restoreMarked(JSON.parse(exact), marked)[0];
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
