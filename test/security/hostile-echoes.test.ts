// What a hostile server on 127.0.0.1 could still do after the earlier reviews (a review of 2026-12-05):
// echo a credential as a JSON pointer segment or as a number, send integers beyond 2^53 that broke
// `JSON.stringify(error)`, ask for an endless Retry-After, redirect to its own origin with userinfo,
// and grow the default drift warning's memory with megabyte-long property names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, DriftError, RateLimitError, type Drift } from "../../src/index.js";
import { boundedKey, onceEach } from "../../src/core/drift.js";
import { createRedactor, redactValue } from "../../src/core/redact.js";
import { itemsTable, objectTable } from "../../src/cli/output.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { subnetDrift } from "../support/drift-findings.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";
import { expectNotShown } from "../support/renderings.js";

let server: TestServer;
let handle: Handler;
beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());

const BIG = "12345678901234567890";
const thrown = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("no error"),
    (error: unknown) => error,
  );
const mad = (token: string, validate: "off" | "warn" | "throw" = "off", onDrift?: (drift: Drift) => void) =>
  createMadConnectClient({
    baseUrl: server.url,
    auth: { token },
    retry: false,
    validate: validate === "off" ? "off" : onDrift ? { mode: validate, onDrift } : validate,
  });
const listMad = (client: ReturnType<typeof mad>) => client.unwrap(client.GET("/es/v2/connections", {}));
const CONNECTION = { id: "c0ffee00c0ffee00", name: "n", createdTime: 0, updatedTime: 0 };

