// The emulator's HTTP layer (src/emulator/http.ts, index.ts) as its comments and the README describe
// it, over real HTTP on 127.0.0.1: query and path parameters, bodies past the limits, truncated and
// drifting answers, the request log and the options startEmulator checks.
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseJson } from "../src/core/json.js";
import { IdIndex } from "../src/emulator/http.js";
import {
  DRIFT_PROPERTY,
  EMULATOR_CREDENTIALS,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from "../src/emulator/index.js";

const { otc, madconnect } = EMULATOR_CREDENTIALS;
const OTC = { "X-Auth-Token": otc.token };
const TINY = { vpcepConnections: 1, subnets: 1, confluentConnections: 1, madconnectConnections: 1 };
const MAD = { Authorization: `Bearer ${madconnect.token}` };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    seed: 11,
    counts: { vpcepConnections: 15, subnets: 15, confluentConnections: 5, madconnectConnections: 5 },
  });
});
afterAll(() => emu.close());
afterEach(() => emu.clearFaults());

const connections = (query = "") =>
  fetch(`${emu.url}/v1/p/vpc-endpoint-services/${emu.ids.vpcepServiceId}/connections${query}`, { headers: OTC });

/**
 * Writes `parts` on one raw connection; resolves with the statuses read once the server closes the
 * connection or `enough` statuses came.
 */
function raw(port: number, parts: (string | Buffer)[], enough: number) {
  return new Promise<{ statuses: number[]; closed: boolean }>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const statuses = () => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    const finish = (closed: boolean) => {
      socket.destroy();
      resolve({ statuses: statuses(), closed });
    };
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (statuses().length >= enough) finish(false);
    });
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => {
      for (const part of parts) socket.write(part);
    });
  });
}

describe("parameters", () => {
  it("an empty query value is read as absent (the default applies)", async () => {
    const empty = (await (await connections("?limit=&offset=&sort_dir=")).json()) as { connections: unknown[] };
    const none = (await (await connections()).json()) as { connections: unknown[] };
    expect(empty.connections).toHaveLength(10);
    expect(empty).toEqual(none);
  });

  it("path parameters are percent-decoded", async () => {
    const id = emu.state.otc.vpc.subnets[0]!.id;
    const encoded = id.replace(/-/g, "%2D").replace(/^(.)/, (c: string) => `%${c.charCodeAt(0).toString(16)}`);
    const response = await fetch(`${emu.url}/v1/p/subnets/${encoded}`, { headers: OTC });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { subnet: { id: string } }).subnet.id).toBe(id);
  });
});

describe("IdIndex (a create's uniqueness check)", () => {
  it("sees ids added through add, pushed directly, and in a replaced array", () => {
    const index = new IdIndex();
    const items = [{ id: "a" }];
    expect(index.has(items, "b")).toBe(false);
    items.push({ id: "b" });
    index.add(items, "b");
    expect(index.has(items, "b")).toBe(true);
    items.push({ id: "c" }); // not through add: the length tells
    expect(index.has(items, "c")).toBe(true);
    items.splice(0, 1, { id: "d" });
    const replaced = [...items]; // a replaced array is read afresh
    expect(index.has(replaced, "d")).toBe(true);
    expect(index.has(replaced, "a")).toBe(false);
  });
});

