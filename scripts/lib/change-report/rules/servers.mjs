// Servers per API (what generated/<api>.meta.ts lists and createXClient validates): a server removed
// or a variable value removed (e.g. a region) makes client creation throw.
export function compareServers(emitFor, old, now) {
  for (const [api, before] of old.servers) {
    const after = now.servers.get(api);
    if (!after) continue; // the API is gone: its operations are reported removed
    const emit = emitFor(api);
    for (const [url, server] of before) {
      const current = after.get(url);
      if (!current) {
        emit("api-server-removed", { url });
        continue;
      }
      for (const [name, variable] of Object.entries(server.variables)) {
        const next = current.variables[name];
        if (!next) continue; // a variable cannot vanish from an unchanged URL template
        const values = variable.enum ?? [];
        const nextValues = next.enum ?? [];
        for (const value of values)
          if (next.enum && !nextValues.includes(value))
            emit("api-server-variable-enum-value-removed", { url, variable: name, value });
        for (const value of nextValues)
          if (!values.includes(value)) emit("api-server-variable-enum-value-added", { url, variable: name, value });
        if (variable.default !== next.default)
          emit("api-server-variable-default-changed", {
            url,
            variable: name,
            from: variable.default,
            to: next.default,
          });
      }
    }
    for (const url of after.keys()) if (!before.has(url)) emit("api-server-added", { url });
  }
}
