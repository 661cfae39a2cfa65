// Measured process of part 3 (memory). Run with --expose-gc.
//
//   node --expose-gc bench/clients/memory.mjs <url> <items> <checkpoint>
//
// Streams <items> VPC Endpoint connections through `paginate` (limit 1000, concurrency 1), counting
// them, and samples process.memoryUsage().heapUsed:
//   - after a forced gc before the stream (the start), and at <checkpoint> and <items> items;
//   - every 100 items without gc (the sampled peak, so garbage not yet collected counts too).
// One page's size is the heap a parsed page of 1000 items retains (20 parsed copies held, gc before
// and after, divided by 20).
import { createVpcepClient } from "connectivity-clients/otc";
import { childMain } from "../lib/proc.mjs";

const [url, itemsArg, checkpointArg] = process.argv.slice(2);
const ITEMS = Number(itemsArg);
const CHECKPOINT = Number(checkpointArg);
const PAGE_SIZE = 1000;
const PATH = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
const init = {
  params: { path: { project_id: "0605767e5f00d5762fb2c00e6ea7d3f9", vpc_endpoint_service_id: "4189d3c2" } },
};
const MB = 1024 * 1024;

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const heap = () => process.memoryUsage().heapUsed;
const settled = () => {
  globalThis.gc();
  globalThis.gc();
  return heap();
};

childMain(async () => {
  const client = createVpcepClient({ baseUrl: url, auth: { token: "bench-token" } });

  // One page: what a parsed page of PAGE_SIZE items keeps alive.
  const pageUrl = `${url}/v1/p/vpc-endpoint-services/s/connections?limit=${PAGE_SIZE}&offset=0`;
  const pageText = await (await fetch(pageUrl)).text();
  const COPIES = 20;
  const before = settled();
  let kept = Array.from({ length: COPIES }, () => JSON.parse(pageText));
  const pageBytes = (settled() - before) / COPIES;
  if (kept[0].connections.length !== PAGE_SIZE) throw new Error("short page");
  kept = null;

  // Warm-up: a few pages through the same code path.
  let warm = 0;
  for await (const item of client.paginate(PATH, init, { pageSize: PAGE_SIZE, maxItems: 5 * PAGE_SIZE }))
    if (item.id) warm++;

  const start = settled();
  let peak = start;
  let peakAtCheckpoint = NaN;
  let settledAtCheckpoint = NaN;
  let count = 0;
  const t0 = performance.now();
  for await (const item of client.paginate(PATH, init, { pageSize: PAGE_SIZE, maxItems: ITEMS })) {
    if (item.id) count++;
    if (count % 100 === 0) {
      const h = heap();
      if (h > peak) peak = h;
      if (count === CHECKPOINT) {
        peakAtCheckpoint = peak;
        settledAtCheckpoint = settled();
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const settledAtEnd = settled();
  if (count !== ITEMS) throw new Error(`streamed ${count} items, expected ${ITEMS}`);
  return {
    items: count,
    checkpoint: CHECKPOINT,
    seconds,
    pageJsonBytes: Buffer.byteLength(pageText),
    pageMB: pageBytes / MB,
    startMB: start / MB,
    peakGrowthAtCheckpointMB: (peakAtCheckpoint - start) / MB,
    peakGrowthAtEndMB: (peak - start) / MB,
    settledGrowthAtCheckpointMB: (settledAtCheckpoint - start) / MB,
    settledGrowthAtEndMB: (settledAtEnd - start) / MB,
  };
});
