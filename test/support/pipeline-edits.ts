// The spec edits and file checks that the end-to-end tests of the spec pipeline share:
// test/pipeline.test.ts (npm test) and test/pipeline-edges.e2e.test.ts (npm run test:e2e).
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parse, parseDocument, stringify } from "yaml";
import { copyProjectHere, generatedFiles, ROOT } from "./pipeline-runs.js";

export const VPC_SPEC = "specs/otc-vpc/openapi.yaml";
export const MADCONNECT_SPEC = "specs/madconnect/openapi.yaml";
export const CONFLUENT_SPEC = "specs/confluent/openapi.yaml";
export const CONFLUENT_UPSTREAM = "specs/confluent/upstream/networking-privatelink-v1.yaml";
export const LIST_SUBNETS = ["paths", "/v1/{project_id}/subnets", "get"];
export const LIST_CONNECTIONS = ["paths", "/es/v2/connections", "get"];
// Generous: the tests run next to the rest of the suite and whatever else runs on the machine.
export const TIMEOUT = 300_000;

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
export function editYaml(dir: string, file: string, edit: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(readFileSync(join(dir, file), "utf8"));
  edit(doc);
  writeFileSync(join(dir, file), doc.toString({ lineWidth: 0 }));
}

export async function waitFor(condition: () => boolean, ms: number, explain: () => string) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The mtime of every file in generated/ */
export function mtimes(dir: string): Record<string, number> {
  return Object.fromEntries(
    readdirSync(join(dir, "generated")).map((n) => [n, statSync(join(dir, "generated", n)).mtimeMs]),
  );
}

/** The file names a run lists on its `generated/: wrote a, b, c (N ms)` line. */
export function written(output: string): string[] {
  const line = output.match(/^generated\/: wrote (.*) \(\d+ ms\)$/m);
  return line ? line[1]!.split(", ").sort() : [];
}

/**
 * The subnet schema loses its required `cidr` (from the schema, its required list, the list's x-cli
 * columns and every response example), the list gets a `watch_probe` query parameter, and a new operation is added on a new
 * path: one breaking change, one added parameter, one added operation.
 */
export function editVpcSpec(dir: string): string {
  const spec = parse(readFileSync(join(dir, VPC_SPEC), "utf8"));
  const list = spec.paths["/v1/{project_id}/subnets"].get;
  // The schema of the listed subnets: the items of the list's 200 body, as its x-pagination names them.
  const body = ref(spec, list.responses["200"].content["application/json"].schema);
  const itemsRef: string = body.properties[list["x-pagination"].items].items.$ref;
  const item = ref(spec, { $ref: itemsRef });
  expect(item.properties).toHaveProperty("cidr");
  expect(item.required).toContain("cidr");
  delete item.properties.cidr;
  item.required = item.required.filter((name: string) => name !== "cidr");
  // ...and from the list's table columns (x-cli), which must name fields of the items.
  list["x-cli"].columns = list["x-cli"].columns.filter((name: string) => name !== "cidr");
  for (const operation of Object.values<any>(spec.paths).flatMap((pathItem) => Object.values<any>(pathItem)))
    for (const response of Object.values<any>(operation?.responses ?? {}))
      for (const media of Object.values<any>(ref(spec, response).content ?? {}))
        dropKey([media.example, ...Object.values<any>(media.examples ?? {}).map((e) => ref(spec, e).value)], "cidr");
  list.parameters.push({
    name: "watch_probe",
    in: "query",
    required: false,
    description: "Added by the --watch test.",
    schema: { type: "string" },
  });
  // A new operation on a new path, with the list's tags, security and error responses.
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
          content: { "application/json": { schema: { type: "object", properties: { ok: { type: "boolean" } } } } },
        },
        ...errors,
      },
    },
  };
  // Saved by replacing the file, as `sed -i`, vim and "safe write" editors do (the watch test then undoes
  // the edit by writing in place: Node's recursive watch on Linux stopped seeing a file once replaced).
  const replacement = join(dir, `${VPC_SPEC}.new`);
  writeFileSync(replacement, stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }));
  renameSync(replacement, join(dir, VPC_SPEC));
  return itemsRef.split("/").pop()!;
}

/**
 * A fresh copy of the project for one test file, with what its tests compare against: the repository's
 * generated/ and the copy's specs as they are, and a way to put the VPC spec back.
 */
export function pipelineCopy() {
  const dir = copyProjectHere();
  const vpcSpec = readFileSync(join(dir, VPC_SPEC), "utf8");
  return {
    dir,
    committed: generatedFiles(ROOT),
    madconnectSpec: readFileSync(join(dir, MADCONNECT_SPEC), "utf8"),
    /** Puts the copy's VPC spec back as the repository has it. */
    restoreSpec: () => writeFileSync(join(dir, VPC_SPEC), vpcSpec),
  };
}
