#!/usr/bin/env node
// The regenerate-on-spec-change pipeline: for each API whose inputs changed, lint its spec (the
// connectivity/x-pagination rule included) while Redocly bundles it (a plain spec, one file with no
// decorator, is bundled in-process: scripts/lib/plain-bundle.mjs), lint the bundle when decorators
// made it, generate its types, runtime table and error-code table; join all APIs into
// generated/openapi.yaml (in-process, as `redocly join` would: scripts/lib/join.mjs); report how the
// API surface changed. generated/.fingerprint.json records the inputs of the last generation (per API,
// and the generator's own: scripts/lib/fingerprint.mjs) and a hash of each file it wrote.
//
//   npm run generate                      regenerate what changed (a no-op when no input changed)
//   npm run generate -- --force           regenerate everything, from scratch
//   npm run generate -- --check           fail, naming the stale files, when generated/ does not match
//                                         the specs, as the fingerprint tells (no regeneration)
//   npm run generate -- --check --full    the same, by regenerating everything in memory the reference
//                                         way (every spec bundled, and the bundles joined, by the
//                                         Redocly CLI; the merged document linted too) and comparing
//                                         byte for byte
//   npm run generate -- --watch           regenerate whenever a spec changes
//   npm run generate -- --report-json FILE   also write the change report as JSON (specs/CHANGE-RULES.md)
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from "node:fs";
import nodeModule from "node:module";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, listApis, MERGED_API } from "./lib/apis.mjs";
import { readIntact, writeIntact } from "./lib/cache.mjs";
import { fileHash, inputsFingerprint, sha256 } from "./lib/fingerprint.mjs";
import { FORMAT } from "./lib/format.mjs";
import { componentPrefix, JoinError, joinApis, METHODS } from "./lib/join.mjs";
import { plainBundle } from "./lib/plain-bundle.mjs";
import { tagClashes } from "./lib/tag-clashes.mjs";
import { COMPILE_CACHE, lintEach, redocly, redoclySession, stopRedocly } from "./lib/redocly.mjs";
import { watchFolders } from "./lib/watch-folders.mjs";
import { X_COMPONENT_PREFIX as COMPONENT_PREFIX } from "./lib/extensions.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Node 22.1+ keeps V8's compiled code of the tools loaded below (TypeScript alone is 9 MB of JavaScript).
nodeModule.enableCompileCache?.(COMPILE_CACHE);
const OUT_DIR = "generated";
const FINGERPRINT = ".fingerprint.json";
const MERGED = "openapi.yaml";
/** Bundles of the last generations, by API and inputs: a one-API change re-bundles only that API. */
const CACHE_DIR = path.join(ROOT, ".cache", "generate");
const MERGED_INFO = {
  title: "connectivity-clients: merged API",
  version: "1.0.0",
  description:
    "The four network-connectivity APIs of connectivity-clients in one document, joined by `npm run generate` from specs/. " +
    "Components carry their API's prefix (info.x-component-prefix of each spec). Do not edit: change specs/ and regenerate. " +
    "Licences: each API's part keeps the licence of its own spec (info.license in specs/<api>/: Apache-2.0 for the two OTC APIs and Confluent, " +
    "whose specs derive from Apache-2.0 sources; MIT for MadConnect); the `license` below is that of this joining, the package's.",
  license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
};

class GenerationError extends Error {}

/**
 * The work folders of builds under way: removed when the process is stopped (Ctrl-C, a --watch ended),
 * after the Redocly processes writing into them (a `kill` of this process alone leaves them running).
 */
const workFolders = new Set();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(signal, async () => {
    await stopRedocly({ final: true });
    for (const work of workFolders) rmSync(work, { recursive: true, force: true });
    process.exit(128 + constants.signals[signal]);
  });

/** The generated files of one API besides the merged document. */
const outputsOf = (api) => [
  `${api}.ts`,
  `${api}.meta.ts`,
  `${api}.error-codes.ts`,
  `${api}.validators.ts`,
  `${api}.cli.ts`,
];

function readFingerprint() {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, OUT_DIR, FINGERPRINT), "utf8"));
  } catch {
    return null;
  }
}

