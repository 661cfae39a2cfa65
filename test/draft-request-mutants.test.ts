/**
 * src/core/draft-request.ts: a call without middleware goes as a draft (the URL and init `new Request()`
 * would get), which must behave as the Request it stands for. README.md, client section: "Without
 * middleware a call skips building that Request and gives fetch its URL and init instead (a custom
 * fetch then receives (url, init))"; every call option but pathSerializer, querySerializer and Request
 * is accepted per call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient } from "../src/otc/index.js";
import { DraftRequest } from "../src/core/draft-request.js";
import { verifyAkSk } from "./support/aksk-verifier.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_request, res) =>
    sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response: {} }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const mad = () => createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token-0123" }, retry: false });
const CONNECTIONS = "/es/v2/connections";

describe("DraftRequest", () => {
  it("defaults its method to GET, as a Request does", () => {
    expect(new DraftRequest("https://api.example.com/x", {}).method).toBe(new Request("https://x.test/").method);
  });

  it("clones with headers of its own: what is added to the copy stays off the original", () => {
    const draft = new DraftRequest("https://api.example.com/x", { method: "GET", headers: { Accept: "text/plain" } });
    const copy = draft.clone();
    copy.headers.set("X-Auth-Token", "secret");
    expect(copy.headers.get("accept")).toBe("text/plain");
    expect(draft.headers.has("x-auth-token")).toBe(false);
  });
});

describe("calls that go as drafts, or not", () => {
  it("sends a FormData body as multipart form data", async () => {
    const form = new FormData();
    form.append("name", "conn-1");
    const { response } = await mad().request("post", CONNECTIONS, { body: form } as never);
    expect(response.status).toBe(200);
    const [request] = server.requests;
    expect(request!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.body.toString()).toContain('name="name"\r\n\r\nconn-1');
  });

  it("sends what a call's own bodySerializer makes of the body, text or not, and signs it (OTC AK/SK)", async () => {
    const bytes = (body: unknown) => new TextEncoder().encode(`bytes:${JSON.stringify(body)}`);
    const blob = (body: unknown) => new Blob([`blob:${JSON.stringify(body)}`]);
    for (const bodySerializer of [bytes, blob]) {
      const { response } = await mad().request("post", CONNECTIONS, { body: { a: 1 }, bodySerializer } as never);
      expect(response.status).toBe(200);
    }
    const vpc = createVpcClient({
      baseUrl: server.url,
      auth: { accessKey: "AK-test", secretKey: "secret-key-for-tests" },
      retry: false,
    });
    await vpc.request("post", "/v1/{project_id}/subnets", {
      params: { path: { project_id: "p1" } },
      body: { subnet: { name: "s", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v" } },
      bodySerializer: bytes,
    } as never);
    expect(server.requests.map((r) => r.body.toString())).toEqual([
      'bytes:{"a":1}',
      'blob:{"a":1}',
      'bytes:{"subnet":{"name":"s","cidr":"10.0.0.0/24","gateway_ip":"10.0.0.1","vpc_id":"v"}}',
    ]);
    expect(verifyAkSk(server.requests[2]!, { "AK-test": "secret-key-for-tests" })).toMatchObject({ ok: true });
  });

  it("gives a custom fetch (url, init) when the call's middleware list is empty", async () => {
    const seen: unknown[] = [];
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(input);
      return globalThis.fetch(input, init);
    };
    await mad().GET(CONNECTIONS, { middleware: [], fetch });
    expect(seen).toHaveLength(1);
    expect(typeof seen[0]).toBe("string");
  });

  it("follows the caller's AbortSignal on a streamed call", async () => {
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    controller.abort(reason);
    await expect(mad().GET(CONNECTIONS, { parseAs: "stream", signal: controller.signal })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });
});
