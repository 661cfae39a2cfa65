// Spec drift: with `validate` on, every response of a documented status is checked against the
// operation's response schema (strict for undeclared properties), and each mismatch becomes a
// `Drift` finding, reported (`warn`) or thrown as a `DriftError` (`throw`). The validators are
// generated at build time (generated/<api>.validators.ts, Ajv standalone code: no schema compiled at
// run time, no eval) and imported only when validation is on, so a client without it ships none:
// each API's drift module (src/<vendor>/*drift.ts: this checker and the API's validators) is loaded
// by src/core/drift-hook.ts on the first call of a client with `validate` set.
import type { ClientCall, ClientSetup } from "./client.js";
import { ApiError, type Vendor } from "./error-base.js";
import type { redactError } from "./errors.js";
import type { Redactor } from "./redact.js";

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
  /** The value found, redacted and truncated (undefined where nothing is there). */
  actual: unknown;
}

export type DriftMode = "warn" | "throw";
export type ValidateOption = "off" | DriftMode | { mode: DriftMode; onDrift?: (drift: Drift) => void };

/** An Ajv standalone validate function. */
interface Validate {
  (data: unknown): boolean;
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;
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
  constructor(
    readonly findings: Drift[],
    response: Response,
    body: unknown,
  ) {
    const first = findings[0]!;
    super({
      vendor: first.vendor,
      status: response.status,
      code: "spec_drift",
      message: `${first.method} ${first.path}: the response does not match the spec (${findings.length} finding${findings.length === 1 ? "" : "s"}; first: ${first.kind} at "${first.pointer}", expected ${first.expected})`,
      requestId: response.headers.get("x-request-id") ?? undefined,
      body,
      method: first.method,
    });
  }
}

const MAX_ACTUAL = 200;

/** The value as a finding shows it: strings redacted, anything long truncated. */
function shown(value: unknown, redact: Redactor): unknown {
  if (value === undefined) return undefined;
  if (typeof value === "bigint") return value;
  if (typeof value === "string") {
    const text = redact(value);
    return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : text;
  }
  if (value === null || typeof value !== "object") return value;
  const text = redact(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL)}…` : JSON.parse(text);
}

const at = (body: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      body,
    );
const child = (pointer: string, key: unknown) => `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

type Finding = Pick<Drift, "pointer" | "kind" | "expected" | "actual">;

