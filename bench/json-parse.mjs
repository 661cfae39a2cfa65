// Part 7: JSON parsing (src/core/json.ts's parseJson, int64-exact) against JSON.parse, measured in
// a process of its own (bench/clients/json-parse.mjs): typical pages, and the growth of the time per
// MB on adversarial inputs. With JSON_BENCH_NODE=<path of another node binary> the same
// measurement runs again on that runtime (e.g. Node 24 from the npm package `node@24`), its rows
// marked with its version.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runChild } from "./lib/proc.mjs";
import { median, medianInterval, ratioSummary } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGE_GOAL = 1.5;
const FLAT_GOAL = 2;

function rowsFor(out, ownRuntime) {
  const part = "7 JSON parse";
  const on = ownRuntime ? "" : ` [${out.node}]`;
  const rows = [];
  for (const p of out.pages) {
    const what = `${p.withBig ? "OTC page with int64 marker_id values" : "the same page, every marker_id small"}, ${(p.bytes / 1000).toFixed(0)} kB${on}`;
    const variants = Object.keys(p.rounds[0]).filter((name) => name !== "JSON.parse");
    for (const name of variants) {
      const ratios = p.rounds.map((r) => r[name] / r["JSON.parse"]);
      const ratio = median(ratios);
      const interval = medianInterval(ratios);
      const judged = name === "parseJson" && p.withBig;
      rows.push({
        part,
        measurement: `${name}: ${what} (median of ${ratios.length} per-round ratios; ${Math.floor(interval.coverage * 100)}% confidence interval ${interval.low.toFixed(2)}–${interval.high.toFixed(2)})`,
        value: median(p.rounds.map((r) => r[name])) * 1000,
        unit: "µs",
        baseline: median(p.rounds.map((r) => r["JSON.parse"])) * 1000,
        baselineLabel: "JSON.parse, same text",
        ratio,
        goal: judged ? `≤ ${PAGE_GOAL.toFixed(2)}×` : "report",
        met: judged ? ratio <= PAGE_GOAL : null,
      });
    }
  }
  const perMB = (entry, name) => median(entry.rounds.map((r) => r[name])) / (entry.bytes / 1e6);
  const kinds = [...new Set(out.adversarial.map((a) => a.kind))];
  for (const kind of kinds) {
    const entries = out.adversarial.filter((a) => a.kind === kind);
    for (const entry of entries)
      rows.push({
        part,
        measurement: `parseJson, ${kind}: ${(entry.bytes / 1e6).toFixed(2)} MB${on}`,
        value: perMB(entry, "parseJson"),
        unit: "ms/MB",
        baseline: perMB(entry, "JSON.parse"),
        baselineLabel: "JSON.parse, same text",
        ratio: perMB(entry, "parseJson") / perMB(entry, "JSON.parse"),
        goal: "report",
        met: null,
      });
    const smallest = entries[0];
    const largest = entries[entries.length - 1];
    if (largest !== smallest) {
      // per round: ms/MB at the largest size against ms/MB at the smallest, measured in the same round
      const flat = ratioSummary(
        largest.rounds.map((r, i) => r.parseJson / largest.bytes / (smallest.rounds[i].parseJson / smallest.bytes)),
        FLAT_GOAL,
      );
      rows.push({
        part,
        measurement: `parseJson, ${kind}: ms/MB at ${(largest.bytes / 1e6).toFixed(1)} MB against ${(smallest.bytes / 1e6).toFixed(2)} MB (flat: linear time; ${flat.text})${on}`,
        value: perMB(largest, "parseJson"),
        unit: "ms/MB",
        baseline: perMB(smallest, "parseJson"),
        baselineLabel: `ms/MB at ${(smallest.bytes / 1e6).toFixed(2)} MB`,
        ratio: flat.ratio,
        goal: `≤ ${FLAT_GOAL.toFixed(2)}×`,
        met: flat.ratio <= FLAT_GOAL,
      });
    }
  }
  return rows;
}

export async function run({ quick, log }) {
  const args = quick ? ["3", "20", "1"] : ["15", "60", "10"];
  const runtimes = [process.execPath, ...(process.env.JSON_BENCH_NODE ? [process.env.JSON_BENCH_NODE] : [])];
  const rows = [];
  const raw = [];
  for (const execPath of runtimes) {
    const { result: out } = await runChild(path.join(HERE, "clients/json-parse.mjs"), { args, execPath });
    log(
      `  ${out.node}: ${out.pages.length} pages × ${out.pages[0].rounds.length} rounds, ${out.adversarial.length} adversarial inputs`,
    );
    rows.push(...rowsFor(out, execPath === process.execPath));
    raw.push(out);
  }
  return { rows, raw };
}
