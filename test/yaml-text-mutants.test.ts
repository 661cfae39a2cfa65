/**
 * scripts/lib/yaml-text.mjs, the YAML writer of generated/openapi.yaml: the promises of its doc comments
 * (no line folding, no anchors for repeated objects, Prettier's choice of quotes) on the cases
 * test/pipeline-pieces.test.ts's document does not have. Each expected text is what Prettier
 * (printWidth 120) makes of the `yaml` library's text for the same value.
 */
import { describe, expect, it } from "vitest";

const { yamlText } = (await import("../scripts/lib/yaml-text.mjs" as string)) as {
  yamlText: (value: unknown) => string;
};

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
});
