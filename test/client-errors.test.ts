// Errors: raw calls keep {data, error, response}; unwrap throws typed errors built from each
// vendor's error body; bad responses (HTML, empty, truncated, wrong shape) are typed errors too.
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ConnectivityError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestRejectedError,
  TimeoutError,
} from "../src/index.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { vpcepErrorCodes } from "../src/otc/error-codes.js";
import { createVpcClient, createVpcepClient, type VpcepErrorCode } from "../src/otc/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "./support/http-server.js";

let server: TestServer;
let handle: Handler;
/** Drops the connection without an answer. */
const hangUp: Handler = (_req, _res, raw) => void raw.socket.destroy();

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

// No retries: each failure here is the answer to the one request.
const vpcep = () => createVpcepClient({ baseUrl: server.url, retry: false, auth: { token: "otc-token-123" } });
const vpc = () => createVpcClient({ baseUrl: server.url, retry: false, auth: { token: "otc-token-123" } });
const confluent = () => createConfluentClient({ baseUrl: server.url, retry: false, auth: { token: "cflt-token" } });
const madconnect = () => createMadConnectClient({ baseUrl: server.url, retry: false, auth: { token: "mad-token" } });

type Result = { data?: unknown; error?: unknown; response: Response };
/** A raw call of one client, and the same call through that client's unwrap. */
type Call = (() => Promise<Result>) & { unwrap(): Promise<unknown> };
function call<C extends { unwrap(result: Promise<never>): Promise<unknown> }>(
  make: () => C,
  run: (client: C) => Promise<Result>,
): Call {
  const raw = () => run(make());
  return Object.assign(raw, {
    unwrap() {
      const client = make();
      return client.unwrap(run(client) as Promise<never>);
    },
  });
}

const listConnections = call(vpcep, (c) =>
  c.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
  }),
);
const listSubnets = call(vpc, (c) => c.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }));
const listConfluent = call(confluent, (c) =>
  c.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } }),
);
const listMad = call(madconnect, (c) => c.GET("/es/v2/connections"));

/** What unwrap throws for the current handler. */
async function thrown(call: Call): Promise<ApiError> {
  return call.unwrap().then(
    (data) => {
      throw new Error(`unwrap did not throw but returned ${JSON.stringify(data)}`);
    },
    (error: unknown) => error as ApiError,
  );
}

describe("raw calls keep {data, error, response}", () => {
  it("a failure is returned, not thrown", async () => {
    handle = (_req, res) => sendJson(res, 404, { error_code: "EndPoint.0005", error_msg: "not found" });
    const { data, error, response } = await listConnections();
    expect(data).toBeUndefined();
    expect(error).toEqual({ error_code: "EndPoint.0005", error_msg: "not found" });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(404);
  });

  it("unwrap returns the data of a success", async () => {
    handle = (_req, res) => sendJson(res, 200, { subnets: [{ id: "s1" }] });
    const client = vpc();
    expect(
      await client.unwrap(client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } })),
    ).toEqual({ subnets: [{ id: "s1" }] });
    // also a result already awaited
    const result = await client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(await client.unwrap(result)).toEqual({ subnets: [{ id: "s1" }] });
  });

  it("a 204 has undefined data, for raw calls and unwrap", async () => {
    handle = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const client = madconnect();
    const remove = () =>
      client.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
    const { data, error } = await remove();
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
    expect(await client.unwrap(remove())).toBeUndefined();
  });

  it("a 205 has undefined data too, for raw calls and unwrap", async () => {
    handle = (_req, res) => {
      res.writeHead(205);
      res.end();
    };
    const client = madconnect();
    const update = () =>
      client.PUT("/es/v2/connections/{connection_id}/status/{status}", {
        params: { path: { connection_id: "c", status: "activate" } },
      });
    const { data, error, response } = await update();
    expect(response.status).toBe(205);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
    expect(await client.unwrap(update())).toBeUndefined();
  });

  it("an empty body on any other success is an ApiError (invalid_json), never undefined data", async () => {
    for (const headers of [{ "content-length": "0" }, {}]) {
      handle = (_req, res) => {
        res.writeHead(200, headers);
        res.end();
      };
      const client = vpc();
      const show = () =>
        client.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: "s" } } });
      for (const attempt of [show, () => client.unwrap(show())]) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, JSON.stringify(headers)).toBeInstanceOf(ApiError);
        expect(error).toMatchObject({ status: 200, code: "invalid_json", message: expect.stringMatching(/empty/) });
      }
    }
  });
});

