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

const EPOCH = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;
const two = (n) => (n < 10 ? `0${n}` : `${n}`);
let day = NaN;
let dayPrefix = "";
/** ISO 8601 to the second (2024-01-01T00:00:00Z) of a time after 1970: the date part formatted once a day. */
function isoSeconds(ms) {
  if (Math.floor(ms / DAY_MS) !== day) {
    day = Math.floor(ms / DAY_MS);
    dayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const s = Math.floor((ms % DAY_MS) / 1000);
  return `${dayPrefix}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}Z`;
}

/**
 * Connection i as JSON text, written directly (no object, no JSON.stringify): exactly what
 * JSON.stringify gives for { id, marker_id, domain_id, status, description, created_at, updated_at }
 * (none of the strings needs escaping), at a fraction of the cost, so that this server's own CPU
 * time per page stays small next to the client's.
 */
function connectionJson(i) {
  const created = EPOCH + i * 1000;
  return (
    `{"id":"${hex(i, 8)}-1c2d-4b9e-8f0a-${hex(i * 7919, 12)}","marker_id":${16777216 + i},"domain_id":"${DOMAIN}",` +
    `"status":"${i % 10 === 0 ? "pendingAcceptance" : "accepted"}","description":"connection ${i}",` +
    `"created_at":"${isoSeconds(created)}","updated_at":"${isoSeconds(created + 60_000)}"}`
  );
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
  for (let i = offset; i < end; i++) connections.push(connectionJson(i));
  const body = Buffer.from(`{"connections":[${connections.join(",")}],"total_count":${TOTAL}}`);
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
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
