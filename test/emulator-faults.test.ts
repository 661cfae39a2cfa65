// The emulator's faults as FaultOptions and the README describe them, over raw HTTP on 127.0.0.1:
// which requests a fault applies to and how it counts them, what each drift kind bends, and
// which fault options are refused.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConfluentClient } from "../src/confluent/index.js";
import { parseJson } from "../src/core/json.js";
import { DriftError } from "../src/index.js";
import {
  DRIFT_ENUM_VALUE,
  DRIFT_PROPERTY,
  EMULATOR_CREDENTIALS,
  startEmulator,
  type Emulator,
  type FaultOptions,
} from "../src/emulator/index.js";

const { otc, confluent, madconnect } = EMULATOR_CREDENTIALS;
const OTC = { "X-Auth-Token": otc.token };
const MAD = { Authorization: `Bearer ${madconnect.token}` };
const CFLT = { Authorization: `Bearer ${confluent.token}` };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    seed: 9,
    counts: { vpcepConnections: 12, subnets: 12, confluentConnections: 12, madconnectConnections: 12 },
  });
});
afterAll(() => emu.close());
afterEach(() => {
  emu.clearFaults();
  vi.restoreAllMocks();
});

const subnets = (query = "limit=3") => fetch(`${emu.url}/v1/p/subnets?${query}`, { headers: OTC });
const madconnectList = () => fetch(`${emu.url}/es/v2/connections?size=2`, { headers: MAD });
const confluentList = () =>
  fetch(`${emu.url}/networking/v1/private-link-attachment-connections?environment=${emu.ids.confluentEnvironment}`, {
    headers: CFLT,
  });
const json = async (response: Response) => parseJson(await response.text()) as Record<string, unknown>;
type Item = Record<string, unknown>;

describe("which requests a fault applies to, and how it counts them", () => {
  it("a fault for one API leaves the others' requests alone, and is not used up by them", async () => {
    emu.setFaults({ api: "madconnect", rateLimit: true, times: 1 });
    expect((await subnets()).status).toBe(200);
    expect((await confluentList()).status).toBe(200);
    expect(emu.faults).toEqual([{ api: "madconnect", rateLimit: true, times: 1, remaining: 1 }]);
    expect((await madconnectList()).status).toBe(429);
    expect(emu.faults).toEqual([]);
  });

  it("a request counts once however many effects of the fault it takes", async () => {
    emu.setFaults({ api: "otc-vpc", latencyMs: 1, rateLimit: { retryAfterSeconds: 0 }, times: 2 });
    expect((await subnets()).status).toBe(429);
    expect(emu.requests.at(-1)!.faults).toEqual(["latencyMs", "rateLimit"]);
    expect(emu.faults).toMatchObject([{ remaining: 1 }]);
    expect((await subnets()).status).toBe(429);
    expect((await subnets()).status).toBe(200);
  });

  it("the latency of several faults adds up", async () => {
    const timeout = vi.spyOn(globalThis, "setTimeout");
    emu.setFaults([
      { api: "otc-vpc", latencyMs: 20, times: 1 },
      { api: "otc-vpc", latencyMs: 30, times: 1 },
    ]);
    expect((await subnets()).status).toBe(200);
    expect(timeout.mock.calls.map((call) => call[1])).toContain(50);
    expect(emu.faults).toEqual([]);
  });

  it("a drift fault with times 1 bends one answer even when two requests arrive together", async () => {
    // The latency holds both requests after their faults were looked up, before either answers.
    emu.setFaults([
      { api: "otc-vpc", drift: "undeclared-property", times: 1 },
      { api: "otc-vpc", latencyMs: 100, times: 2 },
    ]);
    const bodies = await Promise.all([subnets(), subnets()].map(async (r) => json(await r)));
    const bent = bodies.filter((body) => DRIFT_PROPERTY in (body.subnets as Item[])[0]!);
    expect(bent).toHaveLength(1);
    expect(emu.faults).toEqual([]);
  });
});

