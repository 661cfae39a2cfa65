// Each case's request is validated against its operation too (requestProblems): a case that expects
// a success must send a request the spec accepts (else the emulator accepts what the vendor would
// refuse), and a case `refusedBySpec` one the spec refuses (else the spec accepts what the emulator
// refuses). README, "When a vendor's API changes", step 3.
//
// Every emulator answer, success and error, for every operation, validated STRICTLY against the
// merged spec generated/openapi.yaml (test/support/spec-contract.ts): no property the spec does not
// declare, at any depth, whatever the spec says about additionalProperties. A spec change the
// emulator does not follow (a field removed, renamed or retyped) fails the case of that operation,
// naming the operation, the status, the schema's JSON pointer, the body path and the undeclared
// property, and the emulator module that answered it (README, "When a vendor's API changes").
//
// int64: bodies are parsed with the package's parseJson, so marker_id values above 2^53 are bigint;
// that the digits are exact is asserted separately on the raw text and the parsed bigint.
//
// The spec response is found by method + path template + status, then the status range (4XX/5XX),
// then `default`. Declared response headers are checked as OpenAPI reads them (optional unless
// `required: true`; integers and URIs where typed so), and a test checks that the emulator sends
// every declared one but where a case says why not (`withoutHeaders`: a quota 409 has no
// conflicting resource to point Location at).
// Exceptions, each a case with its reason (`undeclared`), README's spec workflow names them: answers
// whose status the vendor's spec does not declare (OTC's 429; a body over 1 MiB, 413, on OTC and
// Confluent; Confluent's 405) are validated against the API's error schema instead. Fault answers
// that are broken on purpose (an HTML 5xx page, a cut-off JSON body, a drift) are not validated.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseJson } from "../src/core/json.js";
import { signRequest } from "../src/otc/signer.js";
import {
  EMULATOR_CREDENTIALS,
  PAGE_SAMPLE_IDS,
  startEmulator,
  type Emulator,
  MAX_BODY_BYTES,
  type FaultOptions,
} from "../src/emulator/index.js";
import {
  createContract,
  emulatorModule,
  type Answer,
  type OpenApi,
  type SentRequest,
} from "./support/spec-contract.js";

const spec = parse(readFileSync(new URL("../generated/openapi.yaml", import.meta.url), "utf8")) as OpenApi;
const { operations, findOperation, contractProblems, requestProblems, declaredHeaders } = createContract(spec);

// ---- the requests ---------------------------------------------------------------------------------

type Auth =
  "otc-token" | "otc-aksk" | "confluent-basic" | "confluent-bearer" | "madconnect" | "none" | Record<string, string>;

interface Case {
  name: string;
  method: string;
  /** Path (and query) on the emulator; a function to read ids (or a first page) from it. */
  url: (emu: Emulator) => string | Promise<string>;
  /** A JSON body (a string is sent as it is); a function to read ids from the emulator. */
  body?: string | Record<string, unknown> | ((emu: Emulator) => unknown);
  auth: Auth;
  status: number;
  faults?: FaultOptions;
  /** Sent to the emulator started with `maxCreated: 0`, which refuses every create for quota. */
  full?: true;
  /**
   * The case is about a request the spec refuses (a value out of range, a missing required field, a
   * method the path does not have): checked to stay refused, so that a spec that comes to accept it
   * fails the case until the emulator accepts it too.
   */
  refusedBySpec?: true;
  /** Optional headers the spec declares for this answer that the emulator leaves out, and why. */
  withoutHeaders?: { names: string[]; reason: string };
  /**
   * An answer whose status the vendor's spec does not declare: why the emulator gives it anyway, and
   * the component schema its body is validated against instead (the API's error schema). These are
   * the exceptions README's spec workflow names.
   */
  undeclared?: { reason: string; schema: string };
}

const C = EMULATOR_CREDENTIALS;
const svc = (emu: Emulator) => `/v1/proj-1/vpc-endpoint-services/${emu.ids.vpcepServiceId}/connections`;
const plattc = (emu: Emulator, query = "") =>
  `/networking/v1/private-link-attachment-connections?environment=${emu.ids.confluentEnvironment}${query}`;
const madId = (emu: Emulator) => emu.state.madconnect.connections[0]!.id;
const confluentBasic = `Basic ${Buffer.from(`${C.confluent.apiKey}:${C.confluent.apiSecret}`).toString("base64")}`;
/** The path and query of a metadata link of the first page (page_size 7). */
async function link(emu: Emulator, which: "next" | "last"): Promise<string> {
  const res = await fetch(`${emu.url}${plattc(emu, "&page_size=7")}`, { headers: { Authorization: confluentBasic } });
  const target = new URL((await res.json()).metadata[which]);
  return target.pathname + target.search;
}

/** The id of a connection of the primary VPC endpoint service with this status (first not used yet). */
const usedVpcep = new Set<string>();
function vpcepWith(emu: Emulator, status: string): string {
  const connection = emu.state.otc.vpcep.services[0]!.connections.find(
    (c) => c.status === status && !usedVpcep.has(c.id),
  )!;
  usedVpcep.add(connection.id);
  return connection.id;
}
const subnetPath = (emu: Emulator, index: number) => {
  const subnet = emu.state.otc.vpc.subnets[index]!;
  return `/v1/proj-1/vpcs/${subnet.vpc_id}/subnets/${subnet.id}`;
};
const oneConnection = (emu: Emulator, id = emu.state.confluent.connections[0]!.id) =>
  `/networking/v1/private-link-attachment-connections/${id}?environment=${emu.ids.confluentEnvironment}`;
function createBody(emu: Emulator, endpoint: string) {
  const attachment = emu.state.confluent.attachments.find((a) => a.environment === emu.ids.confluentEnvironment)!;
  const cloud =
    attachment.cloud === "AWS"
      ? { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: endpoint }
      : attachment.cloud === "AZURE"
        ? {
            kind: "AzurePrivateLinkAttachmentConnection",
            private_endpoint_resource_id: `/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/${endpoint}`,
          }
        : { kind: "GcpPrivateLinkAttachmentConnection" };
  return {
    spec: {
      display_name: "prod-connection",
      cloud,
      environment: { id: emu.ids.confluentEnvironment },
      private_link_attachment: { id: attachment.id },
    },
  };
}

/** A JSON body past the emulator's 1 MiB limit. */
const OVERSIZED = JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) });
const OTC_429 =
  "OTC's API Gateway throttles every API (the gateway's error code APIGW.0308), but the OTC pages document no 429";
const OVER_1_MIB =
  "the emulator's own limit on a request body (1 MiB, to keep its memory bounded), which no vendor documents; answered in the vendor's error format";
const CONFLUENT_405 =
  "Confluent's definition declares no answer to a method a path does not have; the emulator answers in Confluent's error format";