describe("vendor error bodies", () => {
  it("OTC {error_code, error_msg}", async () => {
    handle = (_req, res) => sendJson(res, 400, { error_code: "EndPoint.0002", error_msg: "Invalid parameter: limit" });
    const error = await thrown(listConnections);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ConnectivityError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      name: "BadRequestError",
      status: 400,
      code: "EndPoint.0002",
      requestId: undefined,
      vendor: "otc",
      body: { error_code: "EndPoint.0002", error_msg: "Invalid parameter: limit" },
    });
    expect(error.message).toContain("Invalid parameter: limit");
    expect(error.message).toContain("EndPoint.0002");
    expect(error.message).toContain("400");
  });

  it("VPC {code, message}, and the nested {error: {...}} form", async () => {
    handle = (_req, res) => sendJson(res, 404, { code: "VPC.0202", message: "Query subnet error" });
    expect(await thrown(listSubnets)).toMatchObject({
      status: 404,
      code: "VPC.0202",
      vendor: "otc",
      body: { code: "VPC.0202", message: "Query subnet error" },
    });
    expect((await thrown(listSubnets)).message).toContain("Query subnet error");
    handle = (_req, res) => sendJson(res, 409, { error: { code: "VPC.0003", message: "in use" } });
    expect(await thrown(listSubnets)).toMatchObject({
      status: 409,
      code: "VPC.0003",
      message: expect.stringContaining("in use"),
    });
    // the nested form with the request id beside it, or inside it
    handle = (_req, res) => sendJson(res, 409, { error: { code: "VPC.0003", message: "in use" }, request_id: "req-o" });
    expect(await thrown(listSubnets)).toMatchObject({ code: "VPC.0003", requestId: "req-o" });
    handle = (_req, res) => sendJson(res, 409, { error: { code: "VPC.0003", message: "in use", request_id: "req-i" } });
    expect(await thrown(listSubnets)).toMatchObject({ code: "VPC.0003", requestId: "req-i" });
  });

  it("API Gateway {error_code, error_msg, request_id}; X-Request-Id wins over the body", async () => {
    handle = (_req, res) =>
      sendJson(res, 401, {
        error_code: "APIGW.0301",
        error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
        request_id: "7f8a5ef1a2c0b8d0b0e4e6e1c6c0c9f0",
      });
    const error = await thrown(listConnections);
    expect(error).toMatchObject({
      status: 401,
      code: "APIGW.0301",
      requestId: "7f8a5ef1a2c0b8d0b0e4e6e1c6c0c9f0",
      vendor: "otc",
    });
    expect(error.message).toContain("verify aksk signature fail");
    expect(error.message).toContain("7f8a5ef1a2c0b8d0b0e4e6e1c6c0c9f0");
    handle = (_req, res) =>
      sendJson(
        res,
        401,
        { error_code: "APIGW.0301", error_msg: "x", request_id: "from-body" },
        { "X-Request-Id": "from-header" },
      );
    expect((await thrown(listConnections)).requestId).toBe("from-header");
    // An empty header does not hide the body's id.
    handle = (_req, res) =>
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: "x", request_id: "from-body" }, { "X-Request-Id": "" });
    expect((await thrown(listConnections)).requestId).toBe("from-body");
  });

  it("Confluent errors[] with code, title, detail and source", async () => {
    const body = {
      errors: [
        {
          id: "ed42afdc-f0d5-4c0d-b428-9fc6ed6e279d",
          status: "400",
          code: "invalid_filter",
          title: "Invalid Filter",
          detail: "The 'delorean' resource can't be filtered by 'num_doors'",
          source: { parameter: "num_doors" },
        },
        { status: "400", code: "second", detail: "ignored in the message" },
      ],
    };
    handle = (_req, res) => sendJson(res, 400, body, { "X-Request-Id": "cflt-req-1" });
    const error = await thrown(listConfluent);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_filter",
      requestId: "cflt-req-1",
      vendor: "confluent",
      body,
    });
    expect(error.message).toContain("can't be filtered by 'num_doors'");
    expect((error.body as typeof body).errors[0]!.source).toEqual({ parameter: "num_doors" });

    // only a title, only a status
    handle = (_req, res) => sendJson(res, 403, { errors: [{ title: "User Access Unauthorized" }] });
    expect(await thrown(listConfluent)).toMatchObject({
      status: 403,
      code: undefined,
      message: expect.stringContaining("User Access Unauthorized"),
    });
    handle = (_req, res) => sendJson(res, 500, { errors: [{ status: "500" }] });
    expect(await thrown(listConfluent)).toMatchObject({ status: 500, code: "500" });
    // the 401 page's {error_code, message}
    handle = (_req, res) => sendJson(res, 401, { error_code: 401, message: "Unauthorized" });
    expect(await thrown(listConfluent)).toMatchObject({
      status: 401,
      code: "401",
      message: expect.stringContaining("Unauthorized"),
    });
  });

  it("MadConnect: a statusCode other than 0 or 2xx is an error even with HTTP 200; the raw call keeps it as data", async () => {
    const envelope = { statusCode: 1004, statusMessage: "Connection not found", response: null };
    handle = (_req, res) => sendJson(res, 200, envelope);
    const { data, error, response } = await listMad();
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual(envelope);
    const thrownError = await thrown(listMad);
    expect(thrownError).toMatchObject({
      name: "ApiError",
      status: 200,
      code: "1004",
      vendor: "madconnect",
      body: envelope,
    });
    expect(thrownError.message).toContain("Connection not found");

    // the same envelope on an HTTP error
    handle = (_req, res) => sendJson(res, 401, { statusCode: 401, statusMessage: "Invalid token" });
    expect(await thrown(listMad)).toMatchObject({
      status: 401,
      code: "401",
      message: expect.stringContaining("Invalid token"),
    });

    // a statusCode beyond 2^53 (parsed as a bigint) is an error too
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"statusCode":18446744073709551615,"statusMessage":"Overflow"}');
    };
    expect(await thrown(listMad)).toMatchObject({ status: 200, code: "18446744073709551615" });
    // ...and on an HTTP error, whose body is parsed as a success's is: its integers beyond 2^53 exact
    handle = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"statusCode":12345678901234567891,"statusMessage":"Bad","response":{"connectionId":9007199254740993}}');
    };
    expect(await thrown(listMad)).toMatchObject({
      status: 400,
      code: "12345678901234567891",
      body: { statusCode: 12345678901234567891n, response: { connectionId: 9007199254740993n } },
    });
    const raw = await madconnect().GET("/es/v2/connections", {});
    expect(raw.error).toEqual({
      statusCode: 12345678901234567891n,
      statusMessage: "Bad",
      response: { connectionId: 9007199254740993n },
    });

    // a numeric string is read as the number it spells
    handle = (_req, res) => sendJson(res, 200, { statusCode: "7", statusMessage: "Quota exceeded" });
    expect(await thrown(listMad)).toMatchObject({
      status: 200,
      code: "7",
      message: expect.stringContaining("Quota exceeded"),
    });

    // a negative statusCode is non-zero too
    handle = (_req, res) => sendJson(res, 200, { statusCode: -1, statusMessage: "Internal failure" });
    expect(await thrown(listMad)).toMatchObject({
      status: 200,
      code: "-1",
      message: expect.stringContaining("Internal failure"),
    });

    // statusCode 0 (the page's sample) is a success, and so is a 2xx (an envelope mirroring the HTTP status)
    const client = madconnect();
    for (const statusCode of [0, 200, 201, 299, "200"]) {
      handle = (_req, res) => sendJson(res, 200, { statusCode, statusMessage: "Success", response: [] });
      expect(await client.unwrap(client.GET("/es/v2/connections"))).toEqual({
        statusCode,
        statusMessage: "Success",
        response: [],
      });
    }
    for (const statusCode of [199, 300, 1]) {
      handle = (_req, res) => sendJson(res, 200, { statusCode, statusMessage: "Not quite" });
      expect(await thrown(listMad)).toMatchObject({ status: 200, code: String(statusCode) });
    }
    // only a whole number is a success: no fraction, no other spelling, no empty string, null or boolean
    for (const statusCode of [200.5, "0xC8", "2e2", "+200", " 201 ", "", null, true]) {
      handle = (_req, res) => sendJson(res, 200, { statusCode, statusMessage: "Not quite" });
      expect(await thrown(listMad), JSON.stringify(statusCode)).toMatchObject({ name: "ApiError", status: 200 });
    }
    // a body without statusCode is no envelope: not an error envelope (drift validation reports it)
    handle = (_req, res) => sendJson(res, 200, { response: [] });
    expect(await client.unwrap(client.GET("/es/v2/connections"))).toEqual({ response: [] });
  });

  it("MadConnect: paginate stops at an error envelope", async () => {
    handle = (_req, res) => sendJson(res, 200, { statusCode: 5, statusMessage: "Account suspended" });
    const pages = madconnect().paginate("/es/v2/connections").toArray();
    await expect(pages).rejects.toMatchObject({ name: "ApiError", code: "5", status: 200 });
  });

  it("url is the request's URL without the query", async () => {
    handle = (_req, res) => sendJson(res, 404, { errors: [{ code: "404", detail: "gone" }] });
    const error = await thrown(listConfluent);
    expect(server.requests.at(-1)!.url).toBe("/networking/v1/private-link-attachment-connections?environment=e");
    expect(error.url).toBe(`${server.url}/networking/v1/private-link-attachment-connections`);
    expect(error.message).not.toContain("environment=e");
  });

  it("toJSON keeps the fields", async () => {
    handle = (_req, res) =>
      sendJson(res, 400, { error_code: "EndPoint.0002", error_msg: "bad" }, { "X-Request-Id": "r" });
    const json = JSON.parse(JSON.stringify(await thrown(listConnections))) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "BadRequestError",
      status: 400,
      code: "EndPoint.0002",
      requestId: "r",
      vendor: "otc",
      body: { error_code: "EndPoint.0002", error_msg: "bad" },
    });
    expect(json.message).toContain("bad");
  });
});

