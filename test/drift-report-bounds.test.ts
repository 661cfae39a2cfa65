// What `npm run drift`'s report (scripts/lib/drift-report.mjs) holds is bounded whatever the listings
// report: a server can make a new group of findings with every item (a property name no other item
// has), and keep doing so on an endless list. Each finding is folded into its group as it arrives; the
// groups beyond the limit, and the pointers and body places beyond theirs, are only counted. Driven with
// small limits (collectDrift's `limits`) and listings that report findings as a client's onDrift would.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneLine, showableYaml } from "../src/cli/output.js";
import type { Drift } from "../src/core/drift.js";
import { CONFLUENT_LIST, loadListValidators, subnetDrift } from "./support/drift-findings.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";
// @ts-expect-error untyped project script
import { MAX_GROUPS, collectDrift, formatDrift } from "../scripts/lib/drift-report.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const loadValidators = loadListValidators;

type Options = { validate: { onDrift: (drift: Drift) => void }; fetch: typeof fetch };
type Group = { pointer: string; count: number; edit: { note?: string; action?: string }; moreEdits?: unknown[] };
type Report = { groups: Group[]; failures: unknown[]; omitted?: number; stopped?: unknown[] };

/** Each item of the page has one property no other item has: `p<page>_<i>`, a group of its own. */
const PAGES = 3;
const ITEMS = 10;
const uniqueName = (page: number, i: number) => `p${page}_${i}`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (request.url.includes("private-link-attachment-connections")) {
      const kind = request.url.endsWith("page=1")
        ? "GcpPrivateLinkAttachmentConnection"
        : "AwsPrivateLinkAttachmentConnection";
      sendJson(res, 200, { data: [{ spec: { cloud: { kind, region: "r" } } }] });
      return;
    }
    const page = Number(new URL(request.url, server.url).searchParams.get("page"));
    sendJson(res, 200, {
      subnets: Array.from({ length: ITEMS }, (_, i) => ({ id: `s${page}-${i}`, [uniqueName(page, i)]: i })),
    });
  });
});
afterAll(() => server?.close());

/** A listing of PAGES pages, each finding reported after its page was read through the report's fetch, as a client does. */
const hostileListings =
  (then: (onDrift: (drift: Drift) => void) => void = () => {}) =>
  (_emulator: unknown, { validate, fetch }: Options) => [
    {
      api: "otc-vpc",
      target: "emulator",
      run: async () => {
        for (let page = 0; page < PAGES; page++) {
          await (await fetch(`${server.url}/v1/p1/subnets?page=${page}`)).json();
          for (let i = 0; i < ITEMS; i++)
            validate.onDrift(
              subnetDrift({ pointer: `/subnets/${i}/${uniqueName(page, i)}`, actual: i, samples: [i], count: 2 }),
            );
        }
        then(validate.onDrift);
        return { stoppedAtCap: false };
      },
    },
  ];

const collect = (listings: unknown, limits: object): Promise<Report> =>
  collectDrift({ root: ROOT, listings, emulator: async () => undefined, loadValidators, limits });

