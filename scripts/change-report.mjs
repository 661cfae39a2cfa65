#!/usr/bin/env node
// How the API surface changed between generated/ at a git ref and the working tree.
//
//   node scripts/change-report.mjs --base <git-ref> [--json FILE]   print the report (and write it as JSON)
//   node scripts/change-report.mjs --rules-doc                      rewrite specs/CHANGE-RULES.md from the registry
//
// In GitHub Actions the report is also appended to the job summary ($GITHUB_STEP_SUMMARY).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { diffApis, formatChangeReport, isDeclarationFile, reportJson, rulesMarkdown } from "./lib/change-report.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = "generated";
const RULES_DOC = "specs/CHANGE-RULES.md";
/** The generated files a consumer's types come from (the drift validators are code, not declarations). */

const git = (...args) =>
  execFileSync("git", args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });

/** generated/ at a git ref: { doc, files } (doc null when the ref has no merged document). */
function generatedAt(ref) {
  try {
    git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    throw new UsageError(`--base ${ref}: not a commit in this repository`);
  }
  let names = [];
  try {
    names = git("ls-tree", "--name-only", `${ref}:${OUT_DIR}`).split("\n").filter(Boolean);
  } catch {
    // the ref has no generated/: everything is new
  }
  const files = new Map(
    names.filter(isDeclarationFile).map((name) => [`${OUT_DIR}/${name}`, git("show", `${ref}:${OUT_DIR}/${name}`)]),
  );
  const doc = names.includes("openapi.yaml") ? parse(git("show", `${ref}:${OUT_DIR}/openapi.yaml`)) : null;
  return { doc, files };
}

function generatedInWorkingTree() {
  const dir = path.join(ROOT, OUT_DIR);
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const files = new Map(
    names.filter(isDeclarationFile).map((name) => [`${OUT_DIR}/${name}`, readFileSync(path.join(dir, name), "utf8")]),
  );
  if (!names.includes("openapi.yaml"))
    throw new UsageError(`${OUT_DIR}/openapi.yaml is missing: run \`npm run generate\``);
  return { doc: parse(readFileSync(path.join(dir, "openapi.yaml"), "utf8")), files };
}

class UsageError extends Error {}

function main() {
  const { values } = parseArgs({
    options: { base: { type: "string" }, json: { type: "string" }, "rules-doc": { type: "boolean" } },
  });
  if (values["rules-doc"]) {
    writeFileSync(path.join(ROOT, RULES_DOC), rulesMarkdown());
    console.log(`wrote ${RULES_DOC}`);
    return;
  }
  if (!values.base) throw new UsageError("--base <git-ref> is required");
  const before = generatedAt(values.base);
  const after = generatedInWorkingTree();
  if (!before.doc) console.log(`${values.base} has no ${OUT_DIR}/openapi.yaml: every operation is new.`);
  const changes = diffApis(before.doc, after.doc, { declarations: { before: before.files, after: after.files } });
  const report = formatChangeReport(changes);
  console.log(report);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(reportJson(changes), null, 2)}\n`);
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(
      process.env.GITHUB_STEP_SUMMARY,
      `## API changes against ${values.base}\n\n\`\`\`text\n${report}\n\`\`\`\n`,
    );
}

try {
  main();
} catch (error) {
  const usage =
    error instanceof UsageError ||
    ["ERR_PARSE_ARGS_UNKNOWN_OPTION", "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"].includes(error?.code);
  console.error(usage ? `change-report: ${error.message}` : error);
  process.exitCode = 2;
}