const cases: Case[] = [
  // OTC VPC Endpoint
  { name: "vpcep list, defaults", method: "GET", url: svc, auth: "otc-token", status: 200 },
  {
    name: "vpcep list, 1000 asc by updated_at",
    method: "GET",
    url: (e) => `${svc(e)}?limit=1000&sort_key=updated_at&sort_dir=asc`,
    auth: "otc-aksk",
    status: 200,
  },
  {
    name: "vpcep list, all filters",
    method: "GET",
    url: (e) => `${svc(e)}?status=failed&limit=50&offset=1`,
    auth: "otc-token",
    status: 200,
  },
  {
    name: "vpcep list, past the end",
    method: "GET",
    url: (e) => `${svc(e)}?offset=99999`,
    auth: "otc-token",
    status: 200,
  },
  {
    name: "vpcep limit too large",
    method: "GET",
    url: (e) => `${svc(e)}?limit=1001`,
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "vpcep bad status",
    method: "GET",
    url: (e) => `${svc(e)}?status=deleting`,
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
  },
  { name: "vpcep bad marker_id", method: "GET", url: (e) => `${svc(e)}?marker_id=x`, auth: "otc-token", status: 400 },
  {
    name: "vpcep unknown service",
    method: "GET",
    url: () => "/v1/p/vpc-endpoint-services/00000000-0000-4000-8000-000000000000/connections",
    auth: "otc-token",
    status: 400,
  },
  { name: "vpcep no credentials", method: "GET", url: svc, auth: "none", status: 401 },
  { name: "vpcep wrong token", method: "GET", url: svc, auth: { "X-Auth-Token": "wrong" }, status: 401 },
  { name: "vpcep method not allowed", method: "DELETE", url: svc, auth: "otc-token", status: 405, refusedBySpec: true },
  {
    name: "vpcep 429 (fault; not in the spec)",
    method: "GET",
    url: svc,
    auth: "otc-token",
    status: 429,
    faults: { rateLimit: true, times: 1 },
    undeclared: { reason: OTC_429, schema: "#/components/schemas/OtcVpcep_ErrorResponse" },
  },
  {
    name: "vpcep action, body over 1 MiB (413; not in the spec)",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 413,
    body: OVERSIZED,
    undeclared: { reason: OVER_1_MIB, schema: "#/components/schemas/OtcVpcep_ErrorResponse" },
  },
  // OTC VPC
  { name: "vpc list, defaults", method: "GET", url: () => "/v1/proj-1/subnets", auth: "otc-token", status: 200 },
  {
    name: "vpc list, marker + vpc_id",
    method: "GET",
    url: (e) => `/v1/proj-1/subnets?limit=5&vpc_id=${e.ids.vpcIds[0]}&marker=${e.state.otc.vpc.subnets[0]!.id}`,
    auth: "otc-aksk",
    status: 200,
  },
  {
    name: "vpc bad limit",
    method: "GET",
    url: () => "/v1/proj-1/subnets?limit=abc",
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "vpc unknown marker",
    method: "GET",
    url: () => "/v1/proj-1/subnets?marker=nope",
    auth: "otc-token",
    status: 400,
  },
  {
    name: "vpc wrong AK/SK",
    method: "GET",
    url: () => "/v1/proj-1/subnets",
    auth: {
      Authorization: "SDK-HMAC-SHA256 Access=X, SignedHeaders=host;x-sdk-date, Signature=" + "0".repeat(64),
      "X-Sdk-Date": "20200101T000000Z",
    },
    status: 401,
  },
  {
    name: "vpc 429 (fault; not in the spec)",
    method: "GET",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 429,
    faults: { rateLimit: true, times: 1 },
    undeclared: { reason: OTC_429, schema: "#/components/schemas/OtcVpc_ErrorResponse" },
  },
  {
    name: "vpc create, body over 1 MiB (413; not in the spec)",
    method: "POST",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 413,
    body: OVERSIZED,
    undeclared: { reason: OVER_1_MIB, schema: "#/components/schemas/OtcVpc_ErrorResponse" },
  },
  {
    name: "vpc method not allowed",
    method: "PATCH",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 405,
    refusedBySpec: true,
  },
  // Confluent
  { name: "confluent list, defaults", method: "GET", url: (e) => plattc(e), auth: "confluent-basic", status: 200 },
  {
    name: "confluent list, max page",
    method: "GET",
    url: (e) => plattc(e, "&page_size=100"),
    auth: "confluent-bearer",
    status: 200,
  },
  {
    name: "confluent list, second page",
    method: "GET",
    url: (e) => link(e, "next"),
    auth: "confluent-basic",
    status: 200,
  },
  {
    name: "confluent list, last page",
    method: "GET",
    url: (e) => link(e, "last"),
    auth: "confluent-bearer",
    status: 200,
  },
  {
    name: "confluent list, forged page_token",
    method: "GET",
    url: (e) => plattc(e, "&page_size=3&page_token=" + Buffer.from(`3:${"x".repeat(8)}`).toString("base64url")),
    auth: "confluent-basic",
    status: 400,
  },
  {
    name: "confluent list, attachment filter",
    method: "GET",
    url: (e) => plattc(e, `&spec.private_link_attachment=${e.ids.confluentAttachments[0]}`),
    auth: "confluent-basic",
    status: 200,
  },
  {
    name: "confluent list, other environment",
    method: "GET",
    url: (e) =>
      `/networking/v1/private-link-attachment-connections?environment=${e.ids.confluentEnvironments[1]}&page_size=2`,
    auth: "confluent-basic",
    status: 200,
  },
  {
    name: "confluent missing environment",
    method: "GET",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "confluent page_size too large",
    method: "GET",
    url: (e) => plattc(e, "&page_size=500"),
    auth: "confluent-basic",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "confluent wrong secret",
    method: "GET",
    url: (e) => plattc(e),
    auth: { Authorization: `Basic ${Buffer.from(`${C.confluent.apiKey}:x`).toString("base64")}` },
    status: 401,
  },
  { name: "confluent no credentials", method: "GET", url: (e) => plattc(e), auth: "none", status: 401 },
  {
    name: "confluent unknown environment",
    method: "GET",
    url: () => "/networking/v1/private-link-attachment-connections?environment=env-zzzzz",
    auth: "confluent-basic",
    status: 403,
  },
  {
    name: "confluent 429 (fault)",
    method: "GET",
    url: (e) => plattc(e),
    auth: "confluent-basic",
    status: 429,
    faults: { rateLimit: true, times: 1 },
  },
  {
    name: "confluent method not allowed (405; not in the spec)",
    method: "PUT",
    url: (e) => oneConnection(e),
    auth: "confluent-basic",
    status: 405,
    refusedBySpec: true,
    undeclared: { reason: CONFLUENT_405, schema: "#/components/schemas/Confluent_Failure" },
  },
  {
    name: "confluent create, body over 1 MiB (413; not in the spec)",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 413,
    body: OVERSIZED,
    undeclared: { reason: OVER_1_MIB, schema: "#/components/schemas/Confluent_Failure" },
  },
  {
    name: "confluent create, no room left (maxCreated; 409 without Location)",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 409,
    full: true,
    body: (e) => createBody(e, "vpce-0f0000000000000f0"),
    withoutHeaders: {
      names: ["Location"],
      reason:
        "Confluent declares a 409's Location (not required) as the URI of the conflicting resource: a quota refusal has none",
    },
  },
  // MadConnect
  {
    name: "madconnect list, defaults",
    method: "GET",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect list, page's sample query",
    method: "GET",
    url: () => "/es/v2/connections?accountId=a3ba4fbd9d51df11&q=&size=10&offset=0&status=",
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect list, status + q",
    method: "GET",
    url: () => "/es/v2/connections?status=active&q=ads&size=3&offset=2",
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect list, bad size",
    method: "GET",
    url: () => "/es/v2/connections?size=0",
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "madconnect list, bad status",
    method: "GET",
    url: () => "/es/v2/connections?status=gone",
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "madconnect list, unknown account",
    method: "GET",
    url: () => "/es/v2/connections?accountId=0000000000000000",
    auth: "madconnect",
    status: 403,
  },
  {
    name: "madconnect list, empty accountId",
    method: "GET",
    url: () => "/es/v2/connections?accountId=",
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "madconnect get, accountId not of 16 characters",
    method: "GET",
    url: (e) => `/es/v2/connections/${e.state.madconnect.connections[0]!.id}?accountId=abc`,
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "madconnect list, wrong token",
    method: "GET",
    url: () => "/es/v2/connections",
    auth: { Authorization: "Bearer nope" },
    status: 401,
  },
  {
    name: "madconnect list 429 (fault)",
    method: "GET",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 429,
    faults: { rateLimit: true, times: 1 },
  },
  {
    name: "madconnect create (page's sample curl body)",
    method: "POST",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 200,
    body: {
      destConfigurationId: null,
      destConnectionConfig: { advertiserId: "12345", audienceSource: "USER_PROVIDED_ONLY" },
      destConnectorId: "13a4e0ca00af0011",
      name: "Sample Connection",
      srcConfigurationId: null,
      srcConnectionConfig: { bucketURI: "s3://snowflake-native-app-test/connectors/sample-csv" },
      srcConnectorId: "STWkG5hhS3EvG511",
    },
  },
  {
    name: "madconnect create, missing connector",
    method: "POST",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
    body: { name: "x", srcConnectorId: "STWkG5hhS3EvG511" },
  },
  {
    name: "madconnect create, not JSON",
    method: "POST",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
    body: "{nope",
  },
  {
    name: "madconnect get",
    method: "GET",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect get, unknown",
    method: "GET",
    url: () => "/es/v2/connections/ffffffffffffffff",
    auth: "madconnect",
    status: 404,
  },
  {
    name: "madconnect get, wrong token",
    method: "GET",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "none",
    status: 401,
  },
  {
    name: "madconnect update",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 200,
    body: {
      name: "Sample Connection",
      srcConnectionConfig: { bucketURI: "s3://b/c" },
      destConnectionConfig: { advertiserId: "123456", audienceSource: "USER_PROVIDED_ONLY" },
    },
  },
  {
    name: "madconnect update, id mismatch",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 400,
    body: { id: "other" },
  },
  {
    name: "madconnect update, unknown",
    method: "PUT",
    url: () => "/es/v2/connections/ffffffffffffffff",
    auth: "madconnect",
    status: 404,
    body: {},
  },
  {
    name: "madconnect status activate",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}/status/activate`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect status disable",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}/status/disable`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect status, bad action",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}/status/pause`,
    auth: "madconnect",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "madconnect delete",
    method: "DELETE",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect get, deleted",
    method: "GET",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect list, deleted",
    method: "GET",
    url: () => "/es/v2/connections?status=deleted",
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect status on deleted (HTTP 200, statusCode 409)",
    method: "PUT",
    url: (e) => `/es/v2/connections/${madId(e)}/status/enable`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect delete again (HTTP 200, statusCode 409)",
    method: "DELETE",
    url: (e) => `/es/v2/connections/${madId(e)}`,
    auth: "madconnect",
    status: 200,
  },
  {
    name: "madconnect delete, unknown",
    method: "DELETE",
    url: () => "/es/v2/connections/ffffffffffffffff",
    auth: "madconnect",
    status: 404,
  },
  {
    name: "madconnect create, body over 1 MiB",
    method: "POST",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 413,
    body: OVERSIZED,
  },
  {
    name: "madconnect method not allowed",
    method: "PATCH",
    url: () => "/es/v2/connections",
    auth: "madconnect",
    status: 405,
    refusedBySpec: true,
  },
  // OTC VPC Endpoint: accept or reject
  {
    name: "vpcep accept",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-aksk",
    status: 200,
    body: (e) => ({ endpoints: [vpcepWith(e, "pendingAcceptance")], action: "receive" }),
  },
  {
    name: "vpcep reject",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 200,
    body: (e) => ({ endpoints: [vpcepWith(e, "accepted")], action: "reject" }),
  },
  {
    name: "vpcep action, bad action",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
    body: (e) => ({ endpoints: [vpcepWith(e, "accepted")], action: "accept" }),
  },
  {
    name: "vpcep action, two endpoints",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
    body: (e) => ({ endpoints: [vpcepWith(e, "accepted"), vpcepWith(e, "rejected")], action: "receive" }),
  },
  {
    name: "vpcep action, failed endpoint",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 400,
    body: (e) => ({ endpoints: [vpcepWith(e, "failed")], action: "receive" }),
  },
  {
    name: "vpcep action, other service's endpoint",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 400,
    body: (e) => ({ endpoints: [e.state.otc.vpcep.services[1]!.connections[0]!.id], action: "receive" }),
  },
  {
    name: "vpcep action, unknown endpoint",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: "otc-token",
    status: 404,
    body: { endpoints: ["f0e1d2c3-b4a5-4968-8776-655443322110"], action: "receive" },
  },
  {
    name: "vpcep action, wrong token",
    method: "POST",
    url: (e) => `${svc(e)}/action`,
    auth: { "X-Auth-Token": "x" },
    status: 401,
    body: { endpoints: ["x"], action: "receive" },
  },
  // OTC VPC: create, show, update, delete
  {
    name: "vpc create (page's example)",
    method: "POST",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-aksk",
    status: 200,
    body: (e) => ({
      subnet: {
        name: "subnet",
        description: "",
        cidr: "192.168.20.0/24",
        gateway_ip: "192.168.20.1",
        ipv6_enable: true,
        dhcp_enable: true,
        primary_dns: "114.xx.xx.114",
        secondary_dns: "114.xx.xx.115",
        dnsList: ["114.xx.xx.114", "114.xx.xx.115"],
        availability_zone: "aa-bb-cc",
        vpc_id: PAGE_SAMPLE_IDS.vpc, // the page's own VPC (the emulator's first)
        extra_dhcp_opts: [{ opt_value: "10.100.0.33,10.100.0.34", opt_name: "ntp" }],
      },
    }),
  },
  {
    name: "vpc create, overlapping cidr",
    method: "POST",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 400,
    body: (e) => ({
      subnet: { name: "again", cidr: "192.168.20.128/25", gateway_ip: "192.168.20.129", vpc_id: e.ids.vpcIds[0] },
    }),
  },
  {
    name: "vpc create, bad cidr",
    method: "POST",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
    body: (e) => ({ subnet: { name: "s", cidr: "10.0.0.0/30", gateway_ip: "10.0.0.1", vpc_id: e.ids.vpcIds[0] } }),
  },
  {
    name: "vpc create, unknown VPC",
    method: "POST",
    url: () => "/v1/proj-1/subnets",
    auth: "otc-token",
    status: 404,
    body: {
      subnet: {
        name: "s",
        cidr: "172.16.0.0/24",
        gateway_ip: "172.16.0.1",
        vpc_id: "0c0ffee0-ac1c-4630-ad1c-7dba1ed79d85",
      },
    },
  },
  {
    name: "vpc show",
    method: "GET",
    url: (e) => `/v1/proj-1/subnets/${e.state.otc.vpc.subnets[3]!.id}`,
    auth: "otc-token",
    status: 200,
  },
  {
    name: "vpc show, unknown",
    method: "GET",
    url: () => "/v1/proj-1/subnets/9b0f4c1e-5d2a-4e8b-9c7d-1a2b3c4d5e6f",
    auth: "otc-token",
    status: 404,
  },
  { name: "vpc show, not a UUID", method: "GET", url: () => "/v1/proj-1/subnets/abc", auth: "otc-token", status: 400 },
  {
    name: "vpc update (page's example)",
    method: "PUT",
    url: (e) => subnetPath(e, 4),
    auth: "otc-aksk",
    status: 200,
    body: {
      subnet: {
        name: "subnet02",
        ipv6_enable: true,
        dhcp_enable: false,
        primary_dns: "114.xx.xx.115",
        secondary_dns: "114.xx.xx.116",
        extra_dhcp_opts: [
          { opt_value: "10.100.0.33,10.100.0.34", opt_name: "ntp" },
          { opt_value: "24h", opt_name: "addresstime" },
          { opt_value: "2h", opt_name: "ipv6_addresstime" },
        ],
      },
    },
  },
  {
    name: "vpc show, after update",
    method: "GET",
    url: (e) => `/v1/proj-1/subnets/${e.state.otc.vpc.subnets[4]!.id}`,
    auth: "otc-token",
    status: 200,
  },
  {
    name: "vpc update, wrong VPC",
    method: "PUT",
    url: (e) => `/v1/proj-1/vpcs/${e.ids.vpcIds[0]}/subnets/${e.state.otc.vpc.subnets[4]!.id}`,
    auth: "otc-token",
    status: 400,
    body: { subnet: { name: "x" } },
  },
  {
    name: "vpc update, no name",
    method: "PUT",
    url: (e) => subnetPath(e, 4),
    auth: "otc-token",
    status: 400,
    refusedBySpec: true,
    body: { subnet: { description: "x" } },
  },
  {
    name: "vpc update, unknown",
    method: "PUT",
    url: (e) => `/v1/proj-1/vpcs/${e.ids.vpcIds[0]}/subnets/9b0f4c1e-5d2a-4e8b-9c7d-1a2b3c4d5e6f`,
    auth: "otc-token",
    status: 404,
    body: { subnet: { name: "x" } },
  },
  { name: "vpc delete", method: "DELETE", url: (e) => subnetPath(e, 5), auth: "otc-token", status: 204 },
  {
    name: "vpc delete, unknown VPC",
    method: "DELETE",
    url: () => "/v1/proj-1/vpcs/0c0ffee0-ac1c-4630-ad1c-7dba1ed79d85/subnets/9b0f4c1e-5d2a-4e8b-9c7d-1a2b3c4d5e6f",
    auth: "otc-token",
    status: 404,
  },
  {
    name: "vpc delete, wrong token",
    method: "DELETE",
    url: (e) => subnetPath(e, 5),
    auth: { "X-Auth-Token": "x" },
    status: 401,
  },
  // Confluent: create, read, update, delete
  {
    name: "confluent create",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 202,
    body: (e) => createBody(e, "vpce-0123456789abcdef0"),
  },
  {
    name: "confluent create, duplicate endpoint",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 409,
    body: (e) => createBody(e, "vpce-0123456789abcdef0"),
  },
  {
    name: "confluent create, no cloud",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 422,
    refusedBySpec: true,
    body: (e) => ({
      spec: {
        environment: { id: e.ids.confluentEnvironment },
        private_link_attachment: { id: e.ids.confluentAttachments[0] },
      },
    }),
  },
  {
    name: "confluent create, not JSON",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-bearer",
    status: 400,
    refusedBySpec: true,
    body: "{",
  },
  {
    name: "confluent create, unknown environment",
    method: "POST",
    url: () => "/networking/v1/private-link-attachment-connections",
    auth: "confluent-basic",
    status: 403,
    body: {
      spec: {
        environment: { id: "env-zzzzz" },
        private_link_attachment: { id: "platt-zzzzz" },
        cloud: { kind: "GcpPrivateLinkAttachmentConnection" },
      },
    },
  },
  { name: "confluent get", method: "GET", url: (e) => oneConnection(e), auth: "confluent-basic", status: 200 },
  {
    name: "confluent get, created (now READY)",
    method: "GET",
    url: (e) => oneConnection(e, e.state.confluent.connections.at(-1)!.id),
    auth: "confluent-bearer",
    status: 200,
  },
  {
    name: "confluent get, unknown",
    method: "GET",
    url: (e) => oneConnection(e, "plattc-zzzzz"),
    auth: "confluent-basic",
    status: 404,
  },
  {
    name: "confluent get, missing environment",
    method: "GET",
    url: (e) => `/networking/v1/private-link-attachment-connections/${e.state.confluent.connections[0]!.id}`,
    auth: "confluent-basic",
    status: 400,
    refusedBySpec: true,
  },
  {
    name: "confluent update",
    method: "PATCH",
    url: (e) => `/networking/v1/private-link-attachment-connections/${e.state.confluent.connections[1]!.id}`,
    auth: "confluent-basic",
    status: 200,
    body: (e) => ({ spec: { display_name: "renamed", environment: { id: e.ids.confluentEnvironment } } }),
  },
  {
    name: "confluent update, immutable cloud",
    method: "PATCH",
    url: (e) => `/networking/v1/private-link-attachment-connections/${e.state.confluent.connections[1]!.id}`,
    auth: "confluent-basic",
    status: 422,
    refusedBySpec: true,
    body: (e) => ({
      spec: { environment: { id: e.ids.confluentEnvironment }, cloud: { kind: "GcpPrivateLinkAttachmentConnection" } },
    }),
  },
  {
    name: "confluent update, unknown",
    method: "PATCH",
    url: () => "/networking/v1/private-link-attachment-connections/plattc-zzzzz",
    auth: "confluent-basic",
    status: 404,
    body: (e) => ({ spec: { environment: { id: e.ids.confluentEnvironment } } }),
  },
  {
    name: "confluent delete",
    method: "DELETE",
    url: (e) => oneConnection(e, e.state.confluent.connections[2]!.id),
    auth: "confluent-basic",
    status: 204,
  },
  {
    name: "confluent delete, again",
    method: "DELETE",
    url: (e) => oneConnection(e, "plattc-zzzzz"),
    auth: "confluent-basic",
    status: 404,
  },
  {
    name: "confluent delete, wrong token",
    method: "DELETE",
    url: (e) => oneConnection(e),
    auth: { Authorization: "Bearer nope" },
    status: 401,
  },
];

