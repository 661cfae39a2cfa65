// Spec drift: with `validate` on, every response of a documented status is checked against the
// operation's response schema (strict for undeclared properties), and each mismatch becomes a
// `Drift` finding, reported (`warn`) or thrown as a `DriftError` (`throw`). The validators are
// generated at build time (generated/<api>.validators.ts, Ajv standalone code: no schema compiled at
// run time, no eval) and imported only when validation is on, so a client without it ships none:
// each API's drift module (src/<vendor>/*drift.ts: this checker and the API's validators) is loaded
// by src/core/drift-hook.ts on the first call of a client with `validate` set.
import type { ClientCall, ClientSetup } from "./client.js";
import { ApiError, errorResponseDrift, type Vendor } from "./error-base.js";
import { MAX_MESSAGE_LENGTH, showable, type redactError } from "./errors.js";
import { parseJson, stringifyJson } from "./json.js";
import { redactedNumber, type Redactor } from "./redact.js";

export type DriftKind =
  "undeclared-property" | "type" | "enum" | "required" | "format" | "constraint" | "undocumented-status";

/** One place where a response does not match its spec. */
export interface Drift {
  vendor: Vendor;
  operationId: string;
  method: string;
  /** The path template, as in the spec. */
  path: string;
  status: number;
  /** JSON pointer into the body ("" for the body itself). */
  pointer: string;
  kind: DriftKind;
  /** What the spec says, in short. */
  expected: string;
  /** The value found at `pointer`, redacted and truncated (undefined where nothing is there). */
  actual: unknown;
  /**
   * How many places in this response this finding stands for: 1, or more where the same finding
   * repeats at pointers that differ only in array indices (`pointer` and `actual` are the first's).
   */
  count: number;
  /**
   * The distinct values found at the first places this finding stands for (at most 3 values, from at
   * most 20 places; redacted and truncated as `actual`, which is the first). [] where nothing is there
   * (a missing required property).
   */
  samples: unknown[];
  /**
   * The JSON types ("string", "integer", "number", "boolean", "null", "object", "array") of the values
   * at the places looked at for `samples` (at most 20), taken from the values themselves, before they
   * are redacted or cut: distinct, in the order first seen; "integer" for a whole number and for a
   * bigint. [] where nothing is there (a missing required property).
   */
  actualTypes: string[];
  /**
   * How many places in this response drifted beyond what its findings show: at most
   * `MAX_FINDINGS` (100) findings are built per response and the rest only counted, each place once
   * for each thing wrong there; past the validators' 10,000 listed errors, the errors only counted are
   * added as they are (a place whose `oneOf` branches all failed counts once per branch there). 0 unless
   * the response had more than 100 findings or more than 10,000 errors; the same on every finding of a
   * response.
   */
  omitted: number;
}

/** The most findings built for one response (a hostile body could otherwise make millions). */
export const MAX_FINDINGS = 100;
/** The key of a finding's (non-enumerable) list of its response's findings, for collectors such as `npm run drift`. */
export const RESPONSE_FINDINGS = Symbol.for("connectivity-clients.drift.responseFindings");

export type DriftMode = "warn" | "throw";
export type ValidateOption = "off" | DriftMode | { mode: DriftMode; onDrift?: ((drift: Drift) => void) | undefined };

/** An Ajv standalone validate function. */
interface Validate {
  (data: unknown): boolean;
  /** The errors listed (at most the generator's cap; a truncation by Ajv can leave holes). */
  errors?:
    | (
        | {
            instancePath: string;
            schemaPath: string;
            keyword: string;
            params: Record<string, unknown>;
            message?: string;
          }
        | undefined
      )[]
    | null;
  /** How many errors there were, listed or not (scripts/lib/validators.mjs caps the list). */
  errorCount?: number;
}
/** What a generated validators module exports. */
export interface ResponseValidators {
  responses: { [methodAndPath: string]: { operationId: string; statuses: { [status: string]: Validate | null } } };
}

/**
 * What an API's drift module exports (src/<vendor>/*drift.ts): this checker and the API's validators,
 * in one module so that a client loads both with one dynamic import.
 */
export interface DriftModule extends ResponseValidators {
  checkedCall: typeof checkedCall;
}

/**
 * The findings of one response, thrown in `throw` mode once the body has been read. A client hands
 * it out through `redactError`, as every error: message, body and findings redacted.
 */
