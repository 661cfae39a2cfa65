// The specs workflow's job summary (.github/workflows/specs.yml): Markdown made from the JSON report that
// `node scripts/change-report.mjs --json FILE` writes, by `--summary FILE` (scripts/lib/change-report/summary.mjs).
// The reports are real ones: diffApis and reportJson on small fixture documents, in-process; one test runs
// the command on a JSON file.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

type Json = Record<string, any>;
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { diffApis, reportJson } = await load("../scripts/lib/change-report.mjs");
const { jobSummary } = await load("../scripts/lib/change-report/summary.mjs");
const ROOT = path.resolve(import.meta.dirname, "..");

/** OTC VPC's GET /things (its components prefixed OtcVpc_, as the merged document has them). */
function things({ status = ["OK", "ERROR"], deprecated = false, extra = false } = {}): Json {
  const operation = (operationId: string) => ({
    operationId,
    deprecated,
    responses: {
      "200": {
        description: "OK",
        content: { "application/json": { schema: { $ref: "#/components/schemas/OtcVpc_Thing" } } },
      },
    },
  });
  return {
    openapi: "3.0.3",
    info: { title: "Test", version: "1.0.0" },
    paths: {
      "/v1/things": { get: operation("listThings") },
      ...(extra ? { "/v1/thing-copies": { get: operation("listThingCopies") } } : {}),
    },
    components: {
      schemas: {
        OtcVpc_Thing: {
          type: "object",
          properties: {
            status: { type: "string", enum: status },
            items: { type: "array", items: { oneOf: [{ type: "string" }, { type: "integer" }] } },
          },
        },
      },
    },
  };
}

const report = (before: Json, after: Json) => reportJson(diffApis(before, after));

describe("the job summary of a change report", () => {
  it("counts each level, lists the BREAKING changes and folds the others away", () => {
    const json = report(things(), things({ status: ["OK"], deprecated: true, extra: true }));
    expect(json.changes.map((c: Json) => c.level).sort()).toEqual(["addition", "breaking", "info"]);
    const summary = jobSummary(json, { base: "abc1234" });
    expect(summary).toBe(
      [
        "## API changes against `abc1234`",
        "",
        "| level | changes |",
        "| --- | ---: |",
        "| BREAKING | 1 |",
        "| addition | 1 |",
        "| compatible change | 0 |",
        "| info (documentation, deprecations) | 1 |",
        "",
        "### BREAKING",
        "",
        "- **otc-vpc** `GET /v1/things: response 200 field status values: removed ERROR`",
        "",
        "<details><summary>The other 2 change(s)</summary>",
        "",
        ...json.changes.filter((c: Json) => c.level !== "breaking").map((c: Json) => `- **otc-vpc** \`${c.message}\``),
        "",
        "</details>",
        "",
      ].join("\n"),
    );
    expect(summary).toMatch(/^- \*\*otc-vpc\*\* `operation GET \/v1\/thing-copies \(listThingCopies\) added`$/m);
    expect(summary).toMatch(/^- \*\*otc-vpc\*\* `GET \/v1\/things: operation deprecated`$/m);
  });

  it("says the surface is unchanged when the report is empty, and lists no section", () => {
    expect(jobSummary(report(things(), things()))).toBe("## API changes\n\nAPI surface unchanged.\n");
  });

  it("writes each message as a code span, which Markdown reads nothing in (also one holding backticks)", () => {
    const change = (message: string) => ({ api: null, level: "breaking", rule: "r", operation: null, message });
    const summary = jobSummary({
      schemaVersion: 1,
      breaking: 2,
      additions: 0,
      changes: [change("field items[]<oneOf A_B>.x | y"), change("the `x` table\nchanged")],
    });
    expect(summary).toContain("\n- `field items[]<oneOf A_B>.x | y`\n");
    expect(summary).toContain("\n- `` the `x` table changed ``\n");
  });

  it("lists at most 200 changes per part and says how many more there are", () => {
    const changes = Array.from({ length: 203 }, (_, i) => ({ api: "otc-vpc", level: "breaking", message: `m${i}` }));
    const lines: string[] = jobSummary({ schemaVersion: 1, breaking: 203, additions: 0, changes }).split("\n");
    expect(lines.filter((line) => line.startsWith("- **otc-vpc** `m"))).toHaveLength(200);
    expect(lines).toContain("- … and 3 more (the job's log has them all)");
  });

  it("refuses what is no change report of schemaVersion 1", () => {
    expect(() => jobSummary({ schemaVersion: 2, changes: [] })).toThrow(TypeError);
    expect(() => jobSummary({ schemaVersion: 1, changes: [{ level: "major", message: "x" }] })).toThrow(
      'a change without a known level and a message: {"level":"major","message":"x"}',
    );
  });

  it("is what the specs workflow writes to the job summary, from the JSON file its change report step writes", () => {
    const workflow = readFileSync(path.join(ROOT, ".github/workflows/specs.yml"), "utf8");
    const written = /change-report\.mjs --base "[^"]*" --json "([^"]+)"/.exec(workflow)?.[1];
    expect(written).toBe("$RUNNER_TEMP/change-report.json");
    const summaries = workflow.split("\n").filter((line) => line.includes("GITHUB_STEP_SUMMARY"));
    expect(summaries.map((line) => line.trim())).toEqual([
      `node scripts/change-report.mjs --summary "${written}" --base "\${BASE:-HEAD^}" >> "$GITHUB_STEP_SUMMARY"`,
    ]);
  });

  it("`node scripts/change-report.mjs --summary FILE --base REF` prints it from a --json file; a bad file exits 2", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "connectivity-summary-"));
    try {
      const json = report(things(), things({ status: ["OK"] }));
      const file = path.join(dir, "change-report.json");
      writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, [path.join(ROOT, "scripts/change-report.mjs"), ...args], {
          encoding: "utf8",
        });
      const { stdout } = await run("--summary", file, "--base", "HEAD^");
      expect(stdout).toBe(jobSummary(json, { base: "HEAD^" }));
      const missing = await run("--summary", path.join(dir, "none.json")).catch((error) => error);
      expect([missing.code, missing.stdout]).toEqual([2, ""]);
      expect(missing.stderr).toMatch(/^change-report: --summary .*none\.json: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
