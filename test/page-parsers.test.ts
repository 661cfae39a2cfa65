/** Unit tests of `test/support/page-parsers.ts` on small inline samples. */
import { describe, expect, it } from "vitest";
import {
  cellName,
  exampleBody,
  findRstCodeBlocks,
  findRstTables,
  isOtcErrorBody,
  jsonBlockKeys,
  listSpecOperations,
  matchOperation,
  missingNames,
  parseMarkdownApiPage,
  parseMarkdownTable,
  parseMethodPath,
  parseOtcRstPage,
  parseQueryParamLines,
  parseRstGridTable,
  parseRstHeadings,
  parseRstSimpleTable,
  parseUnindentedOpenApiPage,
  RefResolver,
  schemaFieldNames,
} from "./support/page-parsers.js";

const lines = (s: string) => s.replace(/^\n/, "").split("\n");

describe("parseRstGridTable", () => {
  it("reads header, rows and multi-line cells of an aligned, indented table", () => {
    const table = parseRstGridTable(
      lines(`
   +-----------+-----------+---------------------+
   | Parameter | Mandatory | Description         |
   +===========+===========+=====================+
   | id        | No        | The ID.             |
   +-----------+-----------+---------------------+
   | status    | No        | The status.         |
   |           |           |                     |
   |           |           | -  **a**: one | two |
   +-----------+-----------+---------------------+`),
    );
    expect(table.header).toEqual(["Parameter", "Mandatory", "Description"]);
    expect(table.rows).toEqual([
      ["id", "No", "The ID."],
      ["status", "No", "The status.\n\n-  **a**: one | two"],
    ]);
  });

  it("splits on | where whitespace was collapsed and the cells no longer line up", () => {
    const table = parseRstGridTable(
      lines(`
+--------+-----------+--------+-------------------+
| Name | Mandatory | Type | Description |
+========+===========+========+===================+
| marker | No | String | Starts after this. |
| | | | |
| | | | - second line |
+--------+-----------+--------+-------------------+
| limit | No | Integer | Page size. |
+--------+-----------+--------+-------------------+`),
    );
    expect(table.header).toEqual(["Name", "Mandatory", "Type", "Description"]);
    expect(table.rows.map((r) => r[0])).toEqual(["marker", "limit"]);
    expect(table.rows[0]![3]).toBe("Starts after this.\n\n- second line");
  });

  it("reads a table without a header", () => {
    const table = parseRstGridTable(
      lines(`
+---+---+
| a | b |
+---+---+`),
    );
    expect(table).toEqual({ header: [], rows: [["a", "b"]] });
  });
});

describe("parseRstSimpleTable", () => {
  it("reads header and rows, joining continuation lines", () => {
    const table = parseRstSimpleTable(
      lines(`
      ============= ====== ============================
      Parameter     Type   Description
      ============= ====== ============================
      error_code    String Specifies the error code.
                           Second line.
      error_message String Specifies the error message.
      ============= ====== ============================`),
    );
    expect(table.header).toEqual(["Parameter", "Type", "Description"]);
    expect(table.rows).toEqual([
      ["error_code", "String", "Specifies the error code.\nSecond line."],
      ["error_message", "String", "Specifies the error message."],
    ]);
  });
});

const RST_PAGE = `
Querying Things
===============

URI
---

GET /v1/{project_id}/things?limit={limit}

.. table:: **Table 1** URI parameters

   +------------+-----------+
   | Parameter  | Mandatory |
   +============+===========+
   | project_id | Yes       |
   +------------+-----------+

.. table:: **Table 2** Query parameters

   +-----------+-----------+
   | Parameter | Mandatory |
   +===========+===========+
   | limit     | No        |
   +-----------+-----------+
   | **name**  | No        |
   +-----------+-----------+

Response
--------

-  Parameter description

   .. table:: **Table 3** Response parameters

      +--------+------------------+
      | Name   | Type             |
      +========+==================+
      | things | Array of objects |
      +--------+------------------+

   .. table:: **Table 4** Error parameters

      ======== ======
      Name     Type
      ======== ======
      code     String
      ======== ======

-  Example response

   .. code-block::

      { "things": [ { "id": "x" } ] }

Status Codes
------------
`;

