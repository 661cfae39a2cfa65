/// <reference types="node" />
// connectivity-clients/emulator: a local, in-memory emulator of the four APIs (OTC VPC Endpoint,
// OTC VPC, Confluent Cloud networking/v1 private link attachment connections, MadConnect
// Connections) on one HTTP server. Their paths do not collide, so one URL serves all four:
// point every client's `baseUrl` at `emu.url`. Node only.
//
// Decisions (where the pages leave room):
// - project_id: any value is accepted unless `projects` lists the accepted ones; every accepted
//   project sees the same dataset (the subnets' tenant_id is `state.otc.projectId`). Others get
//   400 EndPoint.0014 "Invalid project ID." (VPC Endpoint) / VPC.0007 (VPC).
// - OTC: limit=0 answers an empty page (VPC Endpoint still reports total_count). An offset past the
//   end answers an empty page. An unknown `marker` is 400 VPC.0201. The VPC Endpoint service must
//   exist (`state.otc.vpcep.services`): a non-UUID id is 400 EndPoint.3062, an unknown one 400
//   EndPoint.2003 (codes and statuses of the Error Codes appendix). Lists are in creation order
//   (VPC) or sorted by sort_key/sort_dir with the id as tie-breaker (VPC Endpoint).
//   Accept/reject: `receive` makes the connection accepted, `reject` rejected; the appendix's codes
//   answer the rest (EndPoint.0007 bad action, EndPoint.2031 more than one endpoint, EndPoint.2047 a
//   failed one, EndPoint.2013 another service's, 404 EndPoint.2006 an unknown one).
//   Subnets: create answers status UNKNOWN (the page's example) and the subnet is ACTIVE from then
//   on; a CIDR overlapping a subnet of the same VPC is 400 VPC.0204, a bad one VPC.0212, an unknown
//   VPC 404 VPC.0003, a subnet of another VPC 400 VPC.0207, an unknown subnet 404 VPC.0202, other bad
//   fields 400 VPC.0201 "<field> is invalid.". VPC CIDRs are not modelled, so "within the VPC CIDR
//   block" is not checked. Create leaves availability_zone "" when the body does not name one. Update
//   keeps what the body leaves out, but dhcp_enable, which the page sets to true when left blank;
//   DHCP lease-time options are validated but not kept (the subnet's extra_dhcp_opts document ntp
//   only); IPv6 can be enabled and disabled. NTP servers: one to four distinct IPv4 addresses.
//   Delete removes the subnet (204).
// - Confluent: an unknown environment is 403 (user_unauthorized); page_size outside 1..100 is 400
//   (invalid_page_size: the definition's maximum, and 1 as the minimum it does not state; its
//   x-max-page-items is not applied, see the wrapper's x-decision on the list); a page_token that was not issued for the same filter is 400
//   (invalid_page_token); a missing environment is 400 (invalid_filter). Lists are in creation order.
//   Requests are counted in a fixed window (`confluentRateLimit`, default 1000 per 60 s): every
//   answer carries X-RateLimit-Limit/Remaining/Reset, and past the limit the answer is 429 with
//   Retry-After and no body (the definitions declare no content for 429).
//   Create answers 202 PROVISIONING with a Location header; the connection is READY (with its cloud
//   status) from its next read on. The cloud kind must match the attachment's cloud; bad bodies are
//   422 invalid_configuration with source.pointer, unparseable ones 400; an endpoint already
//   connected to the attachment (AWS vpc_endpoint_id, Azure private_endpoint_resource_id, GCP
//   private_service_connect_connection_id, which is made up only when the create sends none) is 409
//   with the existing one's Location. Update changes display_name
//   (cloud and private_link_attachment are immutable: 422). Delete removes the connection (204).
// - MadConnect: DELETE flags the connection (`deleted: true`, status "deleted", disabled); GET still
//   returns it. `status` `all`, empty or absent lists every connection, the deleted ones too ("All
//   connections returned if empty or all", the page); `deleted` lists exactly the deleted ones, and any
//   other status the connections not deleted with that status.
//   `q` matches name, id and connector names (case-insensitive substring). `offset` counts items.
//   Errors answer the HTTP status with `statusCode` equal to it and `response: null`; changing a
//   deleted connection answers HTTP 200 with statusCode 409 (the "error with HTTP 200" case).
//   create/update/status/delete answer `response: {}`, as the page shows (find a new connection by
//   listing with `q`); a new connection is "In-progress" and disabled until activated. The create and
//   update bodies' configuration fields (srcConfigurationId, srcConnectionConfig, ...) are accepted
//   and set `src.configured`/`dest.configured`, but are never answered: the page's list and get show
//   no such fields.
// - Limits (memory stays bounded however long it runs): a request body over 1 MiB (MAX_BODY_BYTES)
//   is answered 413 in the vendor's error body and the rest of it thrown away, the connection staying
//   usable (past 16 MiB the connection is closed instead); a request target
//   that is no URL (`//`, `http://[`) is 400. `requests` keeps the newest `maxRequestLog` records
//   (default 10,000). Creates bring each API's collection to at most `maxCreated` resources
//   (default 10,000) more than the dataset held when it was made (at start and on `reset()`), then
//   answer 409 (OTC `Emulator.Quota`, Confluent `quota_exceeded`, MadConnect statusCode 409) until a
//   delete (of a generated resource or a created one) or `reset()` makes room (a deleted
//   MadConnect connection stops counting, and is forgotten, oldest first, once a create needs its place); a create's id check is constant
//   time, its conflict checks (overlapping CIDR, endpoint already connected) scan the collection.
//   VPC Endpoint keeps at most 32 listing queries per service (MAX_CACHED_LISTINGS, least recently
//   used dropped first). Every link (`metadata.*`, `self`, `related`, `Location`) is built from the
//   emulator's own URL (`emu.url`), never from the request's Host header.
// - Speed (paging through large datasets): VPC Endpoint keeps each query's filtered, sorted list of
//   connections until a connection changes through the API or the service's `connections` array is
//   replaced or changes length; after changing a connection's sort or filter fields (created_at,
//   updated_at, id, status, marker_id) directly in `state`, replace the array
//   (`service.connections = [...service.connections]`). List answers reuse each connection's JSON
//   text only while the connection is unchanged, which every answer checks: no step is needed there.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createConfluent } from "./confluent.js";
import {
  createDataset,
  MADCONNECT_DEFAULT_ACCOUNT_ID,
  type ConfluentCloud,
  type DatasetCounts,
  type EmulatorState,
} from "./data.js";
import { driftReply } from "./drift.js";
import { FaultSet, type ActiveFault, type FaultEffect, type FaultOptions } from "./faults.js";
import {
  BodyTooLargeError,
  gatewayErrorPage,
  matchRoute,
  readBody,
  replyBody,
  send,
  truncate,
  type EmulatorEnv,
  type Reply,
  type RequestContext,
  type Vendor,
} from "./http.js";
import { createMadConnect } from "./madconnect.js";
import { createOtc, otcError } from "./otc.js";
import type {
  ApiName,
  ConfluentCredentials,
  ConfluentRateLimit,
  MadConnectCredentials,
  OtcCredentials,
} from "./types.js";
import { DEFAULT_MAX_SKEW_MS } from "./aksk-verifier.js";
import { checkNumber, integerFrom, kindOf, MAX_SEED, optionEntries } from "./options.js";

