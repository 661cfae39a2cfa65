// The spec edits `npm run drift` suggests, one finding at a time: the type inferred from every value
// seen (a long value the checker cut included), where in a spec made of allOf and oneOf members the
// edit goes, and the findings no edit would fix (a type only seen null, a new kind of a oneOf, a field
// pagination depends on). That the edits regenerate cleanly is test/drift-report.test.ts's round trip.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ResponseValidators } from "../src/core/drift.js";
import { subnetListFindings } from "./support/drift-findings.js";
import { validatorsOf } from "./support/validators-for.js";
// @ts-expect-error untyped project script
import { applyEdit, suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { loader } from "../scripts/lib/drift-locate.mjs";
// @ts-expect-error untyped project script
import { inferSchema } from "../scripts/lib/drift-infer.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
/** The project's spec files (never written here), each parsed once for every edit suggested on them. */
const specs = loader();
const SPEC = {
  vpc: path.join(ROOT, "specs/otc-vpc/openapi.yaml"),
  vpcep: path.join(ROOT, "specs/otc-vpcep/openapi.yaml"),
  confluent: path.join(ROOT, "specs/confluent/openapi.yaml"),
  madconnect: path.join(ROOT, "specs/madconnect/openapi.yaml"),
};
const subnets = { operationId: "listSubnets", method: "GET", path: "/v1/{project_id}/subnets", status: 200, count: 1 };
const confluentList = {
  operationId: "listNetworkingV1PrivateLinkAttachmentConnections",
  method: "GET",
  path: "/networking/v1/private-link-attachment-connections",
  status: 200,
  count: 1,
};
const undeclared = { kind: "undeclared-property", expected: "no such property in the spec" };
/** The YAML path of Confluent's list item schema (the page's own definition) in its file. */
const ITEMS =
  "paths./networking/v1/private-link-attachment-connections.get.responses.200.content.application/json.schema.allOf.0.properties.data.items";
const CLOUD = `${ITEMS}.allOf.0.properties.spec.properties.cloud`;

/** A subnet as the spec has it (every required field). */
const subnet = {
  id: "4779ab1c-7c1a-44b1-a02e-93dfc361b32d",
  name: "s",
  description: "",
  cidr: "10.0.0.0/24",
  gateway_ip: "10.0.0.1",
  ipv6_enable: false,
  dhcp_enable: true,
  primary_dns: "1.1.1.1",
  secondary_dns: "1.0.0.1",
  dnsList: [],
  vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
  status: "ACTIVE",
  neutron_network_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
  neutron_subnet_id: "4779ab1c-7c1a-44b1-a02e-93dfc361b32d",
  extra_dhcp_opts: [],
  tenant_id: "0605767e5f00d5762fb2c00e6ea7d3f9",
  created_at: "2020-10-12T09:55:00",
  updated_at: "2020-10-12T09:55:00",
};

/** The one undeclared-property finding the checker makes of a subnets page whose subnets have `extra`. */
async function undeclaredIn(...extras: Record<string, unknown>[]) {
  const validators = (await import("../generated/otc-vpc.validators.js")) as unknown as ResponseValidators;
  const found = await subnetListFindings(validators, { subnets: extras.map((extra) => ({ ...subnet, ...extra })) });
  expect(found.map((d) => d.kind)).toEqual(["undeclared-property"]);
  return found[0]!;
}

/** A spec of one operation, getX (GET /x), whose 200 answer is an object of `properties` (YAML, its first line unindented). */
const getXSpec = (properties: string) => `openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  ${properties}
`;

describe("the type of a property to declare, from every value seen", () => {
  it("a long array of objects, cut by the checker, is declared as the array it was, with what its start shows", async () => {
    const pools = Array.from({ length: 8 }, (_, i) => ({ start: `10.0.${i}.2`, end: `10.0.${i}.254` }));
    const finding = await undeclaredIn({ allocation_pools: pools });
    expect(finding.actual).toMatch(/^\[\{"start".*…$/); // the checker's cut text, not the array
    const edit = suggestEdit({ load: specs, root: SPEC.vpc, finding });
    expect(edit).toMatchObject({
      action: "add-property",
      keys: ["components", "schemas", "Subnet"],
      name: "allocation_pools",
      value: {
        type: "array",
        items: { type: "object", properties: { start: { type: "string" }, end: { type: "string" } } },
      },
    });
    expect(edit.caveat).toMatch(/longer than the report shows.*Complete it from the vendor's page/);
    expect(edit.snippet).toMatch(/^# The value was longer than the report shows/);
  });

  it("a long object is an object with the properties its start shows (a null one left out, and said so)", async () => {
    const tags = { owner: "team-networking", cost_center: null, size: 12, description: "x".repeat(250) };
    const finding = await undeclaredIn({ tags });
    const edit = suggestEdit({ load: specs, root: SPEC.vpc, finding });
    expect(edit.value).toEqual({
      type: "object",
      properties: { owner: { type: "string" }, size: { type: "integer" }, description: { type: "string" } },
      description: "(describe it from the vendor's page)",
    });
    expect(edit.caveat).toMatch(/Only null was seen for cost_center/);
  });

  it("a property named __proto__ gets a note, not an edit (the validators are JavaScript), and is left out when nested", async () => {
    const top = await undeclaredIn({ ["__proto__"]: { p: 1 } });
    expect(top.pointer).toBe("/subnets/0/__proto__");
    expect(suggestEdit({ load: specs, root: SPEC.vpc, finding: top }).note).toMatch(/__proto__ cannot be declared/);
    const nested = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: await undeclaredIn({ meta: { p: 1, ["__proto__"]: "x" } }),
    });
    expect(nested).toMatchObject({ action: "add-property", name: "meta" });
    expect(Object.keys(nested.value.properties)).toEqual(["p"]);
    expect(nested.caveat).toMatch(/^__proto__ left out: a property named __proto__ cannot be declared/);
  });

  it("an object's inherited members are no properties of it (constructor, toString)", () => {
    const { schema } = inferSchema(JSON.parse('[{"constructor":"x"},{"toString":5},{"id":1}]'));
    expect(schema).toEqual({
      type: "object",
      properties: { constructor: { type: "string" }, toString: { type: "integer" }, id: { type: "integer" } },
    });
  });

  it("the JSON types the checker gives (actualTypes) decide what a cut text was", () => {
    const cut = `{"a":"${"y".repeat(200)}…`;
    const finding = { ...subnets, ...undeclared, pointer: "/subnets/0/note", actual: cut, samples: [cut] };
    expect(
      suggestEdit({ load: specs, root: SPEC.vpc, finding: { ...finding, actualTypes: ["string"] } }).value.type,
    ).toBe("string");
    expect(
      suggestEdit({ load: specs, root: SPEC.vpc, finding: { ...finding, actualTypes: ["object"] } }).value.type,
    ).toBe("object");
    expect(suggestEdit({ load: specs, root: SPEC.vpc, finding }).value.type).toBe("object");
  });

  it("every sample counts: 1 and 1.5 are numbers, a string and null a nullable string, a list of both kinds an anyOf", async () => {
    const ratio = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: await undeclaredIn({ ratio: 1 }, { ratio: 1.5 }),
    });
    expect(ratio.value).toMatchObject({ type: "number" });
    const zone = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: await undeclaredIn({ az: "eu-de-01" }, { az: null }),
    });
    expect(zone.value).toMatchObject({ type: "string", nullable: true });
    const tags = suggestEdit({ load: specs, root: SPEC.vpc, finding: await undeclaredIn({ tags: ["a", 1] }) });
    expect(tags.value).toMatchObject({ type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } });
    // A type only actualTypes saw (a fourth distinct value, past the three samples) counts too.
    const more = { ...subnets, ...undeclared, pointer: "/subnets/0/az", actual: "a", samples: ["a"] };
    const withNull = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: { ...more, actualTypes: ["string", "null"] },
    });
    expect(withNull.value).toMatchObject({ type: "string", nullable: true });
  });

  it("a property only ever seen null gets no edit (no type can be told), but a note to look it up", async () => {
    const edit = suggestEdit({ load: specs, root: SPEC.vpc, finding: await undeclaredIn({ tags: null }) });
    expect(edit.action).toBeUndefined();
    expect(edit.note).toMatch(/tags was only seen null.*vendor's page/);
  });

  it("a type seen besides null widens into an anyOf whose members are nullable", () => {
    const finding = { ...subnets, kind: "type", expected: "string", pointer: "/subnets/0/name", actual: 5 };
    const edit = suggestEdit({ load: specs, root: SPEC.vpc, finding: { ...finding, samples: [5, null] } });
    expect(edit.action).toBe("widen-type");
    expect(edit.value.anyOf).toEqual([
      expect.objectContaining({ type: "string", nullable: true }),
      { type: "integer", nullable: true },
    ]);
    const onlyNull = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: { ...finding, actual: null, samples: [null] },
    });
    expect(onlyNull).toMatchObject({ action: "set-nullable" });
    // A declared enum takes the null too, as where null alone was seen.
    const status = { ...subnets, kind: "type", expected: "string", pointer: "/subnets/0/status", actual: 5 };
    const widenedEnum = suggestEdit({ load: specs, root: SPEC.vpc, finding: { ...status, samples: [5, null] } });
    expect(widenedEnum.value.anyOf[0]).toMatchObject({ type: "string", nullable: true });
    expect(widenedEnum.value.anyOf[0].enum).toContain(null);
  });

  it("a null where the schema refuses it: nullable on the type, or on the typed members of a oneOf/anyOf with none of its own, an enum taking null; the edit compiles and takes the null", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-edits-"));
    try {
      const root = path.join(dir, "openapi.yaml");
      const spec = (v: string) =>
        getXSpec(`v:
                    description: a string or an integer
                    ${v}`);
      const finding = {
        operationId: "getX",
        method: "GET",
        path: "/x",
        status: 200,
        count: 1,
        kind: "type",
        expected: "string or integer",
        pointer: "/v",
        actual: null,
        samples: [null],
        actualTypes: ["null"],
      };
      // An enum takes null too (OpenAPI 3.0's nullable does not add it there); in a oneOf, a member without one is preferred.
      for (const [v, nullable] of [
        ["oneOf: [{ type: string }, { type: integer }]", [true, undefined]],
        ["anyOf: [{ type: string }, { type: integer }]", [true, true]],
        ["oneOf: [{ type: string, enum: [a, b] }, { type: integer }]", [undefined, true]],
        ["anyOf: [{ type: string, enum: [a] }, { type: integer, enum: [1] }]", [true, true]],
        ["type: string\n                    enum: [a, b]", undefined],
      ] as const) {
        writeFileSync(root, spec(v));
        const edit = suggestEdit({ root, finding });
        expect(edit.action, v).toBe("widen-type");
        const keyword = v.startsWith("oneOf") ? "oneOf" : v.startsWith("anyOf") ? "anyOf" : null;
        if (keyword)
          expect(edit.value[keyword].map((member: { nullable?: boolean }) => member.nullable)).toEqual(nullable);
        applyEdit(edit, { readFile: (f: string) => readFileSync(f, "utf8"), writeFile: writeFileSync });
        // The edited spec still compiles into validators, which now take the null.
        const validators = await validatorsOf(parse(readFileSync(root, "utf8")));
        expect(validators.responses["GET /x"]!.statuses["200"]!({ v: null }), v).toBe(true);
      }
      writeFileSync(root, spec(`allOf: [{ $ref: "#/components/schemas/Missing" }]`));
      expect(suggestEdit({ root, finding }).note).toMatch(/nullable needs a type beside it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a type finding whose values are of the declared type (a bigint in an integer) widens nothing", () => {
    const finding = {
      operationId: "listEndpointServiceConnections",
      status: 200,
      kind: "type",
      expected: "integer",
      pointer: "/connections/0/marker_id",
      actual: 1234567890123456789n,
      samples: [1234567890123456789n],
    };
    for (const actualTypes of [undefined, ["integer"]]) {
      const edit = suggestEdit({ load: specs, root: SPEC.vpcep, finding: { ...finding, actualTypes } });
      expect(edit.action).toBeUndefined();
      expect(edit.note).toMatch(/of the declared type \(integer\), so there is no type to widen/);
    }
  });
});

