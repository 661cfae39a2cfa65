// Vitest configuration: only the fast-check seed is set here (everything else is Vitest's default).
// One seed per run, from FC_SEED or drawn now, is printed once and handed to every test worker
// through the environment; test/support/fast-check-setup.ts gives it to fast-check. A failing
// property is replayed with `FC_SEED=<seed> npx vitest run <file>` (fast-check's report names the
// failing path as well).
import { defineConfig } from "vitest/config";

const given = process.env.FC_SEED;
if (given === undefined || given === "") process.env.FC_SEED = String((Math.random() * 2 ** 31) | 0);
else if (!/^-?\d+$/.test(given)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(given)}`);
console.log(`fast-check seed: FC_SEED=${process.env.FC_SEED}${given ? " (given)" : ""}`);

export default defineConfig({
  test: {
    setupFiles: ["test/support/fast-check-setup.ts"],
  },
});
