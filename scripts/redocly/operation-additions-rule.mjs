// The connectivity/x-operation-additions lint rule: each entry of a wrapper's `x-operation-additions`
// (what connectivity/attach-operation-additions moves onto a verbatim definition's operations at bundle
// time) names an operationId the spec has; an entry that names none would be left out of the bundle.
// Whatever the entry holds (x-pagination, x-cli, a summary): the checks of those are the other rules'.
import { X_OPERATION_ADDITIONS } from "../lib/extensions.mjs";

export default function xOperationAdditions() {
  let additions = {};
  let rootLocation;
  const seen = new Set();
  return {
    Root: {
      enter(root, ctx) {
        rootLocation = ctx.location;
        additions = root[X_OPERATION_ADDITIONS] ?? {};
        seen.clear();
      },
      leave(_root, ctx) {
        for (const operationId of Object.keys(additions))
          if (!seen.has(operationId))
            ctx.report({
              message: `x-operation-additions names unknown operationId ${operationId}`,
              location: rootLocation.child([X_OPERATION_ADDITIONS, operationId]).key(),
            });
      },
    },
    Operation: {
      enter(node) {
        if (node.operationId !== undefined) seen.add(node.operationId);
      },
    },
  };
}
