// int64-exact JSON (src/core/json.ts), property-based: parseJson against an exact reference built
// from the generated value and differentially against JSON.parse on valid and broken texts,
// stringifyJson against a reference serializer, and the edge cases of the scan (where a long digit
// run may or may not be a number). The seed of every property comes from FC_SEED (printed at the
// start of the run, see vitest.config.ts); known counterexamples are replayed as examples.
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
      fc.constantFrom(":", "[", ",", " ", "", ": ", "\\\\", '\\"', "\u0000", "\u0000int64:"),
      integers,
      fc.constantFrom(",", "]", "}", " ", "", ".5", "e3"),
    )
    .map(([lead, n, trail]) => `${lead}${n}${trail}`),
  integers.map((n) => `${n}`),
);
/** Keys: the tricky strings, and names an object's prototype answers to. */
const keys = fc.oneof(trickyStrings, fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty"));
const JSON_SPACE = fc.constantFrom("", " ", "\n", "\t ", "\r\n  ");

/** A number token written as it stands in a text (JSON.stringify never writes an exponent after 16+ digits). */
class NumberToken {
  constructor(readonly text: string) {}
}
/** Mantissas of 16 to 26 digits, most beyond 2^53, then `e` or `E`: a number, never an int64. */
const exponentTokens = fc
  .tuple(
    fc.constantFrom("", "-"),
    fc.bigInt({ min: 10n ** 15n, max: 10n ** 26n }),
    fc.constantFrom("e", "E"),
    fc.constantFrom("", "+", "-"),
    fc.integer({ min: 0, max: 400 }),
  )
  .map(([sign, mantissa, e, expSign, exponent]) => new NumberToken(`${sign}${mantissa}${e}${expSign}${exponent}`));

type Tree = bigint | number | string | boolean | null | NumberToken | Tree[] | { [key: string]: Tree };
const treesWith = (...leaves: fc.Arbitrary<Tree>[]) =>
  fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      integers,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      trickyStrings,
      fc.boolean(),
      fc.constant(null),
      ...leaves,
      fc.array(tie("tree"), { maxLength: 5 }),
      fc.dictionary(keys, tie("tree"), { maxKeys: 5 }),
    ),
  })).tree;
/** Values (for stringifyJson, which gets values, not texts). */
const trees = treesWith();
/** Texts for parseJson: the values, and number tokens only a text can hold. */
const textTrees = treesWith(exponentTokens);

/** An object with these own properties, "__proto__" included (an assignment would set the prototype instead). */
const own = (entries: [string, unknown][]) => Object.fromEntries(entries) as Record<string, unknown>;

/** JSON text of a tree, bigints as plain integers, with the given whitespace around tokens. */
function write(tree: Tree, space: string): string {
  if (typeof tree === "bigint") return tree.toString();
  if (tree instanceof NumberToken) return tree.text;
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
  if (tree instanceof NumberToken) return JSON.parse(tree.text) as number;
  if (tree === null || typeof tree !== "object") return tree;
  if (Array.isArray(tree)) return tree.map(expected);
  return own(Object.keys(tree).map((key) => [key, expected(tree[key]!)]));
}

/** The counterexample fast-check found (#14 item 26; seed -1044991898): a "__proto__" key holding an int64. */
const PROTO_KEY_TREE = own([["__proto__", 0n]]) as Tree;

/** The value with every bigint written as the number JSON.parse makes of it. */
function asNumbers(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(asNumbers);
  return own(Object.keys(value).map((key) => [key, asNumbers((value as Record<string, unknown>)[key])]));
}

/** Every bigint in a parsed value. */
function bigints(value: unknown, out: bigint[] = []): bigint[] {
  if (typeof value === "bigint") out.push(value);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value as Record<string, unknown>)) bigints(item, out);
  return out;
}

