// Component names a consumer writes (`VpcComponents["schemas"]["Subnet"]`) and security schemes.
import { unprefixed } from "../surface.mjs";

export function compareSchemaNames(emitFor, old, now) {
  const removed = [...old.schemas].filter(([name]) => !now.schemas.has(name));
  const added = [...now.schemas].filter(([name]) => !old.schemas.has(name));
  const decl = (name) => `components["schemas"]["${unprefixed(name)}"]`;
  for (const [name, before] of removed) {
    // The same schema under a new name is one change: a rename.
    const match = added.findIndex(([, after]) => after.api === before.api && after.json === before.json);
    if (match >= 0) {
      const [newName] = added.splice(match, 1)[0];
      emitFor(before.api)("api-schema-renamed", { from: name, to: newName }, [decl(name), decl(newName)]);
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
