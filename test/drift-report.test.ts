// The drift report (npm run drift): the main job's listing with validation on, against the emulator
// bent by its `drift` fault, finds each kind of drift in every API with the right operation and
// pointer, and suggests a spec edit that, made on a copy of the specs, makes the finding go away.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listings } from "../src/cli/list-all.js";
import type { Drift, ResponseValidators } from "../src/core/drift.js";
import { subnetListFindings } from "./support/drift-findings.js";
import { parseJson } from "../src/core/json.js";
import { EMULATOR_CREDENTIALS, startEmulator, type DriftFault, type Emulator } from "../src/emulator/index.js";
// @ts-expect-error untyped project script
import { applyEdit, suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { collectDrift, describeTargets, formatDrift } from "../scripts/lib/drift-report.mjs";
// @ts-expect-error untyped project script
import { redocly } from "../scripts/lib/redocly.mjs";
// @ts-expect-error untyped project script
import { validatorsModule } from "../scripts/lib/validators.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const VALIDATORS: Record<string, () => Promise<unknown>> = {
  "otc-vpcep": () => import("../generated/otc-vpcep.validators.js"),
  "otc-vpc": () => import("../generated/otc-vpc.validators.js"),
  confluent: () => import("../generated/confluent.validators.js"),
  madconnect: () => import("../generated/madconnect.validators.js"),
};
const loadValidators = (api: string) => VALIDATORS[api]!();

const SMALL = { vpcepConnections: 20, subnets: 20, confluentConnections: 20, madconnectConnections: 20 };

/** The report of one listing run against an emulator with the `drift` fault of `kind`. */
async function report(kind: DriftFault) {
  const emu = await startEmulator({ port: 0, seed: 7, counts: SMALL });
  emu.setFaults({ drift: kind });
  try {
    return await collectDrift({ root: ROOT, listings, emulator: async () => emu, loadValidators });
  } finally {
    await emu.close();
  }
}

type Group = { api: string; operationId: string; kind: string; pointer: string; edit: any; count: number };
const LISTS = {
  "otc-vpcep": ["listEndpointServiceConnections", "/connections/*"],
  "otc-vpc": ["listSubnets", "/subnets/*"],
  confluent: ["listNetworkingV1PrivateLinkAttachmentConnections", "/data/*"],
  madconnect: ["listConnections", "/response/*"],
} as const;

