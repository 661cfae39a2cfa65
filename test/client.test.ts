// Runtime behaviour of the clients against a real HTTP server: every operation of every spec, base
// URLs and region shortcuts, the common options, path-parameter safety, origin pinning and
// redirects, and int64-exact JSON. Auth and redaction: client-auth.test.ts; errors:
// client-errors.test.ts; retries and timeouts: client-retry.test.ts.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RequestRejectedError, parseJson, stringifyJson } from "../src/index.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient, createVpcepClient, type OtcClientOptions } from "../src/otc/index.js";
import { encodePathParameter } from "../src/core/path.js";
import { gc } from "./support/gc.js";
import { sendJson, startServer, type Handler, type RecordedRequest, type TestServer } from "./support/http-server.js";

let server: TestServer;
let other: TestServer;
let handle: Handler;
const ok: Handler = (_req, res) => sendJson(res, 200, {});

beforeAll(async () => {
  server = await startServer((req, res, raw) => handle(req, res, raw));
  other = await startServer((_req, res) => sendJson(res, 200, { from: "other" }));
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
  handle = ok;
});

const TOKEN = "otc-token-0123456789";
const NO_RETRY = { retry: false } as const;
const vpcep = (extra: object = {}) => createVpcepClient({ baseUrl: server.url, auth: { token: TOKEN }, ...extra });
const vpc = (extra: object = {}) => createVpcClient({ baseUrl: server.url, auth: { token: TOKEN }, ...extra });
const confluent = (extra: object = {}) =>
  createConfluentClient({ baseUrl: server.url, auth: { apiKey: "KEY", apiSecret: "confluent-secret" }, ...extra });
const madconnect = (extra: object = {}) =>
  createMadConnectClient({ baseUrl: server.url, auth: { token: "mad-token-0123" }, ...extra });

const only = (): RecordedRequest => {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
};
/** The operations (`METHOD /path/{template}`) the end-to-end tests below have called. */
const covered = new Set<string>();
/** The one request the server received, which must have this method; the operation counts as covered. */
const received = (method: string, template: string): RecordedRequest => {
  const request = only();
  expect(request.method).toBe(method);
  covered.add(`${method} ${template}`);
  return request;
};
const bodyOf = (request: RecordedRequest) => JSON.parse(request.body.toString("utf8")) as unknown;
const split = (url: string) => {
  const parsed = new URL(url, "http://x");
  return { path: parsed.pathname, query: parsed.search };
};

// ---------------------------------------------------------------------------------------------
// Every operation of every spec, typed, against a real server
// ---------------------------------------------------------------------------------------------

/** A Confluent private link attachment connection as the API returns it. */
const confluentConnection = (phase: string) => ({
  api_version: "networking/v1",
  kind: "PrivateLinkAttachmentConnection",
  id: "plattc-77zq2w",
  metadata: { self: "https://api.confluent.cloud/networking/v1/private-link-attachment-connections/plattc-77zq2w" },
  spec: {
    display_name: "prod",
    cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-1" },
    environment: { id: "env-00000", related: "https://x/env", resource_name: "crn://x" },
    private_link_attachment: { id: "platt-00000", related: "https://x/platt", resource_name: "crn://y" },
  },
  status: { phase },
});