export interface EmulatorCredentials {
  otc: OtcCredentials;
  confluent: ConfluentCredentials;
  madconnect: MadConnectCredentials & {
    /** The account the token belongs to (used when a request sends no `accountId`). */
    accountId: string;
  };
}

/** The credentials the emulator accepts unless `credentials` overrides them. */
export const EMULATOR_CREDENTIALS = Object.freeze({
  otc: Object.freeze({
    token: "emulator-otc-iam-token",
    accessKey: "EMULATORACCESSKEY000",
    secretKey: "emulator-otc-secret-key-0000000000000000",
  }),
  confluent: Object.freeze({
    apiKey: "EMULATORAPIKEY00",
    apiSecret: "emulator-confluent-api-secret-000000000000000000000000000000000",
    token: "emulator-confluent-oauth-token",
  }),
  madconnect: Object.freeze({
    token: "c076dc2e-d0c2-4d4d-ab13-e4e3dd555fc0",
    accountId: MADCONNECT_DEFAULT_ACCOUNT_ID,
  }),
}) satisfies EmulatorCredentials;

export interface EmulatorOptions {
  /** TCP port, an integer from 0 to 65535; 0 (default) picks a free one. */
  port?: number | undefined;
  /** Interface to bind (default 127.0.0.1); an empty or blank one is a TypeError (Node would bind every interface). */
  host?: string | undefined;
  /**
   * Dataset seed (default 1): an integer from 0 to 2^32 − 1 (anything else is a TypeError or a
   * RangeError); the same seed and counts always give the same data.
   */
  seed?: number | undefined;
  /** How much data to generate (see DatasetCounts for the defaults). */
  counts?: DatasetCounts | undefined;
  /** Replaces any of the default credentials (EMULATOR_CREDENTIALS); MadConnect's account id is fixed. */
  credentials?:
    | {
        otc?: Partial<OtcCredentials> | undefined;
        confluent?: Partial<ConfluentCredentials> | undefined;
        madconnect?: Partial<MadConnectCredentials> | undefined;
      }
    | undefined;
  /** Accepted OTC project_id values (default: any). */
  projects?: readonly string[] | undefined;
  /** Faults active from the start (see setFaults). */
  faults?: FaultOptions | readonly FaultOptions[] | undefined;
  /**
   * Confluent's request window: X-RateLimit-* headers and 429 past the limit (default 1000 per 60 s;
   * `limit` and `windowSeconds` integers ≥ 1).
   */
  confluentRateLimit?: Partial<ConfluentRateLimit> | undefined;
  /**
   * Max |server clock - X-Sdk-Date| of an AK/SK request, in ms (default 15 minutes, as API Gateway): a
   * number ≥ 0 (Infinity: any date).
   */
  maxClockSkewMs?: number | undefined;
  /** How many requests `requests` keeps, the newest (an integer ≥ 0; default 10,000; 0 keeps none). */
  maxRequestLog?: number | undefined;
  /**
   * How many resources each API's collection may hold beyond what the generated dataset held when
   * it was made, at start or on `reset()` (default 10,000): past it, a create answers the vendor's
   * conflict error until a delete (of a generated or a created resource) or `reset()` makes room
   * (a deleted MadConnect connection stops counting). An integer ≥ 0.
   */
  maxCreated?: number | undefined;
}

