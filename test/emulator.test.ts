// The emulator over real HTTP on 127.0.0.1, driven by the package's own clients: each API's
// filters, sorting, paging defaults and maxima, MadConnect's lifecycle, auth as each vendor checks
// it, the vendors' 400 bodies, every fault, and determinism.
import * as fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ApiError, PaginationError, RateLimitError } from "../src/core/errors.js";
import { parseJson, stringifyJson } from "../src/core/json.js";
import { listReply } from "../src/emulator/http.js";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ANY_VALUE_OPTIONS, writeOutcome } from "./support/any-values.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../src/otc/index.js";
import {
  EMULATOR_CREDENTIALS,
  OTHER_SCOPE_CONNECTIONS,
  PAGE_SAMPLE_IDS,
  createDataset,
  startEmulator,
  type Emulator,
  type RequestRecord,
} from "../src/emulator/index.js";

const COUNTS = { vpcepConnections: 2500, subnets: 4500, confluentConnections: 730, madconnectConnections: 120 };
const FAST_RETRY = { maxRetries: 2, maxDelayMs: 5 };
const CONNECTIONS = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections" as const;
const SUBNETS = "/v1/{project_id}/subnets" as const;
const PLATTC = "/networking/v1/private-link-attachment-connections" as const;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 42, counts: COUNTS });
});
afterAll(() => emu.close());
afterEach(() => emu.clearFaults());

// The tests run in any order (`--sequence.shuffle`): those that create or delete resources do it on an
// emulator of their own, so that the shared one keeps the COUNTS its listing tests expect.
const SMALL = { vpcepConnections: 20, subnets: 20, confluentConnections: 20, madconnectConnections: 20 };
/** A vendor sample's JSON answer, read field by field. */
type Sample = any;

/** An emulator for this test alone (a small one starts in a few ms), closed when the test ends. */
async function ownEmulator(): Promise<Emulator> {
  const own = await startEmulator({ port: 0, seed: 42, counts: SMALL });
  onTestFinished(() => own.close());
  return own;
}

const { otc, confluent, madconnect } = EMULATOR_CREDENTIALS;
const vpcep = (options: Partial<Parameters<typeof createVpcepClient>[0]> = {}) =>
  createVpcepClient({ baseUrl: emu.url, auth: { token: otc.token }, ...options });
const vpc = (options: Partial<Parameters<typeof createVpcClient>[0]> = {}) =>
  createVpcClient({ baseUrl: emu.url, auth: { token: otc.token }, ...options });
const cflt = (options: Partial<Parameters<typeof createConfluentClient>[0]> = {}) =>
  createConfluentClient({
    baseUrl: emu.url,
    auth: { apiKey: confluent.apiKey, apiSecret: confluent.apiSecret },
    ...options,
  });
const mad = (options: Partial<Parameters<typeof createMadConnectClient>[0]> = {}) =>
  createMadConnectClient({ baseUrl: emu.url, auth: { token: madconnect.token }, ...options });

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(pending: Promise<unknown>): Promise<ApiError> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const path = (extra: Record<string, string> = {}) => ({
  project_id: "any-project",
  vpc_endpoint_service_id: emu.ids.vpcepServiceId,
  ...extra,
});
const basic = `Basic ${Buffer.from(`${confluent.apiKey}:${confluent.apiSecret}`).toString("base64")}`;

describe("OTC VPC Endpoint: list connections", () => {
  it("defaults to 10 connections sorted by created_at desc, with total_count", async () => {
    const client = vpcep();
    const body = await client.unwrap(client.GET(CONNECTIONS, { params: { path: path() } }));
    expect(body.connections).toHaveLength(10);
    expect(body.total_count).toBe(COUNTS.vpcepConnections);
    const created = body.connections.map((c) => c.created_at!);
    expect([...created].sort().reverse()).toEqual(created);
    const newest = [...emu.state.otc.vpcep.services[0]!.connections].sort((a, b) =>
      b.created_at.localeCompare(a.created_at),
    )[0]!;
    expect(body.connections[0]!.id).toBe(newest.id);
  });

  it("pages over all 2500 connections (limit max 1000), each once, signed with AK/SK", async () => {
    const client = vpcep({ auth: { accessKey: otc.accessKey, secretKey: otc.secretKey } });
    const before = emu.requests.length;
    const pages = [];
    for await (const page of client.paginate(CONNECTIONS, { params: { path: path() } }, { pageSize: 5000 }).pages())
      pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([1000, 1000, 500]);
    expect(pages.every((p) => p.total === COUNTS.vpcepConnections)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(new Set(ids).size).toBe(COUNTS.vpcepConnections);
    expect(new Set(ids)).toEqual(new Set(emu.state.otc.vpcep.services[0]!.connections.map((c) => c.id)));
    expect(emu.requests.slice(before).map((r) => [r.status, r.query.limit])).toEqual([
      [200, "1000"],
      [200, "1000"],
      [200, "1000"],
    ]);
  });

  it("keeps int64 marker_id values above 2^53 exact, and filters by marker_id, id and status", async () => {
    const client = vpcep();
    const big = emu.state.otc.vpcep.services[0]!.connections.find(
      (c) => c.marker_id > BigInt(Number.MAX_SAFE_INTEGER),
    )!;
    expect(big).toBeDefined();
    const byMarker = await client.unwrap(
      client.GET(CONNECTIONS, { params: { path: path(), query: { marker_id: big.marker_id.toString() } } }),
    );
    expect(byMarker.total_count).toBe(1);
    expect(byMarker.connections[0]!.marker_id).toBe(big.marker_id);
    expect(typeof byMarker.connections[0]!.marker_id).toBe("bigint");

    const byId = await client.unwrap(client.GET(CONNECTIONS, { params: { path: path(), query: { id: big.id } } }));
    expect(byId.connections.map((c) => c.id)).toEqual([big.id]);

    const accepted = emu.state.otc.vpcep.services[0]!.connections.filter((c) => c.status === "accepted");
    const all = await client
      .paginate(CONNECTIONS, { params: { path: path(), query: { status: "accepted" } } }, { pageSize: 1000 })
      .toArray();
    expect(all).toHaveLength(accepted.length);
    expect(all.every((c) => c.status === "accepted")).toBe(true);
  });

  it("sorts by sort_key and sort_dir, and honours offset", async () => {
    const client = vpcep();
    for (const sort_key of ["created_at", "updated_at"] as const) {
      for (const sort_dir of ["asc", "desc"] as const) {
        const body = await client.unwrap(
          client.GET(CONNECTIONS, { params: { path: path(), query: { sort_key, sort_dir, limit: 1000 } } }),
        );
        const values = body.connections.map((c) => c[sort_key]!);
        const sorted = [...values].sort();
        expect(values).toEqual(sort_dir === "asc" ? sorted : sorted.reverse());
      }
    }
    // Huawei's own SDKs spell the keys create_at and update_at: the emulator takes those too.
    for (const [sdkKey, pageKey] of [
      ["create_at", "created_at"],
      ["update_at", "updated_at"],
    ] as const) {
      const ids = async (sort_key: string) =>
        (
          await client.unwrap(
            client.GET(CONNECTIONS, { params: { path: path(), query: { sort_key: sort_key as never, limit: 50 } } }),
          )
        ).connections.map((c) => c.id);
      expect(await ids(sdkKey)).toEqual(await ids(pageKey));
    }
    const tail = await client.unwrap(client.GET(CONNECTIONS, { params: { path: path(), query: { offset: 2495 } } }));
    expect(tail.connections).toHaveLength(5);
    expect(tail.total_count).toBe(2500);
  });

  it("scopes connections to their endpoint service", async () => {
    const client = vpcep();
    const other = emu.ids.vpcepServiceIds[1]!;
    const body = await client.unwrap(
      client.GET(CONNECTIONS, { params: { path: path({ vpc_endpoint_service_id: other }), query: { limit: 100 } } }),
    );
    expect(body.total_count).toBe(OTHER_SCOPE_CONNECTIONS);
  });

  it("answers bad parameters with EndPoint.* 400 bodies", async () => {
    const client = vpcep({ retry: false });
    const get = (query: Record<string, unknown>, extra: Record<string, string> = {}) =>
      failure(client.unwrap(client.GET(CONNECTIONS, { params: { path: path(extra), query: query as never } })));
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: 1001 }, "EndPoint.0006"],
      [{ offset: -1 }, "EndPoint.0010"],
      [{ status: "creating" }, "EndPoint.0019"],
      [{ sort_key: "name" }, "EndPoint.0017"],
      [{ sort_dir: "up" }, "EndPoint.0018"],
      [{ marker_id: "12ab" }, "EndPoint.0021"],
    ];
    for (const [query, code] of cases) {
      const error = await get(query);
      expect([error.status, error.code], JSON.stringify(query)).toEqual([400, code]);
      expect((error.body as { request_id?: string }).request_id).toBe(error.requestId);
    }
    expect((await get({}, { vpc_endpoint_service_id: "not-a-uuid" })).code).toBe("EndPoint.3062");
    expect((await get({}, { vpc_endpoint_service_id: "00000000-0000-4000-8000-000000000000" })).code).toBe(
      "EndPoint.2003",
    );
  });
});

