#!/usr/bin/env node
// npm run drift [-- --json] [--fault <kind>]: runs the main job's listing with `validate` on (against
// the real services whose credentials are in the environment, the emulator otherwise) and prints a
// drift report per operation, with the spec edit that would fix each finding. `--fault` makes the
// emulator drift on purpose (undeclared-property, wrong-type, unknown-enum, missing-required), to see
// what a report looks like. Exits 1 when anything drifted or a listing failed (2 for a bad option).
// Runs on the build (npm run build first).
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { collectDrift, describeTargets, formatDrift } from "./lib/drift-report.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { json: { type: "boolean" }, fault: { type: "string" } } });

const dist = (file) => pathToFileURL(path.join(ROOT, "dist", file)).href;
const { listings } = await import(dist("src/cli/list-all.js"));
const { startEmulator, DRIFT_FAULTS } = await import(dist("src/emulator/index.js"));
if (values.fault !== undefined && !DRIFT_FAULTS.includes(values.fault)) {
  console.error(`--fault must be one of ${DRIFT_FAULTS.join(", ")}, got ${JSON.stringify(values.fault)}`);
  process.exit(2);
}

let running;
const emulator = () =>
  (running ??= startEmulator({ port: 0, seed: 42 }).then((emu) => {
    if (values.fault) emu.setFaults({ drift: values.fault });
    return emu;
  }));
try {
  const report = await collectDrift({
    root: ROOT,
    listings,
    emulator,
    loadValidators: (api) => import(dist(`generated/${api}.validators.js`)),
  });
  if (values.json)
    process.stdout.write(`${JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
  else console.log(formatDrift(report, { root: ROOT, target: describeTargets(report.targets, values.fault) }));
  if (report.groups.length > 0 || report.failures.length > 0) process.exitCode = 1;
} finally {
  if (running) await (await running).close();
}
