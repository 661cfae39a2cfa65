// What a finding says, on the emulator's answers bent by a 127.0.0.1 proxy: the JSON types of the
// values it stands for (`actualTypes`), a bigint where an integer is declared, findings folded across
// the branches of a oneOf, a discriminator missing or of the wrong type, and a value that fails an
// anyOf/oneOf reported by the branch that takes its type only.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DriftError, type Drift } from "../src/index.js";
import { driftLine, forgetDriftWarnings, type ResponseValidators } from "../src/core/drift.js";
import { parseJson, stringifyJson } from "../src/core/json.js";
import { createVpcepClient } from "../src/otc/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../src/emulator/index.js";
import { startServer, sendJson, type TestServer } from "./support/http-server.js";
import { findingsAt } from "./support/drift-findings.js";
import { validatorsFor } from "./support/validators-for.js";

let emulator: Emulator;
let proxy: TestServer;
/** What the proxy does to each JSON body the emulator answers (its text: bigints stay exact). */
let bend: (text: string) => string = (text) => text;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: 7,
    counts: { subnets: 2, vpcepConnections: 3, confluentConnections: 3, madconnectConnections: 3 },
  });
  proxy = await startServer(async (request, res) => {
    const headers = { ...request.headers };
    delete headers.host;
    delete headers["content-length"];
    const answer = await fetch(emulator.url + request.url, {
      method: request.method,
      headers: headers as Record<string, string>,
      body: request.body.length > 0 ? new Uint8Array(request.body) : undefined,
    });
    sendJson(res, answer.status, bend(await answer.text()));
  });
});
afterAll(async () => {
  await proxy.close();
  await emulator.close();
});
// The default console lines are one per finding for the whole process: each test starts as a new one.
beforeEach(() => forgetDriftWarnings());

/** `bend` as a change of the parsed body (bigints kept as bigints, written back exactly). */
const edit =
  (change: (body: any) => void) =>
  (text: string): string => {
    const body = parseJson(text);
    change(body);
    return stringifyJson(body);
  };

const collecting = () => {
  const found: Drift[] = [];
  return { found, validate: { mode: "warn" as const, onDrift: (d: Drift) => found.push(d) } };
};
const BIG = "12345678901234567890";

function vpcepConnections(validate: Parameters<typeof createVpcepClient>[0]["validate"]) {
  const vpcep = createVpcepClient({
    baseUrl: proxy.url,
    auth: { token: EMULATOR_CREDENTIALS.otc.token },
    retry: false,
    validate,
  });
  return vpcep.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: { path: { project_id: "p1", vpc_endpoint_service_id: emulator.ids.vpcepServiceId } },
  });
}
const confluentClient = (validate: Parameters<typeof createConfluentClient>[0]["validate"]) =>
  createConfluentClient({
    baseUrl: proxy.url,
    auth: { apiKey: EMULATOR_CREDENTIALS.confluent.apiKey, apiSecret: EMULATOR_CREDENTIALS.confluent.apiSecret },
    retry: false,
    validate,
  });
const CONFLUENT_LIST = "/networking/v1/private-link-attachment-connections";
const confluentList = (validate: Parameters<typeof createConfluentClient>[0]["validate"]) =>
  confluentClient(validate).GET(CONFLUENT_LIST, {
    params: { query: { environment: emulator.ids.confluentEnvironment } },
  } as never);

describe("actualTypes: the JSON types of the values a finding stands for", () => {
  it("read from the values before they are cut, over the places its samples come from, distinct, in order", async () => {
    const extras: unknown[] = [[{ id: "x".repeat(300), more: [1, 2] }], "text", 7, 7.5, null, BigInt(BIG)];
    bend = edit((body) => {
      body.connections.forEach((connection: Record<string, unknown>, i: number) => {
        connection.extra = extras[i];
      });
      // the other three values, on more items
      for (const value of extras.slice(3)) body.connections.push({ ...body.connections[1], extra: value });
    });
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    const extra = found.find((d) => d.kind === "undeclared-property")!;
    expect(extra).toMatchObject({ pointer: "/connections/0/extra", count: 6 });
    // the array is shown cut to text (what made the report infer `string`), its type is still "array"
    expect(typeof extra.actual).toBe("string");
    expect(extra.actualTypes).toEqual(["array", "string", "integer", "number", "null"]);
    // a bigint is an integer
    bend = edit((body) => (body.connections[0].extra = BigInt(BIG)));
    const big = collecting();
    await vpcepConnections(big.validate);
    expect(big.found).toEqual([expect.objectContaining({ pointer: "/connections/0/extra", actualTypes: ["integer"] })]);
    // nothing there: no type
    bend = edit((body) => delete body.total_count);
    const missing = collecting();
    await vpcepConnections(missing.validate);
    expect(missing.found).toEqual([
      expect.objectContaining({ pointer: "/total_count", kind: "required", actualTypes: [] }),
    ]);
  });
});

