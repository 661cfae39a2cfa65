/// <reference types="node" />
// Confluent Cloud networking/v1: "List of Private Link Attachment Connections", with Cloud API key
// (HTTP Basic) or OAuth token (Bearer) authentication, page_size/page_token paging, metadata links
// on the emulator's own origin and the X-RateLimit-* headers of its spec.
import { randomUUID } from "node:crypto";
import type { ConfluentCredentials, ConfluentRateLimit } from "./types.js";
import {
  Rng,
  iso,
  streamSeed,
  type ConfluentAttachment,
  type ConfluentConnection,
  type EmulatorState,
} from "./data.js";
import {
  compileRoute,
  createLimit,
  IdIndex,
  header,
  jsonReply,
  queryValue,
  type EmulatorEnv,
  type Reply,
  type RequestContext,
  type Vendor,
  isObject,
} from "./http.js";

export type { ConfluentCredentials, ConfluentRateLimit };

export interface ConfluentConfig {
  credentials: ConfluentCredentials;
  rateLimit: ConfluentRateLimit;
  /** How many connections creates may add beyond the dataset (see EmulatorOptions.maxCreated). */
  maxCreated: number;
}

const PATH = "/networking/v1/private-link-attachment-connections";
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;

interface ErrorItem {
  code: string;
  title: string;
  detail: string;
  parameter?: string;
  /** JSON pointer into the request body. */
  pointer?: string;
}

/** Confluent's `Failure` body: `{errors: [{id, status, code, title, detail, source}]}`. */
export function confluentError(status: number, item: ErrorItem, headers?: Record<string, string>): Reply {
  return jsonReply(
    status,
    {
      errors: [
        {
          id: randomUUID(),
          status: String(status),
          code: item.code,
          title: item.title,
          detail: item.detail,
          ...(item.parameter !== undefined ? { source: { parameter: item.parameter } } : {}),
          ...(item.pointer !== undefined ? { source: { pointer: item.pointer } } : {}),
        },
      ],
    },
    headers,
  );
}

const unauthenticated = (challenge: string) =>
  confluentError(
    401,
    {
      code: "user_unauthenticated",
      title: "Authentication Required",
      detail: "Valid authentication credentials must be provided",
    },
    { "WWW-Authenticate": challenge },
  );

// ---- page tokens: opaque to clients, bound to the filter they were issued for ---------------------

function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

const filterKey = (environment: string, attachment: string | undefined) => fnv(`${environment}\n${attachment ?? ""}`);

export function encodePageToken(offset: number, environment: string, attachment: string | undefined): string {
  return Buffer.from(`${offset}:${filterKey(environment, attachment)}`, "utf8").toString("base64url");
}

function decodePageToken(token: string, environment: string, attachment: string | undefined): number | undefined {
  if (token.length > 255 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const m = /^(\d{1,9}):([0-9a-f]{8})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m || m[2] !== filterKey(environment, attachment)) return undefined;
  return Number(m[1]);
}

// ---- resources ----------------------------------------------------------------------------------

export function renderConnection(state: EmulatorState, origin: string, c: ConfluentConnection) {
  const org = `crn://confluent.cloud/organization=${state.confluent.organizationId}`;
  return {
    api_version: "networking/v1",
    kind: "PrivateLinkAttachmentConnection",
    id: c.id,
    metadata: {
      self: `${origin}${PATH}/${c.id}`,
      resource_name: `${org}/environment=${c.environment}/private-link-attachment-connection=${c.id}`,
      created_at: c.created_at,
      updated_at: c.updated_at,
      ...(c.deleted_at !== undefined ? { deleted_at: c.deleted_at } : {}),
    },
    spec: {
      display_name: c.display_name,
      cloud: c.cloud,
      environment: {
        id: c.environment,
        related: `${origin}/org/v2/environments/${c.environment}`,
        resource_name: `${org}/environment=${c.environment}`,
      },
      private_link_attachment: {
        id: c.private_link_attachment,
        environment: c.environment,
        related: `${origin}/networking/v1/private-link-attachments/${c.private_link_attachment}`,
        resource_name: `${org}/environment=${c.environment}/private-link-attachment=${c.private_link_attachment}`,
      },
    },
    status: c.status,
  };
}