describe("RST pages", () => {
  it("finds headings, tables with their captions and sections, and code blocks", () => {
    expect(parseRstHeadings(RST_PAGE).map((h) => h.title)).toEqual([
      "Querying Things",
      "URI",
      "Response",
      "Status Codes",
    ]);
    const tables = findRstTables(RST_PAGE);
    expect(tables.map((t) => [t.kind, t.caption, t.section])).toEqual([
      ["grid", "Table 1 URI parameters", "URI"],
      ["grid", "Table 2 Query parameters", "URI"],
      ["grid", "Table 3 Response parameters", "Response"],
      ["simple", "Table 4 Error parameters", "Response"],
    ]);
    expect(findRstCodeBlocks(RST_PAGE)).toEqual([
      expect.objectContaining({
        section: "Response",
        content: '{ "things": [ { "id": "x" } ] }',
      }),
    ]);
  });

  it("finds code blocks whose indentation was lost", () => {
    const text = 'Example Response\n----------------\n.. code-block::\n{\n"a": 1\n}\nStatus Code\n-----------\nSee.';
    expect(findRstCodeBlocks(text).map((b) => b.content)).toEqual(['{\n"a": 1\n}']);
  });

  it("turns a page into one expected operation", () => {
    const { operation, unclassified } = parseOtcRstPage(RST_PAGE, "sample.rst");
    expect(unclassified).toEqual([]);
    expect(operation).toMatchObject({
      method: "GET",
      path: "/v1/{project_id}/things",
      params: [
        { name: "project_id", in: "path" },
        { name: "limit", in: "query" },
        { name: "name", in: "query" },
      ],
      requestFields: [],
      responseFields: ["things", "code", "id"],
    });
  });
});

const RST_ACTION_PAGE = `
Acting on Things
================

URI
---

POST /v1/{project_id}/things/action

Request
-------

-  Parameter description

   .. table:: **Table 1** Request parameters

      +-----------+-----------+
      | Parameter | Mandatory |
      +===========+===========+
      | action    | Yes       |
      +-----------+-----------+

-  Example request

   .. code-block:: text

      POST https://{endpoint}/v1/{project_id}/things/action

      {
         "action": "go"
      }

Response
--------

-  Example response

   .. code-block::

      { "things": [] }

   or

   .. code-block::

      {
        "error_code": "Thing.0001"
        "error_msg": "No."
      }
`;

describe("RST example bodies", () => {
  it("reads a request body printed after the request line, and routes an error-body example to the errors", () => {
    const parsed = parseOtcRstPage(RST_ACTION_PAGE, "action.rst");
    expect(parsed.unclassified).toEqual([]);
    expect(parsed.tableRequestFields).toEqual(["action"]);
    expect(parsed.exampleRequestKeys).toEqual(["action"]);
    expect(parsed.exampleResponseKeys).toEqual(["things"]);
    expect(parsed.exampleErrorKeys).toEqual(["error_code", "error_msg"]);
    expect(parsed.operation).toMatchObject({
      method: "POST",
      path: "/v1/{project_id}/things/action",
      params: [{ name: "project_id", in: "path" }],
      requestFields: ["action"],
      responseFields: ["things"],
      errorResponseFields: ["error_code", "error_msg"],
    });
  });

  it("a page without an error-body example has no errorResponseFields", () => {
    expect(parseOtcRstPage(RST_PAGE, "sample.rst").operation.errorResponseFields).toBeUndefined();
  });

  it("exampleBody drops a leading request line only", () => {
    expect(exampleBody('PUT https://{Endpoint}/v1/x/y\n\n{ "a": 1 }')).toBe('{ "a": 1 }');
    expect(exampleBody("DELETE https://{Endpoint}/v1/x/y")).toBe("");
    expect(exampleBody('{ "a": 1 }')).toBe('{ "a": 1 }');
    expect(exampleBody("See POST https://x")).toBe("See POST https://x");
  });

  it("isOtcErrorBody recognises {error_code, error_msg[, request_id]} only", () => {
    expect(isOtcErrorBody(["error_code", "error_msg"])).toBe(true);
    expect(isOtcErrorBody(["error_code", "error_msg", "request_id"])).toBe(true);
    expect(isOtcErrorBody(["error_code", "error_message"])).toBe(false);
    expect(isOtcErrorBody(["connections", "error_code", "error_msg"])).toBe(false);
  });
});