// Status lines that fetch accepts but the Response constructor refuses (a reason phrase in UTF-8 or
// with a control character, a status from 600 to 999): the client still ends in its typed error, or
// the data of a success, never in the constructor's TypeError or RangeError.
/** Answers with this status line (written as is on the socket), X-Request-Id rid-1 and a JSON body. */
const answer =
  (line: Buffer | string, text: string): Handler =>
  (_req, _res, raw) => {
    const head = `content-type: application/json\r\nx-request-id: rid-1\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n`;
    raw.socket.end(Buffer.concat([Buffer.from("HTTP/1.1 "), Buffer.from(line), Buffer.from(`\r\n${head}${text}`)]));
  };
const subnets = "/v1/{project_id}/subnets" as const;
const params = { path: { project_id: "p" } };

const ERROR_BODY = '{"error_code":"VPC.0101","error_msg":"bad"}';
const refused = {
  "a UTF-8 reason phrase": "400 错误请求",
  "a control character": "400 Bad\x01Request",
  DEL: "400 Bad\x7fRequest",
  "a Latin-1 byte": Buffer.from("400 Caf\xe9", "latin1"),
};

describe("a status line the Response constructor refuses", () => {
  it.each(Object.entries(refused))("an error status with %s is the typed error", async (_name, line) => {
    handle = answer(line, ERROR_BODY);
    const client = vpc();
    const error = await client.unwrap(client.GET(subnets, { params })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "VPC.0101", requestId: "rid-1" });
    const raw = await vpc().GET(subnets, { params });
    expect(raw.error).toEqual({ error_code: "VPC.0101", error_msg: "bad" });
    expect(raw.response).toMatchObject({ status: 400, ok: false });
  });

  it("the reason phrase is the one fetch read", async () => {
    handle = answer("400 错误请求", ERROR_BODY);
    const { response } = await vpc().GET(subnets, { params });
    expect(response.statusText).toBe((await fetch(server.url)).statusText);
    expect(response.url).toBe(`${server.url}/v1/p/subnets`);
    expect(response.headers.get("x-request-id")).toBe("rid-1");
  });

  it("a status from 600 to 999 is a plain ApiError (not ok, not a 5xx), with its status", async () => {
    for (const status of [600, 999]) {
      handle = answer(`${status} Odd`, ERROR_BODY);
      const client = vpc();
      const error = await client.unwrap(client.GET(subnets, { params })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status, code: "VPC.0101", requestId: "rid-1" });
      // A middleware sees the response before its body is read, and may clone it.
      const watched = vpc();
      let clone: Response | undefined;
      watched.use({ onResponse: ({ response }) => void (clone = response.clone()) });
      const { response } = await watched.GET(subnets, { params });
      expect(response).toMatchObject({ status, statusText: "Odd", ok: false, type: "basic", redirected: false });
      expect(clone).toMatchObject({ status, statusText: "Odd", ok: false, url: response.url });
      expect(await clone!.text()).toBe(ERROR_BODY);
    }
  });

  it("a success with such a reason phrase gives its data, as text, JSON through middleware, and a stream", async () => {
    handle = answer("200 好", '{"subnets":[]}');
    const text = await vpc().GET(subnets, { params, parseAs: "text" });
    expect(text.data).toBe('{"subnets":[]}');
    expect(text.response).toMatchObject({ status: 200, statusText: "好", ok: true });

    const withMiddleware = vpc();
    withMiddleware.use({ onResponse: () => undefined });
    expect(await withMiddleware.unwrap(withMiddleware.GET(subnets, { params }))).toEqual({ subnets: [] });

    const { response } = await vpc().GET(subnets, { params, parseAs: "stream" });
    expect(response).toMatchObject({ status: 200, statusText: "好", ok: true });
    expect(await response.text()).toBe('{"subnets":[]}');
  });
});

