// Writing generated/: what changed, all of it or nothing, in an order that a stopped run cannot turn into
// a silent change report.
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Whether `file` is a file (not a link) holding `content`; an unreadable one is not. */
function holds(file, content) {
  try {
    return existsSync(file) && !lstatSync(file).isSymbolicLink() && readFileSync(file, "utf8") === content;
  } catch {
    return false;
  }
}

/**
 * Writes each of `files` (name → content) into `dir` that does not hold it already, `last` after all
 * others. Every file is first written aside, then all are renamed into place: a full disk or a write
 * that fails changes nothing, and the next run's change report, which compares the specs with what
 * generated/ holds, reports the change again. A stop during the renames (a kill) can leave `last` as it
 * was, and the fingerprint, renamed before it, then finds it stale. @returns {string[]} the names
 * written, in that order
 */
export function writeOutputs(dir, files, last) {
  const names = [...files.keys()].filter((name) => name !== last);
  if (files.has(last)) names.push(last);
  const changed = names.filter((name) => !holds(path.join(dir, name), files.get(name)));
  mkdirSync(dir, { recursive: true });
  const partial = (name) => path.join(dir, `${name}.${process.pid}.partial`);
  let renamed = 0;
  try {
    for (const name of changed) writeFileSync(partial(name), files.get(name));
    for (const name of changed) {
      renameSync(partial(name), path.join(dir, name));
      renamed += 1;
    }
  } catch (error) {
    for (const name of changed.slice(renamed)) {
      try {
        rmSync(partial(name), { force: true });
      } catch {
        // (not ours to remove: a folder of that name)
      }
    }
    throw error;
  }
  return changed;
}
