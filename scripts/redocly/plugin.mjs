// Redocly decorators applied when a spec is bundled (see redocly.yaml). They let a vendor's
// verbatim definition stay exactly as published while the bundle gets what the generator needs.
import { isDeepStrictEqual } from "node:util";
import { X_EXAMPLE_URI_TEMPLATE, X_OPERATION_ADDITIONS, X_SCHEMA_NAMES } from "../lib/extensions.mjs";
import { isShadow, SHADOW_ANNOTATIONS as ANNOTATIONS } from "../lib/schema.mjs";
import xCli from "./cli-rule.mjs";
import xOperationAdditions from "./operation-additions-rule.mjs";
import xPagination from "./pagination-rule.mjs";
import { definitionsOf, distance, lineOf, schemaDifferences, shown } from "./schema-origins.mjs";

/** The inline schema that defines property `name` in `schema` or its inline allOf members. */
function definingSchema(schema, name) {
  if (!schema || schema.$ref) return undefined;
  if (schema.properties?.[name]) return schema;
  for (const member of schema.allOf ?? []) {
    const found = definingSchema(member, name);
    if (found) return found;
  }
  return undefined;
}

/** True when `schema`, or an allOf member of it (through $refs), defines property `name`. */
function defines(schema, name, resolve, depth = 0) {
  if (!schema || depth > 20) return false;
  if (schema.$ref) return defines(resolve(schema), name, resolve, depth + 1);
  return !!schema.properties?.[name] || (schema.allOf ?? []).some((m) => defines(m, name, resolve, depth + 1));
}

/** True when a shadow member has a `required` list anywhere in it (else it only annotates). */
function requiresSomething(shadow) {
  if (!shadow || typeof shadow !== "object") return false;
  if (Array.isArray(shadow.required) && shadow.required.length > 0) return true;
  return Object.values(shadow.properties ?? {}).some(requiresSomething) || requiresSomething(shadow.items);
}

/**
 * A shadow member can require properties of a property whose schema is behind a $ref (Confluent's
 * published definition: `allOf: [$ref Connection, {properties: {spec: {required: [cloud, ...]}}}]`).
 * openapi-typescript cannot add `required` to a referenced schema, so the bundle gives this one
 * schema its own copy of the referenced one (the component itself is left as it is) and folds the
 * required list into the copy. In `list`, the first $ref member (also inside inline allOf members)
 * whose schema defines `name` is replaced by the copy, which is returned.
 */
function materializeDefining(list, name, resolve) {
  for (let i = 0; i < list.length; i++) {
    const member = list[i];
    if (!member || typeof member !== "object") continue;
    if (member.$ref) {
      const target = resolve(member);
      if (!target || !defines(target, name, resolve)) continue;
      list[i] = structuredClone(target);
      return definingSchema(list[i], name) ?? materializeDefining(list[i].allOf ?? [], name, resolve);
    }
    if (Array.isArray(member.allOf)) {
      const found = materializeDefining(member.allOf, name, resolve);
      if (found) return found;
    }
  }
  return undefined;
}

/** `holder[key]`, replaced by a copy of the schema it refers to when it is a resolvable $ref. */
function ownCopy(holder, key, resolve) {
  const value = holder[key];
  if (!value?.$ref) return value;
  const target = resolve(value);
  if (!target) return undefined;
  holder[key] = structuredClone(target);
  return holder[key];
}

/**
 * Folds a shadow member into the members that define what it names (`targets`): each `required`
 * name into the schema that defines the property (`fallback` when none does), and each example or
 * description into the property it annotates.
 */
function foldShadow(targets, shadow, fallback, resolve) {
  // Nested requirements first: they may give this schema its own copy of a referenced member,
  // which then also takes the required names it defines.
  for (const [name, sub] of Object.entries(shadow.properties ?? {})) {
    if (!sub || typeof sub !== "object") continue;
    const owner =
      targets.map((t) => definingSchema(t, name)).find(Boolean) ??
      (requiresSomething(sub) ? materializeDefining(targets, name, resolve) : undefined);
    if (owner) foldInto(owner.properties, name, sub, resolve);
  }
  if (shadow.items && typeof shadow.items === "object") {
    const owner = targets.find((t) => t.items && !t.$ref);
    if (owner) foldInto(owner, "items", shadow.items, resolve);
  }
  for (const name of shadow.required ?? []) {
    const owner = targets.map((t) => definingSchema(t, name)).find(Boolean) ?? fallback;
    owner.required = [...new Set([...(owner.required ?? []), name])];
  }
}

