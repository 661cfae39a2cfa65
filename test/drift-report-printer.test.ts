// How `npm run drift` prints its text report (src/cli/report-printer.ts with scripts/lib/drift-report.mjs):
// no line longer than 2048 characters once the whole report is redacted, though a credential shorter
// than the marker that masks it makes a line longer.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportPrinter } from "../src/cli/report-printer.js";
// @ts-expect-error untyped project script
import { formatDrift } from "../scripts/lib/drift-report.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("a snippet whose property name holds a short credential many times", () => {
  it("is measured redacted: left out when a line of it would be longer than 2048 characters once masked", () => {
    const token = "k9Zq";
    const name = `ab-${token}-`.repeat(250); // 2000 characters; 3500 with each token masked
    const print = reportPrinter({ MADCONNECT_TOKEN: token });
    const edit = {
      file: path.join(ROOT, "specs/madconnect/openapi.yaml"),
      keys: ["components", "schemas", "X"],
      action: "add-property",
      snippet: `${name}:\n  type: string\n`,
    };
    const group = {
      api: "madconnect",
      operationId: "listConnections",
      method: "GET",
      path: "/c",
      status: 200,
      kind: "undeclared-property",
      pointer: "/x",
      expected: "no such property in the spec",
      count: 1,
      samples: ["1"],
      edit,
    };
    const text: string = print.text(
      formatDrift({ groups: [group], failures: [] }, { root: ROOT, target: "the emulator", show: print.show }),
    );
    const lines = text.split("\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(2048);
    expect(text).not.toContain(token);
    expect(lines.at(-1)).toBe(
      "      (the snippet is left out: a line of it would be longer than 2048 characters; --json has the edit in full)",
    );
  });
});
