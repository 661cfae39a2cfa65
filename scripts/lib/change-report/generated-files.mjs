// generated/ as the change report reads it (the merged document and the declarations), at a git commit
// or in the working tree, and the report between two of them: for `scripts/change-report.mjs` and
// `npm run release`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { isDeclarationFile } from "../change-report.mjs";
import { NotAFileError, notAFileKind, readRegular } from "../fingerprint.mjs";
import { treeAt } from "../git-tree.mjs";

export const OUT_DIR = "generated";
const MERGED = "openapi.yaml";

/** The files of generated/ the report reads. */
const isReportInput = (name) => name === MERGED || isDeclarationFile(name);

/**
 * Texts by name, with the declarations by path, whether the merged document is there (`hasDoc`, read
 * without parsing it) and that document parsed on first use (null without one).
 */
function generated(texts) {
  let doc;
  return {
    texts,
    hasDoc: texts.has(MERGED),
    files: new Map(
      [...texts].filter(([name]) => isDeclarationFile(name)).map(([name, text]) => [`${OUT_DIR}/${name}`, text]),
    ),
    get doc() {
      return (doc ??= texts.has(MERGED) ? parse(texts.get(MERGED)) : null);
    },
  };
}

/** Whether `file` (a path in the repository) is a file of generated/ the report reads. */
export const isGeneratedReportInput = (file) =>
  file.startsWith(`${OUT_DIR}/`) &&
  !file.includes("/", OUT_DIR.length + 1) &&
  isReportInput(file.slice(OUT_DIR.length + 1));

/** generated/ as a commit's tree (scripts/lib/git-tree.mjs, read with `isGeneratedReportInput`) holds it. */
export const generatedInTree = (tree) =>
  generated(
    new Map(
      [...tree.texts]
        .filter(([file]) => isGeneratedReportInput(file))
        .map(([file, text]) => [file.slice(OUT_DIR.length + 1), text]),
    ),
  );

/**
 * generated/ at the commit `ref` of the repository at `root` (git run with `env`): `{ doc, files, texts }`,
 * doc null when the commit has none. One git process lists the files, one reads them all.
 */
export function generatedAt(root, ref, env = process.env) {
  const git = (args, input) =>
    execFileSync("git", args, { cwd: root, env, input, maxBuffer: 256 << 20, stdio: ["pipe", "pipe", "pipe"] });
  return generatedInTree(treeAt(git, ref, isGeneratedReportInput));
}

/** generated/ in the working tree at `root`: `{ doc, files, texts }`, doc null when it has no merged document. */
export function generatedInWorkingTree(root) {
  const dir = path.join(root, OUT_DIR);
  const names = (existsSync(dir) ? readdirSync(dir) : []).filter(isReportInput);
  // A pipe, a device or a socket there is never read (reading one could wait for ever), nor a folder: each is named, not compared.
  const texts = names.map((name) => [name, readRegular(path.join(dir, name), "utf8")]);
  const unread = texts
    .filter(([, text]) => text === null)
    .map(([name]) => `${OUT_DIR}/${name}: ${notAFileKind(path.join(dir, name))}`);
  if (unread.length) throw new NotAFileError(`${unread.join("; ")}: move or remove it, then run again.`);
  return generated(new Map(texts));
}

/** True when two views of generated/ hold the same files, byte for byte: no change to report, nothing to parse. */
export function sameFiles(a, b) {
  return a.texts.size === b.texts.size && [...a.texts].every(([name, text]) => b.texts.get(name) === text);
}
