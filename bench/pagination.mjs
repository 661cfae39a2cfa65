// Part 2: pagination wall time with 20 ms added latency per request; servers in their own processes.
//   a) offset-total (OTC VPC Endpoint connections, limit 1000) over the emulator: sequential vs
//      concurrency 2, 4, 8; rounds run every setting once, in a balanced order; speed-ups are medians of
//      per-round ratios. The same series over the dedicated paging server (bench/servers/paging.mjs,
//      pages generated from the index, no per-request work beyond that) separates the client from the
//      emulator's own cost per request; both servers' CPU time and the client's are recorded. Beside
//      concurrency 4, the same pages by plain fetch (4 requests out at a time, bodies read as text, not
//      parsed), as the reference of what fetch alone reaches against the latency floor on this machine.
//   b) cursor styles over the emulator (OTC VPC subnets: marker, limit 1000; Confluent: page-token,
//      page_size 100): a consumer that works 20 ms per page (an awaited timer, standing for I/O such as
//      a database write), iterated with concurrency 1 (fetch, then consume) and 2 (the next page is
//      fetched while this one is consumed), against fetch alone and the work alone.
//   c) drift validation: the client's CPU time for the same listings with `validate: "throw"` against
//      validation off (median of per-round ratios, balanced order).
// The measured client runs in this process.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startServer } from "./lib/proc.mjs";
import { balancedOrder, median } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LATENCY_MS = 20;
const VPCEP_PATH = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
const SUBNETS_PATH = "/v1/{project_id}/subnets";
const PLA_PATH = "/networking/v1/private-link-attachment-connections";
const SETTINGS = [1, 2, 4, 8];

async function drainItems(paginated) {
  let count = 0;
  for await (const item of paginated) if (item) count++;
  return count;
}

async function drainPages(paginated, workMs) {
  let count = 0;
  for await (const page of paginated.pages()) {
    count += page.items.length;
    if (workMs) await sleep(workMs);
  }
  return count;
}

/** Wall time, this (client) process's CPU time and the server process's CPU time of one run. */
async function measured(server, fn) {
  const serverCpu = async () => (await server.request({ cpu: true })).cpuUs;
  const s0 = await serverCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const serverCpuMs = ((await serverCpu()) - s0) / 1000;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, serverCpuMs, value };
}

/**
 * The reference for concurrency 4: the same pages by plain fetch with the client's token, the first
 * alone (its total is needed) and then four requests awaiting an answer at a time, each body read as
 * text and not parsed.
 */
