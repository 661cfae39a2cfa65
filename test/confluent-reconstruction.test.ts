/**
 * The Confluent page prints its OpenAPI definition with every line's indentation lost.
 * `specs/confluent/private-link-attachment-connections.yaml` is that definition with only the
 * indentation restored: these tests check that it holds exactly the page's lines, in the page's order,
 * and that the restored nesting is the intended OpenAPI structure.
 *
 * How the YAML is cut out of the page: the one line that reads exactly `OpenAPI definition (YAML)`
 * (surrounding whitespace ignored) ends the rendered page text; every line after it, to the end of the
 * file, is the definition. Line endings are normalised (CRLF or LF) and whitespace-only lines at the
 * end are dropped (the page file has no final newline, the YAML file has one). Nothing else is trimmed:
 * trailing whitespace inside a line and blank lines inside the definition would have to match too.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PAGE = "specs/sources/confluent-private-link-attachment-connections.txt";
const VERBATIM = "specs/confluent/private-link-attachment-connections.yaml";
const WRAPPER = "specs/confluent/openapi.yaml";
const MARKER = "OpenAPI definition (YAML)";
const PATH = "/networking/v1/private-link-attachment-connections";

const read = (file: string) => readFileSync(resolve(ROOT, file), "utf8");

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1]!.trim() === "") all.pop();
  return all;
}

/** The page split at its marker line: the rendered text before it, the YAML lines after it. */
function splitPage(text: string): { rendered: string[]; yaml: string[] } {
  const all = text.split(/\r?\n/);
  const markers = all.flatMap((line, index) => (line.trim() === MARKER ? [index] : []));
  if (markers.length !== 1) throw new Error(`${PAGE}: expected exactly one "${MARKER}" line, found ${markers.length}`);
  const at = markers[0]!;
  return { rendered: all.slice(0, at), yaml: lines(all.slice(at + 1).join("\n")) };
}

