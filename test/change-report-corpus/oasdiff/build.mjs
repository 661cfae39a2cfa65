#!/usr/bin/env node
// Builds the oasdiff-labelled corpus of the change report's accuracy test (test/change-report-oasdiff.test.ts)
// from a git snapshot of https://github.com/oasdiff/oasdiff (Apache-2.0):
//
//   node test/change-report-corpus/oasdiff/build.mjs --oasdiff <git dir of oasdiff> [--commit <sha>]
//
// It reads oasdiff's checker tests (checker/*_test.go) and keeps every test that diffs two spec files of
// data/ as they are (no in-memory edits, the default diff config) with the default checks or one check,
// and asserts which changes oasdiff finds (rule ids) or that it finds none. The tests of one pair of files
// are merged into one labelled pair; each rule id gets its level from checker/rules.go. It writes:
//   manifest.json  the pairs, their labels and verdicts, the overrides (overrides.json) and what was skipped;
//   data/...       the spec files the pairs use, byte for byte oasdiff's (see NOTICE).
// The verdict of a pair is oasdiff's: "breaking" when a rule it expects is ERR or WARN (oasdiff's
// `breaking` command reports both: WARN is "potential breaking changes ... that cannot be confirmed
// programmatically", docs/BREAKING-CHANGES.md), "not-breaking" when every rule it expects is INFO or when
// all of oasdiff's checks find no ERR/WARN change.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { oasdiff: { type: "string" }, commit: { type: "string" } } });
if (!values.oasdiff) {
  console.error("usage: build.mjs --oasdiff <git dir of oasdiff> [--commit <sha>]");
  process.exit(2);
}
const git = (...args) =>
  execFileSync("git", ["--git-dir", values.oasdiff, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
const commit = git("rev-parse", values.commit ?? "HEAD").trim();
const show = (file) => git("show", `${commit}:${file}`);
const files = git("ls-tree", "-r", "--name-only", commit).split("\n").filter(Boolean);

// Rule ids (Go constant → id) and levels (id → ERR | WARN | INFO).
const constants = new Map();
for (const file of files.filter((f) => /^checker\/[^/]+\.go$/.test(f) && !f.endsWith("_test.go")))
  for (const [, name, id] of show(file).matchAll(/\b([A-Z]\w*Id)\s*=\s*"([^"]+)"/g)) constants.set(name, id);
const levels = new Map();
for (const [, name, level] of show("checker/rules.go").matchAll(
  /newBackwardCompatibilityRule\(\s*(\w+),\s*(ERR|WARN|INFO)\b/g,
))
  levels.set(constants.get(name), level);

// Helpers of oasdiff's tests that name a data file (helpers_test.go: dataFileFn).
const fileHelpers = new Map();
for (const file of files.filter((f) => /^checker\/[^/]+_test\.go$/.test(f)))
  for (const [, name, dir] of show(file).matchAll(/\b(\w+)\s*=\s*dataFileFn\("([^"]+)"\)/g))
    fileHelpers.set(name, `data/${dir}`);

/** The data file an open(...) argument names, or undefined. */
function dataFile(arg) {
  const literal = /^"\.\.\/(data\/[^"]+)"$/.exec(arg);
  if (literal) return literal[1];
  const helper = /^(\w+)\("([^"]+)"\)$/.exec(arg);
  if (helper && fileHelpers.has(helper[1])) return `${fileHelpers.get(helper[1])}/${helper[2]}`;
  return undefined;
}

const ID = String.raw`checker\.(\w+Id)\b`;
/** Assertions that say a change with the id was found. */
const POSITIVE = [
  new RegExp(String.raw`^Id:\s*${ID},$`),
  new RegExp(String.raw`\brequire(?:Single)?Change\(t, \w+, ${ID}\)`),
  new RegExp(String.raw`^require\.Equal\(t, ${ID}, \w+(?:\[\d+\]\.GetId\(\)|\.Id)[,)]`),
  new RegExp(String.raw`^require\.True\(t, (?:ids\[${ID}\]\)$|containsId\(\w+, ${ID}\))`),
  new RegExp(String.raw`^require\.Contains\(t, \w+, ${ID}\)$`),
];
/** Assertions that say no change with the id was found, and the expected comment of a change: they label nothing. */
const NEUTRAL = [/^requireNoChange\(/, /^require\.(?:False|NotEqual|NotContains)\(/, /^Comment:/];
const EMPTY = /^require\.(?:Empty\(t, errs\)|Len\(t, errs, 0\))$/;

/** One oasdiff test as { base, revision, scope, until, expected, empty } or { skip: reason }. */
function parseTest(body) {
  if (/\.Spec\b|\bt\.Run\(|\bfor\b .*range\b/.test(body)) return { skip: "edits a spec in memory or loops" };
  const vars = new Map();
  for (const [, name, arg] of body.matchAll(/\b(\w+), err :?= open\(([^)]*\)?)\)/g)) vars.set(name, dataFile(arg));
  for (const [, name, n] of body.matchAll(/\b(\w+) :?= l\(t, (\d+)\)/g)) vars.set(name, `data/openapi-test${n}.yaml`);
  const diffs = [...body.matchAll(/diff\.GetWithOperationsSourcesMap\(([^,]+), (\w+), (\w+)\)/g)];
  const shortcut = [...body.matchAll(/\bd\(t, diff\.NewConfig\(\), (\d+), (\d+)\)/g)];
  let base;
  let revision;
  let scope;
  let until;
  if (diffs.length === 1 && shortcut.length === 0) {
    const [, config, a, b] = diffs[0];
    if (config !== "diff.NewConfig()") return { skip: "a diff config of its own" };
    // A spec handed to anything else than the diff (a helper that edits it) is not the file any more.
    for (const name of new Set([a, b]))
      if (body.match(new RegExp(String.raw`\b${name}\b`, "g")).length !== (a === b ? 3 : 2))
        return { skip: "edits a spec in memory or loops" };
    base = vars.get(a);
    revision = vars.get(b);
    const checks = [
      ...body.matchAll(
        /checker\.CheckBackwardCompatibility(UntilLevel)?\(((?:singleCheckConfig\(checker\.\w+\))|(?:allChecksConfig\(\))|[^,]+), d, osm(?:, checker\.(ERR|WARN|INFO))?\)/g,
      ),
    ];
    if (checks.length !== 1) return { skip: "not one checker call" };
    const [, untilLevel, config2, level] = checks[0];
    if (config2 === "allChecksConfig()") scope = "all";
    else if (/^singleCheckConfig\(/.test(config2)) scope = "single";
    else return { skip: "a checker config of its own" };
    until = untilLevel ? level : "WARN";
  } else if (diffs.length === 0 && shortcut.length === 1) {
    // d(t, config, v1, v2): all checks at the WARN level on data/openapi-test<v1> and <v2>
    base = `data/openapi-test${shortcut[0][1]}.yaml`;
    revision = `data/openapi-test${shortcut[0][2]}.yaml`;
    scope = "all";
    until = "WARN";
  } else return { skip: "not one diff of two files" };
  if (!base || !revision) return { skip: "a file the test builds or computes" };
  const expected = new Set();
  let empty = false;
  for (const raw of body.split("\n")) {
    const line = raw.trim().replace(/\s*\/\/.*$/, "");
    if (EMPTY.test(line)) empty = true;
    if (!new RegExp(ID).test(line)) continue;
    if (NEUTRAL.some((re) => re.test(line))) continue;
    const positive = POSITIVE.map((re) => re.exec(line)).find(Boolean);
    if (!positive) return { skip: "an assertion this script does not read" };
    expected.add(positive[1] ?? positive[2]);
  }
  if (empty && expected.size) return { skip: "both empty and a change expected" };
  if (!empty && !expected.size) return { skip: "no assertion on the changes found" };
  for (const name of expected) if (!levels.has(constants.get(name))) return { skip: `unknown rule ${name}` };
  return { base, revision, scope, until, expected: [...expected].map((name) => constants.get(name)), empty };
}

const skipped = {};
const pairs = new Map();
for (const file of files.filter((f) => /^checker\/[^/]+_test\.go$/.test(f)).sort()) {
  const source = show(file);
  for (const [, name, body] of source.matchAll(/^func (Test\w*)\(t \*testing\.T\) \{\n([\s\S]*?)^\}$/gm)) {
    const test = parseTest(body);
    if (test.skip) {
      skipped[test.skip] = (skipped[test.skip] ?? 0) + 1;
      continue;
    }
    const key = `${test.base}\0${test.revision}`;
    const pair = pairs.get(key) ?? { base: test.base, revision: test.revision, tests: [], rules: new Set() };
    pair.tests.push(`${file.replace(/^checker\//, "")}#${name}`);
    for (const id of test.expected) pair.rules.add(id);
    // All checks, and none at the WARN level or above: oasdiff finds nothing breaking in the pair.
    if (test.empty && test.scope === "all") pair.noBreaking = true;
    pairs.set(key, pair);
  }
}

// overrides.json, written by hand, of two kinds:
// - "oasdiff-rule": a pair that oasdiff's test checked with one check only, and in which another of
//   oasdiff's rules (named, its level taken from rules.go) also reports a change: the label gains it;
// - "project": a pair this project classifies differently on purpose, with its reason and the
//   sentence of issue #15 it follows; the accuracy test uses `expected` instead of oasdiff's verdict.
const overrides = JSON.parse(readFileSync(path.join(HERE, "overrides.json"), "utf8"));
const BREAKING_LEVELS = new Set(["ERR", "WARN"]);
const manifest = [];
const unlabelled = [];
for (const pair of [...pairs.values()].sort((a, b) =>
  `${a.base} ${a.revision}`.localeCompare(`${b.base} ${b.revision}`),
)) {
  const override = overrides.find((o) => o.base === pair.base && o.revision === pair.revision);
  for (const rule of override?.kind === "oasdiff-rule" ? override.rules : []) {
    if (!levels.has(rule)) throw new Error(`overrides.json: ${rule} is not a rule of oasdiff's rules.go`);
    pair.rules.add(rule);
    (pair.completed ??= []).push(rule);
  }
  const rules = [...pair.rules].sort().map((rule) => ({ rule, level: levels.get(rule) }));
  const breaking = rules.some((r) => BREAKING_LEVELS.has(r.level));
  if (!breaking && !rules.length && !pair.noBreaking) {
    unlabelled.push(pair.tests.join(", "));
    continue; // only single checks that found nothing: oasdiff's other checks were not asked
  }
  if (breaking && pair.noBreaking)
    throw new Error(`contradictory labels for ${pair.base} → ${pair.revision}: ${pair.tests}`);
  const entry = {
    base: pair.base,
    revision: pair.revision,
    tests: pair.tests,
    rules,
    oasdiff: breaking ? "breaking" : "not-breaking",
  };
  if (pair.completed) entry.completed = { rules: pair.completed, reason: override.reason };
  if (override?.kind === "project") {
    if (override.expected === entry.oasdiff)
      throw new Error(`overrides.json: ${pair.base} → ${pair.revision} agrees with oasdiff`);
    entry.override = { expected: override.expected, reason: override.reason, issue: override.issue };
  }
  manifest.push(entry);
}
for (const o of overrides)
  if (!manifest.some((p) => p.base === o.base && p.revision === o.revision))
    throw new Error(`override for a pair that is not in the corpus: ${o.base} → ${o.revision}`);

const usedFiles = [...new Set(manifest.flatMap((p) => [p.base, p.revision]))].sort();
rmSync(path.join(HERE, "data"), { recursive: true, force: true });
writeFileSync(path.join(HERE, "LICENSE"), show("LICENSE"));
for (const file of usedFiles) {
  mkdirSync(path.join(HERE, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(HERE, file), show(file));
}
const out = {
  source: {
    repository: "https://github.com/oasdiff/oasdiff",
    commit,
    license: "Apache-2.0 (see NOTICE)",
    built: "node test/change-report-corpus/oasdiff/build.mjs --oasdiff <git dir of oasdiff>",
  },
  overrides:
    "pairs[].override: this project's classification on purpose (reason, and the sentence of issue #15 it follows); pairs[].completed: a rule of oasdiff that the pair's single-check test did not run (from overrides.json)",
  levels: {
    ERR: "breaking",
    WARN: "breaking (oasdiff's `breaking` command reports ERR and WARN: potential breaking changes)",
    INFO: "not breaking (an addition, a compatible change or information here)",
  },
  pairs: manifest,
  skipped: { tests: skipped, unlabelledPairs: unlabelled.length },
};
writeFileSync(path.join(HERE, "manifest.json"), `${JSON.stringify(out, null, 2)}\n`);
const count = (v) => manifest.filter((p) => p.oasdiff === v).length;
console.log(
  `${manifest.length} pairs (${count("breaking")} breaking, ${count("not-breaking")} not breaking), ${usedFiles.length} files, ${manifest.filter((p) => p.override).length} project overrides, ${manifest.filter((p) => p.completed).length} completed labels; skipped tests: ${JSON.stringify(skipped)}; ${unlabelled.length} pairs only tested by single checks that found nothing`,
);
