// The drift report (npm run drift): the main job's listing with validation on, against the emulator
// bent by its `drift` fault, finds each kind of drift in every API with the right operation and
// pointer, and suggests a spec edit. That the edits, made on a copy of the specs, regenerate cleanly and
// make every finding go away is test/drift-roundtrip.e2e.test.ts's (`npm run test:e2e`, after `npm test`).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneLine, showableYaml } from "../src/cli/output.js";
import type { Drift } from "../src/core/drift.js";
import { type DriftFault } from "../src/emulator/index.js";
import { subnetDrift } from "./support/drift-findings.js";
import { startDriftRuns, type Run } from "./support/drift-runs.js";
import { loadGeneratedValidators } from "./support/generated-validators.js";
// @ts-expect-error untyped project script
import { suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { collectDrift, describeTargets, formatDrift } from "../scripts/lib/drift-report.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const loadValidators = loadGeneratedValidators;
/** How npm run drift shows the report's lines and snippets (src/cli/report-printer.ts). */
const show = { line: oneLine, yaml: showableYaml };

let runs: Map<string, Run>;
let report: (kind?: DriftFault) => Promise<Run>;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ runs, report, close } = await startDriftRuns());
}, 60_000);
afterAll(() => close?.());

const LISTS = {
  "otc-vpcep": ["listEndpointServiceConnections", "/connections/*"],
  "otc-vpc": ["listSubnets", "/subnets/*"],
  confluent: ["listNetworkingV1PrivateLinkAttachmentConnections", "/data/*"],
  madconnect: ["listConnections", "/response/*"],
} as const;

