/**
 * Unit tests of the generator's pure parts, on small in-memory OpenAPI documents:
 * - scripts/lib/change-report.mjs: how an API surface change is classified and reported;
 * - scripts/lib/pagination.mjs: how `x-pagination` declarations are checked against their operation;
 * - scripts/redocly/plugin.mjs: the bundle-time decorators, called as Redocly calls their visitors.
 * The end-to-end behaviour of the pipeline is in test/pipeline.test.ts.
 */
import { describe, expect, it } from "vitest";

// The scripts are plain JavaScript without declarations, and tsconfig.json has no `allowJs`: a static
// import would fail `tsc --noEmit` (TS7016), so they are imported by URL and typed as `any`.
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { diffApis, formatChangeReport } = await load("../scripts/lib/change-report.mjs");
const { PaginationDeclarationError, paginationTable } = await load("../scripts/lib/pagination.mjs");
const { default: connectivityPlugin } = await load("../scripts/redocly/plugin.mjs");

type Json = Record<string, any>;
type Change = { breaking: boolean; text: string };

const api = (paths: Json, schemas: Json = {}): Json => ({
  openapi: "3.0.3",
  info: { title: "Test", version: "1.0.0" },
  paths,
  components: { schemas },
});

const json = (schema: Json) => ({ content: { "application/json": { schema } } });
const query = (name: string, schema: Json = { type: "string" }, required = false) => ({
  name,
  in: "query",
  required,
  schema,
});

/** GET /things returning `{ items: Thing[] }`, with the given query parameters and Thing properties. */
function things({ params = [] as Json[], thing = {} as Json, required = [] as string[], schemas = {} as Json } = {}) {
  return api(
    {
      "/things": {
        get: {
          operationId: "listThings",
          parameters: params,
          responses: {
            "200": {
              description: "OK",
              ...json({
                type: "object",
                properties: { items: { type: "array", items: { type: "object", required, properties: thing } } },
              }),
            },
          },
        },
      },
    },
    schemas,
  );
}

/** POST /things with a JSON body of the given properties. */
function create(properties: Json, required: string[] = [], bodyRequired = false) {
  return api({
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: { required: bodyRequired, ...json({ type: "object", required, properties }) },
        responses: { "201": { description: "Created" } },
      },
    },
  });
}

const diff = (before: Json | null, after: Json): Change[] =>
  diffApis(before, after).map((c: Json) => ({ breaking: c.breaking, text: c.message }));

