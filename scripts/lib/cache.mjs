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
