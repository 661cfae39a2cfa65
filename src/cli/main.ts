#!/usr/bin/env node
// The `connectivity` command (package.json `bin`).
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { handleClosedPipes } from "./closed-pipes.js";
import { run } from "./commands.js";

handleClosedPipes(process);

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => text(process.stdin),
  readFile: (path) => readFile(path, "utf8"),
});
