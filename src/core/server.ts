// Base URLs from the `servers` a spec declares (generated/<api>.meta.ts).
import { RequestRejectedError } from "./errors.js";

export interface ServerVariable {
  readonly default: string;
  readonly enum?: readonly string[];
}
export interface Server {
  readonly url: string;
  readonly variables?: { readonly [name: string]: ServerVariable };
}

/** The labels of a server URL's host, as written (`{variables}` unreplaced). */
const hostLabels = (url: string): string[] => /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(url)?.[1]?.split(".") ?? [];

/**
 * The value of `name` that a server without that variable stands for: its host label where the
 * other servers put `{name}`. OTC's eu-ch2 servers are fixed URLs next to templated ones
 * (`https://vpc.eu-ch2.sc.otc.t-systems.com` beside `https://vpc.{region}.otc.t-systems.com`).
 */
function impliedValue(servers: readonly Server[], server: Server, name: string): string | undefined {
  const labels = hostLabels(server.url);
  for (const other of servers) {
    const label = labels[hostLabels(other.url).indexOf(`{${name}}`)];
    if (label !== undefined && !label.includes("{")) return label;
  }
  return undefined;
}

/** The URL of the first server that accepts these variable values (each defaulting to the spec's default). */
export function serverUrl(servers: readonly Server[], values: Record<string, string | undefined> = {}): string {
  for (const server of servers) {
    const variables = server.variables ?? {};
    const fits = Object.entries(values).every(([name, value]) => {
      if (value === undefined) return true;
      const variable = variables[name];
      if (variable === undefined) return impliedValue(servers, server, name) === value;
      return !variable.enum || variable.enum.includes(value);
    });
    if (!fits) continue;
    return server.url.replace(
      /\{([^{}]+)\}/g,
      (_m, name: string) => values[name] ?? variables[name]?.default ?? `{${name}}`,
    );
  }
  const known = servers.flatMap((s) => [
    ...Object.entries(s.variables ?? {}).flatMap(([name, v]) => (v.enum ?? []).map((e) => `${name}=${e}`)),
    ...Object.keys(values).flatMap((name) => {
      const implied = s.variables?.[name] ? undefined : impliedValue(servers, s, name);
      return implied === undefined ? [] : [`${name}=${implied}`];
    }),
  ]);
  throw new RequestRejectedError(
    `no server of this API accepts ${JSON.stringify(values)}; known: ${known.join(", ") || "none"}`,
  );
}
