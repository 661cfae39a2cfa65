// Describes how the API surface changed between two merged OpenAPI documents: each change is data
// { rule, level, api, operation, args } classified by a rule of the registry; the formatter writes text.
// With the generated declarations before and after, every declaration change no rule explains is
// reported too, so the report never says "unchanged" when a generated type changed.
import { blockTree, changedDeclarations, splitTopLevel } from "./declarations.mjs";
import { messageOf } from "./format.mjs";
import { ruleOf } from "./registry.mjs";
import { compareRequestBody, compareResponses } from "./rules/bodies.mjs";
import {
  applyRenames,
  applyReplacedMembers,
  compareComponentNames,
  compareSchemaNames,
  compareSecuritySchemes,
  compareWebhooks,
  schemaRenames,
} from "./rules/components.mjs";
import { compareOperation, compareOperationPresence } from "./rules/operations.mjs";
import { compareParameters } from "./rules/parameters.mjs";
import { compareServers } from "./rules/servers.mjs";
import { surfaceOf, unprefixed } from "./surface.mjs";
import { changedValidators } from "./validators.mjs";

/** "schemas.OtcVpc_Subnet" → components["schemas"]["Subnet"] */
const declarationOfRef = (ref) => {
  const [kind, ...name] = ref.split(".");
  return `components["${kind}"]["${unprefixed(name.join("."))}"]`;
};

/** A change of rule `id`, with the rule's level. */
function changeOf(id, fields) {
  const { level } = ruleOf(id);
  return { rule: id, level, breaking: level === "breaking", ...fields };
}

/**
 * @param {object|null} beforeDoc the previous merged document (null: everything is new)
 * @param {object} afterDoc
 * @param {{ declarations?: { before: Map<string, string>, after: Map<string, string> } }} [options]
 * @returns {{ rule, level, breaking, api, operation, message, args, explains, diff? }[]}
 */
export function diffApis(beforeDoc, afterDoc, { declarations } = {}) {
  const old = surfaceOf(beforeDoc);
  const now = surfaceOf(afterDoc);
  // A renamed schema is one change: the unions and discriminators naming it are compared under its new name.
  const renames = schemaRenames(old, now);
  applyRenames(old, renames);
  const changes = [];
  const add = (id, api, operation, args, explains) => changes.push(changeOf(id, { api, operation, args, explains }));
  // The response validators (what they are compiled from) are explained only by a rule about the
  // responses, or by the operation coming or going: a deprecation or a new query parameter says nothing
  // of what `validate: "throw"` now refuses.
  const operationExplains = (before, after, responses) => [
    ...new Set(
      [before, after].flatMap((op) => [
        `paths["${op.path}"]`,
        `pagination["${op.path}"]`,
        ...(responses ? [`validators["${op.label}"]`] : []),
        ...(op.operationId ? [`operations["${op.operationId}"]`, `cli["commands"]["${op.operationId}"]`] : []),
      ]),
    ),
  ];
  const emitFor =
    (before, after, responses = false) =>
    (id, args, more = []) =>
      add(id, after.api ?? before.api, after.label, args, [
        ...operationExplains(before, after, responses),
        ...more.map((r) => (r.includes("[") ? r : declarationOfRef(r))),
      ]);

  compareOperationPresence((before, after) => emitFor(before, after, true), old, now);
  for (const [key, after] of now.operations) {
    const before = old.operations.get(key);
    if (!before) continue;
    applyReplacedMembers(before, after, old, now);
    const emit = emitFor(before, after);
    compareOperation(emit, before, after);
    compareParameters(emit, before, after);
    compareRequestBody(emit, before, after);
    compareResponses(emitFor(before, after, true), before, after);
  }
  const forApi =
    (api) =>
    (id, args, explains = []) =>
      add(id, api, null, args, explains);
  compareServers((api) => (id, args) => add(id, api, null, args, ["servers"]), old, now);
  compareSecuritySchemes(forApi, old, now);
  compareSchemaNames(forApi, old, now, renames);
  compareComponentNames(forApi, old, now);
  compareWebhooks(forApi, old, now);
  for (const change of changes) change.message = messageOf(change);
  if (declarations)
    changes.push(...unexplained(changes, [...changedDeclarations(declarations), ...changedValidators(old, now)]));
  return changes;
}

