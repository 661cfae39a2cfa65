// The `connectivity` CLI (src/cli), in-process against plain test servers and the emulator, and twice
// as a real child process.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleForNode } from "./support/node-bundle.js";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, type CliIo } from "../src/cli/commands.js";
import { ENVIRONMENT_VARIABLES } from "../src/cli/connect.js";
import { listings } from "../src/cli/list-all.js";
import type { ApiDescription } from "../src/cli/description.js";
import { EXIT } from "../src/cli/exit-codes.js";
import { parseJson, stringifyJson } from "../src/core/json.js";
import { startEmulator, type Emulator } from "../src/emulator/index.js";
import { createVpcepClient } from "../src/otc/index.js";
import { sendJson, startServer, type TestServer } from "./support/http-server.js";
// @ts-expect-error untyped project script
import { cliDescription } from "../scripts/lib/cli.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const TOKEN = "otc-token-that-must-never-be-printed";
const CONNECTIONS = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections";
const BIG = 9007199254740993n; // 2^53 + 1: a number would print ...992

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(tty: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { write: (text: string) => chunks.push(text), isTTY: tty, columns: tty ? 100 : undefined } };
}

async function cli(
  argv: string[],
  {
    env = {},
    tty = false,
    emulator,
    apis,
    stdin = "",
  }: {
    env?: Record<string, string>;
    tty?: boolean;
    emulator?: Emulator;
    apis?: Record<string, ApiDescription>;
    stdin?: string;
  } = {},
): Promise<Result> {
  const out = sink(tty);
  const err = sink(tty);
  const io: CliIo = {
    env,
    stdout: out.stream,
    stderr: err.stream,
    readStdin: async () => stdin,
    readFile: async (file) => readFileSync(file, "utf8"),
    ...(emulator && { emulator: async () => emulator }),
  };
  const code = await run(argv, io, ...(apis ? [apis] : []));
  return { code, stdout: out.chunks.join(""), stderr: err.chunks.join("") };
}

/** The variables of the README's set-up table (its credentials and scopes), read from the README itself. */
const README_VARIABLES = (() => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const table = readme.slice(readme.indexOf("| variables | service |"));
  const rows = table.slice(0, table.indexOf("\n\n"));
  return [...new Set([...rows.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!))];
})();

const words = (text: string) => text.replace(/\s+/g, " ").trim();

/** 25 VPC endpoint connections served offset/limit with total_count, one with a marker_id above 2^53. */
function connectionsServer(): Promise<TestServer> {
  const all = Array.from({ length: 25 }, (_, i) => ({
    id: `conn-${i}`,
    status: "accepted",
    marker_id: i === 7 ? BIG : BigInt(i),
    created_at: "2024-01-01T00:00:00Z",
  }));
  return startServer((request, res) => {
    const url = new URL(request.url, "http://x");
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 10);
    sendJson(res, 200, stringifyJson({ connections: all.slice(offset, offset + limit), total_count: all.length }));
  });
}

