// `npm run release`: the next version from the change report and the commits since the last vX.Y.Z tag, on
// scratch git repositories that hold OTC VPC's part of generated/ and the version files, with
// generated/openapi.yaml edited the way a spec change would change it (no generation is run). Most releases
// run in-process (`release()` of scripts/release.mjs); two run the command, `node scripts/release.mjs`.
import { execFile, execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);
// scripts/*.mjs have no type declarations; a static import would fail `tsc --noEmit` (TS7016).
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const release = await load("../scripts/release.mjs");
const surface = await load("../scripts/release-surface.mjs");

// A release parses two versions of generated/openapi.yaml and runs git and `generate --check` processes.
vi.setConfig({ testTimeout: 60_000 });

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Release Test",
  GIT_AUTHOR_EMAIL: "release@test.invalid",
  GIT_COMMITTER_NAME: "Release Test",
  GIT_COMMITTER_EMAIL: "release@test.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  // No `git maintenance run --auto` process after each commit: a tenth of the git processes here, for
  // repositories of a few commits.
  GIT_CONFIG_COUNT: "1",
  GIT_CONFIG_KEY_0: "maintenance.auto",
  GIT_CONFIG_VALUE_0: "false",
};

/** scripts/generate.mjs of the scratch repositories (what the command and `checked` run): `--check` passes. */
const FRESH_CHECK = `if (process.argv[2] !== "--check") process.exit(2);
console.log("generated/ matches the specs, as its fingerprint says");
`;

let work: string;
/** CHANGELOG.md before its first entry, as the scratch repositories have it. */
let preamble: string;
/** The repository the scratch repositories are cloned from (their `origin`, which nothing may be pushed to). */
let origin: string;
/** A clone of `origin`: each scratch repository is a copy of it, as cloning it again would make. */
let template: string;
/** The template's generated/openapi.yaml, parsed. */
let templateDoc: any;
let counter = 0;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** A clone of the origin repository (one commit, tagged `tag` unless null): a copy of `template`. */
function scratch(tag: string | null = "v0.1.0") {
  const dir = path.join(work, `repo-${++counter}`);
  cpSync(template, dir, { recursive: true });
  if (tag) git(dir, "tag", tag);
  return dir;
}

/** Writes `dir`'s generated/openapi.yaml: the template's, edited by `edit`. */
function editSpec(dir: string, edit: (doc: any) => void) {
  const doc = structuredClone(templateDoc);
  edit(doc);
  writeFileSync(path.join(dir, "generated", "openapi.yaml"), stringify(doc));
}

const removeOperation = (doc: any) => delete doc.paths["/v1/{project_id}/subnets/{subnet_id}"].get;
const addOperation = (doc: any) => {
  const copy = structuredClone(doc.paths["/v1/{project_id}/subnets/{subnet_id}"]);
  copy.get.operationId = "showSubnetCopy";
  doc.paths["/v1/{project_id}/subnet-copies/{subnet_id}"] = { parameters: copy.parameters, get: copy.get };
};

/** Keeps OTC VPC's subnet operations and the components they reach: a sixth of the document. */
function onlySubnets(doc: any) {
  doc.paths = Object.fromEntries(
    Object.entries(doc.paths).filter(([key]) => /^\/v1\/\{project_id\}\/subnets\b/.test(key)),
  );
  const pointer = (ref: string) =>
    ref
      .slice(2)
      .split("/")
      .reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  const reached = new Set<string>();
  const queue: unknown[] = [doc.paths];
  while (queue.length) {
    const node = queue.pop();
    if (!node || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key !== "$ref" || typeof value !== "string") queue.push(value);
      else if (!reached.has(value)) reached.add(value) && queue.push(pointer(value));
    }
  }
  for (const [kind, entries] of Object.entries<Record<string, unknown>>(doc.components)) {
    if (kind === "securitySchemes") continue; // named by `security`, not by $ref
    for (const name of Object.keys(entries)) if (!reached.has(`#/components/${kind}/${name}`)) delete entries[name];
  }
}

function commit(dir: string, message: string) {
  git(dir, "commit", "--quiet", "--all", "-m", message);
}

/** What a run printed and its exit code; a failed run throws it, as a failed child process does. */
type Outcome = { code: number; stdout: string; stderr: string };

/**
 * `npm run release` in `dir`, in-process: its standard output, or it throws the outcome of a failure.
 * `generate --check` answers "fresh" as FRESH_CHECK does, without its node process; `checked` runs the
 * scratch repository's scripts/generate.mjs instead.
 */
const releaseIn = (dir: string, ...args: string[]) => inProcess(dir, args, { checkGenerated: () => null });
const checked = (dir: string, ...args: string[]) => inProcess(dir, args, {});

async function inProcess(dir: string, args: string[], options: object) {
  const outcome: Outcome = { code: 0, stdout: "", stderr: "" };
  const writer = (key: "stdout" | "stderr") => ({ write: (text: string) => void (outcome[key] += text) });
  const streams = { stdout: writer("stdout"), stderr: writer("stderr") };
  outcome.code = release.release(args, { cwd: dir, env: GIT_ENV, ...streams, ...options });
  if (outcome.code !== 0) throw outcome;
  return outcome.stdout;
}

/** The command itself, this repository's `node scripts/release.mjs` run in `dir`: arguments, output, exit code. */
async function releaseProcess(dir: string, ...args: string[]) {
  return releaseProcessOf(path.join(ROOT, "scripts/release.mjs"), dir, ...args);
}

