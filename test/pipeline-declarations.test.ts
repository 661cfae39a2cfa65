/**
 * What generation checks and makes of a bundle, in-process on small documents: the x-pagination
 * checks (scripts/lib/pagination.mjs, shared with the lint rule), the x-cli commands
 * (scripts/lib/cli.mjs), the x-error-codes table (scripts/lib/meta.mjs), an operation's parameters
 * (scripts/lib/schema.mjs), which specs are bundled in-process (scripts/lib/plain-bundle.mjs) and two
 * bundle-time decorators (scripts/redocly/plugin.mjs). specs/CONVENTIONS.md documents the declarations.
 */
import { describe, expect, it } from "vitest";
import { fixtureFolders } from "./support/fixture-folders.js";

type Json = any;
const load = (path: string): Promise<Json> => import(path);
const { checkDeclaration, paginationTable, PaginationDeclarationError } = await load("../scripts/lib/pagination.mjs");
const { cliDescription, CliDeclarationError } = await load("../scripts/lib/cli.mjs");
const { collectErrorCodes, ErrorCodesError } = await load("../scripts/lib/meta.mjs");
const { isShadow, mergedParameters, operations } = await load("../scripts/lib/schema.mjs");
const { plainBundle } = await load("../scripts/lib/plain-bundle.mjs");
const { default: connectivityPlugin } = await load("../scripts/redocly/plugin.mjs");

/** A temporary folder holding `files` (path -> content). */
const fixture = fixtureFolders("connectivity-pipeline-declarations-");

const query = (name: string, schema: Json) => ({ name, in: "query", schema });
/** A GET operation whose JSON 200 body is an object with `properties`. */
const listing = (properties: Json, operationId = "listThings") => ({
  operationId,
  responses: {
    "200": { description: "OK", content: { "application/json": { schema: { type: "object", properties } } } },
  },
});
const THINGS = { type: "array", items: { type: "object", properties: { id: { type: "string" } } } };

describe("x-pagination: the checks lint and generate share", () => {
  const check = (declaration: Json, parameters: Json[], operation: Json = listing({ data: THINGS })) =>
    checkDeclaration({ doc: {}, method: "get", operation, parameters, declaration });
  const offsetTotal = { style: "offset-total", items: "data", size: "limit", offset: "offset", total: "count" };
  const integer = { type: "integer" };

  it("refuses a size or offset parameter that is not an integer", () => {
    const { problems } = check(
      { style: "offset-size", items: "data", size: "limit", offset: "offset", offsetUnit: "items" },
      [query("limit", { type: "string" }), query("offset", { type: "number" })],
    );
    expect(problems).toEqual([
      { key: "size", message: 'size parameter "limit" must be integer, is string' },
      { key: "offset", message: 'offset parameter "offset" must be integer, is number' },
    ]);
  });

  it("refuses an operation without a JSON 200 response", () => {
    const operation = { operationId: "listThings", responses: { "204": { description: "None" } } };
    const { problems, entry } = check(
      { style: "offset-size", items: "data", size: "limit", offset: "offset", offsetUnit: "items" },
      [query("limit", integer), query("offset", integer)],
      operation,
    );
    expect(entry).toBeUndefined();
    expect(problems).toEqual([{ key: null, message: "the operation has no JSON 200 response" }]);
  });

  it("refuses an items field that is not an array", () => {
    const { problems } = check(
      { style: "offset-size", items: "data", size: "limit", offset: "offset", offsetUnit: "items" },
      [query("limit", integer), query("offset", integer)],
      listing({ data: { type: "object", properties: { id: { type: "string" } } } }),
    );
    expect(problems).toEqual([{ key: "items", message: 'items field "data" is not an array in the 200 response' }]);
  });

  it("requires nextLink for style page-token", () => {
    const operation = listing({ data: THINGS, next: { type: "string" } });
    const { problems } = check({ style: "page-token", items: "data", size: "limit", cursor: "token" }, [
      query("limit", integer),
      query("token", { type: "string" }),
    ]);
    expect(problems).toEqual([{ key: null, message: '"nextLink" is required for style page-token' }]);
    const right = check(
      { style: "page-token", items: "data", size: "limit", cursor: "token", nextLink: "next" },
      [query("limit", integer), query("token", { type: "string" })],
      operation,
    );
    expect(right.problems).toEqual([]);
    expect(right.entry.nextLink).toEqual(["next"]);
  });

  it("takes an integer total count, and refuses a number", () => {
    const parameters = [query("limit", integer), query("offset", integer)];
    const counted = (count: Json) => check(offsetTotal, parameters, listing({ data: THINGS, count }));
    expect(counted({ type: "integer" })).toMatchObject({ problems: [], entry: { total: ["count"] } });
    expect(counted({ type: "number" }).problems).toEqual([
      { key: "total", message: 'total field "count" is not an integer in the 200 response' },
    ]);
  });

  it("writes the offset parameter's minimum into the runtime table, 0 when the schema has none", () => {
    const entry = (offset: Json) =>
      check(offsetTotal, [query("limit", integer), query("offset", offset)], listing({ data: THINGS, count: integer }))
        .entry;
    expect(entry({ type: "integer", minimum: 1 }).offset).toEqual({ param: "offset", minimum: 1 });
    expect(entry({ type: "integer" }).offset).toEqual({ param: "offset", minimum: 0 });
  });

  it("fails generation on an x-operation-additions entry or a top-level x-pagination the bundle kept (no operation took it)", () => {
    const doc = (extra: Json) => ({ openapi: "3.0.3", paths: { "/x": { get: listing({ data: THINGS }) } }, ...extra });
    expect(paginationTable(doc({}), "t.yaml")).toEqual({});
    expect(() =>
      paginationTable(doc({ "x-operation-additions": { listThingz: { summary: "typo" }, other: {} } }), "t.yaml"),
    ).toThrow(
      new PaginationDeclarationError("t.yaml: x-operation-additions names unknown operationId(s): listThingz, other"),
    );
    expect(() => paginationTable(doc({ "x-pagination": { style: "marker" } }), "t.yaml")).toThrow(
      new PaginationDeclarationError("t.yaml: x-pagination names unknown operationId(s): style"),
    );
  });
});

