// Strict validation of HTTP answers against an OpenAPI 3.0 document (the emulator-contract test).
//
// Strict: an answer may carry no property the spec does not declare, at any depth, whatever the
// spec says about `additionalProperties`. A copy of the document is validated instead of the
// document: every schema in a value position (a media type's `schema`, each of `properties`,
// `items`) is wrapped as `{ allOf: [schema], unevaluatedProperties: false }` (JSON Schema 2019-09,
// Ajv2019), and `additionalProperties: true` or a schema is dropped. `unevaluatedProperties` sees
// through `$ref`, `allOf` and the branch of `oneOf`/`anyOf` that matched, so a property is declared
// when any schema that applies to its object declares it. OpenAPI's `nullable` is Ajv's own keyword;
// `example`, `x-*` and `discriminator` are ignored (strict: false); ajv-formats checks uri, uuid,
// date-time, int32 and int64.
//
// int64: bodies are parsed with the package's parseJson (bigint above 2^53). JSON Schema has no
// bigint, so for validation only each bigint becomes a Number (still an integer, which is all
// `type: integer, format: int64` checks); exactness is asserted separately by the tests.
import { Ajv2019 } from "ajv/dist/2019.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { parseJson } from "../../src/core/json.js";

export interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}
interface ResponseObject {
  $ref?: string;
  headers?: Record<string, { required?: boolean; schema?: { type?: string; format?: string } }>;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
}

export interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const STRICT = "unevaluatedProperties";
const wrap = (schema: unknown): unknown =>
  isObject(schema) ? { allOf: [strictSchema(schema)], [STRICT]: false } : schema;

/** A schema with its value positions wrapped (see the top of this module); the schema itself is not. */
function strictSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "example" || key.startsWith("x-")) out[key] = value;
    else if (key === "additionalProperties") {
      if (value === false) out[key] = false; // `true` or a schema would declare every name
    } else if (key === "properties" && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, wrap(property)]));
    else if (key === "items") out[key] = wrap(value);
    else if ((key === "allOf" || key === "oneOf" || key === "anyOf") && Array.isArray(value))
      out[key] = value.map((member) => (isObject(member) ? strictSchema(member) : member));
    else if (key === "not" && isObject(value)) out[key] = strictSchema(value);
    else out[key] = value;
  }
  return out;
}

/** The document with every schema made strict: media type schemas wrapped, component schemas walked. */
function strictDocument(doc: OpenApi): OpenApi {
  const walk = (node: unknown, key: string | undefined, parentKey: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, undefined, key));
    if (!isObject(node)) return node;
    if (key === "schema") return wrap(node);
    if (parentKey === "components" && key === "schemas")
      return Object.fromEntries(Object.entries(node).map(([name, s]) => [name, isObject(s) ? strictSchema(s) : s]));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node))
      out[k] = k === "example" || k === "examples" || k.startsWith("x-") ? v : walk(v, k, key);
    return out;
  };
  return walk(doc, undefined, undefined) as OpenApi;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const formats = formatsModule as unknown as { default?: (ajv: Ajv2019) => Ajv2019 } & ((ajv: Ajv2019) => Ajv2019);
const addFormats = formats.default ?? formats;

const METHODS = ["get", "put", "post", "delete", "patch"];
const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** Where the emulator answers each API (for the "what to change" of a problem). */
function emulatorModule(template: string): string {
  if (template.startsWith("/es/")) return "src/emulator/madconnect.ts";
  if (template.startsWith("/networking/")) return "src/emulator/confluent.ts";
  return "src/emulator/otc.ts";
}

/**
 * Ajv's errors in words: where in the body (a JSON pointer; array indices of a list shown as `*`
 * when several items have the same problem), and what.
 */
