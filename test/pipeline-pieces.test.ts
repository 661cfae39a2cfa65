/**
 * The pieces of the spec pipeline, on small fixtures: the x-pagination lint rule (through the Redocly
 * CLI, as `npm run lint` runs it), the checks it shares with the generator, the fingerprint that
 * decides what `npm run generate` regenerates and what `--check` answers, and the YAML writer of the
 * merged document, and the in-process bundle (of plain specs) and join that make it. test/pipeline.test.ts runs the whole pipeline once on a copy of the project.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { fixtureFolders, unixSocketAt } from "./support/fixture-folders.js";

type Json = any;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const load = (path: string): Promise<Json> => import(path);
const { redocly } = await load("../scripts/lib/redocly.mjs");
const { checkDeclaration } = await load("../scripts/lib/pagination.mjs");
const {
  changedSince,
  fileHash,
  generatorFiles,
  generatorFolders,
  inputsFingerprint,
  lockedToolTree,
  NOT_GENERATOR,
  NotAFileError,
  readRegular,
  refCache,
  specFiles,
  toolVersions,
  TOOLS,
  useRefCache,
} = await load("../scripts/lib/fingerprint.mjs");
const { yamlText } = await load("../scripts/lib/yaml-text.mjs");
const { joinApis, JoinError } = await load("../scripts/lib/join.mjs");
const { plainBundle } = await load("../scripts/lib/plain-bundle.mjs");
const { formatStatements, typesStatements } = await load("../scripts/lib/types.mjs");
const { FORMAT } = await load("../scripts/lib/format.mjs");
const { tagClashes } = await load("../scripts/lib/tag-clashes.mjs");
const { ConfigError, isDecorated, listApis } = await load("../scripts/lib/apis.mjs");
const { watchFolders } = await load("../scripts/lib/watch-folders.mjs");
const { cliDescription, CliDeclarationError } = await load("../scripts/lib/cli.mjs");
const { readIntact, writeIntact } = await load("../scripts/lib/cache.mjs");
const { writeOutputs } = await load("../scripts/lib/write-outputs.mjs");
const { generatedInWorkingTree } = await load("../scripts/lib/change-report/generated-files.mjs");

/** A temporary folder holding `files` (path -> content). */
const fixture = fixtureFolders("connectivity-pipeline-pieces-");

