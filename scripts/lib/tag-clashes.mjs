// Tag names two APIs share. The merged document joins the APIs, and `redocly join` refuses such a tag,
// suggesting options this project does not use (prefix-tags-with-filename): the fix here is to rename
// the tag in one spec, which this says, with the places of the tag in each spec.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The tag names a bundled API uses: its `tags` list and its operations' tags. */
function tagNames(doc) {
  const names = new Set((doc.tags ?? []).map((tag) => tag?.name));
  for (const item of Object.values(doc.paths ?? {}))
    for (const method of METHODS) for (const name of item?.[method]?.tags ?? []) names.add(name);
  return names;
}

/** "file:line" of `tag` in the spec `file` (its `tags` list first, else an operation's tags), or the file. */
function placeOf(root, file, tag) {
  const shown = path.relative(root, path.resolve(root, file));
  let offset;
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(path.resolve(root, file), "utf8"), { lineCounter });
    const declared = doc.get("tags", true);
    if (isSeq(declared))
      offset = declared.items.find((item) => isMap(item) && item.get("name") === tag)?.get("name", true)?.range?.[0];
    if (offset === undefined)
      visit(doc, {
        Pair(_key, pair) {
          if (!isScalar(pair.key) || pair.key.value !== "tags" || !isSeq(pair.value)) return undefined;
          const used = pair.value.items.find((item) => isScalar(item) && item.value === tag);
          if (!used) return undefined;
          offset = used.range[0];
          return visit.BREAK;
        },
      });
    return offset === undefined ? shown : `${shown}:${lineCounter.linePos(offset).line}`;
  } catch {
    return shown;
  }
}

/**
 * Each tag name two or more of `apis` (`{ name, root }`, root relative to `root`) use, as a message
 * naming the places to rename it; null when there is none. `bundleOf(api)`: the API's bundled document.
 */
export function tagClashes(apis, bundleOf, root) {
  const users = new Map();
  for (const api of apis)
    for (const name of tagNames(bundleOf(api))) users.set(name, [...(users.get(name) ?? []), api]);
  const clashes = [...users].filter(([, by]) => by.length > 1);
  if (!clashes.length) return null;
  return clashes
    .map(
      ([tag, by]) =>
        `Tag "${tag}" is used by ${by.length} APIs: ${by.map((api) => `${api.name} (${placeOf(root, api.root, tag)})`).join(", ")}. ` +
        "Tag names must be unique across the specs, since generated/openapi.yaml joins them: rename the tag in all but one of these specs " +
        "(in its `tags` list and in each operation's `tags`).",
    )
    .join("\n");
}