/**
 * Folds the shadow `sub` into the schema at `holder[key]`. Only a required list gets a copy of a
 * referenced schema: an annotation alone is left out where the schema is a $ref.
 */
function foldInto(holder, key, sub, resolve) {
  const schema = requiresSomething(sub) ? ownCopy(holder, key, resolve) : holder[key];
  if (!schema || schema.$ref) return;
  annotate(schema, sub);
  foldShadow([schema], sub, schema, resolve);
}

/**
 * The examples and description a shadow member gives a property: the member's, over the property's
 * own (a URI template kept aside, as uriTemplateExamples does: the property was left before the fold).
 */
function annotate(property, shadow) {
  for (const key of ["example", "examples", "description"]) if (shadow[key] !== undefined) property[key] = shadow[key];
  if (shadow.example === undefined) return;
  delete property[X_EXAMPLE_URI_TEMPLATE];
  keepUriTemplate(property);
}

/**
 * Resolves a local $ref ("#/components/schemas/X") in the document being bundled. Decorators run
 * in the bundler's own walk: by the time a schema is left, every $ref below it points into the
 * bundle's components. Without a document (unit tests), nothing resolves.
 */
function localResolver(getRoot) {
  return (node) => {
    const root = getRoot();
    if (!root || typeof node?.$ref !== "string" || !node.$ref.startsWith("#/")) return undefined;
    return node.$ref
      .slice(2)
      .split("/")
      .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((current, key) => (current == null ? undefined : current[key]), root);
  };
}

/** Every $ref (and discriminator mapping target) in `node`, as "#/..." strings. */
function collectRefs(node, out = new Set()) {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, out);
  else if (node && typeof node === "object") {
    if (typeof node.$ref === "string") out.add(node.$ref);
    if (node.discriminator?.mapping)
      for (const target of Object.values(node.discriminator.mapping)) if (typeof target === "string") out.add(target);
    for (const value of Object.values(node)) collectRefs(value, out);
  }
  return out;
}

const SCHEMA_REF = "#/components/schemas/";
/** The schema name a `#/components/schemas/…` reference names (JSON-pointer escapes undone). */
const schemaNameOf = (ref) => decodeURIComponent(ref.slice(SCHEMA_REF.length)).replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * Drops the schema components nothing refers to any more (directly or through other schemas): the
 * ones whose every use was replaced by an operation's own copy. Every schema component of a bundle
 * is there because something referred to it, so an unreferenced one is left over.
 */