describe("OTC VPC Endpoint: list answers follow every change of a connection", () => {
  // The emulator keeps each listed connection's JSON text and the sorted list per query; what it
  // answers must still be exactly what the connections are now, however they were changed.
  let own: Emulator;
  beforeAll(async () => {
    own = await startEmulator({ port: 0, seed: 5, counts: { vpcepConnections: 40 } });
  });
  afterAll(() => own.close());
  const service = () => own.state.otc.vpcep.services[0]!;
  const list = async (query = "limit=1000") => {
    const res = await fetch(`${own.url}/v1/p/vpc-endpoint-services/${own.ids.vpcepServiceId}/connections?${query}`, {
      headers: { "X-Auth-Token": otc.token },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The answer, checked to be the stored connections it lists, written now. */
  async function listMatchingState(): Promise<{ connections: { id: string }[]; total_count: number }> {
    const text = await list();
    const body = parseJson(text) as { connections: { id: string }[]; total_count: number };
    const byId = new Map(service().connections.map((c) => [c.id, c]));
    expect(body.total_count).toBe(service().connections.length);
    expect(text).toBe(
      stringifyJson({ connections: body.connections.map((c) => byId.get(c.id)), total_count: body.total_count }),
    );
    return body;
  }

  it("through the API and written to `state` directly, field by field", async () => {
    const first = await listMatchingState();
    expect(await list()).toBe(await list()); // answered again from what was kept
    const conns = service().connections;
    const pending = conns.find((c) => c.status === "pendingAcceptance" || c.status === "accepted")!;
    const action = await fetch(`${own.url}/v1/p/vpc-endpoint-services/${own.ids.vpcepServiceId}/connections/action`, {
      method: "POST",
      headers: { "X-Auth-Token": otc.token, "Content-Type": "application/json" },
      body: JSON.stringify({ action: "reject", endpoints: [pending.id] }),
    });
    expect(action.status).toBe(200);
    await listMatchingState();

    const target = conns[3]!;
    const changes: (() => void)[] = [
      () => (target.status = target.status === "accepted" ? "failed" : "accepted"),
      () => (target.marker_id = 2n ** 60n + 7n),
      () => (target.marker_id = 17n),
      () => (target.error = [{ error_code: "EndPoint.4010", error_message: "Failed to create a port." }]),
      () => (target.error![0]!.error_message = "changed in place"),
      () => target.error!.push({ error_code: "EndPoint.4011", error_message: "another" }),
      () => delete target.error,
      () => delete (target as Partial<typeof target>).domain_id,
      () => (target.domain_id = "0123456789abcdef0123456789abcdef"),
      // the same keys in another order
      () => {
        const status = target.status;
        delete (target as Partial<typeof target>).status;
        target.status = status;
      },
      () => Object.assign(target, { extra: "a field the API does not have" }),
    ];
    for (const change of changes) {
      change();
      await listMatchingState();
    }
    expect(first.connections).toHaveLength(40);
  });

  it("a list answer is byte for byte what stringifyJson writes, whatever the records are", () => {
    class Item {
      constructor(readonly n: bigint) {}
    }
    const shared = { id: "same object twice", n: 2n ** 63n - 1n };
    const values: Record<string, unknown>[] = [
      { connections: [], total_count: 0 },
      { connections: [shared, shared, { nested: { deep: [1n, { x: null }] } }], total_count: 2 },
      { items: [{ when: new Date(0) }, { toJSON: () => "custom" }], skipped: undefined, fn: () => 1 },
      { items: [new Item(5n), { plain: true }], n: 1n },
      { items: [1, "two", null, [3n]], more: [Object.assign(Object.create(null) as object, { a: 1n })] },
      Object.assign(Object.create(null) as Record<string, unknown>, { list: [{ a: 1 }] }),
    ];
    for (const json of values) {
      for (let round = 0; round < 2; round++) {
        const reply = listReply(200, json);
        expect(reply.jsonBytes?.toString("utf8") ?? stringifyJson(reply.json)).toBe(stringifyJson(json));
      }
    }
  });

  it("property: a list answer is what stringifyJson writes, over any values, written again or not", () => {
    fc.assert(
      fc.property(
        fc.array(fc.object(ANY_VALUE_OPTIONS), { maxLength: 6 }),
        fc.anything(ANY_VALUE_OPTIONS),
        (records, other) => {
          const json = { records, other };
          const expected = writeOutcome(() => stringifyJson(json));
          for (let round = 0; round < 2; round++) {
            const written = writeOutcome(() => {
              const reply = listReply(200, json);
              return reply.jsonBytes?.toString("utf8") ?? stringifyJson(reply.json);
            });
            expect(written).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("nothing kept is reused on the strength of an inherited property", () => {
    const record: Record<string, unknown> = { a: 1, b: 2 };
    const json = { list: [record] };
    expect(listReply(200, json).jsonBytes!.toString()).toBe('{"list":[{"a":1,"b":2}]}');
    delete record.b;
    Object.defineProperty(Object.prototype, "b", { value: 2, enumerable: true, configurable: true, writable: true });
    try {
      expect(listReply(200, json).jsonBytes!.toString()).toBe('{"list":[{"a":1}]}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).b;
    }
    expect(listReply(200, json).jsonBytes!.toString()).toBe('{"list":[{"a":1}]}');
  });

  it("connections added, removed, or the list replaced", async () => {
    const template = service().connections[0]!;
    service().connections.push({
      ...template,
      id: "00000000-0000-4000-8000-000000000001",
      created_at: "2099-01-01T00:00:00Z",
    });
    const added = await listMatchingState();
    expect(added.connections[0]!.id).toBe("00000000-0000-4000-8000-000000000001");
    service().connections.splice(0, 1);
    expect((await listMatchingState()).connections).toHaveLength(40);
    service().connections = service().connections.slice(0, 10);
    expect((await listMatchingState()).connections).toHaveLength(10);
    own.reset();
    expect((await listMatchingState()).connections).toHaveLength(40);
  });
});

describe("OTC VPC: list subnets", () => {
  it("pages over all 4500 subnets with the default limit (2000), each once", async () => {
    const client = vpc();
    const pages = [];
    for await (const page of client.paginate(SUBNETS, { params: { path: { project_id: "p" } } }).pages())
      pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([2000, 2000, 500]);
    const ids = pages.flatMap((p) => p.items.map((s) => s.id));
    expect(ids).toEqual(emu.state.otc.vpc.subnets.map((s) => s.id));
    expect(new Set(ids).size).toBe(COUNTS.subnets);
  });

  it("continues after the marker and filters by vpc_id", async () => {
    const client = vpc({ auth: { accessKey: otc.accessKey, secretKey: otc.secretKey } });
    const all = emu.state.otc.vpc.subnets;
    const page = await client.unwrap(
      client.GET(SUBNETS, { params: { path: { project_id: "p" }, query: { marker: all[9]!.id, limit: 10 } } }),
    );
    expect(page.subnets.map((s) => s.id)).toEqual(all.slice(10, 20).map((s) => s.id));
    const vpcId = emu.ids.vpcIds[1]!;
    const filtered = await client
      .paginate(SUBNETS, { params: { path: { project_id: "p" }, query: { vpc_id: vpcId } } }, { pageSize: 500 })
      .toArray();
    expect(filtered.map((s) => s.id)).toEqual(all.filter((s) => s.vpc_id === vpcId).map((s) => s.id));
    expect(filtered.every((s) => s.ipv6_enable || s.cidr_v6 === undefined)).toBe(true);
  });

  it("answers a bad limit or an unknown marker with VPC.0201", async () => {
    const client = vpc({ retry: false });
    for (const query of [{ limit: -1 }, { marker: "00000000-0000-4000-8000-000000000000" }]) {
      const error = await failure(client.unwrap(client.GET(SUBNETS, { params: { path: { project_id: "p" }, query } })));
      expect([error.status, error.code, error.message]).toEqual([
        400,
        "VPC.0201",
        expect.stringContaining("Query subnets list error."),
      ]);
    }
  });

  it("accepts only the configured project ids when `projects` is set", async () => {
    const strict = await startEmulator({ seed: 1, projects: ["p-ok"], counts: { subnets: 3 } });
    try {
      const client = createVpcClient({ baseUrl: strict.url, auth: { token: otc.token }, retry: false });
      const ok = await client.unwrap(client.GET(SUBNETS, { params: { path: { project_id: "p-ok" } } }));
      expect(ok.subnets).toHaveLength(3);
      const error = await failure(client.unwrap(client.GET(SUBNETS, { params: { path: { project_id: "p-no" } } })));
      expect([error.status, error.code]).toEqual([400, "VPC.0007"]);
      const ep = createVpcepClient({ baseUrl: strict.url, auth: { token: otc.token }, retry: false });
      const epError = await failure(
        ep.unwrap(
          ep.GET(CONNECTIONS, {
            params: { path: { project_id: "p-no", vpc_endpoint_service_id: strict.ids.vpcepServiceId } },
          }),
        ),
      );
      expect([epError.status, epError.code]).toEqual([400, "EndPoint.0014"]);
    } finally {
      await strict.close();
    }
  });
});

describe("Confluent: list private link attachment connections", () => {
  it("pages over all 730 connections of the environment (page_size max 100), each once", async () => {
    const client = cflt();
    const pages = [];
    for await (const page of client
      .paginate(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironment } } }, { pageSize: 1000 })
      .pages())
      pages.push(page);
    expect(pages).toHaveLength(8);
    expect(pages.slice(0, 7).every((p) => p.items.length === 100)).toBe(true);
    expect(pages.every((p) => p.total === COUNTS.confluentConnections)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(new Set(ids).size).toBe(COUNTS.confluentConnections);
    expect(ids.every((id) => /^plattc-[a-z0-9]+$/.test(id))).toBe(true);
    const first = pages[0]!.items[0]!;
    expect(first.metadata.self).toBe(`${emu.url}${PLATTC}/${first.id}`);
    expect(first.metadata.resource_name).toMatch(
      /^crn:\/\/confluent\.cloud\/organization=.+\/private-link-attachment-connection=plattc-/,
    );
  });

  it("defaults to 10 per page, with first/last/next links on its own origin and a total", async () => {
    const client = cflt({ auth: { token: confluent.token } });
    const body = await client.unwrap(
      client.GET(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironment } } }),
    );
    expect(body.data).toHaveLength(10);
    expect(body.metadata.total_size).toBe(COUNTS.confluentConnections);
    const next = new URL(body.metadata.next!);
    expect(next.origin).toBe(emu.url);
    expect(next.searchParams.get("page_token")).toBeTruthy();
    expect(body.metadata.first).toMatch(new RegExp(`^${emu.url}${PLATTC}\\?`));
    expect(body.metadata.prev).toBeUndefined();
    const second = await client.unwrap(
      client.GET(PLATTC, {
        params: {
          query: { environment: emu.ids.confluentEnvironment, page_token: next.searchParams.get("page_token")! },
        },
      }),
    );
    expect(second.metadata.prev).toBe(body.metadata.first);
    expect(second.data[0]!.id).not.toBe(body.data[0]!.id);
  });

  it("filters by environment and spec.private_link_attachment", async () => {
    const client = cflt();
    const other = await client
      .paginate(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironments[1]! } } })
      .toArray();
    expect(other).toHaveLength(OTHER_SCOPE_CONNECTIONS);
    const attachment = emu.ids.confluentAttachments[0]!;
    const filtered = await client
      .paginate(
        PLATTC,
        {
          params: { query: { environment: emu.ids.confluentEnvironment, "spec.private_link_attachment": attachment } },
        },
        { pageSize: 100 },
      )
      .toArray();
    const expected = emu.state.confluent.connections.filter((c) => c.private_link_attachment === attachment);
    expect(filtered.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(filtered.every((c) => c.spec.private_link_attachment.id === attachment)).toBe(true);
  });

  it("page_size runs from 1 to the definition's maximum; x-max-page-items is not applied (the wrapper's x-decisions)", async () => {
    const read = (file: string) => parse(readFileSync(new URL(`../specs/confluent/${file}`, import.meta.url), "utf8"));
    const page = read("private-link-attachment-connections.yaml") as {
      paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }>;
    };
    const schema = page.paths[PLATTC]!.get.parameters.find((p) => p.name === "page_size")!.schema;
    expect([schema.maximum, schema.minimum, schema["x-max-page-items"]]).toEqual([100, undefined, 500]);
    const decisions = (read("openapi.yaml") as { "x-operation-additions": Record<string, { "x-decision"?: string }> })[
      "x-operation-additions"
    ];
    const list = decisions.listNetworkingV1PrivateLinkAttachmentConnections!["x-decision"];
    expect(list).toMatch(/`maximum: 100` as the limit of one page/);
    expect(list).toMatch(/x-max-page-items.*neither applies nor relies on/s);
    expect(list).toMatch(/assumes page_size >= 1/);
    const create = decisions.createNetworkingV1PrivateLinkAttachmentConnection!["x-decision"];
    expect(create).toMatch(/private_service_connect_connection_id.*keeps the id sent/s);

    const client = cflt({ retry: false });
    const environment = emu.ids.confluentEnvironment;
    const listed = (page_size: number) =>
      client.unwrap(client.GET(PLATTC, { params: { query: { environment, page_size } } }));
    expect((await listed(1)).data).toHaveLength(1);
    expect((await listed(100)).data).toHaveLength(100);
    for (const size of [0, 101]) expect((await failure(listed(size))).code).toBe("invalid_page_size");
    // A listing longer than x-max-page-items is served whole: "pages over all 730 connections", above.
    expect(COUNTS.confluentConnections).toBeGreaterThan(500);
  });

  it("answers bad parameters with errors[] naming the parameter", async () => {
    const client = cflt({ retry: false });
    const env = emu.ids.confluentEnvironment;
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{}, 400, "invalid_filter", "environment"],
      [{ environment: env, page_size: 101 }, 400, "invalid_page_size", "page_size"],
      [{ environment: env, page_size: 0 }, 400, "invalid_page_size", "page_size"],
      [{ environment: env, page_token: "bm90LWEtdG9rZW4" }, 400, "invalid_page_token", "page_token"],
      [{ environment: "env-nope0" }, 403, "user_unauthorized", undefined],
    ];
    for (const [query, status, code, parameter] of cases) {
      const error = await failure(client.unwrap(client.GET(PLATTC, { params: { query: query as never } })));
      expect([error.status, error.code], JSON.stringify(query)).toEqual([status, code]);
      const item = (error.body as { errors: { source?: { parameter?: string } }[] }).errors[0]!;
      expect(item.source?.parameter).toBe(parameter);
    }
    // A token is bound to the filter it was issued for.
    const page = await client.unwrap(client.GET(PLATTC, { params: { query: { environment: env } } }));
    const token = new URL(page.metadata.next!).searchParams.get("page_token")!;
    const reused = await failure(
      client.unwrap(
        client.GET(PLATTC, {
          params: { query: { environment: emu.ids.confluentEnvironments[1]!, page_token: token } },
        }),
      ),
    );
    expect(reused.code).toBe("invalid_page_token");
  });

  it("sends X-RateLimit-* on every answer and 429 past the window's limit", async () => {
    const limited = await startEmulator({ seed: 3, confluentRateLimit: { limit: 2, windowSeconds: 60 } });
    try {
      const url = `${limited.url}${PLATTC}?environment=${limited.ids.confluentEnvironment}`;
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await fetch(url, { headers: { Authorization: basic } }));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(answers.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["1", "0", "0"]);
      expect(answers.every((r) => r.headers.get("x-ratelimit-limit") === "2")).toBe(true);
      expect(Number(answers[2]!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(answers[2]!.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
      expect(answers[2]!.headers.get("content-type")).toBeNull(); // the spec's 429 declares no content
      expect(await answers[2]!.text()).toBe("");
    } finally {
      await limited.close();
    }
  });
});

describe("MadConnect: connections", () => {
  it("pages over all 120 connections of the account with the default size, each once", async () => {
    const client = mad();
    const before = emu.requests.length;
    const all = await client.paginate("/es/v2/connections").toArray();
    expect(all).toHaveLength(COUNTS.madconnectConnections);
    expect(new Set(all.map((c) => c.id)).size).toBe(COUNTS.madconnectConnections);
    expect(all.every((c) => c.accountId === emu.ids.madconnectAccountId && /^[0-9a-f]{16}$/.test(c.id!))).toBe(true);
    expect(emu.requests.slice(before).map((r) => r.query.size)).toEqual(Array(13).fill(undefined));
  });

  it("scopes to the sub-account named by accountId and refuses unknown accounts", async () => {
    const sub = mad({ accountId: emu.ids.madconnectSubAccountIds[0] });
    const all = await sub.paginate("/es/v2/connections").toArray();
    expect(all).toHaveLength(OTHER_SCOPE_CONNECTIONS);
    expect(all.every((c) => c.accountId === "a3ba4fbd9d51df11")).toBe(true);
    const error = await failure(
      mad({ accountId: "ffffffffffffffff", retry: false }).paginate("/es/v2/connections").toArray(),
    );
    expect([error.status, error.code]).toEqual([403, "403"]);
  });

  it("filters by status and keyword", async () => {
    const client = mad();
    const active = await client.paginate("/es/v2/connections", { params: { query: { status: "active" } } }).toArray();
    const expected = emu.state.madconnect.connections.filter(
      (c) => c.accountId === emu.ids.madconnectAccountId && c.status === "active" && !c.deleted,
    );
    expect(active.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    const snow = await client.paginate("/es/v2/connections", { params: { query: { q: "SNOWFLAKE" } } }).toArray();
    expect(snow.length).toBeGreaterThan(0);
    expect(snow.every((c) => `${c.name} ${c.src?.connectorName}`.toLowerCase().includes("snowflake"))).toBe(true);
  });

  it("creates, gets, updates, changes the status of and deletes a connection", async () => {
    const own = await ownEmulator();
    const client = mad({ baseUrl: own.url });
    const created = await client.unwrap(
      client.POST("/es/v2/connections", {
        body: {
          name: "Sample Connection",
          srcConnectorId: "STWkG5hhS3EvG511",
          destConnectorId: "13a4e0ca00af0011",
          srcConfigurationId: null,
          destConfigurationId: null,
          srcConnectionConfig: { bucketURI: "s3://snowflake-native-app-test/connectors/sample-csv" },
          destConnectionConfig: { advertiserId: "12345", audienceSource: "USER_PROVIDED_ONLY" },
        },
      }),
    );
    // The page documents the create answer as `response: {}`: the new connection is found by name.
    expect(created.response).toEqual({});
    const [found] = await client
      .paginate("/es/v2/connections", { params: { query: { q: "Sample Connection" } } })
      .toArray();
    const id = found!.id!;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(found).toMatchObject({
      status: "In-progress",
      enabled: false,
      src: { configured: true },
      dest: { configured: true },
    });
    const get = async () =>
      (
        await client.unwrap(
          client.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: id } } }),
        )
      ).response!;
    expect((await get()).name).toBe("Sample Connection");

    await client.unwrap(
      client.PUT("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: id } },
        body: {
          name: "Renamed",
          destConnectionConfig: { advertiserId: "123456", audienceSource: "USER_PROVIDED_ONLY" },
        },
      }),
    );
    expect((await get()).name).toBe("Renamed");

    const setStatus = (status: "activate" | "enable" | "disable") =>
      client.unwrap(
        client.PUT("/es/v2/connections/{connection_id}/status/{status}", {
          params: { path: { connection_id: id, status } },
        }),
      );
    await setStatus("activate");
    expect(await get()).toMatchObject({ status: "active", enabled: true });
    await setStatus("disable");
    expect(await get()).toMatchObject({ status: "disabled", enabled: false });
    await setStatus("enable");
    expect(await get()).toMatchObject({ status: "active", enabled: true });

    await client.unwrap(
      client.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: id } } }),
    );
    expect(await get()).toMatchObject({ id, deleted: true, status: "deleted" });
    // "All connections returned if empty or all": the deleted one too; a status filter leaves it out.
    const listed = await client.paginate("/es/v2/connections").toArray();
    expect(listed.find((c) => c.id === id)).toMatchObject({ deleted: true, status: "deleted" });
    expect(listed).toHaveLength(SMALL.madconnectConnections + 1);
    const active = await client.paginate("/es/v2/connections", { params: { query: { status: "active" } } }).toArray();
    expect(active.some((c) => c.id === id)).toBe(false);
    const deleted = await client.paginate("/es/v2/connections", { params: { query: { status: "deleted" } } }).toArray();
    expect(deleted.map((c) => c.id)).toEqual([id]);

    // Changing a deleted connection: HTTP 200 with a non-zero statusCode, which the client turns into ApiError.
    const refused = await failure(setStatus("activate"));
    expect([refused.status, refused.code]).toEqual([200, "409"]);
  });

  it("answers bad parameters, bodies and ids with a non-zero statusCode", async () => {
    const client = mad({ retry: false });
    const list = (query: Record<string, unknown>) =>
      failure(client.unwrap(client.GET("/es/v2/connections", { params: { query: query as never } })));
    expect((await list({ size: 0 })).code).toBe("400");
    expect((await list({ offset: -5 })).code).toBe("400");
    expect((await list({ status: "paused" })).code).toBe("400");
    const missing = await failure(client.unwrap(client.POST("/es/v2/connections", { body: { name: "x" } as never })));
    expect([missing.status, missing.code, missing.message]).toEqual([
      400,
      "400",
      expect.stringContaining("srcConnectorId"),
    ]);
    const unknown = await failure(
      client.unwrap(
        client.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "0000000000000000" } } }),
      ),
    );
    expect([unknown.status, unknown.code]).toEqual([404, "404"]);
    const badAction = await failure(
      client.unwrap(
        client.PUT("/es/v2/connections/{connection_id}/status/{status}", {
          params: { path: { connection_id: emu.state.madconnect.connections[0]!.id, status: "pause" as never } },
        }),
      ),
    );
    expect(badAction.code).toBe("400");
  });
});

