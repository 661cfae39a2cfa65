// For properties that compare a JSON writer with JSON.stringify over any JavaScript value.

/** fast-check options for values JSON.stringify treats specially: bigints, boxed values, dates, holes, null prototypes. */
export const ANY_VALUE_OPTIONS = {
  withBigInt: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withDate: true,
  withSparseArray: true,
} as const;

/** What a writer did: its text, or the class of the error it threw (so that two writers' failures compare). */
export function writeOutcome(write: () => string | undefined): string | undefined {
  try {
    return write();
  } catch (error) {
    return error instanceof Error ? error.constructor.name : "thrown";
  }
}
