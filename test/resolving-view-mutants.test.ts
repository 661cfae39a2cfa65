/**
 * scripts/redocly/resolving-view.mjs, what the connectivity/x-pagination and x-cli lint rules read specs
 * through, called in-process with a resolver that answers as Redocly's `ctx.resolve` does (the node a
 * $ref points at, as written, and the file it is in; `node: undefined` when there is none).
 * test/pipeline-pieces.test.ts runs the rules themselves through the Redocly CLI.
 */
import { describe, expect, it } from "vitest";

type Json = any;
const { resolvingView, parametersOf, declarationOf } = (await import(
  "../scripts/redocly/resolving-view.mjs" as string
)) as Json;

/** A `ctx` over in-memory files (absolute paths): `resolve(ref, from)` reads `ref.$ref` relative to the file `from`. */
function filesContext(files: Record<string, Json>) {
  return {
    resolve(ref: { $ref: string }, from: string) {
      const [file, pointer = ""] = ref.$ref.split("#");
      const source = file ? new URL(file, `file://${from}`).pathname : from;
      let node = files[source];
      for (const part of pointer.split("/").slice(1)) node = node?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
      return node === undefined
        ? { node: undefined, location: undefined }
        : { node, location: { source: { absoluteRef: source } } };
    },
  };
}

describe("resolvingView", () => {
  it("follows a $ref to a $ref, and a chain of them", () => {
    const root = {
      schema: { $ref: "#/components/A" },
      components: { A: { $ref: "#/components/B" }, B: { $ref: "#/components/C" }, C: { type: "string" } },
    };
    const view = resolvingView(root, "/specs/api.yaml", filesContext({ "/specs/api.yaml": root }));
    expect(view.schema.type).toBe("string");
  });

  it("is read-only: a write, a delete or a definition through it throws and leaves Redocly's document as it was", () => {
    const root = { schema: { $ref: "#/components/A" }, components: { A: { type: "string" } } };
    const view = resolvingView(root, "/specs/api.yaml", filesContext({ "/specs/api.yaml": root }));
    expect(() => (view.schema.type = "integer")).toThrow(TypeError);
    expect(() => delete view.schema.type).toThrow(TypeError);
    expect(() => Object.defineProperty(view, "extra", { value: 1 })).toThrow(TypeError);
    expect(root).toEqual({ schema: { $ref: "#/components/A" }, components: { A: { type: "string" } } });
  });

  it("resolves the $refs of a node reached in another file relative to that file, at any depth", () => {
    const api = {
      schema: { $ref: "./vendor/things.yaml#/Thing" },
      // Decoys: what a $ref of things.yaml would find if it were read relative to api.yaml.
      Listed: { type: "boolean" },
      Id: { type: "boolean" },
    };
    const things = {
      Thing: { $ref: "#/Listed" },
      Listed: { type: "object", properties: { id: { $ref: "#/Id" } } },
      Id: { type: "integer", format: "int64" },
    };
    const ctx = filesContext({ "/specs/api.yaml": api, "/specs/vendor/things.yaml": things });
    const view = resolvingView(api, "/specs/api.yaml", ctx);
    expect(view.schema.type).toBe("object");
    expect(view.schema.properties.id).toEqual({ type: "integer", format: "int64" });
  });

  it("reads an unresolvable $ref, and a cycle of them, as undefined", () => {
    const root = {
      missing: { $ref: "#/nowhere" },
      loop: { $ref: "#/a" },
      a: { $ref: "#/b" },
      b: { $ref: "#/a" },
      list: [{ $ref: "#/nowhere" }, { $ref: "#/ok" }],
      ok: { name: "ok" },
    };
    const view = resolvingView(root, "/api.yaml", filesContext({ "/api.yaml": root }));
    expect(view.missing).toBeUndefined();
    expect(view.loop).toBeUndefined();
    expect(view.list.filter(Boolean).map((p: Json) => p.name)).toEqual(["ok"]);
  });
});

describe("parametersOf", () => {
  const query = (name: string, description: string) => ({ name, in: "query", description });

  it("gives the path item's parameters and the operation's, the operation's winning", () => {
    const pathItem = { parameters: [query("limit", "path item's"), query("marker", "path item's")] };
    const operation = { parameters: [query("limit", "operation's"), query("offset", "operation's")] };
    expect(parametersOf(pathItem, operation)).toEqual([
      query("limit", "operation's"),
      query("marker", "path item's"),
      query("offset", "operation's"),
    ]);
  });

  it("skips parameters that resolve to nothing (an unresolvable $ref read through the view)", () => {
    const root = {
      item: { parameters: [{ $ref: "#/nowhere" }, query("marker", "m")] },
      get: { parameters: [query("limit", "l"), { $ref: "#/nowhere" }] },
    };
    const view = resolvingView(root, "/api.yaml", filesContext({ "/api.yaml": root }));
    expect(parametersOf(view.item, view.get)).toEqual([query("marker", "m"), query("limit", "l")]);
    expect(parametersOf(undefined, view.get)).toEqual([query("limit", "l")]);
  });

  it("takes a `parameters` that is no list (a map, a string) for none, leaving it to Redocly's struct rule", () => {
    const root = {
      item: { parameters: { limit: query("limit", "l") } },
      get: { parameters: "marker" },
      put: { parameters: [query("marker", "m")] },
    };
    const view = resolvingView(root, "/api.yaml", filesContext({ "/api.yaml": root }));
    expect(parametersOf(view.item, view.get)).toEqual([]);
    expect(parametersOf(view.item, view.put)).toEqual([query("marker", "m")]);
  });
});

describe("declarationOf", () => {
  const at = (path: string[]) => ({ path, child: (more: string[]) => at([...path, ...more]) });
  const places = (additions: Json) => ({ location: at(["paths", "/things", "get"]), additions, rootLocation: at([]) });

  it("prefers the operation's own declaration, else the wrapper's for its operationId, else none", () => {
    const additions = { listThings: { "x-cli": { columns: ["id"] } } };
    const own = declarationOf({ operationId: "listThings", "x-cli": { aliases: ["t"] } }, "x-cli", places(additions));
    expect(own.value).toEqual({ aliases: ["t"] });
    expect(own.at.path).toEqual(["paths", "/things", "get", "x-cli"]);
    const added = declarationOf({ operationId: "listThings" }, "x-cli", places(additions));
    expect(added.value).toEqual({ columns: ["id"] });
    expect(added.at.path).toEqual(["x-operation-additions", "listThings", "x-cli"]);
    expect(declarationOf({ operationId: "listThings" }, "x-pagination", places(additions))).toBeUndefined();
    expect(declarationOf({ operationId: "other" }, "x-cli", places(additions))).toBeUndefined();
  });
});
