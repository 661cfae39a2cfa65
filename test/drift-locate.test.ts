// Where a drift finding's edit goes in a spec (scripts/lib/drift-locate.mjs, through suggestEdit), on a
// small spec written for the purpose: a map's entries, an allOf of two declaring members, a oneOf told
// apart by enum'd properties, one told apart by a discriminator whose members declare no enum. And the
// JSON pointers the report groups findings by.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
// @ts-expect-error untyped project script
import { applyEdit, suggestEdit } from "../scripts/lib/drift-edits.mjs";
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
                  zoo:
                    oneOf:
                      - title: Lion
                        type: object
                        properties: { kind: { type: string, enum: [lion] } }
                    discriminator: { propertyName: kind }
                  zoo2:
                    oneOf:
                      - title: Tiger
                        type: object
                        properties:
                          kind: { type: string, enum: [tiger] }
                          stripes: { type: object, properties: { n: { type: integer } } }
                    discriminator: { propertyName: kind }
                  level: { type: integer, enum: [1, 2] }
                  name: { type: string }
  /y:
    get:
      operationId: getY
      responses:
        default:
          description: any status
          content:
            application/json:
              schema: { type: object, properties: { message: { type: string } } }
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
  // Another file of the API defines a schema named as the zoo2 member's title (as Confluent's published spec does).
  writeFileSync(path.join(dir, "other.yaml"), "components: { schemas: { Tiger: { type: object } } }\n");
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

describe("what the edit is", () => {
  it("a property the object's schema declares already: a note, never a second declaration over the first", () => {
    const again = edit("undeclared-property", "/both/a", { both: { a: "1" } }, "1");
    expect(again.action).toBeUndefined();
    expect(again.note).toMatch(/a is declared at .*both\.allOf\.0: nothing to add there/);
  });

  it("an edit inside an inline oneOf member needs no x-schema-names entry when no other file defines its title", () => {
    const lion = edit("undeclared-property", "/zoo/mane", { zoo: { kind: "lion", mane: true } }, true);
    expect(lion).toMatchObject({ action: "add-property", name: "mane" });
    expect(keysOf(lion)).toBe(at("zoo", "oneOf", 0));
    expect(lion.also).toBeUndefined();
  });

  it("an edit anywhere inside such a member, where another file defines its title, comes with the x-schema-names entry", () => {
    const sample = { zoo2: { kind: "tiger", stripes: { n: 1, color: "orange" } } };
    const color = edit("undeclared-property", "/zoo2/stripes/color", sample, "orange");
    expect(keysOf(color)).toBe(`${at("zoo2", "oneOf", 0)}.properties.stripes`);
    expect(color.also).toEqual([
      expect.objectContaining({ file: root, action: "name-schema", name: "Tiger-2", value: "TigerPublished" }),
    ]);
  });

  it("a type seen besides null only in actualTypes (past the samples) widens into nullable members", () => {
    const finding = {
      ...base,
      kind: "type",
      pointer: "/name",
      actual: 5,
      samples: [5],
      actualTypes: ["integer", "null"],
    };
    expect(suggestEdit({ root, finding }).value).toEqual({
      anyOf: [
        { type: "string", nullable: true },
        { type: "integer", nullable: true },
      ],
    });
  });

  it("an enum edit with several values adds them all to the file", () => {
    const copy = path.join(dir, "edited.yaml");
    writeFileSync(copy, SPEC);
    const added = edit("enum", "/level", undefined, 3);
    applyEdit(
      { ...added, file: copy, value: [3, 4] },
      { readFile: (file: string) => readFileSync(file, "utf8"), writeFile: writeFileSync },
    );
    const schema = parse(readFileSync(copy, "utf8")).paths["/x"].get.responses["200"].content["application/json"]
      .schema;
    expect(schema.properties.level.enum).toEqual([1, 2, 3, 4]);
  });

  it("an integer enum gains a whole number beyond 2^53", () => {
    const big = 2n ** 60n;
    expect(edit("enum", "/level", { level: big }, big)).toMatchObject({ action: "add-enum", value: [big] });
  });

  it("a status the operation documents only by its default response is looked up there", () => {
    const finding = { ...base, operationId: "getY", path: "/y", status: 503, kind: "undeclared-property" };
    const extra = suggestEdit({ root, finding: { ...finding, pointer: "/retry", actual: 5, samples: [5] } });
    expect(extra).toMatchObject({ action: "add-property", name: "retry", value: { type: "integer" } });
    expect(keysOf(extra)).toBe("paths./y.get.responses.default.content.application/json.schema");
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
