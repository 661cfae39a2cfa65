// Credentials must never appear in an error, a log line or an inspected object. A Redactor knows the
// client's own secrets (as they go on the wire) and masks every echo of them it can recognise: the
// secret as is, upper- or lower-cased, percent-encoded, JSON-escaped (`\u00e4` too), base64-encoded (alone or inside a
// longer text, as `key:secret` in HTTP Basic), or cut short to 16 characters or more. It also masks the
// shapes credentials take on the wire (`Bearer …`, `Signature=…`, credential headers), as they are or
// percent-encoded once (an echoed header in a query or a form body).
//
// Every echo form is reduced to one matching problem, prepared once per client: the text is read through
// a "view" that folds case and the characters encodings swap (so `-`/`+`, `_`/`/`), once as is and once
// percent-decoded; each secret is turned into the same view, with its base64 forms, and cut into
// 16-character windows. A Rabin-Karp scan per pattern length then finds every window in time linear in
// the text's length, however many secrets there are.

const REDACTED = "[REDACTED]";
// Each shape is a credential's value after a prefix kept as it is: the capture groups, together the
// start of the match. Written in lower case where the match ignores case, as the hint below: the same
// text twice compresses to once.
const CREDENTIAL_SHAPES: RegExp[] = [
  // A scheme's token when it looks like one: 8 characters or more with a digit, a capital or a base64
  // sign after its first; not a word ("Basic authentication failed", "Bearer token is missing"). A "+"
  // is a space form-encoded.
  /\b(bearer|basic|Bearer|Basic|BEARER|BASIC)(\s+|\+)(?=[\w.~+/=-]{8})(?=[\w.~+/=-][\w.~+/=-]*?[0-9A-Z+/=])[\w.~+/=-]+/g,
  /\b(Signature=)[0-9a-fA-F]+/g,
  // The value ends where a quote would end a JSON string: a backslash is taken with the character it
  // escapes (`\\`, `\n`), and not before an escaped quote, which a mask would otherwise leave unescaped.
  /\b(x-auth-token|x-security-token|authorization)(["']?\s*[:=]\s*["']?)(?:[^\s"',}\\]|\\[^\s"'])+/gi,
];
// "signature%3d": an echoed header percent-encoded (in a query or a form body) has its letters as they are.
const SHAPE_HINT = /bearer|basic|signature(?:=|%3d)|x-auth-token|x-security-token|authorization/i;
/**
 * A percent escape: only then is the text read decoded too (a shape's value behind `Bearer%20…` or
 * `Bearer …%2B…`, `Signature%3D…`, `authorization%3A…`). Not a pattern for where an encoded shape may be:
 * any such pattern scans a token's run from each of its starts, quadratic on `%bearerbearer…`; decoding
 * and the shapes below read each character a bounded number of times.
 */
const ESCAPE = /%[0-9a-fA-F]{2}/;
/** An AK/SK request signature (HMAC-SHA256 in hex) anywhere, bare: it authorises its request for minutes. */
const SIGNATURE_HEX = /(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;

const masked = (match: string, ...groups: unknown[]) => {
  let prefix = "";
  for (const group of groups) {
    if (typeof group !== "string") break; // the offset: no more groups
    prefix += group;
  }
  return prefix + REDACTED;
};

/** Where each value of a shape is, as ranges of `text` (pairs of offsets), in `text` percent-decoded once. */
function shapesInDecoded(text: string, shapes: readonly RegExp[]): number[] {
  const decoded = percentDecoded(text);
  const ranges: number[] = [];
  let starts: Int32Array | undefined;
  for (const shape of shapes)
    for (const match of decoded.matchAll(shape)) {
      let prefix = 0;
      for (let group = 1; group < match.length; group++) prefix += match[group]!.length;
      starts ??= decodedOffsets(text);
      ranges.push(starts[match.index + prefix]!, starts[match.index + match[0].length]!);
    }
  return ranges;
}

/**
 * `text` with each percent escape (`%` and two hex digits) read once as the character it encodes, 64 KiB
 * at a time: a `replace` keeps each piece it makes until its end, and on a whole 10 MB text that cost
 * about five times as much per MB as on 100 kB. A piece never ends between an escape's `%` and its
 * digits, so the pieces decode as the whole text would. (`unescape`, native, also decodes `%uXXXX`:
 * keeping those by escaping each `%u` first made a text dense with them several times slower.)
 */
export function percentDecoded(text: string): string {
  let decoded = "";
  for (let start = 0, end; start < text.length; start = end) {
    for (end = start + 65_536; text[end - 1] === "%" || text[end - 2] === "%";) end++;
    decoded += text
      .slice(start, end)
      .replace(/%[0-9a-f]{2}/gi, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  }
  return decoded;
}

/** Where each character of `text` percent-decoded once starts in `text`, and then text.length (the rest unused). */
function decodedOffsets(text: string): Int32Array {
  const starts = new Int32Array(text.length + 1);
  let at = 0;
  for (let i = 0; i < text.length; at++) {
    starts[at] = i;
    const escape =
      text.charCodeAt(i) === 0x25 && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0;
    i += escape ? 3 : 1;
  }
  starts[at] = text.length;
  return starts;
}

/** A secret shorter than this is not looked for: it would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;
const BACKSLASH = 0x5c;
/** An echo of this many consecutive characters of a secret (or of its base64 form) is masked. */
const WINDOW = 16;
/** A base64 form shorter than this is not looked for (a short secret's base64 would mask ordinary words). */
const MIN_BASE64_LENGTH = 8;

export type Redactor = (text: string) => string;

export interface RedactorOptions {
  /** Mask every bare 64-digit hex string (AK/SK clients: a request signature must not show either). */
  signatures?: boolean;
  /**
   * Also mask the credential shapes (`Bearer …`, `authorization: …`, `Signature=…`; default true). Off for
   * text printed from data already redacted as a value (the CLI's JSON and YAML): there a shape read
   * across the text's syntax (`"authorization":null`, a YAML line break) would break it.
   */
  shapes?: boolean;
}

/** One character of the view: Latin-1 letters folded to lower case, the characters encodings swap folded together. */
function fold(code: number): number {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7)) return code + 0x20;
  if (code === 0x2d || code === 0x20) return 0x2b; // "-" and " " (base64url, form encoding) read as "+"
  if (code === 0x5f) return 0x2f; // "_" (base64url) reads as "/"
  return code;
}

const hexValue = (code: number): number =>
  code >= 0x30 && code <= 0x39
    ? code - 0x30
    : code >= 0x61 && code <= 0x66
      ? code - 0x57
      : code >= 0x41 && code <= 0x46
        ? code - 0x37
        : -1;

interface View {
  codes: Uint16Array;
  length: number;
  /** Where the view's first character is in the text (a plain view: one view character per text character). */
  offset: number;
  /** A decoded view: where each view character starts and ends in the text. */
  starts?: Int32Array;
  ends?: Int32Array;
}

// A text is read a chunk at a time, into buffers reused from one call to the next (a redactor runs
// synchronously): memory stays small and cached whatever the text's length, and redacting the many
// short strings of a body allocates nothing per string. Chunks overlap by what one window can span
// (3 text characters per view character when each is a percent escape), so no echo falls between two.
const CHUNK = 1 << 15;
const OVERLAP = 3 * WINDOW;
const plainCodes = new Uint16Array(CHUNK + OVERLAP);
const decodedCodes = new Uint16Array(CHUNK + OVERLAP);
const decodedStarts = new Int32Array(CHUNK + OVERLAP);
const decodedEnds = new Int32Array(CHUNK + OVERLAP);

/** text[from, to) as is, folded. */
function plainView(text: string, from: number, to: number): View {
  const codes = plainCodes;
  for (let i = from; i < to; i++) codes[i - from] = fold(text.charCodeAt(i));
  return { codes, length: to - from, offset: from };
}

/** text[from, to) percent-decoded once (byte by byte) and without backslashes (JSON's `\/`), folded. */
function decodedView(text: string, from: number, to: number): View {
  const codes = decodedCodes;
  const starts = decodedStarts;
  const ends = decodedEnds;
  let length = 0;
  for (let i = from; i < to;) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      i++;
      continue;
    }
    let value = code;
    let width = 1;
    if (code === 0x25 && i + 2 < to) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        value = high * 16 + low;
        width = 3;
      }
    }
    codes[length] = fold(value);
    starts[length] = i;
    ends[length] = i + width;
    length++;
    i += width;
  }
  return { codes, length, offset: 0, starts, ends };
}

