// Writing generated/: what changed, all of it or nothing, the merged document last, so that a run that
// fails to write cannot turn into a silent change report.
import {
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import path from "node:path";
import { discard, ownName, writeNew } from "./cache.mjs";
import { readRegular } from "./fingerprint.mjs";

/** Whether `file` is a file (not a link) holding `content`; an unreadable one is not. */
function holds(file, content) {
  try {
    return existsSync(file) && !lstatSync(file).isSymbolicLink() && readRegular(file, "utf8") === content;
  } catch {
    return false;
  }
}

/** Whether anything (a link to nowhere too) is at `file`. */
function present(file) {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives `file` (a link itself, if it is one) the second name `old`, for the new file to be renamed over it:
 * a kill between the two renames leaves it in place. Where the file system has no hard links, `old` is a
 * copy of it (a new file, or a new link to what it links to).
 */
function keepAside(file, old) {
  try {
    linkSync(file, old);
  } catch (error) {
    if (error.code === "EEXIST") throw error;
    if (lstatSync(file).isSymbolicLink()) symlinkSync(readlinkSync(file), old);
    else copyFileSync(file, old, constants.COPYFILE_EXCL);
  }
}

/**
 * Writes each of `files` (name → content) into `dir` that does not hold it already, `last` after all
 * others, all or nothing: every file is first written aside (a new file: never through a link), then
 * each old one is kept aside (a second name of it) and the new one renamed over it, so that no name is
 * ever missing. A write or a rename that fails (a full disk, an immutable file) puts every old file back
 * (those that cannot be, a second failure, are named on the error: `leftNew`): the next run's change report, which compares the specs with what generated/ holds, reports the change
 * again. Only a kill during the renames can leave some files new, and the others (the merged document
 * among them) as they were. `run`: what the names of the files aside hold. @returns {string[]} the names
 * written, in that order, with `leftAside`: each `{ name, error }` of a copy aside that could not be
 * removed at the end (a stray the next run removes)
 */
export function writeOutputs(dir, files, last, run = ownName()) {
  const names = [...files.keys()].filter((name) => name !== last);
  if (files.has(last)) names.push(last);
  const changed = names.filter((name) => !holds(path.join(dir, name), files.get(name)));
  mkdirSync(dir, { recursive: true });
  // `run` makes names of this run's own: left over from a run stopped before (a kill, a --watch of the
  // same pid), such a file is a stray the next run removes, never in the way.
  const aside = (name, kind) => path.join(dir, `${name}.${run}.${kind}`);
  const written = [];
  const placed = [];
  try {
    for (const name of changed) {
      writeNew(aside(name, "partial"), files.get(name));
      written.push(name);
    }
    for (const name of changed) {
      const file = path.join(dir, name);
      const old = present(file) ? aside(name, "old") : null;
      if (old) keepAside(file, old);
      try {
        renameSync(aside(name, "partial"), file);
      } catch (error) {
        // A rename that fails leaves the old file in its place.
        if (old) discard(old);
        throw error;
      }
      placed.push([file, old]);
    }
  } catch (error) {
    // Each file put back that can be (a second failure, a disk gone read-only, stops none of the others):
    // those that cannot stay new, named on the error (`leftNew`) with the first failure of putting back.
    const leftNew = [];
    for (const [file, old] of placed.reverse()) {
      try {
        if (old) renameSync(old, file);
        else rmSync(file, { force: true });
      } catch (failure) {
        leftNew.push(path.basename(file));
        error.restoreError ??= failure;
      }
    }
    for (const name of written) discard(aside(name, "partial"));
    if (leftNew.length) error.leftNew = leftNew.reverse();
    throw error;
  }
  const leftAside = [];
  for (const [, old] of placed)
    if (old)
      try {
        rmSync(old, { force: true });
      } catch (error) {
        leftAside.push({ name: path.basename(old), error });
      }
  return Object.assign(changed, { leftAside });
}
