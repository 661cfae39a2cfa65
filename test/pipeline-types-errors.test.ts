// scripts/lib/types.mjs on documents openapi-typescript's own lint and bundle (`openapiTS()`, which
// generate does not run: the document is Redocly's bundle already) would refuse: an error is thrown, and
// nothing is printed on stderr (generate runs it while Redocly lints: the lint's message, with the spec's
// file and line, is the one a user reads). And on documents it reads as `openapiTS()` did.
import { afterEach, describe, expect, it, vi } from "vitest";

const { typesModule } = (await import("../scripts/lib/types.mjs" as string)) as {
  typesModule: (doc: unknown) => Promise<string>;
};

type Json = Record<string, any>;

/** A document whose one operation answers `schema`, with `components`. */
const doc = (schema: Json, components?: Json, more: Json = {}): Json => ({
  openapi: "3.0.3",
  info: { title: "Fixture", version: "1" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        responses: { "200": { description: "OK", content: { "application/json": { schema } } } },
      },
    },
  },
  ...(components ? { components } : {}),
  ...more,
});

const DANGLING = doc({ $ref: "#/components/schemas/Missing" });

afterEach(() => vi.restoreAllMocks());

describe("typesModule on a $ref to nothing", () => {
  it("throws an error naming the $ref and prints nothing; console.error is given back", async () => {
    const printed = vi.spyOn(console, "error");
    const original = console.error;
    await expect(typesModule(DANGLING)).rejects.toThrow(/Can't resolve \$ref #\/components\/schemas\/Missing/);
    expect(printed).not.toHaveBeenCalled();
    expect(console.error).toBe(original);
  });
});

/** A Pet that is a oneOf of its `member`, told apart by `property` through `mapping`. */
const pets = (member: string, property: string, mapping: Json) =>
  doc(
    { $ref: "#/components/schemas/Pet" },
    {
      schemas: {
        Pet: {
          oneOf: [{ $ref: `#/components/schemas/${member}` }],
          discriminator: { propertyName: property, mapping },
        },
        [member]: { type: "object", required: [property], properties: { [property]: { type: "string" } } },
      },
    },
  );

describe("typesModule refuses what openapiTS() refused", () => {
  const cases: [string, Json, RegExp][] = [
    [
      "a discriminator mapping to a schema that does not exist",
      pets("Dog", "petType", { fish: "#/components/schemas/Fish" }),
      /Can't resolve \$ref #\/components\/schemas\/Fish/,
    ],
    [
      "a $ref to another file",
      doc({ $ref: "other.yaml#/components/schemas/A" }, { schemas: { A: { type: "string" } } }),
      /Can't resolve \$ref other\.yaml#.*not a place in this document/,
    ],
    ["a $ref to a URL", doc({ $ref: "https://example.test/a.yaml#/A" }), /Can't resolve \$ref https:/],
    [
      "a $ref whose path goes through another $ref (Redocly resolves it; the validators' compiler would not)",
      doc(
        { $ref: "#/components/schemas/Alias/properties/id" },
        { schemas: { Alias: { $ref: "#/components/schemas/A" }, A: { type: "object", properties: { id: {} } } } },
      ),
      /^Can't resolve \$ref #\/components\/schemas\/Alias\/properties\/id: it goes through a \$ref \(to #\/components\/schemas\/A\); write #\/components\/schemas\/A\/properties\/id$/,
    ],
    [
      "a $ref through another $ref to a place the target does not have either (a typo)",
      doc(
        { $ref: "#/components/schemas/Alias/properties/idd" },
        { schemas: { Alias: { $ref: "#/components/schemas/A" }, A: { type: "object", properties: { id: {} } } } },
      ),
      /^Can't resolve \$ref #\/components\/schemas\/Alias\/properties\/idd: it goes through a \$ref \(to #\/components\/schemas\/A\); #\/components\/schemas\/A\/properties\/idd is not a place either$/,
    ],
    [
      "a loop of $refs",
      doc(
        { $ref: "#/components/schemas/A" },
        { schemas: { A: { $ref: "#/components/schemas/B" }, B: { $ref: "#/components/schemas/A" } } },
      ),
      /Circular \$ref #\/components\/schemas\/A/,
    ],
    [
      "Swagger 2.0",
      { swagger: "2.0", info: { title: "t", version: "1" }, paths: {} },
      /Unsupported OpenAPI version: 2\.0/,
    ],
    ["no version", { info: { title: "t", version: "1" }, paths: {} }, /Unsupported OpenAPI version/],
    ["OpenAPI 4", { ...doc({ type: "string" }), openapi: "4.0.0" }, /Unsupported OpenAPI version: 4\.0\.0/],
  ];
  for (const [what, input, error] of cases)
    it(what, async () => {
      await expect(typesModule(input)).rejects.toThrow(error);
    });

  it("an operationId two operations share: under paths, a webhook or a callback", async () => {
    const input = doc({ type: "string" });
    const copy = () => ({ get: { ...input.paths["/things"].get } });
    for (const place of [
      (d: Json) => (d.paths["/others"] = copy()),
      (d: Json) => (d.webhooks = { hook: copy() }),
      (d: Json) => (d.paths["/things"].get.callbacks = { done: { "{$request.body#/url}": copy() } }),
    ]) {
      const edited = structuredClone(input);
      place(edited);
      await expect(typesModule({ ...edited, openapi: "3.1.0" })).rejects.toThrow(
        "operationId listThings is used by two operations",
      );
    }
    // A path item two paths share ($ref) is one operation.
    const shared = structuredClone(input);
    shared.components = { pathItems: { Things: shared.paths["/things"] } };
    shared.paths = { "/a": { $ref: "#/components/pathItems/Things" }, "/b": { $ref: "#/components/pathItems/Things" } };
    await expect(typesModule({ ...shared, openapi: "3.1.0" })).resolves.toContain("listThings");
  });

  it("an operationId two operations share in the components' path items or callbacks; a callback that calls itself is no loop", async () => {
    const input: Json = { ...doc({ type: "string" }), openapi: "3.1.0" };
    const copy = () => ({ get: { ...input.paths["/things"].get } });
    await expect(typesModule({ ...input, components: { pathItems: { P: copy() } } })).rejects.toThrow(
      "operationId listThings is used by two operations",
    );
    await expect(typesModule({ ...input, components: { callbacks: { C: { "{$url}": copy() } } } })).rejects.toThrow(
      "operationId listThings is used by two operations",
    );
    const looping = structuredClone(input);
    looping.components = {
      callbacks: {
        OnEvent: {
          "{$request.body#/url}": {
            post: {
              operationId: "onEvent",
              callbacks: { next: { $ref: "#/components/callbacks/OnEvent" } },
              responses: { "200": { description: "OK" } },
            },
          },
        },
      },
    };
    looping.paths["/things"].get.callbacks = { event: { $ref: "#/components/callbacks/OnEvent" } };
    await expect(typesModule(looping)).resolves.toContain("listThings");
  });

  it("a discriminator mapping by a schema's bare name (openapi-typescript would make it the tag), with what to write instead", async () => {
    const cats = (name: string) => pets("Cat", "kind", { cat: name });
    await expect(typesModule(cats("#/components/schemas/Cat"))).resolves.toMatch(/kind: "cat";/);
    await expect(typesModule(cats("Cat"))).rejects.toThrow(
      'discriminator mapping cat: Cat is a schema\'s name, which openapi-typescript does not read as one: write it as a $ref ("#/components/schemas/Cat")',
    );
    await expect(typesModule(cats("Fish"))).rejects.toThrow("discriminator mapping cat: no schema is named Fish");
    // Something shaped like a discriminator (or an operation) in an extension is none, wherever the
    // extension is: beside the paths, the responses or a callback's expressions too.
    const shaped = { discriminator: { propertyName: "k", mapping: { a: "Nope" } }, get: { operationId: "listThings" } };
    const extended: Json = { ...cats("#/components/schemas/Cat"), openapi: "3.1.0" };
    extended.paths["x-doc"] = shaped;
    extended.paths["/things"].get.responses["x-doc"] = shaped;
    extended.paths["/things"].get.callbacks = { done: { "x-doc": shaped } };
    await expect(typesModule(extended)).resolves.toContain("Cat");
    // A property named like an extension is a property.
    const property = doc({ type: "object", properties: { "x-id": { $ref: "#/components/schemas/Missing" } } });
    await expect(typesModule(property)).rejects.toThrow(/Can't resolve \$ref #\/components\/schemas\/Missing/);
    // Something shaped like a discriminator in an extension is no discriminator.
    await expect(
      typesModule({ ...cats("#/components/schemas/Cat"), "x-doc": { discriminator: { mapping: { a: "Nope" } } } }),
    ).resolves.toContain("Cat");
  });

  it("a 3.1 path item with a $ref and operations of its own: both are counted", async () => {
    const input: Json = { ...doc({ type: "string" }), openapi: "3.1.0" };
    const op = (operationId: string) => ({ operationId, responses: { "200": { description: "OK" } } });
    input.components = { pathItems: { P: { post: op("y") } } };
    input.paths["/a"] = { $ref: "#/components/pathItems/P", get: op("z") };
    input.paths["/b"] = { get: op("z") };
    await expect(typesModule(input)).rejects.toThrow("operationId z is used by two operations");
    input.paths["/b"] = { get: op("y") };
    await expect(typesModule(input)).rejects.toThrow("operationId y is used by two operations");
  });

  it("versions: OpenAPI 3.0, 3.1 and 3.2 (with a suffix too), as a string", async () => {
    for (const openapi of ["3.0", "3.0.3", "3.1.0-rc1", "3.2.0"])
      await expect(typesModule({ ...doc({ type: "string" }), openapi }), openapi).resolves.toContain("listThings");
    for (const openapi of ["3.5.0", "2.0", "30.1"])
      await expect(typesModule({ ...doc({ type: "string" }), openapi }), openapi).rejects.toThrow(
        `Unsupported OpenAPI version: ${openapi}: OpenAPI 3.0, 3.1 or 3.2 only`,
      );
    await expect(typesModule({ ...doc({ type: "string" }), openapi: 3.1 })).rejects.toThrow(
      "Unsupported OpenAPI version: openapi must be a string, got the number 3.1",
    );
  });

  it("a document that contains itself (a YAML alias of its own anchor), without walking it forever", async () => {
    const schema: Json = { type: "object", properties: {} };
    schema.properties.self = schema;
    await expect(typesModule(doc(schema))).rejects.toThrow(/contains itself/);
  });
});

describe("typesModule reads what openapiTS() read, as it did", () => {
  it("a document without components: as with an empty one (what Redocly's bundle has)", async () => {
    const without = await typesModule(doc({ type: "string" }));
    expect(without).toBe(await typesModule(doc({ type: "string" }, {})));
    expect(without).toMatch(/export interface components \{/);
  });

  it("a $ref to a schema that is `false` (OpenAPI 3.1), a schema shared through YAML aliases, escaped and encoded pointers", async () => {
    const shared = { type: "string" };
    const input = {
      ...doc(
        {
          type: "object",
          properties: {
            never: { $ref: "#/components/schemas/Never" },
            slash: { $ref: "#/components/schemas/a~1b" },
            space: { $ref: "#/components/schemas/with%20space" },
            one: shared,
            two: shared,
          },
        },
        { schemas: { Never: false, "a/b": { type: "integer" }, "with space": { type: "boolean" } } },
      ),
      openapi: "3.1.0",
    };
    const types = await typesModule(input);
    expect(types).toMatch(/Never: never;/);
    expect(types).toMatch(/slash\?: components\["schemas"\]\["a\/b"\];/);
  });

  it("an object with a $ref key where a value is data (a default, an enum value, a const, an example) is no reference", async () => {
    const data = { $ref: "#/not/a/reference" };
    const input = {
      ...doc(
        {
          type: "object",
          default: data,
          properties: {
            a: { type: "object", enum: [data] },
            b: { const: data },
            c: { type: "object", examples: [data], example: data },
          },
        },
        { examples: { One: { value: data } } },
      ),
      openapi: "3.1.0",
    };
    await expect(typesModule(input)).resolves.toContain("listThings");
    // A property or a response named like such a keyword is a part of the document: its $ref is checked.
    const property = doc({ type: "object", properties: { default: { $ref: "#/components/schemas/Missing" } } });
    await expect(typesModule(property)).rejects.toThrow(/Can't resolve \$ref #\/components\/schemas\/Missing/);
    const response = doc({ type: "string" });
    response.paths["/things"].get.responses.default = { $ref: "#/components/responses/Missing" };
    await expect(typesModule(response)).rejects.toThrow(/Can't resolve \$ref #\/components\/responses\/Missing/);
    // A callback's expression is a name too, even "default".
    const callback = doc({ type: "string" });
    callback.paths["/things"].get.callbacks = { done: { default: { $ref: "#/components/pathItems/Missing" } } };
    await expect(typesModule({ ...callback, openapi: "3.1.0" })).rejects.toThrow(
      /Can't resolve \$ref #\/components\/pathItems\/Missing/,
    );
  });

  it("a link's parameters and requestBody are data (runtime expressions or constants), whatever they hold", async () => {
    const input = doc({ type: "string" });
    input.paths["/things"].get.responses["200"].links = {
      again: {
        operationId: "listThings",
        parameters: { x: { $ref: "literal" } },
        requestBody: { $ref: "literal-value" },
      },
    };
    await expect(typesModule(input)).resolves.toContain("listThings");
    const referenced = doc({ type: "string" });
    referenced.paths["/things"].get.responses["200"].links = { again: { $ref: "#/components/links/Missing" } };
    await expect(typesModule(referenced)).rejects.toThrow(/Can't resolve \$ref #\/components\/links\/Missing/);
  });

  it("int64 is number | bigint, with null where the schema allows it: `nullable` (3.0) or a type list with null (3.1)", async () => {
    const types = await typesModule({
      ...doc({
        type: "object",
        properties: {
          plain: { type: "integer", format: "int64" },
          nullable: { type: "integer", format: "int64", nullable: true },
          listed: { type: ["integer", "null"], format: "int64" },
        },
      }),
      openapi: "3.1.0",
    });
    expect(types).toMatch(/plain\?: number \| bigint;/);
    expect(types).toMatch(/nullable\?: number \| bigint \| null;/);
    expect(types).toMatch(/listed\?: number \| bigint \| null;/);
  });
});