describe("diffApis", () => {
  it("reports no change between equal documents", () => {
    const doc = things({ params: [query("q")], thing: { id: { type: "string" } } });
    expect(diff(doc, structuredClone(doc))).toEqual([]);
  });

  it("reports every operation as added when there is no previous document", () => {
    expect(diff(null, things())).toEqual([{ breaking: false, text: "operation GET /things (listThings) added" }]);
  });

  it("reports an added operation (not breaking) and a removed one (BREAKING)", () => {
    const before = things();
    const after = things();
    after.paths["/things/{id}"] = {
      get: {
        operationId: "getThing",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "OK" } },
      },
    };
    expect(diff(before, after)).toEqual([{ breaking: false, text: "operation GET /things/{id} (getThing) added" }]);
    expect(diff(after, before)).toEqual([{ breaking: true, text: "operation GET /things/{id} (getThing) removed" }]);
  });

  it("reports a renamed operationId as BREAKING", () => {
    const after = things();
    after.paths["/things"].get.operationId = "getThings";
    expect(diff(things(), after)).toEqual([
      { breaking: true, text: "GET /things: operationId listThings → getThings" },
    ]);
  });

  describe("parameters", () => {
    it("an added optional query parameter is not breaking", () => {
      expect(diff(things(), things({ params: [query("q")] }))).toEqual([
        { breaking: false, text: "GET /things: query parameter q added" },
      ]);
    });

    it("an added required query parameter is BREAKING", () => {
      expect(diff(things(), things({ params: [query("q", { type: "string" }, true)] }))).toEqual([
        { breaking: true, text: "GET /things: query parameter q added (required)" },
      ]);
    });

    it("a removed query parameter is BREAKING", () => {
      expect(diff(things({ params: [query("q")] }), things())).toEqual([
        { breaking: true, text: "GET /things: query parameter q removed" },
      ]);
    });

    it("a query parameter made required is BREAKING, made optional is a compatible change", () => {
      const optional = things({ params: [query("q")] });
      const required = things({ params: [query("q", { type: "string" }, true)] });
      expect(diff(optional, required)).toEqual([
        { breaking: true, text: "GET /things: query parameter q is now required" },
      ]);
      expect(diff(required, optional)).toEqual([
        { breaking: false, text: "GET /things: query parameter q is now optional" },
      ]);
    });

    it("a changed parameter type is BREAKING", () => {
      expect(diff(things({ params: [query("q")] }), things({ params: [query("q", { type: "integer" })] }))).toEqual([
        { breaking: true, text: "GET /things: query parameter q type string → integer" },
      ]);
    });

    it("an enum value removed from a request parameter is BREAKING, one added is not", () => {
      const abc = things({ params: [query("status", { type: "string", enum: ["a", "b", "c"] })] });
      const ab = things({ params: [query("status", { type: "string", enum: ["a", "b"] })] });
      expect(diff(abc, ab)).toEqual([
        { breaking: true, text: "GET /things: query parameter status values: removed c" },
      ]);
      expect(diff(ab, abc)).toEqual([{ breaking: false, text: "GET /things: query parameter status values: added c" }]);
    });

    it("a request parameter that becomes an enum is BREAKING, one that stops being an enum is not", () => {
      const plain = things({ params: [query("status")] });
      const enumerated = things({ params: [query("status", { type: "string", enum: ["a"] })] });
      expect(diff(plain, enumerated)).toEqual([
        { breaking: true, text: "GET /things: query parameter status values: now an enum" },
      ]);
      expect(diff(enumerated, plain)).toEqual([
        { breaking: false, text: "GET /things: query parameter status values: no longer an enum" },
      ]);
    });

    it("reorders of enum values are no change", () => {
      const ab = things({ params: [query("status", { type: "string", enum: ["a", "b"] })] });
      const ba = things({ params: [query("status", { type: "string", enum: ["b", "a"] })] });
      expect(diff(ab, ba)).toEqual([]);
    });

    it("follows parameter $refs and merges path-level parameters into the operation", () => {
      const doc = (required: boolean) => {
        const result = things();
        result.components.parameters = { Q: query("q", { type: "string" }, required) };
        result.paths["/things"].parameters = [{ $ref: "#/components/parameters/Q" }];
        return result;
      };
      expect(diff(doc(false), doc(true))).toEqual([
        { breaking: true, text: "GET /things: query parameter q is now required" },
      ]);
    });
  });

  describe("response fields", () => {
    const thing = { id: { type: "string" }, name: { type: "string" } };

    it("a removed response field is BREAKING", () => {
      expect(diff(things({ thing }), things({ thing: { id: thing.id } }))).toEqual([
        { breaking: true, text: "GET /things: response 200 field items[].name removed" },
      ]);
    });

    it("an added response field is not breaking", () => {
      expect(diff(things({ thing: { id: thing.id } }), things({ thing }))).toEqual([
        { breaking: false, text: "GET /things: response 200 field items[].name added" },
      ]);
    });

    it("a changed response field type is BREAKING", () => {
      expect(diff(things({ thing }), things({ thing: { ...thing, name: { type: "integer" } } }))).toEqual([
        { breaking: true, text: "GET /things: response 200 field items[].name type string → integer" },
      ]);
    });

    it("a response field that is no longer required is BREAKING, one that becomes required is not", () => {
      const optional = things({ thing });
      const required = things({ thing, required: ["name"] });
      expect(diff(required, optional)).toEqual([
        { breaking: true, text: "GET /things: response 200 field items[].name is no longer always present" },
      ]);
      expect(diff(optional, required)).toEqual([
        { breaking: false, text: "GET /things: response 200 field items[].name is now always present" },
      ]);
    });

    it("a value added to a response field's enum is BREAKING (exhaustive handling misses it), one removed too (comparing with it stops compiling)", () => {
      const status = (values: string[]) => things({ thing: { status: { type: "string", enum: values } } });
      expect(diff(status(["A", "B"]), status(["A"]))).toEqual([
        { breaking: true, text: "GET /things: response 200 field items[].status values: removed B" },
      ]);
      expect(diff(status(["A"]), status(["A", "B"]))).toEqual([
        { breaking: true, text: "GET /things: response 200 field items[].status values: added B" },
      ]);
    });

    it("reports a removed and an added success response", () => {
      const after = things();
      const ok = after.paths["/things"].get.responses["200"];
      after.paths["/things"].get.responses = { "206": ok };
      expect(diff(things(), after)).toEqual([
        { breaking: true, text: "GET /things: response 200 removed" },
        { breaking: false, text: "GET /things: response 206 added" },
      ]);
    });

    it("reports an added error response as a compatible change (the typed error union gains a member)", () => {
      const after = things();
      after.paths["/things"].get.responses["404"] = { description: "x", ...json({ type: "object" }) };
      expect(diff(things(), after)).toEqual([{ breaking: false, text: "GET /things: response 404 added" }]);
    });

    it("follows $ref and allOf to the fields", () => {
      const doc = (baseProperties: Json) =>
        api(
          {
            "/things": {
              get: {
                operationId: "listThings",
                responses: { "200": { $ref: "#/components/responses/Things" } },
              },
            },
          },
          {
            Base: { type: "object", properties: baseProperties },
            Thing: {
              allOf: [
                { $ref: "#/components/schemas/Base" },
                { type: "object", properties: { name: { type: "string" } } },
              ],
            },
            Things: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
          },
        );
      const before = doc({ id: { type: "string" }, created: { type: "string" } });
      before.components.responses = { Things: { description: "OK", ...json({ $ref: "#/components/schemas/Things" }) } };
      const after = doc({ id: { type: "integer" } });
      after.components.responses = before.components.responses;
      expect(diff(before, after)).toEqual([
        { breaking: true, text: "GET /things: response 200 field [].id type string → integer" },
        { breaking: true, text: "GET /things: response 200 field [].created removed" },
      ]);
    });

    it("stops at recursive schemas", () => {
      const tree = (extra: Json) =>
        things({
          thing: { node: { $ref: "#/components/schemas/Node" } },
          schemas: {
            Node: {
              type: "object",
              properties: { children: { type: "array", items: { $ref: "#/components/schemas/Node" } }, ...extra },
            },
          },
        });
      expect(diff(tree({}), tree({ label: { type: "string" } }))).toEqual([
        { breaking: false, text: "GET /things: response 200 field items[].node.label added" },
      ]);
    });
  });

  describe("request body fields", () => {
    it("an added required request field is BREAKING, an optional one is not", () => {
      const before = create({ name: { type: "string" } }, ["name"]);
      expect(diff(before, create({ name: { type: "string" }, size: { type: "integer" } }, ["name", "size"]))).toEqual([
        { breaking: true, text: "POST /things: request field size added (required)" },
      ]);
      expect(diff(before, create({ name: { type: "string" }, size: { type: "integer" } }, ["name"]))).toEqual([
        { breaking: false, text: "POST /things: request field size added" },
      ]);
    });

    it("a request field made required is BREAKING", () => {
      expect(diff(create({ name: { type: "string" } }), create({ name: { type: "string" } }, ["name"]))).toEqual([
        { breaking: true, text: "POST /things: request field name is now required" },
      ]);
    });

    it("a request body made required is BREAKING", () => {
      expect(diff(create({}), create({}, [], true))).toEqual([
        { breaking: true, text: "POST /things: request body is now required" },
      ]);
    });
  });
});

