#!/usr/bin/env node
// Scores the change report (scripts/lib/change-report) on the oasdiff-labelled corpus (manifest.json):
// for each pair, the report's verdict (breaking when one of its changes is breaking) against the label
// (oasdiff's verdict, or this project's where manifest.json records an override with its reason).
//
//   node test/change-report-corpus/oasdiff/score.mjs [--verbose] [--with-types]
//
// prints the accuracy (and with --verbose the disagreements). With --with-types, each spec's types are
// generated as `npm run generate` does (scripts/lib/types.mjs, openapi-typescript, and the command-line
// table, scripts/lib/cli.mjs) and the report gets the declarations before and after, so its safety net
// counts too, as in `npm run generate` (~3 s more).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { parse } from "yaml";
import { diffApis } from "../../../scripts/lib/change-report.mjs";
import { cliEntry } from "../../../scripts/lib/cli.mjs";
import { FORMAT } from "../../../scripts/lib/format.mjs";
import { METHODS } from "../../../scripts/lib/join.mjs";
import { typesModule } from "../../../scripts/lib/types.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const manifest = JSON.parse(readFileSync(path.join(HERE, "manifest.json"), "utf8"));

const load = (file) => parse(readFileSync(path.join(HERE, file), "utf8"));

/**
 * The generated declarations of each spec file of the corpus (file → generated file → TypeScript): its
 * types and its command-line table, as `npm run generate` writes them.
 */
export async function typesOfCorpus() {
  const files = [...new Set(manifest.pairs.flatMap((p) => [p.base, p.revision]))];
  const prettier = (content) => format(content, FORMAT);
  const generate = async (file) => {
    const doc = load(file);
    const generated = new Map([["generated/corpus.ts", await prettier(await typesModule(doc))]]);
    // The table needs an operationId on every operation, which the project's lint requires (some
    // corpus files have none: they get no table).
    const hasIds = Object.values(doc.paths ?? {}).every((item) =>
      Object.entries(item ?? {}).every(([key, op]) => !METHODS.has(key) || op?.operationId),
    );
    if (hasIds) {
      const [cliFile, cli] = await cliEntry({ name: "corpus", root: file, doc }, prettier, {});
      generated.set(`generated/${cliFile}`, cli);
    }
    return generated;
  };
  return new Map(await Promise.all(files.map(async (file) => [file, await generate(file)])));
}

/**
 * Each pair with its label, the report's verdict and the changes behind it; with `types` (from
 * typesOfCorpus), the declarations of the generated types are compared too (the safety net).
 */
export function scoreCorpus({ types } = {}) {
  const declarations = (file) => types.get(file);
  return manifest.pairs.map((pair) => {
    const label = pair.override?.expected ?? pair.oasdiff;
    let changes;
    let error;
    try {
      const options = types
        ? { declarations: { before: declarations(pair.base), after: declarations(pair.revision) } }
        : {};
      changes = diffApis(load(pair.base), load(pair.revision), options);
    } catch (e) {
      error = e.message;
      changes = [];
    }
    const verdict = error ? "error" : changes.some((c) => c.breaking) ? "breaking" : "not-breaking";
    return { ...pair, label, verdict, right: verdict === label, changes, error };
  });
}

export function summary(results) {
  const right = results.filter((r) => r.right).length;
  const overridden = results.filter((r) => r.override).length;
  const oasdiffRight = results.filter((r) => r.verdict === r.oasdiff).length;
  const pct = (n) => `${((100 * n) / results.length).toFixed(1)}%`;
  return {
    right,
    total: results.length,
    accuracy: right / results.length,
    line:
      `change report on ${results.length} oasdiff-labelled pairs: ${right}/${results.length} right (${pct(right)}); ` +
      `${overridden} labels overridden with a reason; against oasdiff's own labels only: ${oasdiffRight}/${results.length} (${pct(oasdiffRight)})`,
  };
}

export function describeDisagreement(r) {
  const found = r.error
    ? `error: ${r.error}`
    : r.changes.length
      ? r.changes.map((c) => `${c.rule} (${c.level})`).join(", ")
      : "no change";
  const expected = r.rules.length ? r.rules.map((x) => `${x.rule} (${x.level})`).join(", ") : "no ERR/WARN change";
  return `${r.base} → ${r.revision}: label ${r.label}, report ${r.verdict}\n    oasdiff: ${expected}\n    report:  ${found}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const types = process.argv.includes("--with-types") ? await typesOfCorpus() : undefined;
  const results = scoreCorpus({ types });
  const { line } = summary(results);
  if (process.argv.includes("--verbose"))
    for (const r of results.filter((x) => !x.right)) console.log(describeDisagreement(r));
  console.log(`${line}${types ? " (generated types compared too: the safety net counts)" : ""}`);
}
