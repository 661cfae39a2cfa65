// `client.paginate` against real HTTP servers on 127.0.0.1, one per paging style: every item exactly
// once and in server order, the number of requests, what the first and every later request carries.
import { describe, expect, it } from "vitest";
import {
  collectIds,
  expectedIds,
  expectedRequests,
  FILTERS,
  paginateList,
  positionParam,
  sizeParam,
  STYLE_SPECS,
  STYLES,
  type PagingServer,
  type PagingStyle,
  RUN_HEADER,
  usePagingServers,
} from "./support/paging-servers.js";
import { createVpcClient } from "../src/otc/index.js";

/**
 * The page size each style is driven with when the test sets one, with a dataset of thousands; and a
 * dataset of a few server-default pages for the runs that send no size.
 */
const CASES: Record<PagingStyle, { pageSize: number; big: number; bigDefault: number }> = {
  "offset-total": { pageSize: 100, big: 3000, bigDefault: 35 },
  marker: { pageSize: 250, big: 4500, bigDefault: 4500 },
  "page-token": { pageSize: 50, big: 2500, bigDefault: 35 },
  "offset-size": { pageSize: 100, big: 3500, bigDefault: 35 },
};

const servers = usePagingServers();

/** Every request carries the filters, the size (or none) and the credentials; the first has no position. */
function checkRequests(server: PagingServer, size: number | undefined) {
  const { style, served, requests } = server;
  const position = positionParam(style);
  expect(served[0]!.query.has(position), "first request carries no offset/marker/token").toBe(false);
  served.forEach((page, k) => {
    expect(page.status, `request ${k}`).toBe(200);
    for (const [name, value] of Object.entries(FILTERS[style])) expect(page.query.getAll(name), name).toEqual([value]);
    expect(page.query.get(sizeParam(style)), "size parameter").toBe(size === undefined ? null : String(size));
    if (k > 0) expect(page.query.has(position), `request ${k} carries ${position}`).toBe(true);
  });
  for (const request of requests) {
    const credential =
      style === "offset-total" || style === "marker"
        ? request.headers["x-auth-token"]
        : (request.headers.authorization as string | undefined)?.split(" ")[0];
    expect(credential).toBe(
      style === "offset-total" || style === "marker" ? "otc-token" : style === "page-token" ? "Basic" : "Bearer",
    );
  }
}

describe.each(STYLES)("%s", (style) => {
  const { pageSize, big, bigDefault } = CASES[style];
  const serverDefault = STYLE_SPECS[style].defaults.defaultPageSize;

  it.each([0, 1, pageSize, pageSize + 1, 2 * pageSize, big])(`pageSize ${pageSize}, %i items`, async (n) => {
    const server = servers[style];
    server.configure({ size: n });
    const ids = await collectIds(paginateList(server, { pageSize }));
    expect(ids).toEqual(expectedIds(style, n));
    expect(server.served.length).toBe(expectedRequests(style, n, pageSize));
    checkRequests(server, pageSize);
    // Offset styles move by the items seen so far (MadConnect's offset counts items).
    if (style === "offset-total" || style === "offset-size")
      server.served.forEach((page, k) => k > 0 && expect(page.query.get("offset")).toBe(String(k * pageSize)));
  });

  it.each([0, 1, serverDefault, serverDefault + 1, bigDefault])(
    `no pageSize: no size parameter sent, the server's default page (${serverDefault}) is expected, %i items`,
    async (n) => {
      const server = servers[style];
      server.configure({ size: n });
      const ids = await collectIds(paginateList(server));
      expect(ids).toEqual(expectedIds(style, n));
      expect(server.served.length).toBe(expectedRequests(style, n, serverDefault));
      checkRequests(server, undefined);
    },
  );

  it("toArray() gives the same items as iterating", async () => {
    const server = servers[style];
    server.configure({ size: 47 });
    const all = await paginateList(server, { pageSize: 10 }).toArray();
    expect(all.map((entry) => entry.id)).toEqual(expectedIds(style, 47));
  });

  it("pages(): items, body, response, index and total (where the API reports one)", async () => {
    const server = servers[style];
    server.configure({ size: 23 });
    const pages = [];
    for await (const page of paginateList(server, { pageSize: 10 }).pages()) pages.push(page);
    const total = style === "offset-total" || style === "page-token" ? 23 : undefined;
    expect(pages.map((page) => page.index)).toEqual([0, 1, 2]);
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 3]);
    expect(pages.map((page) => page.total)).toEqual([total, total, total]);
    expect(pages.flatMap((page) => page.items.map((entry) => entry.id))).toEqual(expectedIds(style, 23));
    for (const page of pages) {
      expect(page.response).toBeInstanceOf(Response);
      expect(page.response.status).toBe(200);
      expect(typeof page.body).toBe("object");
    }
    // The body is the page's whole body; for MadConnect the items come unwrapped from its envelope.
    if (style === "offset-size") expect(pages[0]!.body).toMatchObject({ statusCode: 0, response: pages[0]!.items });
    if (style === "offset-total") expect(pages[0]!.body).toMatchObject({ total_count: 23 });
    if (style === "page-token") expect(pages[0]!.body).toMatchObject({ metadata: { total_size: 23 } });
  });

  it("pages() and the item iterator can be started again, each a fresh iteration", async () => {
    const server = servers[style];
    server.configure({ size: 12 });
    const paginated = paginateList(server, { pageSize: 5 });
    expect(await collectIds(paginated)).toEqual(expectedIds(style, 12));
    expect(await collectIds(paginated)).toEqual(expectedIds(style, 12));
    let pages = 0;
    for await (const _ of paginated.pages()) pages++;
    expect(pages).toBe(3);
  });
});