/** The default of `maxRequestLog`. */
export const DEFAULT_MAX_REQUEST_LOG = 10_000;
/** The default of `maxCreated`. */
export const DEFAULT_MAX_CREATED = 10_000;
/**
 * The largest request body the emulator reads (1 MiB). A larger one is answered 413; its rest is read
 * and thrown away so the connection stays usable (up to 16 MiB; past that the connection is closed).
 */
export const MAX_BODY_BYTES = 1 << 20;

/** The request target as a URL, or undefined when it is not one (`//`, `http://[`). */
function parseTarget(rawUrl: string): URL | undefined {
  try {
    return new URL(rawUrl, "http://emulator.invalid");
  } catch {
    return undefined;
  }
}

export interface EmulatorIds {
  /** The project the dataset belongs to (any project_id is accepted unless `projects` is set). */
  otcProjectId: string;
  /** The VPC endpoint service that holds `counts.vpcepConnections` connections. */
  vpcepServiceId: string;
  /** Every VPC endpoint service. */
  vpcepServiceIds: string[];
  /** The VPCs the subnets belong to (for the `vpc_id` filter). */
  vpcIds: string[];
  /** The Confluent environment that holds `counts.confluentConnections` connections. */
  confluentEnvironment: string;
  confluentEnvironments: string[];
  /** The private link attachments of the primary environment (for `spec.private_link_attachment`). */
  confluentAttachments: string[];
  /**
   * The same attachments with their cloud and region: a create's `spec.cloud.kind` must be the
   * attachment's cloud (`AwsPrivateLinkAttachmentConnection` for AWS, and so on).
   */
  confluentAttachmentDetails: { id: string; cloud: ConfluentCloud; region: string }[];
  /** The MadConnect account of the token (used when no `accountId` is sent). */
  madconnectAccountId: string;
  madconnectSubAccountIds: string[];
  /** Connectors a MadConnect create accepts as `srcConnectorId` (the page's sample `STWkG5hhS3EvG511` first). */
  madconnectSourceConnectorIds: string[];
  /** Connectors a MadConnect create accepts as `destConnectorId` (the page's sample `13a4e0ca00af0011` first). */
  madconnectDestinationConnectorIds: string[];
}

