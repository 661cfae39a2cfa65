/**
 * The change report's promises that mutation testing found unguarded (scripts/lib/change-report/):
 * each case is a small spec pair with the classification a consumer of this package feels, written
 * out by hand, as in test/change-report-rules.test.ts. Each one fails with the mutant it was written
 * against (listed in the case's comment) and passes on the report as it is.
 */
import { describe, expect, it } from "vitest";
import { api, json, ok, SUBJECTS, withSchemaAt, type Json, type Level } from "./support/change-report-docs.js";

const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { diffApis, isDeclarationFile, reportJson } = await load("../scripts/lib/change-report.mjs");

const B: Level = "breaking";
const A: Level = "addition";
const C: Level = "change";

const str = { type: "string" };

const classify = (before: Json | null, after: Json, options?: Json): [string, Level][] =>
  diffApis(before, after, options).map((c: Json) => [c.rule, c.level]);

/** [mutation, before, after, [rule aspect, level] in a request, [rule aspect, level] in a response] */
const ASPECTS: [string, Json, Json, [string, Level], [string, Level]][] = [
  // A format removed widens (CHANGE-RULES.md: type-generalized "a format removed"), a format added narrows:
  // int32 holds fewer values than an integer without a format (mutant: int32 ranked as int64).
  [
    "int32 → integer (format removed)",
    { type: "integer", format: "int32" },
    { type: "integer" },
    ["type-generalized", C],
    ["type-generalized", B],
  ],
  [
    "integer → int32 (format added)",
    { type: "integer" },
    { type: "integer", format: "int32" },
    ["type-changed", B],
    ["type-specialized", C],
  ],
  // An upper bound removed loosens it, a lower bound removed too: -unset, not read as set.
  ["maxLength removed", { ...str, maxLength: 8 }, str, ["max-length-unset", C], ["max-length-unset", B]],
  [
    "maxItems removed",
    { type: "array", items: str, maxItems: 3 },
    { type: "array", items: str },
    ["max-items-unset", C],
    ["max-items-unset", B],
  ],
  ["minLength removed", { ...str, minLength: 2 }, str, ["min-length-unset", C], ["min-length-unset", B]],
];

describe("schema aspects the rules corpus did not pin, at every place a schema sits", () => {
  for (const subject of SUBJECTS) {
    const direction = subject.startsWith("request") ? "request" : "response";
    it.each(ASPECTS)(`${subject}: %s`, (_name, before, after, inRequest, inResponse) => {
      const [aspect, level] = direction === "request" ? inRequest : inResponse;
      expect(classify(withSchemaAt(subject, before), withSchemaAt(subject, after))).toEqual([
        [`${subject}-${aspect}`, level],
      ]);
    });
  }
});

describe("bodies and statuses", () => {
  // The generated client sends and reads JSON: of the media types both versions have, the JSON one is
  // compared, also when another sorts before it (mutant: the first common media type compared).
  it("compares a body's JSON schema when it also has a media type that sorts first", () => {
    const body = (name: Json) => {
      const schema = { type: "object", properties: { name } };
      return api({
        "/things": {
          post: {
            operationId: "createThing",
            requestBody: {
              content: { "application/cbor": { schema: { type: "object" } }, "application/json": { schema } },
            },
            responses: ok,
          },
        },
      });
    };
    expect(classify(body(str), body({ ...str, maxLength: 8 }))).toEqual([["request-property-max-length-set", B]]);
  });

  // openapi-fetch's typed `data` is the 2xx responses': a redirect is none of them (mutant: 3xx counted
  // as success, so removing it would read as BREAKING "code reading its data stops compiling").
  it("a redirect status (3xx) is no success status: removing or adding it is a change", () => {
    const responses = (extra: Json) =>
      api({ "/things": { get: { operationId: "listThings", responses: { ...ok, ...extra } } } });
    const redirect = { "302": { description: "Found", headers: { Location: { schema: str } } } };
    expect(classify(responses(redirect), responses({}))).toEqual([["response-non-success-status-removed", C]]);
    expect(classify(responses({}), responses(redirect))).toEqual([["response-non-success-status-added", C]]);
  });
});

