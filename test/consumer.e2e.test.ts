// A consuming repository's view, installed the way the README says: from a git URL. A fresh clone of HEAD
// (the committed state; dist/ is not committed) is installed into a scratch project with
// `npm install git+file://…`, so npm installs the clone's devDependencies and runs its `prepare` (the build).
// The installed entry points are then type-checked with moduleResolution "bundler", "node16" and "nodenext",
// emitting declarations as a consuming library does (`declaration: true`), run against the emulator, and the
// installed package, packed, is checked by @arethetypeswrong/cli and publint.
// Packaging happens once, in beforeAll; the three type-checks run in parallel.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const TSC = require.resolve("typescript/bin/tsc");
/** The oldest TypeScript README names ("TypeScript 5.4 or later"), installed in the consumer app. */
const OLDEST_TYPESCRIPT = "5.4.5";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const FIXTURES = path.join(import.meta.dirname, "consumer");
const RESOLUTIONS = ["bundler", "node16", "nodenext"] as const;
type Resolution = (typeof RESOLUTIONS)[number];
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const run = promisify(execFile);

let work: string;
let repo: string;
let app: string;
let tarball: string;
let installLog: string;
const checks = new Map<string, { status: number; output: string }>();

function tsconfig(resolution: Resolution, files: string[], key: string = resolution) {
  const module = { bundler: "ESNext", node16: "Node16", nodenext: "NodeNext" }[resolution];
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module,
      moduleResolution: resolution,
      strict: true,
      // A consumer's stricter settings (bundler run): an option may be passed as a possibly-undefined value.
      ...(resolution === "bundler" ? { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true } : {}),
      lib: ["ES2022", "DOM"],
      types: ["node"], // the emulator entry is Node-only: its types use Node's
      outDir: `out-${key}`,
      // A library's build: every exported type inferred from the package must be nameable (declarations.ts).
      declaration: true,
      // The package's own declarations are checked by the bundler and node16 runs: nodenext (the README's
      // tsconfig) checks the consumer's files only, which costs a third of a full run.
      skipLibCheck: resolution === "nodenext",
      pretty: false,
    },
    files,
  });
}

/** One type-check of every fixture file: the typo files must fail, consumer.ts must not. */
async function typeCheck(
  resolution: Resolution,
  { tsc = TSC, key = resolution as string, files = readdirSync(FIXTURES) } = {},
) {
  const config = `tsconfig.${key}.json`;
  writeFileSync(path.join(app, config), tsconfig(resolution, files, key));
  const result = await run(process.execPath, [tsc, "-p", config], { cwd: app, encoding: "utf8" }).then(
    ({ stdout, stderr }) => ({ status: 0, output: stdout + stderr }),
    (error) => ({ status: error.code as number, output: `${error.stdout}${error.stderr}` }),
  );
  checks.set(key, result);
}

