/**
 * The change report's rules (scripts/lib/change-report/), on a corpus of spec mutations built in memory,
 * each with the classification a consumer of this package feels, written out by hand:
 * - schema aspects (type, nullable, enum, constraints, pattern, default, deprecation), applied at every
 *   place a schema sits (parameter, request field, request body, response field, response body), with the
 *   expected rule and level per direction;
 * - operations, parameters, bodies, statuses, security, servers, pagination, component names;
 * - the safety net over the generated declarations;
 * and the registry's own promises: every rule is produced by a case, every request rule has its response
 * mirror (or a waiver), specs/CHANGE-RULES.md is the registry's table.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { api, json, ok, SUBJECTS, withSchemaAt, type Json, type Level } from "./support/change-report-docs.js";

const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { diffApis, formatChangeReport, reportJson, rulesMarkdown, RULES } = await load(
  "../scripts/lib/change-report.mjs",
);
const { waiverOf } = await load("../scripts/lib/change-report/registry.mjs");
const { typeMoves } = await load("../scripts/lib/change-report/index.mjs");
const { lineDiff } = await load("../scripts/lib/change-report/declarations.mjs");
const { validationOf } = await load("../scripts/lib/change-report/validators.mjs");

const produced = new Set<string>();
/** The changes between two documents as [rule, level] pairs; every rule seen is recorded for the coverage test. */
function classify(before: Json | null, after: Json, options?: Json): [string, Level][] {
  const changes = diffApis(before, after, options);
  for (const change of changes) produced.add(change.rule);
  return changes.map((c: Json) => [c.rule, c.level]);
}

const B = "breaking";
const A = "addition";
const C = "change";
const I = "info";
const str = { type: "string" };
const int32 = { type: "integer", format: "int32" };
const list = { type: "array", items: str };
const pair = { type: "object", properties: { a: str, b: str } };

/** [mutation, before, after, [rule aspect, level] in a request, [rule aspect, level] in a response] */
const ASPECT_CORPUS: [string, Json, Json, [string, Level], [string, Level]][] = [
  ["string → integer", str, { type: "integer" }, ["type-changed", B], ["type-changed", B]],
  ["int32 → int64", int32, { type: "integer", format: "int64" }, ["type-generalized", C], ["type-generalized", B]],
  ["integer → number", { type: "integer" }, { type: "number" }, ["type-generalized", C], ["type-generalized", B]],
  ["int64 → int32", { type: "integer", format: "int64" }, int32, ["type-changed", B], ["type-specialized", C]],
  ["number → integer", { type: "number" }, { type: "integer" }, ["type-changed", B], ["type-specialized", C]],
  // int64 is generated as `number | bigint`, any other number as `number`: int64 is the wider type.
  [
    "integer → int64",
    { type: "integer" },
    { type: "integer", format: "int64" },
    ["type-generalized", C],
    ["type-generalized", B],
  ],
  [
    "int64 → integer",
    { type: "integer", format: "int64" },
    { type: "integer" },
    ["type-changed", B],
    ["type-specialized", C],
  ],
  [
    "number → int64",
    { type: "number" },
    { type: "integer", format: "int64" },
    ["type-changed", B],
    ["type-changed", B],
  ],
  [
    "int64 → number",
    { type: "integer", format: "int64" },
    { type: "number" },
    ["type-changed", B],
    ["type-changed", B],
  ],
  [
    "number gains format int64",
    { type: "number" },
    { type: "number", format: "int64" },
    ["type-changed", B],
    ["type-changed", B],
  ],
  ["date-time → string", { ...str, format: "date-time" }, str, ["type-generalized", C], ["type-generalized", B]],
  ["string → date-time", str, { ...str, format: "date-time" }, ["type-changed", B], ["type-specialized", C]],
  [
    "date → date-time",
    { ...str, format: "date" },
    { ...str, format: "date-time" },
    ["type-generalized", C],
    ["type-generalized", B],
  ],
  [
    "time → date-time",
    { ...str, format: "time" },
    { ...str, format: "date-time" },
    ["type-generalized", C],
    ["type-generalized", B],
  ],
  [
    "date-time → date",
    { ...str, format: "date-time" },
    { ...str, format: "date" },
    ["type-changed", B],
    ["type-specialized", C],
  ],
  ["date → time", { ...str, format: "date" }, { ...str, format: "time" }, ["type-changed", B], ["type-changed", B]],
  ["became nullable", str, { ...str, nullable: true }, ["became-nullable", C], ["became-nullable", B]],
  ["no longer nullable", { ...str, nullable: true }, str, ["became-not-nullable", B], ["became-not-nullable", C]],
  [
    "enum value added",
    { ...str, enum: ["a"] },
    { ...str, enum: ["a", "b"] },
    ["enum-value-added", C],
    ["enum-value-added", B],
  ],
  [
    "enum value removed",
    { ...str, enum: ["a", "b"] },
    { ...str, enum: ["a"] },
    ["enum-value-removed", B],
    ["enum-value-removed", B],
  ],
  // In a response too: code comparing with a value outside the new set (`s === "z"`) stops compiling.
  ["became an enum", str, { ...str, enum: ["a"] }, ["became-enum", B], ["became-enum", B]],
  ["no longer an enum", { ...str, enum: ["a"] }, str, ["became-not-enum", C], ["became-not-enum", B]],
  ["maximum set", int32, { ...int32, maximum: 10 }, ["max-set", B], ["max-set", C]],
  [
    "maximum decreased",
    { ...int32, maximum: 10 },
    { ...int32, maximum: 5 },
    ["max-decreased", B],
    ["max-decreased", C],
  ],
  [
    "maximum increased",
    { ...int32, maximum: 5 },
    { ...int32, maximum: 10 },
    ["max-increased", C],
    ["max-increased", B],
  ],
  ["minimum set", int32, { ...int32, minimum: 1 }, ["min-set", B], ["min-set", C]],
  ["minimum increased", { ...int32, minimum: 1 }, { ...int32, minimum: 2 }, ["min-increased", B], ["min-increased", C]],
  ["minimum decreased", { ...int32, minimum: 2 }, { ...int32, minimum: 1 }, ["min-decreased", C], ["min-decreased", B]],
  ["maxLength set", str, { ...str, maxLength: 9 }, ["max-length-set", B], ["max-length-set", C]],
  [
    "maxLength tightened",
    { ...str, maxLength: 9 },
    { ...str, maxLength: 3 },
    ["max-length-decreased", B],
    ["max-length-decreased", C],
  ],
  [
    "maxLength loosened",
    { ...str, maxLength: 3 },
    { ...str, maxLength: 9 },
    ["max-length-increased", C],
    ["max-length-increased", B],
  ],
  ["minLength set", str, { ...str, minLength: 1 }, ["min-length-set", B], ["min-length-set", C]],
  [
    "minLength increased",
    { ...str, minLength: 1 },
    { ...str, minLength: 2 },
    ["min-length-increased", B],
    ["min-length-increased", C],
  ],
  [
    "minLength decreased",
    { ...str, minLength: 2 },
    { ...str, minLength: 1 },
    ["min-length-decreased", C],
    ["min-length-decreased", B],
  ],
  ["maxItems set", list, { ...list, maxItems: 5 }, ["max-items-set", B], ["max-items-set", C]],
  [
    "maxItems decreased",
    { ...list, maxItems: 5 },
    { ...list, maxItems: 2 },
    ["max-items-decreased", B],
    ["max-items-decreased", C],
  ],
  [
    "maxItems increased",
    { ...list, maxItems: 2 },
    { ...list, maxItems: 5 },
    ["max-items-increased", C],
    ["max-items-increased", B],
  ],
  ["minItems set", list, { ...list, minItems: 1 }, ["min-items-set", B], ["min-items-set", C]],
  [
    "minItems increased",
    { ...list, minItems: 1 },
    { ...list, minItems: 2 },
    ["min-items-increased", B],
    ["min-items-increased", C],
  ],
  [
    "minItems decreased",
    { ...list, minItems: 2 },
    { ...list, minItems: 1 },
    ["min-items-decreased", C],
    ["min-items-decreased", B],
  ],
  ["pattern added", str, { ...str, pattern: "^a" }, ["pattern-added", B], ["pattern-added", C]],
  [
    "pattern changed",
    { ...str, pattern: "^a" },
    { ...str, pattern: "^b" },
    ["pattern-changed", B],
    ["pattern-changed", B],
  ],
  [
    "pattern generalized to any string",
    { ...str, pattern: "^a" },
    { ...str, pattern: ".*" },
    ["pattern-generalized", C],
    ["pattern-generalized", B],
  ],
  [
    "empty pattern is no pattern",
    { ...str, pattern: "^a" },
    { ...str, pattern: "" },
    ["pattern-removed", C],
    ["pattern-removed", B],
  ],
  ["pattern removed", { ...str, pattern: "^a" }, str, ["pattern-removed", C], ["pattern-removed", B]],
  ["default added", str, { ...str, default: "a" }, ["default-value-added", C], ["default-value-added", C]],
  [
    "default changed",
    { ...str, default: "a" },
    { ...str, default: "b" },
    ["default-value-changed", C],
    ["default-value-changed", C],
  ],
  ["default removed", { ...str, default: "a" }, str, ["default-value-removed", C], ["default-value-removed", C]],
  [
    "3.1 type list widened",
    { type: ["string"] },
    { type: ["string", "integer"] },
    ["type-generalized", C],
    ["type-generalized", B],
  ],
  [
    "3.1 type list narrowed",
    { type: ["string", "integer"] },
    { type: ["string"] },
    ["type-changed", B],
    ["type-specialized", C],
  ],
  [
    "oneOf member added",
    { oneOf: [str, int32] },
    { oneOf: [str, int32, { type: "boolean" }] },
    ["one-of-added", C],
    ["one-of-added", B],
  ],
  ["oneOf member removed", { oneOf: [str, int32] }, { oneOf: [str] }, ["one-of-removed", B], ["one-of-removed", C]],
  ["anyOf member added", { anyOf: [str] }, { anyOf: [str, int32] }, ["any-of-added", C], ["any-of-added", B]],
  ["anyOf member removed", { anyOf: [str, int32] }, { anyOf: [str] }, ["any-of-removed", B], ["any-of-removed", C]],
  // A member that is a literal: in a response, code comparing with it (`x === "b"`) stops compiling.
  [
    "oneOf enum member removed",
    {
      oneOf: [
        { ...str, title: "A", enum: ["a"] },
        { ...str, title: "B", enum: ["b"] },
      ],
    },
    { oneOf: [{ ...str, title: "A", enum: ["a"] }] },
    ["one-of-removed", B],
    ["one-of-literal-removed", B],
  ],
  [
    "anyOf const member removed",
    {
      anyOf: [
        { ...str, const: "a" },
        { type: "integer", const: 1 },
      ],
    },
    { anyOf: [{ ...str, const: "a" }] },
    ["any-of-removed", B],
    ["any-of-literal-removed", B],
  ],
  // A literal another member's type holds (`"b"` within `string`) stays in the union: no comparison breaks.
  [
    "oneOf enum member removed whose value a string member holds",
    { oneOf: [str, { ...str, title: "B", enum: ["b"] }] },
    { oneOf: [str] },
    ["one-of-removed", B],
    ["one-of-removed", C],
  ],
  [
    "allOf member added",
    { allOf: [str] },
    { allOf: [str, { not: { enum: ["x"] } }] },
    ["all-of-added", B],
    ["all-of-added", C],
  ],
  [
    "allOf member removed",
    { allOf: [str, { not: { enum: ["x"] } }] },
    { allOf: [str] },
    ["all-of-removed", B],
    ["all-of-removed", C],
  ],
  ["const added", str, { ...str, const: "a" }, ["const-added", B], ["const-added", B]],
  ["const removed", { ...str, const: "a" }, str, ["const-removed", C], ["const-removed", B]],
  ["const changed", { ...str, const: "a" }, { ...str, const: "b" }, ["const-changed", B], ["const-changed", B]],
  [
    "x-extensible-enum value removed",
    { ...str, "x-extensible-enum": ["a", "b"] },
    { ...str, "x-extensible-enum": ["a"] },
    ["x-extensible-enum-value-removed", B],
    ["x-extensible-enum-value-removed", C],
  ],
  [
    "x-extensible-enum value added",
    { ...str, "x-extensible-enum": ["a"] },
    { ...str, "x-extensible-enum": ["a", "b"] },
    ["x-extensible-enum-value-added", C],
    ["x-extensible-enum-value-added", C],
  ],
  ["contains added", list, { ...list, contains: str }, ["contains-added", B], ["contains-added", C]],
  ["contains removed", { ...list, contains: str }, list, ["contains-removed", C], ["contains-removed", B]],
  [
    "exclusiveMaximum set",
    int32,
    { ...int32, exclusiveMaximum: 10 },
    ["exclusive-max-set", B],
    ["exclusive-max-set", C],
  ],
  [
    "exclusiveMaximum decreased",
    { ...int32, exclusiveMaximum: 10 },
    { ...int32, exclusiveMaximum: 5 },
    ["exclusive-max-decreased", B],
    ["exclusive-max-decreased", C],
  ],
  [
    "exclusiveMaximum increased",
    { ...int32, exclusiveMaximum: 5 },
    { ...int32, exclusiveMaximum: 10 },
    ["exclusive-max-increased", C],
    ["exclusive-max-increased", B],
  ],
  [
    "3.0 exclusiveMinimum flag set on a minimum",
    { ...int32, minimum: 1 },
    { ...int32, minimum: 1, exclusiveMinimum: true },
    ["exclusive-min-set", B],
    ["exclusive-min-set", C],
  ],
  [
    "exclusiveMinimum increased",
    { ...int32, exclusiveMinimum: 1 },
    { ...int32, exclusiveMinimum: 2 },
    ["exclusive-min-increased", B],
    ["exclusive-min-increased", C],
  ],
  [
    "exclusiveMinimum decreased",
    { ...int32, exclusiveMinimum: 2 },
    { ...int32, exclusiveMinimum: 1 },
    ["exclusive-min-decreased", C],
    ["exclusive-min-decreased", B],
  ],
  [
    "maxContains set",
    { ...list, contains: str },
    { ...list, contains: str, maxContains: 3 },
    ["max-contains-set", B],
    ["max-contains-set", C],
  ],
  [
    "maxContains decreased",
    { ...list, contains: str, maxContains: 3 },
    { ...list, contains: str, maxContains: 2 },
    ["max-contains-decreased", B],
    ["max-contains-decreased", C],
  ],
  [
    "maxContains increased",
    { ...list, contains: str, maxContains: 2 },
    { ...list, contains: str, maxContains: 3 },
    ["max-contains-increased", C],
    ["max-contains-increased", B],
  ],
  [
    "minContains set",
    { ...list, contains: str },
    { ...list, contains: str, minContains: 2 },
    ["min-contains-set", B],
    ["min-contains-set", C],
  ],
  [
    "minContains increased",
    { ...list, contains: str, minContains: 2 },
    { ...list, contains: str, minContains: 3 },
    ["min-contains-increased", B],
    ["min-contains-increased", C],
  ],
  [
    "minContains decreased",
    { ...list, contains: str, minContains: 3 },
    { ...list, contains: str, minContains: 2 },
    ["min-contains-decreased", C],
    ["min-contains-decreased", B],
  ],
  ["prefixItems added", list, { ...list, prefixItems: [str] }, ["prefix-items-added", B], ["prefix-items-added", C]],
  [
    "prefixItems removed",
    { ...list, prefixItems: [str] },
    list,
    ["prefix-items-removed", C],
    ["prefix-items-removed", B],
  ],
  [
    "propertyNames added",
    pair,
    { ...pair, propertyNames: { pattern: "^[a-z]" } },
    ["property-names-added", B],
    ["property-names-added", C],
  ],
  [
    "propertyNames removed",
    { ...pair, propertyNames: { pattern: "^[a-z]" } },
    pair,
    ["property-names-removed", C],
    ["property-names-removed", B],
  ],
  [
    "patternProperties added",
    pair,
    { ...pair, patternProperties: { "^x-": str } },
    ["pattern-property-added", B],
    ["pattern-property-added", C],
  ],
  [
    "patternProperties removed",
    { ...pair, patternProperties: { "^x-": str } },
    pair,
    ["pattern-property-removed", C],
    ["pattern-property-removed", B],
  ],
  [
    "dependentSchemas added",
    pair,
    { ...pair, dependentSchemas: { a: { required: ["b"] } } },
    ["dependent-schema-added", B],
    ["dependent-schema-added", C],
  ],
  [
    "dependentSchemas removed",
    { ...pair, dependentSchemas: { a: { required: ["b"] } } },
    pair,
    ["dependent-schema-removed", C],
    ["dependent-schema-removed", B],
  ],
  [
    "dependentRequired added",
    pair,
    { ...pair, dependentRequired: { a: ["b"] } },
    ["dependent-required-added", B],
    ["dependent-required-added", C],
  ],
  [
    "dependentRequired removed",
    { ...pair, dependentRequired: { a: ["b"] } },
    pair,
    ["dependent-required-removed", C],
    ["dependent-required-removed", B],
  ],
  [
    "dependentRequired changed",
    { ...pair, dependentRequired: { a: ["b"] } },
    { ...pair, dependentRequired: { a: ["b", "c"] } },
    ["dependent-required-changed", B],
    ["dependent-required-changed", B],
  ],
  [
    "unevaluatedItems added",
    list,
    { ...list, unevaluatedItems: false },
    ["unevaluated-items-added", B],
    ["unevaluated-items-added", C],
  ],
  [
    "unevaluatedItems removed",
    { ...list, unevaluatedItems: false },
    list,
    ["unevaluated-items-removed", C],
    ["unevaluated-items-removed", B],
  ],
  [
    "unevaluatedProperties added",
    pair,
    { ...pair, unevaluatedProperties: false },
    ["unevaluated-properties-added", B],
    ["unevaluated-properties-added", C],
  ],
  [
    "unevaluatedProperties removed",
    { ...pair, unevaluatedProperties: false },
    pair,
    ["unevaluated-properties-removed", C],
    ["unevaluated-properties-removed", B],
  ],
  [
    "contentSchema added",
    str,
    { ...str, contentSchema: { type: "object" } },
    ["content-schema-added", B],
    ["content-schema-added", C],
  ],
  [
    "contentSchema removed",
    { ...str, contentSchema: { type: "object" } },
    str,
    ["content-schema-removed", C],
    ["content-schema-removed", B],
  ],
  [
    "contentEncoding changed",
    { ...str, contentEncoding: "base64" },
    { ...str, contentEncoding: "base32" },
    ["content-encoding-changed", B],
    ["content-encoding-changed", B],
  ],
  [
    "contentMediaType changed",
    { ...str, contentMediaType: "image/png" },
    { ...str, contentMediaType: "image/jpeg" },
    ["content-media-type-changed", B],
    ["content-media-type-changed", B],
  ],
  [
    "discriminator added",
    { oneOf: [pair, list] },
    { oneOf: [pair, list], discriminator: { propertyName: "a" } },
    ["discriminator-added", B],
    ["discriminator-added", B],
  ],
  [
    "discriminator removed",
    { oneOf: [pair, list], discriminator: { propertyName: "a" } },
    { oneOf: [pair, list] },
    ["discriminator-removed", C],
    ["discriminator-removed", B],
  ],
  [
    "discriminator changed",
    { oneOf: [pair, list], discriminator: { propertyName: "a" } },
    { oneOf: [pair, list], discriminator: { propertyName: "b" } },
    ["discriminator-changed", B],
    ["discriminator-changed", B],
  ],
  ["maxProperties set", pair, { ...pair, maxProperties: 2 }, ["max-properties-set", B], ["max-properties-set", C]],
  [
    "maxProperties decreased",
    { ...pair, maxProperties: 2 },
    { ...pair, maxProperties: 1 },
    ["max-properties-decreased", B],
    ["max-properties-decreased", C],
  ],
  [
    "maxProperties increased",
    { ...pair, maxProperties: 1 },
    { ...pair, maxProperties: 2 },
    ["max-properties-increased", C],
    ["max-properties-increased", B],
  ],
  ["minProperties set", pair, { ...pair, minProperties: 1 }, ["min-properties-set", B], ["min-properties-set", C]],
  [
    "minProperties increased",
    { ...pair, minProperties: 1 },
    { ...pair, minProperties: 2 },
    ["min-properties-increased", B],
    ["min-properties-increased", C],
  ],
  [
    "minProperties decreased",
    { ...pair, minProperties: 2 },
    { ...pair, minProperties: 1 },
    ["min-properties-decreased", C],
    ["min-properties-decreased", B],
  ],
  ["multipleOf set", int32, { ...int32, multipleOf: 5 }, ["multiple-of-narrowed", B], ["multiple-of-narrowed", C]],
  [
    "multipleOf 5 → 10 (fewer values)",
    { ...int32, multipleOf: 5 },
    { ...int32, multipleOf: 10 },
    ["multiple-of-narrowed", B],
    ["multiple-of-narrowed", C],
  ],
  [
    "multipleOf 0.5 → 0.25 (more values)",
    { type: "number", multipleOf: 0.5 },
    { type: "number", multipleOf: 0.25 },
    ["multiple-of-widened", C],
    ["multiple-of-widened", B],
  ],
  ["multipleOf removed", { ...int32, multipleOf: 5 }, int32, ["multiple-of-widened", C], ["multiple-of-widened", B]],
  [
    "multipleOf 5 → 3 (other values)",
    { ...int32, multipleOf: 5 },
    { ...int32, multipleOf: 3 },
    ["multiple-of-changed", B],
    ["multiple-of-changed", B],
  ],
  ["uniqueItems added", list, { ...list, uniqueItems: true }, ["unique-items-added", B], ["unique-items-added", C]],
  [
    "uniqueItems removed",
    { ...list, uniqueItems: true },
    { ...list, uniqueItems: false },
    ["unique-items-removed", C],
    ["unique-items-removed", B],
  ],
  // A constraint removed, whichever bound it is, widens: -unset (oasdiff's ids for maxLength and minItems in a response).
  ...(
    [
      ["maximum", "max", int32, 5],
      ["minimum", "min", int32, 1],
      ["maxLength", "max-length", str, 8],
      ["minLength", "min-length", str, 2],
      ["maxItems", "max-items", list, 3],
      ["minItems", "min-items", list, 1],
      ["exclusiveMaximum", "exclusive-max", int32, 10],
      ["exclusiveMinimum", "exclusive-min", int32, 1],
      ["maxContains", "max-contains", { ...list, contains: str }, 3],
      ["minContains", "min-contains", { ...list, contains: str }, 2],
      ["maxProperties", "max-properties", pair, 2],
      ["minProperties", "min-properties", pair, 1],
    ] as [string, string, Json, number][]
  ).map(([keyword, name, schema, bound]): [string, Json, Json, [string, Level], [string, Level]] => [
    `${keyword} removed`,
    { ...schema, [keyword]: bound },
    schema,
    [`${name}-unset`, C],
    [`${name}-unset`, B],
  ]),
  ["deprecated", str, { ...str, deprecated: true }, ["deprecated", I], ["deprecated", I]],
  ["reactivated", { ...str, deprecated: true }, str, ["reactivated", I], ["reactivated", I]],
];