export function datasetIds(state: EmulatorState): EmulatorIds {
  const environment = state.confluent.environments[0]!.id;
  const attachments = state.confluent.attachments.filter((a) => a.environment === environment);
  const { connectors } = state.madconnect;
  return {
    otcProjectId: state.otc.projectId,
    vpcepServiceId: state.otc.vpcep.services[0]!.id,
    vpcepServiceIds: state.otc.vpcep.services.map((s) => s.id),
    vpcIds: [...state.otc.vpc.vpcIds],
    confluentEnvironment: environment,
    confluentEnvironments: state.confluent.environments.map((e) => e.id),
    confluentAttachments: attachments.map((a) => a.id),
    confluentAttachmentDetails: attachments.map(({ id, cloud, region }) => ({ id, cloud, region })),
    madconnectAccountId: state.madconnect.accountId,
    madconnectSubAccountIds: [...state.madconnect.subAccountIds],
    madconnectSourceConnectorIds: connectors.filter((c) => c.role === "source").map((c) => c.connectorId),
    madconnectDestinationConnectorIds: connectors.filter((c) => c.role === "destination").map((c) => c.connectorId),
  };
}

export interface RequestRecord {
  /** The X-Request-Id the answer carried. */
  id: string;
  /** The API the path belongs to (undefined for paths of none). */
  api: ApiName | undefined;
  /** The operationId of the matched operation (undefined for 404/405). */
  operationId: string | undefined;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The HTTP status answered (0 while the request is in progress). */
  status: number;
  /** The fault effects that changed this request. */
  faults: FaultEffect[];
  /** Date.now() when the request arrived. */
  startedAt: number;
  durationMs: number;
}

export interface Emulator {
  /** `http://host:port`: the base URL of all four APIs. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The live dataset: the objects the API serves and changes (MadConnect writes go here). Tests may
   * read and change it (see the note on speed at the top of this module); `reset()` replaces it.
   */
  readonly state: EmulatorState;
  /** The ids to call the APIs with (from `state`; the primary scopes hold the counted data). */
  readonly ids: EmulatorIds;
  /** The credentials accepted (EMULATOR_CREDENTIALS with the overrides). */
  readonly credentials: EmulatorCredentials;
  /** The requests received, oldest first: the newest `maxRequestLog` of them (default 10,000). */
  readonly requests: readonly RequestRecord[];
  /** The faults still active, with the requests each has left. */
  readonly faults: readonly ActiveFault[];
  /** Replaces the active faults. */
  setFaults(faults: FaultOptions | readonly FaultOptions[]): void;
  clearFaults(): void;
  clearRequests(): void;
  /** Regenerates the dataset (same counts; this seed, checked as `seed` is, or the original one). */
  reset(seed?: number): void;
  close(): Promise<void>;
}

/** Only an absent option (undefined) takes the default: null is a value of the wrong type. */
const orDefault = (value: unknown, fallback: number): unknown => (value === undefined ? fallback : value);

const checkSeed = (seed: unknown, name: string): number =>
  checkNumber(seed, name, `an integer from 0 to ${MAX_SEED}`, integerFrom(0, MAX_SEED));

