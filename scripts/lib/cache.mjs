// generate's cache (.cache/generate/): what a run made, kept for the next one, by a key of what made it.
// Each file has the hash of its content beside it: one damaged since it was written reads as nothing kept.
import { randomBytes } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { readRegular, sha256 } from "./fingerprint.mjs";

/** Where the hash of a kept file's content is written. */
const hashFile = (file) => `${file}.sha256`;

/** A name part of this process's own, new at each call (`<pid>-<8 hex digits>`): for files set aside. */
export const ownName = () => `${process.pid}-${randomBytes(4).toString("hex")}`;

/**
 * Removes the file `file` if it can, never throwing: the error of a write is what its caller says, not one
 * of its clean-up (a folder of that name is not the caller's either).
 */
export function discard(file) {
  try {
    unlinkSync(file);
  } catch {
    // not made, or not removable (an append-only folder)
  }
}

/**
 * Writes `content` as the new file `file`: never through a link or over a file there; one created but
 * not written whole (a full disk) is removed.
 */
export function writeNew(file, content) {
  try {
    writeFileSync(file, content, { flag: "wx" });
  } catch (error) {
    if (error.code !== "EEXIST") discard(file);
    throw error;
  }
}

/**
 * Writes `content` to `file` whole or not at all: a full disk or a kill leaves the file as it was. The
 * copy aside is a new file of a name of its own, never written through a link.
 */
export function writeWhole(file, content) {
  const partial = `${file}.${ownName()}.partial`;
  writeNew(partial, content);
  try {
    renameSync(partial, file);
  } catch (error) {
    discard(partial);
    throw error;
  }
}

const isLink = (file) => {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false; // nothing there, or below a file
  }
};

/**
 * The first of `dir` and the folders above it that is there and no folder, or a link to nowhere (what
 * `mkdir -p dir` stops at), else `dir`.
 */
function notAFolderAt(dir) {
  for (let at = dir; path.dirname(at) !== at; at = path.dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      if (isLink(at)) return at; // to nowhere
    }
  }
  return dir;
}

const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether process `pid` runs (one of another user's counts). */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * How long a `.partial` whose writer this process does not see running is left alone: the writer may run
 * in another PID namespace (a container sharing the folder), where its file is still being written.
 */
const ASIDE_FOR_MS = 10 * 60_000;

const untouchedFor = (file, ms) => {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return false; // gone meanwhile
  }
};

/**
 * The files of `dir` that keeping `file` (named `prefix`, a key without dots, then the rest) replaces: the
 * same entry under another key, and its hash (never an entry whose name only begins alike, such as
 * another API's whose name extends this one's); and what a writer of such a file that no longer runs
 * left aside, untouched for ASIDE_FOR_MS (a `.partial`: another run's, while it writes, is its own).
 */
function replaced(dir, file, prefix) {
  const name = path.basename(file);
  if (!name.startsWith(prefix)) return [];
  const rest = name.slice(prefix.length).replace(/^[^.]*/, "");
  const entry = `^${escaped(prefix)}[^.]+${escaped(rest)}(?:\\.sha256)?`;
  const kept = new RegExp(`${entry}$`);
  const aside = new RegExp(`${entry}\\.(\\d+)-[0-9a-f]+\\.partial$`);
  return readdirSync(dir).filter((other) => {
    if (other === name) return false;
    if (kept.test(other)) return true;
    const writer = aside.exec(other)?.[1];
    return writer !== undefined && !running(Number(writer)) && untouchedFor(path.join(dir, other), ASIDE_FOR_MS);
  });
}

/**
 * Keeps `content` in `file` of `dir` (named `prefix`, then a key without dots), with its hash beside it,
 * in place of the same entry under another key (replaced).
 */
export function writeIntact(dir, file, content, prefix) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // A file, a pipe or a link to one where the folder should be (or above it: `.cache` a file): named, with what to do.
    if (error.code === "EEXIST" || error.code === "ENOTDIR" || error.code === "ENOENT")
      error.message = `${path.relative(process.cwd(), notAFolderAt(dir))} is not a folder (${error.code}): generate keeps its cache in ${path.relative(process.cwd(), dir)}; remove what is in its place and run again.`;
    throw error;
  }
  for (const name of replaced(dir, file, prefix)) rmSync(path.join(dir, name), { force: true });
  writeWhole(file, content);
  writeWhole(hashFile(file), sha256(content));
}

/**
 * The content writeIntact kept in `file` (a string; its bytes, a Buffer, when `bytes`), or null: none kept,
 * or damaged since.
 */
export function readIntact(file, { bytes = false } = {}) {
  if (!existsSync(file) || !existsSync(hashFile(file))) return null;
  let content;
  let hash;
  try {
    // A pipe or a device put there is never read (reading one could wait for ever): nothing kept.
    [content, hash] = [file, hashFile(file)].map((name) => readRegular(name));
  } catch {
    return null; // gone meanwhile (another run kept another in its place), or unreadable
  }
  if (content === null || hash?.toString("utf8") !== sha256(content)) return null;
  return bytes ? content : content.toString("utf8");
}
