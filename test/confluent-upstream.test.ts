/**
 * Confluent's published per-API spec in the repo, and what the Confluent wrapper takes from it.
 *
 * `specs/confluent/upstream/networking-privatelink-v1.yaml` is an excerpt of Confluent's own spec
 * (confluentinc/ccloud-sdk-go-v2, networking-privatelink/v1/api/openapi.yaml), kept byte for byte as
 * the source in `specs/sources/`. The wrapper `specs/confluent/openapi.yaml` takes create, read,
 * update and delete from it, and the list operation still from the page's definition
 * (`private-link-attachment-connections.yaml`, test/confluent-reconstruction.test.ts), which
 * documents more than the published spec's. These tests bundle the wrapper as `npm run generate`
 * does (Redocly CLI with redocly.yaml's decorators), check what each operation comes from, and check
 * the generated types (with `tsc --noEmit`) and the client against a local server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import type { paths } from "../generated/confluent.js";
import { createConfluentClient } from "../src/confluent/index.js";
import { sendJson, startServer, type Handler, type TestServer } from "./support/http-server.js";

// Plain JavaScript without declarations (see test/change-report.test.ts): imported by URL, as `any`.
const load = (file: string): Promise<any> => import(new URL(file, import.meta.url).href);
const { redocly } = await load("../scripts/lib/redocly.mjs");
const { default: connectivityPlugin } = await load("../scripts/redocly/plugin.mjs");

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = "specs/sources/confluent-networking-privatelink-v1-upstream-excerpt.yaml";
const UPSTREAM = "specs/confluent/upstream/networking-privatelink-v1.yaml";
const PAGE_DEFINITION = "specs/confluent/private-link-attachment-connections.yaml";
const WRAPPER = "specs/confluent/openapi.yaml";
const COLLECTION = "/networking/v1/private-link-attachment-connections";
const ITEM = "/networking/v1/private-link-attachment-connections/{id}";
const SCHEMAS = "#/components/schemas/";

const read = (file: string) => readFileSync(resolve(ROOT, file));
const readYaml = (file: string): any => parse(read(file).toString("utf8"));

const upstream = readYaml(UPSTREAM);
const page = readYaml(PAGE_DEFINITION);
const wrapper = readYaml(WRAPPER);

/** Follows local $refs of the bundle. */
function deref(doc: any, node: any): any {
  while (node && typeof node.$ref === "string") {
    expect(node.$ref.startsWith(SCHEMAS), node.$ref).toBe(true);
    node = doc.components.schemas[node.$ref.slice(SCHEMAS.length)];
  }
  return node;
}

const jsonSchema = (container: any) => container.content["application/json"].schema;

describe("the published spec's excerpt", () => {
  it("is a byte-for-byte copy of the source in specs/sources/", () => {
    const copy = read(UPSTREAM);
    const source = read(SOURCE);
    expect(copy.length).toBeGreaterThan(50_000);
    expect(copy.equals(source)).toBe(true);
  });

  it("is a complete document with the five operations on private link attachment connections", () => {
    expect(upstream.openapi).toBe("3.0.0");
    expect(upstream.info.version).toBe("0.0.1-alpha1");
    expect(Object.keys(upstream.paths)).toEqual([COLLECTION, ITEM]);
    expect(Object.keys(upstream.paths[COLLECTION])).toEqual(["get", "post"]);
    expect(Object.keys(upstream.paths[ITEM])).toEqual(["delete", "get", "patch"]);
  });
});

