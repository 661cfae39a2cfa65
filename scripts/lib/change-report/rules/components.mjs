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

/** `json` (a schema's, or a fact's text) with every reference to a renamed schema written with its new name. */
function renamedText(text, renames) {
  if (text.startsWith("schemas.") && renames.has(text.slice("schemas.".length)))
    return `schemas.${renames.get(text.slice("schemas.".length))}`;
  let out = text;
  for (const [from, to] of renames)
    out = out.split(`"#/components/schemas/${from}"`).join(`"#/components/schemas/${to}"`);
  return out;
}

/**
 * The component schemas renamed between two surfaces: old name → new name, for each schema that is
 * gone and that a new one of the same API says the same as (references to schemas renamed at once
 * read with their new names).
 */
export function schemaRenames(old, now) {
  const removed = [...old.schemas.keys()].filter((name) => !now.schemas.has(name));
  const added = [...now.schemas.keys()].filter((name) => !old.schemas.has(name));
  const renames = new Map();
  for (let found = true; found;) {
    found = false;
    for (const name of removed) {
      if (renames.has(name)) continue;
      const before = old.schemas.get(name);
      const json = renamedText(before.json, renames);
      const taken = new Set(renames.values());
      const match = added.find(
        (other) =>
          !taken.has(other) && now.schemas.get(other).api === before.api && now.schemas.get(other).json === json,
      );
      if (match) {
        renames.set(name, match);
        found = true;
      }
    }
  }
  return renames;
}

/**
 * Writes the new names of renamed schemas into the composition members and discriminators of a
 * surface's facts and the union members its fields sit in (in place), so that a union whose member
 * was only renamed is the same union, whose fields are compared under the new name: the rename is
 * reported once, by compareSchemaNames.
 */
