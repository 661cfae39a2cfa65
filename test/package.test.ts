// The package's shape: browser-safe vendor entries that do not pull each other in, and metadata
// that agrees with package.json.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_VERSION } from "../src/core/version.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

it("sends the package's own version in the User-Agent", () => {
  expect(PACKAGE_VERSION).toBe(pkg.version);
});

it("exports a root entry, one entry per vendor and OTC's error-code table, ESM with types, free of side effects", () => {
  expect(Object.keys(pkg.exports)).toEqual([
    ".",
    "./otc",
    "./otc/error-codes",
    "./confluent",
    "./madconnect",
    "./emulator",
    "./openapi.yaml",
    "./package.json",
  ]);
  expect(pkg.type).toBe("module");
  expect(pkg.sideEffects).toBe(false);
  for (const [name, target] of Object.entries(pkg.exports)) {
    if (name === "./package.json" || name === "./openapi.yaml") continue;
    expect(target).toHaveProperty("types");
  }
});

it("exports the merged spec it ships (generated/openapi.yaml) as connectivity-clients/openapi.yaml", () => {
  expect(pkg.exports["./openapi.yaml"]).toBe("./generated/openapi.yaml");
  expect(pkg.files).toContain("generated/openapi.yaml");
});

describe.each([
  ["src/otc/index.ts", ["api.confluent.cloud", "statusMessage"]],
  ["src/confluent/index.ts", ["otc.t-systems.com", "SDK-HMAC-SHA256", "statusMessage"]],
  ["src/madconnect/index.ts", ["otc.t-systems.com", "SDK-HMAC-SHA256", "api.confluent.cloud"]],
  ["src/index.ts", ["otc.t-systems.com", "api.confluent.cloud", "statusMessage", "openapi-fetch"]],
  ["src/otc/error-codes.ts", ["otc.t-systems.com", "SDK-HMAC-SHA256", "api.confluent.cloud", "openapi-fetch"]],
])("%s", (entry, foreign) => {
  it("bundles for the browser (no Node-only module) without another vendor's code", async () => {
    const code = await bundle(entry);
    for (const marker of foreign) expect(code, marker).not.toContain(marker);
  });
});

it("leaves VPC Endpoint's error-code table out of the OTC client entry, and keeps it in its own", async () => {
  const { vpcepErrorCodes } = await import("../src/otc/error-codes.js");
  const otc = await import("../src/otc/index.js");
  expect(otc).not.toHaveProperty("vpcepErrorCodes");
  const [clients, table] = await Promise.all([bundle("src/otc/index.ts"), bundle("src/otc/error-codes.ts")]);
  const codes = Object.keys(vpcepErrorCodes);
  expect(codes.length).toBeGreaterThan(100);
  expect(codes.filter((code) => clients.includes(`"${code}"`))).toEqual([]);
  expect(codes.filter((code) => !table.includes(`"${code}"`))).toEqual([]);
});
