// How the CLI prints a result: a table of key columns, JSON (int64 exact), NDJSON or YAML. Server text
// never reaches the terminal raw: tables show it on one line with controls escaped, JSON and YAML carry
// escapes where the raw characters would act on a terminal (and parse back to the same data).
import Table from "cli-table3";
import stringWidth from "string-width";
import { Document, parseDocument, Scalar, visit } from "yaml";
import { MAX_JSON_DEPTH } from "../core/error-base.js";
import { showable } from "../core/errors.js";
import { stringifyJson } from "../core/json.js";
import { dig } from "../core/paginate/cursor.js";
import { redactValue, unlessCredential } from "../core/redact.js";

export const FORMATS = ["table", "json", "ndjson", "yaml"] as const;
export type Format = (typeof FORMATS)[number];

export interface TableOptions {
  /** Dot paths of the item fields to show (default: the first scalar fields of the first item). */
  columns?: readonly string[] | undefined;
  /** The terminal's width in characters (no limit when undefined). */
  width?: number | undefined;
  /**
   * Applied to each cell's whole text before a long one is cut to its column (the stream's redactor,
   * which sees the output after the cut, would miss a credential the cut leaves part of).
   */
  redact?: ((text: string) => string) | undefined;
}

const MAX_CELL = 80;
const MIN_CELL = 6;
const DEFAULT_COLUMNS = 5;

/** Where the CLI writes: stdout or stderr, or a test's stand-in. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** Text from a server as one line of the terminal: controls, separators and bidi overrides escaped (`\u001b`). */
export const oneLine = (text: string): string => showable(text, Infinity);

/**
 * The characters JSON.stringify (and YAML's double-quoted style, built on it) leave raw that act on a
 * terminal or reorder what it shows: DEL, C1 controls (U+009B starts an ANSI sequence too), line and
 * paragraph separators, bidi overrides. Only ever inside a quoted string of the output.
 */
