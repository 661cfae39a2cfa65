// Vitest setup file (vitest.config.ts): every fast-check property of the run draws from the seed in
// FC_SEED (set by vitest.config.ts, printed at the start of the run), so a failure seen in CI is
// replayed with `FC_SEED=<seed> npx vitest run <file>`. A test's own `seed` option still wins.
import fc from "fast-check";

const seed = Number(process.env.FC_SEED);
if (Number.isSafeInteger(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
