#!/usr/bin/env node
// The Redocly CLI as a process that runs commands one after another: the one on its command line, then
// each one its parent sends over the IPC channel (scripts/lib/redocly.mjs). Loading the CLI is about
// half of a short Redocly run; a build that runs Redocly twice in a row (a bundle, then its lint) loads
// it once. Each command sees what a process of its own would: its arguments (`process.argv`), its
// folder, an exit code of its own and its output, captured apart and sent back with the exit code.
//
// The CLI ends a command by exiting once nothing is left to do (`process.exit` from its `beforeExit`
// listener): here that exit ends the command, not the process. While a command runs, nothing of the
// runner's keeps the event loop alive (no `message` listener: the channel is unreferenced), so that
// `beforeExit` comes when the command is done. A command that exits with work still pending (a usage
// error) leaves the process unfit for another: the parent then ends it. Started with `--preload` instead of
// a command, it loads the CLI's modules at once and takes its first command from the channel too.
import fs from "node:fs";
import nodeModule, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NOT_A_FILE } from "./not-a-file.mjs";

nodeModule.enableCompileCache?.();
refuseSpecialFiles();
const CLI_ROOT = path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json"));
const CLI_BIN = path.join(CLI_ROOT, "bin", "cli.js");
/** What bin/cli.js imports: the CLI, which runs the command of `process.argv` when evaluated. */
const CLI_MAIN = pathToFileURL(path.join(CLI_ROOT, "lib", "index.js")).href;

const exit = process.exit;
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
let runs = 0;

/** Runs one command: `{ code, stdout, stderr, reusable }`. */
function run(args) {
  return new Promise((resolve) => {
    const output = { stdout: "", stderr: "" };
    for (const name of ["stdout", "stderr"])
      process[name].write = (chunk, encoding, callback) => {
        output[name] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
        const done = typeof encoding === "function" ? encoding : callback;
        if (done) process.nextTick(done);
        return true;
      };
    let drained = false;
    let ended = false;
    const end = (code) => {
      if (ended) return;
      ended = true;
      process.off("beforeExit", onDrained);
      resolve({ code: Number(code ?? 0) || 0, ...output, reusable: drained });
      // After an exit with work pending the CLI goes on (the exit returned): a process of its own would not
      // have, so what it does next stays captured, and dropped.
      if (!drained) return;
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
      process.exit = exit;
    };
    // Registered before the CLI's own listener, which exits with the command's code; should the CLI not
    // exit, the command has ended all the same.
    function onDrained() {
      drained = true;
      setImmediate(() => end(process.exitCode));
    }
    process.on("beforeExit", onDrained);
    process.exit = (code) => end(code ?? process.exitCode);
    process.exitCode = undefined;
    process.argv = [process.argv[0], CLI_BIN, ...args];
    import(`${CLI_MAIN}?run=${runs++}`).catch((error) => {
      output.stderr += `${error?.stack ?? error}\n`;
      end(1);
    });
  });
}

/**
 * Makes the CLI's file reads (`fs.readFileSync`, and `fs.promises.readFile`, which resolves each `$ref`)
 * refuse a named pipe, a device or a socket instead of waiting for ever for a writer: whatever way a `$ref`
 * is written (an escape, a block scalar, an alias), and wherever it leads, the file is opened without
 * waiting and read only when it is a regular file (a folder still fails as the CLI expects).
 */
function refuseSpecialFiles() {
  const { O_RDONLY, O_NONBLOCK } = fs.constants;
  const isPath = (file) => typeof file === "string" || file instanceof URL || Buffer.isBuffer(file);
  const named = (file) => {
    const relative = path.relative(process.cwd(), String(file instanceof URL ? fileURLToPath(file) : file));
    return relative.startsWith("..") || path.isAbsolute(relative) ? String(file) : relative;
  };
  const refused = (file) => {
    const error = new Error(`${named(file)}: ${NOT_A_FILE}: reading it could wait for ever`);
    // Where the CLI prints the error's stack (a plugin's module), the message alone: no frames of this wrapper.
    error.stack = `Error: ${error.message}`;
    return error;
  };
  const special = (status) => !status.isFile() && !status.isDirectory();
  const { readFileSync } = fs;
  const { readFile, open } = fs.promises;
  fs.readFileSync = function guardedReadFileSync(file, options) {
    if (!isPath(file)) return readFileSync.call(this, file, options);
    let fd;
    try {
      fd = fs.openSync(file, O_RDONLY | O_NONBLOCK);
    } catch (error) {
      throw error.code === "ENXIO" ? refused(file) : error;
    }
    try {
      if (special(fs.fstatSync(fd))) throw refused(file);
      return readFileSync(fd, options);
    } finally {
      fs.closeSync(fd);
    }
  };
  fs.promises.readFile = async function guardedReadFile(file, options) {
    if (!isPath(file)) return readFile.call(this, file, options);
    let handle;
    try {
      handle = await open(file, O_RDONLY | O_NONBLOCK);
    } catch (error) {
      throw error.code === "ENXIO" ? refused(file) : error;
    }
    try {
      if (special(await handle.stat())) throw refused(file);
      return await handle.readFile(options);
    } finally {
      await handle.close();
    }
  };
  // `import * as fs from "node:fs"` (as the CLI's chunks do) sees the change.
  nodeModule.syncBuiltinESMExports();
}

/** The next command from the parent, or null once the channel is closed. */
function nextCommand() {
  return new Promise((resolve) => {
    const onMessage = (message) => settle(message);
    const onDisconnect = () => settle(null);
    const settle = (value) => {
      process.off("message", onMessage);
      process.off("disconnect", onDisconnect);
      resolve(value);
    };
    process.on("message", onMessage);
    process.on("disconnect", onDisconnect);
  });
}

/**
 * `--preload`: loads the modules the CLI's entry imports (its chunks) before any command is known, so that
 * the first command, which comes over the channel, starts at once. The command is listened for from the
 * start (a message with no listener would be lost), and stops the loading when it comes.
 */
async function preload() {
  const first = nextCommand();
  let arrived = false;
  first.then(() => (arrived = true));
  const entry = fs.readFileSync(fileURLToPath(CLI_MAIN), "utf8");
  const chunks = new Set([...entry.matchAll(/(?:from\s*|import\s*)"(\.\/chunks\/[^"]+)"/g)].map((m) => m[1]));
  for (const chunk of chunks) {
    if (arrived) break;
    await import(new URL(chunk, CLI_MAIN).href);
  }
  return first;
}

let result = process.argv[2] === "--preload" && process.send ? { next: preload() } : await run(process.argv.slice(2));
if (process.send)
  for (;;) {
    // Listening before the result goes: the parent may send the next command as soon as it has it.
    const next = result.next ?? (result.reusable ? nextCommand() : null);
    if (!result.next) await new Promise((sent) => process.send(result, sent));
    const command = await next;
    if (!command?.args) exit(0); // not reusable, told to end, or the parent is gone
    process.chdir(command.cwd);
    result = await run(command.args);
  }
// Not started by scripts/lib/redocly.mjs: the command's output and exit code, as the CLI gives them.
writes.stdout.call(process.stdout, result.stdout);
writes.stderr.call(process.stderr, result.stderr);
process.exitCode = result.code;
