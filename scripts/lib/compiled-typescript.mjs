// TypeScript (openapi-typescript prints the types with it) loaded with the code V8 compiled for it in the
// last run, on Node before 22.1, which keeps no compiled code between runs by itself (22.1 and later:
// module.enableCompileCache, which generate turns on, does this for every module). Compiling TypeScript's
// 9 MB CommonJS file is about 0.2 s of every generation on Node 20; with the last run's code, about 0.05 s.
import { readFileSync, statSync } from "node:fs";
import nodeModule, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { readIntact, writeIntact } from "./cache.mjs";
import { sha256 } from "./fingerprint.mjs";

const require = createRequire(import.meta.url);
/** Keeps the code of this run for the next (set when TypeScript was compiled here, without usable code). */
let keep = null;

/**
 * Loads TypeScript into `require`'s cache (where openapi-typescript's `require("typescript")` finds it) from
 * V8's code kept in the folder `dir`, when it holds the code of this TypeScript file and this V8 (code
 * compiled under other V8 flags V8 refuses itself); else compiles it, and keepTypescriptCode keeps its
 * code. Nothing to do on Node 22.1 and later.
 * @returns {"kept code" | "compiled" | "loaded already" | "left to Node"} how TypeScript was loaded
 */
export function loadTypescript(dir) {
  const file = require.resolve("typescript");
  if (nodeModule.enableCompileCache) return "left to Node";
  if (require.cache[file]) return "loaded already";
  // V8 checks kept code against its source's length only: the name says which file it was compiled from.
  const { size, mtimeMs } = statSync(file);
  const key = JSON.stringify([file, size, mtimeMs, process.versions.v8, process.arch]);
  const kept = path.join(dir, `typescript.${sha256(key).slice(0, 16)}.bin`);
  const cachedData = readIntact(kept, { bytes: true }) ?? undefined;
  // The function CommonJS wraps a module's code in (module.wrap).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, "utf8")}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = new nodeModule.Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    script
      .runInThisContext()
      .call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  if (cachedData !== undefined && !script.cachedDataRejected) return "kept code";
  keep = () => writeIntact(dir, kept, script.createCachedData(), "typescript.");
  return "compiled";
}

/**
 * Keeps V8's code of TypeScript for the next run when this one compiled it: called once the types are
 * made, so that the functions compiled for them are kept too. Never fails: what cannot be kept (the folder
 * is a file, or read-only) only makes the next run compile again, as Node's own compile cache does.
 */
export function keepTypescriptCode() {
  const write = keep;
  keep = null;
  try {
    write?.();
  } catch {
    // nothing kept
  }
}
