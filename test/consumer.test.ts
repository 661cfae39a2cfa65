// A consuming repository's view: the packed tarball installed into a fresh project, its entry
// points type-checked with moduleResolution "bundler" and "node16", run against the emulator, and
// the package checked by @arethetypeswrong/cli and publint.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const TSC = require.resolve("typescript/bin/tsc");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const FIXTURES = path.join(import.meta.dirname, "consumer");

let work: string;
let tarball: string;

function tsconfig(resolution: "bundler" | "node16", files: string[]) {
  const module = resolution === "bundler" ? "ESNext" : "Node16";
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module,
      moduleResolution: resolution,
      strict: true,
      lib: ["ES2022", "DOM"],
      types: [],
      outDir: `out-${resolution}`,
      skipLibCheck: false,
    },
    files,
  });
}

function tsc(project: string) {
  return spawnSync(process.execPath, [TSC, "-p", project], { cwd: work, encoding: "utf8" });
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "connectivity-consumer-"));
  const packed = execFileSync(NPM, ["pack", "--pack-destination", work, "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  tarball = path.join(work, JSON.parse(packed)[0].filename);
  const app = path.join(work, "app");
  mkdirSync(app);
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }),
  );
  // Dependencies come from the npm cache that `npm ci` filled: no network needed.
  execFileSync(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: app, stdio: "ignore" });
  for (const file of readdirSync(FIXTURES)) copyFileSync(path.join(FIXTURES, file), path.join(app, file));
  work = app;
}, 180_000);

afterAll(() => rmSync(path.dirname(work), { recursive: true, force: true }));

describe.each(["bundler", "node16"] as const)("moduleResolution %s", (resolution) => {
  it("type-checks a file that uses every entry point", () => {
    writeFileSync(path.join(work, `tsconfig.${resolution}.json`), tsconfig(resolution, ["consumer.ts"]));
    const result = tsc(`tsconfig.${resolution}.json`);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);

  it.each([
    ["typo-path.ts", /typo-path\.ts\(3,\d+\).*"\/v1\/\{project_id\}\/subnet"/s],
    ["typo-query.ts", /typo-query\.ts\(3,\d+\).*vpcid/s],
    ["typo-field.ts", /typo-field\.ts\(4,\d+\).*cidrr/s],
  ])(
    "rejects %s at compile time",
    (file, expected) => {
      writeFileSync(path.join(work, `tsconfig.${file}.${resolution}.json`), tsconfig(resolution, [file]));
      const result = tsc(`tsconfig.${file}.${resolution}.json`);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toMatch(expected);
    },
    60_000,
  );
});

it("runs against the emulator from the installed package", () => {
  const output = execFileSync(process.execPath, [path.join(work, "out-bundler", "consumer.js")], {
    cwd: work,
    encoding: "utf8",
  });
  const summary = JSON.parse(output.trim().split("\n").at(-1)!);
  expect(summary).toMatchObject({
    subnets: 45,
    confluent: 25,
    madconnect: 12,
    unauthorized: "401",
    documentedStatus: 400,
  });
  expect(summary.statuses).toBeGreaterThanOrEqual(0);
}, 60_000);

it("passes @arethetypeswrong/cli (ESM-only profile) and publint", () => {
  const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
  const attw = spawnSync(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  // ESM-only profile: node10 and require() resolutions are out of scope; every other one must be green.
  expect(attw.status, attw.stdout + attw.stderr).toBe(0);
  expect(attw.stdout).not.toMatch(/^(node16 \(from ESM\)|bundler): (?!🟢)/m);
  const publint = spawnSync(bin("publint"), ["run", "--strict", tarball], { cwd: ROOT, encoding: "utf8" });
  expect(publint.status, publint.stdout + publint.stderr).toBe(0);
  expect(publint.stdout).toMatch(/All good/);
}, 120_000);

it("runs the connectivity command of the installed package (npx connectivity)", () => {
  const env = { PATH: `${path.join(work, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  const result = spawnSync(NPM, ["exec", "--offline", "--", "connectivity", "vpc", "subnets", "--max-items", "3"], {
    cwd: work,
    encoding: "utf8",
    env,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toHaveLength(3);
  expect(result.stderr).toMatch(/^vpc: no credentials in the environment .*embedded emulator/m);
}, 60_000);
