// Schema aspects shared by parameters, request and response fields and bodies: type and format,
// nullability, enum values, constraints, pattern, default, deprecation. The subject (e.g.
// "request-parameter") names the rule; its direction, in the registry, decides the level.
import { SUBJECTS } from "../registry.mjs";
import { mappedSchema } from "../surface.mjs";

const CONSTRAINTS = [
  ["maximum", "max"],
  ["minimum", "min"],
  ["maxLength", "max-length"],
  ["minLength", "min-length"],
  ["maxItems", "max-items"],
  ["minItems", "min-items"],
  ["exclusiveMaximum", "exclusive-max"],
  ["exclusiveMinimum", "exclusive-min"],
  ["maxContains", "max-contains"],
  ["minContains", "min-contains"],
  ["maxProperties", "max-properties"],
  ["minProperties", "min-properties"],
];

/** Keywords whose presence constrains a value: [fact, rule name]. */
const PRESENCE = [
  ["contains", "contains"],
  ["propertyNames", "property-names"],
  ["unevaluatedItems", "unevaluated-items"],
  ["unevaluatedProperties", "unevaluated-properties"],
  ["contentSchema", "content-schema"],
  ["uniqueItems", "unique-items"],
];

// Numeric types by the values they hold, from the fewest to the most. An integer without a format is
// read as int64 (what servers give it; no JavaScript number beyond 2^63 is an exact integer anyway).
const NUMERIC_RANK = {
  "integer/int32": 1,
  "integer/int64": 2,
  integer: 2,
  "number/float": 3,
  "number/double": 4,
  number: 5,
};

/** Formats whose values another format of the same type also allows (oasdiff's isFormatContained): type → format → the formats within it. */
const FORMATS_WITHIN = { string: { "date-time": ["date", "time"] } };

const typeKey = (facts) => (facts.format ? `${facts.type}/${facts.format}` : facts.type);
/** The generator types a schema of format int64 as `number | bigint` (scripts/lib/types.mjs), any other number as `number`. */
const isBigint = (facts) => facts.format === "int64";
const isNumeric = (facts) => facts.type === "integer" || facts.type === "number";

/** The rank of a numeric type's values (int32 and int64 whatever the type says), or undefined. */
function numericRank(facts) {
  if (!isNumeric(facts)) return undefined;
  if (facts.format === "int32" || facts.format === "int64") return NUMERIC_RANK[`integer/${facts.format}`];
  return NUMERIC_RANK[typeKey(facts)] ?? (facts.type === "number" ? NUMERIC_RANK.number : undefined);
}

/** How the set of values moved, ignoring the generated TypeScript type. */
function valueShift(old, now) {
  if (old.type.includes("|") || now.type.includes("|")) {
    const a = old.type.split("|");
    const b = now.type.split("|");
    if (old.format !== now.format) return "changed";
    if (a.every((t) => b.includes(t))) return "generalized";
    if (b.every((t) => a.includes(t))) return "specialized";
    return "changed";
  }
  const rankBefore = numericRank(old);
  const rankAfter = numericRank(now);
  if (rankBefore && rankAfter)
    return rankAfter === rankBefore ? "same" : rankAfter > rankBefore ? "generalized" : "specialized";
  if (old.type === now.type) {
    if (old.format && !now.format) return "generalized";
    if (!old.format && now.format) return "specialized";
    if (FORMATS_WITHIN[now.type]?.[now.format]?.includes(old.format)) return "generalized";
    if (FORMATS_WITHIN[old.type]?.[old.format]?.includes(now.format)) return "specialized";
  }
  return "changed";
}

/**
 * How the type moved: "same", "generalized", "specialized" or "changed". Both the values the schema
 * allows and the TypeScript type generated for it count: integer → int64 widens (`number` becomes
 * `number | bigint`), int64 → integer narrows (a `5n` no longer compiles), number → int64 does both.
 */
export function typeShift(old, now) {
  if (typeKey(old) === typeKey(now)) return "same";
  const values = valueShift(old, now);
  if (isBigint(old) === isBigint(now)) return values === "same" ? "changed" : values;
  if (!isNumeric(old) || !isNumeric(now)) return "changed";
  const wider = isBigint(now) ? "generalized" : "specialized";
  return values === "same" || values === wider ? wider : "changed";
}

/** True when `value` is a whole multiple of `of` (to a float's precision). */
const isMultiple = (value, of) => {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
};

const sameSet = (a, b) => a.length === b.length && a.every((v) => b.includes(v));

/**
 * Compares the schema facts of one subject and emits a change per aspect that moved.
 * @param {(id: string, args: object, refs?: string[]) => void} emit (refs: more component declarations the change explains)
 */
