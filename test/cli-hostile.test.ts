// The `connectivity` CLI against hostile servers on 127.0.0.1: echoed credentials (in the form the
// clients send them), server text made to drive a terminal, and data nested too deeply to print.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { run, type CliIo } from "../src/cli/commands.js";
import { listAll } from "../src/cli/list-all.js";
import { startEmulator } from "../src/emulator/index.js";
import { EXIT } from "../src/cli/exit-codes.js";
import { parseJson } from "../src/core/json.js";
import { sendJson, startServer, type Handler, type RecordedRequest } from "./support/http-server.js";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string>, tty = false): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    stdout: { write: (text: string) => out.push(text), isTTY: tty, columns: tty ? 120 : undefined },
    stderr: { write: (text: string) => err.push(text), isTTY: tty, columns: tty ? 120 : undefined },
    readStdin: async () => "",
    readFile: async (file) => readFileSync(file, "utf8"),
    emulator: () => Promise.reject(new Error("these tests never use the emulator")),
  };
  const code = await run(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

async function withServer<T>(handler: Handler, use: (url: string) => Promise<T>): Promise<T> {
  const server = await startServer(handler);
  try {
    return await use(server.url);
  } finally {
    await server.close();
  }
}

const header = (request: RecordedRequest, name: string) => String(request.headers[name] ?? "");
const subnets = (url: string, ...extra: string[]) => ["vpc", "list-subnets", "--base-url", url, ...extra];
const OTC = { OTC_PROJECT_ID: "p" };
const FORMATS = ["json", "ndjson", "yaml", "table"];

/** Characters that act on a terminal (or reorder what it shows), which no output may carry raw. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("connectivity: credentials are redacted as the clients send them", () => {
  it("a short OTC_TOKEN with a final newline: its echo in data is not printed", async () => {
    const token = "Xk9pL2mQ7rT4";
    await withServer(
      (request, res) => sendJson(res, 200, { subnets: [{ id: "s1", name: `tok=${header(request, "x-auth-token")}` }] }),
      async (url) => {
        for (const output of FORMATS) {
          const { code, stdout, stderr } = await cli(subnets(url, "-o", output), { ...OTC, OTC_TOKEN: `${token}\n` });
          expect(code).toBe(EXIT.ok);
          expect(stdout).toContain("tok=[REDACTED]");
          expect(stdout + stderr).not.toContain(token);
        }
      },
    );
  });

  it("a token holding a C1 control (U+0085, Latin-1) is refused, as the clients refuse it: a usage error, never printed", async () => {
    const token = "Ab1\u0085Cd2x";
    await withServer(
      (request, res) => sendJson(res, 200, { subnets: [{ id: "s1", name: `tok=${header(request, "x-auth-token")}` }] }),
      async (url) => {
        const { code, stdout, stderr } = await cli(subnets(url), { ...OTC, OTC_TOKEN: token });
        expect(code).toBe(EXIT.usage);
        expect(stderr).toContain("OTC_TOKEN contains a control character (U+0085)");
        expect(stdout + stderr).not.toMatch(/Ab1.{0,6}Cd2/);
      },
    );
  });

  it("AK/SK: a bare request signature echoed in data is not printed; with a token, 64 hex digits are data", async () => {
    const hex = (request: RecordedRequest) => /Signature=([0-9a-f]{64})/.exec(header(request, "authorization"))?.[1];
    const seen: string[] = [];
    const other = "ab".repeat(32);
    await withServer(
      (request, res) => {
        const signature = hex(request);
        if (signature) seen.push(signature);
        sendJson(res, 200, { subnets: [{ id: "s1", name: signature ?? other, description: other }] });
      },
      async (url) => {
        const aksk = { ...OTC, OTC_ACCESS_KEY: "AKIDEXAMPLE12345", OTC_SECRET_KEY: " secret-key-for-tests\n" };
        for (const output of FORMATS) {
          const { code, stdout, stderr } = await cli(subnets(url, "-o", output), aksk);
          expect(code).toBe(EXIT.ok);
          expect(stdout).toContain("[REDACTED]");
          expect(stdout + stderr).not.toContain(seen.at(-1));
          expect(stdout + stderr).not.toContain("secret-key-for-tests");
        }
        expect(seen).toHaveLength(FORMATS.length);
        const withToken = await cli(subnets(url, "-o", "json"), { ...OTC, OTC_TOKEN: "a-token-for-tests" });
        expect(withToken.stdout).toContain(`"name":"${other}"`);
      },
    );
  });

  it("Confluent: a short API secret with surrounding spaces, echoed alone or as the Basic value, is not printed", async () => {
    const secret = "s3cR3tPw";
    await withServer(
      (request, res) => {
        const basic = header(request, "authorization").replace(/^Basic /, "");
        const decoded = Buffer.from(basic, "base64").toString("utf8");
        sendJson(res, 200, {
          id: "plattc-1",
          metadata: { self: decoded },
          spec: { display_name: `basic=${basic}` },
          status: { phase: decoded.split(":")[1] },
        });
      },
      async (url) => {
        const env = {
          CONFLUENT_API_KEY: "KEY1",
          CONFLUENT_API_SECRET: `  ${secret} \n`,
          CONFLUENT_ENVIRONMENT: "env-1",
        };
        for (const output of FORMATS) {
          const argv = ["confluent", "get-connection", "--id", "plattc-1", "--base-url", url, "-o", output];
          const { code, stdout, stderr } = await cli(argv, env);
          expect(code).toBe(EXIT.ok);
          expect(stdout).toContain("basic=[REDACTED]");
          expect(stdout + stderr).not.toContain(secret);
          expect(stdout + stderr).not.toContain(Buffer.from(`KEY1:${secret}`).toString("base64"));
        }
      },
    );
  });

  it("AK/SK with OTC_SECURITY_TOKEN: the security token echoed in data is not printed", async () => {
    const securityToken = "sTk-temporary-0123456789wxyz";
    await withServer(
      (request, res) =>
        sendJson(res, 200, { subnets: [{ id: "s1", name: `st=${header(request, "x-security-token")}` }] }),
      async (url) => {
        const env = {
          ...OTC,
          OTC_ACCESS_KEY: "AKIDEXAMPLE12345",
          OTC_SECRET_KEY: "secret-key-for-tests",
          OTC_SECURITY_TOKEN: securityToken,
        };
        const { code, stdout, stderr } = await cli(subnets(url, "-o", "json"), env);
        expect(code).toBe(EXIT.ok);
        expect(stdout).toContain('"name":"st=[REDACTED]"');
        expect(stdout + stderr).not.toContain(securityToken.slice(0, 16));
      },
    );
  });

  it("a credential of another API (MADCONNECT_TOKEN) echoed in an OTC error is not printed on stderr", async () => {
    const madToken = "mad-token-0123456789abcdefg";
    await withServer(
      (_request, res) =>
        sendJson(res, 404, { error_code: "VPC.0202", error_msg: `subnet not found; try ${madToken} instead` }),
      async (url) => {
        const env = { ...OTC, OTC_TOKEN: "otc-token-for-tests", MADCONNECT_TOKEN: madToken };
        const { code, stdout, stderr } = await cli(subnets(url, "-o", "json"), env);
        expect(code).toBe(EXIT.api);
        expect(stderr).toMatch(/VPC\.0202/);
        expect(stderr).toContain("try [REDACTED] instead");
        expect(stdout + stderr).not.toContain(madToken.slice(0, 16));
      },
    );
  });

  it("MadConnect: a short token with a final newline, echoed in data, is not printed", async () => {
    const token = "mc7Tok9Q";
    await withServer(
      (request, res) =>
        sendJson(res, 200, {
          response: [{ id: "c1", name: `tok=${header(request, "authorization").replace(/^Bearer /, "")}` }],
        }),
      async (url) => {
        for (const output of FORMATS) {
          const env = { MADCONNECT_BASE_URL: url, MADCONNECT_TOKEN: `${token}\r\n` };
          const { code, stdout, stderr } = await cli(["madconnect", "list-connections", "-o", output], env);
          expect(code).toBe(EXIT.ok);
          expect(stdout).toContain("tok=[REDACTED]");
          expect(stdout + stderr).not.toContain(token);
        }
      },
    );
  });
});

describe("a credential where a table cuts a long cell", () => {
  it("no part of it is printed, at any offset around the cut (list, one-resource table)", async () => {
    const token = "Zq9x7Kp2Lm4Nb8VcXy1Wt6Rs3Qa5Ed0F";
    let pad = 0;
    await withServer(
      (request, res) => {
        const value = `${"P".repeat(pad)}${header(request, "authorization").replace(/^Bearer /, "")}`;
        sendJson(
          res,
          200,
          request.url.includes("/connections/x") ? { response: { id: value } } : { response: [{ id: value }] },
        );
      },
      async (url) => {
        const env = { MADCONNECT_BASE_URL: url, MADCONNECT_TOKEN: token };
        for (pad = 56; pad <= 80; pad += 2)
          for (const argv of [
            ["madconnect", "list-connections", "-o", "table"],
            ["madconnect", "get-connection", "--connection-id", "x", "-o", "table"],
          ]) {
            const { code, stdout } = await cli(argv, env);
            expect(code, argv.join(" ")).toBe(EXIT.ok);
            expect(stdout, `pad ${pad}: ${argv[1]}`).not.toContain(token.slice(0, 8));
          }
      },
    );
  });
});

describe("connectivity: server text cannot drive the terminal", () => {
  const hostile = "a\u001b[2J\u001b[31mPWNED\u009b31m\u202eevil\u2066x\u2028y\u0007";
  const items = [
    { id: "s1", name: hostile, description: "line\nforged: yes", [`key\u001b[2J\nforged`]: "v\u0085" },
    { id: "s2", name: "plain", description: "\u007fdel", ["k".repeat(5000)]: 1 },
    { id: "s3", name: `${"long ".repeat(20)}\nthen \u001b[2J and\n  more\u2029`, description: "\ttab \\u001b" },
  ];
  const env = { ...OTC, OTC_TOKEN: "a-token-for-tests" };
  const serve: Handler = (request, res) =>
    sendJson(res, 200, request.url.includes("/subnets/s1") ? { subnet: items[0] } : { subnets: items });

  it("tables escape control characters, separators and bidi overrides in cells and headers", async () => {
    await withServer(serve, async (url) => {
      const list = await cli(subnets(url), env, true);
      expect(list.code).toBe(EXIT.ok);
      expect(list.stdout).not.toMatch(TERMINAL_CONTROLS);
      // (U+2028 is whitespace: a cell's runs of whitespace show as one space.)
      expect(list.stdout).toContain("a\\u001b[2J\\u001b[31mPWNED\\u009b31m\\u202eevil\\u2066x y\\u0007");
      // One row per item: the description's newline does not start a line of its own.
      expect(list.stdout).not.toMatch(/^forged/m);
      const one = await cli(["vpc", "show-subnet", "--subnet-id", "s1", "--base-url", url, "-o", "table"], env, true);
      expect(one.code).toBe(EXIT.ok);
      expect(one.stdout).not.toMatch(TERMINAL_CONTROLS);
      expect(one.stdout).not.toMatch(/^forged/m);
      expect(one.stdout).toContain("key\\u001b[2J forged");
    });
  });

  it("json, ndjson and yaml escape them too, and still parse to exactly the data sent", async () => {
    await withServer(serve, async (url) => {
      for (const output of ["json", "ndjson", "yaml"]) {
        const { code, stdout } = await cli(subnets(url, "--all", "-o", output), env);
        expect(code).toBe(EXIT.ok);
        expect(stdout).not.toMatch(TERMINAL_CONTROLS);
        const parsed =
          output === "json"
            ? parseJson(stdout)
            : output === "yaml"
              ? parseYaml(stdout)
              : stdout
                  .trimEnd()
                  .split("\n")
                  .map((line) => parseJson(line));
        expect(parsed).toEqual(items);
      }
    });
  });

  it("--validate warn: a finding about a server's key is one escaped line", async () => {
    await withServer(serve, async (url) => {
      const { code, stderr } = await cli(subnets(url, "-o", "json", "--validate", "warn"), env);
      expect(code).toBe(EXIT.ok);
      expect(stderr).not.toMatch(TERMINAL_CONTROLS);
      const lines = stderr.trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^drift: listSubnets \(200\) at "/);
      expect(stderr).toContain('at "/subnets/0/key\\u001b[2J\\nforged": undeclared-property');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(2048);
      expect(stderr).toMatch(/at "\/subnets\/1\/k{1000}.*…/);
    });
  });
});

describe("connectivity: data nested too deeply to print", () => {
  const DEPTH = 5000;
  const deep = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;
  const env = { ...OTC, OTC_TOKEN: "a-token-for-tests" };
  const serve: Handler = (_request, res) =>
    sendJson(res, 200, `{"subnets":[{"id":"s1","name":"deep","description":${deep}}]}`);

  it("ends with a one-line error and exit code 1 in every format, never a stack trace; --validate too", async () => {
    await withServer(serve, async (url) => {
      const runs: [string[], RegExp][] = [
        ...FORMATS.map((output): [string[], RegExp] => [subnets(url, "-o", output), /more than 200 levels deep/]),
      ];
      for (const [argv, message] of runs) {
        const { code, stdout, stderr } = await cli(argv, env, argv.includes("table"));
        expect(code, argv.join(" ")).toBe(EXIT.unexpected);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/^error: the response is nested /);
        expect(stderr).toMatch(message);
        expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      }
      // --validate: the client's drift check handles any depth (src/core/drift.ts): warn prints its
      // findings, then the result is refused as above; throw ends in the DriftError of the findings.
      const warn = await cli(subnets(url, "-o", "json", "--validate", "warn"), env);
      expect(warn.code).toBe(EXIT.unexpected);
      expect(warn.stdout).toBe("");
      expect(warn.stderr).not.toMatch(/\n\s+at /);
      expect(warn.stderr).toMatch(/^drift: /m);
      expect(warn.stderr.trimEnd().split("\n").at(-1)).toMatch(
        /^error: the response is nested more than 200 levels deep/,
      );
      const thrown = await cli(subnets(url, "-o", "json", "--validate", "throw"), env);
      expect(thrown.code).toBe(EXIT.drift);
      expect(thrown.stdout).toBe("");
      expect(thrown.stderr).not.toMatch(/\n\s+at /);
      expect(thrown.stderr).toMatch(/^error: DriftError/);
      // Paging: paginate compares each page's first item with earlier ones, and may itself find it too
      // deep to compare (PaginationError, exit 5); either way one clean line.
      const paged = await cli(subnets(url, "--all", "-o", "json"), env);
      expect([EXIT.unexpected, EXIT.pagination]).toContain(paged.code);
      expect(paged.stdout).toBe("");
      expect(paged.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(paged.stderr).toMatch(/^error: .*nested (more than 200 levels deep|too deeply)/);
    });
  });

  it("--all: items nested more than 200 levels (within what the clients compare) end the same way", async () => {
    const nested = `${"[".repeat(300)}${"]".repeat(300)}`;
    await withServer(
      (_request, res) => sendJson(res, 200, `{"subnets":[{"id":"s1","description":${nested}}]}`),
      async (url) => {
        const { code, stdout, stderr } = await cli(subnets(url, "--all", "-o", "json"), env);
        expect(code).toBe(EXIT.unexpected);
        expect(stdout).toBe("");
        expect(stderr).toBe("error: the response is nested more than 200 levels deep: too deep to print\n");
      },
    );
  });

  it("an error body nested as deeply is still an API error (exit 3)", async () => {
    await withServer(
      (_request, res) => sendJson(res, 404, `{"error_code":"VPC.0202","error_msg":"gone","details":${deep}}`),
      async (url) => {
        const { code, stderr } = await cli(subnets(url), env);
        expect(code).toBe(EXIT.api);
        expect(stderr).toMatch(/code: +VPC\.0202/);
      },
    );
  });

  it("data nested 200 levels deep still prints; 201 is refused", async () => {
    // The body, `subnets` and the item are three of the levels; objects are the deepest case for YAML.
    const nested = (levels: number) => {
      let value: unknown = {};
      for (let i = 1; i < levels; i++) value = { a: value };
      return { subnets: [{ id: "s1", description: value }] };
    };
    let levels = 197;
    await withServer(
      (_request, res) => sendJson(res, 200, nested(levels)),
      async (url) => {
        for (const output of ["json", "yaml", "table"]) {
          const { code, stdout } = await cli(subnets(url, "-o", output), env);
          expect(code).toBe(EXIT.ok);
          if (output !== "table")
            expect(output === "json" ? parseJson(stdout) : parseYaml(stdout)).toEqual(nested(levels));
        }
        levels = 198;
        const { code, stderr } = await cli(subnets(url, "-o", "json"), env);
        expect(code).toBe(EXIT.unexpected);
        expect(stderr).toMatch(/^error: the response is nested more than 200 levels deep/);
      },
    );
  });
});

describe("the main job (src/cli/list-all.ts) against a hostile service", () => {
  it("prints no credential of the environment and no raw control character", async () => {
    const token = "mjTok3n5";
    const emulator = await startEmulator({
      port: 0,
      seed: 3,
      counts: { vpcepConnections: 3, subnets: 3, confluentConnections: 3, madconnectConnections: 3 },
    });
    try {
      await withServer(
        (request, res) => {
          const offset = Number(new URL(request.url, "http://x").searchParams.get("offset") ?? 0);
          const echo = header(request, "authorization").replace(/^Bearer /, "");
          const all = [
            { id: "c1", name: `tok=${echo}`, status: "a\u001b[2J\u009b31mPWNED\u202e" },
            { id: "c2", name: "x\ny", status: "ok" },
          ];
          sendJson(res, 200, { statusCode: 0, response: all.slice(offset) });
        },
        async (url) => {
          const out: string[] = [];
          const err: string[] = [];
          const code = await listAll(
            {
              env: { MADCONNECT_BASE_URL: url, MADCONNECT_TOKEN: `${token}\n` },
              stdout: { write: (text: string) => out.push(text), isTTY: true, columns: 160 },
              stderr: { write: (text: string) => err.push(text), isTTY: false },
            },
            async () => emulator,
          );
          const stdout = out.join("");
          expect(code).toBe(EXIT.ok);
          expect(stdout).toMatch(/madconnect list-connections \(real\)/);
          expect(stdout).toContain("tok=[REDACTED]");
          expect(stdout + err.join("")).not.toContain(token);
          expect(stdout).not.toMatch(TERMINAL_CONTROLS);
          expect(stdout).toContain("a\\u001b[2J\\u009b31mPWNED\\u202e");
        },
      );
    } finally {
      await emulator.close();
    }
  });
});
