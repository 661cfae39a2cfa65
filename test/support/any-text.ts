// Strings of any code point, as fast-check's `unit: "binary"` draws them (0–0x10FFFF but the surrogates, so
// never a lone one), without its cost: the first such string of a process makes fast-check build a
// reverse table of all 1,112,064 code points (about a second of CPU in each test worker that draws one).
import fc from "fast-check";

const SURROGATES = { first: 0xd800, count: 0x800 };

/** One code point, any but a surrogate. */
export const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff - SURROGATES.count })
  .map((n) => String.fromCodePoint(n < SURROGATES.first ? n : n + SURROGATES.count));

/** `fc.string({ unit: "binary", ...constraints })`, drawn by arithmetic. */
export const anyText = (constraints: Omit<fc.StringConstraints, "unit"> = {}) =>
  fc.string({ ...constraints, unit: anyCodePoint });
