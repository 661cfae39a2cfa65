// The drift report (npm run drift): the main job's listing with validation on, against the emulator
// bent by its `drift` fault, finds each kind of drift in every API with the right operation and
// pointer, and suggests a spec edit that, made on a copy of the specs, makes the finding go away.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listings } from "../src/cli/list-all.js";
import { oneLine, showableYaml } from "../src/cli/output.js";
import { createDriftCheck, type Drift, type ResponseValidators } from "../src/core/drift.js";
import type { Vendor } from "../src/core/error-base.js";
import { parseJson, stringifyJson } from "../src/core/json.js";
import { DRIFT_FAULTS, startEmulator, type DriftFault, type Emulator } from "../src/emulator/index.js";
import { subnetDrift } from "./support/drift-findings.js";
import { startServer, type TestServer } from "./support/http-server.js";
import { APIS, loadGeneratedValidators, SMALL_COUNTS } from "./support/generated-validators.js";
import { generate as generateIn, run } from "./support/pipeline-runs.js";
import { copyProject } from "./support/project-copy.js";
// @ts-expect-error untyped project script
import { applyEdit, suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { collectDrift, describeTargets, formatDrift } from "../scripts/lib/drift-report.mjs";
// @ts-expect-error untyped project script
import { nodeArgsOf } from "../scripts/lib/npm-script.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const loadValidators = loadGeneratedValidators;
/** How npm run drift shows the report's lines and snippets (src/cli/report-printer.ts). */
const show = { line: oneLine, yaml: showableYaml };

/** A response the proxy served: what the clients of a report were given. */
type Served = { method: string; path: string; status: number; text: string };
type Report = { groups: Group[]; failures: { api: string; message: string }[]; targets: unknown[] };
type Group = {
  api: string;
  operationId: string;
  kind: string;
  pointer: string;
  edit: any;
  moreEdits?: any[];
  count: number;
  samples: string[];
};

/**
 * A Confluent list answer whose first three connections drift inside their `spec.cloud` (a oneOf by
 * cloud); a MadConnect one whose first connection's totalVolume is beyond 2^53 (a bigint).
 */
function bend(body: any): void {
  if (Array.isArray(body?.response) && body.response.length > 0) body.response[0].totalVolume = 2n ** 60n;
  if (!Array.isArray(body?.data) || body.data.length < 3) return;
  const gcp = { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: "1" };
  body.data[0].spec.cloud = { ...gcp, region: "us-east1" }; // a property the GCP member does not declare
  body.data[1].spec.cloud = { kind: gcp.kind }; // without the GCP member's required id
  // An AWS connection with a region too: one finding at /data/*/spec/cloud/region, in two members.
  body.data[2].spec.cloud = { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-1", region: "x" };
}

let emu: Emulator;
let proxy: TestServer;
/** How the proxy changes each JSON answer (nothing by default). */
let bending: (body: unknown) => void = () => {};
let served: Served[] = [];
const runs = new Map<string, { report: Report; served: Served[] }>();

/**
 * The report (`npm run drift`'s collectDrift) of one listing run against the emulator with the drift
 * fault of `kind` (none: as it is), through a proxy that records every answer (and bends it with `bending`).
 */
async function report(kind?: DriftFault): Promise<{ report: Report; served: Served[] }> {
  emu.setFaults(kind ? { drift: kind } : []);
  served = [];
  const through = { url: proxy.url, ids: emu.ids, credentials: emu.credentials } as Emulator;
  const result = await collectDrift({
    root: ROOT,
    listings,
    emulator: async () => through,
    loadValidators,
    parseJson,
  });
  return { report: result as Report, served };
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 7, counts: SMALL_COUNTS });
  proxy = await startServer(async (request, res) => {
    const headers = { ...request.headers } as Record<string, string>;
    delete headers.host;
    delete headers["content-length"];
    const answer = await fetch(`${emu.url}${request.url}`, { method: request.method, headers });
    let text = await answer.text();
    if (text && answer.headers.get("content-type")?.includes("json")) {
      const body = parseJson(text);
      bending(body);
      text = stringifyJson(body);
    }
    served.push({
      method: request.method,
      path: new URL(request.url, proxy.url).pathname,
      status: answer.status,
      text,
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(text);
  });
  for (const kind of DRIFT_FAULTS) runs.set(kind, await report(kind));
  bending = bend;
  runs.set("bent", await report());
  bending = () => {};
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await emu?.close();
});

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
