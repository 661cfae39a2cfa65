// Strict validation of HTTP answers, and of the requests that asked for them, against an OpenAPI 3.0
// document (the emulator-contract test). Requests are held to the same strictness but for a
// free-form object (`additionalProperties: true` or a schema), which a request may fill (see Side).
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
  parameters?: unknown[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
interface RequestBodyObject {
  $ref?: string;
  required?: boolean;
  content?: Record<string, { schema?: unknown }>;
}

/** A request as a case sends it: the path with its query, the headers, the body's text if any. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body?: string;
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
/**
 * Answers are held to what the spec declares even where it says `additionalProperties: true` (the
 * emulator must send nothing undeclared); requests are held to what the spec accepts, so there a
 * free-form object (`additionalProperties: true` or a schema, e.g. MadConnect's per-connector
 * `ConnectionConfig`) keeps its additional properties.
 */
type Side = "answer" | "request";

/** A schema with its value positions wrapped (see the top of this module); the schema itself is not. */
function strictSchema(schema: Record<string, unknown>, side: Side): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const wrap = (value: unknown) => wrapped(value, side);
  for (const [key, value] of Object.entries(schema)) {
    if (key === "example" || key.startsWith("x-")) out[key] = value;
    else if (key === "additionalProperties") {
      if (value === false)
        out[key] = false; // in an answer, `true` or a schema would declare every name
      else if (side === "request") out[key] = isObject(value) ? wrap(value) : value;
    } else if (key === "properties" && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, wrap(property)]));
    else if (key === "items") out[key] = wrap(value);
    else if ((key === "allOf" || key === "oneOf" || key === "anyOf") && Array.isArray(value))
      out[key] = value.map((member) => (isObject(member) ? strictSchema(member, side) : member));
    else if (key === "not" && isObject(value)) out[key] = strictSchema(value, side);
    else out[key] = value;
  }
  return out;
}
const wrapped = (schema: unknown, side: Side): unknown =>
  isObject(schema) ? { allOf: [strictSchema(schema, side)], [STRICT]: false } : schema;

/** The document with every schema made strict: media type schemas wrapped, component schemas walked. */
function strictDocument(doc: OpenApi, side: Side): OpenApi {
  const walk = (node: unknown, key: string | undefined, parentKey: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, undefined, key));
    if (!isObject(node)) return node;
    if (key === "schema") return wrapped(node, side);
    if (parentKey === "components" && key === "schemas")
      return Object.fromEntries(
        Object.entries(node).map(([name, s]) => [name, isObject(s) ? strictSchema(s, side) : s]),
      );
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

/** Where the emulator answers each API (for the "what to change" of a problem), by path or path template. */
export function emulatorModule(template: string): string {
  if (template.startsWith("/es/")) return "src/emulator/madconnect.ts";
  if (template.startsWith("/networking/")) return "src/emulator/confluent.ts";
  return "src/emulator/otc.ts";
}

/** The name of a oneOf/anyOf member: its schema's name, else its position. */
const memberName = (member: unknown, index: number): string =>
  isObject(member) && typeof member.$ref === "string"
    ? decodeURIComponent(member.$ref.split("/").at(-1)!)
    : `member ${index + 1}`;