describe("OTC VPC Endpoint: accept or reject a connection", () => {
  const ACTION = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action" as const;

  it("accepts and rejects one endpoint, and the list shows the new status", async () => {
    const client = vpcep({ auth: { accessKey: otc.accessKey, secretKey: otc.secretKey } });
    const pending = emu.state.otc.vpcep.services[0]!.connections.find((c) => c.status === "pendingAcceptance")!;
    const accepted = await client.unwrap(
      client.POST(ACTION, { params: { path: path() }, body: { endpoints: [pending.id], action: "receive" } }),
    );
    expect(accepted.connections.map((c) => [c.id, c.status])).toEqual([[pending.id, "accepted"]]);
    expect(accepted.connections[0]!.marker_id).toBe(
      pending.marker_id > BigInt(Number.MAX_SAFE_INTEGER) ? pending.marker_id : Number(pending.marker_id),
    );
    const listed = await client.unwrap(
      client.GET(CONNECTIONS, { params: { path: path(), query: { id: pending.id } } }),
    );
    expect(listed.connections[0]!.status).toBe("accepted");
    const rejected = await client.unwrap(
      client.POST(ACTION, { params: { path: path() }, body: { endpoints: [pending.id], action: "reject" } }),
    );
    expect(rejected.connections[0]!.status).toBe("rejected");
  });

  it("answers the appendix's codes for a bad action, several endpoints, a failed or foreign endpoint", async () => {
    const client = vpcep({ retry: false });
    const conns = emu.state.otc.vpcep.services[0]!.connections;
    const failed = conns.find((c) => c.status === "failed")!;
    const foreign = emu.state.otc.vpcep.services[1]!.connections[0]!;
    const post = (body: unknown) =>
      failure(client.unwrap(client.POST(ACTION, { params: { path: path() }, body: body as never })));
    const cases: [unknown, number, string][] = [
      [{ endpoints: [conns[0]!.id], action: "accept" }, 400, "EndPoint.0007"],
      [{ endpoints: [conns[0]!.id, conns[1]!.id], action: "receive" }, 400, "EndPoint.2031"],
      [{ endpoints: [], action: "receive" }, 400, "EndPoint.0002"],
      [{ endpoints: [failed.id], action: "receive" }, 400, "EndPoint.2047"],
      [{ endpoints: [foreign.id], action: "receive" }, 400, "EndPoint.2013"],
      [{ endpoints: ["f0e1d2c3-b4a5-4968-8776-655443322110"], action: "receive" }, 404, "EndPoint.2006"],
    ];
    for (const [body, status, code] of cases) {
      const error = await post(body);
      expect([error.status, error.code], JSON.stringify(body)).toEqual([status, code]);
    }
  });
});

