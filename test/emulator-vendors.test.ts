// The emulated vendors' rules that test/emulator.test.ts leaves open, each as the vendor page, the
// spec or the emulator's decisions (src/emulator/index.ts) state it, over raw HTTP on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseJson } from "../src/core/json.js";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../src/emulator/index.js";

const { otc, confluent, madconnect } = EMULATOR_CREDENTIALS;
const OTC = { "X-Auth-Token": otc.token };
const MAD = { Authorization: `Bearer ${madconnect.token}` };
const CFLT = { Authorization: `Bearer ${confluent.token}` };
const JSON_TYPE = { "Content-Type": "application/json" };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    seed: 13,
    counts: { vpcepConnections: 40, subnets: 12, confluentConnections: 25, madconnectConnections: 15 },
  });
});
afterAll(() => emu.close());
afterEach(() => {
  emu.clearFaults();
  emu.reset();
});

type Item = Record<string, unknown>;
async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, ...JSON_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? parseJson(text) : undefined) as Item };
}
const connectionsPath = (query: string) => `/v1/p/vpc-endpoint-services/${emu.ids.vpcepServiceId}/connections${query}`;

describe("OTC VPC Endpoint", () => {
  it("breaks created_at ties by id, in the direction of sort_dir", async () => {
    const service = emu.state.otc.vpcep.services[0]!;
    const [a, b] = [...service.connections].sort((x, y) => (x.id < y.id ? -1 : 1)).slice(0, 2);
    const tie = "2000-01-01T00:00:00Z";
    a!.created_at = tie;
    b!.created_at = tie;
    service.connections = [b!, ...service.connections.filter((c) => c !== a && c !== b), a!]; // larger id first
    const asc = await call("GET", connectionsPath("?sort_dir=asc&limit=2"), OTC);
    expect((asc.body.connections as Item[]).map((c) => c.id)).toEqual([a!.id, b!.id]);
  });

  it("answers a marker_id beyond int64 with EndPoint.0021", async () => {
    const answer = await call("GET", connectionsPath("?marker_id=9223372036854775808"), OTC);
    expect([answer.status, answer.body.error_code]).toEqual([400, "EndPoint.0021"]);
    const largest = await call("GET", connectionsPath("?marker_id=9223372036854775807"), OTC);
    expect([largest.status, largest.body.total_count]).toEqual([200, 0]);
  });

  it("a list asked again after an accept shows the new status (the same query, not a kept answer)", async () => {
    const pending = emu.state.otc.vpcep.services[0]!.connections.find((c) => c.status === "pendingAcceptance")!;
    const query = "?status=pendingAcceptance&limit=1000";
    const before = await call("GET", connectionsPath(query), OTC);
    expect((before.body.connections as Item[]).map((c) => c.id)).toContain(pending.id);
    const action = await call("POST", connectionsPath("/action"), OTC, { endpoints: [pending.id], action: "receive" });
    expect(action.status).toBe(200);
    const after = await call("GET", connectionsPath(query), OTC);
    expect((after.body.connections as Item[]).map((c) => c.id)).not.toContain(pending.id);
    expect(after.body.total_count).toBe((before.body.total_count as number) - 1);
  });
});

describe("OTC VPC", () => {
  it("repeatCursor answers a marker request with the page that ends at the marker", async () => {
    const first = await call("GET", "/v1/p/subnets?limit=6", OTC);
    const ids = (first.body.subnets as Item[]).map((s) => s.id);
    emu.setFaults({ api: "otc-vpc", repeatCursor: true, times: 1 });
    const repeated = await call("GET", `/v1/p/subnets?limit=3&marker=${String(ids[5])}`, OTC);
    expect((repeated.body.subnets as Item[]).map((s) => s.id)).toEqual(ids.slice(3));
  });

  const create = (vpcId: string, cidr: string, gateway: string) =>
    call("POST", "/v1/p/subnets", OTC, {
      subnet: { name: "mutant-check", cidr, gateway_ip: gateway, vpc_id: vpcId },
    });

  it("a gateway must be a host address of the CIDR (not its network or broadcast address)", async () => {
    const vpcId = emu.ids.vpcIds[0]!;
    for (const gateway of ["192.168.50.0", "192.168.50.255", "192.168.51.1"]) {
      const refused = await create(vpcId, "192.168.50.0/24", gateway);
      expect([refused.status, refused.body], gateway).toEqual([
        400,
        { code: "VPC.0201", message: "gateway_ip is invalid." },
      ]);
    }
    expect((await create(vpcId, "192.168.50.0/24", "192.168.50.254")).status).toBe(200);
  });

  it("a CIDR conflicts only with the subnets of its own VPC", async () => {
    const other = emu.state.otc.vpc.subnets.find((s) => s.vpc_id === emu.ids.vpcIds[1])!;
    const elsewhere = await create(emu.ids.vpcIds[0]!, other.cidr, other.gateway_ip);
    expect(elsewhere.status).toBe(200);
    const same = await create(emu.ids.vpcIds[1]!, other.cidr, other.gateway_ip);
    expect([same.status, same.body.code]).toEqual([400, "VPC.0204"]);
  });
});
