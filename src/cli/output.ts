// How the CLI prints a result: a table of key columns, JSON (int64 exact), NDJSON or YAML.
import Table from "cli-table3";
import { stringify as toYaml } from "yaml";
import { stringifyJson } from "../core/json.js";
import { dig } from "../core/paginate/cursor.js";

export const FORMATS = ["table", "json", "ndjson", "yaml"] as const;
export type Format = (typeof FORMATS)[number];

export interface TableOptions {
  /** Dot paths of the item fields to show (default: the first scalar fields of the first item). */
  columns?: readonly string[] | undefined;
  /** The terminal's width in characters (no limit when undefined). */
  width?: number | undefined;
}

const MAX_CELL = 80;
const MIN_CELL = 6;
const DEFAULT_COLUMNS = 5;

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return stringifyJson(value);
  return String(value).replace(/\s+/g, " ");
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

function grid(head: string[], rows: string[][], width: number | undefined): string {
  const natural = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const table = new Table({
    head,
    colWidths: fitWidths(natural, width).map((w) => w + 2),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  table.push(...rows);
  return table.toString();
}

/** A list as a table: one row per item, one column per key field. */
export function itemsTable(items: readonly unknown[], options: TableOptions = {}): string {
  const columns = options.columns?.length ? [...options.columns] : guessColumns(items);
  if (columns.length === 0) return items.length === 0 ? "(no items)" : items.map(cell).join("\n");
  const rows = items.map((item) => columns.map((column) => cell(dig(item, column.split(".")))));
  return items.length === 0 ? `${columns.join("  ")}\n(no items)` : grid(columns, rows, options.width);
}

/** One resource as a two-column table of its fields (a body's single wrapper key is looked through). */
export function objectTable(value: unknown, width: number | undefined): string {
  if (!value || typeof value !== "object") return cell(value);
  let object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && object[keys[0]!] && typeof object[keys[0]!] === "object" && !Array.isArray(object[keys[0]!]))
    object = object[keys[0]!] as Record<string, unknown>;
  return grid(
    ["field", "value"],
    Object.entries(object).map(([key, v]) => [key, cell(v)]),
    width,
  );
}

/** The text of a result in `format`, ending with a newline (nothing for an empty body). */
export function render(value: unknown, format: Format, options: TableOptions = {}): string {
  if (value === undefined) return "";
  switch (format) {
    case "json":
      return `${stringifyJson(value)}\n`;
    case "ndjson":
      return Array.isArray(value)
        ? value.map((item) => `${stringifyJson(item)}\n`).join("")
        : `${stringifyJson(value)}\n`;
    case "yaml":
      return toYaml(value, { lineWidth: 0 });
    case "table":
      return `${Array.isArray(value) ? itemsTable(value, options) : objectTable(value, options.width)}\n`;
  }
}