/**
 * Where a parameter differs from a request field: the server fills in an omitted parameter's default
 * (oasdiff: error for a parameter's default added, changed or removed, info for a request field's).
 */
const PARAMETER_LEVELS: Record<string, Level> = {
  "request-parameter-default-value-added": B,
  "request-parameter-default-value-changed": B,
  "request-parameter-default-value-removed": B,
};

describe("schema aspects, at every place a schema sits, in both directions", () => {
  for (const subject of SUBJECTS) {
    const direction = subject.startsWith("request") ? "request" : "response";
    describe(subject, () => {
      it.each(ASPECT_CORPUS)("%s", (_name, before, after, inRequest, inResponse) => {
        const [aspect, expected] = direction === "request" ? inRequest : inResponse;
        const level = PARAMETER_LEVELS[`${subject}-${aspect}`] ?? expected;
        expect(classify(withSchemaAt(subject, before), withSchemaAt(subject, after))).toEqual([
          [`${subject}-${aspect}`, level],
        ]);
      });
    });
  }

  it("reads the type of a 3.1 type list and its null", () => {
    const before = withSchemaAt("response-property", { type: "string" });
    const after = withSchemaAt("response-property", { type: ["string", "null"] });
    expect(classify(before, after)).toEqual([["response-property-became-nullable", B]]);
  });

  it("looks inside sub-schemas (then, not, ...): a new required field there is BREAKING in a request", () => {
    const withThen = (then: Json) =>
      withSchemaAt("request-property", { type: "object", if: { required: ["a"] }, then });
    expect(
      classify(withThen({ properties: { b: str } }), withThen({ properties: { b: str, c: str }, required: ["c"] })),
    ).toEqual([["new-required-request-property", B]]);
  });

  it("a discriminator explains the member schemas' declarations (their generated literal property)", () => {
    const member = { type: "object", properties: { kind: str } };
    const withMembers = (discriminator?: Json) =>
      api(
        {
          "/pets": {
            post: {
              operationId: "addPet",
              requestBody: json({
                oneOf: [{ $ref: "#/components/schemas/Dog" }],
                ...(discriminator && { discriminator }),
              }),
              responses: ok,
            },
          },
        },
        { schemas: { Dog: member } },
      );
    const changes = diffApis(
      withMembers(),
      withMembers({ propertyName: "kind", mapping: { dog: "#/components/schemas/Dog" } }),
    );
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["request-body-discriminator-added", B]]);
    expect(changes[0].explains).toContain('components["schemas"]["Dog"]');
  });

  it("an inline allOf member whose field changed is that field's change, not a member removed and added", () => {
    const member = (required: string[]) => ({ type: "object", required, properties: { a: str, b: str } });
    const before = withSchemaAt("response-body", { allOf: [member(["a"])] });
    const after = withSchemaAt("response-body", { allOf: [member(["a", "b"])] });
    expect(classify(before, after)).toEqual([["response-property-became-required", C]]);
  });

  it("an allOf member that only annotates (title, description) is no change", () => {
    const before = withSchemaAt("request-body", { allOf: [pair] });
    const after = withSchemaAt("request-body", { allOf: [pair, { title: "note", description: "no constraint" }] });
    expect(classify(before, after)).toEqual([]);
  });

  it("a $ref wrapped in allOf to carry a description is the $ref (no change); its deprecation is still seen", () => {
    const withField = (field: Json) =>
      api(
        {
          "/things": {
            post: {
              operationId: "createThing",
              requestBody: json({ type: "object", properties: { thing: field } }),
              responses: { "200": { description: "OK", ...json({ type: "object", properties: { thing: field } }) } },
            },
          },
        },
        { schemas: { Thing: { type: "object", properties: { id: str } } } },
      );
    const ref = { $ref: "#/components/schemas/Thing" };
    expect(classify(withField(ref), withField({ description: "The thing.", allOf: [ref] }))).toEqual([]);
    expect(classify(withField({ description: "The thing.", allOf: [ref] }), withField(ref))).toEqual([]);
    // The response validators check it as the $ref too: the safety net sees no change either.
    const none = { declarations: { before: new Map(), after: new Map() } };
    expect(classify(withField(ref), withField({ description: "The thing.", allOf: [ref] }), none)).toEqual([]);
    const deprecated = classify(withField(ref), withField({ deprecated: true, allOf: [ref] }));
    expect(deprecated.length).toBeGreaterThan(0);
    expect(deprecated.every(([rule, level]) => /deprecated/.test(rule) && level === I)).toBe(true);
    // A second typed member is a real composition change.
    const other = { type: "object", properties: { name: str } };
    expect(classify(withField(ref), withField({ allOf: [ref, other] }))).toContainEqual([
      "request-property-all-of-added",
      B,
    ]);
  });

  it("a body written inline and the same body as an allOf of one $ref (a required list beside it) are compared field by field", () => {
    // Confluent's bundle writes a request body inline while it folds a required list into it, and as
    // `allOf: [$ref X]` beside `required` once nothing needs folding (Confluent stops requiring a field).
    const body = (required: string[]) => ({
      type: "object",
      properties: { spec: { type: "object", required, properties: { name: str, environment: str } } },
    });
    const doc = (schema: Json) =>
      api(
        { "/things": { patch: { operationId: "updateThing", requestBody: json(schema), responses: ok } } },
        { schemas: { ThingInput: body([]) } },
      );
    const referenced = { allOf: [{ $ref: "#/components/schemas/ThingInput" }], required: ["spec"] };
    expect(classify(doc({ ...body(["environment"]), required: ["spec"] }), doc(referenced))).toEqual([
      ["request-property-became-optional", C],
    ]);
    expect(classify(doc(referenced), doc({ ...body(["environment"]), required: ["spec"] }))).toEqual([
      ["request-property-became-required", B],
    ]);
    // With properties of its own beside it, the member is a composition: its going is reported.
    const composed = { ...referenced, properties: { extra: str } };
    expect(
      classify(
        doc(composed),
        doc({ ...body([]), required: ["spec"], properties: { ...body([]).properties, extra: str } }),
      ),
    ).toContainEqual(["request-body-all-of-removed", expect.anything()]);
    // A referenced schema that says more than its fields (a discriminator, a 3.1 keyword): the member is
    // reported, as the inline schema's keyword would be (neither is hidden behind the other's form).
    const saying = (more: Json) =>
      api(
        { "/things": { patch: { operationId: "updateThing", requestBody: json(referenced), responses: ok } } },
        { schemas: { ThingInput: { ...body([]), ...more } } },
      );
    for (const more of [{ discriminator: { propertyName: "spec" } }, { additionalProperties: false }])
      expect(classify(doc({ ...body(["environment"]), required: ["spec"] }), saying(more))).toContainEqual([
        "request-body-all-of-added",
        B,
      ]);
    // Neither side inline (one component for another): the members are compared as they are.
    const swapped = api(
      {
        "/things": {
          patch: {
            operationId: "updateThing",
            requestBody: json({ allOf: [{ $ref: "#/components/schemas/OtherInput" }], required: ["spec"] }),
            responses: ok,
          },
        },
      },
      { schemas: { ThingInput: body([]), OtherInput: body([]) } },
    );
    expect(classify(doc(referenced), swapped)).toContainEqual(["request-body-all-of-added", B]);
  });

  it("a field every oneOf/anyOf alternative requires is required", () => {
    const alternatives = (required: string[]) =>
      withSchemaAt("request-body", { anyOf: [{ type: "object", required, properties: { id: str } }] });
    expect(classify(alternatives([]), alternatives(["id"]))).toEqual([["request-property-became-required", B]]);
  });

  it("reports no change for reordered enum values or for descriptions and examples", () => {
    const before = withSchemaAt("response-property", { ...str, enum: ["a", "b"], description: "x", example: "a" });
    const after = withSchemaAt("response-property", { ...str, enum: ["b", "a"], description: "y", example: "b" });
    expect(classify(before, after)).toEqual([]);
  });
});

/**
 * A union (oneOf/anyOf) whose members share fields, at a place in a request or a response:
 * `PUT /options` sends `{ option: <union> }`, `GET /options` answers it. Members are component schemas
 * (`$ref`) by name or inline schemas as given.
 */
function unionAt(
  direction: "request" | "response",
  members: (string | Json)[],
  schemas: Json,
  { keyword = "oneOf", discriminator }: { keyword?: string; discriminator?: Json } = {},
): Json {
  const union = {
    [keyword]: members.map((m) => (typeof m === "string" ? { $ref: `#/components/schemas/${m}` } : m)),
    ...(discriminator && { discriminator }),
  };
  const body = json({ type: "object", properties: { option: union } });
  const operation =
    direction === "request"
      ? { put: { operationId: "setOption", requestBody: body, responses: ok } }
      : { get: { operationId: "getOption", responses: { "200": { description: "OK", ...body } } } };
  return api({ "/options": operation }, { schemas });
}

/** Two options sharing `opt_name` and `opt_value` with other facts (VPC's ExtraDhcpOpt and DhcpLeaseTimeOpt). */
const OPTIONS = {
  Ntp: {
    type: "object",
    required: ["opt_name"],
    properties: { opt_name: { ...str, enum: ["ntp"] }, opt_value: { ...str, nullable: true, pattern: "^[0-9.,]+$" } },
  },
  Lease: {
    type: "object",
    required: ["opt_name"],
    properties: { opt_name: { ...str, enum: ["addresstime"] }, opt_value: { ...str, minLength: 1 } },
  },
};
/** OPTIONS with one field of one member replaced. */
const withField = (member: "Ntp" | "Lease", field: string, schema: Json): Json => ({
  ...OPTIONS,
  [member]: { ...OPTIONS[member], properties: { ...OPTIONS[member].properties, [field]: schema } },
});

/** diffApis's changes; every rule seen is recorded for the coverage test, as classify does. */
function changesOf(before: Json, after: Json): Json[] {
  const changes = diffApis(before, after);
  for (const change of changes) produced.add(change.rule);
  return changes;
}

