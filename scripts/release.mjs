#!/usr/bin/env node
// npm run release [-- --dry-run]: the next version, derived from how the API changed since the last release.
//
// It runs on the main branch only, with its whole history (a shallow clone refuses), not behind its upstream
// as last fetched (another branch, a detached HEAD or a stale checkout refuses). The last release is the newest vX.Y.Z tag reachable from HEAD; with none yet,
// the first commit, and the old version is package.json's. The bump is the highest of:
//   - the change report of generated/ between the tag and the working tree (what
//     `node scripts/change-report.mjs --base <tag> --json FILE` writes, made here with its library):
//     a BREAKING change → major (while 0.x: minor); an addition → minor (while 0.x: patch);
//   - the commits since the tag, by their Conventional Commits markers (they can raise the bump, never lower it):
//     `type!:` in the subject or a `BREAKING CHANGE:` footer counts as a BREAKING change, `feat:` as an addition;
//   - the package's surface (release-surface.mjs): package.json's `exports` subpaths and conditions, `bin`,
//     `engines.node`, `type`, and the names each entry point exports: a removal or narrowing counts as BREAKING,
//     an addition as an addition; other package.json or declaration changes are named, at patch;
//   - anything else that changed (the runtime in src/ without an API change, docs, tests): patch.
// A vX.Y.Z tag at or above the next version anywhere in the repository (on a commit HEAD does not contain)
// refuses, dry runs too, before anything is printed.
// First it checks that generated/ is what the specs make (`generate --check`), dry runs too, and refuses otherwise.
// It prints the old and next version and why, writes the CHANGELOG.md entry (every BREAKING or feat commit with
// its BREAKING CHANGE text, the package's surface changes, the report's lines grouped by API, BREAKING first), bumps package.json, package-lock.json and src/core/version.ts, commits them and tags vX.Y.Z
// (annotated). It never pushes. `--dry-run` prints the same and changes nothing. No commit since the tag: it says
// so and does nothing. The step to 1.0.0 is a decision, not a diff: `--next 1.0.0` makes it (any X.Y.Z above the
// last release's; the entry says what the rules would have chosen).
// `release(argv, { cwd })` is the command in-process: it prints what the command prints and returns its exit code.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { diffApis, reportJson } from "./lib/change-report.mjs";
import {
  generatedInTree,
  generatedInWorkingTree,
  isGeneratedReportInput,
  OUT_DIR,
  sameFiles,
} from "./lib/change-report/generated-files.mjs";
import { treeAt } from "./lib/git-tree.mjs";
import { handleClosedPipes, isMain } from "./lib/npm-script.mjs";
import { declarationChanges, isDeclarationSource, packageChanges } from "./release-surface.mjs";

/** X.Y.Z as semver has it: no leading zeros (npm refuses `0.3.01`). */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const TAG = new RegExp(`^v${VERSION.source.slice(1)}`);
const LEVELS = ["patch", "addition", "breaking"];
const API_TITLES = {
  "otc-vpcep": "OTC VPC Endpoint",
  "otc-vpc": "OTC VPC",
  madconnect: "MadConnect",
  confluent: "Confluent Cloud",
};
const MAX_COMMITS = 30;
/** The branch releases are made from. */
const RELEASE_BRANCH = "main";
const VERSION_FILES = ["package.json", "package-lock.json", "src/core/version.ts", "CHANGELOG.md"];

class ReleaseError extends Error {}

