// `connectivity <api> <operation>`: one command per operation of the generated descriptions
// (generated/<api>.cli.ts), with flags typed and checked as the spec says, before any request.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { driftLine, NO_MORE_DRIFT, onceEach, type ValidateOption } from "../core/drift.js";
import { MAX_MESSAGE_LENGTH, showable } from "../core/errors.js";
import { parseJson } from "../core/json.js";
import { MAX_TIMER_MS } from "../core/options.js";
import { dig } from "../core/paginate/cursor.js";
import type { Emulator } from "../emulator/index.js";
import {
  checkCredentialSet,
  checkEnvironment,
  connect,
  CREDENTIAL_VARIABLES,
  DEFAULT_VARIABLES,
  environmentRedactor,
  hasCredentials,
  lazyEmulator,
  redactedStream,
  type Env,
} from "./connect.js";
import { APIS, type ApiDescription, type CommandDescription, type ValueSpec } from "./description.js";
import { EXIT, EXIT_CODES_HELP, exitCodeOf, UsageError } from "./exit-codes.js";
import { describeError } from "./describe-error.js";
import { FORMATS, render, type Format, type OutputStream } from "./output.js";
import { progress } from "./progress.js";

export interface CliIo {
  env: Env;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Applied to text before the output cuts it (set by `run`: the environment's redactor). */
  redact?: ((text: string) => string) | undefined;
  /** Reads standard input whole (for `--data -`). */
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
  /** The emulator that serves APIs without credentials (default: the embedded one, started on first use). */
  emulator?: () => Promise<Emulator>;
}

const GLOBAL_FLAGS = new Set([
  "base-url",
  "region",
  "output",
  "all",
  "max-items",
  "concurrency",
  "timeout-ms",
  "validate",
  "data",
  "help",
]);

/** The most pages `--concurrency` asks for at once: a typo must not send thousands of requests to a vendor's API. */
export const MAX_CONCURRENCY = 64;

function positiveInteger(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string) => {
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < 1 || value > max)
      throw new InvalidArgumentError(`${flag} must be an integer from 1 to ${max}.`);
    return value;
  };
}

