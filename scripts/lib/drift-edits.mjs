// From a drift finding to the spec edit that would make it go away: where in specs/<api>/ the schema
// behind the finding is written (scripts/lib/drift-locate.mjs), and the change to make there (a
// property to declare, an enum value to add, a `required` entry to drop, a type to widen, `format:
// int64` for a whole number beyond 2^53 within int64's range), as a YAML snippet to paste and as an
// edit `applyEdit` can make on a copy of the specs. Where no edit would be right (a type only ever seen
// null, a new kind of a oneOf, a field pagination depends on, a value no schema takes: beyond int64's
// range, or 1e400), a note says what to look up instead. combineEdits makes the edits of one report
// that change one schema agree, so that they can be made one after another.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parseDocument, stringify } from "yaml";
import { MAX_PLACES, places as placesInBody } from "./drift-bodies.mjs";
import { inferSchema, isCutString, REDACTED } from "./drift-infer.mjs";
import {
  child,
  discriminatorValues,
  findOperation,
  findRequiring,
  follow,
  groupPointer,
  loader,
  memberMissing,
  objectHome,
  pointerKeys,
  pointerOf,
  schemaAt,
  shownPointer,
  valueAt,
} from "./drift-locate.mjs";
import { ANNOTATION_KEYWORDS } from "./schema.mjs";
import { X_OPERATION_ADDITIONS, X_PAGINATION, X_SCHEMA_NAMES } from "./extensions.mjs";

export { loader };

const DESCRIBE = "(describe it from the vendor's page)";

/** A value's JSON type name ("string", "number", "boolean", "object", "array", "null"). */
const jsonType = (value) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "bigint" ? "number" : typeof value;

/** The grouped pointers (array indices as `*`) of the 200 body's fields the operation's x-pagination names. */
function paginationPointers(load, root, operation) {
  const declaration =
    operation.node[X_PAGINATION] ?? load(root)[X_OPERATION_ADDITIONS]?.[operation.node.operationId]?.[X_PAGINATION];
  if (!declaration) return [];
  const pointer = (dotPath) => `/${dotPath.split(".").join("/")}`;
  const fields = ["items", "total", "nextLink"]
    .map((key) => declaration[key])
    .filter((field) => typeof field === "string")
    .map(pointer);
  if (typeof declaration.items === "string" && typeof declaration.markerField === "string")
    fields.push(`${pointer(declaration.items)}/*${pointer(declaration.markerField)}`);
  return fields;
}

/** Whether the field at `pointer` (any array index) is one the operation's x-pagination names. */
const paginates = (load, root, operation, pointer) =>
  paginationPointers(load, root, operation).includes(groupPointer(pointer));

/** Whether `value` is a whole number: a bigint, or a number such as 3 or 1e300. */
const isWhole = (value) => typeof value === "bigint" || Number.isInteger(value);
/** Whether `value` is a whole number from -2^63 to 2^63-1 (a bigint compares with 2^63, a double, by value). */
const inInt64 = (value) => isWhole(value) && value >= -(2 ** 63) && value < 2 ** 63;

/**
 * The note for a value too large for a double (`1e400` parses as Infinity), if one was seen: no type
 * or format of a schema takes it (JSON Schema's numbers are finite), so no edit makes the finding go away.
 */
function nonFiniteNote(values) {
  const seen = values.filter((value) => typeof value === "number" && !Number.isFinite(value));
  if (seen.length === 0) return undefined;
  return {
    note: `${[...new Set(seen.map(String))].join(", ")} was seen: a number too large for a double (such as 1e400), which no schema type or format takes, so no edit would make the finding go away; check the vendor's page for what the field holds`,
  };
}

/** The note for whole numbers (`values`) beyond int64's range, if any: no integer format holds them. */
function beyondInt64Note(values) {
  const beyond = values.filter((value) => !inInt64(value));
  if (beyond.length === 0) return undefined;
  return {
    note: `${beyond.map(String).join(", ")} is beyond int64's range (-2^63 to 2^63-1), which no integer format holds: check the vendor's page for what the field holds`,
  };
}

const PAGINATION_NOTE = (change) =>
  `pagination depends on this field (the operation's x-pagination names it): check the vendor's page, and the paginator with it, rather than ${change}`;

/**
 * A property named `__proto__` cannot be declared: the generated validators are JavaScript, whose object
 * literal `{ __proto__: … }` sets a prototype instead of declaring the property, so it would stay a finding.
 */
const UNSUPPORTED_NAME = "__proto__";

/** What the edit of a schema inferred from values cut short, or with nested nulls, leaves to do, as YAML comments. */
function caveats({ cut, unknown, unsupported = [], redactedNumber = false, redacted = [] }) {
  const lines = [];
  if (redacted.length > 0)
    lines.push(
      `Only a redacted value was seen for ${redacted.join(", ")} (it held a credential, and may have been a`,
      "string or a number): left out, or its items unconstrained; add from the vendor's page.",
    );
  if (redactedNumber)
    lines.push(
      "A number seen was redacted (it held a credential), so its size is unknown: if the field can hold a",
      "whole number beyond 2^53, declare it format: int64 as well.",
    );
  if (unsupported.length > 0)
    lines.push(
      `${unsupported.join(", ")} left out: a property named ${UNSUPPORTED_NAME} cannot be declared (the validators are JavaScript).`,
    );
  if (cut)
    lines.push(
      "The value was longer than the report shows: this declares only the properties and items its first",
      "characters show. Complete it from the vendor's page.",
    );
  if (unknown.length > 0)
    lines.push(`Only null was seen for ${unknown.join(", ")}: left out (no type to tell); add from the vendor's page.`);
  return lines;
}

