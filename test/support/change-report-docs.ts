// Small OpenAPI documents for the change report's tests (test/change-report-rules.test.ts and
// test/change-report-mutants.test.ts): one API, and a schema put at each place a consumer meets it.
export type Json = Record<string, any>;
export type Level = "breaking" | "addition" | "change" | "info";

export const api = (paths: Json, components: Json = {}, extra: Json = {}): Json => ({
  openapi: "3.0.3",
  info: { title: "Test", version: "1.0.0" },
  ...extra,
  paths,
  components,
});
export const json = (schema: Json) => ({ content: { "application/json": { schema } } });
export const ok = { "200": { description: "OK" } };

/** A document with `schema` at one place a consumer meets it. */
export function withSchemaAt(subject: string, schema: Json): Json {
  const get = (operation: Json) => api({ "/things": { get: { operationId: "listThings", ...operation } } });
  const post = (body: Json) =>
    api({
      "/things": {
        post: { operationId: "createThing", requestBody: json(body), responses: { "201": { description: "Created" } } },
      },
    });
  const object = { type: "object", properties: { field: schema } };
  switch (subject) {
    case "request-parameter":
      return get({ parameters: [{ name: "q", in: "query", schema }], responses: ok });
    case "request-property":
      return post(object);
    case "request-body":
      return post(schema);
    case "response-property":
      return get({ responses: { "200": { description: "OK", ...json(object) } } });
    case "response-body":
      return get({ responses: { "200": { description: "OK", ...json(schema) } } });
    case "response-header":
      return get({ responses: { "200": { description: "OK", headers: { "X-Thing": { schema } } } } });
    default:
      throw new Error(subject);
  }
}

/** Every place withSchemaAt puts a schema. */
export const SUBJECTS = [
  "request-parameter",
  "request-property",
  "request-body",
  "response-property",
  "response-body",
  "response-header",
];
