// The only place that writes text: a one-line message per change, the report for people and the
// machine-readable report (schemaVersion 1, read by the release tooling and the CI job summary).
import { RULES } from "./registry.mjs";
import { unprefixed } from "./surface.mjs";

const list = (values) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
const value = (v) => (v === undefined ? "none" : String(v));

// Component names as a consumer writes them: the merged document prefixes each API's components
// (OtcVpc_Subnet), the per-API types do not (`VpcComponents["schemas"]["Subnet"]`); the API is the change's.
/** A component's name without its API prefix (with none, when the change has no API). */
const shown = (a, name) => (a.api ? unprefixed(name) : name);
/** A union member: a $ref member's "schemas.OtcVpc_X" as X, an inline one as it is. */
const member = (a, id) => (typeof id === "string" && id.startsWith("schemas.") ? shown(a, id.slice(8)) : id);
const members = (a) => list(a.members.map((id) => member(a, id)));
/** Why a union member that now refers to another schema is the same member (applyReplacedMembers). */
const REPLACED_BY = {
  content: "a schema of the same content",
  tag: "a schema with the same discriminator tag (what changed in the member is reported field by field)",
  literal: "a schema carrying the same literal (what changed in the member is reported field by field)",
  shape: "a schema of the same type and most of its fields (what changed in the member is reported field by field)",
};
/** A text with `#/components/schemas/OtcVpc_X` references (a discriminator's mapping) unprefixed. */
const refs = (a, text) =>
  a.api && typeof text === "string" ? text.replace(/(#\/components\/schemas\/)[A-Za-z0-9]+_/g, "$1") : text;
/** " (otc-vpc)": the API of a component named without its prefix. */
const ofApi = (a) => (a.api ? ` (${a.api})` : "");

const ASPECT_TEXT = {
  "type-changed": (a) => `type ${a.from} → ${a.to}`,
  "type-generalized": (a) => `type ${a.from} → ${a.to} (wider)`,
  "type-specialized": (a) => `type ${a.from} → ${a.to} (narrower)`,
  "became-nullable": () => "became nullable",
  "became-not-nullable": () => "is no longer nullable",
  "enum-value-added": (a) => `values: added ${list(a.values)}`,
  "enum-value-removed": (a) => `values: removed ${list(a.values)}`,
  "became-enum": () => "values: now an enum",
  "became-not-enum": () => "values: no longer an enum",
  "one-of-added": (a) => `oneOf: added ${members(a)}`,
  "one-of-removed": (a) => `oneOf: removed ${members(a)}`,
  "any-of-added": (a) => `anyOf: added ${members(a)}`,
  "any-of-removed": (a) => `anyOf: removed ${members(a)}`,
  "one-of-literal-removed": (a) => `oneOf: removed ${members(a)}, and the literal each carries`,
  "any-of-literal-removed": (a) => `anyOf: removed ${members(a)}, and the literal each carries`,
  "all-of-added": (a) => `allOf: added ${members(a)}`,
  "all-of-removed": (a) => `allOf: removed ${members(a)}`,
  "const-added": (a) => `const ${a.to} added`,
  "const-removed": (a) => `const ${a.from} removed`,
  "const-changed": (a) => `const ${a.from} → ${a.to}`,
  "x-extensible-enum-value-added": (a) => `x-extensible-enum: added ${list(a.values)}`,
  "x-extensible-enum-value-removed": (a) => `x-extensible-enum: removed ${list(a.values)}`,
  "prefix-items-added": (a) => `prefixItems ${a.from} → ${a.to}`,
  "prefix-items-removed": (a) => `prefixItems ${a.from} → ${a.to}`,
  "pattern-property-added": (a) => `patternProperties: added ${list(a.values)}`,
  "pattern-property-removed": (a) => `patternProperties: removed ${list(a.values)}`,
  "dependent-schema-added": (a) => `dependentSchemas: added ${list(a.values)}`,
  "dependent-schema-removed": (a) => `dependentSchemas: removed ${list(a.values)}`,
  "dependent-required-added": (a) => `dependentRequired: added for ${list(a.values)}`,
  "dependent-required-removed": (a) => `dependentRequired: removed for ${list(a.values)}`,
  "dependent-required-changed": (a) => `dependentRequired: changed for ${list(a.values)}`,
  "content-encoding-changed": (a) => `contentEncoding ${value(a.from)} → ${value(a.to)}`,
  "content-media-type-changed": (a) => `contentMediaType ${value(a.from)} → ${value(a.to)}`,
  "discriminator-added": (a) => `discriminator added: ${refs(a, a.to)}`,
  "discriminator-removed": (a) => `discriminator removed: ${refs(a, a.from)}`,
  "discriminator-changed": (a) => `discriminator ${refs(a, a.from)} → ${refs(a, a.to)}`,
  deprecated: () => "deprecated",
  reactivated: () => "no longer deprecated",
};

const TEXT = {
  "endpoint-added": (a) => `operation ${a.operation}${a.operationId ? ` (${a.operationId})` : ""} added`,
  "api-path-removed-without-deprecation": (a) =>
    `operation ${a.operation}${a.operationId ? ` (${a.operationId})` : ""} removed`,
  "api-path-removed-with-deprecation": (a) =>
    `operation ${a.operation}${a.operationId ? ` (${a.operationId})` : ""} removed (was deprecated)`,
  "api-operation-id-removed": (a) => `operationId ${a.from} → ${value(a.to)}`,
  "api-operation-id-added": (a) => `operationId ${a.to} added`,
  "endpoint-deprecated": () => "operation deprecated",
  "endpoint-reactivated": () => "operation no longer deprecated",
  "x-pagination-added": () => "x-pagination added",
  "x-pagination-removed": () => "x-pagination removed",
  "x-pagination-changed": (a) => `x-pagination changed: ${a.from} → ${a.to}`,
  "x-cli-alias-removed": (a) => `command-line alias ${a.alias} removed`,
  "x-cli-alias-added": (a) => `command-line alias ${a.alias} added`,
  "x-cli-columns-changed": (a) =>
    `command-line table columns ${a.from ? a.from.join(", ") : "(default)"} → ${a.to ? a.to.join(", ") : "(default)"}`,
  "new-required-request-parameter": (a) => `${a.subject} added (required)`,
  "new-optional-request-parameter": (a) => `${a.subject} added`,
  "request-parameter-removed": (a) => `${a.subject} removed`,
  "request-parameter-became-required": (a) => `${a.subject} is now required`,
  "request-parameter-became-optional": (a) => `${a.subject} is now optional`,
  "request-path-parameter-renamed": (a) =>
    `path parameter ${a.from} renamed to ${a.to}: the path consumers pass changes ("${a.fromPath}" → "${a.toPath}"), so does the \`params.path\` key (the URLs sent are the same)`,
  "request-body-added-required": () => "request body added (required)",
  "request-body-added-optional": () => "request body added",
  "request-body-removed": () => "request body removed",
  "request-body-became-required": () => "request body is now required",
  "request-body-became-optional": () => "request body is now optional",
  "new-required-request-property": (a) => `${a.subject} added (required)`,
  "new-optional-request-property": (a) => `${a.subject} added`,
  "request-property-removed": (a) => `${a.subject} removed`,
  "request-property-became-required": (a) => `${a.subject} is now required`,
  "request-property-became-optional": (a) => `${a.subject} is now optional`,
  "response-success-status-added": (a) => `${a.subject} added`,
  "response-success-status-removed": (a) => `${a.subject} removed`,
  "response-non-success-status-added": (a) => `${a.subject} added`,
  "response-non-success-status-removed": (a) => `${a.subject} removed`,
  "response-media-type-added": (a) => `${a.subject} now has a ${a.media} body`,
  "response-media-type-removed": (a) => `${a.subject} no longer has a ${a.media} body`,
  "request-body-media-type-added": (a) => `request body can now be ${a.media}`,
  "request-body-media-type-removed": (a) => `request body can no longer be ${a.media}`,
  "response-required-property-added": (a) => `${a.subject} added (always present)`,
  "response-optional-property-added": (a) => `${a.subject} added`,
  "response-required-property-removed": (a) => `${a.subject} removed`,
  "response-optional-property-removed": (a) => `${a.subject} removed`,
  "response-property-became-optional": (a) => `${a.subject} is no longer always present`,
  "response-property-became-required": (a) => `${a.subject} is now always present`,
  "response-header-added": (a) => `${a.subject} added`,
  "required-response-header-removed": (a) => `${a.subject} removed`,
  "optional-response-header-removed": (a) => `${a.subject} removed`,
  "response-header-became-optional": (a) => `${a.subject} is no longer always sent`,
  "response-header-became-required": (a) => `${a.subject} is now always sent`,
  "api-security-added": (a) => `security alternative ${a.scheme} added`,
  "api-security-removed": (a) => `security alternative ${a.scheme} removed`,
  "api-security-scope-added": (a) => `security scheme ${a.scheme}: scopes ${a.scopes.join(", ")} now required`,
  "api-security-scope-removed": (a) => `security scheme ${a.scheme}: scopes ${a.scopes.join(", ")} no longer required`,
  "api-security-became-required": (a) => `authentication now required (${a.schemes.join(" or ")})`,
  "api-security-became-optional": (a) => `authentication no longer required (was ${a.schemes.join(" or ")})`,
  "api-security-component-added": (a) => `security scheme ${a.name} added`,
  "api-security-component-removed": (a) => `security scheme ${a.name} removed`,
  "api-security-component-type-changed": (a) => `security scheme ${a.name} type ${a.from} → ${a.to}`,
  "api-operation-servers-changed": (a) =>
    `the spec now serves the operation at ${a.to.join(", ")}${a.from ? ` (was ${a.from.join(", ")})` : ""}; the client does not use these servers: it calls the API's servers`,
  "api-operation-servers-removed": (a) =>
    `the operation's own servers (${a.from.join(", ")}) removed: it is served at the API's servers, which the client calls`,
  "union-member-schema-replaced": (a) =>
    `${a.subject} ${a.composition}: member ${member(a, a.from)} now refers to ${member(a, a.to)}, ${REPLACED_BY[a.by ?? "content"]}`,
  "api-server-added": (a) => `server ${a.url} added`,
  "api-server-removed": (a) => `server ${a.url} removed`,
  "api-server-variable-enum-value-added": (a) => `server ${a.url} variable ${a.variable}: value ${a.value} added`,
  "api-server-variable-enum-value-removed": (a) => `server ${a.url} variable ${a.variable}: value ${a.value} removed`,
  "api-server-variable-default-changed": (a) =>
    `server ${a.url} variable ${a.variable}: default ${value(a.from)} → ${value(a.to)}`,
  "webhook-added": (a) => `webhook ${a.name} added`,
  "webhook-removed": (a) => `webhook ${a.name} removed`,
  "api-schema-added": (a) => `component schema ${shown(a, a.name)}${ofApi(a)} added`,
  "api-schema-removed": (a) => `component schema ${shown(a, a.name)}${ofApi(a)} removed`,
  "api-component-added": (a) => `component ${a.kind} ${shown(a, a.name)}${ofApi(a)} added`,
  "api-component-removed": (a) => `component ${a.kind} ${shown(a, a.name)}${ofApi(a)} removed`,
  "api-schema-renamed": (a) => `component schema ${shown(a, a.from)}${ofApi(a)} renamed to ${shown(a, a.to)}`,
  "generated-declaration-added": (a) => `${a.file}: ${a.key} added (a generated declaration no other rule describes)`,
  "generated-documentation-changed": (a) =>
    `${a.file}: ${a.key} documentation changed (${a.file.endsWith(".error-codes.ts") ? "messages, descriptions, solutions" : "summaries, descriptions"})`,
  "generated-declaration-changed": (a) =>
    `${a.file}: ${a.key} changed in ways the report does not describe (generated types changed; possibly breaking)`,
};

function aspectText(rule, args) {
  const { aspect } = rule;
  if (ASPECT_TEXT[aspect]) return ASPECT_TEXT[aspect](args);
  if (args.constraint) return `${args.constraint} ${value(args.from)} → ${value(args.to)}`;
  if (aspect.startsWith("pattern-")) return `pattern ${value(args.from)} → ${value(args.to)}`;
  if (aspect.startsWith("default-value-")) return `default ${value(args.from)} → ${value(args.to)}`;
  // A keyword that appeared or went (contains, propertyNames, unevaluatedItems, ...).
  if (args.keyword) return `${args.keyword} ${aspect.endsWith("-added") ? "added" : "removed"}`;
  return aspect;
}

/** Rules whose text starts with the operation it is about ("operation GET /x added"). */
const NAMES_ITS_OPERATION = new Set([
  "endpoint-added",
  "api-path-removed-without-deprecation",
  "api-path-removed-with-deprecation",
]);

/** The one-line message of a change. */
export function messageOf(change) {
  const rule = RULES.get(change.rule);
  const args = { operation: change.operation, api: change.api, ...change.args };
  const text = rule.family === "schemas" ? `${args.subject} ${aspectText(rule, args)}` : TEXT[change.rule](args);
  const where = change.operation && !NAMES_ITS_OPERATION.has(change.rule) ? `${change.operation}: ` : "";
  return `${where}${text}`;
}

export function formatChangeReport(changes) {
  if (changes.length === 0) return "API surface unchanged.";
  const breaking = changes.filter((c) => c.breaking).length;
  const lines = [];
  for (const c of changes) {
    lines.push(`${c.breaking ? "BREAKING" : "        "} ${c.message}`);
    for (const line of c.diff ?? []) lines.push(`           ${line}`);
  }
  return [`API surface changed: ${changes.length} change(s), ${breaking} BREAKING`, ...lines].join("\n");
}

/** The machine-readable report (schemaVersion 1). */
export function reportJson(changes) {
  return {
    schemaVersion: 1,
    breaking: changes.filter((c) => c.level === "breaking").length,
    additions: changes.filter((c) => c.level === "addition").length,
    changes: changes.map(({ api, level, rule, operation, message, diff }) => ({
      api,
      level,
      rule,
      operation,
      message,
      ...(diff ? { diff } : {}),
    })),
  };
}

/** The rules table of specs/CHANGE-RULES.md, generated from the registry. */
export function rulesMarkdown() {
  const escape = (text) => text.replace(/\|/g, "\\|");
  const rows = [...RULES.values()]
    .sort((a, b) => a.family.localeCompare(b.family) || a.id.localeCompare(b.id))
    .map(
      (r) => `| \`${r.id}\` | ${r.level} | ${r.direction} | ${r.family} | ${r.oasdiff ?? "—"} | ${escape(r.reason)} |`,
    );
  return [
    "# Change report rules",
    "",
    "<!-- Generated from scripts/lib/change-report/registry.mjs by `node scripts/change-report.mjs --rules-doc`; test/change-report-rules.test.ts fails when it is stale. Do not edit. -->",
    "",
    "`npm run generate` and `node scripts/change-report.mjs --base <git-ref>` compare the API surface a consumer of this package",
    "sees and classify every change with one of these rules. Levels: **breaking** (consumer code may stop compiling or",
    "working), **addition** (new surface), **change** (compatible), **info** (deprecations, documentation). Direction matters: in a request,",
    "widening is safe and narrowing breaks; in a response it is the reverse. Rule ids are oasdiff's",
    "(https://github.com/oasdiff/oasdiff, checker/rules.go) where oasdiff has the rule (its level in the column oasdiff's level: error",
    "and warning are breaking there); the reason says why where the level here differs. oasdiff has no rule for `multipleOf`, `uniqueItems`,",
    "`minProperties` and `maxProperties`: their rules here are named like its constraint rules. A constraint removed is `-unset`, whichever",
    "bound it is and wherever it sits (oasdiff's ids for `maxLength` and `minItems` in a response; oasdiff reports the others nowhere).",
    "After the rules, the generated declarations (generated/<api>.ts, .meta.ts,",
    "...) are compared before and after: a declaration that changed and that no rule explains is reported as",
    "`generated-declaration-changed`, with its diff, and counted as breaking; one that is new, as `generated-declaration-added`;",
    "a table entry whose documentation strings alone changed (a summary, a description; an error code's `message`, `description` or",
    "`solution`, the vendor's prose, in generated/<api>.error-codes.ts, whose `status` is no documentation), as",
    "`generated-documentation-changed` (info). Such a property that disappears is no text edit: code reading it stops compiling",
    '(`errorCodes["EndPoint.0003"].solution` of the `as const` table), so it is `generated-declaration-changed`; one that appears,',
    'with nothing else lost, is `generated-declaration-added` under the property\'s key (`errorCodes["EndPoint.0003"]["solution"]`).',
    "Compatible rules of one direction explain a type that moved their way only: a declaration explained only by compatible response",
    "rules whose type gained a value (a union member, `?`, `| bigint`), or only by compatible request rules whose type lost one, is",
    "`generated-declaration-changed` too. A member whose type spans several lines (an object) is compared whole, by place; one that",
    "had no value (`never`: no query parameters, no request body, no response content) and now has a type is new surface, as a member",
    "added is (a `?` it loses still narrows), one whose type becomes `never` narrows, and a header map `Record<string, unknown>` is the",
    "object `{ [name: string]: unknown }`. Orders a consumer does not feel are no change: the members of a union, an intersection,",
    "an object or an interface, enum values, the command line's parameters and body fields (unless two share a flag); nor is",
    "`{ [key: string]: T }` against `Record<string, T>`, or a table emptied (`{}`) against its last entry removed.",
    "The response validators (generated/<api>.validators.ts, Ajv's code) are compared through what they are compiled from: each",
    "operation's JSON response schemas, `$ref`s inlined, without annotations, extensions and orders (enum, required), and without",
    "OpenAPI 3.0's defaults `additionalProperties: true` and `nullable: false`. A difference no rule of the operation explains is",
    '`generated-declaration-changed` (a `validate: "throw"` client may now throw a DriftError where it did not).',
    "A `$ref` wrapped in `allOf` only to carry annotations beside it (`{ description, allOf: [$ref] }`) is compared as the `$ref`.",
    "An `allOf` of one `$ref` to a schema of fields alone (`type: object`, `properties`, `required` and annotations), beside no",
    "properties of its own (a `required` list may stand beside it), is not reported as a member added or removed when the schema",
    "was or becomes inline: the two forms are compared field by field (Confluent's bundle writes",
    "a request body inline while it folds a required list into it, and as such an `allOf` once it has nothing to fold). The",
    "generated type changes its form too (an inline object against `WithRequired<component, keys>`): the safety net compares the",
    "two with the component's declaration written in place, the keys `WithRequired` names required, as it compares any member",
    "typed by a component on one side and inline on the other.",
    "The members of a `oneOf`/`anyOf` are compared one by one, each matched before and after by its identity, never by its position",
    "(reordering them is no change): a `$ref` member by its schema name, an inline one by the value it gives the union's",
    "discriminator, else its `title`, else its type, look-alike inline members told apart by the values each takes for one",
    "property (`object opt_name=ntp`), else by their property names and `required` list, and last by their order among",
    "themselves (members alike in all of that: reordering those reads as their fields changed). A field inside a member is reported under the member's name (`request field subnet.extra_dhcp_opts[]<oneOf ExtraDhcpOpt>.opt_value`),",
    "with the rules of any field; a member added or removed is the union's `one-of-*`/`any-of-*` rule, its fields not listed",
    "(with its discriminator mapping entry, if it has one: the `discriminator-*` rules are for a changed `propertyName` or a",
    "member that stays and is tagged otherwise); a `$ref` member wrapped in `allOf` for a description is the `$ref`; a",
    "member renamed (same content) is the schema's rename. A field that moves from an object into every member of a union on it",
    "(or back) is compared with each member's copy, not reported as removed and added.",
    "",
    `${RULES.size} rules.`,
    "",
    "| Rule | Level | Direction | Family | oasdiff's level | Reason |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
