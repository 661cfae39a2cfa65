// Every TypeScript example in README.md is type-checked against the package's own sources (by `npm run
// typecheck`, in the same program as the rest: scripts/readme-examples.mjs writes them where
// tsconfig.json includes them), and run against the emulator, so the README cannot drift from the API
// or from what the emulator serves.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startEmulator } from "../src/emulator/index.js";
import { target } from "./support/readme-run/target.js";

const ROOT = path.resolve(import.meta.dirname, "..");
// scripts/*.mjs have no type declarations; a static import would fail `tsc --noEmit` (TS7016).
const { typescriptBlocks, exampleFiles, writeExamples, EXAMPLES_DIR } = await import(
  pathToFileURL(path.join(ROOT, "scripts/readme-examples.mjs")).href
);
const blocksOf = (markdown: string): { line: number; code: string }[] => typescriptBlocks(markdown);

/** Each entry point of package.json's `exports` with its source file, relative to the root. */
function sourcePaths(): Record<string, string[]> {
  const { name, exports } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  return Object.fromEntries(
    Object.entries<string | { types?: string }>(exports)
      .filter(([, target]) => typeof target === "object" && target.types)
      .map(([entry, target]) => [
        name + entry.slice(1),
        [`./${(target as { types: string }).types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts")}`],
      ]),
  );
}

it("maps every entry point to its source", () => {
  expect(sourcePaths()).toMatchObject({
    "connectivity-clients": ["./src/index.ts"],
    "connectivity-clients/otc": ["./src/otc/index.ts"],
    "connectivity-clients/otc/error-codes": ["./src/otc/error-codes.ts"],
  });
});

it("finds the README's TypeScript examples", () => {
  expect(blocksOf("a\n```ts\nconst x = 1;\n```\n```sh\nls\n```\n```ts\nlet y;\n```").map((b) => b.line)).toEqual([
    3, 9,
  ]);
});

it("has `npm run typecheck` check every TypeScript example in README.md, its imports mapped to the sources", async () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  expect(blocksOf(readme).length).toBeGreaterThanOrEqual(5);
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  expect(tsconfig.include).toContain(EXAMPLES_DIR);
  expect(tsconfig.compilerOptions.paths).toEqual(sourcePaths());
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(scripts.typecheck).toBe(
    "node scripts/readme-examples.mjs && tsgo --noEmit --incremental --tsBuildInfoFile .cache/typecheck-tsgo.tsbuildinfo",
  );
  // The same check with TypeScript 5.9 (the one that builds the package), which CI runs after npm test.
  expect(scripts["typecheck:tsc"]).toBe("node scripts/readme-examples.mjs && tsc --noEmit");
  expect(readFileSync(path.join(ROOT, ".ci/run"), "utf8")).toMatch(/^npm test\n(#.*\n)*npm run typecheck:tsc\n/m);
  // npm test's first step runs the type check (beside the lint and the fingerprint check).
  expect(scripts.test).toMatch(/^node scripts\/checks\.mjs && /);
  // @ts-expect-error untyped project script
  const { CHECKS } = await import("../scripts/checks.mjs");
  expect(CHECKS).toContainEqual(["typecheck"]);
  // What the script writes: one module per example, and nothing else (an example removed from the
  // README leaves no file behind).
  const dir = path.join(ROOT, ".cache", "readme-examples-test");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, EXAMPLES_DIR), { recursive: true });
  writeFileSync(path.join(dir, EXAMPLES_DIR, "readme-line-1.ts"), "stale");
  writeFileSync(path.join(dir, "README.md"), readme);
  try {
    const written: Map<string, string> = writeExamples(dir);
    expect(new Set(readdirSync(path.join(dir, EXAMPLES_DIR)))).toEqual(new Set(written.keys()));
    expect([...written.keys()]).toEqual(blocksOf(readme).map((b) => `readme-line-${b.line}.ts`));
    for (const [name, content] of exampleFiles(readme) as Map<string, string>)
      expect(readFileSync(path.join(dir, EXAMPLES_DIR, name), "utf8")).toBe(content);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- running the examples ---------------------------------------------------------------------------
//
// Each example runs as its own module, its imports of the package's entry points mapped to the
// sources, except the vendor entries, mapped to test/support/readme-run/: the same entries with each
// client factory pointed at a fresh emulator (`baseUrl` instead of `region`, the emulator's
// credentials of the kind the example uses instead of its environment variables). The ids the
// examples name are the vendor pages' sample ids, which the emulator's data carries (PAGE_SAMPLE_IDS).

const RUN = path.join(ROOT, ".cache", "readme-run");
const ON_EMULATOR: Record<string, string> = {
  "connectivity-clients/otc": "test/support/readme-run/otc.ts",
  "connectivity-clients/confluent": "test/support/readme-run/confluent.ts",
  "connectivity-clients/madconnect": "test/support/readme-run/madconnect.ts",
};

/** The example with each `from "connectivity-clients..."` pointing at a file of this repository. */
export function runnableSource(code: string, entries: Record<string, string>): string {
  return code.replace(/(from\s+)"(connectivity-clients(?:\/[\w/-]+)?)"/g, (whole, from: string, entry: string) => {
    const file = entries[entry];
    if (!file) throw new Error(`README example imports ${entry}, which is no entry point of the package`);
    return `${from}${JSON.stringify(pathToFileURL(path.join(ROOT, file)).href)}`;
  });
}

/** What an example says it prints: `console.log(x); // "accepted"` or `// 4500: ...` → the printed text. */
export function promisedOutputs(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\);\s*\/\/\s*("[^"]*"|-?\d+(?:\.\d+)?)(?=$|[\s:;,])/gm)].map((m) =>
    String(JSON.parse(m[1]!)),
  );
}