function dropUnreferencedSchemas(root) {
  const schemas = root.components?.schemas;
  if (!schemas) return;
  const { schemas: _, ...rest } = root.components;
  const pending = [...collectRefs({ ...root, components: rest })];
  const used = new Set();
  while (pending.length) {
    const ref = pending.pop();
    if (!ref.startsWith(SCHEMA_REF)) continue;
    const name = schemaNameOf(ref);
    if (used.has(name) || !schemas[name]) continue;
    used.add(name);
    pending.push(...collectRefs(schemas[name]));
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

function foldShadowAllOfMembers() {
  let root;
  // Set once folding has looked behind a $ref: only then can a component have lost its last use.
  let lookedBehindRefs = false;
  const resolve = localResolver(() => root);
  const resolving = (node) => {
    const target = resolve(node);
    if (target) lookedBehindRefs = true;
    return target;
  };
  return {
    Root: {
      enter(node) {
        root = node;
        lookedBehindRefs = false;
      },
      leave(node) {
        if (lookedBehindRefs) dropUnreferencedSchemas(node);
      },
    },
    Schema: {
      leave(schema) {
        if (!Array.isArray(schema.allOf)) return;
        const kept = schema.allOf.filter((member) => !isShadow(member));
        if (kept.length === schema.allOf.length || kept.length === 0) return;
        for (const shadow of schema.allOf.filter(isShadow)) foldShadow(kept, shadow, schema, resolving);
        const [only] = kept;
        if (kept.length > 1) {
          schema.allOf = kept;
          return;
        }
        if (only.$ref) {
          // An allOf of one $ref and nothing beside it is that $ref.
          if (Object.keys(schema).length === 1) {
            delete schema.allOf;
            schema.$ref = only.$ref;
          } else schema.allOf = kept;
          return;
        }
        // One member left: it becomes the schema itself (an allOf of one is no composition),
        // unless the parent already has a different value for one of its keys.
        const clash = Object.entries(only).some(
          ([key, value]) =>
            key !== "required" &&
            !ANNOTATIONS.has(key) &&
            schema[key] !== undefined &&
            !isDeepStrictEqual(schema[key], value),
        );
        if (clash) {
          schema.allOf = kept;
          return;
        }
        delete schema.allOf;
        for (const [key, value] of Object.entries(only)) {
          if (key === "required") schema.required = [...new Set([...(schema.required ?? []), ...value])];
          else if (schema[key] === undefined) schema[key] = value;
        }
      },
    },
  };
}

/**
 * OpenAPI 3.0: a `readOnly` property in a `required` list is required in responses only, a
 * `writeOnly` one in requests only. openapi-typescript (without read/write markers) applies every
 * `required` both ways, so a request body would have to carry server-set fields (Confluent's
 * `ObjectReference` requires its read-only `related` and `resource_name`). The bundle gives each
 * request body (response) whose schemas require such properties its own copies of those schemas,
 * without them in `required`: an inline schema is copied in place, a component `X` gets a sibling
 * `X-request` (`X-response`), and discriminator mappings follow. The properties themselves stay,
 * optional; shared components are not changed, and nothing is copied where nothing needs relaxing.
 */
function isMarked(schema, flag, resolve, depth = 0) {
  if (!schema || typeof schema !== "object" || depth > 20) return false;
  if (schema[flag] === true) return true;
  if (schema.$ref) return isMarked(resolve(schema), flag, resolve, depth + 1);
  return (schema.allOf ?? []).some((member) => isMarked(member, flag, resolve, depth + 1));
}

/** The schema of property `name` of `schema`, looking through allOf members and $refs. */
function propertySchema(schema, name, resolve, depth = 0) {
  if (!schema || depth > 20) return undefined;
  if (schema.$ref) return propertySchema(resolve(schema), name, resolve, depth + 1);
  if (schema.properties?.[name]) return schema.properties[name];
  for (const member of schema.allOf ?? []) {
    const found = propertySchema(member, name, resolve, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const SUBSCHEMA_LISTS = ["allOf", "oneOf", "anyOf"];
const SUBSCHEMAS = ["items", "additionalProperties", "not"];

/**
 * `schema` with its `flag`ged properties out of its `required` lists (see above): the same object
 * when nothing changes. `direction` = { flag, resolve, copies: Map<ref, ref>, add }, where
 * `add(name, component, copy)` names and keeps a new copy of the component `name` (requiredPerDirection).
 */
function relaxed(schema, direction, seen = new Set()) {
  if (!schema || typeof schema !== "object") return schema;
  const { flag, resolve } = direction;
  if (schema.$ref) {
    if (direction.copies.has(schema.$ref)) return { ...schema, $ref: direction.copies.get(schema.$ref) };
    if (seen.has(schema.$ref) || !schema.$ref.startsWith(SCHEMA_REF)) return schema;
    const target = resolve(schema);
    if (!target) return schema;
    const copy = relaxed(target, direction, new Set(seen).add(schema.$ref));
    if (copy === target) return schema;
    const name = direction.add(schema.$ref.slice(SCHEMA_REF.length), target, copy);
    direction.copies.set(schema.$ref, `${SCHEMA_REF}${name}`);
    return { ...schema, $ref: `${SCHEMA_REF}${name}` };
  }
  let copy = schema;
  const set = (key, value) => {
    if (copy === schema) copy = { ...schema };
    copy[key] = value;
  };
  if (schema.properties) {
    let properties = schema.properties;
    for (const [name, property] of Object.entries(schema.properties)) {
      // A property that is itself read-only (write-only) is optional here: its schema stays as it is.
      if (isMarked(property, flag, resolve)) continue;
      const value = relaxed(property, direction, seen);
      if (value === property) continue;
      if (properties === schema.properties) properties = { ...properties };
      properties[name] = value;
    }
    if (properties !== schema.properties) set("properties", properties);
  }
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter((name) => !isMarked(propertySchema(schema, name, resolve), flag, resolve));
    if (required.length !== schema.required.length) {
      set("required", required);
      if (required.length === 0) delete copy.required;
    }
  }
  const renamed = new Map();
  for (const key of SUBSCHEMA_LISTS) {
    if (!Array.isArray(schema[key])) continue;
    const members = schema[key].map((member) => relaxed(member, direction, seen));
    if (members.every((member, i) => member === schema[key][i])) continue;
    set(key, members);
    members.forEach((member, i) => {
      const before = schema[key][i].$ref;
      if (before && member.$ref !== before) renamed.set(before, member.$ref);
    });
  }
  const mapping = schema.discriminator?.mapping;
  if (mapping && Object.values(mapping).some((target) => renamed.has(target))) {
    const remapped = Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, renamed.get(v) ?? v]));
    set("discriminator", { ...schema.discriminator, mapping: remapped });
  }
  for (const key of SUBSCHEMAS) {
    if (!schema[key] || typeof schema[key] !== "object") continue;
    const value = relaxed(schema[key], direction, seen);
    if (value !== schema[key]) set(key, value);
  }
  return copy;
}

/**
 * Per bundle (its root): the components given a request or response copy, name -> schema. The
 * bundle can drop such a component later (when nothing else refers to it); its copy is still
 * named after it (readableSchemaNames).
 */
const COPIED = new WeakMap();

/**
 * The copies join `components.schemas` when the bundler's walk is over (Root leave). Added earlier, a
 * copy would be walked with the components the walk has not reached yet, and a $ref in it to another
 * copy (`X-request` to `Y-request`) reported as unresolvable: the walk resolves $refs in the root
 * document among the components it saved itself. The copies are made of schemas the walk has been
 * through; each is placed where it was made, after the component that was the last one then.
 */
function requiredPerDirection() {
  let root;
  let directions;
  /** The copies to add: name -> { schema, after: the name of the component it follows }. */
  let pending;
  const resolve = localResolver(() => root);
  const adder = (suffix) => (of, original, schema) => {
    const schemas = root.components?.schemas ?? {};
    const copies = Object.fromEntries([...pending].map(([name, copy]) => [name, copy.schema]));
    const name = freeName({ ...schemas, ...copies }, `${of}-${suffix}`, schema);
    if (schemas[name] === undefined && !pending.has(name)) {
      pending.set(name, { schema, after: Object.keys(schemas).at(-1) });
      COPIED.get(root).set(of, original);
    }
    return name;
  };
  const relax = (container, key) => {
    for (const media of Object.values(container?.content ?? {})) {
      if (media?.schema) media.schema = relaxed(media.schema, directions[key]);
    }
  };
  return {
    Root: {
      enter(node) {
        root = node;
        pending = new Map();
        COPIED.set(node, new Map());
        directions = {
          request: { flag: "readOnly", resolve, add: adder("request"), copies: new Map() },
          response: { flag: "writeOnly", resolve, add: adder("response"), copies: new Map() },
        };
      },
      leave(node) {
        if (pending.size === 0) return;
        const schemas = ((node.components ??= {}).schemas ??= {});
        const placed = {};
        const placeAfter = (anchor) => {
          for (const [name, copy] of pending) if (copy.after === anchor) placed[name] = copy.schema;
        };
        placeAfter(undefined);
        for (const [name, schema] of Object.entries(schemas)) {
          if (pending.has(name) && !isDeepStrictEqual(schema, pending.get(name).schema))
            throw new Error(
              `components.schemas["${name}"]: the bundle took the name after a request or response copy was given it`,
            );
          placed[name] = schema;
          placeAfter(name);
        }
        // A copy to follow a component that has gone since (none goes today) is not lost: it goes last.
        for (const [name, copy] of pending) placed[name] ??= copy.schema;
        node.components.schemas = placed;
      },
    },
    RequestBody: {
      leave(requestBody) {
        relax(requestBody, "request");
      },
    },
    Response: {
      leave(response) {
        relax(response, "response");
      },
    },
  };
}

/**
 * Confluent's published definition gives `format: uri` header schemas URI templates as examples
 * (`https://api.confluent.cloud/networking/v1/private-link-attachment-connections/{id}`), which are
 * no URIs, so the example does not validate against its schema. The bundle keeps the template, word
 * for word, as `x-example-uri-template` instead of `example`.
 */
function uriTemplateExamples() {
  return { Schema: { leave: keepUriTemplate } };
}

function keepUriTemplate(schema) {
  if (schema.format !== "uri" || typeof schema.example !== "string") return;
  if (!/\{[^{}]+\}/.test(schema.example)) return;
  schema[X_EXAMPLE_URI_TEMPLATE] ??= schema.example;
  delete schema.example;
}

/** One visitor that runs each of `visitors` in turn, node type by node type. */
function combine(...visitors) {
  const combined = {};
  for (const visitor of visitors) {
    for (const [type, phases] of Object.entries(visitor)) {
      combined[type] ??= {};
      for (const [phase, fn] of Object.entries(phases)) {
        const previous = combined[type][phase];
        combined[type][phase] = previous
          ? (...args) => {
              previous(...args);
              fn(...args);
            }
          : fn;
      }
    }
  }
  return combined;
}

/**
 * A discriminator mapping must map to $refs; Confluent's page printed the schema behind each $ref
 * in its place. The bundle restores the named schemas: each inline `oneOf` member of a
 * discriminated schema becomes `components.schemas[<its title>]`, and the mapping points to it.
 * A title can name a component that is already there with other content (one bundled from another
 * file of the same API, under the same name): the restored schema then gets the first free name
 * `<title>-2`, `-3`, ..., as the bundler names its own duplicates; it never replaces nor reuses it.
 */
function freeName(schemas, base, schema) {
  let name = base;
  for (let n = 2; schemas[name] !== undefined && !isDeepStrictEqual(schemas[name], schema); n++) name = `${base}-${n}`;
  return name;
}

function restoreDiscriminatorRefs() {
  let root;
  const componentName = (title) => title.replace(/[^A-Za-z0-9._-]/g, "_");
  return {
    Root: {
      enter(node) {
        root = node;
      },
    },
    Schema: {
      leave(schema) {
        if (!schema.discriminator || !Array.isArray(schema.oneOf)) return;
        const refOf = new Map();
        schema.oneOf = schema.oneOf.map((member) => {
          if (member.$ref || typeof member.title !== "string") return member;
          root.components ??= {};
          root.components.schemas ??= {};
          const name = freeName(root.components.schemas, componentName(member.title), member);
          root.components.schemas[name] = member;
          const ref = `#/components/schemas/${name}`;
          refOf.set(member.title, ref);
          return { $ref: ref };
        });
        const mapping = schema.discriminator.mapping;
        if (!mapping) return;
        for (const [key, target] of Object.entries(mapping)) {
          if (typeof target === "string") continue;
          const ref = typeof target?.title === "string" && refOf.get(target.title);
          if (ref) mapping[key] = ref;
          else delete mapping[key];
        }
      },
    },
  };
}

/**
 * A verbatim third-party definition cannot carry our additions on its operations, so its wrapper
 * lists them under a top-level `x-operation-additions` map keyed by operationId (e.g. `summary`,
 * `x-pagination`); this moves each onto its operation, never over a field the vendor set.
 * Unmatched entries stay at the top level, where the generator rejects them by name.
 */
function attachOperationAdditions() {
  let additions = {};
  return {
    Root: {
      enter(root) {
        additions = { ...root[X_OPERATION_ADDITIONS] };
      },
      leave(root) {
        if (!root[X_OPERATION_ADDITIONS]) return;
        if (Object.keys(additions).length === 0) delete root[X_OPERATION_ADDITIONS];
        else root[X_OPERATION_ADDITIONS] = additions;
      },
    },
    Operation: {
      leave(operation) {
        const added = additions[operation.operationId];
        if (!added) return;
        for (const [key, value] of Object.entries(added)) if (operation[key] === undefined) operation[key] = value;
        delete additions[operation.operationId];
      },
    },
  };
}

/**
 * Bundling two definitions that name their schemas alike leaves names no user can read in a hover:
 * the bundler's duplicates `X-2` and the per-direction copies `X-request` / `X-response` (above).
 * Once the bundle is complete: a duplicate that says the same as `X` (annotations, which only
 * document, and the order of `required` aside) is replaced by `X`; a duplicate that differs takes
 * the name the wrapper gives it in `x-schema-names` (a duplicate without one fails, naming it); and
 * each direction copy is named after its schema, `XInput` (request) or `XOutput` (response).
 */
const DIRECTION_NAMES = { request: "Input", response: "Output" };
/** The name of a direction copy (`X-request`, requiredPerDirection) and of a bundler's duplicate (`X-2`): [, X, …]. */
const COPY_NAME = /^(.+)-(request|response)$/;
const DUPLICATE_NAME = /^(.+)-\d+$/;
/** What a component's name may hold (OpenAPI 3.0's components pattern). */
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/** The keywords whose value maps names to schemas (a property's name is no annotation, whatever it is called). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"]);
/** The keywords whose value is data, compared as it is. */
const LITERALS = new Set(["enum", "const", "default"]);
/** Keys that only document: the annotations, and where a URI-template example was moved (uriTemplateExamples). */
const DOCUMENTING = new Set([...ANNOTATIONS, X_EXAMPLE_URI_TEMPLATE]);
const isObject = (value) => value !== null && typeof value === "object";
/** A list whose order means nothing (`required`, each list of `dependentRequired`), in one order. */
const sorted = (list) => (Array.isArray(list) ? [...list].sort() : list);
const mapValues = (object, map) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));

