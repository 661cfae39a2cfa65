// JSON that keeps int64 values exact. Integers beyond Number.MAX_SAFE_INTEGER (OTC's marker_id
// values can be) become bigint; every other value parses exactly as JSON.parse would.
// The generated types declare `format: int64` fields as `number | bigint` to match.

const NONCE = Math.random().toString(36).slice(2, 10);
const MARK = `\u2063int64:${NONCE}:`;
// A JSON string (skipped as a whole), or an integer of 16+ digits that is not part of a float.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;
const LONG_DIGITS = /\d{16}/;

export function parseJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  let marked = false;
  const rewritten = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.charCodeAt(0) === 34 /* " */ || Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${MARK}${token}"`;
  });
  if (!marked) return JSON.parse(text);
  return JSON.parse(rewritten, (_key, value) =>
    typeof value === "string" && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

const QUOTED_MARK = new RegExp(`"${MARK}(-?\\d+)"`, "g");

/** JSON.stringify that writes bigint values as plain JSON integers. */
export function stringifyJson(value: unknown): string {
  let sawBigint = false;
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v !== "bigint") return v;
    sawBigint = true;
    return `${MARK}${v}`;
  });
  return sawBigint ? text.replace(QUOTED_MARK, "$1") : text;
}