let emu: Emulator;
/** An emulator with no room for a create (`maxCreated: 0`), for the `full` cases. */
let full: Emulator;
const answers = new Map<string, Answer & { request: SentRequest }>();

async function run(c: Case): Promise<Answer & { request: SentRequest }> {
  const emu = c.full ? full : mainEmulator();
  const path = await c.url(emu);
  const url = `${emu.url}${path}`;
  const headers = new Headers();
  const value = typeof c.body === "function" ? (c.body as (emu: Emulator) => unknown)(emu) : c.body;
  const body = value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (c.auth === "otc-token") headers.set("X-Auth-Token", C.otc.token);
  else if (c.auth === "otc-aksk")
    signRequest(
      { method: c.method, url, headers, body: body ?? null },
      { accessKey: C.otc.accessKey, secretKey: C.otc.secretKey },
    );
  else if (c.auth === "confluent-basic") headers.set("Authorization", confluentBasic);
  else if (c.auth === "confluent-bearer") headers.set("Authorization", `Bearer ${C.confluent.token}`);
  else if (c.auth === "madconnect") headers.set("Authorization", `Bearer ${C.madconnect.token}`);
  else if (typeof c.auth === "object") for (const [k, v] of Object.entries(c.auth)) headers.set(k, v);
  emu.setFaults(c.faults ? { api: undefined, ...c.faults } : []);
  const res = await fetch(url, { method: c.method, headers, body });
  emu.clearFaults();
  return {
    request: { method: c.method, url: path, headers, body },
    method: c.method,
    path: new URL(url).pathname,
    status: res.status,
    headers: res.headers,
    text: await res.text(),
  };
}

