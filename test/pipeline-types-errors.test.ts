// scripts/lib/types.mjs on a document openapi-typescript cannot read: an error is thrown, and nothing
// is printed on stderr (generate runs it while Redocly lints: the lint's message, with the spec's file
// and line, is the one a user reads; openapi-typescript's own line has neither).
import { afterEach, describe, expect, it, vi } from "vitest";

const { typesModule } = (await import("../scripts/lib/types.mjs" as string)) as {
  typesModule: (doc: unknown) => Promise<string>;
};

const DOC = {
  openapi: "3.0.3",
  info: { title: "Dangling", version: "1" },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Missing" } } },
          },
        },
      },
    },
  },
};

afterEach(() => vi.restoreAllMocks());

describe("typesModule on a $ref to nothing", () => {
  it("throws an error naming the $ref and prints nothing; console.error is given back", async () => {
    const printed = vi.spyOn(console, "error");
    const original = console.error;
    await expect(typesModule(DOC)).rejects.toThrow(/Can't resolve \$ref/);
    expect(printed).not.toHaveBeenCalled();
    expect(console.error).toBe(original);
  });
});
