// The surface a consumer of this package sees in a merged OpenAPI document, flattened into facts that
// the rules compare: operations with their parameters, bodies and statuses, security, servers,
// pagination declarations and component names. Every fact records the component names it was reached
// through, so that a change can say which generated declarations it explains.
import { fileURLToPath } from "node:url";
import { listApis } from "../apis.mjs";
import { X_CLI, X_DECISION, X_EXTENSIBLE_ENUM, X_PAGINATION } from "../extensions.mjs";
import { ANNOTATION_KEYWORDS, flattenObject, operations, resolve, typeOf } from "../schema.mjs";
import { validationOf } from "./validators.mjs";

const MAX_DEPTH = 8;
const CONSTRAINTS = [
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "maxItems",
  "minItems",
  "maxContains",
  "minContains",
  "maxProperties",
  "minProperties",
  "multipleOf",
];
/** JSON Schema keywords whose presence constrains a value (each a fact of the same name). */
const PRESENCE = ["contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];
/** Keywords holding sub-schemas whose fields are compared like any other (oasdiff's sub-schema traversal). */
const SUBSCHEMAS = ["if", "then", "else", "not", ...PRESENCE];

let knownApis;
/** The API names of redocly.yaml (e.g. "otc-vpc"), to turn a component prefix (OtcVpc) into an API name. */
function apiNames() {
  if (!knownApis) {
    try {
      knownApis = listApis(fileURLToPath(new URL("../../..", import.meta.url))).map((api) => api.name);
    } catch {
      knownApis = [];
    }
  }
  return knownApis;
}

/** The API a component prefix belongs to: "OtcVpcep" → "otc-vpcep"; null when there is no prefix. */
export function apiOfPrefix(prefix) {
  if (!prefix) return null;
  const compact = prefix.toLowerCase();
  return apiNames().find((name) => name.replace(/-/g, "") === compact) ?? compact;
}

const prefixOf = (name) => /^([A-Za-z0-9]+)_/.exec(name)?.[1];
/** "OtcVpc_Subnet" → "Subnet": the name the per-API generated types use. */
export const unprefixed = (name) => name.replace(/^[A-Za-z0-9]+_/, "");

/** The first component prefix found in a node's $refs (depth-first), or undefined. */
function firstRefPrefix(node, depth = 0) {
  if (!node || typeof node !== "object" || depth > 12) return undefined;
  if (typeof node.$ref === "string") {
    const name = /^#\/components\/[^/]+\/([^/]+)/.exec(node.$ref)?.[1];
    const prefix = name && prefixOf(name);
    if (prefix) return prefix;
  }
  for (const value of Object.values(node)) {
    const found = firstRefPrefix(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A body's fields for each of its media types: media type → (field path → facts). */
function bodyFields(doc, rawContainer) {
  const content = resolve(doc, rawContainer)?.content ?? {};
  return new Map(
    Object.keys(content)
      .sort()
      .map((media) => [media, fieldsOf(doc, content[media]?.schema)]),
  );
}

const refName = (node) => (typeof node?.$ref === "string" ? node.$ref.split("/").slice(2).join(".") : undefined);

/** The schema name of a union member that is a $ref, also one wrapped in allOf to carry a description. */
const memberRef = (member) => refName(unwrapAnnotatedRef(member));

/** A discriminator mapping's target as composition facts name members: "#/components/schemas/X" → "schemas.X". */
export const mappedSchema = (ref) => ref.replace(/^#\/components\//, "").replace(/\//g, ".");

/** The facts of one schema that a consumer can feel. */
function schemaFacts(doc, rawSchema) {
  const wrapper = rawSchema;
  rawSchema = unwrapAnnotatedRef(rawSchema);
  const schema = resolve(doc, rawSchema) ?? {};
  const merged = { ...schema };
  for (const member of schema.allOf ?? []) {
    const part = resolve(doc, member) ?? {};
    for (const key of ["format", "nullable", "enum", "pattern", "default", "const", "uniqueItems", ...CONSTRAINTS])
      if (merged[key] === undefined && part[key] !== undefined) merged[key] = part[key];
  }
  // A 3.1 type list: its types (without "null", which is nullability) joined, e.g. "integer|string".
  const types = Array.isArray(schema.type) ? schema.type : null;
  const listed = types?.filter((t) => t !== "null").sort();
  const type = types ? (listed.length ? listed.join("|") : "null") : (typeOf(doc, schema) ?? "any");
  const nullable = merged.nullable === true || (types?.includes("null") ?? false);
  // An allOf member by its component name; an inline one by what it constrains besides its fields (which
  // are compared as fields), so that editing a field inside it is not a member removed and another added.
  const members = (list) =>
    list
      ?.filter((member) => !annotationOnly(member))
      .map((member) => memberRef(member) ?? `inline ${memberSignature(member)}`);
  // A union's members by the identity their fields are compared under (unionMembers), also those of a
  // union inside an allOf member, whose fields are the schema's too.
  const unions = unionsOf(doc, intersectionOf(doc, schema).unions);
  const unionList = (keyword, which = () => true) => {
    const found = unions.filter((union) => union.keyword === keyword);
    return found.length ? found.flatMap((union) => union.members.filter(which).map((member) => member.id)) : undefined;
  };
  const facts = {
    type,
    format: merged.format,
    nullable,
    enum: merged.enum?.filter((value) => value !== null),
    pattern: merged.pattern || undefined, // an empty pattern matches everything
    default: merged.default === undefined ? undefined : JSON.stringify(merged.default),
    deprecated: schema.deprecated === true || wrapper?.deprecated === true,
    oneOf: unionList("oneOf"),
    anyOf: unionList("anyOf"),
    // The union members whose generated types are literals or carry one (carriesLiteral).
    literalMembers: [
      ...(unionList("oneOf", (member) => member.literal) ?? []),
      ...(unionList("anyOf", (member) => member.literal) ?? []),
    ],
    // The literals each union's members carry, by keyword: member id → JSON texts (carriedLiterals).
    memberLiterals: Object.fromEntries(
      ["oneOf", "anyOf"].map((keyword) => [
        keyword,
        Object.fromEntries(
          unions
            .filter((union) => union.keyword === keyword)
            .flatMap((union) => union.members.map((member) => [member.id, member.literals])),
        ),
      ]),
    ),
    allOf: members(schema.allOf),
    // The same fields under another form (fieldsByRef): the allOf rules leave it to the field rules when
    // the other side is inline.
    allOfFieldsByRef: fieldsByRef(doc, schema),
  };
  for (const key of CONSTRAINTS) facts[key] = merged[key];
  facts.uniqueItems = merged.uniqueItems === true;
  // OpenAPI 3.0 writes an exclusive bound as a flag on minimum/maximum; 3.1 as the bound itself.
  for (const [exclusive, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ])
    if (typeof merged[exclusive] === "boolean") facts[exclusive] = merged[exclusive] ? merged[bound] : undefined;
  // JSON Schema 2020-12 (OpenAPI 3.1) keywords and x-extensible-enum.
  facts.const = merged.const === undefined ? undefined : JSON.stringify(merged.const);
  facts.extensibleEnum = Array.isArray(schema[X_EXTENSIBLE_ENUM]) ? schema[X_EXTENSIBLE_ENUM] : undefined;
  for (const keyword of PRESENCE) facts[keyword] = schema[keyword] !== undefined;
  facts.prefixItems = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
  facts.patternProperties = Object.keys(schema.patternProperties ?? {}).sort();
  facts.dependentSchemas = Object.keys(schema.dependentSchemas ?? {}).sort();
  facts.dependentRequired = Object.fromEntries(
    Object.entries(schema.dependentRequired ?? {}).map(([name, list]) => [name, [...list].sort().join(",")]),
  );
  // openapi-typescript turns a discriminator into a required literal property of each member schema.
  if (schema.discriminator?.propertyName) {
    const { propertyName, mapping = {} } = schema.discriminator;
    facts.discriminator = stableJson({ propertyName, mapping });
    facts.discriminatorRefs = [
      ...new Set([
        ...Object.values(mapping).map(mappedSchema),
        ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map(refName).filter(Boolean),
      ]),
    ];
  }
  facts.contentEncoding = schema.contentEncoding;
  facts.contentMediaType = schema.contentMediaType;
  return facts;
}

/** A composition member that only annotates (a title, a description): it accepts everything the parent does. */
const annotationOnly = (member) =>
  member &&
  typeof member === "object" &&
  !member.$ref &&
  Object.keys(member).every((key) => ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-"));

/**
 * A $ref wrapped in allOf to carry annotations beside it (`{ description, allOf: [$ref] }`, how
 * OpenAPI 3.0 describes a referenced schema in place): the type is the $ref's, so it is compared as
 * the $ref; anything else is returned as it is.
 */
function unwrapAnnotatedRef(node) {
  if (!node || typeof node !== "object" || node.$ref || !Array.isArray(node.allOf)) return node;
  const annotates = Object.keys(node).every(
    (key) => key === "allOf" || ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-"),
  );
  return (annotates && soleRefMember(node)) || node;
}

/** The allOf member of `schema` that is a $ref, when it is the only one that is no annotation. */
function soleRefMember(schema) {
  const typed = schema.allOf?.filter((member) => !annotationOnly(member));
  return typed?.length === 1 && typeof typed[0]?.$ref === "string" ? typed[0] : undefined;
}

/** What a schema holding only fields may say besides its annotations and extensions. */
const FIELD_KEYWORDS = new Set(["type", "properties", "required"]);

/**
 * An allOf whose one typed member is a $ref to a schema of fields alone (an object's properties and
 * required list, annotations aside), beside no properties of its own (a required list may stand beside
 * it): the same fields as that schema written inline. Confluent's bundle writes a request body inline
 * while it folds a required list into it, and so once it has nothing to fold.
 */
function fieldsByRef(doc, schema) {
  const member = soleRefMember(schema);
  if (!member || Object.keys(schema.properties ?? {}).length > 0) return false;
  const target = resolve(doc, member);
  return (
    !!target &&
    (target.type === undefined || target.type === "object") &&
    Object.keys(target).every((key) => FIELD_KEYWORDS.has(key) || ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-"))
  );
}

/** An inline schema without its fields, annotations and extensions. */
function memberSignature(member) {
  const kept = Object.fromEntries(
    Object.entries(member).filter(
      ([key]) => !ANNOTATION_KEYWORDS.has(key) && !key.startsWith("x-") && key !== "properties" && key !== "required",
    ),
  );
  return stableJson(kept);
}

/**
 * What an object schema is made of: its properties and those of its allOf members (each applies, so
 * their fields are the schema's), which of them are required, and the unions (oneOf/anyOf) found
 * there, whose members' fields are compared member by member (unionMembers).
 */
function intersectionOf(doc, rawSchema, depth = 0) {
  const schema = resolve(doc, rawSchema) ?? {};
  const parts = { properties: new Map(), required: new Set(schema.required ?? []), unions: [] };
  if (depth > 20) return parts;
  for (const [name, value] of Object.entries(schema.properties ?? {})) parts.properties.set(name, value);
  for (const member of schema.allOf ?? []) {
    const part = intersectionOf(doc, member, depth + 1);
    for (const [name, value] of part.properties) parts.properties.set(name, value);
    for (const name of part.required) parts.required.add(name);
    parts.unions.push(...part.unions);
  }
  for (const keyword of ["oneOf", "anyOf"])
    if (Array.isArray(schema[keyword]))
      parts.unions.push({
        keyword,
        list: schema[keyword],
        discriminator: schema.discriminator?.propertyName,
        mapping: schema.discriminator?.mapping,
      });
  return parts;
}

/** The unions of a schema and of its allOf members, each member with its identity. */
const unionsOf = (doc, unions) =>
  unions.map(({ keyword, list, discriminator, mapping }) => {
    const members = unionMembers(doc, list, discriminator);
    const raws = members.map((m) => m.raw);
    const values = carriedLiterals(doc, raws, { keyword, discriminator, mapping });
    const literal = discriminator ? values.map((texts) => texts.length > 0) : literalMembers(doc, raws);
    return {
      keyword,
      members: members.map((member, i) => ({ ...member, literal: literal[i], literals: values[i] })),
    };
  });

/**
 * The literals each member of a union gives its generated type, as JSON texts: with a discriminator, in
 * a oneOf (the only union openapi-typescript gives tags) and for an object schema (type object, or
 * allOf: the only ones it tags), its tag values: the mapping's values naming it, else, for a direct $ref,
 * its schema's name, which openapi-typescript writes whatever enum the member gives the property; else
 * (and in an anyOf) the value its discriminator property pins, if any; without,
 * its own enum or const, and its values of each property every member gives literals (`opt_name`).
 */
function carriedLiterals(doc, raws, { keyword, discriminator, mapping = {} }) {
  const texts = (values) => (values ?? []).map((value) => JSON.stringify(value));
  const properties = raws.map((raw) => intersectionOf(doc, raw).properties);
  if (discriminator)
    return raws.map((raw, i) => {
      const ref = unwrapAnnotatedRef(raw)?.$ref;
      const mapped = Object.keys(mapping).filter((value) => ref && mapping[value] === ref);
      const own = texts(literalsOf(doc, properties[i].get(discriminator)));
      // openapi-typescript tags only an object schema (type object, or allOf), mapped or not.
      const target = ref && resolve(doc, { $ref: ref });
      const object = target?.type === "object" || Array.isArray(target?.allOf);
      if (keyword !== "oneOf" || !object) return own;
      if (mapped.length) return texts(mapped);
      const named =
        typeof raw?.$ref === "string" ? raw.$ref.match(/^#\/components\/schemas\/([^/]+)$/)?.[1] : undefined;
      return named ? texts([named.replace(/~1/g, "/").replace(/~0/g, "~")]) : own;
    });
  const tags = [...(properties[0]?.keys() ?? [])].filter((name) =>
    properties.every((props) => literalsOf(doc, props.get(name))),
  );
  return raws.map((raw, i) => [
    ...texts(literalsOf(doc, raw)),
    ...tags.flatMap((name) => texts(literalsOf(doc, properties[i].get(name)))),
  ]);
}

/** A schema's literal values (its enum, or its const), or null. */
function literalsOf(doc, node) {
  const schema = resolve(doc, unwrapAnnotatedRef(node));
  if (Array.isArray(schema?.enum)) return schema.enum;
  return schema?.const === undefined ? null : [schema.const];
}

const JSON_TYPES = { string: ["string"], number: ["number", "integer"], boolean: ["boolean"] };

/**
 * For each member of a union without a discriminator: true when its generated type holds a literal that
 * no other member's holds, which code may compare with (`x === "ntp"`) and which removing the member takes
 * out of the union: the member is an enum or a const, or every member gives one property an enum or a
 * const (an implicit discriminator, as VPC's DHCP options' `opt_name`) and some value of it is its own.
 * (With a discriminator every member carries one: openapi-typescript writes the tag value into its type.)
 */
function literalMembers(doc, raws) {
  const properties = raws.map((raw) => intersectionOf(doc, raw).properties);
  const tags = [...(properties[0]?.keys() ?? [])].filter((name) =>
    properties.every((props) => literalsOf(doc, props.get(name))),
  );
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  // A member that is no literal holds the literals of its type (`string` holds "ntp").
  const covers = (raw, value) => {
    const type = resolve(doc, unwrapAnnotatedRef(raw))?.type;
    return type === undefined || (JSON_TYPES[typeof value] ?? []).includes(type);
  };
  return raws.map((raw, i) => {
    const own = (values, othersOf) =>
      values?.some((value) => !raws.some((other, j) => j !== i && othersOf(other, j, value)));
    const asMember = own(literalsOf(doc, raw), (other, j, value) => {
      const values = literalsOf(doc, other);
      return values ? values.some((v) => same(v, value)) : covers(other, value);
    });
    const asTag = tags.some((name) =>
      own(literalsOf(doc, properties[i].get(name)), (other, j, value) =>
        literalsOf(doc, properties[j].get(name)).some((v) => same(v, value)),
      ),
    );
    return !!asMember || asTag;
  });
}

/**
 * The members of a oneOf/anyOf, each with a stable identity, so that members are matched before and
 * after by who they are and not by their position (the order of a TypeScript union is not felt):
 * - a $ref member by its component name (`label` without the API prefix, as the per-API types name it);
 * - an inline member by the value it gives the union's discriminator (`kind=dog`), else by its title,
 *   else by its type (`object`), none of which changes when a field inside it is edited; look-alike
 *   inline members are told apart by the enum values each takes for one property (`opt_name=ntp`),
 *   else by their property names and required list, then by everything else they constrain, then by
 *   their order among themselves.
 * `label` is what a field path shows (`items<oneOf ExtraDhcpOpt>.opt_value`), `id` what the schema's
 * composition fact lists (a $ref's "schemas.X", which renames and references look for; "inline <label>").
 */
function unionMembers(doc, list, discriminator) {
  const members = list
    .filter((member) => !annotationOnly(member))
    .map((raw) => {
      const ref = memberRef(raw);
      return ref
        ? { raw, ref, label: ref.replace(/^[^.]*\./, "") }
        : { raw, label: inlineName(doc, raw, discriminator) };
    });
  // A $ref member without the API prefix, unless two members of the union would then look alike.
  for (const member of members) {
    const short = member.ref && unprefixed(member.label);
    if (short && !members.some((other) => other.ref && other !== member && unprefixed(other.label) === short))
      member.label = short;
  }
  const alike = (member) => !member.ref && members.some((other) => other !== member && other.label === member.label);
  const tellApart = (describe) => {
    const renamed = members.filter(alike).map((member) => [member, `${member.label} ${describe(member)}`]);
    for (const [member, label] of renamed) member.label = label;
  };
  // Look-alike members that each take other values of one property (an implicit discriminator, as
  // VPC's DHCP options' `opt_name`): by those values, which adding a field to one does not change.
  const groups = new Map();
  for (const member of members.filter(alike)) groups.set(member.label, [...(groups.get(member.label) ?? []), member]);
  for (const group of groups.values()) {
    const properties = group.map(({ raw }) => intersectionOf(doc, raw).properties);
    const enumOf = (props, name) => resolve(doc, props.get(name))?.enum;
    for (const name of [...properties[0].keys()].sort()) {
      if (!properties.every((props) => Array.isArray(enumOf(props, name)))) continue;
      const values = properties.map((props) => enumOf(props, name).map(String).sort().join("|"));
      if (new Set(values).size < values.length) continue;
      group.forEach((member, i) => (member.label = `${member.label} ${name}=${values[i]}`));
      break;
    }
  }
  tellApart(({ raw }) => {
    const { properties, required } = intersectionOf(doc, raw);
    const names = `{${[...properties.keys()].sort().join(", ")}}`;
    return required.size ? `${names} required {${[...required].sort().join(", ")}}` : names;
  });
  tellApart(({ raw }) => memberSignature(raw));
  // Members alike in everything (the same schema twice): their order among themselves.
  const nth = new Map();
  tellApart(({ label }) => `#${nth.set(label, (nth.get(label) ?? 0) + 1).get(label)}`);
  return members.map(({ raw, ref, label }) => ({ raw, label, id: ref ?? `inline ${label}` }));
}

/** An inline union member's name: the discriminator value it pins, its title, or its type. */
function inlineName(doc, member, discriminator) {
  if (discriminator) {
    const property = resolve(doc, intersectionOf(doc, member).properties.get(discriminator));
    const pinned = property?.const ?? (property?.enum?.length === 1 ? property.enum[0] : undefined);
    if (pinned !== undefined) return `${discriminator}=${pinned}`;
  }
  if (typeof member.title === "string" && member.title) return member.title;
  const schema = resolve(doc, member) ?? {};
  return (Array.isArray(schema.type) ? schema.type.join("|") : typeOf(doc, schema)) ?? "any";
}

/**
 * field path → facts, for a schema and every field reachable from it; "" is the schema itself. Each
 * field's facts say where it sits (`place`): `{ parent, name }` for a property of the object at
 * `parent`, `{ parent, union, member, memberId }` for a member of a oneOf/anyOf on it (`memberId`
 * as the composition fact lists it).
 */
function fieldsOf(doc, rawSchema, at = {}) {
  const { out = new Map(), path = "", seen = new Set(), depth = 0, required = false, place = null } = at;
  let { refs = [] } = at;
  if (!rawSchema || depth > MAX_DEPTH) return out;
  const facts = schemaFacts(doc, rawSchema);
  rawSchema = unwrapAnnotatedRef(rawSchema);
  const ref = refName(rawSchema);
  let inside = seen;
  if (ref) {
    if (seen.has(ref)) return out;
    inside = new Set(seen).add(ref);
    refs = [...refs, ref];
  }
  out.set(path, { ...facts, required, refs, place });
  const schema = resolve(doc, rawSchema);
  const walk = (node, where, more = {}) =>
    fieldsOf(doc, node, { out, refs, seen: inside, depth: depth + 1, required: false, ...more, path: where });
  // Sub-schemas (if/then/else, not, contains, prefixItems, ...): their fields at `path<keyword>`.
  for (const keyword of SUBSCHEMAS)
    if (schema?.[keyword] && typeof schema[keyword] === "object") walk(schema[keyword], `${path}<${keyword}>`);
  (schema?.prefixItems ?? []).forEach((item, i) => walk(item, `${path}<prefixItems ${i}>`));
  for (const keyword of ["patternProperties", "dependentSchemas"])
    for (const [name, node] of Object.entries(schema?.[keyword] ?? {})) walk(node, `${path}<${keyword} ${name}>`);
  if (typeOf(doc, schema) === "array" || schema?.items) {
    walk(schema.items, `${path}[]`, { required: true });
    // An array's properties constrain nothing; a union member's are read as its fields (as oasdiff reads them).
    if (!(place?.union && schema.properties)) return out;
  }
  // The schema's own fields and its allOf members'; a union member's are compared under its name below.
  const { properties, required: requiredNames, unions } = intersectionOf(doc, schema);
  for (const name of at.requiredByParent ?? []) requiredNames.add(name);
  // A field every oneOf/anyOf alternative requires is required.
  const alternatives = [...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])].map((m) => flattenObject(doc, m).required);
  for (const name of alternatives[0] ?? []) if (alternatives.every((names) => names.has(name))) requiredNames.add(name);
  const ownRefs = refs;
  for (const member of [...(schema?.allOf ?? []), ...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])]) {
    const memberRef = refName(member);
    if (memberRef && !refs.includes(memberRef)) refs = [...refs, memberRef];
  }
  const values = schema?.additionalProperties;
  if (values && typeof values === "object") walk(values, `${path}{*}`);
  for (const [name, value] of properties)
    walk(value, path ? `${path}.${name}` : name, { required: requiredNames.has(name), place: { parent: path, name } });
  // Each member of a union one by one, at `path<oneOf Member>`: a field several members share is each
  // member's own (not the first member's), and members are matched by identity, not position.
  for (const { keyword, members } of unionsOf(doc, unions))
    for (const member of members)
      walk(member.raw, `${path}<${keyword} ${member.label}>`, {
        refs: ownRefs,
        depth,
        requiredByParent: requiredNames,
        place: { parent: path, union: keyword, member: member.label, memberId: member.id },
      });
  return out;
}

/** Security requirement alternatives as canonical strings ("a+b"); "" is "no authentication". */
const securityOf = (requirements) =>
  requirements ? requirements.map((r) => Object.keys(r).sort().join("+")).sort() : [];
/** The scopes each scheme of each alternative asks for: "a+b scheme" → sorted scopes. */
const scopesOf = (requirements) =>
  new Map(
    (requirements ?? []).flatMap((r) => {
      const alternative = Object.keys(r).sort().join("+");
      return Object.entries(r).map(([scheme, scopes]) => [`${alternative} ${scheme}`, [...(scopes ?? [])].sort()]);
    }),
  );

const normalisedPath = (path) => path.replace(/\{[^}]+\}/g, "{}");

function operationSurface(doc, { path, method, operation, parameters, merged }) {
  const item = resolve(doc, doc.paths[path]);
  const api = apiOfPrefix(
    firstRefPrefix({ operation, parameters: item.parameters }) ??
      prefixOf((operation.security ?? doc.security ?? []).flatMap((r) => Object.keys(r))[0] ?? ""),
  );
  const params = new Map();
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  for (const p of parameters) {
    const position = pathNames.indexOf(p.name);
    // Path parameters are matched by position: a renamed one is the same parameter with a new key.
    const key = p.in === "path" && position >= 0 ? `path #${position}` : `${p.in} ${p.name}`;
    const ref = refName(merged.get(`${p.in}:${p.name}`)?.raw);
    const schemaRef = refName(p.schema);
    params.set(key, {
      ...schemaFacts(doc, p.schema),
      fields: fieldsOf(doc, p.schema),
      name: p.name,
      in: p.in,
      required: !!p.required,
      deprecated: p.deprecated === true || resolve(doc, p.schema)?.deprecated === true,
      refs: [ref, schemaRef].filter(Boolean),
    });
  }
  const rawBody = operation.requestBody;
  const body = resolve(doc, rawBody);
  const requestBody = body
    ? {
        required: !!body.required,
        refs: [refName(rawBody)].filter(Boolean),
        content: bodyFields(doc, body),
      }
    : null;
  const responses = new Map();
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    const headers = new Map(
      Object.entries(resolve(doc, raw)?.headers ?? {}).map(([name, rawHeader]) => {
        const header = resolve(doc, rawHeader);
        const facts = schemaFacts(doc, header.schema);
        return [
          name.toLowerCase(),
          { ...facts, name, required: !!header.required, deprecated: header.deprecated === true || facts.deprecated },
        ];
      }),
    );
    responses.set(status, {
      content: bodyFields(doc, raw),
      refs: [refName(raw)].filter(Boolean),
      headers,
    });
  }
  const surface = {
    key: `${method.toUpperCase()} ${normalisedPath(path)}`,
    label: `${method.toUpperCase()} ${path}`,
    path,
    method,
    api,
    operationId: operation.operationId,
    tags: operation.tags ?? [],
    deprecated: operation.deprecated === true,
    security: securityOf(operation.security ?? doc.security),
    scopes: scopesOf(operation.security ?? doc.security),
    pagination: operation[X_PAGINATION] === undefined ? undefined : stableJson(operation[X_PAGINATION]),
    cliAliases: [...(operation[X_CLI]?.aliases ?? [])].sort(),
    cliColumns: JSON.stringify(operation[X_CLI]?.columns ?? null),
    // The servers the spec gives the operation: its own, its path's, else the document's. Which of
    // them are the API's (what generated/<api>.meta.ts lists) is decided per API in surfaceOf.
    operationServers: operation.servers ?? null,
    pathServers: item.servers ?? null,
    params,
    requestBody,
    responses,
  };
  // What the response validators are compiled from: computed when the safety net asks (not enumerable:
  // the walks over a surface's facts do not reach it).
  let validation;
  Object.defineProperty(surface, "validation", { get: () => (validation ??= validationOf(doc, operation)) });
  return surface;
}

/** JSON with sorted keys, without the texts that do not reach the generated types. */
export function stableJson(value) {
  const IGNORED = new Set(["description", "example", "examples", "title", "summary", X_DECISION, "externalDocs"]);
  const sort = (node) => {
    if (Array.isArray(node)) return node.map(sort);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.keys(node)
        .filter((key) => !IGNORED.has(key))
        .sort()
        .map((key) => [key, sort(node[key])]),
    );
  };
  return JSON.stringify(sort(value));
}

const serverUrls = (list) => list.map((server) => server.url);

/**
 * The servers of each API (what generated/<api>.meta.ts lists, from the API's root `servers`), and each
 * operation's own servers (`op.ownServers`: urls, or null), which the client does not use: its
 * `servers`, or its path's. A document with root `servers` gives them to every API; a merged document
 * of APIs with other servers writes each API's root servers on its paths instead: there the list most
 * of the API's operations have is the API's (the first one on a tie), any other path's list its own.
 */
function apiServers(ops, doc) {
  const byApi = new Map();
  for (const op of ops.values()) byApi.set(op.api, [...(byApi.get(op.api) ?? []), op]);
  const key = (list) => JSON.stringify(serverUrls(list ?? []));
  const servers = new Map();
  for (const [api, list] of byApi) {
    let root = doc.servers;
    if (!root) {
      const counts = new Map();
      for (const op of list) counts.set(key(op.pathServers), (counts.get(key(op.pathServers)) ?? 0) + 1);
      const most = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
      root = list.find((op) => key(op.pathServers) === most).pathServers ?? [];
    }
    for (const op of list) {
      // Servers of its own that are the API's say where the client goes anyway.
      const declared = op.operationServers ?? op.pathServers;
      const own = declared && key(declared) !== key(root) ? declared : null;
      op.ownServers = own && serverUrls(own);
    }
    const variables = (server) =>
      Object.fromEntries(
        Object.entries(server.variables ?? {}).map(([name, v]) => [name, { enum: v.enum, default: v.default }]),
      );
    servers.set(api, new Map(root.map((server) => [server.url, { variables: variables(server) }])));
  }
  return servers;
}

/**
 * Component schema `name` with every $ref inlined (a cycle as "(cycle)": no name is left) as
 * stableJson writes it: two schemas of one content under other names give the same text.
 */
function inlinedSchema(doc, name) {
  const inline = (node, stack) => {
    if (Array.isArray(node)) return node.map((item) => inline(item, stack));
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string")
      return stack.includes(node.$ref) ? { $ref: "(cycle)" } : inline(resolve(doc, node), [...stack, node.$ref]);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, stack)]));
  };
  const ref = `#/components/schemas/${name}`;
  return stableJson(inline(resolve(doc, { $ref: ref }), [ref]));
}

