// A hostile list server on 127.0.0.1 for the four paging styles: it answers the n-th list request
// (0-based) with whatever the test's `answer(n, query)` says, in that style's body shape. Past `limit` requests it ends the data (an empty page without a next
// link), so that code which would loop for ever ends (wrongly) instead of hanging the test run.
import type { PagingStyle } from "./paging-servers.js";
import { sendJson, startServer, type RecordedRequest } from "./http-server.js";

export interface HostileAnswer {
  /** The page's items (objects with an `id`, as every style's items have), or something that is no array. */
  items: unknown[] | string;
  /** The reported total as raw JSON text (`"25"`, `9007199254740993`, `-1`), or undefined to leave it out. */
  total?: string;
  /** page-token: the token of the next-page link; undefined leaves `next` out. */
  next?: string;
  /** The body as raw text instead (a broken page). */
  raw?: string;
}

export interface HostileServer {
  readonly url: string;
  /** The list requests received, in order. */
  readonly requests: RecordedRequest[];
  /** Replaces the answers and clears `requests`. */
  script(answer: (n: number, query: URLSearchParams) => HostileAnswer, limit?: number): void;
  close(): Promise<void>;
}

const LIST_PATHS: Record<PagingStyle, RegExp> = {
  "offset-total": /\/connections$/,
  marker: /\/subnets$/,
  "page-token": /\/private-link-attachment-connections$/,
  "offset-size": /\/connections$/,
};

const TOTAL = "__hostile_total__";

function bodyText(style: PagingStyle, answer: HostileAnswer, origin: string): string {
  if (answer.raw !== undefined) return answer.raw;
  const total = answer.total === undefined ? {} : { [TOTAL]: 0 };
  let body: unknown;
  switch (style) {
    case "offset-total":
      body = { connections: answer.items, ...total };
      break;
    case "marker":
      body = { subnets: answer.items };
      break;
    case "offset-size":
      body = { statusCode: 0, statusMessage: "Success", response: answer.items };
      break;
    case "page-token": {
      const metadata: Record<string, unknown> = { ...total };
      if (answer.next !== undefined) {
        const next = new URL("/networking/v1/private-link-attachment-connections", origin);
        next.searchParams.set("environment", "env-1");
        next.searchParams.set("page_token", answer.next);
        metadata.next = next.href;
      }
      body = {
        api_version: "networking/v1",
        kind: "PrivateLinkAttachmentConnectionList",
        metadata,
        data: answer.items,
      };
      break;
    }
  }
  // The total goes in as raw text: a number beyond 2^53 must reach the client's parser as written.
  const text = JSON.stringify(body);
  const key = style === "offset-total" ? "total_count" : "total_size";
  return answer.total === undefined ? text : text.replace(`"${TOTAL}":0`, `"${key}":${answer.total}`);
}

export async function startHostileServer(style: PagingStyle): Promise<HostileServer> {
  let answer: (n: number, query: URLSearchParams) => HostileAnswer = () => ({ items: [] });
  let limit = Number.POSITIVE_INFINITY;
  const requests: RecordedRequest[] = [];
  const server = await startServer((request, res) => {
    const { pathname: path, searchParams } = new URL(request.url, server.url);
    if (!LIST_PATHS[style].test(path)) return sendJson(res, 404, { message: `no route ${path}` });
    const n = requests.length;
    requests.push(request);
    const text = bodyText(style, n < limit ? answer(n, searchParams) : { items: [], total: "0" }, server.url);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
  return {
    url: server.url,
    requests,
    script(next, nextLimit = Number.POSITIVE_INFINITY) {
      answer = next;
      limit = nextLimit;
      requests.length = 0;
    },
    close: () => server.close(),
  };
}

/** `count` items with ids `${prefix}-0`, `${prefix}-1`, ... */
export const itemsOf = (prefix: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${from + i}` }));