export class DriftError extends ApiError {
  override readonly name: string = "DriftError";
  /** How many places drifted beyond what `findings` show (see `Drift.omitted`). */
  readonly omitted: number;
  constructor(
    readonly findings: Drift[],
    response: Response,
    body: unknown,
  ) {
    const first = findings[0]!;
    const url = response.url ? new URL(response.url) : undefined;
    const more =
      first.omitted > 0 ? `, and ${first.omitted} more place${first.omitted === 1 ? "" : "s"} not shown` : "";
    super({
      vendor: first.vendor,
      status: response.status,
      code: "spec_drift",
      message: `${first.method} ${first.path}: the response does not match the spec (${findings.length} finding${findings.length === 1 ? "" : "s"}${more}; first: ${first.kind} at "${first.pointer}", expected ${first.expected})`,
      requestId: response.headers.get("x-request-id") || undefined,
      body,
      method: first.method,
      url: url && `${url.origin}${url.pathname}`,
    });
    this.omitted = first.omitted;
  }
}

const MAX_ACTUAL = 200;

/**
 * JSON text, with a bigint as its bare digits and a number too large for a double (`1e400`, parsed as
 * Infinity) as `Infinity` or `-Infinity`, which is no JSON (JSON.stringify writes `null`: a finding
 * would say `got null`); undefined for undefined, as JSON.stringify.
 */
const asJson = (value: unknown): string | undefined =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : stringifyJson(value);

const cut = (text: string): string => (text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : text);

/** A number whose text holds a form of a secret, masked whole (as redactValue does: never in part). */
const maskedNumber = (value: number | bigint, redact: Redactor): boolean => redactedNumber(value, redact) !== value;

/** A leaf as JSON text (a bigint as its bare digits, as a number). */
const leafText = (value: unknown, redact: Redactor): string =>
  typeof value === "string"
    ? JSON.stringify(redact(value))
    : (typeof value === "number" || typeof value === "bigint") && maskedNumber(value, redact)
      ? '"[REDACTED]"'
      : typeof value === "bigint"
        ? String(value)
        : typeof value === "number" || typeof value === "boolean"
          ? JSON.stringify(value)
          : "null";

/**
 * The start of `value` as JSON text, written without recursion and only until it is longer than
 * MAX_ACTUAL (so at any depth and size, in work bounded by that length and the strings it reaches).
 * Each string is redacted whole before it is cut. `complete` is false when the text stopped early.
 */
function startOfJson(value: object, redact: Redactor): { text: string; complete: boolean } {
  const stack: { node: Record<string, unknown> | unknown[]; keys: string[] | undefined; next: number }[] = [];
  let text = "";
  const open = (node: object) => {
    const keys = Array.isArray(node) ? undefined : Object.keys(node);
    text += keys ? "{" : "[";
    stack.push({ node: node as Record<string, unknown>, keys, next: 0 });
  };
  open(value);
  while (stack.length > 0 && text.length <= MAX_ACTUAL) {
    const frame = stack[stack.length - 1]!;
    const { node, keys } = frame;
    if (frame.next === (keys ?? (node as unknown[])).length) {
      text += keys ? "}" : "]";
      stack.pop();
      continue;
    }
    if (frame.next > 0) text += ",";
    const key = keys?.[frame.next];
    const item = key === undefined ? (node as unknown[])[frame.next] : (node as Record<string, unknown>)[key];
    frame.next += 1;
    if (key !== undefined) text += `${JSON.stringify(redact(key))}:`;
    if (item !== null && typeof item === "object") open(item);
    else text += leafText(item, redact);
  }
  return { text, complete: stack.length === 0 };
}

/** The value as a finding shows it: strings redacted, anything longer than MAX_ACTUAL characters cut. */
function shown(value: unknown, redact: Redactor): unknown {
  if (value === undefined) return value;
  if (typeof value === "number" || typeof value === "bigint") {
    // An all-digit credential echoed as a number is masked as in a body; a bigint of many digits is cut.
    const digits = String(value);
    return maskedNumber(value, redact) ? "[REDACTED]" : digits.length > MAX_ACTUAL ? cut(digits) : value;
  }
  if (typeof value === "string") return cut(redact(value));
  if (value === null || typeof value !== "object") return value;
  const { text: start, complete } = startOfJson(value, redact);
  // Redacted again as a whole, for anything a redaction of its strings one by one would not see.
  const text = redact(start);
  if (!complete) return `${text.slice(0, MAX_ACTUAL)}…`;
  if (text.length > MAX_ACTUAL) return cut(text);
  try {
    return parseJson(text); // a bigint stays one
  } catch {
    return text; // a redaction that left no JSON
  }
}

