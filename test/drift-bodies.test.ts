// The response bodies a drift report keeps (scripts/lib/drift-bodies.mjs): which of the recent responses
// a finding is matched to, which places of it the edits look at, and the limits on what is kept (the
// last 16 responses, each up to 16 MiB, up to 20 places). The responses come from a fetch function
// standing in for the network: what is tested is the recorder around it.
import { describe, expect, it } from "vitest";
// @ts-expect-error untyped project script
import { json, responseRecorder } from "../scripts/lib/drift-bodies.mjs";
import { parseJson } from "../src/core/json.js";

type Place = { pointer: string; body: any };
/** `body`: a value sent as JSON, or the chunks of a text. */
type Answer = { url: string; method?: string; status?: number; body: unknown };

const ORIGIN = "http://127.0.0.1:1";
const LIST = `${ORIGIN}/v1/p1/subnets`;
const finding = (kind: string, pointer: string, actual?: unknown) => ({
  operationId: "listSubnets",
  method: "GET",
  path: "/v1/{project_id}/subnets",
  status: 200,
  kind,
  pointer,
  actual,
});

/** A recorder that has received `answers`, in order, each body read by the caller as a client would. */
async function recorded(answers: Answer[], parse?: (text: string) => unknown) {
  let next = 0;
  const recorder = responseRecorder(async () => {
    const { body, status = 200 } = answers[next++]!;
    const chunks = Array.isArray(body) ? body : [new TextEncoder().encode(JSON.stringify(body))];
    const stream = new ReadableStream({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return new Response(stream, { status, headers: { "content-type": "application/json" } });
  }, parse);
  for (const { url, method } of answers)
    await (await recorder.fetch(url, method ? { method } : undefined)).arrayBuffer();
  return recorder as { bodiesOf(finding: unknown): Promise<Place[]> };
}

/** A subnets page whose items carry `extra` (and a `tag` telling the responses apart). */
const page = (tag: string, ...extras: Record<string, unknown>[]) => ({
  subnets: extras.map((extra, i) => ({ id: `s${i}`, tag, ...extra })),
});

describe("json: a value's JSON text as the report shows its samples", () => {
  it("writes a bigint as its bare digits, a string of digits or one like its stand-in as a string", () => {
    expect(json({ a: 2n ** 60n, b: [-(2n ** 60n)], s: "1152921504606846976" })).toBe(
      '{"a":1152921504606846976,"b":[-1152921504606846976],"s":"1152921504606846976"}',
    );
    expect(json(5n)).toBe("5");
    expect(json("\u0000bigint:x:1")).toBe('"\\u0000bigint:x:1"');
    expect(json({ a: 1n }, 2)).toBe('{\n  "a": 1\n}');
    expect(json(undefined)).toBeUndefined();
  });

  it("writes a number too large for a double (1e400, read as Infinity) as Infinity, not null", () => {
    expect([json(Infinity), json(-Infinity), json(null)]).toEqual(["Infinity", "-Infinity", "null"]);
  });
});

describe("the response a finding came from", () => {
  it("is the latest one of its operation (method, path template and status) with the value at its pointer", async () => {
    const drift = finding("undeclared-property", "/subnets/0/region", "eu-de");
    const same = { region: "eu-de" };
    const recorder = await recorded([
      { url: LIST, body: page("older", same) },
      { url: LIST, body: page("right", same) },
      { url: `${LIST}?marker=x`, body: page("other value", { region: "eu-nl" }) },
      // The same value at the same pointer, in answers of another operation: a longer path, another
      // method, another status.
      { url: `${ORIGIN}/v1/p1/subnets/s1/tags`, body: page("longer path", same) },
      { url: LIST, method: "POST", body: page("post", same) },
      { url: LIST, status: 201, body: page("201", same) },
    ]);
    const places = await recorder.bodiesOf(drift);
    expect(places.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
    expect(places[0]!.pointer).toBe("/subnets/0/region");
  });

  it("for a value shown cut (…), is the one whose value's JSON text begins with what is shown", async () => {
    const long = { notes: "n".repeat(300) };
    const shown = `${JSON.stringify(long).slice(0, 199)}…`;
    const recorder = await recorded([
      { url: LIST, body: page("right", { meta: long }) },
      { url: LIST, body: page("newer, another value", { meta: { notes: "short" } }) },
    ]);
    const places = await recorder.bodiesOf(finding("undeclared-property", "/subnets/0/meta", shown));
    expect(places.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
  });

  it("for a whole number beyond 2^53 (a bigint in the finding, the body read by parseJson), is the one with that number, shown cut or not", async () => {
    const text = (tag: string, digits: string) => [
      new TextEncoder().encode(
        `{"subnets":[{"id":"s0","tag":"${tag}","size":${digits},"meta":{"n":${digits},"s":"${"x".repeat(300)}"}}]}`,
      ),
    ];
    const recorder = await recorded(
      [
        { url: LIST, body: text("right", "12345678901234567890") },
        { url: LIST, body: text("newer, another value", "22345678901234567890") },
      ],
      parseJson,
    );
    const exact = await recorder.bodiesOf(finding("format", "/subnets/0/size", 12345678901234567890n));
    expect(exact.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
    // The checker's text of a cut object writes the bigint as its digits, as the body has it.
    const shown = '{"n":12345678901234567890,"s":"xxxx…';
    const cut = await recorder.bodiesOf(finding("undeclared-property", "/subnets/0/meta", shown));
    expect(cut.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
  });

  it("for a value shown redacted (no exact match), is the latest one that has something at its pointer", async () => {
    const recorder = await recorded([
      { url: LIST, body: page("older", { token: "0ld-value" }) },
      { url: LIST, body: page("right", { token: "s3cr3t-value" }) },
      // Newer, but nothing at the pointer.
      { url: LIST, body: page("newer, no token", {}) },
    ]);
    const places = await recorder.bodiesOf(finding("undeclared-property", "/subnets/0/token", "[redacted]"));
    expect(places.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
    expect(places[0]!.pointer).toBe("/subnets/0/token");
  });

  it("for a missing field, is one where the field is missing, not a newer one that has it", async () => {
    const recorder = await recorded([
      { url: LIST, body: page("right", {}) },
      { url: LIST, body: page("has it", { cidr: "10.0.0.0/24" }) },
    ]);
    const places = await recorder.bodiesOf(finding("required", "/subnets/0/cidr"));
    expect(places.map((p) => p.body.subnets[0].tag)).toEqual(["right"]);
  });

  it("is none of more than the last 16 responses", async () => {
    const drift = finding("undeclared-property", "/subnets/0/region", "first");
    // The others have no region: no fallback to a body with something else there.
    const others = Array.from({ length: 16 }, (_, i) => ({ url: LIST, body: page(`n${i}`, {}) }));
    expect(
      await (
        await recorded([{ url: LIST, body: page("first", { region: "first" }) }, ...others.slice(1)])
      ).bodiesOf(drift),
    ).toHaveLength(1);
    expect(
      await (await recorded([{ url: LIST, body: page("first", { region: "first" }) }, ...others])).bodiesOf(drift),
    ).toEqual([]);
  });

  it("is never one larger than 16 MiB (it is not kept)", async () => {
    // Valid JSON: spaces, then a page with the value; sent in chunks of 1 MiB.
    const spaces = new Uint8Array(1 << 20).fill(0x20);
    const json = new TextEncoder().encode(JSON.stringify(page("big", { region: "eu-de" })));
    const drift = finding("undeclared-property", "/subnets/0/region", "eu-de");
    expect(await (await recorded([{ url: LIST, body: [...Array(16).fill(spaces), json] }])).bodiesOf(drift)).toEqual(
      [],
    );
    expect(await (await recorded([{ url: LIST, body: [spaces, json] }])).bodiesOf(drift)).toHaveLength(1);
  });
});

describe("the places of that response the edits look at", () => {
  it("a property to declare: its own place, then the same pointer in up to 20 other objects of the list that have it", async () => {
    const items = Array.from({ length: 30 }, (_, i) => (i === 1 ? {} : { region: `r${i}` }));
    const recorder = await recorded([{ url: LIST, body: page("t", ...items) }]);
    const places = await recorder.bodiesOf(finding("undeclared-property", "/subnets/0/region", "r0"));
    expect(places.map((p) => p.pointer)).toEqual([
      "/subnets/0/region",
      ...Array.from({ length: 20 }, (_, i) => `/subnets/${i + 2}/region`),
    ]);
    // Each body is cut down to the objects along its own pointer.
    expect(places[1]!.body.subnets[2]).toEqual({ id: "s2", tag: "t", region: "r2" });
    expect(places[1]!.body.subnets[0]).toBeUndefined();
  });

  it("a missing field: the list's other objects that miss it too", async () => {
    const recorder = await recorded([{ url: LIST, body: page("t", {}, { cidr: "c" }, {}) }]);
    const places = await recorder.bodiesOf(finding("required", "/subnets/0/cidr"));
    expect(places.map((p) => p.pointer)).toEqual(["/subnets/0/cidr", "/subnets/2/cidr"]);
  });

  it("a type finding: its own place only", async () => {
    const recorder = await recorded([{ url: LIST, body: page("t", { name: 1 }, { name: 1 }) }]);
    const places = await recorder.bodiesOf(finding("type", "/subnets/0/name", 1));
    expect(places.map((p) => p.pointer)).toEqual(["/subnets/0/name"]);
  });

  it("an enum finding: its own place and the other objects holding the value seen (each looked at for a oneOf's members)", async () => {
    const recorder = await recorded([{ url: LIST, body: page("t", { name: "x" }, { name: "y" }, { name: "x" }) }]);
    const places = await recorder.bodiesOf(finding("enum", "/subnets/0/name", "x"));
    expect(places.map((p) => p.pointer)).toEqual(["/subnets/0/name", "/subnets/2/name"]);
  });
});
