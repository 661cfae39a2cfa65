// The schema of the values a drift finding saw (its samples, as the checker shows them), for the edit
// that declares them. Every sample counts, not only the first: 1 and 1.5 make a number, "a" and null a
// nullable string. An object or array whose JSON text was longer than the checker shows arrives as the
// start of that text followed by "…": it stays an object or array, declared with only what that start
// really tells (the complete members, and the type of the one cut off), and the edit says so.

/** The end of a number that the checker's cut ran into: a number, whole or not. */
class CutNumber {}

/** A text the checker made of an object or array it cut: "{…" or "[…". */
const isCutContainer = (value) => typeof value === "string" && /^[[{][\s\S]*…$/.test(value);

/** How many characters of a value a finding shows (MAX_ACTUAL in src/core/drift.ts): a longer one ends "…" there. */
const SHOWN_CHARACTERS = 200;

/** Whether a string a finding shows is the start of a longer one, cut by the checker. */
export const isCutString = (value) =>
  typeof value === "string" && value.length === SHOWN_CHARACTERS + 1 && value.endsWith("…");

/** A value's JSON type ("integer" for a whole number and a bigint). */
function typeOf(value) {
  if (value === null) return "null";
  if (value instanceof CutNumber) return "number";
  if (Array.isArray(value)) return "array";
  if (typeof value === "bigint") return "integer";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * What can be read of a JSON text cut short: every complete member, and the last one as far as its type
 * is known (a string cut is a string, a number cut a CutNumber, a container cut holds what it held so
 * far). A member whose name or value was not reached is left out.
 */
export function readCutJson(text) {
  let at = 0;
  const MISSING = Symbol("missing");
  const space = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const string = () => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) return { value: text.slice(start + 1), cut: true };
    at++;
    return { value: JSON.parse(text.slice(start, at)), cut: false };
  };
  const value = () => {
    space();
    if (at >= text.length) return MISSING;
    const c = text[at];
    if (c === "{" || c === "[") {
      at++;
      const node = c === "{" ? {} : [];
      for (;;) {
        space();
        if (at >= text.length) return node;
        if (text[at] === "}" || text[at] === "]") {
          at++;
          return node;
        }
        if (text[at] === ",") {
          at++;
          continue;
        }
        let key;
        if (c === "{") {
          if (text[at] !== '"') return node;
          const name = string();
          space();
          if (name.cut || text[at] !== ":") return node;
          at++;
          key = name.value;
        }
        const member = value();
        if (member === MISSING) return node;
        if (c === "{") node[key] = member;
        else node.push(member);
      }
    }
    if (c === '"') return string().value;
    const literal = /^(?:true|false|null|t\w*|f\w*|n\w*)/.exec(text.slice(at));
    if (literal) {
      at += literal[0].length;
      return c === "n" ? null : c === "t";
    }
    const number = /^-?\d*(?:\.\d*)?(?:[eE][+-]?\d*)?/.exec(text.slice(at))[0];
    if (number === "") return MISSING;
    at += number.length;
    if (at >= text.length) return new CutNumber();
    // A whole number beyond 2^53 (the checker writes a bigint as its digits) stays exact: an int64.
    return /^-?\d+$/.test(number) && !Number.isSafeInteger(Number(number)) ? BigInt(number) : Number(number);
  };
  const result = value();
  return result === MISSING ? undefined : result;
}

/**
 * The schema of `values`: `{ schema, cut, unknown }`. `schema` is undefined when only null was seen (no
 * type can be told from it). `types`: the JSON types of the values before the checker redacted or cut
 * them (`Drift.actualTypes`), when the finding has them: they alone are the types declared (a number
 * redacted whole, shown as the string "[REDACTED]", is still a number), and a value shown as something
 * else than they say (that string, a cut number's digits) tells nothing more; else a cut text ("{…",
 * "[…") is taken for the object or array it was. `cut`: some value was known only in part, so the
 * properties or items declared are only those seen. `unknown`: the names of nested properties seen only
 * as null, left out. `unsupported`: nested properties named `__proto__`, left out (see UNSUPPORTED_NAME
 * in drift-edits.mjs). `redactedNumber`: a number was seen redacted, so its size is unknown. `redacted`:
 * nested properties (or items) seen only redacted, whose type is unknown: left out (items: unconstrained).
 */
export function inferSchema(values, types) {
  const state = { cut: false, unknown: [], unsupported: [], redactedNumber: false, redacted: [] };
  const read = values.map((value) => {
    if (!isCutContainer(value)) return value;
    const container = value[0] === "{" ? "object" : "array";
    if (types && !types.includes(container)) return value;
    state.cut = true;
    return readCutJson(value.slice(0, -1)) ?? (container === "object" ? {} : []);
  });
  if (!types) return { schema: schemaOf(read, [], state, ""), ...state };
  const shownAsTyped = read.filter((value) => types.some((type) => fits(value, type)));
  state.redactedNumber =
    read.includes(REDACTED) && !types.includes("string") && types.some((t) => t === "integer" || t === "number");
  return { schema: schemaOf(shownAsTyped, types, state, "", { only: true }), ...state };
}

/** What the client shows in place of a value that holds a credential (src/core/redact.ts). */
export const REDACTED = "[REDACTED]";

/**
 * Nested values without those the client redacted whole: "[REDACTED]" may stand for a string or a
 * number, so it tells no type (nested values have no `actualTypes` of their own).
 */
const withoutRedacted = (values) => values.filter((value) => value !== REDACTED);

/** Whether `value` is of JSON type `type` (an integer is a number too). */
const fits = (value, type) => typeOf(value) === type || (type === "number" && typeOf(value) === "integer");

/** `given`: types the values had; with `only`, the values' own types are not added to them. */
function schemaOf(values, given, state, where, { only = false } = {}) {
  const types = new Set(only ? given : [...given, ...values.map(typeOf)]);
  const nullable = types.delete("null");
  if (types.has("number")) types.delete("integer");
  const members = [...types].map((type) => {
    const of = values.filter((value) => fits(value, type));
    const schema = memberOf(type, of, state, where);
    if (nullable) schema.nullable = true;
    return schema;
  });
  if (members.length === 0) return undefined;
  return members.length === 1 ? members[0] : { anyOf: members };
}

function memberOf(type, values, state, where) {
  switch (type) {
    case "integer":
      // Beyond 2^53 (a bigint, or a number such as 9007199254740993.0): an integer of no format refuses it.
      return values.some((value) => !Number.isSafeInteger(value)) ? { type, format: "int64" } : { type };
    case "array": {
      const items = values.flat();
      const known = withoutRedacted(items);
      if (known.length < items.length && known.length === 0) state.redacted.push(`${where}[]`);
      return { type, items: schemaOf(known, [], state, `${where}[]`) ?? {} };
    }
    case "object": {
      const names = [...new Set(values.flatMap((value) => Object.keys(value)))];
      const properties = {};
      for (const name of names) {
        if (name === "__proto__") {
          state.unsupported.push(where ? `${where}.${name}` : name);
          continue;
        }
        // Own properties only: an object without `constructor` must not lend it Object.prototype's.
        const seen = values
          .map((value) => (Object.hasOwn(value, name) ? value[name] : undefined))
          .filter((value) => value !== undefined);
        const path = where ? `${where}.${name}` : name;
        const known = withoutRedacted(seen);
        if (known.length === 0 && seen.length > 0 && seen.some((value) => value === REDACTED)) {
          state.redacted.push(path);
          continue;
        }
        const schema = schemaOf(known, [], state, path);
        if (schema) properties[name] = schema;
        else state.unknown.push(path);
      }
      return { type, properties };
    }
    default:
      return { type };
  }
}
