// The connectivity/x-cli lint rule: the checks of scripts/lib/cli.mjs (the ones `npm run generate`
// applies to each bundle), reported by `redocly lint` at the declaration's file, line and column:
// `info.x-cli`, each operation's `x-cli` (its own, or the one a wrapper lists under
// `x-operation-additions`), and command words that two operations share.
import { checkCliDeclaration, checkCliInfo, commandWords } from "../lib/cli.mjs";
import { X_CLI, X_OPERATION_ADDITIONS, X_PAGINATION } from "../lib/extensions.mjs";
import { checkDeclaration } from "../lib/pagination.mjs";
import { declarationOf, parametersOf, resolvingView } from "./resolving-view.mjs";

/** The schemas of one item of the list `declaration` pages (undefined when the declaration does not fit). */
function itemSchemasOf({ pathItem, method, operation, declaration }) {
  return checkDeclaration({
    doc: {},
    method,
    operation,
    parameters: parametersOf(pathItem, operation),
    declaration,
  }).itemSchemas;
}

/** Where a problem of the declaration at `at` is reported: its key, or the value there. */
const where = (at, { key, onKey }) => (key.length === 0 ? at.key() : onKey ? at.child(key).key() : at.child(key));

export default function xCli() {
  let rootLocation;
  let additions = {};
  let path;
  let pathItem;
  /** Each command word, with the operation that has it first. */
  let words = new Map();

  return {
    Root: {
      enter(root, ctx) {
        rootLocation = ctx.location;
        additions = root[X_OPERATION_ADDITIONS] ?? {};
        words = new Map();
        const at = ctx.location.child(["info", X_CLI]);
        for (const problem of checkCliInfo(root.info?.[X_CLI]))
          ctx.report({ message: `info.${X_CLI}: ${problem.message}`, location: where(at, problem) });
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
        const places = { location: ctx.location, additions, rootLocation };
        const { value: declaration, at } = declarationOf(node, X_CLI, places) ?? {};
        const pagination = method === "get" ? declarationOf(node, X_PAGINATION, places)?.value : undefined;
        if (declaration === undefined && node.operationId === undefined) return;
        const name = `${X_CLI} of ${method.toUpperCase()} ${path} (${node.operationId})`;
        if (declaration !== undefined) {
          const operation = resolvingView(node, ctx.location.source.absoluteRef, ctx);
          const itemSchemas =
            pagination === undefined
              ? undefined
              : itemSchemasOf({ pathItem, method, operation, declaration: pagination });
          for (const problem of checkCliDeclaration({
            doc: {},
            declaration,
            paginated: pagination !== undefined,
            itemSchemas,
          }))
            ctx.report({ message: `${name}: ${problem.message}`, location: where(at, problem) });
        }
        if (node.operationId === undefined) return;
        commandWords(node.operationId, declaration).forEach((word, index) => {
          const first = words.get(word);
          if (first === undefined) words.set(word, node.operationId);
          else
            ctx.report({
              message: `${name}: "${word}" is already the name or an alias of ${first}`,
              location: index === 0 ? ctx.location.child(["operationId"]) : at.child(["aliases", index - 1]),
            });
        });
      },
    },
  };
}
