// Path and query parameters from a careless or hostile caller (issue 14: findings 11 and 12): what
// cannot address exactly one resource is refused before any request; the rest is sent encoded.
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RequestRejectedError } from "../../src/index.js";
import { encodePathParameter } from "../../src/core/path.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient } from "../../src/otc/index.js";
import { sendJson, startServer, type TestServer } from "../support/http-server.js";
import { anyText } from "../support/any-text.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) =>
    sendJson(res, 200, { statusCode: 0, statusMessage: "ok", response: { connections: [], total: 0 } }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const mad = () => createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token" }, retry: false });
const getConnection = (connection_id: string) =>
  mad().GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id } } });

describe("finding 11: a path parameter that a server could read as a way up is refused", () => {
  const unsafe: [string, string][] = [
    ["a malformed escape after an encoded slash", "..%2fadmin%"],
    ["a malformed escape after a slash", "%2e%2e/%"],
    ["a malformed escape alone", "%zz.."],
    ["bytes that are not UTF-8", "%ff%2e%2e"],
    ["fullwidth full stops (U+FF0E)", "\uFF0E\uFF0E"],
    ["one dot leaders (U+2024)", "\u2024\u2024"],
    ["a two dot leader (U+2025)", "\u2025"],
    ["percent-encoded fullwidth full stops", "%EF%BC%8E%EF%BC%8E"],
    ["dots and a fullwidth solidus", "..\uFF0Fadmin"],
    ["a path-parameter suffix", "..;"],
    ["a path-parameter suffix with a value", "..;jsessionid=1"],
    ["a trailing space", ".. "],
    ["a leading tab", "\t.."],
    ["a trailing NUL", "..\u0000"],
    ["an encoded trailing space", "..%20"],
    ["a dot with a suffix after a slash", "a/.;x"],
    ["a backslash", "..\\admin"],
    ["triple-encoded dots", "%25252e%25252e"],
    ["encoded more times than any server decodes", `${"%25".repeat(12)}2e`],
    ["only whitespace and controls", " \u0000\t"],
  ];

  it.each(unsafe)("%s (%j) is refused before any request", async (_name, value) => {
    await expect(getConnection(value)).rejects.toBeInstanceOf(RequestRejectedError);
    expect(server.requests).toHaveLength(0);
  });

  const safe: [string, string][] = [
    ["dots inside a name", "a..b"],
    ["three dots", "..."],
    ["a file name", "report.json"],
    ["a dot-dot that is not a whole segment", "..a/b.."],
    ["a semicolon after a name", "a;b"],
    ["an encoded plus sign", "a%2Bb"],
    ["non-ASCII letters", "Zürich-東京"],
  ];

  it.each(safe)("%s (%j) is sent as one encoded segment", async (_name, value) => {
    await getConnection(value);
    expect(server.requests.map((r) => r.url)).toEqual([`/es/v2/connections/${encodeURIComponent(value)}`]);
  });
});