describe("union members, compared one by one (each by its identity, never by its position)", () => {
  const directions = ["request", "response"] as const;

  it.each(directions)("reordering the members of a %s union is no change, though they share fields", (direction) => {
    expect(
      classify(unionAt(direction, ["Ntp", "Lease"], OPTIONS), unionAt(direction, ["Lease", "Ntp"], OPTIONS)),
    ).toEqual([]);
    expect(
      classify(
        unionAt(direction, ["Ntp", "Lease"], OPTIONS, { keyword: "anyOf" }),
        unionAt(direction, ["Lease", "Ntp"], OPTIONS, { keyword: "anyOf" }),
      ),
    ).toEqual([]);
  });

  it.each(directions)("a %s union's $ref member wrapped in allOf to carry a description is the $ref", (direction) => {
    const wrapped = { description: "A lease time option.", allOf: [{ $ref: "#/components/schemas/Lease" }] };
    const plain = unionAt(direction, ["Ntp", "Lease"], OPTIONS);
    expect(classify(plain, unionAt(direction, ["Ntp", wrapped], OPTIONS))).toEqual([]);
    expect(classify(unionAt(direction, ["Ntp", wrapped], OPTIONS), plain)).toEqual([]);
    // Its fields are still the member's: a change inside it is named by it.
    const tightened = withField("Lease", "opt_value", { ...str, minLength: 1, maxLength: 8 });
    expect(changesOf(plain, unionAt(direction, ["Ntp", wrapped], tightened)).map((c: Json) => c.message)).toEqual([
      direction === "request"
        ? "PUT /options: request field option<oneOf Lease>.opt_value maxLength none → 8"
        : "GET /options: response 200 field option<oneOf Lease>.opt_value maxLength none → 8",
    ]);
  });

  it("a constraint tightened in a later member of a request union is BREAKING, and names the member", () => {
    const tightened = withField("Lease", "opt_value", { ...str, minLength: 1, maxLength: 8 });
    const changes = changesOf(
      unionAt("request", ["Ntp", "Lease"], OPTIONS),
      unionAt("request", ["Ntp", "Lease"], tightened),
    );
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "request-property-max-length-set",
        B,
        "PUT /options: request field option<oneOf Lease>.opt_value maxLength none → 8",
      ],
    ]);
    // Also when the member moved first at the same time, and in the first member.
    expect(
      classify(unionAt("request", ["Ntp", "Lease"], OPTIONS), unionAt("request", ["Lease", "Ntp"], tightened)),
    ).toEqual([["request-property-max-length-set", B]]);
    const first = withField("Ntp", "opt_value", { ...str, nullable: true, pattern: "^[0-9.,]+$", maxLength: 8 });
    expect(
      changesOf(unionAt("request", ["Ntp", "Lease"], OPTIONS), unionAt("request", ["Ntp", "Lease"], first)).map(
        (c: Json) => c.message,
      ),
    ).toEqual(["PUT /options: request field option<oneOf Ntp>.opt_value maxLength none → 8"]);
  });

  it("a field's type changed in a later member of a response union is BREAKING, and names the member", () => {
    const retyped = withField("Lease", "opt_value", { ...OPTIONS.Lease.properties.opt_value, type: "integer" });
    const changes = changesOf(
      unionAt("response", ["Ntp", "Lease"], OPTIONS),
      unionAt("response", ["Ntp", "Lease"], retyped),
    );
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "response-property-type-changed",
        B,
        "GET /options: response 200 field option<oneOf Lease>.opt_value type string → integer",
      ],
    ]);
    // The response validators' change is explained by it (no "change no rule describes").
    expect(changes[0]?.explains).toContain('validators["GET /options"]');
  });

  it("a member added: a change in a request, BREAKING in a response; removed: the reverse, unless it takes a literal out of a response (oneOf and anyOf)", () => {
    // Without its own literal: Ntp and Lease with `opt_name` a plain string.
    const plain = Object.fromEntries(
      Object.entries(OPTIONS).map(([name, schema]) => [name, withField(name as "Ntp", "opt_name", str)[name]]),
    );
    for (const keyword of ["oneOf", "anyOf"]) {
      const rule = keyword === "oneOf" ? "one-of" : "any-of";
      const one = (direction: "request" | "response", schemas = plain) =>
        unionAt(direction, ["Ntp"], schemas, { keyword });
      const two = (direction: "request" | "response", schemas = plain) =>
        unionAt(direction, ["Lease", "Ntp"], schemas, { keyword });
      expect(classify(one("request"), two("request"))).toEqual([[`request-property-${rule}-added`, C]]);
      expect(classify(two("request"), one("request"))).toEqual([[`request-property-${rule}-removed`, B]]);
      expect(classify(one("response"), two("response"))).toEqual([[`response-property-${rule}-added`, B]]);
      expect(classify(two("response"), one("response"))).toEqual([[`response-property-${rule}-removed`, C]]);
      // Each member gives `opt_name` its own literal (an implicit discriminator): `option.opt_name ===
      // "addresstime"` stops compiling once Lease is gone from a response.
      expect(classify(two("response", OPTIONS), one("response", OPTIONS))).toEqual([
        [`response-property-${rule}-literal-removed`, B],
      ]);
      expect(classify(two("request", OPTIONS), one("request", OPTIONS))).toEqual([
        [`request-property-${rule}-removed`, B],
      ]);
    }
  });

  it("a member added or removed with its discriminator mapping entry is the member's change alone; an entry changed for a member that stays is the discriminator's", () => {
    const mapping = (names: string[]) => ({
      propertyName: "opt_name",
      mapping: Object.fromEntries(
        names.map((name) => [name === "Ntp" ? "ntp" : "addresstime", `#/components/schemas/${name}`]),
      ),
    });
    const union = (direction: "request" | "response", names: string[], discriminator = mapping(names)) =>
      unionAt(direction, names, OPTIONS, { discriminator });
    expect(classify(union("request", ["Ntp"]), union("request", ["Ntp", "Lease"]))).toEqual([
      ["request-property-one-of-added", C],
    ]);
    // The member's tag value goes with it: code comparing with it breaks.
    expect(classify(union("response", ["Ntp", "Lease"]), union("response", ["Ntp"]))).toEqual([
      ["response-property-one-of-literal-removed", B],
    ]);
    expect(classify(union("response", ["Ntp"]), union("response", ["Ntp", "Lease"]))).toEqual([
      ["response-property-one-of-added", B],
    ]);
    // A member that stays gets another tag value: its generated type's literal changes.
    const retagged = { propertyName: "opt_name", mapping: { ntp2: "#/components/schemas/Ntp" } };
    expect(classify(union("request", ["Ntp"]), union("request", ["Ntp"], retagged))).toEqual([
      ["request-property-discriminator-changed", B],
    ]);
    // An entry for a member that stays, added without a member: the discriminator's too.
    const aliased = {
      propertyName: "opt_name",
      mapping: { ...mapping(["Ntp"]).mapping, time: "#/components/schemas/Ntp" },
    };
    expect(classify(union("request", ["Ntp"]), union("request", ["Ntp"], aliased))).toEqual([
      ["request-property-discriminator-changed", B],
    ]);
  });

  it("a member replaced by another schema carrying its literal is the same member: its fields are compared", () => {
    const schemas = { ...OPTIONS, Lease2: { ...OPTIONS.Lease, properties: { ...OPTIONS.Lease.properties, x: str } } };
    const before = unionAt("request", ["Ntp", "Lease"], schemas);
    const after = unionAt("request", ["Ntp", "Lease2"], schemas);
    expect(classify(before, after)).toEqual([
      ["union-member-schema-replaced", C],
      ["new-optional-request-property", A],
    ]);
  });

  it("a member replaced by a schema carrying another literal is that member removed (BREAKING in a request)", () => {
    const renew = {
      ...OPTIONS.Lease,
      properties: { ...OPTIONS.Lease.properties, opt_name: { ...str, enum: ["renew"] } },
    };
    const schemas = { ...OPTIONS, Renew: renew };
    expect(
      classify(unionAt("request", ["Ntp", "Lease"], schemas), unionAt("request", ["Ntp", "Renew"], schemas)),
    ).toEqual([
      ["request-property-one-of-added", C],
      ["request-property-one-of-removed", B],
    ]);
    // In a response its literal leaves the generated union.
    expect(
      classify(unionAt("response", ["Ntp", "Lease"], schemas), unionAt("response", ["Ntp", "Renew"], schemas)),
    ).toEqual([
      ["response-property-one-of-added", B],
      ["response-property-one-of-literal-removed", B],
    ]);
  });

  it("with a discriminator and no mapping, a member's tag is its schema's name: one replaced by another is removed, however alike", () => {
    // `kind` has no enum: openapi-typescript writes each member's schema name as its `kind` literal.
    const cloud = (extra: Json = {}) => ({
      type: "object",
      required: ["kind"],
      properties: { kind: str, name: str, region: str, ...extra },
    });
    const schemas = { Aws: cloud(), Gcp: cloud(), Azure: cloud({ azure_sub: str }) };
    const discriminator = { propertyName: "kind" };
    expect(
      classify(
        unionAt("response", ["Aws", "Gcp"], schemas, { discriminator }),
        unionAt("response", ["Aws", "Azure"], schemas, { discriminator }),
      ),
    ).toEqual([
      ["response-property-one-of-added", B],
      ["response-property-one-of-literal-removed", B],
    ]);
    expect(
      classify(
        unionAt("request", ["Aws", "Gcp"], schemas, { discriminator }),
        unionAt("request", ["Aws", "Azure"], schemas, { discriminator }),
      ),
    ).toEqual([
      ["request-property-one-of-added", C],
      ["request-property-one-of-removed", B],
    ]);
  });

  it("with a discriminator and no mapping, a member of the same content under another name is another tag: removed", () => {
    // openapi-typescript writes the member's schema name as its `kind`, whatever enum it gives `kind`.
    for (const kind of [str, { ...str, enum: ["AWS"] }]) {
      const cloud = { type: "object", required: ["kind"], properties: { kind, name: str } };
      const schemas = { Aws: cloud, AwsV2: cloud, Gcp: { ...cloud, properties: { kind: str, project: str } } };
      const discriminator = { propertyName: "kind" };
      expect(
        classify(
          unionAt("response", ["Aws", "Gcp"], schemas, { discriminator }),
          unionAt("response", ["AwsV2", "Gcp"], schemas, { discriminator }),
        ),
      ).toEqual([
        ["response-property-one-of-added", B],
        ["response-property-one-of-literal-removed", B],
      ]);
    }
  });

  it("where openapi-typescript gives no tag (an anyOf, a wrapped member, a member not typed object), a same-content member under another name is the same member", () => {
    const cloud = (typed: boolean) => ({
      ...(typed ? { type: "object" } : {}),
      required: ["kind"],
      properties: { kind: { ...str, enum: ["aws"] }, name: str },
    });
    const gcp = { type: "object", required: ["kind"], properties: { kind: { ...str, enum: ["gcp"] } } };
    const discriminator = { propertyName: "kind" };
    const wrapped = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }], description: "a cloud" });
    const cases: [string, (string | Json)[], (string | Json)[], Json, string][] = [
      ["anyOf", ["Aws", "Gcp"], ["Aws2", "Gcp"], { Aws: cloud(true), Aws2: cloud(true), Gcp: gcp }, "anyOf"],
      [
        "wrapped",
        [wrapped("Aws"), "Gcp"],
        [wrapped("Aws2"), "Gcp"],
        { Aws: cloud(true), Aws2: cloud(true), Gcp: gcp },
        "oneOf",
      ],
      ["untyped", ["Aws", "Gcp"], ["Aws2", "Gcp"], { Aws: cloud(false), Aws2: cloud(false), Gcp: gcp }, "oneOf"],
    ];
    // A mapping does not tag a member openapi-typescript does not tag (not typed object): its own enum stays.
    const mapped = (aws: string, key: string) => ({
      propertyName: "kind",
      mapping: { [key]: `#/components/schemas/${aws}`, gcp: "#/components/schemas/Gcp" },
    });
    expect(
      classify(
        unionAt(
          "response",
          ["Aws", "Gcp"],
          { Aws: cloud(false), Aws2: cloud(false), Gcp: gcp },
          { discriminator: mapped("Aws", "amazon") },
        ),
        unionAt(
          "response",
          ["Aws2", "Gcp"],
          { Aws: cloud(false), Aws2: cloud(false), Gcp: gcp },
          { discriminator: mapped("Aws2", "aws") },
        ),
      ),
      "untyped, mapped",
    ).toEqual([
      ["union-member-schema-replaced", C],
      // The mapping's key is compared as such (it is no literal of an untyped member's type: noted, not refined).
      ["response-property-discriminator-changed", B],
    ]);
    for (const [name, before, after, schemas, keyword] of cases)
      expect(
        classify(
          unionAt("response", before, schemas, { keyword, discriminator }),
          unionAt("response", after, schemas, { keyword, discriminator }),
        ),
        name,
      ).toEqual([["union-member-schema-replaced", C]]);
  });

  it("a member whose literals differ at one place is another member, though it shares a literal elsewhere", () => {
    const member = (cloud: string) => ({
      type: "object",
      required: ["cloud"],
      properties: { cloud: { ...str, enum: [cloud] }, status: { ...str, enum: ["ACTIVE", "FAILED"] } },
    });
    const schemas = { Aws: member("AWS"), Gcp: member("GCP"), Azure: member("AZURE") };
    const changes = changesOf(
      unionAt("response", ["Aws", "Gcp"], schemas),
      unionAt("response", ["Aws", "Azure"], schemas),
    );
    expect(changes.map((change) => change.rule)).not.toContain("union-member-schema-replaced");
    expect(changes.map((change) => change.rule)).toContain("response-property-one-of-literal-removed");
  });

  it("a member renamed (same content, new $ref name) is one change: the schema's rename", () => {
    const renamed = { Ntp: OPTIONS.Ntp, LeaseTime: OPTIONS.Lease };
    for (const direction of directions)
      expect(
        classify(unionAt(direction, ["Ntp", "Lease"], OPTIONS), unionAt(direction, ["Ntp", "LeaseTime"], renamed)),
      ).toEqual([["api-schema-renamed", B]]);
  });

  it("a member renamed together with a change in a schema it refers to: that change, under the new name", () => {
    const detail = (schema: Json) => ({ type: "object", properties: { value: schema } });
    const lease = { type: "object", properties: { detail: { $ref: "#/components/schemas/Detail" } } };
    const before = unionAt("request", ["Ntp", "Lease"], { Ntp: OPTIONS.Ntp, Lease: lease, Detail: detail(str) });
    const after = unionAt("request", ["Ntp", "LeaseTime"], {
      Ntp: OPTIONS.Ntp,
      LeaseTime: lease,
      Detail: detail({ ...str, maxLength: 8 }),
    });
    expect(changesOf(before, after).map((c: Json) => [c.rule, c.message])).toEqual([
      [
        "request-property-max-length-set",
        "PUT /options: request field option<oneOf LeaseTime>.detail.value maxLength none → 8",
      ],
      ["api-schema-renamed", "component schema Lease renamed to LeaseTime"],
    ]);
  });

  it("an inline member is known by its discriminator value, else its title, else its type", () => {
    const option = (name: string, value: Json, extra: Json = {}) => ({
      type: "object",
      ...extra,
      properties: { opt_name: { ...str, enum: [name] }, opt_value: value },
    });
    const discriminator = { propertyName: "opt_name" };
    const pinned = (value: Json) => [option("ntp", str), option("addresstime", value)];
    const before = unionAt("request", pinned(str), {}, { discriminator });
    // Reordered: no change; a field edited in the second: that field, in the member of that value.
    const reordered = unionAt("request", pinned(str).reverse(), {}, { discriminator });
    expect(classify(before, reordered)).toEqual([]);
    const edited = changesOf(before, unionAt("request", pinned({ ...str, maxLength: 3 }), {}, { discriminator }));
    expect(edited.map((c: Json) => c.message)).toEqual([
      "PUT /options: request field option<oneOf opt_name=addresstime>.opt_value maxLength none → 3",
    ]);
    // Titled inline members, in a response.
    const titled = (value: Json) => [
      option("ntp", str, { title: "NTP" }),
      option("addresstime", value, { title: "Lease" }),
    ];
    expect(classify(unionAt("response", titled(str), {}), unionAt("response", titled(str).reverse(), {}))).toEqual([]);
    const retyped = changesOf(
      unionAt("response", titled(str), {}),
      unionAt("response", titled({ type: "integer" }), {}),
    );
    expect(retyped.map((c: Json) => [c.rule, c.message])).toEqual([
      [
        "response-property-type-changed",
        "GET /options: response 200 field option<oneOf Lease>.opt_value type string → integer",
      ],
    ]);
    // An untitled inline member beside a $ref: known by its type, so editing a field inside it is that
    // field's change, not a member removed and another added.
    const inline = (value: Json) => ["Ntp", { type: "object", properties: { opt_value: value } }];
    expect(
      classify(unionAt("request", inline(str), OPTIONS), unionAt("request", inline(str).reverse(), OPTIONS)),
    ).toEqual([]);
    const narrowed = changesOf(
      unionAt("request", inline(str), OPTIONS),
      unionAt("request", inline({ ...str, enum: ["a"] }), OPTIONS),
    );
    expect(narrowed.map((c: Json) => [c.rule, c.message])).toEqual([
      [
        "request-property-became-enum",
        "PUT /options: request field option<oneOf object>.opt_value values: now an enum",
      ],
    ]);
    // Look-alike untitled members (both objects) are told apart by their fields: reordering them is no change.
    const withA = { type: "object", required: ["a"], properties: { a: str } };
    const withB = { type: "object", properties: { b: str } };
    const alike = [withA, withB];
    expect(classify(unionAt("request", alike, {}), unionAt("request", [withB, withA], {}))).toEqual([]);
    const deprecated = changesOf(
      unionAt("response", alike, {}),
      unionAt("response", [{ ...withB, properties: { b: { ...str, deprecated: true } } }, withA], {}),
    );
    expect(deprecated.map((c: Json) => c.message)).toEqual([
      "GET /options: response 200 field option<oneOf object {b}>.b deprecated",
    ]);
    // Inline members added and removed are the union's members added and removed.
    expect(classify(unionAt("response", titled(str).slice(0, 1), {}), unionAt("response", titled(str), {}))).toEqual([
      ["response-property-one-of-added", B],
    ]);
    // Look-alike members that each take other values of one property (VPC's DHCP options written inline):
    // known by those values, so a field added to one is that field added, and a reorder is no change.
    const dhcpOption = (names: string[], extra: Json = {}) => ({
      type: "object",
      required: ["opt_name"],
      properties: { opt_name: { ...str, enum: names }, opt_value: str, ...extra },
    });
    const [ntp, lease] = [dhcpOption(["ntp"]), dhcpOption(["addresstime", "ipv6_addresstime"])];
    expect(classify(unionAt("request", [ntp, lease], {}), unionAt("request", [lease, ntp], {}))).toEqual([]);
    const commented = changesOf(
      unionAt("request", [ntp, lease], {}),
      unionAt("request", [dhcpOption(["ntp"], { comment: str }), lease], {}),
    );
    expect(commented.map((c: Json) => [c.rule, c.message])).toEqual([
      ["new-optional-request-property", "PUT /options: request field option<oneOf object opt_name=ntp>.comment added"],
    ]);
  });

  it("on VPC's UpdateExtraDhcpOpt (generated/openapi.yaml): a reorder is no change, a later member's maxLength BREAKING", () => {
    const merged = parse(readFileSync(new URL("../generated/openapi.yaml", import.meta.url), "utf8"));
    // The subnet operations only (the other APIs' operations take time to compare and tell nothing here).
    for (const path of Object.keys(merged.paths)) if (!path.includes("/subnets")) delete merged.paths[path];
    const vpc = () => structuredClone(merged);
    const reordered = vpc();
    reordered.components.schemas.OtcVpc_UpdateExtraDhcpOpt.oneOf.reverse();
    expect(classify(vpc(), reordered)).toEqual([]);
    const tightened = vpc();
    tightened.components.schemas.OtcVpc_DhcpLeaseTimeOpt.properties.opt_value.maxLength = 8;
    expect(changesOf(vpc(), tightened).map((c: Json) => [c.level, c.message])).toEqual([
      [
        B,
        "PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}: request field subnet.extra_dhcp_opts[]<oneOf DhcpLeaseTimeOpt>.opt_value maxLength none → 8",
      ],
    ]);
  });

  it("fields moved from an object into every member of a union on it are compared with each member's", () => {
    const object = (required: string[]) => ({ type: "object", required, properties: { a: str, b: str } });
    const before = withSchemaAt("response-body", object(["a", "b"]));
    const after = withSchemaAt("response-body", { oneOf: [object(["a"]), object(["b"])] });
    expect(classify(before, after)).toEqual([
      ["response-body-type-changed", B],
      ["response-body-one-of-added", B],
      ["response-property-became-optional", B],
      ["response-property-became-optional", B],
    ]);
    // ... and back.
    expect(classify(after, before)).toEqual([
      ["response-body-type-changed", B],
      ["response-body-one-of-removed", C],
      ["response-property-became-required", C],
      ["response-property-became-required", C],
    ]);
  });
});

