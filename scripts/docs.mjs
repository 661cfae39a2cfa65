#!/usr/bin/env node
// `npm run docs`: a static HTML API reference of the merged spec (docs/index.html), one page with
// a section per vendor. Redoc does not show vendor extensions, so the pagination declarations and
// the documented error codes are written into the descriptions of a copy of the spec first.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { redocly } from "./lib/redocly.mjs";
import { operations, resolve } from "./lib/schema.mjs";
import { X_ERROR_CODES, X_PAGINATION } from "./lib/extensions.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORK = path.join(ROOT, ".cache", "docs");
export const DOCS_FILE = path.join(ROOT, "docs", "index.html");

const cell = (value) =>
  String(value ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\s+/g, " ");

function paginationSection(declaration) {
  const rows = Object.entries(declaration).map(([key, value]) => `| \`${key}\` | \`${cell(value)}\` |`);
  return `\n\n### Pagination (\`x-pagination\`)\n\n| key | value |\n| --- | --- |\n${rows.join("\n")}\n\n\`client.paginate()\` pages this operation by this declaration.`;
}

function errorCodesSection(codes) {
  const rows = Object.entries(codes).map(
    ([code, info]) => `| \`${code}\` | ${cell(info.status)} | ${cell(info.message)} | ${cell(info.solution)} |`,
  );
  return `\n\n### Error codes\n\nThe codes the vendor documents (the spec's \`x-error-codes\`):\n\n| code | status | message | solution |\n| --- | --- | --- | --- |\n${rows.join("\n")}`;
}

/** Every x-error-codes map reachable from a node, following local $refs. */
function errorCodesUnder(doc, node, found = {}, seen = new Set()) {
  if (!node || typeof node !== "object" || seen.has(node)) return found;
  seen.add(node);
  if (typeof node.$ref === "string") return errorCodesUnder(doc, resolve(doc, node), found, seen);
  if (node[X_ERROR_CODES]) Object.assign(found, node[X_ERROR_CODES]);
  for (const value of Object.values(node)) errorCodesUnder(doc, value, found, seen);
  return found;
}

/** The error codes each tag's operations document in their responses: tag → { code: info }. */
export function errorCodesByTag(doc) {
  const byTag = new Map();
  for (const { operation } of operations(doc)) {
    const codes = errorCodesUnder(doc, operation.responses);
    if (Object.keys(codes).length === 0) continue;
    for (const tag of operation.tags ?? []) byTag.set(tag, { ...byTag.get(tag), ...codes });
  }
  return byTag;
}

/**
 * Writes each operation's x-pagination into its description, and the error codes its error
 * responses document into the description of its tag, so that each vendor's section lists them.
 */
export function documentExtensions(doc) {
  const codesByTag = errorCodesByTag(doc);
  for (const { operation } of operations(doc)) {
    if (operation[X_PAGINATION])
      operation.description = `${operation.description ?? ""}${paginationSection(operation[X_PAGINATION])}`;
  }
  for (const tag of doc.tags ?? []) {
    const codes = codesByTag.get(tag.name);
    if (codes) tag.description = `${tag.description ?? ""}${errorCodesSection(codes)}`;
  }
  return doc;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = documentExtensions(parse(readFileSync(path.join(ROOT, "generated", "openapi.yaml"), "utf8")));
  mkdirSync(WORK, { recursive: true });
  mkdirSync(path.dirname(DOCS_FILE), { recursive: true });
  const spec = path.join(WORK, "openapi.yaml");
  writeFileSync(spec, stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }));
  const result = await redocly(
    ["build-docs", spec, "-o", DOCS_FILE, "--title", "connectivity-clients API reference", "--inlineBundle"],
    { cwd: ROOT },
  );
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
