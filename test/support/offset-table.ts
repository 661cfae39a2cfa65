import { createPaginate, type GetPage, type PaginationTable } from "../../src/core/paginate.js";
import { ALL_CURSORS } from "../../src/core/paginate/styles.js";

/** One offset-total list, `/items`, paged like VPC Endpoint connections: for paginate tests with a fake getPage. */
export const offsetItemsTable: PaginationTable = {
  "/items": {
    operationId: "listItems",
    style: "offset-total",
    items: ["connections"],
    size: { param: "limit", default: 10, maximum: 1000, minimum: 1 },
    offset: { param: "offset", minimum: 0 },
    total: ["total_count"],
  },
};

/** `paginate` over `offsetItemsTable`, each page from `getPage`: every style's cursor, nothing redacted. */
export const paginateItems = (getPage: GetPage, baseUrl = "http://paging.invalid") =>
  createPaginate({ cursors: ALL_CURSORS, table: offsetItemsTable, baseUrl, getPage, redact: (text) => text });
