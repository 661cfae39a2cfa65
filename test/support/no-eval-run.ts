// Run by test/drift-no-eval.test.ts in a Node process started with --disallow-code-generation-from-strings
// (what a strict Content Security Policy does to eval and new Function): each vendor's list call with
// validation on, first clean, then with the emulator's `drift` fault. Prints one JSON line.
import { createConfluentClient } from "../../src/confluent/index.js";
import { DriftError } from "../../src/index.js";
import { createMadConnectClient } from "../../src/madconnect/index.js";
import { startEmulator } from "../../src/emulator/index.js";
import { createVpcClient, createVpcepClient } from "../../src/otc/index.js";

let refused = "";
try {
  new Function("return 1")();
} catch (error) {
  refused = (error as Error).name;
}

const emu = await startEmulator({
  port: 0,
  seed: 3,
  counts: { vpcepConnections: 5, subnets: 5, confluentConnections: 5, madconnectConnections: 5 },
});
const { ids, credentials } = emu;
const common = { baseUrl: emu.url, retry: false as const, validate: "throw" as const };
const otc = { ...common, auth: { token: credentials.otc.token } };
const project = { project_id: ids.otcProjectId };
const vpcep = createVpcepClient(otc);
const vpc = createVpcClient(otc);
const confluent = createConfluentClient({ ...common, auth: credentials.confluent });
const madconnect = createMadConnectClient({
  ...common,
  auth: { token: credentials.madconnect.token },
  accountId: credentials.madconnect.accountId,
});
const calls: Record<string, () => Promise<unknown>> = {
  vpcep: () =>
    vpcep.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", {
      params: { path: { ...project, vpc_endpoint_service_id: ids.vpcepServiceId } },
    }),
  vpc: () => vpc.GET("/v1/{project_id}/subnets", { params: { path: project } }),
  confluent: () =>
    confluent.GET("/networking/v1/private-link-attachment-connections", {
      params: { query: { environment: ids.confluentEnvironment } },
    }),
  madconnect: () => madconnect.GET("/es/v2/connections"),
};

const results: Record<string, { clean: string; drifted: string }> = {};
const outcome = (call: () => Promise<unknown>) =>
  call().then(
    (result) => `status ${(result as { response: Response }).response.status}`,
    (error: unknown) =>
      error instanceof DriftError
        ? `DriftError ${error.findings.map((f) => `${f.kind} ${f.pointer}`).join(", ")}`
        : `${(error as Error).name}: ${(error as Error).message}`,
  );
try {
  for (const [api, call] of Object.entries(calls)) {
    const clean = await outcome(call);
    emu.setFaults({ drift: "undeclared-property", times: 1 });
    const drifted = await outcome(call);
    results[api] = { clean, drifted };
  }
} finally {
  await emu.close();
}
console.log(JSON.stringify({ refused, results }));
