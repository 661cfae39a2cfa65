/// <reference types="node" />
// Routing and response helpers shared by the emulated APIs.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "../core/json.js";
import type { EmulatorState } from "./data.js";
import type { RequestFaults } from "./faults.js";

import type { ApiName } from "./types.js";

export type { ApiName };

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface RequestContext {
  method: string;
  /** Path and query exactly as received (what an AK/SK signature covers). */
  rawUrl: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The emulator's own origin (`emu.url`): links point there, never at the request's Host header. */
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
  /** `json` as UTF-8 JSON text when the handler wrote it already (see listReply); sent instead of stringifying `json`. */
  jsonBytes?: Buffer;
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

/** A request body over the emulator's limit (its message is the answer's). */
export class BodyTooLargeError extends Error {
  /** Whether the answer must close the connection (the rest of the body is not read). */
  constructor(
    limit: number,
    readonly closeConnection: boolean,
  ) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * The request body, or BodyTooLargeError as soon as it is known to exceed `limit` bytes (from
 * Content-Length, or while reading). The rest of a too large body is then read and thrown away, so
 * that the connection can carry the next request; past `drainLimit` bytes the socket is destroyed
 * (a Content-Length above it is answered with `closeConnection` at once).
 */
export function readBody(req: IncomingMessage, limit: number, drainLimit = 16 * limit): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  const drain = () => {
    let drained = 0;
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > drainLimit) req.socket.destroy();
    });
    req.resume();
  };
  if (declared > limit) {
    drain();
    return Promise.reject(new BodyTooLargeError(limit, declared > drainLimit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      done();
      drain();
      reject(new BodyTooLargeError(limit, false));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** The body of a reply: its text, or the bytes of its JSON when the handler wrote them already. */
export function replyBody(reply: Reply): string | Buffer {
  if (reply.text !== undefined) return reply.text;
  if (reply.json === undefined) return "";
  return reply.jsonBytes ?? stringifyJson(reply.json);
}

// ---- list answers: each record written once -------------------------------------------------------
//
// A list answer writes the same stored records request after request (paging through a large
// service writes every one of them once per pass). Each record's JSON text is kept with the content
// it was written from, and reused only while the record's content is still exactly that: the same
// own enumerable keys in the same order with identical primitive values, all the way down. Only
// plain data is kept (objects without toJSON or a class, arrays, primitives): for it JSON.stringify's
// output depends on nothing else. So a record changed in any way, by a handler or by a test writing
// to `state` directly, is written afresh. What is kept goes with the record (a WeakMap) and costs
// about its JSON size again (~27 MB for 100,000 VPC Endpoint connections once all are listed).

interface Written {
  bytes: Buffer;
  /** The record's content in pre-order: a primitive as itself, a container as its tag and size, then its members. */
  content: unknown[];
}
const written = new WeakMap<object, Written>();
const ARRAY = Symbol("array");
const OBJECT = Symbol("object");
/** Records nested deeper than this (or circular) are not kept. */
const MAX_DEPTH = 32;

const isPlainRecord = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== "object" || Array.isArray(value) || "toJSON" in value) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const quotedKeys = new Map<string, string>();
/** A key as JSON text (the same few keys come back record after record). */
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 1000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * `value`'s JSON text, as JSON.stringify writes plain data (bigints as integers), appending its
 * content to `out` as it goes (each value is read once, for both); undefined when it is not plain data.
 */
function write(value: unknown, out: unknown[], depth: number): string | undefined {
  switch (typeof value) {
    case "string":
    case "number":
      out.push(value);
      return JSON.stringify(value);
    case "bigint":
      out.push(value);
      return value.toString();
    case "boolean":
      out.push(value);
      return value ? "true" : "false";
    case "object":
      break;
    default: // undefined, function, symbol: left out of an object, null in an array
      out.push(value);
      return undefined;
  }
  if (value === null) {
    out.push(null);
    return "null";
  }
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    if ("toJSON" in value) return undefined;
    out.push(ARRAY, value.length);
    let json = "[";
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const text = write(item, out, depth + 1);
      if (text === undefined && typeof item === "object") return undefined;
      json += `${i > 0 ? "," : ""}${text ?? "null"}`;
    }
    return `${json}]`;
  }
  if (!isPlainRecord(value)) return undefined;
  const keys = Object.keys(value);
  out.push(OBJECT, keys.length);
  let json = "{";
  for (const key of keys) {
    out.push(key);
    const item = value[key];
    const text = write(item, out, depth + 1);
    if (text !== undefined) json += `${json.length > 1 ? "," : ""}${quotedKey(key)}:${text}`;
    else if (typeof item === "object") return undefined;
  }
  return `${json}}`;
}

/** Where `value`'s content ends in `content` when it matches the content from `at` on, else -1. */
function matches(value: unknown, content: readonly unknown[], at: number): number {
  if (value === null || typeof value !== "object") return content[at] === value ? at + 1 : -1;
  if (Array.isArray(value)) {
    if (content[at] !== ARRAY || content[at + 1] !== value.length || "toJSON" in value) return -1;
    at += 2;
    for (let i = 0; i < value.length && at >= 0; i++) at = matches(value[i], content, at);
    return at;
  }
  if (content[at] !== OBJECT || !isPlainRecord(value)) return -1;
  const size = content[at + 1];
  at += 2;
  // for-in lists exactly Object.keys(value), in its order, when nothing enumerable is inherited
  // (listReply checks Object.prototype first), without making an array of them.
  let count = 0;
  for (const key in value) {
    if (++count > (size as number) || content[at] !== key) return -1;
    at = matches(value[key], content, at + 1);
    if (at < 0) return -1;
  }
  return count === size ? at : -1;
}