describe("npm run drift against the emulator's drift faults", () => {
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
    it(`${fault}: a ${kind} finding at <item>${suffix} in ${apis.join(", ")}, with a spec edit`, () => {
      const { groups, failures } = runs.get(fault)!.report;
      expect(failures).toEqual([]);
      for (const api of apis) {
        const [operationId, item] = LISTS[api];
        const group = groups.find((g) => g.api === api && g.kind === kind && g.pointer === `${item}${suffix}`);
        expect(group, `${api} ${kind} ${item}${suffix}`).toBeDefined();
        expect(group!.operationId).toBe(operationId);
        expect(group!.edit.note).toBeUndefined();
        expect(group!.edit.file).toMatch(new RegExp(`specs/${api}/`));
      }
    });

  it("the emulator as it is drifts nowhere: every answer of every listing matches its spec", async () => {
    const { report: clean } = await report();
    expect(clean.failures).toEqual([]);
    expect(clean.groups).toEqual([]);
  });

  it("a finding standing for several places of a response (Drift.count) counts them all", async () => {
    const finding = (pointer: string, count: number): Drift => subnetDrift({ pointer, count });
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

  it("wrong-type: a type finding with the type seen, and the report prints each group with its edit", () => {
    const result = runs.get("wrong-type")!.report;
    const group = result.groups.find((g) => g.api === "otc-vpc" && g.kind === "type")!;
    expect(group).toMatchObject({ operationId: "listSubnets", pointer: "/subnets/*/name" });
    expect(group.edit).toMatchObject({
      action: "widen-type",
      value: { anyOf: [expect.objectContaining({ type: "string" }), { type: "integer" }] },
    });
    const text = formatDrift(result, { root: ROOT, target: "the emulator", show });
    expect(text).toContain("otc-vpc listSubnets (GET /v1/{project_id}/subnets), 200");
    expect(text).toContain("type at /subnets/*/name");
    expect(text).toContain(
      "In specs/otc-vpc/openapi.yaml, replace the schema at components.schemas.Subnet.properties.name with:",
    );
  });

  it('a finding at the whole body (pointer ""), as an undocumented status is, says so', () => {
    const result = runs.get("wrong-type")!.report;
    const group = result.groups.find((g) => g.api === "otc-vpc" && g.kind === "type")!;
    const status = { ...group, kind: "undocumented-status", pointer: "", samples: ["201"], edit: { note: "x" } };
    const text = formatDrift({ ...result, groups: [status] }, { root: ROOT, target: "the emulator", show });
    expect(text).toMatch(/^ {2}undocumented-status at "" \(the whole body\): \d+ times?; expected [^;]+; seen 201$/m);
  });

  it("missing-required: a missing field has no sample: the report says it is absent", () => {
    const result = runs.get("missing-required")!.report;
    const group = result.groups.find((g) => g.api === "otc-vpc" && g.kind === "required")!;
    expect(group.samples).toEqual([]);
    expect(JSON.parse(JSON.stringify(group)).samples).toEqual([]);
    const text = formatDrift(result, { root: ROOT, target: "the emulator", show });
    expect(text).toMatch(/^ {2}required at \/subnets\/\*\/id: \d+ times?; expected [^;]+; absent$/m);
    expect(text).not.toMatch(/seen $/m);
  });

  it("a whole number beyond 2^53 where the spec declares an integer of no format: declared int64", () => {
    const { groups } = runs.get("bent")!.report;
    const group = groups.find((g) => g.api === "madconnect" && g.pointer === "/response/*/totalVolume");
    // Each sample is the value's JSON text: a bigint's is its bare digits, in the text and the JSON report too.
    expect(group).toMatchObject({ kind: "format", samples: [String(2n ** 60n)], actualTypes: ["integer"] });
    expect(JSON.parse(JSON.stringify(group)).samples).toEqual([String(2n ** 60n)]);
    const text = formatDrift(runs.get("bent")!.report, { root: ROOT, target: "the emulator", show });
    expect(text).toContain(
      `format at /response/*/totalVolume: 1 time; expected int64 (an integer beyond 2^53; the spec declares no format); seen ${2n ** 60n}\n`,
    );
    expect(group!.edit).toMatchObject({
      action: "set-format",
      value: "int64",
      keys: ["components", "schemas", "Connection", "properties", "totalVolume"],
    });
  });

  it("inside a oneOf (Confluent's spec.cloud): the edit goes to the member each connection is, picked by the body the report received", () => {
    const { groups, failures } = runs.get("bent")!.report;
    expect(failures).toEqual([]);
    const gcp = /\.properties\.spec\.properties\.cloud\.oneOf\.2$/;
    const undeclared = groups.find(
      (g) => g.kind === "undeclared-property" && g.pointer === "/data/*/spec/cloud/region",
    );
    // The GCP connection came first; the AWS one (its own finding, or folded into the same) gets an edit of its own.
    expect(undeclared?.edit).toMatchObject({ action: "add-property", name: "region", value: { type: "string" } });
    expect(undeclared!.edit.keys.join(".")).toMatch(gcp);
    expect(undeclared!.moreEdits).toEqual([expect.objectContaining({ action: "add-property", name: "region" })]);
    expect(undeclared!.moreEdits![0].keys.join(".")).toMatch(/\.cloud\.oneOf\.0$/);
    // The published spec defines the AWS member too: once they differ, the wrapper must name its copy.
    expect(undeclared!.moreEdits![0].also).toEqual([
      expect.objectContaining({
        file: path.join(ROOT, "specs/confluent/openapi.yaml"),
        action: "name-schema",
        name: "networking.v1.AwsPrivateLinkAttachmentConnection-2",
      }),
    ]);
    expect(undeclared!.edit.also).toBeUndefined(); // GCP's copy has its name already
    const text = formatDrift(runs.get("bent")!.report, { root: ROOT, target: "the emulator", show });
    expect(text).toMatch(/^ {4}In specs\/confluent\/.*cloud\.oneOf\.2: declare the property$/m);
    expect(text).toMatch(/^ {4}And in specs\/confluent\/.*cloud\.oneOf\.0: declare the property$/m);
    const required = groups.find(
      (g) => g.kind === "required" && g.pointer === "/data/*/spec/cloud/private_service_connect_connection_id",
    );
    expect(required?.edit).toMatchObject({ action: "drop-required", name: "private_service_connect_connection_id" });
    expect(required!.edit.keys.join(".")).toMatch(gcp);
  });
});

describe("the report's headline", () => {
  it("does not say every response matched when a listing failed, and names what ran against what", () => {
    const failures = [{ api: "madconnect list-connections", message: "fetch failed" }];
    const text = formatDrift({ groups: [], failures }, { root: ROOT, target: "the emulator", show });
    expect(text).not.toMatch(/every response matched/);
    expect(text.split("\n")[0]).toMatch(/^No drift in the responses checked; 1 listing failed/);
    expect(text).toContain("madconnect list-connections: the listing failed: fetch failed");
    expect(formatDrift({ groups: [], failures: [] }, { root: ROOT, target: "x", show })).toMatch(
      /every response matched/,
    );

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

  it("a value longer than a finding shows (cut, ending …) gets a note, not an enum entry the service never sent", () => {
    const finding = { ...base, status: 200, pointer: "/response/0/status", kind: "enum", expected: "one of …" };
    const long = `paused-${"z".repeat(300)}`;
    const shown = `${long.slice(0, 200)}…`;
    const edit = suggestEdit({ root: MADCONNECT, finding: { ...finding, actual: shown, values: ["weird", shown] } });
    expect(edit.action).toBeUndefined();
    expect(edit.note).toMatch(
      /is the start of a value longer than a finding shows \(200 characters\): add the whole value/,
    );
    // One of 200 characters is shown whole, and added.
    const whole = long.slice(0, 200);
    expect(suggestEdit({ root: MADCONNECT, finding: { ...finding, actual: whole, values: [whole] } })).toMatchObject({
      action: "add-enum",
      value: [whole],
    });
  });

  it("a status the spec documents by its range (4XX) is looked up there", () => {
    const finding = { ...base, status: 400, pointer: "/extra", kind: "undeclared-property", expected: "…", actual: 1 };
    const edit = suggestEdit({ root: MADCONNECT, finding });
    expect(edit.note).toBeUndefined();
    expect(edit).toMatchObject({ action: "add-property", name: "extra" });
  });
});
