// The APIs this package is generated from: the `apis` of redocly.yaml, minus the merged document.
import { lstatSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileKind, NOT_A_FILE } from "./not-a-file.mjs";
import { parse } from "yaml";

export const MERGED_API = "merged";
export const MERGED_FILE = "generated/openapi.yaml";
/** How Redocly reads its configuration: with `<<` merge keys (js-yaml's merge type). */
export const YAML_AS_REDOCLY = { merge: true };

/** redocly.yaml does not parse: the message names the file, with the parser's line, column and excerpt. */
export class ConfigError extends Error {}

/**
 * Throws a ConfigError when the Redocly configuration `configFile`, the lint-ignore file beside it, or a
 * plugin or configuration it names (`plugins`, `extends`), is a named pipe, a device or a socket (Redocly
 * reads each, and would wait for ever), a folder, or a link to nothing or a loop of links; or when
 * `configFile`, or a configuration it extends, is missing. Redocly would lint with its built-in rules
 * instead of the project's, without an extended configuration's rules, or without the lint-ignore
 * file's entries. Returns the configuration files it read: `configFile` and those it names, in turn.
 */
export function checkConfigFiles(configFile) {
  checkReadable(path.join(path.dirname(configFile), ".redocly.lint-ignore.yaml"));
  const seen = new Set();
  checkNamed(configFile, seen, { required: true, what: "the Redocly configuration the specs are linted with" });
  return [...seen].map((file) => path.resolve(file));
}

/**
 * `file` (a configuration; a plugin when not `configuration`), and the plugins and configurations it names
 * (`plugins`, `extends`, at its root and per API), and theirs in turn, checked with checkReadable.
 */
function checkNamed(file, seen, { required = false, what, configuration = true } = {}) {
  if (seen.has(file)) return;
  seen.add(file);
  checkReadable(file, { required, what });
  // A plugin is JavaScript, which names no configuration: checked, never parsed (parsing a module as YAML
  // fails slowly).
  if (!configuration) return;
  let config;
  try {
    config = parse(readFileSync(file, "utf8"), YAML_AS_REDOCLY);
  } catch {
    return; // reported by whoever reads it next (listApis, Redocly)
  }
  if (config === null || typeof config !== "object") return;
  /** The local files among `lists` (each an entry or a list of entries, or nothing). */
  const local = (lists, isFile) =>
    lists
      .flat()
      .map((entry) => localFile(entry, path.dirname(file), isFile))
      .filter(Boolean);
  // A missing plugin stops Redocly, naming it; a missing extended configuration is a mere warning, and its
  // rules are dropped: that one is refused here.
  for (const plugin of local([config.plugins], PLUGIN_FILE)) checkNamed(plugin, seen, { configuration: false });
  const extended = [config.extends, ...Object.values(config.apis ?? {}).map((api) => api?.extends)];
  const extendedWhat = `a configuration ${path.relative(process.cwd(), file) || file} extends`;
  for (const entry of local(extended, EXTENDED_FILE)) checkNamed(entry, seen, { required: true, what: extendedWhat });
}

/** Which entries of `plugins` name a file (not a package's name or a remote URL). */
const PLUGIN_FILE = (entry) => /[\\/.]/.test(entry) && !/^[a-z][a-z0-9+.-]+:/i.test(entry);
/**
 * Which entries of `extends` name a file, as Redocly tells them: one with an extension that is not an
 * http(s) URL (without an extension: a ruleset's name, built in or a plugin's, such as `recommended` or
 * `my-plugin/all`). Its URL test is Redocly's, case-sensitive: to it `HTTPS://…` is a path.
 */
const EXTENDED_FILE = (entry) => path.extname(entry) !== "" && !/^https?:\/\//.test(entry);

/** The file an `extends` entry of a configuration in `dir` names, as an absolute path; null for a ruleset's name or a URL. */
export const extendedFile = (entry, dir) => localFile(entry, dir, EXTENDED_FILE);

/** The file a configuration's entry names (a path or a file: URL), or null (as `isFile` tells from the entry). */
function localFile(entry, dir, isFile) {
  if (typeof entry !== "string") return null;
  if (/^file:/i.test(entry)) {
    try {
      return fileURLToPath(entry);
    } catch {
      return null;
    }
  }
  return isFile(entry) ? path.resolve(dir, entry) : null;
}

/**
 * Throws a ConfigError when `file` is a pipe, a device or a socket (or a link to one), a folder, a link to
 * nothing or a loop of links, or (when `required`: the configuration, or one it extends) missing; `what`
 * says what it is, in that message.
 */
function checkReadable(file, { required = false, what = "a file Redocly reads" } = {}) {
  const named = path.relative(process.cwd(), file) || file;
  const kind = fileKind(file);
  if (kind === "special") throw new ConfigError(`${named}: ${NOT_A_FILE}: reading it could wait for ever.`);
  if (kind === "folder") throw new ConfigError(`${named}: a folder, where Redocly reads a file.`);
  if (kind === null) {
    const why = unreachable(file);
    if (why === "missing" && required) throw new ConfigError(`${named}: not found: it is ${what}.`);
    if (why !== "missing") throw new ConfigError(`${named}: ${why}, where Redocly reads a file.`);
  }
}

/** Why nothing can be read at `file`: "missing", or what is wrong with what is there. */
function unreachable(file) {
  try {
    statSync(file);
    return "missing"; // there after all (it appeared meanwhile): Redocly reads it
  } catch (error) {
    if (error.code === "ELOOP") return "a loop of links";
    if (error.code !== "ENOENT") return `out of reach (${error.code})`;
    return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? "a link to nothing" : "missing";
  }
}

/** @returns {{ name: string, root: string }[]} in the order redocly.yaml lists them */
export function listApis(root = process.cwd()) {
  checkConfigFiles(path.join(root, "redocly.yaml"));
  const text = readFileSync(`${root}/redocly.yaml`, "utf8");
  let config;
  try {
    config = parse(text, YAML_AS_REDOCLY);
  } catch (error) {
    // A syntax error (with its line, column and excerpt), or a `<<` merging what is not a mapping.
    throw new ConfigError(`redocly.yaml: ${error.message}`);
  }
  if (config?.apis === null || typeof config?.apis !== "object")
    throw new ConfigError("redocly.yaml: no `apis` mapping (the file is empty, or not the project's configuration)");
  return Object.entries(config.apis)
    .filter(([name]) => name !== MERGED_API)
    .map(([name, api]) => ({ name, root: api.root }));
}

/**
 * Whether bundling may change what the lint of API `name`'s spec saw, under the parsed configuration
 * `config`: decorators apply to it, at the root or its own, or may come with what it extends (a file or
 * a plugin's ruleset; Redocly's built-in rulesets, a bare name, carry none). Such a spec is bundled by
 * Redocly, never in-process.
 */
export function isDecorated(config, name) {
  const levels = [config, config?.apis?.[name]];
  return levels.some(
    (level) =>
      Object.keys(level?.decorators ?? {}).length > 0 ||
      [level?.extends ?? []].flat().some((entry) => typeof entry !== "string" || /[\\/.:]/.test(entry)),
  );
}
