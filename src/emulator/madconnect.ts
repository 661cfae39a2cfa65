/// <reference types="node" />
// MadConnect Connections (/es/v2/connections): list, create, get, update, update status and
// delete, every body in the `{statusCode, statusMessage, response}` envelope, Bearer token auth,
// connections scoped to an account (`accountId` = a sub-account; the token's own account when absent).
import { Rng, streamSeed, summary, type MadConnectConnection, type MadConnectStatus } from "./data.js";
import {
  compileRoute,
  createLimit,
  IdIndex,
  header,
  jsonReply,
  parseNonNegativeInt,
  type EmulatorEnv,
  type Reply,
  type RequestContext,
  type Vendor,
  isObject,
} from "./http.js";
import type { MadConnectCredentials } from "./types.js";

export type { MadConnectCredentials };

export interface MadConnectConfig {
  credentials: MadConnectCredentials;
  /** How many connections creates may add beyond the dataset (see EmulatorOptions.maxCreated). */
  maxCreated: number;
}

const STATUS_FILTERS = new Set(["all", "", "In-progress", "active", "disabled", "deleted", "broken", "offline"]);
const ACTIONS = new Set(["activate", "enable", "disable"]);

export const envelope = (response: unknown, statusMessage = "Success") => ({ statusCode: 0, statusMessage, response });

/**
 * An error: the HTTP status and an error `statusCode` equal to it (the page documents no error
 * codes; mirroring the HTTP status keeps them meaningful), `response: null`.
 */
const failure = (status: number, message: string): Reply =>
  jsonReply(status, { statusCode: status, statusMessage: message, response: null });

/**
 * A business-rule refusal (changing a deleted connection): HTTP 200 with an error statusCode (409),
 * the case the spec warns about ("any other value is an error even when the HTTP status is 200").
 */
const refusal = (statusCode: number, message: string): Reply =>
  jsonReply(200, { statusCode, statusMessage: message, response: {} });

/** A request that ends early with this answer. */
class Stop {
  constructor(readonly reply: Reply) {}
}

/**
 * The connection as list and get show it: the fields of the page's samples and attribute tables,
 * no others. The page documents `srcConfigurationId`, `destConfigurationId`, `srcConnectionConfig`
 * and `destConnectionConfig` only in the create and update request bodies: they are accepted there
 * (a config sets its connector's `configured`), never answered.
 */
export function renderConnection(c: MadConnectConnection) {
  return {
    accountId: c.accountId,
    createdTime: c.createdTime,
    deleted: c.deleted,
    dest: c.dest,
    editable: c.editable,
    enabled: c.enabled,
    env: c.env,
    id: c.id,
    monthlyVolume: c.monthlyVolume,
    name: c.name,
    src: c.src,
    status: c.status,
    totalVolume: c.totalVolume,
    updatedTime: c.updatedTime,
    usedVolume: c.usedVolume,
  };
}