/** The component kinds besides schemas that openapi-typescript declares under `components`. */
const COMPONENT_KINDS = ["responses", "parameters", "requestBodies", "headers", "pathItems"];

export function surfaceOf(doc) {
  const ops = new Map();
  if (!doc)
    return {
      operations: ops,
      schemas: new Map(),
      components: new Map(),
      securitySchemes: new Map(),
      servers: new Map(),
      webhooks: new Map(),
    };
  for (const entry of operations(doc)) {
    const op = operationSurface(doc, entry);
    ops.set(op.key, op);
  }
  // An operation that refers to no prefixed component belongs to the API of the operations sharing its tag.
  const apiOfTag = new Map();
  for (const op of ops.values()) for (const tag of op.tags) if (op.api) apiOfTag.set(tag, op.api);
  for (const op of ops.values()) op.api ??= op.tags.map((tag) => apiOfTag.get(tag)).find(Boolean) ?? null;
  const schemas = new Map(
    Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => [
      name,
      { api: apiOfPrefix(prefixOf(name)), json: stableJson(schema) },
    ]),
  );
  // The other components the generated types declare (`Components["parameters"]["Name"]`, ...): "kind.name".
  const components = new Map(
    COMPONENT_KINDS.flatMap((kind) =>
      Object.keys(doc.components?.[kind] ?? {}).map((name) => [
        `${kind}.${name}`,
        { api: apiOfPrefix(prefixOf(name)), kind, name },
      ]),
    ),
  );
  const securitySchemes = new Map(
    Object.entries(doc.components?.securitySchemes ?? {}).map(([name, raw]) => {
      const scheme = resolve(doc, raw);
      return [
        name,
        {
          api: apiOfPrefix(prefixOf(name)),
          type: [scheme.type, scheme.scheme, scheme.in, scheme.name].filter(Boolean).join(" "),
        },
      ];
    }),
  );
  const servers = apiServers(ops, doc);
  // OpenAPI 3.1 webhooks: the generated `webhooks` interface has an entry per name.
  const webhooks = new Map(Object.keys(doc.webhooks ?? {}).map((name) => [name, { api: null }]));
  const contents = new Map();
  /** A component schema's content (every $ref inlined, without what only documents), computed when asked. */
  const schemaContent = (name) => {
    if (!contents.has(name)) contents.set(name, doc.components?.schemas?.[name] ? inlinedSchema(doc, name) : null);
    return contents.get(name);
  };
  return { operations: ops, schemas, components, securitySchemes, servers, webhooks, schemaContent };
}