function generatedNames() {
  const dir = path.join(ROOT, OUT_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name !== ".gitkeep") : [];
}

/**
 * What the fingerprint says is stale: for each API whose inputs changed, its files and the merged
 * document; each file whose content is not what the last generation wrote; each file that
 * generation does not write. @returns {{ apis: Set<string>, files: Map<string, string> }} the APIs to
 * regenerate, and each stale file of generated/ with the reason
 */
function staleness(apis, inputs, recorded) {
  const stale = { apis: new Set(), files: new Map() };
  const mark = (api, name, reason) => {
    if (api) stale.apis.add(api);
    if (!stale.files.has(name)) stale.files.set(name, reason);
  };
  if (!recorded?.inputs?.apis || !recorded.outputs) {
    for (const api of apis) for (const name of [...outputsOf(api.name), MERGED]) mark(api.name, name, "no fingerprint");
    return stale;
  }
  const generatorChanged = recorded.inputs.generator !== inputs.generator;
  for (const api of apis) {
    const why = generatorChanged
      ? "the generator, its configuration or a tool version changed"
      : recorded.inputs.apis[api.name] !== inputs.apis[api.name] && `the ${api.name} spec changed`;
    if (why) for (const name of [...outputsOf(api.name), MERGED]) mark(api.name, name, why);
  }
  const owner = new Map(apis.flatMap((api) => outputsOf(api.name).map((name) => [name, api.name])));
  for (const name of [...owner.keys(), MERGED]) {
    const onDisk = fileHash(path.join(ROOT, OUT_DIR, name));
    if (onDisk === null) mark(owner.get(name), name, "missing");
    else if (onDisk !== recorded.outputs[name]) mark(owner.get(name), name, "edited since it was generated");
  }
  for (const name of generatedNames())
    if (name !== FINGERPRINT && name !== MERGED && !owner.has(name)) mark(null, name, "not generated by the specs");
  return stale;
}

async function failOn(result, what) {
  if (result.code === 0) return;
  throw failures([[result, what]]);
}

/**
 * A required name no schema defines, found in a bundle (the verbatim files are linted with that rule
 * off, see redocly.yaml): the place is the bundle's, so what to do next is said too.
 */
const UNDEFINED_REQUIRED_HINT =
  "\nA `required` list of the bundle names a property no schema defines: a verbatim definition (Confluent's) requires it and defines it nowhere " +
  "the bundle reaches. Find the schema in the verbatim file by the JSON pointer above (a component's name, or the operation and the field). " +
  "Do not follow Redocly's advice to generate an ignore file (the bundle's name changes with every edit). If Confluent's published " +
  "spec defines the property in a part the excerpt left out, copy that part into both copies (specs/confluent/upstream/ and specs/sources/); " +
  "if it defines it nowhere, it is Confluent's mistake: keep the previous copies and tell Confluent (README, \"Confluent's definition\").\n";

function withBundleHints([result, what], bundles) {
  const output = `${result.stdout}${result.stderr}`;
  const inBundle = bundles.some((bundle) => output.includes(bundle));
  if (result.code === 0 || !inBundle || !output.includes("no-required-schema-properties-undefined"))
    return [result, what];
  return [{ ...result, stderr: `${result.stderr}${UNDEFINED_REQUIRED_HINT}` }, what];
}

/** One error for the runs of `[result, what]` that failed, each named. */
function failures(runs) {
  return new GenerationError(
    runs
      .filter(([result]) => result.code !== 0)
      .map(([result, what]) => `${what} failed:\n${result.stdout}${result.stderr}`.trimEnd())
      .join("\n\n"),
  );
}

/**
 * Where the bundle of `api` with these inputs is kept: a one-API change re-bundles only that API.
 * JSON, which reads many times faster than YAML.
 */
const bundleFile = (api, inputs) =>
  path.join(CACHE_DIR, `${api}.${sha256(`${inputs.generator}\0${inputs.apis[api]}`).slice(0, 16)}.json`);

/** Where the parsed content of a merged document is kept, for the next change report. */
const mergedCacheFile = (text) => path.join(CACHE_DIR, `merged.${sha256(text).slice(0, 16)}.json`);