const commented = (lines, snippet) => `${lines.map((line) => `# ${line}\n`).join("")}${snippet}`;

/** Whether a YAML file of the API's folder other than `except` has `components.schemas[name]`. */
function otherFileDefines(load, root, except, name) {
  const folder = path.dirname(root);
  return readdirSync(folder, { recursive: true })
    .map((file) => path.resolve(folder, String(file)))
    .filter((file) => /\.ya?ml$/.test(file) && file !== path.resolve(except))
    .some((file) => load(file)?.components?.schemas?.[name] !== undefined);
}

/**
 * The `x-schema-names` entry an edit inside an inline member of a discriminated oneOf needs: the bundle
 * makes that member `components.schemas[<its title>]` (restoreDiscriminatorRefs, scripts/redocly/plugin.mjs),
 * and when another file of the API defines a component of that name (Confluent's published spec does,
 * for each cloud's connection), the two differ once edited, and the bundle wants a readable name for
 * its `<title>-2`. Undefined when none is needed (or the wrapper has it already).
 */
function schemaNameEdit(load, root, edit) {
  const doc = load(edit.file);
  const at = (keys) => keys.reduce((node, key) => (node == null ? undefined : node[key]), doc);
  for (let i = edit.keys.length - 1; i >= 1; i--) {
    if (edit.keys[i - 1] !== "oneOf") continue;
    const member = at(edit.keys.slice(0, i + 1));
    if (!at(edit.keys.slice(0, i - 1))?.discriminator || member?.$ref || typeof member?.title !== "string")
      return undefined;
    const name = member.title.replace(/[^A-Za-z0-9._-]/g, "_");
    const duplicate = `${name}-2`;
    if (load(root)[X_SCHEMA_NAMES]?.[duplicate] !== undefined) return undefined;
    if (!otherFileDefines(load, root, edit.file, name)) return undefined;
    return {
      file: root,
      keys: [X_SCHEMA_NAMES],
      action: "name-schema",
      name: duplicate,
      value: `${name}Published`,
      snippet: `# another file of the API defines ${name} too: once they differ, the bundle needs a name for the second\n${stringify({ [X_SCHEMA_NAMES]: { [duplicate]: `${name}Published` } })}`,
    };
  }
  return undefined;
}

/**
 * The spec edit for one finding: `{ file, keys, action, name?, value?, snippet, caveat? }` (keys: the
 * YAML path to the schema to change in `file`; caveat: what the edit leaves to complete, also at the top
 * of the snippet as comments; also: edits the bundle then needs elsewhere, such as an `x-schema-names`
 * entry), or `{ note }` when no edit would be right or none can be located.
 * `sample`: the body the finding was seen in, when known (the objects along the finding's pointer are
 * enough): it tells which member of a oneOf the finding is in. `finding.values`: every distinct value
 * seen for it (the finding's `samples` otherwise); `finding.actualTypes` (when the checker gives them):
 * the JSON types of the values before they were cut. `load`: a loader() shared by the edits of one
 * report, so that each spec file is parsed once. `redact`: the report's redactor (every credential of
 * the environment), when known: an edit holding what it masks is a note too, as one holding the mask.
 */
export function suggestEdit({ root, finding, sample, load = loader(), redact = (text) => text }) {
  const located = locatedEdit({ root, finding, sample, load });
  const edit = located.note ? located : unlessRedacted(located, redact);
  if (edit.note) return edit;
  const naming = schemaNameEdit(load, root, edit);
  const made = {
    ...edit,
    paste: REPLACING.has(edit.action) ? "replace" : "merge",
    ...(naming ? { also: [naming] } : {}),
  };
  if (rebuilders.has(edit)) rebuilders.set(made, rebuilders.get(edit));
  return made;
}

/**
 * The actions whose snippet replaces the schema at its keys (the others merge into it): a widened type
 * moves the declared one into an `anyOf`, and a reference to a oneOf replaces the one to its member.
 */
export const REPLACING = new Set(["widen-type", "use-union"]);

/**
 * How a replacing edit's value is made from the schema it replaces: combineEdits makes it again from
 * that schema with the report's other edits of it made first, so that the replacement keeps them.
 */
const rebuilders = new WeakMap();
const rebuildable = (edit, rebuild) => {
  rebuilders.set(edit, rebuild);
  return edit;
};

