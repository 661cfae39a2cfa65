// The credential shapes (`Signature=…`, `Bearer …`, echoed credential headers, a bare AK/SK signature)
// echoed percent-encoded, as an Authorization header put in a query or a form body comes back; and a
// secret with spaces echoed form-encoded (`+` for a space).
import util from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../src/index.js";
import { createRedactor, percentDecoded } from "../src/core/redact.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient } from "../src/otc/index.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";

describe("an AK/SK request's Authorization header echoed percent-encoded", () => {
  let server: TestServer;
  let echo: (authorization: string) => string;
  beforeAll(async () => {
    server = await startServer((req, res) =>
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: echo(req.headers.authorization!) }),
    );
  });
  afterAll(() => server.close());

  it.each([
    ["encodeURIComponent", (authorization: string) => `auth=${encodeURIComponent(authorization)}`],
    ["a form body", (authorization: string) => new URLSearchParams({ authorization }).toString()],
    ["with lower-case escapes", (authorization: string) => encodeURIComponent(authorization).replace(/%3D/g, "%3d")],
  ])("never shows the signature: %s", async (_how, how) => {
    echo = how;
    server.requests.length = 0;
    const vpc = createVpcClient({
      baseUrl: server.url,
      auth: { accessKey: "AKIDEXAMPLE0123456789", secretKey: "sk-0123456789abcdefghij" },
      retry: false,
    });
    const error = await vpc
      .unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const signature = /Signature=([0-9a-f]{64})/.exec(server.requests[0]!.headers.authorization!)![1]!;
    const shown = [(error as Error).message, JSON.stringify(error), util.inspect(error, { depth: 20 })].join("\n");
    expect(shown.toLowerCase()).not.toContain(signature.slice(0, 16));
    expect((error as Error).message).toContain("[REDACTED]");
  });
});

describe("the credential shapes percent-encoded", () => {
  const redact = createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"]);
  const signing = createRedactor([], { signatures: true });
  const hex = "0123456789abcdef".repeat(4);

  it.each([
    ["Signature=", "a%2C%20Signature%3D0123abcd%2C%20x", "a%2C%20Signature%3D[REDACTED]%2C%20x"],
    ["Bearer", "sent%20Bearer%20abc1defgh%20back", "sent%20Bearer%20[REDACTED]%20back"],
    ["a Bearer token with escapes inside", "sent Bearer abcdefgh1%2Bxyz%3D%3D back", "sent Bearer [REDACTED] back"],
    ["Basic, form-encoded", "h=Basic+dXNlcjpwYXNzd29yZA%3D%3D&x=1", "h=Basic+[REDACTED]&x=1"],
    ["an X-Auth-Token header", "X-Auth-Token%3A%20zzzzzzzz%20was", "X-Auth-Token%3A%20[REDACTED]%20was"],
    ["an authorization field", "q=1&authorization%3Dzzzzzzzz", "q=1&authorization%3D[REDACTED]"],
  ])("%s", (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it("a bare signature after an escape whose last character is a hex digit (%3D), for AK/SK clients", () => {
    expect(signing(`sig%3D${hex}%2C`)).toBe("sig%3D[REDACTED]%2C");
    expect(signing(`sig%3d${hex.toUpperCase()}`)).toBe("sig%3d[REDACTED]");
    // longer hex runs are data, decoded or not
    expect(signing(`id%3D${hex}ab`)).toBe(`id%3D${hex}ab`);
  });

  it("escapes that spell no shape are left as they are", () => {
    for (const text of ["100%25 of Basic%20authentication%20failed", "Signature%3Dnone", "authorization%20failed"])
      expect(redact(text)).toBe(text);
  });
});

describe("percentDecoded (the text the shapes are looked for in, decoded once)", () => {
  const asReplaced = (text: string) =>
    text.replace(/%[0-9a-fA-F]{2}/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));

  it("is what a replace of each escape gives, on any text (escapes, broken escapes, surrogates, long texts)", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...["%", "%4", "%41", "%2f", "%2F", "%%", "%g1", "%zz", "%e4", "%ff", "\ud800", "\udc00", "a", " "],
        // unescape's other form, which is no percent escape here
        ...["%u", "%u0041", "%U0041", "%u00e4", "%u12", "u0041", "%25u0041"],
      ),
      fc.string({ unit: "binary", maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(percentDecoded(text)).toBe(asReplaced(text));
      }),
    );
    // It decodes 64 KiB at a time: escapes, broken ones and runs of `%` and `%u` at and across each edge.
    const edges = ["%41%2f", "%%41", "%4%41", "%", "%4", "%".repeat(70_000) + "41", "%u".repeat(50_000) + "0041"];
    for (let at = 65_530; at <= 65_538; at++)
      for (const edge of edges) {
        const text = `${"x".repeat(at)}${edge}y%41${"z".repeat(65_536)}%2F`;
        expect(percentDecoded(text), `${at} ${edge.slice(0, 8)}`).toBe(asReplaced(text));
      }
  });
});