/**
 * Whether two schemas say the same, what only documents and the order of name lists aside. `reference`
 * gives the target a schema reference stands for (a duplicate merged into its schema stands for it).
 */
function sameSchema(a, b, reference = (ref) => ref) {
  const target = (ref) => (typeof ref === "string" ? reference(ref) : ref);
  const keyword = (key, value) => {
    if (LITERALS.has(key)) return value;
    if (key === "required") return sorted(value);
    if (key === "$ref") return target(value);
    if (!isObject(value)) return value;
    if (key === "dependentRequired") return mapValues(value, sorted);
    if (key === "mapping") return mapValues(value, target);
    if (SCHEMA_MAPS.has(key)) return mapValues(value, strip);
    return strip(value);
  };
  const strip = (node) =>
    Array.isArray(node)
      ? node.map(strip)
      : isObject(node)
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([key]) => !DOCUMENTING.has(key))
              .map(([key, value]) => [key, keyword(key, value)]),
          )
        : node;
  return isDeepStrictEqual(strip(a), strip(b));
}

/** Every $ref and discriminator mapping target in `node` rewritten by `rename` (refs it maps to undefined stay). */
function renameRefs(node, rename) {
  if (Array.isArray(node)) node.forEach((item) => renameRefs(item, rename));
  else if (node && typeof node === "object") {
    if (typeof node.$ref === "string") node.$ref = rename(node.$ref) ?? node.$ref;
    const mapping = node.discriminator?.mapping;
    if (mapping) for (const [key, target] of Object.entries(mapping)) mapping[key] = rename(target) ?? target;
    for (const value of Object.values(node)) renameRefs(value, rename);
  }
}

