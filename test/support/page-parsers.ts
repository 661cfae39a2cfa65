/**
 * Parsers for the vendor pages in `specs/sources/` and a small reader for the OpenAPI specs written
 * from them. `test/spec-coverage.test.ts` uses both to check that every name a page documents
 * appears in the right operation of the right spec.
 *
 * Page side: what a page documents, as `ExpectedOperation`s (method + path, parameters, request and
 * response field names), read from the page's own markup:
 *   - RST (OTC pages): section headings, `.. table::` captions, grid tables (`+---+`, `|` cells,
 *     multi-line cells, aligned or with collapsed whitespace) and simple tables (`=== ===`).
 *   - Markdown (MadConnect): heading sections, `**Label**` lines, fenced code blocks, pipe tables.
 *   - Confluent: the unindented YAML after "OpenAPI definition (YAML)".
 *
 * Spec side: operations of a spec document (following `$ref`s within a file and to relative files),
 * their parameters, and every property name reachable from a schema.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
// @ts-ignore -- js-yaml (installed with @redocly/cli) ships no type declarations; typed just below.
import { load as untypedLoadYaml } from "js-yaml";

const loadYaml = untypedLoadYaml as (text: string) => unknown;

// ---------------------------------------------------------------------------------------------
// Common types
// ---------------------------------------------------------------------------------------------

export type ParamLocation = "path" | "query" | "header" | "cookie";

export interface ExpectedParam {
  name: string;
  in: ParamLocation;
}

/** Everything one page documents about one operation. */
export interface ExpectedOperation {
  /** Page file name, for messages. */
  page: string;
  /** Section / page title. */
  title: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template with `{name}` parameters, no query string. */
  path: string;
  params: ExpectedParam[];
  /** Field names that must appear in the request body schema. */
  requestFields: string[];
  /** Field names that must appear in the success (200) response schema. */
  responseFields: string[];
  /** Field names documented for the operation that belong to neither example body: request or response. */
  requestOrResponseFields: string[];
  /**
   * Field names of the page's error-body examples (an OTC page may show `{"error_code", "error_msg"}`
   * as an alternative "Example response"): they must appear in the schema of some 4xx/5xx response.
   */
  errorResponseFields?: string[];
}

const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"] as const;
const METHOD_PATH_RE = new RegExp(`^(${HTTP_METHODS.join("|")})\\s*(/\\S*)`);
/** A plausible field / parameter name (allows dotted names such as `spec.private_link_attachment`). */
const NAME_RE = /^[A-Za-z_$][\w.$\-[\]]*$/;

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/** Variables of a path template, in order: `/a/{x}/b/{y}` → `["x", "y"]`. */
export function pathTemplateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/**
 * Parses "METHOD /path?query" (with or without a space, with `<name>` or `{name}` parameters and a
 * trailing `// comment`). Returns the method, the path as a `{name}` template, and the query string's
 * parameter names, or undefined if the line is not a method + path.
 */
export function parseMethodPath(line: string): { method: string; path: string; queryNames: string[] } | undefined {
  const text = line.replace(/\s+\/\/.*$/, "").trim();
  const m = METHOD_PATH_RE.exec(text);
  if (!m) return undefined;
  const [pathPart, query = ""] = m[2]!.split("?", 2) as [string, string?];
  const path = pathPart.replace(/<([^>]+)>/g, "{$1}");
  const queryNames = query
    .split("&")
    .map((kv) => kv.split("=")[0]!.trim())
    .filter((name) => name !== "");
  return { method: m[1]!, path, queryNames };
}