const mainEmulator = () => emu;

/**
 * What is wrong with a case given what the spec says of its request. A request the spec refuses is
 * only right in a case that expects a 4xx (its error is then checked like any answer): otherwise the
 * case no longer fits the spec, and the emulator, which answered it, accepts what the vendor refuses.
 * A case `refusedBySpec` must send a request the spec refuses: otherwise the spec now accepts what
 * the emulator still refuses.
 */
function requestVerdict(c: Case, answer: Answer, problems: string[]): string[] {
  const module = emulatorModule(answer.path);
  if (problems.length === 0)
    return c.refusedBySpec
      ? [
          `case "${c.name}" expects ${c.status} for a request the spec refuses, but the spec now accepts it: make ${module} accept what the spec accepts (it answered ${answer.status}), and update the case (expect the success, or send a request the spec still refuses).`,
        ]
      : [];
  if (c.status >= 400 && c.status < 500) return [];
  const emulator =
    answer.status < 300
      ? `the emulator accepted it (${answer.status}), where the vendor answers 400 or 422: make ${module} refuse what the spec refuses`
      : `${module} answered ${answer.status}`;
  return [
    `case "${c.name}" expects ${c.status}, but its request no longer fits the spec: ${problems.join("; ")}. Update the case to send a request the spec accepts (or to expect the 4xx of one it refuses); ${emulator}.`,
  ];
}

