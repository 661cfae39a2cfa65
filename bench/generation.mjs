// Part 4: generation time. In a scratch copy of the project (specs/, scripts/, redocly.yaml,
// .redocly.lint-ignore.yaml, .prettierrc.json, package.json, generated/; node_modules linked), never
// the real tree. Each round, in this order:
//   - cold: `npm run generate`'s command (package.json: `node --no-turbofan --import
//     ./scripts/lib/redocly-prestart.mjs scripts/generate.mjs`) with generated/ emptied and no cache (.cache/);
//   - @hey-api/openapi-ts (default plugins: types + SDK) generating from the same merged spec
//     (generated/openapi.yaml) into a fresh folder, for comparison;
//   - one-API changes: an operation summary edited in one API's spec (a real change: it reaches that
//     API's types and the merged document; its validators are taken from the cache), then
//     the same command, for a small API (MadConnect) and the largest (Confluent); and a
//     Confluent response schema's maxLength (its validators compiled again), reported;
//   - `--check` on the up-to-date tree (answered from generated/.fingerprint.json).
// Then no-op reruns. Wall time of each whole process (Node start-up included); the one-API runs
// are judged against the cold run of the same round (ratio of each round, then the median).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { nodeArgsOf } from "../scripts/lib/npm-script.mjs";
import { copyProject } from "../scripts/project-copy.mjs";
import { median } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const HEY_API = path.join(ROOT, "node_modules/@hey-api/openapi-ts/bin/run.js");
const COLD_GOAL_MS = 5000;
const ONE_API_GOAL = 0.5;
const NOOP_GOAL_MS = 1000;
/**
 * The one-API changes: an operation summary edited (judged; the API's validators are kept, their
 * response schemas unchanged), and for Confluent also a response schema's maxLength (reported: its
 * validators are compiled again).
 */
const EDITS = [
  { id: "madconnect", api: "madconnect", file: "specs/madconnect/openapi.yaml", edit: editSummary, judged: true },
  { id: "confluent", api: "confluent", file: "specs/confluent/openapi.yaml", edit: editSummary, judged: true },
  {
    id: "confluent-schema",
    api: "confluent",
    file: "specs/confluent/private-link-attachment-connections.yaml",
    edit: editResponseMaxLength,
    judged: false,
    wrote: "confluent\\.validators\\.ts",
    what: "a change to a confluent response schema alone (the maxLength of the list's item id: its validators compiled again)",
  },
];

/** `npm run generate`'s command (its Node options included), without npm's own start-up. */
const GENERATE = nodeArgsOf(ROOT, "generate");

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

/** Edits the first operation summary of `file` (round `r` gives it its own text). */
/** Sets the maxLength of the Confluent list item's `id` (a response schema) to a value of round `r`'s own. */
function editResponseMaxLength(file, r) {
  const text = readFileSync(file, "utf8");
  const edited = text.replace(
    /^(\s+maxLength: )\d+(\n\s+readOnly: true\n\s+example: dlz-f3a90de)$/m,
    (_all, head, tail) => `${head}${254 - r}${tail}`,
  );
  if (edited === text) throw new Error(`no maxLength of the list item's id to edit in ${file}`);
  writeFileSync(file, edited);
}

function editSummary(file, r) {
  const text = readFileSync(file, "utf8");
  const edited = text.replace(
    /^(\s+summary: )(.*?)( \(bench \d+\))?$/m,
    (_all, head, summary) => `${head}${summary} (bench ${r})`,
  );
  if (edited === text) throw new Error(`no summary to edit in ${file}`);
  writeFileSync(file, edited);
}

