// The emulated vendors' rules that test/emulator.test.ts leaves open, each as the vendor page, the
// spec or the emulator's decisions (src/emulator/index.ts) state it, over raw HTTP on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
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
    expect(Date.parse(pending.updated_at)).toBeGreaterThan(
      Date.parse(String((before.body.connections as Item[]).find((c) => c.id === pending.id)!.updated_at)),
    );
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

  const createWith = (fields: Item) =>
    call("POST", "/v1/p/subnets", OTC, {
      subnet: {
        name: "fields",
        cidr: "192.168.60.0/24",
        gateway_ip: "192.168.60.1",
        vpc_id: emu.ids.vpcIds[0],
        ...fields,
      },
    });
  const update = (subnet: { id: string; vpc_id: string }, fields: Item) =>
    call("PUT", `/v1/p/vpcs/${subnet.vpc_id}/subnets/${subnet.id}`, OTC, { subnet: { name: "renamed", ...fields } });

  it("create: DHCP is on unless the body turns it off", async () => {
    const created = await createWith({});
    expect([created.status, (created.body.subnet as Item).dhcp_enable]).toEqual([200, true]);
  });

  it("description: at most 255 characters and no angle brackets; ntp: at most four servers; lease time on update only", async () => {
    const refused: [Item, string][] = [
      [{ description: "d".repeat(256) }, "description"],
      [{ description: "a <b> tag" }, "description"],
      [
        { extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5" }] },
        "opt_value",
      ],
      [{ extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "999.999.999.999" }] }, "opt_value"],
      [{ extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "10.0.0.256" }] }, "opt_value"],
      [{ extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "10.0.0.1,10.0.0.1" }] }, "opt_value"],
      [{ extra_dhcp_opts: [{ opt_name: "addresstime", opt_value: "24h" }] }, "opt_name"],
    ];
    for (const [fields, name] of refused) {
      const answer = await createWith(fields);
      expect([answer.status, answer.body], JSON.stringify(fields)).toEqual([
        400,
        { code: "VPC.0201", message: `${name} is invalid.` },
      ]);
    }
    const ok = await createWith({
      description: "d".repeat(255),
      extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "10.0.0.1,10.0.0.2,255.255.255.255,0.0.0.0" }],
    });
    expect(ok.status).toBe(200);
  });

  it("update sets dhcp_enable to true when the body leaves it out (as the page says), and turns IPv6 on and off", async () => {
    const plain = emu.state.otc.vpc.subnets.find((s) => !s.ipv6_enable)!;
    expect((await update(plain, { dhcp_enable: false })).status).toBe(200);
    expect(plain.dhcp_enable).toBe(false);
    expect((await update(plain, {})).status).toBe(200);
    expect(plain.dhcp_enable).toBe(true);

    expect((await update(plain, { ipv6_enable: true })).status).toBe(200);
    expect(plain).toMatchObject({ ipv6_enable: true, cidr_v6: expect.stringMatching(/::\/64$/) });
    expect((await update(plain, { ipv6_enable: false })).status).toBe(200);
    expect(plain.ipv6_enable).toBe(false);
    for (const field of ["cidr_v6", "gateway_ip_v6", "neutron_subnet_id_v6"]) expect(plain).not.toHaveProperty(field);
  });

  it('create: availability_zone is left blank ("") when the body names none', async () => {
    const created = await createWith({});
    expect([created.status, (created.body.subnet as Item).availability_zone]).toEqual([200, ""]);
    const named = await createWith({
      availability_zone: "eu-de-01",
      cidr: "192.168.61.0/24",
      gateway_ip: "192.168.61.1",
    });
    expect([named.status, (named.body.subnet as Item).availability_zone]).toEqual([200, "eu-de-01"]);
  });
});