/** A flag value as the spec types it: integers and numbers in range, booleans, JSON for objects and arrays. */
function parseValue(spec: ValueSpec, raw: string): unknown {
  switch (spec.type) {
    case "integer":
    case "number": {
      const valid = spec.type === "integer" ? /^-?\d+$/.test(raw) : raw.trim() !== "" && Number.isFinite(Number(raw));
      if (!valid) throw new InvalidArgumentError(`Not ${spec.type === "integer" ? "an integer" : "a number"}.`);
      const value = spec.type === "integer" && !Number.isSafeInteger(Number(raw)) ? BigInt(raw) : Number(raw);
      if (spec.minimum !== undefined && value < spec.minimum)
        throw new InvalidArgumentError(`Must be at least ${spec.minimum}.`);
      if (spec.maximum !== undefined && value > spec.maximum)
        throw new InvalidArgumentError(`Must be at most ${spec.maximum}.`);
      return value;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") throw new InvalidArgumentError("Must be true or false.");
      return raw === "true";
    case "object":
    case "array":
      try {
        return parseJson(raw);
      } catch {
        throw new InvalidArgumentError("Not valid JSON.");
      }
    default:
      return raw;
  }
}

/** A flag's spec, and how its help says it is required ("required" when it is). */
type FlagSpec = ValueSpec & { required?: boolean; requiredText?: string; name?: string };

function flagHelp(description: string, spec: FlagSpec): string {
  const variable = spec.name === undefined ? undefined : DEFAULT_VARIABLES[spec.name];
  const facts = [
    spec.required ? (spec.requiredText ?? "required") : undefined,
    variable ? `default: $${variable}, or the emulator's` : undefined,
    spec.minimum !== undefined ? `minimum: ${spec.minimum}` : undefined,
    spec.maximum !== undefined ? `maximum: ${spec.maximum}` : undefined,
    spec.default !== undefined ? `default: ${JSON.stringify(spec.default)}` : undefined,
  ].filter(Boolean);
  const text = description.replace(/\s+/g, " ").trim();
  return facts.length ? `${text} (${facts.join("; ")})` : text;
}

function valueOption(flag: string, placeholder: string, description: string, spec: FlagSpec) {
  const option = new Option(`--${flag} <${placeholder}>`, flagHelp(description, spec));
  if (!spec.enum) return option.argParser((raw) => parseValue(spec, raw));
  const choices = spec.enum.map(String);
  option.choices(choices); // shown in --help; the parser below checks them (it replaces commander's)
  return option.argParser((raw) => {
    if (!choices.includes(raw)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(", ")}.`);
    return parseValue(spec, raw);
  });
}

function addGlobalOptions(command: Command, api: string) {
  command.addOption(
    new Option(
      "--base-url <url>",
      api === "madconnect"
        ? "send to this URL instead of MADCONNECT_BASE_URL's (needs MADCONNECT_TOKEN)"
        : "send to this URL instead of the vendor's (needs the API's credentials)",
    ),
  );
  if (api === "vpc" || api === "vpcep")
    command.addOption(
      new Option("--region <region>", "OTC region (eu-de, eu-nl, eu-ch2; default OTC_REGION or eu-de)"),
    );
  command
    .addOption(new Option("-o, --output <format>", "table on a terminal, json when piped").choices(FORMATS))
    .addOption(new Option("--all", "every page, through paginate (list operations)"))
    .addOption(
      new Option("--max-items <n>", "stop after n items (list operations)").argParser(positiveInteger("--max-items")),
    )
    .addOption(
      new Option("--concurrency <n>", `pages requested at once while paging (at most ${MAX_CONCURRENCY})`).argParser(
        positiveInteger("--concurrency", MAX_CONCURRENCY),
      ),
    )
    .addOption(
      new Option("--timeout-ms <ms>", "time limit of each attempt").argParser(
        positiveInteger("--timeout-ms", MAX_TIMER_MS),
      ),
    )
    .addOption(new Option("--validate <mode>", "check responses against the spec").choices(["warn", "throw"]));
}

interface Flags {
  params: { option: Option; name: string; in: string; required: boolean }[];
  body: { option: Option; name: string; required: boolean }[];
}

function addOperationOptions(command: Command, description: CommandDescription): Flags {
  const flags: Flags = { params: [], body: [] };
  const taken = new Set(GLOBAL_FLAGS);
  for (const p of description.parameters) {
    const flag = taken.has(p.flag) ? `${p.in}-${p.flag}` : p.flag;
    taken.add(flag);
    const option = valueOption(flag, p.type, p.description, p);
    command.addOption(option);
    flags.params.push({ option, name: p.name, in: p.in, required: p.required });
  }
  if (description.body) {
    const optional = !description.body.required;
    command.addOption(
      new Option(
        "--data <file>",
        `the request body: @file.json, - for stdin, or JSON text (sent as given; the body field flags are added to it)${optional ? "; without it or any body field flag, no body is sent" : ""}`,
      ),
    );
    // A field of an optional body is required only when a body is sent.
    const requiredText = optional ? "required when a body is sent" : "required";
    for (const field of description.body.fields) {
      const plain = field.name
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .replace(/[^A-Za-z0-9]+/g, "-")
        .toLowerCase();
      const flag = taken.has(plain) ? `body-${plain}` : plain;
      taken.add(flag);
      const placeholder = field.type === "object" || field.type === "array" ? "json" : field.type;
      const option = valueOption(flag, placeholder, `body field ${field.name}: ${field.description}`, {
        ...field,
        requiredText,
      });
      command.addOption(option);
      flags.body.push({ option, name: field.name, required: field.required });
    }
  }
  return flags;
}

/** The text of `--data @file`; a file that cannot be read (missing, a directory, not allowed) is a usage error. */
async function readDataFile(data: string, io: CliIo): Promise<string> {
  try {
    return await io.readFile(data.slice(1));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--data ${data}: cannot read the file (${reason})`);
  }
}

/** What a JSON value is, for a message: "an array", "a string", "null", ... */
function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value === "bigint" ? "number" : typeof value}`;
}

async function readBody(data: string | undefined, io: CliIo): Promise<unknown> {
  if (data === undefined) return undefined;
  const text = data === "-" ? await io.readStdin() : data.startsWith("@") ? await readDataFile(data, io) : data;
  let body: unknown;
  try {
    body = parseJson(text);
  } catch {
    throw new UsageError(`--data ${data}: not valid JSON`);
  }
  return body;
}

/**
 * `--validate`: each distinct finding that does not throw (all of them with "warn"; with "throw", those
 * of an error response, which ends in its own error) is written once to the CLI's stderr, on one line
 * (the pointer holds the server's keys: escaped like an error message, and as long at most).
 */
function validateOption(mode: "warn" | "throw", stderr: OutputStream): ValidateOption {
  const onDrift = onceEach(
    (drift) => stderr.write(`${showable(`drift: ${driftLine(drift)}`, MAX_MESSAGE_LENGTH)}\n`),
    () => stderr.write(`drift: ${NO_MORE_DRIFT}\n`),
  );
  return { mode, onDrift };
}

async function runOperation(
  api: ApiDescription,
  description: CommandDescription,
  flags: Flags,
  command: Command,
  io: CliIo,
  emulator: () => Promise<Emulator>,
) {
  const values = command.opts();
  const format: Format = values.output ?? (io.stdout.isTTY ? "table" : "json");
  checkEnvironment(io.env);
  if (values.baseUrl !== undefined && values.baseUrl.trim() === "")
    throw new UsageError("--base-url is empty: give the API's base URL (https://...), or leave the flag out");
  // MadConnect has no vendor URL: --base-url gives what MADCONNECT_BASE_URL would, and its token is then its credentials.
  const env =
    api.api === "madconnect" && values.baseUrl !== undefined
      ? { ...io.env, MADCONNECT_BASE_URL: values.baseUrl }
      : io.env;
  const needsCredentials = () =>
    new UsageError(
      `--base-url needs the credentials of ${api.api} (${api.api === "madconnect" ? "MADCONNECT_TOKEN" : CREDENTIAL_VARIABLES[api.api]})`,
    );
  // Half a set is named as such; MadConnect's URL from --base-url without its token is the flag's problem.
  if (values.baseUrl !== undefined && api.api === "madconnect" && io.env.MADCONNECT_TOKEN === undefined)
    throw needsCredentials();
  checkCredentialSet(api.api, env);
  if (values.baseUrl !== undefined && !hasCredentials(api.api, env)) throw needsCredentials();
  const { client, emulated, defaults } = await connect(
    api.api,
    {
      ...(values.baseUrl !== undefined && { baseUrl: values.baseUrl }),
      ...(values.region !== undefined && { region: values.region }),
      ...(values.timeoutMs !== undefined && { timeoutMs: values.timeoutMs }),
      ...(values.validate !== undefined && { validate: validateOption(values.validate, io.stderr) }),
    },
    env,
    emulator,
  );
  if (emulated)
    io.stderr.write(
      `${api.api}: no credentials in the environment (${CREDENTIAL_VARIABLES[api.api]}): serving from the embedded emulator at ${client.baseUrl}\n`,
    );
  const params: Record<string, Record<string, unknown>> = { path: {}, query: {}, header: {} };
  const missing: string[] = [];
  for (const { option, name, in: location, required } of flags.params) {
    const value = values[option.attributeName()] ?? defaults[name];
    if (value === undefined) {
      if (required) missing.push(option.long!);
      continue;
    }
    params[location]![name] = value;
  }
  const fields = flags.body.map((field) => ({ ...field, value: values[field.option.attributeName()] as unknown }));
  // A body built from field flags needs each required field; one given with --data is sent as given (the
  // server judges it), and an optional body with no field flag at all is not sent.
  const fromFlags =
    values.data === undefined && (description.body?.required || fields.some((f) => f.value !== undefined));
  const missingFields = fromFlags ? fields.filter((f) => f.required && f.value === undefined) : [];
  missing.push(...missingFields.map((f) => f.option.long!));
  if (missing.length)
    throw new UsageError(
      `missing required flag${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}${missingFields.length ? " (or the whole body with --data @file.json or --data -)" : ""}`,
    );
  let body = await readBody(values.data, io);
  const given = fields.filter((f) => f.value !== undefined);
  // The field flags add fields to an object: to any other JSON value they would be spread into a mangled body.
  if (given.length > 0 && body !== undefined && (body === null || typeof body !== "object" || Array.isArray(body)))
    throw new UsageError(
      `--data ${values.data}: the body is ${jsonKind(body)}, not a JSON object, so the body field flags (${given.map((f) => f.option.long).join(", ")}) cannot be added to it`,
    );
  for (const { name, value } of given) body = { ...(body as Record<string, unknown> | undefined), [name]: value };
  if (description.body?.required && body === undefined)
    throw new UsageError(`a request body is required: --data @file.json, --data - (stdin), or the body field flags`);
  const init = { params, ...(body !== undefined && { body }) };
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;
  const paging = description.pagination;

  if (paging && (values.all || values.maxItems !== undefined)) {
    const size = params.query![paging.size.param];
    const meter = progress(io.stderr, `${api.api} ${description.name}`);
    const items: unknown[] = [];
    const paginated = pagingChecked(() =>
      client.paginate(description.path, init, {
        ...(values.maxItems !== undefined && { maxItems: values.maxItems }),
        ...(values.concurrency !== undefined && { concurrency: values.concurrency }),
        ...(typeof size === "number" && { pageSize: size }),
      }),
    );
    try {
      for await (const page of paginated.pages()) {
        for (const item of page.items) items.push(item);
        meter.page(page.items.length);
      }
    } finally {
      meter.done();
    }
    io.stdout.write(render(items, format, { columns: paging.columns, width, redact: io.redact }));
    return;
  }
  const data = await client.unwrap(client.request(description.method, description.path, init));
  if (paging && format === "table") {
    const items = dig(data, paging.items);
    io.stdout.write(
      render(Array.isArray(items) ? items : data, format, { columns: paging.columns, width, redact: io.redact }),
    );
    if (io.stderr.isTTY) io.stderr.write("(one page: --all for every page, --max-items N for the first N items)\n");
    return;
  }
  io.stdout.write(render(data, format, { width, redact: io.redact }));
}

function operationHelp(description: CommandDescription): string {
  const paging = description.pagination ? "\n\nA list: --all fetches every page, --max-items N the first N items." : "";
  return `${description.summary}\n\n${description.description}\n\n${description.method} ${description.path}${paging}`.trim();
}

/** The whole command tree, from the APIs' generated descriptions. */
export function createProgram(
  io: CliIo,
  emulator: () => Promise<Emulator>,
  apis: Record<string, ApiDescription> = APIS,
): Command {
  const program = new Command("connectivity")
    .description(
      "One command per operation of the OTC VPC Endpoint, OTC VPC, Confluent Cloud and MadConnect APIs, generated from their OpenAPI specs.",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nCredentials come from the environment (OTC_TOKEN or OTC_ACCESS_KEY + OTC_SECRET_KEY, OTC_PROJECT_ID,\nOTC_REGION; CONFLUENT_API_KEY + CONFLUENT_API_SECRET; MADCONNECT_BASE_URL + MADCONNECT_TOKEN,\nMADCONNECT_ACCOUNT_ID). An API without them is served by the embedded emulator.\n\n${EXIT_CODES_HELP}\n`,
    );
  for (const api of Object.values(apis)) {
    const apiCommand = program.command(api.api).summary(api.title).description(`${api.title}: ${api.description}`);
    apiCommand.addHelpText("after", `\n${EXIT_CODES_HELP}\n`);
    for (const description of api.commands) {
      const command = apiCommand
        .command(description.name)
        .aliases([...description.aliases])
        .summary(description.summary)
        .description(operationHelp(description));
      const flags = addOperationOptions(command, description);
      addGlobalOptions(command, api.api);
      command.addHelpText("after", `\n${EXIT_CODES_HELP}\n`);
      command.action((_options, self: Command) => runOperation(api, description, flags, self, io, emulator));
    }
  }
  return program;
}