/** The cloud status of a connection that became READY through its attachment. */
function readyCloudStatus(attachment: ConfluentAttachment, c: ConfluentConnection): ConfluentConnection["cloud"] {
  if (attachment.cloud === "AWS")
    return {
      kind: "AwsPrivateLinkAttachmentConnectionStatus",
      vpc_endpoint_service_name: attachment.service,
      vpc_endpoint_id: c.cloud.vpc_endpoint_id!,
    };
  if (attachment.cloud === "AZURE")
    return {
      kind: "AzurePrivateLinkAttachmentConnectionStatus",
      private_link_service_alias: attachment.service,
      private_link_service_resource_id: attachment.serviceResourceId!,
      private_endpoint_resource_id: c.cloud.private_endpoint_resource_id!,
    };
  return {
    kind: "GcpPrivateLinkAttachmentConnectionStatus",
    private_service_connect_service_attachment: attachment.service,
    private_service_connect_connection_id: c.cloud.private_service_connect_connection_id!,
  };
}

/**
 * Each cloud kind's endpoint field. GCP's is required input on the page's definition and read-only
 * in the published spec: kept when sent, drawn when not (the wrapper's x-decision on create).
 */
const CLOUD_KINDS: Record<string, { cloud: ConfluentAttachment["cloud"]; field: string; optional?: true }> = {
  AwsPrivateLinkAttachmentConnection: { cloud: "AWS", field: "vpc_endpoint_id" },
  AzurePrivateLinkAttachmentConnection: { cloud: "AZURE", field: "private_endpoint_resource_id" },
  GcpPrivateLinkAttachmentConnection: { cloud: "GCP", field: "private_service_connect_connection_id", optional: true },
};

const invalid = (pointer: string, detail: string) =>
  confluentError(422, { code: "invalid_configuration", title: "Validation Failed", detail, pointer });

