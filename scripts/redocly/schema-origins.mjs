// Where the two definitions behind a bundler duplicate (`X` and `X-2`) are written, and how they
// differ: what the readable-schema-names decorator says when a duplicate has no name in the wrapper's
// `x-schema-names`, so that the fix can be written without reading the bundle.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Loaded when a message needs it: every Redocly run loads this plugin, and only a failing one reads YAML here.
let yamlLibrary;
const yaml = () => (yamlLibrary ??= createRequire(import.meta.url)("yaml"));

/** The files `file` reaches through `$ref`s (itself first), as absolute paths. */
function reachedFiles(file, seen = new Map()) {
  if (seen.has(file)) return seen;
  const { isScalar, LineCounter, parseDocument, visit } = yaml();
  let doc;
  try {
    const lineCounter = new LineCounter();
    doc = parseDocument(readFileSync(file, "utf8"), { lineCounter });
    seen.set(file, { doc, lineCounter });
  } catch {
    return seen;
  }
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.value !== "$ref" || !isScalar(pair.value)) return;
      const target = String(pair.value.value).split("#")[0];
      if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target)) reachedFiles(path.resolve(path.dirname(file), target), seen);
    },
  });
  return seen;
}

/**
 * Each place a schema named `name` is written in the files `rootFile` reaches: a component of that name,
 * or an inline schema with that `title` (the page's discriminated members, which the bundle names after it).
 * @returns {{ file: string, line: number, component: boolean, schema: object }[]}
 */
export function definitionsOf(rootFile, name) {
  const { isMap, isScalar, visit } = yaml();
  const found = [];
  for (const [file, { doc, lineCounter }] of reachedFiles(rootFile)) {
    const at = (node, component, start = node.range[0]) =>
      found.push({ file, line: lineCounter.linePos(start).line, component, schema: node.toJSON() });
    const schemas = doc.getIn(["components", "schemas"], true);
    const pair = isMap(schemas)
      ? schemas.items.find((item) => isScalar(item.key) && item.key.value === name)
      : undefined;
    const component = pair?.value;
    if (isMap(component)) at(component, true, pair.key.range[0]);
    visit(doc, {
      Map(_key, node) {
        if (node !== component && isScalar(node.get("title", true)) && node.get("title") === name) at(node, false);
      },
    });
  }
  return found;
}

const list = (names) => names.map((n) => `"${n}"`).join(", ");

/** The differences of `schemaDifferences`, as lists of names. */
function differenceLists(a, b, same) {
  const keysOf = (schema) => Object.keys(schema?.properties ?? {});
  const required = (schema) => (Array.isArray(schema?.required) ? schema.required : []);
  return {
    "properties added": keysOf(b).filter((key) => !keysOf(a).includes(key)),
    "properties removed": keysOf(a).filter((key) => !keysOf(b).includes(key)),
    "properties changed": keysOf(a).filter(
      (key) => keysOf(b).includes(key) && !same(a.properties[key], b.properties[key]),
    ),
    "required added": required(b).filter((key) => !required(a).includes(key)),
    "required removed": required(a).filter((key) => !required(b).includes(key)),
    "keys that differ": [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter(
      (key) => key !== "properties" && key !== "required" && !same({ [key]: a?.[key] }, { [key]: b?.[key] }),
    ),
  };
}

/**
 * What `b` has that `a` does not, and the reverse, in a few words: properties added, removed or
 * changed, names added to or removed from `required`, other keys whose values differ.
 * `same(x, y)`: whether two sub-schemas say the same (annotations aside).
 */
export function schemaDifferences(a, b, same) {
  return Object.entries(differenceLists(a, b, same))
    .filter(([, names]) => names.length)
    .map(([what, names]) => `${what}: ${list(names)}`);
}

/** How many names differ between two schemas: which written definition a bundled schema comes from. */
export const distance = (a, b, same) =>
  Object.values(differenceLists(a, b, same)).reduce((sum, names) => sum + names.length, 0);

/** The line of `keys` in the YAML file `file` (undefined when it is not there or the file does not parse). */
export function lineOf(file, keys) {
  const { LineCounter, parseDocument } = yaml();
  try {
    const lineCounter = new LineCounter();
    const node = parseDocument(readFileSync(file, "utf8"), { lineCounter }).getIn(keys, true);
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  } catch {
    return undefined;
  }
}

/** Also exported for the message: a path relative to the working folder, as Redocly prints them. */
export const shown = (file) => path.relative(process.cwd(), file) || file;
