// Drift detection (`validate`): a server whose answers no longer match the spec is reported, finding by
// finding, with the operation, the JSON pointer and the kind; `warn` reports and returns, `throw`
// throws a DriftError once the body is read; paginate checks every page; nothing is loaded when off.
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, DriftError, NotFoundError, RateLimitError, type Drift } from "../src/index.js";
import {
  checkedCall,
  forgetDriftWarnings,
  MAX_DISTINCT_WARNINGS,
  MAX_FINDINGS,
  RESPONSE_FINDINGS,
  onceEach,
  type ResponseValidators,
} from "../src/core/drift.js";
import { createApiClient } from "../src/core/client.js";
import { createVpcClient } from "../src/otc/index.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { otcProfile } from "../src/otc/errors.js";
import { findingsAt, subnetDrift, subnetListFindings } from "./support/drift-findings.js";
import { startServer, sendJson, type TestServer } from "./support/http-server.js";
import { answering, validatorsFor, validatorsModuleOf } from "./support/validators-for.js";

const TOKEN = "drift-test-token-0123456789";
const SUBNET = {
  id: "d1073653-8b59-4a23-b824-46b7305c8cc4",
  name: "subnet-0001",
  description: "",
  cidr: "10.0.0.0/24",
  gateway_ip: "10.0.0.1",
  ipv6_enable: false,
  dhcp_enable: true,
  primary_dns: "100.125.4.25",
  secondary_dns: "100.125.129.199",
  dnsList: ["100.125.4.25", "100.125.129.199"],
  vpc_id: "9436cb15-752c-421c-a550-afed7672374d",
  status: "ACTIVE",
  neutron_network_id: "df125b94-2b44-4331-8523-a9503943a327",
  neutron_subnet_id: "0eb3f114-6004-4888-af89-6ba6ef46fa0e",
  extra_dhcp_opts: [],
  tenant_id: "fe7fbe4aa79bae9547f06330cb472bcb",
  created_at: "2020-10-12T11:05:10",
  updated_at: "2020-10-12T11:05:10",
};
const LIST = "/v1/{project_id}/subnets";
const params = { params: { path: { project_id: "p" } } };

/** What the server answers next for the subnets list: [status, body (a string is sent as it is), headers] by page marker. */
let answer: (marker: string | null) => [number, unknown, Record<string, string>?] = () => [200, { subnets: [SUBNET] }];
let server: TestServer;

beforeAll(async () => {
  server = await startServer((request, res) => {
    const marker = new URL(request.url, "http://x").searchParams.get("marker");
    const [status, body, headers] = answer(marker);
    sendJson(res, status, body, { "x-request-id": "req-drift", ...headers });
  });
});
afterAll(() => server.close());
// The default console lines are one per finding for the whole process: each test starts as a new one.
beforeEach(() => forgetDriftWarnings());

const client = (validate: Parameters<typeof createVpcClient>[0]["validate"]) =>
  createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false, validate });

/** The findings of one list call in warn mode. */
async function findings(body: unknown, status = 200): Promise<Drift[]> {
  answer = () => [status, body];
  const found: Drift[] = [];
  const { response } = await client({ mode: "warn", onDrift: (d) => found.push(d) }).GET(LIST, params);
  expect(response.status).toBe(status);
  return found;
}