/** The name in a table's name cell: first line, markup stripped, first word. */
export function cellName(cell: string): string | undefined {
  const first = cell.split("\n").find((l) => l.trim() !== "") ?? "";
  const cleaned = first.replace(/\\/g, "").replace(/[*`]/g, "").trim().split(/\s+/)[0] ?? "";
  return NAME_RE.test(cleaned) ? cleaned : undefined;
}

// ---------------------------------------------------------------------------------------------
// RST
// ---------------------------------------------------------------------------------------------

export interface ParsedTable {
  /** Header cells (one per column); empty if the table has no header. */
  header: string[];
  /** Body rows; each cell's lines are trimmed and joined with "\n". */
  rows: string[][];
}

const GRID_BORDER_RE = /^\+(?:[-=]+\+)+$/;
const SIMPLE_BORDER_RE = /^=+(?: +=+)+$/;

/**
 * Parses an RST grid table given its lines (first and last are borders; indentation allowed).
 *
 * A content line whose `|` characters sit exactly under the border's `+` characters is cut at
 * those columns (so a `|` inside a cell is kept). A line that does not line up (pages whose
 * whitespace was collapsed, e.g. `| name | Yes | | |`) is split on `|` instead.
 */
export function parseRstGridTable(lines: string[]): ParsedTable {
  const first = lines.find((l) => l.trim() !== "");
  if (!first || !GRID_BORDER_RE.test(first.trim())) throw new Error("grid table must start with a +---+ border");
  const indent = first.indexOf("+");
  const border = first.slice(indent).trimEnd();
  const bounds: number[] = [];
  for (let i = 0; i < border.length; i++) if (border[i] === "+") bounds.push(i);
  const ncols = bounds.length - 1;

  const allRows: string[][] = [];
  let headerRows = -1; // number of rows above the `+===+` separator, -1 if there is none
  let current: string[][] = Array.from({ length: ncols }, () => []);

  const flush = () => {
    if (current.some((c) => c.some((l) => l !== ""))) allRows.push(current.map((c) => c.join("\n").trim()));
    current = Array.from({ length: ncols }, () => []);
  };

  for (const raw of lines) {
    const line = raw.slice(Math.min(indent, raw.length - raw.trimStart().length)).trimEnd();
    if (line === "") continue;
    if (line.startsWith("+")) {
      flush();
      if (line.includes("=") && headerRows < 0) headerRows = allRows.length;
      continue;
    }
    if (!line.startsWith("|")) throw new Error(`not a grid table line: ${raw}`);
    const aligned = line.length === border.length && bounds.every((b) => line[b] === "|");
    let cells: string[];
    if (aligned) {
      cells = [];
      for (let c = 0; c < ncols; c++) cells.push(line.slice(bounds[c]! + 1, bounds[c + 1]!));
    } else {
      cells = line.slice(1, line.endsWith("|") ? -1 : undefined).split("|");
      if (cells.length > ncols) cells = [...cells.slice(0, ncols - 1), cells.slice(ncols - 1).join("|")];
    }
    for (let c = 0; c < ncols; c++) current[c]!.push((cells[c] ?? "").trim());
  }
  flush();
  if (headerRows < 0) return { header: [], rows: allRows };
  const header = Array.from({ length: ncols }, (_, c) =>
    allRows
      .slice(0, headerRows)
      .map((r) => r[c] ?? "")
      .join(" ")
      .trim(),
  );
  return { header, rows: allRows.slice(headerRows) };
}

/** Parses an RST simple table (`=== ===` borders) given its lines. */
export function parseRstSimpleTable(lines: string[]): ParsedTable {
  const borderIdx = lines.map((l, i) => (SIMPLE_BORDER_RE.test(l.trim()) ? i : -1)).filter((i) => i >= 0);
  if (borderIdx[0] !== 0) throw new Error("simple table must start with a === border");
  const border = lines[0]!;
  const starts = [...border.matchAll(/=+/g)].map((m) => m.index!);
  const cut = (line: string) =>
    starts.map((s, c) => line.slice(s, c + 1 < starts.length ? starts[c + 1] : undefined).trim());

  const hasHeader = borderIdx.length >= 3;
  const header = hasHeader
    ? starts.map((_, c) =>
        lines
          .slice(1, borderIdx[1])
          .map((l) => cut(l)[c])
          .join(" ")
          .trim(),
      )
    : [];
  const bodyStart = hasHeader ? borderIdx[1]! + 1 : 1;
  const bodyEnd = borderIdx[borderIdx.length - 1]!;
  const rows: string[][] = [];
  for (const line of lines.slice(bodyStart, bodyEnd)) {
    if (line.trim() === "") continue;
    const cells = cut(line);
    const prev = rows[rows.length - 1];
    if (cells[0] === "" && prev) {
      cells.forEach((cell, c) => {
        if (cell !== "") prev[c] = prev[c] ? `${prev[c]}\n${cell}` : cell;
      });
    } else {
      rows.push(cells);
    }
  }
  if (hasHeader && header.length === 0) throw new Error("simple table header not found");
  return { header, rows };
}

export interface RstHeading {
  title: string;
  line: number;
}

/** Section headings: a text line underlined with a repeated punctuation character at least as long. */
export function parseRstHeadings(text: string): RstHeading[] {
  const lines = text.split(/\r?\n/);
  const headings: RstHeading[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i]!.trim();
    const under = lines[i + 1]!.trim();
    if (title === "" || /^[|+]|^\.\./.test(title)) continue;
    if (/^([=\-~^"'`#*+<>:.])\1+$/.test(under) && under.length >= title.length) {
      headings.push({ title, line: i });
    }
  }
  return headings;
}

export interface RstTable extends ParsedTable {
  kind: "grid" | "simple";
  /** 0-based line of the table's first border. */
  line: number;
  /** Caption of the `.. table::` directive right before the table, markup stripped. */
  caption: string;
  /** Title of the section the table is in. */
  section: string;
}

