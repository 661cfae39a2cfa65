// Operations: presence (paths and methods), operationId, deprecation, security requirements, servers
// of their own, x-pagination declarations and the command line's x-cli settings.

export function compareOperationPresence(emitFor, old, now) {
  for (const [key, before] of old.operations) {
    if (now.operations.has(key)) continue;
    const id = before.deprecated ? "api-path-removed-with-deprecation" : "api-path-removed-without-deprecation";
    emitFor(before, before)(id, { operationId: before.operationId });
  }
  for (const [key, after] of now.operations) {
    if (!old.operations.has(key)) emitFor(after, after)("endpoint-added", { operationId: after.operationId });
  }
}

export function compareOperation(emit, before, after) {
  if (before.operationId && before.operationId !== after.operationId)
    emit("api-operation-id-removed", { from: before.operationId, to: after.operationId });
  if (!before.operationId && after.operationId) emit("api-operation-id-added", { to: after.operationId });
  if (!before.deprecated && after.deprecated) emit("endpoint-deprecated", {});
  if (before.deprecated && !after.deprecated) emit("endpoint-reactivated", {});
  compareSecurity(emit, before.security, after.security);
  compareOwnServers(emit, before.ownServers, after.ownServers);
  compareScopes(emit, before.scopes, after.scopes);
  if (before.pagination !== after.pagination) {
    const id = !before.pagination
      ? "x-pagination-added"
      : !after.pagination
        ? "x-pagination-removed"
        : "x-pagination-changed";
    emit(id, { from: before.pagination, to: after.pagination }, [
      `pagination["${after.path}"]`,
      `pagination["${before.path}"]`,
    ]);
  }
  for (const alias of before.cliAliases) if (!after.cliAliases.includes(alias)) emit("x-cli-alias-removed", { alias });
  for (const alias of after.cliAliases) if (!before.cliAliases.includes(alias)) emit("x-cli-alias-added", { alias });
  if (before.cliColumns !== after.cliColumns)
    emit("x-cli-columns-changed", { from: JSON.parse(before.cliColumns), to: JSON.parse(after.cliColumns) });
}

/**
 * Servers of the operation's own (its `servers`, or its path's): the client calls the API's servers
 * (generated/<api>.meta.ts) whatever the operation says.
 */
function compareOwnServers(emit, before, after) {
  const same = JSON.stringify([...(before ?? [])].sort()) === JSON.stringify([...(after ?? [])].sort());
  if (same) return;
  if (after) emit("api-operation-servers-changed", { from: before, to: after });
  else emit("api-operation-servers-removed", { from: before });
}

/** Security alternatives ("a+b" = a and b; "" = anonymous allowed). */
function compareSecurity(emit, before, after) {
  const open = (alternatives) => alternatives.length === 0 || alternatives.includes("");
  if (open(before) && !open(after)) return emit("api-security-became-required", { schemes: after });
  // An open operation refuses no client, and a client sends the credentials it was given regardless.
  if (!open(before) && open(after)) return emit("api-security-became-optional", { schemes: before });
  for (const scheme of before) if (scheme && !after.includes(scheme)) emit("api-security-removed", { scheme });
  for (const scheme of after) if (scheme && !before.includes(scheme)) emit("api-security-added", { scheme });
}

/** Scopes of a scheme in an alternative both versions have: a token without a new scope is refused. */
function compareScopes(emit, before, after) {
  for (const [key, scopes] of after) {
    const old = before.get(key);
    if (!old) continue; // a new alternative: compared above
    const scheme = key.replace(/^\S+ /, "");
    const added = scopes.filter((s) => !old.includes(s));
    const removed = old.filter((s) => !scopes.includes(s));
    if (added.length) emit("api-security-scope-added", { scheme, scopes: added });
    if (removed.length) emit("api-security-scope-removed", { scheme, scopes: removed });
  }
}
