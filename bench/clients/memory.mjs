// Measured process of part 3 (memory). Run with --expose-gc.
//
//   node --expose-gc [--min-semi-space-size=16 --max-semi-space-size=16] \
//     bench/clients/memory.mjs <url> <items> <checkpoint> [warm-up items]
//
// Streams <items> VPC Endpoint connections through `paginate` (limit 1000, concurrency 1), counting
// them, and samples process.memoryUsage().heapUsed:
//   - after a forced gc before the stream (the start), and at <checkpoint> and <items> items;
//   - every 100 items without gc (the sampled peak, so garbage not yet collected counts too), as the
//     peak of the whole stream and the peak of each <checkpoint>-item window.
// One page's size is the heap a parsed page of 1000 items retains (20 parsed copies held, gc before
// and after, divided by 20).
//
// Before the measured stream, [warm-up items] (default 5 pages) stream through the same code path.
//
// Why bench/memory.mjs runs this with a warm-up as long as the checkpoint, in a process whose young
// generation is fixed at V8's largest default size (16 MB semi-spaces): the sampled peak counts
// garbage not yet collected, and in a fresh process two V8 heuristics move it with time, not with
// anything the client keeps. Measured on this stream (per-100,000-item windows, V8 heap spaces):
// (1) V8 sizes the young generation adaptively, doubling its semi-spaces (1 MB up to 16 MB) as
// objects survive scavenges. After a 5-page warm-up (the previous method) the new-space capacity
// was 8 MB over the first 50,000 items, 16 MB by 100,000 and 32 MB by ~300,000, and the window peak
// of heapUsed went from 7 MB to ~19 MB with it, while the old generation stayed between 6 and 11 MB. (2) With the
// young generation fixed, the old generation still filled with promoted garbage from 6.6 to 11.5 MB
// over the first ~300,000 items of the process, then fell to ~6.5 MB at its first full collection and
// stayed flat; after a 100,000-item warm-up it is flat from the start. With both out of the way the
// peak moves only with what the client keeps, which is what the goal is about. bench/memory.mjs
// still reports one round measured the previous way (default flags, 5-page warm-up) next to it.
// (A 16 MB young generation takes ~30 pages to fill once, so --quick's 10,000-item checkpoint comes
// before the first scavenge: its growth figure means nothing; --quick is a smoke run.)
import { createVpcepClient } from "connectivity-clients/otc";
import { childMain } from "../lib/proc.mjs";

const [url, itemsArg, checkpointArg, warmUpArg] = process.argv.slice(2);
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

  // Warm-up through the same code path.
  const warmUp = Number(warmUpArg ?? 5 * PAGE_SIZE);
  let warm = 0;
  for await (const item of client.paginate(PATH, init, { pageSize: PAGE_SIZE, maxItems: warmUp })) if (item.id) warm++;

  const start = settled();
  let peak = start;
  let peakAtCheckpoint = NaN;
  let settledAtCheckpoint = NaN;
  let count = 0;
  // The peak within each CHECKPOINT-item window (the first ends at the checkpoint, the last at the end).
  const windowPeaks = [];
  let windowPeak = 0;
  const t0 = performance.now();
  for await (const item of client.paginate(PATH, init, { pageSize: PAGE_SIZE, maxItems: ITEMS })) {
    if (item.id) count++;
    if (count % 100 === 0) {
      const h = heap();
      if (h > peak) peak = h;
      if (h > windowPeak) windowPeak = h;
      if (count % CHECKPOINT === 0) {
        windowPeaks.push((windowPeak - start) / MB);
        windowPeak = 0;
      }
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
    windowPeakGrowthMB: windowPeaks,
  };
});
