// YAML text of a generated document, written by the `yaml` library in the style Prettier gives YAML
// (printWidth 120, proseWrap preserve): formatting the merged document with Prettier took longer
// than the rest of writing it.
import { Document, Scalar, stringify, visit } from "yaml";

/**
 * Where `yaml` double-quotes a string, Prettier single-quotes it instead when that saves escaping a
 * `"` and needs no other escape. `yaml` already single-quotes a string with `"` and no `'`; this
 * settles the strings with both.
 */
function preferFewerEscapes(node) {
  const text = node.value;
  if (typeof text !== "string" || !text.includes('"') || !text.includes("'") || text.includes("\n")) return;
  const alone = stringify(text, { lineWidth: 0, compat: "yaml-1.1" }).trimEnd();
  if (!alone.startsWith('"')) return;
  if (/\\[^"]/.test(alone.slice(1, -1))) return;
  node.type = Scalar.QUOTE_SINGLE;
}

/** YAML 1.1's `=` is a value of a type of its own, which PyYAML refuses to load; `yaml`'s 1.1 schema does not know it. */
function quoteValueKey(node) {
  if (node.value === "=") node.type = Scalar.QUOTE_DOUBLE;
}

/**
 * `value` as YAML 1.2: block style, no line folding, no anchors for repeated objects, and quotes on
 * every string a YAML 1.1 reader (js-yaml, PyYAML) would take for something else (`2006-01-02T15:04:05-07:00`
 * as a date, `yes`/`on` as booleans, `0777` as octal, `=`), so both read the same values.
 */
export function yamlText(value) {
  const doc = new Document(value, { aliasDuplicateObjects: false, compat: "yaml-1.1" });
  visit(doc, {
    Scalar: (_key, node) => {
      preferFewerEscapes(node);
      quoteValueKey(node);
    },
  });
  return doc.toString({ lineWidth: 0 });
}
