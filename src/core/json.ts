// JSON that keeps int64 values exact. Integers beyond Number.MAX_SAFE_INTEGER (OTC's marker_id
// values can be) become bigint; every other value parses exactly as JSON.parse would.
// The generated types declare `format: int64` fields as `number | bigint` to match.

const NONCE = Math.random().toString(36).slice(2, 10);
const MARK = `\u2063int64:${NONCE}:`;
const LONG_DIGITS = /\d{16}/;
// Fast path: a number token of 16+ digits where a JSON value stands (after ":", "[" or ",").
const LONG_NUMBER_VALUE = /([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g;
// Exact path: every JSON string (skipped as a whole), or an integer of 16+ digits outside one.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/** Replaces the marker strings by bigints (in place below the root): the root, and how many it replaced. */
function restoreMarked(root: unknown, expected: number): [unknown, number] {
  let found = 0;
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") {
      if (!node.startsWith(MARK)) return node;
      found += 1;
      return BigInt(node.slice(MARK.length));
    }
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && found < expected; i++) node[i] = visit(node[i]);
    } else {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        record[key] = visit(record[key]);
        if (found === expected) break;
      }
    }
    return node;
  };
  const value = visit(root);
  return [value, found];
}

export function parseJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  let marked = 0;
  const mark = (digits: string) => {
    marked += 1;
    return `"${MARK}${digits}"`;
  };
  const quick = text.replace(LONG_NUMBER_VALUE, (token, lead: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? token : lead + mark(digits),
  );
  if (marked === 0 && !/^\s*-?\d{16,}\s*$/.test(text)) return JSON.parse(text);
  try {
    // A match inside a JSON string would split it and fail to parse, or leave a marker uncounted.
    const expected = marked;
    const [value, found] = restoreMarked(JSON.parse(quick), expected);
    if (found === expected && expected > 0) return value;
  } catch {
    // fall through to the exact path
  }
  marked = 0;
  const exact = text.replace(STRING_OR_LONG_INTEGER, (token) =>
    token.charCodeAt(0) === 34 /* " */ || Number.isSafeInteger(Number(token)) ? token : mark(token),
  );
  return restoreMarked(JSON.parse(exact), marked)[0];
}

const QUOTED_MARK = new RegExp(`"${MARK}(-?\\d+)"`, "g");

/** JSON.stringify that writes bigint values as plain JSON integers. */
export function stringifyJson(value: unknown): string {
  try {
    // Without a bigint in it, the native serializer (no per-value callback) does it all.
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
  }
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${MARK}${v}` : v));
  return text.replace(QUOTED_MARK, "$1");
}
