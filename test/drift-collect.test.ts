// How the drift report (scripts/lib/drift-report.mjs) groups the findings its listings report and prints
// them, with listings that report findings of their own making (as a client's onDrift would) rather
// than the emulator's: test/drift-report.test.ts runs the real listings.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneLine, showableYaml } from "../src/cli/output.js";
import type { Drift } from "../src/core/drift.js";
import { CONFLUENT_LIST, loadListValidators, subnetDrift } from "./support/drift-findings.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";
// @ts-expect-error untyped project script
import { collectDrift, formatDrift } from "../scripts/lib/drift-report.mjs";
// @ts-expect-error untyped project script
import { MAX_ENUM_PLACES } from "../scripts/lib/drift-bodies.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const loadValidators = loadListValidators;

const subnetFinding = (pointer: string, kind: Drift["kind"], samples: unknown[], more: Partial<Drift> = {}): Drift =>
  subnetDrift({ pointer, kind, expected: "…", actual: samples[0], samples, actualTypes: [], ...more });

type Options = { validate: { onDrift: (drift: Drift) => void }; fetch: typeof fetch };
type Group = { api: string; kind: string; pointer: string; edit: any; moreEdits?: any[]; [key: string]: unknown };
type Report = { groups: Group[]; failures: { api: string; message: string }[] };

const confluentFinding = (pointer: string, samples: unknown[]): Drift => ({
  ...subnetFinding(pointer, "undeclared-property", samples),
  vendor: "confluent",
  operationId: CONFLUENT_LIST,
  path: "/networking/v1/private-link-attachment-connections",
});

/**
 * Listings that report findings as a client's onDrift would, each after reading the response it is
 * about (through the fetch the report gives them, which keeps the bodies), and one that fails.
 */
function testListings(url: string) {
  return (_emulator: unknown, { validate, fetch }: Options) => [
    {
      api: "otc-vpc",
      target: "emulator",
      run: async () => {
        await (await fetch(`${url}/v1/p1/subnets`)).json();
        // One undeclared property on each of the page's 3 subnets (the client folds them: count 3).
        validate.onDrift(subnetFinding("/subnets/0/mtu", "undeclared-property", [1500], { count: 3 }));
        validate.onDrift(
          subnetFinding("/subnets/0/az", "undeclared-property", ["a", "b"], { actualTypes: ["string"] }),
        );
        validate.onDrift(
          subnetFinding("/subnets/5/az", "undeclared-property", ["b", "a", "c", "d"], {
            actualTypes: ["null", "string"],
          }),
        );
        validate.onDrift(subnetFinding("/subnets/0/status", "enum", ["NEW1"]));
        validate.onDrift(subnetFinding("/subnets/1/status", "enum", ["NEW2"]));
        validate.onDrift(subnetFinding("/subnets/0/status", "type", [5]));
      },
    },
    {
      api: "confluent",
      target: "emulator",
      run: async () => {
        for (const page of [1, 2]) {
          await (await fetch(`${url}/networking/v1/private-link-attachment-connections?page=${page}`)).json();
          validate.onDrift(confluentFinding("/data/0/spec/cloud/region", ["r"]));
        }
      },
    },
    {
      api: "madconnect",
      target: "emulator",
      run: async () => {
        throw new Error("connection refused");
      },
    },
  ];
}

let server: TestServer;
let report: Report;
const groupAt = (pointer: string, kind = "undeclared-property") =>
  report.groups.find((g) => g.pointer === pointer && g.kind === kind)!;
beforeAll(async () => {
  const mtu = (id: string) => ({ id, mtu: 1500 });
  // A Confluent list whose first page has a GCP connection, its second an AWS one, each with a region.
  const cloud = (kind: string, id: Record<string, string>) => ({
    data: [{ spec: { cloud: { kind, ...id, region: "r" } } }],
  });
  server = await startServer((request, res) => {
    if (request.url.endsWith("page=1"))
      sendJson(res, 200, cloud("GcpPrivateLinkAttachmentConnection", { private_service_connect_connection_id: "1" }));
    else if (request.url.endsWith("page=2"))
      sendJson(res, 200, cloud("AwsPrivateLinkAttachmentConnection", { vpc_endpoint_id: "vpce-1" }));
    else sendJson(res, 200, { subnets: [mtu("a"), mtu("b"), mtu("c")] });
  });
  report = await collectDrift({
    root: ROOT,
    listings: testListings(server.url),
    emulator: async () => undefined,
    loadValidators,
  });
});
afterAll(() => server?.close());