describe("a credential echoed in a form of its own", () => {
  it("as a property name: not shown in a drift finding's pointer, where `/` and `~` are escaped as ~1 and ~0", async () => {
    const token = "k3y/Pa55~w0rd";
    handle = (req, res) =>
      sendJson(res, 200, {
        statusCode: 0,
        statusMessage: "ok",
        response: [{ ...CONNECTION, [String(req.headers.authorization).replace(/^Bearer /, "")]: true }],
      });
    const found: Drift[] = [];
    await listMad(mad(token, "warn", (drift) => found.push(drift)));
    const undeclared = found.filter((drift) => drift.kind === "undeclared-property");
    expect(undeclared.map((drift) => drift.pointer)).toEqual(["/response/0/[REDACTED]"]);
    const error = await thrown(listMad(mad(token, "throw")));
    expect(error).toBeInstanceOf(DriftError);
    expectNotShown(error, [token, "k3y~1Pa55~0w0rd"]);
  });

  it("as a property name the server sent already pointer-escaped: not shown once the pointer escapes it again", async () => {
    const token = "Ab3/dEf~gHi+jKl=mNo/pQr~sTu";
    const sentEscaped = `x${token.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    handle = (_req, res) =>
      sendJson(res, 200, { statusCode: 0, statusMessage: "ok", response: [{ ...CONNECTION, [sentEscaped]: true }] });
    const found: Drift[] = [];
    await listMad(mad(token, "warn", (drift) => found.push(drift)));
    const undeclared = found.filter((drift) => drift.kind === "undeclared-property");
    expect(undeclared.map((drift) => drift.pointer)).toEqual(["/response/0/x[REDACTED]"]);
    const error = await thrown(listMad(mad(token, "throw")));
    expect(error).toBeInstanceOf(DriftError);
    expectNotShown(error, [token, sentEscaped.slice(1), sentEscaped.slice(1).replace(/~/g, "~0").replace(/\//g, "~1")]);
  });

  it("as a number (an all-digit token): not shown in the error's body, JSON or inspected", async () => {
    const token = "4815162342108";
    handle = (_req, res) =>
      sendJson(res, 401, { statusCode: 401, statusMessage: "token rejected", token: Number(token), echo: [token] });
    const error = (await thrown(listMad(mad(token)))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toEqual({
      statusCode: 401,
      statusMessage: "token rejected",
      token: "[REDACTED]",
      echo: ["[REDACTED]"],
    });
    expectNotShown(error, [token]);
  });

  it("as a number without its leading zeros, nested in a drifting object: not shown in the finding", async () => {
    const token = "0004815162342108";
    handle = (_req, res) =>
      sendJson(res, 200, {
        statusCode: 0,
        statusMessage: "ok",
        response: [{ ...CONNECTION, extra: { echo: 4815162342108 } }],
      });
    const found: Drift[] = [];
    await listMad(mad(token, "warn", (drift) => found.push(drift)));
    const extra = found.find((drift) => drift.pointer === "/response/0/extra")!;
    expect(extra.kind).toBe("undeclared-property");
    expect(JSON.stringify([extra.actual, extra.samples])).not.toContain("4815162342108");
  });

  it("a number holding the token's digits, nested in a drifting object: masked whole in the finding, which stays an object", async () => {
    const token = "48151623";
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `{"statusCode":0,"statusMessage":"ok","response":[{"id":"c","name":"n","createdTime":0,"updatedTime":0,"extra":{"echo":9948151623999,"neg":-48151623,"list":[1,48151623.5]}}]}`,
      );
    };
    const found: Drift[] = [];
    await listMad(mad(token, "warn", (drift) => found.push(drift)));
    const extra = found.find((drift) => drift.pointer === "/response/0/extra")!;
    expect(extra.actual).toEqual({ echo: "[REDACTED]", neg: "[REDACTED]", list: [1, "[REDACTED]"] });
    // The same in a table cell (npm start's tables), whole: never `99[REDACTED]999`.
    const redact = createRedactor([token]);
    const table = itemsTable([{ id: "c", name: 9948151623999, extra: { echo: -48151623 } }], {
      columns: ["id", "name", "extra"],
      redact,
    });
    expect(table).toMatch(/│ c +│ \[REDACTED\] +│ {"echo":"\[REDACTED\]"} +│/);
  });

  it("a drift finding's count of places equal to an all-digit token stays that number: a count is no server data", async () => {
    const token = "4321";
    handle = (_req, res) =>
      sendJson(res, 200, {
        statusCode: 0,
        statusMessage: "ok",
        response: Array.from({ length: 4321 }, (_, i) => ({ ...CONNECTION, id: `c${i}`, extra: true })),
      });
    const error = (await thrown(listMad(mad(token, "throw")))) as DriftError;
    expect(error).toBeInstanceOf(DriftError);
    const extra = error.findings.find((drift) => drift.pointer === "/response/0/extra")!;
    expect(extra.kind).toBe("undeclared-property");
    expect(extra.count).toBe(4321);
    const shown = JSON.parse(JSON.stringify(error)) as { findings: Drift[] };
    expect(shown.findings.find((drift) => drift.pointer === "/response/0/extra")!.count).toBe(4321);
  });

  it("a number that is no credential stays a number", async () => {
    handle = (_req, res) => sendJson(res, 404, { statusCode: 404, statusMessage: "gone", response: 4815 });
    const error = (await thrown(listMad(mad("4815162342108")))) as ApiError;
    expect(error.body).toEqual({ statusCode: 404, statusMessage: "gone", response: 4815 });
  });
});

describe("integers beyond 2^53 in what an error carries", () => {
  it("JSON.stringify(error) writes a bigint in the body as its digits (it threw a TypeError)", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"statusCode": ${BIG}, "statusMessage": "overflow", "response": null}`);
    };
    const error = (await thrown(listMad(mad("t0ken-0123456789")))) as ApiError;
    expect(error.code).toBe(BIG);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "ApiError",
      body: { statusCode: BIG, statusMessage: "overflow" },
    });
    // The error itself keeps the exact value.
    expect((error.body as { statusCode: unknown }).statusCode).toBe(BigInt(BIG));
  });

  it("a DriftError with a bigint in its findings and body: JSON.stringify works, and the error names the URL", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `{"connections":[{"id":"c","status":"accepted","marker_id":${BIG},"created_at":"2024-01-01T00:00:00Z","extra":${BIG}}],"total_count":1}`,
      );
    };
    const vpcep = createVpcepClient({ baseUrl: server.url, auth: { token: "t0ken-0123456789" }, validate: "throw" });
    const error = (await thrown(
      vpcep.unwrap(
        vpcep.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
          params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { limit: 5 } },
        }),
      ),
    )) as DriftError;
    expect(error).toBeInstanceOf(DriftError);
    expect(error.findings[0]).toMatchObject({ pointer: "/connections/0/extra", actual: BigInt(BIG) });
    const json = JSON.parse(JSON.stringify(error));
    expect(json.findings[0].actual).toBe(BIG);
    expect(json.body.connections[0].marker_id).toBe(BIG);
    // Like every ApiError: the URL without its query, in the field and the message.
    const url = `${server.url}/v1/p/vpc-endpoint-services/s/connections`;
    expect(error.url).toBe(url);
    expect(error.message).toContain(`(GET ${url})`);
  });

  it("a finding's actual value, a bigint of 100,001 digits, is cut to 200 like any other value", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"statusCode":0,"statusMessage":"ok","response":[{"id":"c","name":${"9".repeat(100_001)}}]}`);
    };
    const found: Drift[] = [];
    await listMad(mad("t0ken-0123456789", "warn", (drift) => found.push(drift)));
    const name = found.find((drift) => drift.pointer === "/response/0/name")!;
    expect(name.kind).toBe("type");
    expect(name.actual).toBe(`${"9".repeat(200)}…`);
    expect(name.samples).toEqual([`${"9".repeat(200)}…`]);
    expect(name.actualTypes).toEqual(["integer"]);
  });
});

describe("what a client keeps and hands out is bounded", () => {
  it("the default warning keys a megabyte-long pointer on its start, length and a hash: still one line per pointer", () => {
    const long = (last: string) => `/response/0/${"k".repeat(1 << 20)}${last}`;
    expect(boundedKey(long("a")).length).toBeLessThan(300);
    expect(boundedKey(long("a"))).not.toBe(boundedKey(long("b")));
    expect(boundedKey("/response/0/name")).toBe("/response/0/name");
    const written: string[] = [];
    const once = onceEach((drift) => written.push(drift.pointer.slice(-1)));
    for (const pointer of [long("a"), long("b"), long("a")]) once(subnetDrift({ pointer }));
    expect(written).toEqual(["a", "b"]);
  });

  it.each([
    ["a number of seconds no timer can wait", "9".repeat(400)],
    ["an HTTP date in the year 9999", "Fri, 31 Dec 9999 23:59:59 GMT"],
  ])("RateLimitError.retryAfterMs is at most 2^31 − 1 ms, never Infinity: %s", async (_name, retryAfter) => {
    handle = (_req, res) =>
      sendJson(res, 429, { statusCode: 429, statusMessage: "slow down" }, { "Retry-After": retryAfter });
    const error = (await thrown(listMad(mad("t0ken-0123456789")))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(2 ** 31 - 1);
  });

  it("a same-origin redirect whose Location carries userinfo is returned unfollowed, not retried as a network error", async () => {
    let hits = 0;
    handle = (_req, res) => {
      hits += 1;
      res.writeHead(302, { location: `http://evil:secret@${new URL(server.url).host}/v1/p/subnets` });
      res.end();
    };
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: "t0ken-0123456789" }, retry: { maxDelayMs: 1 } });
    const { response } = await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(302);
    expect(hits).toBe(1);
  });
});

