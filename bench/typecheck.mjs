// Part 6: type-check cost. `tsc --noEmit --extendedDiagnostics` on a consumer file that imports and
// calls all four clients (a typed GET with unwrap, and paginate, on each API's list operation, plus
// MadConnect's create and status update), against the same calls made with bare openapi-fetch
// typed by the same generated `paths`. Reports check time (median of interleaved runs) and the
// instantiation count (deterministic). The consumers are written to a scratch folder outside the
// project (so the project's own `tsc` never sees them) whose node_modules links back to this
// package, resolved through its "exports" (dist/*.d.ts).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median } from "./lib/stats.mjs";

const run_ = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const TSC = path.join(ROOT, "node_modules/typescript/lib/tsc.js");

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

function parseDiagnostics(text) {
  const number = (label) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(text);
    return match ? Number(match[1]) : NaN;
  };
  return {
    checkMs: number("Check time") * 1000,
    totalMs: number("Total time") * 1000,
    instantiations: number("Instantiations"),
    types: number("Types"),
    files: number("Files"),
  };
}

async function tsc(dir, config) {
  try {
    const { stdout } = await run_(process.execPath, [TSC, "-p", path.join(dir, config), "--extendedDiagnostics"], {
      cwd: dir,
      maxBuffer: 16 << 20,
    });
    return parseDiagnostics(stdout);
  } catch (error) {
    throw new Error(
      `tsc -p ${config} failed (the consumer must type-check):\n${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
  }
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
    await tsc(dir, "tsconfig.ours.json");
    for (let r = 0; r < rounds; r++) {
      for (const variant of r % 2 ? ["bare", "ours"] : ["ours", "bare"])
        results[variant].push(await tsc(dir, `tsconfig.${variant}.json`));
    }
    const ours = results.ours;
    const bare = results.bare;
    log(
      `  ours: check ${Math.round(median(ours.map((r) => r.checkMs)))} ms, ${ours[0].instantiations} instantiations, ${ours[0].types} types; ` +
        `bare: check ${Math.round(median(bare.map((r) => r.checkMs)))} ms, ${bare[0].instantiations} instantiations`,
    );
    const checkRatio = median(ours.map((r, i) => r.checkMs / bare[i].checkMs));
    const instantiationRatio = ours[0].instantiations / bare[0].instantiations;
    const rows = [
      {
        part: "6 type-check",
        measurement: `consumer of all four clients: check time (tsc --noEmit, median of ${rounds})`,
        value: median(ours.map((r) => r.checkMs)),
        unit: "ms",
        baseline: median(bare.map((r) => r.checkMs)),
        baselineLabel: "same calls with bare openapi-fetch",
        ratio: checkRatio,
        goal: "≤ 1.50×",
        met: checkRatio <= 1.5,
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
