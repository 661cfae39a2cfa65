// The safety net: compares the generated declarations (generated/<api>.ts, <api>.meta.ts, ...) before
// and after, one declaration at a time (a path, an operation, a component, a meta table entry), with
// comments and layout ignored, and lists the ones that changed. A change that only touches the
// documentation strings of a table (the CLI table's summaries and descriptions, the error-code tables'
// vendor prose) is told apart; such a property that appears or disappears is not one: code reading it
// (`errorCodes["EndPoint.0003"].solution` of an `as const` table) depends on it being there.

const STRING = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\`(?:[^\`\\]|\\.)*\`)`;
/**
 * Properties of a table (an `export const` value) that hold documentation text only, on their own line or
 * inline: $1 what is before the property, $2 its key, $3 what follows its value.
 */
const docProperty = (names) => new RegExp(String.raw`(^\s*|[{,]\s*)("?(?:${names})"?): ${STRING}(\s*,?\s*)`, "g");
const DOC_PROPERTY = docProperty("summary|description|title");
/**
 * The documentation strings of a table of error codes (`errorCodes` of generated/<api>.error-codes.ts):
 * the vendor's prose of each code, its `message`, `description` and `solution` (its `status` is no prose).
 */
const DOC_PROPERTY_OF = { errorCodes: docProperty("message|description|solution") };
/** `key:` on one line and its string value on the next (the formatter's wrapping of a long string). */
const WRAPPED = new RegExp(String.raw`^(\s*(?:"(?:[^"\\]|\\.)*"|[\w$]+)\??:)\n\s*(${STRING},?)$`, "gm");

/**
 * The declarations of a generated TypeScript module: key (e.g. components["schemas"]["Subnet"]) →
 * normalised text. The documentation strings of tables are kept (`documentation: "text"`), blanked with
 * their keys kept (`"keys"`: `solution: ""`), or left out with their keys (`"none"`).
 */
export function declarationsOf(text, { documentation = "text" } = {}) {
  const lines = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(WRAPPED, "$1 $2")
    .split("\n")
    .filter((line) => line.trim() && !/^\s*\/\//.test(line));
  // Layout is not meaning, nor is `& unknown` (an intersection with unknown is the type itself).
  const normal = (line) =>
    line
      .trim()
      .replace(/\s+/g, " ")
      .replace(/ & unknown(?![\w$[.])/g, "");
  const indentOf = (line) => line.length - line.trimStart().length;
  const keyOf = (line) => /^\s*(?:"((?:[^"\\]|\\.)*)"|([\w$]+))\??:/.exec(line);
  const units = new Map();
  let i = 0;
  while (i < lines.length) {
    const start = i++;
    while (i < lines.length && (indentOf(lines[i]) > 0 || /^[}\]]/.test(lines[i]))) i++;
    const statement = lines.slice(start, i);
    // A re-export links the files of one API; the declaration it names is compared where it is declared.
    if (/^export\s+(type\s+)?(\{[^}]*\}|\*)\s+from\s/.test(statement[0])) continue;
    const name = /^export\s+(?:declare\s+)?(?:interface|type|const|let|enum)\s+([\w$]+)/.exec(statement[0])?.[1];
    // In a value (a table), the text of a documentation string is data a consumer's code does not depend on
    // (its presence it does: the key stays, in "keys").
    if (documentation !== "text" && /^export\s+const\s/.test(statement[0])) {
      const prose = DOC_PROPERTY_OF[name] ?? DOC_PROPERTY;
      const blank = documentation === "keys" ? '$1$2: ""$3' : "$1";
      statement.splice(
        0,
        statement.length,
        ...statement.map((line) => line.replace(prose, blank)).filter((line) => line.trim()),
      );
    }
    const depth = name === "components" ? 4 : 2;
    // An empty table or type (`export const pagination = {} as const;`) is the member-wise declaration
    // with no members: it has no units, as the last member removed is that member's change alone.
    if (name && statement.length === 1 && EMPTY.test(statement[0])) continue;
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
  for (const [key, text] of units) units.set(key, canonical(text));
  return units;
}

/** A one-line declaration of nothing: `export const x = {} as const;`, `export type x = Record<string, never>;`. */
const EMPTY = /^export\s+(?:const|let|type)\s+[\w$]+\s*=\s*(?:\{\}|\[\]|Record<string, never>)(?:\s+as\s+const)?;$/;

