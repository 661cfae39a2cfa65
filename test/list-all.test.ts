// `npm start`'s listing (src/cli/list-all.ts) with OTC credentials but no project: it must refuse with a clear
// message instead of listing a real OTC service under the emulator's project id. The CLI is bundled with
// esbuild and run as a process with only the variables of each case.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bundleForNode } from "./support/node-bundle.js";

const run = promisify(execFile);
let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "connectivity-list-all-"));
  cli = path.join(work, "list-all.mjs");
  await bundleForNode(path.resolve(import.meta.dirname, "../src/cli/list-all.ts"), cli);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

it.each([
  ["OTC_TOKEN", { OTC_TOKEN: "token-value-1234" }],
  ["OTC_ACCESS_KEY + OTC_SECRET_KEY", { OTC_ACCESS_KEY: "AKEXAMPLE", OTC_SECRET_KEY: "secret-value-1234" }],
])("with %s set and OTC_PROJECT_ID unset, exits 2 naming OTC_PROJECT_ID before any request", async (_, variables) => {
  const result = await run(process.execPath, [cli], {
    env: { PATH: process.env.PATH, ...variables },
    encoding: "utf8",
    timeout: 20_000,
  }).then(
    () => ({ code: 0, stdout: "", stderr: "" }),
    (error) => ({ code: error.code, stdout: String(error.stdout), stderr: String(error.stderr) }),
  );
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(
    "list-all: OTC credentials are set (OTC_TOKEN, or OTC_ACCESS_KEY and OTC_SECRET_KEY) but OTC_PROJECT_ID is not: " +
      "set it to the ID of the OTC project whose subnets and endpoint connections to list.\n",
  );
});
