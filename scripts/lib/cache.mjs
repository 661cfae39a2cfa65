// generate's cache (.cache/generate/): what a run made, kept for the next one, by a key of what made it.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "./fingerprint.mjs";

/** Writes `content` to `file` in `dir` whole or not at all, removing the other files of `dir` named `prefix`*. */
export function cacheWrite(dir, file, content, prefix) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir))
    if (name.startsWith(prefix) && path.join(dir, name) !== file) rmSync(path.join(dir, name), { force: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/**
 * A text kept under `key` (a file name prefix) and checked: the file's name ends in the hash of its
 * content, so a file damaged since it was written reads as nothing kept (null).
 */
export function readChecked(dir, key) {
  const name = existsSync(dir) && readdirSync(dir).find((file) => file.startsWith(key) && !file.endsWith(".partial"));
  if (!name) return null;
  const text = readFileSync(path.join(dir, name), "utf8");
  return name === `${key}${sha256(text).slice(0, 16)}.ts` ? text : null;
}

/** Keeps `text` under `key` for readChecked, in place of the other files named `prefix`*. */
export function writeChecked(dir, key, text, prefix) {
  cacheWrite(dir, path.join(dir, `${key}${sha256(text).slice(0, 16)}.ts`), text, prefix);
}

/** Where the hash of a kept file's content is written (see writeIntact). */
const hashFile = (file) => `${file}.sha256`;

/**
 * Writes `content` to `file` as cacheWrite does, then the hash of it beside the file: intact(file)
 * tells a file damaged since (or whose hash was never written) from one as it was written.
 */
export function writeIntact(dir, file, content, prefix) {
  cacheWrite(dir, file, content, prefix);
  const partial = `${hashFile(file)}.${process.pid}.partial`;
  writeFileSync(partial, sha256(content));
  renameSync(partial, hashFile(file));
}

/** True when `file` is there with the content writeIntact wrote. */
export function intact(file) {
  if (!existsSync(file) || !existsSync(hashFile(file))) return false;
  return readFileSync(hashFile(file), "utf8") === sha256(readFileSync(file));
}