/**
 * The top-level parts of `text` split at `separator` (outside brackets and strings), e.g. the members of
 * a union type; one part when there is no top-level separator.
 */
export function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{<".includes(c)) depth++;
    else if (")]}>".includes(c) && !(c === ">" && text[i - 1] === "=")) depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The key of a member line (`name?: T;`, `readonly name: T;`, `"a b": 1,`, `[key: string]: T;`), or undefined. */
const memberKey = (line) =>
  /^(?:readonly\s+)?(?:"((?:[^"\\]|\\.)*)"|([\w$]+)|(\[[^\]]*\]))\??:/
    .exec(line)
    ?.slice(1)
    .find((k) => k !== undefined);

/**
 * A line with its top-level union members sorted (`a: "y" | "x";` → `a: "x" | "y";`), an inline enum
 * array of a table sorted, and `{ [key: string]: T }` written as `Record<string, T>` (the same type).
 */
function canonicalLine(line) {
  const indexSignature = /\{ \[[\w$]+: string\]: ([^;{}]+);? \}/g;
  line = line.replace(indexSignature, "Record<string, $1>");
  const enumArray = /^(enum: )(\[.*\])(,?)$/.exec(line);
  if (enumArray) {
    try {
      const values = JSON.parse(enumArray[2]);
      const sorted = values.map((v) => JSON.stringify(v)).sort();
      return `${enumArray[1]}[${sorted.join(", ")}]${enumArray[3]}`;
    } catch {
      return line;
    }
  }
  // The type after a member's key (`key?: T;`) or a type alias's `=`.
  const head = /^(?:export\s+type\s+[\w$]+\s*=\s*|(?:readonly\s+)?(?:"(?:[^"\\]|\\.)*"|[\w$]+|\[[^\]]*\])\??:\s*)/.exec(
    line,
  );
  if (!head) return line;
  const end = /[;,]$/.test(line) ? line.length - 1 : line.length;
  const type = line.slice(head[0].length, end);
  const sorted = canonicalType(type);
  return sorted === type ? line : `${head[0]}${sorted}${line.slice(end)}`;
}

/** A type with the members of its unions and intersections sorted, also inside parentheses (`("b" | "a")[]`). */
function canonicalType(type) {
  const members = splitTopLevel(type, " | ").map((member) =>
    splitTopLevel(member, " & ").map(canonicalGroups).sort().join(" & "),
  );
  return members.sort().join(" | ");
}

/** `part` with the type inside each of its top-level parentheses made canonical (outside strings). */
function canonicalGroups(part) {
  let out = "";
  let copied = 0;
  let depth = 0;
  let quote = null;
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" && depth++ === 0) {
      out += part.slice(copied, i + 1);
      copied = i + 1;
    } else if (c === ")" && --depth === 0) {
      out += canonicalType(part.slice(copied, i));
      copied = i;
    }
  }
  return depth === 0 ? out + part.slice(copied) : part;
}

/**
 * The canonical text of a unit: the order of a union's members, of an object's (or an interface's)
 * members, of an enum's values and of the CLI table's parameters and body fields means nothing to a
 * consumer, so each is sorted; a union written over several lines is joined first. A block whose
 * members are not all keyed (or an array, other than these) keeps its order.
 */
