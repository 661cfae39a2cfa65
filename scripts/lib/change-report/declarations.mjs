// The safety net: compares the generated declarations (generated/<api>.ts, <api>.meta.ts, ...) before
// and after, one declaration at a time (a path, an operation, a component, a meta table entry), with
// comments and layout ignored, and lists the ones that changed. A change that only touches the
// documentation strings of a table (the CLI table's summaries and descriptions) is told apart.

const STRING = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\`(?:[^\`\\]|\\.)*\`)`;
/** A property of a table (an `export const` value) that holds documentation text only, on its own line or inline. */
const DOC_PROPERTY = new RegExp(String.raw`(^\s*|[{,]\s*)"?(?:summary|description|title)"?: ${STRING}\s*,?\s*`, "g");
/** `key:` on one line and its string value on the next (the formatter's wrapping of a long string). */
const WRAPPED = new RegExp(String.raw`^(\s*(?:"(?:[^"\\]|\\.)*"|[\w$]+)\??:)\n\s*(${STRING},?)$`, "gm");

/**
 * The declarations of a generated TypeScript module: key (e.g. components["schemas"]["Subnet"]) →
 * normalised text. With `{ documentation: false }`, the documentation strings of tables are left out.
 */
export function declarationsOf(text, { documentation = true } = {}) {
  const lines = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(WRAPPED, "$1 $2")
    .split("\n")
    .filter((line) => line.trim() && !/^\s*\/\//.test(line));
  const units = new Map();
  // Layout is not meaning, nor is `& unknown` (an intersection with unknown is the type itself).
  const normal = (line) =>
    line
      .trim()
      .replace(/\s+/g, " ")
      .replace(/ & unknown(?![\w$[.])/g, "");
  const indentOf = (line) => line.length - line.trimStart().length;
  const keyOf = (line) => /^\s*(?:"((?:[^"\\]|\\.)*)"|([\w$]+))\??:/.exec(line);
  let i = 0;
  while (i < lines.length) {
    const start = i++;
    while (i < lines.length && (indentOf(lines[i]) > 0 || /^[}\]]/.test(lines[i]))) i++;
    const statement = lines.slice(start, i);
    // A re-export links the files of one API; the declaration it names is compared where it is declared.
    if (/^export\s+(type\s+)?(\{[^}]*\}|\*)\s+from\s/.test(statement[0])) continue;
    const name = /^export\s+(?:declare\s+)?(?:interface|type|const|let|enum)\s+([\w$]+)/.exec(statement[0])?.[1];
    // In a value (a table), documentation strings are data a consumer's code does not depend on.
    if (!documentation && /^export\s+const\s/.test(statement[0]))
      statement.splice(
        0,
        statement.length,
        ...statement.map((line) => line.replace(DOC_PROPERTY, "$1")).filter((line) => line.trim()),
      );
    const depth = name === "components" ? 4 : 2;
    if (!name || !/[{]\s*$/.test(statement[0])) {
      units.set(name ?? statement[0].trim(), statement.map(normal).join("\n"));
      continue;
    }
    let group = "";
    let current;
    // An array member whose elements name an operation (the CLI table's commands) is one unit per
    // element, keyed by its operationId, so that a change to one operation is that operation's.
    let element;
    for (const line of statement.slice(1)) {
      const indent = indentOf(line);
      const key = keyOf(line);
      if (depth === 4 && indent === 2 && key) group = key[1] ?? key[2];
      if (indent === depth && key) {
        const member = key[1] ?? key[2];
        current = depth === 4 ? `${name}["${group}"]["${member}"]` : `${name}["${member}"]`;
        units.set(current, "");
      }
      if (current && indent === depth + 2 && line.trim() === "{") element = [];
      if (element) {
        element.push(line);
        if (indent !== depth + 2 || !line.trim().startsWith("}")) continue;
        const operationId = element
          .map((l) => indentOf(l) === depth + 4 && /^\s*operationId: "((?:[^"\\]|\\.)*)",?$/.exec(l)?.[1])
          .find(Boolean);
        if (operationId) units.set(`${current}["${operationId}"]`, element.map((l) => `${normal(l)}\n`).join(""));
        else units.set(current, units.get(current) + element.map((l) => `${normal(l)}\n`).join(""));
        element = undefined;
        continue;
      }
      if (current && indent >= depth) units.set(current, `${units.get(current)}${normal(line)}\n`);
      if (indent < depth) current = undefined;
    }
  }
  return units;
}

/** A line diff of two short texts, as "- line" / "+ line" (longest common subsequence). */
export function lineDiff(before, after) {
  const a = before ? before.split("\n").filter(Boolean) : [];
  const b = after ? after.split("\n").filter(Boolean) : [];
  const lcs = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) (i++, j++);
    else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out;
}

/** The API a generated file belongs to: "otc-vpc.meta.ts" → "otc-vpc". */
export const apiOfFile = (file) => file.replace(/^.*\//, "").split(".")[0];

/**
 * The declarations of each API across its generated files (api → key → { files, text }): a declaration
 * that moves between the files of one API (the package entry re-exports them) is not a change.
 */
function declarationsByApi(files) {
  const byApi = new Map();
  for (const file of [...files.keys()].sort()) {
    const api = apiOfFile(file);
    if (!byApi.has(api)) byApi.set(api, new Map());
    const units = byApi.get(api);
    const code = declarationsOf(files.get(file), { documentation: false });
    for (const [key, text] of declarationsOf(files.get(file))) {
      const unit = units.get(key) ?? { files: [], text: "", code: "" };
      units.set(key, { files: [...unit.files, file], text: unit.text + text, code: unit.code + (code.get(key) ?? "") });
    }
  }
  return byApi;
}

/**
 * Every declaration that differs: { file, api, key, kind, diff }, kind "added", "removed", "changed" or
 * "documentation" (only documentation strings of a table changed).
 */
export function changedDeclarations({ before = new Map(), after = new Map() }) {
  const changed = [];
  const old = declarationsByApi(before);
  const now = declarationsByApi(after);
  for (const api of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(api) ?? new Map();
    const b = now.get(api) ?? new Map();
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key)?.text === b.get(key)?.text) continue;
      const files = (b.get(key) ?? a.get(key)).files;
      const kind = !a.has(key)
        ? "added"
        : !b.has(key)
          ? "removed"
          : a.get(key).code === b.get(key).code
            ? "documentation"
            : "changed";
      changed.push({ file: files.join(", "), api, key, kind, diff: lineDiff(a.get(key)?.text, b.get(key)?.text) });
    }
  }
  return changed;
}