/** A value for a message: its JSON, at most 40 characters. */
function shown(value: unknown, max = 40): string {
  const text = typeof value === "bigint" ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
const typeOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
/** At most `max` items of a list for a message, then how many more. */
const bounded = (items: string[], max: number) =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, … (${items.length - max} more)`;

/**
 * Ajv's errors in words: where (`root` and a JSON pointer; array indices of a list shown as `*`
 * when several items have the same problem), and what, with the value seen where it helps (an enum
 * or const value, a wrong type: the distinct values, at most three).
 */
function describeErrors(errors: readonly ErrorObject[], root = "body"): string[] {
  const what = (error: ErrorObject) => {
    if (error.keyword === STRICT) return `has undeclared property "${String(error.params.unevaluatedProperty)}"`;
    if (error.keyword === "enum")
      return `must be equal to one of the allowed values ${bounded(
        (error.params.allowedValues as unknown[]).map((v) => shown(v, 60)),
        12,
      )}`;
    if (error.keyword === "const") return `must be ${shown(error.params.allowedValue)}`;
    return error.message ?? error.keyword;
  };
  const seen = (error: ErrorObject) =>
    error.keyword === "enum" || error.keyword === "const"
      ? shown(error.data)
      : error.keyword === "type"
        ? `${typeOf(error.data)} ${shown(error.data)}`
        : undefined;
  const groups = new Map<string, { paths: Set<string>; values: Set<string> }>();
  for (const error of errors) {
    const key = `${error.instancePath.replace(/\/\d+(?=\/|$)/g, "/*")}\u0000${what(error)}`;
    const group = groups.get(key) ?? { paths: new Set(), values: new Set() };
    group.paths.add(error.instancePath);
    const value = seen(error);
    if (value !== undefined) group.values.add(value);
    groups.set(key, group);
  }
  return [...groups].map(([key, { paths, values }]) => {
    const [general, problem] = key.split("\u0000") as [string, string];
    const at = paths.size === 1 ? [...paths][0]! : `${general} (${paths.size} items)`;
    const got = values.size === 0 ? "" : `, got ${bounded([...values], 3)}`;
    return `${root}${at} ${problem}${got}`;
  });
}

/**
 * Validators of the strict copy of `doc` for one side (compiled once each, on first use), and
 * `explainUnions`, which tells Ajv's errors of a failed oneOf/anyOf as the member meant.
 */
function strictValidation(doc: OpenApi, side: Side) {
  const spec = strictDocument(doc, side);
  // verbose: an error carries its schema, parent schema and data (for the oneOf members and the values shown).
  const ajv = new Ajv2019({ strict: false, allErrors: true, verbose: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec as object, "openapi");
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (segments: string[]): ValidateFunction => {
    const ref = `openapi#${segments.map((s) => `/${encodeURIComponent(escape(s))}`).join("")}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  };

  /** The node of the strict document a local `$ref` (`#/components/...`) points at. */
  const resolve = (ref: string): unknown =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<any>((node, s) => node?.[s], spec);

  /** The property names a schema declares for its object (through `$ref`, `allOf`, `oneOf`, `anyOf`). */
  function declaredNames(schema: unknown, seen = new Set<unknown>()): string[] {
    if (!isObject(schema) || seen.has(schema)) return [];
    seen.add(schema);
    const names = Object.keys(isObject(schema.properties) ? schema.properties : {});
    if (typeof schema.$ref === "string") names.push(...declaredNames(resolve(schema.$ref), seen));
    for (const key of ["allOf", "oneOf", "anyOf"])
      if (Array.isArray(schema[key])) for (const member of schema[key]) names.push(...declaredNames(member, seen));
    return names;
  }

  /** A validator of one oneOf/anyOf member on its own (its local `$ref`s read in the strict document). */
  const memberValidators = new WeakMap<object, ValidateFunction>();
  function memberValidator(member: object): ValidateFunction {
    const toDocument = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(toDocument)
        : isObject(node)
          ? Object.fromEntries(
              Object.entries(node).map(([k, v]) => [
                k,
                k === "$ref" && typeof v === "string" && v.startsWith("#") ? `openapi${v}` : toDocument(v),
              ]),
            )
          : node;
    let validate = memberValidators.get(member);
    if (!validate) memberValidators.set(member, (validate = ajv.compile(toDocument(member) as object)));
    return validate;
  }

  /**
   * Ajv's errors with each failed oneOf/anyOf told as the member the object is meant to be: Ajv
   * reports every member's errors, and no property as evaluated, so an AWS object missing one field
   * would also read as missing every Azure and GCP field, with its own AWS fields "undeclared". The
   * member is the one the discriminator value names (its mapping, else the schema of that name), else
   * the member with the fewest errors; its errors replace all members' errors (Ajv reports them in a
   * block before the oneOf error, member after member, which is checked: if the block is not as
   * expected the errors stay as Ajv gave them), and an undeclared-property error is dropped for a
   * property that member declares.
   */
  function explainUnions(errors: readonly ErrorObject[]): ErrorObject[] {
    const kept: ErrorObject[][] = [];
    const declared = new Set<string>();
    for (let k = errors.length - 1; k >= 0; k--) {
      const error = errors[k]!;
      const members = error.schema;
      if ((error.keyword !== "oneOf" && error.keyword !== "anyOf") || !Array.isArray(members)) {
        kept.push([error]);
        continue;
      }
      const results = members.map((member: unknown) => {
        if (!isObject(member)) return [];
        const validate = memberValidator(member);
        return validate(error.data)
          ? []
          : (validate.errors ?? []).map((e) => ({ ...e, instancePath: error.instancePath + e.instancePath }));
      });
      const all = results.flat();
      const block = errors.slice(k - all.length, k);
      if (
        all.length > k ||
        block.some((e, i) => e.keyword !== all[i]!.keyword || e.instancePath !== all[i]!.instancePath)
      ) {
        kept.push([error]);
        continue;
      }
      k -= all.length;
      const passing = results.flatMap((r, i) => (r.length === 0 ? [i] : []));
      const names = (indices: number[]) => indices.map((i) => memberName(members[i], i)).join(", ");
      let chosen: number[];
      let message: string;
      let memberErrors: ErrorObject[] = [];
      if (passing.length > 0) {
        chosen = passing;
        message = `matches more than one member of its oneOf (${names(passing)})`;
      } else {
        const byValue = discriminated(error, members);
        const fewest = results.reduce((best, r, i) => (r.length < results[best]!.length ? i : best), 0);
        const index = byValue?.index ?? fewest;
        chosen = [index];
        const why = byValue
          ? `the member its ${byValue.property} ${shown(byValue.value, 100)} names`
          : "the member with the fewest problems";
        message = `matches no member of its ${error.keyword}; checked as ${names(chosen)}, ${why}`;
        memberErrors = explainUnions(results[index]!);
      }
      for (const i of chosen)
        for (const name of declaredNames(members[i])) declared.add(`${error.instancePath}\u0000${name}`);
      kept.push([{ ...error, message }, ...memberErrors]);
    }
    return kept
      .reverse()
      .flat()
      .filter(
        (e) => e.keyword !== STRICT || !declared.has(`${e.instancePath}\u0000${String(e.params.unevaluatedProperty)}`),
      );
  }

  /** The member a failed oneOf/anyOf's discriminator value names, if it names one. */
  function discriminated(error: ErrorObject, members: unknown[]) {
    const discriminator = isObject(error.parentSchema) ? error.parentSchema.discriminator : undefined;
    if (!isObject(discriminator) || typeof discriminator.propertyName !== "string" || !isObject(error.data)) return;
    const property = discriminator.propertyName;
    const value = error.data[property];
    if (typeof value !== "string") return;
    const target = isObject(discriminator.mapping) ? discriminator.mapping[value] : undefined;
    const index = members.findIndex((m, i) =>
      isObject(m) && target !== undefined ? m.$ref === target : memberName(m, i).replace(/^[^_]*_/, "") === value,
    );
    return index === -1 ? undefined : { index, property, value };
  }

  return { validatorAt, explainUnions };
}