describe("OTC VPC: parameters out of range", () => {
  it("limit beyond intmax (2^31-1) is VPC.0201; intmax itself lists everything", async () => {
    const beyond = await call("GET", "/v1/p/subnets?limit=2147483648", OTC);
    expect([beyond.status, beyond.body.code]).toEqual([400, "VPC.0201"]);
    const intmax = await call("GET", "/v1/p/subnets?limit=2147483647", OTC);
    expect((intmax.body.subnets as Item[]).length).toBe(emu.state.otc.vpc.subnets.length);
  });

  it("an unknown VPC in an update's or delete's path is 404 VPC.0003", async () => {
    const subnet = emu.state.otc.vpc.subnets[0]!;
    const path = `/v1/p/vpcs/0c0ffee0-0000-4000-8000-000000000000/subnets/${subnet.id}`;
    for (const answer of [await call("PUT", path, OTC, { subnet: { name: "x" } }), await call("DELETE", path, OTC)])
      expect([answer.status, answer.body.code]).toEqual([404, "VPC.0003"]);
  });
});

describe("OTC routing", () => {
  it("a VPC Endpoint path no route serves belongs to the VPC Endpoint API (its 404, its log entry)", async () => {
    const answer = await call("GET", "/v1/p/vpc-endpoints/x", OTC);
    expect([answer.status, answer.body.error_code]).toEqual([404, "APIGW.0101"]);
    expect(emu.requests.at(-1)).toMatchObject({ api: "otc-vpcep", path: "/v1/p/vpc-endpoints/x", status: 404 });
  });
});