const BASE = 0x01000193;

/** The rolling hash of `length` codes; the caller rolls it on. */
function hashOf(codes: ArrayLike<number>, from: number, length: number): number {
  let h = 0;
  for (let i = 0; i < length; i++) h = (Math.imul(h, BASE) + codes[from + i]!) | 0;
  return h;
}

/** The patterns of one length, by hash. */
interface PatternSet {
  length: number;
  /** BASE^(length-1), to roll the first character out. */
  top: number;
  byHash: Map<number, Uint16Array[]>;
  /** The low 16 bits of every hash: most positions are ruled out here, without a Map lookup. */
  filter: Uint8Array;
}

function foldString(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = fold(text.charCodeAt(i));
  return codes;
}

function utf8AsLatin1(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

/**
 * The part of base64(x + secret + y) that depends on the secret alone, for each of the three places
 * the secret can start in a 3-byte group: whatever surrounds it, one of these is in the encoding.
 */
function base64Cores(secret: string): string[] {
  const bytes = utf8AsLatin1(secret);
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = btoa("\0".repeat(shift) + bytes);
    const first = shift === 0 ? 0 : 4;
    const last = Math.floor((shift + bytes.length) / 3) * 4;
    const core = encoded.slice(first, last);
    if (core.length >= MIN_BASE64_LENGTH) cores.push(core);
  }
  return cores;
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * The secret as JSON encoders that escape more than JSON requires write it inside a string: `"` and
 * `\` escaped, and as `\uXXXX` every non-ASCII character (Python's json.dumps), or `<`, `>`, `&`,
 * U+2028 and U+2029 (Go's encoding/json), or both. Lower-case hex: the view folds case, so upper-case
 * hex (`\u00E4`) is found too.
 */
function unicodeEscapedForms(secret: string): string[] {
  if (!/[^\x20-\x7e]|[<>&]/.test(secret)) return [];
  const quoted = secret.replace(/["\\]/g, "\\$&");
  return [
    quoted.replace(/[^\x00-\x7f]/g, unicodeEscape),
    quoted.replace(/[<>&\u2028\u2029]/g, unicodeEscape),
    quoted.replace(/[^\x00-\x7f]|[<>&]/g, unicodeEscape),
  ];
}

/** Every form of the secrets to look for, cut into windows, grouped by length. */
function patternSets(secrets: readonly string[]): PatternSet[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const encoded = utf8AsLatin1(secret);
    // A JSON pointer escapes "~" and "/" (a drift finding's pointer holds the server's keys); an all-digit
    // secret echoed as a JSON number loses its leading zeros.
    const inPointer = secret.replaceAll("~", "~0").replaceAll("/", "~1");
    const asNumber = /^\d+$/.test(secret) ? secret.replace(/^0+/, "") : secret;
    const escapedForms = [...unicodeEscapedForms(secret), ...(encoded === secret ? [] : unicodeEscapedForms(encoded))];
    for (const form of [
      secret,
      encoded,
      secret.replaceAll("\\", ""),
      inPointer,
      asNumber,
      ...escapedForms,
      ...base64Cores(secret),
    ])
      forms.add(form);
  }
  const sets = new Map<number, PatternSet>();
  const seen = new Set<string>();
  const add = (codes: Uint16Array) => {
    const key = String.fromCharCode(...codes);
    if (seen.has(key)) return;
    seen.add(key);
    let set = sets.get(codes.length);
    if (!set) {
      let top = 1;
      for (let i = 1; i < codes.length; i++) top = Math.imul(top, BASE);
      set = { length: codes.length, top, byHash: new Map(), filter: new Uint8Array(1 << 16) };
      sets.set(codes.length, set);
    }
    const h = hashOf(codes, 0, codes.length);
    set.filter[h & 0xffff] = 1;
    const bucket = set.byHash.get(h);
    if (bucket) bucket.push(codes);
    else set.byHash.set(h, [codes]);
  };
  for (const form of forms) {
    const codes = foldString(form);
    if (codes.length < MIN_SECRET_LENGTH) continue;
    if (codes.length <= WINDOW) add(codes);
    else for (let i = 0; i + WINDOW <= codes.length; i++) add(codes.subarray(i, i + WINDOW));
  }
  return [...sets.values()];
}

const sameCodes = (view: Uint16Array, at: number, pattern: Uint16Array): boolean => {
  for (let i = 0; i < pattern.length; i++) if (view[at + i] !== pattern[i]) return false;
  return true;
};

/** Adds to `ranges` (text offsets, pairs) every place in the view where a pattern is. */
function findPatterns(view: View, sets: readonly PatternSet[], ranges: number[]): void {
  const { codes, length: n, offset, starts, ends } = view;
  for (const { length: L, top, byHash, filter } of sets) {
    if (n < L) continue;
    let h = hashOf(codes, 0, L);
    for (let i = 0; ; i++) {
      if (filter[h & 0xffff] === 1 && byHash.get(h)?.some((pattern) => sameCodes(codes, i, pattern)))
        ranges.push(starts ? starts[i]! : offset + i, ends ? ends[i + L - 1]! : offset + i + L);
      if (i + L >= n) break;
      h = (Math.imul((h - Math.imul(codes[i]!, top)) | 0, BASE) + codes[i + L]!) | 0;
    }
  }
}

/** For each character of `text`, 1 where an odd run of backslashes comes right before it (it is escaped). */
function escapedCharacters(text: string): Uint8Array {
  const escaped = new Uint8Array(text.length + 1);
  for (let i = 1; i <= text.length; i++)
    if (text.charCodeAt(i - 1) === BACKSLASH) escaped[i] = escaped[i - 1] === 1 ? 0 : 1;
  return escaped;
}

/** The `[start, end)` of the `\uXXXX` or `\xXX` escape that `at` falls strictly inside, if one does. */
function escapeAround(text: string, at: number, escaped: Uint8Array): [number, number] | undefined {
  for (let backslash = at - 1; backslash >= 0 && backslash >= at - 5; backslash--) {
    if (text.charCodeAt(backslash) !== BACKSLASH || escaped[backslash + 1] !== 1) continue;
    const kind = text[backslash + 1];
    const length = kind === "u" ? 6 : kind === "x" ? 4 : 0;
    const end = backslash + length;
    if (end > at && end <= text.length && /^[0-9a-fA-F]+$/.test(text.slice(backslash + 2, end)))
      return [backslash, end];
  }
  return undefined;
}

/** The text with each run of covered characters (ranges: pairs of offsets, any order, may overlap) as one marker. */
function maskRanges(text: string, ranges: number[]): string {
  // A range is at most a window's worth of text: marking each character is linear.
  const covered = new Uint8Array(text.length);
  // Counted once for the whole text, not back from each range: a run of backslashes can hold many.
  const escaped = escapedCharacters(text);
  for (let i = 0; i < ranges.length; i += 2) {
    // A range that starts on an escaped character (read through its backslash) takes the backslash too:
    // a lone `\` before the marker would break the text's escapes (JSON's `\n` before a secret's `n…`).
    let start = ranges[i]!;
    if (escaped[start] === 1) start--;
    // Nor does one end on the backslash that escapes the character after it (`\"` would lose its `\`).
    let end = ranges[i + 1]!;
    if (end > start && end < text.length && escaped[end] === 1) end--;
    // A range that starts or ends inside a `\uXXXX` or `\xXX` escape (JSON's, YAML's) takes it whole.
    start = escapeAround(text, start, escaped)?.[0] ?? start;
    end = escapeAround(text, end, escaped)?.[1] ?? end;
    covered.fill(1, start, end);
  }
  let out = "";
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    if (covered[i] === 1 && (i === 0 || covered[i - 1] === 0)) out += text.slice(kept, i) + REDACTED;
    else if (covered[i] === 0 && i > 0 && covered[i - 1] === 1) kept = i;
  }
  return covered[text.length - 1] === 1 ? out : out + text.slice(kept);
}