/** A git command in the repository at `root`, with the environment `env`: its output; `.buffer(args, input)`: as a Buffer. */
const gitIn = (root, env) => {
  const options = { cwd: root, env, maxBuffer: 256 << 20 };
  const git = (...args) =>
    execFileSync("git", args, { ...options, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git.buffer = (args, input) => execFileSync("git", args, { ...options, input, stdio: ["pipe", "pipe", "pipe"] });
  return git;
};

/** The newest vX.Y.Z tag reachable from HEAD (`merged`) or anywhere in the repository, or null. */
function newestTag(git, merged) {
  const tags = git("tag", "--list", "v*.*.*", ...(merged ? ["--merged", "HEAD"] : []), "--sort=-v:refname");
  return tags.split("\n").find((tag) => TAG.test(tag)) ?? null;
}

/** Negative, zero or positive as X.Y.Z version `a` is below, equal to or above `b`. */
const compareVersions = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x.reduce((order, n, i) => order || n - y[i], 0);
};

/** How many space-separated fields come before the path in each kind of `git status --porcelain=v2` entry. */
const FIELDS_BEFORE_PATH = { 1: 8, 2: 9, u: 10 };

/**
 * Where HEAD stands, from one `git status --porcelain=v2 --branch`: its branch (null when detached), its
 * upstream and how many commits HEAD is behind it as last fetched (null and 0 without one, or when it is
 * gone), and the uncommitted changes to tracked files, one `XY path` line each as `git status --short` shows them (paths unquoted).
 */
function headState(git) {
  const state = { branch: null, upstream: null, behind: 0, changes: [] };
  for (const line of git("status", "--porcelain=v2", "--branch", "--untracked-files=no").split("\n")) {
    if (!line) continue;
    const [kind, key, value] = line.split(" ", 3);
    if (kind === "#") {
      if (key === "branch.head" && value !== "(detached)") state.branch = value;
      else if (key === "branch.upstream") state.upstream = value;
      else if (key === "branch.ab") state.behind = Number(line.split(" ")[3].slice(1));
      continue;
    }
    const [where, from] = line.split(" ").slice(FIELDS_BEFORE_PATH[kind]).join(" ").split("\t");
    state.changes.push(`${key.replace(/\./g, " ")} ${from === undefined ? where : `${from} -> ${where}`}`);
  }
  return state;
}

/**
 * Releases are made from RELEASE_BRANCH, up to date with its upstream as last fetched: a release from
 * another branch, a detached HEAD or a stale checkout would count from an old tag and take a version
 * that is not the next one.
 */
function assertReleaseBranch({ branch, upstream, behind }) {
  if (branch !== RELEASE_BRANCH)
    throw new ReleaseError(
      `releases are made from the ${RELEASE_BRANCH} branch, and HEAD is ${branch ? `on ${branch}` : "detached"}: \`git switch ${RELEASE_BRANCH}\` first`,
    );
  if (behind > 0)
    throw new ReleaseError(
      `${RELEASE_BRANCH} is ${behind} commit(s) behind ${upstream}: \`git pull\` first, so that the release counts from the newest one`,
    );
}

/**
 * A shallow clone (`git clone --depth N`, CI's default checkout) holds only the newest commits and the tags on
 * them: its oldest commit would pass for "the first commit", and a release below one it does not hold would
 * look like the newest version. Its whole history and every tag are needed.
 */
function assertFullHistory(shallow) {
  if (!shallow) return;
  throw new ReleaseError(
    "this is a shallow clone: the last release and the commits since it may be missing from it, and the version would count from its oldest commit: `git fetch --unshallow --tags` first",
  );
}

/**
 * A release makes the newest version: refused when a vX.Y.Z tag at or above `next` exists anywhere (on a
 * commit HEAD does not contain, since `next` is above every tag HEAD contains).
 */
function assertNewest(git, next) {
  const newest = newestTag(git, false);
  if (!newest || compareVersions(newest.slice(1), next) < 0) return;
  const which =
    newest === `v${next}` ? "exists already" : `exists, above v${next}, the version this release would make`;
  throw new ReleaseError(
    `tag ${newest} ${which}, on a commit HEAD does not contain: release from an up-to-date ${RELEASE_BRANCH} that holds every release, delete the tag if it was never published (\`git tag -d ${newest}\`), or choose a version above it with --next`,
  );
}

/**
 * The change report of generated/ between the commit of `tree` (scripts/lib/git-tree.mjs) and the working
 * tree, as `node scripts/change-report.mjs --base <base> --json FILE` writes it (schemaVersion 1:
 * { breaking, additions, changes: [{ api, level, rule, operation, message }] }).
 */
function changeReport(root, tree) {
  const now = generatedInWorkingTree(root);
  if (!now.hasDoc)
    throw new ReleaseError(`the change report failed: ${OUT_DIR}/openapi.yaml is missing: run \`npm run generate\``);
  const atBase = generatedInTree(tree);
  // The same files as at the release (a runtime-only change): no API change, and nothing to parse.
  if (sameFiles(atBase, now)) return reportJson([]);
  return reportJson(diffApis(atBase.doc, now.doc, { declarations: { before: atBase.files, after: now.files } }));
}

/** Whether a change to `changedFiles` may change the declarations the entry points export. */
const mayChangeDeclarations = (changedFiles) =>
  changedFiles.some((file) => /\.[mc]?tsx?$/.test(file) || file === "package.json" || /^tsconfig.*\.json$/.test(file));

/**
 * How the package's surface changed between commit `base` (its files: `tree`) and the working tree: package.json
 * (`exports`, `bin`, `engines.node`, `type`, dependencies, other fields) and, when `declarations` (a TypeScript
 * file, package.json or tsconfig changed), the names and declarations each entry point exports.
 */
function surfaceChanges(root, tree, base, pkg, declarations) {
  let before;
  try {
    before = JSON.parse(tree.texts.get("package.json"));
  } catch {
    return []; // no package.json at the last release: nothing to compare with
  }
  const changes = packageChanges(before, pkg);
  if (declarations) changes.push(...declarationChanges(root, tree, base, before, pkg));
  return changes;
}

/** A commit's Conventional Commits marker: "breaking", "addition" or null. */
export function commitLevel(subject, body = "") {
  if (/^[a-z]+(\([^)]*\))?!:/i.test(subject) || /^BREAKING[ -]CHANGE:/m.test(body)) return "breaking";
  if (/^feat(\([^)]*\))?:/i.test(subject)) return "addition";
  return null;
}