describe("connectivity: commands and help from the specs", () => {
  const spec = parse(readFileSync(path.join(ROOT, "specs/otc-vpcep/openapi.yaml"), "utf8"));
  const list = spec.paths[CONNECTIONS].get;

  it("prints the operation's summary, description, parameter descriptions, enums and ranges", async () => {
    const { code, stdout } = await cli(["vpcep", "list-endpoint-service-connections", "--help"]);
    expect(code).toBe(EXIT.ok);
    const help = words(stdout);
    expect(help).toContain(words(list.summary));
    expect(help).toContain(words(list.description));
    const status = list.parameters.find((p: { name: string }) => p.name === "status");
    expect(help).toContain(`--status <string> ${words(status.description)}`);
    for (const value of status.schema.enum) expect(help).toContain(`"${value}"`);
    expect(help).toMatch(/--limit <integer> .*\(minimum: 0; maximum: 1000; default: 10\)/);
    expect(help).toContain("--vpc-endpoint-service-id <string>");
  });

  it("lists the aliases declared with x-cli, also for Confluent's verbatim operations", async () => {
    const vpcep = await cli(["vpcep", "--help"]);
    expect(vpcep.stdout).toContain("list-endpoint-service-connections|list-connections");
    const confluent = await cli(["confluent", "--help"]);
    expect(confluent.stdout).toContain("get-networking-v1-private-link-attachment-connection|get-connection");
  });

  it("offers no flag for a read-only body field (Confluent's kind, status, metadata...), only the writable ones", async () => {
    const { code, stdout } = await cli(["confluent", "create-connection", "--help"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/--spec </);
    for (const flag of ["--api-version", "--kind", "--metadata", "--status", "--body-id"])
      expect(stdout).not.toContain(`${flag} <`);
  });

  it("documents the exit codes in --help", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(
      /Exit codes:[\s\S]*2 {2}usage[\s\S]*3 {2}API error[\s\S]*4 {2}network[\s\S]*5 {2}pagination/,
    );
  });

  it("turns an operation added to a spec into a command (description generated in-process)", async () => {
    const fixture = {
      openapi: "3.0.3",
      info: { title: "Fixture VPC", version: "1", "x-cli": { name: "vpc" } },
      paths: {
        "/v1/{project_id}/routetables": {
          get: {
            operationId: "listRouteTables",
            summary: "Query route tables",
            description: "Lists the route tables of a project.",
            "x-cli": { aliases: ["routes"] },
            parameters: [
              {
                name: "project_id",
                in: "path",
                required: true,
                description: "The project.",
                schema: { type: "string" },
              },
              {
                name: "kind",
                in: "query",
                description: "Route kind.",
                schema: { type: "string", enum: ["local", "peering"] },
              },
              { name: "depth", in: "query", description: "Levels.", schema: { type: "integer", enum: [1, 2] } },
            ],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    };
    const apis = { vpc: cliDescription(fixture, { api: "otc-vpc" }) as ApiDescription };
    // Aliases are a list of command words: a bare string (spread into letters before) or a number is refused.
    const op = fixture.paths["/v1/{project_id}/routetables"].get;
    for (const aliases of ["routes", [7], ["Routes!"]]) {
      const wrong = structuredClone(fixture);
      wrong.paths["/v1/{project_id}/routetables"].get["x-cli"] = { aliases } as never;
      expect(() => cliDescription(wrong, { api: "otc-vpc" }), JSON.stringify(aliases)).toThrow(
        /aliases must be a list of command words/,
      );
    }
    expect(op["x-cli"].aliases).toEqual(["routes"]);
    const help = await cli(["vpc", "--help"], { apis });
    expect(help.stdout).toMatch(/list-route-tables\|routes .*Query route tables/);

    const server = await startServer((_request, res) => sendJson(res, 200, { routetables: [{ id: "rt-1" }] }));
    try {
      const env = { OTC_TOKEN: TOKEN };
      const argv = ["vpc", "routes", "--project-id", "p1", "--kind", "peering", "--base-url", server.url];
      const outside = await cli([...argv, "--depth", "3"], { env, apis });
      expect(outside.code).toBe(EXIT.usage);
      expect(outside.stderr).toMatch(/Allowed choices are 1, 2/);
      const called = await cli([...argv, "--depth", "2"], { env, apis });
      expect(called).toMatchObject({ code: EXIT.ok, stdout: '{"routetables":[{"id":"rt-1"}]}\n' });
      expect(server.requests.map((r) => r.url)).toEqual(["/v1/p1/routetables?kind=peering&depth=2"]);
      expect(server.requests[0]!.headers["x-auth-token"]).toBe(TOKEN);
    } finally {
      await server.close();
    }
  });
});

describe("connectivity: output", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await connectionsServer();
  });
  afterAll(() => server.close());
  const env = { OTC_TOKEN: TOKEN };
  const args = () => [
    "vpcep",
    "list-connections",
    "--base-url",
    server.url,
    "--project-id",
    "p",
    "--vpc-endpoint-service-id",
    "s",
  ];

  it("-o json --all prints exactly what paginate(...).toArray() returns, int64 above 2^53 exact", async () => {
    const { code, stdout } = await cli([...args(), "--all", "--limit", "4", "--concurrency", "3", "-o", "json"], {
      env,
    });
    expect(code).toBe(EXIT.ok);
    const client = createVpcepClient({ baseUrl: server.url, auth: { token: TOKEN } });
    const expected = await client
      .paginate(CONNECTIONS, { params: { path: { project_id: "p", vpc_endpoint_service_id: "s" } } }, { pageSize: 4 })
      .toArray();
    expect(expected).toHaveLength(25);
    expect(stdout).toBe(`${stringifyJson(expected)}\n`);
    expect(stdout).toContain(`"marker_id":${BIG}`);
    expect(parseJson(stdout)).toEqual(expected);
  });

  it("--max-items stops early; ndjson prints one item per line; piped output defaults to json", async () => {
    const ndjson = await cli([...args(), "--max-items", "3", "-o", "ndjson"], { env });
    expect(
      ndjson.stdout
        .trimEnd()
        .split("\n")
        .map((line) => (parseJson(line) as { id: string }).id),
    ).toEqual(["conn-0", "conn-1", "conn-2"]);
    const piped = await cli([...args(), "--max-items", "2"], { env });
    expect(parseJson(piped.stdout)).toHaveLength(2);
  });

  it("an --offset the spec allows but paging cannot start from (beyond 2^53 - 1) is a usage error with --all or --max-items, nothing sent", async () => {
    const before = server.requests.length;
    for (const paging of [["--all"], ["--max-items", "5"]]) {
      const { code, stdout, stderr } = await cli([...args(), "--offset", "9007199254740992", ...paging], { env });
      expect(code).toBe(EXIT.usage);
      expect(stdout).toBe("");
      expect(stderr).toContain(
        "offset must be a safe integer ≥ 0, got 9007199254740992 (paging with --all or --max-items)",
      );
      expect(stderr).not.toMatch(/^\s+at /m);
    }
    expect(server.requests.length).toBe(before);
  });

  it("a table on a terminal shows the spec's x-cli columns, within the terminal's width", async () => {
    const { code, stdout } = await cli([...args(), "--max-items", "8"], { env, tty: true });
    expect(code).toBe(EXIT.ok);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[1]).toMatch(/id\s+│ status\s+│ marker_id\s+│ domain_id\s+│ created_at/);
    expect(stdout).toContain(String(BIG));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("-o yaml keeps int64 exact", async () => {
    const { stdout } = await cli([...args(), "--max-items", "8", "-o", "yaml"], { env });
    expect(stdout).toContain(`marker_id: ${BIG}`);
  });
});

describe("connectivity: flags are checked before any request", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, res) => sendJson(res, 200, { connections: [], total_count: 0 }));
  });
  afterAll(() => server.close());
  const env = { OTC_TOKEN: TOKEN };
  const base = () => ["vpcep", "list-connections", "--base-url", server.url, "--project-id", "p"];

  it.each([
    [
      "an enum value the spec does not list",
      ["--vpc-endpoint-service-id", "s", "--status", "bogus"],
      /Allowed choices are pendingAcceptance, accepted, rejected, failed/,
    ],
    ["a value above the spec's maximum", ["--vpc-endpoint-service-id", "s", "--limit", "1001"], /Must be at most 1000/],
    ["a non-integer for an integer", ["--vpc-endpoint-service-id", "s", "--offset", "1.5"], /Not an integer/],
    ["a missing required flag", [], /missing required flag: --vpc-endpoint-service-id/],
    ["an unknown flag", ["--vpc-endpoint-service-id", "s", "--colour", "red"], /unknown option '--colour'/],
    [
      "a --timeout-ms beyond the longest timer",
      ["--vpc-endpoint-service-id", "s", "--timeout-ms", "2147483648"],
      /--timeout-ms must be an integer from 1 to 2147483647\./,
    ],
    [
      "a --concurrency above 64 (a typo must not send thousands of requests at once)",
      ["--vpc-endpoint-service-id", "s", "--all", "--concurrency", "65"],
      /--concurrency must be an integer from 1 to 64\./,
    ],
    ...["0x10", "1e3", " 7"].map((raw) => [
      `a --timeout-ms that is no decimal integer (${JSON.stringify(raw)})`,
      ["--vpc-endpoint-service-id", "s", "--timeout-ms", raw],
      /--timeout-ms must be an integer from 1 to 2147483647\./,
    ]),
  ] as [string, string[], RegExp][])(
    "%s: usage error, exit 2, the server sees nothing",
    async (_name, extra, message) => {
      const before = server.requests.length;
      const { code, stderr, stdout } = await cli([...base(), ...extra], { env });
      expect(code).toBe(EXIT.usage);
      expect(stderr).toMatch(message);
      expect(stdout).toBe("");
      expect(server.requests.length - before).toBe(0);
    },
  );

  it("an empty --base-url is a usage error saying so, even where the credentials are set", async () => {
    const { code, stderr } = await cli(["vpcep", "list-connections", "--base-url", "", "--project-id", "p"], { env });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/^error: --base-url is empty: give the API's base URL/);
  });

  it("--base-url with half a credential set names what is missing", async () => {
    const { code, stderr } = await cli(["vpc", "list-subnets", "--base-url", server.url, "--project-id", "p"], {
      env: { OTC_ACCESS_KEY: "AKEXAMPLE0001" },
    });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/^error: the environment variable OTC_ACCESS_KEY is set without OTC_SECRET_KEY: /);
    expect(stderr).not.toContain("AKEXAMPLE0001");
  });

  it("an unknown command is a usage error", async () => {
    expect((await cli(["vpc", "list-routers"])).code).toBe(EXIT.usage);
    expect((await cli(["nova", "list"])).code).toBe(EXIT.usage);
  });
});