const unescapeKey = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");
const escapeKey = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const at = (body: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .map(unescapeKey)
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      body,
    );
const child = (pointer: string, key: unknown) => `${pointer}/${escapeKey(String(key))}`;

/**
 * A pointer built from the server's own keys, which can echo a credential as well as a value can: each
 * key redacted as the server sent it (a key it sent already escaped, `~1` for `/`, would otherwise be
 * escaped twice past the redactor), then the whole as written.
 */
const redactedPointer = (pointer: string, redact: Redactor): string =>
  redact(
    pointer
      .split("/")
      .map((part) => {
        const key = unescapeKey(part);
        const masked = redact(key);
        return masked === key ? part : escapeKey(masked);
      })
      .join("/"),
  );

type Finding = Pick<Drift, "pointer" | "kind" | "expected" | "actual" | "count" | "samples" | "actualTypes">;
type AjvError = NonNullable<NonNullable<Validate["errors"]>[number]>;

/** Samples of a folded finding: at most MAX_SAMPLES distinct values, looked up at its first MAX_SAMPLED places. */
const MAX_SAMPLES = 3;
const MAX_SAMPLED = 20;

/** A pointer with its array indices (any all-digit segment) as `*`: the places a finding folds together. */
export const foldedPointer = (pointer: string): string => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

/** The JSON type of a parsed value ("integer" for a whole number or a bigint); undefined where nothing is. */
function jsonType(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return typeof value;
    case "bigint":
      return "integer";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "object":
      return value === null ? "null" : Array.isArray(value) ? "array" : "object";
    default:
      return undefined;
  }
}

/** An enum's values in words, worked out once per enum (Ajv hands over the schema's own array). */
const enumWords = new WeakMap<unknown[], string>();
function oneOf(values: unknown[]): string {
  let words = enumWords.get(values);
  if (words === undefined) enumWords.set(values, (words = `one of ${values.map((v) => asJson(v)).join(", ")}`));
  return words;
}

/** A finding's kind and expectation, and the key that folds the findings saying the same. */
interface Described {
  kind: DriftKind;
  expected: string;
  key: string;
}
const described = (kind: DriftKind, expected: string): Described => ({ kind, expected, key: `${kind} ${expected}` });

const UNDECLARED = described("undeclared-property", "no such property in the spec");
const REQUIRED = described("required", "a required property");
const TAG_TYPE = described("type", "string");
/** A bigint, or a number, beyond 2^53 where the schema declares an integer of no format. */
const BEYOND_2_53 = described("format", "int64 (an integer beyond 2^53; the spec declares no format)");
/** A whole number beyond -2^63..2^63-1 where the schema declares `format: int64`. */
const BEYOND_INT64 = described("format", "int64's range (-2^63 to 2^63-1)");
/**
 * A tag no member takes, from a validator whose error does not list the members' values (Ajv's own
 * code lists none; a generated validator may add them as `allowedValues`).
 */
const UNKNOWN_TAG = described("enum", "a documented kind");

/** The property an error names (its finding's pointer is the child of the error's instancePath by that name). */
const namedProperty = ({ keyword, params }: AjvError): unknown =>
  keyword === "required"
    ? params.missingProperty
    : keyword === "additionalProperties"
      ? params.additionalProperty
      : keyword === "unevaluatedProperties"
        ? params.unevaluatedProperty
        : keyword === "discriminator"
          ? params.tag
          : undefined;

/** The place an error's finding is at: its instancePath, or the property it names there. */
const placeOf = ({ instancePath }: AjvError, named: unknown) =>
  named === undefined ? instancePath : child(instancePath, named);

/** What an error says whatever the value: worked out once per schema location (see findingsOf). */
function describeStatic({ keyword, params }: AjvError): Described {
  switch (keyword) {
    case "unevaluatedProperties":
    case "additionalProperties":
      return UNDECLARED;
    case "required":
      return REQUIRED;
    case "type":
    case "int64":
    case "nullable":
      return described("type", String(params.type ?? "integer"));
    case "enum":
      return described("enum", oneOf(params.allowedValues as unknown[]));
    case "format":
    case "int32":
      return described("format", String(params.format ?? "int32"));
    case "safeInteger": // a number beyond 2^53 (1e300), as a bigint there is (see describeError)
      return BEYOND_2_53;
    case "int64Range":
      return BEYOND_INT64;
    default:
      return described("constraint", `${keyword} ${JSON.stringify(params)}`);
  }
}

