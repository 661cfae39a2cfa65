// What an error says (issue #14, findings 18 and 20; issue #18 part 6): a message is one bounded line
// whatever the server sends (the whole body stays in `error.body`), says the method once, and every
// ApiError knows its method.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, NotFoundError, TimeoutError } from "../../src/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";

let server: TestServer;
let handle: Handler;
beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());

const vpc = (options: object = {}) =>
  createVpcClient({ baseUrl: server.url, auth: { token: "otc-token-0123456789" }, retry: false, ...options });
const listSubnets = (client: ReturnType<typeof vpc>) =>
  client.unwrap(client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }));

/** README: an error's message is at most this long. */
const MAX_MESSAGE_LENGTH = 2048;
// Controls, ANSI escapes (ESC and the one-byte CSI), line separators and bidi overrides.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("#14.18: a message built from server text is bounded and escaped", () => {
  it("a 5 MB error_msg full of ANSI escapes: a short one-line message, the whole text in error.body", async () => {
    const msg = `\u001b[2J\u001b[31mFAKE: login as root succeeded\u001b[0m\r\n\u202e${"x".repeat(5 * 1024 * 1024)}\u009b0m\u2028end`;
    handle = (_req, res) => sendJson(res, 400, { code: "VPC.0001", message: msg });
    const error = (await listSubnets(vpc()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.message).not.toMatch(UNSAFE);
    expect(error.message).toContain("\\u001b[31mFAKE");
    expect(error.message).toContain("…");
    // the end survives the cut: where the request went
    expect(error.message).toMatch(new RegExp(`\\(GET ${server.url}/v1/p/subnets\\)$`));
    expect(error.stack!.split("\n")[0]).toBe(`BadRequestError: ${error.message}`);
    // util.inspect shows the body's strings quoted, escapes escaped
    expect(inspect(error)).not.toContain("\u001b");
    expect((error.body as { message: string }).message).toBe(msg);
  });

  it("a server's code and request id are bounded and escaped too", async () => {
    handle = (_req, res) =>
      sendJson(res, 409, {
        code: `VPC.\u001b]0;owned\u0007${"9".repeat(10_000)}`,
        message: "m",
        request_id: "r\n".repeat(5000),
      });
    const error = (await listSubnets(vpc()).catch((e: unknown) => e)) as ApiError;
    expect(error.code!.length).toBeLessThanOrEqual(256);
    expect(error.code).not.toMatch(UNSAFE);
    expect(error.requestId!.length).toBeLessThanOrEqual(256);
    expect(error.requestId).not.toMatch(UNSAFE);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });
});

describe("#14.20: a TimeoutError names the method once", () => {
  it("`GET http://…`, not `GET GET http://…`", async () => {
    handle = () => undefined; // never answers
    const client = vpc({ timeoutMs: 100 });
    const error = (await listSubnets(client).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${server.url}/v1/p/subnets`);
    expect(error.message).toContain(`(GET ${server.url}/v1/p/subnets)`);
    expect(error.message).not.toContain("GET GET");
  });

  it("a retried call's TimeoutError too", async () => {
    handle = () => undefined;
    const client = vpc({ timeoutMs: 100, retry: { maxRetries: 1, maxDelayMs: 1 } });
    const error = (await listSubnets(client).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(2);
    expect(error.url).toBe(`${server.url}/v1/p/subnets`);
    expect(error.message).not.toContain("GET GET");
  });
});

describe("#18.6: every ApiError knows its method; a code equal to the status is said once", () => {
  it("an ordinary HTTP error from unwrap has `method`, in the message and in JSON", async () => {
    handle = (_req, res) => sendJson(res, 404, { error_code: "EndPoint.0005", error_msg: "not found" });
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: "otc-token-0123456789" }, retry: false });
    const error = (await client
      .unwrap(
        client.POST("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action", {
          params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
          body: { action: "reject", endpoints: ["e"] },
        }),
      )
      .catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.method).toBe("POST");
    expect(error.message).toContain(`(POST ${server.url}/v1/p/vpc-endpoint-services/s/connections/action)`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "NotFoundError",
      message: error.message,
      method: "POST",
      url: `${server.url}/v1/p/vpc-endpoint-services/s/connections/action`,
      status: 404,
    });
  });

  it("a MadConnect 400 whose statusCode is 400 says `madconnect 400: …`, and a 200 envelope has its method", async () => {
    handle = (_req, res) => sendJson(res, 400, { statusCode: 400, statusMessage: "Invalid connector", response: null });
    const client = createMadConnectClient({
      baseUrl: server.url,
      auth: { token: "madconnect-token-0123" },
      retry: false,
    });
    const error = (await client.unwrap(client.GET("/es/v2/connections")).catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/^madconnect 400: Invalid connector/);
    expect(error.code).toBe("400");
    expect(error.method).toBe("GET");

    handle = (_req, res) => sendJson(res, 200, { statusCode: 1401, statusMessage: "bad token", response: null });
    const envelope = (await client.unwrap(client.GET("/es/v2/connections")).catch((e: unknown) => e)) as ApiError;
    expect(envelope.message).toMatch(/^madconnect 200 1401: bad token/);
    expect(envelope.method).toBe("GET");
  });
});
