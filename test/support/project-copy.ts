// A copy of what `npm run generate` reads and writes (node_modules linked), in a temporary folder of
// its own: tests that regenerate or edit specs do it there, never in the repository.
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const COPIED = [
  "specs",
  "scripts",
  "generated",
  "redocly.yaml",
  ".redocly.lint-ignore.yaml",
  ".prettierrc.json",
  "package.json",
];

/** A fresh copy of the project's generation inputs and outputs; the caller removes it. */
export function copyProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const name of COPIED) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}