describe("every operation, end to end", () => {
  it("OTC VPC Endpoint: list connections with every query parameter", async () => {
    const big = "9007199254740993"; // 2^53 + 1: not representable as a number
    handle = (_req, res) =>
      sendJson(
        res,
        200,
        `{"connections":[{"id":"c-1","marker_id":${big},"status":"accepted","domain_id":"d","created_at":"2018-09-17T11:10:11Z"},` +
          `{"id":"c-2","marker_id":16777513,"status":"pendingAcceptance"}],"total_count":2}`,
      );
    const { data, error, response } = await vpcep().GET(
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
      {
        params: {
          path: { project_id: "proj-1", vpc_endpoint_service_id: "svc-1" },
          query: {
            id: "c-1",
            marker_id: big,
            status: "accepted",
            sort_key: "updated_at",
            sort_dir: "asc",
            limit: 50,
            offset: 10,
          },
        },
      },
    );
    const request = received("GET", "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections");
    expect(split(request.url)).toEqual({
      path: "/v1/proj-1/vpc-endpoint-services/svc-1/connections",
      query: `?id=c-1&marker_id=${big}&status=accepted&sort_key=updated_at&sort_dir=asc&limit=50&offset=10`,
    });
    expect(request.body.length).toBe(0);
    expect(request.headers["content-type"]).toBeUndefined();
    expect(request.headers["x-auth-token"]).toBe(TOKEN);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({
      connections: [
        {
          id: "c-1",
          marker_id: 9007199254740993n,
          status: "accepted",
          domain_id: "d",
          created_at: "2018-09-17T11:10:11Z",
        },
        { id: "c-2", marker_id: 16777513, status: "pendingAcceptance" },
      ],
      total_count: 2,
    });
    expect(typeof data!.connections[1]!.marker_id).toBe("number");
  });

  it("OTC VPC: list subnets with every query parameter", async () => {
    const subnet = {
      id: "4779ab1c-7c1a-44b1-a02e-93dfc361b32d",
      name: "subnet-1",
      description: "",
      cidr: "192.168.0.0/24",
      gateway_ip: "192.168.0.1",
      ipv6_enable: false,
      dhcp_enable: true,
      primary_dns: "100.125.4.25",
      secondary_dns: "100.125.129.199",
      dnsList: ["100.125.4.25", "100.125.129.199"],
      vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
      status: "ACTIVE",
      neutron_network_id: "n",
      neutron_subnet_id: "s",
      extra_dhcp_opts: [{ opt_value: "10.100.0.33", opt_name: "ntp" }],
      tenant_id: "t",
      created_at: "2022-12-15T02:25:36",
      updated_at: "2022-12-15T02:25:37",
    };
    handle = (_req, res) => sendJson(res, 200, { subnets: [subnet] });
    const { data } = await vpc().GET("/v1/{project_id}/subnets", {
      params: {
        path: { project_id: "proj-1" },
        query: { marker: "4779ab1c-7c1a-44b1-a02e-93dfc361b32d", limit: 10, vpc_id: "3ec3b33f" },
      },
    });
    const request = received("GET", "/v1/{project_id}/subnets");
    expect(split(request.url)).toEqual({
      path: "/v1/proj-1/subnets",
      query: "?marker=4779ab1c-7c1a-44b1-a02e-93dfc361b32d&limit=10&vpc_id=3ec3b33f",
    });
    expect(data).toEqual({ subnets: [subnet] });
    expect(data!.subnets[0]!.cidr).toBe("192.168.0.0/24");
  });

  it("Confluent: list private link attachment connections with every query parameter", async () => {
    const item = confluentConnection("READY");
    const body = {
      api_version: "networking/v1",
      kind: "PrivateLinkAttachmentConnectionList",
      metadata: { total_size: 1 },
      data: [item],
    };
    handle = (_req, res) => sendJson(res, 200, body, { "x-request-id": "req-1" });
    const { data } = await confluent().GET("/networking/v1/private-link-attachment-connections", {
      params: {
        query: {
          environment: "env-00000",
          "spec.private_link_attachment": "platt-00000",
          page_size: 5,
          page_token: "tok en",
        },
      },
    });
    const request = received("GET", "/networking/v1/private-link-attachment-connections");
    expect(split(request.url)).toEqual({
      path: "/networking/v1/private-link-attachment-connections",
      query: "?environment=env-00000&spec.private_link_attachment=platt-00000&page_size=5&page_token=tok%20en",
    });
    expect(data).toEqual(body);
    expect(data!.data[0]!.status.phase).toBe("READY");
  });

  describe("OTC VPC: the other subnet operations", () => {
    const subnetRequest = {
      name: "subnet-1",
      description: "app tier",
      cidr: "192.168.1.0/24",
      gateway_ip: "192.168.1.1",
      ipv6_enable: false,
      dhcp_enable: true,
      primary_dns: "100.125.4.25",
      dnsList: ["100.125.4.25"],
      vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
      extra_dhcp_opts: [{ opt_value: "10.100.0.33", opt_name: "ntp" as const }],
    };
    const subnet = { ...subnetRequest, id: "4779ab1c", status: "UNKNOWN", tenant_id: "t" };

    it("createSubnet: POST with a JSON body", async () => {
      handle = (_req, res) => sendJson(res, 200, { subnet });
      const { data } = await vpc().POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "proj-1" } },
        body: { subnet: subnetRequest },
      });
      const request = received("POST", "/v1/{project_id}/subnets");
      expect(split(request.url)).toEqual({ path: "/v1/proj-1/subnets", query: "" });
      expect(request.headers["content-type"]).toBe("application/json");
      expect(bodyOf(request)).toEqual({ subnet: subnetRequest });
      expect(data).toEqual({ subnet });
    });

    it("showSubnet: GET by id", async () => {
      handle = (_req, res) => sendJson(res, 200, { subnet });
      const { data } = await vpc().GET("/v1/{project_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "proj-1", subnet_id: "4779ab1c" } },
      });
      const request = received("GET", "/v1/{project_id}/subnets/{subnet_id}");
      expect(split(request.url)).toEqual({ path: "/v1/proj-1/subnets/4779ab1c", query: "" });
      expect(data!.subnet.cidr).toBe("192.168.1.0/24");
    });

    it("updateSubnet: PUT with a JSON body", async () => {
      handle = (_req, res) => sendJson(res, 200, { subnet: { id: "4779ab1c", status: "ACTIVE" } });
      const body = { subnet: { name: "renamed", dhcp_enable: true, secondary_dns: "100.125.129.199" } };
      const { data } = await vpc().PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "proj-1", vpc_id: "vpc-1", subnet_id: "4779ab1c" } },
        body,
      });
      const request = received("PUT", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}");
      expect(split(request.url)).toEqual({ path: "/v1/proj-1/vpcs/vpc-1/subnets/4779ab1c", query: "" });
      expect(bodyOf(request)).toEqual(body);
      expect(data).toEqual({ subnet: { id: "4779ab1c", status: "ACTIVE" } });
    });

    it("deleteSubnet: DELETE, answered 204", async () => {
      handle = (_req, res) => {
        res.writeHead(204);
        res.end();
      };
      const client = vpc();
      const { data, error, response } = await client.DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "proj-1", vpc_id: "vpc-1", subnet_id: "4779ab1c" } },
      });
      const request = received("DELETE", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}");
      expect(split(request.url)).toEqual({ path: "/v1/proj-1/vpcs/vpc-1/subnets/4779ab1c", query: "" });
      expect(request.body.length).toBe(0);
      expect(response.status).toBe(204);
      expect(data).toBeUndefined();
      expect(error).toBeUndefined();
    });
  });

  it("OTC VPC Endpoint: accept or reject connections, POST with a JSON body", async () => {
    handle = (_req, res) =>
      sendJson(res, 200, '{"connections":[{"id":"e-1","marker_id":9007199254740993,"status":"accepted"}]}');
    const body = { action: "receive" as const, endpoints: ["e-1", "e-2"] };
    const { data } = await vpcep().POST(
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action",
      { params: { path: { project_id: "proj-1", vpc_endpoint_service_id: "svc-1" } }, body },
    );
    const request = received(
      "POST",
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action",
    );
    expect(split(request.url)).toEqual({
      path: "/v1/proj-1/vpc-endpoint-services/svc-1/connections/action",
      query: "",
    });
    expect(bodyOf(request)).toEqual(body);
    expect(data).toEqual({ connections: [{ id: "e-1", marker_id: 9007199254740993n, status: "accepted" }] });
  });

  describe("Confluent: the other private link attachment connection operations", () => {
    const connection = confluentConnection("PROVISIONING");

    it("create: POST with a JSON body, answered 202", async () => {
      handle = (_req, res) => sendJson(res, 202, connection);
      const body = {
        spec: {
          display_name: "prod",
          cloud: { kind: "AwsPrivateLinkAttachmentConnection" as const, vpc_endpoint_id: "vpce-1" },
          environment: { id: "env-00000" },
          private_link_attachment: { id: "platt-00000" },
        },
      };
      const { data, response } = await confluent().POST("/networking/v1/private-link-attachment-connections", {
        body,
      });
      const request = received("POST", "/networking/v1/private-link-attachment-connections");
      expect(split(request.url)).toEqual({ path: "/networking/v1/private-link-attachment-connections", query: "" });
      expect(request.headers["content-type"]).toBe("application/json");
      expect(bodyOf(request)).toEqual(body);
      expect(response.status).toBe(202);
      expect(data).toEqual(connection);
    });

    it("get: GET by id with the environment", async () => {
      handle = (_req, res) => sendJson(res, 200, connection);
      const { data } = await confluent().GET("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "plattc-77zq2w" }, query: { environment: "env-00000" } },
      });
      const request = received("GET", "/networking/v1/private-link-attachment-connections/{id}");
      expect(split(request.url)).toEqual({
        path: "/networking/v1/private-link-attachment-connections/plattc-77zq2w",
        query: "?environment=env-00000",
      });
      expect(data).toEqual(connection);
    });

    it("update: PATCH with a JSON body", async () => {
      handle = (_req, res) => sendJson(res, 200, { ...connection, spec: { ...connection.spec, display_name: "new" } });
      const body = { spec: { display_name: "new", environment: { id: "env-00000" } } };
      const { data } = await confluent().PATCH("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "plattc-77zq2w" } },
        body,
      });
      const request = received("PATCH", "/networking/v1/private-link-attachment-connections/{id}");
      expect(split(request.url)).toEqual({
        path: "/networking/v1/private-link-attachment-connections/plattc-77zq2w",
        query: "",
      });
      expect(bodyOf(request)).toEqual(body);
      expect(data!.spec.display_name).toBe("new");
    });

    it("delete: DELETE by id with the environment, answered 204", async () => {
      handle = (_req, res) => {
        res.writeHead(204);
        res.end();
      };
      const { data, response } = await confluent().DELETE("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "plattc-77zq2w" }, query: { environment: "env-00000" } },
      });
      const request = received("DELETE", "/networking/v1/private-link-attachment-connections/{id}");
      expect(split(request.url)).toEqual({
        path: "/networking/v1/private-link-attachment-connections/plattc-77zq2w",
        query: "?environment=env-00000",
      });
      expect(response.status).toBe(204);
      expect(data).toBeUndefined();
    });
  });

  describe("MadConnect: all six operations", () => {
    const connection = {
      accountId: "a3ba4fbd9d51df11",
      createdTime: 1700000000,
      enabled: true,
      id: "849b79953b98fe11",
      name: "pipe",
      src: { connectorId: "src-1", connectorName: "S3" },
      dest: { connectorId: "dst-1", connectorName: "DV360" },
      status: "active",
    };
    const envelope = (response: unknown) => ({ statusCode: 0, statusMessage: "Success", response });
    beforeEach(() => {
      handle = (req, res) => {
        const { path } = split(req.url);
        if (req.method === "GET" && path === "/es/v2/connections") return sendJson(res, 200, envelope([connection]));
        if (req.method === "GET") return sendJson(res, 200, envelope(connection));
        return sendJson(res, 200, envelope({}));
      };
    });

    it("listConnections: GET with q, size, offset, status", async () => {
      const client = madconnect();
      const { data } = await client.GET("/es/v2/connections", {
        params: { query: { q: "key word", size: 10, offset: 20, status: "active" } },
      });
      const request = received("GET", "/es/v2/connections");
      expect(split(request.url)).toEqual({
        path: "/es/v2/connections",
        query: "?q=key%20word&size=10&offset=20&status=active",
      });
      expect(request.headers.authorization).toBe("Bearer mad-token-0123");
      expect(data).toEqual(envelope([connection]));
      expect(await client.unwrap(client.GET("/es/v2/connections"))).toEqual(envelope([connection]));
    });

    it("createConnection: POST with a JSON body", async () => {
      const body = {
        name: "pipe",
        srcConnectorId: "src-1",
        destConnectorId: "dst-1",
        srcConfigurationId: null,
        srcConnectionConfig: { bucketURI: "s3://bucket/prefix" },
        destConnectionConfig: { advertiserId: "123", audienceSource: "x" },
      };
      const { data } = await madconnect().POST("/es/v2/connections", { body });
      const request = received("POST", "/es/v2/connections");
      expect(split(request.url)).toEqual({ path: "/es/v2/connections", query: "" });
      expect(request.headers["content-type"]).toBe("application/json");
      expect(bodyOf(request)).toEqual(body);
      expect(data).toEqual(envelope({}));
    });

    it("getConnection: GET by id", async () => {
      const { data } = await madconnect().GET("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: "849b79953b98fe11" } },
      });
      const request = received("GET", "/es/v2/connections/{connection_id}");
      expect(split(request.url)).toEqual({ path: "/es/v2/connections/849b79953b98fe11", query: "" });
      expect(data).toEqual(envelope(connection));
      expect(data!.response!.status).toBe("active");
    });

    it("updateConnection: PUT with a JSON body", async () => {
      const body = { id: "849b79953b98fe11", name: "renamed", destConnectionConfig: { advertiserId: "456" } };
      const { data } = await madconnect().PUT("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: "849b79953b98fe11" } },
        body,
      });
      const request = received("PUT", "/es/v2/connections/{connection_id}");
      expect(split(request.url)).toEqual({ path: "/es/v2/connections/849b79953b98fe11", query: "" });
      expect(request.headers["content-type"]).toBe("application/json");
      expect(bodyOf(request)).toEqual(body);
      expect(data).toEqual(envelope({}));
    });

    it("deleteConnection: DELETE by id", async () => {
      const { data } = await madconnect().DELETE("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: "849b79953b98fe11" }, query: { accountId: "sub-1" } },
      });
      const request = received("DELETE", "/es/v2/connections/{connection_id}");
      expect(split(request.url)).toEqual({ path: "/es/v2/connections/849b79953b98fe11", query: "?accountId=sub-1" });
      expect(request.body.length).toBe(0);
      expect(data).toEqual(envelope({}));
    });

    it("updateConnectionStatus: PUT with the status in the path", async () => {
      for (const status of ["activate", "enable", "disable"] as const) {
        server.requests.length = 0;
        const { data } = await madconnect().PUT("/es/v2/connections/{connection_id}/status/{status}", {
          params: { path: { connection_id: "849b79953b98fe11", status } },
        });
        const request = received("PUT", "/es/v2/connections/{connection_id}/status/{status}");
        expect(split(request.url)).toEqual({ path: `/es/v2/connections/849b79953b98fe11/status/${status}`, query: "" });
        expect(data).toEqual(envelope({}));
      }
    });

    it("accountId is added to every call when configured, and a call's own accountId wins", async () => {
      const client = madconnect({ accountId: "sub-default" });
      await client.GET("/es/v2/connections", { params: { query: { size: 5 } } });
      await client.POST("/es/v2/connections", { body: { srcConnectorId: "a", destConnectorId: "b" } });
      await client.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c1" } } });
      await client.PUT("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c1" } }, body: {} });
      await client.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c1" } } });
      await client.PUT("/es/v2/connections/{connection_id}/status/{status}", {
        params: { path: { connection_id: "c1", status: "enable" }, query: { accountId: "sub-own" } },
      });
      await client.unwrap(client.GET("/es/v2/connections"));
      await client.paginate("/es/v2/connections", {}, { maxItems: 1 }).toArray();
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET /es/v2/connections?accountId=sub-default&size=5",
        "POST /es/v2/connections?accountId=sub-default",
        "GET /es/v2/connections/c1?accountId=sub-default",
        "PUT /es/v2/connections/c1?accountId=sub-default",
        "DELETE /es/v2/connections/c1?accountId=sub-default",
        "PUT /es/v2/connections/c1/status/enable?accountId=sub-own",
        "GET /es/v2/connections?accountId=sub-default",
        "GET /es/v2/connections?accountId=sub-default",
      ]);
      // a call's accountId left null or undefined is unset: the default is sent
      server.requests.length = 0;
      for (const accountId of [null, undefined])
        await client.GET("/es/v2/connections", { params: { query: { accountId: accountId as never } } });
      expect(server.requests.map((r) => r.url)).toEqual([
        "/es/v2/connections?accountId=sub-default",
        "/es/v2/connections?accountId=sub-default",
      ]);
      // without the option, no accountId at all
      server.requests.length = 0;
      await madconnect().GET("/es/v2/connections");
      expect(only().url).toBe("/es/v2/connections");
    });
  });

  it("paginate and request() go through the same client", async () => {
    handle = (req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset") ?? 0);
      const all = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, marker_id: i }));
      sendJson(res, 200, { connections: all.slice(offset, offset + 2), total_count: all.length });
    };
    const client = vpcep();
    const items = await client
      .paginate(
        "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
        { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } },
        { pageSize: 2 },
      )
      .toArray();
    expect(items.map((c) => c.id)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
    expect(server.requests.every((r) => r.headers["x-auth-token"] === TOKEN)).toBe(true);
    server.requests.length = 0;
    const { data } = await client.request(
      "get",
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
      { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { limit: 1 } } },
    );
    expect(only().url).toBe("/v1/p/vpc-endpoint-services/s/connections?limit=1");
    expect(data!.total_count).toBe(5);
  });
});