describe("drift faults bend the first resource of a 2xx answer", () => {
  it("undeclared-property: the first item gains emulator_drift, the others are left as they are", async () => {
    emu.setFaults({ api: "otc-vpc", drift: "undeclared-property", times: 1 });
    const items = (await json(await subnets())).subnets as Item[];
    expect(items.map((item) => DRIFT_PROPERTY in item)).toEqual([true, false, false]);
  });

  it("missing-required removes the first item's id", async () => {
    const plain = (await json(await subnets())).subnets as Item[];
    emu.setFaults({ api: "otc-vpc", drift: "missing-required", times: 1 });
    const items = (await json(await subnets())).subnets as Item[];
    expect(items[0]).not.toHaveProperty("id");
    expect(items[0]).toEqual(Object.fromEntries(Object.entries(plain[0]!).filter(([key]) => key !== "id")));
    expect(items.slice(1)).toEqual(plain.slice(1));
  });

  it("unknown-enum sets the status (OTC, MadConnect) or Confluent's status.phase", async () => {
    emu.setFaults({ api: "otc-vpc", drift: "unknown-enum", times: 1 });
    expect(((await json(await subnets())).subnets as Item[])[0]!.status).toBe(DRIFT_ENUM_VALUE);
    emu.setFaults({ api: "madconnect", drift: "unknown-enum", times: 1 });
    const mad = (await json(await madconnectList())).response as Item[];
    expect(mad.map((item) => item.status === DRIFT_ENUM_VALUE)).toEqual([true, false]);
    emu.setFaults({ api: "confluent", drift: "unknown-enum", times: 1 });
    const data = (await json(await confluentList())).data as { status: { phase: string } }[];
    expect(data[0]!.status.phase).toBe(DRIFT_ENUM_VALUE);
    expect(data[1]!.status.phase).not.toBe(DRIFT_ENUM_VALUE);
    expect(emu.faults).toEqual([]);
  });

  it("unknown-enum makes a finding on every Confluent operation that answers a resource (a read's kind, a list's status.phase)", async () => {
    const client = createConfluentClient({
      baseUrl: emu.url,
      auth: { apiKey: confluent.apiKey, apiSecret: confluent.apiSecret },
      retry: false,
      validate: "throw",
    });
    const environment = emu.ids.confluentEnvironment;
    const attachment = emu.ids.confluentAttachments[0]!; // always on AWS
    let endpoints = 0;
    const id = emu.state.confluent.connections.find((c) => c.environment === environment)!.id;
    const PATH = "/networking/v1/private-link-attachment-connections";
    const operations: [string, string, () => Promise<unknown>][] = [
      ["list", "/data/0/status/phase", () => client.GET(PATH, { params: { query: { environment } } })],
      ["get", "/kind", () => client.GET(`${PATH}/{id}`, { params: { path: { id }, query: { environment } } })],
      [
        "update",
        "/kind",
        () =>
          client.PATCH(`${PATH}/{id}`, {
            params: { path: { id } },
            body: { spec: { display_name: "bent", environment: { id: environment } } },
          }),
      ],
      [
        "create",
        "/kind",
        () =>
          client.POST(PATH, {
            body: {
              spec: {
                display_name: "bent",
                environment: { id: environment },
                private_link_attachment: { id: attachment },
                cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: `vpce-0bent${++endpoints}` },
              },
            },
          }),
      ],
    ];
    for (const [name, pointer, call] of operations) {
      await call(); // answered as the spec says: no finding
      emu.setFaults({ api: "confluent", drift: "unknown-enum", times: 1 });
      const thrown = await call().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect([name, thrown]).toEqual([name, expect.any(DriftError)]);
      expect([name, (thrown as DriftError).findings.map((f) => [f.kind, f.pointer])]).toEqual([
        name,
        [["enum", pointer]],
      ]);
      expect(emu.faults).toEqual([]);
    }
  });

  it("wrong-type makes the first string field other than id a number", async () => {
    const plain = ((await json(await subnets())).subnets as Item[])[0]!;
    const name = Object.keys(plain).find((key) => key !== "id" && typeof plain[key] === "string")!;
    emu.setFaults({ api: "otc-vpc", drift: "wrong-type", times: 1 });
    const bent = ((await json(await subnets())).subnets as Item[])[0]!;
    expect(typeof bent[name]).toBe("number");
    expect(bent).toEqual({ ...plain, [name]: bent[name] });
  });
});

