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

/** The URL of the first server that accepts these variable values (each defaulting to the spec's default). */
export function serverUrl(servers: readonly Server[], values: Record<string, string | undefined> = {}): string {
  for (const server of servers) {
    const variables = server.variables ?? {};
    const fits = Object.entries(values).every(([name, value]) => {
      if (value === undefined) return true;
      const variable = variables[name];
      return variable !== undefined && (!variable.enum || variable.enum.includes(value));
    });
    if (!fits) continue;
    return server.url.replace(
      /\{([^{}]+)\}/g,
      (_m, name: string) => values[name] ?? variables[name]?.default ?? `{${name}}`,
    );
  }
  const known = servers.flatMap((s) =>
    Object.entries(s.variables ?? {}).flatMap(([name, v]) => (v.enum ?? []).map((e) => `${name}=${e}`)),
  );
  throw new RequestRejectedError(
    `no server of this API accepts ${JSON.stringify(values)}; known: ${known.join(", ") || "none"}`,
  );
}