describe("the bundled Confluent wrapper", () => {
  let work: string;
  let bundle: any;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "confluent-upstream-"));
    const file = join(work, "confluent.yaml");
    const result = await redocly(["bundle", "confluent", "-o", file], { cwd: ROOT });
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    bundle = parse(readFileSync(file, "utf8"));
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const operation = (path: string, method: string) => bundle.paths[path][method];

  it("refers to the page's list operation and to the published spec's other four, adding nothing to them", () => {
    expect(wrapper.paths).toEqual({
      [COLLECTION]: {
        get: {
          $ref: `./private-link-attachment-connections.yaml#/paths/~1networking~1v1~1private-link-attachment-connections/get`,
        },
        post: {
          $ref: `./upstream/networking-privatelink-v1.yaml#/paths/~1networking~1v1~1private-link-attachment-connections/post`,
        },
      },
      [ITEM]: {
        $ref: "./upstream/networking-privatelink-v1.yaml#/paths/~1networking~1v1~1private-link-attachment-connections~1%7Bid%7D",
      },
    });
  });

  it("has exactly the five operations, with the vendor's operationIds", () => {
    const found = Object.entries(bundle.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, op]: [string, any]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(found.sort()).toEqual(
      [
        `GET ${COLLECTION} ${page.paths[COLLECTION].get.operationId}`,
        `POST ${COLLECTION} ${upstream.paths[COLLECTION].post.operationId}`,
        `GET ${ITEM} ${upstream.paths[ITEM].get.operationId}`,
        `PATCH ${ITEM} ${upstream.paths[ITEM].patch.operationId}`,
        `DELETE ${ITEM} ${upstream.paths[ITEM].delete.operationId}`,
      ].sort(),
    );
    expect(found).toContain(`POST ${COLLECTION} createNetworkingV1PrivateLinkAttachmentConnection`);
    expect(found).toContain(`GET ${ITEM} getNetworkingV1PrivateLinkAttachmentConnection`);
    expect(found).toContain(`PATCH ${ITEM} updateNetworkingV1PrivateLinkAttachmentConnection`);
    expect(found).toContain(`DELETE ${ITEM} deleteNetworkingV1PrivateLinkAttachmentConnection`);
    expect(bundle).not.toHaveProperty("x-operation-additions");
  });

  it("takes create, read, update and delete from the published spec, with its own words", () => {
    for (const [path, method] of [
      [COLLECTION, "post"],
      [ITEM, "get"],
      [ITEM, "patch"],
      [ITEM, "delete"],
    ] as const) {
      const ours = operation(path, method);
      const theirs = upstream.paths[path][method];
      for (const key of ["operationId", "summary", "description", "tags", "security", "x-codeSamples"])
        expect(ours[key], `${method} ${path} ${key}`).toEqual(theirs[key]);
      expect(ours.parameters ?? [], `${method} ${path} parameters`).toEqual(theirs.parameters ?? []);
      expect(Object.keys(ours.responses), `${method} ${path} responses`).toEqual(Object.keys(theirs.responses));
      for (const [status, response] of Object.entries<any>(theirs.responses)) {
        expect(ours.responses[status].description).toBe(response.description);
        expect(Object.keys(ours.responses[status].headers ?? {})).toEqual(Object.keys(response.headers ?? {}));
      }
    }
  });

  it("create answers 202 with a Location header; delete answers 204 without a body", () => {
    const created = operation(COLLECTION, "post").responses["202"];
    expect(created.description).toBe("A Private Link Attachment Connection is being created.");
    expect(created.headers.Location.description).toBe("PrivateLinkAttachmentConnection resource uri");
    expect(created.headers.Location.schema).toMatchObject({ type: "string", format: "uri" });
    expect(jsonSchema(created).required).toEqual(expect.arrayContaining(["spec", "status"]));
    const deleted = operation(ITEM, "delete").responses["204"];
    expect(deleted.description).toBe("A Private Link Attachment Connection is being deleted.");
    expect(deleted).not.toHaveProperty("content");
    expect(Object.keys(operation(ITEM, "delete").responses).filter((s) => s.startsWith("2"))).toEqual(["204"]);
  });

  it("keeps the Location headers' URI-template examples, as x-example-uri-template", () => {
    const location = operation(COLLECTION, "post").responses["202"].headers.Location.schema;
    const published = upstream.paths[COLLECTION].post.responses["202"].headers.Location.schema.example;
    expect(published).toBe("https://api.confluent.cloud/networking/v1/private-link-attachment-connections/{id}");
    expect(location).not.toHaveProperty("example");
    expect(location["x-example-uri-template"]).toBe(published);
  });

  it("keeps the page's list operation, with what only the page documents", () => {
    const list = operation(COLLECTION, "get");
    const pageList = page.paths[COLLECTION].get;
    expect(list.operationId).toBe("listNetworkingV1PrivateLinkAttachmentConnections");
    expect(list.description).toBe(pageList.description);
    expect(list.parameters).toEqual(pageList.parameters);
    expect(list.parameters.map((p: any) => p.description)).toEqual([
      "Filter the results by exact match for environment.",
      "Filter the results by exact match for spec.private_link_attachment.",
      "A pagination size for collection requests.",
      "An opaque pagination token for collection requests.",
    ]);
    expect(list.parameters[0].schema.title).toBe("SearchFilter");
    // Only the page's Error has `error_code` and `message` (and is closed); the published spec's has neither.
    for (const status of ["400", "401", "403", "500"]) {
      const error = jsonSchema(list.responses[status]).properties.errors.items;
      expect(error.title, status).toBe("Error");
      expect(error.properties.error_code, status).toEqual({ type: "integer", format: "int32" });
      expect(error.properties.message, status).toEqual({ type: "string", nullable: true });
      expect(error.additionalProperties, status).toBe(false);
    }
    expect(upstream.components.schemas.Error.properties).not.toHaveProperty("error_code");
    expect(upstream.components.schemas.Error.properties).not.toHaveProperty("message");
    // The page's status.phase is an enum; the wrapper's additions are on the operation.
    const item = jsonSchema(list.responses["200"]).properties.data.items;
    expect(item.properties.status.properties.phase.enum).toEqual([
      "PROVISIONING",
      "READY",
      "FAILED",
      "DEPROVISIONING",
      "DISCONNECTED",
    ]);
    expect(list.summary).toBe(wrapper["x-operation-additions"][list.operationId].summary);
    expect(list["x-pagination"]).toEqual(wrapper["x-operation-additions"][list.operationId]["x-pagination"]);
  });

  it("bundles the published spec's alike-named schemas under readable names: merged where they say the same, named by the wrapper where not", () => {
    const schemas = bundle.components.schemas;
    // The page's restored schemas keep their names (and titles); no bundler duplicate `-2` is left.
    for (const name of ["AwsPrivateLinkAttachmentConnection", "GcpPrivateLinkAttachmentConnectionStatus"])
      expect(schemas[`networking.v1.${name}`].title).toBe(`networking.v1.${name}`);
    expect(Object.keys(schemas).filter((name) => /-\d+$|-(request|response)$/.test(name))).toEqual([]);
    // Each entry names a duplicate the bundler made (`-N`) and gives a name the bundle has; Confluent's
    // changes may bring more (README, "Confluent's definition"): any set that leaves no `-N` name passes.
    const given: Record<string, string> = wrapper["x-schema-names"];
    for (const [duplicate, readable] of Object.entries(given)) {
      expect(duplicate).toMatch(/-\d+$/);
      expect(readable).not.toMatch(/-\d+$/);
      expect(Object.keys(schemas)).toContain(readable);
    }
    expect(given["networking.v1.GcpPrivateLinkAttachmentConnection-2"]).toBe(
      "networking.v1.GcpPrivateLinkAttachmentConnectionPublished",
    );
    // The one that differs from the page's: the published spec marks the connection id read-only.
    const published = schemas["networking.v1.GcpPrivateLinkAttachmentConnectionPublished"];
    expect(published.properties.private_service_connect_connection_id.readOnly).toBe(true);
    expect(
      schemas["networking.v1.GcpPrivateLinkAttachmentConnection"].properties.private_service_connect_connection_id
        .readOnly,
    ).toBeUndefined();
    const listCloud = jsonSchema(operation(COLLECTION, "get").responses["200"]).properties.data.items.properties.spec
      .properties.cloud;
    expect(listCloud.oneOf.map((m: any) => m.$ref)).toEqual([
      `${SCHEMAS}networking.v1.AwsPrivateLinkAttachmentConnection`,
      `${SCHEMAS}networking.v1.AzurePrivateLinkAttachmentConnection`,
      `${SCHEMAS}networking.v1.GcpPrivateLinkAttachmentConnection`,
    ]);
    const getCloud = jsonSchema(operation(ITEM, "get").responses["200"]).properties.spec.properties.cloud;
    expect(getCloud.oneOf.map((m: any) => m.$ref)).toEqual([
      `${SCHEMAS}networking.v1.AwsPrivateLinkAttachmentConnection`,
      `${SCHEMAS}networking.v1.AzurePrivateLinkAttachmentConnection`,
      `${SCHEMAS}networking.v1.GcpPrivateLinkAttachmentConnectionPublished`,
    ]);
    expect(Object.values(getCloud.discriminator.mapping)).toEqual(getCloud.oneOf.map((m: any) => m.$ref));
    const createCloud = jsonSchema(operation(COLLECTION, "post").requestBody).properties.spec.properties.cloud;
    expect(createCloud.oneOf.map((m: any) => m.$ref)).toContain(
      `${SCHEMAS}networking.v1.GcpPrivateLinkAttachmentConnectionPublishedInput`,
    );
  });

  it("folds the published spec's required lists into each operation's own schemas", () => {
    const got = jsonSchema(operation(ITEM, "get").responses["200"]);
    expect(got.allOf).toBeUndefined();
    expect(got.required).toEqual(expect.arrayContaining(["api_version", "id", "kind", "spec", "status"]));
    expect(got.properties.spec.required).toEqual(["cloud", "environment", "private_link_attachment"]);
    expect(deref(bundle, got.properties.status).required).toEqual(["phase"]);
    expect(deref(bundle, got.properties.spec.properties.environment.allOf[0]).required).toEqual([
      "id",
      "related",
      "resource_name",
    ]);

    const create = jsonSchema(operation(COLLECTION, "post").requestBody);
    expect(create.required).toEqual(["spec"]);
    expect(create.properties.spec.required).toEqual(["cloud", "environment", "private_link_attachment"]);
    // In a request, read-only properties are not required (OpenAPI 3.0): ObjectReference's
    // server-set `related` and `resource_name` stay, optional.
    const reference = deref(bundle, create.properties.spec.properties.environment.allOf[0]);
    expect(reference.required).toEqual(["id"]);
    expect(Object.keys(reference.properties)).toEqual([
      "id",
      "environment",
      "related",
      "resource_name",
      "api_version",
      "kind",
    ]);

    const update = jsonSchema(operation(ITEM, "patch").requestBody);
    expect(update.required).toEqual(["spec"]);
    expect(update.properties.spec.required).toEqual(["environment"]);
    expect(Object.keys(update.properties.spec.properties)).toEqual(["display_name", "environment"]);
  });
});