/** "line:column" (1-based) where `needle` starts in `text`, after the first occurrence of `after`. */
function position(text: string, needle: string, after = ""): string {
  const offset = text.indexOf(needle, text.indexOf(after));
  expect(offset, `${needle} in the fixture`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/**
 * One Redocly run, as `npm run lint` runs it, of the fixture files `lint` (among `files`) with the
 * project's plugin and only `rule` on: its output and exit code.
 */
async function lintFixtures(rule: string | string[], files: Record<string, string>, lint: string[]) {
  const rules = [rule]
    .flat()
    .map((name) => `  ${name}: error\n`)
    .join("");
  const dir = fixture({
    "redocly.yaml": `extends: []\nplugins:\n  - ${join(ROOT, "scripts/redocly/plugin.mjs")}\nrules:\n${rules}`,
    ...files,
  });
  const result = await redocly(["lint", ...lint, "--format", "codeframe"], { cwd: dir });
  return { output: `${result.stdout}${result.stderr}`, code: result.code };
}

/** Checks that `output` reports a problem at `where` ("file:line:col at #/pointer"), with its message. */
function reportedIn(output: string, where: string, message: string) {
  const at = output.indexOf(`${where}\n`);
  expect(at, `no problem at ${where} in:\n${output}`).toBeGreaterThanOrEqual(0);
  expect(output.slice(at).split("\n").slice(1, 4).join("\n")).toContain(message);
}

describe("the connectivity/x-pagination lint rule", () => {
  // An operation with its own declaration: each problem is reported at its key.
  const OWN = `openapi: 3.0.3
info: { title: Own, version: "1" }
paths:
  /things/{limit}:
    parameters:
      - { name: limit, in: path, required: true, schema: { type: integer } }
    get:
      operationId: listThings
      x-pagination:
        style: offset-size
        items: things
        size: limit
        offset: offset
        offsetUnit: bytes
        total: count
      parameters:
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: { type: object, properties: { data: { type: array, items: { type: string } } } }
x-pagination: { style: marker }
`;
  // Confluent's layout: the operation is a $ref into a verbatim file, the declaration sits in the
  // wrapper's x-operation-additions; the vendor only annotates `next` in a second allOf member.
  const VENDOR = `openapi: 3.0.3
info: { title: Vendor, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: page_size, in: query, schema: { type: integer } }
        - { name: page_token, in: query, schema: { type: string } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ThingList"
components:
  schemas:
    ThingList:
      type: object
      properties:
        data: { type: array, items: { type: object, properties: { id: { type: string } } } }
        metadata:
          allOf:
            - type: object
              properties:
                next: { type: string }
                total_size: { type: integer }
            - properties:
                next: { example: "https://example.test/things?page_token=abc" }
`;
  const wrapper = (nextLink: string) => `openapi: 3.0.3
info: { title: Wrapper, version: "1" }
paths:
  /things:
    get:
      $ref: "./vendor/openapi.yaml#/paths/~1things/get"
x-operation-additions:
  listThings:
    x-pagination:
      style: page-token
      items: data
      size: page_size
      cursor: page_token
      nextLink: ${nextLink}
  listThingz:
    summary: A typo
`;
  const WRONG = wrapper("metadata.total_size");
  let output: string;
  let code: number;

  beforeAll(async () => {
    ({ output, code } = await lintFixtures(
      ["connectivity/x-pagination", "connectivity/x-operation-additions"],
      {
        "own.yaml": OWN,
        "vendor/openapi.yaml": VENDOR,
        "wrapper.yaml": WRONG,
        "right.yaml": wrapper("metadata.next").replace(/ {2}listThingz:\n.*\n/, ""),
      },
      ["own.yaml", "wrapper.yaml", "right.yaml"],
    ));
  }, 60_000);

  const reported = (where: string, message: string) => reportedIn(output, where, message);

  it("fails the lint", () => {
    expect(code, output).not.toBe(0);
    expect(output).toContain("connectivity/x-pagination");
  });

  it("reports each problem of an operation's declaration at its file, line and column", () => {
    const pointer = "#/paths/~1things~1{limit}/get/x-pagination";
    const name = "x-pagination of GET /things/{limit} (listThings)";
    reported(
      `own.yaml:${position(OWN, "limit", "size:")} at ${pointer}/size`,
      `${name}: size parameter "limit" is not a query parameter of the operation`,
    );
    reported(
      `own.yaml:${position(OWN, "things", "items:")} at ${pointer}/items`,
      `${name}: items field "things" is not in the 200 response`,
    );
    reported(
      `own.yaml:${position(OWN, "bytes")} at ${pointer}/offsetUnit`,
      `${name}: offsetUnit must be "items" or "pages"`,
    );
    reported(
      `own.yaml:${position(OWN, "count")} at ${pointer}/total`,
      `${name}: "total" does not belong to style offset-size`,
    );
    reported(
      `own.yaml:${position(OWN, "x-pagination", "x-pagination: {")} at #/x-pagination`,
      "a top-level x-pagination is never read: declare it on the operation",
    );
  });

  it("checks a declaration in x-operation-additions against the operation it is moved onto, reporting it in the wrapper", () => {
    reported(
      `wrapper.yaml:${position(WRONG, "metadata.total_size")} at #/x-operation-additions/listThings/x-pagination/nextLink`,
      'x-pagination of GET /things (listThings): nextLink field "metadata.total_size" is not a string in the 200 response',
    );
  });

  it("leaves an x-operation-additions entry for an unknown operationId to connectivity/x-operation-additions, whatever it holds", () => {
    const where = `wrapper.yaml:${position(WRONG, "listThingz")} at #/x-operation-additions/listThingz`;
    reported(where, "x-operation-additions names unknown operationId listThingz");
    const problem = output.slice(output.indexOf(`${where}\n`)).split(/\n\n\n/)[0];
    expect(problem).toContain("Error was generated by the connectivity/x-operation-additions rule.");
  });

  it("accepts a right declaration, a field the vendor annotates in a second allOf member included", () => {
    expect(output).not.toMatch(/^\[\d+\] right\.yaml/m);
    expect(output).not.toMatch(/^\[\d+\] vendor\//m);
    expect(output.match(/^\[\d+\] .*/gm), output).toHaveLength(7);
  });
});

describe("the connectivity/x-cli lint rule", () => {
  // Own declarations: each problem is reported at its key (a column at its place in the list).
  const OWN = `openapi: 3.0.3
info: { title: Own, version: "1", x-cli: { name: My API } }
paths:
  /things:
    get:
      operationId: listThings
      x-pagination: { style: offset-size, items: data, size: limit, offset: offset, offsetUnit: items }
      x-cli:
        aliases: [things, Things]
        columns: [id, statuz, meta.name]
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items: { type: object, properties: { id: { type: string }, meta: { type: object, properties: { name: { type: string } } } } }
    post:
      operationId: createThing
      x-cli: { aliases: [things], colour: red, columns: [id] }
      responses:
        "201": { description: Created }
`;
  // Confluent's layout: x-cli in the wrapper's x-operation-additions; the vendor defines \`name\` in
  // one allOf member and only annotates it in another (not a problem).
  const VENDOR = `openapi: 3.0.3
info: { title: Vendor, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: page_size, in: query, schema: { type: integer } }
        - { name: page_token, in: query, schema: { type: string } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items:
                      allOf:
                        - $ref: "#/components/schemas/Thing"
                        - properties: { spec: { properties: { name: { example: a name } } } }
                  metadata: { type: object, properties: { next: { type: string } } }
    delete:
      operationId: deleteThings
      responses:
        "204": { description: Deleted }
components:
  schemas:
    Thing:
      type: object
      properties:
        id: { type: string }
        spec: { type: object, properties: { name: { type: string } } }
`;
  const WRAPPER = `openapi: 3.0.3
info: { title: Wrapper, version: "1" }
paths:
  /things:
    $ref: "./vendor/openapi.yaml#/paths/~1things"
x-operation-additions:
  listThings:
    x-pagination: { style: page-token, items: data, size: page_size, cursor: page_token, nextLink: metadata.next }
    x-cli: { columns: [id, spec.name, spec.size] }
  deleteThings:
    x-cli: { columns: [id] }
`;
  let output: string;
  let code: number;

  beforeAll(async () => {
    ({ output, code } = await lintFixtures(
      "connectivity/x-cli",
      { "own.yaml": OWN, "vendor/openapi.yaml": VENDOR, "wrapper.yaml": WRAPPER },
      ["own.yaml", "wrapper.yaml"],
    ));
  }, 60_000);

  const reported = (where: string, message: string) => reportedIn(output, where, message);

  it("fails the lint, naming the rule", () => {
    expect(code, output).not.toBe(0);
    expect(output).toContain("connectivity/x-cli");
  });

  it("reports each problem of a declaration at its file, line and column", () => {
    const list = "x-cli of GET /things (listThings)";
    reported(`own.yaml:${position(OWN, "My API")} at #/info/x-cli/name`, "info.x-cli: name must be a command word");
    reported(
      `own.yaml:${position(OWN, "[things, Things]")} at #/paths/~1things/get/x-cli/aliases`,
      `${list}: aliases must be a list of command words`,
    );
    reported(
      `own.yaml:${position(OWN, "statuz")} at #/paths/~1things/get/x-cli/columns/1`,
      `${list}: column "statuz" is not a field of the items`,
    );
    const create = "x-cli of POST /things (createThing)";
    reported(
      `own.yaml:${position(OWN, "colour")} at #/paths/~1things/post/x-cli/colour`,
      `${create}: unknown key "colour" (expected aliases, columns)`,
    );
    reported(
      `own.yaml:${position(OWN, "[id] }")} at #/paths/~1things/post/x-cli/columns`,
      `${create}: columns are fields of a list's items: the operation needs an x-pagination declaration`,
    );
    reported(
      `own.yaml:${position(OWN, "things]", "post:")} at #/paths/~1things/post/x-cli/aliases/0`,
      `${create}: "things" is already the name or an alias of listThings`,
    );
  });

  it("checks a declaration in x-operation-additions against the operation it is moved onto, reporting it in the wrapper", () => {
    reported(
      `wrapper.yaml:${position(WRAPPER, "spec.size")} at #/x-operation-additions/listThings/x-cli/columns/2`,
      'x-cli of GET /things (listThings): column "spec.size" is not a field of the items',
    );
    reported(
      `wrapper.yaml:${position(WRAPPER, "[id] }", "deleteThings")} at #/x-operation-additions/deleteThings/x-cli/columns`,
      "x-cli of DELETE /things (deleteThings): columns are fields of a list's items",
    );
  });

  it("generate's check (on the bundle) refuses what the rule refuses, `x-cli: null` included", () => {
    const doc = (declaration: unknown) => ({
      openapi: "3.0.3",
      info: { title: "T", version: "1" },
      paths: {
        "/x": { get: { operationId: "getX", "x-cli": declaration, responses: { "204": { description: "No" } } } },
      },
    });
    expect(() => cliDescription(doc(null), { api: "t", source: "t.yaml" })).toThrow(
      new CliDeclarationError("t.yaml: x-cli of GET /x (getX): must be an object (aliases, columns)"),
    );
    expect(cliDescription(doc(undefined), { api: "t", source: "t.yaml" }).commands[0].name).toBe("get-x");
  });

  it("accepts the right columns: nested fields, and a field the vendor only annotates in a second allOf member", () => {
    expect(output).not.toContain('column "id" is not');
    expect(output).not.toContain('column "meta.name"');
    expect(output).not.toContain('column "spec.name"');
    expect(output).not.toMatch(/^\[\d+\] vendor\//m);
    expect(output.match(/^\[\d+\] .*/gm), output).toHaveLength(8);
  });
});

describe("checkDeclaration (the checks the rule and the generator share)", () => {
  const operation = {
    operationId: "listThings",
    responses: {
      "200": {
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: { data: { type: "array", items: { $ref: "#/components/schemas/T" } } },
            },
          },
        },
      },
    },
  };
  const doc = { components: { schemas: { T: { type: "object", properties: { id: { type: "string" } } } } } };
  const limit = { name: "limit", in: "query", schema: { type: "integer", maximum: 100 } };

  it("returns every independent problem with the key it is about, and no table entry", () => {
    const result = checkDeclaration({
      doc,
      method: "post",
      operation,
      parameters: [limit],
      declaration: { style: "marker", items: "data", size: "page_size", cursor: "after", markerField: "idx", extra: 1 },
    });
    expect(result.entry).toBeUndefined();
    expect(result.problems).toEqual([
      { key: null, message: "only GET operations can be paginated" },
      { key: "extra", message: '"extra" does not belong to style marker' },
      { key: "size", message: 'size parameter "page_size" is not a query parameter of the operation' },
      { key: "cursor", message: 'cursor parameter "after" is not a query parameter of the operation' },
      { key: "markerField", message: 'markerField "idx" is not a field of the items' },
    ]);
  });

  it("stops at missing keys, and returns the runtime table entry of a right declaration", () => {
    expect(
      checkDeclaration({ doc, method: "get", operation, parameters: [limit], declaration: { style: "marker" } })
        .problems,
    ).toHaveLength(4);
    const marker = { name: "marker", in: "query", schema: { type: "string" } };
    expect(
      checkDeclaration({
        doc,
        method: "get",
        operation,
        parameters: [limit, marker],
        declaration: { style: "marker", items: "data", size: "limit", cursor: "marker", markerField: "id" },
      }),
    ).toEqual({
      problems: [],
      entry: {
        style: "marker",
        items: ["data"],
        size: { param: "limit", default: null, maximum: 100, minimum: null },
        cursor: "marker",
        markerField: "id",
      },
      // One item's schema, for the x-cli columns check.
      itemSchemas: [{ $ref: "#/components/schemas/T" }],
    });
  });
});

describe("watchFolders (generate --watch's watch of specs/)", () => {
  /** Resolves once `calls()` is above `count`; fails after 5 s. */
  const changed = async (calls: () => number, count: number) => {
    const deadline = Date.now() + 5000;
    while (calls() <= count) {
      if (Date.now() > deadline) throw new Error(`no change seen after ${count} (still ${calls()})`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100)); // the burst of events of one change
  };

  it("sees a file replaced then written in place, and a folder removed and made again", async () => {
    const root = fixture({ "a/b/spec.yaml": "one\n" });
    let calls = 0;
    const stop = watchFolders(root, () => (calls += 1));
    const spec = join(root, "a/b/spec.yaml");
    try {
      writeFileSync(`${spec}.new`, "two\n");
      renameSync(`${spec}.new`, spec); // as sed -i and "safe write" editors save
      await changed(() => calls, 0);
      let before = calls;
      writeFileSync(spec, "three\n"); // in place
      await changed(() => calls, before);

      // A branch switch or `git stash -u`: the folder goes, and comes back.
      rmSync(join(root, "a"), { recursive: true });
      mkdirSync(join(root, "a/b"), { recursive: true });
      writeFileSync(spec, "four\n");
      await new Promise((r) => setTimeout(r, 300));
      before = calls;
      writeFileSync(spec, "five\n");
      await changed(() => calls, before);

      // A folder made later is watched too.
      mkdirSync(join(root, "c"));
      await new Promise((r) => setTimeout(r, 300));
      before = calls;
      writeFileSync(join(root, "c/spec.yaml"), "six\n");
      await changed(() => calls, before);
    } finally {
      stop();
    }
  }, 30_000);
});

describe("generate's cache (writeIntact, readIntact)", () => {
  it("gives back what was kept in a file, nothing for another, and nothing once the file is damaged", () => {
    const dir = fixture({});
    const [k1, k2] = [join(dir, "validators.a.k1.ts"), join(dir, "validators.a.k2.ts")];
    const text = "export const table = {};\n".repeat(50);
    writeIntact(dir, k1, text, "validators.a.");
    expect(readIntact(k1)).toBe(text);
    expect(readIntact(k2)).toBeNull();
    // Keeping another under the same prefix replaces it.
    writeIntact(dir, k2, `${text}// 2\n`, "validators.a.");
    expect(readIntact(k1)).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(["validators.a.k2.ts", "validators.a.k2.ts.sha256"]);
    // Cut short, or edited to the same length: not given back.
    writeFileSync(k2, text.slice(0, 100));
    expect(readIntact(k2)).toBeNull();
    writeFileSync(k2, `${text}// 3\n`);
    expect(readIntact(k2)).toBeNull();
    expect(readIntact(join(dir, "missing", "validators.a.k2.ts"))).toBeNull();
  });

  it("replaces the same entry under another key only: not one whose name extends it, nor what a writer may still be writing", () => {
    const dir = fixture({});
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const files = [
      "madconnect.k1.json",
      "madconnect.k1.json.sha256",
      // Another API's, whose name extends this one's, and other entries.
      "madconnect.v2.k9.json",
      "madconnect.v2.k9.json.sha256",
      "types.madconnect.k1.json",
      "merged.k1.json",
      // Set aside by another run while it writes; by one that no longer runs, an hour ago; and by one this
      // process does not see (in another PID namespace) a moment ago.
      `madconnect.k0.json.${process.pid}-0a1b2c3d.partial`,
      `madconnect.k0.json.${dead}-0a1b2c3d.partial`,
      `madconnect.k0.json.sha256.${dead}-0a1b2c3d.partial`,
      `madconnect.k0.json.${dead}-4e5f6071.partial`,
    ];
    for (const name of files) writeFileSync(join(dir, name), "{}");
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of files.filter((name) => name.includes("0a1b2c3d"))) utimesSync(join(dir, name), hourAgo, hourAgo);
    writeIntact(dir, join(dir, "madconnect.k2.json"), "{}", "madconnect.");
    expect(readdirSync(dir).sort()).toEqual(
      [
        "madconnect.k2.json",
        "madconnect.k2.json.sha256",
        "madconnect.v2.k9.json",
        "madconnect.v2.k9.json.sha256",
        "types.madconnect.k1.json",
        "merged.k1.json",
        `madconnect.k0.json.${process.pid}-0a1b2c3d.partial`,
        `madconnect.k0.json.${dead}-4e5f6071.partial`,
      ].sort(),
    );
  });

  it("tells a kept bundle as written from one damaged since, or whose hash is missing", () => {
    const dir = fixture({});
    const file = join(dir, "madconnect.k1.json");
    const bundle = JSON.stringify({ openapi: "3.0.3", info: { title: "MadConnect" } }, null, 2);
    writeIntact(dir, file, bundle, "madconnect.");
    expect(readIntact(file)).toBe(bundle);
    // Still JSON, still a bundle: only the hash tells.
    writeFileSync(file, bundle.replace("MadConnect", "DAMAGED"));
    expect(readIntact(file)).toBeNull();
    writeIntact(dir, file, Buffer.from(bundle), "madconnect.");
    expect(readIntact(file)).toBe(bundle);
    rmSync(`${file}.sha256`);
    expect(readIntact(file)).toBeNull();
    expect(readIntact(join(dir, "missing.json"))).toBeNull();
  });
});