/**
 * The text of each `BREAKING CHANGE:` (or `BREAKING-CHANGE:`) footer of commit message body `body`, all of it as
 * written: up to the next footer that is a git trailer (`Signed-off-by:`, `Refs:`, another BREAKING CHANGE, …)
 * or the end, trailing blank lines dropped.
 */
export function breakingNotes(body = "") {
  const lines = body.split("\n");
  const notes = [];
  let note = null;
  for (const line of lines) {
    const start = line.match(/^BREAKING[ -]CHANGE:\s*(.*)$/);
    if (start) {
      note = [start[1]];
      notes.push(note);
    } else if (note && TRAILER.test(line)) note = null;
    else if (note) note.push(line);
  }
  return notes.map((text) => text.join("\n").trim()).filter(Boolean);
}

/**
 * A footer ending a BREAKING CHANGE's text: a hyphenated git trailer token (`Signed-off-by:`, `Co-authored-by:`),
 * a usual one-word one, or `token #ref`; not any "Word:" that starts a line of prose.
 */
const TRAILER =
  /^(?:[A-Z][a-z]*(?:-[A-Za-z]+)+|Refs|Closes|Fixes|Resolves|See|Ref|Issue|Reviewed|Acked):\s|^[\w-]+ #\S/;

function commitsSince(git, base) {
  const log = git("log", "--format=%h%x00%s%x00%b%x1e", `${base}..HEAD`);
  return log
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter(Boolean)
    .map((record) => {
      const [hash, subject, body] = record.split("\x00");
      return { hash, subject, level: commitLevel(subject, body), notes: breakingNotes(body) };
    });
}

/**
 * The bump and the reasons for it, deciding reason first.
 * @param {string} version the last release's, "X.Y.Z"
 * @param {{ breaking: number, additions: number, changes: unknown[] }} report
 * @param {{ hash: string, subject: string, level: "breaking"|"addition"|null }[]} commits
 * @param {string[]} changedFiles paths changed since the last release
 * @param {{ level: "breaking"|"addition"|"change", message: string }[]} surface how the package's surface changed
 */