/** Where the platform reads a literal's source text (Node 22+), an exact reference parser built on it. */
const SOURCE_TEXT_ACCESS = (() => {
  let seen = false;
  JSON.parse("1", (_key, value: unknown, context?: { source?: unknown }) => {
    seen = typeof context?.source === "string";
    return value;
  });
  return seen;
})();
const parseWithSourceText = (text: string): unknown =>
  JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && /^-?\d+$/.test(context!.source!)
      ? BigInt(context!.source!)
      : value,
  );

/** What parsing gives: the value, or the error's class and message. */
function outcome(parse: (text: string) => unknown, text: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(text) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/**
 * parseJson against JSON.parse on one text: the same error (class and message) where JSON.parse
 * throws; otherwise the same value once bigints are read as numbers, bigints only for integer
 * literals beyond 2^53 that the text holds, and (where the platform gives the source text) exactly
 * the reference value.
 */
function agreesWithJsonParse(text: string): void {
  const reference = outcome(JSON.parse, text);
  const ours = outcome(parseJson, text);
  if ("error" in reference) {
    expect(ours, text).toEqual(reference);
    return;
  }
  expect("value" in ours, text).toBe(true);
  const value = (ours as { value: unknown }).value;
  expect(asNumbers(value), text).toEqual(reference.value);
  for (const big of bigints(value)) {
    expect(big > LIMIT || big < -LIMIT, text).toBe(true);
    expect(text, `${big}`).toContain(big.toString());
  }
  if (SOURCE_TEXT_ACCESS) expect(value, text).toEqual(parseWithSourceText(text));
}

/** Pieces that break a valid text in the places a scan could get wrong. */
const snippets = fc.oneof(
  fc.constantFrom('"', "\\", '\\"', "\\\\", ":", ",", "{", "}", "[", "]", " ", "-", ".", "e", "0", "\u0000", "\\u0000"),
  fc.constantFrom("tru", "null", '"a":', "\u000b", "\ufeff", "1.", ".5", "+1", "01"),
  integers.map((n) => `${n}`),
  integers.map((n) => `${n}:`),
  integers.map((n) => `,${n}`),
  // a number as a key, in a member that is otherwise complete
  integers.map((n) => `${n}:0,`),
  integers.map((n) => `,${n}:0`),
);
type Mutation =
  | { kind: "cut"; at: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "insert after a delimiter"; at: number; text: string }
  | { kind: "number as a key"; at: number; key: bigint }
  | { kind: "delete"; at: number; length: number };
const mutations = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: snippets }),
  fc.record({ kind: fc.constant("insert after a delimiter" as const), at: fc.nat(), text: snippets }),
  fc.record({ kind: fc.constant("number as a key" as const), at: fc.nat(), key: integers }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
);
function mutate(text: string, mutation: Mutation): string {
  if (mutation.kind === "insert after a delimiter") {
    // after the at-th `{` `[` `,` `:` (inside strings too), or at the start: where a scan decides what comes next
    const delimiters = [0, ...[...text.matchAll(/[{[,:]/g)].map((match) => match.index + 1)];
    const at = delimiters[mutation.at % delimiters.length]!;
    return `${text.slice(0, at)}${mutation.text}${text.slice(at)}`;
  }
  if (mutation.kind === "number as a key") {
    // a member named by a number, first in an object (after its `{`) or after another member (before its `}`)
    const braces = [...text.matchAll(/[{}]/g)].map((match) => match.index);
    if (braces.length === 0) return text;
    const at = braces[mutation.at % braces.length]!;
    const member = `${mutation.key}:${mutation.key}`;
    return text[at] === "{"
      ? `${text.slice(0, at + 1)}${member},${text.slice(at + 1)}`
      : `${text.slice(0, at)},${member}${text.slice(at)}`;
  }
  const at = mutation.at % (text.length + 1);
  if (mutation.kind === "cut") return text.slice(0, at);
  if (mutation.kind === "insert") return `${text.slice(0, at)}${mutation.text}${text.slice(at)}`;
  return `${text.slice(0, at)}${text.slice(at + mutation.length)}`;
}

describe("parseJson", () => {
  it("equals an exact parse: int64 beyond 2^53 as bigint, everything else as JSON.parse", () => {
    fc.assert(
      fc.property(textTrees, JSON_SPACE, (tree, space) => {
        const text = `${space}${write(tree, space)}${space}`;
        expect(parseJson(text)).toEqual(expected(tree));
      }),
      { numRuns: 400, examples: [[PROTO_KEY_TREE, ""]] },
    );
  });

  it("a __proto__ key is an own property, as JSON.parse makes it, whatever its value (#14 item 26)", () => {
    const zero = parseJson('{"__proto__": 0}') as Record<string, unknown>;
    expect(Object.keys(zero)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(zero)).toBe(Object.prototype);
    expect(parseJson('{"__proto__": 0}')).toEqual(expected(PROTO_KEY_TREE));
    expect(expected(PROTO_KEY_TREE)).not.toEqual({});
    for (const text of [
      '{"__proto__": 12345678901234567890}',
      '{"__proto__": {"isAdmin": true, "id": 12345678901234567890}}',
      '[{"__proto__": [12345678901234567890]}]',
    ]) {
      const value = parseJson(text) as Record<string, unknown>;
      const inner = Array.isArray(value) ? (value[0] as Record<string, unknown>) : value;
      expect(Object.getOwnPropertyNames(inner), text).toEqual(["__proto__"]);
      expect(Object.getPrototypeOf(inner), text).toBe(Object.prototype);
      expect(JSON.stringify(asNumbers(value)), text).toBe(JSON.stringify(JSON.parse(text)));
      expect(bigints(value), text).toEqual([12345678901234567890n]);
    }
  });

  it("differential against JSON.parse on valid texts and on broken ones (cut, quotes, backslashes, digits in keys)", () => {
    fc.assert(
      fc.property(textTrees, JSON_SPACE, fc.array(mutations, { maxLength: 3 }), (tree, space, changes) => {
        agreesWithJsonParse(changes.reduce(mutate, write(tree, space)));
      }),
      { numRuns: 1000 },
    );
  });

  it("pages of records with int64 fields", () => {
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
      [
        "[12345678901234567890e0, 12345678901234567890.0, 1e400, -0, 1.0]",
        [12345678901234567000, 12345678901234567000, Infinity, -0, 1],
      ],
      ['{"a":1.12345678901234567890}', { a: 1.1234567890123457 }],
      // an exponent after a mantissa beyond 2^53, in either case: a number, as JSON.parse reads it
      ["[12345678901234567E5]", JSON.parse("[12345678901234567E5]")],
      ["[12345678901234567e5]", [1234567890123456700000]],
      ['{"a":-12345678901234567E+2,"b":12345678901234567E-400}', { a: -1234567890123456700, b: 0 }],
      ['{"12345678901234567890":12345678901234567890}', { "12345678901234567890": 12345678901234567890n }],
      ['["a:12345678901234567890,", 12345678901234567890]', ["a:12345678901234567890,", 12345678901234567890n]],
      ['["\\\\", 12345678901234567890]', ["\\", 12345678901234567890n]],
      ['["\\\\\\"", 12345678901234567890, "\\\\"]', ['\\"', 12345678901234567890n, "\\"]],
      ['"12345678901234567890"', "12345678901234567890"],
      // strings that start like a marker stay strings, and markers never show
      ['["\\u0000", 12345678901234567890]', ["\u0000", 12345678901234567890n]],
      ['["\\u000012345678901234567890", 12345678901234567890]', ["\u000012345678901234567890", 12345678901234567890n]],
      [
        '{"a":[{"b":12345678901234567890}],"c":{"d":[1,[-12345678901234567890]]}}',
        { a: [{ b: 12345678901234567890n }], c: { d: [1, [-12345678901234567890n]] } },
      ],
      // duplicate keys: the last one wins, as in JSON.parse, whatever was marked before it
      ['{"a":12345678901234567890,"a":1,"b":22345678901234567890}', { a: 1, b: 22345678901234567890n }],
      // digit runs of 16 and 17 at every offset against the sampling stride
      ...Array.from({ length: 17 }, (_, pad): [string, unknown] => [
        `["${"x".repeat(pad)}",9007199254740993,${pad},12345678901234567]`,
        ["x".repeat(pad), 9007199254740993n, pad, 12345678901234567n],
      ]),
    ];
    for (const [text, value] of cases) expect(parseJson(text), text).toEqual(value);
  });

  it("rejects what JSON.parse rejects, with JSON.parse's own error", () => {
    const long = "12345678901234567890";
    for (const text of [
      "[00000000000000000001]",
      "[012345678901234567890]",
      "[--12345678901234567890]",
      '{"a":12345678901234567890',
      "12345678901234567890 1",
      "[12345678901234567890,]",
      "[12345678901234567890.]",
      "[12345678901234567890-1]",
      '{"id": 9007199254740993, 9007199254740994: "x"}',
      '{"id": 9007199254740993, "a": 1, 9007199254740994: "x"}',
      "{12345678901234567890: 1}",
      `[${long}}`,
      `{"a":[${long}]]`,
      `\ufeff${long}`,
      // the body that took ~15 s before: a long integer, then an unterminated run of \" pairs
      `[${long}, "${'\\"'.repeat(100_000)}`,
    ]) {
      const reference = outcome(JSON.parse, text);
      expect("error" in reference, text.slice(0, 80)).toBe(true);
      expect(outcome(parseJson, text), text.slice(0, 80)).toEqual(reference);
    }
  });

  it("nests as deep as JSON.parse does, with long integers at the bottom", () => {
    const depth = 100_000;
    const arrays = `${"[".repeat(depth)}12345678901234567890,1${"]".repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}[-12345678901234567890]${"}".repeat(depth)}`;
    expect(() => JSON.parse(arrays)).not.toThrow();
    let node = parseJson(arrays);
    for (let level = 1; level < depth; level++) node = (node as unknown[])[0];
    expect(node).toEqual([12345678901234567890n, 1]);
    node = parseJson(objects);
    for (let level = 0; level < depth; level++) node = (node as { a: unknown }).a;
    expect(node).toEqual([-12345678901234567890n]);
  });

  it("ignores enumerable properties someone added to Object.prototype: no loop, nothing inherited changed", () => {
    const proto = Object.prototype as Record<string, unknown>;
    const inherited = { self: null as unknown, marker: "\u0000" };
    inherited.self = inherited;
    proto.pollutedObject = inherited;
    proto.pollutedText = "\u0000not a marker";
    try {
      const value = parseJson('{"a":{"id":12345678901234567890,"b":[{"c":98765432109876543210}]}}') as any;
      expect(value.a.id).toBe(12345678901234567890n);
      expect(value.a.b[0].c).toBe(98765432109876543210n);
      expect(Object.keys(value.a)).toEqual(["id", "b"]);
      expect(inherited).toEqual({ self: inherited, marker: "\u0000" });
    } finally {
      delete proto.pollutedObject;
      delete proto.pollutedText;
    }
  });

  it("many long integers in one object, a __proto__ member among them: all of them exact, own properties", () => {
    const entries: [string, bigint][] = Array.from({ length: 5_000 }, (_, i) => [
      i === 500 ? "__proto__" : `k${i}`,
      -9007199254740993n - BigInt(i),
    ]);
    const text = `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
    const value = parseJson(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.entries(value)).toEqual(entries);
  });

  it("many long integers deep down (the input that took 7.7 s before): all of them exact", () => {
    const depth = 5_000;
    const count = 20_000;
    const values = Array.from({ length: count }, (_, i) => 9007199254740993n + BigInt(i) * 1_000_003n);
    const text = `${"[".repeat(depth)}${values.join(",")}${"]".repeat(depth)}`;
    let node = parseJson(text);
    for (let level = 1; level < depth; level++) node = (node as unknown[])[0];
    expect(node).toEqual(values);
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