const MAX_DIFF_LINES = 40;
const MAX_MEMBERS = 10;
const clip = (lines) =>
  lines.length > MAX_DIFF_LINES
    ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more line(s)`]
    : lines;

/** The parameter or body-field names and aliases of a CLI command found before a change and not after it. */
function losesCommandWords(decl) {
  if (!decl.key.startsWith('cli["commands"]')) return false;
  const words = (sign) => {
    const found = new Set();
    for (const line of decl.diff ?? []) {
      if (!line.startsWith(sign)) continue;
      for (const [, name] of line.matchAll(/\bname: "((?:[^"\\]|\\.)*)"/g)) found.add(name);
      for (const [, list] of line.matchAll(/\baliases: (\[[^\]]*\])/g))
        for (const alias of JSON.parse(list)) found.add(`alias ${alias}`);
    }
    return found;
  };
  const after = words("+");
  return [...words("-")].some((word) => !after.has(word));
}

/** The parts of an intersection type (one part for any other type). */
const parts = (type) => splitTopLevel(type, " & ");
const LITERAL_BASE = [
  [/^(["'`]).*\1$/, "string"],
  [/^-?\d/, "number"],
  [/^(true|false)$/, "boolean"],
];

/**
 * True when every value of type `t` is one of type `s`, as far as the text tells: the same type, a
 * literal of its base type, an intersection with more parts, a tuple of the array's items, never (no
 * value) within any type, any type within unknown.
 */
function within(t, s) {
  if (t === s || t === "never" || s === "unknown" || s === "any") return true;
  if (LITERAL_BASE.some(([literal, base]) => s === base && literal.test(t))) return true;
  // A tuple of the array's items: `[string]` within `string[]`.
  const tuple = /^\[(.*)\]$/.exec(t);
  const array = /^(?:\((.*)\)|(.*))\[\]$/.exec(s);
  if (tuple && array) {
    const items = splitTopLevel(array[1] ?? array[2], " | ");
    return splitTopLevel(tuple[1], ", ").every((e) => items.some((item) => within(e.replace(/\?$/, ""), item)));
  }
  const [tp, sp] = [parts(t), parts(s)];
  return (tp.length > 1 || sp.length > 1) && sp.every((p) => tp.includes(p));
}