function parseYaml(text: string, file: string): any {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("\n")}`);
  if (doc.warnings.length > 0) throw new Error(`${file}: ${doc.warnings.map((e) => e.message).join("\n")}`);
  return doc.toJS();
}

/** Follows a JSON pointer ("/a/b~1c/0") into a parsed document. */
function at(node: any, pointer: string): any {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((current, key) => (current == null ? undefined : current[key]), node);
}

const page = splitPage(read(PAGE));
const verbatimText = read(VERBATIM);
const verbatim = parseYaml(verbatimText, VERBATIM);
const operation = verbatim.paths?.[PATH]?.get;
const okSchema = operation?.responses?.["200"]?.content?.["application/json"]?.schema;
const list = okSchema?.allOf?.[0];
const item = list?.properties?.data?.items?.allOf?.[0];

describe("Confluent definition: line-for-line reconstruction of the page", () => {
  it("finds the definition on the page, unindented, from `paths:` to `servers:`", () => {
    expect(page.yaml.length).toBeGreaterThan(1000);
    expect(page.yaml[0]).toBe("paths:");
    expect(page.yaml).toContain("servers:");
    expect(page.yaml.filter((line) => /^\s/.test(line))).toEqual([]);
  });

  it("holds exactly the page's lines, only indented", () => {
    const restored = lines(verbatimText).map((line) => line.replace(/^\s+/, ""));
    expect(restored).toEqual(page.yaml);
  });

  it("indents with spaces only", () => {
    const tabbed = lines(verbatimText).flatMap((line, index) => (/^ *\t/.test(line) ? [index + 1] : []));
    expect(tabbed).toEqual([]);
  });
});

describe("Confluent definition: parsed structure", () => {
  it("parses as YAML to exactly `paths` and `servers`", () => {
    expect(Object.keys(verbatim)).toEqual(["paths", "servers"]);
    expect(Object.keys(verbatim.paths)).toEqual([PATH]);
    expect(Object.keys(verbatim.paths[PATH])).toEqual(["get"]);
    expect(verbatim.servers).toEqual([{ url: "https://api.confluent.cloud", description: "Confluent Cloud API" }]);
  });

  it("has the operation's own fields, with the multi-line description folded", () => {
    expect(operation.operationId).toBe("listNetworkingV1PrivateLinkAttachmentConnections");
    expect(operation.description).toBe(
      "[](#section/Versioning/API-Lifecycle-Policy) Retrieve a sorted, filtered, paginated list of all private link attachment connections.",
    );
    expect(operation.tags).toEqual(["Private Link Attachment Connections (networking/v1)"]);
    expect(operation.security).toEqual([{ "cloud-api-key": [] }, { "confluent-sts-access-token": [] }]);
  });

  it("lists the page's parameters, each with its own schema, example and description", () => {
    const seedNames = page.yaml.flatMap((line) => line.match(/^- name: (.+)$/)?.[1] ?? []);
    expect(seedNames).toEqual(["environment", "spec.private_link_attachment", "page_size", "page_token"]);
    expect(operation.parameters.map((p: any) => p.name)).toEqual(seedNames);
    for (const p of operation.parameters) {
      expect(p.in, p.name).toBe("query");
      expect(typeof p.description, p.name).toBe("string");
      expect(typeof p.schema?.type, p.name).toBe("string");
    }
    const [environment, attachment, pageSize, pageToken] = operation.parameters;
    expect(environment).toMatchObject({ required: true, example: "env-00000" });
    expect(environment.schema).toEqual({
      description: "Filter a collection by a string search",
      type: "string",
      title: "SearchFilter",
    });
    expect(attachment).toMatchObject({ required: false, example: "platt-00000" });
    expect(pageSize.schema).toEqual({ type: "integer", default: 10, maximum: 100, "x-max-page-items": 500 });
    expect(pageToken.schema).toEqual({ type: "string", maxLength: 255 });
  });

  it("documents the responses the page lists", () => {
    const pageCodes = page.rendered.flatMap((line) => line.match(/^- (\d{3})$/)?.[1] ?? []);
    expect(pageCodes).toEqual(["200", "400", "401", "403", "429", "500"]);
    expect(Object.keys(operation.responses)).toEqual(pageCodes);
  });

  it("has a 200 body whose `data` items have id, metadata, spec and status", () => {
    expect(okSchema.allOf).toHaveLength(2);
    expect(list.title).toBe("networking.v1.PrivateLinkAttachmentConnectionList");
    expect(list.required).toEqual(["api_version", "kind", "metadata", "data"]);
    expect(Object.keys(list.properties)).toEqual(["api_version", "kind", "metadata", "data"]);
    expect(list.properties.data).toMatchObject({ type: "array", uniqueItems: true });
    expect(item.title).toBe("networking.v1.PrivateLinkAttachmentConnection");
    expect(Object.keys(item.properties)).toEqual(["api_version", "kind", "id", "metadata", "spec", "status"]);
    const requiredMember = list.properties.data.items.allOf[1];
    expect(requiredMember.required).toEqual(["id", "metadata", "spec", "status"]);
    expect(requiredMember.properties.spec.required).toEqual(["cloud", "environment", "private_link_attachment"]);
  });

  it("has the list metadata the pagination declaration names", () => {
    const listMeta = list.properties.metadata.allOf[0];
    expect(listMeta.title).toBe("ListMeta");
    expect(listMeta.properties.next).toMatchObject({ type: "string", format: "uri", nullable: true });
    expect(listMeta.properties.total_size).toMatchObject({ type: "integer", format: "int32" });
    expect(Object.keys(list.properties.metadata.allOf[1].properties)).toEqual(["first", "last", "prev", "next"]);
  });

  it("nests spec and status as the published definition does", () => {
    const spec = item.properties.spec;
    expect(spec.title).toBe("networking.v1.PrivateLinkAttachmentConnectionSpec");
    expect(Object.keys(spec.properties)).toEqual(["display_name", "cloud", "environment", "private_link_attachment"]);
    expect(spec.properties.cloud["x-immutable"]).toBe(true);
    expect(spec.properties.cloud.oneOf.map((s: any) => s.title)).toEqual([
      "networking.v1.AwsPrivateLinkAttachmentConnection",
      "networking.v1.AzurePrivateLinkAttachmentConnection",
      "networking.v1.GcpPrivateLinkAttachmentConnection",
    ]);
    expect(Object.keys(spec.properties.cloud.discriminator.mapping)).toEqual([
      "AwsPrivateLinkAttachmentConnection",
      "AzurePrivateLinkAttachmentConnection",
      "GcpPrivateLinkAttachmentConnection",
    ]);
    expect(spec.properties.environment.allOf[0].title).toBe("ObjectReference");
    expect(spec.properties.private_link_attachment["x-immutable"]).toBe(true);
    expect(spec).toMatchObject({ "x-enable-id": true, "x-enable-listmeta": true, "x-enable-objectmeta": true });

    const status = item.properties.status;
    expect(status).toMatchObject({
      title: "networking.v1.PrivateLinkAttachmentConnectionStatus",
      readOnly: true,
      required: ["phase"],
    });
    expect(Object.keys(status.properties)).toEqual(["phase", "error_code", "error_message", "cloud"]);
    expect(status.properties.phase.enum).toEqual(["PROVISIONING", "READY", "FAILED", "DEPROVISIONING", "DISCONNECTED"]);
    expect(status.properties.phase.description).toMatch(
      /^The lifecycle phase of the PrivateLink attachment:\n\n PROVISIONING: /,
    );
    expect(status.properties.cloud.readOnly).toBe(true);
    expect(Object.keys(status.properties.cloud.discriminator.mapping)).toHaveLength(3);

    const objectMeta = item.properties.metadata.allOf[0];
    expect(objectMeta).toMatchObject({ title: "ObjectMeta", readOnly: true, required: ["self"] });
    expect(Object.keys(item.properties.metadata.allOf[1].properties)).toEqual(["self", "resource_name"]);
  });

  it("puts the examples where they belong", () => {
    const exampleMember = okSchema.allOf[1];
    const exampleSpec = exampleMember.properties.data.items.properties.spec.properties;
    expect(exampleSpec.environment.example.id).toBe("env-00000");
    expect(exampleSpec.private_link_attachment.example.id).toBe("platt-00000");
    for (const code of ["400", "401", "403", "500"]) {
      const media = operation.responses[code].content["application/json"];
      expect(media.schema.title, code).toBe("Failure");
      expect(media.example.errors[0].status, code).toBe(code);
    }
  });

  it("gives every error body the same Error schema, error_code and message beside source", () => {
    for (const code of ["400", "401", "403", "500"]) {
      const error = operation.responses[code].content["application/json"].schema.properties.errors;
      expect(error).toMatchObject({ type: "array", uniqueItems: true });
      expect(error.items).toMatchObject({ title: "Error", additionalProperties: false });
      expect(Object.keys(error.items.properties), code).toEqual([
        "id",
        "status",
        "code",
        "title",
        "detail",
        "source",
        "error_code",
        "message",
      ]);
      expect(Object.keys(error.items.properties.source.properties), code).toEqual(["pointer", "parameter"]);
    }
  });

  it("keeps the headers on their responses", () => {
    expect(Object.keys(operation.responses["200"].headers)).toEqual([
      "X-Request-Id",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
    ]);
    expect(Object.keys(operation.responses["429"].headers)).toEqual([
      "X-Request-Id",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "Retry-After",
    ]);
    expect(Object.keys(operation.responses["401"].headers)).toEqual(["X-Request-Id", "WWW-Authenticate"]);
  });
});

describe("Confluent wrapper", () => {
  const wrapper = parseYaml(read(WRAPPER), WRAPPER);

  it("takes the list operation from the verbatim file and adds nothing to it", () => {
    const item = wrapper.paths[PATH];
    // POST on the same path comes from Confluent's published definition (test/confluent-upstream.test.ts).
    expect(Object.keys(item)).toEqual(["get", "post"]);
    expect(Object.keys(item.get)).toEqual(["$ref"]);
    const [file, pointer] = item.get.$ref.split("#");
    expect(resolve(ROOT, "specs/confluent", file)).toBe(resolve(ROOT, VERBATIM));
    expect(at(verbatim, pointer)).toBe(verbatim.paths[PATH].get);
  });

  it("repeats the verbatim servers and defines the tag and security schemes the operation uses", () => {
    expect(wrapper.servers).toEqual(verbatim.servers);
    expect(wrapper.tags.map((t: any) => t.name)).toEqual(operation.tags);
    const schemes = operation.security.flatMap((requirement: object) => Object.keys(requirement));
    expect(Object.keys(wrapper.components.securitySchemes)).toEqual(schemes);
  });

  it("declares pagination for the verbatim operation with its own parameter and field names", () => {
    const declaration = wrapper["x-operation-additions"][operation.operationId]["x-pagination"];
    expect(declaration).toEqual({
      style: "page-token",
      items: "data",
      size: "page_size",
      cursor: "page_token",
      nextLink: "metadata.next",
      total: "metadata.total_size",
    });
    const names = operation.parameters.map((p: any) => p.name);
    expect(names).toContain(declaration.size);
    expect(names).toContain(declaration.cursor);
  });
});