// Runs last in its file: every operation the generated clients type was called above.
describe("coverage", () => {
  it("the end-to-end tests call every operation of every spec", () => {
    const operations = ["otc-vpcep", "otc-vpc", "confluent", "madconnect"].flatMap((api) => {
      const source = readFileSync(new URL(`../generated/${api}.ts`, import.meta.url), "utf8");
      const paths = source.slice(source.indexOf("export interface paths {"), source.indexOf("export type webhooks"));
      return [...paths.matchAll(/^  "([^"]+)": \{([\s\S]*?)^  \};/gm)].flatMap(([, path, item]) =>
        [...item!.matchAll(/^    (get|put|post|delete|options|head|patch|trace): operations\[/gm)].map(
          ([, method]) => `${method!.toUpperCase()} ${path}`,
        ),
      );
    });
    expect(operations.length).toBeGreaterThanOrEqual(18);
    expect([...covered].sort()).toEqual([...new Set(operations)].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Base URLs and region shortcuts (no network)
// ---------------------------------------------------------------------------------------------

describe("base URLs", () => {
  const auth = { token: TOKEN };

  it("OTC region shortcuts build the documented hosts", () => {
    expect(createVpcepClient({ auth }).baseUrl).toBe("https://vpcep.eu-de.otc.t-systems.com");
    expect(createVpcepClient({ auth, region: "eu-de" }).baseUrl).toBe("https://vpcep.eu-de.otc.t-systems.com");
    expect(createVpcepClient({ auth, region: "eu-nl" }).baseUrl).toBe("https://vpcep.eu-nl.otc.t-systems.com");
    expect(createVpcepClient({ auth, region: "eu-ch2" }).baseUrl).toBe("https://vpcep.eu-ch2.sc.otc.t-systems.com");
    expect(createVpcClient({ auth }).baseUrl).toBe("https://vpc.eu-de.otc.t-systems.com");
    expect(createVpcClient({ auth, region: "eu-de" }).baseUrl).toBe("https://vpc.eu-de.otc.t-systems.com");
    expect(createVpcClient({ auth, region: "eu-nl" }).baseUrl).toBe("https://vpc.eu-nl.otc.t-systems.com");
    expect(createVpcClient({ auth, region: "eu-ch2" }).baseUrl).toBe("https://vpc.eu-ch2.sc.otc.t-systems.com");
  });

  it("an unknown region is refused at construction, naming the known ones", () => {
    // Each typed as what the loop uses: an array literal of the two factories would make the type
    // checker compare the two client types (most of a second).
    const factory = (create: (options: OtcClientOptions) => unknown) => create;
    for (const create of [factory(createVpcepClient), factory(createVpcClient)]) {
      expect(() => create({ auth, region: "us-east-1" })).toThrow(RequestRejectedError);
      expect(() => create({ auth, region: "us-east-1" })).toThrow(/region=eu-de, region=eu-nl, region=eu-ch2/);
      // a region must be a whole host label, not a fragment of one
      expect(() => create({ auth, region: "ch2" })).toThrow(RequestRejectedError);
      expect(() => create({ auth, region: "sc" })).toThrow(RequestRejectedError);
    }
  });

  it("baseUrl wins over region; trailing slashes are dropped", () => {
    expect(createVpcClient({ auth, region: "eu-nl", baseUrl: "https://vpc.example.com/" }).baseUrl).toBe(
      "https://vpc.example.com",
    );
    expect(createVpcepClient({ auth, baseUrl: "https://gw.example.com/otc/vpcep//" }).baseUrl).toBe(
      "https://gw.example.com/otc/vpcep",
    );
  });

  it("Confluent defaults to https://api.confluent.cloud; MadConnect takes the given host", () => {
    expect(createConfluentClient({ auth: { token: "t" } }).baseUrl).toBe("https://api.confluent.cloud");
    expect(createConfluentClient({ auth: { apiKey: "k", apiSecret: "s" } }).baseUrl).toBe(
      "https://api.confluent.cloud",
    );
    expect(createMadConnectClient({ auth: { token: "t" }, baseUrl: "https://mad.example.com" }).baseUrl).toBe(
      "https://mad.example.com",
    );
  });

  it("plain http is refused except to loopback, unless allowInsecureHttp", () => {
    const make = (baseUrl: string, allowInsecureHttp?: boolean) => () =>
      createVpcClient({ auth, baseUrl, ...(allowInsecureHttp === undefined ? {} : { allowInsecureHttp }) });
    for (const url of [
      "http://vpc.example.com",
      "http://10.0.0.1:8080",
      "http://127.0.0.1.example.com",
      "http://api.localhost",
    ]) {
      expect(make(url)).toThrow(RequestRejectedError);
      expect(make(url)).toThrow(/allowInsecureHttp/);
      expect(make(url, false)).toThrow(RequestRejectedError);
      expect(make(url, true)().baseUrl).toBe(url);
    }
    for (const url of ["http://127.0.0.1:1", "http://localhost:8080", "http://[::1]:8080"])
      expect(make(url)().baseUrl).toBe(url);
    expect(() => createConfluentClient({ auth: { token: "t" }, baseUrl: "http://api.example.com" })).toThrow(
      RequestRejectedError,
    );
    expect(() => createMadConnectClient({ auth: { token: "t" }, baseUrl: "http://mad.example.com" })).toThrow(
      RequestRejectedError,
    );
  });

  it("other malformed base URLs are refused at construction", () => {
    for (const baseUrl of [
      "vpc.example.com",
      "ftp://vpc.example.com",
      "https://user:pass@vpc.example.com",
      "https://vpc.example.com/?x=1",
      "https://vpc.example.com/#frag",
    ])
      expect(() => createVpcClient({ auth, baseUrl }), baseUrl).toThrow(RequestRejectedError);
  });
});

// ---------------------------------------------------------------------------------------------
// Common options
// ---------------------------------------------------------------------------------------------

describe("common options", () => {
  it("headers, userAgent and a custom fetch are used by every factory", async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    };
    const common = { fetch, headers: { "X-Trace": "t-1" }, userAgent: "my-app/1.0", timeoutMs: 5_000 };
    const { data: a } = await vpcep(common).GET(
      "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
      { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } },
    );
    await vpc(common).GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    await confluent(common).GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "env-1" } },
    });
    await madconnect(common).GET("/es/v2/connections");
    expect(a).toEqual({});
    expect(seen).toHaveLength(4);
    expect(server.requests).toHaveLength(4);
    for (const request of server.requests) {
      expect(request.headers["x-trace"]).toBe("t-1");
      expect(request.headers["user-agent"]).toBe("my-app/1.0");
    }
  });

  it("the default User-Agent names the package and its version", async () => {
    await vpc().GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(only().headers["user-agent"]).toBe(`connectivity-clients/${version}`);
  });

  it("per-call headers are sent, and a caller cannot override the credentials", async () => {
    await vpc().GET("/v1/{project_id}/subnets", {
      params: { path: { project_id: "p" } },
      headers: { "X-Extra": "1", "X-Auth-Token": "attacker" },
    });
    const request = only();
    expect(request.headers["x-extra"]).toBe("1");
    expect(request.headers["x-auth-token"]).toBe(TOKEN);
  });

  it("retry, timeoutMs and allowInsecureHttp are accepted by every factory", () => {
    const common = { retry: { maxRetries: 1, maxDelayMs: 10 }, timeoutMs: 1_000, allowInsecureHttp: true };
    const url = "http://example.com";
    expect(createVpcepClient({ auth: { token: "t" }, baseUrl: url, ...common }).baseUrl).toBe(url);
    expect(createVpcClient({ auth: { token: "t" }, baseUrl: url, ...common, ...NO_RETRY }).baseUrl).toBe(url);
    expect(createConfluentClient({ auth: { token: "t" }, baseUrl: url, ...common }).baseUrl).toBe(url);
    expect(createMadConnectClient({ auth: { token: "t" }, baseUrl: url, ...common }).baseUrl).toBe(url);
  });
});

