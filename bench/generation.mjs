// Part 4: generation time. In a scratch copy of the project (specs/, scripts/, redocly.yaml,
// .redocly.lint-ignore.yaml, package.json, generated/; node_modules linked), never the real tree:
//   - cold: `node scripts/generate.mjs` with generated/ emptied (generate.mjs writes into the
//     folder but does not create it, so the empty folder is kept);
//   - no-op: the same command again with nothing changed;
//   - for comparison, @hey-api/openapi-ts (default plugins: types + SDK) generating from the same
//     merged spec (generated/openapi.yaml) into a fresh folder.
// Wall time of each whole process (Node start-up included), cold runs and @hey-api runs
// interleaved, median of the rounds.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const COPIED = [
  "specs",
  "scripts",
  "generated",
  "redocly.yaml",
  ".redocly.lint-ignore.yaml",
  "package.json",
  ".prettierrc.json",
];
const HEY_API = path.join(ROOT, "node_modules/@hey-api/openapi-ts/bin/run.js");

function timed(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      process.execPath,
      args,
      { cwd, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const ms = performance.now() - started;
        if (error) reject(new Error(`${args.join(" ")} failed in ${cwd}:\n${stdout}${stderr}`));
        else resolve({ ms, stdout });
      },
    );
  });
}

export async function run({ quick, log, source = ROOT }) {
  const coldRounds = quick ? 1 : 3;
  const noopRounds = quick ? 2 : 5;
  const work = mkdtempSync(path.join(tmpdir(), "bench-generate-"));
  try {
    for (const name of COPIED) {
      const from = path.join(source, name);
      if (existsSync(from)) cpSync(from, path.join(work, name), { recursive: true });
    }
    symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"), "dir");
    const generated = path.join(work, "generated");
    const merged = path.join(work, "merged-openapi.yaml");
    cpSync(path.join(source, "generated/openapi.yaml"), merged);

    const cold = [];
    const hey = [];
    const noop = [];
    const coldRun = async () => {
      rmSync(generated, { recursive: true, force: true });
      mkdirSync(generated);
      const result = await timed(["scripts/generate.mjs"], work);
      const files = readdirSync(generated);
      if (!files.includes("openapi.yaml")) throw new Error(`the cold generation wrote only ${files.join(", ")}`);
      cold.push(result.ms);
    };
    const heyRun = async () => {
      const out = path.join(work, "hey-api-out");
      rmSync(out, { recursive: true, force: true });
      const result = await timed([HEY_API, "-i", merged, "-o", out], work);
      if (!existsSync(path.join(out, "types.gen.ts"))) throw new Error("@hey-api/openapi-ts wrote no types.gen.ts");
      hey.push(result.ms);
    };
    for (let r = 0; r < coldRounds; r++) {
      if (r % 2) {
        await heyRun();
        await coldRun();
      } else {
        await coldRun();
        await heyRun();
      }
    }
    for (let r = 0; r < noopRounds; r++) {
      const result = await timed(["scripts/generate.mjs"], work);
      if (!/up to date/.test(result.stdout)) throw new Error(`the rerun was not a no-op:\n${result.stdout}`);
      noop.push(result.ms);
    }
    const coldMs = median(cold);
    const heyMs = median(hey);
    const noopMs = median(noop);
    log(
      `  cold ${cold.map(Math.round).join(", ")} ms; no-op ${noop.map(Math.round).join(", ")} ms; @hey-api ${hey.map(Math.round).join(", ")} ms`,
    );
    const rows = [
      {
        part: "4 generation",
        measurement: `npm run generate, cold (lint, bundle, types, join, lint, format; median of ${coldRounds})`,
        value: coldMs,
        unit: "ms",
        baseline: heyMs,
        baselineLabel: "@hey-api/openapi-ts 0.95.0 on the merged spec",
        ratio: median(cold.map((ms, i) => ms / hey[i])),
        goal: "report",
        met: null,
      },
      {
        part: "4 generation",
        measurement: `npm run generate, no-op rerun (median of ${noopRounds})`,
        value: noopMs,
        unit: "ms",
        baseline: coldMs,
        baselineLabel: "cold run",
        ratio: noopMs / coldMs,
        goal: "< 1000 ms",
        met: noopMs < 1000,
      },
    ];
    return { rows, raw: { coldMs: cold, noopMs: noop, heyApiMs: hey } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