/**
 * writeOutputs in a process of its own whose `fs` is first changed by `patch` (the source of statements that
 * replace some of `fs`'s functions, taken by every module, writeOutputs' named imports too), then called by
 * `call` (statements that use `writeOutputs`): how the process ended, and what it printed.
 */
function writeOutputsWith(patch: string, call: string) {
  const script = `
    import fs from "node:fs";
    import { syncBuiltinESMExports } from "node:module";
    ${patch}
    syncBuiltinESMExports();
    const { writeOutputs } = await import(${JSON.stringify(join(ROOT, "scripts/lib/write-outputs.mjs"))});
    ${call}
  `;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
}

describe("writeOutputs (generate writing generated/)", () => {
  it("writes what changed, the merged document last, each file aside first: a write that fails changes nothing", () => {
    const dir = fixture({ "a.ts": "same\n", "b.ts": "old\n", "openapi.yaml": "old: true\n" });
    const files = new Map([
      ["openapi.yaml", "new: true\n"],
      ["a.ts", "same\n"],
      ["b.ts", "new\n"],
      [".fingerprint.json", "{}\n"],
    ]);
    expect([...writeOutputs(dir, files, "openapi.yaml")]).toEqual(["b.ts", ".fingerprint.json", "openapi.yaml"]);
    expect(readFileSync(join(dir, "openapi.yaml"), "utf8")).toBe("new: true\n");
    // A write that fails (here: a folder where the merged document's copy goes aside): no file changed,
    // nothing of its own left aside, so the next run's report compares with generated/ as it was.
    const run = "test-run";
    const stopped = fixture({ "b.ts": "old\n", "openapi.yaml": "old: true\n", [`openapi.yaml.${run}.partial/x`]: "" });
    expect(() => writeOutputs(stopped, files, "openapi.yaml", run)).toThrow(/EEXIST/);
    expect(readFileSync(join(stopped, "b.ts"), "utf8")).toBe("old\n");
    expect(readFileSync(join(stopped, "openapi.yaml"), "utf8")).toBe("old: true\n");
    expect(readdirSync(stopped).sort()).toEqual(["b.ts", "openapi.yaml", `openapi.yaml.${run}.partial`]);
    // A rename that fails (here: the merged document's old copy cannot be moved aside, a folder has its
    // name) puts every file renamed before it back.
    const failing = fixture({ "b.ts": "old\n", "openapi.yaml": "old: true\n", [`openapi.yaml.${run}.old/x`]: "" });
    expect(() => writeOutputs(failing, files, "openapi.yaml", run)).toThrow();
    expect(readFileSync(join(failing, "b.ts"), "utf8")).toBe("old\n");
    expect(readFileSync(join(failing, "openapi.yaml"), "utf8")).toBe("old: true\n");
    expect(readdirSync(failing).sort()).toEqual(["b.ts", "openapi.yaml", `openapi.yaml.${run}.old`]);
    // A file aside is a new file: a link already at its name is never written through.
    const trap = fixture({ "b.ts": "old\n", "outside.txt": "mine\n" });
    symlinkSync(join(trap, "outside.txt"), join(trap, `b.ts.${run}.partial`));
    expect(() => writeOutputs(trap, new Map([["b.ts", "new\n"]]), "openapi.yaml", run)).toThrow(/EEXIST/);
    expect(readFileSync(join(trap, "outside.txt"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(trap, "b.ts"), "utf8")).toBe("old\n");
    // Without a run given, each call names its files aside anew: one left over is never in the way.
    writeFileSync(join(trap, `b.ts.${process.pid}.partial`), "left over\n");
    expect([...writeOutputs(trap, new Map([["b.ts", "new\n"]]), "openapi.yaml")]).toEqual(["b.ts"]);
    // A folder removed since is made again; a link holding the same text is replaced by the file.
    const gone = join(fixture({}), "generated");
    expect([...writeOutputs(gone, files, "openapi.yaml")]).toEqual([
      "a.ts",
      "b.ts",
      ".fingerprint.json",
      "openapi.yaml",
    ]);
    const linked = fixture({ "elsewhere/a.ts": "same\n" });
    mkdirSync(join(linked, "generated"));
    symlinkSync(join(linked, "elsewhere/a.ts"), join(linked, "generated/a.ts"));
    writeOutputs(join(linked, "generated"), new Map([["a.ts", "same\n"]]), "openapi.yaml");
    expect(lstatSync(join(linked, "generated/a.ts")).isSymbolicLink()).toBe(false);
  });

  it.each(["with hard links", "on a file system without hard links (old files copied aside)"])(
    "a kill during the renames leaves every name in place, %s: the merged document as it was, some files new",
    (where) => {
      const dir = fixture({ "b.ts": "old\n", "openapi.yaml": "old: true\n", "target.ts": "linked\n" });
      symlinkSync(join(dir, "target.ts"), join(dir, "c.ts"));
      // A process that writes generated/ and is killed (SIGKILL) as it renames the new merged document into place.
      const killed = writeOutputsWith(
        `
        const rename = fs.renameSync;
        fs.renameSync = (from, to) => {
          if (from.endsWith(".partial") && to.endsWith("openapi.yaml")) process.kill(process.pid, "SIGKILL");
          return rename(from, to);
        };
        if (${where.startsWith("on")}) fs.linkSync = () => { throw Object.assign(new Error("EPERM: no links"), { code: "EPERM" }); };
        `,
        `
        const files = [["b.ts", "new\\n"], ["c.ts", "new\\n"], ["openapi.yaml", "new: true\\n"]];
        writeOutputs(${JSON.stringify(dir)}, new Map(files), "openapi.yaml");
        `,
      );
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      expect(readFileSync(join(dir, "b.ts"), "utf8")).toBe("new\n");
      expect(readFileSync(join(dir, "c.ts"), "utf8")).toBe("new\n");
      expect(readFileSync(join(dir, "openapi.yaml"), "utf8")).toBe("old: true\n");
      expect(readFileSync(join(dir, "target.ts"), "utf8")).toBe("linked\n");
      // What a write that fails leaves: every old file back, the link a link, no second name left.
      const failing = fixture({ "b.ts": "old\n", "openapi.yaml": "old: true\n", "target.ts": "linked\n" });
      symlinkSync(join(failing, "target.ts"), join(failing, "c.ts"));
      mkdirSync(join(failing, "openapi.yaml.run.partial"));
      expect(() =>
        writeOutputs(
          failing,
          new Map([
            ["c.ts", "new\n"],
            ["openapi.yaml", "new: true\n"],
          ]),
          "openapi.yaml",
          "run",
        ),
      ).toThrow(/EEXIST/);
      expect(lstatSync(join(failing, "c.ts")).isSymbolicLink()).toBe(true);
      expect(readdirSync(failing).sort()).toEqual([
        "b.ts",
        "c.ts",
        "openapi.yaml",
        "openapi.yaml.run.partial",
        "target.ts",
      ]);
    },
  );
});

describe("readRegular and specFiles: a pipe or a device is never read", () => {
  it("gives a regular file's content, null at once for a pipe or a device, and specFiles names a spec that is a pipe", () => {
    const dir = fixture({ "file.yaml": "a: 1\n", "specs/api/openapi.yaml": "paths:\n  $ref: ./paths.yaml\n" });
    expect(readRegular(join(dir, "file.yaml"), "utf8")).toBe("a: 1\n");
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    expect(readRegular(join(dir, "pipe.yaml"), "utf8")).toBeNull();
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    expect(readRegular(join(dir, "zero.yaml"))).toBeNull();
    expect(fileHash(join(dir, "pipe.yaml"))).toBeNull();
    execFileSync("mkfifo", [join(dir, "specs/api/paths.yaml")]);
    expect(() => specFiles(dir, "specs/api/openapi.yaml")).toThrow(NotAFileError);
    expect(() => specFiles(dir, "specs/api/openapi.yaml")).toThrow(
      "specs/api/paths.yaml: not a regular file (a pipe, a device or a socket), which a spec file must be",
    );
    // Reached by a $ref the text scan cannot read (a block scalar), or by none: every file of the root's folder is checked.
    const hidden = fixture({
      "specs/api/openapi.yaml": "components:\n  schemas:\n    X:\n      $ref: >-\n        ./x.yaml\n",
    });
    expect(specFiles(hidden, "specs/api/openapi.yaml").map((file: string) => relative(hidden, file))).toContain(
      "specs/api/openapi.yaml",
    );
    execFileSync("mkfifo", [join(hidden, "specs/api/x.yaml")]);
    expect(() => specFiles(hidden, "specs/api/openapi.yaml")).toThrow("specs/api/x.yaml: not a regular file");
    // A file: URL, and a `%` that is no escape (taken as written), are followed too.
    const outside = fixture({ "shared.yaml": "type: string\n" });
    mkdirSync(join(outside, "specs/api"), { recursive: true });
    // In a file reached by a file:// URL, a $ref is a URL relative to that one, as Redocly resolves it
    // (`%` decoded, a query dropped); an example's externalValue is an input too.
    const viaUrl = fixture({
      "o/outer.yaml": "a:\n  $ref: sub%2Ddir/inner.yaml?v=1\nb:\n  externalValue: page.json\n",
      "o/sub-dir/inner.yaml": "type: string\n",
      "o/page.json": "{}\n",
    });
    mkdirSync(join(viaUrl, "specs/api"), { recursive: true });
    writeFileSync(
      join(viaUrl, "specs/api/openapi.yaml"),
      `x:\n  $ref: "${pathToFileURL(join(viaUrl, "o/outer.yaml")).href}"\n`,
    );
    expect(specFiles(viaUrl, "specs/api/openapi.yaml").map((file: string) => relative(viaUrl, file))).toEqual([
      "o/outer.yaml",
      "o/page.json",
      "o/sub-dir/inner.yaml",
      "specs/api/openapi.yaml",
    ]);
    // Reached by a path too, the same file is another document, whose $ref is a path as written.
    writeFileSync(
      join(viaUrl, "specs/api/openapi.yaml"),
      `x:\n  $ref: "${pathToFileURL(join(viaUrl, "o/outer.yaml")).href}"\ny:\n  $ref: ../../o/outer.yaml\n`,
    );
    expect(specFiles(viaUrl, "specs/api/openapi.yaml").map((file: string) => relative(viaUrl, file))).toEqual([
      "o/outer.yaml",
      "o/page.json",
      "o/sub%2Ddir/inner.yaml?v=1",
      "o/sub-dir/inner.yaml",
      "specs/api/openapi.yaml",
    ]);
    // As Redocly takes them: `%2D` is no escape there, and `file:` without `//` is a path.
    writeFileSync(
      join(outside, "specs/api/openapi.yaml"),
      `a:\n  $ref: "${pathToFileURL(join(outside, "shared.yaml")).href}"\nb:\n  $ref: ./100%.yaml\nc:\n  $ref: ../x%2Dy.yaml\nd:\n  $ref: "file:z.yaml"\n`,
    );
    expect(specFiles(outside, "specs/api/openapi.yaml").map((file: string) => relative(outside, file))).toEqual([
      "shared.yaml",
      "specs/api/100%.yaml",
      "specs/api/file:z.yaml",
      "specs/api/openapi.yaml",
      "specs/x%2Dy.yaml",
    ]);
    // A socket (which cannot be opened at all) is named the same way.
    rmSync(join(hidden, "specs/api/x.yaml"));
    unixSocketAt(join(hidden, "specs/api/x.yaml"));
    expect(() => specFiles(hidden, "specs/api/openapi.yaml")).toThrow("specs/api/x.yaml: not a regular file");
  });

  it("follows each $ref as Redocly reads it (an escape, an alias, a block scalar), out of the spec's folder too: an edit there makes the API stale", () => {
    const dir = fixture({
      "shared/a.yaml": "type: string\n",
      "shared/b.yaml": "type: string\n",
      "shared/c.yaml": "type: string\n",
      "specs/api/openapi.yaml": [
        'x-target: &target "../../shared/c.yaml"',
        "a:",
        '  $ref: "../../shared/\\x61.yaml"',
        "b:",
        "  $ref: >-",
        "    ../../shared/b.yaml",
        "c:",
        "  $ref: *target",
        "",
      ].join("\n"),
    });
    const api = [{ name: "api", root: "specs/api/openapi.yaml" }];
    // Parsed as Redocly parses it: with CR-only line ends, and an anchor used more than a hundred times.
    const spec = readFileSync(join(dir, api[0]!.root), "utf8");
    for (const variant of [
      spec.replaceAll("\n", "\r"),
      `${spec}x-many: [${Array(101).fill("*target").join(", ")}]\n`,
    ]) {
      writeFileSync(join(dir, "specs/api/variant.yaml"), variant);
      expect(specFiles(dir, "specs/api/variant.yaml").map((file: string) => relative(dir, file))).toContain(
        "shared/a.yaml",
      );
    }
    rmSync(join(dir, "specs/api/variant.yaml"));
    expect(specFiles(dir, api[0]!.root).map((file: string) => relative(dir, file))).toEqual([
      "shared/a.yaml",
      "shared/b.yaml",
      "shared/c.yaml",
      "specs/api/openapi.yaml",
    ]);
    const before = inputsFingerprint(dir, api).apis.api;
    for (const file of ["shared/a.yaml", "shared/b.yaml", "shared/c.yaml"]) {
      writeFileSync(join(dir, file), "type: integer\n");
      const after = inputsFingerprint(dir, api).apis.api;
      expect(after, file).not.toBe(before);
      writeFileSync(join(dir, file), "type: string\n");
    }
    expect(inputsFingerprint(dir, api).apis.api).toBe(before);
    // What was parsed is kept by the text's hash: a spec file that does not change is not parsed again.
    const kept = refCache();
    const specHash = createHash("sha256")
      .update(readFileSync(join(dir, api[0]!.root)))
      .digest("hex");
    expect([...kept[specHash]].sort()).toEqual(["../../shared/a.yaml", "../../shared/b.yaml", "../../shared/c.yaml"]);
    useRefCache({ [specHash]: ["../../shared/a.yaml"], bad: [1] });
    expect(specFiles(dir, api[0]!.root).map((file: string) => relative(dir, file))).toEqual([
      "shared/a.yaml",
      "specs/api/openapi.yaml",
    ]);
  });

  it("a socket reads as a pipe does; the lockfile and the generator's own files are checked too, and a folder is named as one", () => {
    const dir = fixture({
      "redocly.yaml": "apis:\n  a:\n    root: a.yaml\n",
      "package-lock.json": "{}\n",
      "scripts/lib/a.mjs": "export {};\n",
      "generated/openapi.yaml": "openapi: 3.0.3\n",
    });
    unixSocketAt(join(dir, "socket.yaml"));
    expect(readRegular(join(dir, "socket.yaml"))).toBeNull();
    // A socket among the cache files: nothing kept, as a pipe.
    const cache = join(dir, "cache");
    writeIntact(cache, join(cache, "a.json"), "{}", "a.");
    rmSync(join(cache, "a.json"));
    unixSocketAt(join(cache, "a.json"));
    expect(readIntact(join(cache, "a.json"))).toBeNull();
    // The cache's folder replaced by a pipe: named, with what to do.
    rmSync(cache, { recursive: true });
    execFileSync("mkfifo", [cache]);
    expect(() => writeIntact(cache, join(cache, "a.json"), "{}", "a.")).toThrow(
      /cache is not a folder \(EEXIST\): generate keeps its cache in .*cache; remove what is in its place/,
    );
    // A link to nowhere above it: that one is named.
    symlinkSync(join(dir, "nowhere"), join(dir, "linked"));
    expect(() => writeIntact(join(dir, "linked/generate"), join(dir, "linked/generate/a.json"), "{}", "a.")).toThrow(
      new RegExp(`^${relative(process.cwd(), join(dir, "linked"))} is not a folder \\(ENOENT\\)`),
    );
    // A file above it (`.cache` a file): that one is named.
    expect(() => writeIntact(join(cache, "generate"), join(cache, "generate/a.json"), "{}", "a.")).toThrow(
      new RegExp(`^${relative(process.cwd(), cache)} is not a folder \\(ENOTDIR\\)`),
    );
    // The change report names a socket, and a folder as a folder, in generated/.
    unixSocketAt(join(dir, "generated/otc-vpc.ts"));
    mkdirSync(join(dir, "generated/notes.ts"));
    expect(() => generatedInWorkingTree(dir)).toThrow(
      "generated/notes.ts: a folder; generated/otc-vpc.ts: not a regular file (a pipe, a device or a socket): move or remove it",
    );
    // npm's lockfile and a file among the generator's scripts are read to fingerprint the generator.
    const fingerprint = () => inputsFingerprint(dir, []);
    expect(fingerprint().generator).toMatch(/^[0-9a-f]{64}$/);
    rmSync(join(dir, "package-lock.json"));
    execFileSync("mkfifo", [join(dir, "package-lock.json")]);
    expect(() => lockedToolTree(dir)).toThrow(
      "package-lock.json: not a regular file (a pipe, a device or a socket), which a lockfile must be",
    );
    rmSync(join(dir, "package-lock.json"));
    mkdirSync(join(dir, "package-lock.json"));
    expect(lockedToolTree(dir)).toEqual([]); // a folder is no lockfile: none
    execFileSync("mkfifo", [join(dir, "scripts/lib/b.mjs")]);
    expect(fingerprint).toThrow(NotAFileError);
    expect(fingerprint).toThrow(
      "scripts/lib/b.mjs: not a regular file (a pipe, a device or a socket), which every file of the generator must be",
    );
    // A plugin or an extended configuration redocly.yaml names, a pipe: named.
    execFileSync("mkfifo", [join(dir, "plugin.mjs")]);
    writeFileSync(join(dir, "redocly.yaml"), "plugins:\n  - ./plugin.mjs\napis:\n  a:\n    root: a.yaml\n");
    expect(() => listApis(dir)).toThrow("plugin.mjs: not a regular file (a pipe, a device or a socket)");
    writeFileSync(
      join(dir, "redocly.yaml"),
      "extends:\n  - recommended\n  - plugin.mjs\napis:\n  a:\n    root: a.yaml\n",
    );
    expect(() => listApis(dir)).toThrow("plugin.mjs: not a regular file (a pipe, a device or a socket)");
    // As a file: URL, or named by a configuration redocly.yaml extends.
    writeFileSync(
      join(dir, "redocly.yaml"),
      `extends:\n  - ${pathToFileURL(join(dir, "plugin.mjs")).href}\napis:\n  a:\n    root: a.yaml\n`,
    );
    expect(() => listApis(dir)).toThrow("plugin.mjs: not a regular file (a pipe, a device or a socket)");
    writeFileSync(join(dir, "base.yaml"), "plugins:\n  - ./plugin.mjs\n");
    writeFileSync(join(dir, "redocly.yaml"), "extends:\n  - ./base.yaml\napis:\n  a:\n    root: a.yaml\n");
    expect(() => listApis(dir)).toThrow("plugin.mjs: not a regular file (a pipe, a device or a socket)");
    writeFileSync(join(dir, "redocly.yaml"), "extends:\n  - recommended\napis:\n  a:\n    root: a.yaml\n");
    expect(listApis(dir)).toEqual([{ name: "a", root: "a.yaml" }]);
    // redocly.yaml, or its lint-ignore file, a folder: named as one.
    mkdirSync(join(dir, ".redocly.lint-ignore.yaml"));
    expect(() => listApis(dir)).toThrow(ConfigError);
    expect(() => listApis(dir)).toThrow(".redocly.lint-ignore.yaml: a folder, where Redocly reads a file.");
  });

  it("Redocly never waits on a pipe a $ref reaches, however the $ref is written: the lint names it, with the $ref's place", async () => {
    const spec = (ref: string) =>
      `openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n    X:\n      $ref: "${ref}"\n`;
    const dir = fixture({
      "redocly.yaml": "extends: []\nrules:\n  no-unresolved-refs: error\n",
      // Outside the spec's folder, with a YAML escape (\x69 is "i"), which a text scan cannot read.
      "specs/a/openapi.yaml": spec("../../outside/p\\x69pe.yaml"),
      // Through a linked folder in the spec's folder.
      "specs/b/openapi.yaml": spec("./linked/p\\x69pe.yaml"),
    });
    mkdirSync(join(dir, "outside"));
    execFileSync("mkfifo", [join(dir, "outside/pipe.yaml")]);
    symlinkSync(join(dir, "outside"), join(dir, "specs/b/linked"));
    for (const api of ["a", "b"]) {
      const result = await redocly(["lint", `specs/${api}/openapi.yaml`, "--format", "codeframe"], { cwd: dir });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.code, output).toBe(1);
      reportedIn(
        output,
        `specs/${api}/openapi.yaml:7:7 at #/components/schemas/X`,
        `${api === "a" ? "outside" : "specs/b/linked"}/pipe.yaml: not a regular file (a pipe, a device or a socket): reading it could wait for ever`,
      );
    }
  });

  it("a pipe among generate's cache files or in place of redocly.yaml or its lint-ignore file is never read", () => {
    const dir = fixture({ "redocly.yaml": "apis:\n  a:\n    root: a.yaml\n" });
    expect(listApis(dir)).toEqual([{ name: "a", root: "a.yaml" }]);
    execFileSync("mkfifo", [join(dir, ".redocly.lint-ignore.yaml")]);
    expect(() => listApis(dir)).toThrow(".redocly.lint-ignore.yaml: not a regular file");
    rmSync(join(dir, ".redocly.lint-ignore.yaml"));
    rmSync(join(dir, "redocly.yaml"));
    execFileSync("mkfifo", [join(dir, "redocly.yaml")]);
    expect(() => listApis(dir)).toThrow("redocly.yaml: not a regular file");
    // A kept cache file, or its hash, replaced by a pipe: nothing kept.
    const cache = join(dir, "cache");
    writeIntact(cache, join(cache, "a.json"), "{}", "a.");
    expect(readIntact(join(cache, "a.json"))).toBe("{}");
    rmSync(join(cache, "a.json.sha256"));
    execFileSync("mkfifo", [join(cache, "a.json.sha256")]);
    expect(readIntact(join(cache, "a.json"))).toBeNull();
    rmSync(join(cache, "a.json"));
    execFileSync("mkfifo", [join(cache, "a.json")]);
    expect(readIntact(join(cache, "a.json"))).toBeNull();
  });
});