/** Whether Object.prototype has an enumerable property (then for-in lists inherited keys too). */
function prototypeEnumerates(): boolean {
  for (const _ in {}) return true;
  return false;
}

/** A plain record's JSON text as UTF-8, kept while the record is unchanged. */
function recordBytes(value: Record<string, unknown>, reuse: boolean): Buffer {
  const known = reuse ? written.get(value) : undefined;
  if (known !== undefined && matches(value, known.content, 0) === known.content.length) return known.bytes;
  const content: unknown[] = [];
  const text = write(value, content, 0);
  if (text === undefined) {
    written.delete(value);
    return Buffer.from(stringifyJson(value), "utf8");
  }
  const bytes = Buffer.from(text, "utf8");
  written.set(value, { bytes, content });
  return bytes;
}

const COMMA = Buffer.from(",");
/** (Not `every`, which skips the holes of a sparse array.) */
function allPlainRecords(values: readonly unknown[]): values is Record<string, unknown>[] {
  for (let i = 0; i < values.length; i++) if (!isPlainRecord(values[i])) return false;
  return true;
}

/**
 * A JSON reply of a plain object whose top-level arrays of plain records (the pages of a list) are
 * written from each record's kept text; `json` is the same value, for whoever reads the reply.
 */
export function listReply(status: number, json: Record<string, unknown>): Reply {
  // (Where BigInt.prototype.toJSON is defined, JSON.stringify calls it: left to stringifyJson then.)
  if (!isPlainRecord(json) || typeof (BigInt.prototype as { toJSON?: unknown }).toJSON === "function")
    return jsonReply(status, json);
  const chunks: Buffer[] = [];
  const reuse = !prototypeEnumerates();
  let separator = "{";
  for (const key of Object.keys(json)) {
    const value = json[key];
    if (Array.isArray(value) && value.length > 0 && allPlainRecords(value)) {
      chunks.push(Buffer.from(`${separator}${JSON.stringify(key)}:[`));
      for (let i = 0; i < value.length; i++) {
        if (i > 0) chunks.push(COMMA);
        chunks.push(recordBytes(value[i]!, reuse));
      }
      chunks.push(Buffer.from("]"));
    } else {
      const text = stringifyJson(value) as string | undefined;
      if (text === undefined) continue; // as JSON.stringify leaves out undefined, functions and symbols
      chunks.push(Buffer.from(`${separator}${JSON.stringify(key)}:${text}`));
    }
    separator = ",";
  }
  chunks.push(Buffer.from(separator === "{" ? "{}" : "}"));
  return { status, json, jsonBytes: Buffer.concat(chunks) };
}

export function send(res: ServerResponse, reply: Reply, requestId: string, body = replyBody(reply)): void {
  const headers: Record<string, string | number> = {
    "X-Request-Id": requestId,
    ...reply.headers,
  };
  if (body.length > 0 || reply.json !== undefined) {
    headers["Content-Type"] =
      reply.contentType ?? (reply.text !== undefined ? "text/plain; charset=utf-8" : "application/json");
  }
  // Encoded once: its length is the header, and the socket takes the bytes as they are.
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  headers["Content-Length"] = bytes.length;
  res.writeHead(reply.status, headers);
  res.end(bytes);
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
export function truncate(body: string | Buffer): string {
  const text = typeof body === "string" ? body : body.toString("utf8");
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** Shared, mutable emulator state the vendors read and change. */
export interface EmulatorEnv {
  state: EmulatorState;
  /** Called with each new dataset (`reset()`), before any request sees it. */
  readonly datasetListeners: (() => void)[];
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
  /** The vendor's error for a request body over the emulator's limit (HTTP 413). */
  payloadTooLarge(ctx: RequestContext, api: ApiName, message: string): Reply;
  /** Adds the vendor's headers to every answer (Confluent's X-RateLimit-*). */
  decorate?(ctx: RequestContext, api: ApiName, reply: Reply): void;
}

/**
 * The ids of a collection (an array of records with an `id`), for a create's uniqueness check in
 * constant time: rebuilt only when the array is replaced or its length changed other than through `add`.
 */
export class IdIndex {
  private of: readonly { id: string }[] | undefined;
  private length = 0;
  private ids = new Set<string>();

  has(collection: readonly { id: string }[], id: string): boolean {
    if (this.of !== collection || this.length !== collection.length) {
      this.of = collection;
      this.length = collection.length;
      this.ids = new Set(collection.map((item) => item.id));
    }
    return this.ids.has(id);
  }

  /** Records that `id` was just pushed onto `collection` (after `has` was asked about it). */
  add(collection: readonly { id: string }[], id: string): void {
    if (this.of !== collection || this.length + 1 !== collection.length) return;
    this.length++;
    this.ids.add(id);
  }
}

/**
 * Whether creates may add to a collection: its `size` (the records that count) at most `maxCreated`
 * beyond what it was when the dataset was made (at start, and again on each `reset()`), so that a
 * delete makes room whether it comes before or after the creates.
 */
export function createLimit(env: EmulatorEnv, maxCreated: number, size: (state: EmulatorState) => number) {
  let baseline = size(env.state);
  env.datasetListeners.push(() => {
    baseline = size(env.state);
  });
  return (): boolean => size(env.state) < baseline + maxCreated;
}