describe("MadConnect", () => {
  const list = async (query: string) => {
    const answer = await call("GET", `/es/v2/connections?size=1000${query}`, MAD);
    expect(answer.status).toBe(200);
    return (answer.body.response as Item[]).map((c) => c.id as string);
  };

  it("an empty name is a name, on create and on update alike (the page and the spec ask for a string only)", async () => {
    const [src, dest] = [emu.ids.madconnectSourceConnectorIds[0], emu.ids.madconnectDestinationConnectorIds[0]];
    const created = await call("POST", "/es/v2/connections", MAD, {
      name: "",
      srcConnectorId: src,
      destConnectorId: dest,
    });
    expect([created.status, created.body.statusCode]).toEqual([200, 0]);
    const target = emu.state.madconnect.connections[0]!;
    const renamed = await call("PUT", `/es/v2/connections/${target.id}`, MAD, { name: "" });
    expect([renamed.status, renamed.body.statusCode]).toEqual([200, 0]);
    const read = await call("GET", `/es/v2/connections/${target.id}`, MAD);
    expect((read.body.response as Item).name).toBe("");
    const notText = await call("PUT", `/es/v2/connections/${target.id}`, MAD, { name: 5 });
    expect([notText.status, notText.body.statusCode]).toEqual([400, 400]);
  });

  it("maxCreated counts the connections not deleted: a delete makes room, the collection stays bounded", async () => {
    const own = await startEmulator({ maxCreated: 2, counts: { madconnectConnections: 1, madconnectSubAccounts: 0 } });
    try {
      const send = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${own.url}${path}`, {
          method,
          headers: body === undefined ? MAD : { ...MAD, ...JSON_TYPE },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Item };
      };
      const [src, dest] = [own.ids.madconnectSourceConnectorIds[0], own.ids.madconnectDestinationConnectorIds[0]];
      const create = async (name: string) =>
        (await send("POST", "/es/v2/connections", { name, srcConnectorId: src, destConnectorId: dest })).body
          .statusCode;
      const idOf = (name: string) => own.state.madconnect.connections.find((c) => c.name === name)?.id;
      const baseline = own.state.madconnect.connections.length;
      expect([await create("one"), await create("two"), await create("three")]).toEqual([0, 0, 409]);
      expect((await send("DELETE", `/es/v2/connections/${idOf("one")}`)).body.statusCode).toBe(0);
      expect(await create("three")).toBe(0); // the deleted "one" gave its place back ...
      expect(idOf("one")).toBeUndefined(); // ... and, the collection being full, was forgotten to make it
      expect(await create("four")).toBe(409);
      expect((await send("DELETE", `/es/v2/connections/${idOf("two")}`)).body.statusCode).toBe(0);
      const deleted = (await send("GET", "/es/v2/connections?status=deleted")).body.response as Item[];
      expect(deleted.map((c) => c.name)).toEqual(["two"]); // still listed until a create needs its place
      expect(await create("four")).toBe(0);
      expect(own.state.madconnect.connections.map((c) => c.name).slice(baseline)).toEqual(["three", "four"]);
    } finally {
      await own.close();
    }
  });

  it("an empty status lists what `all` lists, the deleted connections too", async () => {
    const victim = emu.state.madconnect.connections[0]!;
    expect((await call("DELETE", `/es/v2/connections/${victim.id}`, MAD)).status).toBe(200);
    const all = await list("&status=all");
    expect(all).toContain(victim.id);
    expect(await list("&status=")).toEqual(all);
    expect(await list("")).toEqual(all);
  });

  it("q matches the id and the connector names, whatever the connection is called", async () => {
    const target = emu.state.madconnect.connections.find((c) => c.accountId === emu.ids.madconnectAccountId)!;
    expect(await list(`&q=${target.id.toUpperCase()}`)).toEqual([target.id]);
    const renamed = await call("PUT", `/es/v2/connections/${target.id}`, MAD, { name: "renamed" });
    expect(renamed.body.statusCode).toBe(0);
    expect(await list(`&q=${encodeURIComponent(target.src.connectorName)}`)).toContain(target.id);
    expect(await list(`&q=${encodeURIComponent(target.dest.connectorName.toLowerCase())}`)).toContain(target.id);
  });

  const mine = () => emu.state.madconnect.connections.filter((c) => c.accountId === emu.ids.madconnectAccountId);

  it("takes the Bearer scheme in any case", async () => {
    const answer = await call("GET", "/es/v2/connections?size=1", { Authorization: `bearer ${madconnect.token}` });
    expect([answer.status, answer.body.statusCode]).toEqual([200, 0]);
  });

  it("a sub-account's connection is not found without its accountId", async () => {
    const sub = emu.ids.madconnectSubAccountIds[0]!;
    const theirs = emu.state.madconnect.connections.find((c) => c.accountId === sub)!;
    const missing = await call("GET", `/es/v2/connections/${theirs.id}`, MAD);
    expect([missing.status, missing.body.statusCode]).toEqual([404, 404]);
    const found = await call("GET", `/es/v2/connections/${theirs.id}?accountId=${sub}`, MAD);
    expect((found.body.response as Item).id).toBe(theirs.id);
  });

  it("a create takes a source connector as source and a destination one as destination only", async () => {
    const [source] = emu.ids.madconnectSourceConnectorIds;
    const [destination] = emu.ids.madconnectDestinationConnectorIds;
    for (const body of [
      { srcConnectorId: destination, destConnectorId: destination },
      { srcConnectorId: source, destConnectorId: source },
    ]) {
      const answer = await call("POST", "/es/v2/connections", MAD, body);
      expect([answer.status, answer.body.statusCode], JSON.stringify(body)).toEqual([400, 400]);
    }
  });

  it("a deleted connection cannot be updated: HTTP 200 with statusCode 409, nothing changed", async () => {
    const victim = mine()[0]!;
    await call("DELETE", `/es/v2/connections/${victim.id}`, MAD);
    const answer = await call("PUT", `/es/v2/connections/${victim.id}`, MAD, { name: "after delete" });
    expect([answer.status, answer.body.statusCode]).toEqual([200, 409]);
    expect(victim.name).not.toBe("after delete");
  });

  it("an update with a connection config marks that connector configured", async () => {
    const target = mine()[0]!;
    target.src = { ...target.src, configured: false };
    target.dest = { ...target.dest, configured: false };
    const answer = await call("PUT", `/es/v2/connections/${target.id}`, MAD, {
      srcConnectionConfig: { bucketURI: "s3://b" },
    });
    expect(answer.body.statusCode).toBe(0);
    const got = (await call("GET", `/es/v2/connections/${target.id}`, MAD)).body.response as Item;
    expect([(got.src as Item).configured, (got.dest as Item).configured]).toEqual([true, false]);
  });

  it("a connection shows the fields of the page's samples, no others", async () => {
    const got = (await call("GET", `/es/v2/connections/${mine()[0]!.id}`, MAD)).body.response as Item;
    expect(Object.keys(got).sort()).toEqual([
      "accountId",
      "createdTime",
      "deleted",
      "dest",
      "editable",
      "enabled",
      "env",
      "id",
      "monthlyVolume",
      "name",
      "src",
      "status",
      "totalVolume",
      "updatedTime",
      "usedVolume",
    ]);
  });

  it("a rateLimit fault answers 429 with Retry-After and the envelope's statusCode 429", async () => {
    emu.setFaults({ api: "madconnect", rateLimit: true, times: 1 });
    const answer = await call("GET", "/es/v2/connections?size=1", MAD);
    expect([answer.status, answer.headers.get("retry-after"), answer.body.statusCode]).toEqual([429, "1", 429]);
  });

  it("an update moves updatedTime and keeps the connectors", async () => {
    const target = mine()[0]!;
    target.updatedTime = 1_600_000_000;
    expect((await call("PUT", `/es/v2/connections/${target.id}`, MAD, { name: "moved" })).body.statusCode).toBe(0);
    expect(target.updatedTime).toBeGreaterThan(1_600_000_000);
    const other = emu.ids.madconnectSourceConnectorIds.find((id) => id !== target.src.connectorId)!;
    const answer = await call("PUT", `/es/v2/connections/${target.id}`, MAD, { srcConnectorId: other });
    expect([answer.status, answer.body.statusCode]).toEqual([400, 400]);
  });
});

describe("Confluent paging links", () => {
  const PATH = "/networking/v1/private-link-attachment-connections";
  const list = (query: string) => call("GET", `${PATH}?${query}`, CFLT);
  /** Follows `metadata.next` from the first page: each page's item count and ids. */
  async function walk(query: string) {
    const sizes: number[] = [];
    const ids: unknown[] = [];
    let answer = await list(query);
    for (;;) {
      expect(answer.status).toBe(200);
      const data = answer.body.data as Item[];
      sizes.push(data.length);
      ids.push(...data.map((c) => c.id));
      const next = (answer.body.metadata as { next?: string }).next;
      if (next === undefined) return { sizes, ids, last: answer };
      answer = await call("GET", next.slice(emu.url.length), CFLT);
    }
  }

  it("next links keep page_size and the attachment filter, and stop at the last page, a full one included", async () => {
    const environment = emu.ids.confluentEnvironment;
    const all = emu.state.confluent.connections.filter((c) => c.environment === environment);
    expect(all.length % 5).toBe(0);
    const { sizes, ids } = await walk(`environment=${environment}&page_size=5`);
    expect(sizes).toEqual(Array<number>(all.length / 5).fill(5));
    expect(ids).toEqual(all.map((c) => c.id));
    const attachment = emu.ids.confluentAttachments[0]!;
    const attached = all.filter((c) => c.private_link_attachment === attachment);
    expect(attached.length).toBeGreaterThan(2);
    const filtered = await walk(`environment=${environment}&spec.private_link_attachment=${attachment}&page_size=2`);
    expect(filtered.ids).toEqual(attached.map((c) => c.id));
  });

  it("the last link points at the last full page when the total is a multiple of page_size", async () => {
    const environment = emu.ids.confluentEnvironment;
    const first = await list(`environment=${environment}&page_size=5`);
    const last = (first.body.metadata as { last: string }).last;
    const page = await call("GET", last.slice(emu.url.length), CFLT);
    expect((page.body.data as Item[]).length).toBe(5);
    expect(page.body.metadata).not.toHaveProperty("next");
  });

  it("page_size is read by its value, leading zeros and all; anything but digits, or out of 1..100, is 400", async () => {
    const environment = emu.ids.confluentEnvironment;
    for (const [text, size] of [
      ["0100", 100],
      ["00100", 100],
      ["0000000000000000000000007", 7],
      ["3", 3],
    ] as const) {
      const answer = await list(`environment=${environment}&page_size=${text}`);
      expect([
        text,
        answer.status,
        new URL((answer.body.metadata as { first: string }).first).searchParams.get("page_size"),
      ]).toEqual([text, 200, String(size)]);
    }
    for (const text of ["000", "0101", "1e2", "0x10", "+5", "5.0", "1" + "0".repeat(400)]) {
      const answer = await list(`environment=${environment}&page_size=${encodeURIComponent(text)}`);
      expect([text, answer.status, (answer.body.errors as Item[])[0]!.code]).toEqual([text, 400, "invalid_page_size"]);
    }
  });

  it("a page_token is refused for another filter, and once it points past the end", async () => {
    const environment = emu.ids.confluentEnvironment;
    const first = await list(`environment=${environment}&page_size=5`);
    const { next, last } = first.body.metadata as { next: string; last: string };
    const token = new URL(next).searchParams.get("page_token")!;
    const other = await list(
      `environment=${environment}&spec.private_link_attachment=${emu.ids.confluentAttachments[0]!}&page_token=${token}`,
    );
    expect([other.status, (other.body.errors as Item[])[0]!.code]).toEqual([400, "invalid_page_token"]);
    emu.state.confluent.connections = emu.state.confluent.connections.filter(
      (c, i) => c.environment !== environment || i < 10,
    );
    const past = await call("GET", last.slice(emu.url.length), CFLT);
    expect([past.status, (past.body.errors as Item[])[0]!.code]).toEqual([400, "invalid_page_token"]);
  });
});

describe("Confluent's request window", () => {
  it("is fixed: past its limit 429 until windowSeconds have passed, then a new window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const own = await startEmulator({
      counts: { confluentConnections: 1 },
      confluentRateLimit: { limit: 2, windowSeconds: 60 },
    });
    try {
      const get = async () => {
        const response = await fetch(
          `${own.url}/networking/v1/private-link-attachment-connections?environment=${own.ids.confluentEnvironment}`,
          { headers: CFLT },
        );
        return [
          response.status,
          response.headers.get("x-ratelimit-remaining"),
          response.headers.get("x-ratelimit-reset"),
        ];
      };
      expect(await get()).toEqual([200, "1", "60"]);
      vi.setSystemTime(Date.now() + 30_000);
      expect(await get()).toEqual([200, "0", "30"]);
      expect(await get()).toEqual([429, "0", "30"]);
      vi.setSystemTime(Date.now() + 30_000);
      expect(await get()).toEqual([200, "1", "60"]);
    } finally {
      vi.useRealTimers();
      await own.close();
    }
  });
});

describe("Confluent: creates", () => {
  const PATH = "/networking/v1/private-link-attachment-connections";
  const KIND = {
    AWS: "AwsPrivateLinkAttachmentConnection",
    AZURE: "AzurePrivateLinkAttachmentConnection",
    GCP: "GcpPrivateLinkAttachmentConnection",
  };
  const cloudOf = (cloud: keyof typeof KIND, n: number) =>
    cloud === "AWS"
      ? { kind: KIND.AWS, vpc_endpoint_id: `vpce-0000000000000000${n}` }
      : cloud === "AZURE"
        ? { kind: KIND.AZURE, private_endpoint_resource_id: `/subscriptions/s/pe-${n}` }
        : { kind: KIND.GCP };
  const create = (url: string, environment: string, attachment: string, cloud: object) =>
    fetch(`${url}${PATH}`, {
      method: "POST",
      headers: { ...CFLT, ...JSON_TYPE },
      body: JSON.stringify({
        spec: { environment: { id: environment }, private_link_attachment: { id: attachment }, cloud },
      }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: Item[] } }));

  it("the cloud kind must be the attachment's, and the attachment in the environment (422 with its pointer)", async () => {
    const [attachment] = emu.ids.confluentAttachmentDetails;
    const wrong = (Object.keys(KIND) as (keyof typeof KIND)[]).find((c) => c !== attachment!.cloud)!;
    const mismatch = await create(emu.url, emu.ids.confluentEnvironment, attachment!.id, cloudOf(wrong, 1));
    expect([mismatch.status, mismatch.body.errors![0]!.code, mismatch.body.errors![0]!.source]).toEqual([
      422,
      "invalid_configuration",
      { pointer: "/spec/cloud/kind" },
    ]);
    const foreign = emu.state.confluent.attachments.find((a) => a.environment !== emu.ids.confluentEnvironment)!;
    const elsewhere = await create(emu.url, emu.ids.confluentEnvironment, foreign.id, cloudOf(foreign.cloud, 2));
    expect([elsewhere.status, elsewhere.body.errors![0]!.source]).toEqual([
      422,
      { pointer: "/spec/private_link_attachment/id" },
    ]);
    expect((await create(emu.url, foreign.environment, foreign.id, cloudOf(foreign.cloud, 2))).status).toBe(202);
  });

  it("GCP: keeps the private_service_connect_connection_id sent (409 when taken), makes one up only when none is sent", async () => {
    const gcp = emu.state.confluent.attachments.find((a) => a.cloud === "GCP")!;
    expect(gcp).toBeDefined();
    const psc = (id?: unknown) => ({
      kind: KIND.GCP,
      ...(id === undefined ? {} : { private_service_connect_connection_id: id }),
    });
    type Created = { id: string; spec: { cloud: Item } };
    const sent = await create(emu.url, gcp.environment, gcp.id, psc("12345678901234567"));
    expect(sent.status).toBe(202);
    const created = sent.body as unknown as Created;
    expect(created.spec.cloud).toEqual(psc("12345678901234567"));
    const read = await call("GET", `${PATH}/${created.id}?environment=${gcp.environment}`, CFLT);
    expect((read.body.status as { cloud: Item }).cloud.private_service_connect_connection_id).toBe("12345678901234567");

    const again = await create(emu.url, gcp.environment, gcp.id, psc("12345678901234567"));
    expect([again.status, again.body.errors![0]!.code]).toEqual([409, "resource_already_exists"]);
    for (const bad of ["", 12345678901234567, null]) {
      const refused = await create(emu.url, gcp.environment, gcp.id, psc(bad));
      expect([refused.status, refused.body.errors![0]!.source]).toEqual([
        422,
        { pointer: "/spec/cloud/private_service_connect_connection_id" },
      ]);
    }
    const drawn = (await create(emu.url, gcp.environment, gcp.id, psc())).body as unknown as Created;
    expect(drawn.spec.cloud.private_service_connect_connection_id).toMatch(/^[1-9]\d{16}$/);
  });

  it("creates add at most maxCreated connections: then 409 quota_exceeded", async () => {
    const own = await startEmulator({ maxCreated: 1, counts: { confluentConnections: 1 } });
    try {
      const [attachment] = own.ids.confluentAttachmentDetails;
      const make = (n: number) =>
        create(own.url, own.ids.confluentEnvironment, attachment!.id, cloudOf(attachment!.cloud, n));
      expect((await make(1)).status).toBe(202);
      const refused = await make(2);
      expect([refused.status, refused.body.errors![0]!.code]).toEqual([409, "quota_exceeded"]);
    } finally {
      await own.close();
    }
  });

  it("a rateLimit fault's 429 says X-RateLimit-Remaining 0, with Retry-After", async () => {
    emu.setFaults({ api: "confluent", rateLimit: true, times: 1 });
    const answer = await call("GET", `${PATH}?environment=${emu.ids.confluentEnvironment}`, CFLT);
    expect([answer.status, answer.headers.get("x-ratelimit-remaining"), answer.headers.get("retry-after")]).toEqual([
      429,
      "0",
      "1",
    ]);
    expect(answer.body).toBeUndefined(); // headers only: the spec's 429 declares no content
  });
});
