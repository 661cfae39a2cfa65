// What a warn-mode drift check (src/core/drift.ts) finds in one body, for tests that call it directly.
import { createDriftCheck, type Drift, type ResponseValidators } from "../../src/core/drift.js";

/** The findings of GET `path` (a path template of `validators`) answered 200 with `body`. */
export async function findingsAt(validators: ResponseValidators, path: string, body: unknown): Promise<Drift[]> {
  const found: Drift[] = [];
  const check = createDriftCheck({
    vendor: "otc",
    mode: "warn",
    onDrift: (d) => found.push(d),
    redact: (t) => t,
    validators,
  });
  await check("GET", path, new Response(null, { status: 200 }), body);
  return found;
}

/** The findings of an OTC VPC subnets list answered 200 with `body`, checked by `validators`. */
export const subnetListFindings = (validators: ResponseValidators, body: unknown): Promise<Drift[]> =>
  findingsAt(validators, "/v1/{project_id}/subnets", body);

/** A finding of the OTC VPC subnets list, as a client's onDrift gets it: an undeclared property unless `finding` says otherwise. */
export const subnetDrift = (finding: Partial<Drift> = {}): Drift => ({
  vendor: "otc",
  operationId: "listSubnets",
  method: "GET",
  path: "/v1/{project_id}/subnets",
  status: 200,
  pointer: "/subnets/0/extra_field",
  kind: "undeclared-property",
  expected: "no such property in the spec",
  actual: 1,
  count: 1,
  samples: [1],
  actualTypes: ["integer"],
  omitted: 0,
  ...finding,
});

export const CONFLUENT_LIST = "listNetworkingV1PrivateLinkAttachmentConnections";
/** What `npm run drift`'s report reads of each API's generated validators: which operations are the API's (here one each). */
const LISTED_OPERATIONS: Record<string, Record<string, { operationId: string }>> = {
  "otc-vpc": { "GET /v1/{project_id}/subnets": { operationId: "listSubnets" } },
  confluent: { "GET /networking/v1/private-link-attachment-connections": { operationId: CONFLUENT_LIST } },
};
/** collectDrift's `loadValidators` for OTC VPC's and Confluent's lists (no other API has an operation). */
export const loadListValidators = async (api: string) => ({ responses: LISTED_OPERATIONS[api] ?? {} });
