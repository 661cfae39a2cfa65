// The main job's listing: every resource of the four APIs, through the typed clients and
// auto-pagination. Each API is listed on the real service when its credentials are in the
// environment (see README), and on the local emulator otherwise.
import { pathToFileURL } from "node:url";
import { createConfluentClient } from "../confluent/index.js";
import { createMadConnectClient } from "../madconnect/index.js";
import { createVpcClient, createVpcepClient, type OtcAuth } from "../otc/index.js";
import type { CommonOptions } from "../core/client.js";
import type { Paginated } from "../core/paginate.js";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../emulator/index.js";

const env = process.env;
const EMULATOR_COUNTS = {
  vpcepConnections: 2500,
  subnets: 4500,
  confluentConnections: 730,
  madconnectConnections: 120,
};

export interface Listing {
  api: string;
  target: string;
  run(onPage: (items: number) => void): Promise<void>;
}

async function drain(paginated: Paginated<unknown>, onPage: (items: number) => void) {
  for await (const page of paginated.pages()) onPage(page.items.length);
}

function otcAuth(): OtcAuth | undefined {
  if (env.OTC_TOKEN) return { token: env.OTC_TOKEN };
  if (env.OTC_ACCESS_KEY && env.OTC_SECRET_KEY)
    return { accessKey: env.OTC_ACCESS_KEY, secretKey: env.OTC_SECRET_KEY, securityToken: env.OTC_SECURITY_TOKEN };
  return undefined;
}

/** The four listings; `options` go to every client (the drift report turns `validate` on with them). */
export function listings(emulator: () => Promise<Emulator>, options: CommonOptions = {}): Listing[] {
  const real = otcAuth();
  const projectId = env.OTC_PROJECT_ID ?? "emulator-project";
  return [
    {
      api: "OTC VPC Endpoint connections",
      target: real && env.OTC_VPCEP_SERVICE_ID ? `real (${env.OTC_REGION ?? "eu-de"})` : "emulator",
      async run(onPage) {
        const useReal = real && env.OTC_VPCEP_SERVICE_ID;
        const emu = useReal ? undefined : await emulator();
        const client = createVpcepClient(
          useReal
            ? { ...options, auth: real, region: env.OTC_REGION }
            : { ...options, baseUrl: emu!.url, auth: { token: EMULATOR_CREDENTIALS.otc.token } },
        );
        const serviceId = useReal ? env.OTC_VPCEP_SERVICE_ID! : emu!.ids.vpcepServiceId;
        const path = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
        await drain(
          client.paginate(
            path,
            { params: { path: { project_id: projectId, vpc_endpoint_service_id: serviceId } } },
            { pageSize: 1000, concurrency: 4 },
          ),
          onPage,
        );
      },
    },
    {
      api: "OTC VPC subnets",
      target: real ? `real (${env.OTC_REGION ?? "eu-de"})` : "emulator",
      async run(onPage) {
        const emu = real ? undefined : await emulator();
        const client = createVpcClient(
          real
            ? { ...options, auth: real, region: env.OTC_REGION }
            : { ...options, baseUrl: emu!.url, auth: { token: EMULATOR_CREDENTIALS.otc.token } },
        );
        await drain(
          client.paginate(
            "/v1/{project_id}/subnets",
            { params: { path: { project_id: projectId } } },
            { concurrency: 2 },
          ),
          onPage,
        );
      },
    },
    {
      api: "Confluent private link attachment connections",
      target: env.CONFLUENT_API_KEY && env.CONFLUENT_API_SECRET && env.CONFLUENT_ENVIRONMENT ? "real" : "emulator",
      async run(onPage) {
        const useReal = env.CONFLUENT_API_KEY && env.CONFLUENT_API_SECRET && env.CONFLUENT_ENVIRONMENT;
        const emu = useReal ? undefined : await emulator();
        const client = useReal
          ? createConfluentClient({
              ...options,
              auth: { apiKey: env.CONFLUENT_API_KEY!, apiSecret: env.CONFLUENT_API_SECRET! },
            })
          : createConfluentClient({
              ...options,
              baseUrl: emu!.url,
              auth: {
                apiKey: EMULATOR_CREDENTIALS.confluent.apiKey,
                apiSecret: EMULATOR_CREDENTIALS.confluent.apiSecret,
              },
            });
        const environment = useReal ? env.CONFLUENT_ENVIRONMENT! : emu!.ids.confluentEnvironment;
        await drain(
          client.paginate(
            "/networking/v1/private-link-attachment-connections",
            { params: { query: { environment } } },
            { pageSize: 100, concurrency: 2 },
          ),
          onPage,
        );
      },
    },
    {
      api: "MadConnect connections",
      target: env.MADCONNECT_BASE_URL && env.MADCONNECT_TOKEN ? "real" : "emulator",
      async run(onPage) {
        const useReal = env.MADCONNECT_BASE_URL && env.MADCONNECT_TOKEN;
        const emu = useReal ? undefined : await emulator();
        const client = useReal
          ? createMadConnectClient({
              ...options,
              baseUrl: env.MADCONNECT_BASE_URL!,
              auth: { token: env.MADCONNECT_TOKEN! },
              accountId: env.MADCONNECT_ACCOUNT_ID,
            })
          : createMadConnectClient({
              ...options,
              baseUrl: emu!.url,
              auth: { token: EMULATOR_CREDENTIALS.madconnect.token },
              accountId: EMULATOR_CREDENTIALS.madconnect.accountId,
            });
        await drain(client.paginate("/es/v2/connections", {}, { pageSize: 50 }), onPage);
      },
    },
  ];
}

function progress(api: string) {
  const tty = process.stderr.isTTY;
  let items = 0;
  let pages = 0;
  return {
    onPage(count: number) {
      items += count;
      pages += 1;
      if (tty) process.stderr.write(`\r  ${api}: ${items} items, ${pages} pages`);
      else if (pages % 10 === 0) process.stderr.write(`  ${api}: ${items} items, ${pages} pages\n`);
    },
    done() {
      if (tty) process.stderr.write("\r\x1b[K");
      return { items, pages };
    },
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

async function main() {
  let running: Promise<Emulator> | undefined;
  const emulator = () => (running ??= startEmulator({ port: 0, seed: 42, counts: EMULATOR_COUNTS }));
  const rows = [["API", "target", "items", "pages", "time"]];
  let failed = false;
  try {
    for (const listing of listings(emulator)) {
      const meter = progress(listing.api);
      const started = performance.now();
      try {
        await listing.run(meter.onPage);
        const { items, pages } = meter.done();
        rows.push([
          listing.api,
          listing.target,
          String(items),
          String(pages),
          `${Math.round(performance.now() - started)} ms`,
        ]);
      } catch (error) {
        meter.done();
        failed = true;
        rows.push([listing.api, listing.target, "failed", "-", error instanceof Error ? error.message : String(error)]);
      }
    }
  } finally {
    if (running) await (await running).close();
  }
  console.log(table(rows));
  if (failed) process.exitCode = 1;
}

// Run as the main job (scripts/start.mjs), not when imported (the drift report reuses the listings).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