async function releaseProcessOf(script: string, dir: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [script, ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: "utf8",
  });
  return stdout;
}

const state = (dir: string) => ({
  head: git(dir, "rev-parse", "HEAD"),
  status: git(dir, "status", "--porcelain"),
  tags: git(dir, "tag", "--list"),
});

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "connectivity-release-"));
  origin = path.join(work, "origin");
  template = path.join(work, "template");
  const entries = [
    ...readdirSync(path.join(ROOT, "generated"))
      .filter((name) => name === "openapi.yaml" || (name.startsWith("otc-vpc.") && !name.endsWith(".validators.ts")))
      .map((name) => `generated/${name}`),
    "package.json",
    "package-lock.json",
    "CHANGELOG.md",
    "src/core/version.ts",
    "src/index.ts",
  ];
  for (const entry of entries) cpSync(path.join(ROOT, entry), path.join(origin, entry), { recursive: true });
  const specFile = path.join(origin, "generated", "openapi.yaml");
  templateDoc = parse(readFileSync(specFile, "utf8"));
  onlySubnets(templateDoc);
  writeFileSync(specFile, stringify(templateDoc));
  // The scratch repositories start at 0.1.0 with no release in CHANGELOG.md yet, whatever the project's
  // own version and releases are now.
  const text = readFileSync(path.join(origin, "CHANGELOG.md"), "utf8");
  const firstEntry = text.search(/^## /m);
  preamble = firstEntry === -1 ? text : text.slice(0, firstEntry);
  writeFileSync(path.join(origin, "CHANGELOG.md"), preamble);
  release.bumpJson(path.join(origin, "package.json"), "0.1.0", false);
  release.bumpJson(path.join(origin, "package-lock.json"), "0.1.0", true);
  release.bumpVersionModule(path.join(origin, "src/core/version.ts"), "0.1.0");
  // Their generated/ is edited by hand (no specs/ here): the check that generated/ is what the specs make
  // answers as `generate --check` does when it is; a test below makes it answer that it is not.
  mkdirSync(path.join(origin, "scripts"));
  writeFileSync(path.join(origin, "scripts/generate.mjs"), FRESH_CHECK);
  git(origin, "init", "--quiet", "--template=", "--initial-branch=main");
  git(origin, "add", "--all");
  git(origin, "commit", "--quiet", "-m", "Initial state");
  // No hook samples, and the objects in one pack: fewer files in each copy.
  git(work, "clone", "--quiet", "--template=", "--no-local", origin, template);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the version it proposes (--dry-run, on a scratch repository)", () => {
  it("a BREAKING spec change: minor while 0.x, major from 1.0 (and --dry-run changes nothing)", async () => {
    const dir = scratch("v0.1.0");
    editSpec(dir, removeOperation);
    commit(dir, "Remove the subnet read");
    const before = state(dir);
    const output = await releaseIn(dir, "--dry-run");
    expect(state(dir), "--dry-run changes no file, commit or tag").toEqual(before);
    expect(before.status).toBe("");
    expect(output).toMatch(/Dry run: nothing written, committed or tagged\./);
    expect(output).toMatch(/^connectivity-clients: 0\.1\.0 → 0\.2\.0 \(minor\), since v0\.1\.0$/m);
    expect(output).toMatch(/^reason: 1 BREAKING API change\(s\).*\(BREAKING → minor while 0\.x\)$/m);
    expect(output).toMatch(/\*\*BREAKING\*\* .*GET \/v1\/\{project_id\}\/subnets\/\{subnet_id\}/);

    git(dir, "tag", "v1.4.2", "HEAD~1");
    expect(await releaseIn(dir, "--dry-run")).toMatch(/: 1\.4\.2 → 2\.0\.0 \(major\), since v1\.4\.2$/m);
  });

  it("an addition: patch while 0.x, minor from 1.0", async () => {
    const dir = scratch("v0.3.1");
    editSpec(dir, addOperation);
    commit(dir, "Add an operation");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 0\.3\.1 → 0\.3\.2 \(patch\), since v0\.3\.1$/m);
    expect(output).toMatch(/^reason: 1 API addition\(s\) \(additions → patch while 0\.x\)$/m);

    git(dir, "tag", "v1.0.0", "HEAD~1");
    expect(await releaseIn(dir, "--dry-run")).toMatch(/: 1\.0\.0 → 1\.1\.0 \(minor\), since v1\.0\.0$/m);
  });

  it("a runtime-only change (src/, no API change): patch, also from 1.0", async () => {
    const dir = scratch("v1.2.3");
    writeFileSync(
      path.join(dir, "src/index.ts"),
      `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// changed\n`,
    );
    commit(dir, "Runtime: a faster path");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 1\.2\.3 → 1\.2\.4 \(patch\), since v1\.2\.3$/m);
    expect(output).toMatch(/^reason: the runtime \(src\/\) changed \(otherwise → patch\)$/m);
  });

  it("a runtime change whose commit is marked BREAKING (`feat!:`) counts as BREAKING", async () => {
    const dir = scratch("v1.2.3");
    writeFileSync(path.join(dir, "src/index.ts"), "export {};\n");
    commit(dir, "feat!: drop the root entry's exports");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 1\.2\.3 → 2\.0\.0 \(major\)/);
    expect(output).toMatch(/commit [0-9a-f]{7,} "feat!: drop the root entry's exports" is marked BREAKING/);
  });

  it("counts from package.json's version against the first commit when there is no tag yet", async () => {
    const dir = scratch(null);
    editSpec(dir, removeOperation);
    commit(dir, "Remove the subnet read");
    expect(await releaseIn(dir, "--dry-run")).toMatch(
      /: 0\.1\.0 → 0\.2\.0 \(minor\), since the first commit \([0-9a-f]{7}\)$/m,
    );
  });

  it("takes a version chosen by hand with --next (the step to 1.0.0), only above the last release", async () => {
    const dir = scratch("v0.4.0");
    editSpec(dir, addOperation);
    commit(dir, "Add an operation");
    expect(await releaseIn(dir, "--dry-run", "--next", "1.0.0")).toMatch(
      /: 0\.4\.0 → 1\.0\.0 \(chosen\), since v0\.4\.0\nreason: 1 API addition\(s\) \(--next 1\.0\.0; by the rules: 0\.4\.1\)/,
    );
    const error = await releaseIn(dir, "--dry-run", "--next", "0.3.9").catch((e) => e);
    expect([error.code, error.stderr]).toEqual([1, "release: --next 0.3.9: not an X.Y.Z version above 0.4.0\n"]);
    // Semver has no leading zeros: npm would refuse to install a tag v0.4.01.
    const padded = await releaseIn(dir, "--dry-run", "--next", "0.4.01").catch((e) => e);
    expect([padded.code, padded.stderr]).toEqual([1, "release: --next 0.4.01: not an X.Y.Z version\n"]);
  });

  it("says so and does nothing when nothing changed since the tag (run through a symlinked path); a malformed --next is refused all the same", async () => {
    const dir = scratch("v0.1.0");
    const before = state(dir);
    // As a checkout reached through a symlink runs it: the script still knows it is the command.
    const scripts = path.join(work, "scripts-link");
    if (!existsSync(scripts)) symlinkSync(path.join(ROOT, "scripts"), scripts, "dir");
    expect(await releaseProcessOf(path.join(scripts, "release.mjs"), dir)).toBe(
      "No changes since v0.1.0: nothing to release (version 0.1.0).\n",
    );
    const malformed = await releaseIn(dir, "--next", "abc").catch((e) => e);
    expect([malformed.code, malformed.stderr]).toEqual([1, "release: --next abc: not an X.Y.Z version\n"]);
    expect(state(dir)).toEqual(before);
  });

  it("runs in a repository whose path holds a newline and ends in a space", async () => {
    const dir = path.join(work, "odd\nplace ");
    renameSync(scratch("v0.1.0"), dir);
    expect(await releaseIn(dir)).toBe("No changes since v0.1.0: nothing to release (version 0.1.0).\n");
  });
});

