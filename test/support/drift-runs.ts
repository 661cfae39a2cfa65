// The drift report's runs against the emulator, which test/drift-report.test.ts checks and
// test/drift-roundtrip.e2e.test.ts turns into spec edits: one listing run (`npm run drift`'s collectDrift)
// per drift fault of the emulator, and one with answers bent by a proxy in ways no fault bends them.
import path from "node:path";
import { listings } from "../../src/cli/list-all.js";
import { parseJson, stringifyJson } from "../../src/core/json.js";
import { DRIFT_FAULTS, startEmulator, type DriftFault, type Emulator } from "../../src/emulator/index.js";
import { startServer } from "./http-server.js";
import { loadGeneratedValidators, SMALL_COUNTS } from "./generated-validators.js";
// @ts-expect-error untyped project script
import { collectDrift } from "../../scripts/lib/drift-report.mjs";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A response the proxy served: what the clients of a report were given. */
export type Served = { method: string; path: string; status: number; text: string };
export type Report = { groups: Group[]; failures: { api: string; message: string }[]; targets: unknown[] };
export type Group = {
  api: string;
  operationId: string;
  kind: string;
  pointer: string;
  edit: any;
  moreEdits?: any[];
  count: number;
  samples: string[];
};
export type Run = { report: Report; served: Served[] };

/**
 * A Confluent list answer whose first three connections drift inside their `spec.cloud` (a oneOf by
 * cloud); a MadConnect one whose first connection's totalVolume is beyond 2^53 (a bigint).
 */
function bend(body: any): void {
  if (Array.isArray(body?.response) && body.response.length > 0) body.response[0].totalVolume = 2n ** 60n;
  if (!Array.isArray(body?.data) || body.data.length < 3) return;
  const gcp = { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: "1" };
  body.data[0].spec.cloud = { ...gcp, region: "us-east1" }; // a property the GCP member does not declare
  body.data[1].spec.cloud = { kind: gcp.kind }; // without the GCP member's required id
  // An AWS connection with a region too: one finding at /data/*/spec/cloud/region, in two members.
  body.data[2].spec.cloud = { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-1", region: "x" };
}

/**
 * The emulator behind a recording proxy, and the report of a run for each of its drift faults (by the
 * fault's name) and of one run bent by the proxy ("bent"); `report` runs once more; `close` ends both.
 */
export async function startDriftRuns() {
  const emu = await startEmulator({ port: 0, seed: 7, counts: SMALL_COUNTS });
  /** How the proxy changes each JSON answer (nothing by default). */
  let bending: (body: unknown) => void = () => {};
  let served: Served[] = [];
  const proxy = await startServer(async (request, res) => {
    const headers = { ...request.headers } as Record<string, string>;
    delete headers.host;
    delete headers["content-length"];
    const answer = await fetch(`${emu.url}${request.url}`, { method: request.method, headers });
    let text = await answer.text();
    if (text && answer.headers.get("content-type")?.includes("json")) {
      const body = parseJson(text);
      bending(body);
      text = stringifyJson(body);
    }
    served.push({
      method: request.method,
      path: new URL(request.url, proxy.url).pathname,
      status: answer.status,
      text,
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(text);
  });

  /** The report of one listing run against the emulator with the drift fault of `kind` (none: as it is). */
  async function report(kind?: DriftFault): Promise<Run> {
    emu.setFaults(kind ? { drift: kind } : []);
    served = [];
    const through = { url: proxy.url, ids: emu.ids, credentials: emu.credentials } as Emulator;
    const result = await collectDrift({
      root: ROOT,
      listings,
      emulator: async () => through,
      loadValidators: loadGeneratedValidators,
      parseJson,
    });
    return { report: result as Report, served };
  }

  const runs = new Map<string, Run>();
  for (const kind of DRIFT_FAULTS) runs.set(kind, await report(kind));
  bending = bend;
  runs.set("bent", await report());
  bending = () => {};
  const close = async () => {
    await proxy.close();
    await emu.close();
  };
  return { runs, report, close };
}
