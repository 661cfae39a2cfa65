// Part 5: bundle size. Each entry point bundled (openapi-fetch and every other dependency
// included), minified with esbuild and gzipped (level 9); kB = 1000 bytes.
//   - each vendor entry, everything it exports, against bare openapi-fetch bundled the same way;
//   - the drift hook's cost in each vendor entry: the entry bundled as it is and again from the same
//     dist/ with the hook and the drift plumbing every client loads cut out (DRIFT_HOOK_CUTS below),
//     gz bytes of both, judged "does not grow";
//   - OTC's error-code table (connectivity-clients/otc/error-codes), reported: reference data kept out of /otc;
//   - tree-shaking of the root entry: one export imported through the root against the same export
//     imported straight from the module that defines it (equal when the root shakes to what is imported);
//   - the list-subnets call: ours against the Huawei Cloud SDK's, bundled the same way.
// Bundled for platform "node" (Node built-ins stay external, which the Huawei SDK needs; our
// clients use none), as ESM, target es2022. Resolved through the package's own "exports" (dist/).
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const KB = 1000;

/**
 * Bundles `contents` as an app would (code splitting on, as Vite, webpack and esbuild apps do): what
 * is counted is the entry chunk and the chunks it imports statically; a chunk loaded only through a
 * dynamic import (the drift validators) loads only when used, and is reported apart as `lazy`.
 */
async function bundle(contents, plugins = []) {
  const dir = mkdtempSync(path.join(HERE, ".size-"));
  try {
    const entry = path.join(dir, "entry.mjs");
    writeFileSync(entry, contents);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      outdir: path.join(dir, "out"),
      minify: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "es2022",
      metafile: true,
      logLevel: "silent",
      // Not the project's tsconfig.json, whose `paths` map the entry points to the sources (for the
      // README examples): a consumer's bundler resolves them through package.json's exports, to dist/.
      tsconfigRaw: "{}",
      plugins,
    });
    const outputs = result.metafile.outputs;
    const bytesOf = new Map(result.outputFiles.map((file) => [path.relative(process.cwd(), file.path), file.contents]));
    const entryName = Object.keys(outputs).find((name) => outputs[name].entryPoint);
    const eager = new Set();
    const visit = (name) => {
      if (eager.has(name)) return;
      eager.add(name);
      for (const { path: imported, kind } of outputs[name].imports)
        if (kind === "import-statement" && outputs[imported]) visit(imported);
    };
    visit(entryName);
    const lazy = Object.keys(outputs).filter((name) => !eager.has(name) && !name.endsWith(".map"));
    const join = (names) => Buffer.concat(names.map((name) => bytesOf.get(name)));
    const code = join([...eager]);
    // [module, minified bytes it contributes (before gzip)], largest first
    const contributing = [...eager]
      .flatMap((name) => Object.entries(outputs[name].inputs))
      .filter(([, info]) => info.bytesInOutput > 0)
      .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
      .map(([file, info]) => [file.replace(/^.*?(dist\/|node_modules\/)/, "$1"), info.bytesInOutput]);
    return {
      min: code.length,
      gz: gzipSync(code, { level: 9 }).length,
      lazyGz: lazy.length ? gzipSync(join(lazy), { level: 9 }).length : 0,
      modules: contributing.map(([module]) => module),
      breakdown: Object.fromEntries(contributing),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SNIPPETS = {
  openapiFetch: `export * from "openapi-fetch"; export { default } from "openapi-fetch";`,
  entry: (specifier) => `export * from "${specifier}";`,
  oursListSubnets: `
    import { createVpcClient } from "connectivity-clients/otc";
    export async function listSubnets(baseUrl, accessKey, secretKey, project_id) {
      const vpc = createVpcClient({ baseUrl, auth: { accessKey, secretKey } });
      return vpc.unwrap(vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id }, query: { limit: 10 } } }));
    }`,
  huaweiListSubnets: `
    import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
    import { VpcClient, ListSubnetsRequest } from "@huaweicloud/huaweicloud-sdk-vpc";
    export async function listSubnets(endpoint, ak, sk, projectId) {
      const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
      const client = VpcClient.newBuilder().withCredential(credentials).withEndpoint(endpoint).build();
      return client.listSubnets(new ListSubnetsRequest().withLimit(10));
    }`,
};

/**
 * The drift hook as it stands in dist/, and what the same code is without it: the client's call goes
 * straight to `plainCall` (no `withDriftHook`: no src/core/drift-hook.ts), no API passes a `drift`
 * loader (no dynamic import of its drift module, the checker and its validators), and nothing hands
 * an error response's findings to its typed error (no `errorResponseDrift` map, no `drift` set on
 * ApiError, no look-up in src/core/vendor.ts). Every cut
 * must match (a renamed hook fails the run instead of measuring nothing), and the entry bundled without
 * the hook must load nothing lazily (checked in run()).
 */
const DRIFT_HOOK_CUTS = [
  {
    file: /dist\/src\/core\/client\.js$/,
    cuts: [
      [/^import \{ withDriftHook \} from "\.\/drift-hook\.js";\n/m, ""],
      [/\bwithDriftHook\((\w+), setup, redact\)/, "$1"],
      // What the drift check is shown of an error body and of a success no JSON can be read from.
      [/^\s*watch\?\.errorBody\(copy, body\);\n/m, ""],
      [/^\s*await watch\?\.unreadable\(response\);\n/m, ""],
      [/, onAnswer, watch\)/, ", onAnswer)"],
    ],
  },
  {
    file: /dist\/src\/(otc|confluent|madconnect)\/index\.js$/,
    cuts: [[/^\s*drift: \(\) => import\("\.\/[\w-]*drift\.js"\),\n/gm, ""]],
  },
  // What hands an error response's findings to its typed error: the map the drift check fills and
  // ApiError's `drift` field (its declaration is types only).
  {
    file: /dist\/src\/core\/error-base\.js$/,
    cuts: [
      [/^export const errorResponseDrift = new WeakMap\(\);\n/m, ""],
      [/^\s*if \(init\.drift\)\s*this\.drift = init\.drift;\n/m, ""],
    ],
  },
  {
    file: /dist\/src\/core\/vendor\.js$/,
    cuts: [
      [/^import \{ errorResponseDrift \} from "\.\/error-base\.js";\n/m, ""],
      [/^\s*drift: errorResponseDrift\.get\(response\),\n/m, ""],
    ],
  },
];
const withoutDriftHook = {
  name: "without-drift-hook",
  setup(build) {
    build.onLoad({ filter: /dist\/src\/.*\.js$/ }, ({ path: file }) => {
      const rule = DRIFT_HOOK_CUTS.find(({ file: pattern }) => pattern.test(file.replaceAll(path.sep, "/")));
      if (!rule) return undefined;
      let contents = readFileSync(file, "utf8");
      for (const [pattern, replacement] of rule.cuts) {
        const cut = contents.replace(pattern, replacement);
        if (cut === contents) throw new Error(`bench/size.mjs: the drift hook's ${pattern} is not in ${file}`);
        contents = cut;
      }
      return { contents, loader: "js" };
    });
  },
};