describe("connectivity: JSON, NDJSON and YAML output stay valid whatever the data holds", () => {
  const connection = {
    id: "c1",
    name: 'authorization: abc"def',
    note: 'authorization%3Aabc%5C"def',
    parameters: { authorization: null, "x-auth-token": { type: "x" }, "X-Security-Token": "Bearer abc12345XYZ" },
    headers: { authorization: "none set", "x-auth-token": 42, "authorization:": "x" },
  };
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, res) =>
      sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response: connection }),
    );
  });
  afterAll(() => server.close());

  it.each(["json", "ndjson", "yaml"])(
    "-o %s: parses, and a credential header's value is masked whole",
    async (format) => {
      const env = { MADCONNECT_BASE_URL: server.url, MADCONNECT_TOKEN: "tok-0123456789abcdef" };
      const { code, stdout } = await cli(
        ["madconnect", "get-connection", "--connection-id", "c1", "--account-id", "a", "-o", format],
        { env },
      );
      expect(code).toBe(0);
      const printed = (
        (format === "yaml" ? parse(stdout) : JSON.parse(stdout.trim())) as { response: typeof connection }
      ).response;
      expect(printed.parameters).toEqual({
        authorization: null,
        "x-auth-token": { type: "x" },
        "X-Security-Token": "[REDACTED]",
      });
      expect(printed.headers).toEqual({ authorization: "[REDACTED]", "x-auth-token": 42, "authorization:": "x" });
      expect(printed.name).toBe('authorization: [REDACTED]"def');
      expect(printed.note).toBe('authorization%3A[REDACTED]%5C"def');
    },
  );
});

