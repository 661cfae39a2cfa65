// A tiny paging server for the memory benchmark: OTC VPC Endpoint's list-connections operation
// (offset + limit, total_count) over a dataset of `total` connections that is never stored: each
// page is generated from the item indexes on the fly, so the server holds nothing whatever the count.
//
//   node bench/servers/paging.mjs <total> [latencyMs]
//
// Reports { url } to its parent over IPC, then answers { id, cpu } with its own CPU time (µs).
import { createServer } from "node:http";

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const LATENCY_MS = Number(process.argv[3] ?? 0);
const MAX_LIMIT = 1000;
const DOMAIN = "fa3b2c8e4d5f60718293a4b5c6d7e8f9";
const hex = (n, width) => n.toString(16).padStart(width, "0").slice(-width);

function connection(i) {
  const created = Date.UTC(2024, 0, 1) + i * 1000;
  return {
    id: `${hex(i, 8)}-1c2d-4b9e-8f0a-${hex(i * 7919, 12)}`,
    marker_id: 16777216 + i,
    domain_id: DOMAIN,
    status: i % 10 === 0 ? "pendingAcceptance" : "accepted",
    description: `connection ${i}`,
    created_at: new Date(created).toISOString().replace(/\.\d{3}Z$/, "Z"),
    updated_at: new Date(created + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

function answer(req, res) {
  const url = new URL(req.url, "http://localhost");
  if (!/^\/v1\/[^/]+\/vpc-endpoint-services\/[^/]+\/connections$/.test(url.pathname)) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error_code: "EndPoint.0001", error_msg: "not found" }));
    return;
  }
  const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0));
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(url.searchParams.get("limit") ?? 10)));
  const end = Math.min(TOTAL, offset + limit);
  const connections = [];
  for (let i = offset; i < end; i++) connections.push(connection(i));
  const body = JSON.stringify({ connections, total_count: TOTAL });
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  req.resume();
  if (LATENCY_MS > 0) setTimeout(answer, LATENCY_MS, req, res);
  else answer(req, res);
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  process.send({ url: `http://127.0.0.1:${server.address().port}` });
});
process.on("message", (message) => {
  if (!message?.cpu) return;
  const { user, system } = process.cpuUsage();
  process.send({ id: message.id, cpuUs: user + system });
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