it("maps an example's imports and reads what it promises to print", () => {
  const entries = { "connectivity-clients/otc": "src/otc/index.ts" };
  expect(runnableSource('import { a } from "connectivity-clients/otc";', entries)).toBe(
    `import { a } from ${JSON.stringify(pathToFileURL(path.join(ROOT, "src/otc/index.ts")).href)};`,
  );
  expect(() => runnableSource('import { a } from "connectivity-clients/nope";', entries)).toThrow(/no entry point/);
  expect(
    promisedOutputs('console.log(x.status); // "accepted"\nconsole.log(n); // 4500: waited\nconsole.log(y); // a note'),
  ).toEqual(["accepted", "4500"]);
});

describe("every TypeScript example in README.md runs against the emulator", () => {
  const blocks = blocksOf(readFileSync(path.join(ROOT, "README.md"), "utf8"));
  const entries = {
    ...Object.fromEntries(Object.entries(sourcePaths()).map(([entry, [file]]) => [entry, file!.replace(/^\.\//, "")])),
    ...ON_EMULATOR,
  };
  rmSync(RUN, { recursive: true, force: true });
  mkdirSync(RUN, { recursive: true });
  afterEach(() => {
    vi.restoreAllMocks();
    target.url = "";
    target.credentials = undefined;
  });

  it.each(blocks.map((block) => [block.line, block] as const))(
    "README line %i",
    async (_line, block) => {
      const file = path.join(RUN, `readme-line-${block.line}.ts`);
      writeFileSync(file, `${runnableSource(block.code, entries)}\nexport {};\n`);
      const printed: string[] = [];
      const errors: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
      vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(format(...args)));
      const emu = await startEmulator();
      let answered: { method: string; path: string; status: number }[];
      try {
        target.url = emu.url;
        target.credentials = emu.credentials;
        await import(pathToFileURL(file).href);
      } finally {
        answered = emu.requests.map(({ method, path, status }) => ({ method, path, status }));
        await emu.close();
      }
      // It called the emulator (unless it starts its own), and nothing failed unless it catches the failure.
      if (!/startEmulator\(/.test(block.code)) expect(answered.length).toBeGreaterThan(0);
      if (!/\bcatch\b/.test(block.code)) expect(answered.filter((r) => r.status >= 400)).toEqual([]);
      if (process.env.README_RUN_VERBOSE) process.stderr.write(`README line ${block.line}:\n${printed.join("\n")}\n`);
      expect(errors, "the example printed errors").toEqual([]);
      for (const line of printed) expect(line).not.toMatch(/^\s*$|\bundefined\b|\bNaN\b|\[object Object\]/);
      for (const promised of promisedOutputs(block.code)) expect(printed).toContain(promised);
      if (/console\.log/.test(block.code)) expect(printed.length, "the example printed nothing").toBeGreaterThan(0);
    },
    30_000,
  );
});
