// Response validators generated as `npm run generate` makes them (scripts/lib/validators.mjs), for a
// document or a single response schema, loaded from a scratch file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResponseValidators } from "../../src/core/drift.js";

/** The text of the validators module of `doc` (a bundled OpenAPI document). */
export async function validatorsModuleOf(doc: unknown): Promise<string> {
  const { validatorsModule } = (await import("../../scripts/lib/validators.mjs" as string)) as {
    validatorsModule: (input: { api: string; source: string; doc: unknown }) => Promise<string>;
  };
  return validatorsModule({ api: "t", source: "t", doc });
}

/** The validators of every response of `doc` (a bundled OpenAPI document). */
export async function validatorsOf(doc: unknown): Promise<ResponseValidators> {
  const text = await validatorsModuleOf(doc);
  const dir = mkdtempSync(join(tmpdir(), "validators-for-"));
  try {
    const file = join(dir, "v.mjs");
    writeFileSync(
      file,
      text
        .replace(/^import type .*$/m, "")
        .replace(/^export const responses: .*= table;$/m, "export const responses = table;"),
    );
    return (await import(pathToFileURL(file).href)) as ResponseValidators;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A document whose GET /x (operationId getX) answers 200 with `schema`. */
export const answering = (schema: unknown) => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/x": {
      get: {
        operationId: "getX",
        responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
      },
    },
  },
});

/** The validators of GET /x (operationId getX) answering 200 with `schema`. */
export const validatorsFor = (schema: unknown): Promise<ResponseValidators> => validatorsOf(answering(schema));