describe("writeOutputs when putting the old files back fails too", () => {
  it("puts back all it can, and names the files left new on the error (the merged document, last, stays old)", () => {
    const dir = fixture({ "a.ts": "old a\n", "b.ts": "old b\n", "openapi.yaml": "old: true\n" });
    // Every rename after the first two fails (a disk gone read-only): b.ts's old file cannot be put back.
    const run = writeOutputsWith(
      `
      const rename = fs.renameSync;
      let renames = 0;
      fs.renameSync = (from, to) => {
        if (++renames > 2 && !to.endsWith("a.ts")) throw Object.assign(new Error("EROFS: read-only file system"), { code: "EROFS" });
        return rename(from, to);
      };
      `,
      `
      try {
        writeOutputs(${JSON.stringify(dir)}, new Map([["a.ts", "new a\\n"], ["b.ts", "new b\\n"], ["openapi.yaml", "new: true\\n"]]), "openapi.yaml");
      } catch (error) {
        console.log(JSON.stringify({ message: error.message, leftNew: error.leftNew, restore: error.restoreError?.message }));
      }
      `,
    );
    expect(JSON.parse(run.stdout)).toEqual({
      message: "EROFS: read-only file system",
      leftNew: ["b.ts"],
      restore: "EROFS: read-only file system",
    });
    expect(readFileSync(join(dir, "a.ts"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(dir, "b.ts"), "utf8")).toBe("new b\n");
    expect(readFileSync(join(dir, "openapi.yaml"), "utf8")).toBe("old: true\n");
  });
});

describe("writeOutputs when a copy aside cannot be removed at the end", () => {
  it("has written every file, and names the copy left aside (a stray the next run removes)", () => {
    const dir = fixture({ "b.ts": "old b\n", "openapi.yaml": "old: true\n" });
    const run = writeOutputsWith(
      `
      const rm = fs.rmSync;
      fs.rmSync = (file, options) => {
        if (String(file).endsWith("openapi.yaml.run.old")) throw Object.assign(new Error("EBUSY: busy"), { code: "EBUSY" });
        return rm(file, options);
      };
      `,
      `
      const written = writeOutputs(${JSON.stringify(dir)}, new Map([["b.ts", "new b\\n"], ["openapi.yaml", "new: true\\n"]]), "openapi.yaml", "run");
      console.log(JSON.stringify({ written: [...written], leftAside: written.leftAside.map(({ name, error }) => [name, error.code]) }));
      `,
    );
    expect(JSON.parse(run.stdout), run.stderr).toEqual({
      written: ["b.ts", "openapi.yaml"],
      leftAside: [["openapi.yaml.run.old", "EBUSY"]],
    });
    expect(readFileSync(join(dir, "openapi.yaml"), "utf8")).toBe("new: true\n");
    expect(readdirSync(dir).sort()).toEqual(["b.ts", "openapi.yaml", "openapi.yaml.run.old"]);
  });
});

describe("changedSince (what changed as generate started, by change time)", () => {
  it("is given the project's folder, the folders of the generator's modules and every folder above them", () => {
    const under = (dir: string) =>
      readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(entry.parentPath, entry.name));
    const own = [ROOT, "scripts", "scripts/lib", "scripts/redocly"].map((dir) => resolve(ROOT, dir));
    const folders: string[] = generatorFolders(ROOT);
    expect(folders.slice(0, own.length + under("scripts/lib").length + under("scripts/redocly").length).sort()).toEqual(
      [...own, ...under("scripts/lib"), ...under("scripts/redocly")].sort(),
    );
    expect(folders).toContain(join(ROOT, "scripts/lib/change-report/rules"));
    // above: the folders the project is in, to the root of the file system
    expect(folders).toContain(dirname(realpathSync(ROOT)));
    expect(folders).toContain(sep);
    // and given the tools' folders, node_modules above them (swapped whole, as a cache restore may)
    expect(generatorFolders(ROOT, [join(ROOT, "node_modules/yaml")])).toContain(
      realpathSync(join(ROOT, "node_modules")),
    );
  });

  it("tells a file written, renamed into place or linked elsewhere, a folder renamed into place, a chmod; not an entry added to a folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "changed-since-"));
    try {
      const at = (...names: string[]) => join(dir, ...names);
      for (const folder of ["lib", "lib-new", "grown", "target-a", "target-b"]) mkdirSync(at(folder));
      for (const name of [
        "lib/a.mjs",
        "lib-new/a.mjs",
        "untouched.mjs",
        "written.mjs",
        "chmodded.mjs",
        "b1.mjs",
        "b2.mjs",
        "moved.mjs",
      ])
        writeFileSync(at(name), name);
      symlinkSync(at("b1.mjs"), at("link.mjs"));
      symlinkSync(at("target-a"), at("linked-folder"));
      // Change times come from a clock that may lag a tick behind Date.now(): wait well past it each side.
      await delay(50);
      const since = Date.now();
      await delay(50);
      writeFileSync(at("written.mjs"), "again");
      chmodSync(at("chmodded.mjs"), 0o600);
      renameSync(at("moved.mjs"), at("renamed.mjs"));
      renameSync(at("lib"), at("lib-old"));
      renameSync(at("lib-new"), at("lib"));
      symlinkSync(at("b2.mjs"), at("link.new"));
      renameSync(at("link.new"), at("link.mjs"));
      symlinkSync(at("target-b"), at("folder-link.new"));
      renameSync(at("folder-link.new"), at("linked-folder"));
      writeFileSync(at("grown", ".a.mjs.swp"), "an editor's");
      const files = [
        "untouched.mjs",
        "written.mjs",
        "chmodded.mjs",
        "renamed.mjs",
        "lib/a.mjs",
        "link.mjs",
        "b2.mjs",
        "gone.mjs",
      ];
      const folders = ["lib", "grown", "linked-folder", "target-a", "gone"];
      const changed: string[] = changedSince(
        files.map((name) => at(name)),
        since,
        folders.map((name) => at(name)),
      );
      expect(changed.map((file) => file.slice(dir.length + 1))).toEqual([
        "written.mjs",
        "chmodded.mjs",
        "renamed.mjs",
        "link.mjs",
        "lib",
        "linked-folder",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the fingerprint of generation's inputs", () => {
  it("covers the configurations redocly.yaml extends and the plugins it names, wherever they are: an edit there regenerates everything", () => {
    const dir = fixture({
      "redocly.yaml":
        "extends: [minimal, ./rules/base.yaml]\nplugins: [./elsewhere/plugin.mjs]\napis:\n  a:\n    root: a.yaml\n",
      "rules/base.yaml": "extends: [./more.yaml]\ndecorators: {}\n",
      "rules/more.yaml": "rules: {}\n",
      "elsewhere/plugin.mjs": "export default () => ({ id: 'p' });\n",
      "a.yaml": "openapi: 3.0.3\n",
    });
    const generator = () => inputsFingerprint(dir, []).generator;
    const before = generator();
    for (const file of ["rules/base.yaml", "rules/more.yaml", "elsewhere/plugin.mjs"]) {
      const text = readFileSync(join(dir, file), "utf8");
      writeFileSync(join(dir, file), `${text}# edited\n`);
      expect(generator(), file).not.toBe(before);
      writeFileSync(join(dir, file), text);
      expect(generator(), file).toBe(before);
    }
    // One outside the project, named by its absolute path: the same fingerprint wherever the clone is.
    const shared = fixture({ "base.yaml": "rules: {}\n" });
    const project = (at: string) => {
      mkdirSync(at, { recursive: true });
      writeFileSync(
        join(at, "redocly.yaml"),
        `extends: [${join(shared, "base.yaml")}]\napis:\n  a:\n    root: a.yaml\n`,
      );
      writeFileSync(join(at, "a.yaml"), "openapi: 3.0.3\n");
      return inputsFingerprint(at, []).generator;
    };
    expect(project(join(fixture({}), "a", "b", "c"))).toBe(project(fixture({})));
  });

  it("leaves out only scripts generation does not run: none is imported from generate.mjs (but through the change report)", () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      const name = relative(ROOT, file).split(sep).join("/");
      if (reached.has(name) || name.startsWith("scripts/lib/change-report")) return;
      reached.add(name);
      const text = readFileSync(file, "utf8");
      // Relative imports within scripts/ (a generated module's own imports, written in a template, are not the script's).
      for (const [, specifier] of text.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = resolve(dirname(file), specifier!);
        if (target.startsWith(join(ROOT, "scripts") + sep) && existsSync(target)) visit(target);
      }
    };
    visit(join(ROOT, "scripts/generate.mjs"));
    expect(reached.size).toBeGreaterThan(10);
    expect([...reached].filter((name) => NOT_GENERATOR.some((prefix: string) => name.startsWith(prefix)))).toEqual([]);
    // What is left out is really there: a prefix matching nothing would hide a renamed file.
    const listed = generatorFiles(ROOT).map((file: string) => relative(ROOT, file).split(sep).join("/"));
    for (const prefix of NOT_GENERATOR) {
      expect(listed.some((name: string) => name.startsWith(prefix))).toBe(false);
      expect(
        readdirSync(join(ROOT, dirname(prefix)), { recursive: true }).some((entry) =>
          `${dirname(prefix)}/${String(entry)}`.startsWith(prefix.replace(/\/$/, "")),
        ),
      ).toBe(true);
    }
  });

  const APIS = [
    { name: "a", root: "specs/a/openapi.yaml" },
    { name: "b", root: "specs/b/openapi.yaml" },
  ];
  const files = {
    "redocly.yaml": "apis: {}\n",
    ".redocly.lint-ignore.yaml": "{}\n",
    ".prettierrc.json": "{}\n",
    "scripts/generate.mjs": "// generate\n",
    "scripts/lib/helper.mjs": "// helper\n",
    "scripts/redocly/plugin.mjs": "// plugin\n",
    "specs/a/openapi.yaml":
      "paths:\n  /x:\n    $ref: './paths/x.yaml'\ncomponents: { schemas: { L: { $ref: '#/components/schemas/M' } } }\n",
    "specs/a/paths/x.yaml":
      'get:\n  responses:\n    "200": { $ref: "../../shared/responses.yaml#/Ok" }\n    "404": { $ref: "https://example.test/x.yaml" }\n',
    "specs/shared/responses.yaml":
      "Ok: { description: OK, content: { application/json: { schema: { $ref: './missing.json' } } } }\n",
    "specs/b/openapi.yaml": "paths: {}\n",
    "specs/sources/page.md": "The vendor's page: not read by generation.\n",
  };

  it("lists an API's root and every file its $refs reach, across folders, with a missing one and without local or remote refs", () => {
    const dir = fixture(files);
    expect(specFiles(dir, "specs/a/openapi.yaml").map((file: string) => file.slice(dir.length + 1))).toEqual([
      "specs/a/openapi.yaml",
      "specs/a/paths/x.yaml",
      "specs/shared/missing.json",
      "specs/shared/responses.yaml",
    ]);
    expect(specFiles(dir, "specs/b/openapi.yaml").map((file: string) => file.slice(dir.length + 1))).toEqual([
      "specs/b/openapi.yaml",
    ]);
  });

  it("changes an API's hash alone when a file it refers to changes, and the generator's alone when a script, the configuration or the formatter's changes", () => {
    const dir = fixture(files);
    const edit = (name: string) => writeFileSync(join(dir, name), `${readFileSync(join(dir, name), "utf8")}# edited\n`);
    const before = inputsFingerprint(dir, APIS);
    expect(Object.keys(before.apis)).toEqual(["a", "b"]);

    edit("specs/sources/page.md");
    expect(inputsFingerprint(dir, APIS)).toEqual(before);

    edit("specs/shared/responses.yaml");
    const afterSpec = inputsFingerprint(dir, APIS);
    expect(afterSpec.apis.a).not.toBe(before.apis.a);
    expect({ ...afterSpec, apis: { ...afterSpec.apis, a: before.apis.a } }).toEqual(before);

    writeFileSync(join(dir, "specs/shared/missing.json"), "{}");
    expect(inputsFingerprint(dir, APIS).apis.a).not.toBe(afterSpec.apis.a);

    for (const name of [
      "scripts/lib/helper.mjs",
      "scripts/redocly/plugin.mjs",
      ".prettierrc.json",
      "redocly.yaml",
      ".redocly.lint-ignore.yaml",
    ]) {
      const previous = inputsFingerprint(dir, APIS);
      edit(name);
      const next = inputsFingerprint(dir, APIS);
      expect(next.generator, name).not.toBe(previous.generator);
      expect(next.apis, name).toEqual(previous.apis);
    }
    // A script renamed, its content unchanged (what imports it by its old name would fail).
    const previous = inputsFingerprint(dir, APIS);
    renameSync(join(dir, "scripts/lib/helper.mjs"), join(dir, "scripts/lib/helper-renamed.mjs"));
    expect(inputsFingerprint(dir, APIS).generator).not.toBe(previous.generator);
  });

  it("covers each tool's dependency tree in package-lock.json: a transitive dependency bumped changes the generator's hash, another package does not", () => {
    const lock = (openapiCore: string, other: string) =>
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          "": { dependencies: { "openapi-typescript": "7.0.0" } },
          "node_modules/openapi-typescript": {
            version: "7.0.0",
            integrity: "sha512-ots",
            dependencies: { "@redocly/openapi-core": "^1.34.0" },
            optionalDependencies: { "@esbuild/linux-x64": "0.28.2" },
          },
          "node_modules/@esbuild/linux-x64": { version: "0.28.2", integrity: "sha512-linux", optional: true },
          "node_modules/@redocly/openapi-core": {
            version: openapiCore,
            integrity: `sha512-core-${openapiCore}`,
            dependencies: { "js-yaml": "^4.1.0" },
          },
          "node_modules/@redocly/openapi-core/node_modules/js-yaml": { version: "4.1.0", integrity: "sha512-jy4" },
          "node_modules/js-yaml": { version: other, integrity: `sha512-jy-${other}` },
        },
      });
    const dir = fixture({ ...files, "package-lock.json": lock("1.34.24", "3.14.0") });
    expect(lockedToolTree(dir)).toEqual([
      "node_modules/@redocly/openapi-core@1.34.24 sha512-core-1.34.24",
      "node_modules/@redocly/openapi-core/node_modules/js-yaml@4.1.0 sha512-jy4",
      "node_modules/openapi-typescript@7.0.0 sha512-ots",
    ]);
    const before = inputsFingerprint(dir, APIS);
    writeFileSync(join(dir, "package-lock.json"), lock("1.34.24", "3.14.1"));
    expect(inputsFingerprint(dir, APIS)).toEqual(before);
    writeFileSync(join(dir, "package-lock.json"), lock("1.34.25", "3.14.1"));
    const bumped = inputsFingerprint(dir, APIS);
    expect(bumped.generator).not.toBe(before.generator);
    expect(bumped.apis).toEqual(before.apis);
    // What npm recorded it installed (node_modules/.package-lock.json) comes first.
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "node_modules/.package-lock.json"), lock("1.34.26", "3.14.1"));
    expect(lockedToolTree(dir)).toContain("node_modules/@redocly/openapi-core@1.34.26 sha512-core-1.34.26");
  });

  it("follows a tool's peer dependencies, and resolves a nested package's dependencies as Node does (nearest node_modules first)", () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        "": { dependencies: { "openapi-typescript": "7.0.0" } },
        "node_modules/openapi-typescript": {
          version: "7.0.0",
          integrity: "sha512-ots",
          dependencies: { "@redocly/openapi-core": "^1.34.0" },
          peerDependencies: { "peer-lib": "^2.0.0" },
        },
        "node_modules/peer-lib": { version: "2.1.0", integrity: "sha512-peer" },
        "node_modules/openapi-typescript/node_modules/@redocly/openapi-core": {
          version: "1.34.24",
          integrity: "sha512-core",
          dependencies: { "js-yaml": "^4.1.0" },
        },
        // Where Node finds js-yaml from the nested openapi-core: its parent's node_modules, not the root's.
        "node_modules/openapi-typescript/node_modules/js-yaml": { version: "4.1.0", integrity: "sha512-jy4" },
        "node_modules/js-yaml": { version: "3.14.0", integrity: "sha512-jy3" },
      },
    };
    const dir = fixture({ ...files, "package-lock.json": JSON.stringify(lock) });
    expect(lockedToolTree(dir)).toEqual([
      "node_modules/openapi-typescript@7.0.0 sha512-ots",
      "node_modules/openapi-typescript/node_modules/@redocly/openapi-core@1.34.24 sha512-core",
      "node_modules/openapi-typescript/node_modules/js-yaml@4.1.0 sha512-jy4",
      "node_modules/peer-lib@2.1.0 sha512-peer",
    ]);
  });

  it("leaves the change report out of the generator (it writes nothing in generated/)", () => {
    const dir = fixture({ ...files, "scripts/lib/change-report/index.mjs": "// report\n" });
    const before = inputsFingerprint(dir, APIS);
    writeFileSync(join(dir, "scripts/lib/change-report/index.mjs"), "// report, edited\n");
    expect(inputsFingerprint(dir, APIS)).toEqual(before);
  });

  it("counts as the generator, on the project, what README lists: every script under scripts/lib (but the change report's, drift's, git-tree.mjs and npm-script.mjs) and scripts/redocly, and the top-level files", () => {
    const under = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join("/"));
    const expected = [
      "scripts/generate.mjs",
      "redocly.yaml",
      ".redocly.lint-ignore.yaml",
      ".prettierrc.json",
      ...under("scripts/lib").filter(
        (file) =>
          file !== "scripts/lib/change-report.mjs" &&
          !file.startsWith("scripts/lib/change-report/") &&
          !file.startsWith("scripts/lib/drift-") &&
          file !== "scripts/lib/git-tree.mjs" &&
          file !== "scripts/lib/npm-script.mjs",
      ),
      ...under("scripts/redocly"),
    ];
    // The scripts the generator imports are among them (a file left out would not regenerate when edited).
    expect(expected).toEqual(expect.arrayContaining(["scripts/lib/validators.mjs", "scripts/lib/pagination.mjs"]));
    const listed = generatorFiles(ROOT).map((file: string) => relative(ROOT, file).split(sep).join("/"));
    expect(listed.sort()).toEqual(expected.sort());
  });

  it("covers the installed version of each tool generation runs", () => {
    const require = createRequire(import.meta.url);
    expect(TOOLS).toEqual([
      "@redocly/cli",
      "openapi-typescript",
      "typescript",
      "prettier",
      "yaml",
      "ajv",
      "ajv-formats",
      "esbuild",
    ]);
    expect(toolVersions()).toEqual(TOOLS.map((tool: string) => `${tool}@${require(`${tool}/package.json`).version}`));
  });
});