describe("servers and component names", () => {
  // A variable whose enum is lifted accepts every value: no region is removed (mutant: each old value
  // reported removed, BREAKING, though `createXClient({ region })` accepts all of them still).
  it("a server variable whose enum is lifted loses no value", () => {
    const regional = (variable: Json) =>
      api(
        { "/things": { get: { operationId: "listThings", responses: ok } } },
        {},
        {
          servers: [{ url: "https://vpc.{region}.example.com", variables: { region: variable } }],
        },
      );
    expect(classify(regional({ default: "eu-de", enum: ["eu-de", "eu-nl"] }), regional({ default: "eu-de" }))).toEqual(
      [],
    );
  });

  // A rename stays inside one API: the same schema removed from one API's components and added to
  // another's is a removal there and an addition here (mutant: one rename, the addition lost).
  it("a schema that moves to another API's components is removed from one and added to the other", () => {
    const thing = { type: "object", properties: { id: str } };
    const withSchemas = (schemas: Json) =>
      api({ "/things": { get: { operationId: "listThings", responses: ok } } }, { schemas });
    const changes = diffApis(withSchemas({ OtcVpc_Thing: thing }), withSchemas({ OtcVpcep_Thing: thing }));
    expect(changes.map((c: Json) => [c.rule, c.level, c.api])).toEqual([
      ["api-schema-removed", B, "otc-vpc"],
      ["api-schema-added", A, "otc-vpcep"],
    ]);
  });
});

describe("a $ref wrapped in allOf beside a keyword of its own", () => {
  // `{ nullable: true, allOf: [$ref] }` (OpenAPI 3.0's nullable reference) takes the referenced schema's
  // format: int32 → int64 there is `number | bigint` in the response (mutant: allOf members' format not merged).
  it("sees the referenced schema's format change: int32 → int64 in a response is BREAKING", () => {
    const doc = (format: string) =>
      api(
        {
          "/things": {
            get: {
              operationId: "listThings",
              responses: {
                "200": {
                  description: "OK",
                  ...json({
                    type: "object",
                    properties: { count: { nullable: true, allOf: [{ $ref: "#/components/schemas/Count" }] } },
                  }),
                },
              },
            },
          },
        },
        { schemas: { Count: { type: "integer", format } } },
      );
    expect(diffApis(doc("int32"), doc("int64")).map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "response-property-type-generalized",
        B,
        "GET /things: response 200 field count type integer/int32 → integer/int64 (wider)",
      ],
    ]);
  });
});

describe("the safety net over the response validators", () => {
  const none = { before: new Map(), after: new Map() };
  const answering = (errorSchema: Json) =>
    api({
      "/things": {
        get: {
          operationId: "listThings",
          responses: { ...ok, "404": { description: "Not found", ...json(errorSchema) } },
        },
      },
    });
  const nullable = (values: (string | null)[]) => ({
    type: "object",
    properties: { code: { ...str, nullable: true, enum: values } },
  });

  // Every status's JSON schema is compiled into a validator, the errors' too (mutant: only 200 compared):
  // a null taken out of an error body's enum changes no fact a rule compares, but a `validate: "throw"`
  // client now refuses it.
  it("compares an error response's schema too: a change no rule explains is reported", () => {
    const changes = diffApis(answering(nullable(["E1", null])), answering(nullable(["E1"])), { declarations: none });
    expect(changes.map((c: Json) => [c.rule, c.level, c.args.key])).toEqual([
      ["generated-declaration-changed", B, 'validators["GET /things"]'],
    ]);
    expect(changes[0].diff).toEqual([
      '- 404.properties.code.enum: ["\\"E1\\"","null"]',
      '+ 404.properties.code.enum: ["\\"E1\\""]',
    ]);
  });
});