const isIntegerType = (type: unknown) => type === "integer" || (Array.isArray(type) && type.includes("integer"));

/**
 * What `errors[index]` says (undefined: nothing of its own; its place says it through another error).
 * Value-dependent for a discriminator (what the tag holds) and an `integer` type error (a bigint is
 * an integer of the wrong size, not of the wrong type); cached by schema location otherwise.
 */
function describeError(
  errors: NonNullable<Validate["errors"]>,
  index: number,
  body: unknown,
  bySchemaPath: Map<string, Described>,
): Described | undefined {
  const error = errors[index]!;
  const { keyword, params, instancePath, schemaPath } = error;
  if (keyword === "discriminator") {
    const tag = params.tagValue;
    if (tag === undefined) return REQUIRED;
    if (typeof tag !== "string") return TAG_TYPE;
    const values = params.allowedValues;
    if (!Array.isArray(values)) return UNKNOWN_TAG;
    // (a new array in each error: worked out once per schema location, as below)
    let found = bySchemaPath.get(schemaPath);
    if (!found) bySchemaPath.set(schemaPath, (found = described("enum", oneOf(values))));
    return found;
  }
  if (keyword === "type" && isIntegerType(params.type) && typeof at(body, instancePath) === "bigint") {
    // An int32 error at the same place (its keyword comes after the type) says which size: that one stands.
    for (let next = index + 1; errors[next]?.instancePath === instancePath; next++)
      if (errors[next]!.keyword === "int32") return undefined;
    return BEYOND_2_53;
  }
  let found = bySchemaPath.get(schemaPath);
  if (!found) bySchemaPath.set(schemaPath, (found = describeStatic(error)));
  return found;
}

const SUMMARIES = new Set(["anyOf", "oneOf", "if"]);

/**
 * Which errors are no findings of their own, and what the summaries that are findings say. Ajv lists
 * an anyOf/oneOf/if's summary error right after the errors of its branches (all failed). Where some
 * branch takes the value's JSON type, the branches that do not are dropped (a string that misses a
 * string branch's pattern is a pattern finding, not also a type finding from an integer branch);
 * where none does, one type finding says every type the branches take. A summary is a finding only
 * where none of its branches' errors is left (as where oneOf matched more than one branch).
 */
function sortOut(
  errors: NonNullable<Validate["errors"]>,
  body: unknown,
): { dropped: Uint8Array; summaries: Map<number, Described> } | undefined {
  let dropped: Uint8Array | undefined;
  const summaries = new Map<number, Described>();
  for (let index = 0; index < errors.length; index++) {
    const summary = errors[index];
    if (!summary || !SUMMARIES.has(summary.keyword)) continue;
    dropped ??= new Uint8Array(errors.length);
    const { keyword, schemaPath, instancePath } = summary;
    const parent = schemaPath.slice(0, -keyword.length);
    const prefixes = keyword === "if" ? [`${parent}then/`, `${parent}else/`] : [`${schemaPath}/`];
    // The block of its branches' errors, right before it.
    let start = index;
    for (let before = index - 1; before >= 0; before--) {
      const error = errors[before];
      if (!error || !(error.instancePath === instancePath || error.instancePath.startsWith(`${instancePath}/`))) break;
      if (!prefixes.some((prefix) => error.schemaPath.startsWith(prefix))) break;
      start = before;
    }
    let wrongTypes: string[] = [];
    if (keyword !== "if") {
      const branchOf = (error: AjvError) => {
        const rest = error.schemaPath.slice(prefixes[0]!.length);
        return rest.slice(0, rest.indexOf("/"));
      };
      const valueType = jsonType(at(body, instancePath));
      const branches = new Set<string>();
      const mismatched = new Set<string>();
      for (let i = start; i < index; i++) {
        const error = errors[i]!;
        const branch = branchOf(error);
        branches.add(branch);
        const rootType =
          error.instancePath === instancePath &&
          (error.keyword === "type" || error.keyword === "int64") &&
          error.schemaPath === `${prefixes[0]}${branch}/${error.keyword}`;
        if (!rootType) continue;
        const accepted = String(error.params.type ?? "integer").split(",");
        if (accepted.includes(valueType!) || (valueType === "integer" && accepted.includes("number"))) continue;
        mismatched.add(branch);
        for (const type of accepted) if (!wrongTypes.includes(type)) wrongTypes.push(type);
      }
      const anyMatch = [...branches].some((branch) => !mismatched.has(branch));
      if (anyMatch) wrongTypes = [];
      for (let i = start; i < index; i++) if (!anyMatch || mismatched.has(branchOf(errors[i]!))) dropped[i] = 1;
    }
    let left = false;
    for (let i = start; i < index && !left; i++) left = dropped[i] === 0;
    if (left) dropped[index] = 1;
    else
      summaries.set(
        index,
        wrongTypes.length > 0
          ? described("type", wrongTypes.join(" or "))
          : summary.params.passingSchemas
            ? describeStatic(summary)
            : described("type", summary.message ?? keyword),
      );
  }
  return dropped && { dropped, summaries };
}