/** tsc's diagnostics for one file: each "file(line,col): error TS…" with its continuation lines. */
function diagnosticsOf(output: string, file: string) {
  return output
    .split(/^(?=\S+\(\d+,\d+\): error )/m)
    .filter((diagnostic) => diagnostic.startsWith(`${file}(`))
    .map((diagnostic) => diagnostic.trimEnd());
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "connectivity-consumer-"));
  repo = path.join(work, "connectivity-clients");
  app = path.join(work, "app");
  await run("git", ["clone", "--quiet", "--depth", "1", `file://${ROOT}`, repo]);
  const url = `git+file://${repo}`;
  mkdirSync(app);
  // npm 11 asks a project to approve a git dependency's `prepare` (allowScripts, keyed by the git URL); with
  // --strict-allow-scripts an unapproved one fails the install, so this checks the README's advice too.
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module", allowScripts: { [url]: true } }),
  );
  // Dependencies come from the npm cache that `npm ci` filled. A Node project using the emulator has Node's types.
  // TypeScript itself too, at the oldest version README names (the project's own checks the other runs).
  const nodeTypes = `@types/node@${PACKAGE.devDependencies["@types/node"]}`;
  const install = await run(
    NPM,
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--strict-allow-scripts",
      url,
      nodeTypes,
      `typescript@${OLDEST_TYPESCRIPT}`,
    ],
    { cwd: app, encoding: "utf8" },
  );
  installLog = install.stdout + install.stderr;
  for (const file of readdirSync(FIXTURES)) copyFileSync(path.join(FIXTURES, file), path.join(app, file));
  const installed = path.join(app, "node_modules", "connectivity-clients");
  // The tarball attw and publint check: the installed package as it is (npm installs a git dependency
  // by packing it), under package/ as npm lays a tarball out. Not `npm pack --ignore-scripts` here:
  // npm 10 (Node 20 and 22's) runs `prepare` anyway, which cannot build without the devDependencies.
  cpSync(installed, path.join(work, "package"), { recursive: true });
  tarball = path.join(work, "connectivity-clients.tgz");
  await Promise.all([
    run("tar", ["-czf", tarball, "-C", work, "package"]),
    ...RESOLUTIONS.map((resolution) => typeCheck(resolution)),
    typeCheck("bundler", {
      tsc: path.join(app, "node_modules", "typescript", "bin", "tsc"),
      key: "oldest",
      files: ["consumer.ts", "declarations.ts"],
    }),
  ]);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it("installs from a git URL of a fresh clone: npm builds dist/ (prepare), and only the runtime dependencies come along", () => {
  expect(execFileSync("git", ["ls-files", "dist"], { cwd: repo, encoding: "utf8" })).toBe("");
  expect(existsSync(path.join(repo, "dist")), "the clone itself is not built").toBe(false);
  expect(installLog).not.toMatch(/install scripts not yet covered|scripts were skipped/);
  const lock = JSON.parse(readFileSync(path.join(app, "package-lock.json"), "utf8"));
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  expect(lock.packages["node_modules/connectivity-clients"].resolved).toBe(`git+file://${repo}#${head}`);

  const installed = path.join(app, "node_modules", "connectivity-clients");
  for (const file of [
    "dist/src/index.js",
    "dist/src/index.d.ts",
    "dist/src/otc/index.js",
    "dist/src/emulator/index.js",
    "CHANGELOG.md",
    "LICENSE",
  ])
    expect(existsSync(path.join(installed, file)), file).toBe(true);
  const installedNames = readdirSync(path.join(app, "node_modules"))
    .filter((name) => !name.startsWith("."))
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(path.join(app, "node_modules", name)).map((n) => `${name}/${n}`) : [name],
    );
  // The app installs @types/node and TypeScript itself (the oldest README names): none of the other
  // devDependencies may come along.
  for (const name of Object.keys(PACKAGE.devDependencies).filter(
    (name) => name !== "@types/node" && name !== "typescript",
  ))
    expect(installedNames).not.toContain(name);
  for (const name of Object.keys(PACKAGE.dependencies)) expect(installedNames).toContain(name);
});

describe.each(RESOLUTIONS)("moduleResolution %s", (resolution) => {
  it("type-checks a file that uses every entry point", () => {
    const { output } = checks.get(resolution)!;
    expect(diagnosticsOf(output, "consumer.ts")).toEqual([]);
    expect(output).not.toMatch(/^(error|node_modules\/)/m);
    expect(existsSync(path.join(app, `out-${resolution}`, "consumer.js"))).toBe(true);
  });

  it("emits a library's declarations (declaration: true): each inferred type named through an entry point", () => {
    const { output } = checks.get(resolution)!;
    // TS2742 ("The inferred type of 'subnets' cannot be named without a reference to …") where one is not.
    expect(diagnosticsOf(output, "declarations.ts")).toEqual([]);
    const emitted = readFileSync(path.join(app, `out-${resolution}`, "declarations.d.ts"), "utf8");
    const imports = [...emitted.matchAll(/import\("([^"]+)"\)\.(\w+)/g)].map(([, from, name]) => ({
      from: from!,
      name,
    }));
    const named = imports.map(({ name }) => name);
    // Named from an entry point, the raw results (FetchResponse) too: the app's node_modules has openapi-fetch
    // on top (npm's layout), where openapi-fetch's own name would be written, which pnpm users of the
    // library cannot resolve. Only `use`'s Middleware is still named from openapi-fetch there.
    const entries = Object.keys(PACKAGE.exports).map((entry) => PACKAGE.name + entry.slice(1));
    expect(existsSync(path.join(app, "node_modules", "openapi-fetch"))).toBe(true);
    expect(
      imports.filter(
        ({ from, name }) => !entries.includes(from) && !(from === "openapi-fetch" && name === "Middleware"),
      ),
    ).toEqual([]);
    expect(named).toContain("FetchResponse");
    for (const type of ["Paginated", "Page", "ApiError", "Vendor", "Drift", "DriftKind", "MadConnectStatus"])
      expect(named, type).toContain(type);
  });

  it.each([
    ["typo-path.ts", 3, /"\/v1\/\{project_id\}\/subnet"/],
    ["typo-query.ts", 3, /vpcid/],
    ["typo-field.ts", 4, /cidrr/],
  ])("rejects %s at compile time (line %i)", (file, line, expected) => {
    const { status, output } = checks.get(resolution)!;
    expect(status).not.toBe(0);
    const diagnostics = diagnosticsOf(output, file);
    expect(diagnostics.length, output).toBeGreaterThan(0);
    expect(
      diagnostics.every((d) => d.startsWith(`${file}(${line},`)),
      diagnostics.join("\n"),
    ).toBe(true);
    expect(diagnostics.join("\n")).toMatch(expected);
  });
});