describe("constraints and unions", () => {
  const body = (schema: Json) =>
    api({
      "/things": {
        post: {
          operationId: "createThing",
          requestBody: json(schema),
          responses: { "201": { description: "Created" } },
        },
      },
    });
  const field = (schema: Json) => body({ type: "object", properties: { n: schema } });
  const int = { type: "integer" };

  // OpenAPI 3.0 writes an exclusive bound as a flag beside minimum/maximum (mutant: the flag compared as
  // the bound itself, so true → false read as the bound decreased, BREAKING).
  it("an OpenAPI 3.0 exclusiveMaximum flag dropped widens a request; an exclusiveMinimum flag set narrows it", () => {
    expect(
      classify(
        field({ ...int, maximum: 10, exclusiveMaximum: true }),
        field({ ...int, maximum: 10, exclusiveMaximum: false }),
      ),
    ).toEqual([["request-property-exclusive-max-unset", C]]);
    expect(
      classify(
        field({ ...int, minimum: 1, exclusiveMinimum: false }),
        field({ ...int, minimum: 1, exclusiveMinimum: true }),
      ),
    ).toEqual([["request-property-exclusive-min-set", B]]);
  });

  // Members alike in everything are told apart by their order among themselves (mutant: not told apart,
  // so the second hides the first and a change in the first is lost).
  it("a change in the first of two look-alike union members is reported, under its place", () => {
    const member = (a: Json) => ({ type: "object", properties: { a } });
    const union = (members: Json[]) => body({ type: "object", properties: { o: { anyOf: members } } });
    const changes = diffApis(union([member(str), member(str)]), union([member({ ...str, maxLength: 3 }), member(str)]));
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["request-property-max-length-set", B]]);
    expect(changes[0].message).toMatch(/<anyOf object \{a\}.* #1>\.a maxLength none → 3$/);
  });

  // A field every alternative requires is required (mutant: only the object's own required list counts).
  it("a field that every anyOf alternative comes to require is now required: BREAKING in a request", () => {
    const alternatives = (second: string[]) =>
      body({ type: "object", properties: { id: str, name: str }, anyOf: [{ required: ["id"] }, { required: second }] });
    expect(classify(alternatives(["name"]), alternatives(["id", "name"]))).toContainEqual([
      "request-property-became-required",
      B,
    ]);
  });

  // A rename is the same schema under a new name: its description reaches no generated type (mutant:
  // descriptions compared, so a renamed schema whose description was reworded reads as removed and added).
  it("a schema renamed with its description reworded is still one rename", () => {
    const named = (name: string, description: string) =>
      api(
        {
          "/things": {
            get: {
              operationId: "listThings",
              responses: { "200": { description: "OK", ...json({ $ref: `#/components/schemas/${name}` }) } },
            },
          },
        },
        { schemas: { [name]: { type: "object", description, properties: { id: str } } } },
      );
    expect(classify(named("Thing", "A thing."), named("Item", "An item."))).toEqual([["api-schema-renamed", B]]);
  });
});