/** Every grid and simple table of an RST document, with its caption and section. */
export function findRstTables(text: string): RstTable[] {
  const lines = text.split(/\r?\n/);
  const headings = parseRstHeadings(text);
  const tables: RstTable[] = [];
  let i = 0;
  while (i < lines.length) {
    const t = lines[i]!.trim();
    let kind: "grid" | "simple" | undefined;
    let end = i;
    if (GRID_BORDER_RE.test(t)) {
      kind = "grid";
      while (end + 1 < lines.length && /^[+|]/.test(lines[end + 1]!.trim())) end++;
    } else if (SIMPLE_BORDER_RE.test(t)) {
      kind = "simple";
      // The table ends at a border followed by a blank line / end of text / a non-indented paragraph.
      let j = i + 1;
      while (j < lines.length) {
        if (SIMPLE_BORDER_RE.test(lines[j]!.trim()) && (j + 1 >= lines.length || lines[j + 1]!.trim() === "")) break;
        j++;
      }
      end = Math.min(j, lines.length - 1);
    }
    if (!kind) {
      i++;
      continue;
    }
    const block = lines.slice(i, end + 1);
    const parsed = kind === "grid" ? parseRstGridTable(block) : parseRstSimpleTable(block);
    let caption = "";
    for (let k = i - 1; k >= 0 && k >= i - 4; k--) {
      const m = /^\s*\.\. table::\s*(.*)$/.exec(lines[k]!);
      if (m) {
        caption = m[1]!.replace(/\*\*/g, "").trim();
        break;
      }
    }
    const section = [...headings].reverse().find((h) => h.line < i)?.title ?? "";
    tables.push({ kind, line: i, caption, section, ...parsed });
    i = end + 1;
  }
  return tables;
}

export interface RstCodeBlock {
  /** 0-based line of the `.. code-block::` directive. */
  line: number;
  section: string;
  content: string;
}

/**
 * `.. code-block::` contents. Normally the lines indented deeper than the directive; on a page whose
 * indentation was lost, the lines up to the next section heading or directive.
 */
export function findRstCodeBlocks(text: string): RstCodeBlock[] {
  const lines = text.split(/\r?\n/);
  const headings = parseRstHeadings(text);
  const headingLines = new Set(headings.map((h) => h.line));
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const blocks: RstCodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\.\. code-block::/.test(lines[i]!)) continue;
    const d = indentOf(lines[i]!);
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === "") j++;
    const body: string[] = [];
    if (j < lines.length && indentOf(lines[j]!) > d) {
      for (; j < lines.length && (lines[j]!.trim() === "" || indentOf(lines[j]!) > d); j++) body.push(lines[j]!);
    } else {
      for (; j < lines.length && !headingLines.has(j) && !/^\s*\.\. /.test(lines[j]!); j++) body.push(lines[j]!);
    }
    const section = [...headings].reverse().find((h) => h.line < i)?.title ?? "";
    blocks.push({ line: i, section, content: body.join("\n").trim() });
  }
  return blocks;
}

/** Index of the column holding names (Parameter / Name / Attribute / Field), else 0. */
function nameColumn(header: string[]): number {
  const idx = header.findIndex((h) => /^(parameter|name|attribute|field)s?$/i.test(h.trim()));
  return idx >= 0 ? idx : 0;
}

/** The names in a table's name column. */
export function tableNames(table: ParsedTable): string[] {
  const col = nameColumn(table.header);
  return unique(table.rows.map((r) => cellName(r[col] ?? "")).filter((n): n is string => n !== undefined));
}

export interface RstPage {
  operation: ExpectedOperation;
  tables: RstTable[];
  /** Names from the tables only (without the example bodies' keys), for cross-checks. */
  tableParams: string[];
  tableRequestFields: string[];
  tableResponseFields: string[];
  /** Keys of the JSON examples in the Request / Response sections. */
  exampleRequestKeys: string[];
  exampleResponseKeys: string[];
  /** Keys of the error-body examples among the Response section's examples (see `isOtcErrorBody`). */
  exampleErrorKeys: string[];
  /** Tables that are in no URI / request / response section (should be none). */
  unclassified: RstTable[];
}

/** The fields of the OTC error body (`ErrorResponse`), as the Error Codes appendices print it. */
const OTC_ERROR_BODY_FIELDS = new Set(["error_code", "error_msg", "request_id"]);

/**
 * True for the keys of an OTC error body, `{"error_code": ..., "error_msg": ...}`: a page's
 * "Example response" may be such a body (after an "or"), which belongs to an error response.
 */
export function isOtcErrorBody(keys: string[]): boolean {
  return keys.includes("error_msg") && keys.every((k) => OTC_ERROR_BODY_FIELDS.has(k));
}

