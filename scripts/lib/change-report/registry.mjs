// Every rule the change report applies: an id (oasdiff's where oasdiff has the rule), a level, the
// direction of the data it concerns and why a consumer of this package feels it that way.
// Levels: "breaking" (consumer code may stop compiling or working), "addition" (new surface),
// "change" (a compatible change), "info" (deprecations).
// Rules about a schema (a parameter, a request or response field, a body) are built from one table of
// aspects, once per subject, so that each request rule has its response mirror by construction.

const B = "breaking";
const A = "addition";
const C = "change";
const I = "info";

/** The places a schema sits in, and the direction its data flows. */
export const SUBJECTS = {
  "request-parameter": "request",
  "request-property": "request",
  "request-body": "request",
  "response-property": "response",
  "response-body": "response",
};

const NARROWS_REQUEST = "Narrows what a request may carry: a call that was valid may now be refused.";
const WIDENS_REQUEST = "Widens what a request may carry: every call that was valid still is.";
const WIDENS_RESPONSE =
  "Widens what a response may carry: a consumer that relied on the old range (or an exhaustive switch on the old type) may break.";
const NARROWS_RESPONSE = "Narrows what a response may carry: everything a consumer handled still fits.";
const DEFAULT_DOCUMENTED =
  "Documents what the server does when the value is omitted; the generated types do not change and the client never sends a default (oasdiff: error for parameters, info for properties).";

/**
 * Schema aspects: [suffix, request level, response level, request reason, response reason].
 * `null` means the rule does not exist in that direction (see WAIVERS).
 */