describe("formatChangeReport", () => {
  it("says so when nothing changed", () => {
    expect(formatChangeReport([])).toBe("API surface unchanged.");
  });

  it("counts the changes and marks the breaking ones, aligned", () => {
    expect(
      formatChangeReport([
        { breaking: true, message: "GET /a: query parameter q removed" },
        { breaking: false, message: "operation GET /b (getB) added" },
      ]),
    ).toBe(
      [
        "API surface changed: 2 change(s), 1 BREAKING",
        "BREAKING GET /a: query parameter q removed",
        "         operation GET /b (getB) added",
      ].join("\n"),
    );
  });
});

describe("paginationTable", () => {
  const FILE = "specs/test/openapi.yaml";
  const WHERE = `${FILE}: x-pagination of GET /things (listThings): `;
  const STYLES: Record<string, Json> = {
    "offset-total": { style: "offset-total", items: "data", size: "limit", offset: "offset", total: "meta.total" },
    marker: { style: "marker", items: "data", size: "limit", cursor: "marker", markerField: "id" },
    "page-token": { style: "page-token", items: "data", size: "limit", cursor: "token", nextLink: "meta.next" },
    "offset-size": { style: "offset-size", items: "data", size: "limit", offset: "offset", offsetUnit: "pages" },
  };

  /** GET /things with every parameter and body field any style refers to. */
  function paged(
    declaration: Json,
    { limit = { type: "integer", default: 20, maximum: 100, minimum: 1 } as Json } = {},
  ) {
    return api(
      {
        "/things": {
          get: {
            operationId: "listThings",
            "x-pagination": declaration,
            parameters: [query("limit", limit), query("offset", { type: "integer" }), query("marker"), query("token")],
            responses: {
              "200": {
                description: "OK",
                ...json({
                  type: "object",
                  properties: {
                    data: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
                    meta: {
                      type: "object",
                      properties: { total: { type: "integer" }, next: { type: "string" }, page: { type: "string" } },
                    },
                  },
                }),
              },
            },
          },
        },
      },
      { Thing: { allOf: [{ type: "object", properties: { id: { type: "string" } } }] } },
    );
  }

  const failure = (doc: Json) => {
    try {
      paginationTable(doc, FILE);
    } catch (error) {
      expect(error).toBeInstanceOf(PaginationDeclarationError);
      return (error as Error).message;
    }
    throw new Error("paginationTable did not fail");
  };

  it("builds the runtime table of each style", () => {
    const size = { param: "limit", default: 20, maximum: 100, minimum: 1 };
    const base = { operationId: "listThings", items: ["data"], size };
    expect(paginationTable(paged(STYLES["offset-total"]!), FILE)).toEqual({
      "/things": { ...base, style: "offset-total", offset: { param: "offset", minimum: 0 }, total: ["meta", "total"] },
    });
    expect(paginationTable(paged(STYLES.marker!), FILE)).toEqual({
      "/things": { ...base, style: "marker", cursor: "marker", markerField: "id" },
    });
    expect(paginationTable(paged(STYLES["page-token"]!), FILE)).toEqual({
      "/things": { ...base, style: "page-token", cursor: "token", nextLink: ["meta", "next"] },
    });
    expect(paginationTable(paged({ ...STYLES["page-token"], total: "meta.total" }), FILE)["/things"].total).toEqual([
      "meta",
      "total",
    ]);
    expect(paginationTable(paged(STYLES["offset-size"]!), FILE)).toEqual({
      "/things": { ...base, style: "offset-size", offset: { param: "offset", minimum: 0 }, offsetUnit: "pages" },
    });
  });

  it("writes null for a size parameter's undocumented default and bounds", () => {
    expect(paginationTable(paged(STYLES.marker!, { limit: { type: "integer" } }), FILE)["/things"].size).toEqual({
      param: "limit",
      default: null,
      maximum: null,
      minimum: null,
    });
  });

  it("skips operations without a declaration", () => {
    expect(paginationTable(things(), FILE)).toEqual({});
  });

  describe("requires each key of each style", () => {
    const cases = Object.entries(STYLES).flatMap(([style, declaration]) =>
      Object.keys(declaration)
        .filter((key) => key !== "style")
        .map((key) => [style, key] as const),
    );
    it.each(cases)("%s: %s", (style, key) => {
      const declaration = { ...STYLES[style] };
      delete declaration[key];
      expect(failure(paged(declaration))).toBe(`${WHERE}"${key}" is required for style ${style}`);
    });
  });

  it("rejects an unknown style", () => {
    expect(failure(paged({ ...STYLES.marker, style: "cursor" }))).toBe(
      `${WHERE}unknown style "cursor" (expected one of offset-total, marker, page-token, offset-size)`,
    );
  });

  it("rejects a key that does not belong to the style", () => {
    expect(failure(paged({ ...STYLES.marker, total: "meta.total" }))).toBe(
      `${WHERE}"total" does not belong to style marker`,
    );
    expect(failure(paged({ ...STYLES.marker, pageSize: "limit" }))).toBe(
      `${WHERE}"pageSize" does not belong to style marker`,
    );
  });

  it("rejects items that are missing or not an array", () => {
    expect(failure(paged({ ...STYLES.marker, items: "datas" }))).toBe(
      `${WHERE}items field "datas" is not in the 200 response`,
    );
    expect(failure(paged({ ...STYLES.marker, items: "meta" }))).toBe(
      `${WHERE}items field "meta" is not an array in the 200 response`,
    );
  });

  it("rejects a size parameter that is missing or not an integer", () => {
    expect(failure(paged({ ...STYLES.marker, size: "page_size" }))).toBe(
      `${WHERE}size parameter "page_size" is not a query parameter of the operation`,
    );
    expect(failure(paged(STYLES.marker!, { limit: { type: "string" } }))).toBe(
      `${WHERE}size parameter "limit" must be integer, is string`,
    );
  });

  it("rejects an offset or cursor that is not a query parameter", () => {
    expect(failure(paged({ ...STYLES["offset-total"], offset: "start" }))).toBe(
      `${WHERE}offset parameter "start" is not a query parameter of the operation`,
    );
    expect(failure(paged({ ...STYLES.marker, cursor: "after" }))).toBe(
      `${WHERE}cursor parameter "after" is not a query parameter of the operation`,
    );
  });

  it("rejects a markerField that is not a field of the items", () => {
    expect(failure(paged({ ...STYLES.marker, markerField: "idx" }))).toBe(
      `${WHERE}markerField "idx" is not a field of the items`,
    );
  });

  it("rejects a nextLink that is not a string, and a total that is not an integer", () => {
    expect(failure(paged({ ...STYLES["page-token"], nextLink: "meta.total" }))).toBe(
      `${WHERE}nextLink field "meta.total" is not a string in the 200 response`,
    );
    expect(failure(paged({ ...STYLES["page-token"], nextLink: "meta.nope" }))).toBe(
      `${WHERE}nextLink field "meta.nope" is not a string in the 200 response`,
    );
    expect(failure(paged({ ...STYLES["offset-total"], total: "meta.next" }))).toBe(
      `${WHERE}total field "meta.next" is not an integer in the 200 response`,
    );
  });

  it("rejects an offsetUnit other than items or pages", () => {
    expect(failure(paged({ ...STYLES["offset-size"], offsetUnit: "bytes" }))).toBe(
      `${WHERE}offsetUnit must be "items" or "pages"`,
    );
  });

  it("rejects a declaration on an operation that is not a GET, or without a JSON 200 response", () => {
    const post = paged(STYLES.marker!);
    post.paths["/things"] = { post: { ...post.paths["/things"].get, operationId: "searchThings" } };
    expect(failure(post)).toBe(
      `${FILE}: x-pagination of POST /things (searchThings): only GET operations can be paginated`,
    );
    const noBody = paged(STYLES.marker!);
    noBody.paths["/things"].get.responses = { "200": { description: "OK" } };
    expect(failure(noBody)).toBe(`${WHERE}the operation has no JSON 200 response`);
  });

  it("rejects leftover x-operation-additions and top-level x-pagination, naming the operationIds", () => {
    const leftover = { ...paged(STYLES.marker!), "x-operation-additions": { listThingz: { summary: "List" } } };
    expect(failure(leftover)).toBe(`${FILE}: x-operation-additions names unknown operationId(s): listThingz`);
    const topLevel = { ...things(), "x-pagination": { listThingz: STYLES.marker, other: STYLES.marker } };
    expect(failure(topLevel)).toBe(`${FILE}: x-pagination names unknown operationId(s): listThingz, other`);
  });
});