describe("a chunked request body far beyond the limit", () => {
  it("is answered 413 and, past 16 MiB read, the connection is closed", async () => {
    const head = `POST /es/v2/connections HTTP/1.1\r\nHost: e\r\nAuthorization: Bearer ${madconnect.token}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const data = Buffer.alloc(1 << 20, "x");
    const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
    const next = `GET /es/v2/connections?size=1 HTTP/1.1\r\nHost: e\r\nAuthorization: Bearer ${madconnect.token}\r\n\r\n`;
    const result = await raw(emu.port, [head, ...Array<Buffer>(18).fill(chunk), "0\r\n\r\n", next], 2);
    expect(result).toEqual({ statuses: [413], closed: true });
  });
});

describe("faults on the wire", () => {
  it("truncatedJson cuts the JSON text off halfway", async () => {
    const whole = await (await connections("?limit=3")).text();
    emu.setFaults({ api: "otc-vpcep", truncatedJson: true, times: 1 });
    const cut = await (await connections("?limit=3")).text();
    expect(cut).toBe(whole.slice(0, Math.floor(whole.length / 2)));
  });

  it("a drift fault bends a list answer written from each record's kept text (VPC Endpoint)", async () => {
    await connections("?limit=3"); // the records' text is kept from here on
    emu.setFaults({ api: "otc-vpcep", drift: "undeclared-property", times: 1 });
    const body = parseJson(await (await connections("?limit=3")).text()) as { connections: object[] };
    expect(body.connections.map((c) => DRIFT_PROPERTY in c)).toEqual([true, false, false]);
    const after = parseJson(await (await connections("?limit=3")).text()) as { connections: object[] };
    expect(after.connections.map((c) => DRIFT_PROPERTY in c)).toEqual([false, false, false]);
  });
});

describe("startEmulator's options", () => {
  it("undefined credential overrides keep the defaults; defined ones replace them", async () => {
    const own = await startEmulator({
      counts: { subnets: 1 },
      credentials: { otc: { token: undefined, accessKey: "OTHERKEY" }, madconnect: { token: "other-token" } },
    });
    try {
      expect(own.credentials.otc).toMatchObject({ token: otc.token, accessKey: "OTHERKEY" });
      expect((await fetch(`${own.url}/v1/p/subnets`, { headers: OTC })).status).toBe(200);
      const old = await fetch(`${own.url}/es/v2/connections`, { headers: MAD });
      expect(old.status).toBe(401);
      const mine = await fetch(`${own.url}/es/v2/connections`, { headers: { Authorization: "Bearer other-token" } });
      expect(mine.status).toBe(200);
    } finally {
      await own.close();
    }
  });

  // Every numeric option alike: the wrong type is a TypeError, a number out of range a RangeError.
  it.each<[string, Record<string, unknown>, ErrorConstructor, string]>([
    ["maxCreated -1", { maxCreated: -1 }, RangeError, "maxCreated must be an integer ≥ 0, got -1"],
    ["maxCreated 1.5", { maxCreated: 1.5 }, RangeError, "maxCreated must be an integer ≥ 0, got 1.5"],
    [
      "maxCreated 2^53",
      { maxCreated: 2 ** 53 },
      RangeError,
      "maxCreated must be an integer ≥ 0 (at most 2^53 - 1), got 9007199254740992",
    ],
    ["maxCreated as a string", { maxCreated: "5" }, TypeError, "maxCreated must be a number, got string"],
    ["maxCreated null", { maxCreated: null }, TypeError, "maxCreated must be a number, got null"],
    ["maxRequestLog -1", { maxRequestLog: -1 }, RangeError, "maxRequestLog must be an integer ≥ 0, got -1"],
    ["maxRequestLog NaN", { maxRequestLog: Number.NaN }, RangeError, "maxRequestLog must be an integer ≥ 0, got NaN"],
    ["maxRequestLog as a string", { maxRequestLog: "5" }, TypeError, "maxRequestLog must be a number, got string"],
    ["a count as a string", { counts: { subnets: "5" } }, TypeError, "counts.subnets must be a number, got string"],
    ["a count null", { counts: { subnets: null } }, TypeError, "counts.subnets must be a number, got null"],
    ["a count -1", { counts: { subnets: -1 } }, RangeError, "counts.subnets must be a non-negative integer, got -1"],
    ["counts null", { counts: null }, TypeError, "counts must be an object, got null"],
    ["host null", { host: null }, TypeError, "host must be a string, got null"],
    ["credentials null", { credentials: null }, TypeError, "credentials must be an object, got null"],
    [
      "an unknown vendor's credentials",
      { credentials: { otc_vpc: { token: "t" } } },
      TypeError,
      'credentials has an unknown option "otc_vpc" (known: otc, confluent, madconnect)',
    ],
    [
      "a vendor's credentials as a string",
      { credentials: { otc: "secret" } },
      TypeError,
      "credentials.otc must be an object, got string",
    ],
    [
      "a misspelled credential",
      { credentials: { otc: { acessKey: "AK" } } },
      TypeError,
      'credentials.otc has an unknown option "acessKey" (known: token, accessKey, secretKey, securityToken)',
    ],
    [
      "MadConnect's fixed account id",
      { credentials: { madconnect: { accountId: "other" } } },
      TypeError,
      'credentials.madconnect has an unknown option "accountId" (known: token)',
    ],
    [
      "a credential as a number",
      { credentials: { confluent: { apiKey: 42 } } },
      TypeError,
      "credentials.confluent.apiKey must be a non-empty string, got number",
    ],
    [
      "an empty credential",
      { credentials: { madconnect: { token: "" } } },
      TypeError,
      "credentials.madconnect.token must be a non-empty string, got an empty one",
    ],
    ["port 65536", { port: 65536 }, RangeError, "port must be an integer from 0 to 65535, got 65536"],
    ["port 2^60", { port: 2 ** 60 }, RangeError, "port must be an integer from 0 to 65535, got 1152921504606847000"],
    ["port as a string", { port: "8080" }, TypeError, "port must be a number, got string"],
    [
      "maxClockSkewMs -1",
      { maxClockSkewMs: -1 },
      RangeError,
      "maxClockSkewMs must be a number ≥ 0 (or Infinity), got -1",
    ],
    ["maxClockSkewMs NaN", { maxClockSkewMs: Number.NaN }, RangeError, "maxClockSkewMs must be a number ≥ 0"],
    ["maxClockSkewMs as a string", { maxClockSkewMs: "5" }, TypeError, "maxClockSkewMs must be a number, got string"],
    [
      "a rate limit of 0",
      { confluentRateLimit: { limit: 0 } },
      RangeError,
      "confluentRateLimit.limit must be an integer ≥ 1, got 0",
    ],
    [
      "a negative window",
      { confluentRateLimit: { windowSeconds: -60 } },
      RangeError,
      "confluentRateLimit.windowSeconds must be an integer ≥ 1, got -60",
    ],
    [
      "a window of 0",
      { confluentRateLimit: { windowSeconds: 0 } },
      RangeError,
      "confluentRateLimit.windowSeconds must be an integer ≥ 1, got 0",
    ],
    [
      "a rate limit as a string",
      { confluentRateLimit: { limit: "10" } },
      TypeError,
      "confluentRateLimit.limit must be a number, got string",
    ],
    [
      "an unknown rate limit key",
      { confluentRateLimit: { max: 10 } },
      TypeError,
      'confluentRateLimit has an unknown option "max"',
    ],
    [
      "a rate limit that is no object",
      { confluentRateLimit: 10 },
      TypeError,
      "confluentRateLimit must be an object, got number",
    ],
    [
      "a misspelled option",
      { maxCreate: 1 },
      TypeError,
      'options has an unknown option "maxCreate" (known: port, host,',
    ],
    ["an unknown option", { seeds: 5 }, TypeError, 'options has an unknown option "seeds"'],
    ["projects as a string", { projects: "proj-1" }, TypeError, "projects must be an array of strings, got string"],
    ["projects null", { projects: null }, TypeError, "projects must be an array of strings, got null"],
    ["a project as a number", { projects: ["p", 7] }, TypeError, "projects[1] must be a non-empty string, got number"],
    ["an empty project", { projects: [""] }, TypeError, "projects[0] must be a non-empty string, got an empty one"],
  ])("%s: the error names the option", async (_name, options, type, message) => {
    const started = startEmulator({ counts: TINY, ...options } as EmulatorOptions);
    await expect(started).rejects.toThrow(type);
    await expect(started).rejects.toThrow(message);
  });

  it.each([
    ["null", null, "options must be an object, got null"],
    ["a number", 8080, "options must be an object, got number"],
    ["an array", [], "options must be an object, got an array"],
  ])("options that are %s: a TypeError naming options", async (_name, options, message) => {
    const started = startEmulator(options as unknown as EmulatorOptions);
    await expect(started).rejects.toThrow(TypeError);
    await expect(started).rejects.toThrow(message);
  });

  it("projects lists the only project_id values accepted, each whole (no substring)", async () => {
    const own = await startEmulator({ counts: TINY, projects: ["proj-1"] });
    try {
      const status = async (project: string) =>
        (
          await fetch(`${own.url}/v1/${project}/subnets`, {
            headers: { "X-Auth-Token": EMULATOR_CREDENTIALS.otc.token },
          })
        ).status;
      expect(await status("proj-1")).toBe(200);
      for (const other of ["proj", "proj-12", "roj-1"]) expect([other, await status(other)]).not.toEqual([other, 200]);
    } finally {
      await own.close();
    }
  });

  it("the ends of the ranges are taken: a rate limit and window of 1, maxRequestLog 0, an Infinity skew", async () => {
    const own = await startEmulator({
      counts: TINY,
      maxCreated: 0,
      maxRequestLog: 0,
      maxClockSkewMs: Infinity,
      confluentRateLimit: { limit: 1, windowSeconds: 1 },
    });
    try {
      const list = () =>
        fetch(
          `${own.url}/networking/v1/private-link-attachment-connections?environment=${own.ids.confluentEnvironment}`,
          {
            headers: { Authorization: `Bearer ${EMULATOR_CREDENTIALS.confluent.token}` },
          },
        );
      const first = await list();
      expect([first.status, first.headers.get("x-ratelimit-limit")]).toEqual([200, "1"]);
      expect((await list()).status).toBe(429);
      expect(own.requests).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it("the ends of the seed range are taken, and reset() checks its seed as startEmulator does", async () => {
    const own = await startEmulator({ seed: 2 ** 32 - 1, counts: TINY });
    try {
      expect(own.state.seed).toBe(2 ** 32 - 1);
      own.reset(0);
      expect(own.state.seed).toBe(0);
      expect(() => own.reset(2 ** 32)).toThrow(
        new RangeError("reset's seed must be an integer from 0 to 4294967295, got 4294967296"),
      );
      expect(() => own.reset(Number.NaN)).toThrow(RangeError);
      expect(own.state.seed).toBe(0);
    } finally {
      await own.close();
    }
  });

  it("an IPv6 host is bracketed in url, and the url works", async () => {
    const own = await startEmulator({ host: "::1", counts: TINY });
    try {
      expect(own.url).toBe(`http://[::1]:${own.port}`);
      expect((await fetch(`${own.url}/es/v2/connections`, { headers: MAD })).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it("Confluent's request window is 1000 requests by default (X-RateLimit-Limit)", async () => {
    const response = await fetch(
      `${emu.url}/networking/v1/private-link-attachment-connections?environment=${emu.ids.confluentEnvironment}`,
      { headers: { Authorization: `Bearer ${EMULATOR_CREDENTIALS.confluent.token}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("close() clears the timer of a request waiting on a latency fault", async () => {
    const own = await startEmulator({ counts: TINY, faults: { latencyMs: 60_000 } });
    const set = vi.spyOn(globalThis, "setTimeout");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    try {
      const pending = fetch(`${own.url}/es/v2/connections`, { headers: MAD }).catch(() => "dropped");
      const waiting = () => set.mock.calls.findIndex((call) => call[1] === 60_000);
      for (let i = 0; i < 1000 && waiting() === -1; i++) await new Promise((resolve) => setImmediate(resolve));
      const timer = set.mock.results[waiting()]!.value as unknown;
      await own.close();
      expect(await pending).toBe("dropped");
      expect(clear).toHaveBeenCalledWith(timer);
    } finally {
      vi.restoreAllMocks();
      await own.close();
    }
  });

  it("maxRequestLog 0 keeps no request", async () => {
    const own = await startEmulator({ maxRequestLog: 0, counts: { madconnectConnections: 1 } });
    try {
      expect((await fetch(`${own.url}/es/v2/connections`, { headers: MAD })).status).toBe(200);
      expect(own.requests).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