/** GET /things and POST /things, each piece replaceable. */
function things({ get = {} as Json, post = {} as Json, components = {} as Json, extra = {} as Json } = {}) {
  return api(
    {
      "/things": {
        get: { operationId: "listThings", responses: { "200": { description: "OK", ...json(list) } }, ...get },
        post: {
          operationId: "createThing",
          requestBody: json({ type: "object", properties: { name: str } }),
          responses: { "201": { description: "Created" } },
          ...post,
        },
      },
    },
    components,
    extra,
  );
}
const query = (name: string, required = false, schema: Json = str) => ({ name, in: "query", required, schema });
const body = (properties: Json, required: string[] = [], bodyRequired = false) => ({
  requestBody: { required: bodyRequired, ...json({ type: "object", required, properties }) },
});
const answer = (properties: Json, required: string[] = []) => ({
  responses: { "200": { description: "OK", ...json({ type: "object", required, properties }) } },
});

describe("operations", () => {
  it("an operation added is an addition; removed, BREAKING with or without deprecation", () => {
    const one = things();
    const two = things();
    two.paths["/other"] = { get: { operationId: "getOther", responses: ok } };
    expect(classify(one, two)).toEqual([["endpoint-added", A]]);
    expect(classify(two, one)).toEqual([["api-path-removed-without-deprecation", B]]);
    two.paths["/other"].get.deprecated = true;
    expect(classify(two, one)).toEqual([["api-path-removed-with-deprecation", B]]);
  });

  it('an operationId renamed is BREAKING (Operations["old"]), one added is an addition', () => {
    expect(classify(things(), things({ get: { operationId: "getThings" } }))).toEqual([
      ["api-operation-id-removed", B],
    ]);
    expect(classify(things({ get: { operationId: undefined } }), things())).toEqual([["api-operation-id-added", A]]);
  });

  it("a deprecation and its withdrawal are info", () => {
    expect(classify(things(), things({ get: { deprecated: true } }))).toEqual([["endpoint-deprecated", I]]);
    expect(classify(things({ get: { deprecated: true } }), things())).toEqual([["endpoint-reactivated", I]]);
    // The message names the operation.
    expect(diffApis(things(), things({ get: { deprecated: true } }))[0].message).toBe(
      "GET /things: operation deprecated",
    );
    expect(diffApis(things({ get: { deprecated: true } }), things())[0].message).toBe(
      "GET /things: operation no longer deprecated",
    );
  });

  it("x-pagination removed or changed is BREAKING, added is an addition", () => {
    const paged = (declaration: Json) => things({ get: { "x-pagination": declaration } });
    const marker = { style: "marker", items: "data", size: "limit", cursor: "marker", markerField: "id" };
    expect(classify(things(), paged(marker))).toEqual([["x-pagination-added", A]]);
    expect(classify(paged(marker), things())).toEqual([["x-pagination-removed", B]]);
    expect(classify(paged(marker), paged({ ...marker, markerField: "name" }))).toEqual([["x-pagination-changed", B]]);
  });

  it("x-cli: an alias removed is BREAKING, added an addition; other table columns are info", () => {
    const cli = (setting: Json) => things({ get: { "x-cli": setting } });
    expect(classify(cli({ aliases: ["things"] }), cli({ aliases: [] }))).toEqual([["x-cli-alias-removed", B]]);
    expect(classify(cli({ aliases: [] }), cli({ aliases: ["things"] }))).toEqual([["x-cli-alias-added", A]]);
    expect(classify(cli({ columns: ["id", "name"] }), cli({ columns: ["id"] }))).toEqual([
      ["x-cli-columns-changed", I],
    ]);
    expect(classify(cli({ aliases: ["a", "b"] }), cli({ aliases: ["b", "a"] }))).toEqual([]);
  });

  it("a renamed path parameter is ONE breaking change, not an operation removed and another added", () => {
    const doc = (name: string) =>
      api({
        [`/things/{${name}}`]: {
          get: {
            operationId: "getThing",
            parameters: [{ name, in: "path", required: true, schema: str }],
            responses: ok,
          },
        },
      });
    const changes = diffApis(doc("id"), doc("thingId"));
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "request-path-parameter-renamed",
        B,
        'GET /things/{thingId}: path parameter id renamed to thingId: the path consumers pass changes ("/things/{id}" → "/things/{thingId}"), so does the `params.path` key (the URLs sent are the same)',
      ],
    ]);
    produced.add(changes[0].rule);
  });
});

describe("parameters", () => {
  const params = (...parameters: Json[]) => things({ get: { parameters } });
  it("new required: BREAKING; new optional: addition; removed: BREAKING", () => {
    expect(classify(params(), params(query("q", true)))).toEqual([["new-required-request-parameter", B]]);
    expect(classify(params(), params(query("q")))).toEqual([["new-optional-request-parameter", A]]);
    expect(classify(params(query("q")), params())).toEqual([["request-parameter-removed", B]]);
  });

  it("became required: BREAKING; became optional: change", () => {
    expect(classify(params(query("q")), params(query("q", true)))).toEqual([["request-parameter-became-required", B]]);
    expect(classify(params(query("q", true)), params(query("q")))).toEqual([["request-parameter-became-optional", C]]);
  });

  it("looks inside a parameter's schema: an enum value removed from array items is BREAKING", () => {
    const tags = (values: string[]) => query("tags", false, { type: "array", items: { ...str, enum: values } });
    const changes = diffApis(params(tags(["a", "b"])), params(tags(["a"])));
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      ["request-parameter-enum-value-removed", B, "GET /things: query parameter tags [] values: removed b"],
    ]);
  });

  it("looks inside a parameter's schema at any depth: a deepObject field a.b turned string → integer is BREAKING", () => {
    const filter = (b: Json) => ({
      ...query("filter", false, { type: "object", properties: { a: { type: "object", properties: { b } } } }),
      style: "deepObject",
      explode: true,
    });
    const changes = diffApis(params(filter(str)), params(filter({ type: "integer" })));
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      ["request-parameter-type-changed", B, "GET /things: query parameter filter a.b type string → integer"],
    ]);
  });

  it("a parameter's deprecation is info", () => {
    const deprecated = { ...query("q"), deprecated: true };
    expect(classify(params(query("q")), params(deprecated))).toEqual([["request-parameter-deprecated", I]]);
  });
});

describe("request bodies", () => {
  const noBody = things({ post: { requestBody: undefined } });
  it("a body added (required: BREAKING, optional: addition) or removed (BREAKING)", () => {
    expect(classify(noBody, things({ post: body({}, [], true) }))).toEqual([["request-body-added-required", B]]);
    expect(classify(noBody, things({ post: body({}) }))).toEqual([["request-body-added-optional", A]]);
    expect(classify(things({ post: body({}) }), noBody)).toEqual([["request-body-removed", B]]);
  });

  it("a media type removed from a body is BREAKING, added an addition; a non-JSON body is compared too", () => {
    const typed = (content: Json) => things({ post: { requestBody: { content } } });
    const text = { "text/plain": { schema: { type: "string", maxLength: 9 } } };
    const both = { ...text, "application/json": text["text/plain"] };
    expect(classify(typed(both), typed(text))).toEqual([["request-body-media-type-removed", B]]);
    expect(classify(typed(text), typed(both))).toEqual([["request-body-media-type-added", A]]);
    const tighter = { "text/plain": { schema: { type: "string", maxLength: 3 } } };
    expect(classify(typed(text), typed(tighter))).toEqual([["request-body-max-length-decreased", B]]);
  });

  it("a body that became required is BREAKING, optional a change", () => {
    expect(classify(things({ post: body({}) }), things({ post: body({}, [], true) }))).toEqual([
      ["request-body-became-required", B],
    ]);
    expect(classify(things({ post: body({}, [], true) }), things({ post: body({}) }))).toEqual([
      ["request-body-became-optional", C],
    ]);
  });

  it("fields: new required BREAKING, new optional addition, removed BREAKING, required-ness both ways", () => {
    const make = (properties: Json, required: string[] = []) => things({ post: body(properties, required) });
    expect(classify(make({}), make({ a: str }, ["a"]))).toEqual([["new-required-request-property", B]]);
    expect(classify(make({}), make({ a: str }))).toEqual([["new-optional-request-property", A]]);
    expect(classify(make({ a: str }), make({}))).toEqual([["request-property-removed", B]]);
    expect(classify(make({ a: str }), make({ a: str }, ["a"]))).toEqual([["request-property-became-required", B]]);
    expect(classify(make({ a: str }, ["a"]), make({ a: str }))).toEqual([["request-property-became-optional", C]]);
  });

  it("an object field removed with its children is one change, at the object", () => {
    const nested = { type: "object", properties: { x: str, y: { type: "object", properties: { z: str } } } };
    const make = (properties: Json) => things({ post: body(properties) });
    expect(classify(make({ a: str, spec: nested }), make({ a: str }))).toEqual([["request-property-removed", B]]);
  });
});

describe("responses", () => {
  it("a success status added: addition; removed: BREAKING", () => {
    const two = things({ get: { responses: { ...things().paths["/things"].get.responses, "202": ok["200"] } } });
    expect(classify(things(), two)).toEqual([["response-success-status-added", A]]);
    expect(classify(two, things())).toEqual([["response-success-status-removed", B]]);
  });

  it("an error status added or removed changes the typed error union: change", () => {
    const withError = things();
    withError.paths["/things"].get.responses["404"] = { description: "Not found", ...json({ type: "object" }) };
    expect(classify(things(), withError)).toEqual([["response-non-success-status-added", C]]);
    expect(classify(withError, things())).toEqual([["response-non-success-status-removed", C]]);
  });

  it("a JSON body removed from a response is BREAKING, added an addition", () => {
    expect(classify(things(), things({ get: { responses: ok } }))).toEqual([["response-media-type-removed", B]]);
    expect(classify(things({ get: { responses: ok } }), things())).toEqual([["response-media-type-added", A]]);
  });

  it("fields: added (addition), removed (BREAKING), became optional (BREAKING), became required (change)", () => {
    const make = (properties: Json, required: string[] = []) => things({ get: answer(properties, required) });
    expect(classify(make({}), make({ a: str }, ["a"]))).toEqual([["response-required-property-added", A]]);
    expect(classify(make({}), make({ a: str }))).toEqual([["response-optional-property-added", A]]);
    expect(classify(make({ a: str }, ["a"]), make({}))).toEqual([["response-required-property-removed", B]]);
    expect(classify(make({ a: str }), make({}))).toEqual([["response-optional-property-removed", B]]);
    expect(classify(make({ a: str }, ["a"]), make({ a: str }))).toEqual([["response-property-became-optional", B]]);
    expect(classify(make({ a: str }), make({ a: str }, ["a"]))).toEqual([["response-property-became-required", C]]);
  });

  it("headers: added (addition), removed (BREAKING), became optional (BREAKING), became required (change)", () => {
    const make = (headers: Json) => things({ get: { responses: { "200": { description: "OK", headers } } } });
    const next = (required: boolean) => ({ "X-Next": { required, schema: str } });
    expect(classify(make({}), make(next(false)))).toEqual([["response-header-added", A]]);
    expect(classify(make(next(true)), make({}))).toEqual([["required-response-header-removed", B]]);
    expect(classify(make(next(false)), make({}))).toEqual([["optional-response-header-removed", B]]);
    expect(classify(make(next(true)), make(next(false)))).toEqual([["response-header-became-optional", B]]);
    expect(classify(make(next(false)), make(next(true)))).toEqual([["response-header-became-required", C]]);
  });

  it("a media type added to a response is an addition; map values (additionalProperties) are compared", () => {
    const xml = { "application/xml": { schema: str } };
    const withXml = things({
      get: { responses: { "200": { description: "OK", content: { ...json(list).content, ...xml } } } },
    });
    expect(classify(things(), withXml)).toEqual([["response-media-type-added", A]]);
    const map = (values: Json) =>
      things({
        get: { responses: { "200": { description: "OK", ...json({ type: "object", additionalProperties: values }) } } },
      });
    expect(classify(map(str), map({ ...str, nullable: true }))).toEqual([["response-property-became-nullable", B]]);
  });

  it("compares error response bodies too (a consumer reads the typed error)", () => {
    const make = (properties: Json) => {
      const doc = things();
      doc.paths["/things"].get.responses["400"] = {
        description: "Bad",
        ...json({ type: "object", properties }),
      };
      return doc;
    };
    expect(classify(make({ code: str }), make({}))).toEqual([["response-optional-property-removed", B]]);
  });
});

describe("security", () => {
  const schemes = {
    securitySchemes: {
      token: { type: "http", scheme: "bearer" },
      key: { type: "apiKey", in: "header", name: "X-Key" },
    },
  };
  const secured = (...security: Json[]) => things({ get: { security }, components: schemes });
  it("an alternative removed is BREAKING, added an addition, authentication now required BREAKING", () => {
    expect(classify(secured({ token: [] }, { key: [] }), secured({ token: [] }))).toEqual([
      ["api-security-removed", B],
    ]);
    expect(classify(secured({ token: [] }), secured({ token: [] }, { key: [] }))).toEqual([["api-security-added", A]]);
    expect(classify(secured(), secured({ token: [] }))).toEqual([["api-security-became-required", B]]);
  });

  it("a scope the operation now asks for is BREAKING (a token without it is refused), one it no longer asks for a change", () => {
    expect(classify(secured({ token: ["read"] }), secured({ token: ["read", "write"] }))).toEqual([
      ["api-security-scope-added", B],
    ]);
    expect(classify(secured({ token: ["read", "write"] }), secured({ token: ["read"] }))).toEqual([
      ["api-security-scope-removed", C],
    ]);
  });

  it("a scheme removed or its type changed is BREAKING, one added an addition", () => {
    const without = things({ components: { securitySchemes: { token: schemes.securitySchemes.token } } });
    expect(classify(things({ components: schemes }), without)).toEqual([["api-security-component-removed", B]]);
    expect(classify(without, things({ components: schemes }))).toEqual([["api-security-component-added", A]]);
    const basic = things({
      components: { securitySchemes: { ...schemes.securitySchemes, token: { type: "http", scheme: "basic" } } },
    });
    expect(classify(things({ components: schemes }), basic)).toEqual([["api-security-component-type-changed", B]]);
  });
});

describe("servers", () => {
  const regional = (regions: string[], fallback = "eu-de", others: Json[] = []) =>
    things({
      extra: {
        servers: [
          { url: "https://vpc.{region}.example.com", variables: { region: { default: fallback, enum: regions } } },
          ...others,
        ],
      },
    });
  it("a region removed makes createXClient({ region }) throw: BREAKING; a region added: addition", () => {
    expect(classify(regional(["eu-de", "eu-nl"]), regional(["eu-de"]))).toEqual([
      ["api-server-variable-enum-value-removed", B],
    ]);
    expect(classify(regional(["eu-de"]), regional(["eu-de", "eu-nl"]))).toEqual([
      ["api-server-variable-enum-value-added", A],
    ]);
  });

  it("a server removed is BREAKING, added an addition, a new default a change", () => {
    const swiss = { url: "https://vpc.eu-ch2.example.com" };
    expect(classify(regional(["eu-de"], "eu-de", [swiss]), regional(["eu-de"]))).toEqual([["api-server-removed", B]]);
    expect(classify(regional(["eu-de"]), regional(["eu-de"], "eu-de", [swiss]))).toEqual([["api-server-added", A]]);
    expect(classify(regional(["eu-de", "eu-nl"]), regional(["eu-de", "eu-nl"], "eu-nl"))).toEqual([
      ["api-server-variable-default-changed", C],
    ]);
  });
});

