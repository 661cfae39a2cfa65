// Which service each API of the CLI talks to: the real one when its credentials are in the environment
// (the variables of the README's set-up table), the embedded emulator otherwise.
import { basicCredentials } from "../confluent/basic.js";
import { MORE_SECRETS, type CommonOptions } from "../core/client.js";
import { credential, type CredentialUse } from "../core/credentials.js";
import { createRedactor, type Redactor } from "../core/redact.js";
import type { Paginated, PaginateOptions } from "../core/paginate.js";
import type { Emulator } from "../emulator/index.js";
import type { OtcAuth } from "../otc/index.js";
import { UsageError } from "./exit-codes.js";
import { printedForms, type OutputStream } from "./output.js";

export type Env = Record<string, string | undefined>;

/** What the CLI needs of a client: untyped calls by method and path, `unwrap` and `paginate`. */
export interface LooseClient {
  readonly baseUrl: string;
  request(
    method: string,
    path: string,
    init?: Record<string, unknown>,
  ): Promise<{ data?: unknown; response: Response }>;
  unwrap(result: Promise<{ data?: unknown; response: Response }>): Promise<unknown>;
  paginate(path: string, init: Record<string, unknown>, options?: PaginateOptions): Paginated<unknown>;
}

export interface Connection {
  client: LooseClient;
  /** True when the API is served by the embedded emulator. */
  emulated: boolean;
  /** Parameter values used when a flag is not given (OTC_PROJECT_ID, or the emulator's ids). */
  defaults: Record<string, string>;
}

export interface ConnectOptions extends CommonOptions {
  /** OTC region (ignored with baseUrl). */
  region?: string;
}

/** The dataset the embedded emulator serves (the main job's, so that paging is visible). */
export const EMULATOR_COUNTS = {
  vpcepConnections: 2500,
  subnets: 4500,
  confluentConnections: 730,
  madconnectConnections: 120,
};

/** The embedded emulator, started once on a free loopback port on first use. */
export function lazyEmulator(): { get: () => Promise<Emulator>; close: () => Promise<void> } {
  let running: Promise<Emulator> | undefined;
  return {
    get: () =>
      (running ??= import("../emulator/index.js").then(({ startEmulator }) =>
        startEmulator({ port: 0, seed: 42, counts: EMULATOR_COUNTS }),
      )),
    close: async () => {
      if (running) await (await running).close();
    },
  };
}

export function otcAuth(env: Env): OtcAuth | undefined {
  if (env.OTC_TOKEN) return { token: env.OTC_TOKEN };
  if (env.OTC_ACCESS_KEY && env.OTC_SECRET_KEY)
    return { accessKey: env.OTC_ACCESS_KEY, secretKey: env.OTC_SECRET_KEY, securityToken: env.OTC_SECURITY_TOKEN };
  return undefined;
}

/** The variables of the README's set-up table: what the CLI, `npm start` and `npm run drift` read. */
export const ENVIRONMENT_VARIABLES = [
  "OTC_TOKEN",
  "OTC_ACCESS_KEY",
  "OTC_SECRET_KEY",
  "OTC_SECURITY_TOKEN",
  "OTC_PROJECT_ID",
  "OTC_VPCEP_SERVICE_ID",
  "OTC_REGION",
  "CONFLUENT_API_KEY",
  "CONFLUENT_API_SECRET",
  "CONFLUENT_ENVIRONMENT",
  "MADCONNECT_BASE_URL",
  "MADCONNECT_TOKEN",
  "MADCONNECT_ACCOUNT_ID",
] as const;

/** C0 and C1 controls, DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Refuses a variable of ENVIRONMENT_VARIABLES that is set but empty or blank: a UsageError naming it.
 * Unset, a credential leaves its API to the emulator; set but empty (a CI secret that is missing is
 * often set to ""), it would do so silently, and a blank scope would be sent to the real service.
 * A scope (a project, a region, an environment, an account id, MadConnect's base URL) with a control
 * character or with whitespace at its start or end (`$'p\r'` from a file with CRLF line ends) is
 * refused too, without its value: it would be sent as is (`/v1/p%0D/subnets`). A credential's
 * surrounding whitespace is removed by its client, and one it would refuse is checkCredentials's.
 */
export function checkEnvironment(env: Env): void {
  for (const name of ENVIRONMENT_VARIABLES) {
    const value = env[name];
    if (value === undefined) continue;
    const problem =
      value.trim() === ""
        ? `is set but ${value === "" ? "empty" : "blank"}: give it a value, or unset it (an API without its credentials is served by the embedded emulator)`
        : SECRET_VARIABLES.includes(name as (typeof SECRET_VARIABLES)[number])
          ? undefined
          : scopeProblem(value);
    if (problem) throw new UsageError(`the environment variable ${name} ${problem}`);
  }
}

/** What is wrong with a scope's value, if anything (never the value itself). */
function scopeProblem(value: string): string | undefined {
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase();
    return `contains a control character (U+${code}) at index ${control.index}: a scope must be one line of printable characters`;
  }
  if (value.trim() !== value) return "has whitespace at its start or end: a scope is sent as it is, so remove it";
  return undefined;
}