describe("connectivity: a body from its field flags is checked before any request", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, res) => sendJson(res, 200, { statusCode: 0, response: {} }));
  });
  afterAll(() => server.close());
  const env = () => ({
    OTC_TOKEN: TOKEN,
    MADCONNECT_BASE_URL: server.url,
    MADCONNECT_TOKEN: "mad-token",
    CONFLUENT_API_KEY: "key",
    CONFLUENT_API_SECRET: "secret",
  });
  const vpcep = () => ["vpcep", "accept-or-reject-connections", "--base-url", server.url, "--project-id", "p"];
  const confluent = () => ["confluent", "create-connection", "--base-url", server.url];

  it.each([
    [
      "a body field the spec requires, left out",
      () => ["madconnect", "create-connection", "--name", "x", "--dest-connector-id", "d"],
      /missing required flag: --src-connector-id \(or the whole body with --data/,
    ],
    [
      "two of them",
      () => ["madconnect", "create-connection", "--name", "x"],
      /missing required flags: --dest-connector-id, --src-connector-id/,
    ],
    [
      "a required body field beside a required parameter",
      () => [...vpcep(), "--endpoints", '["e"]'],
      /missing required flags: --vpc-endpoint-service-id, --action/,
    ],
    [
      "an enum body field the spec requires (--action), left out",
      () => [...vpcep(), "--vpc-endpoint-service-id", "s", "--endpoints", '["e"]'],
      /missing required flag: --action/,
    ],
  ])("%s: usage error, exit 2, the server sees nothing", async (_name, argv, message) => {
    const before = server.requests.length;
    const { code, stderr, stdout } = await cli(argv(), { env: env() });
    expect(stderr).toMatch(message);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(server.requests.length - before).toBe(0);
  });

  it("--data @file that cannot be read (missing, a directory, not allowed): usage error, exit 2, no stack, nothing sent", async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", "connectivity-cli-test");
    mkdirSync(dir, { recursive: true });
    const locked = path.join(dir, `locked-${process.pid}.json`);
    writeFileSync(locked, "{}", { mode: 0o000 });
    const unreadable = (() => {
      try {
        readFileSync(locked);
        return false; // root reads it anyway
      } catch {
        return true;
      }
    })();
    const before = server.requests.length;
    try {
      const cases: [string, RegExp][] = [
        [path.join(dir, "nope.json"), /ENOENT/],
        [dir, /EISDIR/],
        ...(unreadable ? ([[locked, /EACCES/]] as [string, RegExp][]) : []),
      ];
      for (const [file, reason] of cases) {
        const { code, stderr, stdout } = await cli(["madconnect", "create-connection", "--data", `@${file}`], {
          env: env(),
        });
        expect(stderr).toContain(`error: --data @${file}: cannot read the file (`);
        expect(stderr).toMatch(reason);
        expect(stderr).not.toMatch(/^\s+at /m);
        expect(code).toBe(EXIT.usage);
        expect(stdout).toBe("");
      }
    } finally {
      rmSync(locked, { force: true });
    }
    expect(server.requests.length - before).toBe(0);
  });

  it("a body given with --data is sent as given, required fields or not (the server judges it)", async () => {
    const before = server.requests.length;
    const { code } = await cli(["madconnect", "create-connection", "--data", '{"name":"x"}'], { env: env() });
    expect(code).toBe(EXIT.ok);
    expect(server.requests.slice(before).map((r) => r.body.toString())).toEqual(['{"name":"x"}']);
  });

  it.each([
    ["[1,2]", "an array"],
    ['"abc"', "a string"],
    ["null", "null"],
    ["7", "a number"],
  ])("--data %s with a body field flag: usage error naming it (%s), exit 2, nothing sent", async (data, kind) => {
    const before = server.requests.length;
    const { code, stdout, stderr } = await cli(["madconnect", "create-connection", "--data", data, "--name", "x"], {
      env: env(),
    });
    expect([code, stdout]).toEqual([EXIT.usage, ""]);
    expect(stderr).toContain(
      `error: --data ${data}: the body is ${kind}, not a JSON object, so the body field flags (--name) cannot be added to it\n`,
    );
    expect(server.requests.length - before).toBe(0);
  });

  it("--data of a JSON object with a body field flag: the flag's field added to it", async () => {
    const before = server.requests.length;
    const { code } = await cli(["madconnect", "create-connection", "--data", '{"a":1}', "--name", "x"], { env: env() });
    expect(code).toBe(EXIT.ok);
    expect(server.requests.slice(before).map((r) => JSON.parse(r.body.toString()))).toEqual([{ a: 1, name: "x" }]);
  });

  it("an optional body (Confluent's create): no body flag sends no body; a field of it is required only then, and --help says so", async () => {
    const before = server.requests.length;
    expect((await cli(confluent(), { env: env() })).code).toBe(EXIT.ok);
    expect(server.requests.slice(before).map((r) => [r.method, r.body.toString()])).toEqual([["POST", ""]]);
    const sent = await cli([...confluent(), "--spec", '{"display_name":"n"}'], { env: env() });
    expect(sent.code).toBe(EXIT.ok);
    expect(server.requests.at(-1)!.body.toString()).toBe('{"spec":{"display_name":"n"}}');
    const help = words((await cli(["confluent", "create-connection", "--help"])).stdout);
    expect(help).toMatch(/--spec <json> body field spec: .*\(required when a body is sent\)/);
    expect(help).toMatch(/without it or any body field flag, no body is sent/);
    // a required body's fields are plainly required
    const required = words((await cli(["madconnect", "create-connection", "--help"])).stdout);
    expect(required).toMatch(/--src-connector-id <string> body field srcConnectorId: .*\(required\)/);
    expect(required).not.toMatch(/when a body is sent/);
  });
});

