// Part 6: type-check cost. The type check of a consumer file that imports and calls all four
// clients (a typed GET with unwrap, and paginate, on each API's list operation, plus MadConnect's
// create and status update), against the same calls made with bare openapi-fetch typed by the
// same generated `paths`. Each check runs in a process of its own (bench/clients/typecheck.mjs,
// the TypeScript compiler API), which reports the CPU time of the check (what tsc's `Check time`
// covers, but in CPU time rather than wall time) and the instantiation count (deterministic).
// Judged: the median of the per-round ratios of interleaved runs, with its confidence interval.
// The consumers are written to a scratch folder outside the project (so the project's own `tsc`
// never sees them) whose node_modules links back to this package, resolved through its "exports"
// (dist/*.d.ts).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runChild } from "./lib/proc.mjs";
import { median, ratioSummary } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const CHECK_GOAL = 1.5;

const VPCEP = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
const PLA = "/networking/v1/private-link-attachment-connections";

const OURS = `
import { ApiError } from "connectivity-clients";
import { createConfluentClient } from "connectivity-clients/confluent";
import { createMadConnectClient } from "connectivity-clients/madconnect";
import { createVpcClient, createVpcepClient } from "connectivity-clients/otc";

export async function main(): Promise<number> {
  const project_id = "0605767e5f00d5762fb2c00e6ea7d3f9";
  const vpcep = createVpcepClient({ region: "eu-de", auth: { token: "t" } });
  const vpc = createVpcClient({ region: "eu-nl", auth: { accessKey: "ak", secretKey: "sk" } });
  const confluent = createConfluentClient({ auth: { apiKey: "k", apiSecret: "s" } });
  const mad = createMadConnectClient({ baseUrl: "https://mad.example.com", auth: { token: "t" }, accountId: "a" });
  let n = 0;
  try {
    const page = await vpcep.unwrap(
      vpcep.GET("${VPCEP}", {
        params: { path: { project_id, vpc_endpoint_service_id: "s" }, query: { status: "accepted", limit: 50 } },
      }),
    );
    n += page.connections.length;
    for await (const connection of vpcep.paginate("${VPCEP}", { params: { path: { project_id, vpc_endpoint_service_id: "s" } } }, { pageSize: 1000, concurrency: 4 }))
      n += connection.status === "accepted" ? 1 : 0;

    const subnets = await vpc.unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id }, query: { limit: 100 } } }));
    n += subnets.subnets.map((subnet) => subnet.cidr).length;
    for await (const subnet of vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id } } })) n += subnet.id.length;

    const list = await confluent.unwrap(confluent.GET("${PLA}", { params: { query: { environment: "env-1", page_size: 10 } } }));
    n += list.data.length;
    for await (const page of confluent.paginate("${PLA}", { params: { query: { environment: "env-1" } } }, { maxItems: 500 }).pages())
      n += page.items.filter((connection) => connection.id).length;

    await mad.unwrap(mad.POST("/es/v2/connections", { body: { name: "n", srcConnectorId: "s", destConnectorId: "d" } }));
    const [created] = await mad.paginate("/es/v2/connections", { params: { query: { q: "n" } } }, { maxItems: 1 }).toArray();
    if (created?.id)
      await mad.unwrap(mad.PUT("/es/v2/connections/{connection_id}/status/{status}", { params: { path: { connection_id: created.id, status: "activate" } } }));
    const { data, error } = await mad.GET("/es/v2/connections", { params: { query: { size: 10 } } });
    if (data) n += data.statusCode;
    else if (error) n -= 1;
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
  return n;
}
`;