/** The environment variables whose values never appear in the CLI's output. */
const SECRET_VARIABLES = [
  "OTC_TOKEN",
  "OTC_ACCESS_KEY",
  "OTC_SECRET_KEY",
  "OTC_SECURITY_TOKEN",
  "CONFLUENT_API_KEY",
  "CONFLUENT_API_SECRET",
  "MADCONNECT_TOKEN",
] as const;

/**
 * Every credential of the environment as the clients send it (Confluent's key pair also as its HTTP
 * Basic value). Each client the CLI makes knows them all (MORE_SECRETS), not only its own: a text it
 * cuts short (an error's message, a drift sample) is redacted before the cut, which could leave a piece
 * of another API's credential too short for the printed output's redactor to recognise.
 */
export function environmentSecrets(env: Env): string[] {
  const secrets = SECRET_VARIABLES.flatMap((name) => (env[name] ? [asSent(name, env[name])] : []));
  if (env.CONFLUENT_API_KEY && env.CONFLUENT_API_SECRET) {
    const key = asSent("CONFLUENT_API_KEY", env.CONFLUENT_API_KEY);
    secrets.push(basicCredentials(key, asSent("CONFLUENT_API_SECRET", env.CONFLUENT_API_SECRET)));
  }
  return secrets;
}

/** A variable's value as a client sends it (trimmed as the factories trim it), or as is if a client would refuse it. */
function asSent(name: string, value: string): string {
  try {
    return credential(name, value, "encoded");
  } catch {
    return value;
  }
}

/**
 * The redactor of everything the CLI prints: it knows the environment's credentials exactly as the
 * clients send them (Confluent's key pair also as its HTTP Basic value), in each form the output can
 * show them (escaped: see output.ts) and, when OTC requests are signed with an access key pair, masks
 * every bare 64-digit hex string (a request signature).
 */
export function environmentRedactor(env: Env, { shapes = true }: { shapes?: boolean } = {}): Redactor {
  return createRedactor(environmentSecrets(env).flatMap(printedForms), { signatures: signsRequests(env), shapes });
}

/** Whether OTC requests are signed with an access key pair of the environment (then a bare signature is masked). */
function signsRequests(env: Env): boolean {
  const otc = otcAuth(env);
  return otc !== undefined && "accessKey" in otc;
}

/** `stream`, with everything written to it passed through `redact` first. */
export const redactedStream = (stream: OutputStream, redact: Redactor): OutputStream => ({
  write: (text: string) => stream.write(redact(text)),
  isTTY: stream.isTTY,
  columns: stream.columns,
});

/** Per API, the two variables that are its credentials only together (OTC's: unless OTC_TOKEN is set). */
const CREDENTIAL_PAIRS: Record<string, readonly [string, string]> = {
  vpcep: ["OTC_ACCESS_KEY", "OTC_SECRET_KEY"],
  vpc: ["OTC_ACCESS_KEY", "OTC_SECRET_KEY"],
  confluent: ["CONFLUENT_API_KEY", "CONFLUENT_API_SECRET"],
  madconnect: ["MADCONNECT_BASE_URL", "MADCONNECT_TOKEN"],
};

/** True when the environment holds the credentials of `api` (`vpcep`, `vpc`, `confluent`, `madconnect`). */
export function hasCredentials(api: string, env: Env): boolean {
  switch (api) {
    case "vpcep":
    case "vpc":
      return otcAuth(env) !== undefined;
    case "confluent":
    case "madconnect":
      return CREDENTIAL_PAIRS[api]!.every((name) => !!env[name]);
    default:
      throw new RangeError(`unknown API ${api}`);
  }
}

/** The credential variables a client of `api` is given from `env`, and how each is sent (as core/credentials.ts checks it). */
function credentialsUsed(api: string, env: Env): [string, CredentialUse][] {
  switch (api) {
    case "vpcep":
    case "vpc":
      if (env.OTC_TOKEN) return [["OTC_TOKEN", "header"]];
      return [
        ["OTC_ACCESS_KEY", "header"],
        ["OTC_SECRET_KEY", "encoded"],
        ...(env.OTC_SECURITY_TOKEN ? [["OTC_SECURITY_TOKEN", "header"] as [string, CredentialUse]] : []),
      ];
    case "confluent":
      return [
        ["CONFLUENT_API_KEY", "encoded"],
        ["CONFLUENT_API_SECRET", "encoded"],
      ];
    case "madconnect":
      return [["MADCONNECT_TOKEN", "header"]];
    default:
      throw new RangeError(`unknown API ${api}`);
  }
}

/**
 * Refuses, before anything is sent, a credential of the environment the client of `api` would refuse
 * (blank, a control character inside, beyond Latin-1 in a header): a UsageError naming the variable,
 * never showing its value. Only for an API whose credentials are set (hasCredentials).
 */