describe("the safety net over the generated declarations", () => {
  const thingSchema = (extra = "") => `export interface components {
  schemas: {
    /** @description A thing. */
    Thing: {
      /** @description The thing's id. */
      id: string;${extra}
    };
  };
}
`;
  const listing = (prefix: string, id: Json) =>
    api(
      {
        [`/${prefix}/things`]: {
          get: {
            operationId: `list${prefix}Things`,
            responses: { "200": { description: "OK", ...json({ $ref: `#/components/schemas/${prefix}_Thing` }) } },
          },
        },
      },
      { schemas: { [`${prefix}_Thing`]: { type: "object", properties: { id } } } },
    );

  // Two APIs each have a components["schemas"]["Thing"]: a rule about one API's explains that API's
  // declaration only (mutant: a rule of any API explains a declaration of the same key in every API).
  it("a rule about one API does not explain the same declaration of another API", () => {
    const doc = (id: Json) => ({
      ...listing("OtcVpc", id),
      paths: { ...listing("OtcVpc", id).paths, ...listing("OtcVpcep", str).paths },
      components: {
        schemas: { ...listing("OtcVpc", id).components.schemas, ...listing("OtcVpcep", str).components.schemas },
      },
    });
    const changes = diffApis(doc(str), doc({ ...str, nullable: true }), {
      declarations: {
        before: new Map([
          ["generated/otc-vpc.ts", thingSchema()],
          ["generated/otc-vpcep.ts", thingSchema()],
        ]),
        after: new Map([
          ["generated/otc-vpc.ts", thingSchema().replace("id: string;", "id: string | null;")],
          ["generated/otc-vpcep.ts", thingSchema("\n      name: string;")],
        ]),
      },
    });
    expect(changes.map((c: Json) => [c.rule, c.level, c.api])).toEqual([
      ["response-property-became-nullable", B, "otc-vpc"],
      ["generated-declaration-changed", B, "otc-vpcep"],
    ]);
  });

  // Declarations are compared without comments (README: "compared without comments or layout"; mutant:
  // block comments kept, so a reworded JSDoc description reads as a declaration changed, BREAKING).
  it("a reworded JSDoc comment in a generated type is no change", () => {
    const doc = listing("OtcVpc", str);
    const changes = diffApis(doc, structuredClone(doc), {
      declarations: {
        before: new Map([["generated/otc-vpc.ts", thingSchema()]]),
        after: new Map([
          ["generated/otc-vpc.ts", thingSchema().replace("The thing's id.", "The id the VPC gave the thing.")],
        ]),
      },
    });
    expect(changes).toEqual([]);
  });

  // The JSON report (README "The JSON report"): each change's `api` from the components' prefix, and an
  // unexplained declaration change's `diff` lines (mutants: `api` dropped, `diff` dropped).
  it("the JSON report carries each change's API and an unexplained change's diff", () => {
    const doc = listing("OtcVpc", str);
    const codes = (status: number) =>
      new Map([
        [
          "generated/otc-vpc.error-codes.ts",
          `export const errorCodes = {\n  "VPC.0001": { status: ${status} },\n} as const;\n`,
        ],
      ]);
    const changes = diffApis(doc, listing("OtcVpc", { ...str, nullable: true }), {
      declarations: { before: codes(400), after: codes(409) },
    });
    expect(reportJson(changes)).toEqual({
      schemaVersion: 1,
      breaking: 2,
      additions: 0,
      changes: [
        {
          api: "otc-vpc",
          level: "breaking",
          rule: "response-property-became-nullable",
          operation: "GET /OtcVpc/things",
          message: "GET /OtcVpc/things: response 200 field id became nullable",
        },
        {
          api: "otc-vpc",
          level: "breaking",
          rule: "generated-declaration-changed",
          operation: null,
          message:
            'generated/otc-vpc.error-codes.ts: errorCodes["VPC.0001"] changed in ways the report does not describe (generated types changed; possibly breaking)',
          // The removed and the added line, in the order lineDiff gives them.
          diff: expect.arrayContaining(['- "VPC.0001": { status: 400 },', '+ "VPC.0001": { status: 409 },']),
        },
      ],
    });
  });
});

describe("isDeclarationFile", () => {
  // The validators are Ajv's code, compared through what they are compiled from (mutant: compared as
  // declarations too, so every regenerated validator would read as declarations changed).
  it("takes the generated TypeScript modules but not the validators' code", () => {
    expect(isDeclarationFile("otc-vpc.ts")).toBe(true);
    expect(isDeclarationFile("otc-vpc.meta.ts")).toBe(true);
    expect(isDeclarationFile("otc-vpc.cli.ts")).toBe(true);
    expect(isDeclarationFile("otc-vpc.validators.ts")).toBe(false);
    expect(isDeclarationFile("openapi.yaml")).toBe(false);
  });
});

