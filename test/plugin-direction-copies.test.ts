/**
 * The request copies the bundle-time decorators make (scripts/redocly/plugin.mjs: a request body
 * gets its own copy `X-request` of each schema that requires a read-only property), driven in-process
 * as Redocly's bundler walks a document: each schema and request body is left after everything
 * below it, the bundler having saved each schema a $ref reaches into components.schemas; then the
 * walk goes on to the components it has not been through, resolving each $ref there among the
 * components it saved; the root is left last.
 *
 * The fixture is Confluent's update request once its upstream spec no longer requires
 * `spec.environment` (specs/confluent/upstream/networking-privatelink-v1.yaml): nothing is folded
 * into a copy of the referenced schemas, so whole components are copied, one referring to another.
 */
import { describe, expect, it } from "vitest";

// Plain JavaScript without declarations (see test/change-report.test.ts): imported by URL, as `any`.
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { default: connectivityPlugin } = await load("../scripts/redocly/plugin.mjs");

type Json = any;
const SCHEMAS = "#/components/schemas/";
const ref = (name: string) => ({ $ref: `${SCHEMAS}${name}` });
const json = (schema: Json) => ({ content: { "application/json": { schema } } });

/** Every $ref in `node`. */
function refsIn(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, out));
  else if (node && typeof node === "object") {
    if (typeof node.$ref === "string") out.push(node.$ref);
    Object.values(node).forEach((value) => refsIn(value, out));
  }
  return out;
}

const deref = (root: Json, node: Json) =>
  node?.$ref ? root.components.schemas[node.$ref.slice(SCHEMAS.length)] : node;

/** The components as the bundler saved them: `reference` requires its read-only `related`. */
function savedComponents() {
  const reference = {
    type: "object",
    required: ["id", "related"],
    properties: { id: { type: "string" }, related: { type: "string", readOnly: true } },
  };
  const specUpdate = {
    type: "object",
    properties: {
      name: { type: "string" },
      environment: { allOf: [ref("Reference")], description: "The environment" },
    },
  };
  const update = {
    type: "object",
    properties: { id: { type: "string", readOnly: true }, spec: ref("SpecUpdate") },
  };
  const connection = { type: "object", properties: { id: { type: "string" }, spec: ref("SpecUpdate") } };
  return { Reference: reference, SpecUpdate: specUpdate, Update: update, Connection: connection };
}

describe("request copies of components (fold-shadow-allof-members, readable-schema-names)", () => {
  const decorators = connectivityPlugin().decorators.oas3;

  it("join the components once the walk is over, so that the walk meets no $ref it cannot resolve, and are named XInput", () => {
    const saved = savedComponents();
    // The update body: the member beside the $ref requires `spec` and annotates spec.environment.
    const updateBody: Json = json({
      allOf: [
        ref("Update"),
        {
          type: "object",
          required: ["spec"],
          properties: { spec: { properties: { environment: { example: { id: "env-0" } } } } },
        },
      ],
    });
    // The read response: its member requires spec.environment, which gives it its own copy of Connection.
    const readResponse: Json = {
      description: "OK",
      ...json({
        allOf: [
          ref("Connection"),
          { type: "object", properties: { spec: { type: "object", required: ["environment"] } } },
        ],
      }),
    };
    const errorResponse: Json = { description: "Not found", ...json(ref("Error")) };
    const root: Json = {
      paths: {
        "/things/{id}": {
          patch: { requestBody: updateBody, responses: { "200": readResponse } },
          get: { responses: { "200": readResponse, "404": errorResponse } },
        },
      },
      components: { schemas: { ...saved } },
    };
    const fold = decorators["fold-shadow-allof-members"]();
    fold.Root.enter(root);
    fold.Schema.leave(updateBody.content["application/json"].schema);
    fold.RequestBody.leave(updateBody);
    fold.Schema.leave(readResponse.content["application/json"].schema);
    fold.Response.leave(readResponse);
    // A schema the bundler saves after the update body was left.
    root.components.schemas.Error = { type: "object", properties: { code: { type: "string" } } };
    const bundlerSaved = [...Object.keys(saved), "Error"];

    // What the walk goes on to: every $ref in the components names one the bundler saved.
    const unresolvable = refsIn(root.components.schemas).filter((r) => !bundlerSaved.includes(r.slice(SCHEMAS.length)));
    expect(unresolvable).toEqual([]);

    fold.Root.leave(root);
    decorators["readable-schema-names"]().Root.leave(root);

    // Each copy where it was made (after the last component then), those no operation uses any more
    // dropped, and each copy named after its schema, which the copy outlives.
    expect(Object.keys(root.components.schemas)).toEqual([
      "Reference",
      "ReferenceInput",
      "SpecUpdateInput",
      "UpdateInput",
      "Error",
    ]);
    const names = Object.keys(root.components.schemas);
    expect(refsIn(root).filter((r) => !names.includes(r.slice(SCHEMAS.length)))).toEqual([]);

    // The request: spec required, spec.environment not, and the environment's read-only `related` not.
    const body = updateBody.content["application/json"].schema;
    expect(body).toEqual({ allOf: [ref("UpdateInput")], required: ["spec"] });
    const spec = deref(root, root.components.schemas.UpdateInput.properties.spec);
    expect(spec).toBe(root.components.schemas.SpecUpdateInput);
    expect(spec).not.toHaveProperty("required");
    expect(spec.properties.environment).toEqual({ allOf: [ref("ReferenceInput")], description: "The environment" });
    expect(root.components.schemas.ReferenceInput.required).toEqual(["id"]);
    // The response keeps what it requires, and the shared schema is left as it was.
    expect(readResponse.content["application/json"].schema.properties.spec.required).toEqual(["environment"]);
    expect(root.components.schemas.Reference).toBe(saved.Reference);
    expect(saved.Reference.required).toEqual(["id", "related"]);
  });

  it("refuses a name the bundler gave a schema of its own after a copy was given it", () => {
    const root: Json = { paths: {}, components: { schemas: savedComponents() } };
    const body: Json = json(ref("Update"));
    const fold = decorators["fold-shadow-allof-members"]();
    fold.Root.enter(root);
    fold.RequestBody.leave(body);
    expect(body.content["application/json"].schema).toEqual(ref("Update-request"));
    root.components.schemas["Update-request"] = { type: "string" };
    expect(() => fold.Root.leave(root)).toThrow(
      'components.schemas["Update-request"]: the bundle took the name after a request or response copy was given it',
    );
  });
});