// ---------------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------------

describe("openapi-fetch middleware", () => {
  it("sees a real Request it may change, and the credentials are still added (and only by the client)", async () => {
    const client = madconnect();
    const seen: unknown[] = [];
    client.use({
      onRequest({ request }) {
        seen.push(request);
        request.headers.set("X-Trace", "t-1");
        request.headers.set("Authorization", "Bearer stolen");
      },
      onResponse({ response }) {
        seen.push(response.status);
      },
    });
    const { data } = await client.POST("/es/v2/connections", {
      body: { name: "c", sourceId: "s", destinationId: "d" } as never,
    });
    expect(seen[0]).toBeInstanceOf(Request);
    expect((seen[0] as Request).method).toBe("POST");
    expect(seen[1]).toBe(200);
    expect(data).toEqual({});
    const request = only();
    expect(request.headers["x-trace"]).toBe("t-1");
    expect(request.headers.authorization).toBe("Bearer mad-token-0123");
    expect(bodyOf(request)).toMatchObject({ name: "c" });
  });

  it("an onRequest may return the request, or a new Request in its place, as openapi-fetch's documentation does", async () => {
    handle = (_req, res) => sendJson(res, 200, { subnets: [] });
    const client = vpc();
    client.use({
      onRequest({ request }) {
        request.headers.set("X-Trace", "t-1");
        return request;
      },
    });
    const init = { params: { path: { project_id: "p" } } };
    const replacing = {
      onRequest: ({ request }: { request: Request }) =>
        new Request(request, { headers: [...request.headers, ["X-Replaced", "yes"]] }),
    };
    for (const call of [
      () => client.GET("/v1/{project_id}/subnets", init),
      () => client.GET("/v1/{project_id}/subnets", { ...init, parseAs: "text" }),
      () => client.GET("/v1/{project_id}/subnets", { ...init, middleware: [replacing] }),
      () => client.paginate("/v1/{project_id}/subnets", init).toArray(),
    ])
      await call();
    expect(server.requests.map((request) => request.headers["x-trace"])).toEqual(["t-1", "t-1", "t-1", "t-1"]);
    expect(server.requests[2]!.headers["x-replaced"]).toBe("yes");
    expect(server.requests[2]!.headers["x-auth-token"]).toBe(TOKEN);
  });

  it("a per-call middleware sees a real Request too; calls without one send the same request", async () => {
    const client = vpc();
    const init = { params: { path: { project_id: "p" }, query: { limit: 5 } } };
    let seen: unknown;
    await client.GET("/v1/{project_id}/subnets", {
      ...init,
      middleware: [{ onRequest: ({ request }: { request: Request }) => void (seen = request) }],
    });
    await client.GET("/v1/{project_id}/subnets", init);
    expect(seen).toBeInstanceOf(Request);
    const [withMiddleware, without] = server.requests;
    expect(without!.url).toBe("/v1/p/subnets?limit=5");
    expect(without).toEqual(withMiddleware);
  });
});

