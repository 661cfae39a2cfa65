// int64-exact JSON (src/core/json.ts), property-based: parseJson against an exact reference built
// from the generated value, stringifyJson against a reference serializer, and the edge cases of the
// fast paths (where a long digit run may or may not be a number).
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson, stringifyJson } from "../src/core/json.js";
import { ANY_VALUE_OPTIONS, writeOutcome } from "./support/any-values.js";

const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
/** What an exact parser makes of an integer: a number when it is safe, else a bigint. */
const exactInteger = (value: bigint) => (value > LIMIT || value < -LIMIT ? value : Number(value));

/** Integers around and beyond 2^53 (the interesting ones), and small ones. */
const integers = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: LIMIT - 1000n, max: LIMIT + 1000n }),
  fc.bigInt({ min: -LIMIT - 1000n, max: -LIMIT + 1000n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
);
/** Strings that look like values to a scanner: long digit runs after ":" "[" ",", quotes escaped. */
const trickyStrings = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom(":", "[", ",", " ", "", ": ", "\\\\", '\\"'),
      integers,
      fc.constantFrom(",", "]", "}", " ", "", ".5", "e3"),
    )
    .map(([lead, n, trail]) => `${lead}${n}${trail}`),
  integers.map((n) => `${n}`),
);
const JSON_SPACE = fc.constantFrom("", " ", "\n", "\t ", "\r\n  ");

type Tree = bigint | number | string | boolean | null | Tree[] | { [key: string]: Tree };
const trees = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    integers,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    trickyStrings,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("tree"), { maxLength: 5 }),
    fc.dictionary(trickyStrings, tie("tree"), { maxKeys: 5 }),
  ),
})).tree;

/** JSON text of a tree, bigints as plain integers, with the given whitespace around tokens. */
function write(tree: Tree, space: string): string {
  if (typeof tree === "bigint") return tree.toString();
  if (tree === null || typeof tree !== "object") return JSON.stringify(tree);
  if (Array.isArray(tree)) return `[${space}${tree.map((t) => write(t, space)).join(`${space},${space}`)}${space}]`;
  const members = Object.keys(tree).map((k) => `${JSON.stringify(k)}${space}:${space}${write(tree[k]!, space)}`);
  return `{${space}${members.join(`${space},${space}`)}${space}}`;
}

/** The value an exact parser gives for a tree. */
function expected(tree: Tree): unknown {
  if (typeof tree === "bigint") return exactInteger(tree);
  if (typeof tree === "number") {
    // As written: an integer token beyond 2^53 is an int64 too; -0 reads back as 0, 1e21 and up as numbers.
    const text = JSON.stringify(tree);
    return /^-?\d+$/.test(text) && !Number.isSafeInteger(tree) ? BigInt(text) : (JSON.parse(text) as number);
  }
  if (tree === null || typeof tree !== "object") return tree;
  if (Array.isArray(tree)) return tree.map(expected);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(tree)) out[key] = expected(tree[key]!);
  return out;
}

describe("parseJson", () => {
  it("equals an exact parse: int64 beyond 2^53 as bigint, everything else as JSON.parse", () => {
    fc.assert(
      fc.property(trees, JSON_SPACE, (tree, space) => {
        const text = `${space}${write(tree, space)}${space}`;
        expect(parseJson(text)).toEqual(expected(tree));
      }),
      { numRuns: 400 },
    );
  });

  it("pages of records with an int64 field, the same paths page after page (the remembered paths)", () => {
    const record = fc.record({
      id: fc.uuid(),
      marker_id: integers,
      note: trickyStrings,
      tags: fc.array(integers, { maxLength: 2 }),
    });
    const page = fc.record({ connections: fc.array(record, { maxLength: 20 }), total_count: fc.nat() });
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 4 }), (pages) => {
        for (const p of pages)
          expect(parseJson(write(p as unknown as Tree, ""))).toEqual(expected(p as unknown as Tree));
      }),
      { numRuns: 100 },
    );
  });

  it("edge cases of the scanner", () => {
    const cases: [string, unknown][] = [
      ["12345678901234567890", 12345678901234567890n],
      ["-12345678901234567890", -12345678901234567890n],
      [" \n 9007199254740993 \t", 9007199254740993n],
      ["9007199254740991", 9007199254740991],
      ["-9007199254740992", -9007199254740992n],
      ["[1e-12345678901234567890]", [0]],
      ['{"a":1.12345678901234567890}', { a: 1.1234567890123457 }],
      ['{"12345678901234567890":12345678901234567890}', { "12345678901234567890": 12345678901234567890n }],
      ['["a:12345678901234567890,", 12345678901234567890]', ["a:12345678901234567890,", 12345678901234567890n]],
      ['["\\\\", 12345678901234567890]', ["\\", 12345678901234567890n]],
      ['"12345678901234567890"', "12345678901234567890"],
      // digit runs of 16 and 17 at every offset against the sampling stride
      ...Array.from({ length: 17 }, (_, pad): [string, unknown] => [
        `["${"x".repeat(pad)}",9007199254740993,${pad},12345678901234567]`,
        ["x".repeat(pad), 9007199254740993n, pad, 12345678901234567n],
      ]),
    ];
    for (const [text, value] of cases) expect(parseJson(text), text).toEqual(value);
  });

  it("rejects what JSON.parse rejects", () => {
    for (const text of [
      "[00000000000000000001]",
      "[012345678901234567890]",
      "[--12345678901234567890]",
      '{"a":12345678901234567890',
      "12345678901234567890 1",
      "[12345678901234567890,]",
    ]) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => parseJson(text), text).toThrow(SyntaxError);
    }
  });
});