/** `key?: type;` → { key, optional, type, block } (block: the type opens a block, `{` or `X & {`), or null. */
function memberOf(line) {
  // `readonly` (openapi-typescript's mark of a readOnly field) is no part of the key.
  const member = /^(?:readonly\s+)?((?:"(?:[^"\\]|\\.)*"|[\w$]+|\[[^\]]*\]))(\??):\s*(.*?)[;,]?$/.exec(line);
  if (!member) return null;
  // An index signature's parameter name means nothing: `[name: string]` is `[key: string]`.
  const key = member[1].replace(/^\[[\w$]+: /, "[_: ");
  return { key, optional: member[2] === "?", type: member[3], block: /[{[]$/.test(member[3]) };
}

/** No value, as the generator writes it: `never` (no query or header parameters, no request body, no response content). */
const NOTHING = new Set(["never"]);

/**
 * How a one-line member moved (`{ key, optional, type }` before and after), added to `moves`: widens when
 * its type gained a value (a union member, `?`), narrows when it lost one; `never` gaining a type is new surface.
 */
function lineMoves(before, after, moves) {
  if (after.optional && !before.optional) moves.widens = true;
  if (before.optional && !after.optional) moves.narrows = true;
  if (NOTHING.has(before.type)) return;
  const [was, is] = [splitTopLevel(before.type, " | "), splitTopLevel(after.type, " | ")];
  if (is.some((t) => !was.some((b) => within(t, b)))) moves.widens = true;
  if (was.some((b) => !is.some((t) => within(b, t)))) moves.narrows = true;
}

/**
 * How the members whose type spans several lines (a block) on one side at least moved, compared as a
 * whole and by place (the diff's lines alone name only a block's first line). A member that had no
 * value (`never`) and now has a type is new surface, as a member added is (a `?` dropped still
 * narrows: the member must now be given); a block whose type became `never` narrows.
 * `Record<string, T>` is the block `{ [key: string]: T }`. Anything else whose text differs is both a
 * widening and a narrowing, as far as the text tells.
 */
function blockMoves(beforeText, afterText) {
  const tree = (text) => blockTree((text ?? "").split("\n").filter(Boolean));
  const [a, b] = [tree(beforeText), tree(afterText)];
  const moves = { widens: false, narrows: false };
  if (!a || !b) return { widens: true, narrows: true };
  const both = () => Object.assign(moves, { widens: true, narrows: true });
  /** A child node as { member, node }, by key; a key found twice is left out (its place is not clear). */
  const byKey = (children) => {
    const found = new Map();
    const twice = new Set();
    for (const node of children ?? []) {
      const member = memberOf(node.head);
      if (!member) continue;
      if (found.has(member.key)) twice.add(member.key);
      found.set(member.key, { member, node });
    }
    for (const key of twice) found.delete(key);
    return found;
  };
  /** The members of a block as { [key: string]: T } reads it: its index signature type, or none. */
  const indexType = (node) => byKey(node.children).get("[_: string]")?.member.type;
  const plainObject = (member, node) => member.type === "{" && /^}[;,]?$/.test(node.tail);
  const walk = (before, after) => {
    const [old, now] = [byKey(before.children), byKey(after.children)];
    for (const [key, was] of old) {
      const is = now.get(key);
      if (!is) continue;
      if (!was.member.block && !is.member.block) {
        // One-line members by place too: a key that moved in two places of one declaration (the same
        // field under two statuses) is not paired by the diff's lines alone.
        lineMoves(was.member, is.member, moves);
        continue;
      }
      if (was.member.optional && !is.member.optional) moves.narrows = true;
      if (!was.member.optional && is.member.optional) moves.widens = true;
      if (!was.member.block && NOTHING.has(was.member.type)) continue;
      if (!is.member.block && NOTHING.has(is.member.type)) {
        moves.narrows = true;
        continue;
      }
      if (was.member.block && is.member.block) {
        const tail = (node) => node.tail.replace(/[;,]$/, "");
        if (was.member.type !== is.member.type || tail(was.node) !== tail(is.node)) both();
        else walk(was.node, is.node);
        continue;
      }
      // A block and a one-line type.
      const [block, line] = was.member.block ? [was, is] : [is, was];
      const record = /^Record<string, (.+)>$/.exec(line.member.type);
      if (record && plainObject(block.member, block.node)) {
        const index = indexType(block.node);
        if (index === undefined) both();
        else {
          const [from, to] = was === block ? [index, record[1]] : [record[1], index];
          if (!within(from, to)) moves.narrows = true;
          if (!within(to, from)) moves.widens = true;
        }
      } else if (line.member.type === "unknown" || line.member.type === "any") {
        moves[was === line ? "narrows" : "widens"] = true;
      } else both();
    }
  };
  walk(a, b);
  return moves;
}

/**
 * How the members of a declaration diff moved, for each member removed and added once under one key
 * (`- total: number;` `+ total: number | bigint;`): widens when a member's type gained a value (a
 * union member, \`?\`), narrows when it lost one. With the declaration's texts before and after, the
 * members whose type is a block are compared as a whole (blockMoves).
 */
export function typeMoves(diff, texts) {
  const sides = { "-": new Map(), "+": new Map() };
  const count = new Map();
  for (const line of diff) {
    const sign = line[0];
    const member = memberOf(line.slice(2));
    if (!sides[sign] || !member) continue;
    count.set(`${sign}${member.key}`, (count.get(`${sign}${member.key}`) ?? 0) + 1);
    sides[sign].set(member.key, member);
  }
  const moves = texts ? blockMoves(texts.before, texts.after) : { widens: false, narrows: false };
  for (const [key, before] of sides["-"]) {
    const after = sides["+"].get(key);
    if (!after || count.get(`-${key}`) > 1 || count.get(`+${key}`) > 1) continue;
    // Blocks are compared whole above; a member that had no value and has one now is new surface.
    if (texts && (before.block || after.block)) continue;
    lineMoves(before, after, moves);
  }
  return moves;
}

/**
 * A declaration's diff and texts with the old text written with the new names of the union members
 * that now refer to another schema (union-member-schema-replaced explains that name): what else moved
 * is what the other rules must explain.
 */
function withReplacedMembers(decl, replaced) {
  if (!replaced.length) return [decl.diff, decl];
  const rename = (text) =>
    replaced.reduce((out, c) => out.split(declarationOfRef(c.args.from)).join(declarationOfRef(c.args.to)), text ?? "");
  const diff = decl.diff.map((line) => (line.startsWith("-") ? rename(line) : line));
  return [diff, { ...decl, before: decl.before === undefined ? undefined : rename(decl.before) }];
}

/** Declarations that are types (the tables of .meta.ts and .cli.ts hold values, not types). */
const TYPE_DECLARATION = /^(components|paths|operations|webhooks)\[/;

/**
 * The declaration changes no rule explains, as generated-declaration-changed changes; when more than
 * MAX_MEMBERS members of one top-level declaration (e.g. a table of error codes) changed, one change for it.
 */
function unexplained(changes, changed) {
  const left = changed.filter((decl) => {
    const explaining = changes.filter((c) => (c.api == null || c.api === decl.api) && c.explains?.includes(decl.key));
    if (explaining.length === 0) return true;
    if (explaining.some((c) => c.breaking)) return false;
    // A command that lost a flag or an alias breaks the scripts using it: only a breaking rule explains that.
    if (losesCommandWords(decl)) return true;
    // Compatible rules of one direction explain a type that moved their way only: a response may narrow,
    // a request may widen. A declaration that moved the other way shows a rule misjudged it.
    const directions = new Set(explaining.map((c) => ruleOf(c.rule).direction).filter((d) => d !== "none"));
    const typed = decl.kind === "changed" && directions.size === 1 && TYPE_DECLARATION.test(decl.key);
    const replaced = explaining.filter((c) => c.rule === "union-member-schema-replaced");
    // A member written inline on one side and as a component on the other is compared expanded.
    const moved = typed ? typeMoves(...withReplacedMembers(decl.expanded ?? decl, replaced)) : {};
    return directions.has("response") ? !!moved.widens : directions.has("request") ? !!moved.narrows : false;
  });
  const groups = new Map();
  for (const decl of left) {
    // Documentation-only changes are grouped apart, so that they never hide a real change.
    const group = `${decl.api}\0${decl.key.replace(/\[.*$/, "")}\0${decl.kind === "documentation"}`;
    groups.set(group, [...(groups.get(group) ?? []), decl]);
  }
  const result = [];
  for (const members of groups.values()) {
    const collapse = members.length > MAX_MEMBERS;
    const shown = collapse
      ? [
          {
            ...members[0],
            key: `${members[0].key.replace(/\[.*$/, "")} (${members.length} members)`,
            diff: members.flatMap((m) => m.diff),
          },
        ]
      : members;
    for (const decl of shown) {
      // A declaration that did not exist before is new surface; one changed or removed may break; one
      // whose documentation strings (a summary, a description) alone changed is information.
      const kinds = new Set(collapse ? members.map((m) => m.kind) : [decl.kind]);
      const only = (kind) => kinds.size === 1 && kinds.has(kind);
      const rule = only("added")
        ? "generated-declaration-added"
        : only("documentation")
          ? "generated-documentation-changed"
          : "generated-declaration-changed";
      const change = changeOf(rule, {
        api: decl.api,
        operation: null,
        args: { file: decl.file, key: decl.key },
        explains: [],
        diff: clip(decl.diff),
      });
      change.message = messageOf(change);
      result.push(change);
    }
  }
  return result;
}