describe("finding 11: a value is decoded up to 8 times", () => {
  /** `text` percent-encoded `times` times. */
  const encodedTimes = (text: string, times: number) =>
    Array.from({ length: times }).reduce<string>((value) => encodeURIComponent(value), text);

  it.each([1, 3, 8])("encoded %i times, a harmless value is sent as one encoded segment", async (times) => {
    const value = encodedTimes("a b", times);
    await getConnection(value);
    expect(server.requests.map((r) => r.url)).toEqual([`/es/v2/connections/${encodeURIComponent(value)}`]);
  });

  it.each([3, 8])("encoded %i times, a dot-dot is refused (seen after that many decodings)", async (times) => {
    await expect(getConnection(encodedTimes("..", times))).rejects.toThrow(/must not be "\." or "\.\."/);
    expect(server.requests).toHaveLength(0);
  });

  it("encoded 9 times, even a harmless value is refused: 8 decodings do not decode it fully", async () => {
    const error = await getConnection(encodedTimes("a b", 9)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect((error as Error).message).toMatch(/still percent-encoded after 8 decodings/);
    expect(server.requests).toHaveLength(0);
  });
});

/** A segment some server may take for "." or "..": decoded 0 to 8 times, NFKC, trimmed, `;...` dropped. */
function escapesItsSegment(value: string): boolean {
  let text = value;
  for (let round = 0; round <= 8; round++) {
    const segments = text.normalize("NFKC").split(/[/\\]/);
    if (segments.some((s) => [".", ".."].includes(s.split(";")[0]!.replace(/^[\s\p{Cc}]+|[\s\p{Cc}]+$/gu, ""))))
      return true;
    try {
      text = decodeURIComponent(text);
    } catch {
      return true;
    }
  }
  return false;
}

describe("path encoding, property-based", () => {
  // Strings built from the pieces path attacks are made of, and arbitrary Unicode (lone surrogates included).
  const pieces = fc.constantFrom(
    ".",
    "..",
    "/",
    "\\",
    "%",
    "%2e",
    "%2E",
    "%2f",
    "%5c",
    "%25",
    "2e",
    ";",
    " ",
    "\t",
    "\u0000",
    "\uFF0E",
    "\u2024",
    "\u2025",
    "\uFF0F",
    "\uFE52",
    "a",
    "é",
    "\uD800",
    "\uDC00",
  );
  const attack = fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(""));
  const anything = fc.oneof(attack, anyText({ maxLength: 12 }), fc.string({ maxLength: 12 }));

  it("any string is refused, or sent as exactly one segment that decodes back to it and is not . or ..", () => {
    fc.assert(
      fc.property(anything, (value) => {
        let encoded: string;
        try {
          encoded = encodePathParameter("id", value);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestRejectedError);
          return;
        }
        const url = new URL(`http://h/a/${encoded}/z`);
        const segments = url.pathname.split("/");
        expect(segments).toHaveLength(4);
        expect(segments[2]).toBe(encoded);
        expect(decodeURIComponent(encoded)).toBe(value);
        expect(escapesItsSegment(value)).toBe(false);
        expect(value.replace(/^[\s\p{Cc}]+|[\s\p{Cc}]+$/gu, "")).not.toBe("");
      }),
      { numRuns: 1000 },
    );
  });

  it("every value that escapes its segment is refused", () => {
    fc.assert(
      fc.property(attack, (value) => {
        if (!escapesItsSegment(value)) return;
        expect(() => encodePathParameter("id", value)).toThrow(RequestRejectedError);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("finding 12: what cannot be encoded is a RequestRejectedError; query names are encoded", () => {
  it("a lone surrogate in a path parameter", async () => {
    for (const value of ["\uD800", "a\uDC00b", "x\uD83D"]) {
      const error = await getConnection(value).catch((e: unknown) => e);
      expect(error, JSON.stringify(value)).toBeInstanceOf(RequestRejectedError);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("a lone surrogate in a query value, name or deepObject key", async () => {
    const client = mad();
    for (const query of [{ q: "\uD800" }, { q: ["a", "\uDC00"] }, { "\uD800": "x" }, { filter: { "\uDC00": "x" } }]) {
      const error = await client
        .GET("/es/v2/connections", { params: { query: query as never } })
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(query)).toBeInstanceOf(RequestRejectedError);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("the keys of a deepObject value and parameter names cannot add parameters", async () => {
    const vpc = createVpcClient({ baseUrl: server.url, auth: { token: "otc-token" }, retry: false });
    await vpc.GET("/v1/{project_id}/subnets", {
      params: {
        path: { project_id: "p" },
        query: { filter: { "a]=1&admin=true&b[": "x" }, "limit=1&admin": "y" } as never,
      },
    });
    const search = new URL(server.requests[0]!.url, server.url).searchParams;
    expect([...search]).toEqual([
      ["filter[a]=1&admin=true&b[]", "x"],
      ["limit=1&admin", "y"],
    ]);
  });
});
