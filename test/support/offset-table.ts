import type { PaginationTable } from "../../src/core/paginate.js";

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
