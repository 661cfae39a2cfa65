#!/usr/bin/env node
// How the API surface changed between generated/ at a git ref and the working tree.
//
//   node scripts/change-report.mjs --base <git-ref> [--json FILE]   print the report (and write it as JSON)
//   node scripts/change-report.mjs --summary FILE [--base <git-ref>]
//                                   print the Markdown job summary of a report written with --json (CI)
//   node scripts/change-report.mjs --rules-doc                      rewrite specs/CHANGE-RULES.md from the registry
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { diffApis, formatChangeReport, reportJson, rulesMarkdown } from "./lib/change-report.mjs";
import { generatedAt, generatedInWorkingTree, OUT_DIR, sameFiles } from "./lib/change-report/generated-files.mjs";
import { jobSummary } from "./lib/change-report/summary.mjs";
import { NotAFileError } from "./lib/fingerprint.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RULES_DOC = "specs/CHANGE-RULES.md";

/** A commit of this repository, or a UsageError. */
function assertCommit(ref) {
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: ROOT, stdio: "ignore" });
  } catch {
    throw new UsageError(`--base ${ref}: not a commit in this repository`);
  }
}

class UsageError extends Error {}

function main() {
  const { values } = parseArgs({
    options: {
      base: { type: "string" },
      json: { type: "string" },
      summary: { type: "string" },
      "rules-doc": { type: "boolean" },
    },
  });
  if (values.summary !== undefined) {
    try {
      const report = JSON.parse(readFileSync(values.summary, "utf8"));
      process.stdout.write(jobSummary(report, { base: values.base }));
    } catch (error) {
      throw new UsageError(`--summary ${values.summary}: ${error.message}`);
    }
    return;
  }
  if (values["rules-doc"]) {
    writeFileSync(path.join(ROOT, RULES_DOC), rulesMarkdown());
    console.log(`wrote ${RULES_DOC}`);
    return;
  }
  if (!values.base) throw new UsageError("--base <git-ref> is required");
  assertCommit(values.base);
  const before = generatedAt(ROOT, values.base);
  const after = generatedInWorkingTree(ROOT);
  if (!after.hasDoc) throw new UsageError(`${OUT_DIR}/openapi.yaml is missing: run \`npm run generate\``);
  if (!before.hasDoc) console.log(`${values.base} has no ${OUT_DIR}/openapi.yaml: every operation is new.`);
  // The same files at the base (a commit that changed no spec): nothing to parse, no change.
  const changes = sameFiles(before, after)
    ? []
    : diffApis(before.doc, after.doc, { declarations: { before: before.files, after: after.files } });
  const report = formatChangeReport(changes);
  console.log(report);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(reportJson(changes), null, 2)}\n`);
}

try {
  main();
} catch (error) {
  const usage =
    error instanceof UsageError ||
    ["ERR_PARSE_ARGS_UNKNOWN_OPTION", "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"].includes(error?.code);
  console.error(usage || error instanceof NotAFileError ? `change-report: ${error.message}` : error);
  process.exitCode = error instanceof NotAFileError ? 1 : 2;
}