describe("a bigint (an integer beyond 2^53) where the spec declares an integer", () => {
  it("of no format is a format finding (VPC Endpoint total_count, MadConnect statusCode and createdTime)", async () => {
    bend = (text) => text.replace(/"total_count":\d+/, `"total_count":${BIG}`);
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    expect(found).toEqual([
      expect.objectContaining({
        pointer: "/total_count",
        kind: "format",
        expected: "int64 (an integer beyond 2^53; the spec declares no format)",
        actual: BigInt(BIG),
        actualTypes: ["integer"],
      }),
    ]);

    bend = (text) => text.replace(/"createdTime":\d+/, `"createdTime":${BIG}`);
    const mad = collecting();
    const madconnect = createMadConnectClient({
      baseUrl: proxy.url,
      auth: { token: EMULATOR_CREDENTIALS.madconnect.token },
      retry: false,
      validate: mad.validate,
    });
    await madconnect.GET("/es/v2/connections", {});
    expect(mad.found.map((d) => `${d.pointer} ${d.kind} ${d.expected}`)).toEqual([
      "/response/0/createdTime format int64 (an integer beyond 2^53; the spec declares no format)",
    ]);
    // A statusCode beyond 2^53 makes the body an error envelope: checked against the error response's schema.
    mad.found.length = 0;
    bend = (text) => text.replace(/"statusCode":\d+/, `"statusCode":${BIG}`);
    await madconnect.GET("/es/v2/connections", {});
    expect(mad.found.map((d) => `${d.pointer} ${d.kind} ${d.expected}`)).toEqual([
      "/statusCode format int64 (an integer beyond 2^53; the spec declares no format)",
    ]);
  });

  it("of no format: a number beyond 2^53 (1e300) is the same format finding; Infinity (1e400) is no integer", async () => {
    for (const [text, expected] of [
      ["1e300", "format int64 (an integer beyond 2^53; the spec declares no format)"],
      ["-1e300", "format int64 (an integer beyond 2^53; the spec declares no format)"],
      ["9007199254740993.0", "format int64 (an integer beyond 2^53; the spec declares no format)"],
      ["1e400", "type integer"],
      ["-1e400", "type integer"],
    ]) {
      bend = (body) => body.replace(/"total_count":\d+/, `"total_count":${text}`);
      const { found, validate } = collecting();
      await vpcepConnections(validate);
      expect(
        found.map((d) => `${d.pointer} ${d.kind} ${d.expected}`),
        text,
      ).toEqual([`/total_count ${expected}`]);
    }
    // 2^53 − 1 written as a number is an integer within range: no finding.
    bend = (body) => body.replace(/"total_count":\d+/, `"total_count":9007199254740991.0`);
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    expect(found).toEqual([]);
  });

  it("a number too large for a double (1e400) is shown as Infinity, never as JSON's null", async () => {
    for (const [text, value] of [
      ["1e400", Infinity],
      ["-1e400", -Infinity],
    ] as const) {
      bend = (body) => body.replace(/"total_count":\d+/, `"total_count":${text}`);
      const { found, validate } = collecting();
      await vpcepConnections(validate);
      expect(found[0], text).toMatchObject({ actual: value, samples: [value] });
      expect(driftLine(found[0]!)).toMatch(new RegExp(`, got ${String(value)}$`));
    }
    // Infinity and null at places of one finding are two samples (each shown as what it is).
    let place = 0;
    bend = (body) => body.replace(/"marker_id":\d+/g, (m) => ['"marker_id":1e400', '"marker_id":null'][place++] ?? m);
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    expect(found.map((d) => [d.pointer, d.kind, d.count, d.samples])).toEqual([
      ["/connections/0/marker_id", "type", 2, [Infinity, null]],
    ]);
  });

  it("a DriftError written by JSON.stringify shows a number beyond the double range as Infinity, not null", async () => {
    bend = (body) => body.replace(/"total_count":\d+/, '"total_count":1e400');
    const error = await vpcepConnections("throw").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    const written = JSON.parse(JSON.stringify(error)) as {
      findings: { actual: unknown }[];
      body: { total_count: unknown };
    };
    expect(written.findings[0]!.actual).toBe("Infinity");
    expect(written.body.total_count).toBe("Infinity");
  });

  it("a DriftError whose body nests 5,000 deep is written by JSON.stringify (toJSON stops at 200 levels)", async () => {
    bend = (body) =>
      body.replace(/"total_count":\d+/, `"total_count":1e400,"deep":${"[".repeat(5000)}${"]".repeat(5000)}`);
    const error = await vpcepConnections("throw").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect(JSON.stringify(error)).toContain('"[nested more than 200 levels deep]"');
  });

  it("of format int64, beyond -2^63..2^63-1 (as a bigint or a number): a format finding, int64's range", async () => {
    const findingsFor = async (text: string) => {
      bend = (body) => body.replace(/"marker_id":\d+/g, `"marker_id":${text}`);
      const { found, validate } = collecting();
      await vpcepConnections(validate);
      return found.map((d) => `${d.pointer} ${d.kind} ${d.expected} ${String(d.actual)}`);
    };
    for (const text of ["9223372036854775807", "-9223372036854775808", "9.2e18", "-9223372036854775808.0"])
      expect(await findingsFor(text), text).toEqual([]);
    for (const [text, actual] of [
      ["9223372036854775808", "9223372036854775808"],
      ["-9223372036854775809", "-9223372036854775809"],
      ["1e19", "10000000000000000000"],
      ["-1e300", "-1e+300"],
      ["99999999999999999999999999999", "99999999999999999999999999999"],
    ] as const)
      expect(await findingsFor(text), text).toEqual([
        `/connections/0/marker_id format int64's range (-2^63 to 2^63-1) ${actual}`,
      ]);
    // Infinity is no integer at all: the type finding, not also this one.
    expect(await findingsFor("1e400")).toEqual(["/connections/0/marker_id type integer Infinity"]);
  });

  it("of format int64 is no finding; one of the wrong type still is a type finding", async () => {
    bend = (text) => text.replace(/"marker_id":\d+/g, `"marker_id":1234567890123456789`);
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    expect(found).toEqual([]);

    bend = edit((body) => (body.total_count = "3"));
    const wrong = collecting();
    await vpcepConnections(wrong.validate);
    expect(wrong.found).toEqual([
      expect.objectContaining({ pointer: "/total_count", kind: "type", expected: "integer", actualTypes: ["string"] }),
    ]);
  });
});

