// Small statistics and formatting helpers.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A distribution-free confidence interval for the median of `values`: the order statistics
 * [x(k), x(n+1-k)], with k the largest for which the interval covers the true median with
 * probability >= `level` (from the Binomial(n, 1/2) law of how many values fall below it; no
 * assumption on their distribution). `coverage` is that probability exactly; when even the full
 * range falls short of `level` (very few values), the full range is returned with its coverage.
 */
export function medianInterval(values, level = 0.95) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { low: NaN, high: NaN, coverage: 0 };
  // below[j] = P(Binomial(n, 1/2) <= j)
  const below = [];
  let term = 0.5 ** n;
  let sum = 0;
  for (let j = 0; j <= n; j++) {
    sum += term;
    below.push(sum);
    term = (term * (n - j)) / (j + 1);
  }
  let k = 1;
  while (k < n + 1 - k && 1 - 2 * below[k] >= level) k++;
  return { low: sorted[k - 1], high: sorted[n - k], coverage: 1 - 2 * below[k - 1] };
}

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/**
 * The order of `items` for round `r`: row r of a Williams design (a balanced Latin square). Over a
 * full cycle of `balancedCycle(n)` rounds every item runs in every position, and right after every
 * other item, equally often. (A plain rotation keeps who runs after whom fixed, so one variant
 * would always pay for the garbage and cache state the same neighbour leaves behind.)
 */
export function balancedOrder(items, r) {
  const n = items.length;
  // 0, 1, n-1, 2, n-2, ...: the differences between neighbours are all different (mod n).
  const first = [0];
  for (let k = 1; first.length < n; k++) {
    first.push(k);
    if (first.length < n) first.push(n - k);
  }
  const row = r % balancedCycle(n);
  const order = first.map((i) => items[(i + row) % n]);
  // For an odd n the square's mirror image completes the balance.
  return row >= n ? order.reverse() : order;
}

/** Rounds in a full cycle of balancedOrder: n for an even count of items, 2n for an odd one. */
export const balancedCycle = (n) => (n % 2 === 0 ? n : 2 * n);

export function formatValue(value, unit) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  switch (unit) {
    case "µs":
      return `${value.toFixed(1)} µs`;
    case "ms":
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
    case "kB":
      return `${value.toFixed(2)} kB`;
    case "MB":
      return `${value.toFixed(2)} MB`;
    case "x":
      return `${value.toFixed(2)}×`;
    case "":
    case undefined:
      return Number.isInteger(value) ? value.toLocaleString("en-US") : String(round(value, 3));
    default:
      return `${Number.isInteger(value) ? value.toLocaleString("en-US") : round(value, 2)} ${unit}`;
  }
}

/**
 * The median of per-round ratios with its confidence interval (medianInterval) as row text; when
 * the interval holds `goal` (an upper bound), the verdict is within this machine's noise: another
 * run may give the other one.
 */
export function ratioSummary(ratios, goal) {
  const ratio = median(ratios);
  const interval = medianInterval(ratios);
  const noisy = goal !== undefined && interval.low <= goal && goal < interval.high;
  const text =
    `median of ${ratios.length} per-round ratios; ${Math.floor(interval.coverage * 100)}% confidence interval of the median: ` +
    `${interval.low.toFixed(2)}–${interval.high.toFixed(2)}${noisy ? "; goal inside it: within this machine's noise" : ""}`;
  return { ratio, interval, noisy, text };
}
