#!/usr/bin/env node
// Lints every spec in specs/ and the merged generated/openapi.yaml (the `apis` of redocly.yaml), or the
// APIs and files given. Problems are printed with their file, line and column; any problem fails. A
// spec that does not parse does not stop the others: each is linted, and the run fails at the end.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { checkConfigFiles, YAML_AS_REDOCLY } from "./lib/apis.mjs";
import { isSpecial, NOT_A_FILE } from "./lib/fingerprint.mjs";
import { lintEach } from "./lib/redocly.mjs";

/** Options of `redocly lint` followed by a value. */
const WITH_VALUE = new Set([
  "--format",
  "--config",
  "--max-problems",
  "--extends",
  "--skip-rule",
  "--skip-preprocessor",
  "--output",
]);
const options = [];
const targets = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (!argv[i].startsWith("-")) targets.push(argv[i]);
  else {
    options.push(argv[i]);
    if (WITH_VALUE.has(argv[i]) && i + 1 < argv.length) options.push(argv[++i]);
  }
}
// `--config FILE` or `--config=FILE`, as Redocly takes it.
const configAt = options.findIndex((option) => option === "--config" || option.startsWith("--config="));
const configFile =
  configAt < 0 ? "redocly.yaml" : options[configAt] === "--config" ? options[configAt + 1] : options[configAt].slice(9);
// `--config` last or before another option, with no file after it: Redocly would take the next word it
// gets (a spec) for the file.
if (!configFile || configFile.startsWith("-")) {
  console.error("--config needs the file of a Redocly configuration (--config FILE or --config=FILE).");
  process.exit(2);
}
try {
  checkConfigFiles(configFile);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
let apis = {};
try {
  apis = parse(readFileSync(configFile, "utf8"), YAML_AS_REDOCLY)?.apis ?? {};
} catch {
  // Redocly reports a configuration it cannot read.
}
const linted = targets.length ? targets : Object.keys(apis);
const rootOf = (target) => (apis[target]?.root ? path.join(path.dirname(configFile), apis[target].root) : target);
// A spec that is a named pipe, a device or a socket is named here; one a $ref reaches, by Redocly's run,
// at the $ref (scripts/lib/redocly-runner.mjs refuses to read it).
const special = linted.map(rootOf).filter(isSpecial);
if (special.length) {
  console.error(`${special.join(", ")}: ${NOT_A_FILE}, which a spec file must be: reading it could wait for ever.`);
  process.exit(1);
}
const result = await lintEach(linted, {
  options: ["--format", "codeframe", ...options],
  rootOf,
  color: process.stdout.isTTY,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
// Redocly's last run may end with "valid": the specs that did not parse are named again, at the end.
if (result.unparsed.length)
  console.error(`\nNot linted, since it does not parse (above): ${result.unparsed.join(", ")}`);
process.exitCode = result.code;
