// Vitest configuration: the fast-check seed, three workers, no isolation, a 30 s timeout per test (everything
// else is Vitest's default).
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
    // Three files at a time on two cores: many suites wait on child processes (Redocly, tsc, git, npm) or
    // on servers, so a second worker roughly halves the suite's wall time (one worker is Vitest's default
    // here), and a third fills the waits of the other two (measured: 51 s → 47 s on two idle cores).
    maxWorkers: 3,
    // A worker runs its files in one module graph (each test file still loads anew): the sources keep no
    // state between calls but caches, so what one file does cannot reach another, and `npm test` spends
    // ~8 s less importing (checked with the files in shuffled orders: --sequence.shuffle.files).
    isolate: false,
    // Many tests start processes (Redocly, node, git) and run next to two other files on two cores, and
    // whatever else the machine runs: a Redocly lint of 1-2 s took over Vitest's 5 s default under load.
    testTimeout: 30_000,
  },
});
