// `npm start`'s listing (src/cli/list-all.ts): an API with its credentials but not the scope it lists
// (OTC_PROJECT_ID, OTC_VPCEP_SERVICE_ID, CONFLUENT_ENVIRONMENT) is refused with a clear message instead
// of listing a real service under the emulator's ids, or listing the emulator in its place; a failed
// listing's error goes to stderr; in-process through listAll. One process, bundled with esbuild, for a
// reader that stops early (`npm start | head`).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_ITEMS, USAGE, listAll, listings } from "../src/cli/list-all.js";
import { startEmulator, type Emulator } from "../src/emulator/index.js";
import { SMALL_COUNTS } from "./support/generated-validators.js";
import { sendJson, startServer } from "./support/http-server.js";
import { bundleForNode } from "./support/node-bundle.js";

let emulator: Emulator | undefined;
afterAll(() => emulator?.close());

/** listAll in the environment `env` (none of this process's variables), on an emulator of small counts. */
async function listAllIn(env: Record<string, string>, args?: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await listAll(
    {
      args,
      env,
      stdout: { write: (text: string) => void (stdout += text) },
      stderr: { write: (text: string) => void (stderr += text) },
    },
    async () => (emulator ??= await startEmulator({ port: 0, seed: 7, counts: SMALL_COUNTS })),
  );
  return { code, stdout, stderr };
}

const OTC_SET = "OTC credentials are set (OTC_TOKEN, or OTC_ACCESS_KEY and OTC_SECRET_KEY)";

describe("an API's credentials without the scope its listing needs: exit code 2 naming the variable, nothing listed", () => {
  it.each([
    [
      "OTC_TOKEN, no OTC_PROJECT_ID",
      { OTC_TOKEN: "token-value-1234" },
      `${OTC_SET} but OTC_PROJECT_ID is not: set it to the ID of the OTC project whose subnets and endpoint connections to list.`,
    ],
    [
      "OTC_ACCESS_KEY + OTC_SECRET_KEY, no OTC_PROJECT_ID",
      { OTC_ACCESS_KEY: "AKEXAMPLE", OTC_SECRET_KEY: "secret-value-1234" },
      `${OTC_SET} but OTC_PROJECT_ID is not: set it to the ID of the OTC project whose subnets and endpoint connections to list.`,
    ],
    [
      "OTC credentials and project, no OTC_VPCEP_SERVICE_ID",
      { OTC_TOKEN: "token-value-1234", OTC_PROJECT_ID: "p" },
      `${OTC_SET} but OTC_VPCEP_SERVICE_ID is not: set it to the ID of the VPC endpoint service whose connections to list.`,
    ],
    [
      "CONFLUENT_API_KEY + CONFLUENT_API_SECRET, no CONFLUENT_ENVIRONMENT",
      { CONFLUENT_API_KEY: "key-1234", CONFLUENT_API_SECRET: "secret-1234" },
      "Confluent credentials are set (CONFLUENT_API_KEY and CONFLUENT_API_SECRET) but CONFLUENT_ENVIRONMENT is not: " +
        "set it to the ID of the Confluent environment whose private link attachment connections to list.",
    ],
  ])("%s", async (_, env, message) => {
    const result = await listAllIn(env);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `list-all: ${message}\n` });
  });
});

describe("half a set of an API's credentials: exit code 2 naming what is missing, nothing listed (not the emulator in its place)", () => {
  const ALONE = "set what is missing, or unset it (an API without its credentials is served by the embedded emulator)";
  it.each([
    [
      { OTC_ACCESS_KEY: "AKEXAMPLE" },
      "OTC_ACCESS_KEY is set without OTC_SECRET_KEY: vpcep's credentials are OTC_TOKEN, or OTC_ACCESS_KEY + OTC_SECRET_KEY",
    ],
    [{ OTC_SECRET_KEY: "secret-value-1234" }, "OTC_SECRET_KEY is set without OTC_ACCESS_KEY: vpcep's"],
    [
      { OTC_SECURITY_TOKEN: "sts-value-1234" },
      "OTC_SECURITY_TOKEN is set without OTC_ACCESS_KEY + OTC_SECRET_KEY: vpcep's",
    ],
    [
      { CONFLUENT_API_KEY: "key-1234", CONFLUENT_ENVIRONMENT: "env-1" },
      "CONFLUENT_API_KEY is set without CONFLUENT_API_SECRET: confluent's",
    ],
    [{ CONFLUENT_API_SECRET: "secret-1234" }, "CONFLUENT_API_SECRET is set without CONFLUENT_API_KEY: confluent's"],
    [{ MADCONNECT_TOKEN: "mad-token-1234" }, "MADCONNECT_TOKEN is set without MADCONNECT_BASE_URL: madconnect's"],
    [
      { MADCONNECT_BASE_URL: "https://mad.example" },
      "MADCONNECT_BASE_URL is set without MADCONNECT_TOKEN: madconnect's",
    ],
  ])("%j", async (env, message) => {
    const result = await listAllIn(env);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(
      new RegExp(
        `^list-all: the environment variable ${message.replace(/[+()]/g, "\\$&")}.*; ${ALONE.replace(/[()]/g, "\\$&")}\n$`,
      ),
    );
    for (const value of Object.values(env)) expect(result.stderr).not.toContain(value);
  });

  it("OTC_TOKEN makes the access key pair unneeded: with it, a lone OTC_SECURITY_TOKEN is not asked about", async () => {
    const result = await listAllIn({ OTC_TOKEN: "token-value-1234", OTC_SECURITY_TOKEN: "sts-value-1234" });
    expect(result.stderr).toMatch(/OTC_PROJECT_ID is not/);
  });
});

