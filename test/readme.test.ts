// Every TypeScript example in README.md is type-checked against the package's own sources, so the
// README cannot drift from the API.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, ".cache", "readme-examples");

export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i]!));
    blocks.push({ line: start + 1, code: lines.slice(start, i).join("\n") });
  }
  return blocks;
}

/**
 * Each entry point of package.json's "exports" mapped to the source its types are built from
 * (`./dist/src/otc/index.d.ts` → `src/otc/index.ts`), relative to OUT.
 */
function sourcePaths(): Record<string, string[]> {
  const { name, exports } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  return Object.fromEntries(
    Object.entries<string | { types?: string }>(exports)
      .filter(([, target]) => typeof target === "object" && target.types)
      .map(([entry, target]) => [
        name + entry.slice(1),
        [`../../${(target as { types: string }).types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts")}`],
      ]),
  );
}

it("maps every entry point to its source", () => {
  expect(sourcePaths()).toMatchObject({
    "connectivity-clients": ["../../src/index.ts"],
    "connectivity-clients/otc": ["../../src/otc/index.ts"],
    "connectivity-clients/otc/error-codes": ["../../src/otc/error-codes.ts"],
  });
});

it("finds the README's TypeScript examples", () => {
  expect(
    typescriptBlocks("a\n```ts\nconst x = 1;\n```\n```sh\nls\n```\n```ts\nlet y;\n```").map((b) => b.line),
  ).toEqual([3, 9]);
});

it("type-checks every TypeScript example in README.md", () => {
  const blocks = typescriptBlocks(readFileSync(path.join(ROOT, "README.md"), "utf8"));
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const block of blocks)
    writeFileSync(path.join(OUT, `readme-line-${block.line}.ts`), `${block.code}\nexport {};\n`);
  writeFileSync(
    path.join(OUT, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      compilerOptions: {
        noEmit: true,
        paths: sourcePaths(),
      },
      include: ["*.ts"],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", OUT], { cwd: ROOT, encoding: "utf8" });
  expect(result.stdout + result.stderr, "README examples fail to compile (file name = README line)").toBe("");
  expect(result.status).toBe(0);
}, 60_000);
