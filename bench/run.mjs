#!/usr/bin/env node
// `npm run bench`: builds, then runs every benchmark part on loopback, prints one table and writes
// bench/results.json and bench/RESULTS.md. Most goals are ratios against a baseline measured in the
// same run; the exceptions are listed in RESULTS.md's header (BASELINES below). Benchmarks are not
// tests: nothing here runs under `npm test`.
//
//   node bench/run.mjs            the full run (a few minutes); writes bench/results.json + RESULTS.md
//   node bench/run.mjs --quick    a fast smoke run with small counts; writes bench/.work/ instead
//   node bench/run.mjs --only 1,5 some parts only; writes bench/.work/ instead
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { formatValue } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const PARTS = [
  { id: "1", name: "request cost", module: "./request-cost.mjs" },
  { id: "2", name: "pagination", module: "./pagination.mjs" },
  { id: "3", name: "memory", module: "./memory.mjs" },
  { id: "4", name: "generation", module: "./generation.mjs" },
  { id: "5", name: "size", module: "./size.mjs" },
  { id: "6", name: "type-check", module: "./typecheck.mjs" },
  { id: "7", name: "JSON parse", module: "./json-parse.mjs" },
  { id: "8", name: "redaction", module: "./redaction.mjs" },
];

function parseArgs(argv) {
  const args = { quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") args.quick = true;
    else if (arg === "--only") args.only = new Set(argv[++i].split(","));
    else if (arg.startsWith("--only=")) args.only = new Set(arg.slice(7).split(","));
    else {
      console.error(`unknown option ${arg}; use --quick and/or --only 1,2,...`);
      process.exit(2);
    }
  }
  return args;
}

const verdict = (row) => (row.met === true ? "met" : row.met === false ? "MISSED" : "—");
const ratioText = (row) =>
  typeof row.ratio === "number" && Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : "—";
const baselineText = (row) =>
  row.baseline === null || row.baseline === undefined
    ? (row.baselineLabel ?? "—")
    : `${formatValue(row.baseline, row.unit)} (${row.baselineLabel})`;

function printTable(rows) {
  const header = ["part", "measurement", "value", "baseline", "ratio", "goal", "result"];
  const cells = rows.map((row) => [
    row.part,
    row.measurement,
    formatValue(row.value, row.unit),
    baselineText(row),
    ratioText(row),
    row.goal,
    verdict(row),
  ]);
  const widths = header.map((h, i) =>
    Math.min(i === 1 ? 90 : 60, Math.max(h.length, ...cells.map((c) => String(c[i]).length))),
  );
  const cut = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const line = (values) => values.map((v, i) => cut(String(v), widths[i])).join(" │ ");
  console.log(line(header));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const c of cells) console.log(line(c));
}

const md = (text) => String(text).replace(/\|/g, "\\|");

function markdown(report) {
  const lines = [
    "# Benchmark results",
    "",
    `Latest run of \`npm run bench\` (bench/run.mjs): ${report.date}, Node ${report.node}, ${report.cpus} cores ` +
      `(${report.cpuModel}), ${report.platform}/${report.arch}, ${Math.round(report.totalSeconds)} s. ` +
      `Load average at start ${report.loadavg.start.map((l) => l.toFixed(2)).join(" / ")}, at end ` +
      `${report.loadavg.end.map((l) => l.toFixed(2)).join(" / ")} (the machine is shared: wall times are noisy).`,
    "",
    BASELINES,
    "",
  ];
  const missed = report.rows.filter((r) => r.met === false);
  const met = report.rows.filter((r) => r.met === true);
  lines.push(`**Goals: ${met.length} met, ${missed.length} missed.**`, "");
  if (missed.length) {
    lines.push("Missed:", "");
    for (const r of missed)
      lines.push(
        `- ${r.part}: ${r.measurement}: ${formatValue(r.value, r.unit)}, ${ratioText(r)} against ${r.baselineLabel}; goal ${r.goal}`,
      );
    lines.push("");
  }
  if (report.failures.length) {
    lines.push("Parts that failed to run:", "");
    for (const f of report.failures) lines.push(`- ${f.part}: ${f.error.split("\n")[0]}`);
    lines.push("");
  }
  lines.push(
    "| part | measurement | value | baseline | ratio | goal | result |",
    "| --- | --- | ---: | --- | ---: | --- | --- |",
  );
  for (const r of report.rows) {
    lines.push(
      `| ${md(r.part)} | ${md(r.measurement)} | ${md(formatValue(r.value, r.unit))} | ${md(baselineText(r))} | ${ratioText(r)} | ${md(r.goal)} | ${verdict(r) === "MISSED" ? "**MISSED**" : verdict(r)} |`,
    );
  }
  lines.push("", "## How each figure is measured", "");
  lines.push(...METHODS.map((m) => `- ${m}`), "");
  return `${lines.join("\n")}\n`;
}

