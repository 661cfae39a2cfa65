#!/usr/bin/env node
// The main job: regenerate from the specs (a no-op when nothing changed), build, then list every
// resource of the four APIs through the `connectivity` CLI's code: a table of key columns per API and a
// summary of items, pages and time (src/cli/list-all.ts). Its arguments go to the listing step
// (`npm start -- --max-items <n>`, `-- --help`).
// stdout is the listing's alone: what the steps before it print (the generator's report, tsc's errors)
// goes to stderr with the step lines. A reader that stops early ends it quietly, with the exit code of
// the step that was running: once a write to stderr fails as a closed pipe's, no further step runs (the
// listing, which writes to this process's stdout and stderr itself, has its own closed-pipe handling).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isClosedPipe, isMain, nodeArgsOf } from "./lib/npm-script.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LIST_ALL = "dist/src/cli/list-all.js";

/** Writes `text` to `stream`; resolves to the write's error (a closed pipe's), undefined once written. */
const written = (stream, text) => new Promise((resolve) => stream.write(text, (error) => resolve(error ?? undefined)));

/**
 * Runs `node args` in the project's root; with `toStderr`, its stdout and stderr are written to
 * `io.stderr` as they come, otherwise it writes to this process's own stdout and stderr. Resolves to its
 * exit code (1 when a signal ended it).
 */
export function step(args, { toStderr = true, stderr = process.stderr } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ["ignore", toStderr ? "pipe" : "inherit", toStderr ? "pipe" : "inherit"],
    });
    if (toStderr) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => stderr.write(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/**
 * Runs `steps` ([label, node's arguments, whether its output goes to stderr]) in order, each announced by
 * `› label` on `io.stderr`, until one fails; resolves to the exit code of the last one run. Once a pipe of
 * `io` (a process's streams) is found closed (a reader that stopped early: a write to it failed), the step
 * running goes on to its end, its output dropped, and no further step runs: the exit code is that step's.
 */
export async function start(steps, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let closed = false;
  const onError = (error) => {
    if (!isClosedPipe(error)) throw error;
    closed = true;
  };
  stdout.on("error", onError);
  stderr.on("error", onError);
  let code = 0;
  for (const [label, args, toStderr] of steps) {
    if (closed) break;
    const error = await written(stderr, `› ${label}\n`);
    if (isClosedPipe(error)) closed = true;
    if (closed) break;
    code = await step(args, { toStderr, stderr });
    if (code !== 0) break;
  }
  return code;
}

/** Whether `args` ask for the usage (`npm start -- --help`), which needs no generation. */
export const asksForHelp = (args) => args.includes("--help") || args.includes("-h");

export function mainJob(args = process.argv.slice(2)) {
  const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  // Its output piped to stderr: as pretty as on a terminal when stderr is one.
  const build = [
    "npm run build",
    [tsc, "-p", "tsconfig.build.json", ...(process.stderr.isTTY ? ["--pretty"] : [])],
    true,
  ];
  const list = ["list everything", [LIST_ALL, ...args], false];
  // The usage alone: built only when dist/ lacks it (`npm install` builds dist/), whatever the specs say.
  if (asksForHelp(args)) return existsSync(path.join(root, LIST_ALL)) ? [list] : [build, list];
  return [["npm run generate", nodeArgsOf(root, "generate"), true], build, list];
}

if (isMain(import.meta.url)) process.exitCode = await start(mainJob());