function locatedEdit({ root, finding, sample, load }) {
  const operation = findOperation(load, root, finding.operationId);
  if (!operation) return { note: `operation ${finding.operationId} not found in ${root}` };
  if (finding.kind === "undocumented-status") {
    return {
      file: operation.file,
      keys: [...operation.keys, "responses"],
      action: "add-response",
      name: String(finding.status),
      snippet: stringify({ [finding.status]: { description: DESCRIBE } }),
    };
  }
  const responses = child(operation, "responses");
  // The status's own response, else its range (4XX), else the default, as the validators pick them.
  const declared = [String(finding.status), `${String(finding.status)[0]}XX`, "default"].find(
    (status) => responses.node?.[status] !== undefined,
  );
  const response = follow(load, child(responses, declared ?? String(finding.status)));
  const body = child(response, "content", "application/json", "schema");
  if (!body.node) return { note: `${finding.operationId} documents no JSON body for ${finding.status}` };
  const name = pointerKeys(finding.pointer).at(-1);
  const parentPointer = finding.pointer.split("/").slice(0, -1).join("/");
  const parentValue = valueAt(sample, parentPointer);
  const values = (finding.values ?? finding.samples ?? [finding.actual]).filter((value) => value !== undefined);
  const types = Array.isArray(finding.actualTypes) && finding.actualTypes.length > 0 ? finding.actualTypes : undefined;
  const where = (at) => ({ file: at.file, keys: at.keys });
  switch (finding.kind) {
    case "undeclared-property": {
      const parent = schemaAt(load, body, parentPointer, sample);
      if (!parent) return { note: `no schema at ${shownPointer(parentPointer)}` };
      const home = objectHome(load, parent, parentValue);
      if (home.note) return { note: `${name} cannot be placed: ${home.note}` };
      if (name === UNSUPPORTED_NAME)
        return {
          note: `${name} cannot be declared: the generated validators are JavaScript, where an object literal's ${name} sets a prototype rather than a property, so the finding would stay; ask the vendor why the service sends it`,
        };
      if (home.node?.properties && Object.hasOwn(home.node.properties, name))
        return { note: `${name} is declared at ${home.keys.join(".")}: nothing to add there` };
      const tooLarge = nonFiniteNote(values) ?? beyondInt64Note(values.filter(isWhole));
      if (tooLarge) return { note: `${name} cannot be declared from its values: ${tooLarge.note}` };
      const inferred = inferSchema(values, types);
      if (!inferred.schema)
        return {
          note: `${name} was only seen null, which tells no type: declare it (nullable) as the vendor's page describes it, at ${home.keys.join(".")}.properties`,
        };
      const schema = { ...inferred.schema, description: DESCRIBE };
      const lines = caveats(inferred);
      return {
        ...where(home),
        action: "add-property",
        name,
        value: schema,
        snippet: commented(lines, stringify({ properties: { [name]: schema } })),
        ...(lines.length ? { caveat: lines.join(" ") } : {}),
      };
    }
    case "required": {
      const parent = schemaAt(load, body, parentPointer, sample);
      if (parent && discriminatorValues(load, follow(load, parent), name))
        return {
          note: `${name} tells the members of the oneOf at ${follow(load, parent).keys.join(".")} apart: an object without it is none of them, so it stays required; check the vendor's page`,
        };
      const missing = parent && memberMissing(load, follow(load, parent), parentValue);
      if (missing) return { note: `${name} cannot be placed: ${missing}` };
      const owner = parent && findRequiring(load, parent, name, parentValue);
      if (!owner) return { note: `no required list names ${name} at ${shownPointer(parentPointer)}` };
      return {
        ...where(owner),
        action: "drop-required",
        name,
        snippet: `# in required:, remove the line\n- ${name}\n`,
      };
    }
    case "enum": {
      const parent = schemaAt(load, body, parentPointer, sample);
      const kinds = parent && discriminatorValues(load, follow(load, parent), name);
      if (kinds && values.length === 0)
        return {
          note: `the object has no ${name}, which tells the members of its oneOf apart: check the vendor's page`,
        };
      if (kinds) {
        const unknown = values.filter((value) => !kinds.includes(value));
        return {
          note: unknown.length
            ? `${unknown.map((v) => JSON.stringify(v)).join(", ")} is a ${name} that no member of the oneOf at ${follow(load, parent).keys.join(".")} is: a new member is needed (a new kind, with its own properties), from the vendor's page, rather than a value added to an existing member's enum`
            : `the value is one member's ${name}: see the object's other findings`,
        };
      }
      const at = schemaAt(load, body, finding.pointer, sample);
      const holder = at && follow(load, at);
      if (!holder?.node?.enum) return { note: `no enum at ${shownPointer(finding.pointer)}` };
      if (values.length === 0) return { note: `no value was seen at ${shownPointer(finding.pointer)}` };
      // Values of the enum's own type only: one of another type is the type finding's to fix.
      const typeOfEnum = jsonType(holder.node.enum.find((v) => v !== null));
      // The types before redaction, when known: a number redacted whole is shown as a string.
      const ofEnumType = (type) => type === typeOfEnum || (typeOfEnum === "number" && type === "integer");
      const added =
        types && !types.some(ofEnumType)
          ? []
          : values.filter((value) => jsonType(value) === typeOfEnum && !holder.node.enum.includes(value));
      if (added.length === 0)
        return {
          note: `the value seen is not a ${typeOfEnum}: see the type finding at ${shownPointer(finding.pointer)}`,
        };
      const cut = added.filter(isCutString);
      if (cut.length > 0)
        return {
          note: `${cut.map((v) => JSON.stringify(v)).join(", ")} is the start of a value longer than a finding shows (${cut[0].length - 1} characters): add the whole value to the enum at ${where(holder).keys.join(".")} from the service's answer, or from the vendor's page`,
        };
      const shared = sharedComponent(load, root, holder);
      const unioned = shared && unionEdit({ load, root, body, finding, sample, shared, added });
      if (unioned) return unioned;
      const lines = shared?.inRequest
        ? [
            `${shared.name} is used by a request body too: this also lets requests send the value. If only`,
            `responses hold it, give the response a schema of its own (check the vendor's page).`,
          ]
        : [];
      return {
        ...where(holder),
        action: "add-enum",
        value: added,
        snippet: commented(lines, stringify({ enum: [...holder.node.enum, ...added] })),
        ...(lines.length ? { caveat: lines.join(" ") } : {}),
      };
    }
    case "format": {
      const tooLarge = nonFiniteNote(values);
      if (tooLarge) return tooLarge;
      const at = schemaAt(load, body, finding.pointer, sample);
      const holder = at && follow(load, at);
      // Whole numbers (a bigint, or a number such as 1e300) where the spec declares an integer of no
      // format or int32: int64 takes them when they are within its range; beyond it no format does.
      if (values.length === 0 || !values.every(isWhole) || holder?.node?.type !== "integer")
        return { note: `a format finding needs a look at the vendor's page: expected ${finding.expected}` };
      const beyond = beyondInt64Note(values);
      if (beyond) return beyond;
      if (holder.node.format === "int64")
        return { note: `a format finding needs a look at the vendor's page: expected ${finding.expected}` };
      if (paginates(load, root, operation, finding.pointer)) return { note: PAGINATION_NOTE("change its format") };
      return { ...where(holder), action: "set-format", value: "int64", snippet: stringify({ format: "int64" }) };
    }
    case "type": {
      // A whole number beyond int64's range would only move to a format finding under an integer type.
      const tooLarge = nonFiniteNote(values) ?? beyondInt64Note(values.filter(isWhole));
      if (tooLarge) return tooLarge;
      if (paginates(load, root, operation, finding.pointer)) return { note: PAGINATION_NOTE("widen its type") };
      const at = schemaAt(load, body, finding.pointer, sample);
      const holder = at && follow(load, at);
      if (!holder?.node) return { note: `no schema at ${shownPointer(finding.pointer)}` };
      const nullable = values.includes(null) || (types?.includes("null") ?? false);
      const others = inferSchema(
        values.filter((value) => value !== null),
        types?.filter((type) => type !== "null"),
      );
      if (!others.schema) {
        const edit = nullableEdit(holder, where);
        return edit.action === "widen-type"
          ? rebuildable(edit, (node) => nullableEdit({ ...holder, node }, where).value)
          : edit;
      }
      const seen = others.schema.anyOf ?? [others.schema];
      const declaredType = holder.node.type;
      if (
        seen.every((member) => member.type === declaredType || (declaredType === "number" && member.type === "integer"))
      )
        return {
          note: `the values seen are of the declared type (${declaredType}), so there is no type to widen: see the finding's expected (${finding.expected}) and the vendor's page`,
        };
      // Widened, not replaced: the values of the declared type (and the spec's examples) stay valid.
      const widened = widenedSchema(holder.node, others.schema, nullable);
      const lines = caveats(others);
      return rebuildable(
        {
          ...where(holder),
          action: "widen-type",
          value: widened,
          snippet: commented(lines, stringify(widened)),
          ...(lines.length ? { caveat: lines.join(" ") } : {}),
        },
        (node) => widenedSchema(node, others.schema, nullable),
      );
    }
    default:
      return { note: `a ${finding.kind} finding needs a look at the vendor's page: expected ${finding.expected}` };
  }
}