describe("component schema names", () => {
  const thing = { type: "object", properties: { id: str } };
  it("a 3.1 webhook removed is BREAKING, added an addition", () => {
    const hook = { post: { requestBody: json(str), responses: ok } };
    const withHooks = (webhooks: Json) => things({ extra: { openapi: "3.1.0", webhooks } });
    expect(classify(withHooks({ a: hook }), withHooks({ b: hook }))).toEqual([
      ["webhook-removed", B],
      ["webhook-added", A],
    ]);
  });

  it("a parameter (or other) component removed is BREAKING, also with the operations using it; added an addition", () => {
    const limit = { name: "limit", in: "query", required: false, schema: int32 };
    const shared = (withParameter: boolean) =>
      withParameter
        ? things({
            get: { parameters: [{ $ref: "#/components/parameters/Limit" }] },
            components: { parameters: { Limit: limit } },
          })
        : things();
    const declarations = (withParameter: boolean) =>
      new Map([
        [
          "generated/test.ts",
          withParameter
            ? "export interface components {\n  parameters: {\n    Limit: number;\n  };\n}\n"
            : "export interface components {\n  parameters: never;\n}\n",
        ],
      ]);
    // The parameter goes from the operation and from components: `Components["parameters"]["Limit"]` is
    // named by the component rule, not left to the safety net.
    expect(
      classify(shared(true), shared(false), {
        declarations: { before: declarations(true), after: declarations(false) },
      }),
    ).toEqual([
      ["request-parameter-removed", B],
      ["api-component-removed", B],
    ]);
    expect(
      classify(shared(false), shared(true), {
        declarations: { before: declarations(false), after: declarations(true) },
      }),
    ).toEqual([
      ["new-optional-request-parameter", A],
      ["api-component-added", A],
    ]);
    const message = diffApis(shared(true), shared(false)).find((c: Json) => c.rule === "api-component-removed").message;
    expect(message).toBe("component parameters Limit removed");
  });

  it("names components as consumers write them: without the merged document's API prefix, with the API", () => {
    // `VpcComponents["schemas"]["DhcpLeaseTimeOpt"]`, not the merged document's OtcVpc_DhcpLeaseTimeOpt.
    const option = (name: string) => ({ type: "object", properties: { opt_name: { ...str, enum: [name] } } });
    const vpc = (schemas: Json, members: string[], parameters: Json = {}) =>
      things({
        get: {
          responses: {
            "200": {
              description: "OK",
              ...json({
                type: "object",
                properties: {
                  option: {
                    oneOf: members.map((m) => ({ $ref: `#/components/schemas/${m}` })),
                    discriminator: {
                      propertyName: "opt_name",
                      mapping: Object.fromEntries(
                        members.map((m) => [m.endsWith("Ntp") ? "ntp" : "addresstime", `#/components/schemas/${m}`]),
                      ),
                    },
                  },
                },
              }),
            },
          },
        },
        components: { schemas, parameters },
      });
    const messages = (before: Json, after: Json) =>
      diffApis(before, after).map((c: Json) => [c.api, c.message.replace(/^GET \/things: response 200 /, "")]);
    const both = { OtcVpc_Ntp: option("ntp"), OtcVpc_DhcpLeaseTimeOpt: option("addresstime") };
    const limit = { OtcVpc_Limit: { name: "limit", in: "query", schema: int32 } };
    expect(messages(vpc(both, ["OtcVpc_Ntp", "OtcVpc_DhcpLeaseTimeOpt"]), vpc(both, ["OtcVpc_Ntp"], limit))).toEqual([
      ["otc-vpc", "field option oneOf: removed DhcpLeaseTimeOpt, and the literal each carries"],
      ["otc-vpc", "component parameters Limit (otc-vpc) added"],
    ]);
    const renamed = { OtcVpc_Ntp: option("ntp"), OtcVpc_LeaseTimeOpt: option("addresstime") };
    expect(
      messages(
        vpc(both, ["OtcVpc_Ntp", "OtcVpc_DhcpLeaseTimeOpt"]),
        vpc(renamed, ["OtcVpc_Ntp", "OtcVpc_LeaseTimeOpt"]),
      ),
    ).toEqual([["otc-vpc", "component schema DhcpLeaseTimeOpt (otc-vpc) renamed to LeaseTimeOpt"]]);
    expect(messages(vpc(both, ["OtcVpc_Ntp"]), vpc({ OtcVpc_Ntp: option("ntp") }, ["OtcVpc_Ntp"]))).toEqual([
      ["otc-vpc", "component schema DhcpLeaseTimeOpt (otc-vpc) removed"],
    ]);
    const tagged = (value: string) => {
      const doc = vpc(both, ["OtcVpc_Ntp"]);
      doc.paths["/things"].get.responses["200"].content[
        "application/json"
      ].schema.properties.option.discriminator.mapping = { [value]: "#/components/schemas/OtcVpc_Ntp" };
      return doc;
    };
    expect(messages(tagged("ntp"), tagged("ntp-server"))).toEqual([
      [
        "otc-vpc",
        'field option discriminator {"mapping":{"ntp":"#/components/schemas/Ntp"},"propertyName":"opt_name"} → {"mapping":{"ntp-server":"#/components/schemas/Ntp"},"propertyName":"opt_name"}',
      ],
    ]);
  });

  it("a schema renamed is ONE breaking change; removed BREAKING; added an addition", () => {
    expect(
      classify(
        things({ components: { schemas: { Thing: thing } } }),
        things({ components: { schemas: { Item: thing } } }),
      ),
    ).toEqual([["api-schema-renamed", B]]);
    expect(classify(things({ components: { schemas: { Thing: thing } } }), things())).toEqual([
      ["api-schema-removed", B],
    ]);
    // The rename explains the declarations that only refer to it by the new name: a schema and an operation.
    const named = (name: string) =>
      things({
        get: { responses: { "200": { description: "OK", ...json({ $ref: `#/components/schemas/${name}` }) } } },
        components: {
          schemas: { [name]: thing, Page: { type: "array", items: { $ref: `#/components/schemas/${name}` } } },
        },
      });
    const [renamed] = diffApis(named("Thing"), named("Item"));
    expect(renamed).toMatchObject({ rule: "api-schema-renamed" });
    expect(renamed.explains).toEqual(
      expect.arrayContaining(['components["schemas"]["Page"]', 'operations["listThings"]', 'paths["/things"]']),
    );
    expect(classify(things(), things({ components: { schemas: { Thing: thing } } }))).toEqual([
      ["api-schema-added", A],
    ]);
  });

  it("a renamed schema a oneOf and a discriminator mapping name is still ONE change (no member added and removed)", () => {
    const kind = (value: string) => ({
      type: "object",
      required: ["kind"],
      properties: { kind: { ...str, enum: [value] }, id: str },
    });
    const cloud = (gcp: string) => ({
      oneOf: [{ $ref: "#/components/schemas/Aws" }, { $ref: `#/components/schemas/${gcp}` }],
      discriminator: {
        propertyName: "kind",
        mapping: { AWS: "#/components/schemas/Aws", GCP: `#/components/schemas/${gcp}` },
      },
    });
    const doc = (gcp: string) =>
      things({
        get: { responses: { "200": { description: "OK", ...json({ $ref: "#/components/schemas/Connection" }) } } },
        post: { requestBody: json({ $ref: "#/components/schemas/Connection" }) },
        components: {
          schemas: {
            Aws: kind("AWS"),
            [gcp]: kind("GCP"),
            Connection: { type: "object", properties: { cloud: { $ref: "#/components/schemas/Cloud" } } },
            Cloud: cloud(gcp),
          },
        },
      });
    expect(classify(doc("GcpPublished"), doc("GcpUpstream"))).toEqual([["api-schema-renamed", B]]);
    // The validators check the same (the safety net compares what they are compiled from).
    const declarations = { before: new Map(), after: new Map() };
    expect(classify(doc("GcpPublished"), doc("GcpUpstream"), { declarations })).toEqual([["api-schema-renamed", B]]);
    // Two schemas renamed at once, one naming the other: two renames.
    const pair = (outer: string, inner: string) =>
      things({
        components: {
          schemas: {
            [outer]: { type: "object", properties: { inner: { $ref: `#/components/schemas/${inner}` } } },
            [inner]: thing,
          },
        },
      });
    expect(classify(pair("Outer", "Inner"), pair("OuterV2", "InnerV2"))).toEqual([
      ["api-schema-renamed", B],
      ["api-schema-renamed", B],
    ]);
    // A member replaced by a schema of other content under the same tag is the same member: its fields
    // are compared; the schema's name is gone (no rename: the content differs).
    const other = doc("GcpUpstream");
    other.components.schemas.GcpUpstream.properties.id = { type: "integer" };
    expect(classify(doc("GcpPublished"), other)).toEqual([
      ["union-member-schema-replaced", C],
      ["response-property-type-changed", B],
      ["union-member-schema-replaced", C],
      ["request-property-type-changed", B],
      ["api-schema-removed", B],
      ["api-schema-added", A],
    ]);
  });
});

describe("the API a change belongs to", () => {
  it("comes from the component prefix of what the operation refers to (x-component-prefix)", () => {
    const doc = (enumValues: string[]) =>
      api(
        {
          "/v1/subnets": {
            get: {
              operationId: "listSubnets",
              parameters: [{ $ref: "#/components/parameters/OtcVpc_Status" }],
              responses: ok,
            },
          },
        },
        { parameters: { OtcVpc_Status: query("status", false, { ...str, enum: enumValues }) } },
      );
    const [change] = diffApis(doc(["a", "b"]), doc(["a"]));
    expect(change).toMatchObject({
      api: "otc-vpc",
      operation: "GET /v1/subnets",
      rule: "request-parameter-enum-value-removed",
    });
    // An operation without prefixed components: the API of the operations with its tag.
    const tagged = (values: string[]) => {
      const result = doc(values);
      result.paths["/v1/subnets"].get.tags = ["VPC"];
      result.paths["/v1/ping"] = {
        get: { operationId: "ping", tags: ["VPC"], deprecated: values.length === 1, responses: ok },
      };
      return result;
    };
    expect(diffApis(tagged(["a", "b"]), tagged(["a"])).map((c: Json) => [c.rule, c.api])).toEqual([
      ["request-parameter-enum-value-removed", "otc-vpc"],
      ["endpoint-deprecated", "otc-vpc"],
    ]);
    const [schemaChange] = diffApis(things({ components: { schemas: { MadConnect_Thing: str } } }), things());
    expect(schemaChange).toMatchObject({ api: "madconnect", operation: null, rule: "api-schema-removed" });
  });
});

