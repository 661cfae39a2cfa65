// Small in-memory implementations of the four paging styles, as node:http handlers on the real
// test server of ./http-server.ts:
//   offset-total  OTC VPC Endpoint connections   offset + limit, total_count
//   marker        OTC VPC subnets                marker (id of the last item) + limit, no total
//   page-token    Confluent PLA connections      page_size + page_token, metadata.next / total_size
//   offset-size   MadConnect connections         offset (items) + size, inside the {statusCode, response} envelope
// Items are generated from their index on the fly (nothing is stored), so a dataset can be huge.
// Knobs: dataset size, server default / maximum page size, latency, and faults (an error on page N,
// a MadConnect error envelope, a repeated cursor, an ignored offset). `configure` swaps the dataset
// and clears the logs, so one server per style can serve many runs.
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll } from "vitest";
import { setTimeout as delay } from "node:timers/promises";
import type { PaginateOptions, Paginated } from "../../src/core/paginate.js";
import type { CommonOptions } from "../../src/core/client.js";
import { createConfluentClient } from "../../src/confluent/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";
import { sendJson, startServer, type Handler, type RecordedRequest, type TestServer } from "./http-server.js";

export type PagingStyle = "offset-total" | "marker" | "page-token" | "offset-size";
export const STYLES: readonly PagingStyle[] = ["offset-total", "marker", "page-token", "offset-size"];

export interface Faults {
  /** Answer page `page` (1-based, by position in the dataset) with HTTP `status`, `times` times (default: every time). */
  error?: { page: number; status: number; times?: number };
  /** offset-size (MadConnect): answer page `page` with HTTP 200 and this non-zero statusCode. */
  envelopeError?: { page: number; statusCode: number };
  /**
   * Cursor styles: from page `from` (≥ 2) on, hand out a cursor that was handed out before: marker
   * re-serves the previous page (so its last id repeats), page-token answers with `next` = the token
   * of this very request.
   */
  repeatCursor?: { from: number };
  /** Offset styles: ignore `offset` and serve every request from the start (full pages, for ever). */
  ignoreOffset?: boolean;
}

export interface PagingConfig {
  /** Number of items in the dataset. */
  size: number;
  /** Page size when the request sends none. */
  defaultPageSize: number;
  /** The server silently serves at most this many items per page. */
  maxPageSize: number;
  /** Delay before each answer, in ms, or per page (cut short when the client goes away). */
  latencyMs: number | ((page: number) => number);
  faults: Faults;
  /** page-token: origin written into `metadata.next` (default: this server's own). */
  nextOrigin?: string;
  /** page-token: whether the last page leaves `next` out or sets it to null. */
  lastNext: "absent" | "null";
  /** The total the server reports (total_count, total_size), if not the dataset's size. */
  reportedTotal?: number;
}

/** What one list request asked for and got. */
export interface ServedPage {
  /** performance.now() when the request arrived. */
  at: number;
  /** performance.now() when it was answered (or the client went away). */
  done: number;
  query: URLSearchParams;
  /** 1-based page number, by position (start / page size). */
  page: number;
  start: number;
  count: number;
  status: number;
}

export interface PagingServer {
  readonly style: PagingStyle;
  readonly url: string;
  /**
   * Changes with every `configure`. `paginateList` sends it as the RUN_HEADER; a request of an
   * earlier run (one that was cancelled in flight but reached the server late) is answered 410 and
   * left out of `requests` and `served`.
   */
  readonly run: string;
  /** Every request of this run the server received (see http-server.ts). */
  readonly requests: RecordedRequest[];
  /** Every list request, in arrival order. */
  readonly served: ServedPage[];
  readonly config: PagingConfig;
  /** New dataset / knobs (merged onto the style's defaults); clears `requests` and `served`. */
  configure(config?: Partial<PagingConfig>): void;
  close(): Promise<void>;
}

interface StyleSpec {
  path: RegExp;
  sizeParam: string;
  /** The documented maximum page size: a larger request is a 400, as a real server would answer. */
  documentedMax: number;
  defaults: Pick<PagingConfig, "defaultPageSize" | "maxPageSize">;
}