describe("yamlText (the merged document's YAML)", () => {
  it("writes what Prettier makes of the `yaml` library's text, in one pass", async () => {
    const doc = {
      openapi: "3.0.3",
      paths: {
        "/v1/{project_id}/things": {
          get: {
            description: 'The page\'s "Status Codes" section: see it.',
            summary: 'Only "double" quotes: here',
            "x-decision": "Only the page's quote: here",
            tags: ["plain text", "yes", "1.0", "# not a comment", "- not an item", ""],
            "x-escaped": 'A tab\tand "quotes" and it\'s here: yes',
            "x-lines": "one line\nand 'another' \"one\"\n",
            responses: { "200": { description: "OK" }, default: { description: "a: b" } },
            "x-empty": [],
            "x-none": {},
            "x-numbers": [1, 1.5, -3, 0],
            "x-flags": [true, false, null],
          },
        },
      },
    };
    // compat: yamlText quotes what a YAML 1.1 reader would misread (`yes` here), as this does.
    const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });
    const viaPrettier = await prettier.format(text, {
      parser: "yaml",
      printWidth: 120,
    });
    expect(yamlText(doc)).toBe(viaPrettier);
    // The case it settles: both quotes and a character that needs quoting.
    expect(yamlText(doc)).toContain(`description: 'The page''s "Status Codes" section: see it.'`);
  });
});

