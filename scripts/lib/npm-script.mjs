// What the project's npm scripts share: the arguments of Node for an npm script of the form
// `node [options] <file> [args]` in package.json, so that a script run without npm (`npm start`'s steps,
// the benchmark) runs the same command; and the scripts' own closed-pipe handling.
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** `process.execPath`'s arguments for the npm script `name` of the package at `root`. */
export function nodeArgsOf(root, name) {
  const script = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts?.[name];
  const words = typeof script === "string" ? script.trim().split(/\s+/) : [];
  if (words[0] !== "node" || words.length < 2 || words.some((word) => /["'`$|&;<>\\]/.test(word)))
    throw new Error(`package.json: the "${name}" script is not a plain \`node [options] <file>\` command: ${script}`);
  return words.slice(1);
}

const CLOSED = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

/** Whether `error` is a write's to a pipe whose reader is gone (or to the stream closed after that). */
export const isClosedPipe = (error) => CLOSED.has(error?.code ?? "");

/**
 * A reader that stops early (`npm start | head`, `npm run drift 2>&1 | head`): a closed stdout exits
 * with the exit code set so far (`exit`: process.exit), a closed stderr drops what is written to it and
 * the script ends with its own exit code; any other error is thrown. The CLI's own (src/cli/closed-pipes.ts,
 * which test/cli-pipes.test.ts checks this against), here so that a script has it before the build
 * exists or is loaded.
 */
export function handleClosedPipes(streams, exit = () => process.exit()) {
  streams.stdout.on("error", (error) => {
    if (!isClosedPipe(error)) throw error;
    exit();
  });
  streams.stderr.on("error", (error) => {
    if (!isClosedPipe(error)) throw error;
  });
}

/** True when node runs the module at `moduleUrl` (its `import.meta.url`), through a symlinked path too, not when it is imported. */
export function isMain(moduleUrl) {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
