// The emulator's generated dataset (src/emulator/data.ts): the default counts its DatasetCounts
// comments state, the checks of counts, and what holds of every record (ids shaped like the vendors',
// fields that go together as the vendor pages describe them).
import { describe, expect, it } from "vitest";
import {
  DEFAULT_COUNTS,
  OTHER_SCOPE_CONNECTIONS,
  Rng,
  createDataset,
  type DatasetCounts,
} from "../src/emulator/data.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const data = createDataset(7);

describe("createDataset", () => {
  it("generates the documented default counts, and OTHER_SCOPE_CONNECTIONS in every other scope", () => {
    expect(DEFAULT_COUNTS).toEqual({
      vpcepConnections: 120,
      vpcepServices: 2,
      subnets: 150,
      confluentConnections: 60,
      confluentEnvironments: 2,
      confluentAttachmentsPerEnvironment: 2,
      madconnectConnections: 40,
      madconnectSubAccounts: 1,
    });
    const { vpcep, vpc } = data.otc;
    expect(vpcep.services.map((s) => s.connections.length)).toEqual([120, OTHER_SCOPE_CONNECTIONS]);
    expect([vpc.subnets.length, vpc.vpcIds.length]).toEqual([150, 3]);
    const { environments, attachments, connections } = data.confluent;
    expect(environments.map((e) => connections.filter((c) => c.environment === e.id).length)).toEqual([
      60,
      OTHER_SCOPE_CONNECTIONS,
    ]);
    expect(environments.map((e) => attachments.filter((a) => a.environment === e.id).length)).toEqual([2, 2]);
    const { madconnect } = data;
    const accounts = [madconnect.accountId, ...madconnect.subAccountIds];
    expect(accounts.map((id) => madconnect.connections.filter((c) => c.accountId === id).length)).toEqual([
      40,
      OTHER_SCOPE_CONNECTIONS,
    ]);
    const services = createDataset(7, { vpcepServices: 4 }).otc.vpcep.services;
    expect(services.map((s) => s.connections.length)).toEqual([120, 5, 5, 5]);
  });

  it("makes one VPC per 250 subnets, at least 3, unless `vpcs` says otherwise", () => {
    expect(createDataset(7, { subnets: 1001 }).otc.vpc.vpcIds).toHaveLength(5);
    expect(createDataset(7, { subnets: 10, vpcs: 1 }).otc.vpc.vpcIds).toHaveLength(1);
  });

  it("makes exactly the scopes asked for, down to the least of one", () => {
    const one = createDataset(7, { vpcepServices: 1, confluentEnvironments: 1, confluentAttachmentsPerEnvironment: 1 });
    expect(one.otc.vpcep.services).toHaveLength(1);
    expect(one.confluent.environments).toHaveLength(1);
    expect(one.confluent.attachments).toHaveLength(1);
  });

  it.each([
    [{ subnets: -1 }, "counts.subnets must be a non-negative integer, got -1"],
    [{ madconnectConnections: 1.5 }, "counts.madconnectConnections must be a non-negative integer, got 1.5"],
    [{ vpcs: 0 }, "counts.vpcs must be a positive integer, got 0"],
    [{ vpcepServices: 0 }, "counts.vpcepServices must be a positive integer, got 0"],
    [{ confluentEnvironments: 0 }, "counts.confluentEnvironments must be a positive integer, got 0"],
    [
      { confluentAttachmentsPerEnvironment: 0 },
      "counts.confluentAttachmentsPerEnvironment must be a positive integer, got 0",
    ],
  ])("refuses %o with a RangeError naming it", (counts, message) => {
    expect(() => createDataset(7, counts)).toThrow(RangeError);
    expect(() => createDataset(7, counts)).toThrow(message);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ subnets: "5" }, "counts.subnets must be a number, got string"],
    [{ subnets: null }, "counts.subnets must be a number, got null"],
    [{ vpcs: [2] }, "counts.vpcs must be a number, got an array"],
    [{ confluentConnections: 5n }, "counts.confluentConnections must be a number, got bigint"],
  ])("refuses a count of the wrong type, %o, with a TypeError naming it", (counts, message) => {
    const create = () => createDataset(7, counts as DatasetCounts);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
  });
});

describe("every record", () => {
  it("OTC ids are lower-case version-4 UUIDs, as the pages' samples are", () => {
    const ids = [
      ...data.otc.vpcep.services.flatMap((s) => [s.id, ...s.connections.map((c) => c.id)]),
      ...data.otc.vpc.vpcIds,
      ...data.otc.vpc.subnets.flatMap((s) => [s.id, s.neutron_network_id, s.neutron_subnet_id]),
    ];
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
  });

  it("a failed VPC endpoint connection carries its error, and only a failed one", () => {
    const all = data.otc.vpcep.services.flatMap((s) => s.connections);
    expect(all.some((c) => c.status === "failed")).toBe(true);
    for (const c of all) {
      if (c.status === "failed")
        expect(c.error).toEqual([{ error_code: expect.any(String), error_message: expect.any(String) }]);
      else expect(c).not.toHaveProperty("error");
    }
  });

  it("Confluent: a cloud status once provisioned, an error when FAILED, deleted_at when DEPROVISIONING", () => {
    const phases = new Set<string>();
    for (const c of createDataset(7, { confluentConnections: 300 }).confluent.connections) {
      phases.add(c.status.phase);
      expect(c.status.cloud === undefined, c.id).toBe(c.status.phase === "PROVISIONING");
      expect(c.status.error_code === undefined, c.id).toBe(c.status.phase !== "FAILED");
      expect(c.deleted_at === undefined, c.id).toBe(c.status.phase !== "DEPROVISIONING");
    }
    expect([...phases].sort()).toEqual(["DEPROVISIONING", "DISCONNECTED", "FAILED", "PROVISIONING", "READY"]);
  });

  it("MadConnect: enabled unless disabled, and the month's volume within the total", () => {
    for (const c of data.madconnect.connections) {
      expect(c.enabled, c.id).toBe(c.status !== "disabled");
      expect(c.monthlyVolume, c.id).toBeLessThanOrEqual(c.totalVolume);
    }
  });
});

describe("Rng", () => {
  it("int(min, max) includes both ends; uuid() is a lower-case version-4 UUID", () => {
    const rng = new Rng(3);
    const seen = new Set(Array.from({ length: 200 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    const uuids = Array.from({ length: 200 }, () => rng.uuid());
    expect(uuids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(uuids.map((id) => id[19])).size).toBe(4);
  });
});