describe("x-cli: the commands of an API", () => {
  const doc = (paths: Json) => ({ openapi: "3.0.3", info: { title: "T", version: "1" }, paths });

  it("fails generation on a command word two operations of the API share", () => {
    const twice = doc({
      "/a": { get: { operationId: "listThings", responses: { "204": { description: "None" } } } },
      "/b": {
        get: {
          operationId: "getThings",
          "x-cli": { aliases: ["list-things"] },
          responses: { "204": { description: "None" } },
        },
      },
    });
    expect(() => cliDescription(twice, { api: "t", source: "t.yaml" })).toThrow(
      new CliDeclarationError(
        't.yaml: x-cli of GET /b (getThings): "list-things" is already the name or an alias of listThings',
      ),
    );
  });

  it("shows up to five scalar fields of the items by default, id, name and status first", () => {
    const item = {
      type: "object",
      properties: Object.fromEntries(
        ["a", "status", "b", "tags", "c", "name", "d", "id", "e"].map((name) => [
          name,
          name === "tags" ? { type: "array", items: { type: "string" } } : { type: "string" },
        ]),
      ),
    };
    const list = {
      ...listing({ data: { type: "array", items: item } }),
      parameters: [query("limit", { type: "integer" }), query("offset", { type: "integer" })],
      "x-pagination": { style: "offset-size", items: "data", size: "limit", offset: "offset", offsetUnit: "items" },
    };
    const [command] = cliDescription(doc({ "/things": { get: list } }), { api: "t", source: "t.yaml" }).commands;
    expect(command.pagination.columns).toEqual(["id", "name", "status", "a", "b"]);
  });
});

describe("x-error-codes: the error-code table", () => {
  const holder = (codes: Json) => ({ type: "string", "x-error-codes": codes });
  const E1 = { status: 400, message: "Bad" };

  it("merges the maps, a code described alike twice kept once, and fails on a code described two ways", () => {
    const doc = (second: Json) => ({ components: { schemas: { A: holder({ E1 }), B: holder({ E1: second }) } } });
    expect(collectErrorCodes(doc({ ...E1 }), "t.yaml")).toEqual({ E1 });
    expect(() => collectErrorCodes(doc({ status: 404, message: "Bad" }), "t.yaml")).toThrow(
      new ErrorCodesError("t.yaml: error code E1 is described differently at #/components/schemas/B/x-error-codes"),
    );
  });

  it("fails on an x-error-codes that is not a map", () => {
    for (const value of [[], null])
      expect(() => collectErrorCodes({ schemas: { A: holder(value) } }, "t.yaml"), JSON.stringify(value)).toThrow(
        new ErrorCodesError(
          "t.yaml: #/schemas/A/x-error-codes must be a map of error code to { status, message, ... }",
        ),
      );
  });
});