describe("no request bypasses the transport", () => {
  it("every method of openapi-fetch's client is the client's own (sent through the transport, with its credentials)", async () => {
    // (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH and TRACE in openapi-fetch 0.x: whatever it adds too)
    const core = createClient({ baseUrl: server.url });
    const client = vpc() as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
    const methods = Object.keys(core).filter((key) => /^[A-Z]+$/.test(key) && key !== "TRACE");
    expect(methods.length).toBeGreaterThanOrEqual(7);
    for (const method of methods) {
      await client[method]!("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      expect(server.requests.at(-1)?.headers["x-auth-token"], method).toBe(TOKEN);
    }
    expect(server.requests).toHaveLength(methods.length);
    // TRACE: refused by the transport (fetch sends no TRACE), never by a fetch of openapi-fetch's own.
    await expect(
      client.TRACE!("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }),
    ).rejects.not.toThrow(/fetch is not a function/);
  });
});

describe("a middleware waiting on request.signal (a throttle's free slot), after a collection", () => {
  /** Waits for a slot that never frees: only an abort of the request ends it. */
  const throttle = {
    onRequest: ({ request }: { request: Request }) =>
      new Promise<undefined>((_resolve, reject) =>
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
      ),
  };
  /** Starts `call` in a function of its own (nothing of it outlives it but the promise), collects, aborts. */
  async function abortAfterCollection(call: (signal: AbortSignal) => Promise<unknown>) {
    const controller = new AbortController();
    const pending = call(controller.signal);
    pending.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort(new Error("shutting down"));
    const outcome = await Promise.race([
      pending.then(
        () => "resolved",
        (error: Error) => error.message,
      ),
      new Promise((resolve) => setTimeout(() => resolve("still pending 2 s after the abort"), 2_000)),
    ]);
    expect(outcome).toBe("shutting down");
  }

  it("a call: the abort reaches it (Node's Request follows the caller's signal weakly; the client holds it)", async () => {
    const client = vpc();
    client.use(throttle);
    await abortAfterCollection((signal) =>
      client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, signal }),
    );
  });

  it("a call with a short timeoutMs (its clock starts once the request is sent, not while the middleware waits): the abort still reaches it", async () => {
    const client = vpc({ timeoutMs: 50, retry: false });
    client.use(throttle);
    await abortAfterCollection((signal) =>
      client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, signal }),
    );
  });

  it("paginate: the abort reaches the iteration", async () => {
    const client = vpc();
    client.use(throttle);
    await abortAfterCollection((signal) =>
      client.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }, { signal }).toArray(),
    );
  });
});

