// The main job's listing: every list operation of the four APIs, through the CLI's code (the generated
// command descriptions, its connections and its tables) and auto-pagination. Each API is listed on the
// real service when its credentials are in the environment (see README), on the emulator otherwise.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { CommonOptions } from "../core/client.js";
import type { Emulator } from "../emulator/index.js";
import { handleClosedPipes } from "./closed-pipes.js";
import {
  checkCredentials,
  checkCredentialSet,
  checkEnvironment,
  connect,
  environmentRedactor,
  hasCredentials,
  lazyEmulator,
  redactedStream,
  type Env,
} from "./connect.js";
import { APIS, type ApiDescription, type CommandDescription } from "./description.js";
import { describeError } from "./describe-error.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { itemsTable, type OutputStream } from "./output.js";
import { progress } from "./progress.js";

export interface Listing {
  /** The command that lists the same (`vpc list-subnets`). */
  api: string;
  /** "emulator", or "real" (with the OTC region). */
  target: string;
  /** The item fields the table shows (the list operation's `x-cli` columns). */
  columns: readonly string[];
  /** The most items it lists (paginate's maxItems). */
  maxItems: number;
  /**
   * Lists every page, up to `maxItems` items; `onPage` gets each page's item count and items. Resolves to
   * whether it stopped at `maxItems` with more items on the server (an item past them was received).
   */
  run(onPage: (count: number, items: readonly unknown[]) => void): Promise<{ stoppedAtCap: boolean }>;
}

/**
 * The most items a listing lists unless told otherwise (`--max-items`): far more than an account is
 * expected to hold of any of these resources (subnets of a project, connections of an endpoint service, an
 * environment or an account, each limited by its vendor's quotas), and few enough that a server that keeps
 * serving new items cannot keep the listing going for ever (2,000 pages of MadConnect's 50).
 */
export const DEFAULT_MAX_ITEMS = 100_000;

export interface ListingOptions {
  /** The most items each listing lists (DEFAULT_MAX_ITEMS when undefined). */
  maxItems?: number | undefined;
}

export const USAGE = `Usage: npm start [-- --max-items <n>]
  --max-items <n>  list at most n items per listing (default ${DEFAULT_MAX_ITEMS}); a listing stopped there says so
  -h, --help       print this`;

/** A command line refused: said with the usage. */
class CommandLineError extends UsageError {}

