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

const PROBE = "p";
const NEST = "nest";

class NotNested extends Error {}

/** `text` with each line (split at line feeds only) that is not empty indented by two spaces (empty lines of block scalars stay empty). */
const indented = (text) =>
  text
    .split("\n")
    .map((line) => (line ? `  ${line}` : line))
    .join("\n");

/**
 * yamlText of the entry `key: value` as it is written inside a block map, two spaces less: at the start
 * of a line, a key is written as a document's first key (one that begins `---` or `...` is quoted there
 * only), so entries below the first level are written one level down, then moved back.
 */
function entryText(key, value, level) {
  if (level === 1) return yamlText({ [key]: value });
  const text = yamlText({ [NEST]: { [key]: value } });
  const lines = text.slice(`${NEST}:\n`.length).split("\n");
  if (!text.startsWith(`${NEST}:\n`) || lines.some((line) => line && !line.startsWith("  "))) throw new NotNested();
  return lines.map((line) => line.slice(2)).join("\n");
}

/** The line that opens `key`'s block map (`key:`) at `level`, as yamlText writes it, or null when it is not one line. */
function keyLine(key, level) {
  const text = entryText(key, { [PROBE]: 0 }, level);
  const child = `\n  ${PROBE}: 0\n`;
  return text.endsWith(child) && !text.slice(0, -child.length).includes("\n")
    ? `${text.slice(0, -child.length)}\n`
    : null;
}

/**
 * A JSON.stringify replacer that keeps apart what JSON writes alike (-0 and 0; Infinity, NaN and null) and
 * what it cannot write (a bigint): every string gets a mark, so that no other value's mark is a string's.
 */
const exactly = (_key, value) =>
  typeof value === "string"
    ? `s${value}`
    : typeof value === "bigint"
      ? `${value}n`
      : typeof value === "number" && (Object.is(value, -0) || !Number.isFinite(value))
        ? Object.is(value, -0)
          ? "-0"
          : String(value)
        : value;

const isBlockMap = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;

/**
 * yamlText of a document whose entries `depth` levels down (each operation of a path, each schema) are
 * written one at a time, each reused from `kept` (its text by the hash of its JSON and level) when it is
 * there: a change to one API writes its own entries only. The text is yamlText's (block maps nest by two
 * spaces, and no line is folded); `--check --full` writes the document whole and compares. `used` gets
 * every entry's hash and text, for the next run.
 */
export function yamlTextReusing(value, { kept, used, hash, depth = 3 }) {
  const entry = (key, child, level) => {
    const line = level < depth && isBlockMap(child) ? keyLine(key, level) : null;
    if (line !== null)
      return (
        line +
        Object.entries(child)
          .map(([k, v]) => indented(entry(k, v, level + 1)))
          .join("")
      );
    const id = hash(JSON.stringify([level === 1, key, child], exactly));
    const text = kept.get(id) ?? entryText(key, child, level);
    used.set(id, text);
    return text;
  };
  if (!isBlockMap(value)) return yamlText(value);
  try {
    return Object.entries(value)
      .map(([key, child]) => entry(key, child, 1))
      .join("");
  } catch (error) {
    if (!(error instanceof NotNested)) throw error;
    used.clear();
    return yamlText(value);
  }
}