describe("validate: each kind of drift is found where it is", () => {
  const common = {
    vendor: "otc",
    operationId: "listSubnets",
    method: "GET",
    path: LIST,
    status: 200,
    count: 1,
    omitted: 0,
  };

  it("a body that matches its spec has no finding", async () => {
    expect(await findings({ subnets: [SUBNET, { ...SUBNET, status: "ERROR" }] })).toEqual([]);
  });

  it("undeclared-property: a field the spec does not declare, at any depth", async () => {
    const found = await findings({
      subnets: [{ ...SUBNET, mtu: 1500, extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "1.2.3.4", ttl: 5 }] }],
      next: "x",
    });
    expect(found).toEqual(
      expect.arrayContaining([
        {
          ...common,
          pointer: "/subnets/0/mtu",
          kind: "undeclared-property",
          expected: expect.any(String),
          actual: 1500,
          samples: [1500],
          actualTypes: ["integer"],
        },
        {
          ...common,
          pointer: "/subnets/0/extra_dhcp_opts/0/ttl",
          kind: "undeclared-property",
          expected: expect.any(String),
          actual: 5,
          samples: [5],
          actualTypes: ["integer"],
        },
        {
          ...common,
          pointer: "/next",
          kind: "undeclared-property",
          expected: expect.any(String),
          actual: "x",
          samples: ["x"],
          actualTypes: ["string"],
        },
      ]),
    );
    expect(found).toHaveLength(3);
  });

  it("type, enum, required and format", async () => {
    const { cidr: _dropped, ...withoutCidr } = SUBNET;
    const found = await findings({
      subnets: [{ ...withoutCidr, dhcp_enable: "yes", status: "RETIRED", id: "not-a-uuid" }],
    });
    const byKind = Object.fromEntries(found.map((d) => [d.kind, d]));
    expect(byKind.required).toMatchObject({ pointer: "/subnets/0/cidr", actual: undefined });
    expect(byKind.type).toMatchObject({ pointer: "/subnets/0/dhcp_enable", expected: "boolean", actual: "yes" });
    expect(byKind.enum).toMatchObject({ pointer: "/subnets/0/status", actual: "RETIRED" });
    expect(byKind.enum!.expected).toContain('"ACTIVE"');
    expect(byKind.format).toMatchObject({ pointer: "/subnets/0/id", expected: "uuid", actual: "not-a-uuid" });
    expect(found).toHaveLength(4);
  });

  it("undocumented-status: a status the operation does not document", async () => {
    expect(await findings({ anything: true }, 418)).toEqual([
      {
        ...common,
        status: 418,
        pointer: "",
        kind: "undocumented-status",
        expected: expect.stringContaining("200"),
        actual: 418,
        samples: [418],
        actualTypes: ["integer"],
      },
    ]);
  });

  it("a call read as text, bytes or a stream has its status checked, not its body", async () => {
    for (const parseAs of ["text", "arrayBuffer", "blob", "stream"] as const) {
      for (const [status, body, expected] of [
        [418, { anything: true }, [[418, "undocumented-status"]]],
        [202, { subnets: [SUBNET] }, [[202, "undocumented-status"]]],
        [200, { subnets: [{ ...SUBNET, mtu: 1500 }] }, []],
      ] as const) {
        answer = () => [status, body];
        const found: Drift[] = [];
        const vpc = client({ mode: "warn", onDrift: (d) => found.push(d) });
        const { response } = await vpc.GET(LIST, { ...params, parseAs });
        expect(response.status).toBe(status);
        expect(
          found.map((drift) => [drift.status, drift.kind]),
          `${parseAs}, ${status}`,
        ).toEqual(expected);
      }
    }
  });

  it('"throw", a stream whose status is undocumented: a DriftError, and the stream nobody will read is let go', async () => {
    let closed!: Promise<void>;
    const own = await startServer((_request, res) => {
      closed = new Promise((done) => res.on("close", () => done()));
      res.writeHead(202, { "content-type": "application/json" });
      res.write('{"subnets":['); // and never more: only a client letting go ends it
    });
    try {
      const vpc = createVpcClient({ baseUrl: own.url, auth: { token: TOKEN }, retry: false, validate: "throw" });
      const error = await vpc.GET(LIST, { ...params, parseAs: "stream" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DriftError);
      expect((error as DriftError).findings).toEqual([
        expect.objectContaining({ status: 202, kind: "undocumented-status" }),
      ]);
      const end = await Promise.race([closed.then(() => "closed"), delay(5000, "still open")]);
      expect(end).toBe("closed");
    } finally {
      await own.close();
    }
  });

  it("a documented error status is checked against its error schema", async () => {
    const found = await findings({ error_code: "VPC.0001", error_msg: "bad", detail: "x" }, 400);
    expect(found).toEqual([
      expect.objectContaining({ status: 400, pointer: "/detail", kind: "undeclared-property", actual: "x" }),
    ]);
  });

  it("the value shown is redacted and truncated", async () => {
    const found = await findings({
      subnets: [{ ...SUBNET, echoed: `token ${TOKEN}`, long: "x".repeat(5000), [`key-${TOKEN}`]: 1 }],
    });
    const echoed = found.find((d) => d.pointer === "/subnets/0/echoed")!;
    expect(echoed.actual).not.toContain(TOKEN);
    // a key the server names after the credential is redacted in the pointer too
    expect(found.filter((d) => d.pointer.startsWith("/subnets/0/key-"))).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(TOKEN);
    const long = found.find((d) => d.pointer === "/subnets/0/long")!;
    expect(String(long.actual).length).toBeLessThan(300);
  });
});