function describeErrors(errors: readonly ErrorObject[]): string[] {
  const what = (error: ErrorObject) =>
    error.keyword === STRICT
      ? `has undeclared property "${String(error.params.unevaluatedProperty)}"`
      : (error.message ?? error.keyword);
  const groups = new Map<string, Set<string>>();
  for (const error of errors) {
    const key = `${error.instancePath.replace(/\/\d+(?=\/|$)/g, "/*")}\u0000${what(error)}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(error.instancePath));
  }
  return [...groups].map(([key, paths]) => {
    const [general, problem] = key.split("\u0000") as [string, string];
    const at = paths.size === 1 ? [...paths][0]! : `${general} (${paths.size} items)`;
    return `body${at} ${problem}`;
  });
}

/** Strict contract checks of answers against `doc` (its strict copy; `doc` is not changed). */
export function createContract(doc: OpenApi) {
  const spec = strictDocument(doc);
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec as object, "openapi");
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (segments: string[]): ValidateFunction => {
    const ref = `openapi#${segments.map((s) => `/${encodeURIComponent(escape(s))}`).join("")}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  };

  const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      template,
      method,
      operation: item[method] as Operation,
      regex: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    })),
  );
  type Op = (typeof operations)[number];

  /**
   * The operation of this method and path; for a method the path does not have (a 405), the path's
   * first operation that declares the status, whose response documents the path's errors.
   */
  function findOperation(method: string, path: string, status?: number): Op | undefined {
    const exact = operations.find((o) => o.method === method.toLowerCase() && o.regex.test(path));
    if (exact || status === undefined) return exact;
    return operations.find((o) => o.regex.test(path) && specResponse(o, status) !== undefined);
  }

  /** The spec's response object for this status, with its JSON pointer segments, or undefined. */
  function specResponse(op: Op, status: number) {
    const keys = [String(status), `${String(status)[0]}XX`, "default"];
    const key = keys.find((k) => op.operation.responses[k] !== undefined);
    if (!key) return undefined;
    let segments = ["paths", op.template, op.method, "responses", key];
    let response = op.operation.responses[key]!;
    if (response.$ref) {
      segments = response.$ref.replace(/^#\//, "").split("/");
      response = segments.reduce<any>((node, s) => node[s], doc) as ResponseObject;
    }
    return { key, response, segments };
  }

  /**
   * Problems of one answer against the spec (empty when it conforms), each naming the operation, the
   * status, the schema's JSON pointer, where in the body and what, and the module that answered.
   * `schemaOverride` validates a status the spec does not declare against a component schema.
   */
  function contractProblems(answer: Answer, schemaOverride?: string): string[] {
    // A status no operation of the path declares (a 405 the spec does not document) is named after the path's first.
    const op =
      findOperation(answer.method, answer.path, answer.status) ??
      (schemaOverride === undefined ? undefined : operations.find((o) => o.regex.test(answer.path)));
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    if (!op) return [`${where}: no operation of the spec matches`];
    const via = op.method.toUpperCase() === answer.method ? "" : ` (${answer.method}: the path's documented error)`;
    const name = `${op.operation.operationId} (${op.method.toUpperCase()} ${op.template}) → ${answer.status}${via}`;
    const problems: string[] = [];
    if (!answer.headers.get("x-request-id")) problems.push(`${name}: no X-Request-Id header`);
    const found = specResponse(op, answer.status);
    let segments: string[];
    if (!found) {
      if (!schemaOverride) return [...problems, `${name}: the spec declares no such response`];
      segments = schemaOverride.replace(/^#\//, "").split("/");
    } else {
      // As OpenAPI 3.0 reads a response header: optional unless `required: true`; checked when sent.
      for (const [header, declared] of Object.entries(found.response.headers ?? {})) {
        const value = answer.headers.get(header);
        if (value === null) {
          if (declared.required === true) problems.push(`${name}: required header ${header} is missing`);
        } else if (declared.schema?.type === "integer" && !/^-?\d+$/.test(value))
          problems.push(`${name}: header ${header} must be an integer, got ${JSON.stringify(value)}`);
        else if (declared.schema?.format === "uri" && !URL.canParse(value))
          problems.push(`${name}: header ${header} must be a URI, got ${JSON.stringify(value)}`);
      }
      if (found.response.content === undefined) {
        // No content declared: any body is undeclared content.
        if (answer.text !== "")
          problems.push(
            `${name}: the spec declares no content, but the body is ${JSON.stringify(answer.text.slice(0, 80))} (change ${emulatorModule(op.template)} to answer headers only, or the spec if the emulator is right)`,
          );
        return problems;
      }
      const media = found.response.content["application/json"];
      if (!media?.schema) return [...problems, `${name}: no JSON schema declared`];
      segments = [...found.segments, "content", "application/json", "schema"];
    }
    const validate = validatorAt(segments);
    if (!/^application\/json\b/.test(answer.headers.get("content-type") ?? ""))
      problems.push(`${name}: content-type is ${answer.headers.get("content-type")}`);
    let body: unknown;
    try {
      body = parseJson(answer.text);
    } catch (error) {
      return [...problems, `${name}: body is not JSON (${String(error)})`];
    }
    if (!validate(toValidatable(body))) {
      const schema = `#/${segments.map(escape).join("/")}`;
      problems.push(
        `${name}: ${describeErrors(validate.errors ?? []).join("; ")} (schema ${schema}; change ${emulatorModule(op.template)} to answer what the spec declares, or the spec if the emulator is right)`,
      );
    }
    return problems;
  }

  /** The response headers the spec declares for this answer, required or not (none when it declares no such response). */
  function declaredHeaders(answer: Pick<Answer, "method" | "path" | "status">): string[] {
    const op = findOperation(answer.method, answer.path, answer.status);
    return Object.keys((op && specResponse(op, answer.status)?.response.headers) ?? {});
  }

  return { operations, findOperation, contractProblems, declaredHeaders };
}

const toValidatable = (value: unknown): unknown =>
  typeof value === "bigint"
    ? Number(value)
    : Array.isArray(value)
      ? value.map(toValidatable)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValidatable(v)]))
        : value;
