/**
 * The order in which the benchmarks run their variants within a round (bench/lib/stats.mjs): a
 * balanced Latin square, so that no variant always runs right after the same neighbour (and so
 * always pays for the garbage it leaves). Benchmarks time nothing in `npm test`; this checks the design.
 */
import { describe, expect, it } from "vitest";

// Plain JavaScript without declarations (see change-report.test.ts): imported by URL, typed by hand.
const { balancedOrder, balancedCycle } = (await import(new URL("../bench/lib/stats.mjs", import.meta.url).href)) as {
  balancedOrder: <T>(items: readonly T[], round: number) => T[];
  balancedCycle: (n: number) => number;
};

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

describe("balancedOrder", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "over a cycle of %i items, each runs in every position and after every other item equally often",
    (n) => {
      const items = Array.from({ length: n }, (_, i) => `v${i}`);
      const cycle = balancedCycle(n);
      const positions = new Map<string, number>();
      const follows = new Map<string, number>();
      for (let round = 0; round < cycle; round++) {
        const order = balancedOrder(items, round);
        expect([...order].sort()).toEqual(items);
        order.forEach((item, at) => count(positions, `${item}@${at}`));
        for (let at = 1; at < n; at++) count(follows, `${order[at - 1]}>${order[at]}`);
      }
      expect(positions.size).toBe(n * n);
      expect(new Set(positions.values())).toEqual(new Set([cycle / n]));
      expect(follows.size).toBe(n * (n - 1));
      if (n > 1) expect(new Set(follows.values())).toEqual(new Set([cycle / n]));
    },
  );

  it("repeats with the cycle; for an odd count the second half mirrors the first", () => {
    const items = ["a", "b", "c", "d", "e"];
    expect(balancedCycle(items.length)).toBe(10);
    expect(balancedOrder(items, 13)).toEqual(balancedOrder(items, 3));
    expect(balancedOrder(items, 0)).toEqual(["a", "b", "e", "c", "d"]);
    expect(balancedOrder(items, 1)).toEqual(["b", "c", "a", "d", "e"]);
    expect(balancedOrder(items, 5)).toEqual(["d", "c", "e", "b", "a"]);
  });
});