describe("a real run", () => {
  it("writes the CHANGELOG entry, bumps the version files, commits and tags (and pushes nothing)", async () => {
    const dir = scratch("v0.1.0");
    editSpec(dir, (doc) => {
      addOperation(doc);
      removeOperation(doc);
    });
    commit(dir, "Subnets: move the read");
    const output = await releaseIn(dir);
    expect(output).toMatch(/Committed "Release 0\.2\.0" and tagged v0\.2\.0\. Nothing was pushed/);

    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(git(dir, "log", "-1", "--format=%s")).toBe("Release 0.2.0");
    expect(git(dir, "describe", "--exact-match", "HEAD")).toBe("v0.2.0");
    expect(git(dir, "cat-file", "-t", "v0.2.0")).toBe("tag");
    // The tag's message is the entry with its headings (git's default clean-up strips "#" lines).
    const tagged = git(dir, "cat-file", "-p", "v0.2.0");
    expect(tagged).toMatch(/^## 0\.2\.0 \(\d{4}-\d{2}-\d{2}\)$/m);
    expect(tagged).toMatch(/^### OTC VPC$/m);
    expect(git(origin, "tag", "--list")).toBe("");
    expect(git(origin, "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(dir, "diff", "--name-only", "HEAD~1").split("\n").sort()).toEqual([
      "CHANGELOG.md",
      "package-lock.json",
      "package.json",
      "src/core/version.ts",
    ]);

    const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
    expect(JSON.parse(read("package.json")).version).toBe("0.2.0");
    const lock = JSON.parse(read("package-lock.json"));
    expect([lock.version, lock.packages[""].version]).toEqual(["0.2.0", "0.2.0"]);
    expect(read("src/core/version.ts")).toContain('PACKAGE_VERSION = "0.2.0"');
    // Only the version changed in the JSON files: their formatting is kept.
    expect(git(dir, "diff", "--numstat", "HEAD~1", "--", "package.json", "package-lock.json")).toMatch(
      /^2\t2\tpackage-lock\.json\n1\t1\tpackage\.json$/,
    );

    const changelog = read("CHANGELOG.md");
    expect(changelog.startsWith(preamble)).toBe(true);
    const entry = changelog.slice(changelog.indexOf("## 0.2.0"));
    expect(entry).toMatch(
      /^## 0\.2\.0 \(\d{4}-\d{2}-\d{2}\)\n\nSince v0\.1\.0: 1 BREAKING API change\(s\); 1 API addition\(s\)/,
    );
    const breaking = entry.indexOf("**BREAKING**");
    const added = entry.search(/showSubnetCopy\) added/);
    expect(breaking).toBeGreaterThan(0);
    expect(added).toBeGreaterThan(breaking);
    expect(entry).toMatch(/### Commits\n\n- [0-9a-f]{7,} Subnets: move the read\n/);

    // The next release puts its entry above this one.
    writeFileSync(path.join(dir, "src/index.ts"), `${read("src/index.ts")}// changed\n`);
    commit(dir, "fix: a runtime fix");
    expect(await releaseIn(dir)).toMatch(/: 0\.2\.0 → 0\.2\.1 \(patch\), since v0\.2\.0/);
    const next = read("CHANGELOG.md");
    expect(next.indexOf("## 0.2.1")).toBeGreaterThan(0);
    expect(next.indexOf("## 0.2.1")).toBeLessThan(next.indexOf("## 0.2.0"));
  });

  it("refuses to release, dry run or not, when generated/ is not what the specs make (generate --check fails)", async () => {
    const dir = scratch("v0.1.0");
    writeFileSync(
      path.join(dir, "scripts/generate.mjs"),
      `console.log("generated/ does not match the specs:\\n  generated/otc-vpc.ts (the otc-vpc spec changed)"); process.exit(1);\n`,
    );
    commit(dir, "vpc: OTC dropped the name filter");
    for (const args of [[], ["--dry-run"]]) {
      const error = await checked(dir, ...args).catch((e) => e);
      expect(error.code, args.join(" ")).toBe(1);
      expect(error.stderr).toMatch(/^release: generated\/ does not match the specs: run `npm run generate`/);
      expect(error.stderr).toContain("generated/otc-vpc.ts (the otc-vpc spec changed)");
    }
    expect(git(dir, "tag", "--list")).toBe("v0.1.0");
  });

  it("counts only strict vX.Y.Z tags reachable from HEAD as releases, and refuses to make a tag that exists already", async () => {
    const dir = scratch("v0.1.0");
    // Not releases: tags that are no strict vX.Y.Z, and one on another branch.
    git(dir, "tag", "v2.0.0-rc.1");
    git(dir, "tag", "v01.0.0");
    const touch = (message: string) => {
      writeFileSync(
        path.join(dir, "src/index.ts"),
        `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// ${message}\n`,
      );
      commit(dir, message);
    };
    git(dir, "checkout", "--quiet", "-b", "other");
    touch("fix: on another branch");
    git(dir, "tag", "v0.1.1");
    git(dir, "checkout", "--quiet", "main");
    touch("fix: a runtime fix");
    // The release after v0.1.0 would be v0.1.1, the other branch's tag: refused before anything is
    // written or printed, dry run or not (a dry run never shows a version the release would refuse).
    const before = state(dir);
    for (const args of [[], ["--dry-run"]]) {
      const error = await releaseIn(dir, ...args).catch((e) => e);
      expect([error.code, error.stdout, error.stderr], args.join(" ")).toEqual([
        1,
        "",
        "release: tag v0.1.1 exists already, on a commit HEAD does not contain: release from an up-to-date main that holds every release, delete the tag if it was never published (`git tag -d v0.1.1`), or choose a version above it with --next\n",
      ]);
    }
    expect(state(dir), "nothing written, committed or tagged").toEqual(before);
    // A version chosen above it is made.
    expect(await releaseIn(dir, "--next", "0.1.2")).toMatch(/tagged v0\.1\.2\./);
  });

  it("refuses, dry run or not, when a tag above the next version exists on a commit HEAD does not contain", async () => {
    // The reviewer's case: main counts from v0.2.1 while v1.0.0 was tagged elsewhere (a branch main does
    // not hold): the release would make v0.2.2, below the newest release.
    const dir = scratch("v0.2.1");
    git(dir, "checkout", "--quiet", "-b", "next");
    editSpec(dir, addOperation);
    commit(dir, "feat: an operation");
    git(dir, "tag", "v1.0.0");
    git(dir, "checkout", "--quiet", "main");
    writeFileSync(path.join(dir, "src/index.ts"), `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// fix\n`);
    commit(dir, "fix: a runtime fix");
    const before = state(dir);
    for (const args of [[], ["--dry-run"]]) {
      const error = await releaseIn(dir, ...args).catch((e) => e);
      expect([error.code, error.stdout], args.join(" ")).toEqual([1, ""]);
      expect(error.stderr).toMatch(
        /^release: tag v1\.0\.0 exists, above v0\.2\.2, the version this release would make, on a commit HEAD does not contain: /,
      );
    }
    expect(state(dir)).toEqual(before);
    const chosen = await releaseIn(dir, "--dry-run", "--next", "1.0.0").catch((e) => e);
    expect([chosen.code, chosen.stderr]).toEqual([1, expect.stringMatching(/^release: tag v1\.0\.0 exists already, /)]);
    expect(await releaseIn(dir, "--dry-run", "--next", "1.0.1")).toMatch(/: 0\.2\.1 → 1\.0\.1 \(chosen\)/);
  });

  it("releases from the main branch only: another branch or a detached HEAD is refused, dry run or not", async () => {
    // The reviewer's case: a branch made from an old release would count from it (v0.2.1 → v0.2.2) while
    // main has moved on; its tag would then be the one main's next release needs.
    const dir = scratch("v0.2.1");
    editSpec(dir, addOperation);
    commit(dir, "feat: an operation");
    git(dir, "tag", "v0.3.0");
    git(dir, "checkout", "--quiet", "-b", "hotfix", "v0.2.1");
    writeFileSync(path.join(dir, "src/index.ts"), `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// fix\n`);
    commit(dir, "fix: a runtime fix");
    const before = state(dir);
    for (const args of [[], ["--dry-run"]]) {
      const error = await releaseIn(dir, ...args).catch((e) => e);
      expect([error.code, error.stdout, error.stderr], args.join(" ")).toEqual([
        1,
        "",
        "release: releases are made from the main branch, and HEAD is on hotfix: `git switch main` first\n",
      ]);
    }
    git(dir, "checkout", "--quiet", "--detach", "main");
    const detached = await releaseIn(dir, "--dry-run").catch((e) => e);
    expect([detached.code, detached.stderr]).toEqual([
      1,
      "release: releases are made from the main branch, and HEAD is detached: `git switch main` first\n",
    ]);
    expect(git(dir, "tag", "--list").split("\n")).toEqual(["v0.2.1", "v0.3.0"]);
    expect(state(dir).head).toBe(git(dir, "rev-parse", "main"));
    expect(before.tags).toBe(state(dir).tags);
  });

  it("refuses a main branch behind its upstream (as last fetched)", async () => {
    const dir = scratch("v0.1.0");
    // origin/main moves on: a commit of the origin, fetched; the local main stays where it was.
    const ahead = git(dir, "commit-tree", "-p", "HEAD", "-m", "fix: on the origin", "HEAD^{tree}");
    git(dir, "update-ref", "refs/remotes/origin/main", ahead);
    writeFileSync(path.join(dir, "src/index.ts"), `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// fix\n`);
    commit(dir, "fix: a local fix");
    const error = await releaseIn(dir, "--dry-run").catch((e) => e);
    expect([error.code, error.stderr]).toEqual([
      1,
      "release: main is 1 commit(s) behind origin/main: `git pull` first, so that the release counts from the newest one\n",
    ]);
    git(dir, "update-ref", "refs/remotes/origin/main", "HEAD~1");
    expect(await releaseIn(dir, "--dry-run")).toMatch(/: 0\.1\.0 → 0\.1\.1 \(patch\)/);
  });

  it("refuses a shallow clone, dry run or not, until its history and tags are fetched", async () => {
    // The reviewer's case: v0.2.0 is older than the clone's depth, so the clone holds neither it nor the
    // commit before it; its oldest commit would pass for the first one (0.1.0 → 0.1.1, below v0.2.0).
    const full = scratch(null);
    editSpec(full, addOperation);
    commit(full, "feat: an operation");
    git(full, "tag", "v0.2.0");
    for (const n of [1, 2, 3]) {
      writeFileSync(
        path.join(full, "src/index.ts"),
        `${readFileSync(path.join(full, "src/index.ts"), "utf8")}// ${n}\n`,
      );
      commit(full, `fix: runtime fix ${n}`);
    }
    const dir = path.join(work, `repo-${++counter}`);
    git(work, "clone", "--quiet", "--template=", "--depth", "2", `file://${full}`, dir);
    expect(git(dir, "tag", "--list")).toBe("");
    const before = state(dir);
    for (const args of [[], ["--dry-run"]]) {
      const error = await releaseIn(dir, ...args).catch((e) => e);
      expect([error.code, error.stdout, error.stderr], args.join(" ")).toEqual([
        1,
        "",
        "release: this is a shallow clone: the last release and the commits since it may be missing from it, and the version would count from its oldest commit: `git fetch --unshallow --tags` first\n",
      ]);
    }
    expect(state(dir)).toEqual(before);
    // What the message says to do.
    git(dir, "fetch", "--quiet", "--unshallow", "--tags");
    expect(await releaseIn(dir, "--dry-run")).toMatch(/: 0\.2\.0 → 0\.2\.1 \(patch\), since v0\.2\.0$/m);
  });

  it("refuses to release from a working tree with uncommitted changes", async () => {
    const dir = scratch("v0.1.0");
    editSpec(dir, removeOperation);
    git(dir, "mv", "CHANGELOG.md", "CHANGES WITH SPACES.md");
    const error = await releaseIn(dir).catch((e) => e);
    expect(error.code).toBe(1);
    // Each change as `git status --short` shows it (its paths unquoted).
    expect(error.stderr).toBe(
      [
        "release: the working tree has uncommitted changes; commit or stash them first:",
        "R  CHANGELOG.md -> CHANGES WITH SPACES.md",
        " M generated/openapi.yaml",
        "",
      ].join("\n"),
    );
    expect(git(dir, "tag", "--list")).toBe("v0.1.0");
  });
});

describe("what a consumer must know (--dry-run, on a scratch repository)", () => {
  const editPackage = (dir: string, edit: (pkg: any) => void) => {
    const file = path.join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    edit(pkg);
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  };
  const section = (output: string, title: string) => {
    const start = output.indexOf(`### ${title}\n`);
    return start < 0 ? "" : output.slice(start, output.indexOf("\n### ", start + 1) >>> 0);
  };

  it("lists every commit marked BREAKING or feat with all its BREAKING CHANGE text, before the shortened commit list", async () => {
    const dir = scratch("v0.1.0");
    const footer = [
      "Drift findings carry two new required fields, count (the places of one response a",
      "folded finding stands for) and omitted; paginate refuses a maxItems that is not an integer.",
      "",
      "Raw calls: an empty success body is an ApiError (invalid_json).",
    ].join("\n");
    writeFileSync(path.join(dir, "src/index.ts"), `${readFileSync(path.join(dir, "src/index.ts"), "utf8")}// fix\n`);
    git(
      dir,
      "commit",
      "--quiet",
      "--all",
      "-m",
      "fix(runtime)!: changes callers can feel",
      "-m",
      "Why it changed.",
      "-m",
      `BREAKING CHANGE: ${footer}\nSigned-off-by: A Maintainer <a@test.invalid>`,
    );
    git(dir, "commit", "--quiet", "--allow-empty", "-m", "feat(confluent): a new filter");
    git(
      dir,
      "commit",
      "--quiet",
      "--allow-empty",
      "-m",
      "refactor: the signer",
      "-m",
      "BREAKING-CHANGE: sign() takes a Date, not a string",
    );
    for (let n = 0; n < 30; n++) git(dir, "commit", "--quiet", "--allow-empty", "-m", `fix: ${n}`);
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 0\.1\.0 → 0\.2\.0 \(minor\)/);
    const hash = (subject: string) => git(dir, "log", "--format=%h", "--fixed-strings", `--grep=${subject}`);
    const marked = section(output, "BREAKING and feat commits");
    expect(marked.split("\n")).toEqual([
      "### BREAKING and feat commits",
      "",
      `- **BREAKING** ${hash("refactor: the signer")} refactor: the signer`,
      "",
      "  BREAKING CHANGE: sign() takes a Date, not a string",
      "",
      `- **BREAKING** ${hash("fix(runtime)!")} fix(runtime)!: changes callers can feel`,
      "",
      "  BREAKING CHANGE: Drift findings carry two new required fields, count (the places of one response a",
      "  folded finding stands for) and omitted; paginate refuses a maxItems that is not an integer.",
      "",
      "  Raw calls: an empty success body is an ApiError (invalid_json).",
      "",
      `- ${hash("feat(confluent)")} feat(confluent): a new filter`,
      "",
    ]);
    // The shortened list holds neither of the two oldest commits: the section above is where they are.
    const commits = section(output, "Commits");
    expect(commits).toContain("- … and 3 more (`git log`)");
    expect(commits).not.toContain("fix(runtime)!");
    expect(output.indexOf("### BREAKING and feat commits")).toBeLessThan(output.indexOf("### Commits"));
  });

  it("a removed exports subpath, bin command, raised engines.node or changed type is BREAKING, each named in the entry", async () => {
    const dir = scratch("v1.2.3");
    editPackage(dir, (pkg) => {
      delete pkg.exports["./otc/error-codes"];
      pkg.engines.node = ">=24";
      delete pkg.bin["connectivity-emulator"];
      pkg.type = "commonjs";
    });
    commit(dir, "chore: tidy package.json");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 1\.2\.3 → 2\.0\.0 \(major\)/);
    expect(output).toMatch(
      /^reason: 4 BREAKING change\(s\) of the package's surface \(package\.json, the entry points' exports\) \(BREAKING → major\)$/m,
    );
    expect(output).not.toContain("without an API or runtime change");
    expect(section(output, "Package").split("\n")).toEqual([
      "### Package",
      "",
      '- **BREAKING** package.json: export `connectivity-clients/otc/error-codes` removed (`exports["./otc/error-codes"]`)',
      "- **BREAKING** package.json: command `connectivity-emulator` removed (`bin`)",
      '- **BREAKING** package.json: `engines.node` ">=24" (was ">=20.19"): Node 20.19.0 is no longer supported',
      "- **BREAKING** package.json: `type` commonjs (was module): its .js files load as another module kind",
      "",
    ]);
  });

  it('a new exports subpath is an addition; a dependency change is named, never "without an API or runtime change"', async () => {
    const dir = scratch("v1.2.3");
    editPackage(dir, (pkg) => {
      pkg.exports["./otc/vpc"] = { types: "./dist/src/otc/vpc.d.ts", default: "./dist/src/otc/vpc.js" };
      pkg.dependencies["openapi-fetch"] = "0.18.0";
    });
    commit(dir, "chore: deps");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 1\.2\.3 → 1\.3\.0 \(minor\)/);
    expect(output).toContain("- package.json: export `connectivity-clients/otc/vpc` added\n");
    expect(output).toMatch(/^- package\.json: `dependencies`: openapi-fetch \S+ → 0\.18\.0$/m);

    const deps = scratch("v1.2.3");
    editPackage(deps, (pkg) => (pkg.dependencies["openapi-fetch"] = "0.18.0"));
    commit(deps, "chore: deps");
    const patch = await releaseIn(deps, "--dry-run");
    expect(patch).toMatch(/: 1\.2\.3 → 1\.2\.4 \(patch\)/);
    expect(patch).toMatch(
      /^reason: 1 other change\(s\) of package\.json or of the entry points' declarations \(otherwise → patch\)$/m,
    );
    expect(patch).not.toContain("without an API or runtime change");
  });

  it("compares what each entry point exports: a removed name is BREAKING, an added one an addition, a changed declaration is quoted", async () => {
    const dir = scratch(null);
    mkdirSync(path.join(dir, "src/core"), { recursive: true });
    const json = (signature: string) =>
      `/** Parses JSON. */\nexport function parseJson(${signature}): unknown {\n  return JSON.parse(text);\n}\nexport const stringifyJson = (value: unknown): string => JSON.stringify(value);\n`;
    writeFileSync(path.join(dir, "src/core/json.ts"), json("text: string"));
    git(dir, "add", "src/core/json.ts");
    commit(dir, "json");
    git(dir, "tag", "v1.2.3");
    // The implementation changes, the declarations do not: nothing to report.
    writeFileSync(
      path.join(dir, "src/core/json.ts"),
      json("text: string").replace("JSON.parse(text)", "JSON.parse(text.trim())"),
    );
    commit(dir, "fix: trim");
    expect(await releaseIn(dir, "--dry-run")).toMatch(/^reason: the runtime \(src\/\) changed \(otherwise → patch\)$/m);

    writeFileSync(
      path.join(dir, "src/core/json.ts"),
      json("text: string, reviver?: (key: string, value: unknown) => unknown"),
    );
    const index = readFileSync(path.join(dir, "src/index.ts"), "utf8");
    expect(index).toContain('export { parseJson, stringifyJson } from "./core/json.js";');
    writeFileSync(
      path.join(dir, "src/index.ts"),
      index.replace(
        'export { parseJson, stringifyJson } from "./core/json.js";',
        'export { parseJson } from "./core/json.js";\nexport const added = 1;',
      ),
    );
    commit(dir, "chore: json");
    const output = await releaseIn(dir, "--dry-run");
    expect(output).toMatch(/: 1\.2\.3 → 2\.0\.0 \(major\)/);
    expect(section(output, "Package").split("\n")).toEqual([
      "### Package",
      "",
      "- **BREAKING** `connectivity-clients`: export `stringifyJson` removed",
      "- `connectivity-clients`: export `added` added",
      "- `connectivity-clients`: declaration of `parseJson` changed, from `export declare function parseJson(text: string): unknown;` to `export declare function parseJson(text: string, reviver?: (key: string, value: unknown) => unknown): unknown;`",
      "",
    ]);
  });
});

