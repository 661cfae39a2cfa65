// The APIs this package is generated from: the `apis` of redocly.yaml, minus the merged document.
import { readFileSync } from "node:fs";
import { isSpecial } from "./fingerprint.mjs";
import { parse } from "yaml";

export const MERGED_API = "merged";
export const MERGED_FILE = "generated/openapi.yaml";

/** redocly.yaml does not parse: the message names the file, with the parser's line, column and excerpt. */
export class ConfigError extends Error {}

/** @returns {{ name: string, root: string }[]} in the order redocly.yaml lists them */
export function listApis(root = process.cwd()) {
  // Redocly reads the lint-ignore file itself: a pipe there would have it wait for ever.
  const ignores = `${root}/.redocly.lint-ignore.yaml`;
  if (isSpecial(ignores))
    throw new ConfigError(
      ".redocly.lint-ignore.yaml: not a regular file (a pipe, a device or a socket): reading it could wait for ever.",
    );
  let config;
  try {
    if (isSpecial(`${root}/redocly.yaml`))
      throw new ConfigError(
        "redocly.yaml: not a regular file (a pipe, a device or a socket): reading it could wait for ever.",
      );
    config = parse(readFileSync(`${root}/redocly.yaml`, "utf8"));
  } catch (error) {
    if (error?.name !== "YAMLParseError") throw error;
    throw new ConfigError(`redocly.yaml: ${error.message}`);
  }
  if (config?.apis === null || typeof config?.apis !== "object")
    throw new ConfigError("redocly.yaml: no `apis` mapping (the file is empty, or not the project's configuration)");
  return Object.entries(config.apis)
    .filter(([name]) => name !== MERGED_API)
    .map(([name, api]) => ({ name, root: api.root }));
}