/**
 * Ajv's errors as findings: those at the same place but for array indices, of the same kind and
 * expectation, folded into one (counted), at most MAX_FINDINGS of them, the places beyond only
 * counted (`omitted`). Only the findings kept get the values found at their places (redacted and
 * cut), so the work past Ajv's is a small constant per error however many there are.
 */
function findingsOf(
  { errors, errorCount }: { errors: NonNullable<Validate["errors"]>; errorCount: number | undefined },
  body: unknown,
  redact: Redactor,
): { findings: Finding[]; omitted: number } {
  // By where in the body (array indices folded), the property an error names, and what it says
  // (kind and expectation). Nested maps keyed by strings that are mostly the same objects from one
  // error to the next (consecutive errors mostly share their instancePath, folded once for them; what
  // an error says is worked out once per schema location), so that an error costs a few lookups.
  const byPath = new Map<string, Map<unknown, Map<string, Finding>>>();
  const bySchemaPath = new Map<string, Described>();
  const sorted = sortOut(errors, body);
  const findings: Finding[] = [];
  /**
   * Every place (pointer) each finding stands for, counted once (the branches of a oneOf can say the same
   * of one place), in the order found: the first MAX_SAMPLED give its samples. As many strings as errors
   * listed at most (MAX_LISTED_ERRORS bounds them).
   */
  const counted = new Map<Finding, Set<string>>();
  /** The same for what is left out: each place and what is said of it, once. */
  const omittedPlaces = new Set<string>();
  let omitted = 0;
  let path: string | undefined;
  let folded = "";
  let listed = 0;
  for (let index = 0; index < errors.length; index++) {
    const error = errors[index];
    if (!error) continue;
    listed += 1;
    if (sorted?.dropped[index]) continue;
    const says = sorted?.summaries.get(index) ?? describeError(errors, index, body, bySchemaPath);
    if (!says) continue;
    if (error.instancePath !== path) folded = foldedPointer((path = error.instancePath));
    const named = namedProperty(error);
    const property = typeof named === "string" && /^\d+$/.test(named) ? "*" : named;
    let byProperty = byPath.get(folded);
    if (!byProperty) byPath.set(folded, (byProperty = new Map()));
    let byKey = byProperty.get(property);
    if (!byKey) byProperty.set(property, (byKey = new Map()));
    const finding = byKey.get(says.key);
    if (finding) {
      const place = placeOf(error, named);
      const seen = counted.get(finding)!;
      if (seen.has(place)) continue;
      seen.add(place);
      finding.count += 1;
    } else if (findings.length >= MAX_FINDINGS) {
      const place = `${placeOf(error, named)} ${says.key}`;
      if (!omittedPlaces.has(place)) {
        omittedPlaces.add(place);
        omitted += 1;
      }
    } else {
      const pointer = placeOf(error, named);
      const made: Finding = {
        pointer,
        kind: says.kind,
        expected: says.expected,
        actual: undefined,
        count: 1,
        samples: [],
        actualTypes: [],
      };
      byKey.set(says.key, made);
      findings.push(made);
      counted.set(made, new Set([pointer]));
    }
  }
  for (const finding of findings) {
    const seen = new Set<string>();
    let looked = 0;
    for (const place of counted.get(finding)!) {
      if (looked++ >= MAX_SAMPLED) break;
      const found = at(body, place);
      const type = jsonType(found);
      // Nothing there (a missing property): no type and no sample (JSON would show an undefined as null).
      if (type === undefined) continue;
      if (!finding.actualTypes.includes(type)) finding.actualTypes.push(type);
      if (finding.samples.length >= MAX_SAMPLES) continue;
      const value = shown(found, redact);
      const key = typeof value === "string" ? `s${value}` : (asJson(value) ?? "undefined");
      if (seen.has(key)) continue;
      seen.add(key);
      finding.samples.push(value);
    }
    finding.actual = finding.samples[0];
  }
  // The errors the validator counted but did not list are places not shown too (counted as errors: a
  // place whose oneOf branches all failed is in more than one).
  return { findings, omitted: omitted + Math.max(0, (errorCount ?? listed) - listed) };
}