/** Runs the CLI with `argv` (the words after `connectivity`); resolves to the exit code. */
export async function run(
  argv: readonly string[],
  io: CliIo,
  apis: Record<string, ApiDescription> = APIS,
): Promise<number> {
  const redact = environmentRedactor(io.env);
  const safeIo: CliIo = {
    ...io,
    // What goes to stdout is data, redacted as a value before it is printed (output.ts): this last pass
    // looks for the environment's credentials only, since a credential shape read across JSON or YAML
    // syntax (`"authorization":null`, a line break) would break the text.
    stdout: redactedStream(io.stdout, environmentRedactor(io.env, { shapes: false })),
    stderr: redactedStream(io.stderr, redact),
    redact,
  };
  const ownEmulator = io.emulator ? undefined : lazyEmulator();
  const program = createProgram(safeIo, io.emulator ?? ownEmulator!.get, apis);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; every other parse failure is a usage error (already printed).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    safeIo.stderr.write(`${describeError(error)}\n`);
    return exitCodeOf(error);
  } finally {
    await ownEmulator?.close();
  }
}

/**
 * `paginate` refuses, before any request, a query it cannot page from (an offset beyond 2^53 - 1, which the
 * spec's int64 allows and a single request sends as given): a usage error here, as a flag out of range is.
 */
function pagingChecked<T>(paginate: () => T): T {
  try {
    return paginate();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${error.message} (paging with --all or --max-items)`);
    throw error;
  }
}
