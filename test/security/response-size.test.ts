// A hostile server's huge answer (issue 14, finding 17): a body beyond `maxResponseBytes` ends in
// ResponseTooLargeError before the limit is exceeded in memory: refused from its Content-Length, or
// cut off while read (decompressed bytes are what count), and the rest is never read.
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectivityError, ResponseTooLargeError } from "../../src/index.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../src/core/options.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient } from "../../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";

let server: TestServer;
let handle: Handler;
/** Bytes of body the server managed to hand to its socket in the last answer. */
let written = 0;

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  written = 0;
});

const MiB = 1024 * 1024;
const PAGE_300_MB = 300 * MiB;

/** A JSON page of `total` bytes (`{"subnets":[{...},{...},...`), written in 64 kB chunks while the client reads. */
async function streamPage(res: ServerResponse, total: number, headers: Record<string, string> = {}) {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  const item = `{"id":"${"s".repeat(90)}"},`;
  const chunk = Buffer.from(item.repeat(Math.floor((64 * 1024) / item.length)));
  let closed = false;
  const closing = new Promise<void>((resolve) => res.once("close", resolve)).then(() => void (closed = true));
  res.write('{"subnets":[');
  while (!closed && written < total) {
    written += chunk.length;
    if (!res.write(chunk)) await Promise.race([new Promise((resolve) => res.once("drain", resolve)), closing]);
  }
  if (!closed) res.end('{"id":"last"}]}');
}

const vpc = (options: { maxResponseBytes?: number; retry?: false | { maxRetries: number; maxDelayMs: number } } = {}) =>
  createVpcClient({
    baseUrl: server.url,
    auth: { token: "otc-token" },
    retry: { maxRetries: 2, maxDelayMs: 1 },
    ...options,
  });
const listSubnets = (client = vpc(), init: Record<string, unknown> = {}) =>
  client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, ...init });