describe("style details", () => {
  it("OTC VPC Endpoint: stops when the items seen reach total_count, without asking for an empty page", async () => {
    const server = servers["offset-total"];
    server.configure({ size: 40 });
    expect(await collectIds(paginateList(server, { pageSize: 20 }))).toEqual(expectedIds("offset-total", 40));
    expect(server.served.map((page) => page.query.get("offset"))).toEqual([null, "20"]);
  });

  it("OTC VPC Endpoint: an empty page ends the iteration even when total_count says more", async () => {
    const server = servers["offset-total"];
    // The server reports 25 but serves only 20: page 3 comes back empty.
    server.configure({ size: 20, reportedTotal: 25 });
    const pages = [];
    for await (const page of paginateList(server, { pageSize: 10 }).pages()) pages.push(page.items.length);
    expect(pages).toEqual([10, 10, 0]);
    expect(server.served.map((page) => page.query.get("offset"))).toEqual([null, "10", "20"]);
  });

  it("OTC VPC subnets: the next marker is the id of the last item", async () => {
    const server = servers.marker;
    server.configure({ size: 7 });
    await collectIds(paginateList(server, { pageSize: 3 }));
    expect(server.served.map((page) => page.query.get("marker"))).toEqual([null, "subnet-0000002", "subnet-0000005"]);
  });

  it("Confluent: only the page_token is taken from metadata.next, the next request goes to the base URL", async () => {
    const server = servers["page-token"];
    server.configure({ size: 5, nextOrigin: "https://api.confluent.cloud" });
    expect(await collectIds(paginateList(server, { pageSize: 2 }))).toEqual(expectedIds("page-token", 5));
    expect(server.served.length).toBe(3);
  });

  it("Confluent: next: null on the last page ends the iteration as well as an absent next", async () => {
    const server = servers["page-token"];
    server.configure({ size: 5, lastNext: "null" });
    expect(await collectIds(paginateList(server, { pageSize: 2 }))).toEqual(expectedIds("page-token", 5));
    expect(server.served.length).toBe(3);
  });

  it("MadConnect: the accountId of the client goes with every page", async () => {
    const server = servers["offset-size"];
    server.configure({ size: 31 });
    await collectIds(paginateList(server, { pageSize: 10 }));
    expect(server.served.map((page) => page.query.get("accountId"))).toEqual(["sub-1", "sub-1", "sub-1", "sub-1"]);
    expect(server.served.map((page) => page.query.get("offset"))).toEqual([null, "10", "20", "30"]);
  });
});

describe("resuming from a saved cursor", () => {
  it("OTC VPC subnets: a marker in the query starts after that item", async () => {
    const server = servers.marker;
    server.configure({ size: 40 });
    const ids = expectedIds("marker", 40);
    const resumed = await collectIds(
      createVpcClient({
        baseUrl: server.url,
        auth: { token: "otc-token" },
        retry: false,
        headers: { [RUN_HEADER]: server.run },
      }).paginate(
        "/v1/{project_id}/subnets",
        { params: { path: { project_id: "proj-1" }, query: { vpc_id: "vpc-1", marker: ids[14]! } } },
        { pageSize: 10 },
      ),
    );
    expect(resumed).toEqual(ids.slice(15));
  });
});