/**
 * The body of an example code block: the block itself, or, for a block that starts with the
 * request line (`POST https://{Endpoint}/v1/...`, as the OTC VPC pages print example requests),
 * what follows that line.
 */
export function exampleBody(content: string): string {
  const lines = content.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first >= 0 && new RegExp(`^(${HTTP_METHODS.join("|")})\\s+\\S+$`).test(lines[first]!.trim())) {
    return lines
      .slice(first + 1)
      .join("\n")
      .trim();
  }
  return content;
}

/**
 * An OTC API reference page (one operation): the method + path line of the "URI" section; tables
 * in the URI section give parameters (in the path if the path template names them, else in the
 * query, or header if the caption says so), tables in "Request" sections give request body
 * fields, tables in "Response" sections (the body table and the tables of nested objects) give
 * response fields. The JSON examples of "Request" / "Response" sections (also a request body that
 * follows the request line in the same block) add their keys to the request / response fields; a
 * response example that is an OTC error body gives `errorResponseFields` instead.
 */
export function parseOtcRstPage(text: string, page: string): RstPage {
  const lines = text.split(/\r?\n/);
  const headings = parseRstHeadings(text);
  const uri = headings.find((h) => /^URI\b/i.test(h.title));
  const uriEnd = uri ? (headings.find((h) => h.line > uri.line)?.line ?? lines.length) : lines.length;
  const searchLines = uri ? lines.slice(uri.line + 2, uriEnd) : lines;
  const mp = searchLines.map((l) => parseMethodPath(l.trim())).find((x) => x !== undefined);
  if (!mp) throw new Error(`${page}: no "METHOD /path" line found`);

  const pathVars = pathTemplateParams(mp.path);
  const params: ExpectedParam[] = pathVars.map((name) => ({
    name,
    in: "path" as const,
  }));
  const addParam = (name: string, where: ParamLocation) => {
    if (!params.some((p) => p.name === name && p.in === where)) params.push({ name, in: where });
  };
  mp.queryNames.forEach((n) => addParam(n, "query"));

  const tables = findRstTables(text);
  const unclassified: RstTable[] = [];
  const tableParams: string[] = [];
  const requestFields: string[] = [];
  const responseFields: string[] = [];
  for (const table of tables) {
    const names = tableNames(table);
    if (/^URI\b/i.test(table.section)) {
      tableParams.push(...names);
      for (const name of names) {
        addParam(name, pathVars.includes(name) ? "path" : /header/i.test(table.caption) ? "header" : "query");
      }
    } else if (/response/i.test(table.section)) {
      responseFields.push(...names);
    } else if (/request/i.test(table.section)) {
      requestFields.push(...names);
    } else {
      unclassified.push(table);
    }
  }
  const tableRequestFields = unique(requestFields);
  const tableResponseFields = unique(responseFields);
  const exampleRequestKeys: string[] = [];
  const exampleResponseKeys: string[] = [];
  const exampleErrorKeys: string[] = [];
  for (const block of findRstCodeBlocks(text)) {
    const keys = jsonBlockKeys(exampleBody(block.content));
    if (!keys) continue;
    if (/response/i.test(block.section)) (isOtcErrorBody(keys) ? exampleErrorKeys : exampleResponseKeys).push(...keys);
    else if (/request/i.test(block.section)) exampleRequestKeys.push(...keys);
  }
  requestFields.push(...exampleRequestKeys);
  responseFields.push(...exampleResponseKeys);
  const title = headings[0]?.title ?? page;
  return {
    operation: {
      page,
      title,
      method: mp.method,
      path: mp.path,
      params,
      requestFields: unique(requestFields),
      responseFields: unique(responseFields),
      requestOrResponseFields: [],
      ...(exampleErrorKeys.length > 0 ? { errorResponseFields: unique(exampleErrorKeys) } : {}),
    },
    tables,
    tableParams: unique(tableParams),
    tableRequestFields,
    tableResponseFields,
    exampleRequestKeys: unique(exampleRequestKeys),
    exampleResponseKeys: unique(exampleResponseKeys),
    exampleErrorKeys: unique(exampleErrorKeys),
    unclassified,
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

export interface MdBlock {
  kind: "code" | "table";
  /** The `**Label**` line before the block in the same section (trailing colons removed), or "". */
  label: string;
  /** Code block content, or the table's raw lines. */
  content: string;
  table?: ParsedTable;
}

export interface MdSection {
  title: string;
  level: number;
  blocks: MdBlock[];
}

/** Splits a GitHub-flavoured pipe-table row into trimmed cells (`\|` is kept as a literal `|`). */
function splitPipeRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith("|")) t = t.slice(1);
  if (t.endsWith("|") && !t.endsWith("\\|")) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, "|").trim());
}