describe("operations, parameters, security and pagination", () => {
  const body = (schema: Json, extra: Json = {}) => ({
    ...api({
      "/things": {
        post: {
          operationId: "createThing",
          requestBody: json(schema),
          responses: { "201": { description: "Created" } },
        },
      },
    }),
    ...extra,
  });

  // A renamed path parameter is one change, also when it is not the last of the path (mutant: every path
  // parameter keyed at one position, so the last hides the others and the rename is lost).
  it("renaming the first of two path parameters is one BREAKING rename", () => {
    const subnet = (vpc: string) =>
      api({
        [`/vpcs/{${vpc}}/subnets/{subnet_id}`]: {
          get: {
            operationId: "getSubnet",
            parameters: [
              { name: vpc, in: "path", required: true, schema: str },
              { name: "subnet_id", in: "path", required: true, schema: str },
            ],
            responses: ok,
          },
        },
      });
    expect(diffApis(subnet("vpc_id"), subnet("router_id")).map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "request-path-parameter-renamed",
        B,
        'GET /vpcs/{router_id}/subnets/{subnet_id}: path parameter vpc_id renamed to router_id: the path consumers pass changes ("/vpcs/{vpc_id}/subnets/{subnet_id}" → "/vpcs/{router_id}/subnets/{subnet_id}"), so does the `params.path` key (the URLs sent are the same)',
      ],
    ]);
  });

  // The API of a change comes from the prefix of the components the operation uses, its security
  // scheme among them (mutant: only $refs looked at, so the change has no API).
  it("takes a change's API from the prefix of the operation's security scheme when it refers to nothing else", () => {
    const secured = (parameters: Json[]) =>
      api(
        {
          "/things": {
            get: { operationId: "listThings", security: [{ OtcVpc_token: [] }], parameters, responses: ok },
          },
        },
        { securitySchemes: { OtcVpc_token: { type: "apiKey", in: "header", name: "X-Auth-Token" } } },
      );
    const changes = diffApis(secured([]), secured([{ name: "q", in: "query", schema: str }]));
    expect(changes.map((c: Json) => [c.rule, c.level, c.api])).toEqual([
      ["new-optional-request-parameter", A, "otc-vpc"],
    ]);
  });

  // `security: [{}, { token: [] }]` lets a caller go without credentials; dropping `{}` makes them required
  // (mutant: only an empty list counted as open).
  it("an optional authentication ({}) made mandatory is BREAKING", () => {
    const auth = (...security: Json[]) =>
      api(
        { "/things": { get: { operationId: "listThings", security, responses: ok } } },
        { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
      );
    expect(classify(auth({}, { token: [] }), auth({ token: [] }))).toEqual([["api-security-became-required", B]]);
  });

  // x-pagination is compared as data: its keys in another order are the same declaration (mutant:
  // compared as written, a reorder read as `paginate` paging differently, BREAKING).
  it("an x-pagination declaration with its keys reordered is no change", () => {
    const paged = (pagination: Json) =>
      api({ "/things": { get: { operationId: "listThings", "x-pagination": pagination, responses: ok } } });
    expect(
      classify(
        paged({ style: "marker", items: "things", markerField: "id" }),
        paged({ markerField: "id", items: "things", style: "marker" }),
      ),
    ).toEqual([]);
  });

  // CHANGE-RULES.md: pattern-generalized, "the new pattern accepts any string", written `^.*$` as often
  // as `.*` (mutant: only `.*` recognised, `^.*$` read as another pattern, BREAKING in a request).
  it("a pattern loosened to ^.*$ accepts any string: a compatible change in a request", () => {
    const field = (pattern: string) => body({ type: "object", properties: { name: { ...str, pattern } } });
    expect(classify(field("^[a-z]+$"), field("^.*$"))).toEqual([["request-property-pattern-generalized", C]]);
  });

  // A field that moves into only some members of a union on its object is gone from the others: removed
  // (mutant: any member's copy counted as the field moved, so its removal is not reported).
  it("a request field moved into one member of a oneOf, not all, is removed: BREAKING", () => {
    const before = body({ type: "object", properties: { name: str, kind: str } });
    const after = body({
      type: "object",
      properties: { kind: str },
      oneOf: [
        { title: "A", type: "object", properties: { name: str } },
        { title: "B", type: "object", properties: { other: str } },
      ],
    });
    expect(classify(before, after)).toEqual([
      ["request-body-one-of-added", C],
      ["request-property-removed", B],
    ]);
  });

  // An inline member is known by the value it gives the discriminator, a 3.1 `const` as well as a
  // one-value enum (mutant: `const` not read, the members look alike and are matched by position).
  it("3.1 inline union members pinned by const: a reorder is no change, an edit is named by the value", () => {
    const member = (kind: string, value: Json) => ({ type: "object", properties: { kind: { const: kind }, value } });
    const union = (members: Json[]) =>
      body(
        { type: "object", properties: { o: { oneOf: members, discriminator: { propertyName: "kind" } } } },
        { openapi: "3.1.0" },
      );
    const before = union([member("a", str), member("b", str)]);
    expect(classify(before, union([member("b", str), member("a", str)]))).toEqual([]);
    expect(
      diffApis(before, union([member("a", str), member("b", { ...str, maxLength: 2 })])).map((c: Json) => c.message),
    ).toEqual(["POST /things: request field o<oneOf kind=b>.value maxLength none → 2"]);
  });
});