export interface DriftCheckSetup {
  vendor: Vendor;
  mode: DriftMode;
  onDrift?: ((drift: Drift) => void) | undefined;
  redact: Redactor;
  /** The API's generated validators. */
  validators: ResponseValidators;
  /** True for a successful response's body that is an error envelope (the vendor profile's bodyError). */
  isErrorBody?: ((body: unknown) => boolean) | undefined;
}

/**
 * The check of one response of a JSON call: its parsed body (undefined when it had none, or none in
 * JSON: then only its status is checked). Returns the findings, after reporting them; in `throw` mode,
 * a successful response's are thrown instead (a DriftError). An error response's findings are also
 * kept for its typed error (`ApiError.drift`, see errorResponseDrift): the error the call would end in
 * without validation wins. `failing`: the call ends in an error whatever the check finds (a success
 * whose body is empty or no JSON, an `invalid_json` error): its findings are kept for that error too.
 */
export type DriftCheck = (
  method: string,
  path: string,
  response: Response,
  body: unknown,
  failing?: boolean,
) => Promise<Drift[]>;

/** How many distinct findings `onceEach` writes at most (a server could make up new property names without end). */
export const MAX_DISTINCT_WARNINGS = 1000;

/**
 * A pointer as a key to keep: itself, or past 256 characters its start, length and a hash (the pointer
 * holds the server's keys, which can be megabytes long; a client keeps up to MAX_DISTINCT_WARNINGS keys).
 */
export function boundedKey(pointer: string): string {
  if (pointer.length <= 256) return pointer;
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < pointer.length; i++) hash = Math.imul(hash ^ pointer.charCodeAt(i), 0x01000193);
  return `${pointer.slice(0, 200)}…${pointer.length}:${(hash >>> 0).toString(36)}`;
}

/**
 * `write`, called once for each distinct operation, pointer (array indices folded, as `*`) and kind
 * of finding, for at most MAX_DISTINCT_WARNINGS of them; then `full` once, and nothing more.
 */
