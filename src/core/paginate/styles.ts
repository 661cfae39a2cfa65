// The four paging styles, by name: for code that pages through any table (tests). A vendor entry gives
// its client only the styles of its own API (`cursors`), which keeps the others out of its bundle.
import type { PaginationStyle } from "../paginate.js";
import type { CursorFactory } from "./cursor.js";
import { markerCursor } from "./marker.js";
import { offsetSizeCursor } from "./offset-size.js";
import { offsetTotalCursor } from "./offset-total.js";
import { pageTokenCursor } from "./page-token.js";

export const ALL_CURSORS: Record<PaginationStyle, CursorFactory> = {
  "offset-total": offsetTotalCursor,
  "offset-size": offsetSizeCursor,
  marker: markerCursor,
  "page-token": pageTokenCursor,
};
