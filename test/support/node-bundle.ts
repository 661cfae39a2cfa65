// A TypeScript entry of this repository bundled with esbuild into one ES module that Node runs as a
// process of its own (for tests that need flags or an environment the test runner's process lacks).
import { build } from "esbuild";

/**
 * `entry` bundled into `outfile`; with `packages: "external"` the dependencies stay imports, found in
 * the project's node_modules (as the compiled package would find them).
 */
export async function bundleForNode(
  entry: string,
  outfile: string,
  { packages }: { packages?: "external" } = {},
): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    ...(packages && { packages }),
    // CommonJS dependencies (yaml) require Node's built-ins: give the ES module bundle a require.
    banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
    outfile,
    logLevel: "silent",
  });
}
