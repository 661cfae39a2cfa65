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
  it("a property named after the credential (or holding it) gets a note, not a property named [REDACTED]", async () => {
    for (const key of [TOKEN, `key-${TOKEN}`]) {
      const { finding, edit } = await editFor({ items: [{ ...item, [key]: 1 }] }, "undeclared-property");
      expect(finding.pointer).toMatch(/\/items\/0\/(key-)?\[REDACTED\]$/);
      expect(edit, key).toEqual({ note: expect.stringMatching(REDACTED_NOTE) });
      expect(edit.note).toMatch(/^the property's name was redacted/);
    }
  });

  it("a property whose object value has a key holding the credential gets a note too", async () => {
    const { edit } = await editFor({ items: [{ ...item, meta: { [TOKEN]: "x", size: 1 } }] }, "undeclared-property");
    expect(edit).toEqual({ note: expect.stringMatching(REDACTED_NOTE) });
  });

  it("a name holding a credential the client did not know (another API's) gets a note when the report's redactor masks it", async () => {
    const other = "otc-token-Zq81kP";
    const { finding } = await editFor({ items: [{ ...item, [`key-${other}`]: 1 }] }, "undeclared-property");
    expect(finding.pointer).toBe(`/items/0/key-${other}`); // the client knows only TOKEN
    const redact = createRedactor([TOKEN, other]);
    expect(suggestEdit({ root, finding, redact })).toEqual({ note: expect.stringMatching(REDACTED_NOTE) });
    // A name no credential is in is declared as it is.
    const plain = (await editFor({ items: [{ ...item, zone: "a" }] }, "undeclared-property")).finding;
    expect(suggestEdit({ root, finding: plain, redact })).toMatchObject({ action: "add-property", name: "zone" });
  });

  it("an enum value holding the credential gets a note, not [REDACTED] added to the enum", async () => {
    const { finding, edit } = await editFor({ items: [{ ...item, status: `stale-${TOKEN}` }] }, "enum");
    expect(finding.samples).toEqual(["stale-[REDACTED]"]);
    expect(edit).toEqual({ note: expect.stringMatching(REDACTED_NOTE) });
    expect(edit.note).toMatch(/^a value to add to the enum was redacted/);
  });

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

/**
 * The findings of `bodies` grouped as npm run drift groups them (scripts/lib/drift-report.mjs): one per
 * kind and pointer (array indices as *), with every distinct sample and every actual type of the group.
 */
async function grouped(bodies: unknown[]) {
  const groups = new Map<string, Drift & { values: unknown[] }>();
  for (const body of bodies)
    for (const finding of await findingsOf(body)) {
      const key = `${finding.kind} ${finding.pointer.replace(/\/\d+(?=\/|$)/g, "/*")}`;
      const group = groups.get(key) ?? { ...finding, values: [], actualTypes: [] };
      groups.set(key, group);
      group.actualTypes = [...new Set([...group.actualTypes, ...finding.actualTypes])];
      for (const value of finding.samples) if (!group.values.includes(value)) group.values.push(value);
    }
  return [...groups.values()];
}

describe("the edits suggested for redacted values, made on a copy of the spec, take every body that drifted", () => {
  it("the edited spec's validators find nothing where the spec's found each finding", async () => {
    const bodies = [
      { items: [{ ...item, count: 1234567 }] },
      { items: [{ ...item, name: 1234567 }] },
      {
        items: [
          { ...item, count: 7, name: null },
          { ...item, count: 1234567, ratio: 1234567 },
        ],
      },
      { items: [{ ...item, ratio: 0.5 }] },
    ];
    const groups = await grouped(bodies);
    expect(groups.map((g) => `${g.kind} ${g.pointer.replace(/\/\d+\//, "/*/")}`).sort()).toEqual([
      "type /items/*/name",
      "undeclared-property /items/*/count",
      "undeclared-property /items/*/ratio",
    ]);
    const copy = path.join(dir, "edited.yaml");
    writeFileSync(copy, readFileSync(root, "utf8"));
    const edits = groups.map((finding) => suggestEdit({ root, finding }));
    // 1234567 (redacted) and 0.5 are numbers; 1234567 (redacted) and null in a string field widen it once.
    expect(edits.find((e) => e.name === "ratio")?.value).toMatchObject({ type: "number" });
    expect(edits.find((e) => e.action === "widen-type")?.value.anyOf).toEqual([
      { type: "string", nullable: true },
      { type: "integer", nullable: true },
    ]);
    for (const edit of edits) {
      expect(edit.note).toBeUndefined();
      expect(JSON.stringify(edit)).not.toContain("[REDACTED]");
      applyEdit(
        { ...edit, file: copy },
        { readFile: (f: string) => readFileSync(f, "utf8"), writeFile: writeFileSync },
      );
    }
    const edited = await validatorsOf(parse(readFileSync(copy, "utf8")));
    for (const body of bodies) expect(await findingsOf(body, edited), JSON.stringify(body)).toEqual([]);
  });
});

describe("a value redacted inside an object or array tells no type (it has no actualTypes of its own)", () => {
  it("a nested property seen only redacted is left out with a caveat; an array's redacted item adds no string", async () => {
    const meta = (await editFor({ items: [{ ...item, meta: { count: 1234567, zone: "a" } }] }, "undeclared-property"))
      .edit;
    expect(meta.value).toMatchObject({ type: "object", properties: { zone: { type: "string" } } });
    expect(meta.value.properties).not.toHaveProperty("count");
    expect(meta.caveat).toMatch(/Only a redacted value was seen for count/);
    const ids = (await editFor({ items: [{ ...item, ids: [1234567, 5] }] }, "undeclared-property")).edit;
    expect(ids.value).toMatchObject({ type: "array", items: { type: "integer" } });
    expect(JSON.stringify(ids)).not.toContain("string");
  });
});
