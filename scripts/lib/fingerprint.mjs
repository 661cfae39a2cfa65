// What generation reads, hashed, so that `npm run generate` regenerates only what an edit affects
// and `--check` can answer without regenerating. Two kinds of inputs:
//   - the generator: its scripts, its configuration and the versions of the tools it runs; a change
//     to any of them regenerates everything;
//   - each API: its root spec and every file the root refers to with a $ref, transitively; a change
//     regenerates that API's outputs and the merged document.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const TOOLS = [
  "@redocly/cli",
  "openapi-typescript",
  "typescript",
  "prettier",
  "yaml",
  "ajv",
  "ajv-formats",
  "esbuild",
];
const GENERATOR_DIRS = ["scripts/lib", "scripts/redocly"];
const GENERATOR_FILES = ["scripts/generate.mjs", "redocly.yaml", ".redocly.lint-ignore.yaml", ".prettierrc.json"];

export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

export function fileHash(file) {
  try {
    return statSync(file).isFile() ? sha256(readFileSync(file)) : null;
  } catch {
    return null;
  }
}

function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** A $ref's file part ("./a.yaml#/b" -> "./a.yaml"); local and remote refs have none. */
const REF = /\$ref['"]?\s*:\s*['"]?([^'"#\s,}]+)/g;

/**
 * The spec files of an API: its root and every file reachable from it through $refs (found in the
 * text, so YAML and JSON alike), sorted. A file that is referred to but missing is listed too.
 */
export function specFiles(root, apiRoot) {
  const found = new Set();
  const pending = [path.resolve(root, apiRoot)];
  while (pending.length) {
    const file = pending.pop();
    if (found.has(file)) continue;
    found.add(file);
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const [, target] of text.matchAll(REF)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      pending.push(path.resolve(path.dirname(file), decodeURIComponent(target)));
    }
  }
  return [...found].sort();
}

/** The generator's files: its scripts and configuration. */
export function generatorFiles(root) {
  return [
    ...GENERATOR_FILES.map((file) => path.join(root, file)),
    ...GENERATOR_DIRS.flatMap((dir) => listFiles(path.join(root, dir))),
  ].sort();
}

function hashFiles(root, files, extra = []) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file).split(path.sep).join("/")).update("\0");
    hash.update(existsSync(file) ? readFileSync(file) : "(missing)").update("\0");
  }
  for (const line of extra) hash.update(line).update("\0");
  return hash.digest("hex");
}

/** name@version of each tool, as installed */
export function toolVersions() {
  return TOOLS.map((tool) => `${tool}@${require(`${tool}/package.json`).version}`);
}

/**
 * @param {{ name: string, root: string }[]} apis
 * @returns {{ generator: string, apis: Record<string, string> }} the hash of each kind of input
 */
export function inputsFingerprint(root, apis) {
  return {
    generator: hashFiles(root, generatorFiles(root), toolVersions()),
    apis: Object.fromEntries(apis.map((api) => [api.name, hashFiles(root, specFiles(root, api.root))])),
  };
}