/** Parses a Markdown pipe table (header row, `| --- |` separator row, body rows). */
export function parseMarkdownTable(lines: string[]): ParsedTable {
  const rows = lines.filter((l) => l.trim() !== "");
  if (rows.length < 2 || !/^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(rows[1]!)) {
    throw new Error("not a markdown table (no separator row)");
  }
  return {
    header: splitPipeRow(rows[0]!),
    rows: rows.slice(2).map(splitPipeRow),
  };
}

/** Splits a Markdown document into heading sections with their labelled code blocks and tables. */
export function parseMarkdownSections(text: string): MdSection[] {
  const lines = text.split(/\r?\n/);
  const sections: MdSection[] = [];
  let section: MdSection = { title: "", level: 0, blocks: [] };
  sections.push(section);
  let label = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)/.exec(line);
    if (fence) {
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim().startsWith(fence[1]!)) body.push(lines[j++]!);
      section.blocks.push({ kind: "code", label, content: body.join("\n") });
      label = "";
      i = j;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const title = heading[2]!
        .replace(/<a\b[^>]*>.*?<\/a>/g, "")
        .replace(/\*\*/g, "")
        .trim();
      section = { title, level: heading[1]!.length, blocks: [] };
      sections.push(section);
      label = "";
      continue;
    }
    const bold = /^\s*\*\*(.+?)\*\*\s*$/.exec(line);
    if (bold) {
      label = bold[1]!.replace(/[:\s]+$/, "").trim();
      continue;
    }
    if (line.trim().startsWith("|")) {
      const tableLines: string[] = [];
      let j = i;
      while (j < lines.length && lines[j]!.trim().startsWith("|")) tableLines.push(lines[j++]!);
      section.blocks.push({
        kind: "table",
        label,
        content: tableLines.join("\n"),
        table: parseMarkdownTable(tableLines),
      });
      label = "";
      i = j - 1;
    }
  }
  return sections;
}

/** Names in a "Query parameters" code block: lines like `&name=value // comment` or `?name=value`. */
export function parseQueryParamLines(content: string): string[] {
  const names: string[] = [];
  for (const line of content.split(/\r?\n/)) {
    const m = /^\s*[&?]?([A-Za-z_][\w.\-[\]]*)\s*=/.exec(line);
    if (m) names.push(m[1]!);
  }
  return unique(names);
}

/** All object keys, at any depth, of a JSON value. */
export function jsonKeys(value: unknown): string[] {
  const keys: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        keys.push(k);
        walk(child);
      }
    }
  };
  walk(value);
  return unique(keys);
}

/**
 * Keys of a JSON example in a code block: parsed as JSON; if that fails (the pages' examples are
 * not always valid JSON), every `"key":` token. Returns undefined for a block that is not JSON
 * (such as "NA").
 */