export function onceEach(write: (drift: Drift) => void, full?: () => void): (drift: Drift) => void {
  const seen = new Set<string>();
  return (drift) => {
    if (seen.size > MAX_DISTINCT_WARNINGS) return;
    const key = `${drift.vendor} ${drift.operationId} ${boundedKey(foldedPointer(drift.pointer))} ${drift.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size <= MAX_DISTINCT_WARNINGS) write(drift);
    else full?.();
  };
}

/** A finding on one line: where, what was expected and found, and how many places it stands for. */
export const driftLine = (drift: Drift): string =>
  `${drift.operationId} (${drift.status}) at ${JSON.stringify(drift.pointer)}: ${drift.kind}, expected ${drift.expected}, got ${asJson(drift.actual)}` +
  (drift.count > 1 ? ` (${drift.count} places in the response)` : "") +
  (drift.omitted > 0 ? `; ${drift.omitted} more place${drift.omitted === 1 ? "" : "s"} of the response not shown` : "");

/** What the default warning and the CLI say once MAX_DISTINCT_WARNINGS findings were shown. */
export const NO_MORE_DRIFT = `${MAX_DISTINCT_WARNINGS} distinct findings shown, no more will be`;

/** One line on the console per distinct finding (see onceEach). */
const consoleOnceEach = () =>
  onceEach(
    // One line, escaped and bounded like an error message: the pointer holds the server's keys.
    (drift) =>
      console.warn(
        showable(`connectivity-clients: spec drift in ${drift.vendor} ${driftLine(drift)}`, MAX_MESSAGE_LENGTH),
      ),
    () => console.warn(`connectivity-clients: spec drift: ${NO_MORE_DRIFT} (set validate.onDrift to see every one)`),
  );

/**
 * The default `onDrift`, shared by every client of the process, so that a finding is one line however
 * many clients report it (an app may make a client per request or per tenant). Made on first use.
 */
let warnOnce: ((drift: Drift) => void) | undefined;

/** The default `onDrift` starts over, as in a new process (for tests of it). */
export function forgetDriftWarnings(): void {
  warnOnce = undefined;
}

/**
 * Whether `body` matches (Ajv's errors then on `validate`), or, when the validator could not finish,
 * what to say instead of its errors: the body drifted somewhere it cannot tell. A body nested deeper
 * than the stack does that: the uniqueness check (`distinctItems`, scripts/lib/validators.mjs) reads
 * items that have no `id` as JSON text.
 */
function validity(validate: Validate, body: unknown): boolean | Pick<Drift, "expected"> {
  try {
    return validate(body);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { expected: `a body the validator can check through (it stopped: ${reason})` };
  }
}

/** The validator of an operation's first documented error response (4XX, 5XX, a status ≥ 400 or default), if any. */
const errorValidator = (statuses: ResponseValidators["responses"][string]["statuses"]): Validate | null =>
  Object.entries(statuses).find(([status]) => /^[45]/.test(status) || status === "default")?.[1] ?? null;

/** The check of a client with `validate` on (made by checkedCall, below). */
export function createDriftCheck({
  vendor,
  mode,
  onDrift: given,
  redact,
  validators,
  isErrorBody,
}: DriftCheckSetup): DriftCheck {
  const onDrift = given ?? (warnOnce ??= consoleOnceEach());
  return async (method, path, response, body, failing = false) => {
    const operation = validators.responses[`${method} ${path}`];
    if (!operation) return [];
    const status = String(response.status);
    const statuses = operation.statuses;
    const documented = status in statuses || `${status[0]}XX` in statuses || "default" in statuses;
    // An error envelope with a success status (MadConnect's) is an error body: checked against the
    // operation's error response, not against the success schema of its status.
    const envelope = response.ok && isErrorBody?.(body) === true;
    const validate = envelope
      ? errorValidator(statuses)
      : (statuses[status] ?? statuses[`${status[0]}XX`] ?? statuses.default ?? null);
    const base = { vendor, operationId: operation.operationId, method, path, status: response.status };
    let findings: Drift[] = [];
    const verdict = documented && validate && body !== undefined ? validity(validate, body) : true;
    if (!documented)
      findings = [
        {
          ...base,
          pointer: "",
          kind: "undocumented-status",
          expected: `one of ${Object.keys(statuses).join(", ")}`,
          actual: response.status,
          count: 1,
          samples: [response.status],
          actualTypes: ["integer"],
          omitted: 0,
        },
      ];
    else if (verdict === false) {
      const { errors, errorCount } = validate!;
      const { findings: found, omitted } = findingsOf({ errors: errors ?? [], errorCount }, body, redact);
      findings = found.map((finding) => ({
        ...base,
        ...finding,
        pointer: redactedPointer(finding.pointer, redact),
        omitted,
      }));
    } else if (verdict !== true)
      findings = [
        {
          ...base,
          pointer: "",
          kind: "constraint",
          ...verdict,
          actual: undefined,
          count: 1,
          samples: [],
          actualTypes: [],
          omitted: 0,
        },
      ];
    if (findings.length === 0) return findings;
    // An error (a status, an envelope such as MadConnect's with HTTP 200, or a success whose body is
    // unreadable) ends in its own typed error.
    const failed = failing || !response.ok || envelope;
    if (!failed && mode === "throw") throw new DriftError(findings, response, body);
    if (failed) errorResponseDrift.set(response, findings);
    for (const finding of findings) {
      // Not enumerable: what tells a collector of many responses' findings which came from one (each
      // carries that response's `omitted`, to be counted once).
      Object.defineProperty(finding, RESPONSE_FINDINGS, { value: findings });
      onDrift(finding);
    }
    return findings;
  };
}

/** As options.ts words a value (a copy: importing it would split options.ts off the client's code). */
const describe = (value: unknown): string =>
  typeof value === "number" ? String(value) : value === null ? "null" : typeof value;

/** The `validate` option once it is set (neither undefined nor "off"): its mode and onDrift, or a TypeError. */
export function checkValidate(value: unknown): Pick<DriftCheckSetup, "mode" | "onDrift"> {
  const mode =
    typeof value === "string"
      ? value
      : typeof value === "object" && value !== null
        ? (value as { mode?: unknown }).mode
        : undefined;
  if (mode !== "warn" && mode !== "throw")
    throw new TypeError(
      `validate must be "off", "warn", "throw" or { mode: "warn" | "throw", onDrift }, got ${describe(value)}`,
    );
  if (typeof value === "object")
    for (const key of Object.keys(value as object))
      if (key !== "mode" && key !== "onDrift")
        throw new TypeError(`validate.${key} is not an option (known: mode, onDrift)`);
  const onDrift = typeof value === "object" ? (value as { onDrift?: unknown }).onDrift : undefined;
  if (onDrift !== undefined && typeof onDrift !== "function")
    throw new TypeError(`validate.onDrift must be a function, got ${describe(onDrift)}`);
  return { mode, onDrift: onDrift as DriftCheckSetup["onDrift"] };
}

/**
 * `call` with each response checked against its operation's schema (src/core/drift-hook.ts loads this on
 * a client's first call with `validate` set): a call that reads its success body as text, bytes or a
 * stream (`parseAs`) has its status checked, not that body. A body that is no JSON (empty, text, an HTML
 * page) is not checked against the schema, whatever its status; its status still is. An error body
 * (which openapi-fetch hands over parsed when it is JSON, as its text otherwise) counts as JSON when its
 * bytes parse as JSON, so that a JSON string (`"not found"`) is checked and the text `not found` is not.
 * A success whose body is empty or no JSON ends in its `invalid_json` error, which carries the findings
 * of its status. An error body is checked as the client hands it out, redacted; its findings never throw
 * here (see DriftCheck). `redactError` is the client's, handed over rather than imported: this module
 * imports no more of the client than ApiError, so that a bundler splits nothing else off the client's
 * code for it. `validators` are the API's, from the drift module that holds this function.
 */
export function checkedCall(
  call: ClientCall,
  setup: ClientSetup,
  redact: Redactor,
  safe: typeof redactError,
  validators: ResponseValidators,
): ClientCall {
  const check = createDriftCheck({
    vendor: setup.profile.vendor,
    ...checkValidate(setup.options.validate),
    redact,
    validators,
    isErrorBody: setup.profile.bodyError && ((body) => setup.profile.bodyError!(body) !== undefined),
  });
  /** The check, its own errors (a DriftError quoting the body, an onDrift's) made safe as every other. */
  const checked = async (...args: Parameters<DriftCheck>) => {
    try {
      await check(...args);
    } catch (thrown) {
      throw safe(thrown, redact);
    }
  };
  return async (method, path, init, onAnswer) => {
    const json = (init?.parseAs ?? "json") === "json";
    let errorBody: { response: Response; bytes: Uint8Array } | undefined;
    const result = await call(method, path, init, onAnswer, {
      errorBody: (response, bytes) => (errorBody = { response, bytes }),
      unreadable: (response) => checked(method, path, response, undefined, true),
    });
    const { response, data, error } = result;
    // A success read as text, bytes or a stream has its status checked, not its body.
    const success = json ? data : undefined;
    const body = response.ok ? success : wasJson(error, errorBody?.response === response ? errorBody.bytes : undefined);
    try {
      await checked(method, path, response, body);
    } catch (thrown) {
      // A stream nobody will read is let go (its connection with it).
      if (data instanceof ReadableStream) await data.cancel().catch(() => {});
      throw thrown;
    }
    return result;
  };
}

/**
 * An error body as openapi-fetch handed it over, or undefined when it was no JSON. openapi-fetch gives
 * an error body's text when JSON.parse refuses it, its value otherwise: only a string is in doubt, and
 * the bytes the response had tell (undefined bytes: none seen, as for a response a middleware replaced).
 */
function wasJson(error: unknown, bytes: Uint8Array | undefined): unknown {
  if (typeof error !== "string") return error;
  if (bytes === undefined) return undefined;
  const text = new TextDecoder().decode(bytes);
  // A JSON text whose value is a string starts with its quote (after white space): an HTML page is not parsed again.
  if (!/^[\t\n\r ]*"/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return error;
  } catch {
    return undefined;
  }
}