const BARE = `
import createClient from "openapi-fetch";
import type { ConfluentPaths } from "connectivity-clients/confluent";
import type { MadConnectPaths } from "connectivity-clients/madconnect";
import type { VpcPaths, VpcepPaths } from "connectivity-clients/otc";

export async function main(): Promise<number> {
  const project_id = "0605767e5f00d5762fb2c00e6ea7d3f9";
  const vpcep = createClient<VpcepPaths>({ baseUrl: "https://vpcep.eu-de.otc.t-systems.com", headers: { "X-Auth-Token": "t" } });
  const vpc = createClient<VpcPaths>({ baseUrl: "https://vpc.eu-nl.otc.t-systems.com" });
  const confluent = createClient<ConfluentPaths>({ baseUrl: "https://api.confluent.cloud" });
  const mad = createClient<MadConnectPaths>({ baseUrl: "https://mad.example.com" });
  let n = 0;
  const page = await vpcep.GET("${VPCEP}", {
    params: { path: { project_id, vpc_endpoint_service_id: "s" }, query: { status: "accepted", limit: 50 } },
  });
  if (page.data) n += page.data.connections.length;
  const subnets = await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id }, query: { limit: 100 } } });
  if (subnets.data) n += subnets.data.subnets.map((subnet) => subnet.cidr).length;
  const list = await confluent.GET("${PLA}", { params: { query: { environment: "env-1", page_size: 10 } } });
  if (list.data) n += list.data.data.length;
  await mad.POST("/es/v2/connections", { body: { name: "n", srcConnectorId: "s", destConnectorId: "d" } });
  const found = await mad.GET("/es/v2/connections", { params: { query: { q: "n", size: 1 } } });
  const created = found.data?.response?.[0];
  if (created?.id)
    await mad.PUT("/es/v2/connections/{connection_id}/status/{status}", { params: { path: { connection_id: created.id, status: "activate" } } });
  const { data, error } = await mad.GET("/es/v2/connections", { params: { query: { size: 10 } } });
  if (data) n += data.statusCode;
  else if (error) n -= 1;
  return n;
}
`;

const TSCONFIG = (file) => ({
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  },
  files: [file],
});

async function typecheck(dir, config) {
  return (await runChild(path.join(HERE, "clients/typecheck.mjs"), { args: [path.join(dir, config)] })).result;
}

export async function run({ quick, log }) {
  const rounds = quick ? 1 : 11;
  const dir = mkdtempSync(path.join(tmpdir(), "bench-typecheck-"));
  try {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/connectivity-clients"), "dir");
    symlinkSync(path.join(ROOT, "node_modules/openapi-fetch"), path.join(dir, "node_modules/openapi-fetch"), "dir");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(path.join(dir, "ours.ts"), OURS);
    writeFileSync(path.join(dir, "bare.ts"), BARE);
    writeFileSync(path.join(dir, "tsconfig.ours.json"), JSON.stringify(TSCONFIG("ours.ts")));
    writeFileSync(path.join(dir, "tsconfig.bare.json"), JSON.stringify(TSCONFIG("bare.ts")));
    const results = { ours: [], bare: [] };
    // warm-up (file cache), then interleaved rounds in alternating order
    await typecheck(dir, "tsconfig.ours.json");
    for (let r = 0; r < rounds; r++) {
      for (const variant of r % 2 ? ["bare", "ours"] : ["ours", "bare"])
        results[variant].push(await typecheck(dir, `tsconfig.${variant}.json`));
    }
    const ours = results.ours;
    const bare = results.bare;
    log(
      `  ours: check ${Math.round(median(ours.map((r) => r.checkCpuMs)))} ms CPU, ${ours[0].instantiations} instantiations, ${ours[0].types} types; ` +
        `bare: check ${Math.round(median(bare.map((r) => r.checkCpuMs)))} ms CPU, ${bare[0].instantiations} instantiations`,
    );
    const check = ratioSummary(
      ours.map((r, i) => r.checkCpuMs / bare[i].checkCpuMs),
      CHECK_GOAL,
    );
    const instantiationRatio = ours[0].instantiations / bare[0].instantiations;
    const rows = [
      {
        part: "6 type-check",
        measurement: `consumer of all four clients: type check, process CPU time (${check.text})`,
        value: median(ours.map((r) => r.checkCpuMs)),
        unit: "ms",
        baseline: median(bare.map((r) => r.checkCpuMs)),
        baselineLabel: "same calls with bare openapi-fetch",
        ratio: check.ratio,
        goal: `≤ ${CHECK_GOAL.toFixed(2)}×`,
        met: check.ratio <= CHECK_GOAL,
      },
      {
        part: "6 type-check",
        measurement: "consumer of all four clients: instantiations",
        value: ours[0].instantiations,
        unit: "",
        baseline: bare[0].instantiations,
        baselineLabel: "same calls with bare openapi-fetch",
        ratio: instantiationRatio,
        goal: "≤ 2.00×",
        met: instantiationRatio <= 2,
      },
    ];
    return { rows, raw: results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