describe("joinApis (the merged document, as `redocly join` makes it)", () => {
  const op = (operationId: string, extra: Json = {}) => ({
    operationId,
    responses: {
      "200": { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
    },
    ...extra,
  });
  // Three APIs covering what join does: differing servers, root and operation security, tags (with
  // component references quoted in their descriptions), an untagged operation, a shared path with a
  // path-level parameter, a discriminator mapping, `x-` keys on path items, externalDocs.
  const apis: Record<string, Json> = {
    alpha: {
      openapi: "3.0.3",
      info: {
        title: "Alpha",
        version: "1",
        "x-component-prefix": "Alpha",
        description: 'See "#/components/schemas/Thing".',
      },
      servers: [{ url: "https://alpha.example.test" }],
      security: [{ token: [] }],
      tags: [{ name: "things", description: 'Returns "#/components/schemas/Thing".' }],
      externalDocs: { url: "https://alpha.example.test/docs" },
      paths: {
        "/shared/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          "x-note": "alpha",
          get: op("getAlpha", { tags: ["things"] }),
        },
        "/alpha": { get: op("listAlpha", { tags: ["things"], security: [] }), post: op("createAlpha") },
      },
      components: {
        schemas: {
          Thing: {
            oneOf: [{ $ref: "#/components/schemas/Cat" }],
            discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } },
          },
          Cat: { type: "object", properties: { kind: { type: "string" } } },
        },
        securitySchemes: { token: { type: "http", scheme: "bearer" } },
      },
    },
    beta: {
      openapi: "3.0.3",
      info: { title: "Beta", version: "1", "x-component-prefix": "Beta Api" },
      servers: [{ url: "https://beta.example.test", description: "Beta" }],
      tags: [{ name: "others" }],
      paths: {
        "/shared/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          "x-note": "alpha",
          servers: [{ url: "https://beta-shared.example.test" }],
          put: op("putBeta", { tags: ["others", "extra"], security: [{ key: ["read"] }] }),
        },
      },
      components: {
        schemas: { Thing: { type: "object" } },
        securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } },
      },
    },
    gamma: {
      openapi: "3.0.3",
      info: { title: "Gamma", version: "1", "x-component-prefix": "Gamma" },
      // The first API's externalDocs is the document's.
      externalDocs: { url: "https://gamma.example.test/docs" },
      paths: { "/gamma": { get: op("getGamma", { tags: ["gamma"] }) } },
      components: { schemas: { Thing: { type: "string" } } },
    },
  };

  /** Joining alpha with a copy of gamma that `mutate` changed, to run (and throw) when called. */
  const withAlpha = (mutate: (doc: Json) => void) => {
    const other = structuredClone(apis.gamma);
    mutate(other);
    return () =>
      joinApis(
        [
          { source: "alpha", doc: apis.alpha },
          { source: "other", doc: other },
        ],
        { componentPrefixProp: "x-component-prefix" },
      );
  };

  it("writes, on bundles covering what join does, the document the Redocly CLI's join writes", async () => {
    const dir = fixture(
      Object.fromEntries(Object.entries(apis).map(([name, doc]) => [`${name}.json`, JSON.stringify(doc)])),
    );
    const out = join(dir, "joined.json");
    const result = await redocly(
      [
        "join",
        ...Object.keys(apis).map((name) => `${name}.json`),
        "--prefix-components-with-info-prop",
        "x-component-prefix",
        "-o",
        out,
      ],
      { cwd: dir },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const joined = joinApis(
      Object.entries(apis).map(([source, doc]) => ({ source, doc })),
      { componentPrefixProp: "x-component-prefix" },
    );
    expect(JSON.stringify(joined, null, 2)).toBe(readFileSync(out, "utf8"));
    // The inputs are left as they were.
    expect(apis.alpha.paths["/alpha"].post.tags).toBeUndefined();
  });

  it("refuses what join refuses: an operationId or an operation in two APIs", () => {
    expect(withAlpha((doc) => (doc.paths["/gamma"].get.operationId = "listAlpha"))).toThrow(JoinError);
    expect(withAlpha((doc) => (doc.paths = { "/alpha": doc.paths["/gamma"] }))).toThrow(
      /Conflict on operations get \/alpha/,
    );
    expect(withAlpha((doc) => (doc.info["x-component-prefix"] = undefined))).toThrow(
      /info.x-component-prefix must be a string/,
    );
  });

  it("refuses a component whose name is part of its $ref's path, which join would prefix in the wrong place", () => {
    const named = (name: string) => withAlpha((doc) => (doc.components = { schemas: { [name]: { type: "object" } } }));
    expect(named("s")).toThrow(
      'other: the component schemas/s: join would prefix the first "s" of each $ref to it (#/components/schemas/s), not its name',
    );
    expect(named("components")).toThrow(JoinError);
    expect(named("Subnet")).not.toThrow();
    // A $ref into a component: join would prefix its last part.
    const into = withAlpha((doc) => {
      doc.components = { schemas: { Thing: { type: "object", properties: { id: { type: "string" } } } } };
      doc.components.schemas.Other = { $ref: "#/components/schemas/Thing/properties/id" };
    });
    expect(into).toThrow("other: $ref #/components/schemas/Thing/properties/id points into a component");
  });

  it("refuses, rather than joins differently, webhooks, a component prefix over 50 characters, one API alone, and a shared path whose parameter schemas, servers or fields differ", () => {
    expect(withAlpha(() => {})).not.toThrow();
    expect(withAlpha((doc) => (doc["x-webhooks"] = {}))).toThrow(new JoinError("other: webhooks are not joined here."));
    expect(withAlpha((doc) => (doc.info["x-component-prefix"] = "x".repeat(50)))).not.toThrow();
    expect(withAlpha((doc) => (doc.info["x-component-prefix"] = "x".repeat(51)))).toThrow(
      new JoinError("other: info.x-component-prefix must not exceed 50 characters"),
    );
    expect(() => joinApis([{ source: "alpha", doc: apis.alpha }])).toThrow(
      new JoinError("At least 2 APIs should be provided."),
    );
    /** `other` also serves /shared/{id} (DELETE), its path item holding `item`. */
    const shared = (item: Json) =>
      withAlpha((doc) => (doc.paths["/shared/{id}"] = { ...item, delete: op("deleteOther", { tags: ["gamma"] }) }));
    const id = (type: string) => [{ name: "id", in: "path", required: true, schema: { type } }];
    expect(shared({ parameters: id("string"), "x-note": "alpha" })).not.toThrow();
    expect(shared({ parameters: id("integer") })).toThrow(
      new JoinError("Different parameter schemas for (id) in /shared/{id}."),
    );
    expect(shared({ servers: [{ url: "https://alpha.example.test", description: "Other" }] })).toThrow(
      new JoinError("Different server values for (https://alpha.example.test) in /shared/{id}."),
    );
    expect(shared({ "x-note": "other" })).toThrow(new JoinError("Different x-note values in /shared/{id}."));
  });
});

