// Runs the Redocly CLI (the version pinned in package.json) as a child process.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
/** Where V8's compiled code is kept (Node 22.1+): by generate, and by the CLI (its bin enables the cache), not in the temp folder. */
export const COMPILE_CACHE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  ".cache",
  "node-compile",
);

const QUIET_ENV = {
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
};

/**
 * A Redocly run lasts well under a second: TurboFan's background compiles cost about a third of its
 * CPU on Node 20 and 22 and pay back nothing in that time (on Node 24 it makes no difference).
 */
const V8_FLAGS = ["--no-turbofan"];

/** Redocly prints a boxed Node.js-support banner on Node 20; it carries no information about the specs. */
export function stripBanner(text) {
  return text
    .split("\n")
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join("\n")
    .replace(/^\s*\n/, "");
}

/** The Redocly processes running, each with the promise of its end. */
const running = new Map();
/** Set when the process is being stopped: a run asked for after that is not started. */
let ended = false;

export function redocly(args, { cwd = process.cwd(), color = false } = {}) {
  if (ended) return Promise.resolve({ code: 1, stdout: "", stderr: "not started: the process is stopping\n" });
  return new Promise((resolve) => {
    // With NODE_ENV=test (as under vitest) `redocly join` prints its result instead of writing -o.
    const { NODE_ENV: _ignored, ...parent } = process.env;
    const env = {
      ...parent,
      ...QUIET_ENV,
      NODE_COMPILE_CACHE: COMPILE_CACHE,
      ...(color ? {} : { NO_COLOR: "1", FORCE_COLOR: "0" }),
    };
    const child = execFile(
      process.execPath,
      [...V8_FLAGS, CLI, ...args],
      { cwd, env, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (error.code ?? 1) : 0, stdout: stripBanner(stdout), stderr: stripBanner(stderr) });
      },
    );
    running.set(child, new Promise((ended) => child.on("close", ended)));
    child.on("close", () => running.delete(child));
  });
}

/**
 * Ends every Redocly process still running (at once: no more output), once they have ended. `final`
 * (the process is being stopped): none is started after this either, such as the lint a build runs
 * when it sees its bundle fail, which would otherwise outlive the process.
 */
export async function stopRedocly({ final = false } = {}) {
  ended ||= final;
  for (const child of running.keys()) child.kill("SIGKILL");
  await Promise.all(running.values());
}

/** The file Redocly names when a spec does not parse (it then stops the whole run there). */
const UNPARSED = /Failed to parse API description at (.+?):\r?\n/;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * `redocly lint` of `targets` (API names of the configuration, or spec files), in one run, that goes
 * on past a spec that does not parse: Redocly stops there, and the targets after it are linted in
 * another run. `rootOf(target)`: the spec file of a target (relative to `cwd`); `options` go before the
 * targets. @returns {{ code, stdout, stderr, unparsed }} the runs' outputs one after the other, failed if any
 * failed, and the targets that did not parse
 */
export async function lintEach(
  targets,
  { options = [], rootOf = (target) => target, cwd = process.cwd(), color } = {},
) {
  const all = { code: 0, stdout: "", stderr: "", unparsed: [] };
  let rest = targets;
  do {
    const result = await redocly(["lint", ...options, ...rest], { cwd, color });
    all.stdout += result.stdout;
    all.stderr += result.stderr;
    all.code ||= result.code;
    const unparsed = UNPARSED.exec(`${result.stdout}\n${result.stderr}`.replace(ANSI, ""))?.[1];
    if (result.code === 0 || unparsed === undefined) break;
    const at = rest.findIndex((target) => path.resolve(cwd, rootOf(target)) === path.resolve(cwd, unparsed));
    if (at < 0) break;
    all.unparsed.push(rest[at]);
    rest = rest.slice(at + 1);
  } while (rest.length);
  return all;
}
