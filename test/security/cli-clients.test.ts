// The clients the CLI makes (src/cli/connect.ts) redact, before any cut, what the environment makes a
// credential: with an OTC access key pair in the environment, a bare request signature in a MadConnect
// answer is masked by the MadConnect client itself, before its error body is cut to 2,048 characters
// (a cut that would leave a run of hex digits too short for the printed output's redactor).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/index.js";
import { connect, environmentRedactor, type Env } from "../../src/cli/connect.js";
import { startServer, type TestServer } from "../support/http-server.js";

const SIGNATURE = "0123456789abcdef".repeat(4);
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    // The signature starts 28 characters before the cut at 2,048: 28 hex digits would survive it.
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(`${"x".repeat(2020)}${SIGNATURE}`);
  });
});
afterAll(() => server.close());

const noEmulator = () => Promise.reject(new Error("the emulator is not used here"));

describe("a MadConnect client the CLI makes, with OTC AK/SK in the environment", () => {
  it("masks a bare signature before its error body is cut", async () => {
    const env: Env = {
      MADCONNECT_BASE_URL: server.url,
      MADCONNECT_TOKEN: "mad-token-0123456789",
      OTC_ACCESS_KEY: "AKIDEXAMPLE12345",
      OTC_SECRET_KEY: "secret-key-for-tests",
    };
    const { client } = await connect("madconnect", { retry: false }, env, noEmulator);
    const error = await client.unwrap(client.request("GET", "/es/v2/connections")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).body as string;
    expect(body.startsWith("x".repeat(2020))).toBe(true);
    expect(body).toContain("[REDACTED]");
    // What the CLI prints goes through its own redactor, which no longer sees 64 digits here.
    expect(environmentRedactor(env)(body)).not.toMatch(/[0-9a-f]{16}/);
  });

  it("without an access key pair, 64 hex digits are data and stay", async () => {
    const env: Env = { MADCONNECT_BASE_URL: server.url, MADCONNECT_TOKEN: "mad-token-0123456789" };
    const { client } = await connect("madconnect", { retry: false }, env, noEmulator);
    const error = await client.unwrap(client.request("GET", "/es/v2/connections")).catch((e: unknown) => e);
    expect((error as ApiError).body).toBe(`${"x".repeat(2020)}${SIGNATURE.slice(0, 28)}`);
  });
});
