// A client is given the cursor of each paging style its API uses, and only those (so a vendor's bundle
// holds no other style's code): a style its table uses without a cursor does not compile, and at run
// time (a table built by hand) is refused before any request.
import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "../src/core/client.js";
import { createPaginate, type PaginationRule } from "../src/core/paginate.js";
import { markerCursor } from "../src/core/paginate/marker.js";
import { otcProfile } from "../src/otc/errors.js";

const MARKER_RULE: PaginationRule = {
  operationId: "listThings",
  style: "marker",
  items: ["things"],
  size: { param: "limit", default: 10, maximum: null, minimum: null },
  cursor: "marker",
  markerField: "id",
};
const table = { "/things": { ...MARKER_RULE, style: "marker" } } as const;

describe("cursors: the paging styles a client is given", () => {
  it("a style of the table without a cursor is a TypeError naming it, before any request", () => {
    const getPage = vi.fn();
    const paginate = createPaginate({
      table,
      cursors: {},
      baseUrl: "http://paging.invalid",
      getPage,
      redact: (t) => t,
    });
    expect(() => paginate("/things")).toThrow(
      new TypeError("/things: this client has no cursor for the marker paging style"),
    );
    expect(getPage).not.toHaveBeenCalled();
  });

  it("a vendor client's setup must name a cursor for each style its table uses (a compile error otherwise)", () => {
    const setup = {
      profile: otcProfile,
      baseUrl: "http://127.0.0.1:9",
      options: {},
      authorize: () => {},
      secrets: [],
      pagination: table,
      drift: async () => {
        throw new Error("not loaded");
      },
    };
    // (The type arguments are given: inferring them from a wrong setup makes TypeScript spend a second on the error.)
    // @ts-expect-error the table pages by marker: `cursors` must have `marker`
    expect(() => createApiClient<{}, typeof table>({ ...setup, cursors: {} })).not.toThrow();
    const pageToken = { "page-token": markerCursor };
    // @ts-expect-error a style the table does not use is not enough
    expect(() => createApiClient<{}, typeof table>({ ...setup, cursors: pageToken })).not.toThrow();
    const client = createApiClient<{}, typeof table>({ ...setup, cursors: { marker: markerCursor } });
    expect(typeof client.paginate).toBe("function");
  });
});