function checkRateLimit(value: unknown): ConfluentRateLimit {
  const rateLimit = { limit: 1000, windowSeconds: 60 };
  for (const [key, given] of optionEntries(value, "confluentRateLimit", ["limit", "windowSeconds"]))
    rateLimit[key as keyof ConfluentRateLimit] = checkNumber(
      given,
      `confluentRateLimit.${key}`,
      "an integer ≥ 1",
      integerFrom(1),
    );
  return rateLimit;
}

/** The keys each vendor's `credentials` may override (MadConnect's account id is fixed). */
const CREDENTIAL_KEYS = {
  otc: ["token", "accessKey", "secretKey", "securityToken"],
  confluent: ["apiKey", "apiSecret", "token"],
  madconnect: ["token"],
} as const;

/** EMULATOR_CREDENTIALS with the overrides of `value`, each a non-empty string (else a TypeError naming it). */
function checkCredentials(value: unknown): EmulatorCredentials {
  const given = Object.fromEntries(optionEntries(value, "credentials", Object.keys(CREDENTIAL_KEYS)));
  const of = <V extends keyof EmulatorCredentials>(vendor: V): EmulatorCredentials[V] => {
    const overrides = optionEntries(given[vendor], `credentials.${vendor}`, CREDENTIAL_KEYS[vendor]);
    for (const [key, credential] of overrides)
      if (typeof credential !== "string" || credential === "")
        throw new TypeError(
          `credentials.${vendor}.${key} must be a non-empty string, got ${credential === "" ? "an empty one" : kindOf(credential)}`,
        );
    return { ...EMULATOR_CREDENTIALS[vendor], ...Object.fromEntries(overrides) };
  };
  return { otc: of("otc"), confluent: of("confluent"), madconnect: of("madconnect") };
}

function checkHost(host: unknown): string {
  if (typeof host !== "string") throw new TypeError(`host must be a string, got ${kindOf(host)}`);
  // Node would listen on every interface, and `url` would have no host.
  if (host.trim() === "") throw new TypeError("host must name an address or a host, got an empty one");
  return host;
}

/** Every option of EmulatorOptions: any other key is a TypeError (a misspelled option would be ignored). */
const OPTION_KEYS = [
  "port",
  "host",
  "seed",
  "counts",
  "credentials",
  "projects",
  "faults",
  "confluentRateLimit",
  "maxClockSkewMs",
  "maxRequestLog",
  "maxCreated",
] as const satisfies readonly (keyof EmulatorOptions)[];
// A key added to EmulatorOptions but not to OPTION_KEYS fails to compile here.
const everyOptionKnown: Exclude<keyof EmulatorOptions, (typeof OPTION_KEYS)[number]> extends never ? true : never =
  true;
void everyOptionKnown;