describe("OTC VPC: create, show, update and delete a subnet", () => {
  it("runs the whole lifecycle; the list shows the subnet until it is deleted", async () => {
    const own = await ownEmulator();
    const client = vpc({ baseUrl: own.url, auth: { accessKey: otc.accessKey, secretKey: otc.secretKey } });
    const vpcId = own.ids.vpcIds[0]!;
    const created = await client.unwrap(
      client.POST(SUBNETS, {
        params: { path: { project_id: "p" } },
        body: {
          subnet: {
            name: "subnet",
            cidr: "192.168.20.0/24",
            gateway_ip: "192.168.20.1",
            vpc_id: vpcId,
            ipv6_enable: true,
            dhcp_enable: true,
            primary_dns: "100.125.4.25",
            extra_dhcp_opts: [{ opt_value: "10.100.0.33,10.100.0.34", opt_name: "ntp" }],
          },
        },
      }),
    );
    const id = created.subnet.id;
    expect(created.subnet).toMatchObject({ name: "subnet", status: "UNKNOWN", dhcp_enable: true, ipv6_enable: true });
    expect(created.subnet.cidr_v6).toMatch(/^2001:db8:/);
    expect(created.subnet.dnsList).toEqual(["100.125.4.25"]);
    const show = async () =>
      (
        await client.unwrap(
          client.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: id } } }),
        )
      ).subnet;
    expect(await show()).toMatchObject({ id, status: "ACTIVE" });
    const listed = await client
      .paginate(SUBNETS, { params: { path: { project_id: "p" }, query: { vpc_id: vpcId } } })
      .toArray();
    expect(listed.at(-1)!.id).toBe(id);

    const updated = await client.unwrap(
      client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", vpc_id: vpcId, subnet_id: id } },
        body: {
          subnet: {
            name: "subnet02",
            dhcp_enable: false,
            extra_dhcp_opts: [{ opt_value: "24h", opt_name: "addresstime" }],
          },
        },
      }),
    );
    expect(updated.subnet).toEqual({ id, status: "ACTIVE" });
    expect(await show()).toMatchObject({ name: "subnet02", dhcp_enable: false, extra_dhcp_opts: [] });

    const removed = await client.DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
      params: { path: { project_id: "p", vpc_id: vpcId, subnet_id: id } },
    });
    expect(removed.response.status).toBe(204);
    const gone = await failure(show());
    expect([gone.status, gone.code]).toEqual([404, "VPC.0202"]);
    expect(own.state.otc.vpc.subnets).toHaveLength(SMALL.subnets);
  });

  it("answers the VPC error codes for bad bodies, conflicts and the wrong VPC", async () => {
    const client = vpc({ retry: false });
    const vpcId = emu.ids.vpcIds[0]!;
    const existing = emu.state.otc.vpc.subnets.find((s) => s.vpc_id === vpcId)!;
    const create = (subnet: Record<string, unknown>) =>
      failure(
        client.unwrap(client.POST(SUBNETS, { params: { path: { project_id: "p" } }, body: { subnet } as never })),
      );
    const base = { name: "s1", cidr: "172.16.0.0/24", gateway_ip: "172.16.0.1", vpc_id: vpcId };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, name: "bad name!" }, 400, "VPC.0201"],
      [{ ...base, cidr: "172.16.0.0/29" }, 400, "VPC.0212"],
      [{ ...base, cidr: "172.16.0.5/24" }, 400, "VPC.0212"],
      [{ ...base, gateway_ip: "172.16.1.1" }, 400, "VPC.0201"],
      [{ ...base, cidr: existing.cidr, gateway_ip: existing.gateway_ip }, 400, "VPC.0204"],
      [{ ...base, vpc_id: "0c0ffee0-ac1c-4630-ad1c-7dba1ed79d85" }, 404, "VPC.0003"],
    ];
    for (const [subnet, status, code] of cases) {
      const error = await create(subnet);
      expect([error.status, error.code], JSON.stringify(subnet)).toEqual([status, code]);
    }
    const otherVpc = emu.ids.vpcIds.find((v) => v !== existing.vpc_id)!;
    const wrongVpc = await failure(
      client.unwrap(
        client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
          params: { path: { project_id: "p", vpc_id: otherVpc, subnet_id: existing.id } },
          body: { subnet: { name: "x", dhcp_enable: true } },
        }),
      ),
    );
    expect([wrongVpc.status, wrongVpc.code]).toEqual([400, "VPC.0207"]);
    const notUuid = await failure(
      client.unwrap(
        client.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: "abc" } } }),
      ),
    );
    expect([notUuid.status, notUuid.code]).toEqual([400, "VPC.0201"]);
  });

  it("follows the pages' DNS rules on create and update", async () => {
    const own = await ownEmulator();
    const client = vpc({ baseUrl: own.url, retry: false });
    const vpcId = own.ids.vpcIds[1]!;
    const subnet = (third: number, dns: Record<string, unknown>) => ({
      name: `dns-${third}`,
      cidr: `172.31.${third}.0/24`,
      gateway_ip: `172.31.${third}.1`,
      vpc_id: vpcId,
      ...dns,
    });
    const create = (body: Record<string, unknown>) =>
      client.unwrap(client.POST(SUBNETS, { params: { path: { project_id: "p" } }, body: { subnet: body } as never }));
    // Only secondary_dns given: primary_dns takes its value, and is the only one shown ("If there is
    // only one DNS server address, only primary_dns is displayed"), in the answer and when read back.
    const secondaryOnly = (await create(subnet(1, { secondary_dns: "100.125.129.199" }))).subnet;
    expect(secondaryOnly).toMatchObject({ primary_dns: "100.125.129.199", dnsList: ["100.125.129.199"] });
    expect(secondaryOnly).not.toHaveProperty("secondary_dns");
    const readBack = await client.unwrap(
      client.GET("/v1/{project_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", subnet_id: secondaryOnly.id } },
      }),
    );
    expect(readBack.subnet).toMatchObject({ primary_dns: "100.125.129.199" });
    expect(readBack.subnet).not.toHaveProperty("secondary_dns");
    const listed = await client.unwrap(
      client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { vpc_id: vpcId } } }),
    );
    expect(listed.subnets.find((s) => s.id === secondaryOnly.id)).not.toHaveProperty("secondary_dns");
    // Two addresses: both shown.
    const both = (await create(subnet(5, { primary_dns: "100.125.4.25", secondary_dns: "100.125.129.199" }))).subnet;
    expect(both).toMatchObject({ primary_dns: "100.125.4.25", secondary_dns: "100.125.129.199" });
    // An IP address (IPv6 too, on create; masked octets as in the pages' examples), nothing else.
    await expect(create(subnet(2, { primary_dns: "2001:db8::53" }))).resolves.toMatchObject({
      subnet: { primary_dns: "2001:db8::53" },
    });
    await expect(create(subnet(3, { primary_dns: "114.xx.xx.114" }))).resolves.toBeDefined();
    for (const dns of [
      { primary_dns: "not-an-ip" },
      { primary_dns: "999.999.999.999" },
      { secondary_dns: "" },
      { dnsList: ["100.125.4.25", "x"] },
    ]) {
      const error = await failure(create(subnet(4, dns)));
      expect([error.status, error.code], JSON.stringify(dns)).toEqual([400, "VPC.0201"]);
    }

    const update = (dns: Record<string, unknown>) =>
      client.unwrap(
        client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
          params: { path: { project_id: "p", vpc_id: vpcId, subnet_id: secondaryOnly.id } },
          body: { subnet: { name: "dns-1", ...dns } },
        }),
      );
    // "IPv6 addresses are not supported"; "secondary_dns must be different from that of primary_dns".
    for (const dns of [
      { primary_dns: "2001:db8::53" },
      { primary_dns: "1.1.1.1", secondary_dns: "1.1.1.1" },
      { secondary_dns: "100.125.129.199" },
    ]) {
      const error = await failure(update(dns));
      expect([error.status, error.code], JSON.stringify(dns)).toEqual([400, "VPC.0201"]);
    }
    await update({ primary_dns: "1.1.1.1", secondary_dns: "1.0.0.1" });
    expect(own.state.otc.vpc.subnets.find((s) => s.id === secondaryOnly.id)).toMatchObject({
      primary_dns: "1.1.1.1",
      secondary_dns: "1.0.0.1",
      dnsList: ["1.1.1.1", "1.0.0.1"],
    });

    // A subnet with no DNS server updated to one secondary address: as on create, it becomes the
    // primary, the only one displayed (the Updating Subnet page says so too).
    const none = (await create(subnet(6, {}))).subnet;
    await client.unwrap(
      client.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", vpc_id: vpcId, subnet_id: none.id } },
        body: { subnet: { name: "dns-6", secondary_dns: "100.125.1.250" } },
      }),
    );
    const shown = await client.unwrap(
      client.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: none.id } } }),
    );
    expect(shown.subnet).toMatchObject({ primary_dns: "100.125.1.250", dnsList: ["100.125.1.250"] });
    expect(shown.subnet).not.toHaveProperty("secondary_dns");
  });
});