beforeAll(async () => {
  full = await startEmulator({ seed: 11, maxCreated: 0, counts: { confluentConnections: 3 } });
  emu = await startEmulator({
    seed: 11,
    counts: { vpcepConnections: 1500, subnets: 300, confluentConnections: 150, madconnectConnections: 30 },
  });
  for (const c of cases) answers.set(c.name, await run(c));
});
afterAll(() => Promise.all([emu.close(), full.close()]));

describe("every emulator answer conforms to generated/openapi.yaml", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const answer = answers.get(c.name)!;
    expect(requestVerdict(c, answer, requestProblems(answer.request))).toEqual([]);
    expect(answer.status, answer.text.slice(0, 300)).toBe(c.status);
    expect(contractProblems(answer, c.undeclared?.schema)).toEqual([]);
  });

  it("sends every header the spec declares for each answer, optional ones too, but for the cases that say why not", () => {
    const missing = cases.flatMap((c) => {
      const answer = answers.get(c.name)!;
      const absent = declaredHeaders(answer).filter((header) => answer.headers.get(header) === null);
      return absent.join() === (c.withoutHeaders?.names.join() ?? "") ? [] : [`${c.name}: ${absent.join(", ")}`];
    });
    expect(missing).toEqual([]);
  });

  it("covers a success and an error of every operation of the spec", () => {
    const seen = new Map<string, Set<string>>();
    for (const c of cases) {
      const answer = answers.get(c.name)!;
      const op = findOperation(answer.method, answer.path, answer.status);
      if (!op) continue;
      const kinds = seen.get(op.operation.operationId) ?? new Set();
      kinds.add(answer.status < 300 ? "success" : "error");
      seen.set(op.operation.operationId, kinds);
    }
    const missing = operations
      .map((o) => o.operation.operationId)
      .filter((id) => !(seen.get(id)?.has("success") && seen.get(id)?.has("error")));
    expect(missing).toEqual([]);
  });

  it("keeps int64 marker_id values above 2^53 exact on the wire", () => {
    const answer = answers.get("vpcep list, 1000 asc by updated_at")!;
    const bigs = emu.state.otc.vpcep.services[0]!.connections.filter(
      (c) => c.marker_id > BigInt(Number.MAX_SAFE_INTEGER),
    );
    expect(bigs.length).toBeGreaterThan(0);
    const body = parseJson(answer.text) as { connections: { id: string; marker_id: number | bigint }[] };
    for (const big of bigs.filter((b) => body.connections.some((c) => c.id === b.id))) {
      expect(answer.text).toContain(`"marker_id":${big.marker_id}`);
      expect(body.connections.find((c) => c.id === big.id)!.marker_id).toBe(big.marker_id);
    }
  });

  it("MadConnect's HTTP-200 refusals carry a non-zero statusCode", () => {
    for (const name of [
      "madconnect status on deleted (HTTP 200, statusCode 409)",
      "madconnect delete again (HTTP 200, statusCode 409)",
    ]) {
      expect((parseJson(answers.get(name)!.text) as { statusCode: number }).statusCode).toBe(409);
    }
  });

  it("names the operation and the schema error when an answer does not conform", () => {
    const subnets = JSON.parse(answers.get("vpc list, defaults")!.text) as { subnets: Record<string, unknown>[] };
    delete subnets.subnets[0]!.cidr;
    subnets.subnets[1]!.status = "SLEEPING";
    const problems = contractProblems({
      ...answers.get("vpc list, defaults")!,
      text: JSON.stringify(subnets),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("listSubnets (GET /v1/{project_id}/subnets) → 200");
    expect(problems[0]).toContain("body/subnets/0 must have required property 'cidr'");
    expect(problems[0]).toContain(
      'body/subnets/1/status must be equal to one of the allowed values "ACTIVE", "UNKNOWN", "ERROR", got "SLEEPING" (schema',
    );
    const undeclared = contractProblems({ ...answers.get("vpc list, defaults")!, status: 418 });
    expect(undeclared).toEqual([
      "listSubnets (GET /v1/{project_id}/subnets) → 418: the spec declares no such response",
    ]);
  });

  it("reads response headers as OpenAPI does: optional unless required: true, checked when sent", () => {
    const refused = answers.get("confluent create, no room left (maxCreated; 409 without Location)")!;
    expect(refused.headers.get("location")).toBeNull();
    expect(contractProblems(refused)).toEqual([]);
    const required = structuredClone(spec);
    const conflict = (required.paths["/networking/v1/private-link-attachment-connections"]!.post as any).responses[
      "409"
    ];
    conflict.headers.Location.required = true;
    expect(createContract(required).contractProblems(refused)).toEqual([
      "createNetworkingV1PrivateLinkAttachmentConnection (POST /networking/v1/private-link-attachment-connections) → 409: required header Location is missing",
    ]);
    const created = answers.get("confluent create")!;
    expect(created.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/networking\/v1\//);
    expect(created.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const headers = new Headers(created.headers);
    headers.set("Location", "not a uri");
    headers.set("X-RateLimit-Limit", "many");
    expect(contractProblems({ ...created, headers })).toEqual([
      expect.stringContaining('→ 202: header X-RateLimit-Limit must be an integer, got "many"'),
      expect.stringContaining('→ 202: header Location must be a URI, got "not a uri"'),
    ]);
  });

  it("flags a body on a response that declares no content (Confluent's 429, a delete's 204)", () => {
    const limited = answers.get("confluent 429 (fault)")!;
    expect([limited.status, limited.text]).toEqual([429, ""]);
    const withBody = { ...limited, text: '{"errors":[{"status":"429"}]}' };
    expect(contractProblems(withBody)).toEqual([
      expect.stringMatching(
        /^listNetworkingV1PrivateLinkAttachmentConnections \(GET .*\) → 429: the spec declares no content, but the body is /,
      ),
    ]);
    const deleted = [...answers.values()].find((a) => a.method === "DELETE" && a.status === 204)!;
    expect(contractProblems({ ...deleted, text: "{}" })).toHaveLength(1);
  });

  it("leaves the deliberately broken fault answers (HTML 5xx, cut-off JSON) outside the contract", async () => {
    emu.setFaults({ serverError: true, times: 1 });
    const html = await fetch(`${emu.url}/v1/p/subnets`, { headers: { "X-Auth-Token": C.otc.token } });
    const problems = contractProblems({
      method: "GET",
      path: "/v1/p/subnets",
      status: 502,
      headers: html.headers,
      text: await html.text(),
    });
    expect(problems.join("\n")).toMatch(/content-type is text\/html|not JSON/);
  });
});

describe("every item the emulator holds conforms (every page of every list, reads of each kind)", () => {
  /** GETs `path` with `auth` and returns the answer, checked against the contract. */
  async function checked(path: string, auth: Auth): Promise<Answer> {
    const answer = await run({ name: path, method: "GET", url: () => path, auth, status: 200 });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    expect(contractProblems(answer)).toEqual([]);
    return answer;
  }

  it("OTC VPC Endpoint: every connection of every service", async () => {
    for (const service of emu.state.otc.vpcep.services) {
      const total = service.connections.length;
      for (let offset = 0; offset < total; offset += 1000)
        await checked(`/v1/p/vpc-endpoint-services/${service.id}/connections?limit=1000&offset=${offset}`, "otc-token");
    }
  });

  it("OTC VPC: every subnet", async () => {
    const answer = await checked(`/v1/p/subnets?limit=${emu.state.otc.vpc.subnets.length}`, "otc-token");
    expect((parseJson(answer.text) as { subnets: unknown[] }).subnets).toHaveLength(emu.state.otc.vpc.subnets.length);
  });

  it("Confluent: every page of every environment, and a connection of each cloud and phase read", async () => {
    for (const environment of emu.ids.confluentEnvironments) {
      let next: string | undefined =
        `/networking/v1/private-link-attachment-connections?environment=${environment}&page_size=100`;
      while (next) {
        const body = parseJson((await checked(next, "confluent-basic")).text) as { metadata: { next?: string } };
        next =
          body.metadata.next === undefined
            ? undefined
            : new URL(body.metadata.next).pathname + new URL(body.metadata.next).search;
      }
    }
    // Read one by one: one connection of each cloud and phase (a read settles a new one, as a list does).
    const kinds = new Map<string, (typeof emu.state.confluent.connections)[number]>();
    for (const c of emu.state.confluent.connections) kinds.set(`${c.cloud.kind} ${c.status.phase}`, c);
    expect(kinds.size).toBeGreaterThan(3);
    for (const connection of kinds.values())
      await checked(
        `/networking/v1/private-link-attachment-connections/${connection.id}?environment=${connection.environment}`,
        "confluent-bearer",
      );
  });

  it("MadConnect: every connection of every account, deleted ones too, and each one read", async () => {
    for (const accountId of [emu.ids.madconnectAccountId, ...emu.ids.madconnectSubAccountIds]) {
      for (const status of ["all", "deleted"])
        await checked(`/es/v2/connections?accountId=${accountId}&size=1000&status=${status}`, "madconnect");
    }
    for (const connection of emu.state.madconnect.connections)
      await checked(`/es/v2/connections/${connection.id}?accountId=${connection.accountId}`, "madconnect");
  });
});

/** A copy of `doc` without property `name` anywhere in the subtree at `pointer` (a field removed from a spec). */
function withoutProperty(doc: OpenApi, pointer: string[], name: string): OpenApi {
  const copy = structuredClone(doc);
  const remove = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(remove);
    else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, unknown> | undefined;
      if (properties && typeof properties === "object" && name in properties) {
        delete properties[name];
        if (Array.isArray(record.required)) record.required = record.required.filter((r) => r !== name);
      }
      Object.values(record).forEach(remove);
    }
  };
  remove(pointer.reduce<any>((node, segment) => node[segment], copy));
  return copy;
}

