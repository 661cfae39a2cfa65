// The connectivity/x-pagination lint rule: the checks of scripts/lib/pagination.mjs (the ones
// `npm run generate` applies to each bundle), reported by `redocly lint` at the declaration's file,
// line and column. A declaration is either the operation's own `x-pagination` or, for a verbatim
// third-party definition, the `x-pagination` its wrapper lists under `x-operation-additions`
// (moved onto the operation at bundle time by connectivity/attach-operation-additions; an entry for an
// unknown operationId is connectivity/x-operation-additions's to report).
import { X_OPERATION_ADDITIONS, X_PAGINATION } from "../lib/extensions.mjs";
import { checkDeclaration, declarationName } from "../lib/pagination.mjs";
import { declarationOf, parametersOf, resolvingView } from "./resolving-view.mjs";

export default function xPagination() {
  let root;
  let rootLocation;
  let additions = {};
  let path;
  let pathItem;

  const check = (ctx, { method, operation, declaration, at }) => {
    const target = {
      path,
      method,
      operation,
      parameters: parametersOf(pathItem, operation),
    };
    const { problems } = checkDeclaration({ doc: {}, declaration, ...target });
    for (const { key, message } of problems) {
      ctx.report({
        message: `${declarationName(target)}: ${message}`,
        location: key === null ? at.key() : at.child([key]),
      });
    }
  };

  return {
    Root: {
      enter(node, ctx) {
        root = node;
        rootLocation = ctx.location;
        additions = root[X_OPERATION_ADDITIONS] ?? {};
        if (root[X_PAGINATION] !== undefined)
          ctx.report({
            message:
              "a top-level x-pagination is never read: declare it on the operation (or under x-operation-additions.<operationId>)",
            location: ctx.location.child([X_PAGINATION]).key(),
          });
      },
    },
    PathItem: {
      enter(node, ctx) {
        path = String(ctx.key);
        pathItem = resolvingView(node, ctx.location.source.absoluteRef, ctx);
      },
    },
    Operation: {
      enter(node, ctx) {
        const method = String(ctx.key);
        const operation = resolvingView(node, ctx.location.source.absoluteRef, ctx);
        const declared = declarationOf(node, X_PAGINATION, { location: ctx.location, additions, rootLocation });
        if (declared) check(ctx, { method, operation, declaration: declared.value, at: declared.at });
      },
    },
  };
}