export const STYLE_SPECS: Record<PagingStyle, StyleSpec> = {
  "offset-total": {
    path: /^\/v1\/[^/]+\/vpc-endpoint-services\/[^/]+\/connections$/,
    sizeParam: "limit",
    documentedMax: 1000,
    defaults: { defaultPageSize: 10, maxPageSize: 1000 },
  },
  marker: {
    path: /^\/v1\/[^/]+\/subnets$/,
    sizeParam: "limit",
    documentedMax: 2 ** 31 - 1,
    defaults: { defaultPageSize: 2000, maxPageSize: 2 ** 31 - 1 },
  },
  "page-token": {
    path: /^\/networking\/v1\/private-link-attachment-connections$/,
    sizeParam: "page_size",
    documentedMax: 100,
    defaults: { defaultPageSize: 10, maxPageSize: 100 },
  },
  "offset-size": {
    path: /^\/es\/v2\/connections$/,
    sizeParam: "size",
    documentedMax: Number.MAX_SAFE_INTEGER,
    defaults: { defaultPageSize: 10, maxPageSize: Number.MAX_SAFE_INTEGER },
  },
};

// ---- datasets ----------------------------------------------------------------------------------

const pad = (i: number) => String(i).padStart(7, "0");
/** The id of item `i` of a style's dataset (every item has an `id`). */
export const itemId = (style: PagingStyle, i: number) =>
  `${{ "offset-total": "vpce", marker: "subnet", "page-token": "plattc", "offset-size": "mc" }[style]}-${pad(i)}`;
/** The ids of the first `n` items, in server order. */
export const expectedIds = (style: PagingStyle, n: number) => Array.from({ length: n }, (_, i) => itemId(style, i));
const indexOf = (id: string) => (/^[a-z]+-(\d{7})$/.exec(id) ? Number(id.slice(-7)) : -1);

const when = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace(/\.000Z$/, "Z");

function item(style: PagingStyle, i: number): Record<string, unknown> {
  const id = itemId(style, i);
  switch (style) {
    case "offset-total":
      return {
        id,
        marker_id: 4_000_000 + i,
        created_at: when(i),
        updated_at: when(i),
        domain_id: "0f5181caba0024e72f89c0045e707b91",
        status: "accepted",
        description: `connection ${i}`,
      };
    case "marker":
      return {
        id,
        name: `subnet-${i}`,
        description: "",
        cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
        gateway_ip: `10.${(i >> 8) & 255}.${i & 255}.1`,
        ipv6_enable: false,
        dhcp_enable: true,
        primary_dns: "100.125.4.25",
        secondary_dns: "100.125.129.199",
        availability_zone: "eu-de-01",
        vpc_id: "vpc-1",
        status: "ACTIVE",
        neutron_network_id: id,
        neutron_subnet_id: id,
      };
    case "page-token":
      return {
        api_version: "networking/v1",
        kind: "PrivateLinkAttachmentConnection",
        id,
        metadata: { self: `https://api.confluent.cloud/networking/v1/private-link-attachment-connections/${id}` },
        spec: { display_name: `conn-${i}`, environment: { id: "env-1" }, private_link_attachment: { id: "platt-1" } },
        status: { phase: "READY" },
      };
    case "offset-size":
      return {
        id,
        accountId: "sub-1",
        name: `connection ${i}`,
        env: "prod",
        status: "active",
        createdTime: 1_700_000_000 + i,
        enabled: true,
      };
  }
}

// ---- the handler -------------------------------------------------------------------------------

function errorBody(style: PagingStyle, status: number, message: string): unknown {
  switch (style) {
    case "offset-total":
    case "marker":
      return { error_code: `TEST.${status}`, error_msg: message, request_id: "req-test" };
    case "page-token":
      return { errors: [{ status: String(status), code: "test_error", detail: message }] };
    case "offset-size":
      return { statusCode: status, statusMessage: message, response: null };
  }
}

const tokenFor = (nonce: string, start: number) => Buffer.from(`${nonce}:${start}`).toString("base64url");
function startOfToken(nonce: string, token: string): number | undefined {
  const [n, start] = Buffer.from(token, "base64url").toString().split(":");
  return n === nonce && start !== undefined && /^\d+$/.test(start) ? Number(start) : undefined;
}

export const RUN_HEADER = "x-paging-run";
const runOf = (request: RecordedRequest) => request.headers[RUN_HEADER] as string | undefined;

interface State {
  style: PagingStyle;
  config: PagingConfig;
  served: ServedPage[];
  /** Changes with every `configure`: a token or a request from an earlier run is refused. */
  nonce: string;
  failures: number;
  selfOrigin: string;
}