describe("a spec change the emulator does not follow fails, saying what to change", () => {
  it("a field removed from a component schema (MadConnect Connection.env): list and get drift", () => {
    const drifted = createContract(withoutProperty(spec, ["components", "schemas", "MadConnect_Connection"], "env"));
    expect(drifted.contractProblems(answers.get("madconnect get")!)).toEqual([
      expect.stringMatching(
        /^getConnection \(GET \/es\/v2\/connections\/\{connection_id\}\) → 200: body\/response has undeclared property "env" \(schema #\/paths\/~1es~1v2~1connections~1\{connection_id\}\/get\/responses\/200\/content\/application~1json\/schema; change src\/emulator\/madconnect\.ts /,
      ),
    ]);
    expect(drifted.contractProblems(answers.get("madconnect list, defaults")!)).toEqual([
      expect.stringContaining('body/response/* (10 items) has undeclared property "env"'),
    ]);
    // The spec as it is: no problem.
    expect(contractProblems(answers.get("madconnect get")!)).toEqual([]);
  });

  it("a nested field removed from an inline schema (Confluent list: spec.display_name)", () => {
    const list = ["paths", "/networking/v1/private-link-attachment-connections", "get", "responses", "200"];
    const drifted = createContract(withoutProperty(spec, list, "display_name"));
    const problems = drifted.contractProblems(answers.get("confluent list, defaults")!);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'listNetworkingV1PrivateLinkAttachmentConnections (GET /networking/v1/private-link-attachment-connections) → 200: body/data/*/spec (10 items) has undeclared property "display_name"',
    );
    expect(problems[0]).toContain("change src/emulator/confluent.ts");
  });

  it("a field removed inside a oneOf branch (Confluent AWS cloud status) is found in the branch that matched", () => {
    const name = "Confluent_networking.v1.AwsPrivateLinkAttachmentConnectionStatus";
    const drifted = createContract(withoutProperty(spec, ["components", "schemas", name], "vpc_endpoint_service_name"));
    const answer = answers.get("confluent list, max page")!;
    const aws = (parseJson(answer.text) as { data: { status: { cloud?: { kind: string } } }[] }).data.filter(
      (c) => c.status.cloud?.kind === "AwsPrivateLinkAttachmentConnectionStatus",
    );
    expect(aws.length).toBeGreaterThan(0);
    const problems = drifted.contractProblems(answer).join("\n");
    expect(problems).toContain('has undeclared property "vpc_endpoint_service_name"');
  });

  it("additionalProperties: true does not excuse an undeclared property (MadConnect create's response)", () => {
    const answer = answers.get("madconnect create (page's sample curl body)")!;
    const body = parseJson(answer.text) as { response: Record<string, unknown> };
    expect(body.response).toEqual({});
    const extra = { ...answer, text: JSON.stringify({ ...body, response: { id: "849b79953b98fe11" } }) };
    expect(contractProblems(extra)).toEqual([
      expect.stringContaining(
        'createConnection (POST /es/v2/connections) → 200: body/response has undeclared property "id"',
      ),
    ]);
    // The MadConnect_UndocumentedObject schema itself says additionalProperties: true.
    expect(spec.components.schemas!["MadConnect_UndocumentedObject"]).toMatchObject({ additionalProperties: true });
  });
});

