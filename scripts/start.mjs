#!/usr/bin/env node
// The main job: regenerate from the specs (a no-op when nothing changed), build, then list every
// resource of the four APIs through the `connectivity` CLI's code: a table of key columns per API and a
// summary of items, pages and time (src/cli/list-all.ts).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodeArgsOf } from "./lib/npm-script.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

function run(label, args) {
  process.stderr.write(`› ${label}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npm run generate", nodeArgsOf(root, "generate"));
run("npm run build", [tsc, "-p", "tsconfig.build.json"]);
run("list everything", ["dist/src/cli/list-all.js", ...process.argv.slice(2)]);
