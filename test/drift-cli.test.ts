// `npm run drift`'s command line (scripts/drift.mjs; the report itself is test/drift-report.test.ts's):
// --help, --json, --fault, bad options and a bad environment (exit code 2, the message, no stack trace),
// the exit codes 0 and 1, and which service each API is listed on (the environment's credentials, here
// MadConnect's pointing at an emulator of this test on 127.0.0.1, the report's emulator otherwise), and
// that the report says so. In-process through its `drift()`, on the sources; one real process for the
// command line as node runs it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_MAX_ITEMS, listings } from "../src/cli/list-all.js";
import { reportPrinter } from "../src/cli/report-printer.js";
import { parseJson } from "../src/core/json.js";
import { DRIFT_FAULTS, startEmulator, type Emulator, type EmulatorOptions } from "../src/emulator/index.js";
import { loadGeneratedValidators, SMALL_COUNTS } from "./support/generated-validators.js";
import { sendJson, startServer } from "./support/http-server.js";
// @ts-expect-error untyped project script
import { USAGE, drift } from "../scripts/drift.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The report's emulators, as it started them (each one kept to look at afterwards). */
let started: Emulator[] = [];
const modules = {
  listings,
  DRIFT_FAULTS,
  loadValidators: loadGeneratedValidators,
  parseJson,
  reportPrinter,
  startEmulator: async (options: EmulatorOptions) => {
    const emu = await startEmulator({ ...options, counts: SMALL_COUNTS });
    started.push(emu);
    return emu;
  },
};
afterEach(() => {
  started = [];
});

/**
 * `npm run drift -- ...args` in-process, in the environment `env` (none of this process's variables);
 * `only`: the prefix of the listings run (the others, whose credentials `env` may hold, are left out).
 */
async function run(args: string[], env: Record<string, string> = {}, only?: string) {
  let stdout = "";
  let stderr = "";
  const code: number = await drift(args, {
    env,
    stdout: { write: (text: string) => void (stdout += text) },
    stderr: { write: (text: string) => void (stderr += text) },
    modules: only
      ? {
          ...modules,
          listings: (...a: Parameters<typeof listings>) => listings(...a).filter((l) => l.api.startsWith(only)),
        }
      : modules,
  });
  return { code, stdout, stderr };
}

/** Whole credential sets, with their scopes, of the APIs besides MadConnect (never listed: run(..., "madconnect")). */
const OTHER_APIS = {
  OTC_ACCESS_KEY: "AKOTHERAPIS0001",
  OTC_SECRET_KEY: "otc-secret-key-other-apis",
  OTC_PROJECT_ID: "p",
  OTC_VPCEP_SERVICE_ID: "s",
  CONFLUENT_API_KEY: "confluent-key-other",
  CONFLUENT_API_SECRET: "confluent-secret-other",
  CONFLUENT_ENVIRONMENT: "env-1",
};

/** Resolves when nothing listens at `url` any more (fetch refused). */
const refused = (url: string) => expect(fetch(url)).rejects.toThrow();

describe("npm run drift: options", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage on stdout, exit code 0, and lists nothing", async (flag) => {
    const { code, stdout, stderr } = await run([flag]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${USAGE}\n`);
    expect(stderr).toBe("");
    expect(started).toEqual([]);
  });

  it("the usage names every option and every fault kind the emulator has, and the exit codes", () => {
    for (const option of ["--json", "--fault <kind>", "--max-items <n>", "--help"]) expect(USAGE).toContain(option);
    expect(USAGE).toContain(`--max-items <n>  check at most n items per listing (default ${DEFAULT_MAX_ITEMS})`);
    expect(USAGE).toContain(`: ${DRIFT_FAULTS.join(", ")}\n`);
    expect(USAGE).toMatch(/0 no drift, 1 drift found or a listing failed, 2 a bad command line/);
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["--js"], "Unknown option '--js'"],
    [["report"], "Unexpected argument 'report'. This command does not take positional arguments"],
    [["--fault"], "Option '--fault <value>' argument missing"],
    [["--json=yes"], "Option '--json' does not take an argument"],
    [["--fault", "bogus"], `--fault must be one of ${DRIFT_FAULTS.join(", ")}, got "bogus"`],
    [["--max-items", "0"], '--max-items must be a positive integer, got "0"'],
    [["--max-items", "ten"], '--max-items must be a positive integer, got "ten"'],
  ])("%j: exit code 2, the message and the usage on stderr, nothing listed", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`drift: ${message}\n${USAGE}\n`);
    expect(stdout).toBe("");
    expect(started).toEqual([]);
  });

  it.each([
    [{ OTC_TOKEN: "a-token-of-a-real-project" }, "OTC credentials are set .* but OTC_PROJECT_ID is not"],
    [
      { OTC_TOKEN: "a-token-of-a-real-project", OTC_PROJECT_ID: "p" },
      "OTC credentials are set .* but OTC_VPCEP_SERVICE_ID is not",
    ],
    [
      { CONFLUENT_API_KEY: "key-1234", CONFLUENT_API_SECRET: "secret-1234" },
      "Confluent credentials are set .* but CONFLUENT_ENVIRONMENT is not",
    ],
  ])(
    "credentials without the scope listed (%j): exit code 2 and what to set, before anything is listed",
    async (env, message) => {
      const { code, stdout, stderr } = await run([], env);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^drift: ${message}: set it to .*\\n$`));
      expect(stdout).toBe("");
      expect(started).toEqual([]);
    },
  );
});

