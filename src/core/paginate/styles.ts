// The four paging styles, by name.
import type { Cursor, CursorSetup } from "./cursor.js";
import { markerCursor } from "./marker.js";
import { offsetSizeCursor } from "./offset-size.js";
import { offsetTotalCursor } from "./offset-total.js";
import { pageTokenCursor } from "./page-token.js";

export function cursorFor(setup: CursorSetup): Cursor {
  switch (setup.rule.style) {
    case "offset-total":
      return offsetTotalCursor(setup);
    case "offset-size":
      return offsetSizeCursor(setup);
    case "marker":
      return markerCursor(setup);
    case "page-token":
      return pageTokenCursor(setup);
  }
}