describe("a whole number beyond 2^53 in an integer field", () => {
  const finding = {
    operationId: "listEndpointServiceConnections",
    status: 200,
    kind: "format",
    pointer: "/connections/0/marker_id",
    actual: 2n ** 60n,
    samples: [2n ** 60n],
  };
  it("gets no int64 edit where the spec declares int64 already (VPC Endpoint's marker_id), a note instead", () => {
    const edit = suggestEdit({ load: specs, root: SPEC.vpcep, finding: { ...finding, expected: "int64" } });
    expect(edit.action).toBeUndefined();
    expect(edit.note).toMatch(/^a format finding needs a look at the vendor's page/);
  });

  /** MadConnect's totalVolume: an integer of no format. */
  const volume = {
    operationId: "listConnections",
    status: 200,
    kind: "format",
    expected: "int64 (an integer beyond 2^53; the spec declares no format)",
    pointer: "/response/0/totalVolume",
  };
  const TOTAL_VOLUME = ["components", "schemas", "Connection", "properties", "totalVolume"];

  it("of no format: format int64 when every value is within int64's range, a bigint or a number (9007199254740993.0)", () => {
    for (const values of [[2n ** 60n], [9007199254740992], [1e18, 2n ** 62n], [2n ** 63n - 1n, -(2n ** 63n)]]) {
      const edit = suggestEdit({
        load: specs,
        root: SPEC.madconnect,
        finding: { ...volume, actual: values[0], values },
      });
      expect(edit, String(values)).toMatchObject({ action: "set-format", value: "int64", keys: TOTAL_VOLUME });
    }
  });

  it("beyond int64's range (2^63, 1e300, 29 digits): a note, since no integer format holds it", () => {
    for (const values of [[2n ** 63n], [1e300], [-1e19], [10n ** 28n], [5n, -(2n ** 63n) - 1n]]) {
      const edit = suggestEdit({
        load: specs,
        root: SPEC.madconnect,
        finding: { ...volume, actual: values[0], values },
      });
      expect(edit, String(values)).toEqual({
        note: expect.stringMatching(/is beyond int64's range \(-2\^63 to 2\^63-1\)/),
      });
    }
    // Under format int64 (VPC Endpoint's marker_id), the range finding gets the same note.
    const marker = { ...finding, expected: "int64's range (-2^63 to 2^63-1)", actual: 2n ** 63n, samples: [2n ** 63n] };
    expect(suggestEdit({ load: specs, root: SPEC.vpcep, finding: marker }).note).toMatch(
      /^9223372036854775808 is beyond int64's range/,
    );
    // An undeclared property holding one is not declared int64 either.
    const property = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: { ...subnets, ...undeclared, pointer: "/subnets/0/big", actual: 1e300, samples: [1e300] },
    });
    expect(property.note).toMatch(/^big cannot be declared from its values: 1e\+300 is beyond int64's range/);
    // Nor is a type widened to an int64 the value would then fail by its range.
    for (const actual of [2n ** 63n, 1e300]) {
      const name = {
        ...subnets,
        kind: "type",
        expected: "string",
        pointer: "/subnets/0/name",
        actual,
        samples: [actual],
      };
      expect(suggestEdit({ load: specs, root: SPEC.vpc, finding: name }), String(actual)).toEqual({
        note: expect.stringMatching(/is beyond int64's range \(-2\^63 to 2\^63-1\)/),
      });
    }
  });
});

describe("a whole number beyond int32's range under format int32", () => {
  it("gets format int64 within int64's range, a number (3e9) or a bigint, and a note beyond it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-edits-"));
    try {
      const root = path.join(dir, "openapi.yaml");
      writeFileSync(root, getXSpec("n: { type: integer, format: int32 }"));
      const finding = { operationId: "getX", status: 200, kind: "format", expected: "int32", pointer: "/n" };
      for (const values of [[3e9], [2n ** 60n, -3e9]])
        expect(suggestEdit({ root, finding: { ...finding, actual: values[0], values } }), String(values)).toMatchObject(
          {
            action: "set-format",
            value: "int64",
            keys: [
              "paths",
              "/x",
              "get",
              "responses",
              "200",
              "content",
              "application/json",
              "schema",
              "properties",
              "n",
            ],
          },
        );
      expect(suggestEdit({ root, finding: { ...finding, actual: 1e19, values: [1e19] } }).note).toMatch(
        /^10000000000000000000 is beyond int64's range/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a number too large for a double (1e400, read as Infinity)", () => {
  it("gets a note, not an edit, whatever the finding: no schema type or format takes it", async () => {
    const type = { operationId: "listConnections", status: 200, pointer: "/response/0/totalVolume", kind: "type" };
    for (const finding of [
      { ...type, expected: "integer", actual: Infinity, samples: [Infinity], actualTypes: ["number"] },
      { ...type, expected: "integer", actual: 5.5, samples: [5.5, -Infinity], actualTypes: ["number"] },
      { ...type, kind: "format", expected: "int32", actual: Infinity, samples: [Infinity] },
    ])
      expect(suggestEdit({ load: specs, root: SPEC.madconnect, finding }), String(finding.samples)).toEqual({
        note: expect.stringMatching(/^-?Infinity was seen: a number too large for a double/),
      });
    const property = suggestEdit({ load: specs, root: SPEC.vpc, finding: await undeclaredIn({ big: Infinity }) });
    expect(property.note).toMatch(/^big cannot be declared from its values: Infinity was seen/);
  });
});

describe("the type of a field pagination depends on is not widened", () => {
  it("VPC Endpoint's total_count, Confluent's metadata.next and VPC's marker field get a note, not an anyOf", () => {
    const total = suggestEdit({
      load: specs,
      root: SPEC.vpcep,
      finding: {
        operationId: "listEndpointServiceConnections",
        status: 200,
        kind: "type",
        pointer: "/total_count",
        actual: "5",
      },
    });
    expect(total).toEqual({ note: expect.stringMatching(/^pagination depends on this field.*vendor's page/) });
    // Nor is its format made int64 for a total beyond 2^53 (the paginator counts with it).
    const big = suggestEdit({
      load: specs,
      root: SPEC.vpcep,
      finding: {
        operationId: "listEndpointServiceConnections",
        status: 200,
        kind: "format",
        expected: "int64 (an integer beyond 2^53; the spec declares no format)",
        pointer: "/total_count",
        actual: 2n ** 60n,
        samples: [2n ** 60n],
      },
    });
    expect(big.note).toMatch(/^pagination depends on this field.*rather than change its format/);
    const next = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...confluentList, kind: "type", pointer: "/metadata/next", actual: 5 },
    });
    expect(next.note).toMatch(/^pagination depends on this field/);
    // VPC's marker is the items' id (x-pagination markerField), at any item.
    const marker = suggestEdit({
      load: specs,
      root: SPEC.vpc,
      finding: { ...subnets, kind: "type", pointer: "/subnets/3/id", actual: 5 },
    });
    expect(marker.note).toMatch(/^pagination depends on this field/);
    // A field pagination does not read is widened as before.
    const other = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...confluentList, kind: "type", pointer: "/metadata/first", actual: 5 },
    });
    expect(other.action).toBe("widen-type");
  });
});