export function jsonBlockKeys(content: string): string[] | undefined {
  const t = content.trim();
  if (!/^[[{]/.test(t)) return undefined;
  try {
    return jsonKeys(JSON.parse(t));
  } catch {
    return unique([...t.matchAll(/"((?:[^"\\]|\\.)+)"\s*:/g)].map((m) => m[1]!));
  }
}

/**
 * A Markdown API page (MadConnect): each heading section with a code block starting with
 * "METHOD /path" is one operation. Query parameters come from the "Query parameters" block, path
 * parameters from the path (`<name>` or `{name}`), request fields from the "Request Body" JSON
 * block, response fields from the "Response" JSON block. The "Attributes" table's names go to the
 * request body where the request example has that key, to the response where the response
 * example has it, and otherwise must be in one of the two.
 */
export function parseMarkdownApiPage(text: string, page: string): ExpectedOperation[] {
  const ops: ExpectedOperation[] = [];
  for (const section of parseMarkdownSections(text)) {
    const mpBlock = section.blocks.find((b) => b.kind === "code" && parseMethodPath(firstLine(b.content)));
    if (!mpBlock) continue;
    const mp = parseMethodPath(firstLine(mpBlock.content))!;
    const params: ExpectedParam[] = pathTemplateParams(mp.path).map((name) => ({
      name,
      in: "path" as const,
    }));
    const query = [...mp.queryNames];
    let request: string[] = [];
    let response: string[] = [];
    const attributes: string[] = [];
    for (const block of section.blocks) {
      if (block === mpBlock) continue;
      if (block.kind === "code" && /query param/i.test(block.label)) query.push(...parseQueryParamLines(block.content));
      else if (block.kind === "code" && /request/i.test(block.label)) request = jsonBlockKeys(block.content) ?? [];
      else if (block.kind === "code" && /response/i.test(block.label)) response = jsonBlockKeys(block.content) ?? [];
      else if (block.kind === "table" && /attribute|parameter|field/i.test(block.label) && block.table) {
        attributes.push(...tableNames(block.table));
      }
    }
    for (const name of unique(query)) params.push({ name, in: "query" });
    const requestFields = unique([...request, ...attributes.filter((a) => request.includes(a))]);
    const responseFields = unique([...response, ...attributes.filter((a) => response.includes(a))]);
    const requestOrResponseFields = unique(attributes.filter((a) => !request.includes(a) && !response.includes(a)));
    ops.push({
      page,
      title: section.title,
      method: mp.method,
      path: mp.path,
      params,
      requestFields,
      responseFields,
      requestOrResponseFields,
    });
  }
  return ops;
}

function firstLine(content: string): string {
  return (
    content
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim() ?? ""
  );
}

// ---------------------------------------------------------------------------------------------
// Confluent: unindented OpenAPI YAML after "OpenAPI definition (YAML)"
// ---------------------------------------------------------------------------------------------

export interface ConfluentPage {
  operations: ExpectedOperation[];
  /** "METHOD/path" from the page's header line, e.g. "GET/networking/v1/...", parsed. */
  headerMethodPath?: { method: string; path: string };
}

const OPERATION_KEYS_AFTER_PARAMETERS =
  /^(responses|tags|security|requestBody|callbacks|servers|deprecated|operationId|summary|externalDocs):/;

/**
 * The YAML lost its indentation, so the structure is recovered from keys: a `/path:` line after
 * `paths:` starts a path; a `get:`/`post:`/... line right after a path line (or followed within a
 * few lines by `operationId:`) starts an operation; `- name: X` lines (with their `in: Y`) after
 * the operation's `parameters:` line, up to the next operation-level key, are its parameters.
 */
export function parseUnindentedOpenApiPage(text: string, page: string): ConfluentPage {
  const all = text.split(/\r?\n/);
  const header = all.map((l) => parseMethodPath(l.trim())).find((x) => x !== undefined);
  const start = all.findIndex((l) => /OpenAPI definition \(YAML\)/.test(l));
  if (start < 0) throw new Error(`${page}: no "OpenAPI definition (YAML)" line`);
  const lines = all.slice(start + 1).map((l) => l.trim());
  const ops: ExpectedOperation[] = [];
  let inPaths = false;
  let path: string | undefined;
  let prev = "";
  let op: ExpectedOperation | undefined;
  let inParams = false;
  let lastParam: ExpectedParam | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    if (line === "paths:") {
      inPaths = true;
    } else if (/^(components|servers|tags|info|security|webhooks|x-[\w-]+):\s*$/.test(line) && !op) {
      inPaths = false;
    } else if (inPaths && /^\/\S*:\s*$/.test(line)) {
      path = line.replace(/:\s*$/, "");
      op = undefined;
    } else if (
      path &&
      /^(get|put|post|delete|patch|head|options):\s*$/.test(line) &&
      (/^\/\S*:\s*$/.test(prev) || lines.slice(i + 1, i + 7).some((l) => l.startsWith("operationId:")))
    ) {
      op = {
        page,
        title: path,
        method: line.replace(/:\s*$/, "").toUpperCase(),
        path,
        params: [],
        requestFields: [],
        responseFields: [],
        requestOrResponseFields: [],
      };
      ops.push(op);
      inParams = false;
    } else if (op && !inParams && /^operationId:\s*\S/.test(line) && op.title === op.path) {
      op.title = line.replace(/^operationId:\s*/, "").trim();
    } else if (op && line === "parameters:") {
      inParams = true;
    } else if (op && inParams && OPERATION_KEYS_AFTER_PARAMETERS.test(line)) {
      inParams = false;
    } else if (op && inParams && /^- name:\s*/.test(line)) {
      const name = line.replace(/^- name:\s*/, "").replace(/^['"]|['"]$/g, "");
      lastParam = { name, in: "query" };
      op.params.push(lastParam);
    } else if (op && inParams && lastParam && /^in:\s*\w+/.test(line)) {
      lastParam.in = line.replace(/^in:\s*/, "").trim() as ParamLocation;
      lastParam = undefined;
    }
    prev = line;
  }
  return {
    operations: ops,
    headerMethodPath: header && { method: header.method, path: header.path },
  };
}

// ---------------------------------------------------------------------------------------------
// Spec side
// ---------------------------------------------------------------------------------------------

type Json = unknown;
type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A node of a loaded document together with the file it came from (for resolving its `$ref`s). */
export interface Located<T = Json> {
  node: T;
  file: string;
}

/** Loads YAML/JSON files once each and follows `$ref`s: `#/pointer`, `./file.yaml`, `./file.yaml#/pointer`. */
export class RefResolver {
  private readonly docs = new Map<string, Json>();

  constructor(private readonly readText: (file: string) => string = (f) => readFileSync(f, "utf8")) {}

  load(file: string): Json {
    const abs = resolvePath(file);
    if (!this.docs.has(abs)) this.docs.set(abs, loadYaml(this.readText(abs)));
    return this.docs.get(abs);
  }

  /** Follows `$ref` until the node is not a reference. */
  deref<T = Json>(loc: Located): Located<T> {
    let cur = loc;
    for (let depth = 0; isObject(cur.node) && typeof cur.node.$ref === "string"; depth++) {
      if (depth > 50) throw new Error(`$ref chain too long at ${cur.file}`);
      cur = this.follow(cur.node.$ref as string, cur.file);
    }
    return cur as Located<T>;
  }

  private follow(ref: string, fromFile: string): Located {
    const hash = ref.indexOf("#");
    const filePart = hash >= 0 ? ref.slice(0, hash) : ref;
    const pointer = hash >= 0 ? ref.slice(hash + 1) : "";
    const file = filePart === "" ? resolvePath(fromFile) : resolvePath(dirname(fromFile), filePart);
    let node = this.load(file);
    if (pointer !== "" && pointer !== "/") {
      for (const raw of pointer.replace(/^\//, "").split("/")) {
        const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(node)) node = node[Number(key)];
        else if (isObject(node)) node = node[key];
        else node = undefined;
        if (node === undefined) throw new Error(`unresolvable $ref ${ref} (from ${fromFile})`);
      }
    }
    return { node, file };
  }
}

export interface SpecParameter {
  name: string;
  in: string;
}

export interface SpecOperation {
  method: string;
  /** The path key in the spec. */
  specPath: string;
  /** Path as requested: the servers' base path (if any) + the path key. */
  fullPath: string;
  operationId?: string;
  params: SpecParameter[];
  requestBody?: Located;
  responses: Record<string, Located>;
}

function serverBasePaths(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  return servers.filter(isObject).map((s) => {
    const vars = isObject(s.variables) ? s.variables : {};
    const substitute = (text: string) =>
      text.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const v = vars[name];
        return isObject(v) && v.default !== undefined ? String(v.default) : whole;
      });
    let url = String(s.url ?? "");
    if (!url.includes("//")) url = substitute(url); // e.g. "{baseUrl}"
    url = substitute(url.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, ""));
    return url.replace(/\/+$/, "");
  });
}