const BASELINES =
  "Each figure is shown with a baseline and their ratio. The baselines are measured in the same run (timings after " +
  "warm-up, median of several rounds; servers run in a process of their own), except two computed from the 20 ms " +
  "latency part 2's servers add to every request: the latency floor and the added latency per request (both reported, " +
  "not judged). Most goals are on the ratio; these are absolute: part 4's cold `npm run generate` (≤ 5000 ms) and its " +
  "`--check` and no-op rerun (< 1000 ms), judged on their wall time (the ratio beside them, to @hey-api/openapi-ts's " +
  "run or to the cold run, is not judged); part 5's " +
  "drift-hook growth (≤ 0 bytes, against the same entry bundled without it). Byte sizes and instantiation counts are " +
  "exact. The raw per-round numbers are in `bench/results.json`.";

const METHODS = [
  "**1 request cost**: `GET /v1/{project_id}/subnets?limit=10` (a fixed 5-subnet JSON page of 2.6 kB) against a minimal keep-alive " +
    "node:http server in its own process. The client process (HOME pointed at a scratch folder for the Huawei SDK) warms every variant " +
    "up, then runs interleaved rounds, each running every variant once (N calls, sequentially or 16 in flight), in the order of a balanced Latin square (over each 10 rounds every variant runs in every position and right after every other variant equally often, so no variant always pays for the garbage one neighbour leaves). " +
    "The judged figure is client-process CPU time (`process.cpuUsage`, user + system) per request, as the median of the per-round " +
    "ratios (the row names how many rounds), shown with a distribution-free confidence interval of that median (order statistics of the per-round ratios, " +
    "from the binomial law; no assumption about their distribution): where the interval holds the goal, the verdict is within this " +
    "machine's noise and another run may give the other one. The verdict itself is the median's, nothing else; wall time per request is shown too and is noisy (±30% on 2 shared cores). Variants: raw `fetch` + `response.json()` " +
    "(the floor), bare openapi-fetch, ours with token auth and the default retries, ours with AK/SK signing, and the Huawei Cloud SDK's " +
    "`VpcClient.listSubnets` (AK/SK signed; `withEndpoint` pointed at the loopback server, project id in BasicCredentials).",
  "**2 pagination**: servers in their own process with 20 ms latency added to every request. Offset-total (VPC Endpoint " +
    "connections at limit 1000), sequentially and at concurrency 2, 4, 8, interleaved rounds, over the project's emulator (judged) " +
    "and over a dedicated paging server that generates pages from the item index (shows the client without the emulator's own " +
    "per-request work); speed-up = median of per-round sequential/concurrent ratios; the latency floor is (1 + ceil((pages − 1) / " +
    "concurrency)) × 20 ms (paginate fetches page 0 alone, which gives the total, then the other pages c at a time), reported. Server and client CPU time per page are shown because on 2 cores they bound what concurrency can " +
    "gain. Cursor styles over the emulator (marker: VPC subnets at limit 1000; page-token: Confluent at page_size 100): a " +
    "consumer that awaits 20 ms per page, at concurrency 1 and 2, against fetching alone and the work alone. The threshold for " +
    "'close to' (≤ 1.20× max(fetch, work)) was set before measuring.",
  "**3 memory**: a dedicated paging server (pages generated on the fly, nothing stored) in its own process; the client streams the " +
    "items through `paginate` (limit 1000, concurrency 1) in a process run with `--expose-gc --min-semi-space-size=16 " +
    "--max-semi-space-size=16`, after a warm-up of as many items as the checkpoint, samples `heapUsed` every 100 items (the peak, " +
    "garbage included) and after a forced gc at the checkpoint and at the end. The judged peak growth is the peak of the last " +
    "100,000-item window against the peak of the first (equal windows: the peak of the whole stream, a maximum over ten times the " +
    "samples, is biased upward and only reported). One page = the heap a parsed 1000-item page retains " +
    "(20 copies held, divided by 20). Median of the rounds. Why the fixed young generation and the long warm-up (V8 grows its " +
    "semi-spaces from 1 to 16 MB, and fills the old generation with promoted garbage until its first full collection, both with " +
    "time rather than with anything the client keeps): bench/clients/memory.mjs. One round measured the earlier way (V8's " +
    "default flags, a 5-page warm-up) is reported beside it, not judged.",
  "**4 generation**: in a scratch copy of specs/, scripts/, redocly.yaml, .redocly.lint-ignore.yaml, .prettierrc.json, " +
    "package.json and generated/ (node_modules linked; the real generated/ is never touched), each round: `npm run generate`'s " +
    "command as package.json gives it (`node --no-turbofan --import ./scripts/lib/redocly-prestart.mjs scripts/generate.mjs`; npm's own start-up left out) with generated/ and the bundle cache (.cache/) emptied (cold); @hey-api/openapi-ts 0.95.0 (its default plugins) generating " +
    "from the same merged generated/openapi.yaml; an operation summary edited in the MadConnect spec, then in the Confluent " +
    "wrapper, each followed by that command (a one-API change: that API's outputs and the merged document are " +
    "regenerated; its validators, whose response schemas did not change, are taken from the cache), judged by its ratio to the " +
    "cold run of the same round; then the maxLength of a Confluent response field edited (its validators compiled again), " +
    "reported; `--check` on the up-to-date tree. Then no-op reruns. " +
    "Wall time of each whole process, medians.",
  "**5 size**: esbuild (bundle, minify, ESM, platform node, es2022, code splitting on) through the package's own exports (dist/), " +
    "openapi-fetch included, then gzip -9; kB = 1000 bytes; an entry counts the chunks it loads up front, what it loads by " +
    "dynamic import (drift validation) is reported apart. The drift hook's growth: each vendor entry bundled again from the same " +
    "dist/ with what every client loads for validation cut out (bench/size.mjs DRIFT_HOOK_CUTS: `withDriftHook`, which reads the " +
    "`validate` option and holds the dynamic import; each API's `drift` loader; the `errorResponseDrift` map and ApiError's `drift` " +
    "field, which hand an error response's findings to its typed error; a cut that no longer matches fails the run), gz bytes " +
    "against gz bytes. " +
    "Tree-shaking: one export imported through the root entry against the same export imported straight from its module. The " +
    "Huawei SDK's list-subnets call is bundled the same way.",
  "**6 type-check**: the type check (strict, NodeNext, skipLibCheck, noEmit) of a consumer file that creates all four " +
    "clients and makes a typed GET with `unwrap` and a `paginate` on each list operation (plus MadConnect's create and status " +
    "update), against the same calls with bare openapi-fetch typed by the same generated `paths`. Each check runs in a process " +
    "of its own with the TypeScript compiler API (bench/clients/typecheck.mjs): the program is created and bound untimed, then " +
    "`getSemanticDiagnostics` (the work tsc's `Check time` covers) is timed in process CPU time (`process.cpuUsage`, user + system, " +
    "all threads: V8's compiler and GC threads included), not wall time; a diagnostic fails the run. Rounds run both variants " +
    "in alternating order; judged on the median of the per-round ratios, shown with its confidence interval as in part 1 (where " +
    "it holds the goal, the row says the verdict is within this machine's noise). Instantiations: the checker's count, exact.",
  "**7 JSON parse**: `parseJson` (int64-exact, src/core/json.ts, from dist/) against `JSON.parse` on the same text, in a process of " +
    "its own (bench/clients/json-parse.mjs), inputs built from a fixed seed. Typical pages: OTC VPC Endpoint connection pages shaped " +
    "like the emulator's (4% of `marker_id` values beyond 2^53, at least one per page) of 10 kB, 100 kB and 1 MB, and the same pages " +
    "with every `marker_id` small; each round times every variant (repeated for at least 60 ms) in balanced order (bench/lib/stats.mjs), judged on the " +
    "median of the per-round ratios (≤ 1.5× JSON.parse). Where the runtime gives a reviver the literal's source text (Node 22+), " +
    "JSON.parse with such a reviver is reported beside it (the platform's way; not used, it is slower). Adversarial inputs of 10 kB " +
    'to 10 MB (an unterminated run of `\\"` pairs after a long integer, long integers at depth 5,000, long integers with the last byte ' +
    "missing, long digit runs inside strings only, typical pages): ms per MB (process CPU time), every size of a kind timed in each " +
    "round in balanced order; judged flat from 10 kB to 10 MB: ms/MB at 10 MB against ms/MB at 10 kB of the same round, median " +
    "of the per-round ratios ≤ 2×, shown with its confidence interval as in part 1 (and whether the goal is inside it: within " +
    "this machine's noise); ms/MB at each size is reported. `JSON_BENCH_NODE=<node binary>` runs the " +
    "measurement again on another runtime (rows marked with its version).",
  "**8 redaction**: in-process, the redactor of an AK/SK client with a long security token (dist/), process CPU time " +
    "(not wall time: a long run is preempted more often on a shared machine) after a warm-up, on texts a hostile server could " +
    "send (prose with percent escapes and backslashes, so both views run; 15-character pieces of a secret, which pass the hash " +
    "filter; hex runs, which the signature mask scans) from 100 kB to 10 MB, each round timing every size once in balanced " +
    "order. Linear means the same ms per MB at every size: judged on the median of the per-round ratios (ms per MB at 10 MB " +
    "against 100 kB of the same round), shown with its confidence interval as in part 1; ms per MB at each size is the median " +
    "of the rounds. An error body of 100,000 items: redactValue against JSON.parse of the same text, reported.",
];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadStart = os.loadavg();
  const log = (message) => console.error(message);
  const parts = PARTS.filter((p) => !args.only || args.only.has(p.id));
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? "unknown",
    platform: process.platform,
    arch: process.arch,
    quick: args.quick,
    parts: {},
    failures: [],
    rows: [],
  };
  for (const part of parts) {
    log(`part ${part.id}: ${part.name}${args.quick ? " (quick)" : ""}`);
    const t0 = performance.now();
    const loadBefore = os.loadavg()[0];
    try {
      const { run } = await import(part.module);
      const result = await run({ quick: args.quick, log });
      const seconds = (performance.now() - t0) / 1000;
      report.parts[part.id] = {
        name: part.name,
        seconds,
        loadavg1m: { before: loadBefore, after: os.loadavg()[0] },
        raw: result.raw,
      };
      report.rows.push(...result.rows);
      log(`part ${part.id}: done in ${seconds.toFixed(1)} s`);
    } catch (error) {
      const message = error?.stack ?? String(error);
      log(`part ${part.id} FAILED:\n${message}`);
      report.failures.push({ part: `${part.id} ${part.name}`, error: message });
      report.rows.push({
        part: `${part.id} ${part.name}`,
        measurement: `FAILED: ${String(error?.message ?? error).split("\n")[0]}`,
        value: null,
        unit: "",
        baseline: null,
        baselineLabel: "—",
        ratio: null,
        goal: "—",
        met: null,
      });
    }
  }
  report.totalSeconds = (performance.now() - started) / 1000;
  report.loadavg = { start: loadStart, end: os.loadavg() };

  console.log("");
  printTable(report.rows);
  const missed = report.rows.filter((r) => r.met === false);
  console.log(
    `\n${report.rows.filter((r) => r.met === true).length} goals met, ${missed.length} missed` +
      `${report.failures.length ? `, ${report.failures.length} part(s) failed` : ""}; ` +
      `Node ${report.node}, ${report.cpus} cores, ${Math.round(report.totalSeconds)} s.`,
  );

  const complete = !args.quick && !args.only;
  const dir = complete ? HERE : path.join(HERE, ".work");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, "RESULTS.md"), markdown(report));
  console.log(`wrote ${path.relative(process.cwd(), path.join(dir, "results.json"))} and RESULTS.md`);
  if (report.failures.length) process.exitCode = 1;
}

await main();
