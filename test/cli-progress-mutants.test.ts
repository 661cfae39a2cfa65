/**
 * The CLI's progress line (src/cli/progress.ts) under a clock the test sets, and the API table the
 * commands are built from (src/cli/description.ts). README.md, "Command line": "While paging, a live
 * line (items, pages, items/s) is written to stderr on a terminal; piped, no progress is written", and
 * `npm start`'s summary of items, pages and time per API. test/cli.test.ts checks the line's shape
 * through the whole command.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APIS } from "../src/cli/description.js";
import { progress } from "../src/cli/progress.js";

const CLEAR = "\r\x1b[K";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text), isTTY } };
}

describe("progress (src/cli/progress.ts)", () => {
  let now = 0;
  beforeEach(() => {
    now = 10_000;
    vi.spyOn(performance, "now").mockImplementation(() => now);
  });
  afterEach(() => vi.restoreAllMocks());

  it("on a terminal, draws one line of items, pages and items per second since the start, each over the last", () => {
    const { writes, stream: tty } = stream(true);
    const meter = progress(tty, "vpc list-subnets");
    now += 500;
    meter.page(10);
    now += 1500;
    meter.page(50);
    // 60 items in 2 s since the start: 30/s (50 in the last 1.5 s would be 33/s).
    expect(writes).toEqual([
      `${CLEAR}vpc list-subnets: 10 items, 1 pages, 20 items/s`,
      `${CLEAR}vpc list-subnets: 60 items, 2 pages, 30 items/s`,
    ]);
  });

  it("redraws at most every 100 ms, counting every page in between", () => {
    const { writes, stream: tty } = stream(true);
    const meter = progress(tty, "list");
    now += 1000;
    meter.page(5);
    for (let i = 0; i < 9; i++) {
      now += 10;
      meter.page(5);
    }
    expect(writes).toHaveLength(1);
    now += 10;
    meter.page(5);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toMatch(/^\r\x1b\[Klist: 55 items, 11 pages, /);
  });

  it("shows a rate of 0 items/s, not Infinity, for a page that arrives within the same clock tick", () => {
    const { writes, stream: tty } = stream(true);
    progress(tty, "list").page(8);
    expect(writes).toEqual([`${CLEAR}list: 8 items, 1 pages, 0 items/s`]);
  });

  it("clears its line when done on a terminal, and gives the totals with the time in whole milliseconds", () => {
    const { writes, stream: tty } = stream(true);
    const meter = progress(tty, "list");
    now += 0.25;
    meter.page(3);
    meter.page(4);
    now += 1234.4;
    expect(meter.done()).toEqual({ items: 7, pages: 2, ms: 1235 });
    expect(writes.at(-1)).toBe(CLEAR);
  });

  it("writes nothing for a listing that received no page, nor anything at all when piped", () => {
    const { writes, stream: tty } = stream(true);
    expect(progress(tty, "list").done()).toEqual({ items: 0, pages: 0, ms: 0 });
    expect(writes).toEqual([]);

    const { writes: piped, stream: pipe } = stream(false);
    const meter = progress(pipe, "list");
    now += 200;
    meter.page(2);
    now += 200;
    meter.page(2);
    expect(meter.done()).toEqual({ items: 4, pages: 2, ms: 400 });
    expect(piped).toEqual([]);
  });
});

describe("APIS (src/cli/description.ts)", () => {
  it("keys the four APIs by their command-line name", () => {
    expect(Object.keys(APIS)).toEqual(["vpcep", "vpc", "confluent", "madconnect"]);
    for (const [name, api] of Object.entries(APIS)) expect(api.api).toBe(name);
  });
});