/**
 * Why duplicate `name` of schema `base` needs an x-schema-names entry: where each is written (`rootFile`,
 * the wrapper, and the files it reaches), what differs, and the entry to add.
 */
function unnamedDuplicate(name, base, { schemaOf, rootFile, same }) {
  const differences = schemaDifferences(schemaOf(base), schemaOf(name), same);
  let places = "";
  let suggested = `${base}Published`;
  let wrapper = "the wrapper's x-schema-names";
  if (rootFile) {
    const found = definitionsOf(rootFile, base);
    const closest = (schema, among) =>
      among.reduce(
        (best, candidate) =>
          best === undefined || distance(candidate.schema, schema, same) < distance(best.schema, schema, same)
            ? candidate
            : best,
        undefined,
      );
    const ofDuplicate = closest(schemaOf(name), found);
    const ofBase = closest(
      schemaOf(base),
      found.filter((candidate) => candidate !== ofDuplicate),
    );
    const at = (definition) => `${shown(definition.file)}:${definition.line}`;
    if (ofDuplicate && ofBase)
      places = ` ("${name}" is the one at ${at(ofDuplicate)}, "${base}" the one at ${at(ofBase)})`;
    if (ofDuplicate && !ofDuplicate.component) suggested = `${base}Page`;
    const line = lineOf(rootFile, [X_SCHEMA_NAMES]);
    wrapper = `${X_SCHEMA_NAMES} of ${shown(rootFile)}${line ? ` (line ${line})` : ""}`;
  }
  return (
    `components.schemas["${name}"] differs from "${base}"${places}: ${differences.join("; ") || "annotations aside, they differ"}. ` +
    `Give it a readable name in ${wrapper}, e.g.:\n      ${X_SCHEMA_NAMES}:\n        ${name}: ${suggested}`
  );
}

