/**
 * scripts/lib/yaml-text.mjs, the YAML writer of generated/openapi.yaml: the promises of its doc comments
 * (no line folding, no anchors for repeated objects, Prettier's choice of quotes) on the cases
 * test/pipeline-pieces.test.ts's document does not have. Each expected text is what Prettier
 * (printWidth 120) makes of the `yaml` library's text for the same value.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

type Reusing = { kept: Map<string, string>; used: Map<string, string>; hash: (json: string) => string; depth?: number };
const { yamlText, yamlTextReusing } = (await import("../scripts/lib/yaml-text.mjs" as string)) as {
  yamlText: (value: unknown) => string;
  yamlTextReusing: (value: unknown, options: Reusing) => string;
};
const hash = (json: string) => createHash("sha256").update(json).digest("hex");

describe("yamlText (scripts/lib/yaml-text.mjs)", () => {
  it("writes an object that appears twice in full both times, with no anchor or alias", () => {
    const shared = { type: "string", description: "shared" };
    expect(yamlText({ a: shared, b: [shared] })).toBe(
      "a:\n  type: string\n  description: shared\nb:\n  - type: string\n    description: shared\n",
    );
  });

  it("never folds a long line", () => {
    const words = "word ".repeat(40).trim();
    expect(yamlText({ description: words })).toBe(`description: ${words}\n`);
  });

  it("leaves a string with both quotes plain where YAML needs no quotes", () => {
    expect(yamlText({ description: `It's "fine" as it is` })).toBe(`description: It's "fine" as it is\n`);
  });

  it("single-quotes a long string with both quotes that needs quoting, on one line", () => {
    const text = `${"x".repeat(70)} it's "quoted": here ${"y".repeat(40)}`;
    expect(yamlText({ description: text })).toBe(`description: '${text.replace("'", "''")}'\n`);
  });

  it("single-quotes a long string with both quotes and runs of spaces (which `yaml` would fold with a \\ escape)", () => {
    const text = `a: '"${"  x".repeat(40)}`;
    expect(yamlText({ description: text })).toBe(`description: '${text.replace("'", "''")}'\n`);
  });

  it("keeps double quotes where a single-quoted string could not carry an escape (a tab)", () => {
    expect(yamlText({ description: `'both' "quotes": and a tab\there` })).toBe(
      `description: "'both' \\"quotes\\": and a tab\\there"\n`,
    );
  });

  it("quotes what a YAML 1.1 reader would take for a date, a boolean or a number, and stays YAML 1.2", () => {
    const value = {
      example: "2006-01-02T15:04:05-07:00",
      day: "2018-09-17",
      flags: ["yes", "No", "on", "OFF", "y", "n"],
      numbers: ["0777", "1_000", "190:20:30", "0b101", ".5"],
      plain: ["true", "null", "1.5"],
      // YAML 1.1's value key: PyYAML cannot load it bare.
      operator: "=",
    };
    const text = yamlText(value);
    expect(text).toContain('example: "2006-01-02T15:04:05-07:00"\n');
    expect(text).toContain('operator: "="\n');
    expect(parse(text)).toEqual(value);
    expect(parse(text, { version: "1.1" })).toEqual(value);
  });

  it("generated/openapi.yaml reads the same with a YAML 1.1 schema as with YAML 1.2", () => {
    const text = readFileSync(new URL("../generated/openapi.yaml", import.meta.url), "utf8");
    const core = parse(text) as unknown;
    expect(parse(text, { version: "1.1" })).toEqual(core);
    // The page's date-time example stays a string in both.
    expect(text).toContain('example: "2006-01-02T15:04:05-07:00"');
  });
});

describe("yamlTextReusing (the merged document, each entry written apart and reused)", () => {
  const merged = parse(readFileSync(new URL("../generated/openapi.yaml", import.meta.url), "utf8"));

  it("writes generated/openapi.yaml's text, and the same again from the entries it kept", () => {
    const used = new Map<string, string>();
    const text = yamlTextReusing(merged, { kept: new Map(), used, hash });
    expect(text).toBe(yamlText(merged));
    // One entry per operation of a path and per component (three levels down), and a few above them.
    const components = Object.values<object>(merged.components).reduce((n, kind) => n + Object.keys(kind).length, 0);
    expect(used.size).toBeGreaterThan(components);
    const again = new Map<string, string>();
    expect(yamlTextReusing(merged, { kept: used, used: again, hash })).toBe(text);
    expect([...again]).toEqual([...used]);
  });

  it("takes an entry's text from what it kept, by the hash of the entry, and writes the others", () => {
    const doc = { paths: { "/a": { get: { summary: "A" } }, "/b": { get: { summary: "B" } } } };
    const used = new Map<string, string>();
    yamlTextReusing(doc, { kept: new Map(), used, hash });
    const [idA] = [...used].find(([, text]) => text.includes("summary: A"))!;
    const kept = new Map([[idA, "get:\n  summary: KEPT\n"]]);
    const text = yamlTextReusing({ paths: { ...doc.paths, "/b": { get: { summary: "B2" } } } }, { kept, used, hash });
    expect(text).toBe("paths:\n  /a:\n    get:\n      summary: KEPT\n  /b:\n    get:\n      summary: B2\n");
  });

  // Strings that are quoted, folded, indented or broken into block scalars; keys that are quoted.
  const tricky = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "",
      " lead",
      "trail ",
      "a\n\nb",
      "a\n  b\n",
      "\n x",
      "yes",
      "=",
      "- x",
      "# c",
      "a: b",
      "'\"",
      "x\ty",
      "0777",
    ),
    // Document markers and directives (special at the start of a line only), and JavaScript's other line ends.
    fc.constantFrom("...", "---", "...x", "--- x", "%YAML", "n", "a\u2028b", "a\u2029\n b", "a\rb", "a\r\nb"),
    fc
      .array(fc.constantFrom("a", " ", "  ", "\n", "'", '"', ":", "#", "-", "\t", "é", "|", ".", "%", "\u2028", "\r"), {
        maxLength: 12,
      })
      .map((a) => a.join("")),
  );
  const value = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tricky,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(tricky, tie("node"), { maxKeys: 4 }),
    ),
  })).node;

  it("writes yamlText's text for any JSON object, at any depth of entries", () => {
    fc.assert(
      fc.property(fc.dictionary(tricky, value, { maxKeys: 4 }), fc.integer({ min: 1, max: 4 }), (doc, depth) => {
        const used = new Map<string, string>();
        const text = yamlTextReusing(doc, { kept: new Map(), used, hash, depth });
        expect(text).toBe(yamlText(doc));
        expect(yamlTextReusing(doc, { kept: used, used: new Map(), hash, depth })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("reuses an entry only for the same value: a kept entry of another document never stands for one that differs", () => {
    fc.assert(
      fc.property(
        fc.dictionary(tricky, value, { maxKeys: 4 }),
        fc.dictionary(tricky, value, { maxKeys: 4 }),
        (a, b) => {
          const used = new Map<string, string>();
          yamlTextReusing(a, { kept: new Map(), used, hash });
          expect(yamlTextReusing(b, { kept: used, used: new Map(), hash })).toBe(yamlText(b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps apart values JSON writes alike, or cannot write: 0 and -0; null, Infinity and NaN; a bigint", () => {
    const alike = [0, -0, null, Infinity, -Infinity, NaN, 10n, "10n", "-0", "Infinity"];
    for (const first of alike)
      for (const second of alike) {
        const kept = new Map<string, string>();
        yamlTextReusing({ paths: { "/a": { get: { minimum: first } } } }, { kept: new Map(), used: kept, hash });
        const doc = { paths: { "/a": { get: { minimum: second } } } };
        expect(yamlTextReusing(doc, { kept, used: new Map(), hash }), `${String(first)} then ${String(second)}`).toBe(
          yamlText(doc),
        );
      }
  });
});
