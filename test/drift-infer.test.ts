// The schema `npm run drift` infers from the values a finding saw (scripts/lib/drift-infer.mjs), for
// the property to declare or the type to widen: cases the edits' tests (test/drift-edits.test.ts) do not reach.
import { describe, expect, it } from "vitest";
// @ts-expect-error untyped project script
import { inferSchema } from "../scripts/lib/drift-infer.mjs";

describe("the schema inferred from the values seen (inferSchema)", () => {
  it("a whole number beyond 2^53 (a bigint) is an int64 integer, alone or beside a small one", () => {
    expect(inferSchema([2n ** 60n]).schema).toEqual({ type: "integer", format: "int64" });
    expect(inferSchema([5, 2n ** 60n]).schema).toEqual({ type: "integer", format: "int64" });
    expect(inferSchema([5]).schema).toEqual({ type: "integer" });
  });

  it("a whole number beyond 2^53 written as a number (9007199254740993.0 reads as 2^53) is an int64 integer too", () => {
    expect(inferSchema([2 ** 53]).schema).toEqual({ type: "integer", format: "int64" });
    expect(inferSchema([5, -(2 ** 60)]).schema).toEqual({ type: "integer", format: "int64" });
    expect(inferSchema([2 ** 53 - 1]).schema).toEqual({ type: "integer" });
  });

  it("a whole number beyond 2^53 inside an object, whole or cut (the checker writes its digits), is an int64 integer", () => {
    const int64 = { type: "integer", format: "int64" };
    expect(inferSchema([{ n: 2n ** 60n }]).schema).toEqual({ type: "object", properties: { n: int64 } });
    const { schema, cut } = inferSchema(['{"n":12345678901234567890,"m":7,"s":"xx…'], ["object"]);
    expect(cut).toBe(true);
    expect(schema).toEqual({
      type: "object",
      properties: { n: int64, m: { type: "integer" }, s: { type: "string" } },
    });
  });

  it("the items of every array seen make the items' schema", () => {
    expect(inferSchema([[1], ["a"]]).schema).toEqual({
      type: "array",
      items: { anyOf: [{ type: "integer" }, { type: "string" }] },
    });
  });

  it("a string that begins like JSON but was not cut (no …) is a string", () => {
    expect(inferSchema(["{not json", "[x] tag"]).schema).toEqual({ type: "string" });
  });

  it("a cut text is read past escaped quotes, and a number the cut ran into is a number, not an integer", () => {
    const { schema, cut } = inferSchema(['{"a":"say \\"hi\\", \\"b\\":1","n":12…']);
    expect(cut).toBe(true);
    expect(schema).toEqual({ type: "object", properties: { a: { type: "string" }, n: { type: "number" } } });
    expect(inferSchema(["[1,2,3…"]).schema).toEqual({ type: "array", items: { type: "number" } });
  });
});
