#!/usr/bin/env node
// Lints every spec in specs/ and the merged generated/openapi.yaml (the `apis` of redocly.yaml).
// Problems are printed with their file, line and column; any problem fails.
import { redocly } from "./lib/redocly.mjs";

const result = await redocly(["lint", "--format", "codeframe", ...process.argv.slice(2)], {
  color: process.stdout.isTTY,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