describe("npm run drift against the emulator's drift faults", { timeout: 30_000 }, () => {
  const cases: [DriftFault, string, string, (keyof typeof LISTS)[]][] = [
    [
      "undeclared-property",
      "undeclared-property",
      "/emulator_drift",
      ["otc-vpcep", "otc-vpc", "confluent", "madconnect"],
    ],
    ["unknown-enum", "enum", "/status", ["otc-vpcep", "otc-vpc"]],
    ["unknown-enum", "enum", "/status/phase", ["confluent"]],
    ["missing-required", "required", "/id", ["otc-vpc", "confluent"]],
  ];
  for (const [fault, kind, suffix, apis] of cases)
    it(`${fault}: a ${kind} finding at <item>${suffix} in ${apis.join(", ")}, with a spec edit`, async () => {
      const { groups, failures } = await report(fault);
      expect(failures).toEqual([]);
      for (const api of apis) {
        const [operationId, item] = LISTS[api];
        const group = (groups as Group[]).find(
          (g) => g.api === api && g.kind === kind && g.pointer === `${item}${suffix}`,
        );
        expect(group, `${api} ${kind} ${item}${suffix}`).toBeDefined();
        expect(group!.operationId).toBe(operationId);
        expect(group!.edit.note).toBeUndefined();
        expect(group!.edit.file).toMatch(new RegExp(`specs/${api}/`));
      }
    });

  it("the emulator as it is drifts nowhere: every answer of every listing matches its spec", async () => {
    const emu = await startEmulator({ port: 0, seed: 7, counts: SMALL });
    try {
      const { groups, failures } = await collectDrift({
        root: ROOT,
        listings,
        emulator: async () => emu,
        loadValidators,
      });
      expect(failures).toEqual([]);
      expect(groups).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it("a finding standing for several places of a response (Drift.count) counts them all", async () => {
    const finding = (pointer: string, count: number): Drift => ({
      vendor: "otc",
      operationId: "listSubnets",
      method: "GET",
      path: "/v1/{project_id}/subnets",
      status: 200,
      pointer,
      kind: "undeclared-property",
      expected: "no such property in the spec",
      actual: 1,
      count,
      samples: [1],
      actualTypes: ["integer"],
      omitted: 0,
    });
    // A listing that reports, as a client would, one finding folded over 500 items and one alone.
    const listings = (_emulator: unknown, { validate }: { validate: { onDrift: (drift: Drift) => void } }) => [
      {
        api: "otc-vpc",
        run: async () => {
          validate.onDrift(finding("/subnets/0/mtu", 500));
          validate.onDrift(finding("/subnets/3/mtu", 1));
        },
      },
    ];
    const { groups, failures } = await collectDrift({
      root: ROOT,
      listings,
      emulator: async () => undefined,
      loadValidators,
    });
    expect(failures).toEqual([]);
    expect(groups).toEqual([expect.objectContaining({ pointer: "/subnets/*/mtu", count: 501 })]);
  });

  it("wrong-type: a type finding with the type seen, and the report prints each group with its edit", async () => {
    const result = await report("wrong-type");
    const group = (result.groups as Group[]).find((g) => g.api === "otc-vpc" && g.kind === "type")!;
    expect(group).toMatchObject({ operationId: "listSubnets", pointer: "/subnets/*/name" });
    expect(group.edit).toMatchObject({
      action: "widen-type",
      value: { anyOf: [expect.objectContaining({ type: "string" }), { type: "integer" }] },
    });
    const text = formatDrift(result, { root: ROOT, target: "the emulator" });
    expect(text).toContain("otc-vpc listSubnets (GET /v1/{project_id}/subnets), 200");
    expect(text).toContain("type at /subnets/*/name");
    expect(text).toContain("In specs/otc-vpc/openapi.yaml, at components.schemas.Subnet.properties.name");
  });
});

describe("a suggested edit, made on a copy of the specs, makes its finding go away", () => {
  let work: string;
  let emu: Emulator;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "drift-roundtrip-"));
    for (const entry of ["specs", "scripts", "redocly.yaml", ".redocly.lint-ignore.yaml"])
      cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
    emu = await startEmulator({ port: 0, seed: 7, counts: SMALL });
  });
  afterAll(async () => {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The subnets page the emulator answers with a drift fault of `kind` (none: as it is). */
  async function driftingPage(kind?: DriftFault): Promise<unknown> {
    emu.setFaults(kind ? { drift: kind, times: 1 } : []);
    const response = await fetch(`${emu.url}/v1/p/subnets?limit=5`, {
      headers: { "X-Auth-Token": EMULATOR_CREDENTIALS.otc.token },
    });
    return parseJson(await response.text());
  }

  it("undeclared property, unknown enum value, missing required field, wrong type: before the edits found, after them not (and the edited spec still lints)", async () => {
    const before = (await loadValidators("otc-vpc")) as ResponseValidators;
    const pages: [DriftFault, unknown][] = [];
    const edits = [];
    for (const kind of ["undeclared-property", "unknown-enum", "missing-required", "wrong-type"] as DriftFault[]) {
      const page = await driftingPage(kind);
      const found = await subnetListFindings(before, page);
      expect(found, kind).toHaveLength(1);
      const edit = suggestEdit({ root: path.join(work, "specs/otc-vpc/openapi.yaml"), finding: found[0] });
      expect(edit.note).toBeUndefined();
      edits.push(edit);
      pages.push([kind, page]);
    }
    for (const edit of edits)
      applyEdit(edit, { readFile: (f: string) => readFileSync(f, "utf8"), writeFile: writeFileSync });

    // The edited spec passes the project's lint (its examples included), as `npm run generate` needs.
    const lint = await redocly(["lint", "otc-vpc"], { cwd: work });
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const bundled = path.join(work, "otc-vpc.yaml");
    const result = await redocly(["bundle", "otc-vpc", "-o", bundled], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    const module = path.join(work, "otc-vpc.validators.ts");
    writeFileSync(
      module,
      await validatorsModule({ api: "otc-vpc", source: "copy", doc: parse(readFileSync(bundled, "utf8")) }),
    );
    const after = (await import(pathToFileURL(module).href)) as ResponseValidators;
    for (const [kind, page] of pages) expect(await subnetListFindings(after, page), kind).toEqual([]);
    // and a page that did not drift still has no finding
    expect(await subnetListFindings(after, await driftingPage())).toEqual([]);
  }, 60_000);
});

describe("the report's headline", () => {
  it("does not say every response matched when a listing failed, and names what ran against what", () => {
    const failures = [{ api: "madconnect list-connections", message: "fetch failed" }];
    const text = formatDrift({ groups: [], failures }, { root: ROOT, target: "the emulator" });
    expect(text).not.toMatch(/every response matched/);
    expect(text.split("\n")[0]).toMatch(/^No drift in the responses checked; 1 listing failed/);
    expect(text).toContain("madconnect list-connections: the listing failed: fetch failed");
    expect(formatDrift({ groups: [], failures: [] }, { root: ROOT, target: "x" })).toMatch(/every response matched/);

    const targets = (...kinds: string[]) => kinds.map((target, i) => ({ api: `api${i}`, target }));
    expect(describeTargets(targets("emulator", "emulator"), "wrong-type")).toBe(
      "the emulator, with its wrong-type fault",
    );
    expect(describeTargets(targets("real", "real (eu-de)"))).toBe("the real services");
    expect(describeTargets(targets("emulator", "real"))).toBe("the real service for api1; the emulator for the others");
  });
});

describe("suggested edits from every value seen", () => {
  const MADCONNECT = path.join(ROOT, "specs/madconnect/openapi.yaml");
  const base = { operationId: "listConnections", method: "GET", path: "/es/v2/connections", count: 2 };
  it("an enum gains every value of its type seen; a value of another type is left to the type finding", () => {
    const finding = { ...base, status: 200, pointer: "/response/0/status", kind: "enum", expected: "one of …" };
    const added = suggestEdit({
      root: MADCONNECT,
      finding: { ...finding, actual: "weird1", values: ["weird1", "weird2"] },
    });
    expect(added).toMatchObject({ action: "add-enum", value: ["weird1", "weird2"] });
    expect(added.snippet).toMatch(/- weird1\n\s*- weird2/);
    const wrongType = suggestEdit({ root: MADCONNECT, finding: { ...finding, actual: 12345, values: [12345] } });
    expect(wrongType).toEqual({ note: expect.stringMatching(/not a string: see the type finding/) });
  });

  it("a status the spec documents by its range (4XX) is looked up there", () => {
    const finding = { ...base, status: 400, pointer: "/extra", kind: "undeclared-property", expected: "…", actual: 1 };
    const edit = suggestEdit({ root: MADCONNECT, finding });
    expect(edit.note).toBeUndefined();
    expect(edit).toMatchObject({ action: "add-property", name: "extra" });
  });
});