/** Every place in the text where a pattern is, read chunk by chunk, as is and (if it has any) decoded. */
function findAll(text: string, sets: readonly PatternSet[]): number[] {
  const ranges: number[] = [];
  const n = text.length;
  const escapes = /[%\\]/.test(text);
  for (let from = 0; from < n; from += CHUNK) {
    findPatterns(plainView(text, from, Math.min(n, from + CHUNK + WINDOW - 1)), sets, ranges);
    if (escapes) findPatterns(decodedView(text, from, Math.min(n, from + CHUNK + OVERLAP)), sets, ranges);
  }
  return ranges;
}

/**
 * A redactor for these secrets (the credentials exactly as the client sends or uses them). Linear in
 * the length of the text it is given; the secrets are prepared here, once.
 */
export function createRedactor(secrets: readonly (string | undefined)[], options: RedactorOptions = {}): Redactor {
  const sets = patternSets(secrets.filter((s): s is string => typeof s === "string"));
  const shapes = options.signatures ? [...CREDENTIAL_SHAPES, SIGNATURE_HEX] : CREDENTIAL_SHAPES;
  // Most strings have none of the shapes: one test skips the replacements.
  const hint = options.signatures ? new RegExp(`${SHAPE_HINT.source}|[0-9a-f]{64}`, "i") : SHAPE_HINT;
  const redact = (text: string) => {
    if (text.length < MIN_SECRET_LENGTH) return text;
    let result = text;
    if (sets.length) {
      const ranges = findAll(text, sets);
      if (ranges.length) result = maskRanges(text, ranges);
    }
    if (options.shapes === false || !hint.test(result)) return result;
    // An echo percent-encoded (`Signature%3D…`, `authorization%3A%20…`, a bare signature after `%3D`,
    // whose escape's last digit hides where the hex starts) is found in the decoded text.
    if (ESCAPE.test(result)) {
      const ranges = shapesInDecoded(result, shapes);
      if (ranges.length) result = maskRanges(result, ranges);
    }
    for (const shape of shapes) result = result.replace(shape, masked);
    return result;
  };
  return redact;
}

