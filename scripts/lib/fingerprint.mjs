// What generation reads, hashed, so that `npm run generate` regenerates only what an edit affects
// and `--check` can answer without regenerating. Two kinds of inputs:
//   - the generator: its scripts (the change report's aside: it writes nothing in generated/), its
//     configuration and the tools it runs: their installed versions, and the version and integrity
//     npm recorded for each of them and each package they depend on, transitively (e.g.
//     @redocly/openapi-core, which openapi-typescript resolves specs with); a change to any of them
//     regenerates everything;
//   - each API: its root spec and every file the root refers to with a $ref, transitively; a change
//     regenerates that API's outputs and the merged document.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { checkConfigFiles, ConfigError } from "./apis.mjs";
import { fileKind, NOT_A_FILE } from "./not-a-file.mjs";

const require = createRequire(import.meta.url);
export const TOOLS = [
  "@redocly/cli",
  "openapi-typescript",
  "typescript",
  "prettier",
  "yaml",
  "ajv",
  "ajv-formats",
  "esbuild",
];
const GENERATOR_DIRS = ["scripts/lib", "scripts/redocly"];
/**
 * Scripts under GENERATOR_DIRS that write nothing in generated/: the change report (it only prints),
 * `npm run drift`'s report and edits, the reader of a commit's files (for `npm run release`), and the
 * reader of package.json's scripts (for `npm start` and the benchmark). test/pipeline-pieces.test.ts checks that generate.mjs does not import them.
 */
export const NOT_GENERATOR = [
  "scripts/lib/change-report/",
  "scripts/lib/change-report.mjs",
  "scripts/lib/drift-",
  "scripts/lib/git-tree.mjs",
  "scripts/lib/npm-script.mjs",
];
const GENERATOR_FILES = ["scripts/generate.mjs", "redocly.yaml", ".redocly.lint-ignore.yaml", ".prettierrc.json"];

export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

/** A spec file that is not a regular file: reading a pipe or a device could wait for ever. */
export class NotAFileError extends Error {}

export { fileKind, NOT_A_FILE };

/**
 * `use(fd)` on `file` (through a link) opened without waiting, when it is a regular file; null when it is
 * a named pipe, a device or a socket (which cannot be opened: ENXIO), let go unread, or a folder. Throws
 * as openSync does when it cannot be opened otherwise (missing, not readable).
 */
function withRegular(file, use) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (error.code === "ENXIO") return null;
    throw error;
  }
  try {
    return fstatSync(fd).isFile() ? use(fd) : null;
  } finally {
    closeSync(fd);
  }
}

/** The content of `file` when it is a regular file, else null (withRegular); throws as readFileSync does. */
export const readRegular = (file, encoding) => withRegular(file, (fd) => readFileSync(fd, encoding));

/** readRegular, null when it cannot be read either. */
function readRegularOrNull(file) {
  try {
    return readRegular(file);
  } catch {
    return null;
  }
}

/** Whether something is at `file` that is not a regular file (a pipe, a device, a socket, or a link to one). */
export const isSpecial = (file) => fileKind(file) === "special";

/** What a file that is not a regular file is, in a message: a folder, or NOT_A_FILE. */
export const notAFileKind = (file) => (fileKind(file) === "folder" ? "a folder" : NOT_A_FILE);

export function fileHash(file) {
  const content = readRegularOrNull(file);
  return content === null ? null : sha256(content);
}

/** Every file (or, with `folders`, every folder) under `dir`, at any depth; none when it cannot be read. */
function listUnder(dir, { folders = false } = {}) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) return folders ? [] : [full];
    return folders ? [full, ...listUnder(full, { folders })] : listUnder(full);
  });
}

