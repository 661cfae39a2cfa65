#!/usr/bin/env node
// Writes each TypeScript example of README.md to .cache/readme-examples/readme-line-<N>.ts (N: the
// README line it starts on), which tsconfig.json includes, its `paths` mapping the package's entry
// points to their sources: `npm run typecheck` checks the examples in the same program as the rest.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const EXAMPLES_DIR = ".cache/readme-examples";

/** The ```ts blocks of a Markdown text, each with the line its code starts on. */
export function typescriptBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i]));
    blocks.push({ line: start + 1, code: lines.slice(start, i).join("\n") });
  }
  return blocks;
}

/** The example files for `readme` (README.md's text), by name; each is a module of its own. */
export function exampleFiles(readme) {
  return new Map(typescriptBlocks(readme).map(({ line, code }) => [`readme-line-${line}.ts`, `${code}\nexport {};\n`]));
}

/** Writes the example files into `root`/.cache/readme-examples, removing those of older READMEs. */
export function writeExamples(root = ROOT) {
  const dir = path.join(root, EXAMPLES_DIR);
  const files = exampleFiles(readFileSync(path.join(root, "README.md"), "utf8"));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(path.join(dir, name), { force: true });
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) writeFileSync(file, content);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeExamples();