describe("validate modes", () => {
  it('"throw": a DriftError (an ApiError) with every finding, after the body was read', async () => {
    answer = () => [200, { subnets: [{ ...SUBNET, mtu: 1500, status: "RETIRED" }] }];
    const error = await client("throw")
      .GET(LIST, params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect(error).toBeInstanceOf(ApiError);
    const drift = error as DriftError;
    expect(drift.findings.map((d) => `${d.pointer} ${d.kind}`).sort()).toEqual([
      "/subnets/0/mtu undeclared-property",
      "/subnets/0/status enum",
    ]);
    expect(drift.status).toBe(200);
    expect(drift.requestId).toBe("req-drift");
    expect(drift.method).toBe("GET");
    expect(drift.body).toMatchObject({ subnets: [{ mtu: 1500 }] });
    expect(drift.message).toContain(`GET ${LIST}`);
    // An empty X-Request-Id is no request id, as on every other ApiError.
    answer = () => [200, { subnets: [{ ...SUBNET, mtu: 1500 }] }, { "x-request-id": "" }];
    const unnamed = (await client("throw")
      .GET(LIST, params)
      .catch((e: unknown) => e)) as DriftError;
    expect(unnamed).toBeInstanceOf(DriftError);
    expect(unnamed.requestId).toBeUndefined();
  });

  it('"throw": the DriftError a client hands out shows no credential (message, body, findings, stack)', async () => {
    answer = () => [200, { subnets: [{ ...SUBNET, echoed: `token ${TOKEN}`, [`key-${TOKEN}`]: 1 }] }];
    const error = await client("throw")
      .GET(LIST, params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    const drift = error as DriftError;
    expect(drift.findings).toHaveLength(2);
    for (const shown of [drift.message, drift.stack, JSON.stringify(drift), JSON.stringify(drift.body)])
      expect(shown).not.toContain(TOKEN);
  });

  it('"warn" without onDrift: one console.warn per distinct operation, pointer and kind', async () => {
    answer = () => [200, { subnets: [{ ...SUBNET, mtu: 1500 }] }];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const vpc = client("warn");
      const first = await vpc.unwrap(vpc.GET(LIST, params));
      await vpc.unwrap(vpc.GET(LIST, params));
      expect(first.subnets[0]).toMatchObject({ mtu: 1500 }); // the call returns as usual
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('listSubnets (200) at "/subnets/0/mtu": undeclared-property');
    } finally {
      warn.mockRestore();
    }
  });

  it("paginate checks every page: a drift on page 2 is thrown there", async () => {
    answer = (marker) =>
      marker === null
        ? [200, { subnets: [SUBNET, { ...SUBNET, id: "11111111-1111-4111-8111-111111111111" }] }]
        : [200, { subnets: [{ ...SUBNET, id: "22222222-2222-4222-8222-222222222222", mtu: 9000 }] }];
    const seen: string[] = [];
    const error = await (async () => {
      for await (const subnet of client("throw").paginate(LIST, params, { pageSize: 2 })) seen.push(subnet.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([SUBNET.id, "11111111-1111-4111-8111-111111111111"]);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).findings[0]).toMatchObject({ pointer: "/subnets/0/mtu", kind: "undeclared-property" });
  });

  it('"off" (the default) loads no validator', async () => {
    answer = () => [200, { subnets: [{ ...SUBNET, mtu: 1500 }] }];
    for (const validate of [undefined, "off"] as const) {
      const drift = vi.fn(async () => ({ responses: {}, checkedCall }));
      const api = createApiClient<any, {}>({
        profile: otcProfile,
        baseUrl: server.url,
        options: { validate },
        authorize: () => {},
        secrets: [],
        pagination: {},
        cursors: {},
        drift,
      });
      await api.unwrap(api.GET(LIST, params));
      expect(drift).not.toHaveBeenCalled();
    }
  });

  it("a bad value is a TypeError naming the option at every call (the option is checked where the checker loads), and nothing is sent", async () => {
    const mode = /^validate must be "off", "warn", "throw" or \{ mode: "warn" \| "throw", onDrift \}, got /;
    const cases: [unknown, RegExp][] = [
      ["loud", mode],
      [false, mode],
      [null, mode],
      [{ mode: "loud" }, mode],
      [{ mode: "warn", onDrift: "log" }, /^validate\.onDrift must be a function, got string$/],
      // a misspelt onDrift would otherwise be dropped silently, its findings going to the console instead
      [{ mode: "warn", ondrift: () => {} }, /^validate\.ondrift is not an option \(known: mode, onDrift\)$/],
    ];
    for (const [validate, message] of cases) {
      const vpc = client(validate as never);
      const sent = server.requests.length;
      for (let i = 0; i < 2; i++) {
        const error = await vpc.GET(LIST, params).catch((e: unknown) => e);
        expect(error, JSON.stringify(validate)).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toMatch(message);
      }
      await expect(vpc.paginate(LIST, params).toArray()).rejects.toThrow(message);
      expect(server.requests.length).toBe(sent);
    }
  });
});

/** A warn-mode client that collects its findings. */
function collecting() {
  const found: Drift[] = [];
  return { found, vpc: client({ mode: "warn", onDrift: (d) => found.push(d) }) };
}

describe("a hostile body: the work per response is bounded", () => {
  it("findings that differ only in array indices are one finding, counted", async () => {
    // Each empty item misses every required property of Subnet: Ajv reports 17 errors per item (8,500 here,
    // within what a validator lists).
    answer = () => [200, { subnets: Array.from({ length: 500 }, () => ({})) }];
    const { found, vpc } = collecting();
    await vpc.GET(LIST, params);
    expect(found).toHaveLength(17);
    for (const drift of found) expect(drift).toMatchObject({ kind: "required", count: 500, omitted: 0 });
    expect(found[0]).toMatchObject({ pointer: "/subnets/0/id", actual: undefined });

    // Past the validator's list (MAX_LISTED_ERRORS), the places are counted in omitted: none is lost.
    answer = () => [200, { subnets: Array.from({ length: 2000 }, () => ({})) }];
    const more = collecting();
    await more.vpc.GET(LIST, params);
    expect(more.found).toHaveLength(17);
    const places = more.found.reduce((sum, d) => sum + d.count, 0) + more.found[0]!.omitted;
    expect(places).toBe(17 * 2000);
  });

  it("a folded finding samples up to 3 distinct values of the places it stands for", async () => {
    const statuses = ["WEIRD1", "WEIRD1", "WEIRD2", "WEIRD1", "WEIRD3", "WEIRD4"];
    answer = () => [200, { subnets: statuses.map((status) => ({ ...SUBNET, status })) }];
    const { found, vpc } = collecting();
    await vpc.GET(LIST, params);
    const enumFinding = found.find((d) => d.kind === "enum")!;
    expect(enumFinding).toMatchObject({ pointer: "/subnets/0/status", count: 6, actual: "WEIRD1" });
    expect(enumFinding.samples).toEqual(["WEIRD1", "WEIRD2", "WEIRD3"]);
  });

  it(`at most ${MAX_FINDINGS} findings per response, the places beyond counted in \`omitted\` (warn and throw)`, async () => {
    const extra = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`extra_${i}`, i]));
    answer = () => [
      200,
      {
        subnets: [
          { ...SUBNET, ...extra },
          { ...SUBNET, ...extra },
        ],
      },
    ];
    const { found, vpc } = collecting();
    await vpc.GET(LIST, params);
    expect(found).toHaveLength(MAX_FINDINGS);
    expect(found[0]).toMatchObject({ pointer: "/subnets/0/extra_0", actual: 0, count: 2, omitted: 200 * 2 });
    expect(found.every((d) => d.omitted === 400)).toBe(true);
    // Each links, not enumerably, to its response's findings: a collector counts `omitted` once per response.
    const link = (found[0] as unknown as Record<symbol, Drift[]>)[RESPONSE_FINDINGS];
    expect(link).toHaveLength(MAX_FINDINGS);
    expect(found.every((d) => (d as unknown as Record<symbol, unknown>)[RESPONSE_FINDINGS] === link)).toBe(true);
    expect(Object.keys(found[0]!)).not.toContain(RESPONSE_FINDINGS.toString());
    expect(JSON.stringify(found[0])).not.toContain("responseFindings");

    const error = await client("throw")
      .GET(LIST, params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).findings).toHaveLength(MAX_FINDINGS);
    expect((error as DriftError).omitted).toBe(400);
    expect((error as DriftError).message).toContain("100 findings, and 400 more places not shown");
  });

  it('a body nested far deeper than JSON.stringify can go: "warn" returns as usual, the value shown is cut', async () => {
    const depth = 20_000;
    const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    answer = () => [
      200,
      `{"subnets":[${JSON.stringify({ ...SUBNET, deep: 0 }).replace('"deep":0', `"deep":${deep}`)}]}`,
    ];
    const { found, vpc } = collecting();
    const { data } = await vpc.GET(LIST, params);
    expect(data!.subnets).toHaveLength(1);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ pointer: "/subnets/0/deep", kind: "undeclared-property" });
    expect(found[0]!.actual).toBe(`${"[".repeat(200)}…`);

    const error = await client("throw")
      .GET(LIST, params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).findings[0]!.actual).toBe(`${"[".repeat(200)}…`);
  });

  it('a validator that cannot finish (items too deep for its uniqueness check): one finding, and "warn" returns as usual', async () => {
    const depth = 20_000;
    answer = () => [
      200,
      `{"api_version":"networking/v1","kind":"PrivateLinkAttachmentConnectionList","metadata":{},"data":[${"[".repeat(depth)}${"]".repeat(depth)},1]}`,
    ];
    const found: Drift[] = [];
    const confluent = createConfluentClient({
      baseUrl: server.url,
      auth: { token: TOKEN },
      retry: false,
      validate: { mode: "warn", onDrift: (d) => found.push(d) },
    });
    const { data, response } = await confluent.GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1" } },
    } as never);
    expect(response.status).toBe(200);
    expect((data as { data: unknown[] }).data).toHaveLength(2);
    expect(found).toEqual([
      expect.objectContaining({
        operationId: "listNetworkingV1PrivateLinkAttachmentConnections",
        pointer: "",
        kind: "constraint",
        expected: expect.stringMatching(/^a body the validator can check through \(it stopped: RangeError: /),
      }),
    ]);
  });

  it("the value shown: an object short enough stays an object, a long one is cut JSON text, each string redacted", async () => {
    answer = () => [
      200,
      {
        subnets: [
          {
            ...SUBNET,
            small: { a: [1, "two", null, true], b: {} },
            long: { list: Array.from({ length: 100 }, (_, i) => i), token: TOKEN },
            early: { secret: `Bearer ${TOKEN}${"x".repeat(500)}` },
          },
        ],
      },
    ];
    const { found, vpc } = collecting();
    await vpc.GET(LIST, params);
    const at = (pointer: string) => found.find((d) => d.pointer === pointer)!.actual;
    expect(at("/subnets/0/small")).toEqual({ a: [1, "two", null, true], b: {} });
    expect(at("/subnets/0/long")).toMatch(/^\{"list":\[0,1,2,.*…$/);
    expect(String(at("/subnets/0/long")).length).toBe(201);
    expect(String(at("/subnets/0/early"))).toMatch(/^\{"secret":"/);
    expect(JSON.stringify(found)).not.toContain(TOKEN);
  });
});

describe("the value shown is cut past 200 characters of JSON text", () => {
  it("an object whose JSON text is 200 characters stays an object; one of 201 is cut, with …", async () => {
    const fits = { s: "x".repeat(192) };
    const over = { s: "y".repeat(193) };
    expect(JSON.stringify(fits)).toHaveLength(200);
    expect(JSON.stringify(over)).toHaveLength(201);
    const found = await findings({ subnets: [{ ...SUBNET, fits, over }] });
    expect(found.find((d) => d.pointer === "/subnets/0/fits")!.actual).toEqual(fits);
    expect(found.find((d) => d.pointer === "/subnets/0/over")!.actual).toBe(`${JSON.stringify(over).slice(0, 200)}…`);
  });
});

describe('the default "warn": one line per distinct operation, pointer (array indices folded) and kind', () => {
  it("for the whole process: a client per request, each finding the same drift, is one line", async () => {
    answer = () => [200, { subnets: [{ ...SUBNET, mtu: 1500 }] }];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (let i = 0; i < 20; i++) await client("warn").GET(LIST, params);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
    // Two vendors may name an operation alike: their findings are told apart.
    const written: string[] = [];
    const once = onceEach((d) => written.push(d.vendor));
    once(subnetDrift({ vendor: "otc" }));
    once(subnetDrift({ vendor: "madconnect" }));
    once(subnetDrift({ vendor: "otc" }));
    expect(written).toEqual(["otc", "madconnect"]);
  });

  it("one undeclared field on every item of every page is one console.warn", async () => {
    answer = (marker) => {
      // the marker is the last id of the page before, whose first group is that page's number
      const page = marker === null ? 0 : Number(marker.slice(0, 8)) + 1;
      const ids = Array.from(
        { length: 500 },
        (_, i) => `${String(page).padStart(8, "0")}-1111-4111-8111-${String(i).padStart(12, "0")}`,
      );
      // the drifting items sit at other indices on each page
      const subnets = ids.map((id, i) => (i % 3 === page % 3 ? { ...SUBNET, id, extra_field: i } : { ...SUBNET, id }));
      return [200, { subnets: page < 2 ? subnets : subnets.slice(0, 10) }];
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const items = await client("warn").paginate(LIST, params, { pageSize: 500 }).toArray();
      expect(items.length).toBe(1010);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /listSubnets \(200\) at "\/subnets\/0\/extra_field": undeclared-property, expected .*, got 0 \(167 places in the response\)$/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it(`the console says how many places a response left out, and stops after ${MAX_DISTINCT_WARNINGS} distinct lines`, async () => {
    let call = 0;
    answer = () => {
      call += 1;
      const extra = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`extra_${call}_${i}`, i]));
      return [200, { subnets: [{ ...SUBNET, ...extra }] }];
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const vpc = client("warn");
      for (let i = 0; i < 11; i++) await vpc.GET(LIST, params);
      const lines = warn.mock.calls.map(([line]) => String(line));
      expect(lines[0]).toMatch(
        /at "\/subnets\/0\/extra_1_0": undeclared-property, .*; 50 more places of the response not shown$/,
      );
      expect(lines).toHaveLength(MAX_DISTINCT_WARNINGS + 1);
      expect(lines.at(-1)).toMatch(/1000 distinct findings shown, no more will be/);
    } finally {
      warn.mockRestore();
    }
  });

  it("onceEach keys on the pointer with its indices folded, and writes at most MAX_DISTINCT_WARNINGS lines", () => {
    const drift = (pointer: string): Drift => subnetDrift({ pointer });
    const written: string[] = [];
    let full = 0;
    const once = onceEach(
      (d) => written.push(d.pointer),
      () => (full += 1),
    );
    once(drift("/connections/17/extra_field"));
    once(drift("/connections/18/extra_field"));
    once(drift("/connections/18/other_field"));
    expect(written).toEqual(["/connections/17/extra_field", "/connections/18/other_field"]);
    for (let i = 0; i < MAX_DISTINCT_WARNINGS + 50; i++) once(drift(`/connections/0/field_${i}`));
    expect(written).toHaveLength(MAX_DISTINCT_WARNINGS);
    expect(full).toBe(1);
  });
});

describe('error responses: the typed error wins, carrying the findings in "drift"', () => {
  const undocumented429 = (): [number, unknown, Record<string, string>] => [
    429,
    { error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached" },
    { "retry-after": "7" },
  ];

  it('"throw": a raw call returns { error } and reports the findings as "warn" does; unwrap throws the RateLimitError, with drift', async () => {
    answer = undocumented429;
    const found: Drift[] = [];
    const vpc = client({ mode: "throw", onDrift: (d) => found.push(d) });
    const { error, response } = await vpc.GET(LIST, params);
    expect(response.status).toBe(429);
    expect(error).toMatchObject({ error_code: "APIGW.0308" });
    expect(found).toEqual([expect.objectContaining({ status: 429, kind: "undocumented-status", actual: 429 })]);

    const thrown = await vpc.unwrap(vpc.GET(LIST, params)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RateLimitError);
    expect(thrown).not.toBeInstanceOf(DriftError);
    const limited = thrown as RateLimitError;
    expect(limited).toMatchObject({ status: 429, code: "APIGW.0308", retryAfterMs: 7000 });
    expect(limited.drift).toEqual([expect.objectContaining({ kind: "undocumented-status", actual: 429 })]);
    expect(JSON.parse(JSON.stringify(limited)).drift).toHaveLength(1);
  });

  it('"throw" through paginate: a documented 404 whose body drifts ends in NotFoundError with its findings', async () => {
    answer = (marker) =>
      marker === null
        ? [200, { subnets: [SUBNET, { ...SUBNET, id: "11111111-1111-4111-8111-111111111111" }] }]
        : [404, { error_code: "VPC.0202", error_msg: "gone", detail: `echo ${TOKEN}` }];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const error = await client("throw")
        .paginate(LIST, params, { pageSize: 2 })
        .toArray()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).code).toBe("VPC.0202");
      expect((error as NotFoundError).drift).toEqual([
        expect.objectContaining({ status: 404, pointer: "/detail", kind: "undeclared-property" }),
      ]);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
      // no onDrift given: reported on the console as in "warn"
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('listSubnets (404) at "/detail": undeclared-property');
    } finally {
      warn.mockRestore();
    }
  });

  it('"throw": an error envelope with HTTP 200 (MadConnect) is checked as an error body: its ApiError, with drift only where the envelope drifts, never a DriftError', async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    let envelope: Record<string, unknown> = {};
    const own = await startServer((_request, res) => sendJson(res, 200, envelope));
    try {
      const found: Drift[] = [];
      const mad = createMadConnectClient({
        baseUrl: own.url,
        auth: { token: TOKEN },
        retry: false,
        validate: { mode: "throw", onDrift: (drift) => found.push(drift) },
      });
      const get = () =>
        mad
          .unwrap(mad.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c1" } } }))
          .catch((e: unknown) => e);
      // As the spec's ErrorEnvelope has it (`response` any value): not held against the 200's success schema.
      envelope = { statusCode: 404, statusMessage: "Connection not found", response: null };
      const conforming = await get();
      expect(conforming).toBeInstanceOf(ApiError);
      expect(conforming).not.toBeInstanceOf(DriftError);
      expect(conforming).toMatchObject({ status: 200, code: "404" });
      expect((conforming as ApiError).drift).toBeUndefined();
      expect(found).toEqual([]);
      // An envelope the error schema does not describe is drift, of that error.
      envelope = { statusCode: 404, statusMessage: "Connection not found", response: null, traceId: "t-1" };
      const drifting = await get();
      expect(drifting).toBeInstanceOf(ApiError);
      expect(drifting).not.toBeInstanceOf(DriftError);
      expect((drifting as ApiError).drift).toEqual([
        expect.objectContaining({ status: 200, pointer: "/traceId", kind: "undeclared-property" }),
      ]);
      expect(found).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("MadConnect documents its errors as 4XX and 5XX: a 404 or a 503 is no undocumented status", async () => {
    const { createMadConnectClient } = await import("../src/madconnect/index.js");
    let status = 404;
    const own = await startServer((_request, res) =>
      sendJson(res, status, { statusCode: status, statusMessage: "failed", response: null }),
    );
    try {
      const found: Drift[] = [];
      const mad = createMadConnectClient({
        baseUrl: own.url,
        auth: { token: TOKEN },
        retry: false,
        validate: { mode: "warn", onDrift: (drift) => found.push(drift) },
      });
      for (status of [404, 503]) {
        const { error, response } = await mad.GET("/es/v2/connections/{connection_id}", {
          params: { path: { connection_id: "c1" } },
        });
        expect(response.status).toBe(status);
        expect(error).toMatchObject({ statusCode: status });
      }
      expect(found).toEqual([]);
      // a status outside both ranges is undocumented
      status = 302;
      await mad.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c1" } } });
      expect(found.map((drift) => [drift.status, drift.kind])).toEqual([[302, "undocumented-status"]]);
    } finally {
      await own.close();
    }
  });

  it("an error response that matches its spec, or validation off: no drift on the typed error", async () => {
    answer = () => [404, { error_code: "VPC.0202", error_msg: "gone" }];
    for (const validate of ["throw", "off"] as const) {
      const vpc = client(validate);
      const error = await vpc.unwrap(vpc.GET(LIST, params)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).not.toHaveProperty("drift");
    }
  });
});

describe("the generated validators", () => {
  it("past the error cap, a branch that passes (anyOf) cuts the list back without holes; code-like schema text refuses generation", async () => {
    const schemaWith = (mode: unknown) => ({
      type: "object",
      properties: { items: { type: "array", items: { type: "object", required: ["id"] } }, mode },
    });
    const { responses } = await validatorsFor(schemaWith({ anyOf: [{ type: "string" }, { type: "integer" }] }));
    const validate = responses["GET /x"]!.statuses["200"]! as NonNullable<
      ResponseValidators["responses"][string]["statuses"][string]
    > & {
      errorCount?: number;
    };
    expect(validate({ items: Array.from({ length: 10_001 }, () => ({})), mode: 3 })).toBe(false);
    expect(validate.errors).toHaveLength(10_000);
    expect(validate.errors!.every(Boolean)).toBe(true);
    expect(validate.errorCount).toBe(10_001);

    await expect(validatorsFor(schemaWith({ type: "string", enum: ["{vErrors.push(err1);}"] }))).rejects.toThrow(
      /does not cap/,
    );
  });

  it("list at most MAX_LISTED_ERRORS errors and count the rest: a hostile page stays small in memory", async () => {
    const { MAX_LISTED_ERRORS } = (await import("../scripts/lib/validators.mjs" as string)) as {
      MAX_LISTED_ERRORS: number;
    };
    const { responses } = (await import("../generated/otc-vpc.validators.js")) as unknown as ResponseValidators;
    const validate = responses["GET /v1/{project_id}/subnets"]!.statuses["200"]!;
    // Each empty item lacks every required field of a subnet: far more errors than the cap.
    const page = { subnets: Array.from({ length: 5_000 }, () => ({})) };
    expect(validate(page)).toBe(false);
    expect(validate.errors).toHaveLength(MAX_LISTED_ERRORS);
    const perItem = (validate.errors ?? []).filter((e) => e?.instancePath === "/subnets/0").length;
    expect(perItem).toBeGreaterThan(2);
    expect((validate as { errorCount?: number }).errorCount).toBe(perItem * 5_000);

    // The findings count every place, listed or not.
    const found = await subnetListFindings({ responses } as ResponseValidators, page);
    expect(found).toHaveLength(perItem);
    const counted = found.reduce((sum, d) => sum + d.count, 0) + found[0]!.omitted;
    expect(counted).toBe(perItem * 5_000);
  });

  it("an allOf member that allows additional properties lets no undeclared one through (as the same schema alone)", async () => {
    const declared = { type: "object", properties: { a: { type: "integer" } }, additionalProperties: true };
    // No type and no properties: every property is undeclared, alone or wrapped.
    const free = { additionalProperties: true };
    for (const [alone, undeclared] of [
      [declared, ["/b"]],
      [free, ["/a", "/b"]],
    ] as const) {
      for (const schema of [alone, { allOf: [alone] }, { description: "wrapped", allOf: [alone] }]) {
        const { responses } = await validatorsFor(schema);
        const findings = await findingsAt({ responses }, "/x", { a: 1, b: 2 });
        expect(findings.map((d) => `${d.pointer} ${d.kind}`).sort(), JSON.stringify(schema)).toEqual(
          undeclared.map((pointer) => `${pointer} undeclared-property`),
        );
      }
    }
  });

  it("hold what validates only: a title or description edited changes no byte", async () => {
    const module = (text: string) =>
      validatorsModuleOf(
        answering({
          title: text,
          description: text,
          type: "object",
          properties: { state: { type: "string", enum: ["UP", "DOWN"], description: text } },
        }),
      );
    const [before, after] = await Promise.all([module("Documented once."), module("Documented again.")]);
    expect(before).not.toContain("Documented");
    expect(after).toBe(before);
  });

  it("uniqueItems in linear time: items with distinct ids pass, equal items are a finding, same id with other content is not", async () => {
    const { responses } = (await import("../generated/confluent.validators.js")) as unknown as ResponseValidators;
    const validate = responses["GET /networking/v1/private-link-attachment-connections"]!.statuses["200"]!;
    const duplicates = (data: unknown[]) => {
      validate({ api_version: "networking/v1", kind: "PrivateLinkAttachmentConnectionList", metadata: {}, data });
      return (validate.errors ?? []).filter((e) => e?.keyword === "distinctItems").length;
    };
    expect(duplicates([{ id: "a" }, { id: "b" }, { id: "c" }])).toBe(0);
    expect(duplicates([{ id: "a", x: 1 }, { id: "b" }, { id: "a", x: 1 }])).toBe(1);
    expect(
      duplicates([
        { id: "a", x: 1 },
        { id: "a", x: 2 },
      ]),
    ).toBe(0);
    expect(duplicates([{ name: "n" }, { name: "n" }])).toBe(1);
  });
});

// Which bodies the drift check validates: every body that parsed as JSON (a string, a number, null
// too), against its status's schema; a body that is no JSON (empty, text, an HTML page) is not checked
// against a schema, whatever its status, but its status is. A success whose body is empty or no JSON
// ends in its `invalid_json` ApiError as without validation, and that error carries the finding of an
// undocumented status (never a DriftError, in either mode).
describe("which bodies are checked: a body that parsed as JSON, whatever its value; a body that is no JSON, only its status", () => {
  const SHOW = "/v1/{project_id}/subnets/{subnet_id}";
  const show = { params: { path: { project_id: "p", subnet_id: "s" } } };

  /** What the server answers next: status, body text as sent, content type (none when undefined). */
  let respond: (url: string) => [number, string, string | undefined] = () => [200, "{}", "application/json"];
  let textServer: TestServer;

  beforeAll(async () => {
    textServer = await startServer((request, res) => {
      const [status, text, type] = respond(request.url);
      res.writeHead(status, {
        "content-length": Buffer.byteLength(text),
        ...(type === undefined ? {} : { "content-type": type }),
      });
      res.end(text);
    });
  });
  afterAll(() => textServer.close());

  const textClient = (mode: "warn" | "throw" | "off", found: Drift[] = []) =>
    createVpcClient({
      baseUrl: textServer.url,
      auth: { token: TOKEN },
      retry: false,
      validate: mode === "off" ? "off" : { mode, onDrift: (drift) => found.push(drift) },
    });

  const brief = (drift: Drift) => [drift.status, drift.kind, drift.pointer, drift.expected];

  describe("an error status's body that parsed as JSON is checked against the status's schema, whatever its value", () => {
    // showSubnet documents its 404 as the VPC error object.
    for (const [what, text, type, actual] of [
      ["a JSON string", JSON.stringify("subnet not found"), "application/json", "subnet not found"],
      [
        "a JSON string sent as text/plain (how it parsed counts, not its content type)",
        '"subnet not found"',
        "text/plain",
        "subnet not found",
      ],
      ["a JSON string after white space", ' \r\n\t"subnet not found"', "application/json", "subnet not found"],
      ["a JSON number", "42", "application/json", 42],
      ["JSON null", "null", "application/json", null],
    ] as const)
      it(`${what}: a type finding, in both modes; the call ends in the typed error, carrying it`, async () => {
        respond = () => [404, text, type];
        for (const mode of ["warn", "throw"] as const) {
          const found: Drift[] = [];
          const vpc = textClient(mode, found);
          const { error, response } = await vpc.GET(SHOW, show);
          expect(response.status).toBe(404);
          expect(error).toBe(actual);
          expect(found.map(brief)).toEqual([[404, "type", "", "object"]]);
          expect(found[0]).toMatchObject({ operationId: "showSubnet", actual, samples: [actual] });

          const thrown = await vpc.unwrap(vpc.GET(SHOW, show)).catch((e: unknown) => e);
          expect(thrown).toBeInstanceOf(NotFoundError);
          expect(thrown).not.toBeInstanceOf(DriftError);
          expect((thrown as NotFoundError).drift?.map(brief)).toEqual([[404, "type", "", "object"]]);
        }
      });

    it("with a middleware registered (openapi-fetch then reads a copy of the body): the same finding", async () => {
      respond = () => [404, JSON.stringify("subnet not found"), "application/json"];
      const found: Drift[] = [];
      const vpc = textClient("warn", found);
      vpc.use({ onResponse: () => undefined });
      const { error } = await vpc.GET(SHOW, show);
      expect(error).toBe("subnet not found");
      expect(found.map(brief)).toEqual([[404, "type", "", "object"]]);
    });

    it("a middleware that replaces the error response: a string body counts as no JSON (its bytes were not seen), a number is still checked", async () => {
      for (const [text, findings] of [
        [JSON.stringify("subnet not found"), []],
        ["42", [[404, "type", "", "object"]]],
      ] as const) {
        respond = () => [404, "{}", "application/json"];
        const found: Drift[] = [];
        const vpc = textClient("warn", found);
        vpc.use({ onResponse: ({ response }) => new Response(text, { status: 404, headers: response.headers }) });
        const { error } = await vpc.GET(SHOW, show);
        expect(error).toBe(JSON.parse(text));
        expect(found.map(brief)).toEqual(findings);
      }
    });
  });

  describe("an error status's body that is no JSON is not checked against a schema (its status is)", () => {
    for (const [what, status, text, type] of [
      ["text/plain", 500, "boom", "text/plain"],
      ["text that a JSON string would parse to, sent as application/json", 404, "subnet not found", "application/json"],
      ["an HTML page", 502, "<html><body>Bad Gateway</body></html>", "text/html"],
      ["an empty body", 404, "", "application/json"],
    ] as const)
      it(`${what}: no finding, in both modes; the typed error has no drift`, async () => {
        respond = () => [status, text, type];
        for (const mode of ["warn", "throw"] as const) {
          const found: Drift[] = [];
          const vpc = textClient(mode, found);
          const { error, response } = await vpc.GET(SHOW, show);
          expect(response.status).toBe(status);
          // openapi-fetch hands an empty error body over as undefined
          expect(error).toBe(text === "" ? undefined : text);
          const thrown = await vpc.unwrap(vpc.GET(SHOW, show)).catch((e: unknown) => e);
          expect(thrown).toBeInstanceOf(ApiError);
          expect(thrown).toMatchObject({ status });
          expect(thrown).not.toHaveProperty("drift");
          expect(found).toEqual([]);
        }
      });

    it("an undocumented error status with a text body: its undocumented-status finding, on its typed error", async () => {
      respond = () => [418, "I'm a teapot", "text/plain"];
      const found: Drift[] = [];
      const vpc = textClient("throw", found);
      const thrown = await vpc.unwrap(vpc.GET(SHOW, show)).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown).not.toBeInstanceOf(DriftError);
      expect((thrown as ApiError).drift?.map(brief)).toEqual([[418, "undocumented-status", "", expect.any(String)]]);
      expect(found).toHaveLength(1);
    });
  });

  describe("a success whose body is empty or no JSON: its invalid_json ApiError carries the status's finding", () => {
    for (const [what, text, type] of [
      ["empty, with a JSON content type", "", "application/json"],
      ["text", "accepted", "text/plain"],
    ] as const)
      for (const mode of ["warn", "throw"] as const)
        it(`an undocumented 202, ${what}, "${mode}": raw call and unwrap end in that ApiError, onDrift told once per response`, async () => {
          respond = () => [202, text, type];
          const found: Drift[] = [];
          const vpc = textClient(mode, found);
          for (const attempt of [() => vpc.GET(SHOW, show), () => vpc.unwrap(vpc.GET(SHOW, show))]) {
            const thrown = await attempt().catch((e: unknown) => e);
            expect(thrown).toBeInstanceOf(ApiError);
            expect(thrown).not.toBeInstanceOf(DriftError);
            expect(thrown).toMatchObject({ status: 202, code: "invalid_json" });
            expect((thrown as ApiError).drift).toEqual([
              expect.objectContaining({
                operationId: "showSubnet",
                status: 202,
                kind: "undocumented-status",
                actual: 202,
              }),
            ]);
          }
          expect(found.map(brief)).toEqual([
            [202, "undocumented-status", "", expect.stringContaining("200")],
            [202, "undocumented-status", "", expect.stringContaining("200")],
          ]);
        });

    it("through paginate: page 2 answered 202 with no body ends in that ApiError, with its finding", async () => {
      respond = (url) =>
        url.includes("marker=")
          ? [202, "", "application/json"]
          : [200, JSON.stringify({ subnets: [SUBNET] }), "application/json"];
      const found: Drift[] = [];
      const error = await textClient("throw", found)
        .paginate(LIST, params, { pageSize: 1 })
        .toArray()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(DriftError);
      expect(error).toMatchObject({ status: 202, code: "invalid_json" });
      expect((error as ApiError).drift?.map(brief)).toEqual([[202, "undocumented-status", "", expect.any(String)]]);
      expect(found.map(brief)).toEqual([[202, "undocumented-status", "", expect.any(String)]]);
    });

    it("a documented 200 that is no JSON: its invalid_json ApiError, no finding (a body that is no JSON is not checked)", async () => {
      respond = () => [200, "<html>maintenance</html>", "text/html"];
      for (const mode of ["warn", "throw"] as const) {
        const found: Drift[] = [];
        const vpc = textClient(mode, found);
        const thrown = await vpc.unwrap(vpc.GET(SHOW, show)).catch((e: unknown) => e);
        expect(thrown).toMatchObject({ status: 200, code: "invalid_json" });
        expect(thrown).not.toHaveProperty("drift");
        expect(found).toEqual([]);
      }
    });

    it("with validation off: the same invalid_json ApiError, without drift", async () => {
      respond = () => [202, "", "application/json"];
      const vpc = textClient("off");
      const thrown = await vpc.GET(SHOW, show).catch((e: unknown) => e);
      expect(thrown).toMatchObject({ status: 202, code: "invalid_json" });
      expect(thrown).not.toHaveProperty("drift");
    });
  });

  describe("statuses that carry no body", () => {
    it("an undocumented 418 with an empty body (warn): unwrap's ApiError carries the finding", async () => {
      respond = () => [418, "", undefined];
      const found: Drift[] = [];
      const vpc = textClient("warn", found);
      const thrown = await vpc.unwrap(vpc.GET(SHOW, show)).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ApiError);
      expect((thrown as ApiError).drift?.map((drift) => drift.kind)).toEqual(["undocumented-status"]);
      expect(found.map((drift) => drift.kind)).toEqual(["undocumented-status"]);
    });

    it("an undocumented 204 (warn): the call returns no data, onDrift is told", async () => {
      respond = () => [204, "", undefined];
      const found: Drift[] = [];
      const vpc = textClient("warn", found);
      const { data, response } = await vpc.GET(SHOW, show);
      expect(response.status).toBe(204);
      expect(data).toBeUndefined();
      expect(found.map(brief)).toEqual([[204, "undocumented-status", "", expect.any(String)]]);
    });
  });
});