it("a credential in the environment the client would refuse: exit code 2 naming the variable, nothing listed", async () => {
  const result = await listAllIn({ OTC_TOKEN: "\u0001token", OTC_PROJECT_ID: "p", OTC_VPCEP_SERVICE_ID: "s" });
  expect(result).toEqual({
    code: 2,
    stdout: "",
    stderr:
      "list-all: the environment variable OTC_TOKEN contains a control character (U+0001) at index 0: a credential must be one line of printable characters\n",
  });
});

describe("a variable of the set-up table set but empty or blank: exit code 2 naming it, nothing listed", () => {
  const full = {
    OTC_TOKEN: "token-value-1234",
    OTC_PROJECT_ID: "p",
    OTC_VPCEP_SERVICE_ID: "s",
    CONFLUENT_API_KEY: "key-1234",
    CONFLUENT_API_SECRET: "secret-1234",
    CONFLUENT_ENVIRONMENT: "env-1",
  };
  it.each([
    ["a CI secret missing (OTC_TOKEN empty, alone)", { OTC_TOKEN: "" }, "OTC_TOKEN is set but empty"],
    ["a blank scope", { ...full, CONFLUENT_ENVIRONMENT: " " }, "CONFLUENT_ENVIRONMENT is set but blank"],
    ["a blank project", { ...full, OTC_PROJECT_ID: "  " }, "OTC_PROJECT_ID is set but blank"],
    ["an empty MadConnect account", { MADCONNECT_ACCOUNT_ID: "" }, "MADCONNECT_ACCOUNT_ID is set but empty"],
  ])("%s", async (_, env, message) => {
    const result = await listAllIn(env);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `list-all: the environment variable ${message}: give it a value, or unset it (an API without its credentials is served by the embedded emulator)\n`,
    });
  });
});

describe("a scope with a control character or surrounding whitespace: exit code 2 naming it, not its value, nothing listed", () => {
  it.each([
    [
      "a project read from a file with CRLF line ends",
      { OTC_TOKEN: "token-value-1234", OTC_PROJECT_ID: "p\r", OTC_VPCEP_SERVICE_ID: "s" },
      "OTC_PROJECT_ID contains a control character (U+000D) at index 1: a scope must be one line of printable characters",
    ],
    [
      "a base URL with a space before it",
      { MADCONNECT_BASE_URL: " http://127.0.0.1:9", MADCONNECT_TOKEN: "tok-1234" },
      "MADCONNECT_BASE_URL has whitespace at its start or end: a scope is sent as it is, so remove it",
    ],
  ])("%s", async (_, env, message) => {
    expect(await listAllIn(env)).toEqual({
      code: 2,
      stdout: "",
      stderr: `list-all: the environment variable ${message}\n`,
    });
  });
});

