#!/usr/bin/env node
// Where the per-request CPU time goes (not part of `npm run bench`): runs one variant of part 1
// under the V8 sampling profiler and prints self time per request, grouped by source file, and the
// top functions.
//
//   node bench/profile-request.mjs [ours-token|ours-aksk|openapi-fetch|raw-fetch] [calls]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./lib/proc.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const variant = process.argv[2] ?? "ours-token";
const calls = Number(process.argv[3] ?? 20_000);

const CLIENT = `
import createClient from "openapi-fetch";
import { createVpcClient } from "connectivity-clients/otc";
const url = process.argv[2], calls = Number(process.argv[3]), variant = process.argv[4];
const project_id = "0605767e5f00d5762fb2c00e6ea7d3f9";
const init = { params: { path: { project_id }, query: { limit: 10 } } };
let call;
if (variant === "raw-fetch") call = async () => (await fetch(url + "/v1/" + project_id + "/subnets?limit=10", { headers: { "X-Auth-Token": "t" } })).json();
else if (variant === "openapi-fetch") { const c = createClient({ baseUrl: url, headers: { "X-Auth-Token": "t" } }); call = () => c.GET("/v1/{project_id}/subnets", init); }
else if (variant === "ours-aksk") { const c = createVpcClient({ baseUrl: url, auth: { accessKey: "AK", secretKey: "SK" } }); call = () => c.GET("/v1/{project_id}/subnets", init); }
else { const c = createVpcClient({ baseUrl: url, auth: { token: "t" } }); call = () => c.GET("/v1/{project_id}/subnets", init); }
for (let i = 0; i < 2000; i++) await call();
for (let i = 0; i < calls; i++) await call();
`;

const server = await startServer(path.join(HERE, "servers/fixed-page.mjs"));
const dir = mkdtempSync(path.join(tmpdir(), "bench-profile-"));
try {
  const script = path.join(HERE, ".profile-client.mjs");
  writeFileSync(script, CLIENT);
  try {
    execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, script, server.url, String(calls), variant], {
      stdio: "inherit",
    });
  } finally {
    rmSync(script, { force: true });
  }
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map(profile.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], self.get(profile.samples[i]) + (profile.timeDeltas[i] ?? 0));
  const group = (url) => {
    if (!url) return "(native / gc / idle)";
    if (url.includes("/dist/src/")) return url.slice(url.indexOf("/dist/src/") + 1);
    if (url.includes("/node_modules/"))
      return url
        .slice(url.lastIndexOf("/node_modules/") + 14)
        .split("/")
        .slice(0, 2)
        .join("/");
    if (url.startsWith("node:"))
      return url.startsWith("node:internal/deps/undici") ? "undici (fetch)" : "node internals";
    return url;
  };
  const files = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    const g = group(url);
    files.set(g, (files.get(g) ?? 0) + us);
    const key = `${functionName || "(anonymous)"} ${g}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const total = [...files.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${variant}: ${(total / calls).toFixed(1)} µs sampled CPU per request (${calls} calls after 2000 warm-up)`,
  );
  console.log("\nself time per request, by file:");
  for (const [g, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${(us / calls).toFixed(1).padStart(7)} µs  ${g}`);
  console.log("\ntop functions (self):");
  for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${(us / calls).toFixed(1).padStart(7)} µs  ${f}`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