describe("the command line", () => {
  it("refuses an unknown option with its usage and exit code 1, doing nothing", async () => {
    const dir = scratch("v0.1.0");
    const before = state(dir);
    const error = await releaseProcess(dir, "--dry-run", "--bogus").catch((e) => e);
    expect([error.code, error.stdout]).toEqual([1, ""]);
    expect(error.stderr).toMatch(
      /^release: .*'--bogus'.*; usage: npm run release \[-- --dry-run\] \[--next X\.Y\.Z\]\n$/,
    );
    expect(state(dir)).toEqual(before);
  });

  it("a reader that stops early (`| head -1`) ends it quietly, with its exit code", async () => {
    const dir = scratch("v0.1.0");
    editSpec(dir, addOperation);
    commit(dir, "feat: a copy of the subnet operation");
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/release.mjs"), "--dry-run"], {
      cwd: dir,
      env: GIT_ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // closed before the first line is written
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});

describe("the rules", () => {
  it("reads Conventional Commits markers: `type!:` or a BREAKING CHANGE footer, and `feat:`", () => {
    expect(release.commitLevel("feat!: drop Node 18")).toBe("breaking");
    expect(release.commitLevel("fix(otc)!: new signing")).toBe("breaking");
    expect(release.commitLevel("refactor: x", "Body.\n\nBREAKING CHANGE: the error class moved")).toBe("breaking");
    expect(release.commitLevel("chore: y", "BREAKING-CHANGE: z")).toBe("breaking");
    expect(release.commitLevel("feat(confluent): paging")).toBe("addition");
    expect(release.commitLevel("fix: retry 503")).toBeNull();
    expect(release.commitLevel("Feature flags and BREAKING CHANGE: in the subject")).toBeNull();
    expect(release.commitLevel("docs: x", "mentions a breaking change: in prose")).toBeNull();
  });

  it("reads a BREAKING CHANGE footer's whole text, up to the next trailer", () => {
    expect(
      release.breakingNotes("Body.\n\nBREAKING CHANGE: one\ntwo\n\nNote: three\nRefs: #12\nBREAKING-CHANGE: four\n"),
    ).toEqual(["one\ntwo\n\nNote: three", "four"]);
    expect(release.breakingNotes("BREAKING CHANGE: x\nSigned-off-by: A <a@b>\nmore")).toEqual(["x"]);
    expect(release.breakingNotes("no footer\nBREAKING CHANGES are announced")).toEqual([]);
  });

  it("reads the package.json surface: exports conditions, sugar, bin forms, engines widened or raised", () => {
    const base = {
      name: "p",
      exports: { ".": { types: "./a.d.ts", default: "./a.js" } },
      bin: "./cli.js",
      engines: { node: ">=20" },
    };
    expect(surface.packageChanges(base, base)).toEqual([]);
    expect(
      surface.packageChanges(base, {
        ...base,
        exports: { ".": { default: "./a.js" } },
        bin: { p: "./cli.js", q: "./q.js" },
      }),
    ).toEqual([
      { level: "breaking", message: 'package.json: export `p`: condition `types` removed (was "./a.d.ts")' },
      { level: "addition", message: "package.json: command `q` added (`bin`)" },
    ]);
    expect(surface.packageChanges({ ...base, exports: "./a.js" }, { ...base, exports: { ".": "./b.js" } })).toEqual([
      { level: "change", message: 'package.json: export `p`: condition `default` now "./b.js" (was "./a.js")' },
    ]);
    expect(surface.packageChanges(base, { ...base, engines: { node: ">=18" } })).toEqual([
      { level: "change", message: 'package.json: `engines.node` ">=18" (was ">=20"): more Node versions supported' },
    ]);
    expect(surface.packageChanges(base, { ...base, engines: { node: "^20 || >=22" } })[0]).toMatchObject({
      level: "breaking",
    });
    // An engine besides Node's is named too (npm warns on it, and refuses with engine-strict).
    expect(surface.packageChanges(base, { ...base, engines: { ...base.engines, npm: ">=11" } })).toEqual([
      { level: "change", message: 'package.json: `engines.npm` ">=11" (was unset)' },
    ]);
    expect(surface.packageChanges(base, { ...base, description: "x", scripts: { a: "b" } })).toEqual([
      { level: "change", message: "package.json: `description`, `scripts` changed" },
    ]);
  });

  const report = (breaking: number, additions: number, other = 0, info = 0) => ({
    breaking,
    additions,
    changes: [
      ...Array.from({ length: breaking }, () => ({ level: "breaking" })),
      ...Array.from({ length: additions }, () => ({ level: "addition" })),
      ...Array.from({ length: other }, () => ({ level: "change" })),
      ...Array.from({ length: info }, () => ({ level: "info" })),
    ],
  });
  const feat = { hash: "abc1234", subject: "feat: x", level: "addition" };

  it.each([
    ["0.4.1", report(2, 3), [], "0.5.0", "minor"],
    ["0.4.1", report(0, 3), [], "0.4.2", "patch"],
    ["0.4.1", report(0, 0, 1), [], "0.4.2", "patch"],
    ["0.4.1", report(0, 0, 0, 1), [], "0.4.2", "patch"],
    ["1.4.1", report(2, 3), [], "2.0.0", "major"],
    ["1.4.1", report(0, 3), [], "1.5.0", "minor"],
    ["1.4.1", report(0, 0, 1), [], "1.4.2", "patch"],
    ["1.4.1", report(0, 0), [feat], "1.5.0", "minor"],
    ["0.4.1", report(0, 0), [feat], "0.4.2", "patch"],
  ])("from %s with %o and commits %o: %s (%s)", (version, changes, commits, next, bump) => {
    expect(release.decide(version, changes, commits, [])).toMatchObject({ next, bump });
  });

  it("writes the changelog entry grouped by API in the package's order, BREAKING first in each group", () => {
    const changes = [
      { api: "confluent", level: "addition", message: "GET /c: query parameter x added" },
      { api: null, level: "change", message: "servers reordered" },
      { api: "otc-vpc", level: "addition", message: "operation GET /s added" },
      { api: "otc-vpc", level: "breaking", message: "GET /t: response 200 field id removed" },
      { api: "madconnect", level: "info", message: "GET /m: operation deprecated" },
    ];
    const decision = release.decide("1.0.0", { breaking: 1, additions: 2, changes }, [], []);
    const entry = release.changelogEntry({
      version: decision.next,
      date: "2026-12-04",
      since: "v1.0.0",
      decision,
      report: { breaking: 1, additions: 2, changes },
      commits: [],
    });
    expect(entry).toBe(
      [
        "## 2.0.0 (2026-12-04)",
        "",
        "Since v1.0.0: 1 BREAKING API change(s); 2 API addition(s); 1 compatible API change(s); 1 documentation or deprecation change(s) (BREAKING → major).",
        "",
        "### OTC VPC",
        "",
        "- **BREAKING** GET /t: response 200 field id removed",
        "- operation GET /s added",
        "",
        "### MadConnect",
        "",
        "- GET /m: operation deprecated",
        "",
        "### Confluent Cloud",
        "",
        "- GET /c: query parameter x added",
        "",
        "### All APIs",
        "",
        "- servers reordered",
        "",
      ].join("\n"),
    );
  });

  it("lists the first 30 commits in the entry, and says how many more there are", () => {
    const commits = Array.from({ length: 32 }, (_, i) => ({ hash: `c${i}`, subject: `fix: ${i}`, level: null }));
    const decision = release.decide("1.0.0", report(0, 0), commits, ["src/index.ts"]);
    const entry = release.changelogEntry({
      version: decision.next,
      date: "2026-12-04",
      since: "v1.0.0",
      decision,
      report: report(0, 0),
      commits,
    });
    const lines = entry.slice(entry.indexOf("### Commits")).trimEnd().split("\n").slice(2);
    expect(lines).toEqual([
      ...commits.slice(0, 30).map((c) => `- ${c.hash} ${c.subject}`),
      "- … and 2 more (`git log`)",
    ]);
    const thirty = release.changelogEntry({
      version: decision.next,
      date: "2026-12-04",
      since: "v1.0.0",
      decision,
      report: report(0, 0),
      commits: commits.slice(0, 30),
    });
    expect(thirty).not.toContain("more (`git log`)");
  });

  it("refuses a src/core/version.ts without PACKAGE_VERSION, and leaves it as it was", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "connectivity-release-version-"));
    try {
      const file = path.join(dir, "version.ts");
      writeFileSync(file, "export const VERSION = 1;\n");
      expect(() => release.bumpVersionModule(file, "1.2.3")).toThrow(`${file}: no PACKAGE_VERSION to bump`);
      expect(readFileSync(file, "utf8")).toBe("export const VERSION = 1;\n");
      writeFileSync(file, 'export const PACKAGE_VERSION = "1.2.2";\n');
      release.bumpVersionModule(file, "1.2.3");
      expect(readFileSync(file, "utf8")).toBe('export const PACKAGE_VERSION = "1.2.3";\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