describe("a bigint is shown as the number it is: bare digits, never a quoted string", () => {
  it("in the default console.warn line and driftLine (the CLI's), as actualTypes says: an integer", async () => {
    bend = (text) => text.replace(/"total_count":\d+/, `"total_count":${BIG}`);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await vpcepConnections("warn");
      const lines = warn.mock.calls.map((call) => String(call[0]));
      expect(lines).toEqual([expect.stringContaining(`at "/total_count": format, expected int64`)]);
      expect(lines[0]).toMatch(new RegExp(`, got ${BIG}$`));
    } finally {
      warn.mockRestore();
    }
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    expect(found[0]).toMatchObject({ actual: BigInt(BIG), actualTypes: ["integer"] });
    expect(driftLine(found[0]!)).toMatch(new RegExp(`, got ${BIG}$`));
  });

  it("inside an object: a bigint in `actual`, digits in its text when cut", async () => {
    bend = edit((body) => {
      body.connections[0].extra = { n: BigInt(BIG) };
      body.connections[1].more = { n: BigInt(BIG), s: "x".repeat(300) };
    });
    const { found, validate } = collecting();
    await vpcepConnections(validate);
    const at = (pointer: string) => found.find((d) => d.pointer === pointer)!;
    expect(at("/connections/0/extra").actual).toEqual({ n: BigInt(BIG) });
    expect(driftLine(at("/connections/0/extra"))).toContain(`got {"n":${BIG}}`);
    expect(at("/connections/1/more").actual).toMatch(new RegExp(`^\\{"n":${BIG},"s":"x+…$`));
  });
});

