// What the lint rules share: schemas of an unbundled spec seen through their $refs, an operation's
// parameters, and where an operation's declaration of an extension is.
import { X_OPERATION_ADDITIONS } from "../lib/extensions.mjs";
import { mergedParameters } from "../lib/schema.mjs";

/**
 * A read-only view of `node`, found in the file `base`, whose $refs (to this or another file)
 * resolve as they are read, so that the checks see the schemas an unbundled spec refers to.
 */
export function resolvingView(node, base, ctx) {
  if (!node || typeof node !== "object") return node;
  return new Proxy(node, {
    get(target, key) {
      let value = target[key];
      let from = base;
      for (let hops = 0; value && typeof value === "object" && typeof value.$ref === "string"; hops++) {
        if (hops > 50) return undefined;
        const resolved = ctx.resolve(value, from);
        if (resolved.node === undefined) return undefined;
        value = resolved.node;
        from = resolved.location?.source.absoluteRef ?? from;
      }
      return resolvingView(value, from, ctx);
    },
    // The document is Redocly's: a check that wrote through the view would change what it lints.
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

/**
 * The operation's parameters and its path item's, the operation's winning (as OpenAPI says). A
 * `parameters` that is no list counts as none: Redocly's `struct` rule reports it, at its place.
 */
export const parametersOf = (pathItem, operation) =>
  [...mergedParameters(listOf(pathItem?.parameters), listOf(operation.parameters)).values()].map(({ param }) => param);

const listOf = (parameters) => (Array.isArray(parameters) ? parameters.filter(Boolean) : []);

/**
 * The operation's `key` declaration and its location: its own, or else the one a wrapper lists for its
 * operationId under `x-operation-additions` (`additions`, found at `rootLocation`); undefined when neither.
 */
export function declarationOf(node, key, { location, additions, rootLocation }) {
  if (node[key] !== undefined) return { value: node[key], at: location.child([key]) };
  const added = node.operationId !== undefined ? additions[node.operationId] : undefined;
  if (added?.[key] === undefined) return undefined;
  return { value: added[key], at: rootLocation.child([X_OPERATION_ADDITIONS, node.operationId, key]) };
}
