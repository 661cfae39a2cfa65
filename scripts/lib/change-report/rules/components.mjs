// Component names a consumer writes (`VpcComponents["schemas"]["Subnet"]`) and security schemes.
import { unprefixed } from "../surface.mjs";

/**
 * True when `value` (surface facts: objects, arrays, Maps, strings) refers to schema `name`: a fact's
 * `refs` entry ("schemas.<name>") or a $ref inside a schema's JSON.
 */
function refersTo(value, name) {
  if (typeof value === "string") return value === `schemas.${name}` || value.includes(`"#/components/schemas/${name}"`);
  if (value instanceof Map) return [...value.values()].some((v) => refersTo(v, name));
  if (Array.isArray(value)) return value.some((v) => refersTo(v, name));
  return !!value && typeof value === "object" && Object.values(value).some((v) => refersTo(v, name));
}

/** The declarations of `api` that refer to schema `name`: other schemas, and the operations using it. */
function referrers(surface, name, api, decl) {
  const schemas = [...surface.schemas]
    .filter(([other, schema]) => other !== name && schema.api === api && refersTo(schema.json, name))
    .map(([other]) => decl(other));
  const operations = [...surface.operations.values()]
    .filter((op) => op.api === api && refersTo([op.params, op.requestBody, op.responses], name))
    .flatMap((op) => [`paths["${op.path}"]`, ...(op.operationId ? [`operations["${op.operationId}"]`] : [])]);
  return [...schemas, ...operations];
}

export function compareSchemaNames(emitFor, old, now) {
  const removed = [...old.schemas].filter(([name]) => !now.schemas.has(name));
  const added = [...now.schemas].filter(([name]) => !old.schemas.has(name));
  const decl = (name) => `components["schemas"]["${unprefixed(name)}"]`;
  for (const [name, before] of removed) {
    // The same schema under a new name is one change: a rename.
    const match = added.findIndex(([, after]) => after.api === before.api && after.json === before.json);
    if (match >= 0) {
      const [newName] = added.splice(match, 1)[0];
      // What refers to it changes only in the name it refers to: the rename explains that too.
      emitFor(before.api)("api-schema-renamed", { from: name, to: newName }, [
        decl(name),
        decl(newName),
        ...referrers(now, newName, before.api, decl),
      ]);
    } else {
      emitFor(before.api)("api-schema-removed", { name }, [decl(name)]);
    }
  }
  for (const [name, after] of added) emitFor(after.api)("api-schema-added", { name }, [decl(name)]);
}

export function compareSecuritySchemes(emitFor, old, now) {
  for (const [name, before] of old.securitySchemes) {
    const after = now.securitySchemes.get(name);
    if (!after) emitFor(before.api)("api-security-component-removed", { name });
    else if (after.type !== before.type)
      emitFor(before.api)("api-security-component-type-changed", { name, from: before.type, to: after.type });
  }
  for (const [name, after] of now.securitySchemes)
    if (!old.securitySchemes.has(name)) emitFor(after.api)("api-security-component-added", { name });
}

export function compareWebhooks(emitFor, old, now) {
  const decl = (name) => [`webhooks["${name}"]`];
  for (const [name, before] of old.webhooks)
    if (!now.webhooks.has(name)) emitFor(before.api)("webhook-removed", { name }, decl(name));
  for (const [name, after] of now.webhooks)
    if (!old.webhooks.has(name)) emitFor(after.api)("webhook-added", { name }, decl(name));
}