/** The parsed merged document in `file` (null if there is none), from the cache when it is there. */
async function readMerged(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const cached = readIntact(mergedCacheFile(text));
  if (cached !== null) return JSON.parse(cached);
  const { parse } = await import("yaml");
  return parse(text);
}

/**
 * The Redocly configuration of one run, in the work folder: redocly.yaml with absolute paths, each
 * API bundled into the work folder, and `merged` pointing at the merged document there (so that
 * --check writes nothing to generated/).
 */
function workConfig(work, config, { stringify }) {
  config.plugins = (config.plugins ?? []).map((plugin) => path.resolve(ROOT, plugin));
  for (const [name, api] of Object.entries(config.apis)) {
    if (name === MERGED_API) api.root = path.join(work, MERGED);
    else {
      api.root = path.resolve(ROOT, api.root);
      api.output = path.join(work, "bundles", `${name}.json`);
    }
  }
  const file = path.join(work, "redocly.yaml");
  writeFileSync(file, stringify(config));
  return file;
}

/** Bundles `apis` (one Redocly run) into the cache. */
async function bundleApis(apis, { inputs, work, config, session }) {
  if (!apis.length) return;
  const result = await redocly(["bundle", ...apis.map((api) => api.name), "--config", config], { cwd: ROOT, session });
  await failOn(result, `Bundle of ${apis.map((api) => api.root).join(", ")}`);
  for (const api of apis)
    keepBundle(
      api.name,
      bundleFile(api.name, inputs),
      readFileSync(path.join(work, "bundles", `${api.name}.json`), "utf8"),
    );
}

/**
 * What generating the modules of an API needs: loaded while Redocly bundles, with Prettier's parser,
 * which it loads on its first use.
 */
async function moduleTools() {
  const [pagination, types, meta, prettier, validators, cli] = await Promise.all([
    import("./lib/pagination.mjs"),
    import("./lib/types.mjs"),
    import("./lib/meta.mjs"),
    import("prettier"),
    import("./lib/validators.mjs"),
    import("./lib/cli.mjs"),
  ]);
  await prettier.format("", FORMAT);
  return {
    ...pagination,
    ...types,
    ...meta,
    prettier,
    validatorsModule: validators.validatorsModule,
    responseSchemas: validators.responseSchemas,
    cliEntry: cli.cliEntry,
    CliDeclarationError: cli.CliDeclarationError,
  };
}

/**
 * Produces generated files in memory: each output of the APIs in `rebuild`, and the merged document.
 * The specs of those APIs are linted, and the bundles of those that have decorators (a bundle carries
 * what the decorators made of its spec). `lintMerged` also lints the whole merged document (`npm run
 * lint` always does); `reference` has the Redocly CLI do all it does (bundle plain specs too, and join),
 * the way the in-process shortcuts must match (--check --full). `whileLinting(files, merged)`: the
 * caller's work on the result (the change report), done while the lint of a bundle may still run; its
 * result is returned as `extra` once every lint passed.
 * @returns {{ files: Map<string, string>, merged: object, extra: unknown }}
 */
