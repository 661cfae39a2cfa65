// A hash of everything generation reads, so that an unchanged tree regenerates nothing.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const TOOLS = ["openapi-typescript", "@redocly/cli", "prettier", "typescript"];
const SKIPPED_DIRS = new Set(["sources"]);

function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listFiles(full);
    return /\.(ya?ml|json|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** What generation reads: the specs, the Redocly configuration and the generator itself. */
export function inputFiles(root) {
  return [
    ...listFiles(path.join(root, "specs")),
    ...listFiles(path.join(root, "scripts", "lib")),
    ...listFiles(path.join(root, "scripts", "redocly")),
    path.join(root, "scripts", "generate.mjs"),
    path.join(root, "redocly.yaml"),
    path.join(root, ".redocly.lint-ignore.yaml"),
  ]
    .filter((file) => existsSync(file))
    .sort();
}

export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

export function inputsFingerprint(root) {
  const hash = createHash("sha256");
  for (const file of inputFiles(root)) {
    hash
      .update(path.relative(root, file).split(path.sep).join("/"))
      .update("\0")
      .update(readFileSync(file))
      .update("\0");
  }
  for (const tool of TOOLS) hash.update(`${tool}@${require(`${tool}/package.json`).version}\0`);
  return hash.digest("hex");
}

export function fileHash(file) {
  try {
    return statSync(file).isFile() ? sha256(readFileSync(file)) : null;
  } catch {
    return null;
  }
}