/** Strict contract checks of answers against `doc` (its strict copy; `doc` is not changed). */
export function createContract(doc: OpenApi) {
  const answerSide = strictValidation(doc, "answer");
  const requestSide = strictValidation(doc, "request");
  const { validatorAt, explainUnions } = answerSide;

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
        `${name}: ${describeErrors(explainUnions(validate.errors ?? [])).join("; ")} (schema ${schema}; change ${emulatorModule(op.template)} to answer what the spec declares, or the spec if the emulator is right)`,
      );
    }
    return problems;
  }

  const at = (segments: string[]): any => segments.reduce<any>((node, s) => node?.[s], doc);
  const refSegments = (ref: string) =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

  /** An operation's parameters (its path item's, overridden by its own), each with its JSON pointer. */
  function parametersOf(op: Op) {
    const lists: [string[], unknown][] = [
      [["paths", op.template, "parameters"], doc.paths[op.template]!.parameters],
      [["paths", op.template, op.method, "parameters"], op.operation.parameters],
    ];
    const byKey = new Map<string, { parameter: Parameter; segments: string[] }>();
    for (const [base, list] of lists)
      (Array.isArray(list) ? list : []).forEach((entry: { $ref?: string }, i) => {
        const segments = entry.$ref ? refSegments(entry.$ref) : [...base, String(i)];
        const parameter = at(segments) as Parameter;
        byKey.set(`${parameter.in}:${parameter.name}`, { parameter, segments });
      });
    return [...byKey.values()];
  }

  /** A parameter's text as its schema's type reads it (a number, a boolean), else the text itself. */
  function coerce(text: string, schema: unknown): unknown {
    let node = schema;
    for (let hops = 0; isObject(node) && typeof node.$ref === "string" && hops < 10; hops++)
      node = at(refSegments(node.$ref));
    const type = isObject(node) ? node.type : undefined;
    if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
    if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
    return text;
  }

  /**
   * Problems of a request against its operation in the spec (empty when the spec accepts it), as
   * strictly as answers: path parameters, query parameters (an undeclared one too, a repeated one),
   * header parameters, and the JSON body (no undeclared property at any depth). Each names the
   * operation and the parameter, or where in the body, and what.
   */
  function requestProblems(request: SentRequest): string[] {
    const url = new URL(request.url, "http://localhost");
    const op = findOperation(request.method, url.pathname);
    if (!op) return [`${request.method} ${url.pathname}: the spec has no operation of this method and path`];
    const name = `${op.operation.operationId} (${op.method.toUpperCase()} ${op.template}) request`;
    const problems: string[] = [];
    const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const match = new RegExp(`^${op.template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "([^/]+)")}$`).exec(
      url.pathname,
    );
    const pathValues = new Map(names.map((n, i) => [n, decodeURIComponent(match?.[i + 1] ?? "")]));
    const undeclared = new Set(url.searchParams.keys());
    for (const { parameter, segments } of parametersOf(op)) {
      const where = `${parameter.in} parameter ${parameter.name}`;
      let values: string[] = [];
      if (parameter.in === "path") values = pathValues.has(parameter.name) ? [pathValues.get(parameter.name)!] : [];
      else if (parameter.in === "query") {
        values = url.searchParams.getAll(parameter.name);
        undeclared.delete(parameter.name);
      } else if (parameter.in === "header") {
        const value = request.headers.get(parameter.name);
        values = value === null ? [] : [value];
      } else continue;
      if (values.length === 0) {
        if (parameter.required) problems.push(`${where} is required, and not sent`);
        continue;
      }
      if (values.length > 1) problems.push(`${where} is sent ${values.length} times, the spec declares one value`);
      if (parameter.schema === undefined) continue;
      const validate = requestSide.validatorAt([...segments, "schema"]);
      if (!validate(coerce(values[0]!, parameter.schema)))
        problems.push(...describeErrors(requestSide.explainUnions(validate.errors ?? []), where));
    }
    for (const query of undeclared) problems.push(`query parameter ${query} is not declared`);

    let bodySegments = ["paths", op.template, op.method, "requestBody"];
    let declared = op.operation.requestBody;
    if (declared?.$ref) declared = at((bodySegments = refSegments(declared.$ref))) as RequestBodyObject;
    const sent = request.body !== undefined && request.body !== "";
    if (!declared) {
      if (sent) problems.push("a body is sent, but the spec declares no request body");
    } else if (!sent) {
      if (declared.required) problems.push("the spec requires a body, and none is sent");
    } else if (!declared.content?.["application/json"]?.schema) problems.push("the spec declares no JSON body");
    else {
      if (!/^application\/json\b/.test(request.headers.get("content-type") ?? ""))
        problems.push(`content-type is ${request.headers.get("content-type")}, the spec declares application/json`);
      let body: unknown;
      try {
        body = parseJson(request.body!);
      } catch {
        problems.push(`body is not JSON: ${shown(request.body)}`);
      }
      const validate = requestSide.validatorAt([...bodySegments, "content", "application/json", "schema"]);
      if (body !== undefined && !validate(toValidatable(body)))
        problems.push(...describeErrors(requestSide.explainUnions(validate.errors ?? [])));
    }
    return problems.map((problem) => `${name}: ${problem}`);
  }

  /** The response headers the spec declares for this answer, required or not (none when it declares no such response). */
  function declaredHeaders(answer: Pick<Answer, "method" | "path" | "status">): string[] {
    const op = findOperation(answer.method, answer.path, answer.status);
    return Object.keys((op && specResponse(op, answer.status)?.response.headers) ?? {});
  }

  return { operations, findOperation, contractProblems, requestProblems, declaredHeaders };
}

const toValidatable = (value: unknown): unknown =>
  typeof value === "bigint"
    ? Number(value)
    : Array.isArray(value)
      ? value.map(toValidatable)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValidatable(v)]))
        : value;
