/**
 * End-to-end tests of the spec pipeline (`npm run generate`, `npm run lint`). Each test works in its
 * own temporary copy of the project (specs/, scripts/, generated/ and the configuration, with
 * node_modules linked), so it can break specs and generated files freely; the tests run concurrently.
 *
 * A full generation takes ~14 s of CPU, so only five tests run one (the change report, --watch, the
 * two --check runs, --force); the others stop early (lint, x-pagination) or do nothing (no-op). The
 * tests that wait longest come first, since vitest starts at most five at a time.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseDocument, stringify } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const COPIED = ["specs", "scripts", "generated", "redocly.yaml", ".redocly.lint-ignore.yaml", "package.json"];
const VPC_SPEC = "specs/otc-vpc/openapi.yaml";
const LIST_SUBNETS = ["paths", "/v1/{project_id}/subnets", "get"];
// Generous: the copies run concurrently, next to whatever else runs on the machine. Alone on two
// cores the file takes ~45 s; with the rest of the suite or other work beside it, a few minutes.
const TIMEOUT = 300_000;

/**
 * The environment of the scripts. Without NODE_ENV: vitest sets it to "test", and under
 * NODE_ENV=test the Redocly CLI prints the output of `redocly join` instead of writing its -o file.
 */
const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
delete ENV.NODE_ENV;

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the project in a temporary folder. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "connectivity-pipeline-"));
  copies.push(dir);
  for (const name of COPIED) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together */
  output: string;
}

/** Runs `node <script> ...args` in `dir`; never rejects. */
function run(dir: string, script: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: dir, env: ENV, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr, output: `${stdout}${stderr}` });
      },
    );
  });
}

const generate = (dir: string, ...args: string[]) => run(dir, "scripts/generate.mjs", ...args);

/** name -> content of every file in a generated/ folder (dot files included) */
function generatedFiles(root: string): Map<string, Buffer> {
  const dir = join(root, "generated");
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name))]),
  );
}

/** The names of the files that differ (in content or presence) between two generated/ folders. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((name) => !a.get(name)?.equals(b.get(name) ?? Buffer.alloc(0)) || !b.has(name))
    .sort();
}

/** The node a local `$ref` points to (or the node itself). */
function ref(doc: any, node: any): any {
  while (node?.$ref)
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((at: any, key: string) => at?.[key.replace(/~1/g, "/")], doc);
  return node;
}

/** Deletes `key` from every object inside `values`. */
function dropKey(values: unknown[], key: string) {
  for (const value of values) {
    if (Array.isArray(value)) dropKey(value, key);
    else if (value && typeof value === "object") {
      delete (value as Record<string, unknown>)[key];
      dropKey(Object.values(value), key);
    }
  }
}

/** Edits a YAML file of the copy in place through the `yaml` document API (comments are kept). */
function editYaml(dir: string, file: string, edit: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(readFileSync(join(dir, file), "utf8"));
  edit(doc);
  writeFileSync(join(dir, file), doc.toString({ lineWidth: 0 }));
}