/** A copy of `projects`, an array of non-empty strings (else a TypeError), or undefined (any project). */
function checkProjects(projects: unknown): readonly string[] | undefined {
  if (projects === undefined) return undefined;
  if (!Array.isArray(projects)) throw new TypeError(`projects must be an array of strings, got ${kindOf(projects)}`);
  return projects.map((project: unknown, i) => {
    if (typeof project !== "string" || project === "")
      throw new TypeError(
        `projects[${i}] must be a non-empty string, got ${project === "" ? "an empty one" : kindOf(project)}`,
      );
    return project;
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  optionEntries(options, "options", OPTION_KEYS);
  const projects = checkProjects(options.projects);
  const host = checkHost(options.host === undefined ? "127.0.0.1" : options.host);
  const seed = checkSeed(orDefault(options.seed, 1), "seed");
  let port = checkNumber(orDefault(options.port, 0), "port", "an integer from 0 to 65535", integerFrom(0, 65535));
  const maxCreated = checkNumber(
    orDefault(options.maxCreated, DEFAULT_MAX_CREATED),
    "maxCreated",
    "an integer ≥ 0",
    integerFrom(0),
  );
  const maxRequestLog = checkNumber(
    orDefault(options.maxRequestLog, DEFAULT_MAX_REQUEST_LOG),
    "maxRequestLog",
    "an integer ≥ 0",
    integerFrom(0),
  );
  const maxClockSkewMs = checkNumber(
    orDefault(options.maxClockSkewMs, DEFAULT_MAX_SKEW_MS),
    "maxClockSkewMs",
    "a number ≥ 0 (or Infinity)",
    (n) => n >= 0,
  );
  const rateLimit = checkRateLimit(options.confluentRateLimit);
  const counts = options.counts === undefined ? {} : options.counts;
  const env: EmulatorEnv = { state: createDataset(seed, counts), datasetListeners: [] };
  const credentials = checkCredentials(options.credentials);
  const faults = new FaultSet();
  faults.set(options.faults);
  const vendors: Vendor[] = [
    createOtc(env, {
      credentials: credentials.otc,
      projects,
      maxClockSkewMs,
      maxCreated,
    }),
    createConfluent(env, {
      credentials: credentials.confluent,
      rateLimit,
      maxCreated,
    }),
    createMadConnect(env, { credentials: credentials.madconnect, maxCreated }),
  ];
  const requests: RequestRecord[] = [];
  /** The timers of requests waiting on a latency fault, cleared by close(). */
  const delays = new Set<ReturnType<typeof setTimeout>>();
  let closing: Promise<void> | undefined;
  /** Resolves after `ms` (never for Infinity); never once the emulator closes meanwhile. */
  const delayed = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms === Infinity || closing) return;
      const timer = setTimeout(() => {
        delays.delete(timer);
        if (!closing) resolve();
      }, ms);
      delays.add(timer);
    });

  /** The emulator's own origin: every link it writes points there, whatever Host the request names. */
  let origin = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const rawUrl = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    const url = parseTarget(rawUrl);
    const record: RequestRecord = {
      id: requestId,
      api: undefined,
      operationId: undefined,
      method,
      path: url?.pathname ?? rawUrl,
      query: url ? Object.fromEntries(url.searchParams) : {},
      status: 0,
      faults: [],
      startedAt,
      durationMs: 0,
    };
    log(record);
    if (!url) {
      // A request target no URL parser accepts (`//`, `http://[`): nothing to route.
      finish(res, record, { status: 400, json: { message: "Invalid request target" } }, requestId);
      return;
    }

    let found: { vendor: Vendor; api: ApiName; match?: ReturnType<typeof matchRoute> } | undefined;
    for (const vendor of vendors) {
      const match = matchRoute(vendor.routes, url.pathname);
      if (match) {
        found = { vendor, api: match.route.api, match };
        break;
      }
      const api = vendor.claims(url.pathname);
      if (api) {
        found = { vendor, api };
        break;
      }
    }
    record.api = found?.api;
    const requestFaults = faults.begin(found?.api);
    const ctx: RequestContext = {
      method,
      rawUrl,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.alloc(0),
      origin,
      requestId,
      params: found?.match?.params ?? {},
      faults: requestFaults,
    };

    let reply: Reply;
    try {
      ctx.body = await readBody(req, MAX_BODY_BYTES);
      reply = await answer(ctx, found, record);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // Answered at once; the rest of the body is read and thrown away (readBody), so the
        // connection carries the next request, unless the body is too large even for that.
        reply = found
          ? found.vendor.payloadTooLarge(ctx, found.api, error.message)
          : { status: 413, json: { message: error.message } };
        if (error.closeConnection) reply.headers = { ...reply.headers, Connection: "close" };
      } else {
        reply =
          found?.api === "otc-vpcep" || found?.api === "otc-vpc"
            ? otcError(ctx, 500, "EndPoint.0001", "System error. Please retry.")
            : { status: 500, json: { message: `emulator error: ${String(error)}` } };
      }
    }
    if (found) found.vendor.decorate?.(ctx, found.api, reply);
    if (reply.status >= 200 && reply.status < 300 && (reply.json !== undefined || reply.jsonBytes))
      reply = requestFaults.drift(reply, driftReply);
    let body = replyBody(reply);
    if (reply.status === 200 && reply.json !== undefined && requestFaults.truncatedJson()) body = truncate(body);
    record.faults = [...requestFaults.fired];
    finish(res, record, reply, requestId, body);
  }

  function finish(res: ServerResponse, record: RequestRecord, reply: Reply, requestId: string, body?: string | Buffer) {
    record.status = reply.status;
    record.durationMs = Date.now() - record.startedAt;
    send(res, reply, requestId, body);
  }

  function log(record: RequestRecord): void {
    if (maxRequestLog === 0) return;
    if (requests.length >= maxRequestLog) requests.shift();
    requests.push(record);
  }

  async function answer(
    ctx: RequestContext,
    found: { vendor: Vendor; api: ApiName; match?: ReturnType<typeof matchRoute> } | undefined,
    record: RequestRecord,
  ): Promise<Reply> {
    if (!found) {
      return {
        status: 404,
        json: {
          message: `No emulated API serves ${ctx.path}; the APIs are under /v1/{project_id}/..., /networking/v1/... and /es/v2/...`,
        },
      };
    }
    const { vendor, api, match } = found;
    const latency = ctx.faults.latencyMs();
    if (latency > 0) await delayed(latency);
    const retryAfter = ctx.faults.rateLimit();
    if (retryAfter !== undefined) return vendor.tooManyRequests(ctx, api, retryAfter);
    const serverError = ctx.faults.serverError();
    if (serverError !== undefined) return gatewayErrorPage(serverError);
    const admitted = vendor.admit?.(ctx, api);
    if (admitted) return admitted;
    if (!match) return vendor.notFound(ctx, api);
    const operation = match.route.operations[ctx.method];
    if (!operation) return vendor.methodNotAllowed(ctx, api);
    record.operationId = operation.operationId;
    const unauthenticated = vendor.authenticate(ctx, api);
    if (unauthenticated) return unauthenticated;
    return operation.handle(ctx);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;

  return {
    url: origin,
    host,
    port,
    get state() {
      return env.state;
    },
    get ids() {
      return datasetIds(env.state);
    },
    credentials,
    requests,
    get faults() {
      return faults.list();
    },
    setFaults: (list) => faults.set(list),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests.length = 0;
    },
    reset: (newSeed) => {
      env.state = createDataset(newSeed === undefined ? seed : checkSeed(newSeed, "reset's seed"), counts);
      for (const listener of env.datasetListeners) listener();
    },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        // Requests waiting on a latency fault are dropped: no timer outlives the emulator.
        for (const timer of delays) clearTimeout(timer);
        delays.clear();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })),
  };
}