export function createMadConnect(env: EmulatorEnv, config: MadConnectConfig): Vendor {
  let rng: Rng | undefined;
  let rngState: unknown;
  /** Ids of new connections: deterministic from the dataset's seed too. */
  const newId = () => {
    if (!rng || rngState !== env.state) {
      rng = new Rng(streamSeed(env.state.seed, "madconnect-runtime"));
      rngState = env.state;
    }
    for (;;) {
      const id = rng.hex(16);
      if (!ids.has(env.state.madconnect.connections, id)) return id;
    }
  };
  const ids = new IdIndex();
  // A deleted connection stays listed (status "deleted") but gives its place in the quota back; the
  // collection keeps the same bound: a create that needs the place forgets the oldest deleted one.
  const mayCreate = createLimit(
    env,
    config.maxCreated,
    (state) => state.madconnect.connections.filter((c) => !c.deleted).length,
  );
  const hasRoom = createLimit(env, config.maxCreated, (state) => state.madconnect.connections.length);
  const now = () => Math.floor(Date.now() / 1000);

  function authenticate(ctx: RequestContext): Reply | undefined {
    const authorization = header(ctx.headers, "authorization");
    const m = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return failure(401, "Unauthorized: a Bearer token is required");
    if (m[1] !== config.credentials.token) return failure(401, "Unauthorized: invalid token");
    return undefined;
  }

  /**
   * The account the request acts on, or the error answer: a malformed accountId (the spec's 16 characters;
   * an empty one too) is a 400, as the spec refuses it; a well-formed one the token cannot reach a 403.
   */
  function account(ctx: RequestContext): string {
    const { madconnect } = env.state;
    const requested = ctx.query.get("accountId");
    if (requested === null || requested === madconnect.accountId) return madconnect.accountId;
    if ([...requested].length !== 16)
      throw new Stop(failure(400, "Invalid accountId: a 16-character identifier is expected"));
    if (madconnect.subAccountIds.includes(requested)) return requested;
    throw new Stop(failure(403, `Forbidden: no access to account ${requested}`));
  }

  function find(ctx: RequestContext): MadConnectConnection {
    const accountId = account(ctx);
    const id = ctx.params.connection_id!;
    const connection = env.state.madconnect.connections.find((c) => c.id === id && c.accountId === accountId);
    if (!connection) throw new Stop(failure(404, `Connection ${id} not found`));
    return connection;
  }

  function readJson(ctx: RequestContext): Record<string, unknown> {
    let body: unknown;
    try {
      body = JSON.parse(ctx.body.toString("utf8"));
    } catch {
      throw new Stop(failure(400, "Malformed JSON request body"));
    }
    if (!isObject(body)) throw new Stop(failure(400, "The request body must be a JSON object"));
    return body;
  }

  /** Runs a handler; a Stop it throws is its answer. */
  const guarded =
    (handler: (ctx: RequestContext) => Reply) =>
    (ctx: RequestContext): Reply => {
      try {
        return handler(ctx);
      } catch (error) {
        if (error instanceof Stop) return error.reply;
        throw error;
      }
    };

  function list(ctx: RequestContext): Reply {
    const accountId = account(ctx);
    const q = ctx.query;
    const sizeText = q.get("size");
    const size = sizeText === null || sizeText === "" ? 10 : parseNonNegativeInt(sizeText);
    if (size === undefined || size < 1) return failure(400, "Invalid size: an integer of at least 1 is expected");
    const offsetText = q.get("offset");
    const offset = offsetText === null || offsetText === "" ? 0 : parseNonNegativeInt(offsetText);
    if (offset === undefined) return failure(400, "Invalid offset: a non-negative integer is expected");
    const status = q.get("status") ?? "all";
    if (!STATUS_FILTERS.has(status))
      return failure(
        400,
        `Invalid status: expected one of all, In-progress, active, disabled, deleted, broken, offline`,
      );
    const keyword = (q.get("q") ?? "").trim().toLowerCase();
    const matches = env.state.madconnect.connections.filter((c) => {
      if (c.accountId !== accountId) return false;
      // "All connections returned if empty or all" (the page): deleted ones too, which stay
      // restorable for 30 days.
      const listed =
        status === "all" || status === "" || (status === "deleted" ? c.deleted : !c.deleted && c.status === status);
      if (!listed) return false;
      if (keyword === "") return true;
      return [c.name, c.id, c.src.connectorName, c.dest.connectorName].some((s) => s.toLowerCase().includes(keyword));
    });
    return jsonReply(200, envelope(matches.slice(offset, offset + size).map(renderConnection)));
  }

  function create(ctx: RequestContext): Reply {
    const accountId = account(ctx);
    const body = readJson(ctx);
    const { connectors } = env.state.madconnect;
    for (const field of ["srcConnectorId", "destConnectorId"] as const) {
      if (typeof body[field] !== "string" || body[field] === "") return failure(400, `${field} is required`);
    }
    const src = connectors.find((c) => c.connectorId === body.srcConnectorId);
    const dest = connectors.find((c) => c.connectorId === body.destConnectorId);
    if (!src) return failure(400, `Unknown connector ${String(body.srcConnectorId)}`);
    if (!dest) return failure(400, `Unknown connector ${String(body.destConnectorId)}`);
    if (src.role !== "source") return failure(400, `Connector ${src.connectorName} cannot be a source`);
    if (dest.role !== "destination") return failure(400, `Connector ${dest.connectorName} cannot be a destination`);
    if (body.name !== undefined && typeof body.name !== "string") return failure(400, "name must be a string");
    if (!mayCreate())
      return failure(409, `Quota exceeded: the emulator keeps at most ${config.maxCreated} created connections`);
    for (const field of ["srcConnectionConfig", "destConnectionConfig"] as const) {
      if (body[field] !== undefined && !isObject(body[field])) return failure(400, `${field} must be an object`);
    }
    for (const field of ["srcConfigurationId", "destConfigurationId"] as const) {
      if (body[field] !== undefined && body[field] !== null && typeof body[field] !== "string")
        return failure(400, `${field} must be a string or null`);
    }
    if (!hasRoom()) {
      const connections = env.state.madconnect.connections;
      const oldestDeleted = connections.findIndex((c) => c.deleted);
      if (oldestDeleted >= 0) connections.splice(oldestDeleted, 1);
    }
    const time = now();
    const connection: MadConnectConnection = {
      accountId,
      id: newId(),
      name: (body.name as string | undefined) ?? `${src.connectorName} to ${dest.connectorName}`,
      createdTime: time,
      updatedTime: time,
      deleted: false,
      editable: true,
      enabled: false,
      env: "production",
      status: "In-progress",
      src: summary(src, body.srcConnectionConfig !== undefined),
      dest: summary(dest, body.destConnectionConfig !== undefined),
      monthlyVolume: 0,
      totalVolume: 0,
      usedVolume: 0,
    };
    env.state.madconnect.connections.push(connection);
    ids.add(env.state.madconnect.connections, connection.id);
    return jsonReply(200, envelope({}, "Connection created"));
  }

  function get(ctx: RequestContext): Reply {
    return jsonReply(200, envelope(renderConnection(find(ctx))));
  }

  function update(ctx: RequestContext): Reply {
    const connection = find(ctx);
    const body = readJson(ctx);
    if (body.id !== undefined && body.id !== connection.id)
      return failure(400, "id in the body does not match the connection_id of the path");
    for (const field of ["srcConnectorId", "destConnectorId"] as const) {
      const current = field === "srcConnectorId" ? connection.src.connectorId : connection.dest.connectorId;
      if (body[field] !== undefined && body[field] !== current)
        return failure(400, "The source and destination connectors of a connection cannot be changed");
    }
    // Any string, "" included, as on create: the page and the spec ask for nothing more.
    if (body.name !== undefined && typeof body.name !== "string") return failure(400, "name must be a string");
    for (const field of ["srcConnectionConfig", "destConnectionConfig"] as const) {
      if (body[field] !== undefined && !isObject(body[field])) return failure(400, `${field} must be an object`);
    }
    if (connection.deleted) return refusal(409, `Connection ${connection.id} is deleted and cannot be updated`);
    if (typeof body.name === "string") connection.name = body.name;
    if (isObject(body.srcConnectionConfig)) connection.src = { ...connection.src, configured: true };
    if (isObject(body.destConnectionConfig)) connection.dest = { ...connection.dest, configured: true };
    connection.updatedTime = now();
    return jsonReply(200, envelope({}, "Connection updated"));
  }

  function updateStatus(ctx: RequestContext): Reply {
    const action = ctx.params.status!;
    if (!ACTIONS.has(action))
      return failure(400, `Invalid status ${action}: expected one of activate, enable, disable`);
    const connection = find(ctx);
    if (connection.deleted) return refusal(409, `Connection ${connection.id} is deleted; its status cannot change`);
    let status: MadConnectStatus = connection.status;
    if (action === "activate") {
      status = "active";
      connection.enabled = true;
    } else if (action === "enable") {
      connection.enabled = true;
      if (status === "disabled") status = "active";
    } else {
      connection.enabled = false;
      status = "disabled";
    }
    connection.status = status;
    connection.updatedTime = now();
    return jsonReply(200, envelope({}, "Connection status updated"));
  }

  function remove(ctx: RequestContext): Reply {
    const connection = find(ctx);
    if (connection.deleted) return refusal(409, `Connection ${connection.id} is already deleted`);
    connection.deleted = true;
    connection.status = "deleted";
    connection.enabled = false;
    connection.updatedTime = now();
    return jsonReply(200, envelope({}, "Connection deleted"));
  }

  return {
    routes: [
      compileRoute({
        api: "madconnect",
        template: "/es/v2/connections",
        operations: {
          GET: { operationId: "listConnections", handle: guarded(list) },
          POST: { operationId: "createConnection", handle: guarded(create) },
        },
      }),
      compileRoute({
        api: "madconnect",
        template: "/es/v2/connections/{connection_id}",
        operations: {
          GET: { operationId: "getConnection", handle: guarded(get) },
          PUT: { operationId: "updateConnection", handle: guarded(update) },
          DELETE: { operationId: "deleteConnection", handle: guarded(remove) },
        },
      }),
      compileRoute({
        api: "madconnect",
        template: "/es/v2/connections/{connection_id}/status/{status}",
        operations: { PUT: { operationId: "updateConnectionStatus", handle: guarded(updateStatus) } },
      }),
    ],
    claims: (path) => (path.startsWith("/es/") ? "madconnect" : undefined),
    authenticate: (ctx) => authenticate(ctx),
    notFound: (ctx) => failure(404, `No such resource: ${ctx.path}`),
    methodNotAllowed: (ctx) => failure(405, `Method ${ctx.method} is not allowed on ${ctx.path}`),
    payloadTooLarge: (_ctx, _api, message) => failure(413, message),
    tooManyRequests: (_ctx, _api, retryAfterSeconds) => ({
      ...failure(429, "Too Many Requests: rate limit exceeded"),
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
  };
}