/** A reference stringify: JSON.stringify with bigints written by a replacer, then unquoted one by one. */
function referenceStringify(value: unknown): string | undefined {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "bigint") return v;
    marks.push(v.toString());
    return `@@bigint${marks.length - 1}@@`;
  }) as string | undefined;
  return text?.replace(/"@@bigint(\d+)@@"/g, (_m, i: string) => marks[Number(i)]!);
}

class Money {
  constructor(readonly cents: bigint) {}
  toJSON() {
    return { cents: this.cents, currency: "EUR" };
  }
}

describe("stringifyJson", () => {
  it("equals JSON.stringify with bigints as plain integers", () => {
    fc.assert(
      fc.property(trees, (tree) => {
        expect(stringifyJson(tree)).toBe(referenceStringify(tree));
      }),
      { numRuns: 400 },
    );
  });

  it("equals it over any values (boxed, dated, sparse, null-prototype), errors included", () => {
    fc.assert(
      fc.property(fc.anything(ANY_VALUE_OPTIONS), (value) => {
        expect(writeOutcome(() => stringifyJson(value))).toBe(writeOutcome(() => referenceStringify(value)));
      }),
      { numRuns: 400 },
    );
  });

  it("round-trips through parseJson", () => {
    fc.assert(
      fc.property(trees, (tree) => {
        expect(parseJson(stringifyJson(tree))).toEqual(expected(tree));
      }),
      { numRuns: 200 },
    );
  });

  it("writes bigints nested anywhere and leaves the value untouched", () => {
    const inner = { a: [1, 2, { b: "c" }] };
    const value = { big: 12345678901234567890n, inner, list: [inner, 1n] };
    const before = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
    expect(stringifyJson(value)).toBe(
      '{"big":12345678901234567890,"inner":{"a":[1,2,{"b":"c"}]},"list":[{"a":[1,2,{"b":"c"}]},1]}',
    );
    expect(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).toBe(before);
  });

  it("toJSON, class instances, Dates, undefined, functions, holes and null prototypes as JSON.stringify has them", () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { x: 9007199254740993n });
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1n, , 3];
    const value = {
      money: new Money(12345678901234567890n),
      when: new Date(0),
      skip: undefined,
      fn: () => 1,
      holes,
      nullProto,
      nested: [{ toJSON: (key: string) => `key:${key}` }],
    };
    expect(stringifyJson(value)).toBe(referenceStringify(value));
    expect(stringifyJson(value)).toContain('"money":{"cents":12345678901234567890,"currency":"EUR"}');
    expect(stringifyJson(undefined)).toBe(undefined);
    expect(stringifyJson(5n)).toBe("5");
  });

  it("where BigInt.prototype.toJSON is defined, JSON.stringify's use of it is kept", () => {
    const proto = BigInt.prototype as { toJSON?: () => string };
    proto.toJSON = function (this: bigint) {
      return `${this}n`;
    };
    try {
      expect(stringifyJson({ a: 1n, b: [2n] })).toBe(JSON.stringify({ a: 1n, b: [2n] }));
      expect(stringifyJson({ a: 1n })).toBe('{"a":"1n"}');
    } finally {
      delete proto.toJSON;
    }
    expect(stringifyJson({ a: 1n })).toBe('{"a":1}');
  });

  it("errors as JSON.stringify does: circular structures, BigInt objects", () => {
    const circular: Record<string, unknown> = { big: 1n };
    circular.self = circular;
    expect(() => stringifyJson(circular)).toThrow(TypeError);
    expect(() => stringifyJson({ boxed: Object(1n) as object })).toThrow(TypeError);
  });
});