async function build({ apis, rebuild, inputs, useCache, lintMerged = false, reference = false, whileLinting }) {
  const [{ parse, stringify }, { yamlText }] = await Promise.all([import("yaml"), import("./lib/yaml-text.mjs")]);
  const changed = apis.filter((api) => rebuild.has(api.name));
  const tools = changed.length ? moduleTools() : null;
  tools?.catch(() => {});
  const work = mkdtempSync(path.join(tmpdir(), "connectivity-generate-"));
  workFolders.add(work);
  // A Redocly process that has ended a command runs the next one (the lint after a bundle) without
  // loading the CLI again.
  const session = redoclySession();
  try {
    const redoclyConfig = parse(readFileSync(path.join(ROOT, "redocly.yaml"), "utf8"));
    /** True when bundling changes what the lint of the spec saw: decorators apply to the API. */
    const decorated = (api) =>
      [redoclyConfig.decorators, redoclyConfig.apis?.[api.name]?.decorators].some(
        (decorators) => Object.keys(decorators ?? {}).length > 0,
      );
    const config = workConfig(work, structuredClone(redoclyConfig), { stringify });
    const toBundle = apis.filter(
      (api) => rebuild.has(api.name) || !useCache || keptBundle(bundleFile(api.name, inputs)) === null,
    );
    // A plain spec (one file, no decorator) is bundled here at once, the others by Redocly; with
    // `reference` (--check --full) Redocly bundles them all, the way the fast one must match.
    const bundledHere = new Set();
    if (!reference)
      for (const api of toBundle.filter((api) => !decorated(api))) {
        const bundle = plainBundle(ROOT, api.root);
        if (!bundle) continue;
        keepBundle(api.name, bundleFile(api.name, inputs), JSON.stringify(bundle, null, 2));
        bundledHere.add(api.name);
      }
    // Specs without decorators are linted while Redocly bundles; a decorated spec is linted after, in
    // one run with the bundle its decorators made (which holds more than the spec files say). Either
    // way a problem is reported with its place in the spec.
    const lintedWithBundle = changed.filter(decorated);
    const lintedAlone = changed.filter((api) => !decorated(api));
    const bundles = lintedWithBundle.map((api) => path.relative(ROOT, bundleFile(api.name, inputs)));
    /** The lint of the decorated specs, with their bundles when `withBundles`: `[result, what]`. */
    const lintDecorated = async (withBundles) => [
      await redocly(["lint", ...lintedWithBundle.map((api) => api.name), ...(withBundles ? bundles : [])], {
        cwd: ROOT,
        session,
      }),
      `Lint of ${lintedWithBundle.map((api) => api.root).join(", ")}${
        withBundles ? ` and of the bundle${bundles.length > 1 ? "s" : ""} ${bundles.join(", ")}` : ""
      }`,
    ];
    const specLint = lintedAlone.length
      ? lintEach(
          lintedAlone.map((api) => api.name),
          { cwd: ROOT, rootOf: (name) => apis.find((api) => api.name === name).root, session },
        )
      : { code: 0 };
    const bundling = bundleApis(
      toBundle.filter((api) => !bundledHere.has(api.name)),
      { inputs, work, config, session },
    ).catch((error) => error);
    // While Redocly lints: the types and tables of the APIs that changed, at once for those bundled here.
    const modules = (async () => {
      const byApi = new Map();
      const cache = { generator: inputs.generator, useCache };
      const make = async (api) =>
        byApi.set(api.name, await apiModules(api, bundleFile(api.name, inputs), await tools, cache));
      for (const api of changed.filter((api) => bundledHere.has(api.name))) await make(api);
      if (!((await bundling) instanceof Error))
        for (const api of changed.filter((api) => !bundledHere.has(api.name))) await make(api);
      return new Map(changed.flatMap((api) => [...(byApi.get(api.name) ?? [])]));
    })();
    modules.catch(() => {});
    const specLintResult = await specLint;
    if (specLintResult.code !== 0) {
      // The decorated specs' problems are reported in the same run (with their bundles' when they bundled).
      const runs = [[specLintResult, `Lint of ${lintedAlone.map((api) => api.root).join(", ")}`]];
      if (lintedWithBundle.length)
        runs.push(withBundleHints(await lintDecorated(!((await bundling) instanceof Error)), bundles));
      throw failures(runs);
    }
    const bundlingError = await bundling;
    if (bundlingError instanceof Error) {
      // The spec's own problems, with their places, before the bundler's account of them.
      if (lintedWithBundle.length) await failOn(...(await lintDecorated(false)));
      throw bundlingError;
    }

    const linting = bundles.length ? lintDecorated(true) : [{ code: 0 }];
    // While a bundle is linted: the merged document, and the caller's work on the result.
    const assembled = modules.then(async (files) => {
      const clashes = tagClashes(apis, (api) => readBundle(bundleFile(api.name, inputs)), ROOT);
      if (clashes) throw new GenerationError(clashes);
      const merged = reference
        ? await redoclyJoin(apis, (api) => bundleFile(api.name, inputs), { work, session })
        : joinBundles(apis, (api) => bundleFile(api.name, inputs));
      merged.info = MERGED_INFO;
      const mergedYaml = yamlText(merged);
      files.set(MERGED, `# Generated by \`npm run generate\` from specs/. Do not edit.\n${mergedYaml}`);
      return { files, merged, mergedYaml, extra: await whileLinting?.(files, merged) };
    });
    const [lint, built] = await Promise.all([linting, assembled.catch((error) => error)]);
    // The lint first: it says where a problem is (the modules' checks repeat some of its rules).
    await failOn(...withBundleHints(lint, bundles));
    if (built instanceof Error) throw built;
    const { files, merged, mergedYaml, extra } = built;
    if (lintMerged) {
      writeFileSync(path.join(work, MERGED), mergedYaml);
      const result = await redocly(["lint", MERGED_API, "--config", config], { cwd: work, session });
      // Problems are reported under the path the file will have.
      const relocate = (text) => text.split(MERGED).join(`${OUT_DIR}/${MERGED}`);
      await failOn(
        { ...result, stdout: relocate(result.stdout), stderr: relocate(result.stderr) },
        "Lint of the merged document",
      );
    }
    return { files, merged, extra };
  } finally {
    // A failure (a lint's) can end the build while Redocly still bundles into the work folder.
    await stopRedocly(); // and the processes the session keeps
    rmSync(work, { recursive: true, force: true });
    workFolders.delete(work);
  }
}

