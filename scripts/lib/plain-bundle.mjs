// The bundle of a plain spec, in-process: one file whose every $ref points inside it, with no example's
// externalValue, and no Redocly decorator for its API. Redocly's bundle of such a spec is the parsed
// document with its root keys reordered and a `components` object (empty) where it has none; making it
// here spares a Redocly process (most of a one-API regeneration). `generate --check --full` bundles every
// spec with Redocly instead and compares the outputs byte for byte, so a difference would fail CI;
// test/pipeline-pieces.test.ts compares the two on every plain spec.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { inRootOrder } from "./join.mjs";

function refsStayInside(node) {
  if (Array.isArray(node)) return node.every(refsStayInside);
  if (!node || typeof node !== "object") return true;
  if (typeof node.$ref === "string" && !node.$ref.startsWith("#/")) return false;
  // An example's externalValue: Redocly's bundle reads the file and makes its content the example's `value`.
  if (typeof node.externalValue === "string") return false;
  return Object.values(node).every(refsStayInside);
}

/** The bundle of the spec at `root`/`apiRoot`, or null when it is not plain (Redocly must bundle it). */
export function plainBundle(root, apiRoot) {
  let doc;
  try {
    doc = parse(readFileSync(path.resolve(root, apiRoot), "utf8"));
  } catch {
    return null; // Redocly's bundle and lint report it, with its place
  }
  if (!doc || typeof doc !== "object" || !refsStayInside(doc)) return null;
  return inRootOrder({ ...doc, components: doc.components ?? {} });
}