/** Every operation of a spec document, with path-item and operation parameters resolved. */
export function listSpecOperations(resolver: RefResolver, file: string): SpecOperation[] {
  const abs = resolvePath(file);
  const root = resolver.load(abs);
  if (!isObject(root)) throw new Error(`${file}: not an object`);
  const rootBases = serverBasePaths(root.servers);
  const paths = resolver.deref<JsonObject>({
    node: root.paths ?? {},
    file: abs,
  });
  const ops: SpecOperation[] = [];
  for (const [specPath, rawItem] of Object.entries(paths.node)) {
    if (specPath.startsWith("x-")) continue;
    const item = resolver.deref<JsonObject>({
      node: rawItem,
      file: paths.file,
    });
    if (!isObject(item.node)) continue;
    const itemBases = serverBasePaths(item.node.servers);
    const bases = unique(itemBases.length > 0 ? itemBases : rootBases.length > 0 ? rootBases : [""]);
    const itemParams = Array.isArray(item.node.parameters) ? item.node.parameters : [];
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options", "trace"]) {
      const rawOp = item.node[method];
      if (rawOp === undefined) continue;
      const op = resolver.deref<JsonObject>({ node: rawOp, file: item.file });
      const opParams = Array.isArray(op.node.parameters) ? op.node.parameters : [];
      const params: SpecParameter[] = [];
      for (const [list, listFile] of [
        [itemParams, item.file],
        [opParams, op.file],
      ] as const) {
        for (const p of list) {
          const r = resolver.deref<JsonObject>({ node: p, file: listFile });
          if (isObject(r.node)) params.push({ name: String(r.node.name), in: String(r.node.in) });
        }
      }
      const responses: Record<string, Located> = {};
      const rawResponses = resolver.deref<JsonObject>({
        node: op.node.responses ?? {},
        file: op.file,
      });
      for (const [status, resp] of Object.entries(rawResponses.node)) {
        responses[status] = resolver.deref({
          node: resp,
          file: rawResponses.file,
        });
      }
      const requestBody =
        op.node.requestBody !== undefined ? resolver.deref({ node: op.node.requestBody, file: op.file }) : undefined;
      for (const base of bases) {
        ops.push({
          method: method.toUpperCase(),
          specPath,
          fullPath: base + specPath,
          operationId: typeof op.node.operationId === "string" ? op.node.operationId : undefined,
          params,
          requestBody,
          responses,
        });
      }
    }
  }
  return ops;
}

