// Issue 14, findings 22–25: the emulator against a careless or hostile client, over real HTTP on
// 127.0.0.1 (raw sockets where a client library would tidy the request up).
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_CREATED,
  DEFAULT_MAX_REQUEST_LOG,
  EMULATOR_CREDENTIALS,
  MAX_BODY_BYTES,
  startEmulator,
  type Emulator,
} from "../../src/emulator/index.js";
import { cachedListingCount, MAX_CACHED_LISTINGS } from "../../src/emulator/otc.js";

const C = EMULATOR_CREDENTIALS;
/** The documented limits (each test also checks the exported constant). */
const ONE_MIB = 1 << 20;
const LISTINGS_PER_SERVICE = 32;
const madconnectAuth = `Authorization: Bearer ${C.madconnect.token}`;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    counts: { vpcepConnections: 50, subnets: 20, confluentConnections: 20, madconnectConnections: 10 },
  });
});
afterAll(() => emu.close());

/**
 * Writes `head` (and `body`) on one raw connection and reads until the server closes it or `timeoutMs`
 * passes: every response's status, and how the connection ended.
 */
function raw(
  port: number,
  parts: (string | Buffer)[],
  timeoutMs = 5000,
): Promise<{ statuses: number[]; text: string; ended: "end" | "error" | "timeout" }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (ended: "end" | "error" | "timeout") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])), text, ended });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => finish("end"));
    socket.on("error", () => finish("error"));
    socket.on("connect", () => {
      for (const part of parts) socket.write(part);
    });
  });
}

describe("22: a request body over the 1 MiB limit", () => {
  const oversized = Buffer.alloc(ONE_MIB + 4096, "x");
  const create = (length: number) =>
    `POST /es/v2/connections HTTP/1.1\r\nHost: e\r\n${madconnectAuth}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  const next = `GET /es/v2/connections?size=1 HTTP/1.1\r\nHost: e\r\n${madconnectAuth}\r\nConnection: close\r\n\r\n`;

  it("is answered 413 in the vendor's error body, and the connection carries the next request", async () => {
    const result = await raw(emu.port, [create(oversized.length), oversized, next]);
    expect(result.statuses).toEqual([413, 200]);
    expect(result.text).toContain('"statusCode":413');
    expect(result.ended).toBe("end");
    expect(MAX_BODY_BYTES).toBe(ONE_MIB);
  });

  it("sent chunked (no Content-Length): 413, and the connection carries the next request", async () => {
    const head = `POST /v1/p/subnets HTTP/1.1\r\nHost: e\r\nX-Auth-Token: ${C.otc.token}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = (data: Buffer) =>
      Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
    const half = oversized.subarray(0, oversized.length / 2);
    const result = await raw(emu.port, [head, chunk(half), chunk(half), "0\r\n\r\n", next]);
    expect(result.statuses).toEqual([413, 200]);
    expect(result.text).toContain('"error_code":"APIGW.0201"');
  });

  it("declared far beyond what is worth reading: 413, then the connection is closed", async () => {
    const result = await raw(emu.port, [create(64 * ONE_MIB), oversized.subarray(0, 1000)]);
    expect(result.statuses).toEqual([413]);
    expect(result.text.toLowerCase()).toContain("connection: close");
    expect(result.ended).toBe("end");
  });
});

describe("23: a request target that is no URL", () => {
  it.each(["//", "http://["])("%s is answered 400, and the server goes on", async (target) => {
    const result = await raw(emu.port, [`GET ${target} HTTP/1.1\r\nHost: e\r\nConnection: close\r\n\r\n`]);
    expect(result.statuses).toEqual([400]);
    expect(result.text).toContain("Invalid request target");
    expect(emu.requests.at(-1)).toMatchObject({ path: target, status: 400 });
    const after = await fetch(`${emu.url}/es/v2/connections`, {
      headers: { Authorization: `Bearer ${C.madconnect.token}` },
    });
    expect(after.status).toBe(200);
  });
});