describe("the safety net over the generated declarations", () => {
  const TYPES = (listThings: string, extra = "") => `// Generated. Do not edit.

export interface paths {
  "/things": {
    get: operations["listThings"];
  };
}
export interface components {
  schemas: {
    /** @description A thing. */
    Thing: {
      id: string;${extra}
    };
  };
}
export interface operations {
  listThings: {
${listThings}
  };
}
`;
  const files = (text: string) => new Map([["generated/test.ts", text]]);
  const QUERY = "    parameters: { query?: { q?: string } };";

  it("reports a declaration change no rule explains, with its diff, as breaking", () => {
    const doc = things();
    const changes = diffApis(doc, structuredClone(doc), {
      declarations: { before: files(TYPES(QUERY)), after: files(TYPES(QUERY, "\n      name: string;")) },
    });
    produced.add("generated-declaration-changed");
    expect(changes).toEqual([
      expect.objectContaining({
        rule: "generated-declaration-changed",
        level: "breaking",
        api: "test",
        message:
          'generated/test.ts: components["schemas"]["Thing"] changed in ways the report does not describe (generated types changed; possibly breaking)',
        diff: ["+ name: string;"],
      }),
    ]);
    expect(formatChangeReport(changes)).not.toBe("API surface unchanged.");
    expect(formatChangeReport(changes)).toContain("+ name: string;");
  });

  it("reports a new declaration no rule explains as an addition", () => {
    const doc = things();
    const table = (entries: string) =>
      new Map([["generated/test.meta.ts", `export const pagination = {\n${entries}} as const;\n`]]);
    const changes = diffApis(doc, doc, {
      declarations: { before: table(""), after: table('  "/things": {\n    style: "marker",\n  },\n') },
    });
    produced.add("generated-declaration-added");
    expect(changes.map((c: Json) => [c.rule, c.level, c.message])).toEqual([
      [
        "generated-declaration-added",
        A,
        'generated/test.meta.ts: pagination["/things"] added (a generated declaration no other rule describes)',
      ],
    ]);
  });

  it("leaves out a declaration change that a rule explains", () => {
    const before = things({ get: { parameters: [query("q", false, { ...str, enum: ["a", "b"] })] } });
    const after = things({ get: { parameters: [query("q", false, { ...str, enum: ["a"] })] } });
    const changes = diffApis(before, after, {
      declarations: {
        before: files(TYPES(`    parameters: { query?: { q?: "a" | "b" } };`)),
        after: files(TYPES(`    parameters: { query?: { q?: "a" } };`)),
      },
    });
    expect(changes.map((c: Json) => c.rule)).toEqual(["request-parameter-enum-value-removed"]);
  });

  it("reports a summary or description edited in a table (the CLI's) as documentation: info, never breaking", () => {
    const doc = things();
    const cli = (summary: string, description: string, aliases = '["things"]') =>
      new Map([
        [
          "generated/test.cli.ts",
          `export const cli = {\n  api: "test",\n  title: "Test",\n  commands: [\n    {\n      operationId: "listThings",\n` +
            `      aliases: ${aliases},\n      summary: "${summary}",\n      description:\n        "${description}",\n` +
            `      parameters: [{ name: "q", description: "${description}", required: false }],\n    },\n  ],\n} as const;\n`,
        ],
      ]);
    const before = cli("List things", "Lists the things.");
    const changes = diffApis(doc, doc, {
      declarations: { before, after: cli("List all things", "Lists every thing.") },
    });
    produced.add("generated-documentation-changed");
    expect(changes).toEqual([
      expect.objectContaining({
        rule: "generated-documentation-changed",
        level: "info",
        breaking: false,
        message: 'generated/test.cli.ts: cli["commands"]["listThings"] documentation changed (summaries, descriptions)',
      }),
    ]);
    expect(formatChangeReport(changes)).toContain("0 BREAKING");
    // A real change beside a documentation edit is still reported as one the rules do not describe.
    const both = diffApis(doc, doc, {
      declarations: { before, after: cli("List all things", "Lists the things.", '["stuff"]') },
    });
    expect(both.map((c: Json) => [c.rule, c.level])).toEqual([["generated-declaration-changed", B]]);
    expect(both[0].diff).toEqual(expect.arrayContaining(['+ aliases: ["stuff"],', '+ summary: "List all things",']));
    // In a type, a field named `description` is a field like any other.
    const typed = (type: string) => files(TYPES(QUERY, `\n      description: ${type};`));
    expect(
      diffApis(doc, doc, { declarations: { before: typed('"a"'), after: typed('"b"') } }).map((c: Json) => c.rule),
    ).toEqual(["generated-declaration-changed"]);
  });

  it("a CLI command's change takes the level of the rule that explains it (one command per operation)", () => {
    const cli = (query: string) =>
      new Map([
        [
          "generated/test.cli.ts",
          `export const cli = {\n  api: "test",\n  commands: [\n    {\n      operationId: "listThings",\n` +
            `      parameters: [${query}],\n    },\n    {\n      operationId: "other",\n      parameters: [],\n    },\n  ],\n} as const;\n`,
        ],
      ]);
    const before = things();
    const after = things({ get: { parameters: [query("q", false, str)] } });
    const q = '{ name: "q", in: "query", required: false }';
    const changes = diffApis(before, after, { declarations: { before: cli(""), after: cli(q) } });
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["new-optional-request-parameter", A]]);
    // A flag the command loses is not explained by an unrelated addition to the operation.
    const r = '{ name: "r", in: "query", required: false }';
    const lost = diffApis(before, after, { declarations: { before: cli(q), after: cli(r) } });
    expect(lost.map((c: Json) => [c.rule, c.level])).toEqual([
      ["new-optional-request-parameter", A],
      ["generated-declaration-changed", B],
    ]);
    // The same table change without a rule to explain it is still reported, under the command's key.
    const unexplained = diffApis(before, before, { declarations: { before: cli(""), after: cli(q) } });
    expect(unexplained.map((c: Json) => c.message)).toEqual([
      expect.stringContaining('cli["commands"]["listThings"] changed in ways the report does not describe'),
    ]);
  });

  it("ignores comments and layout, and a declaration moved between the files of one API", () => {
    const doc = things();
    const commented = TYPES(QUERY).replace("A thing.", "Some thing.").replace("id: string;", "id:   string;");
    const moved = new Map([
      ["generated/test.ts", TYPES(QUERY)],
      ["generated/test.meta.ts", "export const table = {\n  a: 1,\n} as const;\n"],
    ]);
    const split = new Map([
      ["generated/test.ts", `${TYPES(QUERY)}export const table = {\n  a: 1,\n} as const;\n`],
      ["generated/test.meta.ts", 'export type { Table } from "./test.js";\n'],
    ]);
    expect(diffApis(doc, doc, { declarations: { before: files(TYPES(QUERY)), after: files(commented) } })).toEqual([]);
    expect(diffApis(doc, doc, { declarations: { before: moved, after: split } })).toEqual([]);
    // `T & unknown` is T (openapi-typescript writes it for an allOf member that only annotates); `T & unknown[]` is not.
    const intersected = (with_: string) =>
      files(TYPES(QUERY).replace("id: string;\n    };", `id: string;\n    }${with_};`));
    expect(
      diffApis(doc, doc, { declarations: { before: files(TYPES(QUERY)), after: intersected(" & unknown") } }),
    ).toEqual([]);
    expect(
      diffApis(doc, doc, { declarations: { before: files(TYPES(QUERY)), after: intersected(" & unknown[]") } }).map(
        (c: Json) => c.rule,
      ),
    ).toEqual(["generated-declaration-changed"]);
  });

  it("sees no change in an order a consumer does not feel: union members, object members, enums, CLI parameters", () => {
    const doc = things();
    const same = (before: Map<string, string>, after: Map<string, string>) =>
      diffApis(doc, doc, { declarations: { before, after } }).map((c: Json) => c.args.key);
    // Enum values reordered: a union's members, on one line or on several.
    const status = (type: string) => files(TYPES(QUERY, `\n      status: ${type};`));
    expect(same(status('"a" | "b" | "c"'), status('"c" | "a" | "b"'))).toEqual([]);
    expect(same(status('"a" | "b"'), status('\n        | "b"\n        | "a"'))).toEqual([]);
    expect(same(status('"a" | "b"'), status('"a" | "c"'))).toEqual(['components["schemas"]["Thing"]']);
    // The same for a read-only property (`readonly status: ...`), and read-only properties reordered.
    const readOnly = (type: string, last = "") => files(TYPES(QUERY, `\n      readonly status: ${type};${last}`));
    expect(same(readOnly('"a" | "b"'), readOnly('"b" | "a"'))).toEqual([]);
    expect(
      same(
        readOnly('"a"', "\n      readonly kind: string;"),
        files(TYPES(QUERY, '\n      readonly kind: string;\n      readonly status: "a";')),
      ),
    ).toEqual([]);
    expect(same(readOnly('"a" | "b"'), readOnly('"a" | "c"'))).toEqual(['components["schemas"]["Thing"]']);
    // Inside parentheses too: an array of enum values, an intersection in a union.
    expect(same(status('("a" | "b")[]'), status('("b" | "a")[]'))).toEqual([]);
    expect(same(status("(A & B) | C"), status("C | (B & A)"))).toEqual([]);
    expect(same(status('("a" | "b")[]'), status('("a" | "c")[]'))).toEqual(['components["schemas"]["Thing"]']);
    expect(same(status('("a" | "b)")[]'), status('("b)" | "a")[]'))).toEqual([]);
    // Properties reordered, and two parameters swapped.
    expect(
      same(
        files(TYPES(QUERY, "\n      name: string;")),
        files(TYPES(QUERY, "\n      name: string;").replace(/(id: string;)\n(\s+)(name: string;)/, "$3\n$2$1")),
      ),
    ).toEqual([]);
    const params = (a: string, b: string) =>
      files(TYPES(`    parameters: {\n      query?: {\n        ${a};\n        ${b};\n      };\n    };`));
    expect(same(params("q?: string", "limit?: number"), params("limit?: number", "q?: string"))).toEqual([]);
    // `{ [key: string]: unknown }` is `Record<string, unknown>` (additionalProperties: true dropped).
    const map = (type: string) =>
      files(TYPES(QUERY).replace("id: string;\n    };", `id: string;\n    };\n    Map: ${type};`));
    expect(same(map("{\n      [key: string]: unknown;\n    }"), map("Record<string, unknown>"))).toEqual([]);
    expect(same(map("{ [key: string]: unknown }"), map("Record<string, unknown>"))).toEqual([]);
    expect(same(map("{\n      [key: string]: unknown;\n    }"), map("Record<string, string>"))).toEqual([
      'components["schemas"]["Map"]',
    ]);
    // A server variable's values reordered; the servers themselves keep their order (the first is the default).
    const servers = (regions: string, urls = ["https://a", "https://b"]) =>
      new Map([
        [
          "generated/test.meta.ts",
          `export const servers = [\n${urls.map((url) => `  {\n    url: "${url}",\n    variables: {\n      region: {\n        default: "eu-de",\n        enum: ${regions},\n      },\n    },\n  },\n`).join("")}] as const;\n`,
        ],
      ]);
    expect(same(servers('["eu-de", "eu-nl"]'), servers('["eu-nl", "eu-de"]'))).toEqual([]);
    expect(same(servers('["eu-de", "eu-nl"]'), servers('["eu-de", "eu-nl"]', ["https://b", "https://a"]))).toEqual([
      "servers",
    ]);
    // The CLI's parameters are a set, unless two share a flag (the command line renames the later one).
    const cli = (...parameters: string[]) =>
      new Map([
        [
          "generated/test.cli.ts",
          `export const cli = {\n  api: "test",\n  commands: [\n    {\n      operationId: "listThings",\n      parameters: [\n` +
            parameters
              .map((p) => `        {\n          ${p.split(", ").join(",\n          ")},\n        },\n`)
              .join("") +
            `      ],\n    },\n  ],\n} as const;\n`,
        ],
      ]);
    const [q, limit] = ['name: "q", in: "query", flag: "q"', 'name: "limit", in: "query", flag: "limit"'];
    expect(same(cli(q, limit), cli(limit, q))).toEqual([]);
    // Sorted by name: a parameter whose description changed keeps its place (the diff is that line alone).
    const described = (text: string) => cli(`${q}, description: "${text}"`, `${limit}, description: "b"`);
    const [documentation] = diffApis(doc, doc, { declarations: { before: described("a"), after: described("c") } });
    expect(documentation.diff).toEqual(['+ description: "c",', '- description: "a",']);
    const [pathId, queryId] = ['name: "id", in: "path", flag: "id"', 'name: "id", in: "query", flag: "id"'];
    expect(same(cli(pathId, queryId), cli(queryId, pathId))).toEqual(['cli["commands"]["listThings"]']);
  });

  it("an emptied table is the last entry removed, not a new declaration (x-pagination removed)", () => {
    const table = (entries: string) =>
      new Map([
        [
          "generated/test.meta.ts",
          entries ? `export const pagination = {\n${entries}} as const;\n` : "export const pagination = {} as const;\n",
        ],
      ]);
    const marker = { style: "marker", items: "data", size: "limit", cursor: "marker", markerField: "id" };
    const changes = diffApis(things({ get: { "x-pagination": marker } }), things(), {
      declarations: { before: table('  "/things": {\n    style: "marker",\n  },\n'), after: table("") },
    });
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["x-pagination-removed", B]]);
  });

  it("a member that had no value (`never`, no header) and now has a type is new surface, compared whole", () => {
    // openapi-typescript writes an operation without query parameters `query?: never`, without a body
    // `requestBody?: never`, a response without headers `headers: Record<string, unknown>` and one without
    // content `content?: never`: the member gaining a multi-line type is what the rule describes.
    const operation = (parameters: string, requestBody: string, headers: string, content: string) =>
      files(
        TYPES(
          `    parameters: {\n      query?: ${parameters};\n    };\n    requestBody?: ${requestBody};\n    responses: {\n      200: {\n        headers: ${headers};\n        content?: ${content};\n      };\n    };`,
        ),
      );
    const none = operation("never", "never", "Record<string, unknown>", "never");
    const cases: [string, Json, string[], Map<string, string>][] = [
      [
        "an optional query parameter on an operation with none",
        { parameters: [query("fields")] },
        ["new-optional-request-parameter"],
        operation("{\n        fields?: string;\n      }", "never", "Record<string, unknown>", "never"),
      ],
      [
        "an optional request body where there was none",
        body({ reason: str }),
        ["request-body-added-optional"],
        operation(
          "never",
          '{\n      content: {\n        "application/json": {\n          reason?: string;\n        };\n      };\n    }',
          "Record<string, unknown>",
          "never",
        ),
      ],
      [
        "a header on a response with none",
        { responses: { "200": { description: "OK", headers: { "X-Request-Id": { schema: str } } } } },
        ["response-header-added"],
        operation(
          "never",
          "never",
          '{\n          "X-Request-Id"?: string;\n          [name: string]: unknown;\n        }',
          "never",
        ),
      ],
      [
        "content on a response with none",
        { responses: { "200": { description: "OK", ...json({ type: "object", properties: { id: str } }) } } },
        ["response-media-type-added"],
        operation(
          "never",
          "never",
          "Record<string, unknown>",
          '{\n          "application/json": {\n            id?: string;\n          };\n        }',
        ),
      ],
    ];
    const bare = things({ get: { responses: { "200": { description: "OK" } } } });
    const classified = cases.map(([what, get, , after]) => [
      what,
      diffApis(bare, things({ get: { responses: { "200": { description: "OK" } }, ...get } }), {
        declarations: { before: none, after },
      }).map((c: Json) => c.rule),
    ]);
    expect(classified).toEqual(cases.map(([what, , rules]) => [what, rules]));
  });

  it("a member compared whole still shows a narrowing (request) or widening (response) no rule explains", () => {
    const moves = (before: string, after: string) => typeMoves(lineDiff(before, after), { before, after });
    const member = (type: string, key = "query?") => (type.includes("\n") ? `${key}: ${type}` : `${key}: ${type};`);
    const block = (...lines: string[]) => `{\n${lines.join("\n")}\n};`;
    // Gaining surface: from no value, or from a header map, to a block with the same index signature.
    expect(moves(member("never"), member(block("fields?: string;")))).toEqual({ widens: false, narrows: false });
    expect(
      moves(
        member("Record<string, unknown>", "headers"),
        member(block('"X"?: string;', "[name: string]: unknown;"), "headers"),
      ),
    ).toEqual({ widens: false, narrows: false });
    // Losing it narrows: a block became `never`; the member became required.
    expect(moves(member(block("fields?: string;")), member("never"))).toEqual({ widens: false, narrows: true });
    expect(moves(member("never"), member(block("fields: string;"), "query"))).toEqual({
      widens: false,
      narrows: true,
    });
    expect(moves(member(block("a?: string;")), member(block("a?: string;"), "query"))).toEqual({
      widens: false,
      narrows: true,
    });
    // A header map without its index signature, a block where a one-line type was: both, as far as the text tells.
    expect(moves(member("Record<string, unknown>", "headers"), member(block('"X"?: string;'), "headers"))).toEqual({
      widens: true,
      narrows: true,
    });
    expect(moves(member("string"), member(block("a?: string;")))).toEqual({ widens: true, narrows: true });
    // The index signature's type moves as a member's does.
    expect(
      moves(member(block("[name: string]: string;"), "headers"), member("Record<string, unknown>", "headers")),
    ).toEqual({ widens: true, narrows: false });
    // Inside blocks on both sides, members are compared by place.
    expect(
      moves(member(block("a: string;", "b: string;")), member(block("a: number | string;", "b: string;"))),
    ).toEqual({ widens: true, narrows: false });
    // End to end: a new optional parameter whose generated query became required is still caught.
    const withQuery = (type: string) => files(TYPES(`    parameters: {\n      query${type};\n    };`));
    expect(
      diffApis(things(), things({ get: { parameters: [query("fields")] } }), {
        declarations: { before: withQuery("?: never"), after: withQuery(": {\n        fields?: string;\n      }") },
      }).map((c: Json) => c.rule),
    ).toEqual(["new-optional-request-parameter", "generated-declaration-changed"]);
    // A response that gained a header and whose content type widened: the header rule does not explain it.
    const answering = (headers: string, id: string) =>
      files(
        TYPES(
          `    responses: {\n      200: {\n        headers: ${headers};\n        content: {\n          "application/json": {\n            id: ${id};\n          };\n        };\n      };\n    };`,
        ),
      );
    expect(
      diffApis(
        things(),
        things({
          get: {
            responses: { "200": { description: "OK", headers: { "X-Request-Id": { schema: str } }, ...json(list) } },
          },
        }),
        {
          declarations: {
            before: answering("Record<string, unknown>", "string"),
            after: answering(
              '{\n          "X-Request-Id"?: string;\n          [name: string]: unknown;\n        }',
              "string | number",
            ),
          },
        },
      ).map((c: Json) => c.rule),
    ).toEqual(["response-header-added", "generated-declaration-changed"]);
  });

  it("a response enum value removed is BREAKING and explains its narrowed union (the safety net adds nothing)", () => {
    const answering = (values: string[]) =>
      things({
        get: {
          responses: {
            "200": { description: "OK", ...json({ type: "object", properties: { status: { ...str, enum: values } } }) },
          },
        },
      });
    const listing = (status: string) =>
      files(
        TYPES(
          `    responses: {\n      200: {\n        content: {\n          "application/json": {\n            status?: ${status};\n          };\n        };\n      };\n    };`,
        ),
      );
    const changes = diffApis(answering(["OK", "ERROR"]), answering(["OK"]), {
      declarations: { before: listing('"OK" | "ERROR"'), after: listing('"OK"') },
    });
    expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([["response-property-enum-value-removed", B]]);
    expect(changes[0].message).toMatch(/status values: removed ERROR$/);
  });

  it("a compatible rule explains a type that moved its way only (a response may narrow, a request widen)", () => {
    // A misjudged rule: a response maximum lowered (compatible) beside a declaration that gained `| bigint`.
    const answering = (max: number) =>
      things({
        get: {
          responses: {
            "200": {
              description: "OK",
              ...json({ type: "object", properties: { total: { type: "integer", maximum: max } } }),
            },
          },
        },
      });
    const listing = (total: string) =>
      files(
        TYPES(
          `    responses: {\n      200: {\n        content: {\n          "application/json": {\n            total?: ${total};\n          };\n        };\n      };\n    };`,
        ),
      );
    const wrongWay = diffApis(answering(10), answering(5), {
      declarations: { before: listing("number"), after: listing("number | bigint") },
    });
    expect(wrongWay.map((c: Json) => [c.rule, c.level])).toEqual([
      ["response-property-max-decreased", C],
      ["generated-declaration-changed", B],
    ]);
    expect(wrongWay[1].diff).toEqual(["+ total?: bigint | number;", "- total?: number;"]);
    // A readOnly field is declared `readonly total?: …`: the same member, compared the same way.
    const readonlyListing = (total: string) =>
      files(
        TYPES(
          `    responses: {\n      200: {\n        content: {\n          "application/json": {\n            readonly total?: ${total};\n          };\n        };\n      };\n    };`,
        ),
      );
    expect(
      diffApis(answering(10), answering(5), {
        declarations: { before: readonlyListing("number"), after: readonlyListing("number | bigint") },
      }).map((c: Json) => [c.rule, c.level]),
    ).toEqual([
      ["response-property-max-decreased", C],
      ["generated-declaration-changed", B],
    ]);
    // The same field moved the same wrong way under two statuses of one declaration: compared by place,
    // not left out because its key is found twice.
    const twice = (max: number) =>
      things({
        get: {
          responses: Object.fromEntries(
            ["200", "201"].map((status) => [
              status,
              {
                description: "OK",
                ...json({ type: "object", properties: { total: { type: "integer", maximum: max } } }),
              },
            ]),
          ),
        },
      });
    const twoStatuses = (total: string) =>
      files(
        TYPES(
          `    responses: {\n${["200", "201"]
            .map(
              (status) =>
                `      ${status}: {\n        content: {\n          "application/json": {\n            total?: ${total};\n          };\n        };\n      };`,
            )
            .join("\n")}\n    };`,
        ),
      );
    expect(
      diffApis(twice(10), twice(5), {
        declarations: { before: twoStatuses("number"), after: twoStatuses("number | bigint") },
      }).map((c: Json) => [c.rule, c.level]),
    ).toEqual([
      ["response-property-max-decreased", C],
      ["response-property-max-decreased", C],
      ["generated-declaration-changed", B],
    ]);
    // The way it goes: a narrower response type (a literal of the old type, `?` dropped) is explained.
    const narrower: [string, string][] = [
      ["number | bigint", "number"],
      ["string", '"a"'],
    ];
    for (const [before, after] of narrower)
      expect(
        diffApis(answering(10), answering(5), {
          declarations: { before: listing(before), after: listing(after) },
        }).map((c: Json) => c.rule),
      ).toEqual(["response-property-max-decreased"]);
    // How a type moved, read from the diff: literals, optional members, intersections, tuples.
    const moves = (before: string, after: string) => typeMoves([`- a: ${before};`, `+ a: ${after};`]);
    expect(moves("string", '"x" | "y"')).toEqual({ widens: false, narrows: true });
    expect(moves("number", "number | bigint")).toEqual({ widens: true, narrows: false });
    expect(moves("A & B", "A & B & C")).toEqual({ widens: false, narrows: true });
    expect(moves("string[]", "[string, string]")).toEqual({ widens: false, narrows: true });
    expect(moves("string", "number")).toEqual({ widens: true, narrows: true });
    expect(typeMoves(["- a: string;", "+ a?: string;"])).toEqual({ widens: true, narrows: false });
    // In a request, the reverse: a compatible rule explains a wider type, not a narrower one.
    const sending = (max: number) =>
      things({ get: { parameters: [query("n", false, { type: "integer", maximum: max })] } });
    const withQuery = (n: string) =>
      files(TYPES(`    parameters: {\n      query?: {\n        n?: ${n};\n      };\n    };`));
    expect(
      diffApis(sending(5), sending(10), {
        declarations: { before: withQuery("number"), after: withQuery("number | bigint") },
      }).map((c: Json) => c.rule),
    ).toEqual(["request-parameter-max-increased"]);
    expect(
      diffApis(sending(5), sending(10), {
        declarations: { before: withQuery("number | bigint"), after: withQuery("number") },
      }).map((c: Json) => c.rule),
    ).toEqual(["request-parameter-max-increased", "generated-declaration-changed"]);
  });

  it("compares what the response validators are compiled from: a change there no rule explains is reported", () => {
    const none = { before: new Map(), after: new Map() };
    const answering = (schema: Json) =>
      things({ get: { responses: { "200": { description: "OK", ...json(schema) } } } });
    const nullable = (values: (string | null)[]) => ({
      type: "object",
      properties: { s: { ...str, nullable: true, enum: values } },
    });
    // A null taken out of an enum: no fact a rule compares changed, but `validate: "throw"` now refuses a null.
    const changes = diffApis(answering(nullable(["a", null])), answering(nullable(["a"])), { declarations: none });
    expect(changes.map((c: Json) => [c.rule, c.level, c.args.key])).toEqual([
      ["generated-declaration-changed", B, 'validators["GET /things"]'],
    ]);
    expect(changes[0].diff).toEqual([
      '- 200.properties.s.enum: ["\\"a\\"","null"]',
      '+ 200.properties.s.enum: ["\\"a\\""]',
    ]);
    // Only a rule about the responses explains it: one about the operation or its request does not.
    const deprecated = answering(nullable(["a"]));
    deprecated.paths["/things"].get.deprecated = true;
    deprecated.paths["/things"].get.parameters = [{ name: "q", in: "query", schema: str }];
    expect(
      diffApis(answering(nullable(["a", null])), deprecated, { declarations: none }).map((c: Json) => [
        c.rule,
        c.level,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["endpoint-deprecated", "info"],
        ["generated-declaration-changed", B],
      ]),
    );
    // A change a rule explains is that rule's; documentation, orders and OpenAPI 3.0's defaults are no change.
    const ranged = (max: number) => ({ type: "object", properties: { n: { ...int32, maximum: max } } });
    expect(
      diffApis(answering(ranged(5)), answering(ranged(3)), { declarations: none }).map((c: Json) => c.rule),
    ).toEqual(["response-property-max-decreased"]);
    const plain = { type: "object", required: ["a", "b"], properties: { a: str, b: { ...str, enum: ["x", "y"] } } };
    const same = {
      type: "object",
      description: "other words",
      required: ["b", "a"],
      additionalProperties: true,
      properties: { b: { ...str, enum: ["y", "x"], nullable: false }, a: { ...str, example: "z" } },
    };
    expect(diffApis(answering(plain), answering(same), { declarations: none })).toEqual([]);
    // `additionalProperties: {}` is a map to the validators (its keys are data, none is undeclared); `true`
    // is the default, which the strict check closes: what the validators are compiled from differs.
    const holding = (value: unknown) =>
      answering({
        type: "object",
        properties: { m: { type: "object", ...(value === undefined ? {} : { additionalProperties: value }) } },
      });
    const validation = (doc: Json) => validationOf(doc, doc.paths["/things"].get);
    expect(validation(holding(true))).toBe(validation(holding(undefined)));
    expect(validation(holding({}))).not.toBe(validation(holding(true)));
    // The members of a oneOf/anyOf in another order validate the same.
    const choice = (members: Json[]) => answering({ type: "object", properties: { c: { oneOf: members } } });
    const [a, b] = [
      { type: "object", properties: { kind: { type: "string", enum: ["a"] } } },
      { type: "object", properties: { kind: { type: "string", enum: ["b"] } } },
    ];
    expect(validation(choice([a, b]))).toBe(validation(choice([b, a])));
    expect(validation(choice([a, b]))).not.toBe(validation(choice([a, a])));
    // On a schema of no type, `true` makes it an object schema the strict check closes.
    const free = (value: unknown) =>
      answering({ type: "object", properties: { m: value === undefined ? {} : { additionalProperties: value } } });
    expect(validation(free(true))).not.toBe(validation(free(undefined)));
  });

  it("classifies each declaration of a group on its own: a new entry is an addition, a changed one breaking", () => {
    const doc = things();
    const table = (entries: string) =>
      new Map([["generated/t.meta.ts", `export const pagination = {\n${entries}} as const;\n`]]);
    const a = '  "/a": {\n    style: "marker",\n  },\n';
    const changes = diffApis(doc, doc, {
      declarations: {
        before: table(a),
        after: table(a.replace("marker", "offset") + '  "/b": {\n    style: "marker",\n  },\n'),
      },
    });
    expect(changes.map((c: Json) => [c.rule, c.args.key])).toEqual([
      ["generated-declaration-changed", 'pagination["/a"]'],
      ["generated-declaration-added", 'pagination["/b"]'],
    ]);
  });

  it("reports an error code's message, description or solution edited as documentation (info); its status as a change", () => {
    // As scripts/lib/meta.mjs writes generated/<api>.error-codes.ts (the vendor's prose of each code).
    const codes = (entry: Json) =>
      new Map([
        [
          "generated/otc-vpcep.error-codes.ts",
          `export const errorCodes = {\n  "EndPoint.0001": {\n${Object.entries({
            status: 500,
            message: "System error.",
            description: "System error.",
            solution: "Try again later.",
            ...entry,
          })
            .map(([key, value]) => `    ${key}: ${JSON.stringify(value)},\n`)
            .join("")}  },\n} as const;\n\nexport type ErrorCode = keyof typeof errorCodes;\n`,
        ],
      ]);
    const doc = things();
    const diff = (entry: Json) =>
      diffApis(doc, doc, { declarations: { before: codes({}), after: codes(entry) } }).map((c: Json) => [
        c.rule,
        c.level,
        c.message,
      ]);
    for (const entry of [
      { solution: "Try again later, please." },
      { message: "System error. Please retry." },
      { description: "A system error." },
      { message: "Error.", solution: "Retry." },
    ])
      expect(diff(entry), JSON.stringify(entry)).toEqual([
        [
          "generated-documentation-changed",
          I,
          'generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"] documentation changed (messages, descriptions, solutions)',
        ],
      ]);
    expect(diff({ status: 503 })).toEqual([
      [
        "generated-declaration-changed",
        B,
        'generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"] changed in ways the report does not describe (generated types changed; possibly breaking)',
      ],
    ]);
    expect(diff({ status: 503, solution: "Retry." }).map(([rule]: string[]) => rule)).toEqual([
      "generated-declaration-changed",
    ]);
    // `message` and `solution` are prose in the error-code table only: elsewhere they are data.
    const table = (message: string) =>
      new Map([
        [
          "generated/otc-vpcep.meta.ts",
          `export const meta = {\n  a: {\n    message: "${message}",\n  },\n} as const;\n`,
        ],
      ]);
    expect(
      diffApis(doc, doc, { declarations: { before: table("x"), after: table("y") } }).map((c: Json) => c.rule),
    ).toEqual(["generated-declaration-changed"]);
  });

  it("reports an error code's message, description or solution that disappears as BREAKING, one that appears as an addition", () => {
    // The table is public and `as const` (`connectivity-clients/otc/error-codes`): code reading
    // `vpcepErrorCodes["EndPoint.0001"].solution` stops compiling (TS2339) once the entry has no solution.
    const codes = (entry: Json) =>
      new Map([
        [
          "generated/otc-vpcep.error-codes.ts",
          `export const errorCodes = {\n  "EndPoint.0001": {\n${Object.entries(entry)
            .map(([key, value]) => `    ${key}: ${JSON.stringify(value)},\n`)
            .join("")}  },\n} as const;\n`,
        ],
      ]);
    const full = { status: 500, message: "System error.", description: "System error.", solution: "Try again later." };
    const without = (key: string) => Object.fromEntries(Object.entries(full).filter(([k]) => k !== key));
    const doc = things();
    const diff = (before: Json, after: Json): [string, Level, string, string[]][] =>
      diffApis(doc, doc, { declarations: { before: codes(before), after: codes(after) } }).map((c: Json) => [
        c.rule,
        c.level,
        c.message,
        c.diff,
      ]);
    for (const key of ["solution", "description", "message"]) {
      expect(diff(full, without(key)), `${key} removed`).toEqual([
        [
          "generated-declaration-changed",
          B,
          'generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"] changed in ways the report does not describe (generated types changed; possibly breaking)',
          [`- ${key}: ${JSON.stringify(full[key as keyof typeof full])},`],
        ],
      ]);
      expect(diff(without(key), full), `${key} added`).toEqual([
        [
          "generated-declaration-added",
          A,
          `generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"]["${key}"] added (a generated declaration no other rule describes)`,
          [`+ ${key}: ${JSON.stringify(full[key as keyof typeof full])},`],
        ],
      ]);
    }
    // Removed with its text edited elsewhere, or removed while another appears: still BREAKING.
    expect(diff(full, { ...without("solution"), message: "Error." }).map(([rule, level]) => [rule, level])).toEqual([
      ["generated-declaration-changed", B],
    ]);
    expect(
      diff(without("description"), { ...without("solution"), description: "x" }).map(([rule, level]) => [rule, level]),
    ).toEqual([["generated-declaration-changed", B]]);
    // Added beside an edit of another string: the addition, and the edit as documentation.
    expect(diff(without("solution"), { ...full, message: "Error." })).toEqual([
      [
        "generated-declaration-added",
        A,
        'generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"]["solution"] added (a generated declaration no other rule describes)',
        ['+ solution: "Try again later.",'],
      ],
      [
        "generated-documentation-changed",
        I,
        'generated/otc-vpcep.error-codes.ts: errorCodes["EndPoint.0001"] documentation changed (messages, descriptions, solutions)',
        ['+ message: "Error.",', '- message: "System error.",'],
      ],
    ]);
    // The same in the CLI table: a command's description that disappears is no edit of its text.
    const cli = (description: string) =>
      new Map([
        [
          "generated/test.cli.ts",
          `export const cli = {\n  api: "test",\n  commands: [\n    {\n      operationId: "listThings",\n` +
            `      summary: "List things",${description}\n      parameters: [],\n    },\n  ],\n} as const;\n`,
        ],
      ]);
    const dropped = diffApis(doc, doc, {
      declarations: { before: cli('\n      description: "Lists."'), after: cli("") },
    });
    expect(dropped.map((c: Json) => [c.rule, c.level, c.args.key])).toEqual([
      ["generated-declaration-changed", B, 'cli["commands"]["listThings"]'],
    ]);
  });

  it("collapses many changed members of one table (e.g. error codes) into one change", () => {
    const table = (status: number) =>
      `export const errorCodes = {\n${Array.from({ length: 12 }, (_, i) => `  "E.${i}": { status: ${status} },`).join("\n")}\n} as const;\n`;
    const doc = things();
    const changes = diffApis(doc, doc, {
      declarations: {
        before: new Map([["generated/x.error-codes.ts", table(400)]]),
        after: new Map([["generated/x.error-codes.ts", table(500)]]),
      },
    });
    expect(changes.map((c: Json) => c.message)).toEqual([
      "generated/x.error-codes.ts: errorCodes (12 members) changed in ways the report does not describe (generated types changed; possibly breaking)",
    ]);
  });
});