const sameKeys = (a, b) => a.length === b.length && a.every((key, i) => key === b[i]);
const samePlace = (a, b) => path.resolve(a.file) === path.resolve(b.file) && sameKeys(a.keys, b.keys);

/** Every `{ file, keys, node }` below `at` (itself included), not following $refs. */
function* places(at) {
  yield at;
  if (at.node === null || typeof at.node !== "object") return;
  for (const key of Object.keys(at.node)) yield* places(child(at, Array.isArray(at.node) ? Number(key) : key));
}

/** Whether the schema at `target` is reached from `at`, following $refs (into other files too). */
function reaches(load, at, target, seen = new Set()) {
  for (const place of places(at)) {
    if (typeof place.node?.$ref !== "string") continue;
    const to = follow(load, place);
    const id = `${path.resolve(to.file)}#${to.keys.join("/")}`;
    // The target itself, or a schema holding it (a $ref to a property of the component's, say).
    if (path.resolve(to.file) === path.resolve(target.file) && startsWith(target.keys, to.keys)) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    if (reaches(load, to, target, seen)) return true;
  }
  return false;
}

/** Whether any operation's request body of the API at `root` holds the schema at `target`. */
function inRequestBody(load, root, target) {
  const doc = load(root);
  for (const [route, item] of Object.entries(doc.paths ?? {})) {
    const pathItem = follow(load, { file: root, keys: ["paths", route], node: item });
    for (const method of ["get", "put", "post", "delete", "patch", "head", "options"]) {
      if (!pathItem.node?.[method]) continue;
      const operation = follow(load, child(pathItem, method));
      const requestBody = child(operation, "requestBody");
      if (requestBody.node && reaches(load, requestBody, target)) return true;
    }
  }
  return false;
}

