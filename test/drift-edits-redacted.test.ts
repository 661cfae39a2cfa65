// The spec edits `npm run drift` suggests for findings whose values the client redacted (a server
// echoing a credential as a property name, in an enum value, or as a number): an edit never writes the
// mask "[REDACTED]" (a note says to write it by hand), the types come from `actualTypes` (read before
// redaction: a number redacted whole is still a number), and an anyOf lists each type once. Each edit
// suggested is made on a copy of the spec, whose validators then take every body that drifted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createDriftCheck, type Drift, type ResponseValidators } from "../src/core/drift.js";
import { createRedactor } from "../src/core/redact.js";
import { answering, validatorsOf } from "./support/validators-for.js";
// @ts-expect-error untyped project script
import { applyEdit, suggestEdit } from "../scripts/lib/drift-edits.mjs";

/** A MadConnect token, all digits: echoed as a JSON number it loses its leading zeros (1234567). */
const TOKEN = "0001234567";
const schema = {
  type: "object",
  properties: {
    items: {
      type: "array",
      items: {
        type: "object",
        properties: {
          name: { type: "string", description: "The item's name.", example: "edge-1" },
          status: { type: "string", enum: ["active", "deleted"] },
        },
      },
    },
  },
};
const item = { name: "edge-1", status: "active" };

let dir: string;
let root: string;
let validators: ResponseValidators;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "drift-edits-redacted-"));
  root = path.join(dir, "openapi.yaml");
  writeFileSync(root, stringify(answering(schema)));
  validators = await validatorsOf(answering(schema));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The findings a client holding TOKEN hands to onDrift for a 200 answer of GET /x with `body`. */
async function findingsOf(body: unknown, check = validators): Promise<Drift[]> {
  const found: Drift[] = [];
  const drift = createDriftCheck({
    vendor: "madconnect",
    mode: "warn",
    onDrift: (d) => found.push(d),
    redact: createRedactor([TOKEN]),
    validators: check,
  });
  await drift("GET", "/x", new Response(null, { status: 200 }), body);
  return found;
}

/** The one finding of `kind` in `body`, and the edit suggested for it. */
async function editFor(body: unknown, kind: Drift["kind"]) {
  const finding = (await findingsOf(body)).find((d) => d.kind === kind);
  expect(finding, kind).toBeDefined();
  return { finding: finding!, edit: suggestEdit({ root, finding }) };
}

const REDACTED_NOTE = /was redacted \(it holds a credential, or text that looks like one\).*write it by hand/;

describe("a redacted name or value is never written into a suggested edit", () => {
  it("a number redacted whole in an enum of strings is left to the type finding (it was no string)", async () => {
    const { finding, edit } = await editFor({ items: [{ ...item, status: 1234567 }] }, "enum");
    expect(finding).toMatchObject({ samples: ["[REDACTED]"], actualTypes: ["integer"] });
    expect(edit).toEqual({ note: expect.stringMatching(/not a string: see the type finding/) });
  });
});

describe("types come from actualTypes, read before redaction, and an anyOf lists each type once", () => {
  it("an undeclared property holding the credential as a number is declared an integer (with a caveat on its size)", async () => {
    const { finding, edit } = await editFor({ items: [{ ...item, count: 1234567 }] }, "undeclared-property");
    expect(finding).toMatchObject({ samples: ["[REDACTED]"], actualTypes: ["integer"] });
    expect(edit).toMatchObject({ action: "add-property", name: "count", value: { type: "integer" } });
    expect(edit.value.anyOf).toBeUndefined();
    expect(edit.caveat).toMatch(/A number seen was redacted.*format: int64/);
  });

  it("a string field holding the credential as a number widens into anyOf [string, integer], each once", async () => {
    const { finding, edit } = await editFor({ items: [{ ...item, name: 1234567 }] }, "type");
    expect(finding).toMatchObject({ samples: ["[REDACTED]"], actualTypes: ["integer"] });
    expect(edit.action).toBe("widen-type");
    expect(edit.value).toEqual({
      description: "The item's name.",
      example: "edge-1",
      anyOf: [{ type: "string" }, { type: "integer" }],
    });
  });

  it("without actualTypes, a type the schema declares already is not listed again", () => {
    const finding = {
      operationId: "getX",
      status: 200,
      kind: "type",
      expected: "string",
      pointer: "/items/0/name",
      actual: 5,
      samples: [5, "x"],
    };
    expect(suggestEdit({ root, finding }).value.anyOf).toEqual([{ type: "string" }, { type: "integer" }]);
  });
});
