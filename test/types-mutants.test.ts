/**
 * scripts/lib/types.mjs (the types of `generated/<api>.ts`) on a small document, in-process: the
 * rules README.md's client section promises (int64 is `number | bigint`, `| null` when nullable; a
 * property with a `default` stays optional) and the ones its comments give. The committed generated
 * files only show these rules where today's specs use them, and only `--check --full` regenerates.
 */
import { describe, expect, it } from "vitest";

type Json = any;
const { typesModule } = (await import("../scripts/lib/types.mjs" as string)) as {
  typesModule: (doc: Json) => Promise<string>;
};

const DOC = {
  openapi: "3.0.3",
  info: { title: "Types", version: "1" },
  paths: {
    "/things": {
      post: {
        operationId: "createThing",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/ThingInput" } } },
        },
        responses: {
          "201": {
            description: "Created",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["id"],
        properties: {
          id: { type: "string" },
          marker: { type: "integer", format: "int64" },
          maybeMarker: { type: "integer", format: "int64", nullable: true },
          small: { type: "integer", format: "int32" },
          plain: { type: "integer" },
        },
      },
      ThingInput: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" }, enabled: { type: "boolean", default: true } },
      },
      // An allOf member that only lists required names (as Confluent's wrappers write them).
      NamedThing: { allOf: [{ $ref: "#/components/schemas/ThingInput" }, { type: "object", required: ["enabled"] }] },
      FreeForm: { type: "object" },
      // openapi-typescript rewrites the discriminator property of a oneOf member in the document it is given.
      Pet: {
        oneOf: [{ $ref: "#/components/schemas/Cat" }],
        discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } },
      },
      Cat: {
        type: "object",
        required: ["kind"],
        properties: { kind: { type: "string", enum: ["cat"], description: "The kind." } },
      },
    },
  },
};

/** The declaration of `name` in the generated text, whitespace collapsed. */
function declaration(text: string, name: string): string {
  const flat = text.replace(/\/\*\*.*?\*\//gs, "").replace(/\s+/g, " ");
  const match = new RegExp(`\\b${name}(\\??): ([^;]*);`).exec(flat);
  expect(match, `no declaration of ${name} in:\n${text}`).not.toBeNull();
  return `${name}${match![1]}: ${match![2]}`;
}

describe("typesModule (scripts/lib/types.mjs)", () => {
  const input = structuredClone(DOC);
  const types = typesModule(input);

  it("types an int64 integer number | bigint, with | null when it is nullable; other integers number", async () => {
    const text = await types;
    expect(declaration(text, "marker")).toBe("marker?: number | bigint");
    expect(declaration(text, "maybeMarker")).toBe("maybeMarker?: number | bigint | null");
    expect(declaration(text, "small")).toBe("small?: number");
    expect(declaration(text, "plain")).toBe("plain?: number");
  });

  it("keeps a property with a default optional, in a request body too (a required one without default stays required)", async () => {
    const text = await types;
    expect(declaration(text, "enabled")).toBe("enabled?: boolean");
    expect(declaration(text, "name")).toBe("name: string");
  });

  it("types an object schema without properties as unknown values, not Record<string, never>", async () => {
    const text = await types;
    // An allOf member that only lists required names must not make the intersection refuse every key.
    expect(declaration(text, "NamedThing")).toBe(
      'NamedThing: components["schemas"]["ThingInput"] & Record<string, unknown>',
    );
    expect(declaration(text, "FreeForm")).toBe("FreeForm: Record<string, unknown>");
  });

  it("leaves the document it is given as it was", async () => {
    await types;
    expect(input).toEqual(DOC);
  });
});