export function applyRenames(surface, renames) {
  if (renames.size === 0) return;
  const seen = new Set();
  const visit = (value) => {
    if (!value || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) for (const item of value.values()) visit(item);
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else {
      for (const key of ["oneOf", "anyOf", "allOf"])
        if (Array.isArray(value[key])) value[key] = value[key].map((member) => renamedText(member, renames));
      if (typeof value.discriminator === "string") value.discriminator = renamedText(value.discriminator, renames);
      if (typeof value.memberId === "string") value.memberId = renamedText(value.memberId, renames);
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(surface.operations);
}

/**
 * A union member that now refers to another schema (`$ref: Old` → `$ref: New`) is the same member when
 * the new schema says the same (every $ref inlined), keeps the member's discriminator tag, carries the
 * literal it carried (`opt_name: addresstime`), or, in a union with neither, has the same type and most
 * of its fields: in the facts of one operation before the change (`before`), each such union gets the new
 * name in its member list, its discriminator and its members' fields (memberId), as applyRenames does
 * for a rename, so that the member's fields are compared one by one, and records the pair in
 * `replacedMembers` for a compatible change to tell. Only that operation's facts change.
 */
export function applyReplacedMembers(before, after, old, now) {
  const sameContent = (from, to) => {
    const [a, b] = [from, to].map((id) => (id.startsWith("schemas.") ? id.slice("schemas.".length) : null));
    return !!a && !!b && old.schemaContent(a) !== null && old.schemaContent(a) === now.schemaContent(b);
  };
  /** Each place's field map (path → facts) and the facts compared at its root, by place. */
  const keyed = (op) => {
    const maps = new Map();
    for (const [key, param] of op.params) maps.set(`param ${key}`, [param.fields, param]);
    for (const [media, fields] of op.requestBody?.content ?? []) maps.set(`request ${media}`, [fields]);
    for (const [status, response] of op.responses)
      for (const [media, fields] of response.content) maps.set(`${status} ${media}`, [fields]);
    return maps;
  };
  const afterMaps = keyed(after);
  for (const [key, [fields, root]] of keyed(before)) {
    const [others, otherRoot] = afterMaps.get(key) ?? [];
    if (!others) continue;
    if (root && otherRoot) replaceMembers(root, otherRoot, [fields, others], "", sameContent);
    for (const [path, facts] of fields) {
      const next = others.get(path);
      if (next) replaceMembers(facts, next, [fields, others], path, sameContent);
    }
  }
}

/** A field's literal values as JSON texts (its enum, or its const), or null. */
const literalsOf = (facts) =>
  facts?.enum ? facts.enum.map((value) => JSON.stringify(value)) : facts?.const !== undefined ? [facts.const] : null;
const overlap = (a, b) => !!a && !!b && a.some((value) => b.includes(value));

/**
 * What a member of the union at `path` of `fields` is known by besides its schema's name: its root
 * facts, its fields by property name, and, in a union with a discriminator, its tags: `carried`, the
 * literals its generated type carries (surface.mjs's memberLiterals), or null when it carries none.
 */
function memberShape(fields, path, keyword, id, discriminator, carried) {
  let rootPath;
  let rootFacts;
  for (const [at, facts] of fields)
    if (facts.place?.parent === path && facts.place.union === keyword && facts.place.memberId === id) {
      [rootPath, rootFacts] = [at, facts];
      break;
    }
  const properties = new Map();
  if (rootPath !== undefined)
    for (const facts of fields.values())
      if (facts.place?.parent === rootPath && facts.place.name !== undefined) properties.set(facts.place.name, facts);
  // With a discriminator, the tags are the literals the member's generated type carries (surface.mjs's
  // carriedLiterals: the mapping's, its schema's name, or its own enum, as openapi-typescript writes them).
  const tags = discriminator && carried?.length ? carried : null;
  return { root: rootFacts, properties, tags };
}

/**
 * How the member `a` (before) is the member `b` (after), as `{ by, score }`, or null: by "tag" (a
 * discriminator tag in common, an unmapped member's being its schema's name; with a discriminator,
 * nothing else makes them one), "literal" (the member is a literal, or has properties that are, with a
 * value in common at each place both carry one; a place with literals on both sides and none in common
 * makes them other members), "shape" (neither carries a literal where the other does: the same type, and
 * at least half of the property names of both in common, the score).
 */
function sameMemberBy(a, b) {
  if (a.tags || b.tags) return overlap(a.tags, b.tags) ? { by: "tag", score: 2 } : null;
  const literals = [[a.root, b.root], ...[...a.properties].map(([name, facts]) => [facts, b.properties.get(name)])]
    .map(([x, y]) => [literalsOf(x), literalsOf(y)])
    .filter(([x, y]) => x && y);
  // Both carry literals at one place, none in common: other members, however alike (whatever else they share).
  if (literals.some(([x, y]) => !overlap(x, y))) return null;
  if (literals.length) return { by: "literal", score: 2 };
  if (!a.root || !b.root || a.root.type !== b.root.type) return null;
  const names = new Set([...a.properties.keys(), ...b.properties.keys()]);
  const shared = [...a.properties.keys()].filter((name) => b.properties.has(name)).length;
  const score = names.size === 0 ? 1 : shared / names.size;
  return score >= 0.5 ? { by: "shape", score } : null;
}

/**
 * In `facts` (a union at `path` of the field maps `[fields, others]`, before and after), the members
 * `next` replaced by another schema that is the same member (applyReplacedMembers).
 */
function replaceMembers(facts, next, [fields, others], path, sameContent) {
  for (const keyword of ["oneOf", "anyOf"]) {
    const [was, is] = [facts[keyword] ?? [], next[keyword] ?? []];
    const removed = was.filter((id) => !is.includes(id) && id.startsWith("schemas."));
    const added = is.filter((id) => !was.includes(id) && id.startsWith("schemas."));
    if (!removed.length || !added.length) continue;
    const renames = new Map();
    const by = new Map();
    const free = (id) => ![...renames.values()].includes(id);
    const pair = (from, to, how) => {
      renames.set(from, to);
      by.set(from, how);
    };
    // With a discriminator, each union names its members' tags (an unmapped member's tag is its own).
    const discriminators = [facts.discriminator, next.discriminator];
    // Of the same content, a schema is the member only if it keeps the member's tag (a member's name is its
    // tag where no mapping names one: another name is another literal in the generated union).
    const shapeBefore = (id) =>
      memberShape(fields, path, keyword, id, discriminators[0], facts.memberLiterals?.[keyword]?.[id]);
    const shapeAfter = (id) =>
      memberShape(others, path, keyword, id, discriminators[1], next.memberLiterals?.[keyword]?.[id]);
    const sameTag = (from, to) => {
      if (!discriminators[0] || !discriminators[1]) return true;
      const [a, b] = [shapeBefore(from).tags, shapeAfter(to).tags];
      return (!a && !b) || overlap(a, b);
    };
    for (const from of removed) {
      const to = added.find((id) => free(id) && sameContent(from, id) && sameTag(from, id));
      if (to) pair(from, to, "content");
    }
    const samePropertyName =
      !discriminators[0] ||
      !discriminators[1] ||
      JSON.parse(discriminators[0]).propertyName === JSON.parse(discriminators[1]).propertyName;
    if (samePropertyName)
      for (const from of removed) {
        if (renames.has(from)) continue;
        const a = shapeBefore(from);
        const best = added
          .filter(free)
          .map((to) => ({ to, match: sameMemberBy(a, shapeAfter(to)) }))
          .filter(({ match }) => match)
          .sort((x, y) => y.match.score - x.match.score)[0];
        if (best) pair(from, best.to, best.match.by);
      }
    if (renames.size === 0) continue;
    facts[keyword] = was.map((id) => renames.get(id) ?? id);
    const names = new Map(
      [...renames].map(([from, to]) => [from.slice("schemas.".length), to.slice("schemas.".length)]),
    );
    if (typeof facts.discriminator === "string") facts.discriminator = renamedText(facts.discriminator, names);
    if (facts.discriminatorRefs) facts.discriminatorRefs = facts.discriminatorRefs.map((id) => renames.get(id) ?? id);
    for (const member of fields.values())
      if (member.place?.parent === path && member.place.union === keyword && renames.has(member.place.memberId))
        member.place = { ...member.place, memberId: renames.get(member.place.memberId) };
    facts.replacedMembers = [
      ...(facts.replacedMembers ?? []),
      ...[...renames].map(([from, to]) => ({ keyword, from, to, by: by.get(from) })),
    ];
  }
}

export function compareSchemaNames(emitFor, old, now, renames = schemaRenames(old, now)) {
  const decl = (name) => `components["schemas"]["${unprefixed(name)}"]`;
  const renamedTo = new Set(renames.values());
  for (const [name, before] of old.schemas) {
    if (now.schemas.has(name)) continue;
    const newName = renames.get(name);
    // The same schema under a new name is one change: a rename.
    if (newName)
      // What refers to it changes only in the name it refers to: the rename explains that too.
      emitFor(before.api)("api-schema-renamed", { from: name, to: newName }, [
        decl(name),
        decl(newName),
        ...referrers(now, newName, before.api, decl),
      ]);
    else emitFor(before.api)("api-schema-removed", { name }, [decl(name)]);
  }
  for (const [name, after] of now.schemas)
    if (!old.schemas.has(name) && !renamedTo.has(name)) emitFor(after.api)("api-schema-added", { name }, [decl(name)]);
}

/**
 * The other components a consumer may name (`Components["parameters"]["ProjectId"]`): one removed stops
 * that code compiling, also when every operation using it went with it; one added is new surface.
 */
export function compareComponentNames(emitFor, old, now) {
  const decl = ({ kind, name }) => `components["${kind}"]["${unprefixed(name)}"]`;
  for (const [key, before] of old.components)
    if (!now.components.has(key))
      emitFor(before.api)("api-component-removed", { kind: before.kind, name: before.name }, [decl(before)]);
  for (const [key, after] of now.components)
    if (!old.components.has(key))
      emitFor(after.api)("api-component-added", { kind: after.kind, name: after.name }, [decl(after)]);
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