function canonical(text) {
  const lines = [];
  let joining = false;
  for (const line of text.split("\n").filter(Boolean)) {
    const last = lines.at(-1);
    // A type the formatter wrapped: `key:` then its value, `A &` then `B`, or `| A` `| B` on lines of
    // their own, is one line (a line opening a block stays its own).
    const incomplete = last !== undefined && /(?:[:=&]|\|)$/.test(last);
    const continues = joining && /^[|&] /.test(line);
    if ((incomplete || continues) && !/[{[(]$/.test(line)) {
      lines[lines.length - 1] = `${last} ${/[:=]$/.test(last) && line.startsWith("| ") ? line.slice(2) : line}`;
      joining = true;
      continue;
    }
    joining = false;
    lines.push(line);
  }
  const root = blockTree(lines.map(canonicalLine));
  if (!root)
    return lines
      .map(canonicalLine)
      .map((l) => `${l}\n`)
      .join("");
  sortTree(root);
  return serialize(root.children);
}

/** Lines as a tree of blocks (a line ending with `{` or `[` opens one, a line starting with `}` or `]` closes it); null if unbalanced. */
export function blockTree(lines) {
  const root = { head: "", children: [], tail: "" };
  const stack = [root];
  for (const line of lines) {
    const closes = /^[}\]]/.test(line);
    const opens = /[{[]$/.test(line);
    if (closes && opens) return null;
    if (closes) {
      if (stack.length === 1) return null;
      stack.pop().tail = line;
      continue;
    }
    const node = { head: line, children: opens ? [] : null, tail: "" };
    stack.at(-1).children.push(node);
    if (opens) stack.push(node);
  }
  return stack.length === 1 ? root : null;
}

const serialize = (nodes) =>
  nodes.map((n) => `${n.head}\n${n.children ? serialize(n.children) + (n.tail ? `${n.tail}\n` : "") : ""}`).join("");

/** A member's text for sorting, with the separator after the last member left out (`,` or `;`). */
const sortText = (node) => serialize([node]).replace(/[,;]\n/g, "\n");

/** `{` `[key: string]: T;` `}` over three lines: the same type as `Record<string, T>`. */
const INDEX_SIGNATURE = /^\[[\w$]+: string\]: (.+);$/;

function sortTree(node) {
  for (const child of node.children ?? []) if (child.children) sortTree(child);
  const children = node.children;
  if (!children) return;
  const only = children.length === 1 && !children[0].children && INDEX_SIGNATURE.exec(children[0].head);
  if (only && node.head.endsWith("{") && node.tail.startsWith("}")) {
    node.head = `${node.head.slice(0, -1)}Record<string, ${only[1]}>${node.tail.slice(1)}`;
    node.children = null;
    node.tail = "";
    return;
  }
  if (children.length < 2) return;
  const texts = new Map(children.map((c) => [c, sortText(c)]));
  const byText = (a, b) => (texts.get(a) < texts.get(b) ? -1 : texts.get(a) > texts.get(b) ? 1 : 0);
  if (node.head.endsWith("{") || node.head === "") {
    if (children.every((c) => memberKey(c.head) !== undefined)) children.sort(byText);
    return;
  }
  // An array: the CLI table's parameters and body fields (elements with a `name`) are a set, unless two
  // share a flag (the command line then gives the later one another flag: the order matters).
  const elements = children.filter((c) => c.children && c.head === "{");
  const named =
    elements.length === children.length && elements.every((e) => e.children.some((c) => /^name: /.test(c.head)));
  const flags = elements.flatMap((e) => e.children.filter((c) => /^flag: /.test(c.head)).map((c) => c.head));
  if (/^enum: \[$/.test(node.head)) children.sort(byText);
  else if (named && new Set(flags).size === flags.length) {
    // By name and place first, so that an element keeps its place when its description changes.
    const line = (e, key) => e.children.find((c) => c.head.startsWith(`${key}: `))?.head ?? "";
    for (const e of elements) texts.set(e, `${line(e, "name")}\0${line(e, "in")}\0${texts.get(e)}`);
    children.sort(byText);
  }
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

/** A member whose type is a component schema: `key?: components["schemas"]["X"];` → [, `key?: `, X]. */
const REF_MEMBER =
  /^((?:readonly\s+)?(?:"(?:[^"\\]|\\.)*"|[\w$]+|\[[^\]]*\])\??:\s*)components\["schemas"\]\["((?:[^"\\]|\\.)*)"\];$/;
/** The key of a unit's first line (`X: `, `"X": `), which a member's key replaces when the unit is written in its place. */
const UNIT_KEY = /^(?:"(?:[^"\\]|\\.)*"|[\w$]+):\s*/;

/**
 * A member whose type is a component schema with some of its properties made required, as openapi-typescript
 * writes a schema that is an allOf of one $ref beside a `required` list (its lines joined, see joinGenerics):
 * `key: WithRequired<components["schemas"]["X"], "a" | "b">;` → [, `key: `, X, `"a" | "b"`].
 */
const WITH_REQUIRED_MEMBER =
  /^((?:readonly\s+)?(?:"(?:[^"\\]|\\.)*"|[\w$]+|\[[^\]]*\])\??:\s*)WithRequired<components\["schemas"\]\["((?:[^"\\]|\\.)*)"\],\s*((?:"(?:[^"\\]|\\.)*"(?:\s*\|\s*)?)+)>;$/;
const isRefMember = (head) => REF_MEMBER.test(head) || WITH_REQUIRED_MEMBER.test(head);

/** Lines with each generic written over several (`T: WithRequired<`, its arguments, `>;`) joined into one. */
function joinGenerics(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const close = line.endsWith("<") ? lines.findIndex((l, j) => j > i && /^>[;,]?$/.test(l)) : -1;
    if (close < 0) {
      out.push(line);
      continue;
    }
    out.push(`${line}${lines.slice(i + 1, close).join(" ")}${lines[close]}`);
    i = close;
  }
  return out;
}

/** A declaration text as a tree of blocks (blockTree), each generic written over several lines joined into one. */
const treeOf = (text) => blockTree(joinGenerics(text.split("\n").filter(Boolean)));

/**
 * The node of a member whose type is a component schema, with that schema's declaration written in its
 * place (`dest?: components["schemas"]["Summary"];` → `dest?: {` …the members of Summary… `};`; the
 * properties a `WithRequired<…>` names without their `?`), or the node itself when its declaration is
 * not one member.
 */
function expandedRef(node, units) {
  const withRequired = WITH_REQUIRED_MEMBER.exec(node.head);
  const [, prefix, name] = withRequired ?? REF_MEMBER.exec(node.head);
  const text = units.get(`components["schemas"]["${name}"]`)?.text;
  const tree = text && treeOf(text);
  const unit = tree?.children.length === 1 ? tree.children[0] : null;
  if (!unit || !UNIT_KEY.test(unit.head) || (withRequired && !unit.children)) return node;
  const expanded = { ...structuredClone(unit), head: `${prefix}${unit.head.replace(UNIT_KEY, "")}` };
  if (withRequired) {
    const required = new Set(withRequired[3].split("|").map((key) => JSON.parse(key.trim())));
    for (const child of expanded.children)
      if (required.has(memberKey(child.head))) child.head = child.head.replace(/\?:/, ":");
  }
  return expanded;
}

/**
 * Two declaration texts with each member whose type is a component schema on one side and a type written
 * inline on the other written with that schema's declaration in its place, as deep as the other side is
 * written inline (so the work stays linear in the texts): `{ a, b, expanded }` (the trees, and whether
 * anything was expanded), or null when a text is no balanced tree.
 */
function expandedTrees(beforeText, afterText, beforeUnits, afterUnits) {
  const [a, b] = [treeOf(beforeText), treeOf(afterText)];
  if (!a || !b) return null;
  let expanded = false;
  const walk = (x, y) => {
    const byKey = (nodes) => new Map(nodes.map((node, i) => [memberKey(node.head), i]));
    const theirs = byKey(y.children);
    x.children.forEach((mine, i) => {
      const key = memberKey(mine.head);
      const j = key === undefined ? undefined : theirs.get(key);
      if (j === undefined) return;
      const other = y.children[j];
      if (mine.head === other.head && !mine.children && !other.children) return;
      const [refA, refB] = [isRefMember(mine.head), isRefMember(other.head)];
      if (refA && !refB) x.children[i] = expandedRef(mine, beforeUnits);
      if (refB && !refA) y.children[j] = expandedRef(other, afterUnits);
      expanded ||= refA !== refB;
      if (x.children[i].children && y.children[j].children) walk(x.children[i], y.children[j]);
    });
  };
  walk(a, b);
  return { a, b, expanded };
}

/**
 * Two declaration texts once expanded (expandedTrees), or undefined when nothing was expanded:
 * `{ same, before, after, diff }`. `same`: they say the same, members in any order (a `$ref` replaced by an
 * identical inline schema, or the reverse, is no change); `before`, `after` and `diff`: the expanded texts
 * and their diff, for judging which way a changed type moved.
 */
function expandedComparison(beforeText, afterText, beforeUnits, afterUnits) {
  const trees = expandedTrees(beforeText, afterText, beforeUnits, afterUnits);
  if (!trees?.expanded) return undefined;
  const { a, b } = trees;
  const [before, after] = [serialize(a.children), serialize(b.children)];
  sortTree(a);
  sortTree(b);
  return { same: serialize(a.children) === serialize(b.children), before, after, diff: lineDiff(before, after) };
}

/** The API a generated file belongs to: "otc-vpc.meta.ts" → "otc-vpc". */
export const apiOfFile = (file) => file.replace(/^.*\//, "").split(".")[0];

/**
 * The declarations of each API across its generated files (api → key → { files, text, code, bare }: code
 * with the documentation strings of tables blanked, bare without those properties): a declaration that
 * moves between the files of one API (the package entry re-exports them) is not a change.
 */
function declarationsByApi(files) {
  const byApi = new Map();
  for (const file of [...files.keys()].sort()) {
    const api = apiOfFile(file);
    if (!byApi.has(api)) byApi.set(api, new Map());
    const units = byApi.get(api);
    const code = declarationsOf(files.get(file), { documentation: "keys" });
    const bare = declarationsOf(files.get(file), { documentation: "none" });
    for (const [key, text] of declarationsOf(files.get(file))) {
      const unit = units.get(key) ?? { files: [], text: "", code: "", bare: "" };
      units.set(key, {
        files: [...unit.files, file],
        text: unit.text + text,
        code: unit.code + (code.get(key) ?? ""),
        bare: unit.bare + (bare.get(key) ?? ""),
      });
    }
  }
  return byApi;
}

/** The key of a documentation property's line as declarationsOf blanks it (`solution: "",`), or undefined. */
const BLANKED = /^"?([\w$]+)"?: "",?$/;

/**
 * When a table entry gained documentation properties and lost none, its other properties the same but
 * for their documentation strings: { added: [{ key, diff }] (each property's diff line), edited (the
 * rest of the diff: documentation strings edited) }; else null. A property that only appeared is new
 * surface; one that disappeared breaks the code reading it.
 */
function documentationAdded(was, is) {
  if (was.bare !== is.bare) return null;
  const code = lineDiff(was.code, is.code);
  if (code.length === 0 || !code.every((line) => line.startsWith("+ "))) return null;
  const keys = code.map((line) => BLANKED.exec(line.slice(2))?.[1]);
  if (keys.some((key) => key === undefined)) return null;
  const edited = lineDiff(was.text, is.text);
  const added = [];
  for (const key of keys) {
    const at = edited.findIndex((line) => line.startsWith(`+ ${key}: `) || line.startsWith(`+ "${key}": `));
    if (at < 0) return null;
    added.push({ key, diff: edited.splice(at, 1) });
  }
  return { added, edited };
}

/**
 * Every declaration that differs: { file, api, key, kind, diff, before, after } (before and after: the
 * canonical texts), kind "added", "removed", "changed" or "documentation" (only documentation strings of a
 * table changed). A table entry that only gained documentation properties is one "added" change for each
 * (key `errorCodes["E.1"]["solution"]`); one that lost one "changed".
 */
export function changedDeclarations({ before = new Map(), after = new Map() }) {
  const changed = [];
  // An API whose files are the same on both sides has no declaration that changed: left out.
  const differing = new Set(
    [...new Set([...before.keys(), ...after.keys()])]
      .filter((file) => before.get(file) !== after.get(file))
      .map(apiOfFile),
  );
  const compared = (files) => new Map([...files].filter(([file]) => differing.has(apiOfFile(file))));
  const old = declarationsByApi(compared(before));
  const now = declarationsByApi(compared(after));
  for (const api of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(api) ?? new Map();
    const b = now.get(api) ?? new Map();
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key)?.text === b.get(key)?.text) continue;
      const expanded =
        a.has(key) && b.has(key) ? expandedComparison(a.get(key).text, b.get(key).text, a, b) : undefined;
      if (expanded?.same) continue;
      const files = (b.get(key) ?? a.get(key)).files;
      const gained = a.has(key) && b.has(key) && documentationAdded(a.get(key), b.get(key));
      if (gained) {
        for (const property of gained.added)
          changed.push({
            file: files.join(", "),
            api,
            key: `${key}["${property.key}"]`,
            kind: "added",
            diff: property.diff,
          });
        if (gained.edited.length)
          changed.push({ file: files.join(", "), api, key, kind: "documentation", diff: gained.edited });
        continue;
      }
      const kind = !a.has(key)
        ? "added"
        : !b.has(key)
          ? "removed"
          : a.get(key).code === b.get(key).code
            ? "documentation"
            : "changed";
      const [before, after] = [a.get(key)?.text, b.get(key)?.text];
      changed.push({
        file: files.join(", "),
        api,
        key,
        kind,
        diff: lineDiff(before, after),
        before,
        after,
        ...(kind === "changed" && expanded ? { expanded } : {}),
      });
    }
  }
  return changed;
}
