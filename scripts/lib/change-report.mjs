// The change report's entry point (scripts/generate.mjs, scripts/change-report.mjs and the specs
// workflow import it): see change-report/index.mjs and specs/CHANGE-RULES.md.
export { diffApis } from "./change-report/index.mjs";
export { formatChangeReport, reportJson, rulesMarkdown } from "./change-report/format.mjs";
export { RULES } from "./change-report/registry.mjs";

/** A generated file whose declarations the safety net compares (the validators' code is no API). */
export const isDeclarationFile = (name) => name.endsWith(".ts") && !name.endsWith(".validators.ts");
