// The arguments of Node for an npm script of the form `node [options] <file> [args]` in package.json,
// so that a script run without npm (`npm start`'s steps, the benchmark) runs the same command.
import { readFileSync } from "node:fs";
import path from "node:path";

/** `process.execPath`'s arguments for the npm script `name` of the package at `root`. */
export function nodeArgsOf(root, name) {
  const script = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts?.[name];
  const words = typeof script === "string" ? script.trim().split(/\s+/) : [];
  if (words[0] !== "node" || words.length < 2 || words.some((word) => /["'`$|&;<>\\]/.test(word)))
    throw new Error(`package.json: the "${name}" script is not a plain \`node [options] <file>\` command: ${script}`);
  return words.slice(1);
}
