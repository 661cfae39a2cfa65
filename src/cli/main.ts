#!/usr/bin/env node
// The `connectivity` command (package.json `bin`).
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { run } from "./commands.js";

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other commands do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => text(process.stdin),
  readFile: (path) => readFile(path, "utf8"),
});
