// Running the spec pipeline's scripts (`npm run generate`, `npm run lint`) in a temporary copy of the
// project, for test/pipeline.test.ts and the end-to-end files of `npm run test:e2e` (test/*.e2e.test.ts).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { copyProject } from "./project-copy.js";
// @ts-expect-error untyped project script
import { nodeArgsOf } from "../../scripts/lib/npm-script.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The environment of the scripts. Without NODE_ENV: vitest sets it to "test", and under
 * NODE_ENV=test the Redocly CLI prints the output of `redocly join` instead of writing its -o file.
 * Without NODE_EXTRA_CA_CERTS: the scripts run here reach no TLS server (no spec of the tests has a
 * remote `$ref`), and a Node process loads the certificates it names as it starts, about 55 ms of CPU
 * per process with this machine's bundle.
 */
export const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
delete ENV.NODE_ENV;
delete ENV.NODE_EXTRA_CA_CERTS;

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** An empty temporary folder, removed after the file's tests. */
export function scratchFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copies.push(dir);
  return dir;
}

/** A fresh copy of the project in a temporary folder, removed after the file's tests. */
export function copyProjectHere(): string {
  const dir = copyProject("connectivity-pipeline-");
  copies.push(dir);
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together */
  output: string;
}

/** Runs `node ...nodeArgs` (a script and its arguments, Node options first) in `dir`; never rejects. */
export function run(dir: string, ...nodeArgs: string[]): Promise<Run> {
  return runWith({}, dir, ...nodeArgs);
}

/** The same, with `env` added to the scripts' environment. */
export function runWith(env: NodeJS.ProcessEnv, dir: string, ...nodeArgs: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      nodeArgs,
      { cwd: dir, env: { ...ENV, ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * `npm run generate`'s command as package.json gives it (its Node options: `--no-turbofan` spares about a
 * third of a generation's CPU), without npm's own start-up.
 */
export const GENERATE: string[] = nodeArgsOf(ROOT, "generate");
export const generate = (dir: string, ...args: string[]) => run(dir, ...GENERATE, ...args);

/** name -> content of every file in a generated/ folder (dot files included) */
export function generatedFiles(root: string): Map<string, Buffer> {
  const dir = join(root, "generated");
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name))]),
  );
}

/** The names of the files that differ (in content or presence) between two generated/ folders. */
export function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((name) => !a.get(name)?.equals(b.get(name) ?? Buffer.alloc(0)) || !b.has(name))
    .sort();
}

/** The lines under "Stale:" of a failed --check. */
export function staleLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => line.trim())
    .sort();
}