describe("where an undeclared property goes in Confluent's allOf of the page's schema and a member of required lists", () => {
  const place = (pointer: string) =>
    suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...confluentList, ...undeclared, pointer, actual: 1 },
    });

  it("into the member that declares the object's other properties, never the one that only lists required ones", () => {
    expect(place("/data/0/emulator_drift").keys.join(".")).toBe(`${ITEMS}.allOf.0`);
    expect(place("/extra").keys.join(".")).toBe(
      "paths./networking/v1/private-link-attachment-connections.get.responses.200.content.application/json.schema.allOf.0",
    );
    expect(place("/metadata/page_size").keys.join(".")).toMatch(/schema\.allOf\.0\.properties\.metadata\.allOf\.0$/);
  });
});

describe("inside a oneOf (Confluent's spec.cloud, one of an AWS, Azure or GCP connection by its kind)", () => {
  const gcp = { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: "1" };
  /** A body with one connection whose spec.cloud is `cloud` (as the report keeps it: the objects along a pointer). */
  const bodyWith = (cloud: Record<string, unknown>) => ({ data: [{ spec: { cloud } }] });

  it("an undeclared property goes to the member the connection is, picked by the body", () => {
    const finding = { ...confluentList, ...undeclared, pointer: "/data/0/spec/cloud/region", actual: "us-east1" };
    const edit = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding,
      sample: bodyWith({ ...gcp, region: "us-east1" }),
    });
    expect(edit).toMatchObject({ action: "add-property", name: "region" });
    expect(edit.keys.join(".")).toBe(`${CLOUD}.oneOf.2`);
    // Without the body it cannot be told: a note, not an edit of the oneOf itself.
    expect(suggestEdit({ load: specs, root: SPEC.confluent, finding }).note).toMatch(/one of several schemas/);
  });

  it("a missing required field is dropped from the required list of its member", () => {
    const finding = {
      ...confluentList,
      kind: "required",
      pointer: "/data/0/spec/cloud/private_service_connect_connection_id",
      actual: undefined,
      samples: [undefined],
    };
    const expected = { action: "drop-required", name: "private_service_connect_connection_id" };
    const withBody = suggestEdit({ load: specs, root: SPEC.confluent, finding, sample: bodyWith({ kind: gcp.kind }) });
    expect(withBody).toMatchObject(expected);
    expect(withBody.keys.join(".")).toBe(`${CLOUD}.oneOf.2`);
    // Only the GCP member requires that field: found without the body too.
    expect(suggestEdit({ load: specs, root: SPEC.confluent, finding }).keys.join(".")).toBe(`${CLOUD}.oneOf.2`);
    // The AWS one, for an AWS connection without its endpoint id.
    const aws = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...finding, pointer: "/data/0/spec/cloud/vpc_endpoint_id" },
      sample: bodyWith({ kind: "AwsPrivateLinkAttachmentConnection" }),
    });
    expect(aws.keys.join(".")).toBe(`${CLOUD}.oneOf.0`);
  });

  it("a kind no member has is no value to add to a member's enum, but a new member to write", () => {
    const oci = "OciPrivateLinkAttachmentConnection";
    const finding = { ...confluentList, kind: "enum", pointer: "/data/0/spec/cloud/kind", actual: oci, samples: [oci] };
    for (const sample of [undefined, bodyWith({ kind: oci, oci_id: "o" })]) {
      const edit = suggestEdit({ load: specs, root: SPEC.confluent, finding, sample });
      expect(edit.action).toBeUndefined();
      expect(edit.note).toMatch(
        /"OciPrivateLinkAttachmentConnection" is a kind that no member of the oneOf .* a new member is needed/,
      );
    }
    // A connection without a kind is none of the members: neither an enum value nor a required entry to drop.
    const noKind = bodyWith({ vpc_endpoint_id: "vpce-1" });
    const absent = { ...finding, actual: undefined, samples: [undefined] };
    expect(suggestEdit({ load: specs, root: SPEC.confluent, finding: absent, sample: noKind }).note).toMatch(
      /the object has no kind, which tells the members of its oneOf apart/,
    );
    const required = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...absent, kind: "required" },
      sample: noKind,
    });
    expect(required.action).toBeUndefined();
    expect(required.note).toMatch(/kind tells the members of the oneOf .* apart: .* it stays required/);
    // Nor is a field missing from such a connection, or one of another type, any member's to change.
    const ociBody = bodyWith({ kind: oci, oci_id: "o" });
    const missing = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...absent, kind: "required", pointer: "/data/0/spec/cloud/vpc_endpoint_id" },
      sample: ociBody,
    });
    expect(missing.action).toBeUndefined();
    expect(missing.note).toMatch(/none of the members of the oneOf/);
    const typed = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...confluentList, kind: "type", pointer: "/data/0/spec/cloud/vpc_endpoint_id", actual: 5 },
      sample: bodyWith({ kind: oci, vpc_endpoint_id: 5 }),
    });
    expect(typed.action).toBeUndefined();
    // Nor does a property of such a connection go to any member.
    const extra = suggestEdit({
      load: specs,
      root: SPEC.confluent,
      finding: { ...confluentList, ...undeclared, pointer: "/data/0/spec/cloud/oci_id", actual: "o" },
      sample: bodyWith({ kind: oci, oci_id: "o" }),
    });
    expect(extra.note).toMatch(/none of the members of the oneOf/);
  });
});

describe("a schema that contains itself", () => {
  it("is looked through a bounded number of times: a note or an edit, never a stack overflow", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-edits-"));
    try {
      const root = path.join(dir, "openapi.yaml");
      const loop = "{ allOf: [{ $ref: '#/components/schemas/Loop' }] }";
      writeFileSync(
        root,
        [
          "openapi: 3.0.3",
          "info: { title: t, version: '1' }",
          "paths:",
          "  /x:",
          "    get:",
          "      operationId: getX",
          "      responses:",
          "        '200':",
          "          description: ok",
          "          content: { application/json: { schema: { $ref: '#/components/schemas/Loop' } } }",
          "components:",
          "  schemas:",
          `    Loop: ${loop}`,
          "",
        ].join("\n"),
      );
      const finding = { operationId: "getX", status: 200, pointer: "/a/b", actual: 1, samples: [1] };
      for (const kind of ["undeclared-property", "required", "type", "enum"]) {
        const edit = suggestEdit({ root, finding: { ...finding, kind }, sample: { a: { b: 1, kind: "k" } } });
        expect(edit.note ?? edit.action, kind).toEqual(expect.any(String));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
