// Redaction against a hostile server on 127.0.0.1 that echoes the credentials it receives, in every
// form a careless or hostile server might (issue #14, findings 3, 9 and 10), and property tests of the
// redactor: whatever the secret and the text around it, no echo of a recognised form survives.
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, PaginationError } from "../../src/index.js";
import { createConfluentClient } from "../../src/confluent/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { createRedactor } from "../../src/core/redact.js";
import { sendJson, startServer, type Handler, type TestServer } from "../support/http-server.js";
import { expectNotShown } from "../support/renderings.js";
import { anyText } from "../support/any-text.js";

let server: TestServer;
let handle: Handler;
beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

// Lower case, digits and the characters encodings change: every form below differs from the token.
/** README: an echo of 16 or more consecutive characters of a secret is redacted. */
const WINDOW = 16;
const TOKEN = "otc-token/abc+def=ghi_jkl0123456789mnopqrs";
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

const otcToken = () => createVpcepClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
const listConnections = (client: ReturnType<typeof createVpcepClient>) =>
  client.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
  });

describe("#14.3: a PaginationError quoting server data goes through the redaction", () => {
  it("a marker that repeats, and is the token, does not show in the error", async () => {
    // Every page is full (one item, pageSize 1) and ends with the same id: the token.
    handle = (req, res) => sendJson(res, 200, { subnets: [{ id: req.headers["x-auth-token"] }] });
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
    const error = await vpc
      .paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }, { pageSize: 1 })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(server.requests[1]!.url).toContain(`marker=${encodeURIComponent(TOKEN)}`);
    expect((error as Error).message).toMatch(/twice/);
    expectNotShown(error, [TOKEN, TOKEN.slice(0, WINDOW)]);
  });
});

describe("a reported total that is not a count is redacted whole before its cut to 40 characters", () => {
  it("a token straddling character 40 does not show, not even its head", async () => {
    const token = "Tok12345abcd";
    // The token starts at character 29: a cut before the redaction would keep "Tok12345abc".
    handle = (req, res) =>
      sendJson(res, 200, { connections: [], total_count: `${"x".repeat(29)}${String(req.headers["x-auth-token"])}` });
    const vpcep = createVpcepClient({ baseUrl: server.url, auth: { token }, retry: false });
    const error = await vpcep
      .paginate("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
      })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/is not a count \(string "x{29}\[REDACT/);
    expectNotShown(error, ["Tok1", "345ab"]);
  });
});

