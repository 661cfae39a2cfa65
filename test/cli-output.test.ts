// The CLI's renderings (src/cli/output.ts) of server strings that act on a terminal without any C0
// control: line and paragraph separators, bidi overrides, DEL and C1 controls. YAML double-quotes such
// strings, so that the escapes the output writes for them parse back to exactly the data sent.
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseJson } from "../src/core/json.js";
import { itemsTable, render, showableYaml } from "../src/cli/output.js";

/** What a terminal acts on or reorders, none of it a C0 control. */
const RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const strings = {
  lineSeparator: "before\u2028after",
  paragraphSeparator: "\u2029",
  rightToLeftOverride: "evil\u202etxt.exe",
  isolate: "a\u2066b\u2069c",
  del: "x\u007fy",
  csi: "\u009b2J",
};

describe("yaml: strings holding only non-C0 characters that act on a terminal", () => {
  it.each(Object.entries(strings))("%s: escaped, and parsed back to exactly the data", (_name, text) => {
    const data = { subnets: [{ id: "s-1", name: text, tags: [text] }], [text]: 1 };
    const printed = render(data, "yaml");
    expect(printed).not.toMatch(RAW);
    expect(parseYaml(printed)).toEqual(data);
  });

  it("json says the same", () => {
    const data = Object.values(strings);
    const printed = render(data, "json");
    expect(printed).not.toMatch(RAW);
    expect(parseJson(printed)).toEqual(data);
  });
});

describe("a table of nothing", () => {
  it("an empty object is its field/value head, not a blank line", () => {
    expect(render({}, "table")).toMatch(/^┌─+┬─+┐\n│ field +│ value +│\n└─+┴─+┘\n$/);
  });
});

describe("a long table", () => {
  it("is one table, one line per row in order, whatever the number of rows (laid out in pieces, joined)", () => {
    const items = Array.from({ length: 450 }, (_, i) => ({
      id: `id-${String(i).padStart(4, "0")}`,
      name: `n${i % 7}`,
    }));
    const lines = render(items, "table", { columns: ["id", "name"] })
      .replace(/\n$/, "")
      .split("\n");
    expect(lines).toHaveLength(items.length + 4);
    expect(lines[0]).toMatch(/^┌─+┬─+┐$/);
    expect(lines[1]).toMatch(/^│ id +│ name +│$/);
    expect(lines[2]).toMatch(/^├─+┼─+┤$/);
    expect(lines.at(-1)).toMatch(/^└─+┴─+┘$/);
    const rows = lines.slice(3, -1);
    expect(rows.map((line) => line.match(/^│ (id-\d{4}) +│ (n\d) +│$/)?.slice(1))).toEqual(
      items.map((item) => [item.id, item.name]),
    );
    // Every line as wide as the first: the pieces share their column widths.
    expect(new Set(lines.map((line) => line.length))).toEqual(new Set([lines[0]!.length]));
  });
});

describe("wide characters", () => {
  it("a CJK cell is not cut when nothing limits the width: columns are measured as the terminal shows them", () => {
    const name = "東京都港区六本木";
    const table = render([{ id: "s1", name }], "table", { columns: ["id", "name"] });
    expect(table).toContain(`│ ${name} │`);
    expect(table).not.toContain("…");
  });
});

describe("a cell cut to a narrow column", () => {
  it("is cut by whole characters: no half of an emoji (a lone surrogate) before the …", () => {
    for (const width of [18, 19, 20, 21, 22]) {
      const table = render([{ id: "s1", name: "👍".repeat(12) }], "table", { columns: ["id", "name"], width });
      expect(table, `width ${width}`).not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
      expect(table).toContain("…");
      expect(Buffer.from(table, "utf8").toString("utf8")).toBe(table);
    }
  });
});

describe("showableYaml: a spec edit's snippet (npm run drift) fit for a terminal, and still pasteable", () => {
  const ANY_RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it.each([...Object.entries(strings), ["escape", "\u001b[31mred"]])(
    "%s in a property name and a value: double-quoted with escapes, the same YAML data",
    (_name, text) => {
      const snippet = stringifyYaml({ properties: { [text]: { type: "string", enum: [text] } } });
      const shown = showableYaml(snippet);
      expect(shown).not.toMatch(ANY_RAW);
      expect(parseYaml(shown)).toEqual(parseYaml(snippet));
    },
  );

  it("a comment holding a control is escaped; a snippet without such characters is left as it was", () => {
    const snippet = "# seen for x\u001b[2Jy\u202e: complete it\nproperties:\n  a:\n    type: string\n";
    const shown = showableYaml(snippet);
    expect(shown).toBe("# seen for x\\u001b[2Jy\\u202e: complete it\nproperties:\n  a:\n    type: string\n");
    const plain = "# a comment\nproperties:\n  'a b': {type: string}\n";
    expect(showableYaml(plain)).toBe(plain);
  });
});

describe("a table cell cut to its column", () => {
  it("is cut between user-perceived characters: a flag or a ZWJ emoji is kept whole or left out", () => {
    const text = "ab\u{1F1E9}\u{1F1EA}\u{1F1EB}\u{1F1F7}\u{1F469}\u200d\u{1F4BB}\u{1F469}\u200d\u{1F4BB}xyz";
    const segments = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map(
      (s) => s.segment,
    );
    const boundaries = new Set(segments.map((_, i) => segments.slice(0, i).join("")));
    const kept = new Set<string>();
    for (let width = 8; width <= 16; width++) {
      const row = itemsTable([{ id: text }], { columns: ["id"], width }).split("\n")[3]!;
      const cell = row.replace(/^│ /, "").replace(/ *│$/, "");
      expect(cell.endsWith("…"), row).toBe(true);
      expect(boundaries.has(cell.slice(0, -1)), row).toBe(true);
      kept.add(cell.slice(0, -1));
    }
    // Each flag and emoji appears whole as the column widens.
    expect([...kept]).toEqual(expect.arrayContaining([segments.slice(0, 3).join(""), segments.slice(0, 5).join("")]));
  });
});