/**
 * What else uses the named component (`components.schemas.<name>`) that `holder` (the schema an edit
 * would change) is in: whether a request body holds it (`inRequest`), and the oneOf/anyOf lists, in
 * the files of `root` and `holder`, that have it as a member ({ union, member, members }: the list's
 * place, the index of the component in it, every member followed). Undefined when holder is in no
 * named component.
 */
function sharedComponent(load, root, holder) {
  if (holder.keys[0] !== "components" || holder.keys[1] !== "schemas" || holder.keys.length < 3) return undefined;
  const component = { file: holder.file, keys: holder.keys.slice(0, 3) };
  const inside = holder.keys.slice(3);
  const unions = [];
  for (const file of new Set([path.resolve(root), path.resolve(holder.file)]))
    for (const place of places({ file, keys: [], node: load(file) })) {
      const keyword = place.keys.at(-1);
      if ((keyword !== "oneOf" && keyword !== "anyOf") || !Array.isArray(place.node)) continue;
      const members = place.node.map((_member, i) => follow(load, child(place, i)));
      const member = members.findIndex((m) => samePlace(m, component));
      if (member >= 0) unions.push({ union: place, member, members });
    }
  return {
    component,
    name: component.keys[2],
    inside,
    inRequest: inRequestBody(load, root, component),
    // The other members of each union, with the enum each has at the same place: { union, other, values }.
    siblings: unions.flatMap(({ union, member, members }) =>
      members.filter((_m, i) => i !== member).map((other) => ({ union, other, values: enumAt(load, other, inside) })),
    ),
  };
}

/** The enum of the schema at `keys` below the schema `at` (following $refs at each step), or []. */
function enumAt(load, at, keys) {
  let place = follow(load, at);
  for (const key of keys) place = follow(load, child(place, key));
  return Array.isArray(place.node?.enum) ? place.node.enum : [];
}

/**
 * The edit for enum values that another member of a oneOf the component is in already takes
 * (`addresstime` seen in an OTC subnet's `extra_dhcp_opts`, where ExtraDhcpOpt has `ntp` and its
 * sibling DhcpLeaseTimeOpt `addresstime`): adding them to this member would make the members overlap
 * (a oneOf whose members are not mutually exclusive fails the lint). Where the response refers to the
 * component by a $ref, outside any schema a request uses, and the union is a named component: that
 * reference is to refer to the union instead. Otherwise a note saying what to look at.
 */
function unionEdit({ load, root, body, finding, sample, shared, added }) {
  const taking = shared.siblings.filter(({ values }) => added.some((value) => values.includes(value)));
  // No other member takes the value: adding it to this one keeps the members apart.
  if (taking.length === 0) return undefined;
  const named = (keys) =>
    keys[0] === "components" && keys[1] === "schemas" && keys.length >= 3 ? keys[2] : keys.join(".");
  const { union, other, values } = taking[0];
  const quote = (list) => list.map((value) => JSON.stringify(value)).join(", ");
  const untaken = added.filter((value) => !taking.some((sibling) => sibling.values.includes(value)));
  const keyword = union.keys.at(-1);
  const unionName = named(union.keys.slice(0, -1));
  const why = `${quote(added.filter((value) => values.includes(value)))} is the ${shared.inside.at(-1) ?? "value"} of ${named(other.keys)}, another member of the ${keyword} ${unionName} (beside ${shared.name})`;
  // The $ref along the response's path that reaches the component, nearest the value.
  const keys = pointerKeys(finding.pointer);
  let reference;
  for (let n = keys.length; n >= 0 && !reference; n--) {
    const at = schemaAt(load, body, pointerOf(keys.slice(0, n)), sample);
    if (typeof at?.node?.$ref === "string" && samePlace(follow(load, at), shared.component)) reference = at;
  }
  const unionIsComponent = union.keys.length === 4 && union.keys[0] === "components" && union.keys[1] === "schemas";
  const referenceInRequest =
    reference &&
    reference.keys[0] === "components" &&
    inRequestBody(load, root, { file: reference.file, keys: reference.keys.slice(0, 3) });
  // Every object seen holding the value, as it is, must be one the other member takes: else the response
  // would drift anew there (a null it refuses), or the report's other edits of such an object would go
  // to the member it no longer is (a property declared in this one).
  const name = keys.at(-1);
  const holding = placesInBody(sample, pointerOf(keys.slice(0, -1)), () => true, Infinity)
    .map((at) => valueAt(sample, at))
    .filter((item) => added.includes(item?.[name]));
  // More objects of a response held the value than were looked at (drift-bodies.mjs): not all are known to fit.
  const fits = !finding.unchecked && holding.length > 0 && holding.every((item) => surelyFits(load, other, item));
  if (untaken.length > 0 || !reference || !unionIsComponent || referenceInRequest || !fits)
    return unionNote({
      note: `${why}${untaken.length ? `, and ${quote(untaken)} of no member` : ""}: adding it to ${shared.name}'s enum would make the ${keyword}'s members overlap (the lint refuses it). The response probably holds either, as ${unionName} does: make the response's schema refer to it (or to a ${keyword} of both)${untaken.length ? `, and add ${quote(untaken)} to the member the vendor's page puts ${untaken.length === 1 ? "it" : "them"} in` : ""}${!fits && reference && unionIsComponent && !referenceInRequest && untaken.length === 0 ? (finding.unchecked ? `; more objects of a response hold the value than the report looks at (${MAX_PLACES}): check that each is one ${named(other.keys)} takes as it is` : `; the object seen is not one ${named(other.keys)} takes as it is (another of its fields differs: see the object's other findings, whose edits change ${shared.name})`) : ""}, after checking the vendor's page`,
    });
  const target =
    path.resolve(reference.file) === path.resolve(union.file)
      ? `#/${union.keys.slice(0, 3).join("/")}`
      : `${path.relative(path.dirname(reference.file), union.file)}#/${union.keys.slice(0, 3).join("/")}`;
  const value = { $ref: target };
  const lines = [
    `${why}:`,
    `adding it to ${shared.name}'s enum would make the ${keyword}'s members overlap. The response probably`,
    `holds either, as ${unionName} does: this refers to ${unionName} instead of ${shared.name} (check the vendor's page).`,
  ];
  return {
    file: reference.file,
    keys: reference.keys,
    action: "use-union",
    value,
    snippet: commented(lines, stringify(value)),
    caveat: lines.join(" "),
  };
}

