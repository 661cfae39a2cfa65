// Writing generated/: what changed, each file whole or not at all, in an order that a stopped run cannot
// turn into a silent change report.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeWhole } from "./cache.mjs";

/**
 * Writes each of `files` (name → content) into `dir` whose content differs, each whole or not at all,
 * `last` after all others: the next run's change report compares the specs with that document as it is
 * on disk, so a run stopped before writing it (a full disk, a kill) reports the change again (the
 * fingerprint, written before it, then finds it stale). @returns {string[]} the names written, in that order
 */
export function writeOutputs(dir, files, last) {
  const names = [...files.keys()].filter((name) => name !== last);
  if (files.has(last)) names.push(last);
  mkdirSync(dir, { recursive: true });
  const written = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const content = files.get(name);
    if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
    writeWhole(file, content);
    written.push(name);
  }
  return written;
}
