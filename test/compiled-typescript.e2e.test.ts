// scripts/lib/compiled-typescript.mjs: on Node before 22.1, generate loads TypeScript with V8's code of
// the last run. Each load is a Node process of its own (a module loads once per process).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import nodeModule, { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchFolder } from "./support/pipeline-runs.js";

const MODULE = new URL("../scripts/lib/compiled-typescript.mjs", import.meta.url).href;
const VERSION = createRequire(import.meta.url)("typescript/package.json").version;

/** loadTypescript(dir) in a process of its own (with `flags`), then TypeScript used, then its code kept. */
function load(dir: string, flags: string[] = ["--no-turbofan"]) {
  const script = `
    import { createRequire } from "node:module";
    const { loadTypescript, keepTypescriptCode } = await import(${JSON.stringify(MODULE)});
    const how = loadTypescript(${JSON.stringify(dir)});
    const ts = createRequire(${JSON.stringify(MODULE)})("typescript");
    const output = ts.transpileModule("const n: number = 1;", { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    keepTypescriptCode();
    console.log(JSON.stringify({ how, version: ts.version, output }));`;
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", script], { encoding: "utf8" });
  return JSON.parse(out) as { how: string; version: string; output: string };
}

const kept = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".bin"));

describe.skipIf(typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === "function")(
  "loadTypescript (Node before 22.1)",
  () => {
    it("keeps V8's code and loads it next time; compiles again when it is damaged, under other flags, or where nothing can be kept", () => {
      const dir = scratchFolder("connectivity-compiled-typescript-");
      const works = { version: VERSION, output: "const n = 1;\n" };
      expect(load(dir)).toEqual({ how: "compiled", ...works });
      expect(kept(dir)).toHaveLength(1);
      expect(load(dir)).toEqual({ how: "kept code", ...works });

      // Damaged since it was kept (its hash no longer matches): compiled again, and kept anew.
      const [file] = kept(dir);
      const bytes = readFileSync(join(dir, file!));
      bytes[bytes.length >> 1]! ^= 0xff;
      writeFileSync(join(dir, file!), bytes);
      expect(load(dir)).toEqual({ how: "compiled", ...works });
      expect(load(dir)).toEqual({ how: "kept code", ...works });

      // Where nothing can be kept (a file in the folder's place), it is compiled each time, and nothing fails.
      const notAFolder = join(dir, "not-a-folder");
      writeFileSync(notAFolder, "");
      expect(load(notAFolder)).toEqual({ how: "compiled", ...works });
      expect(load(notAFolder)).toEqual({ how: "compiled", ...works });

      // Other V8 flags: V8 refuses code compiled under others, and that run's code replaces it.
      expect(load(dir, [])).toEqual({ how: "compiled", ...works });
      expect(load(dir, [])).toEqual({ how: "kept code", ...works });
    });
  },
);