describe("small helpers", () => {
  it("parseMethodPath handles <name>, {name}, a missing space, a query string and a comment", () => {
    expect(parseMethodPath("PUT /a/<id>/status/<status> // [x|y]")).toEqual({
      method: "PUT",
      path: "/a/{id}/status/{status}",
      queryNames: [],
    });
    expect(parseMethodPath("GET/v1/{p}/x?id={id}&limit={limit}")).toEqual({
      method: "GET",
      path: "/v1/{p}/x",
      queryNames: ["id", "limit"],
    });
    expect(parseMethodPath("GET https://{endpoint}/v1/x")).toBeUndefined();
    expect(parseMethodPath("curl --location")).toBeUndefined();
  });

  it("cellName strips markup and keeps dotted names", () => {
    expect(cellName("**marker_id**\nmore")).toBe("marker_id");
    expect(cellName("spec.private_link_attachment")).toBe("spec.private_link_attachment");
    expect(cellName("")).toBeUndefined();
  });

  it("parseQueryParamLines reads &name=value lines with comments", () => {
    expect(parseQueryParamLines("&accountId=<sub> // Required\n&q=keyword\n&status=active //All\n")).toEqual([
      "accountId",
      "q",
      "status",
    ]);
  });

  it("jsonBlockKeys reads nested keys, falls back to key tokens for invalid JSON, skips non-JSON", () => {
    expect(jsonBlockKeys('{"a": {"b": [{"c": 1}]}, "d": {\n  \n}}')).toEqual(["a", "b", "c", "d"]);
    expect(jsonBlockKeys('{"a": [ {"b": 1} ]\n"c": 2}')).toEqual(["a", "b", "c"]);
    expect(jsonBlockKeys("NA")).toBeUndefined();
  });

  it("parseMarkdownTable reads header and rows", () => {
    expect(parseMarkdownTable(["| Attribute | Description |", "| --- | --- |", "| id | The `a\\|b` id |"])).toEqual({
      header: ["Attribute", "Description"],
      rows: [["id", "The `a|b` id"]],
    });
  });
});

const MD_PAGE = `
# Things

#### **List Things** <a href="#list" id="list"></a>

\`\`\`
GET /v2/things
\`\`\`

**Query parameters**

\`\`\`
&accountId=<id> // comment
&size=10
\`\`\`

**Response:**

\`\`\`
{ "statusCode": 0, "response": [ { "id": "string", "src": { "connectorId": "string" } } ] }
\`\`\`

**Attributes:**

| Attribute   | Description |
| ----------- | ----------- |
| id          | The id      |
| connectorId | Connector   |

#### **Update Thing**

\`\`\`
PUT /v2/things/<thing_id>
\`\`\`

**Request Body:**

\`\`\`
{ "name": "string" }
\`\`\`

**Response:**

\`\`\`
{ "statusCode": 0, "response": {} }
\`\`\`

**Attributes:**

| Attribute | Description |
| --------- | ----------- |
| id        | The id      |
| name      | The name    |

**Sample Curl::**

\`\`\`
curl --location --request PUT '<host>/v2/things/1' --data '{ "other": 1 }'
\`\`\`
`;

describe("parseMarkdownApiPage", () => {
  it("reads each operation section", () => {
    const ops = parseMarkdownApiPage(MD_PAGE, "sample.md");
    expect(ops).toEqual([
      {
        page: "sample.md",
        title: "List Things",
        method: "GET",
        path: "/v2/things",
        params: [
          { name: "accountId", in: "query" },
          { name: "size", in: "query" },
        ],
        requestFields: [],
        responseFields: ["statusCode", "response", "id", "src", "connectorId"],
        requestOrResponseFields: [],
      },
      {
        page: "sample.md",
        title: "Update Thing",
        method: "PUT",
        path: "/v2/things/{thing_id}",
        params: [{ name: "thing_id", in: "path" }],
        requestFields: ["name"],
        responseFields: ["statusCode", "response"],
        requestOrResponseFields: ["id"],
      },
    ]);
  });
});

describe("parseUnindentedOpenApiPage", () => {
  it("reads the operation's parameters from YAML without indentation", () => {
    const text = [
      "Title",
      "GET/x/things",
      "OpenAPI definition (YAML)",
      "paths:",
      "/x/things:",
      "get:",
      "operationId: listThings",
      "description: 'text'",
      "parameters:",
      "- name: environment",
      "in: query",
      "schema:",
      "description: not a parameter",
      "type: string",
      "- name: X-Header",
      "in: header",
      "tags:",
      "- name: not-a-parameter",
      "responses:",
      "'200':",
      "description: ok",
    ].join("\n");
    const page = parseUnindentedOpenApiPage(text, "c.txt");
    expect(page.headerMethodPath).toEqual({ method: "GET", path: "/x/things" });
    expect(page.operations).toHaveLength(1);
    expect(page.operations[0]).toMatchObject({
      method: "GET",
      path: "/x/things",
      params: [
        { name: "environment", in: "query" },
        { name: "X-Header", in: "header" },
      ],
    });
  });
});