describe("finding 17: maxResponseBytes", () => {
  it("defaults to 64 MiB", () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * MiB);
  });

  it("a 300 MB page announced by Content-Length is refused before its body is read, and not retried", async () => {
    handle = (_req, res) => streamPage(res, PAGE_300_MB, { "content-length": String(PAGE_300_MB + 100) });
    const error = await listSubnets(vpc()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(ConnectivityError);
    expect(error).toMatchObject({ name: "ResponseTooLargeError", maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
    expect((error as Error).message).toContain(`(GET ${server.url}/v1/p/subnets)`);
    expect(server.requests).toHaveLength(1);
    expect(written).toBeLessThan(16 * MiB);
  });

  it("a 300 MB chunked page is cut off at the limit: paginate with maxItems 10 fails without reading it all", async () => {
    handle = (_req, res) => streamPage(res, PAGE_300_MB);
    const items = vpc({ maxResponseBytes: 2 * MiB })
      .paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }, { maxItems: 10 })
      .toArray();
    await expect(items).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(1);
    // What the socket buffers hold beyond the limit, far from the 300 MB the server would send.
    expect(written).toBeLessThan(2 * MiB + 16 * MiB);
  });

  it("the limit is exact: a body of maxResponseBytes is read, one byte more is refused", async () => {
    const body = JSON.stringify({ subnets: [{ id: "x".repeat(1000) }] });
    handle = (_req, res) => sendJson(res, 200, body);
    const exact = await listSubnets(vpc({ maxResponseBytes: Buffer.byteLength(body) }));
    expect(exact.data).toEqual(JSON.parse(body));
    const over = await listSubnets(vpc({ maxResponseBytes: Buffer.byteLength(body) - 1 })).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ResponseTooLargeError);
  });

  it("without Content-Length (chunked), one byte more than the limit is refused", async () => {
    const body = JSON.stringify({ subnets: [{ id: "x".repeat(1000) }] });
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(body.slice(0, 500));
      res.end(body.slice(500));
    };
    expect((await listSubnets(vpc({ maxResponseBytes: body.length }))).data).toEqual(JSON.parse(body));
    await expect(listSubnets(vpc({ maxResponseBytes: body.length - 1 }))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("decompressed bytes count: a 2.8 MB gzip bomb of a few kB is refused", async () => {
    const bomb = gzipSync(Buffer.from(`{"subnets":[${'{"id":"s"},'.repeat(MiB / 4)}{"id":"t"}]}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    handle = (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(bomb.length),
      });
      res.end(bomb);
    };
    await expect(listSubnets(vpc({ maxResponseBytes: MiB }))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("a gzip body whose Content-Length (encoded) is over the limit but whose decoded bytes are not is read: the decoded bytes count", async () => {
    const page = { subnets: [{ id: "s1", note: "x".repeat(200) }] };
    const gzip = gzipSync(Buffer.from(JSON.stringify(page)));
    // 2,000 bytes of a gzip header's extra field (FEXTRA), which decoding skips: longer encoded than decoded.
    const extra = Buffer.alloc(2_000, 0x61);
    const length = Buffer.alloc(2);
    length.writeUInt16LE(extra.length);
    const header = Buffer.from(gzip.subarray(0, 10));
    header[3] = header[3]! | 0x04;
    const padded = Buffer.concat([header, length, extra, gzip.subarray(10)]);
    handle = (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(padded.length),
      });
      res.end(padded);
    };
    const { data } = await listSubnets(vpc({ maxResponseBytes: 1_000 }));
    expect(data).toEqual(page);
  });

  it.each([
    ["HEAD", 200],
    ["GET", 204],
    ["GET", 304],
  ])(
    "a %s answered %i with a Content-Length over the limit (the representation's, no body): no error",
    async (method, status) => {
      handle = (_req, res) => {
        res.writeHead(status, { "content-length": String(5_000), etag: '"v1"' });
        res.end();
      };
      const client = vpc({ maxResponseBytes: 1_000 });
      const init = { params: { path: { project_id: "p" } } };
      const { response } =
        method === "HEAD"
          ? await client.HEAD("/v1/{project_id}/subnets" as never, init as never)
          : await client.GET("/v1/{project_id}/subnets", { ...init, headers: { "if-none-match": '"v1"' } });
      expect(response.status).toBe(status);
      expect(server.requests).toHaveLength(1);
    },
  );

  it("an error body is bounded too", async () => {
    handle = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error_code: "E", error_msg: "m".repeat(100_000) }));
    };
    await expect(listSubnets(vpc({ maxResponseBytes: 10_000 }))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it.each([408, 429, 500, 502, 503, 504])(
    "a retryable %i whose Content-Length is over the limit ends the call at once: not retried, no Retry-After wait",
    async (status) => {
      handle = (_req, res) => {
        const body = JSON.stringify({ error_code: "E", error_msg: "m".repeat(2_000) });
        res.writeHead(status, {
          "content-type": "application/json",
          "content-length": String(body.length),
          "retry-after": "3600",
        });
        res.end(body);
      };
      const client = vpc({ maxResponseBytes: 1_000, retry: { maxRetries: 3, maxDelayMs: 60_000 } });
      await expect(listSubnets(client)).rejects.toBeInstanceOf(ResponseTooLargeError);
      expect(server.requests).toHaveLength(1);
    },
  );

  it("a retryable error status without Content-Length is retried with its body unread; the last one is bounded", async () => {
    handle = (_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error_code: "E", error_msg: "m".repeat(2_000) }));
    };
    const client = vpc({ maxResponseBytes: 1_000, retry: { maxRetries: 2, maxDelayMs: 1 } });
    await expect(listSubnets(client)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(3);
  });

  it("a body read as a stream fails with ResponseTooLargeError once past the limit", async () => {
    handle = (_req, res) => streamPage(res, PAGE_300_MB);
    const mad = createMadConnectClient({ baseUrl: server.url, auth: { token: "t0ken" }, maxResponseBytes: MiB });
    const { data } = await mad.GET("/es/v2/connections", { parseAs: "stream" });
    let read = 0;
    const reading = (async () => {
      for await (const chunk of data as unknown as AsyncIterable<Uint8Array>) read += chunk.byteLength;
    })();
    await expect(reading).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(read).toBeLessThanOrEqual(MiB);
    expect(written).toBeLessThan(MiB + 16 * MiB);
  });

  it("a stream of exactly maxResponseBytes is read whole; one byte more fails (no Content-Length)", async () => {
    const LIMIT = 1000;
    let size = LIMIT;
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write("a".repeat(size - 1));
      res.end("z");
    };
    const mad = createMadConnectClient({ baseUrl: server.url, auth: { token: "t0ken" }, maxResponseBytes: LIMIT });
    const read = async () => {
      const { data, response } = await mad.GET("/es/v2/connections", { parseAs: "stream" });
      expect(response.headers.get("content-length")).toBeNull();
      return new Response(data as unknown as ReadableStream<Uint8Array>).text();
    };
    expect(await read()).toBe(`${"a".repeat(LIMIT - 1)}z`);
    size = LIMIT + 1;
    await expect(read()).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});
