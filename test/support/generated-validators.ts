// The committed validators of each API (generated/<api>.validators.ts), loaded as a client with
// `validate` on loads them; and small emulator data sets for tests that list everything.
const VALIDATORS: Record<string, () => Promise<unknown>> = {
  "otc-vpcep": () => import("../../generated/otc-vpcep.validators.js"),
  "otc-vpc": () => import("../../generated/otc-vpc.validators.js"),
  confluent: () => import("../../generated/confluent.validators.js"),
  madconnect: () => import("../../generated/madconnect.validators.js"),
};

/** The APIs, in the order of redocly.yaml. */
export const APIS = Object.keys(VALIDATORS);

export const loadGeneratedValidators = (api: string): Promise<unknown> => VALIDATORS[api]!();

/** 20 resources per API: every listing of the emulator in one page or two. */
export const SMALL_COUNTS = { vpcepConnections: 20, subnets: 20, confluentConnections: 20, madconnectConnections: 20 };
