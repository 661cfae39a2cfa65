// What a consuming library writes, built with `declaration: true`: exports whose types are inferred
// from the clients' methods and the emulator. Each inferred type must be nameable in the emitted
// .d.ts through an entry point this file imports (else TS2742 "cannot be named without a reference
// to …/dist/src/core/paginate.js"). Compiled, never run.
import { createConfluentClient } from "connectivity-clients/confluent";
import { startEmulator } from "connectivity-clients/emulator";
import { createMadConnectClient } from "connectivity-clients/madconnect";
import { createVpcClient, createVpcepClient } from "connectivity-clients/otc";

export const clients = (token: string) => ({
  vpc: createVpcClient({ region: "eu-de", auth: { token } }),
  vpcep: createVpcepClient({ auth: { token } }),
  confluent: createConfluentClient({ auth: { token } }),
  madconnect: createMadConnectClient({ baseUrl: "http://127.0.0.1:8080", auth: { token } }),
});
type Clients = ReturnType<typeof clients>;

// paginate: the Paginated object, its pages and its array.
export const subnets = ({ vpc }: Clients, project_id: string) =>
  vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id } } });
export const subnetPages = (c: Clients, project_id: string) => subnets(c, project_id).pages();
export const firstSubnetPage = async (c: Clients, project_id: string) => {
  for await (const page of subnetPages(c, project_id)) return page;
  return undefined;
};
export const allSubnets = (c: Clients, project_id: string) => subnets(c, project_id).toArray();
export const confluentConnections = ({ confluent }: Clients, environment: string) =>
  confluent.paginate("/networking/v1/private-link-attachment-connections", { params: { query: { environment } } });
export const madConnections = ({ madconnect }: Clients) => madconnect.paginate("/es/v2/connections", {});

// unwrap and the raw results (openapi-fetch's FetchResponse), parsed and as text; a middleware.
export const subnet = ({ vpc }: Clients, project_id: string, subnet_id: string) =>
  vpc.unwrap(vpc.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id, subnet_id } } }));
export const rawSubnet = ({ vpc }: Clients, project_id: string, subnet_id: string) =>
  vpc.GET("/v1/{project_id}/subnets/{subnet_id}", { params: { path: { project_id, subnet_id } } });
export const rawConnections = ({ confluent }: Clients, environment: string) =>
  confluent.request("get", "/networking/v1/private-link-attachment-connections", {
    params: { query: { environment } },
  });
export const subnetsText = ({ vpc }: Clients, project_id: string) =>
  vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id } }, parseAs: "text" });
export const middlewareOf = ({ vpc }: Clients) => vpc.use;

// isApiError's narrowing: the typed error, its code, vendor and drift findings.
export const vpcError = ({ vpc }: Clients, error: unknown) => (vpc.isApiError(error) ? error : undefined);
export const vpcepError = ({ vpcep }: Clients, error: unknown) => (vpcep.isApiError(error) ? error : undefined);
export const vpcepCode = ({ vpcep }: Clients, error: unknown) => (vpcep.isApiError(error) ? error.code : undefined);
export const confluentError = ({ confluent }: Clients, error: unknown) =>
  confluent.isApiError(error) ? error : undefined;
export const madConnectError = ({ madconnect }: Clients, error: unknown) =>
  madconnect.isApiError(error) ? error : undefined;
export const vendorOf = ({ vpc }: Clients, error: unknown) => (vpc.isApiError(error) ? error.vendor : undefined);
export const driftOf = ({ vpc }: Clients, error: unknown) => (vpc.isApiError(error) ? error.drift : undefined);
export const driftKind = ({ vpc }: Clients, error: unknown) =>
  vpc.isApiError(error) ? error.drift?.[0]?.kind : undefined;

// The emulator: its handle, dataset rows, faults and request log.
export const emulator = () => startEmulator({ port: 0 });
export const emulatorRows = async () => {
  const emu = await startEmulator({ port: 0 });
  const { otc, confluent, madconnect } = emu.state;
  return {
    ids: emu.ids,
    credentials: emu.credentials,
    connection: otc.vpcep.services[0]?.connections[0],
    connectionStatus: otc.vpcep.services[0]?.connections[0]?.status,
    subnet: otc.vpc.subnets[0],
    phase: confluent.connections[0]?.status.phase,
    madConnectStatus: madconnect.connections[0]?.status,
    madConnectSource: madconnect.connections[0]?.src,
    fault: emu.faults[0],
    request: emu.requests[0],
  };
};