function pagingHandler(state: State): Handler {
  const spec = STYLE_SPECS[state.style];
  return async (request, res) => {
    const at = performance.now();
    const { style, config, nonce } = state;
    if (runOf(request) !== undefined && runOf(request) !== nonce) return sendJson(res, 410, { stale: true });
    const url = new URL(request.url, "http://test.invalid");
    const query = url.searchParams;
    const log = (entry: Omit<ServedPage, "at" | "done" | "query">): void =>
      void state.served.push({ at, done: performance.now(), query, ...entry });
    const fail = (status: number, message: string, page = 0, start = 0) => {
      log({ page, start, count: 0, status });
      sendJson(res, status, errorBody(style, status, message));
    };
    if (request.method !== "GET" || !spec.path.test(url.pathname)) return fail(404, `no route ${url.pathname}`);

    // The page size asked for, then the start position.
    const sizeText = query.get(spec.sizeParam);
    if (sizeText !== null && !/^\d+$/.test(sizeText)) return fail(400, `${spec.sizeParam} must be an integer`);
    const asked = sizeText === null ? config.defaultPageSize : Number(sizeText);
    if (asked > spec.documentedMax) return fail(400, `${spec.sizeParam} must be at most ${spec.documentedMax}`);
    const size = Math.min(asked, config.maxPageSize);
    if (style === "page-token" && query.get("environment") === null) return fail(400, "environment is required");

    let start: number;
    switch (style) {
      case "offset-total":
      case "offset-size": {
        const offset = query.get("offset");
        if (offset !== null && !/^\d+$/.test(offset)) return fail(400, "offset must be an integer");
        start = config.faults.ignoreOffset ? 0 : Number(offset ?? 0);
        break;
      }
      case "marker": {
        const marker = query.get("marker");
        if (marker !== null && indexOf(marker) < 0) return fail(400, `unknown marker ${marker}`);
        start = marker === null ? 0 : indexOf(marker) + 1;
        break;
      }
      case "page-token": {
        const token = query.get("page_token");
        const decoded = token === null ? 0 : startOfToken(nonce, token);
        if (decoded === undefined) return fail(400, "invalid page_token");
        start = decoded;
        break;
      }
    }
    const page = size > 0 ? Math.floor(start / size) + 1 : 1;
    const repeat = config.faults.repeatCursor;
    const repeating = repeat !== undefined && page >= repeat.from;
    if (repeating && style === "marker") start = Math.max(0, start - size);

    const latency = typeof config.latencyMs === "function" ? config.latencyMs(page) : config.latencyMs;
    if (latency > 0) {
      const gone = new AbortController();
      res.once("close", () => gone.abort());
      try {
        await delay(latency, undefined, { signal: gone.signal });
      } catch {
        return log({ page, start, count: 0, status: 0 }); // the client went away
      }
    }

    const error = config.faults.error;
    if (error && error.page === page && state.failures < (error.times ?? Number.POSITIVE_INFINITY)) {
      state.failures += 1;
      return fail(error.status, `injected failure on page ${page}`, page, start);
    }
    if (config.faults.envelopeError?.page === page) {
      log({ page, start, count: 0, status: 200 });
      const { statusCode } = config.faults.envelopeError;
      return sendJson(res, 200, {
        statusCode,
        statusMessage: `injected envelope error on page ${page}`,
        response: null,
      });
    }

    const end = Math.min(start + size, config.size);
    const items: unknown[] = [];
    for (let i = start; i < end; i++) items.push(item(style, i));
    log({ page, start, count: items.length, status: 200 });

    switch (style) {
      case "offset-total":
        return sendJson(res, 200, { connections: items, total_count: config.reportedTotal ?? config.size });
      case "marker":
        return sendJson(res, 200, { subnets: items });
      case "offset-size":
        return sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response: items });
      case "page-token": {
        const link = (token: string) => {
          const next = new URL(url.pathname, config.nextOrigin ?? state.selfOrigin);
          next.searchParams.set("environment", query.get("environment") ?? "");
          next.searchParams.set("page_size", String(size));
          next.searchParams.set("page_token", token);
          return next.href;
        };
        const nextToken = repeating ? query.get("page_token") : end < config.size ? tokenFor(nonce, end) : null;
        const metadata: Record<string, unknown> = {
          first: new URL(url.pathname, state.selfOrigin).href,
          total_size: config.reportedTotal ?? config.size,
        };
        if (nextToken) metadata.next = link(nextToken);
        else if (config.lastNext === "null") metadata.next = null;
        return sendJson(res, 200, {
          api_version: "networking/v1",
          kind: "PrivateLinkAttachmentConnectionList",
          metadata,
          data: items,
        });
      }
    }
  };
}

