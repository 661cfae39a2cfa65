// Small statistics and formatting helpers.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** The order of `items` for round `r`: rotated by r, so that each variant runs first, second, ... in turn. */
export const rotate = (items, r) => items.map((_, i) => items[(i + r) % items.length]);

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
