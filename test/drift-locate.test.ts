// Where a drift finding's edit goes in a spec (scripts/lib/drift-locate.mjs, through suggestEdit), on a
// small spec written for the purpose: a map's entries, an allOf of two declaring members, a oneOf told
// apart by enum'd properties, one told apart by a discriminator whose members declare no enum. And the
// JSON pointers the report groups findings by.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error untyped project script
import { suggestEdit } from "../scripts/lib/drift-edits.mjs";
// @ts-expect-error untyped project script
import { groupPointer, pointerKeys, valueAt } from "../scripts/lib/drift-locate.mjs";

const SPEC = `openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  labels:
                    type: object
                    additionalProperties:
                      type: object
                      properties: { value: { type: string } }
                  both:
                    allOf:
                      - type: object
                        properties: { a: { type: string } }
                      - type: object
                        properties: { b: { type: string } }
                  either:
                    oneOf:
                      - type: object
                        required: [x]
                        properties: { x: { type: string }, p: { type: string, enum: [one] } }
                      - type: object
                        required: [x]
                        properties: { x: { type: string }, p: { type: string, enum: [two] } }
                  pet:
                    oneOf:
                      - $ref: "#/components/schemas/Cat"
                      - $ref: "#/components/schemas/Dog"
                    discriminator: { propertyName: type }
components:
  schemas:
    Cat: { type: object, required: [type], properties: { type: { type: string }, purrs: { type: boolean } } }
    Dog: { type: object, required: [type], properties: { type: { type: string }, barks: { type: boolean } } }
`;

const RESPONSE = ["paths", "/x", "get", "responses", "200", "content", "application/json", "schema"];
let dir: string;
let root: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "drift-locate-"));
  root = path.join(dir, "openapi.yaml");
  writeFileSync(root, SPEC);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { operationId: "getX", method: "GET", path: "/x", status: 200, count: 1, expected: "…" };
const edit = (kind: string, pointer: string, sample?: unknown, actual: unknown = 1) =>
  suggestEdit({
    root,
    finding: { ...base, kind, pointer, actual, samples: actual === undefined ? [] : [actual] },
    sample,
  });
/** The YAML path of the response schema's property `keys`, dotted. */
const at = (...keys: (string | number)[]) => [...RESPONSE, "properties", ...keys].join(".");
const keysOf = (edit: { keys: (string | number)[] }) => edit.keys.join(".");

describe("the schema an edit goes into", () => {
  it("inside a map (additionalProperties as a schema): the schema of its entries", () => {
    const sample = { labels: { team: { value: "v", extra: 1 } } };
    expect(edit("undeclared-property", "/labels/team/extra", sample)).toMatchObject({
      action: "add-property",
      name: "extra",
    });
    expect(keysOf(edit("undeclared-property", "/labels/team/extra", sample))).toBe(
      at("labels", "additionalProperties"),
    );
  });

  it("a new property of an allOf: the member declaring most of the object's other properties, the last when even", () => {
    expect(keysOf(edit("undeclared-property", "/both/n", { both: { a: "1", n: 1 } }))).toBe(at("both", "allOf", 0));
    expect(keysOf(edit("undeclared-property", "/both/n", { both: { b: "1", n: 1 } }))).toBe(at("both", "allOf", 1));
    expect(keysOf(edit("undeclared-property", "/both/n", { both: { a: "1", b: "2", n: 1 } }))).toEqual(
      at("both", "allOf", 1),
    );
    // Without the body every member is even.
    expect(keysOf(edit("undeclared-property", "/both/n"))).toBe(at("both", "allOf", 1));
  });

  it("a missing field required by several oneOf members: the member the object is, and no guess without the body", () => {
    expect(edit("required", "/either/x", { either: { p: "two" } }, undefined)).toMatchObject({
      action: "drop-required",
      name: "x",
    });
    expect(keysOf(edit("required", "/either/x", { either: { p: "two" } }, undefined))).toBe(at("either", "oneOf", 1));
    expect(keysOf(edit("required", "/either/x", { either: { p: "one" } }, undefined))).toBe(at("either", "oneOf", 0));
    const unknown = edit("required", "/either/x", undefined, undefined);
    expect(unknown.action).toBeUndefined();
    expect(unknown.note).toMatch(/no required list names x/);
  });

  it("a missing discriminator (members that declare it with no enum) stays required: a note, no edit", () => {
    const missing = edit("required", "/pet/type", { pet: { purrs: true } }, undefined);
    expect(missing.action).toBeUndefined();
    expect(missing.note).toMatch(/type tells the members of the oneOf .* apart/);
  });
});

describe("an object that is none of a oneOf's members", () => {
  it("gets a note naming its properties, never showing the values of the kept body (they are not redacted)", () => {
    const token = "tok-4f9a8b7c6d5e4f3a2b1c";
    const sample = { either: { p: "three", owner: "ops", token } };
    const notes = [
      edit("undeclared-property", "/either/token", sample, "(redacted)").note,
      edit("required", "/either/x", sample, undefined).note,
    ];
    for (const note of notes) {
      expect(note).toMatch(/the object \(with p, owner, token\) is none of the members of the oneOf at .*either/);
      expect(note).not.toContain(token);
      expect(note).not.toContain("three");
    }
  });
});

describe("JSON pointers", () => {
  it("every all-digit segment is an array index the report folds, the last one included", () => {
    expect(groupPointer("/subnets/12/dnsList/0")).toBe("/subnets/*/dnsList/*");
    expect(groupPointer("/a1/0b")).toBe("/a1/0b");
  });

  it("are unescaped as RFC 6901 says: ~1 is /, ~0 is ~, and ~01 is ~1", () => {
    expect(pointerKeys("/a~1b/c~0d/e~01")).toEqual(["a/b", "c~d", "e~1"]);
    expect(valueAt({ "e~1": { "a/b": 5 } }, "/e~01/a~1b")).toBe(5);
  });
});