describe("an operation's parameters (scripts/lib/schema.mjs)", () => {
  it("are its path item's and its own, its own winning over a path item's of the same name and place", () => {
    const item = [
      { name: "limit", in: "query", description: "the path item's" },
      { name: "id", in: "path", description: "shared" },
    ];
    const own = [{ name: "limit", in: "query", description: "the operation's" }];
    const merged = mergedParameters(item, own);
    expect([...merged.keys()]).toEqual(["query:limit", "path:id"]);
    expect(merged.get("query:limit").param.description).toBe("the operation's");
    const doc = { paths: { "/x/{id}": { parameters: item, get: { operationId: "getX", parameters: own } } } };
    const [{ parameters }] = [...operations(doc)];
    expect(parameters.map((p: Json) => p.description)).toEqual(["the operation's", "shared"]);
  });
});

describe("plainBundle: which specs are bundled in-process", () => {
  it("leaves to Redocly a spec whose only $ref to another file sits in a list (allOf, parameters)", () => {
    const spec = (list: string) => `openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /x:
    get:
      ${list}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/A"
components:
  schemas:
    A: { type: object }
`;
    const dir = fixture({
      "inside.yaml": spec("parameters: [{ $ref: '#/components/parameters/P' }]").replace(
        "components:\n",
        "components:\n  parameters:\n    P: { name: p, in: query, schema: { type: string } }\n",
      ),
      "parameter.yaml": spec("parameters: [{ $ref: './parameters.yaml#/P' }]"),
      "member.yaml": spec("parameters: []").replace('"#/components/schemas/A"', '"./schemas.yaml#/A"'),
    });
    expect(plainBundle(dir, "inside.yaml")).toMatchObject({ paths: { "/x": { get: { parameters: [{}] } } } });
    expect(plainBundle(dir, "parameter.yaml")).toBeNull();
    expect(plainBundle(dir, "member.yaml")).toBeNull();
  });
});

describe("bundle-time decorators (scripts/redocly/plugin.mjs)", () => {
  const decorators = connectivityPlugin().decorators.oas3;

  it("attach-operation-additions adds what the vendor's operation lacks and never replaces what it has", () => {
    const visitor = decorators["attach-operation-additions"]();
    const operation = { operationId: "listThings", summary: "The vendor's", responses: {} };
    const root = {
      paths: { "/things": { get: operation } },
      "x-operation-additions": {
        listThings: { summary: "Ours", description: "Added", "x-pagination": { style: "marker" } },
      },
    };
    visitor.Root.enter(root);
    visitor.Operation.leave(operation);
    visitor.Root.leave(root);
    expect(operation).toEqual({
      operationId: "listThings",
      summary: "The vendor's",
      description: "Added",
      "x-pagination": { style: "marker" },
      responses: {},
    });
    expect(root).not.toHaveProperty("x-operation-additions");
  });

  it("fold-shadow-allof-members keeps the schema's own required list, and adds the member's, when the member left becomes the schema", () => {
    const schema: Json = {
      required: ["a"],
      allOf: [
        { type: "object", required: ["id"], properties: { a: { type: "string" }, id: { type: "string" } } },
        { description: "only annotates" },
      ],
    };
    decorators["fold-shadow-allof-members"]().Schema.leave(schema);
    expect(schema).toEqual({
      required: ["a", "id"],
      type: "object",
      properties: { a: { type: "string" }, id: { type: "string" } },
    });
  });

  it("restore-discriminator-refs points each mapping entry at the restored schema of its title, and drops an entry it cannot resolve", () => {
    const root: Json = { components: { schemas: {} } };
    const schema: Json = {
      oneOf: [{ title: "Cat", type: "object" }],
      discriminator: {
        propertyName: "kind",
        mapping: {
          cat: { title: "Cat", type: "object" },
          dog: { title: "Dog", type: "object" },
          bird: { type: "object" },
        },
      },
    };
    const visitor = decorators["restore-discriminator-refs"]();
    visitor.Root.enter(root);
    visitor.Schema.leave(schema);
    expect(schema.oneOf).toEqual([{ $ref: "#/components/schemas/Cat" }]);
    expect(schema.discriminator.mapping).toEqual({ cat: "#/components/schemas/Cat" });
    expect(root.components.schemas.Cat).toEqual({ title: "Cat", type: "object" });
  });

  it("a member that only annotates (a shadow) adds no type: an object or array type at most", () => {
    expect(isShadow({ type: "object", required: ["id"], properties: { id: { example: "x" } } })).toBe(true);
    expect(isShadow({ type: "array", items: { description: "an item" } })).toBe(true);
    for (const type of ["string", "integer", "number", "boolean"])
      expect(isShadow({ type, description: "typed" }), type).toBe(false);
    expect(isShadow({ type: "object", properties: { id: { type: "string", example: "x" } } })).toBe(false);
  });
});