describe("#14.3: every other error a client hands out goes through it as well", () => {
  it("paginate refusing a path that quotes the token", () => {
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
    let thrown: unknown;
    try {
      vpc.paginate(`/v1/${TOKEN}/subnets` as never, {} as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain("is not a paginated operation");
    expectNotShown(thrown, [TOKEN]);
  });

  it("paginate refusing an option that holds the token: the value is shown whole (then redacted) or not at all", () => {
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
    for (const pageSize of [`${"x".repeat(29)}${TOKEN}`, TOKEN.slice(0, 20)]) {
      let thrown: unknown;
      try {
        vpc.paginate(
          "/v1/{project_id}/subnets",
          { params: { path: { project_id: "p" } } },
          {
            pageSize: pageSize as never,
          },
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RangeError);
      expect((thrown as Error).message).toMatch(
        /^pageSize must be a finite number, got (a string of \d+ characters|"\[REDACTED\]")$/,
      );
      expectNotShown(thrown, [TOKEN.slice(0, 8)]);
    }
  });

  it("a middleware's error quoting the token", async () => {
    const client = otcToken();
    client.use({
      onRequest() {
        throw new Error(`refusing to send with ${TOKEN}`);
      },
    });
    const thrown = await listConnections(client).catch((e: unknown) => e);
    expect((thrown as Error).message).toBe("refusing to send with [REDACTED]");
    expectNotShown(thrown, [TOKEN]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("SECURITY.md: every string field of an error and its `cause` are redacted", () => {
  const LEAK = `/leak/${encodeURIComponent(TOKEN)}`;
  /** Redirects (within the origin) to a path holding the token the request carried; that path answers 404. */
  const redirectToLeak: Handler = (req, res) => {
    if (req.url.startsWith("/leak/"))
      return sendJson(res, 404, { error_code: "VPCEP.0404", error_msg: "no such connection" });
    res.writeHead(302, { location: `/leak/${encodeURIComponent(String(req.headers["x-auth-token"]))}` });
    res.end();
  };

  it("an ApiError's `url`, the URL that answered, does not show the token", async () => {
    handle = redirectToLeak;
    const client = otcToken();
    const error = await client.unwrap(listConnections(client)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(server.requests.map((r) => r.url)).toEqual([expect.stringContaining("/connections"), LEAK]);
    expect((error as ApiError).url).toBe(`${server.url}/leak/[REDACTED]`);
    expectNotShown(error, [encodeURIComponent(TOKEN), TOKEN.slice(0, WINDOW)]);
  });

  const causes: [string, (url: string) => unknown][] = [
    ["an Error", (url) => new Error(`server said ${url}`)],
    ["a plain object", (url) => ({ url, nested: [{ seen: url }] })],
  ];
  it.each(causes)("a middleware's error whose cause is %s quoting the URL that answered", async (_what, cause) => {
    handle = redirectToLeak;
    const client = otcToken();
    let answered = "";
    client.use({
      onResponse({ response }) {
        answered = response.url;
        throw new Error("middleware refused the response", { cause: cause(response.url) });
      },
    });
    const thrown = await listConnections(client).catch((e: unknown) => e);
    expect(answered).toBe(`${server.url}${LEAK}`);
    expect((thrown as Error).message).toBe("middleware refused the response");
    const shown = inspect((thrown as Error).cause, { depth: Infinity, showHidden: true });
    expect(shown).toContain(`${server.url}/leak/[REDACTED]`);
    expect(shown).not.toContain(encodeURIComponent(TOKEN));
    expectNotShown(thrown, [encodeURIComponent(TOKEN), TOKEN.slice(0, WINDOW)]);
  });
});

describe("#14.9: the raw result's error is redacted as a thrown error is", () => {
  it("`const { error } = await client.GET(...)` shows no echoed token", async () => {
    handle = (req, res) =>
      sendJson(res, 401, {
        error_code: "APIGW.0301",
        error_msg: `Incorrect IAM authentication information: ${req.headers["x-auth-token"]}`,
        received: { "x-auth-token": req.headers["x-auth-token"] },
      });
    const { data, error, response } = await listConnections(otcToken());
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ error_code: "APIGW.0301", error_msg: expect.stringContaining("[REDACTED]") });
    expectNotShown(error, [TOKEN]);
  });
});

describe("#14.10: an echo in another form is redacted too", () => {
  const forms: [string, (token: string) => string][] = [
    ["percent-encoded", (t) => encodeURIComponent(t)],
    [
      "percent-encoded with lower-case hex",
      (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ],
    ["upper-cased", (t) => t.toUpperCase()],
    ["base64-encoded", (t) => b64(t)],
    ["base64url-encoded inside a longer text", (t) => b64url(`user=alice;token=${t};expires=never`)],
    ["cut to its first 20 characters", (t) => t.slice(0, 20)],
    ["cut to 16 characters from its middle", (t) => t.slice(9, 9 + WINDOW)],
    ["JSON-escaped in a text body", (t) => JSON.stringify(t).replaceAll("/", "\\/")],
  ];
  it.each(forms)("an OTC token echoed %s", async (_name, form) => {
    handle = (req, res) => {
      const echoed = form(String(req.headers["x-auth-token"]));
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`denied: ${echoed}\n`);
    };
    const client = otcToken();
    const thrown = await client.unwrap(listConnections(client)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    const echoed = form(TOKEN);
    expectNotShown(thrown, [echoed]);
    expect((thrown as ApiError).body).toContain("denied: ");
    const { error } = await listConnections(client);
    expectNotShown(error, [echoed]);
  });

  it("Confluent: the API secret base64-encoded alone, and `key:secret` in base64url", async () => {
    const apiKey = "CONFLUENTKEY0001";
    const apiSecret = "cflt/secret+value?with>chars0123456789";
    handle = (req, res) => {
      const [key, secret] = Buffer.from(req.headers.authorization!.slice(6), "base64").toString().split(":");
      sendJson(res, 401, {
        errors: [
          { status: "401", code: "user_unauthenticated", title: b64(secret!), detail: b64url(`${key}:${secret}`) },
        ],
      });
    };
    const client = createConfluentClient({ baseUrl: server.url, auth: { apiKey, apiSecret }, retry: false });
    const error = await client
      .unwrap(
        client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(b64url(`${apiKey}:${apiSecret}`)).not.toBe(b64(`${apiKey}:${apiSecret}`));
    expectNotShown(error, [b64(apiSecret), b64url(`${apiKey}:${apiSecret}`).slice(-24)]);
  });

  it("the key ids are credentials too: an OTC access key and a Confluent API key echoed are redacted", async () => {
    const accessKey = "AKIDEXAMPLE0123456789";
    const apiKey = "CONFLUENTKEY0001";
    handle = (req, res) => {
      const authorization = req.headers.authorization!;
      const key = authorization.startsWith("Basic ")
        ? Buffer.from(authorization.slice(6), "base64").toString().split(":")[0]!
        : /Access=([^,]+)/.exec(authorization)![1]!;
      const said = `unknown key ${key} (${authorization.startsWith("Basic ") ? authorization : "AK/SK"})`;
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: said, message: said });
    };
    const vpc = createVpcClient({ baseUrl: server.url, auth: { accessKey, secretKey: "sk-0123" }, retry: false });
    const otcError = await vpc
      .unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }))
      .catch((e: unknown) => e);
    expect((otcError as Error).message).toContain("unknown key [REDACTED]");
    expectNotShown(otcError, [accessKey, accessKey.slice(0, WINDOW)]);

    const confluent = createConfluentClient({ baseUrl: server.url, auth: { apiKey, apiSecret: "s3" }, retry: false });
    const confluentError = await confluent
      .unwrap(
        confluent.GET("/networking/v1/private-link-attachment-connections", {
          params: { query: { environment: "e" } },
        }),
      )
      .catch((e: unknown) => e);
    expect((confluentError as Error).message).toContain("unknown key [REDACTED]");
    expectNotShown(confluentError, [apiKey]);
    // The Basic value (key:secret in base64) is still redacted whole, no piece of it left around the key.
    const basic = b64(`${apiKey}:s3`);
    expect((confluentError as Error).message).toContain("(Basic [REDACTED])");
    expectNotShown(confluentError, [basic.slice(0, 8), basic.slice(-8)]);
  });

  /** JSON text as Python's json.dumps writes it (every non-ASCII character as \\uXXXX), and as Go's encoding/json (`<>&` escaped). */
  const python = (value: unknown) =>
    JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const go = (value: unknown) =>
    JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`);
  it.each([
    ["Python (non-ASCII as \\u00e4)", python, "\\u00e4"],
    ["Go (<>& as \\u003C)", go, "\\u003C"],
  ])("Confluent: the API secret echoed in a text body by %s", async (_who, encode, escape) => {
    const apiSecret = "säcret<&>wört€-0123456789";
    handle = (req, res) => {
      const secret = Buffer.from(req.headers.authorization!.slice(6), "base64").toString().split(":")[1]!;
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`denied: ${encode({ secret })}`);
    };
    const client = createConfluentClient({ baseUrl: server.url, auth: { apiKey: "KEY0", apiSecret }, retry: false });
    const error = await client
      .unwrap(
        client.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const echoed = encode({ secret: apiSecret });
    expect(echoed).toContain(escape);
    expect((error as ApiError).body).toBe('denied: {"secret":"[REDACTED]"}');
    expectNotShown(error, [echoed.slice(11, 27), "0123456789"]);
  });

  /**
   * An AK/SK listing answered 401 with `message(signature)`, the request's own signature in it: the
   * ApiError and that signature.
   */
  async function signatureEchoed(message: (signature: string) => string) {
    const signatureOf = (authorization: string) => /Signature=([0-9a-f]{64})/.exec(authorization)![1]!;
    handle = (req, res) =>
      sendJson(res, 401, { error_code: "APIGW.0301", error_msg: message(signatureOf(req.headers.authorization!)) });
    const vpc = createVpcClient({
      baseUrl: server.url,
      auth: { accessKey: "AKIDEXAMPLE0123456789", secretKey: "sk-0123456789abcdefghij" },
      retry: false,
    });
    const error = await vpc
      .unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return { error, signature: signatureOf(server.requests[0]!.headers.authorization!) };
  }

  it("OTC AK/SK: the bare signature echoed in upper-case hex", async () => {
    const { error, signature } = await signatureEchoed((signature) => `expected ${signature.toUpperCase()}, mismatch`);
    expect(signature).toMatch(/[a-f]/);
    expect((error as Error).message).toContain("expected [REDACTED], mismatch");
    expectNotShown(error, [signature.toUpperCase().slice(0, WINDOW)]);
  });

  it("OTC AK/SK: the bare signature echoed without `Signature=`", async () => {
    const { error, signature } = await signatureEchoed((signature) => `signature ${signature} does not match`);
    expectNotShown(error, [signature, signature.slice(0, WINDOW)]);
    expect((error as Error).message).toContain("does not match");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties of the redactor itself
// ---------------------------------------------------------------------------------------------

const PRINTABLE_ASCII = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 8,
  maxLength: 48,
});
/** Any text, controls and astral characters included. */
const ANY_TEXT = anyText({ maxLength: 40 });

/** Every run of base64 (either alphabet) in `text`, decoded at each of the four offsets. */
function decodedBase64Runs(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{4,}/g))
    for (let offset = 0; offset < 4; offset++)
      out.push(Buffer.from(run.slice(offset).replace(/-/g, "+").replace(/_/g, "/"), "base64"));
  return out;
}

describe("redactor properties", () => {
  it("the secret as is, upper- or lower-cased, anywhere in any text, never survives", () => {
    fc.assert(
      fc.property(
        PRINTABLE_ASCII,
        ANY_TEXT,
        ANY_TEXT,
        fc.constantFrom("as is", "upper", "lower"),
        (secret, before, after, how) => {
          const redact = createRedactor([secret]);
          const echoed = how === "upper" ? secret.toUpperCase() : how === "lower" ? secret.toLowerCase() : secret;
          const out = redact(before + echoed + after);
          expect(out).not.toContain(echoed);
          expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a percent-encoded echo (any hex case) never survives", () => {
    const latin1 = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c < 0x7f || c > 0x9f)
        .map((c) => String.fromCharCode(c)),
      minLength: 4,
      maxLength: 40,
    });
    fc.assert(
      fc.property(latin1, ANY_TEXT, ANY_TEXT, fc.boolean(), (secret, before, after, lowerHex) => {
        const redact = createRedactor([secret]);
        let echoed = encodeURIComponent(secret);
        if (lowerHex) echoed = echoed.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
        // the echo is one token of the text (a "%" right before it would make another escape of it)
        const out = redact(`${before} ${echoed} ${after}`);
        expect(out).not.toContain(echoed);
      }),
      { numRuns: 300 },
    );
  });

  it("base64 (or base64url) of any text holding the secret never decodes back to it", () => {
    fc.assert(
      fc.property(
        PRINTABLE_ASCII,
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        ANY_TEXT,
        fc.boolean(),
        (secret, x, y, around, url) => {
          const redact = createRedactor([secret]);
          const encoded = Buffer.from(x + secret + y, "utf8").toString(url ? "base64url" : "base64");
          const out = redact(`${around} ${encoded} ${around}`);
          for (const decoded of decodedBase64Runs(out)) expect(decoded.includes(Buffer.from(secret))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it(`no ${WINDOW} consecutive characters of a secret survive, wherever a piece of it is cut from`, () => {
    const long = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: WINDOW,
      maxLength: 64,
    });
    fc.assert(
      fc.property(long, fc.nat(), fc.nat(), ANY_TEXT, ANY_TEXT, (secret, a, b, before, after) => {
        const start = a % (secret.length - WINDOW + 1);
        const end = start + WINDOW + (b % (secret.length - start - WINDOW + 1));
        const out = createRedactor([secret])(before + secret.slice(start, end) + after);
        for (let i = 0; i + WINDOW <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + WINDOW));
      }),
      { numRuns: 300 },
    );
  });

  it("an echo anywhere in a long text is found, across the places where the text is read in pieces", () => {
    const secret = "long/text+secret=0123456789";
    const redact = createRedactor([secret]);
    for (const form of [secret, encodeURIComponent(secret), secret.toUpperCase()])
      for (const at of [
        0,
        1,
        32_768 - 60,
        32_768 - 40,
        32_768 - form.length,
        32_768 - 7,
        32_768,
        65_536 - 13,
        99_000,
      ]) {
        const text = `${"a".repeat(at)}${form}${"b".repeat(100_000 - at)}`;
        const out = redact(text);
        expect(out, `${form} at ${at}`).not.toContain(form);
        expect(out).toBe(`${"a".repeat(at)}[REDACTED]${"b".repeat(100_000 - at)}`);
      }
  });

  it("a JSON-escaped echo (`\\/`) of a secret too short to leave 16 characters on either side of its `/`", () => {
    const secret = "Zq9xK7pL2m/Nb8VcXy1W";
    const redact = createRedactor([secret]);
    const escaped = JSON.stringify({ echo: secret }).replaceAll("/", "\\/");
    expect(escaped).toBe('{"echo":"Zq9xK7pL2m\\/Nb8VcXy1W"}');
    expect(redact(escaped)).toBe('{"echo":"[REDACTED]"}');
  });

  it("a percent-encoded echo across the place where the text is read in two pieces, at every offset around it", () => {
    // A 16-character secret, every byte percent-encoded: 48 characters of text for 16 of the secret.
    const secret = "pct/Secret+16chr";
    const echo = [...secret].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("");
    expect(echo).toHaveLength(3 * secret.length);
    const redact = createRedactor([secret]);
    const CHUNK = 32_768;
    for (let at = CHUNK - echo.length - 2; at <= CHUNK + 2; at++) {
      const text = `${"a".repeat(at)}${echo}${"b".repeat(100)}`;
      expect(redact(text), `echo at ${at}`).toBe(`${"a".repeat(at)}[REDACTED]${"b".repeat(100)}`);
    }
  });

  it("a text that is exactly a 4-character secret (the shortest looked for)", () => {
    const redact = createRedactor(["k3Y9"]);
    expect(redact("k3Y9")).toBe("[REDACTED]");
    expect(redact("K3y9")).toBe("[REDACTED]");
    expect(createRedactor(["k3Y"])("k3Y")).toBe("k3Y");
  });

  // SECURITY.md: `Bearer …` values (8 characters or more, one of them a digit, a capital or a base64 sign),
  // `Signature=…` and echoed credential headers are masked, for any client, whatever it holds.
  it.each([
    ["the shortest Bearer token", "sent Bearer abc1defgh back", "sent Bearer [REDACTED] back"],
    ["a Bearer token marked only by a base64 sign", "sent Bearer abcdefgh+ijk back", "sent Bearer [REDACTED] back"],
    ["Signature=", "Signature=0123abcd, SignedHeaders=host", "Signature=[REDACTED], SignedHeaders=host"],
    [
      "an X-Security-Token header",
      "X-Security-Token: zzzzzzzz was rejected",
      "X-Security-Token: [REDACTED] was rejected",
    ],
    ["an x-security-token JSON field", '{"x-security-token":"zzzzzzzz"}', '{"x-security-token":"[REDACTED]"}'],
  ])("a credential shape it does not hold: %s", (_what, text, expected) => {
    expect(createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"])(text)).toBe(expected);
  });

  it("a bare 64-digit hex string is masked in either case for AK/SK clients, and is data for a token client", () => {
    const hex = "AB".repeat(32);
    expect(createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"])(`id ${hex}`)).toBe(`id ${hex}`);
    expect(createRedactor([], { signatures: true })(`id ${hex} ${hex.toLowerCase()}`)).toBe("id [REDACTED] [REDACTED]");
  });

  it("masks a Bearer or Basic token it does not know, but not the words a vendor's message puts after them", () => {
    const redact = createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"]);
    for (const [text, expected] of [
      ["token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln refused", "token Bearer [REDACTED] refused"],
      ["sent Basic dXNlcjpwYXNzd29yZA== twice", "sent Basic [REDACTED] twice"],
      ["bearer MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38 expired", "bearer [REDACTED] expired"],
      ["BASIC QUJDREVGOkdISQ==", "BASIC [REDACTED]"],
    ])
      expect(redact(text!)).toContain(expected);
    for (const text of [
      "Basic authentication failed",
      "Bearer token is missing",
      "The Basic plan does not include private links",
      "Bearer Authentication required",
    ])
      expect(redact(text)).toBe(text);
  });

  it("text holding no form of the secret is left as it is", () => {
    const redact = createRedactor(["k3y-Th4t-1s-n0t-1n-th3-t3xt"]);
    const text =
      'Request failed: {"error_code":"EndPoint.0002","error_msg":"Invalid parameter: limit"} 100% of 2 tries';
    expect(redact(text)).toBe(text);
  });
});
