// The drift report's suggested edits, made on one copy of the specs (every edit of a run for each of the
// emulator's drift faults, and of one bent by a proxy: test/support/drift-runs.ts), regenerate cleanly
// (`npm run generate`, then `npm run lint` of the merged document) and make every finding go away. A full
// generation: part of `npm run test:e2e`, which CI runs after `npm test`; the report itself is
// test/drift-report.test.ts's.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriftCheck, type Drift, type ResponseValidators } from "../src/core/drift.js";
import type { Vendor } from "../src/core/error-base.js";
import { parseJson } from "../src/core/json.js";
import { startDriftRuns, type Run, type Served } from "./support/drift-runs.js";
import { APIS, loadGeneratedValidators } from "./support/generated-validators.js";
import { generate as generateIn, run } from "./support/pipeline-runs.js";
import { copyProject } from "./support/project-copy.js";
// @ts-expect-error untyped project script
import { applyEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { nodeArgsOf } from "../scripts/lib/npm-script.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const loadValidators = loadGeneratedValidators;

let runs: Map<string, Run>;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ runs, close } = await startDriftRuns());
}, 60_000);
afterAll(() => close?.());

/** The findings of `validators` in every answer of `answers` (each checked as its operation's response). */
async function findingsIn(validators: ResponseValidators, vendor: Vendor, answers: Served[]): Promise<Drift[]> {
  const found: Drift[] = [];
  const check = createDriftCheck({ vendor, mode: "warn", onDrift: (d) => found.push(d), redact: (t) => t, validators });
  const operations = Object.keys(validators.responses).map((key) => {
    const [method, template] = key.split(" ") as [string, string];
    return { method, template, pattern: new RegExp(`^${template.replace(/\{[^}]*\}/g, "[^/]+")}$`) };
  });
  for (const answer of answers) {
    const operation = operations.find((o) => o.method === answer.method && o.pattern.test(answer.path));
    if (!operation || !answer.text) continue;
    await check(
      operation.method,
      operation.template,
      new Response(null, { status: answer.status }),
      parseJson(answer.text),
    );
  }
  return found;
}

describe("the suggested edits, made on one copy of the specs, regenerate cleanly and make every finding go away", () => {
  let work: string;
  let generate: { code: number; output: string };
  let lint: { code: number; output: string };
  const edits: any[] = [];
  beforeAll(async () => {
    work = copyProject("drift-roundtrip-");
    // Every edit of every run, made in the copy (its spec files, not the repository's). The one group
    // without an edit: an enum whose value the wrong-type fault made a number, left to its type finding.
    for (const { report } of runs.values())
      for (const group of report.groups) {
        if (group.edit.note) {
          expect(group.edit.note, `${group.api} ${group.kind} ${group.pointer}`).toMatch(/see the type finding/);
          continue;
        }
        for (const edit of [group.edit, ...(group.moreEdits ?? [])].flatMap((e) => [e, ...(e.also ?? [])]))
          edits.push({ ...edit, file: path.join(work, path.relative(ROOT, edit.file)) });
      }
    for (const edit of edits)
      applyEdit(edit, { readFile: (f: string) => readFileSync(f, "utf8"), writeFile: writeFileSync });
    generate = await generateIn(work);
    // generate lints the spec of every API it regenerates (and Confluent's bundle): what `npm run lint`
    // adds is the lint of the merged document.
    lint =
      generate.code === 0 ? await run(work, ...nodeArgsOf(ROOT, "lint"), "merged") : { code: -1, output: "not run" };
  }, 120_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("npm run generate passes on the edited copy, having linted every edited spec, and npm run lint passes on the merged document", () => {
    expect(edits.length).toBeGreaterThanOrEqual(18);
    expect(generate.code, generate.output).toBe(0);
    // Every API an edit touched was regenerated (its inputs changed), and generate lints what it regenerates.
    const inputs = (root: string) =>
      JSON.parse(readFileSync(path.join(root, "generated/.fingerprint.json"), "utf8")).inputs.apis;
    const [committed, regenerated] = [inputs(ROOT), inputs(work)];
    const edited = new Set(edits.map((edit) => path.relative(path.join(work, "specs"), edit.file).split(path.sep)[0]!));
    for (const api of edited) expect(regenerated[api], api).not.toBe(committed[api]);
    expect(lint.code, lint.output).toBe(0);
  });

  it("what each fault made drift (in every API) is found by the specs as they are, and by none after the edits", async () => {
    for (const api of APIS) {
      const vendor = (api.startsWith("otc") ? "otc" : api) as Vendor;
      const before = (await loadValidators(api)) as ResponseValidators;
      const after = (await import(
        pathToFileURL(path.join(work, "generated", `${api}.validators.ts`)).href
      )) as ResponseValidators;
      for (const [run, { served }] of runs) {
        const drifted = await findingsIn(before, vendor, served);
        const left = await findingsIn(after, vendor, served);
        expect(
          left.map((d) => `${d.pointer} ${d.kind}`),
          `${api} after ${run}`,
        ).toEqual([]);
        if (run === "bent" && api !== "confluent" && api !== "madconnect") expect(drifted).toEqual([]);
        else if (!(run === "missing-required" && (api === "otc-vpcep" || api === "madconnect")))
          expect(drifted.length, `${api} before ${run}`).toBeGreaterThan(0);
      }
    }
  });
});