/**
 * The bundles of all APIs joined into the merged document (scripts/lib/join.mjs: what `redocly join
 * --prefix-components-with-info-prop x-component-prefix` makes of them, in-process).
 */
function joinBundles(apis, bundleFile) {
  try {
    return joinApis(
      apis.map((api) => ({ source: api.name, doc: readBundle(bundleFile(api)) })),
      { componentPrefixProp: COMPONENT_PREFIX },
    );
  } catch (error) {
    if (error instanceof JoinError) throw new GenerationError(`Join of the bundled APIs failed: ${error.message}`);
    throw error;
  }
}

/** Parsed bundles (read by the modules, the join and the change report; none of them changes one). */
const bundlesRead = new Map();
const readBundle = (file) => bundlesRead.get(file) ?? keptBundle(file);

/** Keeps the bundle of `api` in the cache, and parsed for this run. */
function keepBundle(api, file, text) {
  writeIntact(CACHE_DIR, file, text, `${api}.`);
  bundlesRead.set(file, JSON.parse(text));
}

/** The bundle kept in `file`, parsed, or null: none kept, or damaged since. */
function keptBundle(file) {
  const text = readIntact(file);
  if (text === null) return null;
  bundlesRead.set(file, JSON.parse(text));
  return bundlesRead.get(file);
}

const methodsOf = (pathItem) => [...METHODS].filter((method) => pathItem?.[method]).join(" ");

/**
 * Two merged documents without the parts of `apis`, whose bundles did not change: their components,
 * and each path of theirs that holds their operations alone on both sides (a path another API shares
 * stays). What is left is what the change report must compare.
 */
function withoutApis([before, after], apis, bundleFile) {
  if (!before || !after || !apis.length) return [before, after];
  const paths = new Set();
  const prefixes = [];
  for (const api of apis) {
    const bundle = readBundle(bundleFile(api));
    for (const [key, item] of Object.entries(bundle.paths ?? {}))
      if (methodsOf(before.paths?.[key]) === methodsOf(item) && methodsOf(after.paths?.[key]) === methodsOf(item))
        paths.add(key);
    prefixes.push(`${componentPrefix(bundle.info, COMPONENT_PREFIX, api.name)}_`);
  }
  const theirs = (name) => prefixes.some((prefix) => name.startsWith(prefix));
  const rest = (doc) => ({
    ...doc,
    paths: Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([key]) => !paths.has(key))),
    components: Object.fromEntries(
      Object.entries(doc.components ?? {}).map(([type, entries]) => [
        type,
        Object.fromEntries(Object.entries(entries).filter(([name]) => !theirs(name))),
      ]),
    ),
  });
  return [rest(before), rest(after)];
}

