// The files of a git commit, read with two git processes however many are asked for: one `git ls-tree -r`
// lists them, one `git cat-file --batch` reads the ones wanted.

/**
 * The files of commit `commit`: `{ paths, texts }`, every file's path (relative to the top level, `/`
 * separated) and the text of each that `wanted(path)` keeps. `git(args, input)` runs git in the
 * repository and returns its output as a Buffer.
 */
export function treeAt(git, commit, wanted) {
  const blobs = git(["ls-tree", "-r", "-z", "--full-tree", commit])
    .toString("utf8")
    .split("\0")
    .map((entry) => /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry)) // "<mode> blob <object>\t<path>"
    .filter(Boolean);
  const read = blobs.filter(([, , file]) => wanted(file));
  const texts = new Map();
  if (read.length) {
    // `git cat-file --batch` answers each object as "<object> blob <size>\n<content>\n".
    const batch = git(["cat-file", "--batch"], read.map(([, id]) => `${id}\n`).join(""));
    let at = 0;
    for (const [, , file] of read) {
      const end = batch.indexOf(10, at);
      const size = Number(batch.toString("latin1", at, end).split(" ")[2]);
      texts.set(file, batch.toString("utf8", end + 1, end + 1 + size));
      at = end + 2 + size;
    }
  }
  return { paths: blobs.map(([, , file]) => file), texts };
}