const ASPECTS = [
  [
    "type-changed",
    B,
    B,
    "The generated type of the value changed: code that sends the old type stops compiling.",
    "The generated type of the value changed: code that reads the old type stops compiling.",
  ],
  [
    "type-generalized",
    C,
    B,
    `${WIDENS_REQUEST} (integer → number, int32 → int64, a format removed)`,
    `${WIDENS_RESPONSE} int32 → int64 makes the value \`number | bigint\`.`,
  ],
  ["type-specialized", null, C, null, `${NARROWS_RESPONSE} (number → integer, int64 → int32, a format added)`],
  ["became-nullable", C, B, WIDENS_REQUEST, `${WIDENS_RESPONSE} The generated type gains \`| null\`.`],
  ["became-not-nullable", B, C, `${NARROWS_REQUEST} The generated type loses \`| null\`.`, NARROWS_RESPONSE],
  [
    "enum-value-added",
    C,
    B,
    WIDENS_REQUEST,
    `${WIDENS_RESPONSE} The generated union gains a member an exhaustive switch does not handle.`,
  ],
  [
    "enum-value-removed",
    B,
    C,
    `${NARROWS_REQUEST} The generated union loses a member code may still send.`,
    NARROWS_RESPONSE,
  ],
  ["became-enum", B, C, `${NARROWS_REQUEST} The generated type becomes a union of literals.`, NARROWS_RESPONSE],
  ["became-not-enum", C, B, WIDENS_REQUEST, `${WIDENS_RESPONSE} The generated union becomes its base type.`],
  ["max-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-decreased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-increased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  ["min-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-increased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-decreased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  ["max-length-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-length-decreased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-length-increased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  ["min-length-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-length-increased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-length-decreased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  ["max-items-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-items-decreased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["max-items-increased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  ["min-items-set", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-items-increased", B, C, NARROWS_REQUEST, NARROWS_RESPONSE],
  ["min-items-decreased", C, B, WIDENS_REQUEST, WIDENS_RESPONSE],
  [
    "pattern-added",
    B,
    C,
    NARROWS_REQUEST,
    "A pattern does not change the generated type; a response value was always a string (as oasdiff: info).",
  ],
  [
    "pattern-changed",
    B,
    C,
    "The new pattern may refuse values the old one allowed.",
    "A pattern does not change the generated type (as oasdiff: info).",
  ],
  ["pattern-removed", C, C, WIDENS_REQUEST, "A pattern does not change the generated type (as oasdiff: info)."],
  ["default-value-added", C, C, DEFAULT_DOCUMENTED, "Defaults in a response document the server, not the types."],
  [
    "default-value-changed",
    B,
    C,
    "Calls that omit the value behave differently now: the generated client never sends a default (oasdiff: info for properties).",
    "Defaults in a response document the server, not the types.",
  ],
  ["default-value-removed", C, C, DEFAULT_DOCUMENTED, "Defaults in a response document the server, not the types."],
  [
    "deprecated",
    I,
    I,
    "The value still works; consumers are told to move away from it.",
    "The value is still sent; consumers are told not to rely on it.",
  ],
  ["reactivated", I, I, "A deprecation was withdrawn.", "A deprecation was withdrawn."],
];

/** Why a request or response rule has no mirror in the other direction. */
const WAIVERS = [
  [
    /^(response|request)-body-type-specialized$|^response-property-type-specialized$/,
    "In a request a specialised type narrows what may be sent: it is reported as request-*-type-changed (breaking).",
  ],
  [
    /^request-parameter-|^new-(required|optional)-request-parameter$/,
    "Parameters exist only in requests (response headers are not part of the generated surface).",
  ],
  [/^request-path-parameter-renamed$/, "Path parameters exist only in requests."],
  [
    /^request-body-(added-required|became-required|became-optional)$/,
    "Whether a request body must be sent has no response counterpart (a response body is there or not: response-media-type-*).",
  ],
  [/^response-(non-)?success-status-/, "Statuses exist only in responses."],
];

/** The reason a rule has no mirror, or undefined. */
export function waiverOf(id) {
  return WAIVERS.find(([pattern]) => pattern.test(id))?.[1];
}

const schemaRules = [];
for (const [subject, direction] of Object.entries(SUBJECTS)) {
  for (const [suffix, requestLevel, responseLevel, requestReason, responseReason] of ASPECTS) {
    const level = direction === "request" ? requestLevel : responseLevel;
    if (!level) continue;
    const id = `${subject}-${suffix}`;
    schemaRules.push({
      id,
      level,
      direction,
      family: "schemas",
      aspect: suffix,
      subject,
      reason: direction === "request" ? requestReason : responseReason,
    });
  }
}

/** [id, level, direction, family, reason, mirror] of the rules that are not schema aspects. */
const OTHER_RULES = [
  // operations
  [
    "endpoint-added",
    A,
    "none",
    "operations",
    "A new operation: new paths/operations entries in the generated types.",
    "api-path-removed-without-deprecation",
  ],
  [
    "api-path-removed-without-deprecation",
    B,
    "none",
    "operations",
    "Calls to the operation stop compiling (its paths/operations entries are gone) and fail at runtime.",
    "endpoint-added",
  ],
  [
    "api-path-removed-with-deprecation",
    B,
    "none",
    "operations",
    "oasdiff: info. Here the generated entries disappear whatever the deprecation said: code using them stops compiling.",
    "endpoint-added",
  ],
  [
    "api-operation-id-removed",
    B,
    "none",
    "operations",
    'The operationId was renamed or removed: `Operations["old"]` in consumer code stops compiling (oasdiff: info).',
    "api-operation-id-added",
  ],
  [
    "api-operation-id-added",
    A,
    "none",
    "operations",
    "An operation gained an operationId: a new `Operations` entry.",
    "api-operation-id-removed",
  ],
  [
    "endpoint-deprecated",
    I,
    "none",
    "operations",
    "The operation still works; consumers are told to move away from it.",
    "endpoint-reactivated",
  ],
  ["endpoint-reactivated", I, "none", "operations", "A deprecation was withdrawn.", "endpoint-deprecated"],
  [
    "x-pagination-added",
    A,
    "none",
    "operations",
    "The operation can now be paged with `paginate` (a new pagination table entry).",
    "x-pagination-removed",
  ],
  [
    "x-pagination-removed",
    B,
    "none",
    "operations",
    "`paginate` on the operation stops compiling (the pagination table entry is gone).",
    "x-pagination-added",
  ],
  [
    "x-pagination-changed",
    B,
    "none",
    "operations",
    "`paginate` pages differently (style, items, size, cursor or totals changed): code relying on it may stop compiling or behave differently.",
    null,
  ],
  // parameters
  [
    "new-required-request-parameter",
    B,
    "request",
    "parameters",
    "Every call must now pass it: calls without it stop compiling (and the server refuses them).",
    null,
  ],
  [
    "new-optional-request-parameter",
    A,
    "request",
    "parameters",
    "A new optional input: every call that was valid still is.",
    null,
  ],
  [
    "request-parameter-removed",
    B,
    "request",
    "parameters",
    "Calls passing it stop compiling: the typed `params` no longer has the key (oasdiff: warning).",
    null,
  ],
  ["request-parameter-became-required", B, "request", "parameters", "Calls without it stop compiling.", null],
  ["request-parameter-became-optional", C, "request", "parameters", "Every call that was valid still is.", null],
  [
    "request-path-parameter-renamed",
    B,
    "request",
    "parameters",
    "The URLs are the same, but the key of the typed `params.path` changed: calls stop compiling. Reported once, not as an operation removed and another added (not in oasdiff).",
    null,
  ],
  // request bodies
  ["request-body-added-required", B, "request", "bodies", "Every call must now send a body.", null],
  ["request-body-added-optional", A, "request", "bodies", "A new optional input.", "response-media-type-added"],
  [
    "request-body-removed",
    B,
    "request",
    "bodies",
    "Calls sending a body stop compiling.",
    "response-media-type-removed",
  ],
  ["request-body-became-required", B, "request", "bodies", "Calls without a body stop compiling.", null],
  ["request-body-became-optional", C, "request", "bodies", "Every call that was valid still is.", null],
  [
    "new-required-request-property",
    B,
    "request",
    "bodies",
    "Bodies without the field stop compiling.",
    "response-required-property-added",
  ],
  [
    "new-optional-request-property",
    A,
    "request",
    "bodies",
    "A new optional input.",
    "response-optional-property-added",
  ],
  [
    "request-property-removed",
    B,
    "request",
    "bodies",
    "Object literals with the field stop compiling (excess property check) (oasdiff: warning).",
    "response-optional-property-removed",
  ],
  [
    "request-property-became-required",
    B,
    "request",
    "bodies",
    "Bodies without the field stop compiling.",
    "response-property-became-required",
  ],
  [
    "request-property-became-optional",
    C,
    "request",
    "bodies",
    "Every body that was valid still is.",
    "response-property-became-optional",
  ],
  // responses
  [
    "response-success-status-added",
    A,
    "response",
    "responses",
    "A new success response type (the `data` union gains a member only for the new status).",
    null,
  ],
  [
    "response-success-status-removed",
    B,
    "response",
    "responses",
    "Code reading that response's typed `data` stops compiling.",
    null,
  ],
  [
    "response-non-success-status-added",
    C,
    "response",
    "responses",
    "The typed `error` union gains a member; it was already an error.",
    null,
  ],
  ["response-non-success-status-removed", C, "response", "responses", "The typed `error` union loses a member.", null],
  [
    "response-media-type-added",
    A,
    "response",
    "responses",
    "A response gained a JSON body.",
    "request-body-added-optional",
  ],
  [
    "response-media-type-removed",
    B,
    "response",
    "responses",
    "Code reading the response's JSON body stops compiling.",
    "request-body-removed",
  ],
  [
    "response-required-property-added",
    A,
    "response",
    "responses",
    "A new field is always present.",
    "new-required-request-property",
  ],
  [
    "response-optional-property-added",
    A,
    "response",
    "responses",
    "A new field may be present.",
    "new-optional-request-property",
  ],
  [
    "response-required-property-removed",
    B,
    "response",
    "responses",
    "Code reading the field stops compiling.",
    "request-property-removed",
  ],
  [
    "response-optional-property-removed",
    B,
    "response",
    "responses",
    "Code reading the field stops compiling (oasdiff: warning).",
    "request-property-removed",
  ],
  [
    "response-property-became-optional",
    B,
    "response",
    "responses",
    "The generated type gains `?`: code using the field as always present stops compiling.",
    "request-property-became-optional",
  ],
  [
    "response-property-became-required",
    C,
    "response",
    "responses",
    "The field is now always present.",
    "request-property-became-required",
  ],
  // security
  [
    "api-security-added",
    A,
    "none",
    "security",
    "A new way to authenticate the operation; the old ones still work.",
    "api-security-removed",
  ],
  [
    "api-security-removed",
    B,
    "none",
    "security",
    "A way to authenticate the operation is gone: clients configured with it are refused (oasdiff: info).",
    "api-security-added",
  ],
  [
    "api-security-became-required",
    B,
    "none",
    "security",
    "An operation that needed no authentication now needs it (not in oasdiff).",
    null,
  ],
  ["api-security-component-added", A, "none", "security", "A new security scheme.", "api-security-component-removed"],
  [
    "api-security-component-removed",
    B,
    "none",
    "security",
    "Clients configured with the scheme are refused (oasdiff: info).",
    "api-security-component-added",
  ],
  [
    "api-security-component-type-changed",
    B,
    "none",
    "security",
    "Clients must authenticate differently (oasdiff: info).",
    null,
  ],
  // servers
  ["api-server-added", A, "none", "servers", "A new base URL to choose from (not in oasdiff).", "api-server-removed"],
  [
    "api-server-removed",
    B,
    "none",
    "servers",
    "Clients created for that base URL fail (not in oasdiff).",
    "api-server-added",
  ],
  [
    "api-server-variable-enum-value-added",
    A,
    "none",
    "servers",
    "A new choice for the server variable, e.g. a region (not in oasdiff).",
    "api-server-variable-enum-value-removed",
  ],
  [
    "api-server-variable-enum-value-removed",
    B,
    "none",
    "servers",
    "`createXClient({ region })` with the removed value throws (not in oasdiff).",
    "api-server-variable-enum-value-added",
  ],
  [
    "api-server-variable-default-changed",
    C,
    "none",
    "servers",
    "Clients created without the variable go elsewhere (not in oasdiff).",
    null,
  ],
  // components
  [
    "api-schema-added",
    A,
    "none",
    "components",
    'A new `Components["schemas"]` entry (not in oasdiff).',
    "api-schema-removed",
  ],
  [
    "api-schema-removed",
    B,
    "none",
    "components",
    '`Components["schemas"]["Name"]` in consumer code stops compiling (oasdiff: info).',
    "api-schema-added",
  ],
  [
    "api-schema-renamed",
    B,
    "none",
    "components",
    'Same schema, new name: `Components["schemas"]["Old"]` stops compiling; reported once (not in oasdiff).',
    null,
  ],
  // safety net
  [
    "generated-declaration-changed",
    B,
    "none",
    "declarations",
    "A generated declaration changed in a way no other rule describes: counted as possibly breaking, with its diff (not in oasdiff).",
    null,
  ],
];

const otherRules = OTHER_RULES.map(([id, level, direction, family, reason, mirror]) => ({
  id,
  level,
  direction,
  family,
  reason,
  mirror,
}));

/** The mirror of a schema rule: the same aspect in the opposite direction. */
function schemaMirror(rule) {
  const swap = {
    "request-property": "response-property",
    "response-property": "request-property",
    "request-body": "response-body",
    "response-body": "request-body",
  };
  const subject = swap[rule.subject];
  if (!subject) return null;
  const id = `${subject}-${rule.aspect}`;
  return schemaRules.some((r) => r.id === id) ? id : null;
}

/**
 * The level oasdiff (checker/rules.go, 2026) gives each of this registry's ids that it also defines: the
 * docs name the rules after oasdiff's and show where the level here differs. Kept here: oasdiff is not a dependency.
 */
const OASDIFF_LEVELS = {
  "endpoint-added": "info",
  "api-path-removed-without-deprecation": "error",
  "api-path-removed-with-deprecation": "info",
  "api-operation-id-removed": "info",
  "api-operation-id-added": "info",
  "endpoint-deprecated": "info",
  "endpoint-reactivated": "info",
  "new-required-request-parameter": "error",
  "new-optional-request-parameter": "info",
  "request-parameter-removed": "warning",
  "request-parameter-became-required": "error",
  "request-parameter-became-optional": "info",
  "request-body-added-required": "error",
  "request-body-added-optional": "info",
  "request-body-removed": "error",
  "request-body-became-required": "error",
  "request-body-became-optional": "info",
  "new-required-request-property": "error",
  "new-optional-request-property": "info",
  "request-property-removed": "warning",
  "request-property-became-required": "error",
  "request-property-became-optional": "info",
  "response-success-status-added": "info",
  "response-success-status-removed": "error",
  "response-non-success-status-added": "info",
  "response-non-success-status-removed": "info",
  "response-media-type-added": "info",
  "response-media-type-removed": "error",
  "response-required-property-added": "info",
  "response-optional-property-added": "info",
  "response-required-property-removed": "error",
  "response-optional-property-removed": "warning",
  "response-property-became-optional": "error",
  "response-property-became-required": "info",
  "api-security-added": "info",
  "api-security-removed": "info",
  "api-security-component-added": "info",
  "api-security-component-removed": "info",
  "api-security-component-type-changed": "info",
  "api-schema-removed": "info",
  "request-parameter-type-changed": "error",
  "request-parameter-type-generalized": "info",
  "request-parameter-became-nullable": "info",
  "request-parameter-became-not-nullable": "error",
  "request-parameter-enum-value-added": "info",
  "request-parameter-enum-value-removed": "error",
  "request-parameter-became-enum": "error",
  "request-parameter-max-set": "warning",
  "request-parameter-max-decreased": "error",
  "request-parameter-max-increased": "info",
  "request-parameter-min-set": "warning",
  "request-parameter-min-increased": "error",
  "request-parameter-min-decreased": "info",
  "request-parameter-max-length-set": "warning",
  "request-parameter-max-length-decreased": "error",
  "request-parameter-max-length-increased": "info",
  "request-parameter-min-length-increased": "error",
  "request-parameter-min-length-decreased": "info",
  "request-parameter-max-items-decreased": "error",
  "request-parameter-max-items-increased": "info",
  "request-parameter-min-items-set": "warning",
  "request-parameter-min-items-increased": "error",
  "request-parameter-min-items-decreased": "info",
  "request-parameter-pattern-added": "error",
  "request-parameter-pattern-changed": "warning",
  "request-parameter-pattern-removed": "info",
  "request-parameter-default-value-added": "error",
  "request-parameter-default-value-changed": "error",
  "request-parameter-default-value-removed": "error",
  "request-parameter-deprecated": "info",
  "request-parameter-reactivated": "info",
  "request-property-type-changed": "error",
  "request-property-type-generalized": "info",
  "request-property-became-nullable": "info",
  "request-property-became-not-nullable": "error",
  "request-property-enum-value-added": "info",
  "request-property-enum-value-removed": "error",
  "request-property-became-enum": "error",
  "request-property-max-set": "warning",
  "request-property-max-decreased": "error",
  "request-property-max-increased": "info",
  "request-property-min-set": "warning",
  "request-property-min-increased": "error",
  "request-property-min-decreased": "info",
  "request-property-max-length-set": "warning",
  "request-property-max-length-decreased": "error",
  "request-property-max-length-increased": "info",
  "request-property-min-length-increased": "error",
  "request-property-min-length-decreased": "info",
  "request-property-min-items-set": "warning",
  "request-property-min-items-increased": "error",
  "request-property-pattern-added": "error",
  "request-property-pattern-changed": "warning",
  "request-property-pattern-removed": "info",
  "request-property-default-value-added": "info",
  "request-property-default-value-changed": "info",
  "request-property-default-value-removed": "info",
  "request-property-deprecated": "info",
  "request-property-reactivated": "info",
  "request-body-type-changed": "error",
  "request-body-type-generalized": "info",
  "request-body-became-nullable": "info",
  "request-body-became-not-nullable": "error",
  "request-body-enum-value-removed": "error",
  "request-body-became-enum": "error",
  "request-body-max-set": "warning",
  "request-body-max-decreased": "error",
  "request-body-max-increased": "info",
  "request-body-min-set": "warning",
  "request-body-min-increased": "error",
  "request-body-min-decreased": "info",
  "request-body-max-length-set": "warning",
  "request-body-max-length-decreased": "error",
  "request-body-max-length-increased": "info",
  "request-body-min-length-increased": "error",
  "request-body-min-length-decreased": "info",
  "request-body-min-items-set": "warning",
  "request-body-min-items-increased": "error",
  "request-body-default-value-added": "info",
  "request-body-default-value-changed": "info",
  "request-body-default-value-removed": "info",
  "response-property-type-changed": "error",
  "response-property-type-generalized": "error",
  "response-property-type-specialized": "info",
  "response-property-became-nullable": "error",
  "response-property-became-not-nullable": "info",
  "response-property-enum-value-added": "warning",
  "response-property-enum-value-removed": "info",
  "response-property-max-increased": "error",
  "response-property-min-decreased": "error",
  "response-property-max-length-increased": "error",
  "response-property-min-length-decreased": "error",
  "response-property-min-items-decreased": "error",
  "response-property-pattern-added": "info",
  "response-property-pattern-changed": "info",
  "response-property-pattern-removed": "info",
  "response-property-default-value-added": "info",
  "response-property-default-value-changed": "info",
  "response-property-default-value-removed": "info",
  "response-property-deprecated": "info",
  "response-property-reactivated": "info",
  "response-body-type-changed": "error",
  "response-body-type-generalized": "error",
  "response-body-type-specialized": "info",
  "response-body-became-nullable": "error",
  "response-body-became-not-nullable": "info",
  "response-body-max-increased": "error",
  "response-body-min-decreased": "error",
  "response-body-max-length-increased": "error",
  "response-body-min-length-decreased": "error",
  "response-body-min-items-decreased": "error",
  "response-body-default-value-added": "info",
  "response-body-default-value-changed": "info",
  "response-body-default-value-removed": "info",
};

/** @type {Map<string, { id: string, level: string, direction: string, family: string, reason: string, mirror: string|null, oasdiff: string|null }>} */
export const RULES = new Map();
for (const rule of [...otherRules, ...schemaRules.map((r) => ({ ...r, mirror: schemaMirror(r) }))]) {
  RULES.set(rule.id, { ...rule, oasdiff: OASDIFF_LEVELS[rule.id] ?? null });
}

export function ruleOf(id) {
  const rule = RULES.get(id);
  if (!rule) throw new Error(`change report: unknown rule ${id}`);
  return rule;
}