describe("a group of findings", () => {
  it("samples up to 3 distinct values, in the order first seen; its actualTypes are all its findings'", () => {
    expect(groupAt("/subnets/*/az")).toMatchObject({
      count: 2,
      samples: ['"a"', '"b"', '"c"'],
      actualTypes: ["string", "null"],
    });
  });

  it("is one per place and kind: two kinds at the same place are two groups", () => {
    expect(report.groups.map((g) => `${g.api} ${g.pointer} ${g.kind}`)).toEqual([
      "otc-vpc /subnets/*/mtu undeclared-property",
      "otc-vpc /subnets/*/az undeclared-property",
      "otc-vpc /subnets/*/status enum",
      "otc-vpc /subnets/*/status type",
      "confluent /data/*/spec/cloud/region undeclared-property",
    ]);
  });

  it("an enum's edit adds every value its findings saw (here, inside the edit that widens the same schema's type)", () => {
    expect(groupAt("/subnets/*/status", "enum").edit).toMatchObject({
      combinedWith: "the type finding at /subnets/*/status",
    });
    expect(groupAt("/subnets/*/status", "type").edit).toMatchObject({
      action: "widen-type",
      value: { anyOf: [{ type: "string", enum: ["ACTIVE", "UNKNOWN", "ERROR", "NEW1", "NEW2"] }, { type: "integer" }] },
    });
  });

  it("a property seen on every item of a list is one edit, not one per item", () => {
    const mtu = groupAt("/subnets/*/mtu");
    expect(mtu.edit).toMatchObject({ action: "add-property", name: "mtu", keys: ["components", "schemas", "Subnet"] });
    expect(mtu.moreEdits).toBeUndefined();
    expect(mtu.count).toBe(3);
  });

  it("inside a oneOf, gets an edit for the member of its objects in every response its findings came from (the pages)", () => {
    const region = groupAt("/data/*/spec/cloud/region");
    const edits = [region.edit, ...(region.moreEdits ?? [])];
    expect(edits.map((edit) => `${edit.action} ${edit.name} ${edit.keys.slice(-2).join(".")}`)).toEqual([
      "add-property region oneOf.2",
      "add-property region oneOf.0",
    ]);
  });
});

describe("a listing that fails", () => {
  it("is a failure of the report, and the other listings' findings are still grouped", () => {
    expect(report.failures).toEqual([{ api: "madconnect", message: "connection refused" }]);
    const text = formatDrift(report, {
      root: ROOT,
      target: "the emulator",
      show: { line: oneLine, yaml: showableYaml },
    });
    expect(text.split("\n")[0]).toMatch(/^Spec drift: 5 findings in 2 operations; 1 listing failed/);
    expect(text).toMatch(/\nmadconnect: the listing failed: connection refused$/);
  });
});