async function waitFor(condition: () => boolean, ms: number, explain: () => string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.concurrent("the spec pipeline", () => {
  it(
    "--watch regenerates when a spec changes",
    async () => {
      const dir = copyProject();
      let output = "";
      // Its own process group, so that killing it also ends a Redocly child it may be running.
      const watcher: ChildProcess = spawn(process.execPath, ["scripts/generate.mjs", "--watch"], {
        cwd: dir,
        detached: true,
        env: ENV,
        stdio: ["ignore", "pipe", "pipe"],
      });
      watcher.stdout!.on("data", (chunk) => (output += chunk));
      watcher.stderr!.on("data", (chunk) => (output += chunk));
      const exited = new Promise((done) => watcher.on("exit", done));
      const afterStart = () => output.slice(output.indexOf("Watching"));
      try {
        await waitFor(
          () => output.includes("Watching"),
          120_000,
          () => `no "Watching" line in:\n${output}`,
        );
        editYaml(dir, VPC_SPEC, (doc) => {
          const parameters = doc.getIn([...LIST_SUBNETS, "parameters"]) as { add(node: unknown): void };
          parameters.add(
            doc.createNode({
              name: "watch_probe",
              in: "query",
              required: false,
              description: "Added by the --watch test.",
              schema: { type: "string" },
            }),
          );
        });
        // Until the new parameter is in the types and the run is over (its last line is printed).
        const types = join(dir, "generated/otc-vpc.ts");
        await waitFor(
          () => {
            if (/failed:|Error/.test(afterStart())) throw new Error(`regeneration failed:\n${output}`);
            return readFileSync(types, "utf8").includes("watch_probe") && /^generated\/: wrote /m.test(afterStart());
          },
          120_000,
          () => `no regeneration after the change:\n${output}`,
        );
      } finally {
        if (watcher.exitCode === null && watcher.signalCode === null) process.kill(-watcher.pid!, "SIGTERM");
        await exited;
      }
      expect(afterStart()).toContain("GET /v1/{project_id}/subnets: query parameter watch_probe added");
      expect(readFileSync(join(dir, "generated/otc-vpc.ts"), "utf8")).toMatch(/^\s+watch_probe\?: string;$/m);
    },
    TIMEOUT,
  );

  it(
    "reports a removed response field as BREAKING and an added operation, and regenerates the types",
    async () => {
      const dir = copyProject();
      const spec = parse(readFileSync(join(dir, VPC_SPEC), "utf8"));
      const list = spec.paths["/v1/{project_id}/subnets"].get;
      // The schema of the listed subnets: the items of the list's 200 body, as its x-pagination names them.
      const body = ref(spec, list.responses["200"].content["application/json"].schema);
      const itemsRef: string = body.properties[list["x-pagination"].items].items.$ref;
      const item = ref(spec, { $ref: itemsRef });
      const itemName = itemsRef.split("/").pop()!;
      expect(item.properties).toHaveProperty("cidr");
      expect(item.required).toContain("cidr");
      // Remove the field: from the schema, its required list, the list's table columns (x-cli) and every response example.
      delete item.properties.cidr;
      item.required = item.required.filter((name: string) => name !== "cidr");
      list["x-cli"].columns = list["x-cli"].columns.filter((name: string) => name !== "cidr");
      for (const operation of Object.values<any>(spec.paths).flatMap((pathItem) => Object.values<any>(pathItem)))
        for (const response of Object.values<any>(operation?.responses ?? {}))
          for (const media of Object.values<any>(ref(spec, response).content ?? {}))
            dropKey(
              [media.example, ...Object.values<any>(media.examples ?? {}).map((e) => ref(spec, e).value)],
              "cidr",
            );
      // Add an operation on a new path, with the list's tags, security and error responses.
      const errors = Object.fromEntries(Object.entries(list.responses).filter(([status]) => /^[45]/.test(status)));
      spec.paths["/v1/{project_id}/pipeline-probe"] = {
        parameters: spec.paths["/v1/{project_id}/subnets"].parameters,
        get: {
          operationId: "getPipelineProbe",
          tags: list.tags,
          summary: "Pipeline probe",
          description: "An operation added by test/pipeline.test.ts.",
          security: list.security,
          responses: {
            "200": {
              description: "OK.",
              content: {
                "application/json": { schema: { type: "object", properties: { ok: { type: "boolean" } } } },
              },
            },
            ...errors,
          },
        },
      };
      writeFileSync(join(dir, VPC_SPEC), stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }));

      const result = await generate(dir);
      expect(result.code, result.output).toBe(0);
      const lines = result.stdout.split("\n");
      expect(result.stdout).toMatch(/^API surface changed: \d+ change\(s\), \d+ BREAKING$/m);
      expect(lines).toContain("BREAKING GET /v1/{project_id}/subnets: response 200 field subnets[].cidr removed");
      expect(lines).toContain("         operation GET /v1/{project_id}/pipeline-probe (getPipelineProbe) added");
      expect(lines.filter((line) => line.startsWith("         "))).toEqual([
        "         operation GET /v1/{project_id}/pipeline-probe (getPipelineProbe) added",
      ]);
      expect(result.stdout).toMatch(/^generated\/: wrote .*otc-vpc\.ts, .*otc-vpc\.cli\.ts, .*openapi\.yaml/m);
      // The added operation is a command of the `connectivity` CLI.
      const cli = readFileSync(join(dir, "generated/otc-vpc.cli.ts"), "utf8");
      expect(cli).toContain('name: "get-pipeline-probe"');
      expect(cli).not.toContain('"cidr"');

      // The item schema's type lost the field; nothing else of it changed.
      const block = (types: string) => {
        const start = types.indexOf(`\n    ${itemName}: {\n`);
        expect(start, `no ${itemName} in the generated types`).toBeGreaterThan(0);
        return types.slice(start, types.indexOf("\n    };\n", start));
      };
      const before = block(readFileSync(join(ROOT, "generated/otc-vpc.ts"), "utf8"));
      const after = block(readFileSync(join(dir, "generated/otc-vpc.ts"), "utf8"));
      expect(before).toMatch(/^ {6}cidr: string;$/m);
      expect(after).not.toMatch(/^ {6}cidr\??: /m);
      expect(after).toMatch(/^ {6}cidr_v6\?: string;$/m);
      const types = readFileSync(join(dir, "generated/otc-vpc.ts"), "utf8");
      expect(types).toContain('"/v1/{project_id}/pipeline-probe": {');
      expect(types).toContain("getPipelineProbe: {");
    },
    TIMEOUT,
  );

  it(
    "--check fails naming each hand-edited generated file, and passes on an unedited copy",
    async () => {
      const edited = copyProject();
      const clean = copyProject();
      appendFileSync(join(edited, "generated/otc-vpc.ts"), "// edited by hand\n");
      appendFileSync(join(edited, "generated/otc-vpcep.error-codes.ts"), "// edited by hand\n");
      const editedContent = readFileSync(join(edited, "generated/otc-vpc.ts"), "utf8");

      const [stale, fresh] = await Promise.all([generate(edited, "--check"), generate(clean, "--check")]);
      expect(stale.code, stale.output).not.toBe(0);
      expect(stale.stderr).toContain("generated/ does not match the specs");
      const listed = stale.stderr
        .split("\n")
        .filter((line) => line.startsWith("  "))
        .map((line) => line.trim());
      expect(listed.sort()).toEqual(["generated/otc-vpc.ts", "generated/otc-vpcep.error-codes.ts"]);
      // --check writes nothing.
      expect(readFileSync(join(edited, "generated/otc-vpc.ts"), "utf8")).toBe(editedContent);

      expect(fresh.code, fresh.output).toBe(0);
      expect(fresh.stdout).toContain("generated/ matches the specs.");
    },
    TIMEOUT,
  );

  it(
    "generate --force on an unchanged copy rewrites nothing: generated/ stays byte-for-byte the committed one",
    async () => {
      const dir = copyProject();
      const result = await generate(dir, "--force");
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain("API surface unchanged.");
      expect(result.stdout).toMatch(/^generated\/: no file changed \(\d+ ms\)$/m);
      expect(differences(generatedFiles(dir), generatedFiles(ROOT))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "fails generation on a wrong x-pagination declaration, naming the operation and the field",
    async () => {
      const dir = copyProject();
      editYaml(dir, VPC_SPEC, (doc) => doc.setIn([...LIST_SUBNETS, "x-pagination", "markerField"], "idx"));
      const before = generatedFiles(dir);
      const result = await generate(dir);
      expect(result.code, result.output).not.toBe(0);
      expect(result.stderr).toContain(
        `${VPC_SPEC}: x-pagination of GET /v1/{project_id}/subnets (listSubnets): markerField "idx" is not a field of the items`,
      );
      expect(differences(generatedFiles(dir), before)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "fails lint and generate on a broken spec, naming the file and line",
    async () => {
      const dir = copyProject();
      const lines = readFileSync(join(dir, VPC_SPEC), "utf8").split("\n");
      // The first `type: integer` of the spec becomes an unknown type.
      const index = lines.findIndex((line) => line.trim() === "type: integer");
      expect(index).toBeGreaterThan(0);
      lines[index] = lines[index]!.replace("type: integer", "type: intgr");
      writeFileSync(join(dir, VPC_SPEC), lines.join("\n"));
      const before = generatedFiles(dir);

      const [lint, gen] = await Promise.all([run(dir, "scripts/lint.mjs"), generate(dir)]);
      const location = `${VPC_SPEC}:${index + 1}:`;
      expect(lint.code, lint.output).not.toBe(0);
      expect(lint.output).toContain(location);
      expect(gen.code, gen.output).not.toBe(0);
      expect(gen.output).toContain("Lint of specs/ failed");
      expect(gen.output).toContain(location);
      expect(gen.output).toContain("intgr");
      expect(differences(generatedFiles(dir), before)).toEqual([]);
    },
    TIMEOUT,
  );

  it("writes a types, a runtime-table and an error-code module per API, each recorded in the fingerprint", () => {
    const apis = Object.keys(parse(readFileSync(join(ROOT, "redocly.yaml"), "utf8")).apis).filter(
      (name) => name !== "merged",
    );
    const expected = [
      ...apis.flatMap((api) => [
        `${api}.ts`,
        `${api}.meta.ts`,
        `${api}.error-codes.ts`,
        `${api}.validators.ts`,
        `${api}.cli.ts`,
      ]),
      "openapi.yaml",
    ].sort();
    const names = [...generatedFiles(ROOT).keys()].filter(
      (name) => name !== ".fingerprint.json" && name !== ".gitkeep",
    );
    expect(names.sort()).toEqual(expected);
    const fingerprint = JSON.parse(readFileSync(join(ROOT, "generated/.fingerprint.json"), "utf8"));
    expect(Object.keys(fingerprint.outputs).sort()).toEqual(expected);
    // The runtime table names the error codes' type only: importing it never loads the table.
    for (const api of apis) {
      const meta = readFileSync(join(ROOT, "generated", `${api}.meta.ts`), "utf8");
      expect(meta).not.toMatch(/errorCodes/);
      expect(meta).toContain(`export type { ErrorCode } from "./${api}.error-codes.js";`);
    }
  });

  it(
    "generate on an unchanged copy is a no-op: up to date, no file touched",
    async () => {
      const dir = copyProject();
      const mtimes = () =>
        Object.fromEntries(
          readdirSync(join(dir, "generated")).map((n) => [n, statSync(join(dir, "generated", n)).mtimeMs]),
        );
      const before = mtimes();
      const result = await generate(dir);
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toMatch(/^generated\/ is up to date \(\d+ ms\)$/m);
      expect(mtimes()).toEqual(before);
    },
    TIMEOUT,
  );
});