describe("the report's groups are bounded", () => {
  it("keeps at most maxGroups groups, each with its edit, and counts the places of every finding beyond them", async () => {
    // After the limit is reached, a finding of a group already kept still folds into it.
    const again = (onDrift: (drift: Drift) => void) =>
      onDrift(subnetDrift({ pointer: `/subnets/3/${uniqueName(0, 0)}`, actual: 7, samples: [7], count: 3 }));
    const report = await collect(hostileListings(again), { maxGroups: 4 });
    expect(report.groups.map((g) => [g.pointer, g.count])).toEqual([
      ["/subnets/*/p0_0", 5],
      ["/subnets/*/p0_1", 2],
      ["/subnets/*/p0_2", 2],
      ["/subnets/*/p0_3", 2],
    ]);
    // 30 distinct properties, 4 kept: 26 findings of 2 places each.
    expect(report.omitted).toBe((PAGES * ITEMS - 4) * 2);
    for (const group of report.groups) expect(group.edit).toMatchObject({ action: "add-property" });
  });

  it("says so in the text report: the headline and a line at the end naming the limit", async () => {
    const report = await collect(hostileListings(), { maxGroups: 4 });
    const text: string = formatDrift(report, {
      root: ROOT,
      target: "the emulator",
      show: { line: oneLine, yaml: showableYaml },
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "Spec drift: 4 findings in 1 operation; 52 more places of drift beyond the report's limits, counted but not shown (see the end) (the emulator).",
    );
    expect(lines.at(-1)).toBe(
      `52 more places of drift not shown: a client shows at most 100 findings of one response and only counts the places beyond them, and the report keeps at most ${MAX_GROUPS} findings (groups), whose pointers hold at most 16 MiB between them; the findings of any further one are only counted.`,
    );
  });

  it("adds each response's places a client left out (its findings' `omitted`) once, and no group carries them", async () => {
    const RESPONSE_FINDINGS = Symbol.for("connectivity-clients.drift.responseFindings");
    /** Two responses, each of 3 findings all carrying that response's omitted (40, then 7), as a client hands them out. */
    const clientListings = (_emulator: unknown, { validate, fetch }: Options) => [
      {
        api: "otc-vpc",
        target: "emulator",
        run: async () => {
          for (const [page, omitted] of [
            [0, 40],
            [1, 7],
          ] as const) {
            await (await fetch(`${server.url}/v1/p1/subnets?page=${page}`)).json();
            const findings = [0, 1, 2].map((i) =>
              subnetDrift({ pointer: `/subnets/${i}/extra`, actual: i, samples: [i], omitted }),
            );
            for (const finding of findings) {
              Object.defineProperty(finding, RESPONSE_FINDINGS, { value: findings });
              validate.onDrift(finding);
            }
          }
          return { stoppedAtCap: false };
        },
      },
    ];
    const report = await collect(clientListings, {});
    expect(report.omitted).toBe(47);
    for (const group of report.groups) expect(group).not.toHaveProperty("omitted");
  });

  it("a report within its limits has no `omitted` (the report of a real service is as before)", async () => {
    const report = await collect(hostileListings(), {});
    expect(report.groups).toHaveLength(PAGES * ITEMS);
    expect(report).not.toHaveProperty("omitted");
    expect(report).not.toHaveProperty("stopped");
  });

  it("keeps no new group once the groups' pointers reach maxGroupPointers (a property name can be megabytes long); a later short one still fits", async () => {
    const long = `/subnets/0/${"x".repeat(1000)}`;
    const listings = (_emulator: unknown, { validate }: Options) => [
      {
        api: "otc-vpc",
        target: "emulator",
        run: async () => {
          validate.onDrift(subnetDrift({ pointer: "/subnets/0/a" }));
          validate.onDrift(subnetDrift({ pointer: long, count: 4 }));
          validate.onDrift(subnetDrift({ pointer: "/subnets/0/b" }));
          return { stoppedAtCap: false };
        },
      },
    ];
    const report = await collect(listings, { maxGroupPointers: 500 });
    expect(report.groups.map((g) => g.pointer)).toEqual(["/subnets/*/a", "/subnets/*/b"]);
    expect(report.omitted).toBe(4);
  });

  it("keeps no body place past maxKeptPlaces: an edit inside a oneOf is then made from the finding alone (a note)", async () => {
    const listings = (_emulator: unknown, { validate, fetch }: Options) => [
      {
        api: "confluent",
        target: "emulator",
        run: async () => {
          for (const page of [1, 2]) {
            await (await fetch(`${server.url}/networking/v1/private-link-attachment-connections?page=${page}`)).json();
            validate.onDrift({
              ...subnetDrift({ pointer: "/data/0/spec/cloud/region", actual: "r", samples: ["r"] }),
              vendor: "confluent",
              operationId: CONFLUENT_LIST,
              path: "/networking/v1/private-link-attachment-connections",
            });
          }
          return { stoppedAtCap: false };
        },
      },
    ];
    // With the places kept, one edit per member its objects are (the GCP one, then the AWS one).
    const kept = await collect(listings, {});
    expect([kept.groups[0]!.edit, ...(kept.groups[0]!.moreEdits ?? [])]).toHaveLength(2);
    const none = await collect(listings, { maxKeptPlaces: 0 });
    expect(none.groups).toEqual([expect.objectContaining({ pointer: "/data/*/spec/cloud/region", count: 2 })]);
    expect(none.groups[0]!.edit.note).toEqual(expect.any(String));
    expect(none.groups[0]!.moreEdits).toBeUndefined();
  });
});

describe("a listing stopped at its --max-items", () => {
  it("is named in the report: the headline says not every item was checked, and a line at the end which listing", () => {
    const text: string = formatDrift(
      { groups: [], failures: [], stopped: [{ api: "madconnect list-connections", maxItems: 120 }] },
      { root: ROOT, target: "the emulator", show: { line: oneLine, yaml: showableYaml } },
    );
    expect(text.split("\n")).toEqual([
      "No drift in the responses checked; 1 listing stopped at --max-items, so not every item was checked (see the end) (the emulator).",
      "",
      "madconnect list-connections: the listing stopped at 120 items (--max-items): the list holds more, not all checked.",
    ]);
  });
});