export {
  createDataset,
  mulberry32,
  DEFAULT_COUNTS,
  MADCONNECT_DEFAULT_ACCOUNT_ID,
  PAGE_SAMPLE_IDS,
  OTHER_SCOPE_CONNECTIONS,
} from "./data.js";
export type {
  DatasetCounts,
  EmulatorState,
  VpcepConnection,
  VpcepService,
  Subnet,
  ConfluentConnection,
  ConfluentEnvironment,
  ConfluentAttachment,
  ConfluentCloud,
  ConfluentPhase,
  MadConnectConnection,
  MadConnectConnector,
  MadConnectConnectorSummary,
  MadConnectStatus,
  VpcepConnectionStatus,
} from "./data.js";
export type { FaultOptions, ActiveFault, FaultEffect } from "./faults.js";
export { DRIFT_ENUM_VALUE, DRIFT_FAULTS, DRIFT_PROPERTY, type DriftFault } from "./faults.js";
export type {
  ApiName,
  ConfluentCredentials,
  ConfluentRateLimit,
  MadConnectCredentials,
  OtcCredentials,
} from "./types.js";
export {
  verifyAkSk,
  type AkSkRequest,
  type AkSkSecret,
  type VerifyOptions,
  type VerifyResult,
} from "./aksk-verifier.js";
