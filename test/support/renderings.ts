// Every way an error (or any value) can be shown: for tests that a credential never shows.
import { inspect } from "node:util";
import { expect } from "vitest";

export function renderings(value: unknown): string[] {
  const out = [
    String(value),
    JSON.stringify(value) ?? "",
    inspect(value, { depth: Infinity, showHidden: true }),
    inspect(value, { depth: Infinity, customInspect: false, showHidden: true }),
  ];
  if (value instanceof Error) out.push(value.message, value.stack ?? "", inspect(value.cause ?? null, { depth: 8 }));
  return out;
}

/** Fails when any rendering of `value` contains one of `secrets`. */
export function expectNotShown(value: unknown, secrets: readonly string[]): void {
  const texts = renderings(value);
  for (const secret of secrets) for (const text of texts) expect(text, `${secret} shown`).not.toContain(secret);
}