export function decide(version, report, commits, changedFiles, surface = []) {
  const [major, minor, patch] = version.split(".").map(Number);
  const stable = major >= 1;
  const reasons = [];
  const consider = (level, why) => reasons.push({ level, why });
  if (report.breaking) consider("breaking", `${report.breaking} BREAKING API change(s)`);
  if (report.additions) consider("addition", `${report.additions} API addition(s)`);
  const surfaceCount = (level) => surface.filter((change) => change.level === level).length;
  if (surfaceCount("breaking"))
    consider(
      "breaking",
      `${surfaceCount("breaking")} BREAKING change(s) of the package's surface (package.json, the entry points' exports)`,
    );
  if (surfaceCount("addition"))
    consider(
      "addition",
      `${surfaceCount("addition")} addition(s) to the package's surface (package.json, the entry points' exports)`,
    );
  for (const c of commits.filter((c) => c.level))
    consider(c.level, `commit ${c.hash} "${c.subject}" is marked ${c.level === "breaking" ? "BREAKING" : "feat"}`);
  const count = (level) => report.changes.filter((change) => change.level === level).length;
  if (count("change")) consider("patch", `${count("change")} compatible API change(s)`);
  if (count("info")) consider("patch", `${count("info")} documentation or deprecation change(s)`);
  if (surfaceCount("change"))
    consider("patch", `${surfaceCount("change")} other change(s) of package.json or of the entry points' declarations`);
  if (changedFiles.some((file) => file.startsWith("src/"))) consider("patch", "the runtime (src/) changed");
  if (reasons.length === 0) consider("patch", `${commits.length} commit(s) without an API or runtime change`);
  reasons.sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level));
  const level = reasons[0].level;
  const bump = level === "breaking" ? (stable ? "major" : "minor") : level === "addition" && stable ? "minor" : "patch";
  const next =
    bump === "major"
      ? `${major + 1}.0.0`
      : bump === "minor"
        ? `${major}.${minor + 1}.0`
        : `${major}.${minor}.${patch + 1}`;
  const rule =
    level === "breaking"
      ? `BREAKING → ${bump}${stable ? "" : " while 0.x"}`
      : level === "addition"
        ? `additions → ${bump}${stable ? "" : " while 0.x"}`
        : "otherwise → patch";
  return { next, bump, level, rule, reasons: reasons.map((r) => r.why) };
}

/** The CHANGELOG.md entry: the report's lines grouped by API (in the package's order), BREAKING first in each. */
export function changelogEntry({ version, date, since, decision, report, commits, surface = [] }) {
  const rank = { breaking: 0, addition: 1, change: 2, info: 3 };
  const groups = new Map();
  for (const change of report.changes) {
    const key = change.api ?? "";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(change);
  }
  const order = [...Object.keys(API_TITLES), ""];
  const position = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  const keys = [...groups.keys()].sort((a, b) => position(a) - position(b));
  const lines = [`## ${version} (${date})`, "", `Since ${since}: ${decision.reasons.join("; ")} (${decision.rule}).`];
  // Every commit marked BREAKING or feat, each with all its BREAKING CHANGE footers: the list below is shortened.
  const marked = commits.filter((c) => c.level);
  if (marked.length) {
    lines.push("", "### BREAKING and feat commits", "");
    for (const c of marked.sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level))) {
      lines.push(`- ${c.level === "breaking" ? "**BREAKING** " : ""}${c.hash} ${c.subject}`);
      for (const note of c.notes ?? [])
        lines.push(
          "",
          ...note.split("\n").map((line, i) => (line ? `  ${i ? "" : "BREAKING CHANGE: "}${line}` : "")),
          "",
        );
    }
    while (lines.at(-1) === "") lines.pop();
  }
  if (surface.length) {
    lines.push("", "### Package", "");
    const ordered = [...surface].sort((a, b) => (rank[a.level] ?? 9) - (rank[b.level] ?? 9));
    for (const c of ordered) lines.push(`- ${c.level === "breaking" ? "**BREAKING** " : ""}${c.message}`);
  }
  for (const key of keys) {
    const title = API_TITLES[key] ?? (key || "All APIs");
    lines.push("", `### ${title}`, "");
    const changes = groups.get(key).sort((a, b) => (rank[a.level] ?? 9) - (rank[b.level] ?? 9));
    for (const c of changes) lines.push(`- ${c.level === "breaking" ? "**BREAKING** " : ""}${c.message}`);
  }
  if (commits.length) {
    lines.push("", "### Commits", "");
    for (const c of commits.slice(0, MAX_COMMITS)) lines.push(`- ${c.hash} ${c.subject}`);
    if (commits.length > MAX_COMMITS) lines.push(`- … and ${commits.length - MAX_COMMITS} more (\`git log\`)`);
  }
  return `${lines.join("\n")}\n`;
}

