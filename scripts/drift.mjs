#!/usr/bin/env node
// npm run drift [-- --json] [--fault <kind>] [--max-items <n>]: runs the main job's listing with `validate` on (against
// the real services whose credentials are in the environment, the emulator otherwise) and prints a
// drift report per operation, with the spec edit that would fix each finding. `--fault` makes the
// emulator drift on purpose (undeclared-property, wrong-type, unknown-enum, missing-required), to see
// what a report looks like; `--max-items` bounds each listing (100,000 items by default, list-all's
// DEFAULT_MAX_ITEMS), so that a server serving new items without end cannot keep it going. Exits 1 when anything drifted or a listing failed, 2 for a bad command line
// or environment (the message and the usage on stderr).
// Runs on the build (npm run build first); `drift()` runs it in-process, on the modules it is given.
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { json } from "./lib/drift-bodies.mjs";
import { collectDrift, describeTargets, formatDrift } from "./lib/drift-report.mjs";
import { handleClosedPipes, isMain } from "./lib/npm-script.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FAULTS = ["undeclared-property", "wrong-type", "unknown-enum", "missing-required"];

/** list-all's DEFAULT_MAX_ITEMS (the build is loaded only once the command line is read). */
const DEFAULT_MAX_ITEMS = 100_000;

export const USAGE = `Usage: npm run drift [-- --json] [--fault <kind>] [--max-items <n>]
  --json           print the report as JSON
  --fault <kind>   make the emulator drift on purpose: ${FAULTS.join(", ")}
  --max-items <n>  check at most n items per listing (default ${DEFAULT_MAX_ITEMS}); a listing stopped there is said
  -h, --help       print this
Exit codes: 0 no drift, 1 drift found or a listing failed, 2 a bad command line or environment.`;

/** A command line or environment refused before anything is listed (list-all's too): exit code 2. */
class UsageError extends Error {
  name = "UsageError";
}

function commandLine(args) {
  try {
    return parseArgs({
      args,
      options: {
        json: { type: "boolean" },
        fault: { type: "string" },
        "max-items": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }
}

/** `--max-items`'s value: a positive integer. */
function maxItemsOf(text) {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && Number.isSafeInteger(n)))
    throw new UsageError(`--max-items must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/** The modules the report runs on: the build's. */
async function fromBuild() {
  const dist = (file) => pathToFileURL(path.join(ROOT, "dist", file)).href;
  const { listings } = await import(dist("src/cli/list-all.js"));
  const { startEmulator, DRIFT_FAULTS } = await import(dist("src/emulator/index.js"));
  const { parseJson } = await import(dist("src/core/json.js"));
  const { reportPrinter } = await import(dist("src/cli/report-printer.js"));
  return {
    listings,
    startEmulator,
    DRIFT_FAULTS,
    loadValidators: (api) => import(dist(`generated/${api}.validators.js`)),
    parseJson,
    reportPrinter,
  };
}

/**
 * The drift report for the command line `args`, written to `io.stdout` (errors to `io.stderr`), each API
 * listed on its real service when `io.env` holds its credentials; resolves to the exit code.
 * `io.modules` replaces the build's { listings, startEmulator, DRIFT_FAULTS, loadValidators, parseJson,
 * reportPrinter }. The report and the errors are printed as the CLI prints (reportPrinter): no
 * credential of the environment, server text escaped; a reader that stops early ends it quietly (`io.exit`
 * is what a closed stdout calls: process.exit).
 */
export async function drift(args, io = {}) {
  const { env = process.env, stdout = process.stdout, stderr = process.stderr, exit } = io;
  // Streams of a process (a test's stand-ins may be plain objects), before anything is written to them.
  if (typeof stdout.on === "function" && typeof stderr.on === "function") handleClosedPipes({ stdout, stderr }, exit);
  let modules;
  const load = async () => (modules ??= io.modules ?? (await fromBuild()));
  let running;
  let output;
  let code;
  try {
    const values = commandLine(args);
    if (values.help) {
      stdout.write(`${USAGE}\n`);
      return 0;
    }
    const { listings, startEmulator, DRIFT_FAULTS, loadValidators, parseJson, reportPrinter } = await load();
    if (values.fault !== undefined && !DRIFT_FAULTS.includes(values.fault))
      throw new UsageError(`--fault must be one of ${DRIFT_FAULTS.join(", ")}, got ${JSON.stringify(values.fault)}`);
    const emulator = () =>
      (running ??= startEmulator({ port: 0, seed: 42 }).then((emu) => {
        if (values.fault) emu.setFaults({ drift: values.fault });
        return emu;
      }));
    const maxItems = values["max-items"] === undefined ? undefined : maxItemsOf(values["max-items"]);
    const print = reportPrinter(env);
    const report = await collectDrift({
      root: ROOT,
      // list-all's UsageError (OTC credentials without OTC_PROJECT_ID) is thrown from here.
      listings: (emu, options) => listings(emu, options, env, { maxItems: maxItems ?? DEFAULT_MAX_ITEMS }),
      emulator,
      loadValidators,
      parseJson,
      // What the printer masks: an edit that would write it is a note instead (the values an enum edit
      // reads from the responses are the server's own, not the client's redacted samples).
      redact: print.text,
    });
    output = values.json
      ? print.json(report, (value) => json(value, 2))
      : print.text(
          formatDrift(report, { root: ROOT, target: describeTargets(report.targets, values.fault), show: print.show }),
        );
    code = report.groups.length > 0 || report.omitted > 0 || report.failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof Error && error.name === "UsageError")) throw error;
    // The usage for a command line of its own; list-all's message says what the environment lacks. The
    // message can hold the command line's words or the environment's values: printed as the report is.
    const print = (await load()).reportPrinter(env);
    stderr.write(
      `${print.text(print.show.line(`drift: ${error.message}`))}\n${error instanceof UsageError ? `${USAGE}\n` : ""}`,
    );
    return 2;
  } finally {
    if (running) await (await running).close();
  }
  // Written once the emulator is closed: a reader that stops early then ends the process with this exit
  // code (set by the caller before the closed pipe is reported), not with the 0 of a process still working.
  stdout.write(`${output}\n`);
  return code;
}

if (isMain(import.meta.url)) process.exitCode = await drift(process.argv.slice(2));
