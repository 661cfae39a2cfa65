/// <reference types="node" />
// Routing and response helpers shared by the emulated APIs.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "../core/json.js";
import type { EmulatorState } from "./data.js";
import type { RequestFaults } from "./faults.js";

import type { ApiName } from "./types.js";

export type { ApiName };

export interface RequestContext {
  method: string;
  /** Path and query exactly as received (what an AK/SK signature covers). */
  rawUrl: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The origin the client reached the emulator at (from the Host header): links point there. */
  origin: string;
  requestId: string;
  /** Path parameters of the matched route, percent-decoded. */
  params: Record<string, string>;
  faults: RequestFaults;
}

export interface Reply {
  status: number;
  /** A JSON body, written with the package's stringifyJson (bigint values as exact JSON integers). */
  json?: unknown;
  /** A body that is not JSON (e.g. an HTML error page). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  api: ApiName;
  /** The OpenAPI path template, e.g. `/es/v2/connections/{connection_id}`. */
  template: string;
  operations: Partial<Record<string, { operationId: string; handle: Handler }>>;
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.template
    .split("/")
    .map((segment) => {
      const m = /^\{([^}]+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return "([^/]+)";
    })
    .join("/");
  return { ...route, regex: new RegExp(`^${pattern}$`), names };
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    } catch {
      continue;
    }
    return { route, params };
  }
  return undefined;
}

export const jsonReply = (status: number, json: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json,
  ...(headers ? { headers } : {}),
});

/** One header's value (repeated headers joined with ", "), or undefined. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** A query parameter, with an empty value read as absent. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === "" ? undefined : value;
}

/** A non-negative decimal integer (no sign, no fraction), or undefined when it is not one. */
export function parseNonNegativeInt(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body text of a reply. */
export function replyText(reply: Reply): string {
  if (reply.text !== undefined) return reply.text;
  if (reply.json === undefined) return "";
  return stringifyJson(reply.json);
}

export function send(res: ServerResponse, reply: Reply, requestId: string, text = replyText(reply)): void {
  const headers: Record<string, string | number> = {
    "X-Request-Id": requestId,
    ...reply.headers,
  };
  if (text !== "" || reply.json !== undefined) {
    headers["Content-Type"] =
      reply.contentType ?? (reply.text !== undefined ? "text/plain; charset=utf-8" : "application/json");
  }
  headers["Content-Length"] = Buffer.byteLength(text);
  res.writeHead(reply.status, headers);
  res.end(text);
}

const REASONS: Record<number, string> = {
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

/** The HTML page a reverse proxy answers with when the service behind it fails. */
export function gatewayErrorPage(status: number): Reply {
  const title = `${status} ${REASONS[status] ?? "Server Error"}`;
  return {
    status,
    contentType: "text/html",
    text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** The JSON text cut off halfway: a 200 whose body no JSON parser accepts. */
export function truncate(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** Shared, mutable emulator state the vendors read and change. */
export interface EmulatorEnv {
  state: EmulatorState;
}

/** What every emulated vendor provides to the server. */
export interface Vendor {
  routes: readonly CompiledRoute[];
  /** The API a path that matched no route belongs to (for its 404 body), or undefined if not this vendor's. */
  claims(path: string): ApiName | undefined;
  /** Runs before anything else (Confluent's own rate limit); an answer ends the request. */
  admit?(ctx: RequestContext, api: ApiName): Reply | undefined;
  /** An answer when the request is not authenticated as the vendor requires. */
  authenticate(ctx: RequestContext, api: ApiName): Reply | undefined;
  notFound(ctx: RequestContext, api: ApiName): Reply;
  methodNotAllowed(ctx: RequestContext, api: ApiName): Reply;
  tooManyRequests(ctx: RequestContext, api: ApiName, retryAfterSeconds: number): Reply;
  /** Adds the vendor's headers to every answer (Confluent's X-RateLimit-*). */
  decorate?(ctx: RequestContext, api: ApiName, reply: Reply): void;
}