const RAW_IN_QUOTES = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What YAML would print raw outside double quotes (tab and line feed are YAML's own and harmless). */
const NEEDS_DOUBLE_QUOTES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** JSON or YAML text with the raw characters above written as `\uXXXX` escapes: the same data, parsed. */
export const escapeInQuotes = (text: string): string =>
  text.replace(RAW_IN_QUOTES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const json = (value: unknown): string => escapeInQuotes(stringifyJson(value));

/** The document as YAML text, every string (key or value) that holds such characters double-quoted with escapes. */
function showableDocument(document: Document): string {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && NEEDS_DOUBLE_QUOTES.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return escapeInQuotes(document.toString({ lineWidth: 0 }));
}

const yaml = (value: unknown): string => showableDocument(new Document(value));

/** C0 controls but tab and line feed: after showableDocument, only a comment can still hold one. */
const RAW_C0 = /[\u0000-\u0008\u000b-\u001f]/g;

/**
 * YAML text to paste (`npm run drift`'s spec edits), fit for a terminal: unchanged unless it holds the
 * characters above; then written again with each string holding them double-quoted with escapes (the
 * same YAML data, so the edit still pastes as it was meant), and such a character in a comment escaped.
 */
export function showableYaml(text: string): string {
  if (!NEEDS_DOUBLE_QUOTES.test(text)) return text;
  const shown = showableDocument(parseDocument(text));
  return shown.replace(RAW_C0, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The deepest nesting printed, the depth an error's `toJSON` writes too. The serializers recurse: YAML's
 * overflows the stack from about 640 levels of objects (JSON.stringify's from a few thousand), where
 * the clients' parser goes on. Real API data is a few levels deep.
 */
export const MAX_DEPTH = MAX_JSON_DEPTH;

/** A result the CLI will not print: nested deeper than MAX_DEPTH. */
export class NestingError extends Error {
  override name = "NestingError";
  constructor() {
    super(`the response is nested more than ${MAX_DEPTH} levels deep: too deep to print`);
  }
}

/** Throws NestingError when `value` has arrays or objects nested more than MAX_DEPTH deep (walked without recursion). */
function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [next, depth] = stack.pop()!;
    if (next === null || typeof next !== "object") continue;
    if (depth >= MAX_DEPTH) throw new NestingError();
    for (const child of Object.values(next))
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
}

/** The forms `text` can take in the output (as is, escaped, in a table cell): a redactor looks for each. */
export function printedForms(text: string): string[] {
  return [...new Set([text, escapeInQuotes(text), oneLine(text), cell(text)])];
}

function cell(value: unknown, redact: (text: string) => string = (text) => text): string {
  if (value === undefined || value === null) return "";
  // Numbers holding a form of a secret are masked whole, as values (never in part: see redactValue).
  if (typeof value === "object") return oneLine(redact(stringifyJson(redactValue(value, redact))));
  return oneLine(String(redactValue(value, redact)).replace(/\s+/g, " "));
}

function guessColumns(items: readonly unknown[]): string[] {
  const first = items.find((item) => item && typeof item === "object") as Record<string, unknown> | undefined;
  if (!first) return [];
  return Object.keys(first)
    .filter((key) => first[key] === null || typeof first[key] !== "object")
    .slice(0, DEFAULT_COLUMNS);
}

/** Column widths (content only) that fit `width`, narrowing the widest column first. */
function fitWidths(natural: number[], width: number | undefined): number[] {
  const widths = natural.map((w) => Math.min(w, MAX_CELL));
  if (width === undefined) return widths;
  const frame = 3 * widths.length + 1; // borders and one space of padding each side
  while (widths.reduce((a, b) => a + b, 0) + frame > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= MIN_CELL) break;
    widths[widest] = widths[widest]! - 1;
  }
  return widths;
}

/** User-perceived characters: a flag (two regional indicators), an emoji joined by ZWJ, a letter and its accents. */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * `text` cut to `width` display columns with `…`, by whole user-perceived characters (cli-table3 cuts by
 * UTF-16 code unit, which can split an emoji and print half of it; a cut by code point would still split
 * a flag or a ZWJ sequence).
 */
function fitted(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const { segment: char } of graphemes.segment(text)) {
    const w = stringWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** How many rows cli-table3 lays out at a time: its layout takes time quadratic in the rows of one table. */
const ROWS_PER_TABLE = 200;

/**
 * A table of one line per row (cells are one line, cut to their column's width), laid out by cli-table3
 * ROWS_PER_TABLE rows at a time and joined: each later piece without its top border and head, each
 * earlier one without its bottom border. Linear in the rows.
 */
function grid(head: string[], rows: string[][], width: number | undefined): string {
  // Display widths, as cli-table3 measures them (a CJK character takes two columns).
  const natural = head.map((h) => stringWidth(h));
  for (const row of rows)
    for (let c = 0; c < natural.length; c++) natural[c] = Math.max(natural[c]!, stringWidth(row[c]!));
  const widths = fitWidths(natural, width);
  const colWidths = widths.map((w) => w + 2);
  const fit = (cells: string[]) => cells.map((text, c) => fitted(text, widths[c]!));
  const lines: string[] = [];
  // At least one piece: a table of no rows still shows its head.
  for (let from = 0; from === 0 || from < rows.length; from += ROWS_PER_TABLE) {
    const table = new Table({
      head: fit(head),
      colWidths,
      style: { head: [], border: [], compact: true },
      wordWrap: false,
    });
    for (const row of rows.slice(from, from + ROWS_PER_TABLE)) table.push(fit(row));
    const piece = table.toString().split("\n");
    const last = from + ROWS_PER_TABLE >= rows.length;
    lines.push(...piece.slice(from === 0 ? 0 : 3, last ? piece.length : -1));
  }
  return lines.join("\n");
}

/** A list as a table: one row per item, one column per key field. */
export function itemsTable(items: readonly unknown[], options: TableOptions = {}): string {
  const columns = options.columns?.length ? [...options.columns] : guessColumns(items);
  const text = (value: unknown) => cell(value, options.redact);
  if (columns.length === 0) return items.length === 0 ? "(no items)" : items.map(text).join("\n");
  // A credential header's value is masked whole, as redactValue does in the other formats.
  const rows = items.map((item) =>
    columns.map((column) => text(unlessCredential(column, dig(item, column.split("."))))),
  );
  const head = columns.map(text);
  return items.length === 0 ? `${head.join("  ")}\n(no items)` : grid(head, rows, options.width);
}

/** One resource as a two-column table of its fields (a body's single wrapper key is looked through). */
export function objectTable(value: unknown, { width, redact }: TableOptions = {}): string {
  const text = (v: unknown) => cell(v, redact);
  if (!value || typeof value !== "object") return text(value);
  let object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && object[keys[0]!] && typeof object[keys[0]!] === "object" && !Array.isArray(object[keys[0]!]))
    object = object[keys[0]!] as Record<string, unknown>;
  return grid(
    ["field", "value"],
    Object.entries(object).map(([key, v]) => [text(key), text(unlessCredential(key, v))]),
    width,
  );
}

/**
 * The text of a result in `format`, ending with a newline (nothing for an empty body). Throws
 * NestingError, before anything is printed, for a result nested more than MAX_DEPTH levels deep.
 */
export function render(data: unknown, format: Format, options: TableOptions = {}): string {
  if (data === undefined) return "";
  checkDepth(data);
  // Redacted as a value before it is text: an all-digit credential echoed as a number becomes the string
  // "[REDACTED]" (the redaction of the printed text, after, would leave invalid JSON). A table redacts
  // each cell it shows that way (cell), so the whole value is not copied for it.
  const value = options.redact && format !== "table" ? redactValue(data, options.redact) : data;
  switch (format) {
    case "json":
      return `${json(value)}\n`;
    case "ndjson":
      return Array.isArray(value) ? value.map((item) => `${json(item)}\n`).join("") : `${json(value)}\n`;
    case "yaml":
      return yaml(value);
    case "table":
      return `${Array.isArray(value) ? itemsTable(value, options) : objectTable(value, options)}\n`;
  }
}