describe("a failed listing", () => {
  it("its error goes to stderr, as the CLI's errors do; stdout keeps the tables and the summary; exit code 1", async () => {
    const refusing = await startServer((_request, res) =>
      sendJson(res, 401, { statusCode: 401, statusMessage: "Unauthorized", response: null }),
    );
    try {
      const { code, stdout, stderr } = await listAllIn({
        MADCONNECT_BASE_URL: refusing.url,
        MADCONNECT_TOKEN: "tok-1234",
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /\nmadconnect list-connections \(real\)\nerror: \w+Error: the madconnect API answered HTTP 401\n/,
      );
      expect(stdout).not.toContain("answered HTTP 401");
      expect(stdout).toMatch(/\bmadconnect list-connections\b.*\breal\b.*\bfailed\b/);
    } finally {
      await refusing.close();
    }
  });
});

/**
 * A MadConnect stand-in whose list never ends: every page is full (as many connections as asked for),
 * each connection new, at any offset.
 */
function endlessMadConnect() {
  return startServer((request, res) => {
    const query = new URL(request.url, "http://x").searchParams;
    const offset = Number(query.get("offset") ?? 0);
    const size = Number(query.get("size") ?? 10);
    const response = Array.from({ length: size }, (_, i) => ({
      id: `c${offset + i}`,
      name: `connection ${offset + i}`,
    }));
    sendJson(res, 200, { statusCode: 200, statusMessage: "OK", response });
  });
}

describe("--max-items: every listing ends, also against a server that keeps serving new items", () => {
  it("a listing of an endless server stops at --max-items, and says so in its table, the summary and the progress line; exit code 0", async () => {
    const endless = await endlessMadConnect();
    try {
      const { code, stdout, stderr } = await listAllIn(
        { MADCONNECT_BASE_URL: endless.url, MADCONNECT_TOKEN: "tok-1234" },
        ["--max-items", "75"],
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /\nmadconnect list-connections \(real\)\n[^]*\n… and 65 more\nstopped at 75 items \(--max-items\): the list holds more, not listed \(npm start -- --max-items <n> lists more\)\n/,
      );
      expect(stdout).toMatch(/\bmadconnect list-connections\b.*\breal\b.*\b75 \(stopped at --max-items\)/);
      expect(stderr).toMatch(/^madconnect list-connections: 75 items \(stopped at --max-items\), 2 pages, /m);
      // Pages of 50: the second holds the 76th item, which tells that the list goes on; no more were asked for.
      expect(endless.requests.length).toBeLessThanOrEqual(3);
    } finally {
      await endless.close();
    }
  });

  it("a list of exactly --max-items items is the whole list: not said to be stopped", async () => {
    // The emulator's subnets (SMALL_COUNTS: 20), listed with --max-items 20, and with 19.
    const whole = await listAllIn({}, ["--max-items", "20"]);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/\bvpc list-subnets\b.*\bemulator\b.*│ 20 +│/);
    expect(whole.stdout).not.toContain("stopped at");
    const cut = await listAllIn({}, ["--max-items", "19"]);
    expect(cut.stdout).toMatch(/\bvpc list-subnets\b.*\bemulator\b.*│ 19 \(stopped at --max-items\) │/);
    expect(cut.stdout).toContain("\nstopped at 19 items (--max-items)");
  });

  it(`without --max-items each listing stops at ${DEFAULT_MAX_ITEMS} items (paginate's maxItems); the usage says so`, () => {
    const all = listings(
      async () => {
        throw new Error("not started");
      },
      {},
      {},
    );
    expect(all.length).toBeGreaterThan(0);
    for (const each of all) expect(each.maxItems).toBe(DEFAULT_MAX_ITEMS);
    expect(USAGE).toContain(`--max-items <n>  list at most n items per listing (default ${DEFAULT_MAX_ITEMS})`);
  });

  it("--help prints the usage on stdout, exit code 0, nothing listed", async () => {
    expect(await listAllIn({}, ["--help"])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: "" });
  });

  it.each([
    [["--max-items", "0"], '--max-items must be a positive integer, got "0"'],
    [["--max-items", "1e3"], '--max-items must be a positive integer, got "1e3"'],
    [["--max-items=-5"], '--max-items must be a positive integer, got "-5"'],
    [["--max-items", "99999999999999999999"], '--max-items must be a positive integer, got "99999999999999999999"'],
    [["--max-items"], "Option '--max-items <value>' argument missing"],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("%j: exit code 2, the message and the usage on stderr, nothing listed", async (args, message) => {
    expect(await listAllIn({}, args)).toEqual({ code: 2, stdout: "", stderr: `list-all: ${message}\n${USAGE}\n` });
  });
});

describe("npm start | head", () => {
  let work: string;
  let script: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "connectivity-list-all-"));
    script = path.join(work, "list-all.mjs");
    await bundleForNode(path.resolve(import.meta.dirname, "../src/cli/list-all.ts"), script);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("a reader that stops early (its stdout closed): exits quietly, no EPIPE stack trace", async () => {
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "close");
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  }, 20_000);
});
