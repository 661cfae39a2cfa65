/**
 * Coverage of the vendor pages by the specs: every parameter and request/response field name a page
 * in `specs/sources/` documents must appear in the operation of the spec that has the page's own
 * method + path. The names are parsed from the pages (see `test/support/page-parsers.ts`), never
 * typed in here; the second block checks that the parsers really found the pages' names, so a
 * parser that finds nothing cannot make the coverage tests pass vacuously.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type ExpectedOperation,
  listSpecOperations,
  matchOperation,
  missingNames,
  parseMarkdownApiPage,
  parseMarkdownSections,
  parseMethodPath,
  parseOtcRstPage,
  parseUnindentedOpenApiPage,
  RefResolver,
} from "./support/page-parsers";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sourcePath = (page: string) => resolve(ROOT, "specs/sources", page);
const readSource = (page: string) => readFileSync(sourcePath(page), "utf8");

interface PageSpec {
  page: string;
  /** Root document of the spec written from the page (its $refs are followed). */
  spec: string;
  parse: (text: string, page: string) => ExpectedOperation[];
}

const PAGES: PageSpec[] = [
  {
    page: "otc-vpcep-query-connections.rst",
    spec: "specs/otc-vpcep/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-query-subnets.rst",
    spec: "specs/otc-vpc/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "madconnect-connections.md",
    spec: "specs/madconnect/openapi.yaml",
    parse: parseMarkdownApiPage,
  },
  {
    page: "confluent-private-link-attachment-connections.txt",
    spec: "specs/confluent/openapi.yaml",
    parse: (text, page) => parseUnindentedOpenApiPage(text, page).operations,
  },
];

function describeExpected(op: ExpectedOperation): string {
  return `${op.method} ${op.path} (${op.title})`;
}

for (const { page, spec, parse } of PAGES) {
  describe(`${page} is covered by ${spec}`, () => {
    let expected: ExpectedOperation[];
    try {
      expected = parse(readSource(page), page);
    } catch (error) {
      it("page parses", () => {
        throw error;
      });
      return;
    }

    it("page documents at least one operation", () => {
      expect(expected.length).toBeGreaterThan(0);
    });

    for (const op of expected) {
      it(describeExpected(op), () => {
        const specFile = resolve(ROOT, spec);
        expect(existsSync(specFile), `${spec} does not exist`).toBe(true);
        const resolver = new RefResolver();
        const ops = listSpecOperations(resolver, specFile);
        const match = matchOperation(ops, op.method, op.path);
        expect(
          match,
          `${spec} has no ${op.method} ${op.path}; it has: ${ops.map((o) => `${o.method} ${o.fullPath}`).join(", ")}`,
        ).toBeDefined();
        const missing = missingNames(resolver, op, match!);
        expect(missing, `names documented by ${page} for ${describeExpected(op)} missing from ${spec}`).toEqual([]);
      });
    }
  });
}

/** Counts from the page text itself, independent of the parsers. */
const countMatches = (text: string, re: RegExp) => [...text.matchAll(re)].length;