describe("the printed report", () => {
  const group = (pointer: string, edit: object) => ({
    api: "confluent",
    operationId: "listThings",
    method: "GET",
    path: "/things",
    status: 200,
    kind: "undeclared-property",
    pointer,
    expected: "no such property in the spec",
    count: 1,
    samples: ["1"],
    edit,
  });
  const verbatim = path.join(ROOT, "specs/confluent/private-link-attachment-connections.yaml");
  const wrapper = path.join(ROOT, "specs/confluent/openapi.yaml");
  const text = formatDrift(
    {
      groups: [
        group("/a", {
          file: verbatim,
          keys: ["components", "schemas", "X"],
          action: "add-property",
          snippet: "x: 1\n",
        }),
        group("/b", { note: "b cannot be placed: look it up" }),
        group("/c", { file: wrapper, keys: ["x-schema-names"], action: "name-schema", name: "N", snippet: "y: 2\n" }),
      ],
      failures: [],
    },
    { root: ROOT, target: "the emulator", show: { line: oneLine, yaml: showableYaml } },
  );

  it("heads the findings of one operation once", () => {
    expect(text.match(/^confluent listThings \(GET \/things\), 200$/gm)).toHaveLength(1);
  });

  it("prints a finding's note where it has no edit", () => {
    expect(text).toMatch(
      /^ {2}undeclared-property at \/b: .*\n {4}\(no edit suggested: b cannot be placed: look it up\)$/m,
    );
  });

  it("says when the file to edit is one of Confluent's verbatim definitions", () => {
    expect(text).toMatch(
      /In specs\/confluent\/private-link-attachment-connections\.yaml, at components\.schemas\.X: declare the property\n {6}x: 1\n {4}\(that file is Confluent's own definition, kept verbatim/,
    );
    // The wrapper around them is the project's own.
    expect(text.match(/kept verbatim/g)).toHaveLength(1);
    expect(text).toMatch(/In specs\/confluent\/openapi\.yaml, at x-schema-names: .*\n {6}y: 2$/);
  });
});

describe("an enum finding whose responses hold more unknown values than its samples", () => {
  it("gets an edit adding every value found at its places (a client's finding samples three), in one response or across pages", async () => {
    // Page 1: four subnets, each with a status of its own; page 2: one more. The client reports one folded
    // finding per response, sampling at most three values.
    const statuses = [["S0", "S1", "S2", "S3"], ["S4"]];
    const pages = await startServer((request, res) => {
      const page = Number(new URL(request.url, "http://x").searchParams.get("page"));
      sendJson(res, 200, { subnets: statuses[page]!.map((status, i) => ({ id: `s${page}-${i}`, status })) });
    });
    try {
      const listings = (_emulator: unknown, { validate, fetch }: Options) => [
        {
          api: "otc-vpc",
          target: "emulator",
          run: async () => {
            for (const [page, values] of statuses.entries()) {
              await (await fetch(`${pages.url}/v1/p1/subnets?page=${page}`)).json();
              validate.onDrift(
                subnetFinding("/subnets/0/status", "enum", values.slice(0, 3), { count: values.length }),
              );
            }
          },
        },
      ];
      const { groups } = await collectDrift({ root: ROOT, listings, emulator: async () => undefined, loadValidators });
      expect(groups).toHaveLength(1);
      expect(groups[0]).toMatchObject({ kind: "enum", count: 5, samples: ['"S0"', '"S1"', '"S2"'] });
      expect(groups[0]!.edit).toMatchObject({
        action: "add-enum",
        keys: ["components", "schemas", "Subnet", "properties", "status"],
        value: ["S0", "S1", "S2", "S3", "S4"],
      });
    } finally {
      await pages.close();
    }
  });

  /**
   * A listing of `pages` responses of OTC VPC subnets, each subnet's status `statusOf(page, i)`, and a
   * client's folded enum finding for each response (three samples); `redact`: the report's.
   */
  async function enumReport(
    pages: number,
    statusesOf: (page: number) => unknown[],
    {
      redact,
      extra,
      limits,
    }: { redact?: (text: string) => string; extra?: (page: number) => Drift[]; limits?: object } = {},
  ) {
    const server = await startServer((request, res) => {
      const page = Number(new URL(request.url, "http://x").searchParams.get("page"));
      sendJson(res, 200, { subnets: statusesOf(page).map((status, i) => ({ id: `s${page}-${i}`, status })) });
    });
    try {
      const listings = (_emulator: unknown, { validate, fetch }: Options) => [
        {
          api: "otc-vpc",
          target: "emulator",
          run: async () => {
            for (let page = 0; page < pages; page++) {
              await (await fetch(`${server.url}/v1/p1/subnets?page=${page}`)).json();
              // The client's finding: the values the spec's enum refuses (Subnet.status: ACTIVE, UNKNOWN, ERROR).
              const values = statusesOf(page).filter(
                (value) => value !== null && !["ACTIVE", "UNKNOWN", "ERROR"].includes(value as string),
              );
              validate.onDrift(
                subnetFinding("/subnets/0/status", "enum", values.slice(0, 3), { count: values.length }),
              );
              for (const finding of extra?.(page) ?? []) validate.onDrift(finding);
            }
          },
        },
      ];
      const report = await collectDrift({
        root: ROOT,
        listings,
        emulator: async () => undefined,
        loadValidators,
        ...(redact ? { redact } : {}),
        ...(limits ? { limits } : {}),
      });
      return {
        report,
        text: formatDrift(report, { root: ROOT, target: "test", show: { line: oneLine, yaml: showableYaml } }),
      };
    } finally {
      await server.close();
    }
  }

  it("past the responses it keeps of a finding (16), or past 100 distinct values, the report says to run it again", async () => {
    const pastKept = await enumReport(18, (page) => [`S${page}`]);
    const group = pastKept.report.groups[0]!;
    expect(group.edit.value).toEqual(Array.from({ length: 16 }, (_, i) => `S${i}`));
    expect(group.incomplete).toMatch(/more values there than the report gathers .*run the report again/);
    expect(pastKept.text).toContain(`    (${group.incomplete})`);
    // 150 values over 3 responses of 50: 100 in the edit.
    const many = await enumReport(3, (page) => Array.from({ length: 50 }, (_, i) => `V${page * 50 + i}`));
    expect(many.report.groups[0]!.edit.value).toHaveLength(100);
    expect(many.report.groups[0]!.incomplete).toMatch(/run the report again/);
    // One response holding the values past its first 10,000 places.
    const long = await enumReport(1, () => [...Array.from({ length: MAX_ENUM_PLACES }, () => "ACTIVE"), "Z1", "Z2"]);
    expect(long.report.groups[0]!.incomplete).toMatch(/run the report again/);
    // No place kept of the finding (the report's memory bound for kept bodies): the edit holds the samples only.
    const unkept = await enumReport(1, () => ["S1", "S2", "S3", "S4"], { limits: { maxKeptPlaces: 0 } });
    expect(unkept.report.groups[0]!.edit.value).toEqual(["S1", "S2", "S3"]);
    expect(unkept.report.groups[0]!.incomplete).toMatch(/run the report again/);
    // No body of the finding kept (one over 16 MiB is not; here, none was received through the report's fetch).
    const listings = (_emulator: unknown, { validate }: Options) => [
      {
        api: "otc-vpc",
        target: "emulator",
        run: async () => validate.onDrift(subnetFinding("/subnets/0/status", "enum", ["S1", "S2", "S3"], { count: 9 })),
      },
    ];
    const bodiless = await collectDrift({ root: ROOT, listings, emulator: async () => undefined, loadValidators });
    expect(bodiless.groups[0]!.edit.value).toEqual(["S1", "S2", "S3"]);
    expect(bodiless.groups[0]!.incomplete).toMatch(/run the report again/);
    // Findings not shown (here past the report's groups; a client's past its 100 of a response alike).
    const notShown = await enumReport(1, () => ["S1"], {
      limits: { maxGroups: 1 },
      extra: () => [subnetFinding("/subnets/0/mtu", "undeclared-property", [1500])],
    });
    expect(notShown.report.omitted).toBe(1);
    expect(notShown.report.groups[0]!.incomplete).toMatch(/run the report again/);
    // Findings not shown of another operation say nothing of this one's values.
    const elsewhere = await enumReport(1, () => ["S1"], {
      limits: { maxGroups: 1 },
      extra: () => [
        subnetFinding("/subnet/mtu", "undeclared-property", [1500], {
          operationId: "showSubnet",
          path: "/v1/{project_id}/subnets/{subnet_id}",
        }),
      ],
    });
    expect(elsewhere.report.omitted).toBe(1);
    expect(elsewhere.report.groups[0]!.incomplete).toBeUndefined();
    // Within the limits: nothing to say.
    const few = await enumReport(2, (page) => [`S${page}`, `T${page}`]);
    expect(few.report.groups[0]!.incomplete).toBeUndefined();
  });

  it("the enum edit combined into a type finding's (a null seen): the enum finding still says to run the report again", async () => {
    const nulls = (page: number): Drift[] =>
      page === 0 ? [subnetFinding("/subnets/0/status", "type", [null], { actualTypes: ["null"] })] : [];
    const { report, text } = await enumReport(18, (page) => (page === 0 ? [null, "S0"] : [`S${page}`]), {
      extra: nulls,
    });
    const enumGroup = report.groups.find((g: Group) => g.kind === "enum")!;
    expect(enumGroup.edit.combinedWith).toBeDefined();
    expect(text).toContain(`    (${enumGroup.incomplete})`);
  });

  it("a value of the responses that holds a credential (the report's redactor finds it) makes the edit a note, never written", async () => {
    const secret = "tok-secret-abcdef123456";
    const redact = (text: string) => text.split(secret).join("[REDACTED]");
    const { report } = await enumReport(1, () => ["S1", "S2", "S3", secret, "S4"], { redact });
    expect(report.groups[0]!.edit).toEqual({
      note: expect.stringMatching(/^a value to add to the enum was redacted .*write it by hand/),
    });
  });
});
