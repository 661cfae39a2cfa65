#!/usr/bin/env node
// `npm test`'s checks before Vitest, side by side: the lint of the specs, the fingerprint check of
// generated/ and the type check. Each is one single-threaded process, and the type check takes longer
// than the two others together: on two cores, running them at once spares their time (about 2 s).
// Each check's output is printed whole once it has ended, in this order; the run fails, with the first
// failed check's exit code, if any failed.
import { spawn } from "node:child_process";
import { isMain } from "./lib/npm-script.mjs";

/** The npm scripts it runs, with their arguments. */
export const CHECKS = [["lint"], ["generate", "--", "--check"], ["typecheck"]];

/** `npm run <args>`: its exit code and its output (stdout and stderr, in the order written). */
function npmRun(args) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("error", (error) => resolve({ code: 1, output: Buffer.from(`${error.message}\n`) }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }));
  });
}

/** Runs the checks side by side and prints each one's output in order: the exit code of the first that failed, or 0. */
export async function runChecks() {
  const runs = CHECKS.map(npmRun);
  let failed = 0;
  for (const [index, run] of runs.entries()) {
    const { code, output } = await run;
    process.stdout.write(output);
    if (code !== 0) {
      console.error(`\nnpm run ${CHECKS[index].join(" ")} failed (exit code ${code})`);
      failed ||= code;
    }
  }
  return failed;
}

if (isMain(import.meta.url)) process.exitCode = await runChecks();