describe("documentation strings of the CLI table", () => {
  const doc = api({ "/things": { get: { operationId: "listThings", responses: ok } } });
  const command = (operationId: string, summary: string, title = "Query", aliases = "[]") =>
    `    {\n      operationId: "${operationId}",\n      aliases: ${aliases},\n      summary: "${summary}",\n` +
    `      parameters: [{ name: "q", title: "${title}", required: false }],\n    },\n`;
  const cli = (commands: string) =>
    new Map([
      ["generated/test.cli.ts", `export const cli = {\n  api: "test",\n  commands: [\n${commands}  ],\n} as const;\n`],
    ]);

  // README: "a summary, description or title in the CLI table" alone changed is documentation, info
  // (mutant: title not a documentation string, so its edit reads as breaking).
  it("a parameter's title edited is documentation: info", () => {
    const changes = diffApis(doc, doc, {
      declarations: { before: cli(command("listThings", "List")), after: cli(command("listThings", "List", "Filter")) },
    });
    expect(changes.map((c: Json) => [c.rule, c.level, c.args.key])).toEqual([
      ["generated-documentation-changed", "info", 'cli["commands"]["listThings"]'],
    ]);
  });

  // Many documentation edits are collapsed apart from a real change beside them (mutant: grouped together,
  // so eleven summaries edited read as one breaking change of twelve commands).
  it("many summaries edited stay documentation beside one command's real change", () => {
    const ids = Array.from({ length: 11 }, (_, i) => `op${i}`);
    const before = cli(ids.map((id) => command(id, "Old")).join("") + command("real", "Same"));
    const after = cli(ids.map((id) => command(id, "New")).join("") + command("real", "Same", "Query", '["r"]'));
    const changes = diffApis(doc, doc, { declarations: { before, after } });
    expect(changes.map((c: Json) => [c.rule, c.level, c.args.key])).toEqual([
      ["generated-documentation-changed", "info", "cli (11 members)"],
      ["generated-declaration-changed", B, 'cli["commands"]["real"]'],
    ]);
  });
});

describe("a discriminator whose subtypes allOf the base schema", () => {
  // Pet holds the discriminator; Dog is `allOf: [Pet, {...}]`, in the mapping but in no oneOf. Dog stays and
  // is tagged otherwise: its generated literal changes, which is the discriminator's change (CHANGE-RULES.md:
  // "the discriminator-* rules are for a changed propertyName or a member that stays and is tagged
  // otherwise"), and that change explains Dog's declaration. (Before the fix, a retagged schema that was no
  // union member read as a member added and another removed with their entries: no rule, only the safety
  // net. Mutant killed too: the mapping's schemas not among the declarations the change explains.)
  it("a subtype retagged in the mapping is the discriminator's change (BREAKING), explaining the subtype's type", () => {
    const pets = (tag: string) =>
      api(
        {
          "/pets": {
            get: {
              operationId: "listPets",
              responses: { "200": { description: "OK", ...json({ $ref: "#/components/schemas/Pet" }) } },
            },
          },
        },
        {
          schemas: {
            Pet: {
              type: "object",
              required: ["kind"],
              properties: { kind: str },
              discriminator: { propertyName: "kind", mapping: { [tag]: "#/components/schemas/Dog" } },
            },
            Dog: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object", properties: { bark: str } }] },
          },
        },
      );
    const types = (tag: string) =>
      new Map([
        [
          "generated/test.ts",
          `export interface components {\n  schemas: {\n    Pet: {\n      kind: string;\n    };\n` +
            `    Dog: Omit<components["schemas"]["Pet"], "kind"> & {\n      bark?: string;\n    } & {\n      kind: "${tag}";\n    };\n  };\n}\n`,
        ],
      ]);
    const changes = diffApis(pets("dog"), pets("hound"), {
      declarations: { before: types("dog"), after: types("hound") },
    });
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["response-body-discriminator-changed", B]]);
  });
});
