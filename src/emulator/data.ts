// The emulator's dataset: deterministic from a seed (mulberry32), with ids shaped like the real
// ones. Each API draws from its own stream, so changing one API's count never changes another's data.
import { checkNumber, integerFrom, kindOf } from "./options.js";

// ---- PRNG -------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed for one named stream of a dataset (FNV-1a over the name, mixed with the seed). */
export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}

const HEX = "0123456789abcdef";
const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs[pairs.length - 1]![0];
  }
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.chars(HEX, n);
  }
  /** A version-4 UUID (lower-case), as OTC ids are. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = HEX[8 + Math.floor(this.next() * 4)]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** Ids that must not repeat: draws again until a fresh one comes. */
function unique(seen: Set<string>, draw: () => string): string {
  for (;;) {
    const id = draw();
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}

// ---- shapes -----------------------------------------------------------------------------------

export type VpcepConnectionStatus = "pendingAcceptance" | "creating" | "accepted" | "rejected" | "failed" | "deleting";

export interface VpcepConnection {
  id: string;
  /** int64; some values are above 2^53, so it is always a bigint here (written as an exact JSON integer). */
  marker_id: bigint;
  created_at: string;
  updated_at: string;
  domain_id: string;
  status: VpcepConnectionStatus;
  error?: { error_code: string; error_message: string }[];
}

export interface VpcepService {
  id: string;
  connections: VpcepConnection[];
}

export interface Subnet {
  id: string;
  name: string;
  description: string;
  cidr: string;
  gateway_ip: string;
  ipv6_enable: boolean;
  cidr_v6?: string;
  gateway_ip_v6?: string;
  dhcp_enable: boolean;
  primary_dns: string;
  /** "" when the subnet has one DNS server address (then not shown: see shownSubnet in otc.ts). */
  secondary_dns: string;
  dnsList: string[];
  vpc_id: string;
  status: "ACTIVE" | "UNKNOWN" | "ERROR";
  neutron_network_id: string;
  neutron_subnet_id: string;
  neutron_subnet_id_v6?: string;
  extra_dhcp_opts: { opt_value?: string | null; opt_name: "ntp" }[];
  availability_zone?: string;
  scope?: string;
  tenant_id: string;
  created_at: string;
  updated_at: string;
}

export type ConfluentCloud = "AWS" | "AZURE" | "GCP";

export interface ConfluentEnvironment {
  id: string;
  display_name: string;
}

export interface ConfluentAttachment {
  id: string;
  environment: string;
  cloud: ConfluentCloud;
  region: string;
  /** The cloud service the attachment exposes (AWS endpoint service name, Azure alias, GCP service attachment). */
  service: string;
  /** Azure only: the resource id of the private link service. */
  serviceResourceId?: string;
}

export type ConfluentPhase = "PROVISIONING" | "READY" | "FAILED" | "DEPROVISIONING" | "DISCONNECTED";

/**
 * A private link attachment connection, stored without the URLs that depend on the emulator's
 * origin (`metadata.self`, the references' `related`): those are added when it is served.
 */
export interface ConfluentConnection {
  id: string;
  environment: string;
  private_link_attachment: string;
  display_name: string;
  created_at: string;
  updated_at: string;
  deleted_at?: string;
  cloud: Record<string, string> & { kind: string };
  /** Created through the API and not read since: the next read finds it READY. */
  pending?: boolean;
  status: {
    phase: ConfluentPhase;
    error_code?: string;
    error_message?: string;
    cloud?: Record<string, string> & { kind: string };
  };
}

export type MadConnectStatus = "In-progress" | "active" | "disabled" | "deleted" | "broken" | "offline";

export interface MadConnectConnector {
  connectorId: string;
  connectorName: string;
  connectorLogo: string;
  /** What the connector can be in a connection. */
  role: "source" | "destination";
}

export interface MadConnectConnectorSummary {
  configured: boolean;
  connectorId: string;
  connectorLogo: string;
  connectorName: string;
}

export interface MadConnectConnection {
  accountId: string;
  id: string;
  name: string;
  createdTime: number;
  updatedTime: number;
  deleted: boolean;
  editable: boolean;
  enabled: boolean;
  env: string;
  status: MadConnectStatus;
  src: MadConnectConnectorSummary;
  dest: MadConnectConnectorSummary;
  monthlyVolume: number;
  totalVolume: number;
  usedVolume: number;
}

export interface EmulatorState {
  seed: number;
  otc: {
    /** The project the dataset belongs to (the subnets' tenant_id). */
    projectId: string;
    vpcep: { services: VpcepService[] };
    vpc: { vpcIds: string[]; subnets: Subnet[] };
  };
  confluent: {
    organizationId: string;
    environments: ConfluentEnvironment[];
    attachments: ConfluentAttachment[];
    connections: ConfluentConnection[];
  };
  madconnect: {
    /** The account the token acts on when no `accountId` is sent. */
    accountId: string;
    subAccountIds: string[];
    connectors: MadConnectConnector[];
    connections: MadConnectConnection[];
  };
}

/**
 * How much data to generate. Each "primary" scope (the first VPC endpoint service, the first
 * Confluent environment, the MadConnect account of the token) holds the counted connections, so a
 * listing with the ids of `Emulator.ids` sees exactly that many; every other scope (the other
 * services, environments and sub-accounts) holds OTHER_SCOPE_CONNECTIONS (5), which is what the
 * filters and the account scoping have to keep out.
 */
export interface DatasetCounts {
  /** Connections of the primary VPC endpoint service (default 120). */
  vpcepConnections?: number | undefined;
  /** VPC endpoint services (default 2; at least 1). */
  vpcepServices?: number | undefined;
  /** Subnets, spread round-robin over the VPCs (default 150). */
  subnets?: number | undefined;
  /** VPCs the subnets belong to (default: one per 250 subnets, at least 3; given, at least 1). */
  vpcs?: number | undefined;
  /** Private link attachment connections of the primary Confluent environment (default 60). */
  confluentConnections?: number | undefined;
  /** Confluent environments (default 2; at least 1). */
  confluentEnvironments?: number | undefined;
  /** Private link attachments per Confluent environment (default 2; at least 1). */
  confluentAttachmentsPerEnvironment?: number | undefined;
  /** MadConnect connections of the default account (default 40). */
  madconnectConnections?: number | undefined;
  /** MadConnect sub-accounts (default 1); the first has the page's sample id a3ba4fbd9d51df11 and holds its sample connection 849b79953b98fe11. */
  madconnectSubAccounts?: number | undefined;
}

/** Connections of each non-primary scope (other VPC endpoint services, environments, sub-accounts). */
export const OTHER_SCOPE_CONNECTIONS = 5;

export const DEFAULT_COUNTS: Required<Omit<DatasetCounts, "vpcs">> = {
  vpcepConnections: 120,
  vpcepServices: 2,
  subnets: 150,
  confluentConnections: 60,
  confluentEnvironments: 2,
  confluentAttachmentsPerEnvironment: 2,
  madconnectConnections: 40,
  madconnectSubAccounts: 1,
};

/**
 * The ids of the vendor pages' samples (and so of the README's examples), which the primary scopes
 * carry so that those samples run against the emulator as written: the primary VPC endpoint service,
 * its first connection pending acceptance, the first subnet, the primary Confluent environment and
 * its first attachment (on AWS, as the published create sample's cloud kind), MadConnect's first
 * sub-account and its first connection (the page's update, status, delete and get samples). The
 * connector catalogue's first entries are the MadConnect create sample's connectors.
 */
export const PAGE_SAMPLE_IDS = Object.freeze({
  vpcepService: "4189d3c2-8882-4871-a3c2-d380272eed88",
  vpcepPendingConnection: "705290f3-0d00-41f2-aedc-71f09844e879",
  subnet: "4779ab1c-7c1a-44b1-a02e-93dfc361b32d",
  /** The VPC of the VPC pages' samples: the first VPC, which holds the sample subnet. */
  vpc: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
  confluentEnvironment: "env-00000",
  /** The primary environment's first attachment, always on AWS. */
  confluentAttachment: "platt-00000",
  /** The first sub-account (there when `counts.madconnectSubAccounts` is at least 1). */
  madconnectSubAccount: "a3ba4fbd9d51df11",
  /** The first connection of that sub-account. */
  madconnectConnection: "849b79953b98fe11",
});

/** The MadConnect account the emulator's default token belongs to (a 16-character id, as the page's). */
export const MADCONNECT_DEFAULT_ACCOUNT_ID = "5f3c9a1e7b2d4c60";
/** The first sub-account: the id of the page's sample curl. */
export const MADCONNECT_SAMPLE_SUB_ACCOUNT_ID = PAGE_SAMPLE_IDS.madconnectSubAccount;

// ---- time helpers -----------------------------------------------------------------------------

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** `yyyy-MM-ddTHH:mm:ss`, the OTC VPC format (UTC, no offset). */
export const isoNoZone = (ms: number) => iso(ms).slice(0, 19);

// ---- OTC --------------------------------------------------------------------------------------

const VPCEP_FAILURES = [
  { error_code: "EndPoint.2004", error_message: "The endpoint service is unavailable." },
  { error_code: "EndPoint.2012", error_message: "You have no permission to connect to the VPC endpoint service." },
  { error_code: "EndPoint.4010", error_message: "Failed to create a port." },
];

function vpcepData(seed: number, counts: Required<Omit<DatasetCounts, "vpcs">>) {
  const rng = new Rng(streamSeed(seed, "otc-vpcep"));
  const markers = new Set<string>();
  const ids = new Set<string>([PAGE_SAMPLE_IDS.vpcepService, PAGE_SAMPLE_IDS.vpcepPendingConnection]);
  const services: VpcepService[] = Array.from({ length: counts.vpcepServices }, (_, i) => {
    const drawn = unique(ids, () => rng.uuid()); // drawn for the primary too: the stream stays as it was
    return { id: i === 0 ? PAGE_SAMPLE_IDS.vpcepService : drawn, connections: [] };
  });
  const domains = Array.from({ length: 6 }, () => rng.hex(32));
  let created = Date.UTC(2021, 2, 1, 8, 0, 0);
  let marker = 16777216 + rng.int(0, 4096);
  const n = counts.vpcepConnections + (services.length - 1) * OTHER_SCOPE_CONNECTIONS;
  let samplePlaced = false;
  for (let i = 0; i < n; i++) {
    created += rng.int(30, 7200) * 1000;
    const updated = created + (rng.chance(0.3) ? rng.int(1, 5) : rng.int(60, 3 * 86400)) * 1000;
    marker += rng.int(1, 40);
    // Some packet ids are beyond 2^53 (int64): a client that parses them as doubles loses digits.
    const big = i === Math.min(7, n - 1) || rng.chance(0.04);
    const markerId = big
      ? BigInt(Number.MAX_SAFE_INTEGER) + BigInt(rng.int(2, 2 ** 30)) * 8191n + BigInt(rng.int(0, 8190))
      : BigInt(marker);
    if (markers.has(markerId.toString())) {
      i--;
      continue;
    }
    markers.add(markerId.toString());
    const status = rng.weighted<VpcepConnectionStatus>([
      ["accepted", 70],
      ["pendingAcceptance", 12],
      ["rejected", 8],
      ["failed", 4],
      ["creating", 3],
      ["deleting", 3],
    ]);
    const connection: VpcepConnection = {
      id: unique(ids, () => rng.uuid()),
      marker_id: markerId,
      created_at: iso(created),
      updated_at: iso(updated),
      domain_id: rng.pick(domains),
      status,
    };
    if (status === "failed") connection.error = [rng.pick(VPCEP_FAILURES)];
    const other = i - counts.vpcepConnections;
    if (other < 0 && status === "pendingAcceptance" && !samplePlaced) {
      connection.id = PAGE_SAMPLE_IDS.vpcepPendingConnection;
      samplePlaced = true;
    }
    services[other < 0 ? 0 : 1 + Math.floor(other / OTHER_SCOPE_CONNECTIONS)]!.connections.push(connection);
  }
  // The page's sample connection is there even when no pending one was drawn: the first one becomes it.
  const first = services[0]!.connections[0];
  if (!samplePlaced && first) {
    Object.assign(first, { id: PAGE_SAMPLE_IDS.vpcepPendingConnection, status: "pendingAcceptance" });
    delete first.error; // only a failed connection carries one
  }
  return { services };
}

const SUBNET_ROLES = ["web", "app", "db", "mgmt", "dmz", "k8s-nodes", "batch", "cache", "bastion", "lb"];
const OTC_DNS = ["100.125.4.25", "100.125.129.199"];

function vpcData(seed: number, projectId: string, subnetCount: number, vpcCount: number | undefined) {
  const rng = new Rng(streamSeed(seed, "otc-vpc"));
  const ids = new Set<string>([PAGE_SAMPLE_IDS.subnet, PAGE_SAMPLE_IDS.vpc]);
  const nv = Math.max(1, vpcCount ?? Math.max(3, Math.ceil(subnetCount / 250)));
  const vpcIds = Array.from({ length: nv }, () => unique(ids, () => rng.uuid()));
  vpcIds[0] = PAGE_SAMPLE_IDS.vpc; // drawn all the same, so that the rest of the data stays as it was
  const subnets: Subnet[] = [];
  let created = Date.UTC(2020, 9, 12, 9, 30, 0);
  for (let i = 0; i < subnetCount; i++) {
    created += rng.int(20, 14_400) * 1000;
    const g = i % 65536;
    const net = `10.${g >> 8}.${g & 255}`;
    const drawn = unique(ids, () => rng.uuid());
    const id = i === 0 ? PAGE_SAMPLE_IDS.subnet : drawn;
    const ipv6 = rng.chance(0.2);
    const role = rng.pick(SUBNET_ROLES);
    const subnet: Subnet = {
      id,
      name: `subnet-${role}-${String(i + 1).padStart(4, "0")}`,
      description: rng.chance(0.7) ? "" : `Subnet ${i + 1} of the ${role} tier`,
      cidr: `${net}.0/24`,
      gateway_ip: `${net}.1`,
      ipv6_enable: ipv6,
      dhcp_enable: rng.chance(0.95),
      primary_dns: OTC_DNS[0]!,
      secondary_dns: OTC_DNS[1]!,
      dnsList: [...OTC_DNS],
      vpc_id: vpcIds[i % nv]!,
      status: rng.weighted<Subnet["status"]>([
        ["ACTIVE", 96],
        ["UNKNOWN", 2],
        ["ERROR", 2],
      ]),
      neutron_network_id: unique(ids, () => rng.uuid()),
      neutron_subnet_id: unique(ids, () => rng.uuid()),
      extra_dhcp_opts: rng.weighted<Subnet["extra_dhcp_opts"]>([
        [[], 70],
        [[{ opt_value: "10.100.0.33,10.100.0.34", opt_name: "ntp" }], 20],
        [[{ opt_value: null, opt_name: "ntp" }], 10],
      ]),
      tenant_id: projectId,
      created_at: isoNoZone(created),
      updated_at: isoNoZone(created + (rng.chance(0.5) ? 0 : rng.int(1, 30 * 86400) * 1000)),
    };
    if (ipv6) {
      const prefix = `2001:db8:${g.toString(16)}:${rng.hex(4).replace(/^0+(?=.)/, "")}`;
      subnet.cidr_v6 = `${prefix}::/64`;
      subnet.gateway_ip_v6 = `${prefix}::1`;
      subnet.neutron_subnet_id_v6 = unique(ids, () => rng.uuid());
    }
    if (rng.chance(0.1)) subnet.scope = "center";
    subnets.push(subnet);
  }
  return { vpcIds, subnets };
}

// ---- Confluent --------------------------------------------------------------------------------

const REGIONS: Record<ConfluentCloud, readonly string[]> = {
  AWS: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"],
  AZURE: ["westeurope", "eastus2", "centralus"],
  GCP: ["us-central1", "europe-west3", "asia-southeast1"],
};
const ENV_NAMES = ["production", "staging", "development", "analytics", "sandbox"];

function confluentData(seed: number, counts: Required<Omit<DatasetCounts, "vpcs">>) {
  const rng = new Rng(streamSeed(seed, "confluent"));
  const ids = new Set<string>([PAGE_SAMPLE_IDS.confluentEnvironment, PAGE_SAMPLE_IDS.confluentAttachment]);
  const organizationId = rng.uuid();
  const environments: ConfluentEnvironment[] = Array.from({ length: counts.confluentEnvironments }, (_, i) => {
    const drawn = unique(ids, () => `env-${rng.chars(BASE36, 5)}`); // drawn for the primary too
    return {
      id: i === 0 ? PAGE_SAMPLE_IDS.confluentEnvironment : drawn,
      display_name: ENV_NAMES[i % ENV_NAMES.length]! + (i >= ENV_NAMES.length ? `-${i}` : ""),
    };
  });
  const attachments: ConfluentAttachment[] = [];
  for (const [e, env] of environments.entries()) {
    for (let k = 0; k < counts.confluentAttachmentsPerEnvironment; k++) {
      // The page's sample attachment is the primary environment's first, on AWS: the published
      // create sample connects an AwsPrivateLinkAttachmentConnection to it.
      const sample = e === 0 && k === 0;
      const drawnCloud = rng.pick<ConfluentCloud>(["AWS", "AZURE", "GCP"]);
      const cloud = sample ? "AWS" : drawnCloud;
      const region = rng.pick(REGIONS[cloud]);
      const drawnId = unique(ids, () => `platt-${rng.chars(BASE36, 5)}`);
      const id = sample ? PAGE_SAMPLE_IDS.confluentAttachment : drawnId;
      const service =
        cloud === "AWS"
          ? `com.amazonaws.vpce.${region}.vpce-svc-${rng.hex(17)}`
          : cloud === "AZURE"
            ? `pls-${id}.${rng.uuid()}.${region}.azure.privatelinkservice`
            : `projects/cc-prod-${rng.hex(6)}/regions/${region}/serviceAttachments/${id}-service-attachment-${region}-a`;
      const attachment: ConfluentAttachment = { id, environment: env.id, cloud, region, service };
      if (cloud === "AZURE")
        attachment.serviceResourceId = `/subscriptions/${rng.uuid()}/resourceGroups/s-${rng.hex(5)}/providers/Microsoft.Network/privateLinkServices/pls-${id}`;
      attachments.push(attachment);
    }
  }
  const connections: ConfluentConnection[] = [];
  let created = Date.UTC(2023, 4, 2, 10, 0, 0);
  const n = counts.confluentConnections + (environments.length - 1) * OTHER_SCOPE_CONNECTIONS;
  for (let i = 0; i < n; i++) {
    created += rng.int(60, 36_000) * 1000;
    const other = i - counts.confluentConnections;
    const env = environments[other < 0 ? 0 : 1 + Math.floor(other / OTHER_SCOPE_CONNECTIONS)]!;
    const attachment = rng.pick(attachments.filter((a) => a.environment === env.id));
    const id = unique(ids, () => `plattc-${rng.chars(BASE36, 5)}`);
    const phase = rng.weighted<ConfluentPhase>([
      ["READY", 80],
      ["PROVISIONING", 7],
      ["FAILED", 5],
      ["DEPROVISIONING", 3],
      ["DISCONNECTED", 5],
    ]);
    const subscription = rng.uuid();
    let cloud: ConfluentConnection["cloud"];
    let cloudStatus: ConfluentConnection["cloud"];
    if (attachment.cloud === "AWS") {
      const endpoint = `vpce-${rng.hex(17)}`;
      cloud = { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: endpoint };
      cloudStatus = {
        kind: "AwsPrivateLinkAttachmentConnectionStatus",
        vpc_endpoint_service_name: attachment.service,
        vpc_endpoint_id: endpoint,
      };
    } else if (attachment.cloud === "AZURE") {
      const endpoint = `/subscriptions/${subscription}/resourceGroups/rg-${env.display_name}/providers/Microsoft.Network/privateEndpoints/pe-${id}`;
      cloud = { kind: "AzurePrivateLinkAttachmentConnection", private_endpoint_resource_id: endpoint };
      cloudStatus = {
        kind: "AzurePrivateLinkAttachmentConnectionStatus",
        private_link_service_alias: attachment.service,
        private_link_service_resource_id: attachment.serviceResourceId!,
        private_endpoint_resource_id: endpoint,
      };
    } else {
      const psc = String(rng.int(1, 9)) + rng.chars("0123456789", 16);
      cloud = { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: psc };
      cloudStatus = {
        kind: "GcpPrivateLinkAttachmentConnectionStatus",
        private_service_connect_service_attachment: attachment.service,
        private_service_connect_connection_id: psc,
      };
    }
    const updated = created + rng.int(0, 20 * 86400) * 1000;
    const connection: ConfluentConnection = {
      id,
      environment: env.id,
      private_link_attachment: attachment.id,
      display_name: `${env.display_name}-${attachment.cloud.toLowerCase()}-${attachment.region}-${String(i + 1).padStart(3, "0")}`,
      created_at: iso(created),
      updated_at: iso(updated),
      cloud,
      status: { phase },
    };
    if (phase !== "PROVISIONING") connection.status.cloud = cloudStatus;
    if (phase === "FAILED") {
      connection.status.error_code = "private_endpoint_rejected";
      connection.status.error_message = "The private endpoint connection request was rejected by the service.";
    }
    if (phase === "DEPROVISIONING") connection.deleted_at = iso(updated + 3600_000);
    connections.push(connection);
  }
  return { organizationId, environments, attachments, connections };
}

// ---- MadConnect -------------------------------------------------------------------------------

const logo = (slug: string) => `https://example.com/logos/${slug}.png`;

/** The connector catalogue; the page's sample curl uses STWkG5hhS3EvG511 (source) and 13a4e0ca00af0011 (destination). */
export const MADCONNECT_CONNECTORS: readonly MadConnectConnector[] = [
  { connectorId: "STWkG5hhS3EvG511", connectorName: "Snowflake", connectorLogo: logo("snowflake"), role: "source" },
  { connectorId: "Qm3xT8aLp2VwR7kE", connectorName: "Amazon S3", connectorLogo: logo("amazon-s3"), role: "source" },
  {
    connectorId: "b7e2c91f04d3a658",
    connectorName: "Google BigQuery",
    connectorLogo: logo("bigquery"),
    role: "source",
  },
  { connectorId: "Zr4Nw1YhK9cPq6Ds", connectorName: "Databricks", connectorLogo: logo("databricks"), role: "source" },
  { connectorId: "13a4e0ca00af0011", connectorName: "The Trade Desk", connectorLogo: logo("ttd"), role: "destination" },
  {
    connectorId: "9f1d7a3c5e8b2046",
    connectorName: "Google Ads",
    connectorLogo: logo("google-ads"),
    role: "destination",
  },
  { connectorId: "Hk2Vb8Jm4Xq7Lw1S", connectorName: "Meta Ads", connectorLogo: logo("meta-ads"), role: "destination" },
  { connectorId: "c40e8b6a1f9d3527", connectorName: "LiveRamp", connectorLogo: logo("liveramp"), role: "destination" },
  {
    connectorId: "Pd5Rt9Gc3Ns6Wy2B",
    connectorName: "LinkedIn Ads",
    connectorLogo: logo("linkedin-ads"),
    role: "destination",
  },
];

export const summary = (connector: MadConnectConnector, configured: boolean): MadConnectConnectorSummary => ({
  configured,
  connectorId: connector.connectorId,
  connectorLogo: connector.connectorLogo,
  connectorName: connector.connectorName,
});

function madconnectConnection(
  rng: Rng,
  ids: Set<string>,
  accountId: string,
  created: number,
  index: number,
): MadConnectConnection {
  const sources = MADCONNECT_CONNECTORS.filter((c) => c.role === "source");
  const destinations = MADCONNECT_CONNECTORS.filter((c) => c.role === "destination");
  const src = rng.pick(sources);
  const dest = rng.pick(destinations);
  const status = rng.weighted<MadConnectStatus>([
    ["active", 70],
    ["disabled", 10],
    ["In-progress", 8],
    ["broken", 6],
    ["offline", 6],
  ]);
  const total = rng.int(0, 50_000_000);
  const monthly = Math.min(total, rng.int(0, 5_000_000));
  return {
    accountId,
    id: unique(ids, () => rng.hex(16)),
    name: `${src.connectorName} to ${dest.connectorName} #${index + 1}`,
    createdTime: Math.floor(created / 1000),
    updatedTime: Math.floor(created / 1000) + (rng.chance(0.4) ? 0 : rng.int(60, 60 * 86400)),
    deleted: false,
    editable: rng.chance(0.9),
    enabled: status !== "disabled",
    env: rng.weighted([
      ["production", 6],
      ["staging", 3],
      ["sandbox", 1],
    ]),
    status,
    src: summary(src, status !== "In-progress" || rng.chance(0.5)),
    dest: summary(dest, status !== "In-progress" || rng.chance(0.5)),
    monthlyVolume: monthly,
    totalVolume: total,
    usedVolume: monthly,
  };
}

function madconnectData(seed: number, counts: Required<Omit<DatasetCounts, "vpcs">>) {
  const rng = new Rng(streamSeed(seed, "madconnect"));
  const ids = new Set<string>([
    MADCONNECT_DEFAULT_ACCOUNT_ID,
    MADCONNECT_SAMPLE_SUB_ACCOUNT_ID,
    PAGE_SAMPLE_IDS.madconnectConnection,
  ]);
  const subAccountIds = Array.from({ length: Math.max(0, counts.madconnectSubAccounts) }, (_, i) =>
    i === 0 ? MADCONNECT_SAMPLE_SUB_ACCOUNT_ID : unique(ids, () => rng.hex(16)),
  );
  const connections: MadConnectConnection[] = [];
  let created = Date.UTC(2023, 8, 4, 12, 0, 0);
  const add = (accountId: string, n: number) => {
    for (let i = 0; i < n; i++) {
      created += rng.int(60, 86_400) * 1000;
      connections.push(madconnectConnection(rng, ids, accountId, created, i));
    }
  };
  add(MADCONNECT_DEFAULT_ACCOUNT_ID, counts.madconnectConnections);
  for (const sub of subAccountIds) add(sub, OTHER_SCOPE_CONNECTIONS);
  // The page's update, status, delete and get samples act on this connection of the sample sub-account
  // (its id drawn all the same, so that the rest of the data stays as it was).
  const sample = connections.find((c) => c.accountId === MADCONNECT_SAMPLE_SUB_ACCOUNT_ID);
  if (sample) sample.id = PAGE_SAMPLE_IDS.madconnectConnection;
  return {
    accountId: MADCONNECT_DEFAULT_ACCOUNT_ID,
    subAccountIds,
    connectors: MADCONNECT_CONNECTORS.map((c) => ({ ...c })),
    connections,
  };
}

// ---- the whole dataset ------------------------------------------------------------------------

/** The counts of the scopes the primary ones are taken from: there is always at least one. */
const AT_LEAST_ONE: readonly string[] = [
  "vpcs",
  "vpcepServices",
  "confluentEnvironments",
  "confluentAttachmentsPerEnvironment",
] satisfies (keyof DatasetCounts)[];

/** The dataset for `seed`: the same seed and counts always give the same data. */
export function createDataset(seed: number, counts: DatasetCounts = {}): EmulatorState {
  if (counts === null || typeof counts !== "object" || Array.isArray(counts))
    throw new TypeError(`counts must be an object, got ${kindOf(counts)}`);
  for (const key of Object.keys(counts))
    if (!(key in DEFAULT_COUNTS) && key !== "vpcs")
      throw new TypeError(
        `counts has an unknown count ${JSON.stringify(key)} (known: ${[...Object.keys(DEFAULT_COUNTS), "vpcs"].join(", ")})`,
      );
  const c = { ...DEFAULT_COUNTS, ...stripUndefined(counts) };
  for (const [key, value] of Object.entries(c))
    if (AT_LEAST_ONE.includes(key)) checkNumber(value, `counts.${key}`, "a positive integer", integerFrom(1));
    else checkNumber(value, `counts.${key}`, "a non-negative integer", integerFrom(0));
  const projectId = new Rng(streamSeed(seed, "otc-project")).hex(32);
  return {
    seed,
    otc: {
      projectId,
      vpcep: vpcepData(seed, c),
      vpc: vpcData(seed, projectId, c.subnets, counts.vpcs),
    },
    confluent: confluentData(seed, c),
    madconnect: madconnectData(seed, c),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