describe("faults that apply to success answers only", () => {
  it("a drift fault leaves an error answer as it is (Confluent's errors[] items carry an id) and is not used up", async () => {
    emu.setFaults({ api: "confluent", drift: "undeclared-property", times: 1 });
    const missing = await fetch(
      `${emu.url}/networking/v1/private-link-attachment-connections/plattc-nope0?environment=${emu.ids.confluentEnvironment}`,
      { headers: CFLT },
    );
    expect(missing.status).toBe(404);
    const { errors } = (await json(missing)) as { errors: Item[] };
    expect(errors[0]).toHaveProperty("id");
    expect(errors[0]).not.toHaveProperty(DRIFT_PROPERTY);
    expect(emu.faults).toMatchObject([{ remaining: 1 }]);
  });

  it("truncatedJson leaves a non-200 answer whole and waits for a 200", async () => {
    emu.setFaults({ api: "madconnect", truncatedJson: true, times: 1 });
    const refused = await fetch(`${emu.url}/es/v2/connections`, { headers: { Authorization: "Bearer wrong" } });
    expect(refused.status).toBe(401);
    expect(await json(refused)).toMatchObject({ statusCode: 401, response: null });
    expect(emu.faults).toMatchObject([{ remaining: 1 }]);
    const cut = await madconnectList();
    expect(cut.status).toBe(200);
    const text = await cut.text();
    expect(() => parseJson(text)).toThrow();
    expect(emu.faults).toEqual([]);
  });
});

describe("fault options that make no sense are refused", () => {
  it.each<[string, FaultOptions, ErrorConstructor]>([
    ["times 0", { rateLimit: true, times: 0 }, RangeError],
    ["a fractional times", { rateLimit: true, times: 1.5 }, RangeError],
    ["a negative latency", { latencyMs: -1 }, RangeError],
    ["an unknown api", { api: "otc-vpn" as FaultOptions["api"], rateLimit: true }, TypeError],
    ["an unknown drift kind", { drift: "renamed-field" as FaultOptions["drift"] }, TypeError],
    ["a fractional retryAfterSeconds", { rateLimit: { retryAfterSeconds: 0.5 } }, RangeError],
  ])("%s", (_name, fault, type) => {
    expect(() => emu.setFaults(fault)).toThrow(type);
    expect(emu.faults).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ["an unknown option", { rateLimitt: true }, /^fault has an unknown option "rateLimitt"/],
    ["a number", 5, /^fault must be an object, got number/],
    ["a string", "x", /^fault must be an object, got string/],
    ["null", null, /^fault must be an object, got null/],
    ["null in a list", [{ rateLimit: true }, null], /^fault must be an object, got null/],
    ["a latency given as a string", { latencyMs: "5" }, /^fault\.latencyMs must be a number, got string/],
    ["times given as a string", { times: "2", rateLimit: true }, /^fault\.times must be a number/],
    [
      "rateLimit neither a boolean nor an object",
      { rateLimit: "yes" },
      /^fault\.rateLimit must be a boolean or an object/,
    ],
    [
      "an unknown rateLimit option",
      { rateLimit: { retryAfter: 5 } },
      /^fault\.rateLimit has an unknown option "retryAfter"/,
    ],
    ["an unknown serverError option", { serverError: { code: 503 } }, /^fault\.serverError has an unknown option/],
    ["truncatedJson not a boolean", { truncatedJson: 1 }, /^fault\.truncatedJson must be a boolean/],
    [
      "a retryAfterSeconds given as a string",
      { rateLimit: { retryAfterSeconds: "5" } },
      /^fault\.rateLimit\.retryAfterSeconds must be a number, got string/,
    ],
    [
      "a 5xx status given as a string",
      { serverError: { status: "503" } },
      /^fault\.serverError\.status must be a number/,
    ],
    ["times null", { times: null, rateLimit: true }, /^fault\.times must be a number, got null/],
  ])("%s is a TypeError naming the option, and changes nothing", (_name, fault, message) => {
    emu.setFaults({ api: "otc-vpc", latencyMs: 1 });
    const before = emu.faults;
    expect(() => emu.setFaults(fault as FaultOptions)).toThrow(TypeError);
    expect(() => emu.setFaults(fault as FaultOptions)).toThrow(message);
    expect(emu.faults).toEqual(before);
    emu.clearFaults();
  });
});