/**
 * A number (or bigint) as it is, or REDACTED, whole, when its text holds a form of a secret (an all-digit
 * token echoed as a number): a number cannot be masked in part, and the CLI's JSON must stay valid.
 */
export function redactedNumber(value: number | bigint, redact: Redactor): number | bigint | string {
  const digits = String(value);
  return digits.length < MIN_SECRET_LENGTH || redact(digits) === digits ? value : REDACTED;
}

/** A key naming a credential header echoed as data (`authorization`, `Proxy-Authorization`, `headers.x-auth-token`). */
const CREDENTIAL_KEY = /(?:^|[^a-z0-9])(?:authorization|x-auth-token|x-security-token)$/i;

/** `value`, or REDACTED in place of the non-empty string value of a key naming a credential header. */
export const unlessCredential = (key: string, value: unknown): unknown =>
  typeof value === "string" && value !== "" && CREDENTIAL_KEY.test(key) ? REDACTED : value;

/** A value that is no object redacted: a string, a number or bigint as redactedNumber has it; anything else as it is. */
const redactedLeaf = (value: unknown, redact: Redactor): unknown =>
  typeof value === "string"
    ? redact(value)
    : typeof value === "number" || typeof value === "bigint"
      ? redactedNumber(value, redact)
      : value;

/** Copies redactValue made (their roots): redacted already, so not walked again. */
const redactedCopies = new WeakSet<object>();