describe("JSON.stringify of an error at any depth", () => {
  /** `levels` arrays one in another, around `inner`. */
  const nested = (levels: number, inner = "[]") => "[".repeat(levels) + inner + "]".repeat(levels);
  /** How many arrays deep `value` goes, and what the innermost holds. */
  const depthOf = (value: unknown): [number, unknown] => {
    let depth = 0;
    while (Array.isArray(value)) [value, depth] = [value[0], depth + 1];
    return [depth, value];
  };

  it("a body nested 5,000 deep (10 kB) is written down to 200 levels, then a marker", async () => {
    handle = (_req, res) => sendJson(res, 500, `{"error_code":"E","deep":${nested(5000)}}`, { "X-Request-Id": "r" });
    const error = await thrown(listSubnets);
    expect(error).toMatchObject({ name: "InternalServerError", status: 500, code: "E", requestId: "r" });
    const json = JSON.parse(JSON.stringify(error)) as { body: { deep: unknown }; code: string; requestId: string };
    expect(json).toMatchObject({ code: "E", requestId: "r" });
    // The body is level 0, so "deep" starts at level 1: 199 arrays, then the marker where the 200th was.
    expect(depthOf(json.body.deep)).toEqual([199, "[nested more than 200 levels deep]"]);
  });

  it("a body within 200 levels is written whole", async () => {
    handle = (_req, res) => sendJson(res, 400, `{"error_code":"E","deep":${nested(198, "[1]")}}`);
    const json = JSON.parse(JSON.stringify(await thrown(listSubnets))) as { body: { deep: unknown } };
    expect(depthOf(json.body.deep)).toEqual([199, 1]);
  });
});

