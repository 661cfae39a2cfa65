// Compile-time contract of `client.paginate` (checked by `tsc --noEmit`; at run time these only
// build the lazy iterables, which send nothing until iterated).
import { describe, expect, expectTypeOf, it } from "vitest";
import { createConfluentClient } from "../src/confluent/index.js";
import type { Page, Paginated } from "../src/core/paginate.js";
import { createMadConnectClient, type MadConnectComponents } from "../src/madconnect/index.js";
import { createVpcClient, createVpcepClient, type VpcComponents, type VpcepComponents } from "../src/otc/index.js";

const base = "http://127.0.0.1:9"; // nothing is ever sent
/** Type-checked, never run (paginate refuses a path that is not a list at run time too). */
const typeOnly = (_body: () => void) => {};
const vpcep = createVpcepClient({ baseUrl: base, auth: { token: "t" } });
const vpc = createVpcClient({ baseUrl: base, auth: { token: "t" } });
const confluent = createConfluentClient({ baseUrl: base, auth: { token: "t" } });
const madconnect = createMadConnectClient({ baseUrl: base, auth: { token: "t" } });

const CONNECTIONS = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
const vpcepInit = { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } };

describe("paginate accepts only the list operations of its client's API", () => {
  it("rejects other paths of the same API and paths of other APIs", () => {
    typeOnly(() => {
      // @ts-expect-error -- a single connection, not a list
      madconnect.paginate("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
      // @ts-expect-error -- a PUT-only path
      madconnect.paginate("/es/v2/connections/{connection_id}/status/{status}");
      // @ts-expect-error -- the OTC VPC list is not an operation of the VPC Endpoint client
      vpcep.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      // @ts-expect-error -- a MadConnect path on the Confluent client
      confluent.paginate("/es/v2/connections");
      // @ts-expect-error -- one subnet, not a list
      vpc.paginate("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: "s" } } });
      // @ts-expect-error -- one private link attachment connection, not a list
      confluent.paginate("/networking/v1/private-link-attachment-connections/{id}", { params: { path: { id: "x" } } });
      // @ts-expect-error -- a POST-only action
      vpcep.paginate(`${CONNECTIONS}/action`, vpcepInit);
      // @ts-expect-error -- not a path at all
      vpc.paginate("/v1/{project_id}/subnetz", { params: { path: { project_id: "p" } } });
    });
  });

  it("and refuses them at run time too (TypeError, nothing sent)", () => {
    const untyped = madconnect.paginate as (path: string) => unknown;
    expect(() => untyped("/es/v2/connections/{connection_id}")).toThrow(TypeError);
  });
});

describe("init is required exactly when the operation has required parameters", () => {
  it("OTC: project_id (and the service id) are required path parameters", () => {
    // @ts-expect-error -- init is required: project_id is a required path parameter
    vpc.paginate("/v1/{project_id}/subnets");
    // @ts-expect-error -- project_id missing
    vpc.paginate("/v1/{project_id}/subnets", { params: { path: {} } });
    // @ts-expect-error -- vpc_endpoint_service_id missing
    vpcep.paginate(CONNECTIONS, { params: { path: { project_id: "p" } } });
    vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { vpc_id: "v" } } });
    vpcep.paginate(CONNECTIONS, vpcepInit);
  });

  it("Confluent: environment is a required query parameter", () => {
    // @ts-expect-error -- init is required
    confluent.paginate("/networking/v1/private-link-attachment-connections");
    // @ts-expect-error -- environment missing
    confluent.paginate("/networking/v1/private-link-attachment-connections", { params: { query: {} } });
    confluent.paginate("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "e" } },
    });
  });

  it("MadConnect: the list has no required parameter, init may be left out", () => {
    madconnect.paginate("/es/v2/connections");
    madconnect.paginate("/es/v2/connections", undefined, { maxItems: 5 });
    madconnect.paginate("/es/v2/connections", { params: { query: { q: "x", status: "active" } } });
  });

  it("query parameters keep their spec types", () => {
    // @ts-expect-error -- not one of the documented statuses
    vpcep.paginate(CONNECTIONS, { params: { ...vpcepInit.params, query: { status: "sleeping" } } });
    // @ts-expect-error -- limit is a number
    vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { limit: "10" } } });
  });

  it("options are typed", () => {
    madconnect.paginate("/es/v2/connections", {}, { maxItems: 1, pageSize: 2, concurrency: 3, signal: undefined });
    // @ts-expect-error -- unknown option
    madconnect.paginate("/es/v2/connections", {}, { pageSise: 2 });
    // @ts-expect-error -- pageSize is a number
    madconnect.paginate("/es/v2/connections", {}, { pageSize: "2" });
  });
});

describe("the item type is inferred from the spec", () => {
  it("OTC VPC subnets", async () => {
    const subnets = vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
    expectTypeOf(subnets).toEqualTypeOf<
      Paginated<VpcComponents["schemas"]["Subnet"], VpcComponents["schemas"]["ListSubnetsResponse"]>
    >();
    const check = async () => {
      for await (const item of subnets) {
        expectTypeOf(item).toHaveProperty("cidr");
        expectTypeOf(item.cidr).toEqualTypeOf<string>();
        expectTypeOf(item.id).toEqualTypeOf<string>();
      }
    };
    expectTypeOf(check).toBeFunction();
  });

  it("OTC VPC Endpoint connections, with total_count on the page body", () => {
    const connections = vpcep.paginate(CONNECTIONS, vpcepInit);
    expectTypeOf<Awaited<ReturnType<typeof connections.toArray>>>().toEqualTypeOf<
      VpcepComponents["schemas"]["Connection"][]
    >();
    expectTypeOf<Awaited<ReturnType<typeof connections.toArray>>[number]>().toHaveProperty("marker_id");
    type P = typeof connections extends Paginated<infer _I, infer B> ? B : never;
    expectTypeOf<P["total_count"]>().toEqualTypeOf<number>();
  });

  it("MadConnect connections are unwrapped from the envelope", () => {
    const connections = madconnect.paginate("/es/v2/connections");
    type Item = Awaited<ReturnType<typeof connections.toArray>>[number];
    expectTypeOf<Item>().toEqualTypeOf<MadConnectComponents["schemas"]["Connection"]>();
    expectTypeOf<Item>().toHaveProperty("status");
    expectTypeOf<Item>().not.toHaveProperty("statusCode");
  });

  it("Confluent private link attachment connections, and pages()", () => {
    const connections = confluent.paginate("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: "e" } },
    });
    type Item = Awaited<ReturnType<typeof connections.toArray>>[number];
    expectTypeOf<Item>().toHaveProperty("spec");
    expectTypeOf<Item["id"]>().toEqualTypeOf<string>();
    type PageOf = ReturnType<typeof connections.pages> extends AsyncIterableIterator<infer P> ? P : never;
    expectTypeOf<PageOf>().toMatchTypeOf<Page<Item>>();
    expectTypeOf<PageOf["total"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<PageOf["index"]>().toEqualTypeOf<number>();
    expectTypeOf<PageOf["response"]>().toEqualTypeOf<Response>();
    expectTypeOf<PageOf["body"]["metadata"]>().toHaveProperty("next");
  });
});