export function compareSchemaFacts(emit, subject, old, now) {
  const direction = SUBJECTS[subject];
  const shift = typeShift(old, now);
  if (shift !== "same") {
    const aspect = shift === "changed" || (shift === "specialized" && direction === "request") ? "changed" : shift;
    emit(`${subject}-type-${aspect}`, { from: typeKey(old), to: typeKey(now) });
  }
  if (!old.nullable && now.nullable) emit(`${subject}-became-nullable`, {});
  if (old.nullable && !now.nullable) emit(`${subject}-became-not-nullable`, {});
  if (old.enum && now.enum && !sameSet(old.enum, now.enum)) {
    const [added, removed] = addedAndRemoved(old.enum, now.enum);
    if (removed.length) emit(`${subject}-enum-value-removed`, { values: removed });
    if (added.length) emit(`${subject}-enum-value-added`, { values: added });
  }
  if (!old.enum && now.enum) emit(`${subject}-became-enum`, { values: now.enum });
  if (old.enum && !now.enum) emit(`${subject}-became-not-enum`, { values: old.enum });
  for (const [key, name] of CONSTRAINTS) {
    const from = old[key];
    const to = now[key];
    if (from === to) continue;
    let aspect;
    if (from === undefined) aspect = "set";
    else if (to === undefined) aspect = "unset";
    else aspect = to > from ? "increased" : "decreased";
    emit(`${subject}-${name}-${aspect}`, { constraint: key, from, to });
  }
  if (old.multipleOf !== now.multipleOf) {
    const [from, to] = [old.multipleOf, now.multipleOf];
    // Every multiple of 10 is one of 5: 5 → 10 allows fewer values, 10 → 5 more, 5 → 3 other ones.
    const aspect =
      to === undefined || (from !== undefined && isMultiple(from, to))
        ? "widened"
        : from === undefined || isMultiple(to, from)
          ? "narrowed"
          : "changed";
    emit(`${subject}-multiple-of-${aspect}`, { constraint: "multipleOf", from, to });
  }
  if (old.pattern !== now.pattern) {
    const anything = /^\^?\.\*\$?$/.test(now.pattern ?? "");
    const aspect =
      old.pattern === undefined
        ? "added"
        : now.pattern === undefined
          ? "removed"
          : anything
            ? "generalized"
            : "changed";
    emit(`${subject}-pattern-${aspect}`, { from: old.pattern, to: now.pattern });
  }
  if (old.default !== now.default) {
    const aspect = old.default === undefined ? "added" : now.default === undefined ? "removed" : "changed";
    emit(`${subject}-default-value-${aspect}`, { from: old.default, to: now.default });
  }
  for (const [key, name] of [
    ["oneOf", "one-of"],
    ["anyOf", "any-of"],
    ["allOf", "all-of"],
  ]) {
    for (const replaced of old.replacedMembers ?? [])
      if (replaced.keyword === key) emit("union-member-schema-replaced", { composition: key, ...replaced });
    // A body written inline on one side and as an allOf of one $ref to the same kind of schema (fields
    // alone) on the other: its fields are compared by the field rules, not as a member added or removed.
    const inlineOnOneSide =
      key === "allOf" && ((!old.allOf?.length && now.allOfFieldsByRef) || (!now.allOf?.length && old.allOfFieldsByRef));
    const [added, removed] = inlineOnOneSide ? [[], []] : addedAndRemoved(old[key] ?? [], now[key] ?? []);
    if (added.length) emit(`${subject}-${name}-added`, { composition: key, members: added });
    // In a response, a member that carries a literal takes it out of the generated union, unless a member
    // of the new union carries it too: code comparing with it stops compiling. In a request every member
    // removed breaks already.
    const kept = new Set(Object.values(now.memberLiterals?.[key] ?? {}).flat());
    const leaves = (id) => {
      const values = old.memberLiterals?.[key]?.[id];
      return !values?.length || values.some((value) => !kept.has(value));
    };
    const literal =
      direction === "response" ? removed.filter((id) => old.literalMembers?.includes(id) && leaves(id)) : [];
    const plain = removed.filter((id) => !literal.includes(id));
    if (literal.length) emit(`${subject}-${name}-literal-removed`, { composition: key, members: literal });
    if (plain.length) emit(`${subject}-${name}-removed`, { composition: key, members: plain });
  }
  compareJsonSchemaKeywords(emit, subject, old, now);
  if (!old.deprecated && now.deprecated) emit(`${subject}-deprecated`, {});
  if (old.deprecated && !now.deprecated) emit(`${subject}-reactivated`, {});
}

/**
 * True when two discriminators differ only by the mapping entries of union members added or removed
 * with them: the members' rules report those, and no member that stays gets another tag value.
 */
