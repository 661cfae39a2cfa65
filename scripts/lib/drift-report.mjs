// The drift report: the main job's listing run with `validate` on, its findings grouped per operation,
// each with its count, sample values and the spec edit that would make it go away.
import path from "node:path";
import { isVerbatim, loader, suggestEdit } from "./drift-edits.mjs";
import { listApis } from "./apis.mjs";

const MAX_SAMPLES = 3;

/** operationId -> API name, from each API's generated validators. */
async function operationApis(apis, load) {
  const byOperation = new Map();
  for (const { name } of apis) {
    const { responses } = await load(name);
    for (const { operationId } of Object.values(responses)) byOperation.set(operationId, name);
  }
  return byOperation;
}

const groupPointer = (pointer) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");
const json = (value) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Runs `listings` (src/cli/list-all.ts, built) with validation on and groups what they find.
 * `listings(emulator, options)` as list-all exports it; `emulator()` starts (once) the emulator it lists.
 * Returns { groups: [{ api, operationId, method, path, status, kind, pointer, count, samples, edit }], failures }.
 */
export async function collectDrift({ root, listings, emulator, loadValidators }) {
  const findings = [];
  const failures = [];
  for (const listing of listings(emulator, { validate: { mode: "warn", onDrift: (drift) => findings.push(drift) } })) {
    try {
      await listing.run(() => {});
    } catch (error) {
      failures.push({ api: listing.api, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const specs = listApis(root);
  const apis = await operationApis(specs, loadValidators);
  // The spec files, read once for all the edits.
  const load = loader();
  const groups = new Map();
  for (const finding of findings) {
    const pointer = groupPointer(finding.pointer);
    const key = `${finding.operationId} ${finding.status} ${pointer} ${finding.kind}`;
    let group = groups.get(key);
    if (!group) {
      const api = apis.get(finding.operationId);
      const specRoot = specs.find((a) => a.name === api)?.root;
      const edit = specRoot
        ? suggestEdit({ root: path.join(root, specRoot), finding, load })
        : { note: "API not found" };
      group = { api, ...finding, pointer, count: 0, samples: [], edit, example: finding.pointer };
      delete group.actual;
      groups.set(key, group);
    }
    group.count += finding.count ?? 1;
    const sample = json(finding.actual);
    if (group.samples.length < MAX_SAMPLES && !group.samples.includes(sample)) group.samples.push(sample);
  }
  return { groups: [...groups.values()], failures };
}

const indent = (text, by) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `${by}${line}`)
    .join("\n");

/** The report as text, per operation. */
export function formatDrift({ groups, failures }, { root, target }) {
  const lines = [];
  const operations = new Set(groups.map((g) => `${g.api} ${g.operationId}`));
  lines.push(
    groups.length === 0
      ? `No drift: every response matched its spec (${target}).`
      : `Spec drift: ${groups.length} finding${groups.length === 1 ? "" : "s"} in ${operations.size} operation${operations.size === 1 ? "" : "s"} (${target}).`,
  );
  let current;
  for (const group of groups) {
    const heading = `${group.api} ${group.operationId} (${group.method} ${group.path}), ${group.status}`;
    if (heading !== current) lines.push("", heading);
    current = heading;
    lines.push(
      `  ${group.kind} at ${group.pointer}: ${group.count} time${group.count === 1 ? "" : "s"}; expected ${group.expected}; seen ${group.samples.join(", ")}`,
    );
    const { edit } = group;
    if (edit.note) lines.push(`    (no edit suggested: ${edit.note})`);
    else {
      const file = path.relative(root, edit.file);
      lines.push(`    In ${file}, at ${edit.keys.join(".")}:${describe(edit)}`);
      lines.push(indent(edit.snippet, "      "));
      if (isVerbatim(edit.file))
        lines.push(
          "    (that file is Confluent's own definition, kept verbatim: replace it with Confluent's updated one rather than editing it)",
        );
    }
  }
  for (const failure of failures) lines.push("", `${failure.api}: the listing failed: ${failure.message}`);
  return lines.join("\n");
}

function describe(edit) {
  switch (edit.action) {
    case "add-property":
      return ` declare the property`;
    case "drop-required":
      return ` it is not always there: drop it from required`;
    case "add-enum":
      return ` add the value to the enum`;
    case "set-type":
      return ` the type differs: change it`;
    case "add-response":
      return ` document the status`;
    default:
      return "";
  }
}