/** What one Ajv error says, as a finding's pointer, kind and expectation (undefined: not a finding of its own). */
function describeError(
  { instancePath, keyword, params, message }: NonNullable<Validate["errors"]>[number],
  alone: boolean,
): Omit<Finding, "actual"> | undefined {
  switch (keyword) {
    case "unevaluatedProperties":
    case "additionalProperties":
      return {
        pointer: child(instancePath, params.unevaluatedProperty ?? params.additionalProperty),
        kind: "undeclared-property",
        expected: "no such property in the spec",
      };
    case "required":
      return {
        pointer: child(instancePath, params.missingProperty),
        kind: "required",
        expected: "a required property",
      };
    case "type":
    case "int64":
    case "nullable":
      return { pointer: instancePath, kind: "type", expected: String(params.type ?? "integer") };
    case "enum":
      return {
        pointer: instancePath,
        kind: "enum",
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "format":
    case "int32":
      return { pointer: instancePath, kind: "format", expected: String(params.format ?? "int32") };
    case "discriminator":
      return { pointer: child(instancePath, params.tag), kind: "enum", expected: "a documented kind" };
    case "oneOf":
    case "anyOf":
    case "if":
      // A summary of its branches' errors: a finding only when no branch said more.
      return alone ? { pointer: instancePath, kind: "type", expected: message ?? keyword } : undefined;
    default:
      return { pointer: instancePath, kind: "constraint", expected: `${keyword} ${JSON.stringify(params)}` };
  }
}

/** Ajv's errors as findings, each with the value found at its pointer (redacted and cut). */
function findingsOf(errors: NonNullable<Validate["errors"]>, body: unknown, redact: Redactor): Finding[] {
  return errors.flatMap((error) => {
    const described = describeError(error, errors.length === 1);
    return described ? [{ ...described, actual: shown(at(body, described.pointer), redact) }] : [];
  });
}

export interface DriftCheckSetup {
  vendor: Vendor;
  mode: DriftMode;
  onDrift?: ((drift: Drift) => void) | undefined;
  redact: Redactor;
  /** The API's generated validators. */
  validators: ResponseValidators;
}

/** The check of one response of a JSON call: its parsed body (undefined when it had none, or none in JSON). */
export type DriftCheck = (method: string, path: string, response: Response, body: unknown) => Promise<void>;

/** `write`, called once for each distinct operation, pointer and kind of finding. */
export function onceEach(write: (drift: Drift) => void): (drift: Drift) => void {
  const seen = new Set<string>();
  return (drift) => {
    const key = `${drift.operationId} ${drift.pointer} ${drift.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    write(drift);
  };
}

/** The check of a client with `validate` on (made by checkedCall, below). */
export function createDriftCheck({ vendor, mode, onDrift: given, redact, validators }: DriftCheckSetup): DriftCheck {
  const onDrift =
    given ??
    onceEach((drift) =>
      console.warn(
        `connectivity-clients: spec drift in ${drift.vendor} ${drift.operationId} (${drift.status}) at ${JSON.stringify(drift.pointer)}: ${drift.kind}, expected ${drift.expected}, got ${JSON.stringify(drift.actual, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`,
      ),
    );
  return async (method, path, response, body) => {
    const operation = validators.responses[`${method} ${path}`];
    if (!operation) return;
    const status = String(response.status);
    const statuses = operation.statuses;
    const documented = status in statuses || `${status[0]}XX` in statuses || "default" in statuses;
    const validate = statuses[status] ?? statuses[`${status[0]}XX`] ?? statuses.default ?? null;
    const base = { vendor, operationId: operation.operationId, method, path, status: response.status };
    const findings: Drift[] = !documented
      ? [
          {
            ...base,
            pointer: "",
            kind: "undocumented-status",
            expected: `one of ${Object.keys(statuses).join(", ")}`,
            actual: response.status,
          },
        ]
      : validate && body !== undefined && !validate(body)
        ? findingsOf(validate.errors ?? [], body, redact).map((finding) => ({
            ...base,
            ...finding,
            // Built from the server's own keys, which can echo a credential as well as a value can.
            pointer: redact(finding.pointer),
          }))
        : [];
    if (findings.length === 0) return;
    if (mode === "throw") throw new DriftError(findings, response, body);
    for (const finding of findings) onDrift(finding);
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
  const onDrift = typeof value === "object" ? (value as { onDrift?: unknown }).onDrift : undefined;
  if (onDrift !== undefined && typeof onDrift !== "function")
    throw new TypeError(`validate.onDrift must be a function, got ${describe(onDrift)}`);
  return { mode, onDrift: onDrift as DriftCheckSetup["onDrift"] };
}

/**
 * `call` with each response of a JSON call checked against its operation's schema (src/core/drift-hook.ts
 * loads this on a client's first call with `validate` set). A body that is not JSON is not checked
 * (an error body openapi-fetch could not parse stays text); its status still is. An error body is
 * checked as the client hands it out, redacted. `redactError` is
 * the client's, handed over rather than imported: this module imports no more of the client than
 * ApiError, so that a bundler splits nothing else off the client's code for it. `validators` are the
 * API's, from the drift module that holds this function.
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
  });
  return async (method, path, init, onAnswer) => {
    const result = await call(method, path, init, onAnswer);
    if ((init?.parseAs ?? "json") !== "json") return result;
    const { response, data, error } = result;
    try {
      await check(method, path, response, response.ok ? data : typeof error === "string" ? undefined : error);
    } catch (thrown) {
      // A DriftError quotes the server's body: it goes through the redaction as every other error.
      throw safe(thrown, redact);
    }
    return result;
  };
}