export async function startPagingServer(style: PagingStyle, config: Partial<PagingConfig> = {}): Promise<PagingServer> {
  const state: State = {
    style,
    config: undefined as unknown as PagingConfig,
    served: [],
    nonce: "",
    failures: 0,
    selfOrigin: "",
  };
  const server: TestServer = await startServer(pagingHandler(state));
  state.selfOrigin = server.url;
  let generation = 0;
  const configure = (next: Partial<PagingConfig> = {}) => {
    state.config = { size: 0, latencyMs: 0, faults: {}, lastNext: "absent", ...STYLE_SPECS[style].defaults, ...next };
    state.nonce = `g${++generation}`;
    state.failures = 0;
    state.served.length = 0;
    server.requests.length = 0;
  };
  const current = () => server.requests.filter((request) => [undefined, state.nonce].includes(runOf(request)));
  configure(config);
  return {
    style,
    url: server.url,
    get run() {
      return state.nonce;
    },
    get requests() {
      return current();
    },
    served: state.served,
    get config() {
      return state.config;
    },
    configure,
    close: () => server.close(),
  };
}

// ---- the clients ---------------------------------------------------------------------------------

/** The filters each style's list call sends; every page request must carry them (and the client's accountId). */
export const FILTERS: Record<PagingStyle, Record<string, string>> = {
  "offset-total": { status: "accepted", sort_key: "updated_at", sort_dir: "asc" },
  marker: { vpc_id: "vpc-1" },
  "page-token": { environment: "env-1", "spec.private_link_attachment": "platt-1" },
  "offset-size": { q: "kw", status: "active", accountId: "sub-1" },
};

export type ListOptions = PaginateOptions & { client?: Omit<CommonOptions, "baseUrl"> };

/**
 * `client.paginate` of the style's list operation against `server`, with the style's FILTERS; the
 * clients have retries off unless `client.retry` says otherwise.
 */
export function paginateList(
  server: Pick<PagingServer, "style" | "url" | "run">,
  options: ListOptions = {},
): Paginated<{ id: string }> {
  const { client: clientOptions, ...paginateOptions } = options;
  const common = {
    retry: false as const,
    ...clientOptions,
    headers: { ...clientOptions?.headers, [RUN_HEADER]: server.run },
    baseUrl: server.url,
  };
  switch (server.style) {
    case "offset-total":
      return createVpcepClient({ ...common, auth: { token: "otc-token" } }).paginate(
        "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
        {
          params: {
            path: { project_id: "proj-1", vpc_endpoint_service_id: "svc-1" },
            query: { status: "accepted", sort_key: "updated_at", sort_dir: "asc" },
          },
        },
        paginateOptions,
      ) as Paginated<{ id: string }>;
    case "marker":
      return createVpcClient({ ...common, auth: { token: "otc-token" } }).paginate(
        "/v1/{project_id}/subnets",
        { params: { path: { project_id: "proj-1" }, query: { vpc_id: "vpc-1" } } },
        paginateOptions,
      );
    case "page-token":
      return createConfluentClient({ ...common, auth: { apiKey: "key", apiSecret: "secret" } }).paginate(
        "/networking/v1/private-link-attachment-connections",
        { params: { query: { environment: "env-1", "spec.private_link_attachment": "platt-1" } } },
        paginateOptions,
      );
    case "offset-size":
      return createMadConnectClient({ ...common, auth: { token: "mc-token" }, accountId: "sub-1" }).paginate(
        "/es/v2/connections",
        { params: { query: { q: "kw", status: "active" } } },
        paginateOptions,
      ) as Paginated<{ id: string }>;
  }
}

/** The ids `paginate` yields, in order. */
export async function collectIds(paginated: Paginated<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const entry of paginated) ids.push(entry.id);
  return ids;
}

/** Requests a sequential paginate makes for `n` items in pages of `p` (the server's rule for the last page). */
export function expectedRequests(style: PagingStyle, n: number, p: number): number {
  switch (style) {
    case "offset-total":
    case "page-token":
      return Math.max(1, Math.ceil(n / p)); // total_count / `next` tell where the data ends
    case "marker":
    case "offset-size":
      return Math.floor(n / p) + 1; // only a short (or empty) page ends it
  }
}

export const sizeParam = (style: PagingStyle) => STYLE_SPECS[style].sizeParam;
/** The query parameter that moves from page to page (absent from the first request). */
export const positionParam = (style: PagingStyle) =>
  ({ "offset-total": "offset", marker: "marker", "page-token": "page_token", "offset-size": "offset" })[style];

/** One server per style for the test file, made by `start`: started before its tests, closed after them. */
export function useStyleServers<S extends { close(): Promise<void> }>(
  start: (style: PagingStyle) => Promise<S>,
): Record<PagingStyle, S> {
  const servers = {} as Record<PagingStyle, S>;
  beforeAll(async () => {
    for (const style of STYLES) servers[style] = await start(style);
  });
  afterAll(async () => {
    await Promise.all(STYLES.map((style) => servers[style].close()));
  });
  return servers;
}

/** One paging server per style for the test file. */
export const usePagingServers = () => useStyleServers(startPagingServer);