describe("path parameters", () => {
  it("are percent-encoded so that a value stays one segment", async () => {
    const client = madconnect();
    for (const [value, sent] of [
      ["a b/c?d#e", "a%20b%2Fc%3Fd%23e"],
      ["x%2Fy", "x%252Fy"],
      ["é", "%C3%A9"],
      ["...", "..."],
      ["a..b", "a..b"],
      [42, "42"],
      [0, "0"],
    ] as const) {
      server.requests.length = 0;
      await client.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: value as string } } });
      expect(only().url).toBe(`/es/v2/connections/${sent}`);
    }
  });

  it("a plain value (letters, digits, _ - ~: no check needed) is sent as encodeURIComponent has it", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w~-]+$/), (text) => {
        expect(encodePathParameter("id", text)).toBe(encodeURIComponent(text));
      }),
    );
  });

  const unsafe: [string, unknown][] = [
    ["empty", ""],
    ["blank", "   "],
    ["dot", "."],
    ["dot-dot", ".."],
    ["encoded dot", "%2e"],
    ["encoded dot-dot", "%2e%2e"],
    ["upper-case encoded dot-dot", "%2E%2E"],
    ["half-encoded dot-dot", ".%2e"],
    ["double-encoded dot", "%252e"],
    ["double-encoded dot-dot", "%252e%252e"],
    ["dot-dot segment with a slash", "../admin"],
    ["dot-dot segment with an encoded slash", "%2e%2e%2fadmin"],
    ["trailing dot-dot segment", "a/.."],
    ["null", null],
    ["boolean", true],
    ["object", { id: "x" }],
    ["array", ["a"]],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["function", () => "x"],
    ["symbol", Symbol("x")],
  ];

  it.each(unsafe)("%s is rejected before any request", async (_name, value) => {
    for (const client of [madconnect(), madconnect({ retry: { maxRetries: 3, maxDelayMs: 1 } })]) {
      const call = client.GET("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: value as string } },
      });
      await expect(call).rejects.toThrow(RequestRejectedError);
      await expect(
        client.unwrap(
          client.DELETE("/es/v2/connections/{connection_id}", {
            params: { path: { connection_id: value as string } },
          }),
        ),
      ).rejects.toBeInstanceOf(RequestRejectedError);
    }
    const call = vpcep().GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
      params: { path: { project_id: "p", vpc_endpoint_service_id: value as string } },
    });
    await expect(call).rejects.toThrow(RequestRejectedError);
    expect(server.requests).toHaveLength(0);
  });

  it("a missing path parameter is rejected before any request", async () => {
    const client = madconnect();
    const untyped = client.GET as (path: string, init?: object) => Promise<unknown>;
    await expect(untyped("/es/v2/connections/{connection_id}", { params: { path: {} } })).rejects.toThrow(
      RequestRejectedError,
    );
    await expect(untyped("/es/v2/connections/{connection_id}", { params: {} })).rejects.toThrow(RequestRejectedError);
    await expect(untyped("/es/v2/connections/{connection_id}")).rejects.toThrow(RequestRejectedError);
    await expect(
      untyped("/es/v2/connections/{connection_id}/status/{status}", { params: { path: { connection_id: "c" } } }),
    ).rejects.toThrow(/"status" is missing/);
    expect(server.requests).toHaveLength(0);
  });

  it("paginate checks path parameters too", async () => {
    const pages = vpc()
      .paginate("/v1/{project_id}/subnets", { params: { path: { project_id: ".." } } })
      .toArray();
    await expect(pages).rejects.toThrow(RequestRejectedError);
    expect(server.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Credentials go only to the configured origin
// ---------------------------------------------------------------------------------------------

describe("origin pinning", () => {
  it("a per-call baseUrl to another origin is refused before anything is sent", async () => {
    const calls = [
      vpcep().GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        baseUrl: other.url,
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
      }),
      vpc({ retry: { maxRetries: 3, maxDelayMs: 1 } }).DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        baseUrl: other.url,
        params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
      }),
      confluent().GET("/networking/v1/private-link-attachment-connections", {
        baseUrl: `${other.url}/networking`,
        params: { query: { environment: "e" } },
      }),
    ];
    for (const call of calls) {
      await expect(call).rejects.toThrow(RequestRejectedError);
      await expect(call).rejects.toThrow(/sends credentials only to/);
    }
    const mad = madconnect();
    await expect(
      mad.unwrap(
        mad.POST("/es/v2/connections", { baseUrl: other.url, body: { srcConnectorId: "a", destConnectorId: "b" } }),
      ),
    ).rejects.toThrow(RequestRejectedError);
    // same host, other port or scheme: other origins too
    const port = new URL(server.url).port;
    await expect(mad.GET("/es/v2/connections", { baseUrl: `http://localhost:${port}` })).rejects.toThrow(
      RequestRejectedError,
    );
    // a URL that starts with the origin's text but names another host (the origin's text is userinfo there)
    await expect(mad.GET("/es/v2/connections", { baseUrl: `${server.url}@evil.test` })).rejects.toThrow(
      RequestRejectedError,
    );
    expect(other.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it("a per-call baseUrl on the same origin is allowed", async () => {
    const { response } = await madconnect().GET("/es/v2/connections", { baseUrl: `${server.url}/prefix` });
    expect(response.status).toBe(200);
    expect(only().url).toBe("/prefix/es/v2/connections");
  });

  it("a redirect to another origin is not followed: the result is the 3xx response", async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      server.requests.length = 0;
      handle = (_req, res) => {
        res.writeHead(status, { location: `${other.url}/steal`, "content-type": "text/plain" });
        res.end("moved");
      };
      const client = vpc();
      const { data, error, response } = await client.GET("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get("location")).toBe(`${other.url}/steal`);
      expect(data).toBeUndefined();
      expect(error).toBe("moved");
      expect(server.requests).toHaveLength(1);
      await expect(
        client.unwrap(client.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } })),
      ).rejects.toMatchObject({ name: "ApiError", status });
    }
    expect(other.requests).toHaveLength(0);
  });

  it("a same-origin redirect of a GET is followed, with credentials", async () => {
    handle = (req, res) => {
      if (req.url.startsWith("/v1/p/subnets")) {
        res.writeHead(302, { location: "/moved/subnets?limit=1" });
        res.end();
        return;
      }
      sendJson(res, 200, { subnets: [] });
    };
    const { data, response } = await vpc().GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ subnets: [] });
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/p/subnets", "/moved/subnets?limit=1"]);
    expect(server.requests.map((r) => r.headers["x-auth-token"])).toEqual([TOKEN, TOKEN]);
  });

  it("redirect loops stop, and non-GET requests are not redirected", async () => {
    handle = (_req, res) => {
      res.writeHead(307, { location: "/loop" });
      res.end();
    };
    const { response } = await vpc().GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expect(response.status).toBe(307);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.length).toBeLessThanOrEqual(10);

    server.requests.length = 0;
    const put = await madconnect().PUT("/es/v2/connections/{connection_id}", {
      params: { path: { connection_id: "c" } },
      body: { name: "x" },
    });
    expect(put.response.status).toBe(307);
    expect(only().method).toBe("PUT");
  });
});

