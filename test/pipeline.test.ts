/**
 * The spec pipeline end to end (`npm run generate`) in ONE temporary copy of the project (specs/,
 * scripts/, generated/ and the configuration, with node_modules linked), which the tests share in order:
 * each leaves the copy as the repository has it. What they cost: one full generation (--force) and runs
 * that answer from the fingerprint. The pieces are tested in-process on small fixtures in
 * test/pipeline-pieces.test.ts and the other test/pipeline-*.test.ts files that are not end-to-end ones
 * (*.e2e.test.ts). The rest of the end-to-end runs are in `npm run test:e2e`, which CI runs after
 * `npm test`: the refusals and edge cases of --check, --watch, a stop during a build and the runs on broken
 * specs (test/pipeline-edges.e2e.test.ts), and the full check, `--check --full`, the reference way
 * (test/pipeline-full-check.e2e.test.ts).
 */
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  editYaml,
  LIST_SUBNETS,
  MADCONNECT_SPEC,
  mtimes,
  pipelineCopy,
  TIMEOUT,
  VPC_SPEC,
} from "./support/pipeline-edits.js";
import { differences, generate, generatedFiles, ROOT, staleLines } from "./support/pipeline-runs.js";

// scripts/*.mjs have no type declarations: loaded as untyped modules.
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { REF_EXTRACTOR } = await load("../scripts/lib/fingerprint.mjs");
const { writeIntact } = await load("../scripts/lib/cache.mjs");

describe("the spec pipeline, end to end", () => {
  let dir: string;
  let committed: Map<string, Buffer>;
  let restoreSpec: () => void;
  beforeAll(() => {
    ({ dir, committed, restoreSpec } = pipelineCopy());
  });

  it("generate on an unchanged copy is a no-op: up to date, no file touched", { timeout: TIMEOUT }, async () => {
    const before = mtimes(dir);
    const result = await generate(dir);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/^generated\/ is up to date \(\d+ ms\)$/m);
    expect(mtimes(dir)).toEqual(before);
  });

  it(
    "--check names each output of a changed spec, and every output when a generator script changed",
    { timeout: TIMEOUT },
    async () => {
      const staleFrom = async () => {
        const result = await generate(dir, "--check");
        expect(result.code, result.output).not.toBe(0);
        return staleLines(result.stderr);
      };
      editYaml(dir, VPC_SPEC, (doc) => doc.setIn([...LIST_SUBNETS, "summary"], "Query subnets (edited)"));
      try {
        expect(await staleFrom()).toEqual(
          [
            "openapi.yaml",
            "otc-vpc.cli.ts",
            "otc-vpc.error-codes.ts",
            "otc-vpc.meta.ts",
            "otc-vpc.ts",
            "otc-vpc.validators.ts",
          ].map((name) => `generated/${name} (the otc-vpc spec changed)`),
        );
        // A report file that cannot be written fails the run before generated/ is touched, in one line:
        // the next run still has the change to report.
        const unwritable = join(dir, "no-such-folder", "report.json");
        const failed = await generate(dir, "--report-json", unwritable);
        expect(failed.code, failed.output).toBe(1);
        expect(failed.stderr).toBe(`--report-json: cannot write ${unwritable}: its folder does not exist\n`);
        expect(differences(generatedFiles(dir), committed)).toEqual([]);
        expect(await staleFrom()).toHaveLength(6);
      } finally {
        restoreSpec();
      }

      const script = join(dir, "scripts/lib/pagination.mjs");
      const scriptBefore = readFileSync(script);
      appendFileSync(script, "// edited\n");
      try {
        const outputs = [...committed.keys()].filter((name) => name !== ".fingerprint.json" && name !== ".gitkeep");
        expect(outputs).toContain("openapi.yaml");
        expect(await staleFrom()).toEqual(
          outputs
            .map((name) => `generated/${name} (the generator, its configuration or a tool version changed)`)
            .sort(),
        );
      } finally {
        writeFileSync(script, scriptBefore);
      }
      expect(differences(generatedFiles(dir), committed)).toEqual([]);
    },
  );

  it(
    "generate --force rewrites nothing: generated/ stays byte-for-byte the committed one",
    async () => {
      // A file it does not write goes, with --force too (what --check --full says to run).
      writeFileSync(join(dir, "generated/notes.md"), "stray\n");
      // A forged cache of the specs' $ref targets (its hash file forged too) misleads the fingerprint:
      // --force parses every spec again, and keeps what it found instead.
      const refCache = join(dir, `.cache/generate/spec-refs.${REF_EXTRACTOR}.json`);
      const specHash = createHash("sha256")
        .update(readFileSync(join(dir, MADCONNECT_SPEC)))
        .digest("hex");
      writeIntact(join(dir, ".cache/generate"), refCache, JSON.stringify({ [specHash]: ["/dev/zero"] }), "spec-refs.");
      const misled = await generate(dir, "--check");
      expect(misled.code, misled.output).toBe(1);
      expect(misled.stderr).toContain("not a regular file");
      const result = await generate(dir, "--force");
      expect(result.code, result.output).toBe(0);
      expect(JSON.parse(readFileSync(refCache, "utf8"))[specHash]).not.toContain("/dev/zero");
      expect(result.stdout).toContain("API surface unchanged.");
      expect(result.stdout).toMatch(/^generated\/: wrote notes\.md \(removed\) \(\d+ ms\)$/m);
      expect(differences(generatedFiles(dir), committed)).toEqual([]);
    },
    TIMEOUT,
  );

  it("writes a types, a runtime-table, an error-code and a validators module per API, each recorded in the fingerprint", () => {
    const apis = Object.keys(parse(readFileSync(join(ROOT, "redocly.yaml"), "utf8")).apis).filter(
      (name) => name !== "merged",
    );
    const expected = [
      ...apis.flatMap((api) => [
        `${api}.ts`,
        `${api}.meta.ts`,
        `${api}.error-codes.ts`,
        `${api}.validators.ts`,
        `${api}.cli.ts`,
      ]),
      "openapi.yaml",
    ].sort();
    const names = [...committed.keys()].filter((name) => name !== ".fingerprint.json" && name !== ".gitkeep");
    expect(names.sort()).toEqual(expected);
    const fingerprint = JSON.parse(committed.get(".fingerprint.json")!.toString());
    expect(Object.keys(fingerprint.outputs).sort()).toEqual(expected);
    expect(Object.keys(fingerprint.inputs.apis).sort()).toEqual([...apis].sort());
    // The runtime table names the error codes' type only: importing it never loads the table.
    for (const api of apis) {
      const meta = committed.get(`${api}.meta.ts`)!.toString();
      expect(meta).not.toMatch(/errorCodes/);
      expect(meta).toContain(`export type { ErrorCode } from "./${api}.error-codes.js";`);
    }
  });
});