/** The notes unionEdit gives instead of its edit: a verdict on the objects seen, which another place of a group cannot undo. */
const unionNotes = new WeakSet();
const unionNote = (note) => (unionNotes.add(note), note);
/** Whether `edit` is such a note (the report then gives no use-union edit for the group). */
export const isUnionNote = (edit) => unionNotes.has(edit);

/**
 * Whether `item` (an object of the response) surely validates against the member at `other`: each of
 * its properties declared there with a value the property's plain schema accepts, each required one
 * present. A schema this does not read whole (a $ref, a combinator, a format, items...) is not sure.
 */
function surelyFits(load, other, item) {
  const member = follow(load, other).node;
  if (item === null || typeof item !== "object" || Array.isArray(item) || member?.type !== "object") return false;
  const properties = member.properties ?? {};
  if ((member.required ?? []).some((name) => !Object.hasOwn(item, name))) return false;
  return Object.entries(item).every(
    ([name, value]) => Object.hasOwn(properties, name) && plainlyAccepts(properties[name], value),
  );
}

/** What plainlyAccepts reads of a schema (annotations and `x-` keys aside). */
const PLAIN_KEYWORDS = new Set(["type", "nullable", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"]);

function plainlyAccepts(schema, value) {
  if (!schema || typeof schema !== "object") return false;
  for (const key of Object.keys(schema))
    if (!PLAIN_KEYWORDS.has(key) && !ANNOTATION_KEYWORDS.has(key) && !key.startsWith("x-")) return false;
  if (value === null) return schema.nullable === true && (!schema.enum || schema.enum.includes(null));
  const type = jsonType(value);
  const integer = typeof value === "bigint" || Number.isInteger(value);
  if (schema.type !== undefined && schema.type !== type && !(schema.type === "integer" && type === "number" && integer))
    return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === "string") {
    const length = [...value].length;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) return false;
    if (length < (schema.minLength ?? 0) || length > (schema.maxLength ?? Infinity)) return false;
  }
  if (type === "number" && (value < (schema.minimum ?? -Infinity) || value > (schema.maximum ?? Infinity)))
    return false;
  return true;
}

/** Whether `value` is, or holds at any depth (as a key or a string), the mask of a redacted credential. */
function holdsRedacted(value) {
  if (typeof value === "string") return value.includes(REDACTED);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => key.includes(REDACTED) || holdsRedacted(item));
}

/** The server's text an edit would write: the property's name, the enum values, the names in a schema. */
function serverTexts(edit) {
  const texts = [];
  if (edit.action === "add-property") texts.push(edit.name);
  if (edit.action === "add-enum") texts.push(...edit.value.filter((value) => typeof value === "string"));
  const names = (node) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, item] of Object.entries(node)) {
      texts.push(key);
      names(item);
    }
  };
  names(edit.value);
  return texts;
}

/**
 * `edit`, or a note when what it would write holds a redacted value (a property named after a
 * credential the server echoed, an enum value or a nested key holding one): the mask is not the value,
 * so such an edit would declare "[REDACTED]" and leave the finding as it was. `redact` finds, in the
 * server's text, a credential the client did not know, which the report's printer masks the same way.
 */
