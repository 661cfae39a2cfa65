// How the generated TypeScript modules are formatted (Prettier, with the width given here; the rest from
// Prettier's defaults). Babel's parser with its TypeScript plugin formats them byte for byte as Prettier's
// `typescript` parser does, in about half the time: Prettier was the largest part of a generation's CPU.
export const FORMAT = { parser: "babel-ts", printWidth: 120 };