export function createConfluent(env: EmulatorEnv, config: ConfluentConfig): Vendor {
  const { credentials, rateLimit } = config;
  const expectedBasic = Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`, "utf8").toString("base64");
  let windowStart = 0;
  let used = 0;

  function window(now: number) {
    const length = rateLimit.windowSeconds * 1000;
    if (now - windowStart >= length) {
      windowStart = now;
      used = 0;
    }
    return { resetSeconds: Math.max(1, Math.ceil((windowStart + length - now) / 1000)) };
  }

  function rateHeaders(now = Date.now()): Record<string, string> {
    const { resetSeconds } = window(now);
    return {
      "X-RateLimit-Limit": String(rateLimit.limit),
      "X-RateLimit-Remaining": String(Math.max(0, rateLimit.limit - used)),
      "X-RateLimit-Reset": String(resetSeconds),
    };
  }

  /** Headers only: every 429 of the page's and the published definition declares no content. */
  const tooManyRequests = (retryAfterSeconds: number): Reply => ({
    status: 429,
    headers: { ...rateHeaders(), "X-RateLimit-Remaining": "0", "Retry-After": String(retryAfterSeconds) },
  });

  function authenticate(ctx: RequestContext): Reply | undefined {
    const authorization = header(ctx.headers, "authorization");
    if (authorization === undefined) return unauthenticated('Basic realm="Confluent Cloud"');
    const m = /^(\S+)\s+(.*)$/.exec(authorization.trim());
    const scheme = m?.[1]?.toLowerCase();
    const value = m?.[2]?.trim() ?? "";
    if (scheme === "basic") {
      return value === expectedBasic
        ? undefined
        : unauthenticated('Basic error="invalid_key", error_description="The API Key is invalid"');
    }
    if (scheme === "bearer") {
      return value === credentials.token
        ? undefined
        : unauthenticated('Bearer error="invalid_token", error_description="The access token is invalid"');
    }
    return unauthenticated('Basic realm="Confluent Cloud"');
  }

  let rng: Rng | undefined;
  let rngState: unknown;
  const runtime = () => {
    if (!rng || rngState !== env.state) {
      rng = new Rng(streamSeed(env.state.seed, "confluent-runtime"));
      rngState = env.state;
    }
    return rng;
  };

  /** A connection created through the API is READY from its first read on. */
  function settle(c: ConfluentConnection): ConfluentConnection {
    if (!c.pending) return c;
    const attachment = env.state.confluent.attachments.find((a) => a.id === c.private_link_attachment)!;
    delete c.pending;
    c.status = { phase: "READY", cloud: readyCloudStatus(attachment, c) };
    c.updated_at = iso(Math.max(Date.now(), Date.parse(c.created_at)));
    return c;
  }

  const missingEnvironment = () =>
    confluentError(400, {
      code: "invalid_filter",
      title: "Invalid Filter",
      detail: "The 'private-link-attachment-connection' resource must be scoped to an 'environment'",
      parameter: "environment",
    });
  const forbidden = (environment: string) =>
    confluentError(403, {
      code: "user_unauthorized",
      title: "User Access Unauthorized",
      detail: `The user is not allowed to access the environment '${environment}'`,
    });
  const notFound = (id: string) =>
    confluentError(404, {
      code: "not_found",
      title: "Not Found",
      detail: `The private-link-attachment-connection '${id}' was not found`,
    });
  const knownEnvironment = (id: string) => env.state.confluent.environments.some((e) => e.id === id);

  /** The request's `spec` and its known `spec.environment.id` (create and update both need one), or the error answer. */
  function readSpec(ctx: RequestContext): { spec: Record<string, unknown>; environment: string } | { reply: Reply } {
    // No body at all (the spec's requestBody is optional) is an empty object: `spec` is missing.
    let body: unknown = {};
    try {
      if (ctx.body.length > 0) body = JSON.parse(ctx.body.toString("utf8"));
    } catch {
      return {
        reply: confluentError(400, {
          code: "bad_request",
          title: "Bad Request",
          detail: "The request body is not valid JSON",
        }),
      };
    }
    if (!isObject(body) || !isObject(body.spec)) return { reply: invalid("/spec", "spec is required") };
    const environment = isObject(body.spec.environment) ? body.spec.environment.id : undefined;
    if (typeof environment !== "string" || environment === "")
      return { reply: invalid("/spec/environment/id", "spec.environment.id is required") };
    if (!knownEnvironment(environment)) return { reply: forbidden(environment) };
    return { spec: body.spec, environment };
  }

  /** The connection of the path in the environment of the query, or the error answer. */
  function scoped(ctx: RequestContext): ConfluentConnection | Reply {
    const environment = queryValue(ctx.query, "environment");
    if (environment === undefined) return missingEnvironment();
    if (!knownEnvironment(environment)) return forbidden(environment);
    const id = ctx.params.id!;
    const connection = env.state.confluent.connections.find((c) => c.id === id && c.environment === environment);
    return connection ?? notFound(id);
  }
  const isReply = (value: ConfluentConnection | Reply): value is Reply => typeof value.status === "number";

  const ids = new IdIndex();
  const mayCreate = createLimit(env, config.maxCreated, (state) => state.confluent.connections.length);

  function create(ctx: RequestContext): Reply {
    const { state } = env;
    const read = readSpec(ctx);
    if ("reply" in read) return read.reply;
    const { spec, environment } = read;
    const attachmentId = isObject(spec.private_link_attachment) ? spec.private_link_attachment.id : undefined;
    if (typeof attachmentId !== "string" || attachmentId === "")
      return invalid("/spec/private_link_attachment/id", "spec.private_link_attachment.id is required");
    const attachment = state.confluent.attachments.find((a) => a.id === attachmentId && a.environment === environment);
    if (!attachment)
      return invalid(
        "/spec/private_link_attachment/id",
        `The private link attachment '${attachmentId}' does not exist in the environment '${environment}'`,
      );
    if (!isObject(spec.cloud) || typeof spec.cloud.kind !== "string" || !CLOUD_KINDS[spec.cloud.kind])
      return invalid("/spec/cloud/kind", "spec.cloud.kind must be one of " + Object.keys(CLOUD_KINDS).join(", "));
    const kind = CLOUD_KINDS[spec.cloud.kind]!;
    if (kind.cloud !== attachment.cloud)
      return invalid("/spec/cloud/kind", `The private link attachment '${attachment.id}' is on ${attachment.cloud}`);
    if (spec.display_name !== undefined && typeof spec.display_name !== "string")
      return invalid("/spec/display_name", "spec.display_name must be a string");
    const r = runtime();
    const cloud: ConfluentConnection["cloud"] = { kind: spec.cloud.kind };
    const sent = spec.cloud[kind.field];
    if (sent === undefined && kind.optional) {
      cloud[kind.field] = String(r.int(1, 9)) + r.chars("0123456789", 16);
    } else {
      if (typeof sent !== "string" || sent === "")
        return invalid(
          `/spec/cloud/${kind.field}`,
          kind.optional
            ? `spec.cloud.${kind.field} must be a non-empty string`
            : `spec.cloud.${kind.field} is required`,
        );
      const existing = state.confluent.connections.find(
        (c) => c.private_link_attachment === attachment.id && c.cloud[kind.field] === sent,
      );
      if (existing) {
        return confluentError(
          409,
          {
            code: "resource_already_exists",
            title: "Resource Already exists",
            detail: `The private-link-attachment-connection '${existing.id}' already connects ${sent}`,
          },
          { Location: `${ctx.origin}${PATH}/${existing.id}` },
        );
      }
      cloud[kind.field] = sent;
    }
    if (!mayCreate())
      return confluentError(409, {
        code: "quota_exceeded",
        title: "Quota Exceeded",
        detail: `The emulator keeps at most ${config.maxCreated} created private link attachment connections`,
      });
    let id: string;
    do id = `plattc-${r.chars("0123456789abcdefghijklmnopqrstuvwxyz", 5)}`;
    while (ids.has(state.confluent.connections, id));
    const now = iso(Date.now());
    const connection: ConfluentConnection = {
      id,
      environment,
      private_link_attachment: attachment.id,
      display_name: (spec.display_name as string | undefined) ?? id,
      created_at: now,
      updated_at: now,
      cloud,
      pending: true,
      status: { phase: "PROVISIONING" },
    };
    state.confluent.connections.push(connection);
    ids.add(state.confluent.connections, id);
    return jsonReply(202, renderConnection(state, ctx.origin, connection), { Location: `${ctx.origin}${PATH}/${id}` });
  }

  function get(ctx: RequestContext): Reply {
    const connection = scoped(ctx);
    if (isReply(connection)) return connection;
    return jsonReply(200, renderConnection(env.state, ctx.origin, settle(connection)));
  }

  function update(ctx: RequestContext): Reply {
    const read = readSpec(ctx);
    if ("reply" in read) return read.reply;
    const { spec, environment } = read;
    const id = ctx.params.id!;
    const connection = env.state.confluent.connections.find((c) => c.id === id && c.environment === environment);
    if (!connection) return notFound(id);
    for (const immutable of ["cloud", "private_link_attachment"]) {
      if (spec[immutable] !== undefined) return invalid(`/spec/${immutable}`, `spec.${immutable} cannot be changed`);
    }
    if (spec.display_name !== undefined && typeof spec.display_name !== "string")
      return invalid("/spec/display_name", "spec.display_name must be a string");
    settle(connection);
    if (typeof spec.display_name === "string") connection.display_name = spec.display_name;
    connection.updated_at = iso(Math.max(Date.now(), Date.parse(connection.created_at)));
    return jsonReply(200, renderConnection(env.state, ctx.origin, connection));
  }

  function remove(ctx: RequestContext): Reply {
    const connection = scoped(ctx);
    if (isReply(connection)) return connection;
    env.state.confluent.connections = env.state.confluent.connections.filter((c) => c !== connection);
    return { status: 204 };
  }

  function list(ctx: RequestContext): Reply {
    const { state } = env;
    const q = ctx.query;
    const environment = queryValue(q, "environment");
    if (environment === undefined) {
      return confluentError(400, {
        code: "invalid_filter",
        title: "Invalid Filter",
        detail: "The 'private-link-attachment-connection' resource must be filtered by 'environment'",
        parameter: "environment",
      });
    }
    const attachment = queryValue(q, "spec.private_link_attachment");
    const sizeText = queryValue(q, "page_size");
    // Any run of digits is read by its value (`00100` is 100); Number() would also take " 1", "1e2" or "0x10".
    const pageSize = sizeText === undefined ? DEFAULT_PAGE_SIZE : /^\d+$/.test(sizeText) ? Number(sizeText) : NaN;
    if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
      return confluentError(400, {
        code: "invalid_page_size",
        title: "Invalid Page Size",
        detail: `page_size must be an integer from 1 to ${MAX_PAGE_SIZE}`,
        parameter: "page_size",
      });
    }
    if (!state.confluent.environments.some((e) => e.id === environment)) {
      return confluentError(403, {
        code: "user_unauthorized",
        title: "User Access Unauthorized",
        detail: `The user is not allowed to access the environment '${environment}'`,
      });
    }
    const items = state.confluent.connections.filter(
      (c) => c.environment === environment && (attachment === undefined || c.private_link_attachment === attachment),
    );
    const token = queryValue(q, "page_token");
    let offset = 0;
    if (token !== undefined) {
      const decoded = decodePageToken(token, environment, attachment);
      if (decoded === undefined || decoded > items.length) {
        return confluentError(400, {
          code: "invalid_page_token",
          title: "Invalid Page Token",
          detail: "The page_token is invalid, expired or does not belong to this filter",
          parameter: "page_token",
        });
      }
      offset = decoded;
    }

    const link = (pageOffset: number | undefined) => {
      const params = new URLSearchParams({ environment });
      if (attachment !== undefined) params.set("spec.private_link_attachment", attachment);
      params.set("page_size", String(pageSize));
      if (pageOffset !== undefined && pageOffset > 0)
        params.set("page_token", encodePageToken(pageOffset, environment, attachment));
      return `${ctx.origin}${PATH}?${params}`;
    };
    const total = items.length;
    const metadata: Record<string, unknown> = { first: link(undefined) };
    if (total > 0) metadata.last = link(Math.floor((total - 1) / pageSize) * pageSize);
    if (offset > 0) metadata.prev = link(Math.max(0, offset - pageSize));
    if (token !== undefined && ctx.faults.repeatCursor()) {
      const params = new URL(link(undefined)).searchParams;
      params.set("page_token", token);
      metadata.next = `${ctx.origin}${PATH}?${params}`;
    } else if (offset + pageSize < total) {
      metadata.next = link(offset + pageSize);
    }
    metadata.total_size = total;
    return jsonReply(200, {
      api_version: "networking/v1",
      kind: "PrivateLinkAttachmentConnectionList",
      metadata,
      data: items.slice(offset, offset + pageSize).map((c) => renderConnection(state, ctx.origin, settle(c))),
    });
  }

  return {
    routes: [
      compileRoute({
        api: "confluent",
        template: PATH,
        operations: {
          GET: { operationId: "listNetworkingV1PrivateLinkAttachmentConnections", handle: list },
          POST: { operationId: "createNetworkingV1PrivateLinkAttachmentConnection", handle: create },
        },
      }),
      compileRoute({
        api: "confluent",
        template: `${PATH}/{id}`,
        operations: {
          GET: { operationId: "getNetworkingV1PrivateLinkAttachmentConnection", handle: get },
          PATCH: { operationId: "updateNetworkingV1PrivateLinkAttachmentConnection", handle: update },
          DELETE: { operationId: "deleteNetworkingV1PrivateLinkAttachmentConnection", handle: remove },
        },
      }),
    ],
    claims: (path) => (path.startsWith("/networking/") ? "confluent" : undefined),
    admit() {
      window(Date.now());
      if (used >= rateLimit.limit) return tooManyRequests(window(Date.now()).resetSeconds);
      used += 1;
      return undefined;
    },
    authenticate: (ctx) => authenticate(ctx),
    notFound: () =>
      confluentError(404, { code: "not_found", title: "Not Found", detail: "The requested resource was not found" }),
    methodNotAllowed: (ctx) =>
      confluentError(405, {
        code: "method_not_allowed",
        title: "Method Not Allowed",
        detail: `${ctx.method} is not allowed on ${ctx.path}`,
      }),
    tooManyRequests: (_ctx, _api, retryAfterSeconds) => tooManyRequests(retryAfterSeconds),
    payloadTooLarge: (_ctx, _api, message) =>
      confluentError(413, { code: "request_entity_too_large", title: "Request Entity Too Large", detail: message }),
    decorate(_ctx, _api, reply) {
      const rate = rateHeaders();
      reply.headers = { ...rate, ...reply.headers };
    },
  };
}