/** Schemas of every media type of a request body or response object. */
export function contentSchemas(resolver: RefResolver, holder: Located | undefined): Located[] {
  if (!holder || !isObject(holder.node) || !isObject(holder.node.content)) return [];
  const out: Located[] = [];
  for (const media of Object.values(holder.node.content)) {
    if (isObject(media) && media.schema !== undefined) out.push({ node: media.schema, file: holder.file });
  }
  return out;
}

/**
 * Every property name reachable from a schema: `properties` (and the schemas under them), `items`,
 * `allOf` / `oneOf` / `anyOf`, following `$ref`s.
 */
export function schemaFieldNames(resolver: RefResolver, schemas: Located[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (loc: Located) => {
    const { node, file } = resolver.deref<JsonObject>(loc);
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    if (isObject(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) {
        names.add(name);
        walk({ node: child, file });
      }
    }
    if (Array.isArray(node.items)) node.items.forEach((child) => walk({ node: child, file }));
    else if (node.items !== undefined) walk({ node: node.items, file });
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((child) => walk({ node: child, file }));
    }
  };
  schemas.forEach(walk);
  return names;
}

const normalisePath = (p: string) => p.replace(/\{[^}]+\}/g, "{}");

export interface OperationMatch {
  op: SpecOperation;
  /** Page path parameter name → spec path parameter name, where the spec renamed it. */
  renamed: Record<string, string>;
}

/**
 * The spec operation for a page's method + path: an exact path match first; failing that, the
 * one operation whose path differs only in the names of its path parameters.
 */
export function matchOperation(ops: SpecOperation[], method: string, path: string): OperationMatch | undefined {
  const sameMethod = ops.filter((o) => o.method === method.toUpperCase());
  const exact = sameMethod.find((o) => o.fullPath === path);
  if (exact) return { op: exact, renamed: {} };
  const structural = sameMethod.filter((o) => normalisePath(o.fullPath) === normalisePath(path));
  if (structural.length !== 1) return undefined;
  const op = structural[0]!;
  const pageNames = pathTemplateParams(path);
  const specNames = pathTemplateParams(op.fullPath);
  const renamed: Record<string, string> = {};
  pageNames.forEach((n, i) => {
    if (specNames[i] !== n) renamed[n] = specNames[i]!;
  });
  return { op, renamed };
}

/** The success response to check fields against: 200 if documented, else the lowest 2xx. */
export function successResponse(op: SpecOperation): [string, Located] | undefined {
  if (op.responses["200"]) return ["200", op.responses["200"]];
  const status = Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
  return status ? [status, op.responses[status]!] : undefined;
}

/** Everything the page documents that the matched spec operation lacks, one line per name. */
export function missingNames(resolver: RefResolver, expected: ExpectedOperation, match: OperationMatch): string[] {
  const { op, renamed } = match;
  const missing: string[] = [];
  for (const p of expected.params) {
    const specName = p.in === "path" ? (renamed[p.name] ?? p.name) : p.name;
    if (op.params.some((sp) => sp.name === specName && sp.in === p.in)) continue;
    const elsewhere = op.params.filter((sp) => sp.name === specName).map((sp) => sp.in);
    const note = [
      specName !== p.name ? `spec path names it "${specName}"` : "",
      elsewhere.length ? `found in: ${elsewhere.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    missing.push(`${p.in} param "${p.name}"${note ? ` (${note})` : ""}`);
  }
  const requestNames = schemaFieldNames(resolver, contentSchemas(resolver, op.requestBody));
  const success = successResponse(op);
  const responseNames = schemaFieldNames(resolver, contentSchemas(resolver, success?.[1]));
  const responseLabel = `response ${success?.[0] ?? "2xx (none documented)"}`;
  for (const f of expected.requestFields) if (!requestNames.has(f)) missing.push(`request body field "${f}"`);
  for (const f of expected.responseFields) if (!responseNames.has(f)) missing.push(`${responseLabel} field "${f}"`);
  for (const f of expected.requestOrResponseFields) {
    if (!requestNames.has(f) && !responseNames.has(f)) missing.push(`request body or ${responseLabel} field "${f}"`);
  }
  if (expected.errorResponseFields?.length) {
    const errorResponses = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
    const errorNames = schemaFieldNames(
      resolver,
      errorResponses.flatMap(([, response]) => contentSchemas(resolver, response)),
    );
    for (const f of expected.errorResponseFields) {
      if (!errorNames.has(f)) missing.push(`error response (4xx/5xx) field "${f}"`);
    }
  }
  return missing;
}