describe("Confluent's int32 field", () => {
  it("a bigint under format int32 (metadata.total_size) is a format finding, expected int32", async () => {
    bend = edit((body) => (body.metadata.total_size = BigInt(BIG)));
    const { found, validate } = collecting();
    await confluentList(validate);
    expect(found.map((d) => [d.pointer, d.kind, d.expected, d.actualTypes])).toEqual([
      ["/metadata/total_size", "format", "int32", ["integer"]],
    ]);
  });
});

describe("Confluent's cloud objects (a oneOf chosen by its `kind`)", () => {
  /** The list with each item's spec.cloud changed by `change(cloud, index)`. */
  const withClouds = (change: (cloud: Record<string, unknown>, index: number) => void) =>
    edit((body) =>
      body.data.forEach((item: { spec: { cloud: Record<string, unknown> } }, i: number) => change(item.spec.cloud, i)),
    );
  /** Aws for even items, Gcp for odd ones, each with the fields its kind requires. */
  const awsAndGcp = (cloud: Record<string, unknown>, i: number) => {
    for (const key of Object.keys(cloud)) delete cloud[key];
    Object.assign(
      cloud,
      i % 2 === 0
        ? { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: `vpce-${i}` }
        : { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: `${i}` },
    );
  };

  it("the same undeclared property on items of different branches is one finding, counted", async () => {
    bend = withClouds((cloud, i) => {
      awsAndGcp(cloud, i);
      cloud.region = `region-${i}`;
    });
    const { found, validate } = collecting();
    await confluentList(validate);
    expect(found).toEqual([
      expect.objectContaining({
        pointer: "/data/0/spec/cloud/region",
        kind: "undeclared-property",
        count: 3,
        samples: ["region-0", "region-1", "region-2"],
        actualTypes: ["string"],
      }),
    ]);

    const error = await confluentClient("throw")
      .unwrap(
        confluentClient("throw").GET(CONFLUENT_LIST, {
          params: { query: { environment: emulator.ids.confluentEnvironment } },
        } as never),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).findings).toHaveLength(1);
    expect((error as DriftError).message).toContain("(1 finding; first: undeclared-property");
  });

  it("a kind missing is a required finding, a kind that is no string a type finding, an unknown kind an enum finding", async () => {
    bend = withClouds((cloud, i) => {
      awsAndGcp(cloud, i);
      if (i === 0) delete cloud.kind;
      if (i === 1) cloud.kind = 5;
      if (i === 2) cloud.kind = "IbmPrivateLinkAttachmentConnection";
    });
    const { found, validate } = collecting();
    await confluentList(validate);
    expect(found.map((d) => [d.pointer, d.kind, d.expected, d.actual, d.actualTypes])).toEqual([
      ["/data/0/spec/cloud/kind", "required", "a required property", undefined, []],
      ["/data/1/spec/cloud/kind", "type", "string", 5, ["integer"]],
      [
        "/data/2/spec/cloud/kind",
        "enum",
        expect.stringMatching(
          /^one of "AwsPrivateLinkAttachmentConnection", "AzurePrivateLinkAttachmentConnection", "GcpPrivateLinkAttachmentConnection"$/,
        ),
        "IbmPrivateLinkAttachmentConnection",
        ["string"],
      ],
    ]);
    // Nothing was there: no sample (as JSON, an undefined one would read as a null that was sent).
    expect(found[0]!.samples).toEqual([]);
  });
});

/** The findings of `validators`' GET /x answered 200 with `body`. */
const findingsOf = (validators: ResponseValidators, body: unknown) => findingsAt(validators, "/x", body);

