// Part 1: per-request cost of a typed GET list call (OTC VPC list subnets) against a minimal
// keep-alive server that answers a fixed small JSON page, N sequential calls and 16 in flight.
// The server runs in its own process; the measured client runs in another (with HOME pointed at a
// scratch folder, for the Huawei SDK). Ratios are client CPU time per request, median of per-round
// ratios over interleaved rounds (each round runs every variant once, in a balanced order: see balancedOrder).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runChild, startServer } from "./lib/proc.mjs";
import { median, medianInterval } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const LABELS = {
  "raw-fetch": "raw fetch",
  "openapi-fetch": "bare openapi-fetch",
  "ours-token": "ours (token, retries on)",
  "ours-aksk": "ours (AK/SK signed)",
  "huawei-sdk": "Huawei Cloud SDK listSubnets (AK/SK)",
};

// [variant, baseline, goal (max ratio) or null]. The judged goal is ours against bare openapi-fetch,
// the layer the design puts under every call; against raw fetch the rows are reported only
// (openapi-fetch alone is ~1.15× raw fetch here, and AK/SK adds a signature per request).
const COMPARISONS = [
  ["openapi-fetch", "raw-fetch", null],
  ["ours-token", "raw-fetch", null],
  ["ours-token", "openapi-fetch", 1.03],
  ["ours-aksk", "raw-fetch", null],
  ["huawei-sdk", "raw-fetch", null],
];

export async function run({ quick, log }) {
  const calls = quick ? 200 : 400;
  // Four full cycles of the balanced order of the five variants (bench/lib/stats.mjs): per-round ratios
  // scatter by ±15% on this kind of machine, and the goals sit a few percent apart.
  const rounds = quick ? 3 : 40;
  const warmup = quick ? 200 : 1000;
  const server = await startServer(path.join(HERE, "servers/fixed-page.mjs"));
  const home = mkdtempSync(path.join(tmpdir(), "bench-home-"));
  let out;
  try {
    log(
      `  fixed page of ${server.bytes} bytes at ${server.url}; ${calls} calls × ${rounds} rounds per variant and mode`,
    );
    out = (
      await runChild(path.join(HERE, "clients/request-cost.mjs"), {
        args: [server.url, String(calls), String(rounds), String(warmup)],
        env: { ...process.env, HOME: home, USERPROFILE: home },
      })
    ).result;
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }

  const rows = [];
  for (const [inFlight, perRound] of Object.entries(out.rounds)) {
    const mode = inFlight === "1" ? `${calls} sequential` : `${inFlight} in flight`;
    const cpu = (id) => median(perRound.map((r) => r[id].cpuUs));
    const wall = (id) => median(perRound.map((r) => r[id].wallUs));
    for (const [variant, baseline, goal] of COMPARISONS) {
      const ratios = perRound.map((r) => r[variant].cpuUs / r[baseline].cpuUs);
      const ratio = median(ratios);
      const interval = medianInterval(ratios);
      const confidence = `${Math.floor(interval.coverage * 100)}% confidence interval of the median: ${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`;
      rows.push({
        part: "1 request cost",
        measurement: `${LABELS[variant]}, ${mode}: CPU/request (median of ${ratios.length} per-round ratios; ${confidence})`,
        value: cpu(variant),
        unit: "µs",
        baseline: cpu(baseline),
        baselineLabel: LABELS[baseline],
        ratio,
        goal: goal === null ? "report" : `≤ ${goal.toFixed(2)}×`,
        met: goal === null ? null : ratio <= goal,
      });
    }
    for (const variant of out.variants.filter((v) => v !== "raw-fetch")) {
      rows.push({
        part: "1 request cost",
        measurement: `${LABELS[variant]}, ${mode}: wall/request (noisy, ±30%)`,
        value: wall(variant),
        unit: "µs",
        baseline: wall("raw-fetch"),
        baselineLabel: LABELS["raw-fetch"],
        ratio: median(perRound.map((r) => r[variant].wallUs / r["raw-fetch"].wallUs)),
        goal: "not judged",
        met: null,
      });
    }
  }
  return { rows, raw: out };
}
