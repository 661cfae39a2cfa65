// Status lines that fetch accepts but the Response constructor refuses (a reason phrase in UTF-8 or
// with a control character, a status from 600 to 999): the client still ends in its typed error, or
// the data of a success, never in the constructor's TypeError or RangeError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, BadRequestError, InternalServerError } from "../src/index.js";
import { createVpcClient } from "../src/otc/index.js";
import { startServer, type TestServer } from "./support/http-server.js";

let server: TestServer;
/** The status line the server answers with, and the body after it. */
let statusLine: Buffer;
let body: string;

beforeAll(async () => {
  server = await startServer((_req, _res, raw) => {
    const head = `content-type: application/json\r\nx-request-id: rid-1\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    raw.socket.end(Buffer.concat([Buffer.from("HTTP/1.1 "), statusLine, Buffer.from(`\r\n${head}${body}`)]));
  });
});
afterAll(() => server.close());

const answer = (line: Buffer | string, text: string) => {
  statusLine = typeof line === "string" ? Buffer.from(line) : line;
  body = text;
};

const vpc = () => createVpcClient({ baseUrl: server.url, auth: { token: "otc-token-123" }, retry: false });
const path = "/v1/{project_id}/subnets" as const;
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
    answer(line, ERROR_BODY);
    const client = vpc();
    const error = await client.unwrap(client.GET(path, { params })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "VPC.0101", requestId: "rid-1" });
    const raw = await vpc().GET(path, { params });
    expect(raw.error).toEqual({ error_code: "VPC.0101", error_msg: "bad" });
    expect(raw.response).toMatchObject({ status: 400, ok: false });
  });

  it("the reason phrase is the one fetch read", async () => {
    answer("400 错误请求", ERROR_BODY);
    const { response } = await vpc().GET(path, { params });
    expect(response.statusText).toBe((await fetch(server.url)).statusText);
    expect(response.url).toBe(`${server.url}/v1/p/subnets`);
    expect(response.headers.get("x-request-id")).toBe("rid-1");
  });

  it("a status from 600 to 999 is a plain ApiError (not ok, not a 5xx), with its status", async () => {
    for (const status of [600, 999]) {
      answer(`${status} Odd`, ERROR_BODY);
      const client = vpc();
      const error = await client.unwrap(client.GET(path, { params })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status, code: "VPC.0101", requestId: "rid-1" });
      // A middleware sees the response before its body is read, and may clone it.
      const watched = vpc();
      let clone: Response | undefined;
      watched.use({ onResponse: ({ response }) => void (clone = response.clone()) });
      const { response } = await watched.GET(path, { params });
      expect(response).toMatchObject({ status, statusText: "Odd", ok: false, type: "basic", redirected: false });
      expect(clone).toMatchObject({ status, statusText: "Odd", ok: false, url: response.url });
      expect(await clone!.text()).toBe(ERROR_BODY);
    }
  });

  it("a success with such a reason phrase gives its data, as text, JSON through middleware, and a stream", async () => {
    answer("200 好", '{"subnets":[]}');
    const text = await vpc().GET(path, { params, parseAs: "text" });
    expect(text.data).toBe('{"subnets":[]}');
    expect(text.response).toMatchObject({ status: 200, statusText: "好", ok: true });

    const withMiddleware = vpc();
    withMiddleware.use({ onResponse: () => undefined });
    expect(await withMiddleware.unwrap(withMiddleware.GET(path, { params }))).toEqual({ subnets: [] });

    const { response } = await vpc().GET(path, { params, parseAs: "stream" });
    expect(response).toMatchObject({ status: 200, statusText: "好", ok: true });
    expect(await response.text()).toBe('{"subnets":[]}');
  });
});
