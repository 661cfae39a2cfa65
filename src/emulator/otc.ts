/// <reference types="node" />
// Open Telekom Cloud: VPC Endpoint "Querying Connections of a VPC Endpoint Service" (vpcep_06_0206)
// and VPC "Querying Subnets" (vpc_subnet01_0003), behind an API Gateway that checks an IAM token
// (X-Auth-Token) or an AK/SK signature (SDK-HMAC-SHA256).
import { isIPv6 } from "node:net";
import { parseAuthorization, verifyAkSk, type AkSkSecret } from "./aksk-verifier.js";
import type { OtcCredentials } from "./types.js";
import { Rng, iso, isoNoZone, streamSeed, type Subnet, type VpcepConnection } from "./data.js";
import {
  compileRoute,
  createLimit,
  header,
  jsonReply,
  listReply,
  parseNonNegativeInt,
  queryValue,
  type ApiName,
  type EmulatorEnv,
  type Reply,
  type RequestContext,
  type Vendor,
  isObject,
} from "./http.js";

export type { OtcCredentials };

export interface OtcConfig {
  credentials: OtcCredentials;
  /** Accepted project_id values; undefined accepts any. */
  projects: readonly string[] | undefined;
  /** Max |now - X-Sdk-Date| in ms. */
  maxClockSkewMs: number;
  /** How many subnets creates may add beyond the dataset (see EmulatorOptions.maxCreated). */
  maxCreated: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT64_MAX = 9223372036854775807n;
/**
 * Per endpoint service: its filtered, sorted connection lists by query, until a connection changes
 * through the API, or its list of connections is replaced or changes length. At most
 * MAX_CACHED_LISTINGS queries per service are kept (the least recently used one is dropped first):
 * paging repeats one query, and distinct `?id=` or `?marker_id=` values must not grow memory.
 */
export const MAX_CACHED_LISTINGS = 32;
/** How many listing queries are kept for an endpoint service (for tests of the bound). */
export const cachedListingCount = (service: object): number => sortedListings.get(service)?.lists.size ?? 0;
const sortedListings = new WeakMap<
  object,
  { of: VpcepConnection[]; length: number; lists: Map<string, VpcepConnection[]> }
>();
/** sort_key values and the field each sorts by. */
const SORT_KEYS: Record<string, "created_at" | "updated_at" | undefined> = Object.assign(Object.create(null), {
  created_at: "created_at",
  updated_at: "updated_at",
  create_at: "created_at",
  update_at: "updated_at",
});
const SUBNET_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** A dotted IPv4 address whose octets match `octet`, as pattern text. */
const dotted = (octet: string) => `((${octet})\\.){3}(${octet})`;
const ipv4Of = (octet: string) => new RegExp(`^${dotted(octet)}$`);
const OCTET = String.raw`25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d`;
const IPV4 = ipv4Of(OCTET);
/** A DNS server address: IPv4, with octets masked as the pages' examples mask them (`114.xx.xx.114`). */
const DNS_IPV4 = ipv4Of(`${OCTET}|xx`);
/** "A maximum of four IP addresses ... separated using commas": the spec's pattern (uniqueness apart). */
const NTP_SERVERS = new RegExp(`^${dotted(OCTET)}(,${dotted(OCTET)}){0,3}$`);
/** "each address must be unique" */
const distinctAddresses = (list: string) => new Set(list.split(",")).size === list.split(",").length;

const ipv4ToInt = (ip: string) => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);

/** An IPv4 CIDR block as [first, last] address, or undefined when it is not one (prefix 0..28, host bits zero). */
function cidrRange(cidr: unknown): [number, number] | undefined {
  if (typeof cidr !== "string") return undefined;
  const [ip, prefixText] = cidr.split("/");
  if (!ip || !IPV4.test(ip) || !prefixText || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 28) return undefined;
  const size = 2 ** (32 - prefix);
  const first = ipv4ToInt(ip);
  if (first % size !== 0) return undefined;
  return [first, first + size - 1];
}