it(`type-checks with the oldest TypeScript README names (${OLDEST_TYPESCRIPT}), exactOptionalPropertyTypes and noUncheckedIndexedAccess on`, () => {
  const { status, output } = checks.get("oldest")!;
  expect(
    execFileSync(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "--version"], {
      encoding: "utf8",
    }),
  ).toContain(OLDEST_TYPESCRIPT);
  expect(output).toBe("");
  expect(status).toBe(0);
});

it("runs against the emulator from the installed package", () => {
  const output = execFileSync(process.execPath, [path.join(app, "out-bundler", "consumer.js")], {
    cwd: app,
    encoding: "utf8",
  });
  const summary = JSON.parse(output.trim().split("\n").at(-1)!);
  expect(summary).toMatchObject({
    subnets: 45,
    confluent: 25,
    madconnect: 12,
    unauthorized: "401",
    documentedStatus: 400,
    specVersion: "3.0.3",
  });
  expect(summary.statuses).toBeGreaterThanOrEqual(0);
}, 60_000);

it("exports the merged spec: connectivity-clients/openapi.yaml resolves to the shipped generated/openapi.yaml", () => {
  // import.meta.resolve is consumer.ts's (run above); this is require.resolve, from the consuming project.
  const resolved = createRequire(path.join(app, "package.json")).resolve("connectivity-clients/openapi.yaml");
  expect(resolved).toBe(path.join(app, "node_modules", "connectivity-clients", "generated", "openapi.yaml"));
  expect(readFileSync(resolved, "utf8")).toBe(readFileSync(path.join(repo, "generated", "openapi.yaml"), "utf8"));
});

it("passes @arethetypeswrong/cli (ESM-only profile) and publint", async () => {
  const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
  const [attw, publint] = await Promise.all(
    [
      // ./openapi.yaml is a data file, not a module: attw would report it unresolved as one.
      [bin("attw"), tarball, "--profile", "esm-only", "--format", "ascii", "--exclude-entrypoints", "./openapi.yaml"],
      [bin("publint"), "run", "--strict", tarball],
    ].map(([command, ...args]) =>
      run(command!, args, { cwd: ROOT, encoding: "utf8" }).then(
        ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
        (error) => ({ status: error.code as number, stdout: `${error.stdout}`, stderr: `${error.stderr}` }),
      ),
    ),
  );
  // ESM-only profile: node10 and require() resolutions are out of scope; every other one must be green.
  expect(attw!.status, attw!.stdout + attw!.stderr).toBe(0);
  expect(attw!.stdout).not.toMatch(/^(node16 \(from ESM\)|bundler): (?!🟢)/m);
  expect(publint!.status, publint!.stdout + publint!.stderr).toBe(0);
  expect(publint!.stdout).toMatch(/All good/);
}, 120_000);

it("runs the connectivity command of the installed package (npx connectivity)", () => {
  const env = { PATH: `${path.join(app, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  const result = spawnSync(NPM, ["exec", "--offline", "--", "connectivity", "vpc", "subnets", "--max-items", "3"], {
    cwd: app,
    encoding: "utf8",
    env,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toHaveLength(3);
  expect(result.stderr).toMatch(/^vpc: no credentials in the environment .*embedded emulator/m);
}, 60_000);
