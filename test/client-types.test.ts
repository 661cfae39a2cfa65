// Type tests: each client accepts only its own API's paths, methods, parameters, bodies and enum
// values; item, data and option types are pinned. `tsc --noEmit` (run by `npm test`) checks every
// `@ts-expect-error` below; vitest runs the file too, but the calls sit in functions it never
// invokes, so nothing is sent.
import { describe, expectTypeOf, it } from "vitest";
import { ApiError, RateLimitError, type CommonOptions, type Paginated, type RetryOptions } from "../src/index.js";
import {
  createConfluentClient,
  type ConfluentAuth,
  type ConfluentClient,
  type ConfluentClientOptions,
  type ConfluentComponents,
  type ConfluentOperations,
} from "../src/confluent/index.js";
import {
  createMadConnectClient,
  type MadConnectClient,
  type MadConnectClientOptions,
  type MadConnectComponents,
} from "../src/madconnect/index.js";
import {
  createVpcClient,
  createVpcepClient,
  type OtcAuth,
  type OtcClientOptions,
  type OtcRegion,
  type VpcClient,
  type VpcComponents,
  type VpcepClient,
  type VpcepComponents,
} from "../src/otc/index.js";

type Subnet = VpcComponents["schemas"]["Subnet"];
type Connection = VpcepComponents["schemas"]["Connection"];
type MadConnection = MadConnectComponents["schemas"]["Connection"];
type ConfluentList =
  ConfluentOperations["listNetworkingV1PrivateLinkAttachmentConnections"]["responses"][200]["content"]["application/json"];
type ConfluentItem = ConfluentList["data"][number];

const base = "https://example.invalid";
const vpcep = createVpcepClient({ auth: { token: "t" } });
const vpc = createVpcClient({ auth: { accessKey: "ak", secretKey: "sk" }, region: "eu-nl" });
const confluent = createConfluentClient({ auth: { apiKey: "k", apiSecret: "s" } });
const mad = createMadConnectClient({ baseUrl: base, auth: { token: "t" }, accountId: "a" });

/** Type-checked, never run. */
const typeOnly = (_check: () => unknown) => undefined;

const connectionsPath = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections" as const;
const connectionsInit = { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } };

describe("client types", () => {
  it("factories return their API's client", () => {
    expectTypeOf(vpcep).toEqualTypeOf<VpcepClient>();
    expectTypeOf(vpc).toEqualTypeOf<VpcClient>();
    expectTypeOf(confluent).toEqualTypeOf<ConfluentClient>();
    expectTypeOf(mad).toEqualTypeOf<MadConnectClient>();
    expectTypeOf(vpc.baseUrl).toEqualTypeOf<string>();
  });

  it("only the API's own paths and methods", () => {
    typeOnly(() => {
      vpcep.GET(connectionsPath, connectionsInit);
      vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      confluent.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
      mad.GET("/es/v2/connections");

      // @ts-expect-error a VPC path on the VPC Endpoint client
      vpcep.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      // @ts-expect-error a VPC Endpoint path on the VPC client
      vpc.GET(connectionsPath, connectionsInit);
      // @ts-expect-error a MadConnect path on the Confluent client
      confluent.GET("/es/v2/connections");
      // @ts-expect-error a Confluent path on the MadConnect client
      mad.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
      // @ts-expect-error a path no API has
      mad.GET("/es/v2/connectors");
      // @ts-expect-error a path with a trailing slash is another path
      mad.GET("/es/v2/connections/");

      // @ts-expect-error the subnets list has no DELETE
      vpc.DELETE("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      // @ts-expect-error a subnet is updated under its VPC's path, not this one
      vpc.PUT("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id: "p", subnet_id: "s" } } });
      // @ts-expect-error the connections list has no DELETE
      vpcep.DELETE(connectionsPath, connectionsInit);
      // @ts-expect-error Confluent's list has no PUT
      confluent.PUT("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } });
      // @ts-expect-error a connection has no POST
      mad.POST("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
      // @ts-expect-error the status path has PUT only
      mad.GET("/es/v2/connections/{connection_id}/status/{status}", {
        params: { path: { connection_id: "c", status: "enable" } },
      });
      // @ts-expect-error MadConnect has no PATCH
      mad.PATCH("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
    });
  });

  it("only the operation's own parameters, with their types", () => {
    typeOnly(() => {
      // @ts-expect-error path parameters are required
      vpc.GET("/v1/{project_id}/subnets");
      // @ts-expect-error path parameters are required
      vpc.GET("/v1/{project_id}/subnets", { params: { path: {} } });
      // @ts-expect-error one of two path parameters is missing
      vpcep.GET(connectionsPath, { params: { path: { project_id: "p" } } });
      // @ts-expect-error a path parameter the path does not have
      vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p", subnet_id: "s" } } });
      // @ts-expect-error a path parameter must be a string
      mad.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: { id: "c" } } } });

      vpc.GET("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" }, query: { limit: 10, marker: "m", vpc_id: "v" } },
      });
      // @ts-expect-error a query parameter the operation does not have
      vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { offset: 1 } } });
      // @ts-expect-error limit is a number
      vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { limit: "10" } } });
      // @ts-expect-error marker_id is a string in the query (the page types it so)
      vpcep.GET(connectionsPath, { params: { ...connectionsInit.params, query: { marker_id: 1 } } });
      // @ts-expect-error Confluent's environment is required
      confluent.GET("/networking/v1/private-link-attachment-connections");
      // @ts-expect-error Confluent's environment is required
      confluent.GET("/networking/v1/private-link-attachment-connections", { params: { query: { page_size: 5 } } });
      // @ts-expect-error a query parameter of another operation
      mad.DELETE("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" }, query: { q: "x" } } });
    });
  });

  it("only the API's enum values", () => {
    typeOnly(() => {
      vpcep.GET(connectionsPath, {
        params: {
          ...connectionsInit.params,
          query: { status: "pendingAcceptance", sort_key: "created_at", sort_dir: "desc" },
        },
      });
      // @ts-expect-error "deleting" is a connection status, but not a filter the query takes
      vpcep.GET(connectionsPath, { params: { ...connectionsInit.params, query: { status: "deleting" } } });
      // @ts-expect-error sort_dir is asc or desc
      vpcep.GET(connectionsPath, { params: { ...connectionsInit.params, query: { sort_dir: "up" } } });
      // @ts-expect-error sort_key is created_at or updated_at
      vpcep.GET(connectionsPath, { params: { ...connectionsInit.params, query: { sort_key: "id" } } });

      mad.GET("/es/v2/connections", { params: { query: { status: "" } } });
      mad.GET("/es/v2/connections", { params: { query: { status: "In-progress" } } });
      // @ts-expect-error not a status filter
      mad.GET("/es/v2/connections", { params: { query: { status: "paused" } } });
      mad.PUT("/es/v2/connections/{connection_id}/status/{status}", {
        params: { path: { connection_id: "c", status: "activate" } },
      });
      mad.PUT("/es/v2/connections/{connection_id}/status/{status}", {
        // @ts-expect-error the status action is activate, enable or disable
        params: { path: { connection_id: "c", status: "active" } },
      });
    });
  });

  it("only the operation's own body fields", () => {
    typeOnly(() => {
      const subnet = { name: "s", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", ipv6_enable: false, dhcp_enable: true };
      vpc.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        body: { subnet: { ...subnet, vpc_id: "v", extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "1.2.3.4" }] } },
      });
      // @ts-expect-error vpc_id is required to create a subnet
      vpc.POST("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, body: { subnet } });
      // Fields the page gives a default (ipv6_enable, dhcp_enable) may be left out.
      vpc.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        body: { subnet: { name: "s", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v" } },
      });
      vpc.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        // @ts-expect-error a nested field the body does not have
        body: { subnet: { ...subnet, vpc_id: "v", tenant_id: "t" } },
      });
      vpc.POST("/v1/{project_id}/subnets", {
        params: { path: { project_id: "p" } },
        // @ts-expect-error a field that an array item of the body does not have
        body: { subnet: { ...subnet, vpc_id: "v", extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "x", ttl: 1 }] } },
      });
      vpc.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
        body: { subnet: { name: "n", dhcp_enable: true } },
      });
      vpc.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
        body: { subnet: { name: "n" } },
      });
      vpc.PUT("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
        // @ts-expect-error the CIDR of a subnet cannot be updated
        body: { subnet: { name: "n", dhcp_enable: true, cidr: "10.0.0.0/16" } },
      });

      const action = { params: connectionsInit.params };
      vpcep.POST(`${connectionsPath}/action`, { ...action, body: { action: "receive", endpoints: ["e"] } });
      // @ts-expect-error the action is receive or reject
      vpcep.POST(`${connectionsPath}/action`, { ...action, body: { action: "accept", endpoints: ["e"] } });
      // @ts-expect-error endpoints are IDs
      vpcep.POST(`${connectionsPath}/action`, { ...action, body: { action: "reject", endpoints: [1] } });

      const refs = { environment: { id: "env" }, private_link_attachment: { id: "platt" } };
      confluent.POST("/networking/v1/private-link-attachment-connections", {
        body: { spec: { ...refs, cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce" } } },
      });
      const azureField = { kind: "AwsPrivateLinkAttachmentConnection", private_endpoint_resource_id: "x" } as const;
      confluent.POST("/networking/v1/private-link-attachment-connections", {
        // @ts-expect-error an AWS connection names a VPC endpoint, not an Azure private endpoint
        body: { spec: { ...refs, cloud: azureField } },
      });
      confluent.POST("/networking/v1/private-link-attachment-connections", {
        // @ts-expect-error not a cloud kind
        body: { spec: { ...refs, cloud: { kind: "OtcPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce" } } },
      });
      confluent.PATCH("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "c" } },
        body: { spec: { display_name: "new", environment: { id: "env" } } },
      });
      confluent.PATCH("/networking/v1/private-link-attachment-connections/{id}", {
        params: { path: { id: "c" } },
        body: {
          spec: {
            environment: { id: "env" },
            // @ts-expect-error the cloud of a connection cannot be changed
            cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "v" },
          },
        },
      });
      // @ts-expect-error get needs the environment
      confluent.GET("/networking/v1/private-link-attachment-connections/{id}", { params: { path: { id: "c" } } });

      mad.POST("/es/v2/connections", {
        body: {
          srcConnectorId: "s",
          destConnectorId: "d",
          name: "n",
          srcConfigurationId: null,
          srcConnectionConfig: { bucketURI: "s3://b" },
        },
      });
      // @ts-expect-error create needs a body
      mad.POST("/es/v2/connections");
      // @ts-expect-error srcConnectorId and destConnectorId are required
      mad.POST("/es/v2/connections", { body: { name: "n" } });
      // @ts-expect-error a field the body does not have
      mad.POST("/es/v2/connections", { body: { srcConnectorId: "s", destConnectorId: "d", status: "active" } });
      // @ts-expect-error name is a string
      mad.POST("/es/v2/connections", { body: { srcConnectorId: "s", destConnectorId: "d", name: 1 } });

      mad.PUT("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } }, body: { name: "n" } });
      mad.PUT("/es/v2/connections/{connection_id}", {
        params: { path: { connection_id: "c" } },
        // @ts-expect-error the connectors of a connection cannot be changed
        body: { srcConnectorId: "s" },
      });
    });
  });

  it("data, error and unwrap types", () => {
    typeOnly(async () => {
      const subnets = await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      expectTypeOf(subnets.data).toEqualTypeOf<VpcComponents["schemas"]["ListSubnetsResponse"] | undefined>();
      expectTypeOf(subnets.error).toEqualTypeOf<VpcComponents["schemas"]["ErrorResponse"] | undefined>();
      expectTypeOf(subnets.response).toEqualTypeOf<Response>();
      if (subnets.data) {
        expectTypeOf(subnets.error).toEqualTypeOf<undefined>();
        expectTypeOf(subnets.data.subnets[0]!.cidr).toEqualTypeOf<string>();
      }

      const list = await vpc.unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } }));
      expectTypeOf(list).toEqualTypeOf<VpcComponents["schemas"]["ListSubnetsResponse"]>();
      expectTypeOf(list.subnets).toEqualTypeOf<Subnet[]>();

      const connections = await vpcep.unwrap(vpcep.GET(connectionsPath, connectionsInit));
      expectTypeOf(connections.connections).toEqualTypeOf<Connection[]>();
      expectTypeOf(connections.total_count).toEqualTypeOf<number>();
      expectTypeOf(connections.connections[0]!.marker_id).toEqualTypeOf<number | bigint | undefined>();

      const page = await confluent.unwrap(
        confluent.GET("/networking/v1/private-link-attachment-connections", {
          params: { query: { environment: "e" } },
        }),
      );
      expectTypeOf(page).toEqualTypeOf<ConfluentList>();

      const created = await mad.unwrap(
        mad.POST("/es/v2/connections", { body: { srcConnectorId: "s", destConnectorId: "d" } }),
      );
      expectTypeOf(created).branded.toEqualTypeOf<MadConnectComponents["schemas"]["CreateConnectionResponse"]>();
      const got = await mad.unwrap(
        mad.GET("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } }),
      );
      expectTypeOf(got.response).toEqualTypeOf<MadConnection | undefined>();
      expectTypeOf(got.statusCode).toEqualTypeOf<number>();

      // An operation that answers 204 without a body: unwrap resolves to undefined (not `never`).
      const removed = await vpc.unwrap(
        vpc.DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
          params: { path: { project_id: "p", vpc_id: "v", subnet_id: "s" } },
        }),
      );
      expectTypeOf(removed).toEqualTypeOf<undefined>();

      // unwrap takes a result or a promise of one
      const raw = await mad.GET("/es/v2/connections");
      expectTypeOf(await mad.unwrap(raw)).branded.toEqualTypeOf<
        MadConnectComponents["schemas"]["ListConnectionsResponse"]
      >();
    });
  });

  it("item types", () => {
    expectTypeOf<Subnet["cidr"]>().toEqualTypeOf<string>();
    expectTypeOf<Connection["marker_id"]>().toEqualTypeOf<number | bigint | undefined>();
    expectTypeOf<Connection["status"]>().toEqualTypeOf<
      "pendingAcceptance" | "creating" | "accepted" | "rejected" | "failed" | "deleting" | undefined
    >();
    expectTypeOf<ConfluentItem["id"]>().toEqualTypeOf<string>();
    expectTypeOf<ConfluentItem["spec"]["cloud"]["kind"]>().toEqualTypeOf<
      | "AwsPrivateLinkAttachmentConnection"
      | "AzurePrivateLinkAttachmentConnection"
      | "GcpPrivateLinkAttachmentConnection"
    >();
    expectTypeOf<ConfluentItem["status"]["phase"]>().toEqualTypeOf<
      "PROVISIONING" | "READY" | "FAILED" | "DEPROVISIONING" | "DISCONNECTED"
    >();
    expectTypeOf<ConfluentComponents["schemas"]["networking.v1.AwsPrivateLinkAttachmentConnection"]>().toHaveProperty(
      "vpc_endpoint_id",
    );
  });

  it("paginate takes only list paths of its client and infers the item type", () => {
    typeOnly(async () => {
      const subnets = vpc.paginate(
        "/v1/{project_id}/subnets",
        { params: { path: { project_id: "p" } } },
        { pageSize: 10 },
      );
      expectTypeOf(subnets).toEqualTypeOf<Paginated<Subnet, VpcComponents["schemas"]["ListSubnetsResponse"]>>();
      for await (const subnet of subnets) expectTypeOf(subnet.cidr).toEqualTypeOf<string>();
      expectTypeOf(await subnets.toArray()).toEqualTypeOf<Subnet[]>();

      const connections = vpcep.paginate(connectionsPath, connectionsInit, { maxItems: 5, concurrency: 2 });
      for await (const connection of connections) {
        expectTypeOf(connection).toEqualTypeOf<Connection>();
        expectTypeOf(connection.marker_id).toEqualTypeOf<number | bigint | undefined>();
        expectTypeOf(connection.status).toEqualTypeOf<Connection["status"]>();
      }
      for await (const page of connections.pages()) {
        expectTypeOf(page.items).toEqualTypeOf<Connection[]>();
        expectTypeOf(page.total).toEqualTypeOf<number | undefined>();
      }

      const items = await confluent
        .paginate("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e" } } })
        .toArray();
      expectTypeOf(items).toEqualTypeOf<ConfluentItem[]>();
      expectTypeOf(items[0]!.id).toEqualTypeOf<string>();
      expectTypeOf(items[0]!.spec).toEqualTypeOf<ConfluentItem["spec"]>();
      expectTypeOf(items[0]!.status.phase).toEqualTypeOf<ConfluentItem["status"]["phase"]>();

      const madItems = await mad.paginate("/es/v2/connections").toArray();
      expectTypeOf(madItems).toEqualTypeOf<MadConnection[]>();
      mad.paginate("/es/v2/connections", { params: { query: { status: "active", q: "x" } } }, { pageSize: 50 });

      // @ts-expect-error not a list operation
      mad.paginate("/es/v2/connections/{connection_id}", { params: { path: { connection_id: "c" } } });
      // @ts-expect-error a list of another client
      vpc.paginate(connectionsPath, connectionsInit);
      // @ts-expect-error a list of another client
      vpcep.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
      // @ts-expect-error a list of another vendor
      confluent.paginate("/es/v2/connections");
      // @ts-expect-error required path parameters
      vpc.paginate("/v1/{project_id}/subnets");
      // @ts-expect-error required query parameter
      confluent.paginate("/networking/v1/private-link-attachment-connections");
      // @ts-expect-error the list's own query types
      mad.paginate("/es/v2/connections", { params: { query: { status: "paused" } } });
      // @ts-expect-error options are typed
      mad.paginate("/es/v2/connections", {}, { pageSize: "10" });
    });
  });

  it("common options on every factory", () => {
    const common = {
      baseUrl: base,
      retry: { maxRetries: 3, maxDelayMs: 1_000 },
      timeoutMs: 5_000,
      fetch: globalThis.fetch,
      headers: { "X-Trace": "1" },
      userAgent: "app/1",
      allowInsecureHttp: false,
    } satisfies CommonOptions;
    typeOnly(() => {
      createVpcepClient({ ...common, auth: { token: "t" } });
      createVpcClient({ ...common, auth: { accessKey: "a", secretKey: "s", securityToken: "x" }, retry: false });
      createConfluentClient({ ...common, auth: { token: "t" } });
      createMadConnectClient({ ...common, auth: { token: "t" }, accountId: "a" });

      // @ts-expect-error auth is required
      createVpcClient({});
      // @ts-expect-error an OTC auth is a token or an access key pair
      createVpcClient({ auth: { apiKey: "k", apiSecret: "s" } });
      // @ts-expect-error an access key needs its secret
      createVpcepClient({ auth: { accessKey: "a" } });
      // @ts-expect-error Confluent takes an API key and secret or a token
      createConfluentClient({ auth: { accessKey: "a", secretKey: "s" } });
      // @ts-expect-error MadConnect documents no host: baseUrl is required
      createMadConnectClient({ auth: { token: "t" } });
      // @ts-expect-error retry is options or false
      createVpcClient({ auth: { token: "t" }, retry: true });
      // @ts-expect-error timeoutMs is a number
      createConfluentClient({ auth: { token: "t" }, timeoutMs: "5s" });
      // @ts-expect-error headers are strings
      createMadConnectClient({ baseUrl: base, auth: { token: "t" }, headers: { "X-N": 1 } });
      // @ts-expect-error accountId is MadConnect's only
      createConfluentClient({ auth: { token: "t" }, accountId: "a" });
    });
    expectTypeOf<OtcClientOptions>().toMatchTypeOf<CommonOptions>();
    expectTypeOf<ConfluentClientOptions>().toMatchTypeOf<CommonOptions>();
    expectTypeOf<MadConnectClientOptions>().toMatchTypeOf<CommonOptions>();
    expectTypeOf<CommonOptions["retry"]>().toEqualTypeOf<RetryOptions | false | undefined>();
    expectTypeOf<OtcAuth>().toEqualTypeOf<
      { token: string } | { accessKey: string; secretKey: string; securityToken?: string }
    >();
    expectTypeOf<ConfluentAuth>().toEqualTypeOf<{ apiKey: string; apiSecret: string } | { token: string }>();
    // The specs' regions are the type's own (an editor suggests them); any string still compiles.
    expectTypeOf<OtcRegion>().toEqualTypeOf<"eu-de" | "eu-nl" | "eu-ch2">();
    expectTypeOf<"eu-nl">().toMatchTypeOf<NonNullable<OtcClientOptions["region"]>>();
    expectTypeOf<string | undefined>().toMatchTypeOf<OtcClientOptions["region"]>();
  });

  it("error types", () => {
    expectTypeOf<RateLimitError>().toMatchTypeOf<ApiError>();
    expectTypeOf<ApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<ApiError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError["vendor"]>().toEqualTypeOf<"otc" | "confluent" | "madconnect">();
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
  });
});