describe("rate limits", () => {
  it("429 is a RateLimitError with the server's Retry-After", async () => {
    handle = (_req, res) =>
      sendJson(
        res,
        429,
        { error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached" },
        { "Retry-After": "3" },
      );
    const error = await thrown(listConnections);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: "RateLimitError", status: 429, code: "APIGW.0308", retryAfterMs: 3000 });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "RateLimitError", retryAfterMs: 3000 });
  });

  it("Retry-After as an HTTP date, Confluent's X-RateLimit-Reset, and none", async () => {
    handle = (_req, res) => sendJson(res, 429, {}, { "Retry-After": new Date(Date.now() + 120_000).toUTCString() });
    const dated = (await thrown(listConnections)) as RateLimitError;
    expect(dated.retryAfterMs).toBeGreaterThan(115_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(120_000);

    handle = (_req, res) =>
      sendJson(
        res,
        429,
        { errors: [{ status: "429", code: "too_many_requests", detail: "slow down" }] },
        {
          "X-RateLimit-Limit": "50",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": "7",
        },
      );
    expect(await thrown(listConfluent)).toMatchObject({
      name: "RateLimitError",
      code: "too_many_requests",
      vendor: "confluent",
      retryAfterMs: 7000,
    });

    handle = (_req, res) => sendJson(res, 429, { statusCode: 429, statusMessage: "Too many requests" });
    expect(await thrown(listMad)).toMatchObject({ name: "RateLimitError", retryAfterMs: undefined });
  });
});