const define = (target: object, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * A deep copy of a parsed body with every string (keys included) redacted, the value of a key named
 * like a credential header masked whole (unlessCredential), and every
 * number whose digits are a secret, however deep it nests:
 * the walk keeps its own stack. Keys are defined as own properties, so a `__proto__` key stays a key
 * and never becomes the copy's prototype. Shared and cyclic references are copied once.
 */
export function redactValue(value: unknown, redact: Redactor): unknown {
  if (value === null || typeof value !== "object" || redactedCopies.has(value)) return redactedLeaf(value, redact);
  const copies = new Map<object, object>();
  const copyOf = (source: object): object => {
    let copy = copies.get(source);
    if (!copy) {
      copy = Array.isArray(source) ? new Array<unknown>(source.length) : {};
      copies.set(source, copy);
      pending.push(source);
    }
    return copy;
  };
  const pending: object[] = [];
  const root = copyOf(value);
  for (let source = pending.pop(); source; source = pending.pop()) {
    const copy = copies.get(source)!;
    const isArray = Array.isArray(source);
    for (const key of Object.keys(source)) {
      const field = (source as Record<string, unknown>)[key];
      const item = isArray ? field : unlessCredential(key, field);
      const safe = item !== null && typeof item === "object" ? copyOf(item) : redactedLeaf(item, redact);
      const safeKey = isArray ? key : redact(key);
      // Assigning "__proto__" would set the prototype: define it as the own property it was.
      if (safeKey === "__proto__") define(copy, safeKey, safe);
      else (copy as Record<string, unknown>)[safeKey] = safe;
    }
  }
  redactedCopies.add(root);
  return root;
}