describe("Confluent: create, read, update and delete a connection", () => {
  it("creates (202, PROVISIONING), reads (READY), lists, renames and deletes it", async () => {
    const own = await ownEmulator();
    const client = cflt({ baseUrl: own.url });
    const environment = own.ids.confluentEnvironment;
    const attachment =
      own.state.confluent.attachments.find((a) => a.environment === environment && a.cloud === "GCP") ??
      own.state.confluent.attachments.find((a) => a.environment === environment)!;
    const cloud =
      attachment.cloud === "AWS"
        ? { kind: "AwsPrivateLinkAttachmentConnection" as const, vpc_endpoint_id: "vpce-00000000000000000" }
        : attachment.cloud === "AZURE"
          ? {
              kind: "AzurePrivateLinkAttachmentConnection" as const,
              private_endpoint_resource_id:
                "/subscriptions/0/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe",
            }
          : { kind: "GcpPrivateLinkAttachmentConnection" as const };
    const { data, response } = await client.POST(PLATTC, {
      body: {
        spec: {
          display_name: "prod-gcp-us-central1-a",
          cloud,
          environment: { id: environment },
          private_link_attachment: { id: attachment.id },
        },
      } as never,
    });
    expect(response.status).toBe(202);
    const id = data!.id!;
    expect(response.headers.get("location")).toBe(`${own.url}${PLATTC}/${id}`);
    expect(data!.status.phase).toBe("PROVISIONING");

    const one = `${PLATTC}/{id}` as const;
    const read = () => client.unwrap(client.GET(one, { params: { path: { id }, query: { environment } } }));
    const got = await read();
    expect(got.status.phase).toBe("READY");
    expect(got.status.cloud?.kind).toBe(`${cloud.kind}Status`);
    expect(got.spec.display_name).toBe("prod-gcp-us-central1-a");
    const page = await client.unwrap(client.GET(PLATTC, { params: { query: { environment, page_size: 1 } } }));
    expect(page.metadata.total_size).toBe(SMALL.confluentConnections + 1);

    const renamed = await client.unwrap(
      client.PATCH(one, {
        params: { path: { id } },
        body: { spec: { display_name: "renamed", environment: { id: environment } } } as never,
      }),
    );
    expect(renamed.spec.display_name).toBe("renamed");

    const deleted = await client.DELETE(one, { params: { path: { id }, query: { environment } } });
    expect(deleted.response.status).toBe(204);
    const gone = await failure(read());
    expect([gone.status, gone.code]).toEqual([404, "not_found"]);
  });

  it("answers 400, 403, 404, 409 and 422 with errors[]", async () => {
    const client = cflt({ retry: false });
    const environment = emu.ids.confluentEnvironment;
    const existing = emu.state.confluent.connections.find(
      (c) => c.environment === environment && c.cloud.kind !== "GcpPrivateLinkAttachmentConnection",
    )!;
    const post = (body: unknown) => failure(client.unwrap(client.POST(PLATTC, { body: body as never })));
    const duplicate = await post({
      spec: {
        cloud: existing.cloud,
        environment: { id: environment },
        private_link_attachment: { id: existing.private_link_attachment },
      },
    });
    expect([duplicate.status, duplicate.code]).toEqual([409, "resource_already_exists"]);
    const noCloud = await post({
      spec: { environment: { id: environment }, private_link_attachment: { id: existing.private_link_attachment } },
    });
    expect([noCloud.status, noCloud.code]).toEqual([422, "invalid_configuration"]);
    expect((noCloud.body as { errors: { source: { pointer: string } }[] }).errors[0]!.source.pointer).toBe(
      "/spec/cloud/kind",
    );
    // No body at all (the CLI's create with no flags; the spec's requestBody is optional): spec is missing.
    const noBody = await failure(client.unwrap(client.POST(PLATTC, {} as never)));
    expect([noBody.status, noBody.code]).toEqual([422, "invalid_configuration"]);
    expect(noBody.message).toContain(": spec is required (POST ");
    const forbidden = await post({
      spec: { environment: { id: "env-none0" }, private_link_attachment: { id: "platt-x" }, cloud: {} },
    });
    expect(forbidden.status).toBe(403);
    const one = `${PLATTC}/{id}` as const;
    const missingEnv = await failure(
      client.unwrap(client.GET(one, { params: { path: { id: existing.id }, query: {} as never } })),
    );
    expect([missingEnv.status, missingEnv.code]).toEqual([400, "invalid_filter"]);
    const otherEnv = await failure(
      client.unwrap(
        client.GET(one, {
          params: { path: { id: existing.id }, query: { environment: emu.ids.confluentEnvironments[1]! } },
        }),
      ),
    );
    expect(otherEnv.status).toBe(404);
  });
});