// ---------------------------------------------------------------------------------------------
// int64-exact JSON
// ---------------------------------------------------------------------------------------------

describe("int64", () => {
  it("parseJson keeps integers above 2^53 exact as bigint and leaves everything else as JSON.parse would", () => {
    expect(parseJson('{"a":9007199254740993}')).toEqual({ a: 9007199254740993n });
    expect(parseJson('{"a":-9223372036854775808}')).toEqual({ a: -9223372036854775808n });
    expect(parseJson("[18446744073709551615, 1]")).toEqual([18446744073709551615n, 1]);
    expect(parseJson('{"a":9007199254740991}')).toEqual({ a: 9007199254740991 });
    expect(parseJson('{"a":1234567890123456}')).toEqual({ a: 1234567890123456 });
    expect(parseJson('{"a":16777513,"b":0,"c":-1}')).toEqual({ a: 16777513, b: 0, c: -1 });
    for (const text of [
      '{"s":"9007199254740993"}',
      '{"s":"x \\" 9007199254740993"}',
      '{"9007199254740993":1}',
      '{"f":90071992547409930.5}',
      '{"f":1.9007199254740993}',
      '{"e":9007199254740993e2}',
      '{"e":1e9007199254740993}',
      // looks like a value inside a string: the fast path must not take it
      '{"s":"a:9007199254740993,b","n":1}',
      '{"s":"[9007199254740993]"}',
    ])
      expect(parseJson(text), text).toEqual(JSON.parse(text));
    // both at once: the string stays a string, the value becomes a bigint
    expect(parseJson('{"s":"x,9007199254740993}","v":9007199254740993}')).toEqual({
      s: "x,9007199254740993}",
      v: 9007199254740993n,
    });
    expect(parseJson("9007199254740993")).toBe(9007199254740993n);
    expect(parseJson('[{"a":[1,{"b":-9007199254740993}]},9007199254740995]')).toEqual([
      { a: [1, { b: -9007199254740993n }] },
      9007199254740995n,
    ]);
    expect(() => parseJson('{"a":9007199254740993')).toThrow(SyntaxError);
  });

  it("stringifyJson writes bigint as a JSON integer, and round-trips", () => {
    expect(stringifyJson({ a: 9007199254740993n, b: 1, c: "9007199254740993" })).toBe(
      '{"a":9007199254740993,"b":1,"c":"9007199254740993"}',
    );
    expect(stringifyJson([-1n, 0n])).toBe("[-1,0]");
    const text = '{"marker_id":12345678901234567890,"small":42,"list":[9007199254740993]}';
    expect(stringifyJson(parseJson(text))).toBe(text);
  });

  it("marker_id above 2^53 survives a server round trip", async () => {
    handle = (req, res) => {
      if (req.method === "GET")
        return sendJson(res, 200, '{"connections":[{"id":"c","marker_id":12345678901234567891}],"total_count":1}');
      // MadConnect's create answer as the page documents it
      sendJson(res, 200, '{"statusCode":0,"statusMessage":"ok","response":{}}');
    };
    const otc = vpcep();
    const list = await otc.unwrap(
      otc.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
        params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } },
      }),
    );
    const marker = list.connections[0]!.marker_id!;
    expect(marker).toBe(12345678901234567891n);
    // the value goes back as the query's decimal string...
    await otc.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
      params: { path: { project_id: "p", vpc_endpoint_service_id: "s" }, query: { marker_id: String(marker) } },
    });
    expect(server.requests[1]!.url).toContain("marker_id=12345678901234567891");
    // ...and as a JSON integer in free-form data of a body (the page documents srcConnectionConfig
    // only in the create and update bodies: "Different for each connector")
    const mad = madconnect();
    await mad.unwrap(
      mad.POST("/es/v2/connections", {
        body: { srcConnectorId: "a", destConnectorId: "b", srcConnectionConfig: { marker, small: 7 } },
      }),
    );
    const sent = server.requests[2]!.body.toString("utf8");
    expect(sent).toContain('"marker":12345678901234567891,"small":7');
    expect(parseJson(sent)).toEqual({
      srcConnectorId: "a",
      destConnectorId: "b",
      srcConnectionConfig: { marker: 12345678901234567891n, small: 7 },
    });
  });
});