/** A $ref's (or an externalValue's) file part ("./a.yaml#/b" -> "./a.yaml"), as the text shows it; local and remote refs have none. */
const REF = /(?:\$ref|externalValue)['"]?\s*:\s*['"]?([^'"#\s,}]+)/g;

/** The file parts of the $refs of each spec file's text, by the text's hash (parsing is most of their cost). */
const refsByHash = new Map();
/** The hashes looked up in this process, and whether any was parsed (the cache generate keeps then changes). */
const usedHashes = new Set();
let parsedAny = false;

/**
 * The file part of each $ref in a spec file's text, as Redocly reads it: the text parsed as YAML (JSON
 * too), so that a $ref written with an escape, through an alias or as a block scalar is seen; by the text
 * scan when it does not parse (Redocly then reports it, and follows none of its $refs).
 */
function refTargets(text) {
  const hash = sha256(text);
  usedHashes.add(hash);
  let targets = refsByHash.get(hash);
  if (targets === undefined) {
    targets = parsedRefTargets(text) ?? [...text.matchAll(REF)].map(([, target]) => target);
    refsByHash.set(hash, targets);
    parsedAny = true;
  }
  return targets;
}

function parsedRefTargets(text) {
  let doc;
  try {
    // Line ends as Redocly's parser takes them (a lone CR too), and no bound on aliases (a spec may repeat
    // an anchor a hundred times): only the $refs are looked for.
    doc = parse(text.replace(/\r\n?/g, "\n"), { uniqueKeys: false, maxAliasCount: -1, logLevel: "error" });
  } catch {
    return null;
  }
  const targets = new Set();
  const seen = new Set();
  const pending = [doc];
  while (pending.length) {
    const node = pending.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue; // an alias: seen once
    seen.add(node);
    // An example's externalValue is read by Redocly's bundle as a $ref is (its content made the `value`).
    if (!Array.isArray(node))
      for (const ref of [node.$ref, node.externalValue]) {
        const file = typeof ref === "string" ? ref.split("#")[0] : "";
        if (file) targets.add(file);
      }
    pending.push(...Object.values(node));
  }
  return [...targets];
}

/**
 * What the kept $ref targets were found with: this file and the `yaml` it parses with (a cache made by
 * other code, or by another `yaml`, is not used).
 */
export const REF_EXTRACTOR = sha256(
  `${readFileSync(fileURLToPath(import.meta.url))}\0${require("yaml/package.json").version}`,
).slice(0, 16);

/** Takes the $ref targets generate kept (`refCache()` of an earlier run); an entry of another shape is left out. */
export function useRefCache(entries) {
  if (entries === null || typeof entries !== "object") return;
  for (const [hash, targets] of Object.entries(entries))
    if (Array.isArray(targets) && targets.every((target) => typeof target === "string")) refsByHash.set(hash, targets);
}

/** The $ref targets of the spec files this process read, to keep for the next run; null when none was parsed. */
export function refCache() {
  return parsedAny ? Object.fromEntries([...usedHashes].map((hash) => [hash, refsByHash.get(hash)])) : null;
}

/**
 * The file a $ref's file part names, as Redocly 2.x resolves it (`resolveExternalRef`): a `file://` URL is
 * read as its file; a path is taken as written (no `%` decoded), from the folder of the file it is in, or,
 * in a file reached by a `file://` URL, as a URL relative to that one (`new URL`: `%` escapes decoded, a
 * query dropped, `\\` a `/`). `{ file, url }`, or null for a remote one (`http://`, `https://`, `data:`).
 */
function resolveRef(target, from, fromUrl) {
  if (/^(https?:\/\/|data:)/.test(target)) return null;
  const url = target.startsWith("file://") ? target : fromUrl === undefined ? undefined : new URL(target, fromUrl).href;
  if (url === undefined) return { file: path.resolve(path.dirname(from), target), url: undefined };
  try {
    return { file: fileURLToPath(url), url };
  } catch {
    return null; // no file URL Redocly can read either
  }
}

/** Why a spec file (or another file the generation reads: `what`) that is a pipe, a device or a socket is refused. */
const notAFile = (root, file, what = "a spec file") =>
  new NotAFileError(
    `${path.relative(root, file)}: ${NOT_A_FILE}, which ${what} must be: reading it could wait for ever.`,
  );

/** Every file in `dir` and the folders in it (through links); a pipe, a device or a socket is refused. */
function folderFiles(root, dir) {
  return listUnder(dir).flatMap((file) => {
    const kind = fileKind(file);
    if (kind === "folder") return []; // a link to a folder: its files are not the spec's own
    if (kind === "special") throw notAFile(root, file);
    return [file]; // a file, or a link to nowhere: nothing that waits
  });
}

/**
 * The spec files of an API: every file in its root's folder, and every file reachable from the root
 * through $refs (each file parsed, see refTargets), sorted. A file that is referred to but missing is
 * listed too. One that is not a regular file (a pipe, a device or a socket, or a link to one) is
 * refused: NotAFileError.
 */
export function specFiles(root, apiRoot) {
  const rootFile = path.resolve(root, apiRoot);
  const found = new Set(folderFiles(root, path.dirname(rootFile)));
  const scanned = new Set();
  /** Each file to read, with the file:// URL it was reached by (its $refs then resolve as URLs do). */
  const pending = [{ file: rootFile, url: undefined }];
  while (pending.length) {
    const { file, url } = pending.pop();
    // Reached by a path and by a file:// URL, a file is two documents to Redocly, whose $refs resolve apart.
    const document = `${url === undefined ? "path" : "url"} ${file}`;
    if (scanned.has(document)) continue;
    scanned.add(document);
    found.add(file);
    let text;
    try {
      text = readRegular(file, "utf8");
    } catch {
      continue;
    }
    if (text === null) {
      if (isSpecial(file)) throw notAFile(root, file);
      continue; // a folder: Redocly names it
    }
    for (const target of refTargets(text)) {
      const next = resolveRef(target, file, url);
      if (next) pending.push(next);
    }
  }
  return [...found].sort();
}

/**
 * The generator's files: its scripts and configuration, with the plugins and configurations redocly.yaml
 * names (`plugins`, `extends`: their decorators change the bundles), wherever they are.
 */
export function generatorFiles(root) {
  const files = [
    ...GENERATOR_FILES.map((file) => path.join(root, file)),
    ...configuredFiles(path.join(root, "redocly.yaml")),
    ...GENERATOR_DIRS.flatMap((dir) => listUnder(path.join(root, dir))).filter((file) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      return !NOT_GENERATOR.some((prefix) => relative.startsWith(prefix));
    }),
  ];
  // Each once, however it was reached (the configuration's are absolute).
  return [...new Map(files.map((file) => [path.resolve(file), file])).values()].sort();
}

