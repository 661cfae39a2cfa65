// The emulator the README's examples run against (test/readme.test.ts): the client factories of
// this folder stand in for the package's entry points and point every client at it, with its
// credentials in place of the example's (which name environment variables and real hosts). An
// example whose baseUrl is already on loopback keeps it: that is an emulator it started itself.
import type { EmulatorCredentials } from "../../../src/emulator/index.js";

export const target: { url: string; credentials: EmulatorCredentials | undefined } = {
  url: "",
  credentials: undefined,
};

function credentials(): EmulatorCredentials {
  if (!target.url || !target.credentials) throw new Error("no emulator started for the README examples");
  return target.credentials;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The example's options with `baseUrl` the emulator's (`region` dropped) and the emulator's credentials of the same kind. */
export function onEmulator<T extends { baseUrl?: string; region?: string; auth: object }>(
  options: T,
  vendor: "otc" | "confluent" | "madconnect",
): T {
  // An example that starts its own emulator (README "The emulator, for your own tests") keeps it.
  if (options.baseUrl !== undefined && LOOPBACK.has(new URL(options.baseUrl).hostname)) return options;
  const { region: _region, baseUrl: _baseUrl, auth, ...rest } = options;
  const accepted = credentials()[vendor];
  let substituted: object;
  if (vendor === "otc" && "accessKey" in auth) {
    const { accessKey, secretKey } = credentials().otc;
    substituted = { accessKey, secretKey };
  } else if (vendor === "confluent" && "apiKey" in auth) {
    const { apiKey, apiSecret } = credentials().confluent;
    substituted = { apiKey, apiSecret };
  } else if ("token" in auth) substituted = { token: accepted.token };
  else throw new Error(`unknown ${vendor} auth in a README example: ${Object.keys(auth).join(", ")}`);
  return { ...rest, baseUrl: target.url, auth: substituted } as unknown as T;
}
