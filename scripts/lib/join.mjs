// Joins bundled APIs into one document in-process, as `redocly join --prefix-components-with-info-prop
// <prop>` (Redocly CLI 2.x) does, for what the specs of this project use: root servers, security, tags and
// x-tagGroups, externalDocs, paths (methods, path-level parameters, servers, `x-` and string fields) and
// components. A Redocly process costs about half a second, most of a one-API regeneration.
// test/pipeline-pieces.test.ts compares the two on fixtures, and `generate --check --full` (which joins
// with the CLI) on the real specs.
// Whatever join would warn about or refuse (conflicts, webhooks, x-tagGroups in a spec) is an error here.
import { isDeepStrictEqual } from "node:util";

export const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]);
/** The order Redocly writes an OpenAPI document's root keys in (the others follow as they came). */
const ROOT_ORDER = [
  "openapi",
  "info",
  "jsonSchemaDialect",
  "servers",
  "security",
  "tags",
  "externalDocs",
  "paths",
  "webhooks",
  "x-webhooks",
  "components",
];

export class JoinError extends Error {}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const prefixed = (name, prefix) => (prefix ? `${prefix}_${name}` : name);
const componentRef = (ref) => typeof ref === "string" && ref.startsWith("#/components/");
const lastSegment = (ref) => ref.slice(ref.lastIndexOf("/") + 1);

/** The prefix `info[prop]` gives an API's components (whitespace made `_`), as join makes it. */
export function componentPrefix(info, prop, source) {
  if (!prop) return "";
  const value = info?.[prop];
  if (typeof value !== "string") throw new JoinError(`${source}: info.${prop} must be a string`);
  if (value.length > 50) throw new JoinError(`${source}: info.${prop} must not exceed 50 characters`);
  return value.replaceAll(/\s/g, "_");
}

/** Component references quoted in a description, prefixed as join does. */
const prefixQuotedRefs = (text, prefix) =>
  text.replace(/"(#\/components\/.*?)"/g, (quoted) => {
    const name = lastSegment(quoted);
    return quoted.replace(name, prefixed(name, prefix));
  });

/** Every `$ref` to a component, and every discriminator mapping to one, prefixed (in place). */
function prefixRefs(node, prefix, source) {
  if (Array.isArray(node)) for (const item of node) prefixRefs(item, prefix, source);
  if (!isObject(node)) return;
  if (componentRef(node.$ref)) {
    // Redocly's join prefixes the last part of a $ref: into a component, that is not the component's name.
    if (node.$ref.split("/").length > 4)
      throw new JoinError(
        `${source}: $ref ${node.$ref} points into a component: join would prefix its last part, not the component's name, and the $ref would resolve to nothing: make that part a component of its own.`,
      );
    const name = lastSegment(node.$ref);
    node.$ref = node.$ref.replace(name, `${prefix}_${name}`);
  } else if (isObject(node.discriminator) && isObject(node.discriminator.mapping)) {
    const { mapping } = node.discriminator;
    for (const [key, ref] of Object.entries(mapping))
      if (componentRef(ref) && !lastSegment(ref).startsWith(`${prefix}_`))
        mapping[key] = `${ref.slice(0, ref.lastIndexOf("/") + 1)}${prefix}_${lastSegment(ref)}`;
  }
  for (const value of Object.values(node)) prefixRefs(value, prefix, source);
}

const prefixSecurity = (requirements, prefix) =>
  prefix
    ? requirements?.map((requirement) =>
        Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [prefixed(name, prefix), scopes])),
      )
    : requirements;

/**
 * @param {{ source: string, doc: object }[]} apis bundled documents, in order (the first gives
 *   `openapi` and `info`); `source` names an API in errors and is the tag group of an API without title
 * @param {{ componentPrefixProp?: string }} options the info property whose value prefixes components
 * @returns {object} the joined document (a tree of its own: nothing shared with the inputs)
 */
