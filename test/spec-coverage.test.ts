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
  findRstTables,
  listSpecOperations,
  matchOperation,
  missingNames,
  parseMarkdownApiPage,
  parseMarkdownSections,
  parseMethodPath,
  parseOtcRstPage,
  parseUnindentedOpenApiPage,
  RefResolver,
  successResponse,
} from "./support/page-parsers.js";

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
    page: "otc-vpcep-accept-or-reject-connections.rst",
    spec: "specs/otc-vpcep/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-query-subnets.rst",
    spec: "specs/otc-vpc/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-query-subnet-details.rst",
    spec: "specs/otc-vpc/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-create-subnet.rst",
    spec: "specs/otc-vpc/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-update-subnet.rst",
    spec: "specs/otc-vpc/openapi.yaml",
    parse: (text, page) => [parseOtcRstPage(text, page).operation],
  },
  {
    page: "otc-vpc-delete-subnet.rst",
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

/**
 * The names in the first cell of a page's grid-table rows (`| name |`, `| **name** |`, indented or
 * not), read with a regular expression instead of the table parser; header cells excluded.
 */
const gridRowNames = (text: string) =>
  new Set(
    [...text.matchAll(/^\s*\|\s*\**([A-Za-z_][\w]*)\**\s+\|/gm)]
      .map((m) => m[1]!)
      .filter((name) => !/^(Parameter|Name)$/.test(name)),
  );

/**
 * The number of JSON example bodies on an RST page: a `{` line that opens a `.. code-block::` or
 * that follows the request line (`POST https://...`) at the top of one, read without the parsers.
 */
const jsonExampleCount = (text: string) => {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return lines.filter(
    (l, i) => l.trim() === "{" && i > 0 && /^\s*(\.\. code-block::|(GET|POST|PUT|DELETE) https?:)/.test(lines[i - 1]!),
  ).length;
};

/** The sibling OTC pages added beyond the first four: one operation each. */
const EXTRA_OTC_PAGES = [
  {
    page: "otc-vpcep-accept-or-reject-connections.rst",
    operation: "POST /v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action",
    path: ["project_id", "vpc_endpoint_service_id"],
    request: ["action", "endpoints"],
    response: ["connections", "marker_id", "status", "error", "error_code", "error_message"],
  },
  {
    page: "otc-vpc-query-subnet-details.rst",
    operation: "GET /v1/{project_id}/subnets/{subnet_id}",
    path: ["project_id", "subnet_id"],
    request: [],
    response: ["subnet", "availability_zone", "extra_dhcp_opts", "opt_name", "opt_value", "scope"],
  },
  {
    page: "otc-vpc-create-subnet.rst",
    operation: "POST /v1/{project_id}/subnets",
    path: ["project_id"],
    request: ["subnet", "name", "cidr", "gateway_ip", "vpc_id", "availability_zone", "extra_dhcp_opts", "opt_name"],
    response: ["subnet", "id", "status", "neutron_subnet_id_v6", "scope", "opt_value"],
  },
  {
    page: "otc-vpc-update-subnet.rst",
    operation: "PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}",
    path: ["project_id", "vpc_id", "subnet_id"],
    request: ["subnet", "name", "description", "dnsList", "extra_dhcp_opts", "opt_value", "opt_name"],
    response: ["subnet", "id", "status"],
  },
  {
    page: "otc-vpc-delete-subnet.rst",
    operation: "DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}",
    path: ["project_id", "vpc_id", "subnet_id"],
    request: [],
    response: [],
  },
];

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

  for (const extra of EXTRA_OTC_PAGES) {
    it(`${extra.page}: method + path, URI parameters, every table row, the example bodies`, () => {
      const text = readSource(extra.page);
      const parsed = parseOtcRstPage(text, extra.page);
      const op = parsed.operation;
      expect(`${op.method} ${op.path}`).toBe(extra.operation);
      expect(parsed.unclassified.map((t) => t.caption)).toEqual([]);
      expect(op.params.filter((p) => p.in === "path").map((p) => p.name)).toEqual(extra.path);
      expect(op.params.filter((p) => p.in !== "path")).toEqual([]);
      expect(op.requestFields).toEqual(expect.arrayContaining(extra.request));
      expect(op.responseFields).toEqual(expect.arrayContaining(extra.response));
      if (extra.request.length === 0) expect(op.requestFields).toEqual([]);
      if (extra.response.length === 0) expect(op.responseFields).toEqual([]);
      // Every grid-table row of the page was read, in the section it belongs to.
      const parsedNames = new Set([...parsed.tableParams, ...parsed.tableRequestFields, ...parsed.tableResponseFields]);
      expect([...gridRowNames(text)].filter((n) => !parsedNames.has(n))).toEqual([]);
      // Each example body was read, and every key in it is documented in a table of its section.
      const jsonExamples = jsonExampleCount(text);
      expect(jsonExamples, "JSON examples on the page").toBe(
        (parsed.exampleRequestKeys.length > 0 ? 1 : 0) +
          (parsed.exampleResponseKeys.length > 0 ? 1 : 0) +
          (parsed.exampleErrorKeys.length > 0 ? 1 : 0),
      );
      expect(parsed.exampleRequestKeys.filter((k) => !parsed.tableRequestFields.includes(k))).toEqual([]);
      expect(parsed.exampleResponseKeys.filter((k) => !parsed.tableResponseFields.includes(k))).toEqual([]);
    });
  }

  it("otc-vpcep accept/reject: the error-body example goes to the error responses, not the 200 body", () => {
    const page = "otc-vpcep-accept-or-reject-connections.rst";
    const parsed = parseOtcRstPage(readSource(page), page);
    expect(parsed.exampleErrorKeys).toEqual(["error_code", "error_msg"]);
    expect(parsed.operation.errorResponseFields).toEqual(["error_code", "error_msg"]);
    expect(parsed.operation.responseFields).not.toContain("error_msg");
  });

  it("otc-vpc create/update: the request body printed after the request line is read", () => {
    for (const page of ["otc-vpc-create-subnet.rst", "otc-vpc-update-subnet.rst"]) {
      const parsed = parseOtcRstPage(readSource(page), page);
      expect(parsed.exampleRequestKeys, page).toEqual(expect.arrayContaining(["subnet", "name", "opt_name"]));
    }
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

  it('madconnect: the ids a request sends have the page\'s "16-character identifier" length', () => {
    const text = readSource("madconnect-connections.md");
    expect(countMatches(text, /16-character identifier/g)).toBeGreaterThanOrEqual(10);
    const spec = loadSpec("specs/madconnect/openapi.yaml");
    const sixteen = { type: "string", minLength: 16, maxLength: 16 };
    expect(spec.components.parameters.AccountId.schema).toEqual(sixteen);
    expect(spec.components.parameters.ConnectionId.schema).toEqual(sixteen);
    expect(spec.components.schemas.UpdateConnectionRequest.properties.id).toMatchObject(sixteen);
    // The create body's ids have none: the page's body sample writes "string" for them (its x-decision says so).
    expect(spec.components.schemas.CreateConnectionRequest["x-decision"]).toContain("16-character identifier");
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

// ---------------------------------------------------------------------------------------------
// Appendices: status codes and error codes
// ---------------------------------------------------------------------------------------------

const loadSpec = (spec: string) => new RefResolver().load(resolve(ROOT, spec)) as Record<string, any>;

/** The `x-error-codes` map on the `error_code` property of a spec's ErrorResponse schema. */
const specErrorCodes = (spec: string): Record<string, Record<string, unknown>> | undefined =>
  loadSpec(spec).components?.schemas?.ErrorResponse?.properties?.error_code?.["x-error-codes"];

/** RST inline literals (``x``) as the spec writes them: Markdown code (`x`). */
const rstLiterals = (text: string) => text.replace(/``([^`]+)``/g, "`$1`");

describe("otc-vpcep-error-codes.rst: every error code of the appendix is in the spec's x-error-codes", () => {
  const page = "otc-vpcep-error-codes.rst";
  const spec = "specs/otc-vpcep/openapi.yaml";
  const text = readSource(page);
  const table = findRstTables(text).find((t) => /error codes/i.test(t.caption));
  const column = (name: string) => table?.header.findIndex((h) => h === name) ?? -1;
  const rows = (table?.rows ?? []).map((r) => ({
    status: Number(r[column("Status Code")]),
    code: r[column("Error Code")]!,
    message: r[column("Error Message")]!,
    description: r[column("Description")]!,
    solution: r[column("Solution")]!,
  }));

  it("the appendix table is read completely (one entry per `| 4xx/5xx |` row)", () => {
    expect(table, "the Error codes table").toBeDefined();
    expect(["Status Code", "Error Code", "Error Message", "Description", "Solution"].map(column)).not.toContain(-1);
    expect(rows.length).toBe(countMatches(text, /^\s*\|\s*\d{3}\s+\|\s*End[Pp]oint\.\d+\s+\|/gm));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => !Number.isInteger(r.status) || r.code === "")).toEqual([]);
  });

  it("every row is in x-error-codes with its status, message, description and solution", () => {
    const codes = specErrorCodes(spec);
    expect(codes, `${spec}: ErrorResponse.error_code has no x-error-codes`).toBeDefined();
    const wrong = rows.filter((r) => {
      const entry = codes![r.code];
      return (
        !entry ||
        entry.status !== r.status ||
        entry.message !== rstLiterals(r.message) ||
        entry.description !== rstLiterals(r.description) ||
        entry.solution !== rstLiterals(r.solution)
      );
    });
    expect(
      wrong.map((r) => `${r.code} (${r.status})`),
      "appendix rows missing or different in x-error-codes",
    ).toEqual([]);
  });

  it("x-error-codes lists no code the appendix lacks", () => {
    const documented = new Set(rows.map((r) => r.code));
    expect(Object.keys(specErrorCodes(spec) ?? {}).filter((code) => !documented.has(code))).toEqual([]);
  });

  it("generated/otc-vpcep.error-codes.ts exports the same error codes", async () => {
    const generated = (await import("../generated/otc-vpcep.error-codes.js")) as {
      errorCodes?: Record<string, unknown>;
    };
    expect(generated.errorCodes).toEqual(specErrorCodes(spec));
  });
});

describe("otc-vpc: no Error Codes appendix among the sources, so x-error-codes is empty", () => {
  it("the VPC pages refer to Error Codes (vpc_api_0003), which is not in specs/sources/", () => {
    const pages = [
      "otc-vpc-query-subnet-details.rst",
      "otc-vpc-create-subnet.rst",
      "otc-vpc-update-subnet.rst",
      "otc-vpc-delete-subnet.rst",
    ];
    for (const page of pages) expect(readSource(page), page).toContain("<vpc_api_0003>");
    expect(existsSync(sourcePath("otc-vpc-error-codes.rst"))).toBe(false);
    expect(readSource("otc-vpc-status-codes.rst")).not.toMatch(/Error Code/i);
  });

  it("the spec's x-error-codes is present and empty, and generated/otc-vpc.error-codes.ts has no codes", async () => {
    expect(specErrorCodes("specs/otc-vpc/openapi.yaml")).toEqual({});
    const generated = (await import("../generated/otc-vpc.error-codes.js")) as {
      errorCodes?: Record<string, unknown>;
    };
    expect(generated.errorCodes).toEqual({});
  });
});

const STATUS_PAGES = [
  { page: "otc-vpcep-status-codes.rst", spec: "specs/otc-vpcep/openapi.yaml" },
  { page: "otc-vpc-status-codes.rst", spec: "specs/otc-vpc/openapi.yaml" },
];

for (const { page, spec } of STATUS_PAGES) {
  describe(`${page}: every operation of ${spec} has the appendix's statuses`, () => {
    const tables = findRstTables(readSource(page));
    const statuses = (caption: RegExp) =>
      tables
        .filter((t) => caption.test(t.caption))
        .flatMap((t) => t.rows)
        .map((r) => ({ status: /\b\d{3}\b/.exec(r[0] ?? "")?.[0] ?? "", text: r.join(" ") }));
    const normal = statuses(/successful|normal/i);
    const failures = statuses(/failed|abnormal/i).map((s) => s.status);

    it("the appendix lists success and failure statuses", () => {
      expect(normal.map((s) => s.status)).toContain("200");
      expect(normal.map((s) => s.status)).toContain("204");
      expect(failures.length).toBe(14);
    });

    const ops = listSpecOperations(new RefResolver(), resolve(ROOT, spec));
    for (const op of ops) {
      it(`${op.method} ${op.specPath} (${op.operationId})`, () => {
        const declared = Object.keys(op.responses);
        expect(
          failures.filter((s) => !declared.includes(s)),
          "failure statuses not declared",
        ).toEqual([]);
        // The success statuses: those whose appendix row names the operation's method.
        const allowed = normal.filter((s) => new RegExp(`\\b${op.method}\\b`).test(s.text)).map((s) => s.status);
        const success = declared.filter((s) => /^2\d\d$/.test(s));
        expect(success.length).toBeGreaterThan(0);
        expect(
          success.filter((s) => !allowed.includes(s)),
          `allowed for ${op.method}: ${allowed}`,
        ).toEqual([]);
        expect(successResponse(op)?.[0]).toBe(success.sort()[0]);
      });
    }
  });
}