describe("connectivity: errors, exit codes and credentials", () => {
  const env = { OTC_TOKEN: TOKEN, OTC_PROJECT_ID: "p" };
  const list = (url: string, ...extra: string[]) => ["vpc", "list-subnets", "--base-url", url, ...extra];

  it("an API error: exit 3 with status, vendor code, message and request id, never the token the server echoes", async () => {
    const server = await startServer((request, res) =>
      sendJson(res, 404, {
        error_code: "VPC.0202",
        error_msg: `subnet not found for token ${request.headers["x-auth-token"]}`,
        request_id: "req-123",
      }),
    );
    try {
      const { code, stdout, stderr } = await cli(list(server.url), { env });
      expect(code).toBe(EXIT.api);
      expect(stderr).toMatch(/HTTP 404/);
      expect(stderr).toMatch(/code: +VPC\.0202/);
      expect(stderr).toMatch(/request id: +req-123/);
      expect(stderr).toContain("subnet not found for token");
      expect(stdout + stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  it("a success status whose body is no JSON (a proxy's HTML page) is an API error too: exit 3, code invalid_json", async () => {
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>502 Bad Gateway</body></html>");
    });
    try {
      const { code, stdout, stderr } = await cli(list(server.url), { env });
      expect(code).toBe(EXIT.api);
      expect(stderr).toMatch(/HTTP 200/);
      expect(stderr).toMatch(/code: +invalid_json/);
      expect(stdout).toBe("");
    } finally {
      await server.close();
    }
  });

  it("a body that echoes the credential prints without it", async () => {
    const server = await startServer((request, res) =>
      sendJson(res, 200, { subnets: [{ id: "s1", name: `echo ${request.headers["x-auth-token"]}` }] }),
    );
    try {
      for (const output of ["json", "table", "yaml"]) {
        const { code, stdout, stderr } = await cli(list(server.url, "-o", output), { env });
        expect(code).toBe(EXIT.ok);
        expect(stdout).toContain("echo [REDACTED]");
        expect(stdout + stderr).not.toContain(TOKEN);
      }
    } finally {
      await server.close();
    }
  });

  it("an all-digit credential echoed as a number: redacted in a table, and JSON, NDJSON and YAML output still parse", async () => {
    const token = "0048151623";
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      // JSON can only echo the token as a number without its leading zeros.
      // A number holding those digits is masked whole too: masking the printed text would cut into the literal.
      res.end('{"subnets":[{"id":"s1","name":48151623,"cidr":"10.0.0.0/24","size":-4815162300.5}]}');
    });
    try {
      const numeric = { OTC_TOKEN: token, OTC_PROJECT_ID: "p" };
      const table = await cli(list(server.url, "-o", "table", "--all"), { env: numeric });
      expect(table.stdout).toMatch(/│ s1 +│ \[REDACTED\] +│ 10\.0\.0\.0\/24 +│/);
      expect(table.stdout).not.toContain("48151623");
      for (const output of ["json", "ndjson", "yaml"]) {
        const { code, stdout } = await cli(list(server.url, "-o", output, "--all"), { env: numeric });
        expect(code).toBe(EXIT.ok);
        const parsed = output === "yaml" ? parse(stdout) : JSON.parse(stdout.trim().split("\n")[0]!);
        expect(parsed).toEqual(
          output === "ndjson"
            ? { id: "s1", name: "[REDACTED]", cidr: "10.0.0.0/24", size: "[REDACTED]" }
            : [{ id: "s1", name: "[REDACTED]", cidr: "10.0.0.0/24", size: "[REDACTED]" }],
        );
        expect(stdout).not.toContain("48151623");
      }
    } finally {
      await server.close();
    }
  });

  it("a server that cannot be reached: exit 4", async () => {
    const server = await startServer(() => {});
    await server.close();
    const { code, stderr } = await cli(list(server.url, "--timeout-ms", "2000"), { env });
    expect(code).toBe(EXIT.network);
    expect(stderr).toMatch(/ConnectionError/);
  });

  it("a server that does not answer in time: exit 4", async () => {
    const server = await startServer(() => new Promise(() => {}));
    try {
      const { code, stderr } = await cli(list(server.url, "--timeout-ms", "50"), { env });
      expect(code).toBe(EXIT.network);
      expect(stderr).toMatch(/TimeoutError/);
    } finally {
      await server.close();
    }
  });

  it("a body larger than maxResponseBytes (announced by Content-Length): exit 3, the server's answer, no stack", async () => {
    const server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) });
      res.end();
    });
    try {
      const { code, stderr, stdout } = await cli(list(server.url), { env });
      expect([code, stdout]).toEqual([EXIT.api, ""]);
      expect(stderr).toMatch(
        /^error: ResponseTooLargeError: the response body exceeds maxResponseBytes \(67108864 bytes\)/,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
    }
  });

  it("paging that cannot go on safely: exit 5", async () => {
    // Ignores offset: every page is the first one.
    const server = await startServer((_request, res) =>
      sendJson(res, 200, { connections: [{ id: "a" }, { id: "b" }], total_count: 10 }),
    );
    try {
      const argv = [
        "vpcep",
        "list-connections",
        "--base-url",
        server.url,
        "--vpc-endpoint-service-id",
        "s",
        "--limit",
        "2",
        "--all",
      ];
      const { code, stderr } = await cli(argv, { env });
      expect(code).toBe(EXIT.pagination);
      expect(stderr).toMatch(/PaginationError/);
    } finally {
      await server.close();
    }
  });

  it("a path value that could leave its segment is refused before sending: exit 2", async () => {
    const server = await startServer((_request, res) => sendJson(res, 200, { subnet: { id: "s1" } }));
    try {
      for (const value of ["..", "%2e%2e"]) {
        const { code, stdout, stderr } = await cli(
          ["vpc", "show-subnet", "--base-url", server.url, "--subnet-id", value],
          {
            env,
          },
        );
        expect(code, value).toBe(EXIT.usage);
        expect(stderr).toMatch(/RequestRejectedError/);
        expect(stdout).toBe("");
      }
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it.each(README_VARIABLES.flatMap((name) => [[name, ""] as const, [name, " \t"] as const]))(
    "%s set but empty or blank (%j): usage error naming it, exit 2, nothing sent, no emulator",
    async (name, value) => {
      const { code, stdout, stderr } = await cli(["vpc", "list-subnets", "--project-id", "p"], {
        env: { [name]: value },
      });
      expect([code, stdout]).toEqual([EXIT.usage, ""]);
      expect(stderr).toBe(
        `error: the environment variable ${name} is set but ${value === "" ? "empty" : "blank"}: give it a value, or unset it (an API without its credentials is served by the embedded emulator)\n(add --help for usage)\n`,
      );
    },
  );

  it("the variables checked are the README table's, all of them", () => {
    expect(README_VARIABLES).toHaveLength(13);
    expect([...README_VARIABLES].sort()).toEqual([...ENVIRONMENT_VARIABLES].sort());
  });

  it("a region with a carriage return at its end (a file with CRLF line ends): usage error naming it (not its value), exit 2", async () => {
    const { code, stdout, stderr } = await cli(["vpc", "list-subnets", "--project-id", "p"], {
      env: { OTC_TOKEN: "token-value-1234", OTC_REGION: "eu-de\r" },
    });
    expect([code, stdout]).toEqual([EXIT.usage, ""]);
    expect(stderr).toBe(
      "error: the environment variable OTC_REGION contains a control character (U+000D) at index 5: a scope must be one line of printable characters\n(add --help for usage)\n",
    );
  });

  it.each([
    ["OTC_TOKEN", { OTC_TOKEN: "   " }, ["vpc", "list-subnets"], "OTC_TOKEN is set but blank"],
    [
      "OTC_TOKEN",
      { OTC_TOKEN: "tok\u0001en-1234" },
      ["vpc", "list-subnets"],
      "OTC_TOKEN contains a control character (U+0001) at index 3",
    ],
    [
      "OTC_SECRET_KEY",
      { OTC_ACCESS_KEY: "AK1234", OTC_SECRET_KEY: "sec\nret-1234" },
      ["vpcep", "list-endpoint-service-connections", "--vpc-endpoint-service-id", "s"],
      "OTC_SECRET_KEY contains a control character (U+000A) at index 3",
    ],
    [
      "CONFLUENT_API_SECRET",
      { CONFLUENT_API_KEY: "key-1234", CONFLUENT_API_SECRET: " \t " },
      ["confluent", "list-connections", "--environment", "env-1"],
      "CONFLUENT_API_SECRET is set but blank",
    ],
    [
      "MADCONNECT_TOKEN",
      { MADCONNECT_BASE_URL: "http://127.0.0.1:9", MADCONNECT_TOKEN: "tok\u0100en" },
      ["madconnect", "connections"],
      "MADCONNECT_TOKEN contains a character beyond Latin-1 at index 3",
    ],
  ])(
    "a credential in the environment the client would refuse (%s): usage error naming the variable, exit 2, no stack, not its value",
    async (_name, env, argv, message) => {
      const { code, stdout, stderr } = await cli(argv, { env: { OTC_PROJECT_ID: "p", ...env } });
      expect([code, stdout]).toEqual([EXIT.usage, ""]);
      expect(stderr).toMatch(new RegExp(`^error: the environment variable ${message.replace(/[()+]/g, "\\$&")}`));
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  );

  it("--base-url without the API's credentials is a usage error", async () => {
    const madconnect = await cli(["madconnect", "list-connections", "--base-url", "http://127.0.0.1:9"]);
    expect(madconnect.code).toBe(EXIT.usage);
    expect(madconnect.stderr).toContain("error: --base-url needs the credentials of madconnect (MADCONNECT_TOKEN)\n");
    const vpc = await cli(["vpc", "list-subnets", "--base-url", "http://127.0.0.1:9"], {
      env: { OTC_PROJECT_ID: "p" },
    });
    expect(vpc.code).toBe(EXIT.usage);
    expect(vpc.stderr).toContain(
      "error: --base-url needs the credentials of vpc (OTC_TOKEN, or OTC_ACCESS_KEY + OTC_SECRET_KEY)\n",
    );
  });

  it("MadConnect: --base-url with MADCONNECT_TOKEN alone (it replaces MADCONNECT_BASE_URL) sends there with that token", async () => {
    const server = await startServer((_request, res) =>
      sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response: [{ id: "real-1" }] }),
    );
    try {
      const { code, stdout } = await cli(["madconnect", "list-connections", "--base-url", server.url, "-o", "json"], {
        env: { MADCONNECT_TOKEN: "mad-token-1234" },
      });
      expect(code).toBe(EXIT.ok);
      expect(parseJson(stdout)).toMatchObject({ response: [{ id: "real-1" }] });
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer mad-token-1234"]);
    } finally {
      await server.close();
    }
  });
});