describe("page parsers find the names the pages document", () => {
  it("otc-vpcep: method + path, URI and query parameters, response and nested-object fields", () => {
    const page = "otc-vpcep-query-connections.rst";
    const text = readSource(page);
    const parsed = parseOtcRstPage(text, page);
    const op = parsed.operation;
    expect(`${op.method} ${op.path}`).toBe(
      "GET /v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
    );
    expect(parsed.unclassified.map((t) => t.caption)).toEqual([]);
    expect(parsed.tables.length).toBeGreaterThanOrEqual(5);
    expect(op.params.filter((p) => p.in === "path").map((p) => p.name)).toEqual([
      "project_id",
      "vpc_endpoint_service_id",
    ]);
    expect(op.params.filter((p) => p.in === "query").length).toBeGreaterThanOrEqual(7);
    expect(op.params.length).toBeGreaterThan(5);
    expect(parsed.tableResponseFields.length).toBeGreaterThan(10);
    // The nested tables are read too (the connection object and its error object).
    expect(op.responseFields).toEqual(expect.arrayContaining(["connections", "total_count", "error_code"]));
    // Every key of the example response is documented in a table: the tables were read completely.
    expect(parsed.exampleResponseKeys.length).toBeGreaterThan(5);
    expect(parsed.exampleResponseKeys.filter((k) => !parsed.tableResponseFields.includes(k))).toEqual([]);
    // The query string on the URI line names the same parameters as the tables.
    const uriQuery = parseMethodPath(
      text
        .split("\n")
        .find((l) => /^\s*GET \//.test(l))!
        .trim(),
    )!.queryNames;
    expect(uriQuery.filter((n) => !parsed.tableParams.includes(n))).toEqual([]);
  });

  it("otc-vpc: method + path, parameters and response fields from tables at column 0", () => {
    const page = "otc-vpc-query-subnets.rst";
    const text = readSource(page);
    const parsed = parseOtcRstPage(text, page);
    const op = parsed.operation;
    expect(`${op.method} ${op.path}`).toBe("GET /v1/{project_id}/subnets");
    expect(parsed.unclassified.map((t) => t.caption)).toEqual([]);
    expect(parsed.tables.length).toBeGreaterThanOrEqual(4);
    expect(op.params.filter((p) => p.in === "path").map((p) => p.name)).toEqual(["project_id"]);
    expect(op.params.filter((p) => p.in === "query").length).toBeGreaterThanOrEqual(3);
    // One name per table row: the data rows of the page's tables (rows start with "| name |").
    const tableRowNames = countMatches(text, /^\| [A-Za-z_]\w* \|/gm) - countMatches(text, /^\| Name \|/gm);
    expect(parsed.tableParams.length + parsed.tableResponseFields.length).toBe(tableRowNames);
    expect(parsed.tableResponseFields.length).toBeGreaterThan(20);
    expect(op.responseFields).toEqual(expect.arrayContaining(["subnets", "extra_dhcp_opts", "opt_name"]));
    expect(parsed.exampleResponseKeys.length).toBeGreaterThan(10);
    expect(parsed.exampleResponseKeys.filter((k) => !parsed.tableResponseFields.includes(k))).toEqual([]);
  });

  it("madconnect: one operation per #### section with its path, query, body and attribute names", () => {
    const page = "madconnect-connections.md";
    const text = readSource(page);
    const ops = parseMarkdownApiPage(text, page);
    expect(ops.length).toBe(countMatches(text, /^#### /gm));
    expect(ops.length).toBeGreaterThanOrEqual(6);
    const keys = ops.map((o) => `${o.method} ${o.path}`);
    expect(new Set(keys).size, "each section has its own method + path").toBe(keys.length);
    const sections = parseMarkdownSections(text).filter((s) => s.level === 4);
    for (const op of ops) {
      expect(op.params.filter((p) => p.in === "query").length, op.title).toBeGreaterThanOrEqual(1);
      expect(op.responseFields, op.title).toEqual(expect.arrayContaining(["statusCode", "statusMessage", "response"]));
      // Every "Attributes" table row is assigned somewhere.
      const table = sections.find((s) => s.title === op.title)?.blocks.find((b) => b.kind === "table")?.table;
      const assigned = new Set([...op.requestFields, ...op.responseFields, ...op.requestOrResponseFields]);
      expect(table?.rows.filter((r) => !assigned.has(r[0]!)) ?? [], op.title).toEqual([]);
    }
    const list = ops.find((o) => o.method === "GET" && o.path === "/es/v2/connections")!;
    expect(list.params.filter((p) => p.in === "query").length).toBeGreaterThanOrEqual(5);
    expect(list.responseFields.length).toBeGreaterThan(15);
    const create = ops.find((o) => o.method === "POST")!;
    expect(create.requestFields.length).toBeGreaterThanOrEqual(7);
    const status = ops.find((o) => o.path.includes("/status/"))!;
    expect(status.params.filter((p) => p.in === "path").map((p) => p.name)).toEqual(["connection_id", "status"]);
  });

  it("confluent: the operation's parameters from the unindented YAML", () => {
    const page = "confluent-private-link-attachment-connections.txt";
    const text = readSource(page);
    const parsed = parseUnindentedOpenApiPage(text, page);
    expect(parsed.operations.length).toBe(1);
    const op = parsed.operations[0]!;
    expect(`${op.method} ${op.path}`).toBe(`${parsed.headerMethodPath?.method} ${parsed.headerMethodPath?.path}`);
    const yaml = text.slice(text.indexOf("OpenAPI definition (YAML)"));
    expect(op.params.length).toBe(countMatches(yaml, /^- name: /gm));
    expect(op.params.length).toBeGreaterThanOrEqual(4);
    expect(op.params.every((p) => p.in === "query")).toBe(true);
  });
});