/** The same, by the Redocly CLI's `join` (the reference scripts/lib/join.mjs must match). */
async function redoclyJoin(apis, bundleFile, { work, session }) {
  const out = path.join(work, "joined.json");
  const result = await redocly(
    ["join", ...apis.map(bundleFile), "--prefix-components-with-info-prop", COMPONENT_PREFIX, "-o", out],
    { cwd: ROOT, session },
  );
  await failOn(result, "Join of the bundled APIs");
  return JSON.parse(readFileSync(out, "utf8"));
}

/**
 * The validators module of an API. Compiling them is a third of an API's modules, and they depend on
 * its response schemas alone: kept in the cache, and compiled again only when those (or the generator)
 * changed, not for an edited summary or parameter; `useCache: false` compiles them anyway.
 */
async function validatorsOf(api, doc, tools, { generator, useCache }) {
  const schemas = tools.responseSchemas(doc);
  const key = sha256(`${generator}\0${api.root}\0${JSON.stringify(schemas)}`).slice(0, 16);
  const file = path.join(CACHE_DIR, `validators.${api.name}.${key}.ts`);
  // Checked when read: a file damaged since it was kept is compiled again, not copied into generated/.
  const kept = useCache ? readIntact(file) : null;
  if (kept !== null) return kept;
  const text = await tools.validatorsModule({ api: api.name, source: api.root, schemas });
  writeIntact(CACHE_DIR, file, text, `validators.${api.name}.`);
  return text;
}

/**
 * The types, runtime, error-code, validators and CLI modules of one API, from its bundle; `cache`
 * (`{ generator, useCache }`: the generator's fingerprint, and whether to read the cache) for the validators.
 */
async function apiModules(api, bundle, tools, cache) {
  const { paginationTable, typesModule, metaModule, metaFile, errorCodesModule, errorCodesFile, collectErrorCodes } =
    tools;
  const format = (content) => tools.prettier.format(content, FORMAT);
  const files = new Map();
  const doc = readBundle(bundle);
  let pagination;
  let errorCodes;
  try {
    pagination = paginationTable(doc, api.root);
    errorCodes = collectErrorCodes(doc, api.root);
  } catch (error) {
    throw new GenerationError(error.message);
  }
  let types;
  try {
    types = await typesModule(doc);
  } catch (error) {
    throw new GenerationError(`Types of ${api.root} failed: ${error.message}`);
  }
  files.set(
    `${api.name}.ts`,
    await format(`// Generated by \`npm run generate\` from ${api.root}. Do not edit.\n\n${types}`),
  );
  files.set(
    metaFile(api.name),
    await format(metaModule({ api: api.name, source: api.root, servers: doc.servers ?? [], pagination })),
  );
  files.set(errorCodesFile(api.name), await format(errorCodesModule({ api: api.name, source: api.root, errorCodes })));
  files.set(`${api.name}.validators.ts`, await validatorsOf(api, doc, tools, cache));
  try {
    files.set(...(await tools.cliEntry({ ...api, doc }, format, pagination)));
  } catch (error) {
    // A declaration that does not fit its operation: the message names the spec and the operation.
    if (error instanceof tools.CliDeclarationError) throw new GenerationError(error.message);
    throw error;
  }
  return files;
}

/** The fingerprint of `files` (the outputs just built) over the recorded hashes of the others. */
function fingerprintFile(apis, inputs, files, recorded) {
  const names = [...apis.flatMap((api) => outputsOf(api.name)), MERGED];
  const outputs = Object.fromEntries(
    names
      .map((name) => [name, files.has(name) ? sha256(files.get(name)) : recorded?.outputs?.[name]])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return `${JSON.stringify({ inputs, outputs }, null, 2)}\n`;
}

/**
 * The change report against generated/ as it is on disk, the declarations of the files just built
 * compared too (the safety net): `{ text, json }`.
 */
async function changeReport(merged, files, { unchanged = [], bundleFile } = {}) {
  const { diffApis, formatChangeReport, isDeclarationFile, reportJson } = await import("./lib/change-report.mjs");
  // The parts of APIs whose bundles did not change are left out on both sides: they cannot differ.
  const [previous, current] = withoutApis(
    [await readMerged(path.join(ROOT, OUT_DIR, MERGED)), merged],
    unchanged,
    bundleFile,
  );
  const declarations = (read) =>
    new Map([...files.keys()].filter(isDeclarationFile).map((name) => [`${OUT_DIR}/${name}`, read(name)]));
  const before = declarations((name) => {
    const file = path.join(ROOT, OUT_DIR, name);
    return existsSync(file) ? readFileSync(file, "utf8") : null;
  });
  for (const [name, text] of before) if (text === null) before.delete(name);
  const changes = diffApis(previous, current, {
    declarations: { before, after: declarations((name) => files.get(name)) },
  });
  return { text: formatChangeReport(changes), json: reportJson(changes) };
}

const FILE_ERRORS = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "its folder does not exist",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
};