/** The files the Redocly configuration `file` names, itself included; none when it is refused (the run stops on that). */
function configuredFiles(file) {
  try {
    return checkConfigFiles(file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

/**
 * How a file is named in a hash: its path inside `root`, or its absolute path outside (the same for
 * every clone, wherever it is, of a project that names a shared file by that path).
 */
function hashedName(root, file) {
  const relative = path.relative(root, file);
  const outside = relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return (outside ? path.resolve(file) : relative).split(path.sep).join("/");
}

/** The content of each of `files`, hashed with its name; one that is a pipe, a device or a socket is refused (NotAFileError). */
function hashFiles(root, files, extra = []) {
  const hash = createHash("sha256");
  const named = files.map((file) => ({ file, name: hashedName(root, file) }));
  for (const { file, name } of named.sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(name).update("\0");
    let content = existsSync(file) ? readRegularOrNull(file) : "(missing)";
    if (content === null) {
      if (isSpecial(file)) throw notAFile(root, file, "every file of the generator");
      content = "(not a regular file)"; // a folder, or not readable
    }
    hash.update(content).update("\0");
  }
  for (const line of extra) hash.update(line).update("\0");
  return hash.digest("hex");
}

/** name@version of each tool, as installed */
export function toolVersions() {
  return TOOLS.map((tool) => `${tool}@${require(`${tool}/package.json`).version}`);
}

/** The package-lock.json entry a package at `from` (a lockfile path, "" for the root) gets for `name`, as Node resolves it. */
function resolveLocked(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}

/**
 * "path@version integrity" of each tool and each package it depends on, transitively, sorted: as npm
 * recorded what it installed (node_modules/.package-lock.json), or else as package-lock.json has it;
 * [] without either. Optional packages (esbuild's binary for each platform) are left out: each machine
 * installs its own, and each tool's version pins them.
 */
export function lockedToolTree(root) {
  let packages;
  for (const file of ["node_modules/.package-lock.json", "package-lock.json"]) {
    let text;
    try {
      text = readRegular(path.join(root, file), "utf8");
    } catch {
      continue; // the next one
    }
    if (text === null) {
      if (isSpecial(path.join(root, file))) throw notAFile(root, path.join(root, file), "a lockfile");
      continue; // a folder
    }
    try {
      packages = JSON.parse(text).packages ?? {};
      break;
    } catch {
      // the next one
    }
  }
  if (!packages) return [];
  const found = new Set();
  const pending = TOOLS.map((tool) => resolveLocked(packages, "", tool)).filter(Boolean);
  while (pending.length) {
    const at = pending.pop();
    if (found.has(at) || packages[at].optional) continue;
    found.add(at);
    const entry = packages[at];
    const names = Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
    for (const name of names) {
      const dependency = resolveLocked(packages, at, name);
      if (dependency) pending.push(dependency);
    }
  }
  return [...found]
    .sort()
    .map((at) => `${at}@${packages[at].version} ${packages[at].integrity ?? packages[at].resolved ?? ""}`);
}

/**
 * @param {{ name: string, root: string }[]} apis
 * @returns {{ generator: string, apis: Record<string, string> }} the hash of each kind of input
 */
export function inputsFingerprint(root, apis, files = inputFiles(root, apis)) {
  return {
    generator: hashFiles(root, files.get(null), [...toolVersions(), ...lockedToolTree(root)]),
    apis: Object.fromEntries(apis.map((api) => [api.name, hashFiles(root, files.get(api.name))])),
  };
}

/**
 * Every input file of a generation, by whose input it is: an API's name (its spec files), or null (the
 * generator's files). Listing them reads the spec files for their $refs.
 */
export function inputFiles(root, apis) {
  return new Map([...apis.map((api) => [api.name, specFiles(root, api.root)]), [null, generatorFiles(root)]]);
}

/**
 * What each of the input `files` (inputFiles) is at this moment, by whose input it is: its inode, size and
 * modification time, so that a file written since, even with the same content, or replaced, is not what it
 * was (its status alone changing, a chmod or a hard link, is no write).
 */
export function inputStatus(files) {
  const status = (file) => {
    try {
      const { ino, size, mtimeMs } = statSync(file);
      return `${ino} ${size} ${mtimeMs}`;
    } catch {
      return "none";
    }
  };
  return new Map([...files].map(([owner, list]) => [owner, new Map(list.map((file) => [file, status(file)]))]));
}

/**
 * The hash of the code a generate process loads: scripts/generate.mjs and every JavaScript module under
 * GENERATOR_DIRS (the change report's too), and the tools' versions; not the configuration files, which
 * each run reads again, nor a plugin elsewhere, which only Redocly's processes load, each anew. A process
 * that has loaded them (`generate --watch`) runs the code of this hash. It reads no configuration, so a
 * broken redocly.yaml does not stop it.
 */
export function generatorCode(root, modules = generatorModules(root)) {
  return hashFiles(root, modules, [...toolVersions(), ...lockedToolTree(root)]);
}

/** Each tool's package.json, as Node resolves it. */
const toolManifests = () => TOOLS.map((tool) => require.resolve(`${tool}/package.json`));

/** What says which tools are installed: each tool's package.json and the lockfiles lockedToolTree reads. */
export function toolFiles(root) {
  return [
    ...toolManifests(),
    ...["node_modules/.package-lock.json", "package-lock.json"].map((file) => path.join(root, file)),
  ];
}

/** Each tool's folder (npm may rename a package's folder into place). */
export const toolFolders = () => toolManifests().map((manifest) => path.dirname(manifest));

/**
 * The folders the generator's code is in: the project's, scripts/, GENERATOR_DIRS and every folder under
 * them, and `more` (the tools' folders), then every folder above each of them as the file system
 * resolves it (a linked scripts/lib's target and the folders above it, node_modules): a folder renamed
 * into place changes that folder, not its files.
 */
export function generatorFolders(root, more = []) {
  const folders = [
    root,
    path.join(root, "scripts"),
    ...GENERATOR_DIRS.flatMap((dir) => [path.join(root, dir), ...listUnder(path.join(root, dir), { folders: true })]),
    ...more,
  ];
  const above = new Set();
  for (const folder of folders) {
    let at;
    try {
      at = realpathSync(folder);
    } catch {
      continue;
    }
    for (let up = path.dirname(at); up !== at; at = up, up = path.dirname(at)) above.add(up);
  }
  return [...folders, ...[...above].filter((folder) => !folders.includes(folder))];
}

/**
 * Of `files`, and of `folders`, those changed since `since` (ms since the epoch), by their change time,
 * which no program can set back, read after the time still to come of a clock (a checkout from a server
 * whose clock is ahead) is left aside:
 *   - a file, a link's own or its target's: a write, a file renamed into place, a copy that keeps its old
 *     modification time (`cp -p`, `rsync -a`, `tar x`) and a link made to point elsewhere all set it; so
 *     does a change of status alone (a `chmod`), which cannot be told apart;
 *   - a folder renamed into place, or a link to one made to point elsewhere: the folder's change time, with
 *     its modification time left as it was (an entry added or removed, as an editor's swap file, sets both:
 *     no such move).
 * A path not there is left out (a lockfile a checkout does not have).
 */
export function changedSince(files, since, folders = []) {
  const now = Date.now();
  const after = (time) => time > since && time <= now;
  const status = (file, read) => {
    try {
      return read(file);
    } catch {
      return undefined;
    }
  };
  const changedFile = (file) => [lstatSync, statSync].some((read) => after(status(file, read)?.ctimeMs ?? 0));
  const movedFolder = (folder) => {
    const link = status(folder, lstatSync);
    if (link?.isSymbolicLink() && after(link.ctimeMs)) return true;
    const target = status(folder, statSync);
    return target !== undefined && after(target.ctimeMs) && target.mtimeMs <= since;
  };
  return [...files.filter(changedFile), ...folders.filter(movedFolder)];
}

/** The modules generatorCode hashes: scripts/generate.mjs and every JavaScript module under GENERATOR_DIRS, sorted. */
export function generatorModules(root) {
  return [
    ...GENERATOR_FILES.map((file) => path.join(root, file)),
    ...GENERATOR_DIRS.flatMap((dir) => listUnder(path.join(root, dir))),
  ]
    .filter((file) => /\.[cm]?js$/.test(file))
    .sort();
}

/** The files whose status differs between two inputStatus of the same APIs (or that one of them lacks), by owner. */
export function changedInputs(before, after) {
  const changed = new Map();
  for (const [owner, files] of after) {
    const was = before.get(owner) ?? new Map();
    const differ = [...new Set([...was.keys(), ...files.keys()])].filter((file) => was.get(file) !== files.get(file));
    if (differ.length) changed.set(owner, differ.sort());
  }
  return changed;
}
