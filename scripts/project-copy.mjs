// A copy of what `npm run generate` reads and writes (node_modules linked), in a temporary folder of
// its own: the tests and the benchmark regenerate and edit specs there, never in the repository.
import { cpSync, existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const COPIED = [
  "specs",
  "scripts",
  "generated",
  "redocly.yaml",
  ".redocly.lint-ignore.yaml",
  ".prettierrc.json",
  "package.json",
];

/**
 * A fresh copy of the generation inputs and outputs of `source` (the project by default; another
 * checkout may predate one of them), with the project's node_modules linked; the caller removes it.
 */
export function copyProject(prefix, { source = ROOT } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const name of COPIED) {
    const from = path.join(source, name);
    if (source === ROOT || existsSync(from)) cpSync(from, path.join(dir, name), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