async function rawFetchPages({ baseUrl, init, token, pageSize, pages, workers }) {
  const path = VPCEP_PATH.replace(/\{(\w+)\}/g, (_, name) => init.params.path[name]);
  const pageUrl = (k) => `${baseUrl}${path}?limit=${pageSize}&offset=${k * pageSize}`;
  const headers = { "X-Auth-Token": token };
  const get = async (k) => {
    const response = await fetch(pageUrl(k), { headers });
    if (!response.ok) throw new Error(`${RAW}: page ${k} answered ${response.status}`);
    return response;
  };
  let bytes = (await (await get(0)).text()).length;
  // As paginate schedules: a worker sends its next request as soon as an answer arrives, and the body
  // is read meanwhile.
  const reads = [];
  let next = 1;
  const worker = async () => {
    while (next < pages) {
      const response = await get(next++);
      reads.push(response.text().then((text) => (bytes += text.length)));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  await Promise.all(reads);
  return bytes;
}

const RAW = "raw fetch, 4 at a time";

/** A row of this part's table: a wall or CPU time in ms, reported unless a goal is given. */
function row({ measurement, value, baseline, baselineLabel, ratio, goal = "report", met = null }) {
  return { part: "2 pagination", measurement, value, unit: "ms", baseline, baselineLabel, ratio, goal, met };
}

/**
 * The least wall time `pages` pages can take at concurrency c with LATENCY_MS per request: paginate
 * (and the plain-fetch reference) fetch page 0 alone first, which gives the total, then the other
 * pages c at a time.
 */
const latencyFloor = (pages, c) => (1 + Math.ceil((pages - 1) / c)) * LATENCY_MS;
const FLOOR_LABEL = (c) => `(1 + ceil((pages − 1) / ${c})) × latency: page 0 alone, then ${c} at a time`;

async function offsetSeries({ server, client, init, token, items, pageSize, rounds, label, judged, log }) {
  const pages = Math.ceil(items / pageSize);
  const runOnce = async (c) => {
    if (c === RAW) {
      const result = await measured(server, () =>
        rawFetchPages({ baseUrl: client.baseUrl, init, token, pageSize, pages, workers: 4 }),
      );
      if (!(result.value > 0)) throw new Error(`${label}, ${RAW}: no bytes`);
      return result;
    }
    const result = await measured(server, () =>
      drainItems(client.paginate(VPCEP_PATH, init, { pageSize, concurrency: c })),
    );
    if (result.value !== items) throw new Error(`${label}, concurrency ${c}: ${result.value} items, expected ${items}`);
    return result;
  };
  const settings = [...SETTINGS, RAW];
  for (const c of settings) await runOnce(c); // warm-up
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const round = {};
    for (const c of balancedOrder(settings, r)) {
      const { ms, cpuMs, serverCpuMs } = await runOnce(c);
      round[c] = { ms, cpuMs, serverCpuMs };
    }
    perRound.push(round);
  }
  const wall = (c) => median(perRound.map((round) => round[c].ms));
  const cpu = (c, key) => median(perRound.map((round) => round[c][key]));
  log(
    `  ${label}, ${pages} pages: ${settings
      .map(
        (c) =>
          `${c === RAW ? c : `c=${c}`} ${Math.round(wall(c))} ms (CPU: client ${Math.round(cpu(c, "cpuMs"))}, server ${Math.round(cpu(c, "serverCpuMs"))} ms)`,
      )
      .join("; ")}`,
  );
  const what = `${items.toLocaleString("en-US")} VPCEP connections, limit ${pageSize} (${pages} pages), ${LATENCY_MS} ms latency, ${label}`;
  const rows = [
    row({
      measurement: `${what}: sequential wall time`,
      value: wall(1),
      baseline: pages * LATENCY_MS,
      baselineLabel: "latency floor, pages × latency",
      ratio: median(perRound.map((round) => round[1].ms / (pages * LATENCY_MS))),
    }),
    row({
      measurement: `${what}: server CPU per page (sequential)`,
      value: cpu(1, "serverCpuMs") / pages,
      baseline: LATENCY_MS,
      baselineLabel: "added latency per request",
      ratio: cpu(1, "serverCpuMs") / pages / LATENCY_MS,
    }),
    row({
      measurement: `${what}: client CPU per page (sequential)`,
      value: cpu(1, "cpuMs") / pages,
      baseline: LATENCY_MS,
      baselineLabel: "added latency per request",
      ratio: cpu(1, "cpuMs") / pages / LATENCY_MS,
    }),
  ];
  for (const c of SETTINGS.slice(1)) {
    const speedup = median(perRound.map((round) => round[1].ms / round[c].ms));
    const judge = judged && c === 4;
    rows.push(
      row({
        measurement: `${what}: concurrency ${c}, speed-up over sequential (value: wall time)`,
        value: wall(c),
        baseline: wall(1),
        baselineLabel: "sequential wall time",
        ratio: speedup,
        goal: judge ? "≥ 3.50× faster" : "report",
        met: judge ? speedup >= 3.5 : null,
      }),
    );
    const floor = latencyFloor(pages, c);
    const toFloor = median(perRound.map((round) => round[c].ms / floor));
    rows.push(
      row({
        measurement: `${what}: concurrency ${c}, wall time over the latency floor`,
        value: wall(c),
        baseline: floor,
        baselineLabel: FLOOR_LABEL(c),
        ratio: toFloor,
        // Report only: the single-threaded emulator on the same two cores bounds it (plain fetch
        // scheduled the same way, parsing nothing, is about as far from the floor: the row below).
        goal: "report",
        met: null,
      }),
    );
  }
  const rawFloor = latencyFloor(pages, 4);
  rows.push(
    row({
      measurement: `${what}: ${RAW} (page 0 alone, then 4 awaiting an answer at a time; bodies read as text, not parsed), wall time over the latency floor`,
      value: wall(RAW),
      baseline: rawFloor,
      baselineLabel: FLOOR_LABEL(4),
      ratio: median(perRound.map((round) => round[RAW].ms / rawFloor)),
    }),
    row({
      measurement: `${what}: concurrency 4 (items parsed and iterated) against ${RAW} (bodies not parsed)`,
      value: wall(4),
      baseline: wall(RAW),
      baselineLabel: RAW,
      ratio: median(perRound.map((round) => round[4].ms / round[RAW].ms)),
    }),
  );
  return { rows, raw: { items, pages, latencyMs: LATENCY_MS, rounds: perRound } };
}

export async function run({ quick, log }) {
  const [{ createVpcClient, createVpcepClient }, { createConfluentClient }] = await Promise.all([
    import("connectivity-clients/otc"),
    import("connectivity-clients/confluent"),
  ]);
  const rounds = quick ? 2 : 5;
  const vpcepCount = quick ? 10_000 : 100_000;
  const vpcepPage = 1000;
  const cursorPages = quick ? 5 : 20;
  const subnetPage = 1000;
  const plaPage = 100;
  const counts = {
    vpcepConnections: vpcepCount,
    subnets: cursorPages * subnetPage,
    confluentConnections: cursorPages * plaPage,
    madconnectConnections: 10,
  };
  const rows = [];
  const raw = {};

  // ---- a) offset-total over the emulator ----
  // Confluent's emulated rate limit (1000 requests a minute) is lifted: these runs measure paging, not throttling.
  const emulator = await startServer(path.join(HERE, "servers/emulator.mjs"), {
    args: [
      JSON.stringify({
        seed: 7,
        counts,
        faults: { latencyMs: LATENCY_MS },
        confluentRateLimit: { limit: 1_000_000, windowSeconds: 60 },
      }),
    ],
  });
  try {
    const { ids, credentials } = emulator;
    const vpcep = createVpcepClient({ baseUrl: emulator.url, auth: { token: credentials.otc.token } });
    const series = await offsetSeries({
      server: emulator,
      client: vpcep,
      init: { params: { path: { project_id: ids.otcProjectId, vpc_endpoint_service_id: ids.vpcepServiceId } } },
      token: credentials.otc.token,
      items: vpcepCount,
      pageSize: vpcepPage,
      rounds,
      label: "emulator",
      judged: true,
      log,
    });
    rows.push(...series.rows);
    raw.offsetTotalEmulator = series.raw;

    // ---- b) cursor styles over the emulator: overlap of the next fetch with the consumer's work ----
    const vpc = createVpcClient({ baseUrl: emulator.url, auth: { token: credentials.otc.token } });
    const confluent = createConfluentClient({
      baseUrl: emulator.url,
      auth: { apiKey: credentials.confluent.apiKey, apiSecret: credentials.confluent.apiSecret },
    });
    const styles = [
      {
        name: "marker (OTC VPC subnets, limit 1000)",
        key: "marker",
        total: counts.subnets,
        paginate: (concurrency) =>
          vpc.paginate(
            SUBNETS_PATH,
            { params: { path: { project_id: ids.otcProjectId } } },
            { pageSize: subnetPage, concurrency },
          ),
      },
      {
        name: "page-token (Confluent, page_size 100)",
        key: "pageToken",
        total: counts.confluentConnections,
        paginate: (concurrency) =>
          confluent.paginate(
            PLA_PATH,
            { params: { query: { environment: ids.confluentEnvironment } } },
            { pageSize: plaPage, concurrency },
          ),
      },
    ];
    const kinds = ["fetch", "consume", "sequential", "overlapped"];
    for (const style of styles) {
      const measureKind = (kind) => {
        if (kind === "consume") {
          return measured(emulator, async () => {
            for (let p = 0; p < cursorPages; p++) await sleep(LATENCY_MS);
            return style.total;
          });
        }
        const concurrency = kind === "overlapped" ? 2 : 1;
        return measured(emulator, () => drainPages(style.paginate(concurrency), kind === "fetch" ? 0 : LATENCY_MS));
      };
      for (const kind of kinds) await measureKind(kind); // warm-up
      const results = [];
      for (let r = 0; r < rounds; r++) {
        const round = {};
        for (const kind of balancedOrder(kinds, r)) {
          const { ms, cpuMs, serverCpuMs, value } = await measureKind(kind);
          if (value !== style.total) throw new Error(`${style.name} ${kind}: ${value} items, expected ${style.total}`);
          round[kind] = { ms, cpuMs, serverCpuMs };
        }
        results.push(round);
      }
      raw[style.key] = { pages: cursorPages, items: style.total, workMsPerPage: LATENCY_MS, rounds: results };
      const m = (kind, key = "ms") => median(results.map((round) => round[kind][key]));
      log(
        `  ${style.key}: fetch ${Math.round(m("fetch"))} ms, work ${Math.round(m("consume"))} ms, ` +
          `sequential ${Math.round(m("sequential"))} ms, overlapped ${Math.round(m("overlapped"))} ms; ` +
          `CPU of fetch alone: client ${Math.round(m("fetch", "cpuMs"))} ms, emulator ${Math.round(m("fetch", "serverCpuMs"))} ms`,
      );
      const label = `${style.name}, ${cursorPages} pages, ${LATENCY_MS} ms latency + ${LATENCY_MS} ms work per page, emulator`;
      const ratio = median(results.map((round) => round.overlapped.ms / Math.max(round.fetch.ms, round.consume.ms)));
      rows.push(
        row({
          measurement: `${label}: concurrency 2 (next page fetched during the work)`,
          value: m("overlapped"),
          baseline: median(results.map((round) => Math.max(round.fetch.ms, round.consume.ms))),
          baselineLabel: "max(fetch alone, work alone)",
          ratio,
          goal: "≤ 1.20× (close to max)",
          met: ratio <= 1.2,
        }),
      );
      rows.push(
        row({
          measurement: `${label}: concurrency 1 (no overlap)`,
          value: m("sequential"),
          baseline: median(results.map((round) => round.fetch.ms + round.consume.ms)),
          baselineLabel: "fetch alone + work alone",
          ratio: median(results.map((round) => round.sequential.ms / (round.fetch.ms + round.consume.ms))),
        }),
      );
    }

    // ---- c) drift validation: the client's CPU time paginating with validate on against off ----
    const validation = [
      {
        name: `offset-total (OTC VPC Endpoint, ${vpcepCount} items, limit ${vpcepPage})`,
        paginate: (validate) =>
          createVpcepClient({ baseUrl: emulator.url, auth: { token: credentials.otc.token }, validate }).paginate(
            VPCEP_PATH,
            { params: { path: { project_id: ids.otcProjectId, vpc_endpoint_service_id: ids.vpcepServiceId } } },
            { pageSize: vpcepPage },
          ),
        total: vpcepCount,
      },
      {
        name: `page-token (Confluent, ${counts.confluentConnections} items, page_size ${plaPage})`,
        paginate: (validate) =>
          createConfluentClient({
            baseUrl: emulator.url,
            auth: { apiKey: credentials.confluent.apiKey, apiSecret: credentials.confluent.apiSecret },
            validate,
          }).paginate(
            PLA_PATH,
            { params: { query: { environment: ids.confluentEnvironment } } },
            { pageSize: plaPage },
          ),
        total: counts.confluentConnections,
      },
    ];
    for (const listing of validation) {
      const variants = ["off", "throw"];
      const runOnce = (validate) => measured(emulator, () => drainItems(listing.paginate(validate)));
      for (const validate of variants) await runOnce(validate); // warm-up (loads the validators)
      const results = [];
      for (let r = 0; r < rounds * 2; r++) {
        const round = {};
        for (const validate of balancedOrder(variants, r)) {
          const { cpuMs, value } = await runOnce(validate);
          if (value !== listing.total) throw new Error(`${listing.name}, validate ${validate}: ${value} items`);
          round[validate] = cpuMs;
        }
        results.push(round);
      }
      const ratio = median(results.map((round) => round.throw / round.off));
      log(
        `  validation, ${listing.name}: client CPU ${Math.round(median(results.map((r) => r.throw)))} ms on, ${Math.round(median(results.map((r) => r.off)))} ms off`,
      );
      rows.push(
        row({
          measurement: `${listing.name}: client CPU time with validate "throw" (every page checked against its schema)`,
          value: median(results.map((round) => round.throw)),
          baseline: median(results.map((round) => round.off)),
          baselineLabel: "the same listing with validate off",
          ratio,
          goal: "≤ 1.50×",
          met: ratio <= 1.5,
        }),
      );
      raw[`validation ${listing.name}`] = results;
    }
  } finally {
    await emulator.close();
  }

  // ---- a') the same offset-total series over the dedicated paging server ----
  const paging = await startServer(path.join(HERE, "servers/paging.mjs"), {
    args: [String(vpcepCount), String(LATENCY_MS)],
  });
  try {
    const series = await offsetSeries({
      server: paging,
      client: createVpcepClient({ baseUrl: paging.url, auth: { token: "bench-token" } }),
      token: "bench-token",
      init: {
        params: { path: { project_id: "0605767e5f00d5762fb2c00e6ea7d3f9", vpc_endpoint_service_id: "4189d3c2" } },
      },
      items: vpcepCount,
      pageSize: vpcepPage,
      rounds,
      label: "dedicated paging server",
      judged: false,
      log,
    });
    rows.push(...series.rows);
    raw.offsetTotalPagingServer = series.raw;
  } finally {
    await paging.close();
  }
  return { rows, raw };
}