function parseBody(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The API Gateway / VPC Endpoint error body `{error_code, error_msg, request_id}` (vpcep_08_0002). */
export const otcError = (ctx: RequestContext, status: number, code: string, message: string): Reply =>
  jsonReply(status, { error_code: code, error_msg: message, request_id: ctx.requestId });

/**
 * A subnet as the VPC service answers it: "If there is only one DNS server address, only primary_dns
 * is displayed" (Creating a Subnet, Table 6), so an empty `secondary_dns` (none kept) is left out.
 */
function shownSubnet(subnet: Subnet): Omit<Subnet, "secondary_dns"> & { secondary_dns?: string } {
  if (subnet.secondary_dns !== "") return subnet;
  const { secondary_dns: _none, ...shown } = subnet;
  return shown;
}

/** The VPC service's own error body `{code, message}` (VPC error codes appendix). */
const vpcError = (status: number, code: string, message: string): Reply => jsonReply(status, { code, message });

const IAM = "Incorrect IAM authentication information";

export function createOtc(env: EmulatorEnv, config: OtcConfig): Vendor {
  const { credentials } = config;
  const secrets: Record<string, AkSkSecret> = {
    [credentials.accessKey]:
      credentials.securityToken !== undefined
        ? { secretKey: credentials.secretKey, securityToken: credentials.securityToken }
        : credentials.secretKey,
  };

  function authenticate(ctx: RequestContext): Reply | undefined {
    const token = header(ctx.headers, "x-auth-token");
    if (token !== undefined) {
      return token === credentials.token ? undefined : otcError(ctx, 401, "APIGW.0301", `${IAM}: decrypt token fail`);
    }
    const authorization = header(ctx.headers, "authorization");
    if (authorization === undefined) return otcError(ctx, 401, "APIGW.0301", `${IAM}: x-auth-token not found`);
    const result = verifyAkSk({ method: ctx.method, url: ctx.rawUrl, headers: ctx.headers, body: ctx.body }, secrets, {
      maxSkewMs: config.maxClockSkewMs,
    });
    if (result.ok) return undefined;
    if (result.reason === "unknown access key") {
      const parsed = parseAuthorization(authorization);
      const ak = typeof parsed === "string" ? "" : parsed.access;
      return otcError(ctx, 401, "APIGW.0301", `${IAM}: Get secretKey failed,ak:${ak},err:ak not exist`);
    }
    return otcError(ctx, 401, "APIGW.0301", `${IAM}: verify aksk signature fail, ${result.reason}`);
  }

  const projectAccepted = (projectId: string) => config.projects === undefined || config.projects.includes(projectId);

  // Ids of what the API creates: deterministic from the dataset's seed too.
  let rng: Rng | undefined;
  let rngState: unknown;
  const runtime = () => {
    if (!rng || rngState !== env.state) {
      rng = new Rng(streamSeed(env.state.seed, "otc-runtime"));
      rngState = env.state;
    }
    return rng;
  };

  // ---- VPC Endpoint: list connections -------------------------------------------------------

  function listConnections(ctx: RequestContext): Reply {
    if (!projectAccepted(ctx.params.project_id!)) return otcError(ctx, 400, "EndPoint.0014", "Invalid project ID.");
    const serviceId = ctx.params.vpc_endpoint_service_id!;
    if (!UUID.test(serviceId)) return otcError(ctx, 400, "EndPoint.3062", "Invalid endpoint service ID.");
    const service = env.state.otc.vpcep.services.find((s) => s.id === serviceId);
    if (!service) return otcError(ctx, 400, "EndPoint.2003", "The endpoint service does not exist.");

    const q = ctx.query;
    const limitText = queryValue(q, "limit");
    const limit = limitText === undefined ? 10 : parseNonNegativeInt(limitText);
    if (limit === undefined || limit > 1000) return otcError(ctx, 400, "EndPoint.0006", "Invalid limit.");
    const offsetText = queryValue(q, "offset");
    const offset = offsetText === undefined ? 0 : parseNonNegativeInt(offsetText);
    if (offset === undefined) return otcError(ctx, 400, "EndPoint.0010", "Invalid offset.");
    const status = queryValue(q, "status");
    if (status !== undefined && !["pendingAcceptance", "accepted", "rejected", "failed"].includes(status))
      return otcError(ctx, 400, "EndPoint.0019", "Invalid status.");
    // The page's created_at / updated_at, and the create_at / update_at of Huawei's SDKs (see the spec).
    const sortKey = SORT_KEYS[queryValue(q, "sort_key") ?? "created_at"];
    if (sortKey === undefined) return otcError(ctx, 400, "EndPoint.0017", "Invalid sort_key.");
    const sortDir = queryValue(q, "sort_dir") ?? "desc";
    if (sortDir !== "desc" && sortDir !== "asc") return otcError(ctx, 400, "EndPoint.0018", "Invalid sort_dir.");
    const markerText = queryValue(q, "marker_id");
    let markerId: bigint | undefined;
    if (markerText !== undefined) {
      if (!/^\d{1,19}$/.test(markerText) || BigInt(markerText) > INT64_MAX)
        return otcError(ctx, 400, "EndPoint.0021", "Invalid marker_id.");
      markerId = BigInt(markerText);
    }
    const id = queryValue(q, "id");

    // Paging through a large service asks for the same filtered, sorted list page after page.
    let cached = sortedListings.get(service);
    if (cached?.of !== service.connections || cached.length !== service.connections.length) {
      cached = { of: service.connections, length: service.connections.length, lists: new Map() };
      sortedListings.set(service, cached);
    }
    const listings = cached.lists;
    const listingKey = JSON.stringify([id, markerText, status, sortKey, sortDir]);
    let sorted = listings.get(listingKey);
    if (sorted) {
      listings.delete(listingKey); // re-inserted below: the most recently used is last
    } else {
      const sign = sortDir === "asc" ? 1 : -1;
      const key = sortKey;
      sorted = service.connections
        .filter(
          (c) =>
            (id === undefined || c.id === id) &&
            (markerId === undefined || c.marker_id === markerId) &&
            (status === undefined || c.status === status),
        )
        .sort(
          (a: VpcepConnection, b: VpcepConnection) =>
            sign * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
      if (listings.size >= MAX_CACHED_LISTINGS) listings.delete(listings.keys().next().value!);
    }
    listings.set(listingKey, sorted);
    return listReply(200, { connections: sorted.slice(offset, offset + limit), total_count: sorted.length });
  }

  // ---- VPC Endpoint: accept or reject a connection (vpcep_06_0207) ---------------------------------

  function acceptOrReject(ctx: RequestContext): Reply {
    if (!projectAccepted(ctx.params.project_id!)) return otcError(ctx, 400, "EndPoint.0014", "Invalid project ID.");
    const serviceId = ctx.params.vpc_endpoint_service_id!;
    if (!UUID.test(serviceId)) return otcError(ctx, 400, "EndPoint.3062", "Invalid endpoint service ID.");
    const service = env.state.otc.vpcep.services.find((s) => s.id === serviceId);
    if (!service) return otcError(ctx, 400, "EndPoint.2003", "The endpoint service does not exist.");
    const body = parseBody(ctx);
    if (!isObject(body)) return otcError(ctx, 400, "EndPoint.0002", "Parameter error.");
    if (body.action !== "receive" && body.action !== "reject")
      return otcError(ctx, 400, "EndPoint.0007", "Invalid action.");
    const endpoints = body.endpoints;
    if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every((e) => typeof e === "string"))
      return otcError(ctx, 400, "EndPoint.0002", "Parameter error.");
    if (endpoints.length > 1) return otcError(ctx, 400, "EndPoint.2031", "Only one endpoint is allowed.");
    const id = endpoints[0] as string;
    const connection = service.connections.find((c) => c.id === id);
    if (!connection) {
      const elsewhere = env.state.otc.vpcep.services.some((s) => s.connections.some((c) => c.id === id));
      return elsewhere
        ? otcError(ctx, 400, "EndPoint.2013", "The endpoint does not belong to the endpoint service.")
        : otcError(ctx, 404, "EndPoint.2006", "The requested endpoint does not exist.");
    }
    if (connection.status === "failed")
      return otcError(ctx, 400, "EndPoint.2047", "The VPC endpoint in the Failed status cannot be modified.");
    connection.status = body.action === "receive" ? "accepted" : "rejected";
    sortedListings.delete(service);
    connection.updated_at = iso(Math.max(Date.now(), Date.parse(connection.created_at)));
    return jsonReply(200, { connections: [connection] });
  }

  // ---- VPC: list subnets ------------------------------------------------------------------------

  function listSubnets(ctx: RequestContext): Reply {
    if (!projectAccepted(ctx.params.project_id!))
      return vpcError(400, "VPC.0007", "urlTenantId is not equal tokenTenantId");
    const q = ctx.query;
    const limitText = queryValue(q, "limit");
    const limit = limitText === undefined ? 2000 : parseNonNegativeInt(limitText);
    if (limit === undefined || limit > 2147483647) return vpcError(400, "VPC.0201", "Query subnets list error.");
    const vpcId = queryValue(q, "vpc_id");
    const subnets =
      vpcId === undefined ? env.state.otc.vpc.subnets : env.state.otc.vpc.subnets.filter((s) => s.vpc_id === vpcId);
    const marker = queryValue(q, "marker");
    let start = 0;
    if (marker !== undefined) {
      const index = subnets.findIndex((s) => s.id === marker);
      if (index === -1) return vpcError(400, "VPC.0201", "Query subnets list error.");
      // repeatCursor: answer with the page that ends at the marker, so its last id is the marker again.
      start = ctx.faults.repeatCursor() ? Math.max(0, index + 1 - limit) : index + 1;
    }
    return jsonReply(200, { subnets: subnets.slice(start, start + limit).map(shownSubnet) });
  }

  // ---- VPC: create, show, update and delete a subnet -------------------------------------------------

  /** The subnet of this request's path, or the VPC error answer. */
  function pathSubnet(ctx: RequestContext): Subnet | Reply {
    if (!projectAccepted(ctx.params.project_id!))
      return vpcError(400, "VPC.0007", "urlTenantId is not equal tokenTenantId");
    const vpcId = ctx.params.vpc_id;
    if (vpcId !== undefined && !env.state.otc.vpc.vpcIds.includes(vpcId))
      return vpcError(404, "VPC.0003", "VPC does not exist.");
    const id = ctx.params.subnet_id!;
    if (!UUID.test(id)) return vpcError(400, "VPC.0201", "Subnet ID is invalid.");
    const subnet = env.state.otc.vpc.subnets.find((s) => s.id === id);
    if (!subnet) return vpcError(404, "VPC.0202", `Subnet ${id} could not be found.`);
    if (vpcId !== undefined && subnet.vpc_id !== vpcId)
      return vpcError(400, "VPC.0207", "Subnet does not belong to the VPC.");
    return subnet;
  }
  const isReply = (value: Subnet | Reply): value is Reply => typeof (value as Reply).status === "number";

  /**
   * The problem with the fields create and update share, as the field's name, or undefined. Update
   * takes lease-time options and refuses IPv6 DNS addresses ("IPv6 addresses are not supported");
   * create takes any IP address.
   */
  function invalidCommonField(option: Record<string, unknown>, update: boolean): string | undefined {
    if (option.description !== undefined) {
      const d = option.description;
      if (typeof d !== "string" || d.length > 255 || /[<>]/.test(d)) return "description";
    }
    for (const flag of ["ipv6_enable", "dhcp_enable"]) {
      if (option[flag] !== undefined && typeof option[flag] !== "boolean") return flag;
    }
    const isDnsAddress = (value: unknown) =>
      typeof value === "string" && (DNS_IPV4.test(value) || (!update && isIPv6(value)));
    for (const dns of ["primary_dns", "secondary_dns"]) {
      if (option[dns] !== undefined && !isDnsAddress(option[dns])) return dns;
    }
    if (option.dnsList !== undefined) {
      if (!Array.isArray(option.dnsList) || !option.dnsList.every(isDnsAddress)) return "dnsList";
    }
    if (option.extra_dhcp_opts !== undefined) {
      if (!Array.isArray(option.extra_dhcp_opts)) return "extra_dhcp_opts";
      for (const opt of option.extra_dhcp_opts) {
        if (!isObject(opt)) return "extra_dhcp_opts";
        if (opt.opt_name === "ntp") {
          if (opt.opt_value !== undefined && opt.opt_value !== null) {
            if (
              typeof opt.opt_value !== "string" ||
              !NTP_SERVERS.test(opt.opt_value) ||
              !distinctAddresses(opt.opt_value)
            )
              return "opt_value";
          }
        } else if (update && (opt.opt_name === "addresstime" || opt.opt_name === "ipv6_addresstime")) {
          if (opt.opt_value !== undefined && (typeof opt.opt_value !== "string" || opt.opt_value === ""))
            return "opt_value";
        } else {
          return "opt_name";
        }
      }
    }
    return undefined;
  }

  /** The NTP options a subnet shows (lease-time options are accepted but not part of the subnet's fields). */
  const ntpOptions = (opts: unknown): Subnet["extra_dhcp_opts"] =>
    (Array.isArray(opts) ? opts : [])
      .filter((o: Record<string, unknown>) => o.opt_name === "ntp")
      .map((o: Record<string, unknown>) => ({
        opt_value: (o.opt_value as string | null | undefined) ?? null,
        opt_name: "ntp",
      }));

  function enableIpv6(subnet: Subnet): void {
    const r = runtime();
    const prefix = `2001:db8:${r.hex(4).replace(/^0+(?=.)/, "")}:${r.hex(4).replace(/^0+(?=.)/, "")}`;
    subnet.ipv6_enable = true;
    subnet.cidr_v6 = `${prefix}::/64`;
    subnet.gateway_ip_v6 = `${prefix}::1`;
    subnet.neutron_subnet_id_v6 = r.uuid();
  }

  function disableIpv6(subnet: Subnet): void {
    subnet.ipv6_enable = false;
    delete subnet.cidr_v6;
    delete subnet.gateway_ip_v6;
    delete subnet.neutron_subnet_id_v6;
  }

  const mayCreateSubnet = createLimit(env, config.maxCreated, (state) => state.otc.vpc.subnets.length);

  function createSubnet(ctx: RequestContext): Reply {
    if (!projectAccepted(ctx.params.project_id!))
      return vpcError(400, "VPC.0007", "urlTenantId is not equal tokenTenantId");
    const body = parseBody(ctx);
    if (!isObject(body) || !isObject(body.subnet)) return vpcError(400, "VPC.0201", "subnet is invalid.");
    const option = body.subnet;
    if (typeof option.name !== "string" || !SUBNET_NAME.test(option.name))
      return vpcError(400, "VPC.0201", "Subnet name is invalid.");
    const range = cidrRange(option.cidr);
    if (!range) return vpcError(400, "VPC.0212", "The subnet cidr is not valid.");
    const gateway = option.gateway_ip;
    if (
      typeof gateway !== "string" ||
      !IPV4.test(gateway) ||
      ipv4ToInt(gateway) <= range[0] ||
      ipv4ToInt(gateway) >= range[1]
    )
      return vpcError(400, "VPC.0201", "gateway_ip is invalid.");
    const invalid = invalidCommonField(option, false);
    if (invalid) return vpcError(400, "VPC.0201", `${invalid} is invalid.`);
    if (option.availability_zone !== undefined && typeof option.availability_zone !== "string")
      return vpcError(400, "VPC.0201", "availability_zone is invalid.");
    if (typeof option.vpc_id !== "string" || !env.state.otc.vpc.vpcIds.includes(option.vpc_id))
      return vpcError(404, "VPC.0003", "VPC does not exist.");
    const vpcId = option.vpc_id;
    if (!mayCreateSubnet())
      return vpcError(
        409,
        "Emulator.Quota",
        `Subnet quota exceeded: the emulator keeps at most ${config.maxCreated} created subnets.`,
      );
    const overlaps = env.state.otc.vpc.subnets.some((s) => {
      if (s.vpc_id !== vpcId) return false;
      const other = cidrRange(s.cidr);
      return other !== undefined && other[0] <= range[1] && range[0] <= other[1];
    });
    if (overlaps)
      return vpcError(
        400,
        "VPC.0204",
        "The subnet has already existed in the VPC, or has been in conflict with the VPC subnet.",
      );
    const r = runtime();
    // "If only secondary_dns is specified [...] primary_dns will automatically use the value of
    // secondary_dns. If there is only one DNS server address, only primary_dns is displayed."
    const [primary = "", secondary = ""] = [option.primary_dns, option.secondary_dns].filter(
      (dns): dns is string => dns !== undefined,
    );
    const now = isoNoZone(Date.now());
    const id = r.uuid();
    const subnet: Subnet = {
      id,
      name: option.name,
      description: (option.description as string | undefined) ?? "",
      cidr: option.cidr as string,
      gateway_ip: gateway,
      ipv6_enable: false,
      dhcp_enable: (option.dhcp_enable as boolean | undefined) ?? true,
      primary_dns: primary,
      secondary_dns: secondary,
      dnsList: (option.dnsList as string[] | undefined) ?? [primary, secondary].filter((d) => d !== ""),
      vpc_id: vpcId,
      status: "ACTIVE",
      neutron_network_id: r.uuid(),
      neutron_subnet_id: r.uuid(),
      extra_dhcp_opts: ntpOptions(option.extra_dhcp_opts),
      tenant_id: env.state.otc.projectId,
      created_at: now,
      updated_at: now,
    };
    // "If this parameter is not specified, the value will be left blank": an empty value (the spec's default).
    subnet.availability_zone = (option.availability_zone as string | undefined) ?? "";
    if (option.ipv6_enable === true) enableIpv6(subnet);
    env.state.otc.vpc.subnets.push(subnet);
    // The subnet is associated with its VPC after the answer (the page's example answers UNKNOWN).
    return jsonReply(200, { subnet: { ...shownSubnet(subnet), status: "UNKNOWN" } });
  }

  function showSubnet(ctx: RequestContext): Reply {
    const subnet = pathSubnet(ctx);
    return isReply(subnet) ? subnet : jsonReply(200, { subnet: shownSubnet(subnet) });
  }

  function updateSubnet(ctx: RequestContext): Reply {
    const subnet = pathSubnet(ctx);
    if (isReply(subnet)) return subnet;
    const body = parseBody(ctx);
    if (!isObject(body) || !isObject(body.subnet)) return vpcError(400, "VPC.0201", "subnet is invalid.");
    const option = body.subnet;
    if (typeof option.name !== "string" || !SUBNET_NAME.test(option.name))
      return vpcError(400, "VPC.0201", "name is invalid.");
    const invalid = invalidCommonField(option, true);
    if (invalid) return vpcError(400, "VPC.0201", `${invalid} is invalid.`);
    // "The value of secondary_dns must be different from that of primary_dns."
    const secondary = option.secondary_dns ?? subnet.secondary_dns;
    if (secondary !== "" && secondary === (option.primary_dns ?? subnet.primary_dns))
      return vpcError(400, "VPC.0201", "secondary_dns is invalid.");
    subnet.name = option.name;
    if (option.description !== undefined) subnet.description = option.description as string;
    // "If this parameter is left blank, the system automatically sets it to true" (the update page).
    subnet.dhcp_enable = (option.dhcp_enable as boolean | undefined) ?? true;
    if (option.primary_dns !== undefined) subnet.primary_dns = option.primary_dns as string;
    if (option.secondary_dns !== undefined) subnet.secondary_dns = option.secondary_dns as string;
    // As on create: a lone secondary address becomes the primary, the only one displayed.
    if (subnet.primary_dns === "") [subnet.primary_dns, subnet.secondary_dns] = [subnet.secondary_dns, ""];
    if (option.dnsList !== undefined) subnet.dnsList = option.dnsList as string[];
    else if (option.primary_dns !== undefined || option.secondary_dns !== undefined)
      subnet.dnsList = [subnet.primary_dns, subnet.secondary_dns].filter((d) => d !== "");
    if (option.extra_dhcp_opts !== undefined) subnet.extra_dhcp_opts = ntpOptions(option.extra_dhcp_opts);
    if (option.ipv6_enable === true && !subnet.ipv6_enable) enableIpv6(subnet);
    if (option.ipv6_enable === false && subnet.ipv6_enable) disableIpv6(subnet);
    subnet.updated_at = isoNoZone(Date.now());
    return jsonReply(200, { subnet: { id: subnet.id, status: subnet.status } });
  }

  function deleteSubnet(ctx: RequestContext): Reply {
    const subnet = pathSubnet(ctx);
    if (isReply(subnet)) return subnet;
    env.state.otc.vpc.subnets = env.state.otc.vpc.subnets.filter((s) => s !== subnet);
    return { status: 204 };
  }

  const routes = [
    compileRoute({
      api: "otc-vpcep",
      template: "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
      operations: { GET: { operationId: "listEndpointServiceConnections", handle: listConnections } },
    }),
    compileRoute({
      api: "otc-vpcep",
      template: "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action",
      operations: { POST: { operationId: "acceptOrRejectConnections", handle: acceptOrReject } },
    }),
    compileRoute({
      api: "otc-vpc",
      template: "/v1/{project_id}/subnets",
      operations: {
        GET: { operationId: "listSubnets", handle: listSubnets },
        POST: { operationId: "createSubnet", handle: createSubnet },
      },
    }),
    compileRoute({
      api: "otc-vpc",
      template: "/v1/{project_id}/subnets/{subnet_id}",
      operations: { GET: { operationId: "showSubnet", handle: showSubnet } },
    }),
    compileRoute({
      api: "otc-vpc",
      template: "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}",
      operations: {
        PUT: { operationId: "updateSubnet", handle: updateSubnet },
        DELETE: { operationId: "deleteSubnet", handle: deleteSubnet },
      },
    }),
  ];

  return {
    routes,
    claims: (path) =>
      /^\/v1\/[^/]+\/vpc-endpoint(-service)?s(\/|$)/.test(path)
        ? "otc-vpcep"
        : path.startsWith("/v1/") || path.startsWith("/v2.0/")
          ? "otc-vpc"
          : undefined,
    authenticate: (ctx) => authenticate(ctx),
    notFound: (ctx) =>
      otcError(ctx, 404, "APIGW.0101", "The API does not exist or has not been published in the environment"),
    methodNotAllowed: (ctx) =>
      otcError(ctx, 405, "APIGW.0101", "The API does not exist or has not been published in the environment"),
    payloadTooLarge: (ctx, _api, message) => otcError(ctx, 413, "APIGW.0201", message),
    tooManyRequests: (ctx: RequestContext, _api: ApiName, retryAfterSeconds: number) => ({
      ...otcError(
        ctx,
        429,
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute",
      ),
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
  };
}