function unlessRedacted(edit, redact) {
  const masked = (text) => typeof text === "string" && (text.includes(REDACTED) || redact(text) !== text);
  if (!holdsRedacted([edit.name ?? "", edit.value ?? null]) && !serverTexts(edit).some(masked)) return edit;
  const what =
    edit.action === "add-property" && masked(edit.name)
      ? "the property's name"
      : edit.action === "add-enum"
        ? "a value to add to the enum"
        : "a name or value the edit would write";
  return {
    note: `${what} was redacted (it holds a credential, or text that looks like one), so the report cannot write the edit: write it by hand from the response and the vendor's page (${edit.action} at ${edit.keys.join(".")})`,
  };
}

/**
 * The edit for a null seen where `holder`'s schema refuses it. OpenAPI 3.0's `nullable` needs a `type`
 * beside it: a schema with none (a oneOf or anyOf) takes it on its typed members instead (on the first
 * only in a oneOf, which a null matching two members would fail); with no typed member, a note.
 */
function nullableEdit(holder, where) {
  const schema = holder.node;
  if (schema.type) {
    if (!Array.isArray(schema.enum) || schema.enum.includes(null))
      return { ...where(holder), action: "set-nullable", snippet: stringify({ nullable: true }) };
    const value = withNull(schema);
    return { ...where(holder), action: "widen-type", value, snippet: stringify(value) };
  }
  const keyword = Array.isArray(schema.oneOf) ? "oneOf" : Array.isArray(schema.anyOf) ? "anyOf" : null;
  const members = keyword ? schema[keyword] : [];
  const typed = members.map((member, index) => (member?.type ? index : -1)).filter((index) => index >= 0);
  if (typed.length === 0)
    return {
      note: `null was seen where the schema has no type of its own (nor a typed ${keyword ?? "oneOf/anyOf"} member): OpenAPI 3.0's nullable needs a type beside it; say from the vendor's page which of its types may be null`,
    };
  // In a oneOf, one member: preferably one whose enum does not have to change.
  const open = typed.filter((index) => !Array.isArray(members[index].enum));
  const nullableAt = new Set(keyword === "oneOf" ? [(open.length ? open : typed)[0]] : typed);
  const value = {
    ...schema,
    [keyword]: members.map((member, index) => (nullableAt.has(index) ? withNull(member) : member)),
  };
  return { ...where(holder), action: "widen-type", value, snippet: stringify(value) };
}

/** `schema` made nullable; an `enum` takes null too (OpenAPI 3.0: nullable does not add it to an enum). */
const withNull = (schema) => ({
  ...schema,
  nullable: true,
  ...(Array.isArray(schema.enum) && !schema.enum.includes(null) ? { enum: [...schema.enum, null] } : {}),
});

/**
 * `schema` accepting values of `other` too: `anyOf` of what it constrained and `other`'s members, its
 * description kept; with `nullable`, null as well (withNull on each member that has a type: OpenAPI 3.0's
 * `nullable` needs one beside it).
 */
function widenedSchema(schema, other, nullable) {
  const outer = {};
  const declared = {};
  for (const [key, value] of Object.entries(schema))
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-")) outer[key] = value;
    else declared[key] = value;
  // A type the schema declares already is not listed again (a number takes an integer too).
  const covers = (type) => declared.type === type || (declared.type === "number" && type === "integer");
  const members = [declared, ...(other.anyOf ?? [other]).filter((member) => !covers(member.type))];
  return { ...outer, anyOf: nullable ? members.map((member) => (member.type ? withNull(member) : member)) : members };
}

/** Files whose text is a vendor's own definition, kept verbatim (specs/CONVENTIONS.md): a drift there is the vendor's to fix. */
export const isVerbatim = (file) => /specs[\\/]confluent[\\/](?!openapi\.yaml$)/.test(file);

/**
 * Makes `edit` at `keys` through `doc`'s getIn/setIn/addIn: a YAML document (applyEdit) or a plain
 * schema (combineEdits, through plainDoc).
 */
function makeEdit(doc, edit, keys, node = (value) => value) {
  switch (edit.action) {
    case "add-property":
      doc.setIn([...keys, "properties", edit.name], node(edit.value));
      break;
    case "add-response":
      doc.setIn([...keys, edit.name], node({ description: DESCRIBE }));
      break;
    case "drop-required": {
      const list = doc.getIn([...keys, "required"]);
      const names = typeof list?.toJSON === "function" ? list.toJSON() : list;
      doc.setIn([...keys, "required"], node(names.filter((entry) => entry !== edit.name)));
      break;
    }
    case "add-enum":
      for (const value of [edit.value].flat()) doc.addIn([...keys, "enum"], value);
      break;
    case "widen-type":
    case "use-union":
      doc.setIn(keys, node(edit.value));
      break;
    case "set-nullable":
      doc.setIn([...keys, "nullable"], true);
      break;
    case "name-schema":
      doc.setIn([...keys, edit.name], edit.value);
      break;
    case "set-format":
      doc.setIn([...keys, "format"], edit.value);
      break;
    default:
      throw new Error(`no edit to make for ${edit.action}`);
  }
}

/**
 * Makes `edit` (from suggestEdit) in its file, keeping its comments; the YAML library writes the file
 * again, so folded text and flow lists elsewhere may change their layout (not their content).
 */
