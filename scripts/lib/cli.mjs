// The command-line description of one API (generated/<api>.cli.ts): a neutral, serialisable account of
// each operation (command name, aliases, flags from its parameters and top-level body fields, paging,
// table columns) that src/cli turns into commands at run time (Restish's two steps).
import { X_CLI } from "./extensions.mjs";
import { fieldAt, paginationTable } from "./pagination.mjs";
import { flattenObject, jsonSchemaOf, operations, resolve, schemaAt, typeOf } from "./schema.mjs";

export class CliDeclarationError extends Error {}

/** The file name, in generated/, of an API's command-line description. */
export const cliFile = (api) => `${api}.cli.ts`;

/** `listEndpointServiceConnections` → `list-endpoint-service-connections`; `spec.private_link_attachment` → `spec-private-link-attachment`. */
export function kebabCase(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

const DEFAULT_COLUMNS = 5;
const PREFERRED_COLUMNS = ["id", "name", "status"];
const SCALARS = new Set(["string", "integer", "number", "boolean"]);

/** The schema facts a flag needs (type, enum, default, range), with $refs and allOf looked through. */
function valueSpec(doc, rawSchema) {
  const schema = resolve(doc, rawSchema) ?? {};
  const type = typeOf(doc, schema) ?? "string";
  const spec = { type };
  if (schema.format) spec.format = schema.format;
  if (schema.enum) spec.enum = schema.enum;
  if (schema.default !== undefined) spec.default = schema.default;
  if (schema.minimum !== undefined) spec.minimum = schema.minimum;
  if (schema.maximum !== undefined) spec.maximum = schema.maximum;
  if (type === "array") spec.items = valueSpec(doc, schema.items).type;
  return spec;
}

/** Scalar fields of the item schema, `id`, `name` and `status` first, as the default table columns. */
function defaultColumns(doc, itemSchema) {
  if (!itemSchema) return [];
  const scalar = [...flattenObject(doc, itemSchema).properties]
    .filter(([, schema]) => SCALARS.has(typeOf(doc, schema)))
    .map(([name]) => name);
  const preferred = PREFERRED_COLUMNS.filter((name) => scalar.includes(name));
  return [...preferred, ...scalar.filter((name) => !preferred.includes(name))].slice(0, DEFAULT_COLUMNS);
}

const COMMAND_WORD = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Checks one operation's `x-cli` declaration (the same checks run in `npm run lint`, the
 * connectivity/x-cli rule of scripts/redocly/plugin.mjs, and in `npm run generate`).
 * `paginated`: whether the operation has an x-pagination declaration; `itemSchemas`: the schemas of
 * one of its items (undefined when that declaration does not fit: the x-pagination checks report it).
 * @returns {{ key: (string | number)[], onKey?: boolean, message: string }[]} the problems (`key`: where
 *   in the declaration; `onKey`: about the key there rather than its value)
 */
export function checkCliDeclaration({ doc, declaration, paginated, itemSchemas }) {
  if (!declaration || typeof declaration !== "object" || Array.isArray(declaration))
    return [{ key: [], message: "must be an object (aliases, columns)" }];
  const problems = [];
  for (const key of Object.keys(declaration))
    if (!["aliases", "columns"].includes(key))
      problems.push({ key: [key], onKey: true, message: `unknown key "${key}" (expected aliases, columns)` });
  const { aliases = [], columns } = declaration;
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== "string" || !COMMAND_WORD.test(a)))
    problems.push({
      key: ["aliases"],
      message: "aliases must be a list of command words (lower-case letters, digits and dashes)",
    });
  if (columns === undefined) return problems;
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== "string"))
    problems.push({ key: ["columns"], message: "columns must be a list of field paths" });
  else if (!paginated)
    problems.push({
      key: ["columns"],
      message: "columns are fields of a list's items: the operation needs an x-pagination declaration",
    });
  else if (itemSchemas)
    columns.forEach((column, index) => {
      if (!itemSchemas.some((schema) => fieldAt(doc, schema, column).length))
        problems.push({ key: ["columns", index], message: `column "${column}" is not a field of the items` });
    });
  return problems;
}

/** Checks `info.x-cli`: only `name`, a command word. @returns the problems, as checkCliDeclaration's */
export function checkCliInfo(declaration) {
  if (declaration === undefined) return [];
  if (!declaration || typeof declaration !== "object" || Array.isArray(declaration))
    return [{ key: [], message: "must be an object (name)" }];
  const problems = Object.keys(declaration)
    .filter((key) => key !== "name")
    .map((key) => ({ key: [key], onKey: true, message: `unknown key "${key}" (expected name)` }));
  if (declaration.name !== undefined && !(typeof declaration.name === "string" && COMMAND_WORD.test(declaration.name)))
    problems.push({
      key: ["name"],
      message: "name must be a command word (lower-case letters, digits and dashes)",
    });
  return problems;
}

