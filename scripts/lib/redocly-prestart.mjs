// Loaded by `npm run generate` before the generator (`node --import`, package.json): a run that may build
// starts a Redocly process at once, which loads the CLI while the generator loads its own modules and reads
// the fingerprint (scripts/lib/redocly.mjs, prestartRedocly). Not for `--check` alone, which builds nothing.
import { prestartRedocly } from "./redocly.mjs";

const args = process.argv.slice(2);
if (!args.includes("--check") || args.includes("--full")) prestartRedocly();