describe("a failure names the value and the member it is about", () => {
  const answer = () => answers.get("vpc list, defaults")!;
  const subnetsOf = () => JSON.parse(answer().text) as { subnets: Record<string, unknown>[] };

  it("a wrong enum value or type names the value sent, and the allowed values or the type expected", () => {
    const body = subnetsOf();
    body.subnets[0]!.cidr = 5;
    body.subnets[1]!.dhcp_enable = "yes";
    const problems = contractProblems({ ...answer(), text: JSON.stringify(body) }).join("\n");
    expect(problems).toContain("body/subnets/0/cidr must be string, got number 5;");
    expect(problems).toContain('body/subnets/1/dhcp_enable must be boolean, got string "yes"');
  });

  it("items with the same problem show their distinct values, at most three", () => {
    const body = subnetsOf();
    ["A", "B", "A", "C", "D"].forEach((status, i) => (body.subnets[i]!.status = status));
    const problems = contractProblems({ ...answer(), text: JSON.stringify(body) }).join("\n");
    expect(problems).toContain(
      'body/subnets/*/status (5 items) must be equal to one of the allowed values "ACTIVE", "UNKNOWN", "ERROR", got "A", "B", "C", … (1 more)',
    );
  });

  /** The Confluent read, its status.cloud replaced. */
  function withStatusCloud(cloud: Record<string, unknown>): Answer {
    const read = answers.get("confluent get")!;
    const body = parseJson(read.text) as { status: Record<string, unknown> };
    return { ...read, text: JSON.stringify({ ...body, status: { ...body.status, cloud } }) };
  }
  const GET_ONE =
    "getNetworkingV1PrivateLinkAttachmentConnection (GET /networking/v1/private-link-attachment-connections/{id}) → 200: ";
  const AWS_STATUS = "AwsPrivateLinkAttachmentConnectionStatus";
  const AS_AWS = `body/status/cloud matches no member of its oneOf; checked as Confluent_networking.v1.${AWS_STATUS}, the member its kind "${AWS_STATUS}" names`;

  it("a oneOf member missing a required field: only the member its discriminator names is reported", () => {
    const aws = withStatusCloud({ kind: AWS_STATUS, vpc_endpoint_service_name: "com.amazonaws.vpce.x" });
    expect(contractProblems(aws)).toEqual([
      `${GET_ONE}${AS_AWS}; body/status/cloud must have required property 'vpc_endpoint_id' (schema #/paths/~1networking~1v1~1private-link-attachment-connections~1{id}/get/responses/200/content/application~1json/schema; change src/emulator/confluent.ts to answer what the spec declares, or the spec if the emulator is right)`,
    ]);
  });

  it("an undeclared property inside a oneOf member is still reported, when the member matches and when it does not", () => {
    const complete = { kind: AWS_STATUS, vpc_endpoint_service_name: "com.amazonaws.vpce.x", vpc_endpoint_id: "vpce-1" };
    expect(contractProblems(withStatusCloud(complete))).toEqual([]);
    expect(contractProblems(withStatusCloud({ ...complete, color: "red" }))).toEqual([
      expect.stringContaining(`${GET_ONE}body/status/cloud has undeclared property "color" (schema`),
    ]);
    // Azure's field on an AWS status: undeclared for the member its kind names, though Azure declares it.
    const { vpc_endpoint_id: _, ...incomplete } = complete;
    expect(contractProblems(withStatusCloud({ ...incomplete, private_link_service_alias: "pls" }))).toEqual([
      expect.stringContaining(
        `${GET_ONE}${AS_AWS}; body/status/cloud must have required property 'vpc_endpoint_id'; body/status/cloud has undeclared property "private_link_service_alias" (schema`,
      ),
    ]);
  });

  it("without a discriminator value that names a member, the member with the fewest problems is reported", () => {
    const unnamed = withStatusCloud({ kind: "Aws", vpc_endpoint_service_name: "com.amazonaws.vpce.x" });
    expect(contractProblems(unnamed)).toEqual([
      expect.stringContaining(
        `${GET_ONE}body/status/cloud matches no member of its oneOf; checked as Confluent_networking.v1.${AWS_STATUS}, the member with the fewest problems; body/status/cloud must have required property 'vpc_endpoint_id'; body/status/cloud/kind must be equal to one of the allowed values "${AWS_STATUS}", got "Aws" (schema`,
      ),
    ]);
  });
});

