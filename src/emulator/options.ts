// Checks of the emulator's numeric options, the same for each: a value of the wrong type is a
// TypeError, a number out of range a RangeError, each naming the option.

/** What `value` is, for an error message (never converts it: any value can be named). */
export const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

/** `value` when it is a number that `inRange` accepts; else a TypeError or a RangeError saying `range`. */
export function checkNumber(value: unknown, name: string, range: string, inRange: (n: number) => boolean): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${kindOf(value)}`);
  if (!inRange(value)) {
    // Only where the range has no other upper bound: 2^53 for `maxCreated`, not for `port`.
    const unsafe =
      Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER && inRange(Number.MAX_SAFE_INTEGER)
        ? " (at most 2^53 - 1)"
        : "";
    throw new RangeError(`${name} must be ${range}${unsafe}, got ${value}`);
  }
  return value;
}

/**
 * The entries of an options object whose value is defined (none when the object is undefined); a value
 * that is not a plain object, or a key not in `known`, is a TypeError naming it.
 */
export function optionEntries(value: unknown, name: string, known: readonly string[]): [string, unknown][] {
  if (value === undefined) return [];
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(`${name} must be an object, got ${kindOf(value)}`);
  const entries = Object.entries(value);
  for (const [key] of entries)
    if (!known.includes(key))
      throw new TypeError(`${name} has an unknown option ${JSON.stringify(key)} (known: ${known.join(", ")})`);
  return entries.filter(([, given]) => given !== undefined);
}

/** Accepts the safe integers from `min` (and up to `max`): a count or a header value written as digits. */
export const integerFrom =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (n: number): boolean =>
    Number.isSafeInteger(n) && n >= min && n <= max;

/** The data generator reads the seed as an unsigned 32-bit integer: any other number would repeat another seed's data. */
export const MAX_SEED = 2 ** 32 - 1;
