// Runs the Redocly CLI (the version pinned in package.json) in child processes, each able to run one
// command after another (scripts/lib/redocly-runner.mjs).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RUNNER = fileURLToPath(new URL("./redocly-runner.mjs", import.meta.url));
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

/** Every Redocly process alive (running a command, or kept by a session), with the promise of its end. */
const processes = new Map();
/** Set when the process is being stopped: a run asked for after that is not started. */
let ended = false;

/** The environment of a Redocly process. */
function cliEnv(color) {
  // With NODE_ENV=test (as under vitest) `redocly join` prints its result instead of writing -o.
  const { NODE_ENV: _ignored, ...parent } = process.env;
  return {
    ...parent,
    ...QUIET_ENV,
    NODE_COMPILE_CACHE: COMPILE_CACHE,
    ...(color ? {} : { NO_COLOR: "1", FORCE_COLOR: "0" }),
  };
}

/**
 * A Redocly process that runs `args` in `cwd`, then each command it is given (scripts/lib/redocly-runner.mjs):
 * `next(args, cwd)` runs one when the last has ended, and every run resolves to its `{ code, stdout, stderr,
 * reusable }`; `end()` lets the process go.
 */
function startRunner(args, { cwd, color }) {
  const child = spawn(process.execPath, [...V8_FLAGS, RUNNER, ...args], {
    cwd,
    env: cliEnv(color),
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  // What the process wrote itself, outside the commands' captured output (a crash's message).
  const raw = { stdout: "", stderr: "" };
  for (const name of ["stdout", "stderr"]) child[name].setEncoding("utf8").on("data", (text) => (raw[name] += text));
  let pending;
  const settle = ({ code, stdout = "", stderr = "", reusable = false }) => {
    const resolve = pending;
    pending = undefined;
    resolve?.({
      code,
      stdout: stripBanner(raw.stdout + stdout),
      stderr: stripBanner(raw.stderr + stderr),
      reusable,
    });
    raw.stdout = raw.stderr = "";
  };
  const command = (resolve) => (pending = resolve);
  child.on("message", settle);
  child.on("error", (error) => settle({ code: 1, stderr: `${error.message}\n` }));
  processes.set(
    child,
    new Promise((closed) =>
      child.on("close", (code) => {
        processes.delete(child);
        settle({ code: code || 1 });
        closed();
      }),
    ),
  );
  const first = new Promise(command);
  return {
    first,
    alive: () => processes.has(child),
    next: (nextArgs, nextCwd) =>
      new Promise((resolve) => {
        command(resolve);
        child.send({ args: nextArgs, cwd: path.resolve(nextCwd) });
      }),
    // Told, not disconnected: Node emits no `close` for a child disconnected, then killed (stopRedocly).
    end: () => child.connected && child.send({ end: true }),
    kill: () => child.kill("SIGKILL"),
    /** Whether the process (its pipes and channel) keeps this one alive. */
    hold: (held) => {
      for (const handle of [child, child.channel, child.stdout, child.stderr]) held ? handle?.ref() : handle?.unref();
    },
  };
}

/** A Redocly process started before any command was known (prestartRedocly), for the first session. */
let prestarted;

/**
 * Starts a Redocly process that loads the CLI at once (`--preload`), before the caller knows what it will
 * run: the first session (without color) runs its commands there. Loading the CLI takes about as long as
 * what generate does before its first Redocly command, so that command starts about 0.2 s sooner. Until a
 * session takes it, it does not keep this process alive, and it is killed when this one exits (a run with
 * nothing to build leaves nothing running).
 */
export function prestartRedocly() {
  if (ended || prestarted) return;
  prestarted = startRunner(["--preload"], { cwd: process.cwd(), color: false });
  prestarted.hold(false);
  process.once("exit", () => prestarted?.kill());
}

/**
 * Redocly processes kept between commands: a command run with `{ session }` takes one that has ended
 * its last command (or the prestarted one), or starts one, so that commands one after another load the
 * CLI once (about half of a short run). `close()` lets those it keeps go; `stopRedocly` ends them too.
 */
export function redoclySession({ color = false } = {}) {
  const idle = [];
  if (prestarted && !color) {
    prestarted.hold(true);
    idle.push(prestarted);
    prestarted = undefined;
  }
  return {
    color,
    idle,
    close: () => {
      for (const runner of idle.splice(0)) runner.end();
    },
  };
}

/** `redocly <args>` in `cwd`: `{ code, stdout, stderr }`, in a process of its own or one of `session`'s. */
export async function redocly(args, { cwd = process.cwd(), color = false, session } = {}) {
  if (ended) return { code: 1, stdout: "", stderr: "not started: the process is stopping\n" };
  // Redocly changes its built-in configuration in place for `--extends` (without a configuration file):
  // such a command gets a process of its own, not kept for another.
  const shared = args.some((arg) => arg === "--extends" || arg.startsWith("--extends=")) ? undefined : session;
  let runner;
  while ((runner = shared?.idle.pop()) && !runner.alive());
  let result;
  if (runner) result = await runner.next(args, cwd);
  else {
    runner = startRunner(args, { cwd, color: session ? session.color : color });
    result = await runner.first;
  }
  const { reusable, ...run } = result;
  if (shared && reusable && runner.alive()) shared.idle.push(runner);
  else runner.end();
  return run;
}

/**
 * Ends every Redocly process (at once: no more output), once they have ended: those running a command,
 * and those a session keeps. `final` (the process is being stopped): none is started after this
 * either, such as the lint a build runs when it sees its bundle fail, which would otherwise outlive
 * the process.
 */
export async function stopRedocly({ final = false } = {}) {
  ended ||= final;
  for (const child of processes.keys()) child.kill("SIGKILL");
  await Promise.all(processes.values());
}

/** The file Redocly names when a spec does not parse (it then stops the whole run there). */
const UNPARSED = /Failed to parse API description at (.+?):\r?\n/;
const ANSI = /\x1b\[[0-9;]*m/g;
const ALL_VALID = /^.*Woohoo! Your API descriptions? (?:is|are) valid.*$/m;
const VALID_BUT_UNPARSED = "The API descriptions after it are valid; it does not parse (above).";

/**
 * `redocly lint` of `targets` (API names of the configuration, or spec files), in one run, that goes
 * on past a spec that does not parse: Redocly stops there, and the targets after it are linted in
 * another run. `rootOf(target)`: the spec file of a target (relative to `cwd`); `options` go before the
 * targets. @returns {{ code, stdout, stderr, unparsed }} the runs' outputs one after the other, failed if any
 * failed, and the targets that did not parse
 */
export async function lintEach(
  targets,
  { options = [], rootOf = (target) => target, cwd = process.cwd(), color, session } = {},
) {
  const all = { code: 0, stdout: "", stderr: "", unparsed: [] };
  // The runs after the first in the process it ran in (without a session given, one of its own).
  const runs = session ?? redoclySession({ color });
  let rest = targets;
  do {
    const result = await redocly(["lint", ...options, ...rest], { cwd, session: runs });
    // After a spec that does not parse, a run's "valid" is about the specs after it, not all of them.
    const said = (text) => (all.unparsed.length ? text.replace(ALL_VALID, VALID_BUT_UNPARSED) : text);
    all.stdout += said(result.stdout);
    all.stderr += said(result.stderr);
    all.code ||= result.code;
    const unparsed = UNPARSED.exec(`${result.stdout}\n${result.stderr}`.replace(ANSI, ""))?.[1];
    if (result.code === 0 || unparsed === undefined) break;
    const at = rest.findIndex((target) => path.resolve(cwd, rootOf(target)) === path.resolve(cwd, unparsed));
    if (at < 0) break;
    all.unparsed.push(rest[at]);
    rest = rest.slice(at + 1);
  } while (rest.length);
  if (runs !== session) runs.close();
  return all;
}