describe("plainBundle (a one-file spec bundled in-process)", () => {
  it("is, for every plain spec of specs/, what Redocly's bundle writes", async () => {
    const config = parse(readFileSync(join(ROOT, "redocly.yaml"), "utf8"));
    const plain = listApis(ROOT).filter(
      (api: Json) => !config.apis[api.name].decorators && plainBundle(ROOT, api.root) !== null,
    );
    // Today's plain specs: all but Confluent's (three files, decorators).
    expect(plain.map((api: Json) => api.name)).toEqual(["otc-vpcep", "otc-vpc", "madconnect"]);
    // And plain specs of shapes today's do not have: no `components` (Redocly's bundle has an empty one),
    // root keys in another order, an extension at the root.
    const shapes = fixture({
      "no-components.yaml":
        'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /x:\n    get:\n      operationId: x\n      responses: { "200": { description: ok } }\n',
      "reordered.yaml":
        'x-note: first\ncomponents: { schemas: { A: { type: string } } }\npaths: {}\ntags: [{ name: t }]\ninfo: { title: t, version: "1" }\nopenapi: 3.0.3\n',
    });
    const specs = [
      ...plain.map((api: Json) => ({ name: api.name, root: ROOT, file: api.root })),
      ...["no-components", "reordered"].map((name) => ({ name, root: shapes, file: `${name}.yaml` })),
    ];
    // One Redocly run, each bundled to a file of its own (as generate has Redocly bundle).
    const apis = Object.fromEntries(
      specs.map(({ name, root, file }) => [name, { root: join(root, file), output: `${name}.json` }]),
    );
    const out = fixture({ "redocly.yaml": stringify({ apis }) });
    const result = await redocly(["bundle", ...Object.keys(apis)], { cwd: out });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const { name, root, file } of specs)
      expect(JSON.stringify(plainBundle(root, file), null, 2), name).toBe(
        readFileSync(join(out, `${name}.json`), "utf8"),
      );
  });

  it("leaves to Redocly a spec with a $ref to another file or a URL, and one that does not parse", () => {
    const spec = (ref: string) =>
      `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n    A: { $ref: '${ref}' }\n    B: { type: string }\n`;
    const dir = fixture({
      "inside.yaml": spec("#/components/schemas/B"),
      "file.yaml": spec("./other.yaml#/B"),
      "url.yaml": spec("https://example.test/b.yaml"),
      "broken.yaml": "openapi: 3.0.3\ninfo: [unclosed\n",
      // Redocly's bundle reads the file an example's externalValue names, and makes it the example's value.
      "external.yaml": `${spec("#/components/schemas/B")}  examples:\n    E: { externalValue: ./page.json }\n`,
    });
    expect(plainBundle(dir, "inside.yaml")).toMatchObject({ components: { schemas: { B: { type: "string" } } } });
    for (const name of ["file.yaml", "url.yaml", "broken.yaml", "external.yaml"])
      expect(plainBundle(dir, name), name).toBeNull();
  });
});