describe("hostile runs of shape words", () => {
  // Long runs of words that start a shape, with an escape but no encoded shape: read in linear time, the
  // decoded text too (a pattern looking for where an encoded shape may be scanned each run from each of
  // its starts: seconds for these). bench part 8 measures the time; this checks what comes out.
  const redact = createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"], { signatures: true });
  /** The text redacted, as its start and whether `run` ends it unchanged (a failure prints no megabytes). */
  const redactedBefore = (start: string, run: string) => {
    const out = redact(start + run);
    return { start: out.slice(0, out.length - run.length), runKept: out.endsWith(run) };
  };

  it("a long run of backslashes that each start an echo (a secret of backslashes) is masked whole", () => {
    // Whether a mask takes the backslash before it is read from the whole text once, not back from each mask.
    const backslashes = createRedactor(["\\".repeat(20)]);
    expect(backslashes("\\".repeat(100_000))).toBe("[REDACTED]");
  });

  it("%bearerbearer… and %basicbasic… are left as they are", () => {
    for (const word of ["bearer", "basic", "authorization"])
      expect(redactedBefore("%", word.repeat(40_000))).toEqual({ start: "%", runKept: true });
  });

  it("a header after an escape that hides its word boundary is masked, a run of bearer. after it", () => {
    const run = " " + "bearer.".repeat(40_000);
    expect(redactedBefore("sent%0D%0AX-Auth-Token: MIIEhQYJKoZIhvcN", run)).toEqual({
      start: "sent%0D%0AX-Auth-Token: [REDACTED]",
      runKept: true,
    });
    expect(redactedBefore("h=1%3dauthorization=zzzzzzzz", run)).toEqual({
      start: "h=1%3dauthorization=[REDACTED]",
      runKept: true,
    });
  });
});

describe("a secret with spaces echoed form-encoded (application/x-www-form-urlencoded: each space as `+`)", () => {
  // Every 16-character window of this secret holds a space: only reading `+` as a space finds its echo.
  const secret = "correct horse battery staple";
  const formEncoded = new URLSearchParams({ secret }).toString();

  it("is masked whole, and so is a 16-character piece of it", () => {
    expect(formEncoded).toBe("secret=correct+horse+battery+staple");
    const redact = createRedactor([secret]);
    expect(redact(`echo: ${formEncoded}&x=1`)).toBe("echo: secret=[REDACTED]&x=1");
    expect(redact("horse+battery+st")).toBe("[REDACTED]");
  });

  it("a client's token with spaces, echoed form-encoded by a real server, never shows in its error", async () => {
    const server = await startServer((req, res) => {
      const token = String(req.headers.authorization).replace(/^Bearer /, "");
      sendJson(res, 400, { statusCode: 400, statusMessage: `bad request: ${new URLSearchParams({ token })}` });
    });
    try {
      const mad = createMadConnectClient({ baseUrl: server.url, auth: { token: secret }, retry: false });
      const error = await mad.unwrap(mad.GET("/es/v2/connections")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
      const shown = [(error as Error).message, JSON.stringify(error), util.inspect(error, { depth: 20 })].join("\n");
      expect(shown).toContain("bad request: token=[REDACTED]");
      expect(shown).not.toContain("horse+battery");
    } finally {
      await server.close();
    }
  });
});
