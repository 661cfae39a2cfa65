// The live progress line of a listing, on stderr and only on a terminal: piped, nothing but the result.

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export interface Progress {
  /** One page of `count` items has arrived. */
  page(count: number): void;
  /** Clears the line; returns the totals. */
  done(): { items: number; pages: number; ms: number };
}

const REDRAW_MS = 100;

export function progress(stream: ProgressStream, label: string): Progress {
  const started = performance.now();
  let items = 0;
  let pages = 0;
  let drawn = -Infinity;
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(items / seconds) : 0;
    stream.write(`\r\x1b[K${label}: ${items} items, ${pages} pages, ${rate} items/s`);
  };
  return {
    page(count) {
      items += count;
      pages += 1;
      if (!stream.isTTY) return;
      const now = performance.now();
      if (now - drawn < REDRAW_MS) return;
      drawn = now;
      draw();
    },
    done() {
      if (stream.isTTY && pages > 0) stream.write("\r\x1b[K");
      return { items, pages, ms: Math.round(performance.now() - started) };
    },
  };
}