export async function run({ quick, log, source = ROOT }) {
  const rounds = quick ? 1 : 3;
  const noopRounds = quick ? 2 : 5;
  const work = copyProject("bench-generate-", { source });
  try {
    const generated = path.join(work, "generated");
    const merged = path.join(work, "merged-openapi.yaml");
    cpSync(path.join(source, "generated/openapi.yaml"), merged);

    const cold = [];
    const hey = [];
    const oneApi = Object.fromEntries(EDITS.map(({ id }) => [id, []]));
    const check = [];
    const noop = [];
    for (let r = 0; r < rounds; r++) {
      rmSync(generated, { recursive: true, force: true });
      rmSync(path.join(work, ".cache"), { recursive: true, force: true });
      mkdirSync(generated);
      const coldRun = await timed(GENERATE, work);
      const files = readdirSync(generated);
      if (!files.includes("openapi.yaml")) throw new Error(`the cold generation wrote only ${files.join(", ")}`);
      cold.push(coldRun.ms);

      const out = path.join(work, "hey-api-out");
      rmSync(out, { recursive: true, force: true });
      const heyRun = await timed([HEY_API, "-i", merged, "-o", out], work);
      if (!existsSync(path.join(out, "types.gen.ts"))) throw new Error("@hey-api/openapi-ts wrote no types.gen.ts");
      hey.push(heyRun.ms);

      for (const { id, api, file, edit, wrote = `${api}\\.ts` } of EDITS) {
        edit(path.join(work, file), r);
        const result = await timed(GENERATE, work);
        if (!new RegExp(`^Regenerating ${api} and the merged document$`, "m").test(result.stdout))
          throw new Error(`the change to ${file} did not regenerate ${api} alone:\n${result.stdout}`);
        if (!new RegExp(`wrote .*${wrote}`).test(result.stdout))
          throw new Error(`the change to ${file} did not reach generated/ (${wrote}):\n${result.stdout}`);
        oneApi[id].push(result.ms);
      }

      const checkRun = await timed([...GENERATE, "--check"], work);
      if (!/matches the specs/.test(checkRun.stdout)) throw new Error(`--check failed:\n${checkRun.stdout}`);
      check.push(checkRun.ms);
    }
    for (let r = 0; r < noopRounds; r++) {
      const result = await timed(GENERATE, work);
      if (!/up to date/.test(result.stdout)) throw new Error(`the rerun was not a no-op:\n${result.stdout}`);
      noop.push(result.ms);
    }
    const coldMs = median(cold);
    const heyMs = median(hey);
    const noopMs = median(noop);
    const checkMs = median(check);
    const list = (values) => values.map(Math.round).join(", ");
    log(
      `  cold ${list(cold)} ms; ${EDITS.map(({ id }) => `${id} change ${list(oneApi[id])} ms`).join("; ")}; ` +
        `--check ${list(check)} ms; no-op ${list(noop)} ms; @hey-api ${list(hey)} ms`,
    );
    const rows = [
      {
        part: "4 generation",
        measurement: `npm run generate, cold (generated/ and the bundle cache emptied; median of ${rounds})`,
        value: coldMs,
        unit: "ms",
        baseline: heyMs,
        baselineLabel: "@hey-api/openapi-ts 0.95.0 on the merged spec",
        ratio: median(cold.map((ms, i) => ms / hey[i])),
        goal: `≤ ${COLD_GOAL_MS} ms`,
        met: coldMs <= COLD_GOAL_MS,
      },
      ...EDITS.map(({ id, api, judged, what = `a change to the ${api} spec alone` }) => {
        const ratio = median(oneApi[id].map((ms, i) => ms / cold[i]));
        return {
          part: "4 generation",
          measurement: `npm run generate after ${what} (median of the ${rounds} per-round ratios)`,
          value: median(oneApi[id]),
          unit: "ms",
          baseline: coldMs,
          baselineLabel: "cold run of the same round",
          ratio,
          goal: judged ? `≤ ${ONE_API_GOAL}× cold` : "report",
          met: judged ? ratio <= ONE_API_GOAL : null,
        };
      }),
      {
        part: "4 generation",
        measurement: `npm run generate -- --check, up to date (from the fingerprint; median of ${rounds})`,
        value: checkMs,
        unit: "ms",
        baseline: coldMs,
        baselineLabel: "cold run",
        ratio: checkMs / coldMs,
        goal: `< ${NOOP_GOAL_MS} ms`,
        met: checkMs < NOOP_GOAL_MS,
      },
      {
        part: "4 generation",
        measurement: `npm run generate, no-op rerun (median of ${noopRounds})`,
        value: noopMs,
        unit: "ms",
        baseline: coldMs,
        baselineLabel: "cold run",
        ratio: noopMs / coldMs,
        goal: `< ${NOOP_GOAL_MS} ms`,
        met: noopMs < NOOP_GOAL_MS,
      },
    ];
    return { rows, raw: { coldMs: cold, oneApiMs: oneApi, checkMs: check, noopMs: noop, heyApiMs: hey } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
