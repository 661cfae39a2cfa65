// The edits of one drift report, made one after another in the order printed, make every finding go
// away: two findings of one schema (an enum value and a null, an int64 number and a string) get edits
// that keep each other's change, and an enum value another member of a oneOf already holds (OTC's
// `addresstime` in a subnet's extra_dhcp_opts) makes the response refer to the oneOf instead of
// widening the member it uses (which would make the oneOf's members overlap, and widen a request).
// Each report is collected as `npm run drift` collects it (collectDrift), from what the committed
// validators find in the bodies; its edits are made on a copy of the spec, whose validators (built
// in-process) then find nothing in the same bodies.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { oneLine, showableYaml } from "../src/cli/output.js";
import { createDriftCheck, type Drift, type ResponseValidators } from "../src/core/drift.js";
import { stringifyJson } from "../src/core/json.js";
import { startServer } from "./support/http-server.js";
import { loadGeneratedValidators } from "./support/generated-validators.js";
import { validatorsOf } from "./support/validators-for.js";
// @ts-expect-error untyped project script
import { applyEdit, combineEdits, loader, suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { collectDrift, formatDrift } from "../scripts/lib/drift-report.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const show = { line: oneLine, yaml: showableYaml };
type Edit = { file: string; keys: string[]; action: string; value?: any; snippet: string; note?: string };
type Group = { kind: string; pointer: string; edit: Edit & { combinedWith?: string }; moreEdits?: Edit[] };

/** What the validators find in `bodies`, each the 200 answer of GET `template`. */
async function findingsIn(validators: ResponseValidators, template: string, bodies: unknown[]): Promise<Drift[]> {
  const found: Drift[] = [];
  const vendor = template.startsWith("/es/") ? "madconnect" : "otc";
  const check = createDriftCheck({ vendor, mode: "warn", onDrift: (d) => found.push(d), redact: (t) => t, validators });
  for (const body of bodies) await check("GET", template, new Response(null, { status: 200 }), body);
  return found;
}

/** The report npm run drift makes of `bodies` (each a page of the listing of `api`, at GET `template`). */
async function reportOf(api: string, template: string, bodies: unknown[]) {
  const validators = (await loadGeneratedValidators(api)) as ResponseValidators;
  const listings = (
    _emulator: unknown,
    { validate, fetch }: { validate: { onDrift: (drift: Drift) => void }; fetch: typeof globalThis.fetch },
  ) => [
    {
      api,
      target: "emulator",
      run: async () => {
        // Each body through the report's fetch, as a listing's pages are: it keeps them to place the edits.
        const server = await startServer((request, res) => {
          const page = Number(new URL(request.url ?? "/", "http://x").searchParams.get("page"));
          res.writeHead(200, { "content-type": "application/json" });
          res.end(stringifyJson(bodies[page]));
        });
        try {
          const at = template.replace(/\{[^}]+\}/g, "p");
          for (let page = 0; page < bodies.length; page++)
            await (await fetch(`${server.url}${at}?page=${page}`)).text();
        } finally {
          await server.close();
        }
        const check = createDriftCheck({
          vendor: api.startsWith("otc") ? "otc" : "madconnect",
          mode: "warn",
          onDrift: validate.onDrift,
          redact: (t) => t,
          validators,
        });
        for (const body of bodies) await check("GET", template, new Response(null, { status: 200 }), body);
      },
    },
  ];
  const report = await collectDrift({
    root: ROOT,
    listings,
    emulator: async () => undefined,
    loadValidators: loadGeneratedValidators,
  });
  expect(report.failures).toEqual([]);
  return report as { groups: Group[]; failures: unknown[] };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "drift-edits-combined-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Makes every edit of `groups`, in the order printed, on a copy of `spec`, and returns what the copy's
 * validators find in `bodies`, with the copy's text.
 */
async function afterEdits(spec: string, groups: Group[], template: string, bodies: unknown[]) {
  const copy = path.join(dir, `${path.basename(path.dirname(spec))}.yaml`);
  writeFileSync(copy, readFileSync(spec, "utf8"));
  let made = 0;
  for (const group of groups)
    for (const edit of [group.edit, ...(group.moreEdits ?? [])]) {
      if (edit.note) continue;
      expect(path.resolve(edit.file)).toBe(path.resolve(spec));
      applyEdit(
        { ...edit, file: copy },
        { readFile: (f: string) => readFileSync(f, "utf8"), writeFile: writeFileSync },
      );
      made++;
    }
  const doc = parse(readFileSync(copy, "utf8"));
  // The validators of the one operation checked (compiling every operation's costs more CPU).
  const validators = await validatorsOf({ ...doc, paths: { [template]: { get: doc.paths[template].get } } });
  const found = await findingsIn(validators, template, bodies);
  return { made, found: found.map((d) => `${d.kind} ${d.pointer}`), doc };
}

describe("two findings of one schema: the report's edits, made in order, make both go away", () => {
  const MADCONNECT = path.join(ROOT, "specs/madconnect/openapi.yaml");
  const LIST = "/es/v2/connections";
  const example = parse(readFileSync(MADCONNECT, "utf8")).paths[LIST].get.responses["200"].content["application/json"]
    .examples.page.value;
  const page = (...changes: Record<string, unknown>[]) => ({
    ...example,
    response: changes.map((change) => ({ ...example.response[0], ...change })),
  });

  it("an enum value and a null (MadConnect's status): the enum keeps the new values and takes null", async () => {
    const bodies = [page({ status: "paused" }), page({ status: null }), page({ status: "archived" })];
    const { groups } = await reportOf("madconnect", LIST, bodies);
    expect(groups.map((g) => `${g.kind} ${g.pointer}`).sort()).toEqual([
      "enum /response/*/status",
      "type /response/*/status",
    ]);
    const { made, found, doc } = await afterEdits(MADCONNECT, groups, LIST, bodies);
    expect(found).toEqual([]);
    expect(made).toBe(1);
    const status = doc.components.schemas.ConnectionStatus;
    expect(status.enum).toEqual(expect.arrayContaining(["active", "paused", "archived", null]));
    expect(status.nullable).toBe(true);
    // One edit, printed with the type finding; the enum finding says where its edit is.
    const text = formatDrift({ groups, failures: [] }, { root: ROOT, target: "the emulator", show });
    expect(text).toMatch(
      /\(its edit is part of the edit of the type finding at \/response\/\*\/status \((above|below)\), which replaces the schema at components\.schemas\.ConnectionStatus/,
    );
    expect(text).toMatch(/replace the schema at components\.schemas\.ConnectionStatus with:/);
  });

  it("a number beyond 2^53 and a string (MadConnect's totalVolume): the widened anyOf keeps format int64", async () => {
    const bodies = [page({ totalVolume: 9007199254740993n }), page({ totalVolume: "12" })];
    const { groups } = await reportOf("madconnect", LIST, bodies);
    expect(groups.map((g) => `${g.kind} ${g.pointer}`).sort()).toEqual([
      "format /response/*/totalVolume",
      "type /response/*/totalVolume",
    ]);
    const { found } = await afterEdits(MADCONNECT, groups, LIST, bodies);
    expect(found).toEqual([]);
    const widen = groups.find((g) => g.kind === "type")!.edit;
    expect(widen).toMatchObject({ action: "widen-type", paste: "replace" });
    expect(widen.value.anyOf).toEqual([{ type: "integer", format: "int64" }, { type: "string" }]);
    expect(groups.find((g) => g.kind === "format")!.edit.combinedWith).toBe(
      "the type finding at /response/*/totalVolume",
    );
  });
});

/** OTC VPC's spec, its subnet listing and the listing example's first subnet (the describes below bend its extra_dhcp_opts). */
const VPC = path.join(ROOT, "specs/otc-vpc/openapi.yaml");
const SUBNETS = "/v1/{project_id}/subnets";
const spec = parse(readFileSync(VPC, "utf8"));
const subnet =
  spec.paths[SUBNETS].get.responses["200"].content["application/json"].example?.subnets?.[0] ??
  Object.values(spec.paths[SUBNETS].get.responses["200"].content["application/json"].examples as Record<string, any>)[0]
    .value.subnets[0];

describe("an enum value that another member of a oneOf holds (OTC VPC's extra_dhcp_opts)", () => {
  it("the response refers to the oneOf the request uses: the member ExtraDhcpOpt keeps its enum, and nothing is found", async () => {
    const lease = { opt_name: "addresstime", opt_value: "24h" };
    const bodies = [{ subnets: [{ ...subnet, extra_dhcp_opts: [lease, { opt_name: "ntp", opt_value: "10.0.0.1" }] }] }];
    const { groups } = await reportOf("otc-vpc", SUBNETS, bodies);
    console.log(groups.map((g) => g.edit.note?.slice(-300)));
    const { found, doc } = await afterEdits(VPC, groups, SUBNETS, bodies);
    expect(found).toEqual([]);
    // The oneOf's members stay apart (the lint's mutually-exclusive check) and requests are unchanged.
    expect(doc.components.schemas.ExtraDhcpOpt).toEqual(spec.components.schemas.ExtraDhcpOpt);
    expect(doc.components.schemas.CreateSubnetOption).toEqual(spec.components.schemas.CreateSubnetOption);
    const enumGroup = groups.find((g) => g.kind === "enum")!;
    expect(enumGroup.pointer).toBe("/subnets/*/extra_dhcp_opts/*/opt_name");
    expect(enumGroup.edit).toMatchObject({
      action: "use-union",
      paste: "replace",
      keys: ["components", "schemas", "Subnet", "properties", "extra_dhcp_opts", "items"],
      value: { $ref: "#/components/schemas/UpdateExtraDhcpOpt" },
    });
    expect(enumGroup.edit.snippet).toMatch(
      /"addresstime" is the opt_name of DhcpLeaseTimeOpt, another member of the oneOf UpdateExtraDhcpOpt/,
    );
    const text = formatDrift({ groups, failures: [] }, { root: ROOT, target: "the emulator", show });
    expect(text).toMatch(/replace the schema at components\.schemas\.Subnet\.properties\.extra_dhcp_opts\.items with:/);
  });
});

describe("an enum value of another oneOf member, in an object that member does not take as it is", () => {
  it.each([
    ["a number for its opt_value", { opt_name: "addresstime", opt_value: 24 }],
    ["a null opt_value (which DhcpLeaseTimeOpt refuses)", { opt_name: "addresstime", opt_value: null }],
    ["a field DhcpLeaseTimeOpt does not declare", { opt_name: "addresstime", opt_value: "24h", scope: "v4" }],
  ])("%s: a note, no use-union edit; the other edits made leave no new finding", async (_, lease) => {
    const bodies = [{ subnets: [{ ...subnet, extra_dhcp_opts: [lease] }] }];
    const { groups } = await reportOf("otc-vpc", SUBNETS, bodies);
    const enumGroup = groups.find((g) => g.kind === "enum")!;
    expect(enumGroup.edit.action).toBeUndefined();
    expect(enumGroup.edit.note).toMatch(/the object seen is not one DhcpLeaseTimeOpt takes as it is/);
    const { found } = await afterEdits(VPC, groups, SUBNETS, bodies);
    // What is left is the findings with a note, none made by the edits (the same below).
    const withNotes = groups.filter((g) => g.edit.note).map((g) => `${g.kind} ${g.pointer.replace(/\*/g, "0")}`);
    expect(found.filter((f) => !withNotes.includes(f))).toEqual([]);
  });
});

describe("an enum value of another oneOf member, held by several objects of which one does not fit", () => {
  const page = (...opts: Record<string, unknown>[]) => ({ subnets: [{ ...subnet, extra_dhcp_opts: opts }] });
  const fits = { opt_name: "addresstime", opt_value: "24h" };

  it.each([
    ["in one body, the one that fits first", [page(fits, { opt_name: "addresstime", opt_value: null })]],
    [
      "in one body, an empty opt_value (DhcpLeaseTimeOpt's minLength)",
      [page(fits, { opt_name: "addresstime", opt_value: "" })],
    ],
    ["across two pages", [page(fits), page({ opt_name: "ipv6_addresstime", opt_value: null })]],
    [
      "more objects holding it than the report looks at (the 22nd does not fit)",
      [page(...Array.from({ length: 21 }, () => fits), { opt_name: "addresstime", opt_value: "" })],
    ],
  ])("%s: a note for the group, no use-union edit; the edits made leave no new finding", async (_, bodies) => {
    const { groups } = await reportOf("otc-vpc", SUBNETS, bodies);
    const enumGroup = groups.find((g) => g.kind === "enum")!;
    expect(enumGroup.edit.action).toBeUndefined();
    expect(enumGroup.edit.note).toMatch(
      /the object seen is not one DhcpLeaseTimeOpt takes as it is|more objects of a response hold the value than the report looks at \(20\)/,
    );
    const { found } = await afterEdits(VPC, groups, SUBNETS, bodies);
    const withNotes = groups.filter((g) => g.edit.note).map((g) => g.pointer);
    const folded = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");
    expect(found.filter((f) => !withNotes.includes(folded(f.replace(/^\S+ /, ""))))).toEqual([]);
  });
});

describe("an enum edit of a schema that is also a oneOf member or part of a request", () => {
  const optName = (...values: string[]) => ({
    operationId: "listSubnets",
    status: 200,
    count: 1,
    kind: "enum",
    expected: "…",
    pointer: "/subnets/0/extra_dhcp_opts/0/opt_name",
    actual: values[0],
    samples: values,
  });
  it("a value no other member holds is added, with a comment that requests may then send it", () => {
    const edit = suggestEdit({ root: VPC, finding: optName("dns") });
    expect(edit).toMatchObject({ action: "add-enum", value: ["dns"] });
    expect(edit.snippet).toMatch(
      /^# ExtraDhcpOpt is used by a request body too: this also lets requests send the value/,
    );
  });
  it("values of which only some another member holds: a note, no edit", () => {
    expect(suggestEdit({ root: VPC, finding: optName("addresstime", "dns") })).toEqual({
      note: expect.stringMatching(
        /^"addresstime" is the opt_name of DhcpLeaseTimeOpt, .*, and "dns" of no member: .*would make the oneOf's members overlap/,
      ),
    });
  });
});

describe("two enum findings of one schema (reached by two pointers)", () => {
  it("get one edit with the values of both, the other pointing to it", () => {
    const MADCONNECT = path.join(ROOT, "specs/madconnect/openapi.yaml");
    const finding = (pointer: string, value: string) => ({
      operationId: "listConnections",
      status: 200,
      count: 1,
      kind: "enum",
      expected: "…",
      pointer,
      actual: value,
      samples: [value],
    });
    const load = loader();
    const first = suggestEdit({ root: MADCONNECT, finding: finding("/response/0/status", "paused"), load });
    const second = suggestEdit({ root: MADCONNECT, finding: finding("/response/1/status", "archived"), load });
    expect(second.keys).toEqual(first.keys);
    const combined = combineEdits(
      [
        { edit: first, finding: "the enum finding at /a" },
        { edit: second, finding: "the enum finding at /b" },
      ],
      load,
    );
    const one = combined.get(first);
    expect(one).toMatchObject({ action: "add-enum", value: ["paused", "archived"] });
    expect(parse(one.snippet).enum.slice(-2)).toEqual(["paused", "archived"]);
    expect(combined.get(second)).toEqual({
      note: expect.stringMatching(/^part of the edit of the enum finding at \/a \(above\)/),
      combinedWith: "the enum finding at /a",
    });
  });
});