/** A copy of the spec with `edit` applied to the node at `pointer`. */
function edited(pointer: string[], edit: (node: any) => void): OpenApi {
  const copy = structuredClone(spec);
  edit(pointer.reduce<any>((node, segment) => node[segment], copy));
  return copy;
}

describe("a request-side spec change the emulator does not follow fails the case that sends it", () => {
  /** The verdict on a case against the edited spec. */
  function verdict(doc: OpenApi, name: string): string[] {
    const c = cases.find((k) => k.name === name)!;
    const answer = answers.get(name)!;
    return requestVerdict(c, answer, createContract(doc).requestProblems(answer.request));
  }
  const acceptedIt = (module: string) =>
    `the emulator accepted it (200), where the vendor answers 400 or 422: make ${module} refuse what the spec refuses.`;

  it("every case sends a request the spec accepts, but those that expect a 4xx (checked per case above)", () => {
    const refused = cases.filter((c) => requestProblems(answers.get(c.name)!.request).length > 0);
    expect(refused.length).toBeGreaterThan(10);
    expect(refused.filter((c) => c.status < 400 || c.status >= 500).map((c) => c.name)).toEqual([]);
  });

  it("a request enum value removed (AcceptOrRejectConnectionsRequest.action: reject)", () => {
    const doc = edited(["components", "schemas", "OtcVpcep_AcceptOrRejectConnectionsRequest", "properties"], (p) => {
      p.action.enum = p.action.enum.filter((v: string) => v !== "reject");
    });
    expect(verdict(doc, "vpcep reject")).toEqual([
      `case "vpcep reject" expects 200, but its request no longer fits the spec: acceptOrRejectConnections (POST /v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections/action) request: body/action must be equal to one of the allowed values "receive", got "reject". Update the case to send a request the spec accepts (or to expect the 4xx of one it refuses); ${acceptedIt("src/emulator/otc.ts")}`,
    ]);
    expect(verdict(spec, "vpcep reject")).toEqual([]);
  });

  it("a new required request field (subnet.zone_hint)", () => {
    const doc = edited(["components", "schemas", "OtcVpc_CreateSubnetOption"], (option) => {
      option.properties.zone_hint = { type: "string" };
      option.required.push("zone_hint");
    });
    expect(verdict(doc, "vpc create (page's example)")).toEqual([
      expect.stringContaining(
        "request no longer fits the spec: createSubnet (POST /v1/{project_id}/subnets) request: body/subnet must have required property 'zone_hint'.",
      ),
    ]);
  });

  it("a query enum value removed (status=failed) and a lower maximum (limit ≤ 5)", () => {
    const path = ["paths", "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", "get"];
    const doc = edited(path, (operation) => {
      const byName = (n: string) => operation.parameters.find((p: { name: string }) => p.name === n);
      byName("status").schema.enum = byName("status").schema.enum.filter((v: string) => v !== "failed");
      byName("limit").schema.maximum = 5;
    });
    expect(verdict(doc, "vpcep list, all filters")).toEqual([
      expect.stringContaining(
        'request: query parameter status must be equal to one of the allowed values "pendingAcceptance", "accepted", "rejected", got "failed"; listEndpointServiceConnections (GET /v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections) request: query parameter limit must be <= 5.',
      ),
    ]);
    expect(verdict(doc, "vpcep list, 1000 asc by updated_at")).toEqual([
      expect.stringContaining(`request: query parameter limit must be <= 5. Update the case`),
    ]);
    // A case that expects the 4xx of a request the spec refuses stays right.
    expect(verdict(doc, "vpcep limit too large")).toEqual([]);
  });

  it("a request enum value added (vpcep status=deleting): the case about its refusal fails until the emulator accepts it", () => {
    const path = ["paths", "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", "get"];
    const doc = edited(path, (operation) => {
      operation.parameters.find((p: { name: string }) => p.name === "status").schema.enum.push("deleting");
    });
    expect(verdict(doc, "vpcep bad status")).toEqual([
      'case "vpcep bad status" expects 400 for a request the spec refuses, but the spec now accepts it: make src/emulator/otc.ts accept what the spec accepts (it answered 400), and update the case (expect the success, or send a request the spec still refuses).',
    ]);
    expect(verdict(spec, "vpcep bad status")).toEqual([]);
  });

  it("an undeclared query parameter, a path parameter, a missing body", () => {
    const { requestProblems: problems } = createContract(spec);
    const headers = new Headers({ "Content-Type": "application/json" });
    expect(problems({ method: "GET", url: "/es/v2/connections?colour=red&size=2&size=3", headers })).toEqual([
      "listConnections (GET /es/v2/connections) request: query parameter size is sent 2 times, the spec declares one value",
      "listConnections (GET /es/v2/connections) request: query parameter colour is not declared",
    ]);
    expect(problems({ method: "POST", url: "/es/v2/connections", headers })).toEqual([
      "createConnection (POST /es/v2/connections) request: the spec requires a body, and none is sent",
    ]);
    const status = "updateConnectionStatus (PUT /es/v2/connections/{connection_id}/status/{status}) request:";
    expect(problems({ method: "PUT", url: "/es/v2/connections/x/status/pause", headers })).toEqual([
      `${status} path parameter connection_id must NOT have fewer than 16 characters`,
      `${status} path parameter status must be equal to one of the allowed values "activate", "enable", "disable", got "pause"`,
    ]);
  });
});