it("npm run drift: half a set of credentials (a key without its secret) is a usage error naming what is missing, nothing listed", async () => {
  const { code, stdout, stderr } = await run([], { CONFLUENT_API_KEY: "key-1234", CONFLUENT_ENVIRONMENT: "env-1" });
  expect([code, stdout]).toEqual([2, ""]);
  expect(stderr).toMatch(/^drift: the environment variable CONFLUENT_API_KEY is set without CONFLUENT_API_SECRET: /);
  expect(started).toEqual([]);
});

describe("npm run drift: a variable of the set-up table set but empty or blank", () => {
  it.each([
    [{ OTC_TOKEN: "" }, "OTC_TOKEN is set but empty"],
    [
      { CONFLUENT_API_KEY: "key-1234", CONFLUENT_API_SECRET: "secret-1234", CONFLUENT_ENVIRONMENT: " " },
      "CONFLUENT_ENVIRONMENT is set but blank",
    ],
  ])("%j: exit code 2 naming it, nothing listed (not the emulator in its place)", async (env, message) => {
    const { code, stdout, stderr } = await run([], env);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(
      `drift: the environment variable ${message}: give it a value, or unset it (an API without its credentials is served by the embedded emulator)\n`,
    );
    expect(started).toEqual([]);
  });
});

describe("npm run drift: what it lists, on which service, and its exit code", () => {
  it("without credentials, everything on the emulator: no drift, exit code 0, and the emulator is stopped after", async () => {
    const { code, stdout, stderr } = await run([]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toBe("No drift: every response matched its spec (the emulator).\n");
    expect(started).toHaveLength(1);
    const apis = new Set(started[0]!.requests.map((r) => `${r.api} ${r.operationId} ${r.status}`));
    expect([...apis].sort()).toEqual([
      "confluent listNetworkingV1PrivateLinkAttachmentConnections 200",
      "madconnect listConnections 200",
      "otc-vpc listSubnets 200",
      "otc-vpcep listEndpointServiceConnections 200",
    ]);
    await refused(started[0]!.url);
  });

  it("--fault: exit code 1, and the first line says the emulator drifted on purpose", async () => {
    const { code, stdout } = await run(["--fault", "wrong-type"]);
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toMatch(
      /^Spec drift: \d+ findings? in 4 operations \(the emulator, with its wrong-type fault\)\.$/,
    );
  });

  it("--json: the report as JSON, its findings those of the fault", async () => {
    const { code, stdout } = await run(["--json", "--fault", "unknown-enum"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      groups: { api: string; kind: string }[];
      failures: unknown[];
      targets: { api: string; target: string }[];
    };
    expect(report.failures).toEqual([]);
    expect(report.targets.map((t) => t.target)).toEqual(["emulator", "emulator", "emulator", "emulator"]);
    expect(new Set(report.groups.map((g) => `${g.api} ${g.kind}`))).toEqual(
      new Set(["otc-vpcep enum", "otc-vpc enum", "confluent enum", "madconnect enum"]),
    );
  });

  it("MadConnect credentials in the environment: its listing goes to MADCONNECT_BASE_URL with that token (here a server of this test refusing it: a failed listing, exit code 1), the others to the emulator; the report says which was which", async () => {
    const theirs = await startServer((_request, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: 401, statusMessage: "Unauthorized", response: null }));
    });
    const token = "a-madconnect-token-the-server-refuses";
    try {
      const { code, stdout } = await run([], { MADCONNECT_BASE_URL: theirs.url, MADCONNECT_TOKEN: token });
      expect(code).toBe(1);
      const lines = stdout.trimEnd().split("\n");
      expect(lines[0]).toBe(
        "No drift in the responses checked; 1 listing failed, so not every response was checked (see the end) " +
          "(the real service for madconnect list-connections; the emulator for the others).",
      );
      expect(lines.at(-1)).toMatch(/^madconnect list-connections: the listing failed: .*401/);
      expect(stdout).not.toContain(token);
      // Where each listing went: MadConnect's to the environment's server, with its token; none to the emulator.
      expect(theirs.requests.map((r) => [r.method, r.url.split("?")[0], r.headers.authorization])).toEqual([
        ["GET", "/es/v2/connections", `Bearer ${token}`],
      ]);
      expect(started).toHaveLength(1);
      expect(new Set(started[0]!.requests.map((r) => r.api))).toEqual(new Set(["otc-vpcep", "otc-vpc", "confluent"]));
    } finally {
      await theirs.close();
    }
  });
});