export function joinApis(apis, { componentPrefixProp } = {}) {
  if (apis.length < 2) throw new JoinError("At least 2 APIs should be provided.");
  const docs = apis.map(({ source, doc }) => ({ source, doc: structuredClone(doc) }));
  const [first, ...others] = docs;
  const versions = new Set(docs.map(({ doc }) => String(doc.openapi).slice(0, 3)));
  if (versions.size > 1 || !["3.0", "3.1"].includes([...versions][0]))
    throw new JoinError("All APIs must use the same OpenAPI version, 3.0 or 3.1.");
  const serversAreTheSame = others.every(({ doc: { paths, servers } }) =>
    !paths || Object.keys(paths).length === 0
      ? true
      : servers?.every((server) => first.doc.servers?.find(({ url }) => url === server.url)),
  );

  const joined = { openapi: first.doc.openapi, info: first.doc.info };
  const firstPrefix = componentPrefix(first.doc.info, componentPrefixProp, first.source);
  if (joined.info?.description) joined.info.description = prefixQuotedRefs(joined.info.description, firstPrefix);
  if (serversAreTheSame && first.doc.servers) joined.servers = first.doc.servers;
  const owners = { tags: new Map(), operations: new Map(), operationIds: new Map(), components: new Map() };
  const claim = (kind, key, source) => {
    const owner = owners[kind].get(key);
    if (owner !== undefined && owner !== source)
      throw new JoinError(`Conflict on ${kind} ${key} in ${owner} and ${source}: join would refuse it.`);
    owners[kind].set(key, source);
  };

  for (const { source, doc } of docs) {
    const prefix = componentPrefix(doc.info, componentPrefixProp, source);
    const group = doc.info?.title || source;
    if (doc["x-tagGroups"]) throw new JoinError(`${source}: x-tagGroups would be dropped by join.`);
    if (doc.webhooks || doc["x-webhooks"]) throw new JoinError(`${source}: webhooks are not joined here.`);

    const addTags = (tags, tagPrefix = "") => {
      joined.tags ??= [];
      for (const tag of tags) {
        const name = prefixed(tag.name, tagPrefix);
        if (tag.description) tag.description = prefixQuotedRefs(tag.description, prefix);
        const known = joined.tags.find((t) => t.name === name);
        if (!known) {
          tag["x-displayName"] = tag["x-displayName"] || tag.name;
          tag.name = name;
          joined.tags.push(tag);
        }
        joined["x-tagGroups"] ??= [];
        let tagGroup = joined["x-tagGroups"].find((g) => g.name === group);
        if (!tagGroup) joined["x-tagGroups"].push((tagGroup = { name: group, tags: [] }));
        if (!known && !tagGroup.tags.includes(name)) tagGroup.tags.push(name);
        claim("tags", name, source);
      }
    };
    if (doc.tags) addTags(doc.tags);
    if (doc.externalDocs && !joined.externalDocs) joined.externalDocs = doc.externalDocs;

    if (doc.paths) joined.paths ??= {};
    for (const [route, item] of Object.entries(doc.paths ?? {})) {
      const target = (joined.paths[route] ??= {});
      const servers = serversAreTheSame ? item.servers : item.servers || doc.servers || [];
      if (servers) target.servers ??= [];
      for (const server of servers ?? []) {
        const same = target.servers.find((s) => s.url === server.url);
        if (!same) target.servers.push(server);
        else if (same.description !== server.description || !isDeepStrictEqual(same.variables, server.variables))
          throw new JoinError(`Different server values for (${server.url}) in ${route}.`);
      }
      for (const [key, value] of Object.entries(item)) {
        if (METHODS.has(key)) {
          target[key] = value;
          claim("operations", `${key} ${route}`, source);
          if (value.operationId) claim("operationIds", value.operationId, source);
          if (value.tags) addTags(value.tags.map((name) => ({ name })));
          else {
            value.tags = [prefixed("other", source)];
            addTags([{ name: "other" }], source);
          }
          if (!value.security && Object.hasOwn(doc, "security")) value.security = prefixSecurity(doc.security, prefix);
          else if (value.security) value.security = prefixSecurity(value.security, prefix);
        } else if (key === "parameters") {
          target.parameters ??= [];
          for (const parameter of value) {
            const same = target.parameters.find((p) =>
              p.$ref || parameter.$ref ? p.$ref === parameter.$ref : p.name === parameter.name && p.in === parameter.in,
            );
            if (same && !same.$ref && !isDeepStrictEqual(same.schema, parameter.schema))
              throw new JoinError(`Different parameter schemas for (${parameter.name}) in ${route}.`);
            if (!same) target.parameters.push(parameter);
          }
        } else if (typeof value === "string" || key.startsWith("x-")) {
          if (Object.hasOwn(target, key) && !isDeepStrictEqual(target[key], value))
            throw new JoinError(`Different ${key} values in ${route}.`);
          target[key] = value;
        }
      }
    }

    if (doc.components) joined.components ??= {};
    for (const [type, components] of Object.entries(doc.components ?? {})) {
      joined.components[type] ??= {};
      for (const [name, component] of Object.entries(components)) {
        // Redocly's join prefixes the first occurrence of the name in each $ref ("s" in "#/components/schemas/s"
        // is the one in "schemas"): the merged document's $refs to it would resolve to nothing.
        if (prefix && `#/components/${type}/`.includes(name))
          throw new JoinError(
            `${source}: the component ${type}/${name}: join would prefix the first "${name}" of each $ref to it (#/components/${type}/${name}), not its name, and the $refs would resolve to nothing: give it a longer name.`,
          );
        const key = prefixed(name, prefix);
        claim("components", `${type}/${key}`, source);
        joined.components[type][key] = component;
      }
    }
    if (prefix) prefixRefs(doc, prefix, source);
  }

  // One tree: a value reached twice (a tag object, a server) would otherwise be written as a YAML alias.
  return JSON.parse(JSON.stringify(inRootOrder(joined)));
}

/** `doc` with its root keys in the order Redocly writes them (bundle and join alike). */
export function inRootOrder(doc) {
  const ordered = {};
  for (const key of ROOT_ORDER) if (Object.hasOwn(doc, key)) ordered[key] = doc[key];
  return Object.assign(ordered, doc);
}