describe("connectivity: the embedded emulator and progress", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 3, counts: { subnets: 250, confluentConnections: 30 } });
  });
  afterAll(() => emulator.close());

  it("without credentials serves from the emulator, says so on stderr, and fills path ids", async () => {
    const { code, stdout, stderr } = await cli(["confluent", "list-connections", "--all", "-o", "json"], { emulator });
    expect(code).toBe(EXIT.ok);
    expect(stderr).toMatch(/^confluent: no credentials in the environment .*embedded emulator/);
    expect(parseJson(stdout)).toHaveLength(30);
  });

  it("MadConnect is the real service only with both MADCONNECT_BASE_URL and MADCONNECT_TOKEN; one alone is a usage error", async () => {
    const server = await startServer((_request, res) =>
      sendJson(res, 200, { statusCode: 0, statusMessage: "Success", response: [{ id: "real-1" }] }),
    );
    try {
      const argv = ["madconnect", "list-connections", "-o", "json"];
      for (const [env, set, missing] of [
        [{ MADCONNECT_BASE_URL: server.url }, "MADCONNECT_BASE_URL", "MADCONNECT_TOKEN"],
        [{ MADCONNECT_TOKEN: "mad-token" }, "MADCONNECT_TOKEN", "MADCONNECT_BASE_URL"],
      ] as [Record<string, string>, string, string][]) {
        const { code, stdout, stderr } = await cli(argv, { env, emulator });
        expect(code, JSON.stringify(env)).toBe(EXIT.usage);
        expect(stderr).toBe(
          `error: the environment variable ${set} is set without ${missing}: madconnect's credentials are ` +
            "MADCONNECT_BASE_URL + MADCONNECT_TOKEN; set what is missing, or unset it (an API without its credentials " +
            "is served by the embedded emulator)\n(add --help for usage)\n",
        );
        expect(stdout).toBe("");
        expect(stderr).not.toContain("mad-token");
      }
      expect(server.requests).toHaveLength(0);
      const real = await cli(argv, {
        env: { MADCONNECT_BASE_URL: server.url, MADCONNECT_TOKEN: "mad-token" },
        emulator,
      });
      expect(real.code).toBe(EXIT.ok);
      expect(parseJson(real.stdout)).toEqual({ statusCode: 0, statusMessage: "Success", response: [{ id: "real-1" }] });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("progress goes to stderr on a terminal only", async () => {
    const argv = ["vpc", "list-subnets", "--all", "--limit", "20"];
    const tty = await cli([...argv, "-o", "json"], { emulator, tty: true });
    expect(tty.code).toBe(EXIT.ok);
    expect(tty.stderr).toMatch(/vpc list-subnets: \d+ items, \d+ pages, \d+ items\/s/);
    expect(parseJson(tty.stdout)).toHaveLength(250);

    const piped = await cli(argv, { emulator });
    expect(piped.code).toBe(EXIT.ok);
    expect(piped.stderr.split("\n").filter(Boolean)).toEqual([expect.stringMatching(/embedded emulator/)]);
    expect(parseJson(piped.stdout)).toHaveLength(250);
  });

  it("--validate warn prints each drift finding on stderr; --validate throw exits 6", async () => {
    emulator.setFaults({ api: "otc-vpc", drift: "undeclared-property" });
    try {
      const argv = ["vpc", "list-subnets", "--max-items", "5"];
      const warn = await cli([...argv, "--validate", "warn"], { emulator });
      expect(warn.code).toBe(EXIT.ok);
      expect(parseJson(warn.stdout)).toHaveLength(5);
      expect(warn.stderr).toMatch(/^drift: listSubnets \(200\) at "\/subnets\/\d+\/\S+": undeclared-property/m);
      const thrown = await cli([...argv, "--validate", "throw"], { emulator });
      expect(thrown).toMatchObject({ code: EXIT.drift, stdout: "" });
      expect(thrown.stderr).toMatch(/DriftError/);
      const off = await cli(argv, { emulator });
      expect(off.code).toBe(EXIT.ok);
      expect(off.stderr).not.toContain("drift");
    } finally {
      emulator.clearFaults();
    }
  });

  it("--validate throw: an error response the spec does not document is its typed error (exit 3), not drift", async () => {
    // OTC VPC documents no 429: the finding rides on the RateLimitError the call ends in.
    emulator.setFaults({ api: "otc-vpc", rateLimit: { retryAfterSeconds: 0 } });
    try {
      const thrown = await cli(["vpc", "list-subnets", "--max-items", "5", "--validate", "throw"], { emulator });
      expect(thrown).toMatchObject({ code: EXIT.api, stdout: "" });
      expect(thrown.stderr).toMatch(/RateLimitError/);
      expect(thrown.stderr).not.toMatch(/DriftError/);
      // Its findings are written as --validate warn writes them (escaped, one line each), not by the library.
      expect(thrown.stderr).toMatch(/^drift: listSubnets \(429\) at "": undocumented-status/m);
      expect(thrown.stderr).not.toMatch(/connectivity-clients: spec drift/);
    } finally {
      emulator.clearFaults();
    }
  });

  it("a body from --data @file and from field flags", async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", "connectivity-cli-test");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `body-${process.pid}.json`);
    const { connectors } = emulator.state.madconnect;
    const src = connectors.find((c) => c.role === "source")!.connectorId;
    const dest = connectors.find((c) => c.role === "destination")!.connectorId;
    const body = { name: "crm to warehouse", srcConnectorId: src, destConnectorId: dest };
    await import("node:fs/promises").then((fs) => fs.writeFile(file, JSON.stringify(body)));
    try {
      const created = await cli(["madconnect", "create-connection", "--data", `@${file}`], { emulator });
      expect(created.stderr).not.toContain("error");
      expect(created.code).toBe(EXIT.ok);
      const byFlags = await cli(
        [
          "madconnect",
          "create-connection",
          "--name",
          "by flags",
          "--src-connector-id",
          src,
          "--dest-connector-id",
          dest,
        ],
        { emulator },
      );
      expect(byFlags.code).toBe(EXIT.ok);
      const stdin = JSON.stringify({ ...body, name: "from stdin" });
      const fromStdin = await cli(["madconnect", "create-connection", "--data", "-"], { emulator, stdin });
      expect(fromStdin.code).toBe(EXIT.ok);
      const found = await cli(["madconnect", "list-connections", "--all"], { emulator });
      const names = (parseJson(found.stdout) as { name: string }[]).map((c) => c.name);
      expect(names.filter((name) => ["crm to warehouse", "by flags", "from stdin"].includes(name)).sort()).toEqual([
        "by flags",
        "crm to warehouse",
        "from stdin",
      ]);
      const invalid = await cli(["madconnect", "create-connection", "--data", "-"], { emulator, stdin: "{not json" });
      expect(invalid).toMatchObject({ code: EXIT.usage, stdout: "" });
      expect(invalid.stderr).toContain("--data -: not valid JSON");
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe("connectivity as a program", () => {
  const dir = path.join(ROOT, "node_modules", ".cache", "connectivity-cli-test");
  const main = path.join(dir, `main-${process.pid}.mjs`);

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // Bundled from src (dependencies stay imports), as tsc would compile it.
    await bundleForNode(path.join(ROOT, "src/cli/main.ts"), main, { packages: "external" });
  });
  afterAll(() => rmSync(main, { force: true }));

  it("runs from the command line against the embedded emulator, piped: json and no progress", () => {
    const env = { PATH: process.env.PATH ?? "" };
    const result = spawnSync(process.execPath, [main, "madconnect", "connections", "--max-items", "5"], {
      encoding: "utf8",
      env,
    });
    expect(result.status).toBe(EXIT.ok);
    expect(parseJson(result.stdout)).toHaveLength(5);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^madconnect: .*embedded emulator/)]);
  });

  it("exits with 2 on a usage error, also when the reader of its stderr is gone (`2>&1 | head -1`): no crash on EPIPE", async () => {
    const child = spawn(process.execPath, [main, "vpc", "list-subnets", "--limit", "-1"], {
      env: {},
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed before the command writes its message: each write to stderr fails with EPIPE.
    child.stderr.destroy();
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const [code] = await once(child, "close");
    expect([code, stdout]).toEqual([EXIT.usage, ""]);
  });
});

describe("the CLI stays out of the client entry points", () => {
  it.each(["src/otc/index.ts", "src/confluent/index.ts", "src/madconnect/index.ts", "src/index.ts"])(
    "%s bundles without the CLI or its dependencies",
    async (entry) => {
      const result = await build({
        entryPoints: [path.join(ROOT, entry)],
        bundle: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "neutral",
        logLevel: "silent",
        external: ["node:*"],
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((input) => input.includes("src/otc/") || input.includes("src/core/"))).toBe(true);
      expect(
        inputs.filter((input) => /src\/cli\/|node_modules\/(commander|cli-table3|string-width|yaml)\//.test(input)),
      ).toEqual([]);
    },
  );
});

describe("the main job's listings (src/cli/list-all.ts)", () => {
  it("lists every list operation of the four APIs with its x-cli columns, each page counted", async () => {
    const emulator = await startEmulator({
      port: 0,
      seed: 5,
      counts: { vpcepConnections: 30, subnets: 40, confluentConnections: 20, madconnectConnections: 7 },
    });
    try {
      const all = listings(async () => emulator, {}, {});
      expect(all.map((l) => [l.api, l.target])).toEqual([
        ["vpcep list-endpoint-service-connections", "emulator"],
        ["vpc list-subnets", "emulator"],
        ["confluent list-networking-v1-private-link-attachment-connections", "emulator"],
        ["madconnect list-connections", "emulator"],
      ]);
      expect(all[1]!.columns).toEqual(["id", "name", "cidr", "status", "vpc_id"]);
      const counts = [];
      for (const listing of all) {
        let items = 0;
        await listing.run((count, page) => {
          expect(page).toHaveLength(count);
          items += count;
        });
        counts.push(items);
      }
      expect(counts).toEqual([30, 40, 20, 7]);
    } finally {
      await emulator.close();
    }
  });

  it("targets the real service of an API whose credentials are set, with the scope it lists (OTC_PROJECT_ID, OTC_VPCEP_SERVICE_ID, CONFLUENT_ENVIRONMENT)", () => {
    const targets = (env: Record<string, string>) =>
      listings(async () => undefined as never, {}, env).map((l) => l.target);
    const confluent = { CONFLUENT_API_KEY: "k", CONFLUENT_API_SECRET: "s2", CONFLUENT_ENVIRONMENT: "env-1" };
    const otc = { OTC_TOKEN: TOKEN, OTC_PROJECT_ID: "p", OTC_VPCEP_SERVICE_ID: "s" };
    expect(targets({ ...otc, OTC_REGION: "eu-nl" })).toEqual(["real (eu-nl)", "real (eu-nl)", "emulator", "emulator"]);
    expect(targets({ ...otc, ...confluent })).toEqual(["real (eu-de)", "real (eu-de)", "real", "emulator"]);
    expect(targets(confluent)).toEqual(["emulator", "emulator", "real", "emulator"]);
    // An API with its credentials is never listed from the emulator, nor under the emulator's ids.
    const { OTC_VPCEP_SERVICE_ID: _service, ...otcWithoutService } = otc;
    expect(() => targets(otcWithoutService)).toThrow(
      /^OTC credentials are set .* but OTC_VPCEP_SERVICE_ID is not: set it to /,
    );
    const { CONFLUENT_ENVIRONMENT: _environment, ...confluentWithoutEnvironment } = confluent;
    expect(() => targets(confluentWithoutEnvironment)).toThrow(
      /^Confluent credentials are set \(CONFLUENT_API_KEY and CONFLUENT_API_SECRET\) but CONFLUENT_ENVIRONMENT is not: set it to /,
    );
    // Set but empty or blank: refused as such, never sent (`?environment=%20`).
    expect(() => targets({ ...otc, OTC_VPCEP_SERVICE_ID: "" })).toThrow(
      /^the environment variable OTC_VPCEP_SERVICE_ID is set but empty: /,
    );
    expect(() => targets({ ...confluent, CONFLUENT_ENVIRONMENT: " " })).toThrow(
      /^the environment variable CONFLUENT_ENVIRONMENT is set but blank: /,
    );
    // A real OTC service is never listed without its project.
    expect(() => targets({ OTC_TOKEN: TOKEN })).toThrow(/OTC_PROJECT_ID is not/);
  });
});
