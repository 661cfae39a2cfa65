// Describes how the API surface changed between two merged OpenAPI documents: each change is data
// { rule, level, api, operation, args } classified by a rule of the registry; the formatter writes text.
// With the generated declarations before and after, every declaration change no rule explains is
// reported too, so the report never says "unchanged" when a generated type changed.
import { changedDeclarations } from "./declarations.mjs";
import { messageOf } from "./format.mjs";
import { ruleOf } from "./registry.mjs";
import { compareRequestBody, compareResponses } from "./rules/bodies.mjs";
import {
  applyRenames,
  compareSchemaNames,
  compareSecuritySchemes,
  compareWebhooks,
  schemaRenames,
} from "./rules/components.mjs";
import { compareOperation, compareOperationPresence } from "./rules/operations.mjs";
import { compareParameters } from "./rules/parameters.mjs";
import { compareServers } from "./rules/servers.mjs";
import { surfaceOf, unprefixed } from "./surface.mjs";

/** "schemas.OtcVpc_Subnet" → components["schemas"]["Subnet"] */
const declarationOfRef = (ref) => {
  const [kind, ...name] = ref.split(".");
  return `components["${kind}"]["${unprefixed(name.join("."))}"]`;
};

/** A change of rule `id`, with the rule's level. */
function changeOf(id, fields) {
  const { level } = ruleOf(id);
  return { rule: id, level, breaking: level === "breaking", ...fields };
}

/**
 * @param {object|null} beforeDoc the previous merged document (null: everything is new)
 * @param {object} afterDoc
 * @param {{ declarations?: { before: Map<string, string>, after: Map<string, string> } }} [options]
 * @returns {{ rule, level, breaking, api, operation, message, args, explains, diff? }[]}
 */
export function diffApis(beforeDoc, afterDoc, { declarations } = {}) {
  const old = surfaceOf(beforeDoc);
  const now = surfaceOf(afterDoc);
  // A renamed schema is one change: the unions and discriminators naming it are compared under its new name.
  const renames = schemaRenames(old, now);
  applyRenames(old, renames);
  const changes = [];
  const add = (id, api, operation, args, explains) => changes.push(changeOf(id, { api, operation, args, explains }));
  const operationExplains = (before, after) => [
    ...new Set(
      [before, after].flatMap((op) => [
        `paths["${op.path}"]`,
        `pagination["${op.path}"]`,
        ...(op.operationId ? [`operations["${op.operationId}"]`, `cli["commands"]["${op.operationId}"]`] : []),
      ]),
    ),
  ];
  const emitFor =
    (before, after) =>
    (id, args, more = []) =>
      add(id, after.api ?? before.api, after.label, args, [
        ...operationExplains(before, after),
        ...more.map((r) => (r.includes("[") ? r : declarationOfRef(r))),
      ]);

  compareOperationPresence(emitFor, old, now);
  for (const [key, after] of now.operations) {
    const before = old.operations.get(key);
    if (!before) continue;
    const emit = emitFor(before, after);
    compareOperation(emit, before, after);
    compareParameters(emit, before, after);
    compareRequestBody(emit, before, after);
    compareResponses(emit, before, after);
  }
  const forApi =
    (api) =>
    (id, args, explains = []) =>
      add(id, api, null, args, explains);
  compareServers((api) => (id, args) => add(id, api, null, args, ["servers"]), old, now);
  compareSecuritySchemes(forApi, old, now);
  compareSchemaNames(forApi, old, now, renames);
  compareWebhooks(forApi, old, now);
  for (const change of changes) change.message = messageOf(change);
  if (declarations) changes.push(...unexplained(changes, declarations));
  return changes;
}

const MAX_DIFF_LINES = 40;
const MAX_MEMBERS = 10;
const clip = (lines) =>
  lines.length > MAX_DIFF_LINES
    ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more line(s)`]
    : lines;

/** The parameter or body-field names and aliases of a CLI command found before a change and not after it. */
function losesCommandWords(decl) {
  if (!decl.key.startsWith('cli["commands"]')) return false;
  const words = (sign) => {
    const found = new Set();
    for (const line of decl.diff ?? []) {
      if (!line.startsWith(sign)) continue;
      for (const [, name] of line.matchAll(/\bname: "((?:[^"\\]|\\.)*)"/g)) found.add(name);
      for (const [, list] of line.matchAll(/\baliases: (\[[^\]]*\])/g))
        for (const alias of JSON.parse(list)) found.add(`alias ${alias}`);
    }
    return found;
  };
  const after = words("+");
  return [...words("-")].some((word) => !after.has(word));
}

/**
 * The declaration changes no rule explains, as generated-declaration-changed changes; when more than
 * MAX_MEMBERS members of one top-level declaration (e.g. a table of error codes) changed, one change for it.
 */
function unexplained(changes, declarations) {
  const left = changedDeclarations(declarations).filter((decl) => {
    const explaining = changes.filter((c) => (c.api == null || c.api === decl.api) && c.explains?.includes(decl.key));
    // A command that lost a flag or an alias breaks the scripts using it: only a breaking rule explains that.
    return explaining.length === 0 || (losesCommandWords(decl) && !explaining.some((c) => c.breaking));
  });
  const groups = new Map();
  for (const decl of left) {
    // Documentation-only changes are grouped apart, so that they never hide a real change.
    const group = `${decl.api}\0${decl.key.replace(/\[.*$/, "")}\0${decl.kind === "documentation"}`;
    groups.set(group, [...(groups.get(group) ?? []), decl]);
  }
  const result = [];
  for (const members of groups.values()) {
    const collapse = members.length > MAX_MEMBERS;
    const shown = collapse
      ? [
          {
            ...members[0],
            key: `${members[0].key.replace(/\[.*$/, "")} (${members.length} members)`,
            diff: members.flatMap((m) => m.diff),
          },
        ]
      : members;
    for (const decl of shown) {
      // A declaration that did not exist before is new surface; one changed or removed may break; one
      // whose documentation strings (a summary, a description) alone changed is information.
      const kinds = new Set(collapse ? members.map((m) => m.kind) : [decl.kind]);
      const only = (kind) => kinds.size === 1 && kinds.has(kind);
      const rule = only("added")
        ? "generated-declaration-added"
        : only("documentation")
          ? "generated-documentation-changed"
          : "generated-declaration-changed";
      const change = changeOf(rule, {
        api: decl.api,
        operation: null,
        args: { file: decl.file, key: decl.key },
        explains: [],
        diff: clip(decl.diff),
      });
      change.message = messageOf(change);
      result.push(change);
    }
  }
  return result;
}
