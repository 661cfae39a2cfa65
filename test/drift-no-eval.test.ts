// "Nothing compiles at run time, nothing uses eval": drift validation works in a Node process that
// refuses code generation from strings (--disallow-code-generation-from-strings, the effect a strict
// Content Security Policy without 'unsafe-eval' has), for every vendor, finding what the emulator's
// drift fault bends. The sources are bundled with esbuild (validators included, as a bundler would) and
// run as a process of their own.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { bundleForNode } from "./support/node-bundle.js";

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), "connectivity-no-eval-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("validates each vendor's answers, and finds their drift, where eval and new Function are refused", async () => {
  const script = path.join(work, "no-eval-run.mjs");
  await bundleForNode(path.resolve(import.meta.dirname, "support/no-eval-run.ts"), script);
  const { stdout } = await run(process.execPath, ["--disallow-code-generation-from-strings", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  const { refused, results } = JSON.parse(stdout);
  // The process really refuses code generation: the check can fail.
  expect(refused).toBe("EvalError");
  for (const api of ["vpcep", "vpc", "confluent", "madconnect"]) {
    expect(results[api].clean, api).toBe("status 200");
    expect(results[api].drifted, api).toMatch(/^DriftError undeclared-property \/.*emulator_drift/);
  }
}, 60_000);