describe("spec side", () => {
  const files: Record<string, string> = {
    "/specs/a/openapi.yaml": `
openapi: 3.0.3
servers:
  - url: https://{host}/base
    variables:
      host: { default: example.invalid }
paths:
  /things/{thingId}:
    $ref: './part.yaml#/paths/~1things~1{thingId}'
`,
    "/specs/a/part.yaml": `
paths:
  /things/{thingId}:
    parameters:
      - $ref: '#/components/parameters/ThingId'
    get:
      parameters:
        - name: size
          in: query
          schema: { type: integer }
      responses:
        '200':
          $ref: '#/components/responses/Ok'
        '404':
          description: not found
          content:
            application/json:
              schema:
                type: object
                properties: { error_code: { type: string } }
components:
  parameters:
    ThingId: { name: thingId, in: path, required: true, schema: { type: string } }
  responses:
    Ok:
      description: ok
      content:
        application/json:
          schema:
            allOf:
              - $ref: '#/components/schemas/Envelope'
              - type: object
                properties:
                  response:
                    type: array
                    items: { $ref: '#/components/schemas/Thing' }
  schemas:
    Envelope:
      type: object
      properties: { statusCode: { type: integer } }
    Thing:
      type: object
      properties:
        id: { type: string }
        parent: { $ref: '#/components/schemas/Thing' }
        tags:
          oneOf:
            - type: object
              properties: { label: { type: string } }
`,
  };
  const resolver = () =>
    new RefResolver((f) => {
      const text = files[f];
      if (text === undefined) throw new Error(`no file ${f}`);
      return text;
    });

  it("lists operations through path-item $refs to other files, with the servers' base path", () => {
    const ops = listSpecOperations(resolver(), "/specs/a/openapi.yaml");
    expect(ops.map((o) => [o.method, o.fullPath, o.params])).toEqual([
      [
        "GET",
        "/base/things/{thingId}",
        [
          { name: "thingId", in: "path" },
          { name: "size", in: "query" },
        ],
      ],
    ]);
  });

  it("collects field names through $ref, allOf, oneOf, items and recursive schemas", () => {
    const r = resolver();
    const [op] = listSpecOperations(r, "/specs/a/openapi.yaml");
    const response = op!.responses["200"]!;
    const schema = {
      node: (response.node as { content: Record<string, { schema: unknown }> }).content["application/json"]!.schema,
      file: response.file,
    };
    expect([...schemaFieldNames(r, [schema])].sort()).toEqual([
      "id",
      "label",
      "parent",
      "response",
      "statusCode",
      "tags",
    ]);
  });

  it("matches exactly first, else by structure (reporting renamed path parameters), and lists what is missing", () => {
    const r = resolver();
    const ops = listSpecOperations(r, "/specs/a/openapi.yaml");
    expect(matchOperation(ops, "GET", "/base/things/{thingId}")?.renamed).toEqual({});
    const match = matchOperation(ops, "GET", "/base/things/{thing_id}");
    expect(match?.renamed).toEqual({ thing_id: "thingId" });
    expect(matchOperation(ops, "PUT", "/base/things/{thingId}")).toBeUndefined();
    expect(matchOperation(ops, "GET", "/things/{thingId}")).toBeUndefined();
    const missing = missingNames(
      r,
      {
        page: "p",
        title: "t",
        method: "GET",
        path: "/base/things/{thing_id}",
        params: [
          { name: "thing_id", in: "path" },
          { name: "size", in: "query" },
          { name: "size", in: "header" },
          { name: "offset", in: "query" },
        ],
        requestFields: ["name"],
        responseFields: ["statusCode", "label", "nope"],
        requestOrResponseFields: ["id", "other"],
      },
      match!,
    );
    expect(missing).toEqual([
      'header param "size" (found in: query)',
      'query param "offset"',
      'request body field "name"',
      'response 200 field "nope"',
      'request body or response 200 field "other"',
    ]);
  });

  it("checks error-body example fields against the 4xx/5xx responses", () => {
    const r = resolver();
    const match = matchOperation(listSpecOperations(r, "/specs/a/openapi.yaml"), "GET", "/base/things/{thingId}")!;
    const expected = {
      page: "p",
      title: "t",
      method: "GET",
      path: "/base/things/{thingId}",
      params: [],
      requestFields: [],
      responseFields: [],
      requestOrResponseFields: [],
    };
    expect(missingNames(r, expected, match)).toEqual([]);
    expect(missingNames(r, { ...expected, errorResponseFields: ["error_code", "error_msg"] }, match)).toEqual([
      'error response (4xx/5xx) field "error_msg"',
    ]);
    // The 200 body does not count for error fields, nor the error bodies for response fields.
    expect(
      missingNames(r, { ...expected, errorResponseFields: ["statusCode"], responseFields: ["error_code"] }, match),
    ).toEqual(['response 200 field "error_code"', 'error response (4xx/5xx) field "statusCode"']);
  });
});