/** A GenerationError saying why the report file cannot be written (one line, no stack). */
const reportFileError = (file, error) =>
  new GenerationError(`--report-json: cannot write ${file}: ${FILE_ERRORS[error.code] ?? error.message}`);

/**
 * Fails, before anything is built, when the report file cannot be written: a report lost after
 * generated/ was updated could not be had again (the next run finds generated/ up to date).
 */
function checkReportFile(file) {
  if (!file) return;
  const existed = existsSync(file);
  try {
    closeSync(openSync(file, "a"));
    if (!existed) rmSync(file);
  } catch (error) {
    throw reportFileError(file, error);
  }
}

/** Writes the report file; done before generated/ is written, so that a failure leaves it as it was. */
async function writeReportJson(file, json) {
  if (!file) return;
  const text = `${JSON.stringify(json ?? (await import("./lib/change-report.mjs")).reportJson([]), null, 2)}\n`;
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw reportFileError(file, error);
  }
}

async function generate({ force = false, reportJsonFile } = {}) {
  const started = performance.now();
  checkReportFile(reportJsonFile);
  const apis = listApis(ROOT);
  const inputs = inputsFingerprint(ROOT, apis);
  const recorded = readFingerprint();
  const stale = force
    ? { apis: new Set(apis.map((api) => api.name)), files: new Map() }
    : staleness(apis, inputs, recorded);
  const rebuildMerged = force || stale.apis.size > 0 || stale.files.has(MERGED);
  const fingerprintCurrent = JSON.stringify(recorded?.inputs) === JSON.stringify(inputs);
  if (!rebuildMerged && stale.files.size === 0 && fingerprintCurrent) {
    console.log(`generated/ is up to date (${Math.round(performance.now() - started)} ms)`);
    await writeReportJson(reportJsonFile);
    return;
  }
  const dir = path.join(ROOT, OUT_DIR);
  const written = [];
  if (rebuildMerged || !fingerprintCurrent) {
    if (stale.apis.size < apis.length)
      console.log(`Regenerating ${stale.apis.size ? [...stale.apis].join(", ") + " and " : ""}the merged document`);
    // APIs not regenerated have the same bundle as when the merged document on disk was written, unless
    // that document was edited since: then the report compares it whole.
    const mergedAsWritten = recorded?.outputs?.[MERGED] === fileHash(path.join(ROOT, OUT_DIR, MERGED));
    const {
      files,
      merged,
      extra: report,
    } = await build({
      apis,
      rebuild: stale.apis,
      inputs,
      useCache: !force,
      whileLinting: (files, merged) =>
        changeReport(merged, files, {
          unchanged: force || !mergedAsWritten ? [] : apis.filter((api) => !stale.apis.has(api.name)),
          bundleFile: (api) => bundleFile(api.name, inputs),
        }),
    });
    console.log(report.text);
    await writeReportJson(reportJsonFile, report.json);
    files.set(FINGERPRINT, fingerprintFile(apis, inputs, files, recorded));
    // After the report, which reads the cached parse of the previous merged document.
    writeIntact(CACHE_DIR, mergedCacheFile(files.get(MERGED)), JSON.stringify(merged), "merged.");
    for (const [name, content] of files) {
      const file = path.join(dir, name);
      if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
      writeFileSync(file, content);
      written.push(name);
    }
  } else await writeReportJson(reportJsonFile);
  for (const [name, reason] of stale.files) {
    if (reason !== "not generated by the specs") continue;
    rmSync(path.join(dir, name));
    written.push(`${name} (removed)`);
  }
  console.log(
    `generated/: ${written.length ? `wrote ${written.join(", ")}` : "no file changed"} (${Math.round(performance.now() - started)} ms)`,
  );
}

