// generated/ as the change report reads it (the merged document and the declarations), at a git commit
// or in the working tree, and the report between two of them: for `scripts/change-report.mjs` and
// `npm run release`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { isDeclarationFile } from "../change-report.mjs";

export const OUT_DIR = "generated";
const MERGED = "openapi.yaml";

/** The files of generated/ the report reads. */
const isReportInput = (name) => name === MERGED || isDeclarationFile(name);

/** Texts by name, with the declarations by path and the merged document parsed on first use (null without one). */
function generated(texts) {
  let doc;
  return {
    texts,
    files: new Map(
      [...texts].filter(([name]) => isDeclarationFile(name)).map(([name, text]) => [`${OUT_DIR}/${name}`, text]),
    ),
    get doc() {
      return (doc ??= texts.has(MERGED) ? parse(texts.get(MERGED)) : null);
    },
  };
}

/**
 * generated/ at the commit `ref` of the repository at `root` (git run with `env`): `{ doc, files, texts }`,
 * doc null when the commit has none. One git process lists the files, one reads them all.
 */
export function generatedAt(root, ref, env = process.env) {
  const git = (args, input) =>
    execFileSync("git", args, { cwd: root, env, input, maxBuffer: 64 << 20, stdio: ["pipe", "pipe", "pipe"] });
  let listing = "";
  try {
    listing = git(["ls-tree", "-z", `${ref}:${OUT_DIR}`]).toString("utf8");
  } catch {
    // the commit has no generated/: everything is new
  }
  const blobs = listing
    .split("\0")
    .map((entry) => /^\d+ blob (\w+)\t(.+)$/s.exec(entry)) // "<mode> blob <object>\t<name>"
    .filter((entry) => entry && isReportInput(entry[2]));
  const texts = new Map();
  if (blobs.length === 0) return generated(texts);
  // `git cat-file --batch` answers each object as "<object> blob <size>\n<content>\n".
  const batch = git(["cat-file", "--batch"], blobs.map(([, id]) => `${id}\n`).join(""));
  let at = 0;
  for (const [, , name] of blobs) {
    const end = batch.indexOf("\n", at);
    const size = Number(batch.toString("latin1", at, end).split(" ")[2]);
    texts.set(name, batch.toString("utf8", end + 1, end + 1 + size));
    at = end + 2 + size;
  }
  return generated(texts);
}

/** generated/ in the working tree at `root`: `{ doc, files, texts }`, doc null when it has no merged document. */
export function generatedInWorkingTree(root) {
  const dir = path.join(root, OUT_DIR);
  const names = (existsSync(dir) ? readdirSync(dir) : []).filter(isReportInput);
  return generated(new Map(names.map((name) => [name, readFileSync(path.join(dir, name), "utf8")])));
}

/** True when two views of generated/ hold the same files, byte for byte: no change to report, nothing to parse. */
export function sameFiles(a, b) {
  return a.texts.size === b.texts.size && [...a.texts].every(([name, text]) => b.texts.get(name) === text);
}