describe("the bundle-time decorators the published spec needs (scripts/redocly/plugin.mjs)", () => {
  const decorators = connectivityPlugin().decorators.oas3;
  const ref = (name: string) => ({ $ref: `${SCHEMAS}${name}` });

  it("readable names: a duplicate like its schema is merged into it, one that differs needs a given name, a direction copy is named XInput / XOutput", () => {
    const v = () => decorators["readable-schema-names"]();
    const a = {
      type: "object",
      title: "A",
      required: ["x", "y"],
      properties: { x: { type: "string" }, y: { type: "string" } },
    };
    const a2 = {
      type: "object",
      description: "same",
      required: ["y", "x"],
      properties: { x: { type: "string" }, y: { type: "string" } },
    };
    const b = { type: "object", properties: { x: { type: "string" } } };
    const b2 = { type: "object", properties: { x: { type: "string", readOnly: true } } };
    const doc = (extra: object = {}): any => ({
      ...extra,
      paths: {
        "/a": {
          get: {
            responses: {
              200: {
                content: {
                  "application/json": {
                    schema: {
                      oneOf: [ref("A-2"), ref("B-2")],
                      discriminator: { propertyName: "k", mapping: { a: `${SCHEMAS}A-2`, b: `${SCHEMAS}B-2` } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: { schemas: { A: a, "A-2": a2, B: b, "B-2": b2, "B-2-request": { ...b2, required: [] } } },
    });
    expect(() => v().Root.leave(doc())).toThrow(
      'components.schemas["B-2"] differs from "B": properties changed: "x". ' +
        "Give it a readable name in the wrapper's x-schema-names, e.g.:\n      x-schema-names:\n        B-2: BPublished",
    );
    // Bundling a wrapper (its file is the root's location): the message places both definitions (a
    // component of one file, an inline schema titled alike in another) and the wrapper's x-schema-names.
    const dir = mkdtempSync(join(tmpdir(), "connectivity-schema-names-"));
    try {
      const files = {
        wrapper: join(dir, "wrapper.yaml"),
        published: join(dir, "published.yaml"),
        page: join(dir, "page.yaml"),
      };
      writeFileSync(
        files.wrapper,
        "openapi: 3.0.0\npaths:\n  /a:\n    $ref: './page.yaml#/paths/~1a'\n  /b:\n    $ref: published.yaml#/paths/~1b\n" +
          "x-schema-names:\n  A-2: AOther\n",
      );
      writeFileSync(
        files.page,
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n" +
          "            application/json:\n              schema:\n                title: B\n                type: object\n" +
          "                properties:\n                  x:\n                    type: string\n",
      );
      writeFileSync(
        files.published,
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n    B:\n      type: object\n" +
          "      properties:\n        x:\n          type: string\n          readOnly: true\n",
      );
      const shown = (file: string) => relative(process.cwd(), file);
      expect(() => v().Root.leave(doc(), { location: { source: { absoluteRef: files.wrapper } } })).toThrow(
        `components.schemas["B-2"] differs from "B" ("B-2" is the one at ${shown(files.published)}:6, ` +
          `"B" the one at ${shown(files.page)}:10): properties changed: "x". ` +
          `Give it a readable name in x-schema-names of ${shown(files.wrapper)} (line 8), e.g.:\n` +
          "      x-schema-names:\n        B-2: BPublished",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => v().Root.leave(doc({ "x-schema-names": { "B-2": "BPublished", "C-2": "C" } }))).toThrow(
      /names "C-2", which the bundle does not have/,
    );
    // A name another schema has would merge two schemas that differ.
    expect(() => v().Root.leave(doc({ "x-schema-names": { "B-2": "B" } }))).toThrow(
      'x-schema-names gives "B-2" the name "B", which another schema of the bundle has: choose a name of its own',
    );
    // One name for two duplicates that differ would merge them too.
    /** A bundle of these components only, with these x-schema-names entries. */
    const bundle = (schemas: object, names?: object): any => ({
      paths: {},
      components: { schemas },
      ...(names ? { "x-schema-names": names } : {}),
    });
    const twoDuplicates = bundle(
      { B: b, "B-2": b2, C: { ...b, title: "C" }, "C-2": { ...b2, title: "C" } },
      { "B-2": "Same", "C-2": "Same" },
    );
    expect(() => v().Root.leave(twoDuplicates)).toThrow(
      'x-schema-names gives "C-2" the name "Same", which it gives "B-2" too: choose a name of its own',
    );
    // Nor the name a request copy gets (C-request is CInput).
    const copyName = bundle({ B: b, "B-2": b2, C: b, "C-request": { ...b, required: [] } }, { "B-2": "CInput" });
    expect(() => v().Root.leave(copyName)).toThrow(
      'x-schema-names gives "B-2" the name "CInput", which another schema of the bundle has: choose a name of its own',
    );
    // Nor a name whose request copy's name another schema has (B-2 → Bar makes B-2-request BarInput).
    const copyOfGiven = bundle(
      { B: b, "B-2": b2, "B-2-request": { ...b2, required: [] }, BarInput: { type: "boolean" } },
      { "B-2": "Bar" },
    );
    expect(() => v().Root.leave(copyOfGiven)).toThrow(
      'x-schema-names gives "B-2" the name "Bar", so that its copy "B-2-request" is named "BarInput", which another schema of the bundle has: choose another name',
    );
    // An entry for a name the bundle does not have says so (before the checks of the names given), and
    // one for a schema that is no duplicate too.
    expect(() => v().Root.leave(bundle({ B: b }, { B: "Bee" }))).toThrow(
      'x-schema-names names "B", which is no duplicate the bundle made (an entry renames an "X-2"): remove the entry',
    );
    // Names in a discriminator's mapping and in dependentRequired are no annotations either.
    const mapped = (target: string) => ({
      ...b,
      discriminator: { propertyName: "x", mapping: { title: `${SCHEMAS}${target}` } },
    });
    expect(() => v().Root.leave(bundle({ A: a, B: b, D: mapped("A"), "D-2": mapped("B") }))).toThrow(
      'components.schemas["D-2"] differs from "D"',
    );
    expect(() => v().Root.leave(bundle({ B: b }, { "Z-2": "B" }))).toThrow(
      'x-schema-names names "Z-2", which the bundle does not have',
    );
    // A property named like an annotation is a property: duplicates differing by one are not merged.
    const named = (extra: object) => ({ ...b, properties: { ...b.properties, ...extra } });
    expect(() => v().Root.leave(bundle({ D: named({}), "D-2": named({ description: { type: "string" } }) }))).toThrow(
      'components.schemas["D-2"] differs from "D"',
    );
    // Nor the name of a duplicate the bundle merges away (C-2 into C), nor any "-N" name.
    const mergedAway = bundle({ B: b, "B-2": b2, C: b, "C-2": { ...b, description: "same" } }, { "B-2": "C-2" });
    expect(() => v().Root.leave(mergedAway)).toThrow(
      'x-schema-names gives "B-2" the name "C-2", which is no readable schema name (letters, digits, ".", "_" and "-", not ending in "-" and a number)',
    );
    // Schemas that say the same share their name on purpose: a merged duplicate's request copy with its schema's.
    const copies = bundle({ B: b2, "B-2": { ...b2, description: "same" }, "B-request": b, "B-2-request": { ...b } });
    v().Root.leave(copies);
    expect(Object.keys(copies.components.schemas)).toEqual(["B", "BInput"]);
    // A-2 says what A says (annotations and the order of `required` aside): merged, its entry names nothing.
    expect(() => v().Root.leave(doc({ "x-schema-names": { "B-2": "BPublished", "A-2": "AOther" } }))).toThrow(
      'x-schema-names names "A-2", which says the same as "A" now (annotations aside): remove the entry',
    );
    const root = doc({ "x-schema-names": { "B-2": "BPublished" } });
    v().Root.leave(root);
    expect(Object.keys(root.components.schemas)).toEqual(["A", "B", "BPublished", "BPublishedInput"]);
    expect(root.components.schemas.A).toBe(a);
    const schema = root.paths["/a"].get.responses[200].content["application/json"].schema;
    expect(schema.oneOf).toEqual([ref("A"), ref("BPublished")]);
    expect(schema.discriminator.mapping).toEqual({ a: `${SCHEMAS}A`, b: `${SCHEMAS}BPublished` });
    expect(root).not.toHaveProperty("x-schema-names");
  });

  it("readable names: a duplicate that refers to a merged duplicate is compared as referring to its schema; entry names are checked", () => {
    const v = () => decorators["readable-schema-names"]();
    const bundle = (schemas: object, names?: object): any => ({
      paths: {},
      components: { schemas },
      ...(names ? { "x-schema-names": names } : {}),
    });
    const a = { type: "object", properties: { kind: { type: "string" } } };
    const a2 = { ...a, description: "the published spec's" };
    // D-2 refers to A-2, D to A: once A-2 is merged into A, D-2 says what D says.
    const byRef = bundle({
      A: a,
      "A-2": a2,
      D: { type: "object", properties: { a: ref("A") } },
      "D-2": { type: "object", properties: { a: ref("A-2") } },
      E: { oneOf: [ref("A")], discriminator: { propertyName: "kind", mapping: { a: `${SCHEMAS}A` } } },
      "E-2": { oneOf: [ref("A-2")], discriminator: { propertyName: "kind", mapping: { a: `${SCHEMAS}A-2` } } },
      F: { type: "object", properties: { d: ref("D") } },
      "F-2": { type: "object", properties: { d: ref("D-2") } },
    });
    v().Root.leave(byRef);
    expect(Object.keys(byRef.components.schemas)).toEqual(["A", "D", "E", "F"]);
    // Duplicates that refer to themselves or to each other: merged when they say the same, whatever the
    // order of the schemas (D-2 differs from D by its description alone; E-2 refers to D-2 as E to D).
    const selfRef = bundle({
      X: { type: "object", properties: { next: ref("X") } },
      "X-2": { type: "object", description: "the published spec's", properties: { next: ref("X-2") } },
    });
    v().Root.leave(selfRef);
    expect(Object.keys(selfRef.components.schemas)).toEqual(["X"]);
    expect(selfRef.components.schemas.X.properties.next).toEqual(ref("X"));
    const d = (target: string) => ({ type: "object", properties: { e: ref(target) } });
    const e = (target: string) => ({ type: "object", properties: { d: ref(target) } });
    const cycle = { D: d("E-2"), "D-2": { ...d("E-2"), description: "other" }, E: e("D"), "E-2": e("D-2") };
    for (const order of [
      ["D", "D-2", "E", "E-2"],
      ["E", "E-2", "D", "D-2"],
    ]) {
      const inOrder = bundle(Object.fromEntries(order.map((name) => [name, structuredClone((cycle as any)[name])])));
      v().Root.leave(inOrder);
      expect(Object.keys(inOrder.components.schemas).sort(), order.join(" ")).toEqual(["D", "E"]);
    }
    // One that differs somewhere along the cycle keeps both apart: a name is asked for.
    const apart = bundle({ ...cycle, "D-2": { ...d("E-2"), required: ["e"] } });
    expect(() => v().Root.leave(apart)).toThrow(/components\.schemas\["(D|E)-2"\] differs from "(D|E)"/);
    // What only documents (a URI-template example moved aside) and the order of dependentRequired's lists aside.
    const uri = (example: string) => ({
      type: "object",
      properties: { self: { type: "string", format: "uri", "x-example-uri-template": example } },
      dependentRequired: { self: ["a", "b"] },
    });
    const documented = bundle({
      M: uri("https://api.example/{id}"),
      "M-2": { ...uri("https://api.example/{thing_id}"), dependentRequired: { self: ["b", "a"] } },
    });
    v().Root.leave(documented);
    expect(Object.keys(documented.components.schemas)).toEqual(["M"]);
    // A boolean schema is a schema: its duplicate is one too.
    const boolean = bundle({ A: false, "A-2": { type: "string" } }, { "A-2": "Named" });
    v().Root.leave(boolean);
    expect(Object.keys(boolean.components.schemas)).toEqual(["A", "Named"]);
    // An entry for a merged duplicate names nothing, whatever name it gives (the merged one too).
    const copies = { A: a, "A-request": { ...a, required: [] }, "A-request-2": { ...a, required: [], title: "same" } };
    expect(() => v().Root.leave(bundle(copies, { "A-request-2": "AInput" }))).toThrow(
      'x-schema-names names "A-request-2", which says the same as "AInput" now (annotations aside): remove the entry',
    );
    expect(() => v().Root.leave(bundle({ A: a, "A-2": a2 }, { "A-2": "A" }))).toThrow(
      'x-schema-names names "A-2", which says the same as "A" now (annotations aside): remove the entry',
    );
    // A name given must be one a schema can have, and no "-N" name.
    for (const name of [null, 42, "", "A-3", "Bad Name/x"])
      expect(() => v().Root.leave(bundle({ A: a, "A-2": { type: "string" } }, { "A-2": name }))).toThrow(
        `x-schema-names gives "A-2" the name ${JSON.stringify(name)}, which is no readable schema name`,
      );
  });

  it("fold: gives a schema its own copy of a referenced member to carry a nested required list", () => {
    const connection = { type: "object", properties: { id: { type: "string" }, spec: ref("Spec") } };
    const spec = { type: "object", properties: { cloud: { type: "object" }, name: { type: "string" } } };
    const root: any = { paths: {}, components: { schemas: { Connection: connection, Spec: spec } } };
    const schema: any = {
      allOf: [
        ref("Connection"),
        { type: "object", required: ["spec"], properties: { spec: { type: "object", required: ["cloud"] } } },
        { type: "object", properties: { spec: { properties: { name: { example: "x" } } } } },
      ],
    };
    const v = decorators["fold-shadow-allof-members"]();
    v.Root.enter(root);
    v.Schema.leave(schema);
    // The third member's example lands on the copy too.
    expect(schema).toEqual({
      type: "object",
      required: ["spec"],
      properties: {
        id: { type: "string" },
        spec: {
          ...spec,
          properties: { ...spec.properties, name: { type: "string", example: "x" } },
          required: ["cloud"],
        },
      },
    });
    // The components stay as they were; the one nothing refers to any more is dropped.
    expect(spec).not.toHaveProperty("required");
    root.paths = { "/c": { get: { responses: { 200: { content: { "application/json": { schema } } } } } } };
    v.Root.leave(root);
    expect(Object.keys(root.components.schemas)).toEqual([]);
  });

  it("fold: a member's examples and descriptions go onto the properties it annotates, over their own (Confluent's page-specific examples)", () => {
    const fold = (schema: any) => (decorators["fold-shadow-allof-members"]().Schema.leave(schema), schema);
    const listMeta = () => ({
      type: "object",
      properties: { next: { type: "string", example: "https://api.confluent.cloud/v2/resourcekinds?page_token=a" } },
    });
    const next = "https://api.confluent.cloud/networking/v1/private-link-attachment-connections?page_token=b";
    expect(fold({ allOf: [listMeta(), { properties: { next: { example: next } } }] })).toEqual({
      type: "object",
      properties: { next: { type: "string", example: next } },
    });
    // Nested, through an array's items, with a description.
    const env = { type: "object", properties: { id: { type: "string" } } };
    const items = { type: "array", items: { type: "object", properties: { env } } };
    expect(
      fold({
        allOf: [
          { type: "object", properties: { data: items } },
          { properties: { data: { items: { properties: { env: { example: { id: "env-0" }, description: "d" } } } } } },
        ],
      }).properties.data.items.properties.env,
    ).toEqual({ ...env, example: { id: "env-0" }, description: "d" });
  });

  it("fold: a URI-template example a member gives a format: uri property is kept as x-example-uri-template", () => {
    const fold = (schema: any) => (decorators["fold-shadow-allof-members"]().Schema.leave(schema), schema);
    const self = () => ({ type: "string", format: "uri", example: "https://api.example.org/things/1" });
    expect(
      fold({
        allOf: [
          { type: "object", properties: { self: self() } },
          { properties: { self: { example: "https://x/{id}" } } },
        ],
      }).properties.self,
    ).toEqual({ type: "string", format: "uri", "x-example-uri-template": "https://x/{id}" });
    // A plain URI from the member replaces a template the property had kept aside.
    const templated = { type: "string", format: "uri", "x-example-uri-template": "https://x/{id}" };
    expect(
      fold({
        allOf: [
          { type: "object", properties: { self: templated } },
          { properties: { self: { example: "https://x/1" } } },
        ],
      }).properties.self,
    ).toEqual({ type: "string", format: "uri", example: "https://x/1" });
  });

  it("fold: an example of a property whose schema is a $ref is left out (a copy of the schema would rename its type)", () => {
    const meta = { type: "object", properties: { self: { type: "string", example: "https://x/v2/a" } } };
    const root: any = { paths: {}, components: { schemas: { ObjectMeta: meta } } };
    const schema: any = {
      allOf: [
        { type: "object", properties: { metadata: ref("ObjectMeta") } },
        { properties: { metadata: { properties: { self: { example: "https://x/plattc-1" } } } } },
      ],
    };
    const v = decorators["fold-shadow-allof-members"]();
    v.Root.enter(root);
    v.Schema.leave(schema);
    expect(schema).toEqual({ type: "object", properties: { metadata: ref("ObjectMeta") } });
    expect(meta.properties.self.example).toBe("https://x/v2/a");
    // Nor on the $ref'd property itself: a $ref keeps no sibling.
    const direct: any = {
      allOf: [
        { type: "object", properties: { metadata: ref("ObjectMeta") } },
        { properties: { metadata: { description: "page-specific", example: { self: "https://x/1" } } } },
      ],
    };
    v.Schema.leave(direct);
    expect(direct).toEqual({ type: "object", properties: { metadata: ref("ObjectMeta") } });
  });

  it("fold: an allOf of one $ref and nothing beside it becomes the $ref", () => {
    const fold = (schema: any) => (decorators["fold-shadow-allof-members"]().Schema.leave(schema), schema);
    expect(fold({ allOf: [ref("ObjectMeta"), { properties: { self: { example: "https://x" } } }] })).toEqual(
      ref("ObjectMeta"),
    );
    expect(fold({ allOf: [ref("ObjectMeta"), { required: ["self"] }] })).toEqual({
      allOf: [ref("ObjectMeta")],
      required: ["self"],
    });
  });

  it("required per direction: read-only properties are not required in a request body", () => {
    const reference = {
      type: "object",
      required: ["id", "related"],
      properties: { id: { type: "string" }, related: { type: "string", readOnly: true } },
    };
    const aws = { type: "object", required: ["kind"], properties: { kind: { type: "string" } } };
    const gcp = {
      type: "object",
      required: ["kind", "connection_id"],
      properties: { kind: { type: "string" }, connection_id: { type: "string", readOnly: true } },
    };
    const status = { type: "object", readOnly: true, required: ["phase"], properties: { phase: { type: "string" } } };
    const root: any = { components: { schemas: { Reference: reference, Aws: aws, Gcp: gcp, Status: status } } };
    const schema = {
      type: "object",
      required: ["environment", "cloud"],
      properties: {
        environment: { allOf: [ref("Reference")], description: "The environment" },
        cloud: {
          oneOf: [ref("Aws"), ref("Gcp")],
          discriminator: { propertyName: "kind", mapping: { Aws: `${SCHEMAS}Aws`, Gcp: `${SCHEMAS}Gcp` } },
        },
        status: ref("Status"),
      },
    };
    const requestBody: any = { content: { "application/json": { schema } } };
    const response: any = { content: { "application/json": { schema } } };
    const v = decorators["fold-shadow-allof-members"]();
    v.Root.enter(root);
    v.RequestBody.leave(requestBody);
    v.Response.leave(response);
    // The copies join the components when the bundler's walk is over (test/plugin-direction-copies.test.ts).
    v.Root.leave(root);
    const sent = requestBody.content["application/json"].schema;
    expect(sent.required).toEqual(["environment", "cloud"]);
    expect(sent.properties.environment).toEqual({ allOf: [ref("Reference-request")], description: "The environment" });
    expect(root.components.schemas["Reference-request"]).toEqual({ ...reference, required: ["id"] });
    expect(sent.properties.cloud.oneOf).toEqual([ref("Aws"), ref("Gcp-request")]);
    expect(sent.properties.cloud.discriminator.mapping).toEqual({ Aws: `${SCHEMAS}Aws`, Gcp: `${SCHEMAS}Gcp-request` });
    expect(root.components.schemas["Gcp-request"].required).toEqual(["kind"]);
    // A read-only property's own schema is left as it is; responses and shared components too.
    expect(sent.properties.status).toEqual(ref("Status"));
    expect(response.content["application/json"].schema).toBe(schema);
    expect(reference.required).toEqual(["id", "related"]);
    expect(Object.keys(root.components.schemas)).toEqual([
      "Reference",
      "Aws",
      "Gcp",
      "Status",
      "Reference-request",
      "Gcp-request",
    ]);
  });

  it("keeps a URI-template example of a format: uri schema as x-example-uri-template", () => {
    const leave = (schema: any) => (decorators["fold-shadow-allof-members"]().Schema.leave(schema), schema);
    expect(leave({ type: "string", format: "uri", example: "https://api.confluent.cloud/{object}/{id}" })).toEqual({
      type: "string",
      format: "uri",
      "x-example-uri-template": "https://api.confluent.cloud/{object}/{id}",
    });
    const uri = { type: "string", format: "uri", example: "https://api.confluent.cloud/v2/resourcekinds" };
    expect(leave(structuredClone(uri))).toEqual(uri);
    const notUri = { type: "string", example: "{id}" };
    expect(leave(structuredClone(notUri))).toEqual(notUri);
  });

  it("restore-discriminator-refs: never puts a restored schema in place of another under its name", () => {
    const published = { type: "object", properties: { kind: { type: "string" } } };
    const restored = { title: "Aws", type: "object", properties: { kind: { type: "string", enum: ["Aws"] } } };
    const root: any = { components: { schemas: { Aws: published } } };
    const v = decorators["restore-discriminator-refs"]();
    v.Root.enter(root);
    const schema: any = {
      oneOf: [restored],
      discriminator: { propertyName: "kind", mapping: { Aws: { ...restored } } },
    };
    v.Schema.leave(schema);
    expect(schema.oneOf).toEqual([ref("Aws-2")]);
    expect(schema.discriminator.mapping).toEqual({ Aws: `${SCHEMAS}Aws-2` });
    expect(root.components.schemas).toEqual({ Aws: published, "Aws-2": restored });
    // The same schema again reuses its name.
    const again: any = { oneOf: [structuredClone(restored)], discriminator: { propertyName: "kind" } };
    v.Schema.leave(again);
    expect(again.oneOf).toEqual([ref("Aws-2")]);
  });
});

// ---- Types: these assertions are checked by `tsc --noEmit` (tsconfig.json includes test/). ----

type Collection = paths[typeof COLLECTION];
type Item = paths[typeof ITEM];
type CreateBody = NonNullable<Collection["post"]["requestBody"]>["content"]["application/json"];
type UpdateBody = NonNullable<Item["patch"]["requestBody"]>["content"]["application/json"];
type Connection = Item["get"]["responses"][200]["content"]["application/json"];
type CloudKind =
  "AwsPrivateLinkAttachmentConnection" | "AzurePrivateLinkAttachmentConnection" | "GcpPrivateLinkAttachmentConnection";

const createBody = {
  spec: {
    display_name: "prod-aws-us-east-1",
    cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-00000000000000000" },
    environment: { id: "env-00000" },
    private_link_attachment: { id: "platt-00000" },
  },
} satisfies CreateBody;

describe("the generated types (checked by tsc)", () => {
  it("type the create request body", () => {
    expectTypeOf<CreateBody["spec"]["display_name"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CreateBody["spec"]["cloud"]["kind"]>().toEqualTypeOf<CloudKind>();
    expectTypeOf<CreateBody["spec"]["environment"]["id"]>().toEqualTypeOf<string>();
    expectTypeOf<CreateBody["spec"]["private_link_attachment"]["id"]>().toEqualTypeOf<string>();
    expectTypeOf(createBody).toMatchTypeOf<CreateBody>();
    // @ts-expect-error spec.environment is required
    const noEnvironment: CreateBody = { spec: { cloud: createBody.spec.cloud, private_link_attachment: { id: "p" } } };
    const awsWithoutEndpoint = { kind: "AwsPrivateLinkAttachmentConnection" } as const;
    // @ts-expect-error the AWS connection needs its VPC endpoint id
    const noEndpoint: CreateBody["spec"]["cloud"] = awsWithoutEndpoint;
    // @ts-expect-error an ObjectReference needs its id
    const noId: CreateBody = { spec: { ...createBody.spec, environment: {} } };
    const gcp: CreateBody = {
      spec: {
        ...createBody.spec,
        cloud: { kind: "GcpPrivateLinkAttachmentConnection", private_service_connect_connection_id: "1" },
      },
    };
    expect([noEnvironment, noEndpoint, noId, gcp]).toHaveLength(4);
  });

  it("type the connection that read, update and create answer", () => {
    expectTypeOf<Connection["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Connection["spec"]["cloud"]["kind"]>().toEqualTypeOf<CloudKind>();
    expectTypeOf<Connection["spec"]["environment"]["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Connection["spec"]["environment"]["related"]>().toEqualTypeOf<string>();
    // The published spec's phase is an x-extensible-enum: a string, with more values to come.
    expectTypeOf<Connection["status"]["phase"]>().toEqualTypeOf<string>();
    expectTypeOf<Item["patch"]["responses"][200]["content"]["application/json"]>().toEqualTypeOf<Connection>();
    expectTypeOf<
      Collection["post"]["responses"][202]["content"]["application/json"]["status"]["phase"]
    >().toEqualTypeOf<string>();
  });

  it("type the update body, the 202's Location header and the 204", () => {
    expectTypeOf<UpdateBody["spec"]["environment"]["id"]>().toEqualTypeOf<string>();
    expectTypeOf<UpdateBody["spec"]["display_name"]>().toEqualTypeOf<string | undefined>();
    const update: UpdateBody = { spec: { display_name: "renamed", environment: { id: "env-00000" } } };
    // @ts-expect-error spec.environment is required
    const noEnvironment: UpdateBody = { spec: { display_name: "renamed" } };
    expect([update, noEnvironment]).toHaveLength(2);
    expectTypeOf<Collection["post"]["responses"][202]["headers"]["Location"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Item["delete"]["responses"][204]["content"]>().toEqualTypeOf<undefined>();
    expectTypeOf<Item["delete"]["parameters"]["query"]["environment"]>().toEqualTypeOf<string>();
    expectTypeOf<Item["get"]["parameters"]["path"]["id"]>().toEqualTypeOf<string>();
  });
});

describe("the Confluent client, on the four new operations", () => {
  let server: TestServer;
  let handle: Handler;
  beforeAll(async () => {
    server = await startServer((req, res, raw) => handle(req, res, raw));
  });
  afterAll(() => server.close());

  const connection = (id: string) => ({
    api_version: "networking/v1",
    kind: "PrivateLinkAttachmentConnection",
    id,
    metadata: { self: `https://api.confluent.cloud${COLLECTION}/${id}` },
    spec: {
      display_name: "prod-aws-us-east-1",
      cloud: { kind: "AwsPrivateLinkAttachmentConnection", vpc_endpoint_id: "vpce-00000000000000000" },
      environment: {
        id: "env-00000",
        related: "https://api.confluent.cloud/v2/environments/env-00000",
        resource_name: "crn://x",
      },
      private_link_attachment: {
        id: "platt-00000",
        related: "https://api.confluent.cloud/x",
        resource_name: "crn://y",
      },
    },
    status: { phase: "PROVISIONING" },
  });
  const client = () =>
    createConfluentClient({
      baseUrl: server.url,
      auth: { apiKey: "KEY", apiSecret: "confluent-secret" },
      retry: false,
    });

  it("creates (202 + Location), reads, updates and deletes (204)", async () => {
    handle = (req, res) => {
      const url = new URL(req.url, server.url);
      if (req.method === "POST")
        return sendJson(res, 202, connection("plattc-1"), { Location: `${server.url}${COLLECTION}/plattc-1` });
      if (req.method === "DELETE") {
        res.writeHead(204);
        res.end();
        return;
      }
      const body = connection(url.pathname.split("/").pop()!);
      if (req.method === "PATCH") body.spec.display_name = JSON.parse(req.body.toString()).spec.display_name;
      return sendJson(res, 200, body);
    };
    const api = client();

    const created = await api.POST(COLLECTION, { body: createBody });
    expect(created.response.status).toBe(202);
    expect(created.response.headers.get("Location")).toBe(`${server.url}${COLLECTION}/plattc-1`);
    expect(created.data?.status.phase).toBe("PROVISIONING");
    expect(JSON.parse(server.requests.at(-1)!.body.toString())).toEqual(createBody);

    const read = await api.GET(ITEM, { params: { path: { id: "plattc-1" }, query: { environment: "env-00000" } } });
    expect(server.requests.at(-1)!.url).toBe(`${COLLECTION}/plattc-1?environment=env-00000`);
    if (!read.data) throw new Error("no data");
    // Through openapi-fetch's Readable<>: id, spec and status.phase are all there.
    expectTypeOf(read.data.id).toEqualTypeOf<string>();
    expectTypeOf(read.data.status.phase).toEqualTypeOf<string>();
    expectTypeOf(read.data.spec.environment.id).toEqualTypeOf<string>();
    expect(read.data.id).toBe("plattc-1");
    expect(read.data.status.phase).toBe("PROVISIONING");

    const updated = await api.PATCH(ITEM, {
      params: { path: { id: "plattc-1" } },
      body: { spec: { display_name: "renamed", environment: { id: "env-00000" } } },
    });
    expect(server.requests.at(-1)!.method).toBe("PATCH");
    expect(updated.data?.spec.display_name).toBe("renamed");

    const deleted = await api.DELETE(ITEM, {
      params: { path: { id: "plattc-1" }, query: { environment: "env-00000" } },
    });
    expect(deleted.response.status).toBe(204);
    expect(deleted.error).toBeUndefined();
    expect(server.requests.at(-1)!.url).toBe(`${COLLECTION}/plattc-1?environment=env-00000`);
  });

  it("still types the list operation's items from the page (status.phase an enum)", async () => {
    handle = (_req, res) =>
      sendJson(res, 200, {
        api_version: "networking/v1",
        kind: "PrivateLinkAttachmentConnectionList",
        metadata: {},
        data: [connection("plattc-2")],
      });
    const { data } = await client().GET(COLLECTION, { params: { query: { environment: "env-00000" } } });
    const first = data?.data[0];
    if (!first) throw new Error("no item");
    expectTypeOf(first.status.phase).toEqualTypeOf<
      "PROVISIONING" | "READY" | "FAILED" | "DEPROVISIONING" | "DISCONNECTED"
    >();
    expect(first.status.phase).toBe("PROVISIONING");
  });
});
