import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error untyped project script
import { nodeArgsOf } from "../scripts/lib/npm-script.mjs";

const withScripts = (scripts: Record<string, string>) => {
  const dir = mkdtempSync(path.join(tmpdir(), "npm-script-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ scripts }));
  return dir;
};

describe("nodeArgsOf: the Node arguments of an npm script, for running it without npm", () => {
  it("reads the project's own generate script, its Node options included", () => {
    expect(nodeArgsOf(path.resolve(import.meta.dirname, ".."), "generate")).toEqual([
      "--no-turbofan",
      "--import",
      "./scripts/lib/redocly-prestart.mjs",
      "scripts/generate.mjs",
    ]);
  });

  it("takes `node [options] <file> [args]` and refuses anything a shell would interpret, or no script", () => {
    const dir = withScripts({
      plain: "node  scripts/x.mjs --flag",
      chained: "node scripts/x.mjs && echo done",
      quoted: 'node "scripts/x.mjs"',
      npx: "npx tsc",
      bare: "node",
    });
    expect(nodeArgsOf(dir, "plain")).toEqual(["scripts/x.mjs", "--flag"]);
    for (const name of ["chained", "quoted", "npx", "bare", "missing"])
      expect(() => nodeArgsOf(dir, name), name).toThrow(`the "${name}" script is not a plain`);
  });
});