const kb = (bytes) => bytes / KB;
/** The vendor entry points of package.json's exports. */
const VENDOR_ENTRIES = ["otc", "confluent", "madconnect"];
/** Each vendor entry may weigh at most this fraction (1/n) of the Huawei SDK's list-subnets bundle. */
const ENTRY_SHARE = 12;
/** Modules a vendor entry may load only through a dynamic import (drift validation). */
const LAZY_ONLY = /\.validators\.js$|drift\.js$/;

const largest = (b, n = 6) =>
  Object.entries(b.breakdown)
    .slice(0, n)
    .map(([file, bytes]) => `${file.replace(/^node_modules\//, "")} ${(bytes / KB).toFixed(1)}`)
    .join(", ");

export async function run({ log }) {
  const rows = [];
  const details = {};
  const base = await bundle(SNIPPETS.openapiFetch);
  log(`  bare openapi-fetch: ${base.min} B min, ${base.gz} B gz`);

  // The yardstick of the vendor entries: the Huawei Cloud SDK's list-subnets call, bundled in this run.
  let huawei;
  try {
    huawei = await bundle(SNIPPETS.huaweiListSubnets);
    details.huaweiListSubnets = {
      min: huawei.min,
      gz: huawei.gz,
      modules: huawei.modules.length,
      largest: largest(huawei, 10),
    };
  } catch (error) {
    log(`  Huawei SDK bundle failed: ${error.message.split("\n")[0]}`);
  }
  const limit = huawei ? huawei.gz / ENTRY_SHARE : null;

  for (const entry of VENDOR_ENTRIES) {
    const b = await bundle(SNIPPETS.entry(`connectivity-clients/${entry}`));
    details[entry] = b;
    log(`  ${entry}: largest modules (kB min): ${largest(b)}`);
    rows.push({
      part: "5 size",
      measurement: `connectivity-clients/${entry}, all exports, min+gz (min ${kb(b.min).toFixed(1)} kB)`,
      value: kb(b.gz),
      unit: "kB",
      baseline: huawei ? kb(huawei.gz) : null,
      baselineLabel: "Huawei Cloud SDK list-subnets call, min+gz, this run",
      ratio: huawei ? b.gz / huawei.gz : null,
      goal: `≤ 1/${ENTRY_SHARE} of the Huawei SDK call, no validator in it`,
      // Without the yardstick the goal cannot be shown met. Drift validation must load lazily: neither
      // the checker nor an API's validators may be in what the entry loads up front.
      met: limit !== null && b.gz <= limit && !b.modules.some((m) => LAZY_ONLY.test(m)),
    });
  }

  // #16: "a non-validating client's bundle does not grow": the entry against the same code without the hook.
  for (const entry of VENDOR_ENTRIES) {
    const withHook = details[entry];
    const without = await bundle(SNIPPETS.entry(`connectivity-clients/${entry}`), [withoutDriftHook]);
    if (without.lazyGz !== 0 || without.modules.some((m) => /drift/.test(m)))
      throw new Error(
        `bench/size.mjs: ${entry} without the drift hook still loads drift code: ${without.modules.filter((m) => /drift/.test(m)).join(", ")} (lazy ${without.lazyGz} B)`,
      );
    const growth = withHook.gz - without.gz;
    details[`${entry} without drift hook`] = { min: without.min, gz: without.gz };
    log(`  ${entry}: ${withHook.gz} B gz with the drift hook, ${without.gz} B gz without (${growth} B)`);
    rows.push({
      part: "5 size",
      measurement: `connectivity-clients/${entry}: growth from the drift hook and plumbing every client loads (withDriftHook, which reads the validate option; the API's lazy drift loader; the errorResponseDrift map and ApiError's drift field; the call's watch of error bodies and unreadable successes), min+gz bytes (min +${withHook.min - without.min} B)`,
      value: growth,
      unit: "B",
      baseline: without.gz,
      baselineLabel: "the same entry with the hook and that plumbing cut out, min+gz bytes",
      ratio: withHook.gz / without.gz,
      goal: "does not grow (≤ 0 B)",
      met: growth <= 0,
    });
  }

  for (const entry of VENDOR_ENTRIES)
    rows.push({
      part: "5 size",
      measurement: `connectivity-clients/${entry}: loaded only with validate on (drift checker and validators), min+gz`,
      value: kb(details[entry].lazyGz),
      unit: "kB",
      baseline: kb(details[entry].gz),
      baselineLabel: "the entry itself, min+gz",
      ratio: details[entry].lazyGz / details[entry].gz,
      goal: "report",
      met: null,
    });

  // VPC Endpoint's documented error codes: reference data in an entry of its own, out of the otc entry above.
  const errorCodes = await bundle(SNIPPETS.entry("connectivity-clients/otc/error-codes"));
  details["otc/error-codes"] = errorCodes;
  rows.push({
    part: "5 size",
    measurement: `connectivity-clients/otc/error-codes (VPC Endpoint's error-code table), min+gz (min ${kb(errorCodes.min).toFixed(1)} kB)`,
    value: kb(errorCodes.gz),
    unit: "kB",
    baseline: kb(base.gz),
    baselineLabel: "bare openapi-fetch, min+gz",
    ratio: errorCodes.gz / base.gz,
    goal: "report",
    met: null,
  });

  const root = await bundle(SNIPPETS.entry("connectivity-clients"));
  rows.push({
    part: "5 size",
    measurement: `connectivity-clients (root), all exports, min+gz (min ${kb(root.min).toFixed(1)} kB)`,
    value: kb(root.gz),
    unit: "kB",
    baseline: kb(base.gz),
    baselineLabel: "bare openapi-fetch, min+gz",
    ratio: root.gz / base.gz,
    goal: "report",
    met: null,
  });
  for (const [name, module] of [
    ["parseJson", "core/json.js"],
    ["ApiError", "core/errors.js"],
  ]) {
    const viaRoot = await bundle(`export { ${name} } from "connectivity-clients";`);
    const direct = await bundle(`export { ${name} } from "${path.join(ROOT, "dist/src", module)}";`);
    const extra = viaRoot.modules.filter((m) => !direct.modules.includes(m) && m !== "dist/src/index.js");
    rows.push({
      part: "5 size",
      measurement: `root entry, only { ${name} } imported, min+gz${extra.length ? ` (also pulls in ${extra.join(", ")})` : ""}`,
      value: kb(viaRoot.gz),
      unit: "kB",
      baseline: kb(direct.gz),
      baselineLabel: `{ ${name} } straight from dist/src/${module}`,
      ratio: viaRoot.gz / direct.gz,
      goal: "≤ 1.02× (shakes to the import)",
      met: viaRoot.gz <= direct.gz * 1.02 && extra.length === 0,
    });
  }

  const ours = await bundle(SNIPPETS.oursListSubnets);
  details.oursListSubnets = ours;
  rows.push({
    part: "5 size",
    measurement: `ours: list-subnets call (createVpcClient + GET, AK/SK), min+gz (min ${kb(ours.min).toFixed(1)} kB)`,
    value: kb(ours.gz),
    unit: "kB",
    baseline: kb(base.gz),
    baselineLabel: "bare openapi-fetch, min+gz",
    ratio: ours.gz / base.gz,
    goal: "report",
    met: null,
  });
  rows.push({
    part: "5 size",
    measurement: huawei
      ? `Huawei Cloud SDK: list-subnets call, min+gz (min ${kb(huawei.min).toFixed(1)} kB, ${huawei.modules.length} modules)`
      : "Huawei Cloud SDK: list-subnets call (bundle failed)",
    value: huawei ? kb(huawei.gz) : null,
    unit: "kB",
    baseline: kb(ours.gz),
    baselineLabel: "ours: list-subnets call, min+gz",
    ratio: huawei ? huawei.gz / ours.gz : null,
    goal: "report",
    met: null,
  });
  details.root = root;
  details.openapiFetch = base;
  return { rows, raw: details };
}