// A review ran spec mutations through the change report: each case here is one it misclassified
// (a false BREAKING, or an addition that misleads), with the classification a consumer feels.
describe("what a review of the report found misclassified", () => {
  const none = { declarations: { before: new Map(), after: new Map() } };
  const answering = (schema: Json) =>
    api({
      "/things": { get: { operationId: "listThings", responses: { "200": { description: "OK", ...json(schema) } } } },
    });

  // scripts/lib/validators.mjs closes every plain object it compiles: `additionalProperties: false`
  // written on one (OTC VPC's ListSubnetsResponse) or `true` → `false` (MadConnect's UndocumentedObject)
  // compiles to the same validator.
  it("additionalProperties: false on a response object the validators close anyway is no change", () => {
    const listing = (extra: Json) => answering({ type: "object", ...extra, properties: { items: list } });
    expect(classify(listing({}), listing({ additionalProperties: false }), none)).toEqual([]);
    const holding = (value: boolean) =>
      answering({
        type: "object",
        properties: { response: { type: "object", additionalProperties: value, description: "undocumented" } },
      });
    expect(classify(holding(true), holding(false), none)).toEqual([]);
  });

  // Confluent's upstream file renames a schema (its $ref and the discriminator mapping's value) while
  // the page's file keeps the old name; or the page renames an inline member's title: the union swaps
  // a member for one of the same content, each tag value keeps its member.
  describe("a union member replaced by a schema of the same content", () => {
    const cloud = (title: string, extra: Json = {}) => ({
      type: "object",
      title,
      required: ["kind"],
      properties: { kind: str, region: str, ...extra },
    });
    const union = (member: string) => ({
      type: "object",
      properties: {
        cloud: {
          oneOf: [{ $ref: "#/components/schemas/Gcp" }, { $ref: `#/components/schemas/${member}` }],
          discriminator: {
            propertyName: "kind",
            mapping: { AWS: `#/components/schemas/${member}`, GCP: "#/components/schemas/Gcp" },
          },
        },
      },
    });
    const doc = (member: string, schemas: Json) =>
      api(
        {
          "/clouds": {
            get: { operationId: "listClouds", responses: { "200": { description: "OK", ...json(union(member)) } } },
            post: { operationId: "createCloud", requestBody: json(union(member)), responses: ok },
          },
          // The old schema stays in use elsewhere: no rename.
          "/legacy": {
            get: {
              operationId: "showLegacy",
              responses: { "200": { description: "OK", ...json({ $ref: "#/components/schemas/Aws" }) } },
            },
          },
        },
        { schemas: { Gcp: cloud("Gcp", { project: str }), Aws: cloud("Aws"), ...schemas } },
      );
    const before = doc("Aws", {});

    it("is the same member: a compatible change naming the new schema, and the schema added", () => {
      const after = doc("AwsConnection", { AwsConnection: cloud("AwsConnection") });
      expect(classify(before, after)).toEqual([
        ["union-member-schema-replaced", C],
        ["union-member-schema-replaced", C],
        ["api-schema-added", A],
      ]);
      expect(diffApis(before, after)[0].message).toBe(
        "GET /clouds: response 200 field cloud oneOf: member Aws now refers to AwsConnection, a schema of the same content",
      );
    });

    it("explains the generated declarations that now name the new schema", () => {
      const after = doc("AwsConnection", { AwsConnection: cloud("AwsConnection") });
      const types = (member: string) =>
        new Map([
          [
            "generated/test.ts",
            `export interface operations {\n  listClouds: {\n    responses: {\n      200: {\n        cloud?: components["schemas"]["Gcp"] | components["schemas"]["${member}"];\n      };\n    };\n  };\n}\n`,
          ],
        ]);
      expect(
        classify(before, after, { declarations: { before: types("Aws"), after: types("AwsConnection") } }),
      ).toEqual([
        ["union-member-schema-replaced", C],
        ["union-member-schema-replaced", C],
        ["api-schema-added", A],
      ]);
    });

    it("a schema of other content under the same tag is the same member: its fields are compared", () => {
      const after = doc("AwsConnection", { AwsConnection: cloud("AwsConnection", { zone: str }) });
      expect(classify(before, after)).toEqual([
        ["union-member-schema-replaced", C],
        ["response-optional-property-added", A],
        ["union-member-schema-replaced", C],
        ["new-optional-request-property", A],
        ["api-schema-added", A],
      ]);
      expect(diffApis(before, after)[0].message).toBe(
        "GET /clouds: response 200 field cloud oneOf: member Aws now refers to AwsConnection, a schema with the same discriminator tag (what changed in the member is reported field by field)",
      );
    });

    it("a schema under another tag is another member: the old tag leaves the union", () => {
      const after = doc("AwsConnection", { AwsConnection: cloud("AwsConnection", { zone: str }) });
      for (const operation of Object.values(after.paths["/clouds"]) as Json[]) {
        const content = (operation.requestBody ?? operation.responses["200"]).content["application/json"];
        content.schema.properties.cloud.discriminator.mapping = {
          AWS2: "#/components/schemas/AwsConnection",
          GCP: "#/components/schemas/Gcp",
        };
      }
      expect(classify(before, after)).toEqual([
        ["response-property-one-of-added", B],
        ["response-property-one-of-literal-removed", B],
        ["request-property-one-of-added", C],
        ["request-property-one-of-removed", B],
        ["api-schema-added", A],
      ]);
    });
  });

  // Review F3: a union member's $ref renamed together with a change inside it was read as the member
  // removed (its literal with it) and another added, the discriminator as changed, and the change inside
  // never named. A member is the same member when it keeps its tag or its literal (else its shape).
  describe("a union member replaced by a schema that changed: the same member, compared field by field", () => {
    // Confluent: the published spec's AwsPrivateLinkAttachmentConnectionStatus gains a required readOnly
    // dns_domain, so it is renamed ...StatusPublished (x-schema-names); the page's schema keeps the name.
    const status = (extra: Json = {}, required: string[] = []) => ({
      type: "object",
      required: ["kind", "vpc_endpoint_id", ...required],
      properties: { kind: { ...str, enum: ["AwsStatus"] }, vpc_endpoint_id: { ...str, readOnly: true }, ...extra },
    });
    const gcp = { type: "object", required: ["kind"], properties: { kind: { ...str, enum: ["GcpStatus"] } } };
    const confluent = (member: string, schemas: Json) =>
      api(
        {
          "/connections/{id}": {
            get: {
              operationId: "getConnection",
              parameters: [{ name: "id", in: "path", required: true, schema: str }],
              responses: {
                "200": {
                  description: "OK",
                  ...json({
                    type: "object",
                    properties: {
                      cloud: {
                        oneOf: [{ $ref: `#/components/schemas/${member}` }, { $ref: "#/components/schemas/GcpStatus" }],
                        discriminator: {
                          propertyName: "kind",
                          mapping: {
                            AwsStatus: `#/components/schemas/${member}`,
                            GcpStatus: "#/components/schemas/GcpStatus",
                          },
                        },
                      },
                    },
                  }),
                },
              },
            },
          },
          "/connections": {
            get: {
              operationId: "listConnections",
              responses: { "200": { description: "OK", ...json({ $ref: "#/components/schemas/AwsStatus" }) } },
            },
          },
        },
        { schemas: { AwsStatus: status(), GcpStatus: gcp, ...schemas } },
      );
    const before = confluent("AwsStatus", {});
    const after = confluent("AwsStatusPublished", {
      AwsStatusPublished: status({ dns_domain: { ...str, readOnly: true } }, ["dns_domain"]),
    });
    const cloudType = (member: string) =>
      new Map([
        [
          "generated/test.ts",
          `export interface operations {\n  getConnection: {\n    responses: {\n      200: {\n        content: {\n          "application/json": {\n            cloud?:\n              | components["schemas"]["${member}"]\n              | components["schemas"]["GcpStatus"];\n          };\n        };\n      };\n    };\n  };\n}\n`,
        ],
      ]);

    it("keeps its discriminator tag: no literal removed, no discriminator changed, the field added reported", () => {
      const changes = changesOf(before, after);
      expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([
        ["union-member-schema-replaced", C],
        ["response-required-property-added", A],
        ["api-schema-added", A],
      ]);
      expect(changes[1]?.message).toBe(
        "GET /connections/{id}: response 200 field cloud<oneOf AwsStatusPublished>.dns_domain added (always present)",
      );
      // The generated union now naming the new schema is explained: the safety net says nothing more.
      expect(
        classify(before, after, {
          declarations: { before: cloudType("AwsStatus"), after: cloudType("AwsStatusPublished") },
        }),
      ).toEqual([
        ["union-member-schema-replaced", C],
        ["response-required-property-added", A],
        ["api-schema-added", A],
      ]);
    });

    // VPC: DhcpLeaseTimeOpt renamed LeaseTimeOpt with one more opt_name value (a union without discriminator).
    const leaseTime = {
      ...OPTIONS.Lease,
      properties: { ...OPTIONS.Lease.properties, opt_name: { ...str, enum: ["addresstime", "leasetime"] } },
    };
    const renamed = { Ntp: OPTIONS.Ntp, LeaseTime: leaseTime };
    const optionType = (member: string) =>
      new Map([
        [
          "generated/test.ts",
          `export interface operations {\n  setOption: {\n    requestBody?: {\n      content: {\n        "application/json": {\n          option?: components["schemas"]["Ntp"] | components["schemas"]["${member}"];\n        };\n      };\n    };\n  };\n}\n`,
        ],
      ]);

    it("carries its literal: the new enum value reported in its direction; the old schema name removed", () => {
      const [was, is] = [
        unionAt("request", ["Ntp", "Lease"], OPTIONS),
        unionAt("request", ["Ntp", "LeaseTime"], renamed),
      ];
      const changes = changesOf(was, is);
      expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([
        ["union-member-schema-replaced", C],
        ["request-property-enum-value-added", C],
        ["api-schema-removed", B],
        ["api-schema-added", A],
      ]);
      expect(changes.map((c: Json) => c.message).slice(0, 2)).toEqual([
        "PUT /options: request field option oneOf: member Lease now refers to LeaseTime, a schema carrying the same literal (what changed in the member is reported field by field)",
        "PUT /options: request field option<oneOf LeaseTime>.opt_name values: added leasetime",
      ]);
      // The union line naming the new schema is no narrowing the rules missed.
      expect(
        classify(was, is, {
          declarations: { before: optionType("Lease"), after: optionType("LeaseTime") },
        }),
      ).toEqual([
        ["union-member-schema-replaced", C],
        ["request-property-enum-value-added", C],
        ["api-schema-removed", B],
        ["api-schema-added", A],
      ]);
      expect(
        classify(unionAt("response", ["Ntp", "Lease"], OPTIONS), unionAt("response", ["Ntp", "LeaseTime"], renamed)),
      ).toEqual([
        ["union-member-schema-replaced", C],
        ["response-property-enum-value-added", B],
        ["api-schema-removed", B],
        ["api-schema-added", A],
      ]);
    });

    it("a member removed whose literal another member still carries takes no literal out of the union", () => {
      const both = {
        ...OPTIONS.Ntp,
        properties: { ...OPTIONS.Ntp.properties, opt_name: { ...str, enum: ["ntp", "addresstime"] } },
      };
      const schemas = { ...OPTIONS, NtpOrLease: both };
      const changes = changesOf(
        unionAt("response", ["Ntp", "Lease"], OPTIONS),
        unionAt("response", ["NtpOrLease"], schemas),
      );
      // Lease goes, but "addresstime" stays in the generated union (NtpOrLease, matched to Ntp by "ntp").
      expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([
        ["union-member-schema-replaced", C],
        ["response-property-one-of-removed", C],
        ["response-property-enum-value-added", B],
        ["api-schema-added", A],
      ]);
    });

    it("without tag or literal, keeps its type and most of its fields", () => {
      const point = { type: "object", properties: { x: int32, y: int32 } };
      const text = { type: "object", properties: { text: str } };
      const schemas = { Point: point, Text: text, Point3: { ...point, properties: { ...point.properties, z: int32 } } };
      const before = unionAt("request", ["Point", "Text"], schemas);
      const after = unionAt("request", ["Point3", "Text"], schemas);
      const changes = changesOf(before, after);
      expect(changes.map((c: Json) => [c.rule, c.level])).toEqual([
        ["union-member-schema-replaced", C],
        ["new-optional-request-property", A],
      ]);
      expect(changes[0]?.message).toBe(
        "PUT /options: request field option oneOf: member Point now refers to Point3, a schema of the same type and most of its fields (what changed in the member is reported field by field)",
      );
      // Of two look-alikes, the one sharing more of its fields is the member; the other is added.
      const two = { ...schemas, PointZ: { ...point, properties: { ...point.properties, z: int32, w: int32 } } };
      const paired = changesOf(before, unionAt("request", ["PointZ", "Point3", "Text"], two));
      expect(paired.map((c: Json) => [c.rule, c.args.to ?? c.args.members])).toEqual([
        ["union-member-schema-replaced", "schemas.Point3"],
        ["request-property-one-of-added", ["schemas.PointZ"]],
        ["new-optional-request-property", undefined],
        ["api-schema-added", undefined],
      ]);
      // A schema sharing less than half of the fields is another member.
      const far = { ...schemas, Far: { type: "object", properties: { x: int32, a: str, b: str } } };
      expect(classify(unionAt("request", ["Point", "Text"], far), unionAt("request", ["Far", "Text"], far))).toEqual([
        ["request-property-one-of-added", C],
        ["request-property-one-of-removed", B],
      ]);
    });
  });

  // An open operation refuses no client, and a client sends the credentials it was given regardless.
  it("an operation whose security becomes [] (or {}) is a compatible change, not a scheme removed", () => {
    const secured = (...security: Json[]) =>
      things({
        get: { security },
        components: {
          securitySchemes: { token: { type: "http", scheme: "bearer" }, aksk: { type: "http", scheme: "basic" } },
        },
      });
    expect(classify(secured({ token: [] }, { aksk: [] }), secured())).toEqual([["api-security-became-optional", C]]);
    expect(classify(secured({ token: [] }), secured({}, { token: [] }))).toEqual([["api-security-became-optional", C]]);
  });

  // MadConnect's Connection.dest: `allOf: [$ref ConnectorSummary]` → an inline copy; a request's
  // destConnectionConfig: `$ref ConnectionConfig` (a free-form object) → inline.
  it("a $ref replaced by an identical inline schema leaves the generated declarations the same", () => {
    const doc = things();
    const types = (dest: string, config: string) =>
      new Map([
        [
          "generated/test.ts",
          `export interface components {
  schemas: {
    Connection: {
      dest?: ${dest};
      config?: ${config};
    };
    ConnectorSummary: {
      /** @description Whether the account is configured. */
      configured?: boolean;
      connectorId?: string;
    };
    ConnectionConfig: {
      [key: string]: unknown;
    };
  };
}
`,
        ],
      ]);
    const [ref, config] = ['components["schemas"]["ConnectorSummary"]', 'components["schemas"]["ConnectionConfig"]'];
    const inline = (type = "string") => `{\n        connectorId?: ${type};\n        configured?: boolean;\n      }`;
    const declarations = (before: Map<string, string>, after: Map<string, string>) => ({
      declarations: { before, after },
    });
    expect(classify(doc, doc, declarations(types(ref, config), types(inline(), config)))).toEqual([]);
    expect(classify(doc, doc, declarations(types(inline(), config), types(ref, config)))).toEqual([]);
    expect(
      classify(doc, doc, declarations(types(ref, config), types(ref, "{\n        [key: string]: unknown;\n      }"))),
    ).toEqual([]);
    // An inline copy that differs is a change.
    expect(classify(doc, doc, declarations(types(ref, config), types(inline("number"), config)))).toEqual([
      ["generated-declaration-changed", B],
    ]);
  });

  // Confluent's request body once its copy stops requiring spec.environment: the bundle writes it as an
  // allOf of one $ref beside `required: [spec]`, which openapi-typescript types `WithRequired<…, "spec">`.
  it("a body typed inline before and WithRequired<component, keys> after is compared expanded: a request that widened is explained", () => {
    const body = (environment?: string[]) => ({
      type: "object",
      properties: { spec: { type: "object", required: environment, properties: { name: str, environment: str } } },
    });
    const doc = (schema: Json) =>
      api(
        { "/things": { patch: { operationId: "updateThing", requestBody: json(schema), responses: ok } } },
        { schemas: { ThingInput: body(undefined) } },
      );
    const inlineDoc = doc({ ...body(["environment"]), required: ["spec"] });
    const refDoc = doc({ allOf: [{ $ref: "#/components/schemas/ThingInput" }], required: ["spec"] });
    const types = (requestBody: string, specInput: string) =>
      new Map([
        [
          "generated/test.ts",
          `export interface components {
  schemas: {
    ThingInput: {
      spec?: components["schemas"]["SpecInput"];
    };
    SpecInput: {
      ${specInput}
    };
  };
}
export interface operations {
  updateThing: {
    requestBody?: {
      content: {
        "application/json": ${requestBody};
      };
    };
  };
}
`,
        ],
      ]);
    const inline = `{
          spec: {
            name?: string;
            environment: string;
          };
        }`;
    const withRequired = `WithRequired<
          components["schemas"]["ThingInput"],
          "spec"
        >`;
    const optional = "name?: string;\n      environment?: string;";
    const declarations = (specInput: string) => ({
      declarations: { before: types(inline, optional), after: types(withRequired, specInput) },
    });
    expect(classify(inlineDoc, refDoc, declarations(optional))).toEqual([["request-property-became-optional", C]]);
    // Expanded, the type narrowed where no rule says so (name became required): the safety net reports it.
    expect(classify(inlineDoc, refDoc, declarations("name: string;\n      environment?: string;"))).toContainEqual([
      "generated-declaration-changed",
      B,
    ]);
  });

  // The client calls the API's servers (generated/<api>.meta.ts, from the root `servers`) for every
  // operation: servers an operation or its path declares are servers it will not go to.
  it("servers of an operation or its path are the operation's, which the client does not use", () => {
    const root = { servers: [{ url: "https://vpc.example.com" }] };
    const serving = (operation: Json = {}, path: Json = {}) =>
      api(
        {
          "/things": {
            ...path,
            get: { operationId: "listThings", responses: ok, ...operation },
          },
          "/others": { get: { operationId: "listOthers", responses: ok } },
        },
        {},
        root,
      );
    const elsewhere = { servers: [{ url: "https://vpc-list.example.com" }] };
    expect(classify(serving(), serving(elsewhere))).toEqual([["api-operation-servers-changed", B]]);
    expect(diffApis(serving(), serving(elsewhere))[0].message).toBe(
      "GET /things: the spec now serves the operation at https://vpc-list.example.com; the client does not use these servers: it calls the API's servers",
    );
    expect(classify(serving(), serving({}, elsewhere))).toEqual([["api-operation-servers-changed", B]]);
    expect(classify(serving(elsewhere), serving())).toEqual([["api-operation-servers-removed", C]]);
    // An operation that repeats the API's servers goes where the client goes.
    expect(classify(serving(), serving(root))).toEqual([]);
    // The API's own servers are compared as before.
    const moved = { ...serving(), servers: elsewhere.servers };
    expect(classify(serving(), moved)).toEqual([
      ["api-server-removed", B],
      ["api-server-added", A],
    ]);
  });
});