describe("Redocly decorators (scripts/redocly/plugin.mjs)", () => {
  const decorators = connectivityPlugin().decorators.oas3;
  const fold = (schema: Json) => {
    decorators["fold-shadow-allof-members"]().Schema.leave(schema);
    return schema;
  };

  describe("fold-shadow-allof-members", () => {
    it("folds a shadow member's required list, examples and descriptions into the one member left, which becomes the schema", () => {
      const schema = fold({
        description: "A thing",
        allOf: [
          { type: "object", required: ["id"], properties: { id: { type: "string" }, name: { type: "string" } } },
          { type: "object", required: ["name"], properties: { name: { example: "x", description: "The name" } } },
        ],
      });
      expect(schema).toEqual({
        description: "A thing",
        type: "object",
        required: ["id", "name"],
        properties: { id: { type: "string" }, name: { type: "string", example: "x", description: "The name" } },
      });
    });

    it("keeps the other members and folds into the member that defines the property, or the schema", () => {
      const inline = { type: "object", properties: { name: { type: "string" } } };
      const schema = fold({
        allOf: [{ $ref: "#/components/schemas/Base" }, inline, { required: ["name", "id"] }],
      });
      expect(schema).toEqual({
        allOf: [
          { $ref: "#/components/schemas/Base" },
          { type: "object", required: ["name"], properties: { name: { type: "string" } } },
        ],
        // `id` is defined behind the $ref: the composition itself requires it.
        required: ["id"],
      });
    });

    it("keeps a $ref as the one member left", () => {
      expect(fold({ allOf: [{ $ref: "#/components/schemas/Base" }, { required: ["id"] }] })).toEqual({
        allOf: [{ $ref: "#/components/schemas/Base" }],
        required: ["id"],
      });
    });

    it("turns an allOf of one $ref and shadows, with nothing beside it, into that $ref", () => {
      expect(fold({ allOf: [{ $ref: "#/components/schemas/Base" }, { description: "x", example: {} }] })).toEqual({
        $ref: "#/components/schemas/Base",
      });
    });

    it("folds nested required lists of properties and of array items", () => {
      const schema = fold({
        allOf: [
          {
            type: "object",
            properties: {
              spec: { type: "object", properties: { cloud: { type: "string" }, region: { type: "string" } } },
              data: {
                type: "array",
                items: { type: "object", required: ["kind"], properties: { id: { type: "string" }, kind: {} } },
              },
            },
          },
          {
            type: "object",
            properties: {
              spec: { type: "object", required: ["cloud", "region"], properties: { cloud: { example: "AWS" } } },
              data: { type: "array", items: { type: "object", required: ["id"] } },
            },
          },
        ],
      });
      expect(schema.allOf).toBeUndefined();
      expect(schema.properties.spec.required).toEqual(["cloud", "region"]);
      expect(schema.properties.data.items.required).toEqual(["kind", "id"]);
      expect(schema.properties.spec.properties.cloud).toEqual({ type: "string", example: "AWS" });
    });

    it("finds the defining schema inside nested inline allOf members", () => {
      const nested = { type: "object", properties: { id: { type: "string" } } };
      const schema = fold({
        allOf: [
          { allOf: [{ $ref: "#/components/schemas/Base" }, nested] },
          { $ref: "#/components/schemas/Other" },
          { required: ["id"] },
        ],
      });
      expect(nested).toEqual({ type: "object", required: ["id"], properties: { id: { type: "string" } } });
      expect(schema.required).toBeUndefined();
      expect(schema.allOf).toHaveLength(2);
    });

    it("leaves schemas alone that have no shadow member, or only shadow members", () => {
      const typed = {
        allOf: [{ $ref: "#/a" }, { type: "object", properties: { id: { type: "string", enum: ["x"] } } }],
      };
      expect(fold(structuredClone(typed))).toEqual(typed);
      const constrained = { allOf: [{ $ref: "#/a" }, { properties: { id: { maxLength: 3 } } }] };
      expect(fold(structuredClone(constrained))).toEqual(constrained);
      const onlyShadows = { allOf: [{ required: ["a"] }, { description: "x" }] };
      expect(fold(structuredClone(onlyShadows))).toEqual(onlyShadows);
      const plain = { type: "object", properties: {} };
      expect(fold(structuredClone(plain))).toEqual(plain);
    });
  });

  describe("restore-discriminator-refs", () => {
    const visitor = () => decorators["restore-discriminator-refs"]();

    it("turns inline oneOf members into named components and points the mapping at them", () => {
      const aws = { title: "Aws Connection", type: "object", properties: { kind: { type: "string" } } };
      const gcp = { title: "GcpConnection", type: "object", properties: { kind: { type: "string" } } };
      const schema = {
        oneOf: [aws, gcp, { $ref: "#/components/schemas/Azure" }],
        discriminator: {
          propertyName: "kind",
          mapping: {
            AWS: { ...aws },
            GCP: { ...gcp },
            AZURE: "#/components/schemas/Azure",
            OTHER: { title: "NotAMember" },
          },
        },
      };
      const root: Json = { openapi: "3.0.0", paths: {} };
      const v = visitor();
      v.Root.enter(root);
      v.Schema.leave(schema);
      expect(schema.oneOf).toEqual([
        { $ref: "#/components/schemas/Aws_Connection" },
        { $ref: "#/components/schemas/GcpConnection" },
        { $ref: "#/components/schemas/Azure" },
      ]);
      expect(schema.discriminator.mapping).toEqual({
        AWS: "#/components/schemas/Aws_Connection",
        GCP: "#/components/schemas/GcpConnection",
        AZURE: "#/components/schemas/Azure",
      });
      expect(root.components.schemas).toEqual({ Aws_Connection: aws, GcpConnection: gcp });
    });

    it("leaves a oneOf without discriminator, and untitled members, alone", () => {
      const root: Json = { components: { schemas: {} } };
      const v = visitor();
      v.Root.enter(root);
      const plain = { oneOf: [{ title: "A", type: "object" }] };
      v.Schema.leave(plain);
      expect(plain).toEqual({ oneOf: [{ title: "A", type: "object" }] });
      const untitled = { oneOf: [{ type: "object" }], discriminator: { propertyName: "kind" } };
      v.Schema.leave(untitled);
      expect(untitled.oneOf).toEqual([{ type: "object" }]);
      expect(root.components.schemas).toEqual({});
    });
  });

  describe("attach-operation-additions", () => {
    const pagination = {
      style: "page-token",
      items: "data",
      size: "page_size",
      cursor: "page_token",
      nextLink: "next",
    };

    it("moves each entry onto its operation without overwriting what the vendor set, and drops the map", () => {
      const operation = { operationId: "listThings", description: "Vendor text", responses: {} };
      const root: Json = {
        paths: { "/things": { get: operation } },
        "x-operation-additions": {
          listThings: { summary: "List things", description: "Ours", "x-pagination": pagination },
        },
      };
      const v = decorators["attach-operation-additions"]();
      v.Root.enter(root);
      v.Operation.leave(operation);
      v.Root.leave(root);
      expect(operation).toEqual({
        operationId: "listThings",
        description: "Vendor text",
        responses: {},
        summary: "List things",
        "x-pagination": pagination,
      });
      expect(root).not.toHaveProperty("x-operation-additions");
    });

    it("keeps the entries that matched no operation at the top level, for the generator to reject", () => {
      const operation = { operationId: "listThings", summary: "Vendor summary" };
      const root: Json = {
        paths: { "/things": { get: operation } },
        "x-operation-additions": { listThings: { summary: "Ours" }, listThingz: { summary: "Typo" } },
      };
      const v = decorators["attach-operation-additions"]();
      v.Root.enter(root);
      v.Operation.leave(operation);
      v.Operation.leave({ operationId: "other" });
      v.Root.leave(root);
      expect(operation).toEqual({ operationId: "listThings", summary: "Vendor summary" });
      expect(root["x-operation-additions"]).toEqual({ listThingz: { summary: "Typo" } });
    });

    it("does nothing to a document without additions", () => {
      const root: Json = { paths: {} };
      const operation = { operationId: "listThings" };
      const v = decorators["attach-operation-additions"]();
      v.Root.enter(root);
      v.Operation.leave(operation);
      v.Root.leave(root);
      expect(root).toEqual({ paths: {} });
      expect(operation).toEqual({ operationId: "listThings" });
    });
  });
});
