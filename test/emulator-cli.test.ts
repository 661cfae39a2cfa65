// `npm run emulator` (src/emulator/cli.ts, the `connectivity-emulator` bin): it starts, prints where
// it listens and the credentials and ids to use, serves the four APIs as printed, stops on SIGINT and
// SIGTERM, and refuses a bad command line with its usage and exit code 2. One real process (bundled
// from src) for what only a process shows: the banner on stdout and a real signal; the rest in-process,
// by importing the module as the process would run it (its argv set, process.exit and console stubbed).
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleForNode } from "./support/node-bundle.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseJson } from "../src/core/json.js";
import { OTHER_SCOPE_CONNECTIONS, createDataset, datasetIds } from "../src/emulator/index.js";
import { signRequest } from "../src/otc/signer.js";
import { startServer } from "./support/http-server.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "src/emulator/cli.ts");
const COUNTS = { vpcepConnections: 4, subnets: 3, confluentConnections: 5, madconnectConnections: 6 };
const COUNT_FLAGS = ["--vpcep-connections", "4", "--subnets", "3", "--confluent-connections", "5"];
const SEED = 7;

/** The lines of the banner that say how to call each API, read as a user would. */
function readBanner(text: string) {
  const field = (pattern: RegExp) => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`the banner has no ${pattern}:\n${text}`);
    return match.slice(1);
  };
  const [url, seed] = field(/^connectivity-clients emulator listening on (http:\/\/\S+)  \(seed (\d+)\)$/m);
  return {
    url: url!,
    seed: Number(seed),
    vpcepList: field(/^OTC VPC Endpoint +GET (\S+)$/m)[0]!,
    subnetList: field(/^OTC VPC +GET (\S+)$/m)[0]!,
    tenant: field(/^ +project_id: +any \(the data's tenant is (\S+)\)$/m)[0]!,
    otcToken: field(/^ +X-Auth-Token: (\S+)$/m)[0]!,
    aksk: field(/^ +AK\/SK: +accessKey (\S+) +secretKey (\S+)$/m),
    confluentList: field(/^Confluent +GET (\S+)$/m)[0]!,
    environments: field(/^ +environments: (.+)$/m)[0]!.split(", "),
    attachments: field(/^ +attachments: +(.+)$/m)[0]!.split(", "),
    basic: field(/^ +Basic: +apiKey (\S+) +apiSecret (\S+)$/m),
    confluentBearer: field(/^ +Bearer: +(\S+)$/m)[0]!,
    madconnectList: field(/^MadConnect +(\S+)$/m)[0]!,
    madconnectBearer: field(/^MadConnect .*\n +Bearer: +(\S+)$/m)[0]!,
    madconnectAccounts: field(/^ +accountId: +(\S+) \(the token's own; sub-accounts: (.+)\)$/m),
    connectors: field(/^ +connectors: +sources (.+); destinations (.+)$/m).map((list) => list.split(", ")),
  };
}

async function getJson(url: string, headers: Record<string, string>): Promise<any> {
  const response = await fetch(url, { headers });
  expect(response.status, url).toBe(200);
  return parseJson(await response.text());
}

describe("connectivity-emulator as a process", () => {
  const dir = path.join(ROOT, "node_modules", ".cache", "connectivity-emulator-cli-test");
  const main = path.join(dir, `cli-${process.pid}.mjs`);

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // Bundled from src (dependencies stay imports), as tsc would compile it.
    await bundleForNode(CLI, main, { packages: "external" });
  });
  afterAll(() => rmSync(main, { force: true }));

  it("prints where it listens and how to call each API, serves the four APIs as printed, and stops on Ctrl-C (SIGINT) with exit code 0", async () => {
    const child = spawn(
      process.execPath,
      [main, "--port", "0", "--seed", String(SEED), ...COUNT_FLAGS, "--madconnect-connections=6"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    try {
      await vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`exited early (${child.exitCode}): ${stderr}`);
          expect(stdout).toContain("Ctrl-C to stop.");
        },
        { timeout: 20_000, interval: 20 },
      );
      const banner = readBanner(stdout);
      expect(banner.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(banner.url).not.toMatch(/:0$/); // the port the system gave, not the 0 asked for
      expect(banner.seed).toBe(SEED);

      // The data is the seed's, with the counts given on the command line.
      const state = createDataset(SEED, COUNTS);
      const ids = datasetIds(state);
      expect(banner.tenant).toBe(ids.otcProjectId);
      expect(banner.environments).toEqual(ids.confluentEnvironments);
      expect(banner.attachments).toEqual(ids.confluentAttachmentDetails.map((a) => `${a.id} (${a.cloud})`));
      expect(banner.madconnectAccounts).toEqual([ids.madconnectAccountId, ids.madconnectSubAccountIds.join(", ")]);
      expect(banner.connectors).toEqual([ids.madconnectSourceConnectorIds, ids.madconnectDestinationConnectorIds]);

      // Each API, called as printed: the URL as written ({project_id} filled in), the credentials shown.
      const otcUrl = (printed: string) => printed.replace("{project_id}", banner.tenant);
      const vpcep = await getJson(otcUrl(banner.vpcepList), { "X-Auth-Token": banner.otcToken });
      expect(vpcep.total_count).toBe(COUNTS.vpcepConnections);
      expect(vpcep.connections.map((c: { id: string }) => c.id).sort()).toEqual(
        state.otc.vpcep.services[0]!.connections.map((c) => c.id).sort(),
      );
      const signed = new Headers();
      signRequest(
        { method: "GET", url: otcUrl(banner.subnetList), headers: signed, body: null },
        { accessKey: banner.aksk[0]!, secretKey: banner.aksk[1]! },
      );
      const subnets = await getJson(otcUrl(banner.subnetList), Object.fromEntries(signed));
      expect(subnets.subnets.map((s: { id: string }) => s.id)).toEqual(state.otc.vpc.subnets.map((s) => s.id));

      const basic = `Basic ${Buffer.from(banner.basic.join(":")).toString("base64")}`;
      for (const authorization of [basic, `Bearer ${banner.confluentBearer}`]) {
        const confluent = await getJson(banner.confluentList, { Authorization: authorization });
        expect(confluent.metadata.total_size).toBe(COUNTS.confluentConnections);
      }

      const madconnect = { Authorization: `Bearer ${banner.madconnectBearer}` };
      const own = await getJson(banner.madconnectList, madconnect);
      expect(own.response).toHaveLength(COUNTS.madconnectConnections);
      expect(own.response.every((c: { accountId: string }) => c.accountId === banner.madconnectAccounts[0])).toBe(true);
      const sub = await getJson(`${banner.madconnectList}?accountId=${banner.madconnectAccounts[1]}`, madconnect);
      expect(sub.response).toHaveLength(OTHER_SCOPE_CONNECTIONS);

      expect(child.kill("SIGINT")).toBe(true);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stdout.trimEnd().split("\n").at(-1)).toBe("SIGINT: stopping");
      expect(stderr).toBe("");
      // Stopped: nothing listens there any more.
      await expect(fetch(banner.url)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);
});

describe("connectivity-emulator in-process: its command line", () => {
  const signals = ["SIGINT", "SIGTERM"] as const;
  let runs = 0;
  let listenersBefore: Record<string, Function[]> = {};
  const addedListeners = (signal: (typeof signals)[number]) =>
    process.listeners(signal).filter((listener) => !listenersBefore[signal]!.includes(listener));

  /**
   * Runs the CLI module with `args` in this process, as `node cli.js ...args` would: what it printed
   * (console.log, console.error), and the exit code it exits with (a promise: it may never exit).
   */
  async function run(args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    vi.spyOn(console, "log").mockImplementation((text: string) => void stdout.push(text));
    vi.spyOn(console, "error").mockImplementation((text: string) => void stderr.push(String(text)));
    const exitSpy = vi.spyOn(process, "exit").mockImplementation(((code: number) => exit(code)) as never);
    listenersBefore = Object.fromEntries(signals.map((signal) => [signal, process.listeners(signal)]));
    const argv = process.argv;
    process.argv = [process.execPath, CLI, ...args];
    try {
      // A fresh instance of the module each time: it runs its command line when loaded.
      await import(`${pathToFileURL(CLI).href}?run=${++runs}`);
    } finally {
      process.argv = argv;
    }
    return { stdout, stderr, exited, exitSpy };
  }

  afterEach(() => {
    for (const signal of signals) for (const listener of addedListeners(signal)) process.off(signal, listener);
    vi.restoreAllMocks();
  });

  it("stops on SIGTERM: closes the server, says so once, and exits 0 (a second signal while stopping is ignored)", async () => {
    const { stdout, exited, exitSpy } = await run(["--port", "0", "--subnets", "2", "--vpcep-connections", "1"]);
    await vi.waitFor(() => expect(stdout.join("\n")).toContain("Ctrl-C to stop."), { timeout: 10_000, interval: 10 });
    const { url, otcToken } = readBanner(stdout.join("\n"));
    const headers = { "X-Auth-Token": otcToken };
    expect((await getJson(`${url}/v1/p/subnets`, headers)).subnets).toHaveLength(2);
    const [onTerm] = addedListeners("SIGTERM");
    expect(addedListeners("SIGINT")).toHaveLength(1);
    expect(onTerm).toBeTypeOf("function");
    onTerm!("SIGTERM");
    onTerm!("SIGTERM");
    expect(await exited).toBe(0);
    expect(exitSpy).toHaveBeenCalledTimes(1);
    expect(stdout.filter((line) => line.includes("stopping"))).toEqual(["\nSIGTERM: stopping"]);
    await expect(fetch(`${url}/v1/p/subnets`, { headers })).rejects.toThrow();
  });

  it.each(["--help", "-h"])("%s prints the usage on stdout, starts nothing and exits 0", async (flag) => {
    const { stdout, stderr, exitSpy } = await run([flag]);
    await vi.waitFor(() => expect(stdout).toHaveLength(1), { timeout: 10_000, interval: 10 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stdout[0]!.startsWith("Usage: connectivity-emulator [--port 8080]"), stdout[0]).toBe(true);
    for (const flagName of [
      "--host",
      "--seed",
      "--vpcep-connections",
      "--subnets",
      "--confluent-connections",
      "--madconnect-connections",
    ])
      expect(stdout[0]).toContain(flagName);
    expect(stderr).toEqual([]);
    expect(exitSpy).not.toHaveBeenCalled(); // the process ends by itself, with exit code 0
    expect(addedListeners("SIGINT")).toEqual([]);
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--seed"], "Option '--seed <value>' argument missing"],
    [["--port", "abc"], '--port must be an integer from 0 to 65535, got "abc"'],
    [["--port=-1"], '--port must be an integer from 0 to 65535, got "-1"'],
    [["--port", "65536"], '--port must be an integer from 0 to 65535, got "65536"'],
    [["--seed", "1.5"], '--seed must be an integer from 0 to 4294967295, got "1.5"'],
    [["--seed", "4294967296"], '--seed must be an integer from 0 to 4294967295, got "4294967296"'],
    [["--subnets", "many"], '--subnets must be an integer from 0 to 1000000, got "many"'],
    [["--subnets", "99999999999"], '--subnets must be an integer from 0 to 1000000, got "99999999999"'],
    [["--madconnect-connections", ""], '--madconnect-connections must be an integer from 0 to 1000000, got ""'],
    [["--host", ""], "--host must name an address or a host, got an empty one"],
  ])("%j is a usage error: the message, the usage, exit code 2, nothing started", async (args, message) => {
    const { stdout, stderr, exited } = await run(args);
    expect(await exited).toBe(2);
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toContain(message);
    expect(stderr[1]).toMatch(/^Usage: connectivity-emulator /);
    expect(stdout).toEqual([]);
    expect(addedListeners("SIGINT")).toEqual([]);
  });

  it("a port already in use is no usage error: the system's message, without the usage, exit code 1", async () => {
    const taken = await startServer((_request, res) => void res.end());
    try {
      const { stdout, stderr, exited } = await run(["--port", new URL(taken.url).port]);
      expect(await exited).toBe(1);
      expect(stderr).toEqual([expect.stringContaining("EADDRINUSE")]);
      expect(stdout).toEqual([]);
    } finally {
      await taken.close();
    }
  });
});
