#!/usr/bin/env node
/// <reference types="node" />
// The standalone emulator: `node dist/src/emulator/cli.js --port 8080 [--seed N] [--host 127.0.0.1]`.
// Prints the URL, the credentials and the ids to use, and stops on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startEmulator, type DatasetCounts } from "./index.js";
import { MAX_SEED } from "./options.js";

const COUNT_FLAGS: Record<string, keyof DatasetCounts> = {
  "vpcep-connections": "vpcepConnections",
  subnets: "subnets",
  "confluent-connections": "confluentConnections",
  "madconnect-connections": "madconnectConnections",
};

const USAGE = `Usage: connectivity-emulator [--port 8080] [--host 127.0.0.1] [--seed 1]
       [--vpcep-connections N] [--subnets N] [--confluent-connections N] [--madconnect-connections N]`;

/** A command line refused before anything starts: its message is followed by the usage, exit code 2. */
class UsageError extends Error {}

/** The most resources of one kind the command makes (all held in memory: a million subnets take about a GB). */
const MAX_COUNT = 1_000_000;

function integer(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new UsageError(`--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function host(value: string): string {
  if (value.trim() === "") throw new UsageError("--host must name an address or a host, got an empty one");
  return value;
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return Number(value);
}

function commandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "8080" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(Object.keys(COUNT_FLAGS).map((flag) => [flag, { type: "string" as const }])),
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const { values } = commandLine();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const counts: DatasetCounts = {};
  for (const [flag, key] of Object.entries(COUNT_FLAGS)) {
    const n = integer(flag, values[flag as keyof typeof values] as string | undefined, MAX_COUNT);
    if (n !== undefined) counts[key] = n;
  }
  const emu = await startEmulator({
    port: port(values.port as string),
    host: host(values.host as string),
    seed: integer("seed", values.seed as string | undefined, MAX_SEED),
    counts,
  });
  const ids = emu.ids;
  const c = emu.credentials;
  console.log(`connectivity-clients emulator listening on ${emu.url}  (seed ${emu.state.seed})

OTC VPC Endpoint  GET ${emu.url}/v1/{project_id}/vpc-endpoint-services/${ids.vpcepServiceId}/connections
OTC VPC           GET ${emu.url}/v1/{project_id}/subnets
  project_id:   any (the data's tenant is ${ids.otcProjectId})
  X-Auth-Token: ${c.otc.token}
  AK/SK:        accessKey ${c.otc.accessKey}  secretKey ${c.otc.secretKey}
Confluent         GET ${emu.url}/networking/v1/private-link-attachment-connections?environment=${ids.confluentEnvironment}
  environments: ${ids.confluentEnvironments.join(", ")}
  attachments:  ${ids.confluentAttachmentDetails.map((a) => `${a.id} (${a.cloud})`).join(", ")}
  Basic:        apiKey ${c.confluent.apiKey}  apiSecret ${c.confluent.apiSecret}
  Bearer:       ${c.confluent.token}
MadConnect        ${emu.url}/es/v2/connections
  Bearer:       ${c.madconnect.token}
  accountId:    ${ids.madconnectAccountId} (the token's own; sub-accounts: ${ids.madconnectSubAccountIds.join(", ") || "none"})
  connectors:   sources ${ids.madconnectSourceConnectorIds.join(", ")}; destinations ${ids.madconnectDestinationConnectorIds.join(", ")}

Ctrl-C to stop.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

// A bad command line is a usage error (2); failing to start (a port in use, an unknown host) is not (1).
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