/** The command words of one operation: its name (from the operationId) and its aliases. */
export const commandWords = (operationId, declaration) => [
  kebabCase(operationId),
  ...(Array.isArray(declaration?.aliases) ? declaration.aliases : []),
];

function bodyFields(doc, operation) {
  const requestBody = resolve(doc, operation.requestBody);
  if (!requestBody) return undefined;
  const schema = jsonSchemaOf(doc, requestBody);
  if (!schema) return undefined;
  const { properties, required } = flattenObject(doc, schema);
  // A read-only property "SHOULD NOT be sent as part of the request" (OpenAPI 3.0): no flag for it.
  const writable = [...properties].filter(([, fieldSchema]) => resolve(doc, fieldSchema)?.readOnly !== true);
  return {
    required: requestBody.required === true,
    fields: writable.map(([name, fieldSchema]) => ({
      name,
      ...valueSpec(doc, fieldSchema),
      required: required.has(name),
      description: (resolve(doc, fieldSchema)?.description ?? "").trim(),
    })),
  };
}

/**
 * The command-line description of a bundled document.
 * @throws {CliDeclarationError} naming the operation whose `x-cli` does not fit it
 */
export function cliDescription(doc, { api, source = "the document", table = paginationTable(doc, source) }) {
  const infoProblem = checkCliInfo(doc.info?.[X_CLI])[0];
  if (infoProblem) throw new CliDeclarationError(`${source}: info.${X_CLI}: ${infoProblem.message}`);
  const info = doc.info?.[X_CLI] ?? {};
  const seen = new Map();
  const commands = [];
  for (const { path, method, operation, parameters } of operations(doc)) {
    const where = `${source}: ${X_CLI} of ${method.toUpperCase()} ${path} (${operation.operationId})`;
    const fail = (message) => {
      throw new CliDeclarationError(`${where}: ${message}`);
    };
    // Only a missing declaration means none (lint says so of `x-cli: null` too).
    const declared = operation[X_CLI] === undefined ? {} : operation[X_CLI];
    const pagination = method === "get" ? table[path] : undefined;
    const ok = jsonSchemaOf(doc, operation.responses?.["200"] ?? operation.responses?.["201"] ?? {});
    const items = pagination ? schemaAt(doc, ok, pagination.items.join("."))?.items : undefined;
    const problem = checkCliDeclaration({
      doc,
      declaration: declared,
      paginated: !!pagination,
      itemSchemas: items ? [items] : [],
    })[0];
    if (problem) fail(problem.message);
    const [name, ...aliases] = commandWords(operation.operationId, declared);
    for (const word of [name, ...aliases]) {
      if (seen.has(word)) fail(`"${word}" is already the name or an alias of ${seen.get(word)}`);
      seen.set(word, operation.operationId);
    }
    const body = bodyFields(doc, operation);
    commands.push({
      operationId: operation.operationId,
      name,
      aliases,
      summary: (operation.summary ?? "").trim(),
      description: (operation.description ?? "").trim(),
      method: method.toUpperCase(),
      path,
      parameters: parameters
        .filter((p) => ["path", "query", "header"].includes(p.in))
        .map((p) => ({
          name: p.name,
          in: p.in,
          flag: kebabCase(p.name),
          ...valueSpec(doc, p.schema),
          required: p.required === true,
          description: (p.description ?? "").trim(),
        })),
      ...(body && { body }),
      ...(pagination && {
        pagination: { ...pagination, columns: declared.columns ?? defaultColumns(doc, items) },
      }),
    });
  }
  return {
    api: info.name ?? api,
    title: doc.info?.title ?? api,
    description: (doc.info?.description ?? "").trim().split("\n\n")[0].replace(/\s+/g, " "),
    commands,
  };
}

/**
 * generated/<api>.cli.ts for an API of the generation loop: `[file name, formatted content]`
 * (`pagination`: the API's pagination table, when the loop has it already).
 */
export async function cliEntry(api, format, pagination) {
  const description = cliDescription(api.doc, { api: api.name, source: api.root, table: pagination });
  const content = `// Generated by \`npm run generate\` from ${api.root}. Do not edit.

/** The command-line description of ${api.name}: one command per operation (see scripts/lib/cli.mjs). */
export const cli = ${JSON.stringify(description, null, 2)};
`;
  return [cliFile(api.name), await format(content)];
}
