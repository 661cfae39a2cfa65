// Vitest configuration: the fast-check seed, and two workers (everything else is Vitest's default).
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
    // Two files at a time on two cores: many suites wait on child processes (Redocly, tsc, git, npm) or
    // on servers, so a second worker roughly halves the suite's wall time (one worker is Vitest's default here).
    maxWorkers: 2,
  },
});
