/**
 * The benchmarks' statistics (bench/lib/stats.mjs): the order in which they run their variants
 * within a round (a balanced Latin square, so that no variant always runs right after the same
 * neighbour, and so always pays for the garbage it leaves), and the confidence interval shown beside
 * a judged median. Benchmarks time nothing in `npm test`; this checks the design.
 */
import { describe, expect, it } from "vitest";

// Plain JavaScript without declarations (see change-report.test.ts): imported by URL, typed by hand.
const { balancedOrder, balancedCycle, medianInterval } = (await import(
  new URL("../bench/lib/stats.mjs", import.meta.url).href
)) as {
  balancedOrder: <T>(items: readonly T[], round: number) => T[];
  balancedCycle: (n: number) => number;
  medianInterval: (values: readonly number[], level?: number) => { low: number; high: number; coverage: number };
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

/** P(the order statistics x(k)..x(n+1-k) hold the median), summed exactly with bigint binomial coefficients. */
function exactCoverage(n: number, k: number): number {
  let c = 1n;
  let inside = 0n;
  for (let j = 0; j <= n; j++) {
    if (j >= k && j <= n - k) inside += c;
    c = (c * BigInt(n - j)) / BigInt(j + 1);
  }
  return Number(inside) / 2 ** n;
}

/** A small seeded generator (mulberry32), so that the simulation below is the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("medianInterval", () => {
  // The sign-test intervals of the published tables: n = 10 -> 2nd..9th, 20 -> 6th..15th, 40 -> 14th..27th.
  it.each([
    [10, 2],
    [20, 6],
    [40, 14],
  ])(
    "for %i values it runs from the value of rank %i to the same rank from the top, with its exact coverage",
    (n, k) => {
      const values = Array.from({ length: n }, (_, i) => (i * 7919) % n); // 0..n-1, shuffled
      const interval = medianInterval(values);
      expect(interval.low).toBe(k - 1);
      expect(interval.high).toBe(n - k);
      expect(interval.coverage).toBeCloseTo(exactCoverage(n, k), 12);
      expect(interval.coverage).toBeGreaterThanOrEqual(0.95);
      // One rank narrower would fall short of 95%: the interval is the narrowest that holds.
      expect(exactCoverage(n, k + 1)).toBeLessThan(0.95);
    },
  );

  it("with too few values for the level, it is the full range with the coverage it has", () => {
    expect(medianInterval([3, 1, 5, 2, 4])).toEqual({ low: 1, high: 5, coverage: 1 - 2 / 32 });
    expect(medianInterval([1, 2, 3, 4, 5, 6], 0.95)).toEqual({ low: 1, high: 6, coverage: 1 - 2 / 64 });
  });

  it("holds the true median of a skewed distribution about as often as it says", () => {
    // Exponential values (median ln 2), 20 per sample: the interval must hold ln 2 in ~95.9% of samples.
    const random = seeded(42);
    const trials = 4000;
    let held = 0;
    let coverage = 0;
    for (let t = 0; t < trials; t++) {
      const values = Array.from({ length: 20 }, () => -Math.log(1 - random()));
      const interval = medianInterval(values);
      coverage = interval.coverage;
      if (interval.low <= Math.LN2 && Math.LN2 <= interval.high) held++;
    }
    // Four standard deviations of a binomial proportion either side of the stated coverage.
    const sd = Math.sqrt((coverage * (1 - coverage)) / trials);
    expect(Math.abs(held / trials - coverage)).toBeLessThan(4 * sd);
  });

  it("leaves its input as it was", () => {
    const values = [5, 3, 9, 1];
    medianInterval(values);
    expect(values).toEqual([5, 3, 9, 1]);
  });
});