function onlyMembersMapped(old, now) {
  if (!old.discriminator || !now.discriminator) return false;
  const [before, after] = [JSON.parse(old.discriminator), JSON.parse(now.discriminator)];
  if (before.propertyName !== after.propertyName) return false;
  const [mappingBefore, mappingAfter] = [before.mapping ?? {}, after.mapping ?? {}];
  // A schema both mappings name, under other values: it is tagged otherwise, also when it is no union
  // member (a subtype that `allOf`s the base schema holding the discriminator).
  const tagsOf = (mapping) => {
    const tags = new Map();
    for (const [value, ref] of Object.entries(mapping))
      tags.set(ref, [...(tags.get(ref) ?? []), value].sort().join("|"));
    return tags;
  };
  const [tagsBefore, tagsAfter] = [tagsOf(mappingBefore), tagsOf(mappingAfter)];
  for (const [ref, tags] of tagsBefore) if (tagsAfter.has(ref) && tagsAfter.get(ref) !== tags) return false;
  const membersOf = (facts) => new Set([...(facts.oneOf ?? []), ...(facts.anyOf ?? [])]);
  const [membersBefore, membersAfter] = [membersOf(old), membersOf(now)];
  for (const [value, ref] of Object.entries(mappingBefore))
    if (value in mappingAfter ? mappingAfter[value] !== ref : membersAfter.has(mappedSchema(ref))) return false;
  for (const [value, ref] of Object.entries(mappingAfter))
    if (!(value in mappingBefore) && membersBefore.has(mappedSchema(ref))) return false;
  return true;
}

const addedAndRemoved = (before = [], after = []) => [
  after.filter((v) => !before.includes(v)),
  before.filter((v) => !after.includes(v)),
];

/** const, x-extensible-enum and the JSON Schema 2020-12 (OpenAPI 3.1) keywords that constrain a value. */
function compareJsonSchemaKeywords(emit, subject, old, now) {
  if (old.const !== now.const) {
    const aspect = old.const === undefined ? "added" : now.const === undefined ? "removed" : "changed";
    emit(`${subject}-const-${aspect}`, { from: old.const, to: now.const });
  }
  if (old.extensibleEnum || now.extensibleEnum) {
    const [added, removed] = addedAndRemoved(old.extensibleEnum, now.extensibleEnum);
    if (removed.length) emit(`${subject}-x-extensible-enum-value-removed`, { values: removed });
    if (added.length) emit(`${subject}-x-extensible-enum-value-added`, { values: added });
  }
  for (const [fact, name] of PRESENCE) {
    if (!old[fact] && now[fact]) emit(`${subject}-${name}-added`, { keyword: fact });
    if (old[fact] && !now[fact]) emit(`${subject}-${name}-removed`, { keyword: fact });
  }
  if (now.prefixItems > old.prefixItems)
    emit(`${subject}-prefix-items-added`, { from: old.prefixItems, to: now.prefixItems });
  if (now.prefixItems < old.prefixItems)
    emit(`${subject}-prefix-items-removed`, { from: old.prefixItems, to: now.prefixItems });
  for (const [fact, name] of [
    ["patternProperties", "pattern-property"],
    ["dependentSchemas", "dependent-schema"],
  ]) {
    const [added, removed] = addedAndRemoved(old[fact], now[fact]);
    if (added.length) emit(`${subject}-${name}-added`, { keyword: fact, values: added });
    if (removed.length) emit(`${subject}-${name}-removed`, { keyword: fact, values: removed });
  }
  const before = old.dependentRequired ?? {};
  const after = now.dependentRequired ?? {};
  for (const name of Object.keys(after))
    if (!(name in before)) emit(`${subject}-dependent-required-added`, { values: [name] });
    else if (before[name] !== after[name]) emit(`${subject}-dependent-required-changed`, { values: [name] });
  for (const name of Object.keys(before))
    if (!(name in after)) emit(`${subject}-dependent-required-removed`, { values: [name] });
  if (old.discriminator !== now.discriminator && !onlyMembersMapped(old, now)) {
    const aspect = !old.discriminator ? "added" : !now.discriminator ? "removed" : "changed";
    // The member schemas' generated types carry the discriminator: this change explains theirs.
    const members = [...new Set([...(old.discriminatorRefs ?? []), ...(now.discriminatorRefs ?? [])])];
    emit(`${subject}-discriminator-${aspect}`, { from: old.discriminator, to: now.discriminator }, members);
  }
  for (const [fact, name] of [
    ["contentEncoding", "content-encoding"],
    ["contentMediaType", "content-media-type"],
  ])
    if (old[fact] !== now[fact]) emit(`${subject}-${name}-changed`, { from: old[fact], to: now[fact] });
}