function reportStale(stale) {
  console.error(
    `generated/ does not match the specs; run \`npm run generate\`. Stale:\n${stale.map((s) => `  ${s}`).join("\n")}`,
  );
  process.exitCode = 1;
}

/** --check: from the fingerprint, without regenerating. */
function check() {
  const started = performance.now();
  const apis = listApis(ROOT);
  const inputs = inputsFingerprint(ROOT, apis);
  const { files } = staleness(apis, inputs, readFingerprint());
  if (files.size) reportStale([...files].map(([name, reason]) => `${OUT_DIR}/${name} (${reason})`).sort());
  else
    console.log(
      `generated/ matches the specs, as its fingerprint says (${Math.round(performance.now() - started)} ms; --check --full regenerates to compare).`,
    );
}

/** --check --full: regenerates everything in memory, from scratch, and compares. */
async function checkFull() {
  const apis = listApis(ROOT);
  const inputs = inputsFingerprint(ROOT, apis);
  const rebuild = new Set(apis.map((api) => api.name));
  const { files } = await build({ apis, rebuild, inputs, useCache: false, lintMerged: true, reference: true });
  files.set(FINGERPRINT, fingerprintFile(apis, inputs, files, null));
  const stale = [];
  for (const [name, content] of files) {
    const file = path.join(ROOT, OUT_DIR, name);
    if (!existsSync(file)) stale.push(`${OUT_DIR}/${name} (missing)`);
    else if (readFileSync(file, "utf8") !== content) stale.push(`${OUT_DIR}/${name}`);
  }
  for (const name of generatedNames())
    if (!files.has(name)) stale.push(`${OUT_DIR}/${name} (not generated by the specs)`);
  if (stale.length) reportStale(stale);
  else console.log("generated/ matches the specs (regenerated in full to compare).");
}

/** Regenerates whenever a spec changes; each run writes `reportJsonFile`, when given, as the first did. */
function watchSpecs(reportJsonFile) {
  let timer;
  let running = Promise.resolve();
  const rerun = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => generate({ reportJsonFile }).catch(report));
    }, 150);
  };
  watchFolders(path.join(ROOT, "specs"), rerun);
  // The folder, not the files: an editor that saves by replacing a file would end a file watch.
  const configFiles = new Set(["redocly.yaml", ".redocly.lint-ignore.yaml"]);
  watch(ROOT, (_event, name) => configFiles.has(String(name)) && rerun());
  console.log("Watching specs/, redocly.yaml and .redocly.lint-ignore.yaml; Ctrl-C to stop.");
}

function report(error) {
  console.error(error instanceof GenerationError || error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}

const argv = process.argv.slice(2);
const reportJsonAt = argv.indexOf("--report-json");
const reportJsonFile = reportJsonAt >= 0 ? argv.splice(reportJsonAt, 2)[1] : undefined;
if (reportJsonAt >= 0 && (!reportJsonFile || reportJsonFile.startsWith("--"))) {
  console.error("--report-json needs a file name: --report-json FILE");
  process.exit(2);
}
const args = new Set(argv);
const unknown = [...args].filter((a) => !["--check", "--full", "--watch", "--force"].includes(a));
if (unknown.length || (args.has("--full") && !args.has("--check"))) {
  console.error(
    `${unknown.length ? `Unknown option(s): ${unknown.join(" ")}` : "--full goes with --check"}. Use --check [--full], --watch, --force or --report-json FILE.`,
  );
  process.exit(2);
}
try {
  if (args.has("--check")) await (args.has("--full") ? checkFull() : check());
  else await generate({ force: args.has("--force"), reportJsonFile });
} catch (error) {
  report(error);
}
if (args.has("--watch")) {
  process.exitCode = 0;
  watchSpecs(reportJsonFile);
}