describe("auth as each vendor checks it", () => {
  it("OTC: a wrong token, a wrong secret, an unknown key and a tampered signature are 401 APIGW.0301", async () => {
    const get = (client: ReturnType<typeof vpc>) =>
      failure(client.unwrap(client.GET(SUBNETS, { params: { path: { project_id: "p" }, query: { limit: 1 } } })));
    const wrongToken = await get(vpc({ auth: { token: "not-the-token" }, retry: false }));
    expect([wrongToken.status, wrongToken.code, wrongToken.message]).toEqual([
      401,
      "APIGW.0301",
      expect.stringContaining("Incorrect IAM authentication information"),
    ]);
    const wrongSecret = await get(vpc({ auth: { accessKey: otc.accessKey, secretKey: "wrong-secret" }, retry: false }));
    expect([wrongSecret.status, wrongSecret.code]).toEqual([401, "APIGW.0301"]);
    expect(wrongSecret.message).toContain("verify aksk signature fail");
    const unknownKey = await get(vpc({ auth: { accessKey: "UNKNOWNAK", secretKey: otc.secretKey }, retry: false }));
    expect(unknownKey.message).toContain("ak not exist");
    const tamper: typeof fetch = (input, init) => {
      const request = new Request(input as Request, init);
      const headers = new Headers(request.headers);
      const auth = headers.get("authorization")!;
      headers.set("authorization", auth.slice(0, -1) + (auth.endsWith("0") ? "1" : "0"));
      return fetch(new Request(request, { headers }));
    };
    const tampered = await get(
      vpc({ auth: { accessKey: otc.accessKey, secretKey: otc.secretKey }, fetch: tamper, retry: false }),
    );
    expect([tampered.status, tampered.code]).toEqual([401, "APIGW.0301"]);
    const ep = vpcep({ auth: { token: "nope" }, retry: false });
    const epError = await failure(ep.unwrap(ep.GET(CONNECTIONS, { params: { path: path() } })));
    expect([epError.status, epError.code]).toEqual([401, "APIGW.0301"]);
  });

  it("Confluent: a wrong key secret or token is 401 with errors[] and WWW-Authenticate", async () => {
    const query = { environment: emu.ids.confluentEnvironment };
    for (const auth of [{ apiKey: confluent.apiKey, apiSecret: "wrong" }, { token: "wrong" }]) {
      const client = cflt({ auth, retry: false });
      const error = await failure(client.unwrap(client.GET(PLATTC, { params: { query } })));
      expect([error.status, error.code]).toEqual([401, "user_unauthenticated"]);
    }
    const raw = await fetch(`${emu.url}${PLATTC}?environment=${query.environment}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${confluent.apiKey}:nope`).toString("base64")}` },
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toBe(
      'Basic error="invalid_key", error_description="The API Key is invalid"',
    );
    expect(raw.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("MadConnect: a wrong bearer token is 401 with a non-zero statusCode", async () => {
    const client = mad({ auth: { token: "wrong" }, retry: false });
    const error = await failure(client.unwrap(client.GET("/es/v2/connections")));
    expect([error.status, error.code]).toEqual([401, "401"]);
    expect((error.body as { statusCode: number }).statusCode).toBe(401);
  });

  it("accepts overridden credentials instead of the defaults", async () => {
    const custom = await startEmulator({ seed: 2, credentials: { madconnect: { token: "my-token" } } });
    try {
      expect(custom.credentials.madconnect.token).toBe("my-token");
      const client = createMadConnectClient({ baseUrl: custom.url, auth: { token: "my-token" } });
      await expect(client.unwrap(client.GET("/es/v2/connections"))).resolves.toMatchObject({ statusCode: 0 });
      const old = createMadConnectClient({ baseUrl: custom.url, auth: { token: madconnect.token }, retry: false });
      expect((await failure(old.unwrap(old.GET("/es/v2/connections")))).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe("faults", () => {
  it("latencyMs delays the answer, for the next `times` requests of its API", async () => {
    emu.setFaults({ api: "otc-vpc", latencyMs: 250, times: 1 });
    const client = vpc();
    const get = () =>
      client.unwrap(client.GET(SUBNETS, { params: { path: { project_id: "p" }, query: { limit: 1 } } }));
    const started = performance.now();
    await get();
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.faults).toEqual([]);
    expect(emu.requests.at(-1)!.faults).toEqual(["latencyMs"]);
  });

  it("close() drops requests waiting on a latency fault (no timer outlives it, nothing handled after), and closes twice", async () => {
    const own = await startEmulator({ port: 0, seed: 3, counts: { subnets: 5 } });
    own.setFaults({ api: "otc-vpc", latencyMs: 300 });
    const before = own.state.otc.vpc.subnets.length;
    const client = createVpcClient({ baseUrl: own.url, auth: { token: otc.token }, retry: false });
    const pending = client
      .POST(SUBNETS, {
        params: { path: { project_id: "p" } },
        body: { subnet: { name: "late", cidr: "172.30.0.0/24", gateway_ip: "172.30.0.1", vpc_id: own.ids.vpcIds[0]! } },
      })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    await own.close(); // a second close is no error
    expect(await pending).toBeInstanceOf(Error);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(own.state.otc.vpc.subnets).toHaveLength(before);
  });

  it("latency faults adding up past a timer's range mean no answer (not an answer at once); close() mid-request starts no timer", async () => {
    const own = await startEmulator({ port: 0, seed: 3, counts: { subnets: 5 } });
    try {
      own.setFaults([
        { api: "otc-vpc", latencyMs: 2 ** 31 - 1 },
        { api: "otc-vpc", latencyMs: 2 ** 31 - 1 },
      ]);
      const headers = { "X-Auth-Token": otc.token };
      const answered = await fetch(`${own.url}/v1/p/subnets`, { headers, signal: AbortSignal.timeout(300) }).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
      expect(answered).toBe("TimeoutError");
      // close() in the very tick the request is logged: the request must not start its latency timer afterwards.
      own.setFaults({ api: "otc-vpc", latencyMs: 60_000 });
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      // The log is the emulator's own array: its push is where a request has arrived, before it waits.
      const log = own.requests as RequestRecord[];
      const push = log.push.bind(log);
      let closed: Promise<void> | undefined;
      log.push = (...records: RequestRecord[]) => {
        closed ??= own.close();
        return push(...records);
      };
      const before = timers();
      await fetch(`${own.url}/v1/p/subnets`, { headers }).catch(() => undefined);
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(timers()).toBeLessThanOrEqual(before);
    } finally {
      await own.close();
    }
  });

  it("latencyMs beyond what a timer can wait is refused; Infinity means no answer", () => {
    expect(() => emu.setFaults({ latencyMs: 2 ** 31 })).toThrow(RangeError);
    expect(() => emu.setFaults({ latencyMs: Infinity, times: 1 })).not.toThrow();
    emu.clearFaults();
  });

  it("a drift fault waits for an answer it can bend (one with a resource), and only that one is logged", async () => {
    const own = await ownEmulator();
    own.setFaults({ api: "madconnect", drift: "undeclared-property", times: 1 });
    const client = mad({ baseUrl: own.url });
    const before = own.requests.length;
    const { connectors } = own.state.madconnect;
    await client.unwrap(
      client.POST("/es/v2/connections", {
        body: {
          srcConnectorId: connectors.find((c) => c.role === "source")!.connectorId,
          destConnectorId: connectors.find((c) => c.role === "destination")!.connectorId,
        },
      }),
    );
    expect(own.requests.at(-1)!.faults).toEqual([]);
    const { data } = await client.GET("/es/v2/connections", { params: { query: { size: 1 } } });
    expect(data!.response![0]).toHaveProperty("emulator_drift");
    expect(own.requests.at(-1)!.faults).toEqual(["drift"]);
    expect(own.faults).toEqual([]);
    expect(own.requests.length - before).toBe(2);
  });

  it("rateLimit answers 429 + Retry-After; the client waits, retries and succeeds", async () => {
    emu.setFaults({ api: "confluent", rateLimit: { retryAfterSeconds: 0 }, times: 1 });
    const client = cflt();
    const before = emu.requests.length;
    const body = await client.unwrap(
      client.GET(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironment } } }),
    );
    expect(body.data).toHaveLength(10);
    expect(emu.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);

    // Confluent's 429 has no body (its spec declares none): the wait comes from the headers alone.
    emu.setFaults({ api: "confluent", rateLimit: { retryAfterSeconds: 2 }, times: 1 });
    const noRetry = cflt({ retry: false });
    const limited = await failure(
      noRetry.unwrap(noRetry.GET(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironment } } })),
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect([limited.status, (limited as RateLimitError).retryAfterMs]).toEqual([429, 2000]);

    emu.setFaults({ api: "otc-vpcep", rateLimit: true });
    const ep = vpcep({ retry: false });
    const error = await failure(ep.unwrap(ep.GET(CONNECTIONS, { params: { path: path() } })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect([error.status, error.code, (error as RateLimitError).retryAfterMs]).toEqual([429, "APIGW.0308", 1000]);
  });

  it("serverError answers a 502 HTML page; after its retries the client throws ApiError", async () => {
    emu.setFaults({ api: "madconnect", serverError: true, times: 3 });
    const client = mad({ retry: FAST_RETRY });
    const before = emu.requests.length;
    const error = await failure(client.unwrap(client.GET("/es/v2/connections")));
    expect(error.status).toBe(502);
    expect(String(error.body)).toContain("<h1>502 Bad Gateway</h1>");
    expect(emu.requests.slice(before).map((r) => r.status)).toEqual([502, 502, 502]);
    // The fault is used up: the next request succeeds.
    await expect(client.unwrap(client.GET("/es/v2/connections"))).resolves.toMatchObject({ statusCode: 0 });
  });

  it("truncatedJson answers a 200 whose JSON is cut off: ApiError invalid_json", async () => {
    emu.setFaults({ api: "otc-vpcep", truncatedJson: true, times: 1 });
    const client = vpcep();
    const error = await failure(client.unwrap(client.GET(CONNECTIONS, { params: { path: path() } })));
    expect([error.status, error.code]).toEqual([200, "invalid_json"]);
  });

  it("repeatCursor repeats the marker (OTC VPC) and the page_token (Confluent): PaginationError", async () => {
    emu.setFaults([
      { api: "otc-vpc", repeatCursor: true },
      { api: "confluent", repeatCursor: true },
    ]);
    const subnets = vpc()
      .paginate(SUBNETS, { params: { path: { project_id: "p" } } }, { pageSize: 100 })
      .toArray();
    await expect(subnets).rejects.toBeInstanceOf(PaginationError);
    const plattc = cflt()
      .paginate(PLATTC, { params: { query: { environment: emu.ids.confluentEnvironment } } }, { pageSize: 100 })
      .toArray();
    await expect(plattc).rejects.toThrow(PaginationError);
  });

  it("faults can be set at start, listed and cleared", async () => {
    const faulty = await startEmulator({
      seed: 5,
      faults: [
        { api: "madconnect", serverError: { status: 503 }, times: 1 },
        { api: "otc-vpc", latencyMs: 1 },
      ],
    });
    try {
      expect(faulty.faults).toEqual([
        { api: "madconnect", serverError: { status: 503 }, times: 1, remaining: 1 },
        { api: "otc-vpc", latencyMs: 1, remaining: undefined },
      ]);
      const headers = { Authorization: `Bearer ${madconnect.token}` };
      const first = await fetch(`${faulty.url}/es/v2/connections`, { headers });
      expect([first.status, first.headers.get("content-type")]).toEqual([503, "text/html"]);
      expect((await fetch(`${faulty.url}/es/v2/connections`, { headers })).status).toBe(200);
      faulty.clearFaults();
      expect(faulty.faults).toEqual([]);
      expect(() => faulty.setFaults({ serverError: { status: 404 } })).toThrow(RangeError);
    } finally {
      await faulty.close();
    }
  });
});

describe("determinism and the request log", () => {
  it("the same seed gives the same data; another seed gives other data", async () => {
    const counts = { vpcepConnections: 50, subnets: 50, confluentConnections: 50, madconnectConnections: 50 };
    expect(stringifyJson(createDataset(42, counts))).toBe(stringifyJson(createDataset(42, counts)));
    expect(stringifyJson(createDataset(43, counts))).not.toBe(stringifyJson(createDataset(42, counts)));
    // One API's count does not change another API's data.
    expect(stringifyJson(createDataset(42, { ...counts, subnets: 10 }).confluent)).toBe(
      stringifyJson(createDataset(42, counts).confluent),
    );

    const a = await startEmulator({ seed: 9, counts });
    const b = await startEmulator({ seed: 9, counts });
    try {
      const read = async (e: Emulator) => {
        const res = await fetch(`${e.url}/v1/p/vpc-endpoint-services/${e.ids.vpcepServiceId}/connections?limit=50`, {
          headers: { "X-Auth-Token": otc.token },
        });
        return parseJson(await res.text());
      };
      expect(stringifyJson(await read(a))).toBe(stringifyJson(await read(b)));
      a.reset(10);
      expect(stringifyJson(await read(a))).not.toBe(stringifyJson(await read(b)));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("every answer carries X-Request-Id; the log records api, operation and status", async () => {
    emu.clearRequests();
    const res = await fetch(`${emu.url}/es/v2/connections/${emu.state.madconnect.connections[0]!.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${madconnect.token}` },
    });
    expect(res.status).toBe(405);
    const missing = await fetch(`${emu.url}/nothing/here`);
    expect(missing.status).toBe(404);
    expect([res.headers.get("x-request-id"), missing.headers.get("x-request-id")].every(Boolean)).toBe(true);
    await fetch(`${emu.url}/v1/p/subnets?limit=1`, { headers: { "X-Auth-Token": otc.token } });
    expect(emu.requests.map((r) => [r.api, r.operationId, r.method, r.status])).toEqual([
      ["madconnect", undefined, "PATCH", 405],
      [undefined, undefined, "GET", 404],
      ["otc-vpc", "listSubnets", "GET", 200],
    ]);
    expect(emu.requests[2]!.query).toEqual({ limit: "1" });
  });
});

describe("emu.ids: what a test needs to call and create", () => {
  it("the primary scopes carry the vendor pages' sample ids, whatever the seed", () => {
    for (const seed of [1, 42, 7]) {
      const state = createDataset(seed, { vpcepConnections: 200, subnets: 5 });
      expect(state.otc.vpcep.services[0]!.id).toBe(PAGE_SAMPLE_IDS.vpcepService);
      const pending = state.otc.vpcep.services[0]!.connections.filter(
        (c) => c.id === PAGE_SAMPLE_IDS.vpcepPendingConnection,
      );
      expect(pending.map((c) => c.status)).toEqual(["pendingAcceptance"]);
      expect(state.otc.vpc.subnets[0]!.id).toBe(PAGE_SAMPLE_IDS.subnet);
      expect(state.confluent.environments[0]!.id).toBe(PAGE_SAMPLE_IDS.confluentEnvironment);
      // The published create sample connects an AWS endpoint to platt-00000 in env-00000.
      const sampleAttachment = state.confluent.attachments.filter((a) => a.id === PAGE_SAMPLE_IDS.confluentAttachment);
      expect(sampleAttachment.map((a) => [a.environment, a.cloud])).toEqual([
        [PAGE_SAMPLE_IDS.confluentEnvironment, "AWS"],
      ]);
      // The MadConnect page's update, status, delete and get samples act on 849b79953b98fe11 of a3ba4fbd9d51df11.
      const sampleConnection = state.madconnect.connections.filter(
        (c) => c.id === PAGE_SAMPLE_IDS.madconnectConnection,
      );
      expect(sampleConnection.map((c) => [c.accountId, c.deleted])).toEqual([
        [PAGE_SAMPLE_IDS.madconnectSubAccount, false],
      ]);
    }
    expect(emu.ids.vpcepServiceId).toBe(PAGE_SAMPLE_IDS.vpcepService);
    expect(emu.ids.confluentEnvironment).toBe(PAGE_SAMPLE_IDS.confluentEnvironment);
    // The pending sample connection is there however few connections are drawn, without a failed one's error.
    expect(createDataset(57, { vpcepConnections: 1 }).otc.vpcep.services[0]!.connections[0]).not.toHaveProperty(
      "error",
    );
    for (const seed of [1, 2, 3, 4, 5, 6])
      expect(
        createDataset(seed, { vpcepConnections: 1 }).otc.vpcep.services[0]!.connections.map((c) => [c.id, c.status]),
      ).toEqual([[PAGE_SAMPLE_IDS.vpcepPendingConnection, "pendingAcceptance"]]);
  });

  it("the MadConnect page's curl samples and Confluent's published shell samples run as written", async () => {
    const own = await startEmulator({ port: 0 });
    onTestFinished(() => own.close());
    /** method, URL, headers and body of a `curl` command line as the samples write it. */
    const parseCurl = (command: string) => {
      const words = [...command.replace(/\\\n/g, " ").matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      const request = {
        method: "GET",
        url: "",
        headers: {} as Record<string, string>,
        body: undefined as string | undefined,
      };
      for (let i = 1; i < words.length; i++) {
        const word = words[i]!;
        if (word === "--location") continue;
        if (word === "--request") request.method = words[++i]!;
        else if (word === "--url") request.url = words[++i]!;
        else if (word === "--header") {
          const [name, ...value] = words[++i]!.split(":");
          request.headers[name!] = value.join(":").trim();
        } else if (word === "--data") request.body = words[++i]!;
        else request.url = word;
      }
      if (request.body !== undefined && request.method === "GET") request.method = "POST";
      return request;
    };
    const send = async (command: string, origin: string, replace: Record<string, string>) => {
      const { method, url, headers, body } = parseCurl(command);
      let target = url.replace(origin, own.url);
      for (const [from, to] of Object.entries(replace)) target = target.replaceAll(from, to);
      for (const [name, value] of Object.entries(headers))
        headers[name] = value.replace("REPLACE_BASIC_AUTH", basic.slice("Basic ".length));
      const res = await fetch(target, { method, headers, body });
      const text = await res.text();
      return { method, status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as Sample };
    };

    // MadConnect: every sample in the page's order (list, create, update, activate, delete, get).
    const page = readFileSync(new URL("../specs/sources/madconnect-connections.md", import.meta.url), "utf8");
    const curls = [...page.matchAll(/```\n(curl [\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(curls).toHaveLength(6);
    const madAnswers: { method: string; status: number; body: Sample }[] = [];
    for (const curl of curls) madAnswers.push(await send(curl, "<host>", {}));
    expect(madAnswers.map((a) => [a.method, a.status, a.body.statusCode])).toEqual([
      ["GET", 200, 0],
      ["POST", 200, 0],
      ["PUT", 200, 0],
      ["PUT", 200, 0],
      ["DELETE", 200, 0],
      ["GET", 200, 0],
    ]);
    expect(madAnswers[0]!.body.response.length).toBeGreaterThan(0); // the sub-account's connections
    expect(madAnswers[5]!.body.response).toMatchObject({
      id: PAGE_SAMPLE_IDS.madconnectConnection,
      accountId: PAGE_SAMPLE_IDS.madconnectSubAccount,
      name: "Sample Connection", // the update sample's
      deleted: true, // the delete sample's, which GET still shows
    });

    // Confluent: each shell sample of the published definition, on the dataset as generated. The read,
    // update and delete samples leave the connection id as the placeholder `{id}`: a connection of env-00000.
    const published = parse(
      readFileSync(new URL("../specs/confluent/upstream/networking-privatelink-v1.yaml", import.meta.url), "utf8"),
    ) as { paths: Record<string, Record<string, { "x-codeSamples"?: { lang: string; source: string }[] }>> };
    const shells = Object.values(published.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => (op["x-codeSamples"] ?? []).filter((s) => s.lang === "Shell")),
    );
    const results = [];
    for (const { source } of shells) {
      own.reset();
      const id = own.state.confluent.connections.find(
        (c) => c.environment === PAGE_SAMPLE_IDS.confluentEnvironment,
      )!.id;
      const answer = await send(source, "https://api.confluent.cloud", { "{id}": id });
      results.push([answer.method, answer.status, answer.body?.errors?.[0]?.source]);
      if (answer.body?.kind === "PrivateLinkAttachmentConnectionList") {
        const attachments = answer.body.data.map((c: Sample) => c.spec.private_link_attachment.id);
        expect(attachments.length).toBeGreaterThan(0);
        expect(new Set(attachments)).toEqual(new Set([PAGE_SAMPLE_IDS.confluentAttachment]));
      }
    }
    expect(results).toEqual([
      ["GET", 200, undefined], // list, with the page's environment and attachment filter examples
      ["POST", 202, undefined],
      ["DELETE", 204, undefined],
      ["GET", 200, undefined],
      // The update sample also sends spec.cloud and spec.private_link_attachment, which the update schema
      // does not have and the emulator refuses to change (src/emulator/index.ts): no id is missing.
      ["PATCH", 422, { pointer: "/spec/cloud" }],
    ]);
  });

  it("the VPC pages' samples run as written: their VPC holds their subnet", async () => {
    const own = await startEmulator({ port: 0, seed: 9, counts: { subnets: 20 } });
    try {
      expect(own.ids.vpcIds[0]).toBe(PAGE_SAMPLE_IDS.vpc);
      const headers = { "X-Auth-Token": otc.token, "Content-Type": "application/json" };
      const query = await fetch(
        `${own.url}/v1/p/subnets?limit=10&marker=${PAGE_SAMPLE_IDS.subnet}&vpc_id=${PAGE_SAMPLE_IDS.vpc}`,
        { headers },
      );
      expect(query.status).toBe(200);
      // The create sample, with the page's VPC, is a case of test/emulator-contract.test.ts.
    } finally {
      await own.close();
    }
  });

  it("MadConnect connector ids and Confluent attachments with their cloud, each usable in a create", async () => {
    const own = await ownEmulator();
    expect(own.ids.madconnectSourceConnectorIds[0]).toBe("STWkG5hhS3EvG511"); // the page's sample curl
    expect(own.ids.madconnectDestinationConnectorIds[0]).toBe("13a4e0ca00af0011");
    const client = mad({ baseUrl: own.url });
    for (const [i, srcConnectorId] of own.ids.madconnectSourceConnectorIds.entries()) {
      const destConnectorId =
        own.ids.madconnectDestinationConnectorIds[i % own.ids.madconnectDestinationConnectorIds.length]!;
      const answer = await client.unwrap(
        client.POST("/es/v2/connections", { body: { name: `ids ${i}`, srcConnectorId, destConnectorId } }),
      );
      expect(answer.statusCode).toBe(0);
    }
    const kinds = {
      AWS: "AwsPrivateLinkAttachmentConnection",
      AZURE: "AzurePrivateLinkAttachmentConnection",
      GCP: "GcpPrivateLinkAttachmentConnection",
    } as const;
    const confluentClient = cflt({ baseUrl: own.url });
    expect(own.ids.confluentAttachmentDetails.map((a) => a.id)).toEqual(own.ids.confluentAttachments);
    for (const [i, attachment] of own.ids.confluentAttachmentDetails.entries()) {
      const cloud =
        attachment.cloud === "AWS"
          ? { kind: kinds.AWS, vpc_endpoint_id: `vpce-ids${String(i).padStart(13, "0")}` }
          : attachment.cloud === "AZURE"
            ? {
                kind: kinds.AZURE,
                private_endpoint_resource_id: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/ids-${i}`,
              }
            : { kind: kinds.GCP };
      const created = await confluentClient.unwrap(
        confluentClient.POST(PLATTC, {
          body: {
            spec: {
              cloud,
              environment: { id: own.ids.confluentEnvironment },
              private_link_attachment: { id: attachment.id },
            },
          },
        }),
      );
      expect(created.spec?.cloud?.kind).toBe(kinds[attachment.cloud]);
    }
  });
});