describe("formatStatements (the types module formatted a statement at a time)", () => {
  const header = "// Generated by `npm run generate` from a spec. Do not edit.\n\n";
  /** formatStatements with Prettier, counting the statements it formats. */
  const formatted = async (statements: string[], kept: Map<string, string>) => {
    let formats = 0;
    const used = new Map<string, string>();
    const format = (source: string) => {
      formats++;
      return prettier.format(source, FORMAT);
    };
    const hash = (source: string) => createHash("sha256").update(source).digest("hex");
    const text = await formatStatements(header, statements, format, { kept, used, hash });
    return { text, formats, used };
  };

  it("is what Prettier makes of the whole module, for each plain spec of specs/, and formats only what changed", async () => {
    const plain = listApis(ROOT)
      .map((api: Json) => plainBundle(ROOT, api.root))
      .filter(Boolean);
    expect(plain.length).toBe(3);
    for (const bundle of plain) {
      const statements: string[] = await typesStatements(bundle);
      // paths, webhooks, components, $defs, operations
      expect(statements.length).toBe(5);
      const whole = await prettier.format(header + statements.join(""), FORMAT);
      const first = await formatted(statements, new Map());
      expect(first).toMatchObject({ text: whole, formats: 5 });
      // Again with what the first run kept: nothing is formatted.
      expect(await formatted(statements, first.used)).toMatchObject({ text: whole, formats: 0 });
      // An operation's summary edited: `paths` alone is formatted again.
      const [path, item] = Object.entries(bundle.paths).find(([, item]: Json) => item.get?.summary) as [string, Json];
      const edited = {
        ...bundle,
        paths: { ...bundle.paths, [path]: { ...item, get: { ...item.get, summary: "Edited" } } },
      };
      const editedStatements: string[] = await typesStatements(edited);
      const again = await formatted(editedStatements, first.used);
      expect(again).toMatchObject({
        text: await prettier.format(header + editedStatements.join(""), FORMAT),
        formats: 1,
      });
      expect(again.text).toContain("* Edited");
    }
  });
});

describe("tagClashes (a tag two APIs use, which the merged document's join refuses)", () => {
  it("names each shared tag with its place in each spec (its tags list, else an operation's tags), and says to rename it", () => {
    const op = (tags: string[]) => ({ get: { operationId: `op${tags.join("")}`, tags, responses: {} } });
    const docs: Record<string, Json> = {
      a: { tags: [{ name: "Shared" }, { name: "A" }], paths: { "/a": op(["Shared"]) } },
      b: { paths: { "/b": op(["Shared"]) } },
      c: { tags: [{ name: "C" }], paths: { "/c": op(["C"]) } },
    };
    const dir = fixture({
      "a/openapi.yaml": "openapi: 3.0.3\ntags:\n  - name: Shared\n  - name: A\n",
      "b/openapi.yaml": "openapi: 3.0.3\npaths:\n  /b:\n    get:\n      tags:\n        - Shared\n",
      "c/openapi.yaml": "openapi: 3.0.3\n",
    });
    const apis = ["a", "b", "c"].map((name) => ({ name, root: `${name}/openapi.yaml` }));
    const bundleOf = (api: { name: string }) => docs[api.name];
    expect(tagClashes(apis, bundleOf, dir)).toBe(
      'Tag "Shared" is used by 2 APIs: a (a/openapi.yaml:3), b (b/openapi.yaml:6). Tag names must be unique across the specs, ' +
        "since generated/openapi.yaml joins them: rename the tag in all but one of these specs (in its `tags` list and in each operation's `tags`).",
    );
    docs.b = { paths: { "/b": op(["B"]) } };
    expect(tagClashes(apis, bundleOf, dir)).toBeNull();
  });
});

describe("redocly.yaml", () => {
  it("that does not parse: a ConfigError naming the file, with the parser's line and column (generate prints its message alone)", () => {
    const dir = fixture({ "redocly.yaml": "apis:\n  a:\n    root: a/openapi.yaml\n  bogus: [\n" });
    expect(() => listApis(dir)).toThrow(ConfigError);
    expect(() => listApis(dir)).toThrow(/^redocly\.yaml: .* at line \d+, column \d+:/);
  });

  it("a loop of links, a link to nothing, or missing: a ConfigError naming it, as for the lint-ignore file and a plugin (which may be missing: Redocly names it)", () => {
    const config = "plugins:\n  - ./plugin.mjs\napis:\n  a:\n    root: a.yaml\n";
    const dir = fixture({ "plugin.mjs": "export default () => ({ id: 'p' });\n", "a.yaml": "openapi: 3.0.3\n" });
    const refused = (said: RegExp) => {
      expect(() => listApis(dir)).toThrow(ConfigError);
      expect(() => listApis(dir)).toThrow(said);
    };
    refused(/^.*redocly\.yaml: not found: it is the Redocly configuration the specs are linted with\.$/);
    symlinkSync("redocly.yaml", join(dir, "redocly.yaml"));
    refused(/redocly\.yaml: a loop of links, where Redocly reads a file\.$/);
    rmSync(join(dir, "redocly.yaml"));
    symlinkSync("elsewhere.yaml", join(dir, "redocly.yaml"));
    refused(/redocly\.yaml: a link to nothing, where Redocly reads a file\.$/);
    writeFileSync(join(dir, "elsewhere.yaml"), config);
    expect(listApis(dir)).toEqual([{ name: "a", root: "a.yaml" }]);
    // The lint-ignore file may be missing (it is here), not a loop; a plugin neither.
    symlinkSync(".redocly.lint-ignore.yaml", join(dir, ".redocly.lint-ignore.yaml"));
    refused(/\.redocly\.lint-ignore\.yaml: a loop of links, where Redocly reads a file\.$/);
    rmSync(join(dir, ".redocly.lint-ignore.yaml"));
    rmSync(join(dir, "plugin.mjs"));
    expect(listApis(dir)).toEqual([{ name: "a", root: "a.yaml" }]); // Redocly says the plugin is not found
    symlinkSync("gone.mjs", join(dir, "plugin.mjs"));
    refused(/plugin\.mjs: a link to nothing, where Redocly reads a file\.$/);
    // A missing configuration it extends, at its root or an API's: Redocly would only warn, and drop its rules.
    rmSync(join(dir, "plugin.mjs"));
    writeFileSync(join(dir, "elsewhere.yaml"), `extends:\n  - ./rules.yaml\n  - minimal\n${config}`);
    refused(/rules\.yaml: not found: it is a configuration .*redocly\.yaml extends\.$/);
    writeFileSync(join(dir, "rules.yaml"), "rules: {}\n");
    writeFileSync(join(dir, "elsewhere.yaml"), `${config}    extends: [./api-rules.yaml]\n`);
    refused(/api-rules\.yaml: not found: it is a configuration .*redocly\.yaml extends\.$/);
    // One brought in by a `<<` merge key, which Redocly's YAML reader applies.
    writeFileSync(join(dir, "elsewhere.yaml"), `${config}    <<: { extends: [./merged-rules.yaml] }\n`);
    refused(/merged-rules\.yaml: not found: it is a configuration .*redocly\.yaml extends\.$/);
    // `HTTPS://…` is a path to Redocly (its URL test is case-sensitive): missing here.
    writeFileSync(join(dir, "elsewhere.yaml"), `extends: [HTTPS://example.test/r.yaml]\n${config}`);
    refused(/r\.yaml: not found: it is a configuration .*redocly\.yaml extends\.$/);
    // A ruleset's name (built in, or a plugin's: no extension, as Redocly tells them) or a URL is no file.
    writeFileSync(
      join(dir, "elsewhere.yaml"),
      `extends: [minimal, my-plugin/all, https://example.test/r.yaml]\n${config}`,
    );
    expect(listApis(dir)).toEqual([{ name: "a", root: "a.yaml" }]);
  });

  it("with a `<<` merging what is not a mapping: a ConfigError in one line, as Redocly refuses it", () => {
    for (const value of ["recommended", "1", "[1, 2]", ""]) {
      const dir = fixture({ "redocly.yaml": `apis:\n  a:\n    root: a.yaml\n    <<: ${value}\n` });
      expect(() => listApis(dir), value).toThrow(ConfigError);
      expect(() => listApis(dir)).toThrow(/^redocly\.yaml: .*[Mm]erge/);
    }
  });

  it("isDecorated: decorators at the root or the API's, or what it extends besides a built-in ruleset", () => {
    const config = {
      extends: ["recommended-strict"],
      decorators: {},
      apis: {
        plain: { root: "a.yaml" },
        own: { root: "a.yaml", decorators: { "filter-in": { property: "x", value: "y" } } },
        ruleset: { root: "a.yaml", extends: ["minimal", "my-plugin/all"] },
        file: { root: "a.yaml", extends: ["./rules.yaml"] },
      },
    };
    expect(["plain", "own", "ruleset", "file"].filter((name) => isDecorated(config, name))).toEqual([
      "own",
      "ruleset",
      "file",
    ]);
    expect(isDecorated({ ...config, decorators: { "remove-x-internal": "on" } }, "plain")).toBe(true);
    expect(isDecorated({ ...config, extends: ["https://example.test/r.yaml"] }, "plain")).toBe(true);
  });

  it("empty, or without `apis`: a ConfigError saying so", () => {
    for (const text of ["", "extends:\n  - recommended\n", "apis: 3\n"]) {
      const dir = fixture({ "redocly.yaml": text });
      expect(() => listApis(dir), JSON.stringify(text)).toThrow(ConfigError);
      expect(() => listApis(dir)).toThrow("redocly.yaml: no `apis` mapping");
    }
  });
});