/** `--max-items`'s value: a positive integer, or a UsageError naming the option. */
export function maxItemsOption(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && Number.isSafeInteger(n)))
    throw new CommandLineError(`--max-items must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/** How the main job pages each API: big pages and concurrency where the API allows them. */
const PAGING: Record<string, { pageSize?: number; concurrency?: number }> = {
  vpcep: { pageSize: 1000, concurrency: 4 },
  vpc: { concurrency: 2 },
  confluent: { pageSize: 100, concurrency: 2 },
  madconnect: { pageSize: 50 },
};
const SHOWN_ROWS = 10;

const OTC_SET = "OTC credentials are set (OTC_TOKEN, or OTC_ACCESS_KEY and OTC_SECRET_KEY)";
const CONFLUENT_SET = "Confluent credentials are set (CONFLUENT_API_KEY and CONFLUENT_API_SECRET)";

/**
 * What listing a real service needs besides the API's credentials: the scope listed. An API with its
 * credentials but without it is refused, neither listed from the emulator nor under the emulator's ids.
 */
const REAL_SCOPES = [
  {
    api: "vpc",
    set: OTC_SET,
    variable: "OTC_PROJECT_ID",
    what: "the OTC project whose subnets and endpoint connections to list",
  },
  {
    api: "vpcep",
    set: OTC_SET,
    variable: "OTC_VPCEP_SERVICE_ID",
    what: "the VPC endpoint service whose connections to list",
  },
  {
    api: "confluent",
    set: CONFLUENT_SET,
    variable: "CONFLUENT_ENVIRONMENT",
    what: "the Confluent environment whose private link attachment connections to list",
  },
] as const;

function listing(
  api: ApiDescription,
  command: CommandDescription,
  emulator: () => Promise<Emulator>,
  options: CommonOptions,
  env: Env,
  maxItems: number,
): Listing {
  const real = hasCredentials(api.api, env);
  return {
    api: `${api.api} ${command.name}`,
    target: real
      ? api.api === "vpc" || api.api === "vpcep"
        ? `real (${env.OTC_REGION ?? "eu-de"})`
        : "real"
      : "emulator",
    columns: command.pagination?.columns ?? [],
    maxItems,
    async run(onPage) {
      const { client, defaults } = await connect(api.api, options, env, emulator);
      const params: Record<string, Record<string, unknown>> = { path: {}, query: {} };
      for (const p of command.parameters) if (defaults[p.name] !== undefined) params[p.in]![p.name] = defaults[p.name];
      // One item past the cap tells a list that holds more from one of exactly maxItems items.
      const paging = { ...PAGING[api.api], maxItems: maxItems + 1 };
      let listed = 0;
      for await (const page of client.paginate(command.path, { params }, paging).pages()) {
        const items = listed + page.items.length > maxItems ? page.items.slice(0, maxItems - listed) : page.items;
        listed += items.length;
        onPage(items.length, items);
        if (items.length < page.items.length) return { stoppedAtCap: true };
      }
      return { stoppedAtCap: false };
    },
  };
}

/**
 * Every list operation of the four APIs; `options` go to every client (the drift report turns `validate`
 * on with them), `paging.maxItems` bounds each listing.
 */
export function listings(
  emulator: () => Promise<Emulator>,
  options: CommonOptions = {},
  env: Env = process.env,
  paging: ListingOptions = {},
): Listing[] {
  const maxItems = paging.maxItems ?? DEFAULT_MAX_ITEMS;
  // A variable set but empty, or a credential the client would refuse: said before anything is listed.
  checkEnvironment(env);
  for (const api of Object.keys(APIS)) {
    checkCredentialSet(api, env);
    if (hasCredentials(api, env)) checkCredentials(api, env);
  }
  // A real service is never listed under the emulator's ids, nor an API with credentials on the emulator.
  for (const { api, set, variable, what } of REAL_SCOPES)
    if (hasCredentials(api, env) && !env[variable])
      throw new UsageError(`${set} but ${variable} is not: set it to the ID of ${what}.`);
  return Object.values(APIS).flatMap((api) =>
    api.commands
      .filter((command) => command.pagination)
      .map((command) => listing(api, command, emulator, options, env, maxItems)),
  );
}

function commandLine(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: { "max-items": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
  } catch (error) {
    throw new CommandLineError(error instanceof Error ? error.message : String(error));
  }
}

export interface ListAllIo {
  /** The command line after `npm start --` (`--max-items <n>`, `--help`); none by default. */
  args?: readonly string[] | undefined;
  env: Env;
  stdout: OutputStream;
  stderr: OutputStream;
}

/**
 * The main job: every listing's first rows and a summary, on `io.stdout` (a listing's error on `io.stderr`);
 * resolves to the exit code.
 * Everything written goes through the CLI's redactor (no credential of the environment is printed).
 */
export async function listAll(io: ListAllIo, emulator: () => Promise<Emulator>): Promise<number> {
  const redact = environmentRedactor(io.env);
  const stdout = redactedStream(io.stdout, redact);
  const stderr = redactedStream(io.stderr, redact);
  const print = (text: string) => stdout.write(`${text}\n`);
  let all: Listing[];
  try {
    const { values } = commandLine(io.args ?? []);
    if (values.help) {
      print(USAGE);
      return EXIT.ok;
    }
    const maxItems = values["max-items"] === undefined ? undefined : maxItemsOption(values["max-items"]);
    all = listings(emulator, {}, io.env, { maxItems });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`list-all: ${error.message}\n${error instanceof CommandLineError ? `${USAGE}\n` : ""}`);
    return EXIT.usage;
  }
  const width = io.stdout.isTTY ? io.stdout.columns : undefined;
  const summary: Record<string, string>[] = [];
  let failed = false;
  for (const each of all) {
    const meter = progress(stderr, each.api);
    const first: unknown[] = [];
    try {
      const { stoppedAtCap } = await each.run((pageCount, items) => {
        meter.page(pageCount);
        first.push(...items.slice(0, SHOWN_ROWS - first.length));
      });
      const { items, pages, ms } = meter.done();
      // Never to be taken for the whole list.
      const stopped = stoppedAtCap ? " (stopped at --max-items)" : "";
      if (!stderr.isTTY) stderr.write(`${each.api}: ${items} items${stopped}, ${pages} pages, ${ms} ms\n`);
      const more = items - first.length;
      const table = itemsTable(first, { columns: each.columns, width, redact });
      print(
        `\n${each.api} (${each.target})\n${table}${more > 0 ? `\n… and ${more} more` : ""}${
          stoppedAtCap
            ? `\nstopped at ${each.maxItems} items (--max-items): the list holds more, not listed (npm start -- --max-items <n> lists more)`
            : ""
        }`,
      );
      summary.push({
        command: each.api,
        target: each.target,
        items: `${items}${stopped}`,
        pages: String(pages),
        time: `${ms} ms`,
      });
    } catch (error) {
      const { pages, ms } = meter.done();
      failed = true;
      // An error goes where the CLI writes its errors: stdout keeps the tables.
      stderr.write(`\n${each.api} (${each.target})\n${describeError(error)}\n`);
      summary.push({
        command: each.api,
        target: each.target,
        items: "failed",
        pages: String(pages),
        time: `${ms} ms`,
      });
    }
  }
  print(`\n${itemsTable(summary, { columns: ["command", "target", "items", "pages", "time"], width })}`);
  return failed ? EXIT.unexpected : EXIT.ok;
}

async function main() {
  handleClosedPipes(process);
  const emulator = lazyEmulator();
  try {
    process.exitCode = await listAll(
      { args: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr },
      emulator.get,
    );
  } finally {
    await emulator.close();
  }
}

// Run as the main job (scripts/start.mjs), not when imported (the drift report reuses the listings).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