describe("reportJson", () => {
  it("has the shape of the shared interface (schemaVersion 1)", () => {
    const before = things({ get: { parameters: [query("q")] } });
    const after = things({ get: { parameters: [query("q", true), query("r")] } });
    expect(reportJson(diffApis(before, after))).toEqual({
      schemaVersion: 1,
      breaking: 1,
      additions: 1,
      changes: [
        {
          api: null,
          level: "breaking",
          rule: "request-parameter-became-required",
          operation: "GET /things",
          message: "GET /things: query parameter q is now required",
        },
        {
          api: null,
          level: "addition",
          rule: "new-optional-request-parameter",
          operation: "GET /things",
          message: "GET /things: query parameter r added",
        },
      ],
    });
  });
});

describe("scripts/change-report.mjs", () => {
  const run = promisify(execFile);
  const script = new URL("../scripts/change-report.mjs", import.meta.url).pathname;
  // Made in beforeAll, not at collection: a run that filters these tests out runs no afterAll either.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "change-report-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("compares generated/ at a git ref with the working tree and writes the JSON report", async () => {
    const file = path.join(dir, "report.json");
    const { stdout } = await run(process.execPath, [script, "--base", "HEAD", "--json", file]);
    const report = JSON.parse(readFileSync(file, "utf8"));
    expect(report).toMatchObject({ schemaVersion: 1 });
    expect(report.breaking).toBe(report.changes.filter((c: Json) => c.level === "breaking").length);
    expect(stdout).toMatch(/^API surface (unchanged\.|changed: )/m);
    // generated/ as committed at HEAD (a clean checkout): the same files, answered without parsing them.
    if (execFileSync("git", ["status", "--porcelain", "--", "generated"], { encoding: "utf8" }) === "")
      expect([stdout, report.changes]).toEqual(["API surface unchanged.\n", []]);
  }, 20_000);

  it("refuses a ref that is not a commit, with a clear message and exit code 2", async () => {
    const failure = await run(process.execPath, [script, "--base", "no-such-ref-h"]).catch((error) => error);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("--base no-such-ref-h: not a commit in this repository");
    // An option without its value: one line of usage, no stack trace.
    const noValue = await run(process.execPath, [script, "--base", "HEAD", "--json"]).catch((error) => error);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toMatch(/^change-report: .*--json/);
    expect(noValue.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("the registry", () => {
  it("specs/CHANGE-RULES.md is the registry's table (regenerate: node scripts/change-report.mjs --rules-doc)", () => {
    const doc = readFileSync(new URL("../specs/CHANGE-RULES.md", import.meta.url), "utf8");
    expect(doc).toBe(rulesMarkdown());
  });

  it("every request rule has its response mirror, and the reverse, or a waiver with a reason", () => {
    const missing = [];
    for (const rule of RULES.values()) {
      if (rule.direction === "none") continue;
      const mirror = rule.mirror && RULES.get(rule.mirror);
      if (mirror && mirror.direction !== rule.direction) continue;
      if (!waiverOf(rule.id)) missing.push(rule.id);
    }
    expect(missing).toEqual([]);
  });

  it("every rule has a level, a direction and a reason", () => {
    for (const rule of RULES.values()) {
      expect(["breaking", "addition", "change", "info"]).toContain(rule.level);
      expect(["request", "response", "none"]).toContain(rule.direction);
      expect(rule.reason.length).toBeGreaterThan(10);
    }
  });

  // Last in the file: the corpus above has run.
  it("every rule id is produced by at least one corpus case", () => {
    expect([...RULES.keys()].filter((id) => !produced.has(id))).toEqual([]);
  });
});