export function checkCredentials(api: string, env: Env): void {
  for (const [name, use] of credentialsUsed(api, env)) {
    try {
      credential(name, env[name], use);
    } catch (error) {
      throw new UsageError(`the environment variable ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The variables that give `api` its credentials, for messages. */
export const CREDENTIAL_VARIABLES: Record<string, string> = {
  vpcep: "OTC_TOKEN, or OTC_ACCESS_KEY + OTC_SECRET_KEY",
  vpc: "OTC_TOKEN, or OTC_ACCESS_KEY + OTC_SECRET_KEY",
  confluent: "CONFLUENT_API_KEY + CONFLUENT_API_SECRET",
  madconnect: "MADCONNECT_BASE_URL + MADCONNECT_TOKEN",
};

/**
 * Refuses half a set of `api`'s credentials (a key without its secret, a token without its URL, OTC's
 * security token without the key pair): a UsageError naming what is missing. Read as no credentials,
 * it would list the embedded emulator in the real service's place, and say nothing more.
 */
export function checkCredentialSet(api: string, env: Env): void {
  const otc = api === "vpc" || api === "vpcep";
  if (otc && env.OTC_TOKEN !== undefined) return;
  const pair = CREDENTIAL_PAIRS[api];
  if (!pair) throw new RangeError(`unknown API ${api}`);
  const given = pair.filter((name) => env[name] !== undefined);
  const [set, missing] =
    given.length === 1
      ? [given[0], pair.find((name) => name !== given[0])]
      : otc && given.length === 0 && env.OTC_SECURITY_TOKEN !== undefined
        ? ["OTC_SECURITY_TOKEN", pair.join(" + ")]
        : [];
  if (set)
    throw new UsageError(
      `the environment variable ${set} is set without ${missing}: ${api}'s credentials are ${CREDENTIAL_VARIABLES[api]}; ` +
        "set what is missing, or unset it (an API without its credentials is served by the embedded emulator)",
    );
}

/** The parameters `connect` fills when their flag is not given, and the variable each comes from. */
export const DEFAULT_VARIABLES: Record<string, string> = {
  project_id: "OTC_PROJECT_ID",
  vpc_endpoint_service_id: "OTC_VPCEP_SERVICE_ID",
  environment: "CONFLUENT_ENVIRONMENT",
};

const defined = (values: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, string>;

/**
 * A client of `api`: on the real service when the environment holds its credentials (then `baseUrl`,
 * if given, replaces the vendor's), on the emulator `emulator()` returns otherwise.
 */
export async function connect(
  api: string,
  options: ConnectOptions,
  env: Env,
  emulator: () => Promise<Emulator>,
): Promise<Connection> {
  const real = hasCredentials(api, env);
  if (real) checkCredentials(api, env);
  const emu = real ? undefined : await emulator();
  const { region, ...given } = options;
  // Signatures too: a client of another API cuts a text before the printed output's redactor sees it.
  const common = { ...given, [MORE_SECRETS]: { secrets: environmentSecrets(env), signatures: signsRequests(env) } };
  const at = emu ? { ...common, baseUrl: emu.url } : common;
  const ids = emu?.ids;
  const credentials = emu?.credentials;
  let client: unknown;
  let defaults: Record<string, string | undefined>;
  switch (api) {
    case "vpcep":
    case "vpc": {
      const { createVpcClient, createVpcepClient } = await import("../otc/index.js");
      const auth = credentials ? { token: credentials.otc.token } : otcAuth(env)!;
      const otcOptions = { ...at, auth, region: region ?? env.OTC_REGION };
      // Two statements, not `a ? b : c`: relating the two client types for the union costs the type
      // checker over a second.
      if (api === "vpc") client = createVpcClient(otcOptions);
      else client = createVpcepClient(otcOptions);
      defaults = {
        project_id: env.OTC_PROJECT_ID ?? ids?.otcProjectId,
        vpc_endpoint_service_id: ids ? ids.vpcepServiceId : env.OTC_VPCEP_SERVICE_ID,
      };
      break;
    }
    case "confluent": {
      const { createConfluentClient } = await import("../confluent/index.js");
      const auth = credentials?.confluent ?? { apiKey: env.CONFLUENT_API_KEY!, apiSecret: env.CONFLUENT_API_SECRET! };
      client = createConfluentClient({ ...at, auth: { apiKey: auth.apiKey, apiSecret: auth.apiSecret } });
      defaults = { environment: ids ? ids.confluentEnvironment : env.CONFLUENT_ENVIRONMENT };
      break;
    }
    case "madconnect": {
      const { createMadConnectClient } = await import("../madconnect/index.js");
      client = createMadConnectClient({
        ...at,
        baseUrl: at.baseUrl ?? env.MADCONNECT_BASE_URL!,
        auth: { token: credentials?.madconnect.token ?? env.MADCONNECT_TOKEN! },
        accountId: credentials ? credentials.madconnect.accountId : env.MADCONNECT_ACCOUNT_ID,
      });
      defaults = {};
      break;
    }
    default:
      throw new RangeError(`unknown API ${api}`);
  }
  return { client: client as LooseClient, emulated: !!emu, defaults: defined(defaults) };
}
