// Redocly decorators applied when a spec is bundled (see redocly.yaml). They let a vendor's
// verbatim definition stay exactly as published while the bundle gets what the generator needs.

const ANNOTATIONS = new Set(["example", "examples", "description", "title"]);

/**
 * An `allOf` member that only repeats properties with examples and `required` lists (Confluent's
 * style) adds no type. openapi-typescript turns such members into `Record<string, never>` and
 * drops their `required` (openapi-typescript #657), so the bundle folds each `required` list into
 * the member that defines the property, and drops the member.
 */
function isShadow(schema) {
  if (!schema || typeof schema !== "object" || schema.$ref) return false;
  return Object.entries(schema).every(([key, value]) => {
    if (ANNOTATIONS.has(key) || key === "required") return true;
    if (key === "type") return value === "object" || value === "array";
    if (key === "properties") return Object.values(value).every(isShadow);
    if (key === "items") return isShadow(value);
    return false;
  });
}

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

function foldRequired(targets, shadow, fallback) {
  for (const name of shadow.required ?? []) {
    const owner = targets.map((t) => definingSchema(t, name)).find(Boolean) ?? fallback;
    owner.required = [...new Set([...(owner.required ?? []), name])];
  }
  for (const [name, sub] of Object.entries(shadow.properties ?? {})) {
    const owner = targets.map((t) => definingSchema(t, name)).find(Boolean);
    const property = owner?.properties[name];
    if (property && !property.$ref) foldRequired([property], sub, property);
  }
  if (shadow.items) {
    const owner = targets.find((t) => t.items && !t.items.$ref);
    if (owner) foldRequired([owner.items], shadow.items, owner.items);
  }
}

function foldShadowAllOfMembers() {
  return {
    Schema: {
      leave(schema) {
        if (!Array.isArray(schema.allOf)) return;
        const kept = schema.allOf.filter((member) => !isShadow(member));
        if (kept.length === schema.allOf.length || kept.length === 0) return;
        for (const shadow of schema.allOf.filter(isShadow)) foldRequired(kept, shadow, schema);
        const [only] = kept;
        if (kept.length > 1 || only.$ref) {
          schema.allOf = kept;
          return;
        }
        // One member left: it becomes the schema itself (an allOf of one is no composition).
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
 * A discriminator mapping must map to $refs; Confluent's page printed the schema behind each $ref
 * in its place. The bundle restores the named schemas: each inline `oneOf` member of a
 * discriminated schema becomes `components.schemas[<its title>]`, and the mapping points to it.
 */
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
          const name = componentName(member.title);
          root.components ??= {};
          root.components.schemas ??= {};
          root.components.schemas[name] ??= member;
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
        additions = { ...root["x-operation-additions"] };
      },
      leave(root) {
        if (!root["x-operation-additions"]) return;
        if (Object.keys(additions).length === 0) delete root["x-operation-additions"];
        else root["x-operation-additions"] = additions;
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

export default function connectivityPlugin() {
  return {
    id: "connectivity",
    decorators: {
      oas3: {
        "fold-shadow-allof-members": foldShadowAllOfMembers,
        "restore-discriminator-refs": restoreDiscriminatorRefs,
        "attach-operation-additions": attachOperationAdditions,
      },
    },
  };
}