describe("transport failures", () => {
  it("TimeoutError and ConnectionError pass through unwrap", async () => {
    handle = () => undefined; // never answers
    const slow = createVpcClient({
      baseUrl: server.url,
      auth: { token: "otc-token-123" },
      retry: false,
      timeoutMs: 100,
    });
    const error = await slow
      .unwrap(slow.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectivityError);
    expect(error).toMatchObject({ name: "TimeoutError", timeoutMs: 100, attempts: 1 });
    expect((error as Error).message).toContain("100 ms");

    handle = hangUp;
    const broken = await thrown(listConfluent).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ConnectionError);
    expect(broken).toMatchObject({ name: "ConnectionError", attempts: 1 });
    // the raw call throws it too: there is no response to return
    await expect(listConfluent()).rejects.toBeInstanceOf(ConnectionError);
  });

  it("a 407 is a ConnectionError (the Fetch standard gives no response), its message not ending in an empty cause", async () => {
    handle = (_req, res) => {
      res.writeHead(407, { "Proxy-Authenticate": 'Basic realm="proxy"' });
      res.end();
    };
    const error = await thrown(listSubnets).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\/p\/subnets: fetch failed$/);
  });

  it("RequestRejectedError is a ConnectivityError", () => {
    expect(new RequestRejectedError("x")).toBeInstanceOf(ConnectivityError);
    expect(new RequestRejectedError("x").name).toBe("RequestRejectedError");
  });
});

describe("bad responses are typed errors, not crashes", () => {
  it("an HTML 502 page", async () => {
    const html =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
    handle = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(html);
    };
    for (const call of [listConnections, listSubnets, listConfluent, listMad]) {
      const { error, response } = await call();
      expect(response.status).toBe(502);
      expect(error).toBe(html);
      const thrownError = await thrown(call);
      expect(thrownError).toBeInstanceOf(ApiError);
      expect(thrownError).toMatchObject({ status: 502, code: undefined, body: html });
      expect(thrownError.message).toContain("text/html");
    }
  });

  it("a body that is not JSON keeps its first 2048 characters", async () => {
    const html = `<html><body>${"<p>Bad Gateway</p>".repeat(300)}</body></html>`;
    expect(html.length).toBeGreaterThan(5000);
    handle = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(html);
    };
    const error = await thrown(listSubnets);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(String(error.body)).toBe(html.slice(0, 2048));
  });

  it("a message cut inside a surrogate pair keeps no lone surrogate", async () => {
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    // One character more or less before and after the emoji moves each cut to the other half of a pair.
    for (const before of ["", "x"])
      for (const after of ["", "y"]) {
        const text = `${before}${"😀".repeat(2000)}${after}`;
        handle = (_req, res) => sendJson(res, 400, { code: "VPC.0001", message: text });
        const error = await thrown(listSubnets);
        expect(error.message.length).toBeLessThanOrEqual(2048);
        expect(error.message).toContain("…");
        expect(error.message, JSON.stringify([before, after])).not.toMatch(loneSurrogate);
      }
  });

  it("a failure with an empty body: error is undefined, unwrap still throws", async () => {
    handle = (_req, res) => {
      res.writeHead(503, { "content-length": "0" });
      res.end();
    };
    for (const call of [listConnections, listSubnets, listConfluent, listMad]) {
      const { data, error, response } = await call();
      expect(response.status).toBe(503);
      expect(data).toBeUndefined();
      expect(error).toBeUndefined();
      const thrownError = await thrown(call);
      expect(thrownError).toBeInstanceOf(ApiError);
      expect(thrownError).toMatchObject({ status: 503, code: undefined, body: undefined });
      expect(thrownError.message).toContain("empty body");
    }
    // chunked, without a length
    handle = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
    const thrownError = await thrown(listConnections);
    expect(thrownError).toMatchObject({ status: 500 });
    expect(thrownError.message).toContain("empty body");
  });

  it("truncated JSON on a 200: the raw call throws ApiError invalid_json", async () => {
    handle = (_req, res) => sendJson(res, 200, '{"connections":[{"id":"c1","marker_id":12345678901234567891},{"id":"c');
    const raw = await listConnections().catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(ApiError);
    expect(raw).toMatchObject({ status: 200, code: "invalid_json", vendor: "otc" });
    expect((raw as ApiError).body).toContain('{"connections":[{"id":"c1"');
    expect(await thrown(listConnections)).toMatchObject({ status: 200, code: "invalid_json" });
    // a body cut off by the server mid-response is an error too, never a crash
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"subnets":[');
      setTimeout(() => res.destroy(), 5);
    };
    const cut = await listSubnets().catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(ConnectionError);
    expect((cut as Error).message).toContain(`GET ${server.url}/v1/p/subnets: the response body could not be read`);
    await expect(listSubnets.unwrap()).rejects.toBeInstanceOf(ConnectionError);
  });

  it("not JSON at all on a 200", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login page</html>");
    };
    await expect(listConfluent()).rejects.toMatchObject({
      name: "ApiError",
      code: "invalid_json",
      vendor: "confluent",
    });
  });

  it("JSON error bodies of the wrong shape", async () => {
    const bodies: unknown[] = [
      [1, 2],
      "just a string",
      null,
      42,
      true,
      {},
      { errors: "not an array" },
      { errors: [null, 1] },
      { errors: [] },
      { errors: [{ code: { nested: true }, detail: ["x"] }] },
      { error_code: { a: 1 }, error_msg: 7 },
      { error: "flat string" },
      { error: null, code: null, message: null },
      { statusCode: "7", statusMessage: { x: 1 } },
    ];
    for (const body of bodies) {
      handle = (_req, res) => sendJson(res, 500, JSON.stringify(body));
      for (const call of [listConnections, listConfluent, listMad]) {
        const error = await thrown(call);
        expect(error, JSON.stringify(body)).toBeInstanceOf(ApiError);
        expect(error.status).toBe(500);
        expect(typeof error.message).toBe("string");
        expect(error.code === undefined || typeof error.code === "string").toBe(true);
      }
    }
  });

  it("JSON success bodies of the wrong shape are returned as they are, and paginate refuses them", async () => {
    handle = (_req, res) => sendJson(res, 200, { unexpected: true });
    const { data } = await listConnections();
    expect(data).toEqual({ unexpected: true });
    const pages = vpcep()
      .paginate("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
      })
      .toArray();
    await expect(pages).rejects.toMatchObject({ name: "PaginationError" });
    handle = (_req, res) => sendJson(res, 200, "null");
    const client = madconnect();
    expect(await client.unwrap(client.GET("/es/v2/connections"))).toBeNull();
  });
});

