// What a consuming repository writes: every entry point, typed calls, pagination, errors, the
// emulator for its own tests and the merged spec. Compiled with moduleResolution "bundler", "node16"
// and "nodenext", then run.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ApiError, PaginationError, RateLimitError, TimeoutError } from "connectivity-clients";
import { createConfluentClient } from "connectivity-clients/confluent";
import { EMULATOR_CREDENTIALS, startEmulator } from "connectivity-clients/emulator";
import { createMadConnectClient } from "connectivity-clients/madconnect";
import { createVpcClient, createVpcepClient, type VpcepErrorCode } from "connectivity-clients/otc";
import { vpcepErrorCodes, type VpcepErrorCode as TableCode } from "connectivity-clients/otc/error-codes";

// The client entry types error codes; the table of what they mean is an entry of its own, with the same codes.
const documented: VpcepErrorCode = "EndPoint.0002";
const sameCodes: TableCode = documented;

// The merged OpenAPI description the package ships, resolved as the README shows.
const spec = readFileSync(fileURLToPath(import.meta.resolve("connectivity-clients/openapi.yaml")), "utf8");

const unset = (name: string): string | undefined => process.env[`CONSUMER_UNSET_${name}`];
const emu = await startEmulator({
  port: 0,
  host: unset("HOST"),
  maxCreated: undefined,
  seed: 7,
  counts: { vpcepConnections: 30, subnets: 45, confluentConnections: 25, madconnectConnections: 12 },
});
try {
  const otcAuth = { token: EMULATOR_CREDENTIALS.otc.token };
  const vpcep = createVpcepClient({ baseUrl: emu.url, auth: otcAuth });
  const { data } = await vpcep.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
    params: {
      path: { project_id: "p1", vpc_endpoint_service_id: emu.ids.vpcepServiceId },
      query: { status: "accepted", limit: 5 },
    },
    signal: undefined,
    headers: undefined,
  });
  const statuses: (string | undefined)[] = (data?.connections ?? []).map((c) => c.status);

  // Values that may be missing, passed as they are (compiled with exactOptionalPropertyTypes too).
  const maybe = unset;
  emu.setFaults({ api: "otc-vpc", times: undefined, latencyMs: undefined });
  emu.clearFaults();
  const subnets = createVpcClient({
    baseUrl: emu.url,
    region: maybe("REGION"),
    timeoutMs: undefined,
    retry: { maxRetries: undefined },
    auth: {
      accessKey: EMULATOR_CREDENTIALS.otc.accessKey,
      secretKey: EMULATOR_CREDENTIALS.otc.secretKey,
      securityToken: maybe("TOKEN"),
    },
  });
  // An operation that answers 204 (no content), unwrapped: typed, not sent (the listing below counts every subnet).
  const deleteSubnet = (subnet_id: string): Promise<undefined> =>
    subnets.unwrap(
      subnets.DELETE("/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}", {
        params: { path: { project_id: "p1", vpc_id: "v1", subnet_id } },
      }),
    );
  void deleteSubnet;
  const cidrs: string[] = [];
  for await (const subnet of subnets.paginate(
    "/v1/{project_id}/subnets",
    { params: { path: { project_id: "p1" } } },
    { pageSize: 10, maxItems: undefined, signal: undefined },
  )) {
    cidrs.push(subnet.cidr);
  }

  const confluent = createConfluentClient({
    baseUrl: emu.url,
    auth: { apiKey: EMULATOR_CREDENTIALS.confluent.apiKey, apiSecret: EMULATOR_CREDENTIALS.confluent.apiSecret },
  });
  const phases: string[] = [];
  for await (const page of confluent
    .paginate(
      "/networking/v1/private-link-attachment-connections",
      { params: { query: { environment: emu.ids.confluentEnvironment } } },
      { pageSize: 10 },
    )
    .pages()) {
    for (const item of page.items) phases.push(item.status.phase);
  }

  const mad = createMadConnectClient({
    baseUrl: emu.url,
    auth: { token: EMULATOR_CREDENTIALS.madconnect.token },
    accountId: EMULATOR_CREDENTIALS.madconnect.accountId,
  });
  const madAll = await mad.paginate("/es/v2/connections", {}, { pageSize: 5 }).toArray();

  let code: string | undefined;
  try {
    const unauthorized = createVpcClient({ baseUrl: emu.url, auth: { token: "wrong" }, retry: false });
    await unauthorized.unwrap(unauthorized.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p1" } } }));
  } catch (error) {
    if (error instanceof RateLimitError || error instanceof TimeoutError || error instanceof PaginationError)
      throw error;
    if (error instanceof ApiError) code = `${error.status}`;
  }
  console.log(
    JSON.stringify({
      statuses: statuses.length,
      subnets: cidrs.length,
      confluent: phases.length,
      madconnect: madAll.length,
      unauthorized: code,
      documentedStatus: vpcepErrorCodes[sameCodes].status,
      specVersion: /^openapi: (.+)$/m.exec(spec)?.[1],
    }),
  );
} finally {
  await emu.close();
}
