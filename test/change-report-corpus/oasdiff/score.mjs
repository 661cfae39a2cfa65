#!/usr/bin/env node
// Scores the change report (scripts/lib/change-report) on the oasdiff-labelled corpus (manifest.json):
// for each pair, the report's verdict (breaking when one of its changes is breaking) against the label
// (oasdiff's verdict, or this project's where manifest.json records an override with its reason).
//
//   node test/change-report-corpus/oasdiff/score.mjs [--verbose]   prints the accuracy and the disagreements
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { diffApis } from "../../../scripts/lib/change-report.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const manifest = JSON.parse(readFileSync(path.join(HERE, "manifest.json"), "utf8"));

const load = (file) => parse(readFileSync(path.join(HERE, file), "utf8"));

/** Each pair with its label, the report's verdict and the changes behind it. */
export function scoreCorpus() {
  return manifest.pairs.map((pair) => {
    const label = pair.override?.expected ?? pair.oasdiff;
    let changes;
    let error;
    try {
      changes = diffApis(load(pair.base), load(pair.revision));
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
  const results = scoreCorpus();
  const { line } = summary(results);
  if (process.argv.includes("--verbose"))
    for (const r of results.filter((x) => !x.right)) console.log(describeDisagreement(r));
  console.log(line);
}