function readableSchemaNames() {
  return {
    Root: {
      leave(root, ctx) {
        const rootFile = ctx?.location?.source?.absoluteRef;
        const given = root[X_SCHEMA_NAMES] ?? {};
        delete root[X_SCHEMA_NAMES];
        const schemas = root.components?.schemas;
        if (!schemas) return;
        const copied = COPIED.get(root);
        const schemaOf = (name) => schemas[name] ?? copied?.get(name);
        /** Whether the bundle has schema `name` (a boolean schema, `false`, too). */
        const has = (name) => name !== undefined && schemaOf(name) !== undefined;
        for (const [name, readable] of Object.entries(given))
          if (typeof readable !== "string" || !COMPONENT_NAME.test(readable) || DUPLICATE_NAME.test(readable))
            throw new Error(
              `x-schema-names gives "${name}" the name ${JSON.stringify(readable)}, which is no readable schema name (letters, digits, ".", "_" and "-", not ending in "-" and a number)`,
            );
        /** The schema `name` stands for once the duplicates that say the same are merged. */
        const standsFor = (name) => {
          const copy = COPY_NAME.exec(name);
          if (has(copy?.[1])) return `${standsFor(copy[1])}-${copy[2]}`;
          return merged.has(name) ? standsFor(DUPLICATE_NAME.exec(name)[1]) : name;
        };
        const same = (a, b) =>
          sameSchema(a, b, (ref) =>
            ref.startsWith(SCHEMA_REF) ? `${SCHEMA_REF}${standsFor(schemaNameOf(ref))}` : ref,
          );
        /**
         * The duplicates that say the same as their schema, merged into it: each reads as its schema once
         * every reference to a merged duplicate reads as one to that duplicate's schema. Decided together,
         * from all of them down to the largest set that holds, so that the order of the schemas does not
         * matter and duplicates that refer to each other, or to themselves, are merged when they say the same.
         */
        const merged = new Set(
          [...Object.keys(schemas), ...(copied?.keys() ?? [])].filter((name) => has(DUPLICATE_NAME.exec(name)?.[1])),
        );
        for (let changed = true; changed;) {
          changed = false;
          for (const name of merged)
            if (!same(schemaOf(name), schemaOf(DUPLICATE_NAME.exec(name)[1]))) {
              merged.delete(name);
              changed = true;
            }
        }
        const names = new Map();
        /** The duplicate each x-schema-names name was given to: one name for two schemas would merge them. */
        const givenTo = new Map();
        const nameOf = (name) => {
          if (names.has(name)) return names.get(name);
          let result = name;
          const copy = COPY_NAME.exec(name);
          const duplicate = DUPLICATE_NAME.exec(name);
          if (has(copy?.[1])) result = `${nameOf(copy[1])}${DIRECTION_NAMES[copy[2]]}`;
          else if (has(duplicate?.[1])) {
            if (merged.has(name)) result = nameOf(duplicate[1]);
            else if (typeof given[name] === "string") {
              if (givenTo.has(given[name]))
                throw new Error(
                  `x-schema-names gives "${name}" the name "${given[name]}", which it gives "${givenTo.get(given[name])}" too: choose a name of its own`,
                );
              givenTo.set(given[name], name);
              result = given[name];
            } else throw new Error(unnamedDuplicate(name, duplicate[1], { schemaOf, rootFile, same }));
          }
          names.set(name, result);
          return result;
        };
        for (const name of Object.keys(schemas)) nameOf(name);
        for (const stale of Object.keys(given)) {
          if (!names.has(stale)) throw new Error(`x-schema-names names "${stale}", which the bundle does not have`);
          const duplicate = DUPLICATE_NAME.exec(stale);
          if (!has(duplicate?.[1]))
            throw new Error(
              `x-schema-names names "${stale}", which is no duplicate the bundle made (an entry renames an "X-2"): remove the entry`,
            );
          // A duplicate that says the same as its schema now is merged into it: the entry names nothing.
          if (merged.has(stale))
            throw new Error(
              `x-schema-names names "${stale}", which says the same as "${names.get(stale)}" now (annotations aside): remove the entry`,
            );
        }
        // Two schemas that differ under one final name would become one (the bundle keeps one schema per
        // name): a name given here that another schema has (also one the bundle renames away), or that a
        // copy of the renamed schema takes (`XInput`). Schemas that say the same (a duplicate merged into
        // its schema, and the copies of both) share their name on purpose.
        for (const [name, readable] of Object.entries(given))
          if (readable !== name && readable in schemas)
            throw new Error(
              `x-schema-names gives "${name}" the name "${readable}", which another schema of the bundle has: choose a name of its own`,
            );
        const holders = new Map();
        for (const [name, renamed] of names) holders.set(renamed, [...(holders.get(renamed) ?? []), name]);
        for (const [renamed, held] of holders) {
          if (held.every((name) => same(schemaOf(name), schemaOf(held[0])))) continue;
          // (A merged duplicate's entry was refused above, as one that names nothing.)
          const entry = held.find((name) => typeof given[name] === "string");
          if (entry)
            throw new Error(
              `x-schema-names gives "${entry}" the name "${renamed}", which another schema of the bundle has: choose a name of its own`,
            );
          const copy = held.find((name) => typeof given[COPY_NAME.exec(name)?.[1]] === "string");
          const base = copy && COPY_NAME.exec(copy)[1];
          throw new Error(
            base
              ? `x-schema-names gives "${base}" the name "${given[base]}", so that its copy "${copy}" is named "${renamed}", which another schema of the bundle has: choose another name`
              : `the bundle would name two schemas "${renamed}" (${held.map((name) => `"${name}"`).join(", ")}): rename one`,
          );
        }
        renameRefs(root, (ref) => {
          if (!ref.startsWith(SCHEMA_REF)) return undefined;
          const name = schemaNameOf(ref);
          const renamed = names.get(name);
          return renamed && renamed !== name ? `${SCHEMA_REF}${renamed}` : undefined;
        });
        // A merged duplicate's name maps onto a schema that stays: only the kept and renamed ones are written.
        root.components.schemas = Object.fromEntries(
          Object.entries(schemas)
            .filter(([name]) => names.get(name) === name || !(names.get(name) in schemas))
            .map(([name, schema]) => [names.get(name), schema]),
        );
      },
    },
  };
}

export default function connectivityPlugin() {
  return {
    id: "connectivity",
    rules: {
      oas3: {
        "x-pagination": xPagination,
        "x-cli": xCli,
        "x-operation-additions": xOperationAdditions,
      },
    },
    decorators: {
      oas3: {
        // Also keeps `required` per direction and moves URI-template examples aside (see above):
        // these run wherever Confluent's shadow members are folded, without a change to redocly.yaml.
        // The request and response copies are added (Root leave) before the components left unused are dropped.
        "fold-shadow-allof-members": () =>
          combine(requiredPerDirection(), foldShadowAllOfMembers(), uriTemplateExamples()),
        "restore-discriminator-refs": restoreDiscriminatorRefs,
        "attach-operation-additions": attachOperationAdditions,
        "readable-schema-names": readableSchemaNames,
      },
    },
  };
}
