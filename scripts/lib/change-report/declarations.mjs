// The safety net: compares the generated declarations (generated/<api>.ts, <api>.meta.ts, ...) before
// and after, one declaration at a time (a path, an operation, a component, a meta table entry), with
// comments and layout ignored, and lists the ones that changed.

/** The declarations of a generated TypeScript module: key (e.g. components["schemas"]["Subnet"]) → normalised text. */
export function declarationsOf(text) {
  const lines = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .filter((line) => line.trim() && !/^\s*\/\//.test(line));
  const units = new Map();
  const indentOf = (line) => line.length - line.trimStart().length;
  const keyOf = (line) => /^\s*(?:"((?:[^"\\]|\\.)*)"|([\w$]+))\??:/.exec(line);
  let i = 0;
  while (i < lines.length) {
    const start = i++;
    while (i < lines.length && (indentOf(lines[i]) > 0 || /^[}\]]/.test(lines[i]))) i++;
    const statement = lines.slice(start, i);
    const name = /^export\s+(?:declare\s+)?(?:interface|type|const|let|enum)\s+([\w$]+)/.exec(statement[0])?.[1];
    const depth = name === "components" ? 4 : 2;
    if (!name || !/[{]\s*$/.test(statement[0])) {
      units.set(name ?? statement[0].trim(), statement.map((l) => l.trim()).join("\n"));
      continue;
    }
    let group = "";
    let current;
    for (const line of statement.slice(1)) {
      const indent = indentOf(line);
      const key = keyOf(line);
      if (depth === 4 && indent === 2 && key) group = key[1] ?? key[2];
      if (indent === depth && key) {
        const member = key[1] ?? key[2];
        current = depth === 4 ? `${name}["${group}"]["${member}"]` : `${name}["${member}"]`;
        units.set(current, "");
      }
      if (current && indent >= depth) units.set(current, `${units.get(current)}${line.trim()}\n`);
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

/** Every declaration that differs: { file, api, key, diff } */
export function changedDeclarations({ before = new Map(), after = new Map() }) {
  const changed = [];
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    const old = before.has(file) ? declarationsOf(before.get(file)) : new Map();
    const now = after.has(file) ? declarationsOf(after.get(file)) : new Map();
    for (const key of new Set([...old.keys(), ...now.keys()])) {
      if (old.get(key) === now.get(key)) continue;
      changed.push({ file, api: apiOfFile(file), key, diff: lineDiff(old.get(key), now.get(key)) });
    }
  }
  return changed;
}
