/**
 * scripts/lib/yaml-text.mjs, the YAML writer of generated/openapi.yaml: the promises of its doc comments
 * (no line folding, no anchors for repeated objects, Prettier's choice of quotes) on the cases
 * test/pipeline-pieces.test.ts's document does not have. Each expected text is what Prettier
 * (printWidth 120) makes of the `yaml` library's text for the same value.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

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