describe("npm run drift against a server that keeps serving new items: it ends", () => {
  /** A MadConnect stand-in whose every page is full (as many connections as asked for), each connection new. */
  const endless = () =>
    startServer((request, res) => {
      const query = new URL(request.url, "http://x").searchParams;
      const offset = Number(query.get("offset") ?? 0);
      const size = Number(query.get("size") ?? 10);
      const response = Array.from({ length: size }, (_, i) => ({ id: `c${offset + i}` }));
      sendJson(res, 200, { statusCode: 200, statusMessage: "OK", response });
    });
  const env = (url: string) => ({ MADCONNECT_BASE_URL: url, MADCONNECT_TOKEN: "a-madconnect-token" });

  it("--max-items 120: the listing stops there, and the report says that not every item was checked (text)", async () => {
    const server = await endless();
    try {
      const { code, stdout } = await run(["--max-items", "120"], env(server.url), "madconnect");
      expect(code).toBe(0);
      expect(stdout.trimEnd().split("\n")).toEqual([
        "No drift in the responses checked; 1 listing stopped at --max-items, so not every item was checked (see the end) (the real services).",
        "",
        "madconnect list-connections: the listing stopped at 120 items (--max-items): the list holds more, not all checked.",
      ]);
      // Pages of 50: the third holds the 121st item; no page after it was asked for.
      expect(server.requests.length).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });

  it("--json: the listings stopped at their cap are in `stopped`", async () => {
    const server = await endless();
    try {
      const { code, stdout } = await run(["--json", "--max-items", "30"], env(server.url), "madconnect");
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        groups: [],
        stopped: [{ api: "madconnect list-connections", maxItems: 30 }],
      });
    } finally {
      await server.close();
    }
  });
});