export function applyEdit(edit, { readFile, writeFile }) {
  const doc = parseDocument(readFile(edit.file));
  makeEdit(doc, edit, edit.keys, (value) => doc.createNode(value));
  writeFile(edit.file, doc.toString({ lineWidth: 0 }));
}

/** getIn/setIn/addIn over a plain value held in `box.root` (keys [] being the value itself). */
function plainDoc(box) {
  const parentOf = (keys) => {
    let node = box;
    for (const key of ["root", ...keys.slice(0, -1)]) {
      node[key] ??= {};
      node = node[key];
    }
    return node;
  };
  const last = (keys) => (keys.length ? keys.at(-1) : "root");
  const at = (keys) => (keys.length ? parentOf(keys) : box);
  return {
    getIn: (keys) => keys.reduce((node, key) => node?.[key], box.root),
    setIn: (keys, value) => {
      at(keys)[last(keys)] = value;
    },
    addIn: (keys, value) => {
      const parent = at(keys);
      parent[last(keys)] = [...(parent[last(keys)] ?? []), value];
    },
  };
}

const startsWith = (keys, prefix) => prefix.length <= keys.length && prefix.every((key, i) => keys[i] === key);

/**
 * The edits of one report, combined so that making them all, in their order, makes every finding they
 * were suggested for go away. An edit that replaces a schema (a widened type, `paste: "replace"`) would
 * undo the edits of that schema (or of a schema inside it) made before it, and be undone in part by
 * those made after: it is made again from the schema with those edits made first, and they become
 * notes pointing to it. Two enum edits of one schema become one, with the values of both.
 * `entries`: [{ edit, finding }] in the report's order (finding: words naming the finding, such as
 * "the type finding at /x"). Returns a Map from each edit changed to what replaces it: an edit, or
 * `{ note, combinedWith }` (combinedWith: the finding whose edit it is part of).
 */
export function combineEdits(entries, load) {
  const changed = new Map();
  const live = entries.filter(({ edit }) => !edit.note);
  const same = (a, b) => a.file === b.file && JSON.stringify(a.keys) === JSON.stringify(b.keys);
  const order = new Map(entries.map(({ edit }, i) => [edit, i]));
  const absorbed = (entry, into, how) =>
    changed.set(entry.edit, {
      note: `part of the edit of ${into.finding} (${order.get(into.edit) < order.get(entry.edit) ? "above" : "below"}), which ${how} at ${into.edit.keys.join(".")}: it makes this finding go away too`,
      combinedWith: into.finding,
    });
  // The outermost replacing edits first: one inside another is made before the outer one is rebuilt.
  const replacing = live
    .filter(({ edit }) => REPLACING.has(edit.action) && rebuilders.has(edit))
    .sort((a, b) => a.edit.keys.length - b.edit.keys.length);
  for (const outer of replacing) {
    if (changed.has(outer.edit)) continue;
    const inside = live.filter(
      ({ edit }) =>
        edit !== outer.edit &&
        !changed.has(edit) &&
        edit.file === outer.edit.file &&
        startsWith(edit.keys, outer.edit.keys),
    );
    if (inside.length === 0) continue;
    const box = {
      root: structuredClone(outer.edit.keys.reduce((node, key) => node?.[key], load(outer.edit.file))),
    };
    const doc = plainDoc(box);
    for (const entry of inside) {
      const edit = changed.get(entry.edit) ?? entry.edit;
      // Another replacement of this very schema: its value is rebuilt from what is there so far.
      const made =
        REPLACING.has(edit.action) && edit.keys.length === outer.edit.keys.length && rebuilders.has(entry.edit)
          ? { ...edit, value: rebuilders.get(entry.edit)(box.root) }
          : edit;
      makeEdit(doc, made, made.keys.slice(outer.edit.keys.length));
      absorbed(entry, outer, "replaces the schema");
    }
    const value = rebuilders.get(outer.edit)(box.root);
    const comments = outer.edit.snippet.match(/^(# .*\n)*/)[0];
    changed.set(outer.edit, { ...outer.edit, value, snippet: `${comments}${stringify(value)}` });
  }
  // Enum values for one schema, from several findings (the same schema reached by several pointers).
  const enums = live.filter(({ edit }) => edit.action === "add-enum" && !changed.has(edit));
  for (const [i, first] of enums.entries()) {
    if (changed.has(first.edit)) continue;
    const more = enums.slice(i + 1).filter(({ edit }) => !changed.has(edit) && same(edit, first.edit));
    if (more.length === 0) continue;
    const values = [...new Set([first.edit.value, ...more.map(({ edit }) => edit.value)].flat())];
    const declared = first.edit.keys.reduce((node, key) => node?.[key], load(first.edit.file))?.enum ?? [];
    const comments = first.edit.snippet.match(/^(# .*\n)*/)[0];
    changed.set(first.edit, {
      ...first.edit,
      value: values,
      snippet: `${comments}${stringify({ enum: [...declared, ...values] })}`,
    });
    for (const entry of more) absorbed(entry, first, "adds these values too to the enum");
  }
  return changed;
}
