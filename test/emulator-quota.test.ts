// `maxCreated` (README, "The emulator, for your own tests"): each API holds at most `maxCreated`
// resources more than its generated dataset had, counted when the dataset is made (at start and on
// reset()), so a delete makes room whether it comes before the creates or between them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../src/emulator/index.js";

const { otc, confluent, madconnect } = EMULATOR_CREDENTIALS;
const JSON_TYPE = { "Content-Type": "application/json" };
const CONFLUENT_PATH = "/networking/v1/private-link-attachment-connections";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    maxCreated: 1,
    counts: { subnets: 3, confluentConnections: 3, madconnectConnections: 3, madconnectSubAccounts: 0 },
  });
});
afterAll(() => emu.close());

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, ...JSON_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as { statusCode?: number } };
}

/** A create or a delete of the first generated resource, as "created", "deleted" or what was answered. */
type Step = () => Promise<string>;
let serial = 0;

const apis: Record<string, { create: Step; deleteGenerated: Step }> = {
  "OTC VPC": {
    create: async () => {
      const third = ++serial % 250;
      const subnet = { name: `q${serial}`, cidr: `172.16.${third}.0/24`, gateway_ip: `172.16.${third}.1` };
      const answer = await send(
        "POST",
        "/v1/p/subnets",
        { "X-Auth-Token": otc.token },
        {
          subnet: { ...subnet, vpc_id: emu.ids.vpcIds[0] },
        },
      );
      return answer.status === 200 ? "created" : String(answer.status);
    },
    deleteGenerated: async () => {
      const { id, vpc_id } = emu.state.otc.vpc.subnets[0]!;
      const answer = await send("DELETE", `/v1/p/vpcs/${vpc_id}/subnets/${id}`, { "X-Auth-Token": otc.token });
      return answer.status === 204 ? "deleted" : String(answer.status);
    },
  },
  Confluent: {
    create: async () => {
      const [attachment] = emu.ids.confluentAttachmentDetails;
      expect(attachment!.cloud).toBe("AWS");
      const answer = await send(
        "POST",
        CONFLUENT_PATH,
        { Authorization: `Bearer ${confluent.token}` },
        {
          spec: {
            environment: { id: emu.ids.confluentEnvironment },
            private_link_attachment: { id: attachment!.id },
            cloud: {
              kind: "AwsPrivateLinkAttachmentConnection",
              vpc_endpoint_id: `vpce-${String(++serial).padStart(17, "0")}`,
            },
          },
        },
      );
      return answer.status === 202 ? "created" : String(answer.status);
    },
    deleteGenerated: async () => {
      const { id, environment } = emu.state.confluent.connections[0]!;
      const answer = await send("DELETE", `${CONFLUENT_PATH}/${id}?environment=${environment}`, {
        Authorization: `Bearer ${confluent.token}`,
      });
      return answer.status === 204 ? "deleted" : String(answer.status);
    },
  },
  MadConnect: {
    create: async () => {
      const answer = await send(
        "POST",
        "/es/v2/connections",
        { Authorization: `Bearer ${madconnect.token}` },
        {
          name: `q${++serial}`,
          srcConnectorId: emu.ids.madconnectSourceConnectorIds[0],
          destConnectorId: emu.ids.madconnectDestinationConnectorIds[0],
        },
      );
      return answer.body.statusCode === 0 ? "created" : String(answer.body.statusCode);
    },
    deleteGenerated: async () => {
      const { id } = emu.state.madconnect.connections.find((c) => !c.deleted)!;
      const answer = await send("DELETE", `/es/v2/connections/${id}`, { Authorization: `Bearer ${madconnect.token}` });
      return answer.body.statusCode === 0 ? "deleted" : String(answer.body.statusCode);
    },
  },
};

describe("maxCreated: a delete of a generated resource makes room, before the creates or between them", () => {
  it.each(Object.keys(apis))("%s", async (name) => {
    const { create, deleteGenerated } = apis[name]!;
    const run = async (order: "delete first" | "create first") => {
      const steps =
        order === "delete first"
          ? [await deleteGenerated(), await create(), await create()]
          : [await create(), await deleteGenerated(), await create()];
      steps.push(await create()); // the collection is full: one more than generated, less the one deleted
      return steps.filter((step) => step !== "deleted");
    };
    // No reset first: each API's collection is its own, untouched by the other APIs' runs.
    expect(await run("delete first")).toEqual(["created", "created", "409"]);
    emu.reset();
    expect(await run("create first")).toEqual(["created", "created", "409"]);
    emu.reset();
    expect(await run("delete first")).toEqual(["created", "created", "409"]);
  });
});
