// Open Telekom Cloud: VPC Endpoint and VPC clients.
import { createApiClient, type ApiClient, type ClientSetup, type CommonOptions } from "../core/client.js";
import { optionsObject } from "../core/options.js";
import type { CursorsOf, PaginationTable } from "../core/paginate.js";
import { markerCursor } from "../core/paginate/marker.js";
import { offsetTotalCursor } from "../core/paginate/offset-total.js";
import { serverUrl } from "../core/server.js";
import {
  pagination as vpcPagination,
  servers as vpcServers,
  type ErrorCode as VpcErrorCode,
} from "../../generated/otc-vpc.meta.js";
import type { paths as VpcPaths } from "../../generated/otc-vpc.js";
import {
  pagination as vpcepPagination,
  servers as vpcepServers,
  type ErrorCode as VpcepErrorCode,
} from "../../generated/otc-vpcep.meta.js";
import type { paths as VpcepPaths } from "../../generated/otc-vpcep.js";
import { otcAuthorize, type OtcAuth } from "./auth.js";
import { otcProfile } from "./errors.js";

/** The regions the specs' `servers` name (the VPC and VPC Endpoint specs name the same ones). */
export type OtcRegion = (typeof vpcServers | typeof vpcepServers)[number]["variables"]["region"]["enum"][number];

export interface OtcClientOptions extends CommonOptions {
  auth: OtcAuth;
  /**
   * A region of the spec's `servers` (eu-de, eu-nl, eu-ch2: OTC's endpoint list; the eu-ch2 VPC Endpoint
   * host is inferred from the VPC one, no VPC Endpoint page confirms it); ignored when baseUrl is set. Default eu-de.
   * Any string compiles (`process.env.OTC_REGION`), the known ones are suggested; another is a
   * RequestRejectedError when the client is made.
   */
  // `string & {}` keeps the known regions in an editor's completions.
  region?: OtcRegion | (string & {}) | undefined;
}

export type VpcepClient = ApiClient<VpcepPaths, typeof vpcepPagination, VpcepErrorCode>;
export type VpcClient = ApiClient<VpcPaths, typeof vpcPagination, VpcErrorCode>;

/** What differs between OTC's APIs: servers, paginated operations and (only with `validate` on) the drift module. */
interface OtcApi<Table extends PaginationTable> extends Pick<ClientSetup, "drift"> {
  servers: typeof vpcepServers | typeof vpcServers;
  pagination: Table;
  cursors: CursorsOf<Table>;
}

function otcClient<Paths extends {}, Table extends typeof vpcepPagination | typeof vpcPagination, Code extends string>(
  options: OtcClientOptions,
  { servers, ...api }: OtcApi<Table>,
) {
  const { authorize, secrets, signatures } = otcAuthorize(optionsObject(options).auth);
  return createApiClient<Paths, Table, Code>({
    ...api,
    profile: otcProfile,
    baseUrl: options.baseUrl ?? serverUrl(servers, { region: options.region }),
    options,
    authorize,
    secrets,
    signatures,
  });
}

/** OTC VPC Endpoint (vpcep.{region}.otc.t-systems.com). */
export function createVpcepClient(options: OtcClientOptions): VpcepClient {
  return otcClient<VpcepPaths, typeof vpcepPagination, VpcepErrorCode>(options, {
    servers: vpcepServers,
    pagination: vpcepPagination,
    cursors: { "offset-total": offsetTotalCursor },
    drift: () => import("./vpcep-drift.js"),
  });
}

/** OTC Virtual Private Cloud (vpc.{region}.otc.t-systems.com). */
export function createVpcClient(options: OtcClientOptions): VpcClient {
  return otcClient<VpcPaths, typeof vpcPagination, VpcErrorCode>(options, {
    servers: vpcServers,
    pagination: vpcPagination,
    cursors: { marker: markerCursor },
    drift: () => import("./vpc-drift.js"),
  });
}

export type { OtcAuth } from "./auth.js";
/**
 * The error codes OTC documents (`err.code === "EndPoint.0002"`). The table of VPC Endpoint's codes
 * (status, message, description, solution) is `vpcepErrorCodes` of `connectivity-clients/otc/error-codes`,
 * not of this entry: a client never reads it, so making calls does not ship it.
 */
export type { VpcepErrorCode, VpcErrorCode };
export type { AkSkCredentials, SignableRequest } from "./signer.js";
export { createSigner, signRequest } from "./signer.js";
export type {
  paths as VpcepPaths,
  components as VpcepComponents,
  operations as VpcepOperations,
} from "../../generated/otc-vpcep.js";
export type {
  paths as VpcPaths,
  components as VpcComponents,
  operations as VpcOperations,
} from "../../generated/otc-vpc.js";
// The types its clients' methods return, nameable from this entry in a consumer's declarations (see the module).
export type * from "../core/client-types.js";