describe("24: links are built from the emulator's own URL, never from the Host header", () => {
  /** A request whose Host header names another server (fetch cannot set Host). */
  function withHost(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = request(
        `${emu.url}${path}`,
        { method, headers: { ...headers, Host: "attacker.example:666" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }
  const basic = `Basic ${Buffer.from(`${C.confluent.apiKey}:${C.confluent.apiSecret}`).toString("base64")}`;

  it("Confluent list: metadata.first/last/next and each item's self and related", async () => {
    const answer = await withHost(
      "GET",
      `/networking/v1/private-link-attachment-connections?environment=${emu.ids.confluentEnvironment}&page_size=3`,
      { Authorization: basic },
    );
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain("attacker.example");
    const body = JSON.parse(answer.text) as {
      metadata: Record<string, string>;
      data: { metadata: { self: string } }[];
    };
    for (const link of [body.metadata.first, body.metadata.last, body.metadata.next, body.data[0]!.metadata.self])
      expect(link!.startsWith(`${emu.url}/`)).toBe(true);
  });

  it("Confluent create: Location and self", async () => {
    const attachment = emu.state.confluent.attachments.find((a) => a.environment === emu.ids.confluentEnvironment)!;
    const cloud =
      attachment.cloud === "AWS"
        ? { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-00000000000000024" }
        : attachment.cloud === "AZURE"
          ? { kind: "AzurePrivateLinkAttachmentConnection", private_endpoint_resource_id: "/subscriptions/s/pe-24" }
          : { kind: "GcpPrivateLinkAttachmentConnection" };
    const answer = await withHost(
      "POST",
      "/networking/v1/private-link-attachment-connections",
      { Authorization: basic, "Content-Type": "application/json" },
      JSON.stringify({
        spec: {
          cloud,
          environment: { id: emu.ids.confluentEnvironment },
          private_link_attachment: { id: attachment.id },
        },
      }),
    );
    expect(answer.status).toBe(202);
    expect(String(answer.headers.location).startsWith(`${emu.url}/`)).toBe(true);
    expect(answer.text).not.toContain("attacker.example");
  });
});

describe("25: memory stays bounded", () => {
  it("the request log keeps the newest maxRequestLog records (default 10,000)", async () => {
    const small = await startEmulator({ maxRequestLog: 3, counts: { madconnectConnections: 1 } });
    try {
      for (let size = 1; size <= 7; size++)
        await fetch(`${small.url}/es/v2/connections?size=${size}`, {
          headers: { Authorization: `Bearer ${C.madconnect.token}` },
        });
      expect(small.requests.map((r) => r.query.size)).toEqual(["5", "6", "7"]);
      expect(DEFAULT_MAX_REQUEST_LOG).toBe(10_000);
    } finally {
      await small.close();
    }
  });

  it(`VPC Endpoint keeps at most ${LISTINGS_PER_SERVICE} listing queries per service (distinct ?id= values)`, async () => {
    const service = emu.state.otc.vpcep.services[0]!;
    const ids = service.connections.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(LISTINGS_PER_SERVICE + 10);
    for (const id of ids) {
      const res = await fetch(`${emu.url}/v1/p/vpc-endpoint-services/${service.id}/connections?id=${id}`, {
        headers: { "X-Auth-Token": C.otc.token },
      });
      expect(((await res.json()) as { total_count: number }).total_count).toBe(1);
    }
    expect(cachedListingCount(service)).toBe(LISTINGS_PER_SERVICE);
    expect(MAX_CACHED_LISTINGS).toBe(LISTINGS_PER_SERVICE);
  });

  it("creates add at most maxCreated resources per API, then answer the vendor's 409 until reset()", async () => {
    const small = await startEmulator({
      maxCreated: 2,
      counts: { subnets: 3, confluentConnections: 3, madconnectConnections: 3 },
    });
    const mad = (name: string) =>
      fetch(`${small.url}/es/v2/connections`, {
        method: "POST",
        headers: { Authorization: `Bearer ${C.madconnect.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          name,
          srcConnectorId: "STWkG5hhS3EvG511", // the page's sample connectors
          destConnectorId: "13a4e0ca00af0011",
        }),
      }).then(async (res) => [res.status, ((await res.json()) as { statusCode: number }).statusCode]);
    const subnet = (third: number) =>
      fetch(`${small.url}/v1/p/subnets`, {
        method: "POST",
        headers: { "X-Auth-Token": C.otc.token, "Content-Type": "application/json" },
        body: JSON.stringify({
          subnet: {
            name: `s${third}`,
            cidr: `172.16.${third}.0/24`,
            gateway_ip: `172.16.${third}.1`,
            vpc_id: small.ids.vpcIds[0],
          },
        }),
      }).then(async (res) => [res.status, ((await res.json()) as { code?: string }).code]);
    const before = small.state.madconnect.connections.length;
    try {
      expect([await mad("a"), await mad("b"), await mad("c")]).toEqual([
        [200, 0],
        [200, 0],
        [409, 409],
      ]);
      expect([await subnet(1), await subnet(2), await subnet(3)]).toEqual([
        [200, undefined],
        [200, undefined],
        [409, "Emulator.Quota"],
      ]);
      expect(small.state.madconnect.connections).toHaveLength(before + 2);
      small.reset();
      expect(await mad("d")).toEqual([200, 0]);
      expect(await subnet(4)).toEqual([200, undefined]);
      expect(DEFAULT_MAX_CREATED).toBe(10_000);
    } finally {
      await small.close();
    }
  });
});