describe("what the redaction leaves is still the text it was", () => {
  it("a mask that starts on an escaped character takes its backslash: the JSON text stays valid", () => {
    // `\n` read through its backslash, then the rest of the secret: a lone `\` before the marker broke the JSON.
    const redact = createRedactor(["nabcd1234"]);
    const masked = redact(JSON.stringify({ message: "ok\nabcd1234" }));
    expect(masked).toBe('{"message":"ok[REDACTED]"}');
    expect(() => JSON.parse(masked)).not.toThrow();
    // An escaped backslash before it is its own escape, and stays.
    expect(redact(JSON.stringify({ message: "ok\\nabcd1234" }))).toBe('{"message":"ok\\\\[REDACTED]"}');
  });

  it("a header-shaped value in a JSON string ends before an escaped quote: the text stays valid JSON", () => {
    const redact = createRedactor(["tok-0123456789abcdef"]);
    const text = JSON.stringify({
      name: 'authorization: abc"def',
      note: 'x-auth-token=\\"',
      path: "authorization: a\\b",
    });
    const masked = redact(text);
    expect(() => JSON.parse(masked)).not.toThrow();
    expect(JSON.parse(masked)).toEqual({
      name: 'authorization: [REDACTED]"def',
      note: 'x-auth-token=[REDACTED]"',
      path: "authorization: [REDACTED]",
    });
  });

  it("a mask found in the percent-decoded text never ends on the backslash of an escaped quote", () => {
    const redact = createRedactor(["tok-0123456789abcdef"]);
    for (const message of ['authorization%3Aabc%5C"def', 'x-auth-token%3Dsecret%5C"rest']) {
      const masked = redact(JSON.stringify({ message }));
      expect(() => JSON.parse(masked), masked).not.toThrow();
      expect(JSON.parse(masked).message).toMatch(/%3[AD]\[REDACTED\]"/);
    }
  });

  it("the value of a key named like a credential header is masked whole in a value; other values keep their type", () => {
    const redact = createRedactor(["tok-0123456789abcdef"]);
    expect(
      redactValue(
        { Authorization: "none set", "x-auth-token": 42, "X-Security-Token": null, list: ["authorization"] },
        redact,
      ),
    ).toEqual({ Authorization: "[REDACTED]", "x-auth-token": 42, "X-Security-Token": null, list: ["authorization"] });
  });

  it("a key ending in a credential header's name is one too (Proxy-Authorization, headers.x-auth-token)", () => {
    const redact = createRedactor(["tok-0123456789abcdef"]);
    expect(
      redactValue(
        { "Proxy-Authorization": "p", "headers.x-auth-token": "t", authorizations: "kept", myauthorization: "kept" },
        redact,
      ),
    ).toEqual({
      "Proxy-Authorization": "[REDACTED]",
      "headers.x-auth-token": "[REDACTED]",
      authorizations: "kept",
      myauthorization: "kept",
    });
  });

  it("a table masks a credential header's value as the other formats do (a cell is redacted without its key)", () => {
    const redact = createRedactor(["tok-0123456789abcdef"]);
    const item = { id: "c1", authorization: "thirdPartyTok12345678", "Proxy-Authorization": "proxyTok9876543210ab" };
    for (const table of [itemsTable([item], { redact }), objectTable(item, { redact })]) {
      expect(table).not.toMatch(/thirdPartyTok|proxyTok/);
      expect(table.match(/\[REDACTED\]/g)).toHaveLength(2);
    }
  });

  it("a mask that starts or ends inside a \\uXXXX or \\xXX escape takes the escape whole: JSON and YAML stay valid", () => {
    const secret = "MIIaBcDeFgHiJk01QrStUvWxYz0123456789ab";
    const redact = createRedactor([secret]);
    // Printed, a control character before 14 characters of the secret completes a 16-character window.
    const json = redact(JSON.stringify({ m: "\u0001QrStUvWxYz0123" }));
    expect(() => JSON.parse(json), json).not.toThrow();
    expect(json).toBe('{"m":"[REDACTED]"}');
    const yaml = redact('m: "\\x01QrStUvWxYz0123"\n');
    expect(yaml).toBe('m: "[REDACTED]"\n');
  });

  it("a number whose text holds a form of a secret is masked whole (it cannot be in part); text is searched for the zero-stripped form", () => {
    const short = createRedactor(["12345"]);
    expect(redactValue({ createdAt: 1712345000, size: 12345, ratio: 0.000012345, other: 1234 }, short)).toEqual({
      createdAt: "[REDACTED]",
      size: "[REDACTED]",
      ratio: "[REDACTED]",
      other: 1234,
    });
    const padded = createRedactor(["0004815162342108"]);
    expect(
      redactValue({ description: "token 4815162342108 rejected", max: 4815162342108, id: 4815162342108n }, padded),
    ).toEqual({ description: "token [REDACTED] rejected", max: "[REDACTED]", id: "[REDACTED]" });
    // A secret whose digits without the zeros are too short to look for is looked for as it is only.
    expect(redactValue({ port: 12 }, createRedactor(["0012"]))).toEqual({ port: 12 });
  });
});