describe("a value that fails an anyOf or oneOf", () => {
  let validators: ResponseValidators;
  beforeAll(async () => {
    validators = await validatorsFor({
      type: "object",
      properties: {
        items: {
          type: "array",
          items: {
            type: "object",
            properties: {
              name: { anyOf: [{ type: "string", pattern: "^[a-z-]+$" }, { type: "integer" }] },
              size: { oneOf: [{ type: "integer" }, { type: "number" }] },
              label: {
                anyOf: [
                  { type: "string", maxLength: 3 },
                  { type: "string", pattern: "^x" },
                ],
              },
            },
          },
        },
      },
    });
  }, 30_000);
  const summary = (found: Drift[]) => found.map((d) => `${d.pointer} ${d.kind} ${d.expected} count=${d.count}`);

  it("of one branch's type: that branch's findings only", async () => {
    expect(summary(await findingsOf(validators, { items: [{ name: "my subnet" }, { name: "my-subnet" }] }))).toEqual([
      '/items/0/name constraint pattern {"pattern":"^[a-z-]+$"} count=1',
    ]);
    // two branches of its type: both say what is wrong
    expect(summary(await findingsOf(validators, { items: [{ label: "abcd" }] }))).toEqual([
      '/items/0/label constraint maxLength {"limit":3} count=1',
      '/items/0/label constraint pattern {"pattern":"^x"} count=1',
    ]);
  });

  it("of no branch's type: one type finding naming each type the branches take, folded over the items", async () => {
    const found = await findingsOf(validators, { items: [{ name: true }, { name: 5 }, { name: [1] }] });
    expect(summary(found)).toEqual(["/items/0/name type string or integer count=2"]);
    expect(found[0]!.actualTypes).toEqual(["boolean", "array"]);
  });

  it("that matches more than one oneOf branch: one constraint finding", async () => {
    expect(summary(await findingsOf(validators, { items: [{ size: 5 }, { size: 5.5 }] }))).toEqual([
      '/items/0/size constraint oneOf {"passingSchemas":[0,1]} count=1',
    ]);
  });
});

describe("a plain oneOf whose branches say the same of one place", () => {
  it("counts that place once (count is how many places, not how many errors)", async () => {
    const member = (extra: string) => ({
      type: "object",
      required: ["id"],
      properties: { id: { type: "string" }, [extra]: { type: "string" } },
    });
    const validators = await validatorsFor({ type: "array", items: { oneOf: [member("a"), member("b")] } });
    const summary = (found: Drift[]) => found.map((d) => `${d.pointer} ${d.kind} count=${d.count}`);
    expect(summary(await findingsOf(validators, [{}]))).toEqual(["/0/id required count=1"]);
    expect(summary(await findingsOf(validators, [{}, {}, { id: "x", a: "y" }, {}]))).toEqual([
      "/0/id required count=3",
    ]);
    expect(
      summary(
        await findingsOf(validators, [
          { id: "x", z: "1" },
          { id: "y", z: "2" },
        ]),
      ),
    ).toEqual(["/0/z undeclared-property count=2"]);
    // Past 100 findings, each place left out is counted once too (omitted).
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 1]));
    const found = await findingsOf(validators, [{ id: "x", ...many }, {}, {}, {}]);
    expect(found).toHaveLength(100);
    expect(found[0]!.omitted).toBe(3);
  }, 30_000);
});

describe("errors a validator may list beyond today's generated ones", () => {
  /** A validator that lists `errors` for any body (Ajv's error objects, as a generated validator makes them). */
  type Errors = NonNullable<NonNullable<ResponseValidators["responses"][string]["statuses"][string]>["errors"]>;
  const listing = (errors: Errors): ResponseValidators => ({
    responses: {
      "GET /x": {
        operationId: "getX",
        statuses: { "200": Object.assign(() => false, { errors, errorCount: errors.length }) },
      },
    },
  });

  it("a bigint's type error followed by an int32 error at its place: one int32 finding", async () => {
    const body = { total_size: 2n ** 64n, count: 2n ** 64n };
    const found = await findingsOf(
      listing([
        {
          instancePath: "/total_size",
          schemaPath: "#/properties/total_size/type",
          keyword: "type",
          params: { type: "integer" },
        },
        { instancePath: "/total_size", schemaPath: "#/properties/total_size/int32", keyword: "int32", params: {} },
        { instancePath: "/count", schemaPath: "#/properties/count/type", keyword: "type", params: { type: "integer" } },
      ]),
      body,
    );
    expect(found.map((d) => [d.pointer, d.kind, d.expected])).toEqual([
      ["/total_size", "format", "int32"],
      ["/count", "format", "int64 (an integer beyond 2^53; the spec declares no format)"],
    ]);
  });

  it("a discriminator error that lists the members' values (allowedValues): an enum finding naming them", async () => {
    const found = await findingsOf(
      listing([
        {
          instancePath: "/cloud",
          schemaPath: "#/properties/cloud/discriminator",
          keyword: "discriminator",
          params: { error: "mapping", tag: "kind", tagValue: "Ibm", allowedValues: ["Aws", "Gcp"] },
        },
      ]),
      { cloud: { kind: "Ibm" } },
    );
    expect(found).toEqual([
      expect.objectContaining({ pointer: "/cloud/kind", kind: "enum", expected: 'one of "Aws", "Gcp"', actual: "Ibm" }),
    ]);
  });
});