describe("errors narrow by status and by the vendor's documented codes", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ] as const)("HTTP %i is a %o", async (status, type) => {
    handle = (_req, res) => sendJson(res, status, { error_code: "EndPoint.0002", error_msg: "bad" });
    const error = await thrown(listConnections);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
  });

  it("a 418 is a plain ApiError", async () => {
    handle = (_req, res) => sendJson(res, 418, { error_code: "X", error_msg: "teapot" });
    const error = await thrown(listConnections);
    expect(error.constructor).toBe(ApiError);
  });

  it.each([
    [499, ApiError],
    [500, InternalServerError],
    [599, InternalServerError],
    [600, ApiError],
  ] as const)("the 5xx edges: HTTP %i is a %o, of that very class", async (status, type) => {
    handle = (_req, res) => sendJson(res, status, { error_code: "X", error_msg: "edge" });
    const error = await thrown(listConnections);
    expect(error.constructor).toBe(type);
    expect(error).toMatchObject({ status, code: "X" });
  });

  it("a 400 and a 429 are told apart by type, and the code completes to the documented ones", async () => {
    handle = (_req, res) => sendJson(res, 400, { error_code: "EndPoint.0002", error_msg: "Invalid parameter." });
    const client = vpcep();
    try {
      await client.unwrap(
        client.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
          params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
        }),
      );
      expect.unreachable();
    } catch (error) {
      expect(client.isApiError(error)).toBe(true);
      if (!client.isApiError(error)) throw error;
      expectTypeOf(error.code).toEqualTypeOf<VpcepErrorCode | (string & {}) | undefined>();
      if (error instanceof BadRequestError) expectTypeOf(error.status).toEqualTypeOf<400>();
      if (error instanceof RateLimitError) expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
      expect(error.code).toBe("EndPoint.0002");
      expect(vpcepErrorCodes["EndPoint.0002"].status).toBe(400);
    }
    expect(confluent().isApiError(new ApiError({ status: 400, message: "m", vendor: "otc" }))).toBe(false);
    expect(vpcep().isApiError(new Error("plain"))).toBe(false);
  });

  it("exposes every documented VPC Endpoint code with its status and message", () => {
    expect(Object.keys(vpcepErrorCodes).length).toBeGreaterThan(100);
    expect(vpcepErrorCodes["EndPoint.0002"]).toMatchObject({ status: 400 });
    expectTypeOf<"EndPoint.0002">().toMatchTypeOf<VpcepErrorCode>();
  });
});