const CHANGELOG_HEAD =
  '# Changelog\n\nWritten by `npm run release` (README, "Releases"): each entry lists the commits marked BREAKING (with their BREAKING CHANGE text) or feat, how the package\'s surface changed (package.json, what the entry points export), how the API changed since the previous release, from the change report, grouped by API with BREAKING changes first, and the commits.\n';

function insertEntry(changelog, entry) {
  const text = changelog ?? CHANGELOG_HEAD;
  const at = text.search(/^## /m);
  return at < 0 ? `${text.trimEnd()}\n\n${entry}` : `${text.slice(0, at)}${entry}\n${text.slice(at)}`;
}

/** Sets the version of package.json (`lock`: package-lock.json, both its fields), keeping the file's indentation. */
export function bumpJson(file, version, lock) {
  const text = readFileSync(file, "utf8");
  const data = JSON.parse(text);
  data.version = version;
  if (lock && data.packages?.[""]) data.packages[""].version = version;
  const indent = text.match(/^[ \t]+/m)?.[0] ?? "  ";
  writeFileSync(file, `${JSON.stringify(data, null, indent)}\n`);
}

/** Sets PACKAGE_VERSION in src/core/version.ts. */
export function bumpVersionModule(file, version) {
  const text = readFileSync(file, "utf8");
  const bumped = text.replace(/(PACKAGE_VERSION\s*=\s*")[^"]*(")/, `$1${version}$2`);
  if (bumped === text && !text.includes(`"${version}"`)) throw new ReleaseError(`${file}: no PACKAGE_VERSION to bump`);
  writeFileSync(file, bumped);
}

/**
 * The version comes from the change report of generated/: generated/ must be what the specs make, or a
 * spec change committed without `npm run generate` would be released as no change. The fingerprint
 * check (`generate --check`) answers in milliseconds: null, or what it said when generated/ is not.
 */
function generateCheck(root, env) {
  try {
    execFileSync(process.execPath, [path.join(root, "scripts", "generate.mjs"), "--check"], {
      cwd: root,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return null;
  } catch (error) {
    return `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
  }
}

const USAGE = "usage: npm run release [-- --dry-run] [--next X.Y.Z]";

/** --next X.Y.Z: a version chosen by hand (1.0.0 is a decision, not a diff), above the last release's. */
function assertAbove(next, version) {
  if (!VERSION.test(next) || compareVersions(next, version) <= 0)
    throw new ReleaseError(`--next ${next}: not an X.Y.Z version above ${version}`);
}

/** The release of the repository at `root`; `say` prints a line. Refusals throw a ReleaseError. */
function run(argv, { root, shallow, env, say, checkGenerated }) {
  const git = gitIn(root, env);
  let options;
  try {
    options = parseArgs({ args: argv, options: { "dry-run": { type: "boolean" }, next: { type: "string" } } }).values;
  } catch (error) {
    throw new ReleaseError(`${error.message}; ${USAGE}`);
  }
  // Its form at once (a malformed --next is refused even with nothing to release); its order once the last release is known.
  if (options.next !== undefined && !VERSION.test(options.next))
    throw new ReleaseError(`--next ${options.next}: not an X.Y.Z version`);
  const dryRun = !!options["dry-run"];
  assertFullHistory(shallow);
  const head = headState(git);
  assertReleaseBranch(head);
  if (head.changes.length && !dryRun)
    throw new ReleaseError(
      `the working tree has uncommitted changes; commit or stash them first:\n${head.changes.join("\n")}`,
    );

  const stale = checkGenerated(root, env);
  if (stale !== null)
    throw new ReleaseError(
      `generated/ does not match the specs: run \`npm run generate\`, commit the result, then release again.\n${stale}`,
    );
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const tag = newestTag(git, true);
  const base = tag ?? git("rev-list", "--max-parents=0", "HEAD").trim().split("\n").at(-1);
  const since = tag ?? `the first commit (${base.slice(0, 7)})`;
  const version = tag ? tag.slice(1) : pkg.version;
  const commits = commitsSince(git, base);
  const changedFiles = git("diff", "--name-only", base).split("\n").filter(Boolean);
  if (commits.length === 0 && changedFiles.length === 0) {
    say(`No changes since ${since}: nothing to release (version ${version}).`);
    return;
  }
  if (options.next) assertAbove(options.next, version); // before the report, which takes longer
  // What the report and the surface compare at the last release, read at once: generated/, package.json and,
  // when the declarations may have changed, the TypeScript and JSON sources.
  const declarations = mayChangeDeclarations(changedFiles);
  const tree = treeAt(
    git.buffer,
    base,
    (file) => isGeneratedReportInput(file) || file === "package.json" || (declarations && isDeclarationSource(file)),
  );
  const report = changeReport(root, tree);
  const surface = surfaceChanges(root, tree, base, pkg, declarations);
  const ruled = decide(version, report, commits, changedFiles, surface);
  const decision = options.next
    ? { ...ruled, next: options.next, bump: "chosen", rule: `--next ${options.next}; by the rules: ${ruled.next}` }
    : ruled;
  // Dry run or not, before anything is printed: a dry run never shows a version the release would refuse.
  assertNewest(git, decision.next);
  const date = new Date().toISOString().slice(0, 10);
  const entry = changelogEntry({ version: decision.next, date, since, decision, report, commits, surface });

  say(`${pkg.name}: ${version} → ${decision.next} (${decision.bump}), since ${since}`);
  say(`reason: ${decision.reasons.join("; ")} (${decision.rule})`);
  if (head.changes.length) say("(uncommitted changes are included in this preview)");
  say(`\nCHANGELOG.md entry:\n\n${entry}`);
  if (dryRun) {
    say("Dry run: nothing written, committed or tagged.");
    return;
  }
  const nextTag = `v${decision.next}`;
  const changelogFile = path.join(root, "CHANGELOG.md");
  writeFileSync(
    changelogFile,
    insertEntry(existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : null, entry),
  );
  bumpJson(path.join(root, "package.json"), decision.next, false);
  if (existsSync(path.join(root, "package-lock.json")))
    bumpJson(path.join(root, "package-lock.json"), decision.next, true);
  bumpVersionModule(path.join(root, "src", "core", "version.ts"), decision.next);
  const files = VERSION_FILES.filter((file) => existsSync(path.join(root, file)));
  git("add", "--", ...files);
  git(
    "commit",
    "--quiet",
    "-m",
    `Release ${decision.next}`,
    "-m",
    `${decision.reasons.join("; ")} (${decision.rule}).`,
    "--",
    ...files,
  );
  // verbatim: git's default clean-up would drop the entry's "## …" and "### …" lines as comments.
  git("tag", "-a", "--cleanup=verbatim", nextTag, "-m", `${pkg.name} ${decision.next}`, "-m", entry);
  say(`Committed "Release ${decision.next}" and tagged ${nextTag}. Nothing was pushed: git push --follow-tags`);
}

/**
 * `npm run release` in-process, on the git repository holding `cwd`, its git and `generate --check` run with
 * `env`: writes what the command prints to `stdout` and `stderr` and returns its exit code, 1 for a refusal.
 * `checkGenerated(root, env)` stands for `generate --check`: null when generated/ is fresh, else what it said.
 */
export function release(
  argv,
  {
    cwd = process.cwd(),
    env = process.env,
    stdout = process.stdout,
    stderr = process.stderr,
    checkGenerated = generateCheck,
  } = {},
) {
  try {
    // Shallowness first: the top level, a path, may hold a newline; git ends it with one.
    const answer = gitIn(cwd, env)("rev-parse", "--is-shallow-repository", "--show-toplevel");
    const [shallow, root] = [answer.slice(0, answer.indexOf("\n")), answer.slice(answer.indexOf("\n") + 1, -1)];
    run(argv, { root, shallow: shallow === "true", env, say: (line) => stdout.write(`${line}\n`), checkGenerated });
    return 0;
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    stderr.write(`release: ${error.message}\n`);
    return 1;
  }
}

if (isMain(import.meta.url)) {
  // A reader that stops early (`npm run release -- --dry-run | head -1`) ends it quietly, with its exit code.
  handleClosedPipes(process);
  process.exitCode = release(process.argv.slice(2));
}
