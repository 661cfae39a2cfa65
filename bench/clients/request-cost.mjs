// Measured process of part 1 (per-request cost). Runs every variant against the fixed-page server
// (another process) in interleaved rounds and reports, per variant and per round, the client
// process's CPU time (process.cpuUsage, user + system) and the wall time per request.
//
//   node bench/clients/request-cost.mjs <url> <calls> <rounds> <warmup>
//
// HOME must point at a scratch folder: the Huawei SDK writes ~/.huaweicloud/application_id.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import createClient from "openapi-fetch";
import { createVpcClient } from "connectivity-clients/otc";
import { childMain } from "../lib/proc.mjs";
import { balancedOrder } from "../lib/stats.mjs";

const require = createRequire(import.meta.url);
const [url, callsArg, roundsArg, warmupArg] = process.argv.slice(2);
const CALLS = Number(callsArg);
const ROUNDS = Number(roundsArg);
const WARMUP = Number(warmupArg);
const IN_FLIGHT = [1, 16];

const PROJECT_ID = "0605767e5f00d5762fb2c00e6ea7d3f9";
const TOKEN = "MIIbench-token-0123456789abcdef";
const AK = "BENCHACCESSKEY0000000";
const SK = "benchSecretKey0000000000000000000000000";
const EXPECTED = 5;

function check(count) {
  if (count !== EXPECTED) throw new Error(`expected ${EXPECTED} subnets, got ${count}`);
}

async function variants() {
  // The floor: fetch with a hand-built URL and the token header, then parse the JSON.
  const rawUrl = `${url}/v1/${PROJECT_ID}/subnets?limit=10`;
  const raw = async () => {
    const response = await fetch(rawUrl, { headers: { "X-Auth-Token": TOKEN } });
    const data = await response.json();
    check(data.subnets.length);
  };

  // openapi-fetch as it comes, typed by the same generated paths (types vanish at run time).
  const bare = createClient({ baseUrl: url, headers: { "X-Auth-Token": TOKEN } });
  const bareCall = async () => {
    const { data } = await bare.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: PROJECT_ID }, query: { limit: 10 } },
    });
    check(data.subnets.length);
  };

  // Ours, token auth, retries on (the default: 2 retries, 60 s timeout per attempt).
  const ours = createVpcClient({ baseUrl: url, auth: { token: TOKEN } });
  const oursCall = async () => {
    const { data } = await ours.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: PROJECT_ID }, query: { limit: 10 } },
    });
    check(data.subnets.length);
  };

  // Ours, every request signed with SDK-HMAC-SHA256 (AK/SK).
  const signed = createVpcClient({ baseUrl: url, auth: { accessKey: AK, secretKey: SK } });
  const signedCall = async () => {
    const { data } = await signed.GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: PROJECT_ID }, query: { limit: 10 } },
    });
    check(data.subnets.length);
  };

  // The official Huawei Cloud SDK's list-subnets call (AK/SK signed; it has no token auth).
  const core = require("@huaweicloud/huaweicloud-sdk-core");
  const vpc = require("@huaweicloud/huaweicloud-sdk-vpc");
  const credentials = new core.BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT_ID);
  const huawei = vpc.VpcClient.newBuilder().withCredential(credentials).withEndpoint(url).build();
  const huaweiCall = async () => {
    const result = await huawei.listSubnets(new vpc.ListSubnetsRequest().withLimit(10));
    check(result.subnets.length);
  };

  return [
    { id: "raw-fetch", call: raw },
    { id: "openapi-fetch", call: bareCall },
    { id: "ours-token", call: oursCall },
    { id: "ours-aksk", call: signedCall },
    { id: "huawei-sdk", call: huaweiCall },
  ];
}

async function batch(call, calls, inFlight) {
  if (inFlight === 1) {
    for (let i = 0; i < calls; i++) await call();
    return;
  }
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

async function measure(call, calls, inFlight) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await batch(call, calls, inFlight);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / calls, wallUs: (wallMs * 1000) / calls };
}

childMain(async () => {
  const list = await variants();
  for (const v of list) for (const inFlight of IN_FLIGHT) await batch(v.call, WARMUP, inFlight);
  const rounds = {};
  for (const inFlight of IN_FLIGHT) {
    rounds[inFlight] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const round = {};
      for (const v of balancedOrder(list, r)) round[v.id] = await measure(v.call, CALLS, inFlight);
      rounds[inFlight].push(round);
    }
  }
  return { variants: list.map((v) => v.id), rounds, calls: CALLS, warmup: WARMUP };
});