describe("npm run drift prints as the CLI prints: no credential of the environment, no raw server controls", () => {
  // Credentials of the other APIs (whose listings are left out: only MadConnect's runs), which the
  // MadConnect client must redact as well as its own token.
  const otcSecret = "tokSECRETabc123XYZ";
  const confluentSecret = "confSECRETvalue77";
  const env = (url: string) => ({
    MADCONNECT_BASE_URL: url,
    MADCONNECT_TOKEN: "a-madconnect-token",
    ...OTHER_APIS,
    OTC_SECURITY_TOKEN: otcSecret,
    CONFLUENT_API_SECRET: confluentSecret,
  });
  /** Raw characters that would drive a terminal or reorder what it shows (tab and line feed are the report's own). */
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const hostileName = "evil\u001b[31m\u202ename";

  /** A MadConnect stand-in answering its listing with one connection of the server's own making. */
  async function madconnect(answer: (res: import("node:http").ServerResponse) => void) {
    return startServer((_request, res) => answer(res));
  }

  it("a list item echoing other APIs' credentials, with a property name of ESC and U+202E and a C1 control in a value: text report", async () => {
    const server = await madconnect((res) =>
      sendJson(res, 200, {
        statusCode: 200,
        statusMessage: "OK",
        response: [{ id: "abc", note: `otc=${otcSecret} confluent=${confluentSecret}`, [hostileName]: "csi\u009b31m" }],
      }),
    );
    try {
      const { code, stdout } = await run([], env(server.url), "madconnect");
      expect(code).toBe(1);
      expect(stdout).not.toContain(otcSecret);
      expect(stdout).not.toContain(confluentSecret);
      expect(stdout).toContain("[REDACTED]");
      expect(stdout).not.toMatch(RAW);
      // The pointer and the sample escaped as the CLI escapes them.
      expect(stdout).toContain("undeclared-property at /response/*/evil\\u001b[31m\\u202ename:");
      expect(stdout).toContain('seen "csi\\u009b31m"');
      // The snippet still pastes to the same key: double-quoted YAML with escapes.
      expect(stdout).toMatch(/^ +"evil\\e\[31m\\u202ename":$/m);
    } finally {
      await server.close();
    }
  });

  it("--json: the same data redacted as values (valid JSON), the raw characters written as escapes", async () => {
    const server = await madconnect((res) =>
      sendJson(res, 200, {
        statusCode: 200,
        statusMessage: "OK",
        response: [{ id: "abc", note: `otc=${otcSecret}`, [hostileName]: `csi\u009b31m ${confluentSecret}` }],
      }),
    );
    try {
      const { code, stdout } = await run(["--json"], env(server.url), "madconnect");
      expect(code).toBe(1);
      expect(stdout).not.toContain(otcSecret);
      expect(stdout).not.toContain(confluentSecret);
      expect(stdout).not.toMatch(RAW);
      const report = JSON.parse(stdout) as { groups: { pointer: string; samples: string[] }[] };
      const hostile = report.groups.find((g) => g.pointer === `/response/*/${hostileName}`)!;
      expect(hostile.samples).toEqual([JSON.stringify("csi\u009b31m [REDACTED]")]);
      expect(report.groups.find((g) => g.pointer === "/response/*/note")!.samples).toEqual(['"otc=[REDACTED]"']);
    } finally {
      await server.close();
    }
  });

  it("a property name of 5,000 characters holding a credential: every line at most 2048 characters, the credential redacted before a line is cut, no edit (a redacted name cannot be declared), a note instead", async () => {
    // The finding's line is "  undeclared-property at /response/*/<name>: ..."; a cut keeps its first
    // 1536 characters: the credential straddles that point.
    const name = `${"k".repeat(1536 - 37 - 5)}${otcSecret}${"k".repeat(5000)}`;
    const server = await madconnect((res) =>
      sendJson(res, 200, { statusCode: 200, statusMessage: "OK", response: [{ id: "abc", [name]: 1 }] }),
    );
    try {
      const { code, stdout } = await run([], env(server.url), "madconnect");
      expect(code).toBe(1);
      const lines = stdout.trimEnd().split("\n");
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(2048);
      expect(stdout).not.toContain(otcSecret.slice(0, 5));
      const finding = lines.findIndex((line) => line.startsWith("  undeclared-property at /response/*/kkk"));
      expect(lines[finding]).toMatch(
        /^ {2}undeclared-property at \/response\/\*\/k+\[R[A-Z]*…k+: 1 time; expected .*; seen 1$/,
      );
      expect(lines[finding + 1]).toMatch(
        /^ {4}\(no edit suggested: the property's name was redacted \(it holds a credential, or text that looks like one\).*write it by hand/,
      );
      const json = await run(["--json"], env(server.url), "madconnect");
      const report = JSON.parse(json.stdout) as {
        groups: { pointer: string; edit: { note?: string; snippet?: string } }[];
      };
      const group = report.groups.find((g) => g.pointer.startsWith("/response/*/kkk"))!;
      expect(group.edit.snippet).toBeUndefined();
      expect(group.edit.note).toMatch(/^the property's name was redacted/);
    } finally {
      await server.close();
    }
  });

  it("a usage error echoing a credential of the environment and controls from the command line: redacted, escaped, on one line", async () => {
    const { code, stdout, stderr } = await run(["--fault", `${otcSecret}\u202e\u0085\nx`], {
      OTC_TOKEN: otcSecret,
      OTC_PROJECT_ID: "p",
      OTC_VPCEP_SERVICE_ID: "s",
    });
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).not.toContain(otcSecret);
    expect(stderr).not.toMatch(RAW);
    expect(stderr).toBe(
      `drift: --fault must be one of ${DRIFT_FAULTS.join(", ")}, got "[REDACTED]\\u202e\\u0085\\nx"\n${USAGE}\n`,
    );
    expect(started).toEqual([]);
  });

  it("a failed listing whose error message holds another API's credential and controls: redacted, on one line", async () => {
    const server = await madconnect((res) =>
      sendJson(res, 400, { statusCode: 400, statusMessage: `bad\u009b2J\nline ${confluentSecret}`, response: null }),
    );
    try {
      const { code, stdout } = await run([], env(server.url), "madconnect");
      expect(code).toBe(1);
      expect(stdout).not.toContain(confluentSecret);
      expect(stdout).not.toMatch(RAW);
      expect(stdout.trimEnd().split("\n").at(-1)).toMatch(
        /^madconnect list-connections: the listing failed: .*bad\\u009b2J\\nline \[REDACTED\]/,
      );
    } finally {
      await server.close();
    }
  });
});

describe("npm run drift: a credential of another API straddling where the listing client cuts a text", () => {
  // The MadConnect client cuts a sample at 200 characters and an error's message at 2048: it must know
  // every credential of the environment before it cuts, or a piece shorter than the 16 characters a
  // redactor recognises survives the printed output's redaction.
  const secret = "S3cr3tValueABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const env = (url: string) => ({
    MADCONNECT_BASE_URL: url,
    MADCONNECT_TOKEN: "mtokenmtokenmtoken",
    ...OTHER_APIS,
    OTC_SECURITY_TOKEN: secret,
  });
  const pieces = (text: string) => [secret.slice(0, 6), secret.slice(-6)].filter((piece) => text.includes(piece));

  it("a drift sample cut at 200 characters inside the credential", async () => {
    const server = await startServer((_request, res) =>
      sendJson(res, 400, { message: `${"x".repeat(188)}${secret}tail` }),
    );
    try {
      const { code, stdout } = await run([], env(server.url), "madconnect");
      expect(code).toBe(1);
      expect(stdout).toMatch(/seen "x+\[REDACTED\]/);
      expect(pieces(stdout)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("an error message cut at 2048 characters inside the credential (the failure line)", async () => {
    const server = await startServer((_request, res) =>
      sendJson(res, 400, {
        statusCode: 400,
        statusMessage: `${"x".repeat(3000)}${secret}${"y".repeat(450)}`,
        response: null,
      }),
    );
    try {
      const { code, stdout } = await run([], env(server.url), "madconnect");
      expect(code).toBe(1);
      expect(stdout.trimEnd().split("\n").at(-1)).toMatch(
        /^madconnect list-connections: the listing failed: .*\[REDACTED\]y+/,
      );
      expect(pieces(stdout)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("npm run drift read by a reader that stops early (| head)", () => {
  /** A process's stream whose reader is gone: each write fails with EPIPE, reported as an 'error' event. */
  const closed = () =>
    Object.assign(new EventEmitter(), {
      write(this: EventEmitter) {
        this.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
        return false;
      },
    });

  it("the report's write failing as a closed pipe does: the closed-pipe handler ends it (no error thrown), after the emulator is closed", async () => {
    const exit = vi.fn();
    const code: number = await drift(["--fault", "unknown-enum"], {
      env: {},
      stdout: closed(),
      stderr: closed(),
      modules,
      exit,
    });
    expect(exit).toHaveBeenCalledTimes(1);
    expect(code).toBe(1);
    await refused(started[0]!.url);
  });

  it.each([[["--jsn"]], [["--fault", "bogus"]]])(
    "a usage error (%j) written to a closed stderr (`2>&1 | head`): dropped quietly, exit code 2",
    async (args) => {
      const exit = vi.fn();
      const code: number = await drift(args, { env: {}, stdout: closed(), stderr: closed(), modules, exit });
      expect(code).toBe(2);
      expect(exit).not.toHaveBeenCalled();
    },
  );
});

describe("npm run drift as node runs it", () => {
  it("a bad option: exit code 2, the message and the usage, no stack trace", async () => {
    const result = await promisify(execFile)(process.execPath, [path.join(ROOT, "scripts/drift.mjs"), "--jsn"], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect([result.code, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toBe(`drift: Unknown option '--jsn'\n${USAGE}\n`);
  });
});
