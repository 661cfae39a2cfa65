// Not in scripts/lib: every file there is an input of generation, in the fingerprint of generated/.
// The package's public surface between the last release and now, for `npm run release`: what package.json
// promises (`exports` subpaths and their conditions, `bin` names, `engines.node`, `type`, dependencies) and what
// each entry point exports (the names, and the declaration a consumer's TypeScript sees for each).
// Each change is { level: "breaking"|"addition"|"change", message }.
import { createRequire } from "node:module";
import path from "node:path";
import semver from "semver";

// TypeScript loads (a few hundred milliseconds) only when declarations are compared.
const require = createRequire(import.meta.url);
/** @type {typeof import("typescript")} */
let ts;

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];
/** Fields compared on their own below; any other field that changed is named in one "change". */
const SURFACE_FIELDS = new Set(["exports", "bin", "engines", "type", "main", "types", "typings", ...DEPENDENCY_FIELDS]);
/** Fields a release changes by itself. */
const IGNORED_FIELDS = new Set(["version"]);

/**
 * `exports` as { subpath: { "cond.cond": target } }: sugar (`"exports": "./x.js"`, or conditions without a
 * "." key) as the "." subpath, a string target as the `default` condition, nested conditions joined by ".".
 */
export function exportMap(exports) {
  if (exports === undefined) return null;
  const root =
    typeof exports === "string" ||
    Array.isArray(exports) ||
    !Object.keys(exports ?? {}).some((key) => key.startsWith("."))
      ? { ".": exports }
      : exports;
  const flat = (target, prefix, out) => {
    if (target === null || typeof target === "string" || Array.isArray(target))
      out[prefix || "default"] = JSON.stringify(target);
    else for (const [key, value] of Object.entries(target)) flat(value, prefix ? `${prefix}.${key}` : key, out);
    return out;
  };
  return Object.fromEntries(
    Object.entries(root)
      .filter(([subpath]) => subpath.startsWith("."))
      .map(([subpath, target]) => [subpath, flat(target, "", {})]),
  );
}

const binMap = (bin, name) =>
  bin === undefined ? {} : typeof bin === "string" ? { [String(name).replace(/^@[^/]+\//, "")]: bin } : bin;

/** A package path as a consumer imports it: `connectivity-clients/otc`. */
const importPath = (name, subpath) => (subpath === "." ? name : `${name}/${subpath.replace(/^\.\//, "")}`);

/** How package.json `before` (the last release's) and `after` differ for the package's consumers. */
export function packageChanges(before, after) {
  const changes = [];
  const add = (level, message) => changes.push({ level, message });
  const name = after.name ?? before.name ?? "the package";

  const [was, now] = [exportMap(before.exports), exportMap(after.exports)];
  const mixed = (exports) =>
    exports &&
    typeof exports === "object" &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((key) => key.startsWith("."))
      ? Object.keys(exports).filter((key) => !key.startsWith("."))
      : [];
  if (mixed(after.exports).length && !mixed(before.exports).length)
    add(
      "breaking",
      `package.json: \`exports\` mixes subpaths with ${mixed(after.exports)
        .map((key) => `"${key}"`)
        .join(", ")}, which Node refuses (ERR_INVALID_PACKAGE_CONFIG)`,
    );
  if (was === null && now !== null)
    add("breaking", `package.json: \`exports\` added: only its ${Object.keys(now).length} subpath(s) can be imported`);
  else if (was !== null && now === null)
    add("addition", "package.json: `exports` removed: every file of the package can be imported");
  else if (was && now) {
    for (const [subpath, conditions] of Object.entries(was)) {
      if (!(subpath in now)) {
        add("breaking", `package.json: export \`${importPath(name, subpath)}\` removed (\`exports["${subpath}"]\`)`);
        continue;
      }
      for (const [condition, target] of Object.entries(conditions)) {
        if (!(condition in now[subpath]))
          add(
            "breaking",
            `package.json: export \`${importPath(name, subpath)}\`: condition \`${condition}\` removed (was ${target})`,
          );
        else if (now[subpath][condition] !== target)
          add(
            "change",
            `package.json: export \`${importPath(name, subpath)}\`: condition \`${condition}\` now ${now[subpath][condition]} (was ${target})`,
          );
      }
      for (const condition of Object.keys(now[subpath]))
        if (!(condition in conditions))
          add("addition", `package.json: export \`${importPath(name, subpath)}\`: condition \`${condition}\` added`);
    }
    for (const subpath of Object.keys(now))
      if (!(subpath in was)) add("addition", `package.json: export \`${importPath(name, subpath)}\` added`);
  }

  const [binWas, binNow] = [binMap(before.bin, before.name), binMap(after.bin, after.name)];
  for (const [command, target] of Object.entries(binWas)) {
    if (!(command in binNow)) add("breaking", `package.json: command \`${command}\` removed (\`bin\`)`);
    else if (binNow[command] !== target)
      add("change", `package.json: command \`${command}\` now runs ${binNow[command]} (was ${target})`);
  }
  for (const command of Object.keys(binNow))
    if (!(command in binWas)) add("addition", `package.json: command \`${command}\` added (\`bin\`)`);

  const [nodeWas, nodeNow] = [before.engines?.node ?? "*", after.engines?.node ?? "*"];
  if (nodeWas !== nodeNow) {
    const valid = semver.validRange(nodeWas) && semver.validRange(nodeNow);
    const engines = `package.json: \`engines.node\` ${JSON.stringify(nodeNow)} (was ${JSON.stringify(nodeWas)})`;
    if (!valid) add("breaking", `${engines}, not a range semver can compare`);
    else if (!semver.subset(nodeWas, nodeNow)) {
      const lost = semver.minVersion(nodeWas);
      const dropped = lost && !semver.satisfies(lost, nodeNow) ? `: Node ${lost} is no longer supported` : "";
      add("breaking", `${engines}${dropped || ": Node versions it supported are no longer supported"}`);
    } else add("change", `${engines}: more Node versions supported`);
  }

  // The other engines (npm's, say) only warn unless an installer is told to be strict: each change named.
  const enginesWas = before.engines ?? {};
  const enginesNow = after.engines ?? {};
  for (const engine of new Set([...Object.keys(enginesWas), ...Object.keys(enginesNow)]))
    if (engine !== "node" && JSON.stringify(enginesWas[engine]) !== JSON.stringify(enginesNow[engine]))
      add(
        "change",
        `package.json: \`engines.${engine}\` ${enginesNow[engine] === undefined ? "removed" : JSON.stringify(enginesNow[engine])} (was ${enginesWas[engine] === undefined ? "unset" : JSON.stringify(enginesWas[engine])})`,
      );

  if ((before.type ?? "commonjs") !== (after.type ?? "commonjs"))
    add(
      "breaking",
      `package.json: \`type\` ${after.type ?? "commonjs"} (was ${before.type ?? "commonjs"}): its .js files load as another module kind`,
    );
  for (const field of ["main", "types", "typings"])
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      add(
        after[field] === undefined ? "breaking" : "change",
        `package.json: \`${field}\` ${after[field] === undefined ? "removed" : JSON.stringify(after[field])} (was ${before[field] === undefined ? "unset" : JSON.stringify(before[field])})`,
      );

  for (const field of DEPENDENCY_FIELDS) {
    const [a, b] = [before[field] ?? {}, after[field] ?? {}];
    const edits = [
      ...Object.keys(a)
        .filter((dep) => !(dep in b))
        .map((dep) => `${dep} removed`),
      ...Object.keys(b)
        .filter((dep) => !(dep in a))
        .map((dep) => `${dep} ${b[dep]} added`),
      ...Object.keys(b)
        .filter((dep) => dep in a && a[dep] !== b[dep])
        .map((dep) => `${dep} ${a[dep]} → ${b[dep]}`),
    ];
    if (edits.length) add("change", `package.json: \`${field}\`: ${edits.join(", ")}`);
  }

  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (field) =>
      !SURFACE_FIELDS.has(field) &&
      !IGNORED_FIELDS.has(field) &&
      JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
  if (others.length) add("change", `package.json: ${others.map((f) => `\`${f}\``).join(", ")} changed`);
  return changes;
}

/**
 * The source file of each entry point with declarations: the `types` condition's target of each `exports`
 * subpath (else its default's), a built path (dist/src/x.d.ts or .js) mapped to its source (src/x.ts).
 * @returns {Map<string, string>} subpath → source path relative to the package root
 */
export function entrySources(pkg, outDir = "dist") {
  const map =
    exportMap(pkg.exports) ??
    (pkg.types || pkg.typings ? { ".": { types: JSON.stringify(pkg.types ?? pkg.typings) } } : {});
  const sources = new Map();
  for (const [subpath, conditions] of Object.entries(map)) {
    if (subpath.includes("*")) continue;
    const key = Object.keys(conditions).find((c) => c.split(".").at(-1) === "types") ?? "default";
    const target = conditions[key] && JSON.parse(conditions[key]);
    if (typeof target !== "string" || !/\.(d\.ts|js|mjs|cjs|ts|mts|cts)$/.test(target)) continue;
    const relative = path.posix.normalize(target).replace(/^\.\//, "");
    const source = relative
      .replace(new RegExp(`^${outDir.replace(/^\.\//, "").replace(/\/$/, "")}/`), "")
      .replace(/\.d\.([mc]?)ts$/, ".$1ts")
      .replace(/\.([mc]?)js$/, ".$1ts");
    sources.set(subpath, source);
  }
  return sources;
}

/** Without a tsconfig.json: ES2022 without the DOM, Node's module rules, no @types. */
const fallbackOptions = () => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts"],
});

/** The compiler options of the project at `root` (tsconfig.json), to emit declarations in memory. */
function compilerOptions(root) {
  const file = path.join(root, "tsconfig.json");
  const parsed = ts.sys.fileExists(file)
    ? ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
    : null;
  const options = { ...(parsed?.options ?? fallbackOptions()) };
  for (const key of ["noEmit", "incremental", "tsBuildInfoFile", "composite", "emitDeclarationOnly", "outFile"])
    delete options[key];
  return {
    ...options,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: root,
    outDir: path.join(root, ".release-dts"),
  };
}

/** Parsed libraries (the compiler's, node_modules'): the same in every program this process makes. */
const librarySources = new Map();

/** A compiler host on the disk that parses the compiler's libraries and node_modules' files once per process. */
function cachingHost(options) {
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile } = host;
  host.getSourceFile = (file, language, onError, create) => {
    if (!file.split(/[\\/]/).includes("node_modules")) return getSourceFile.call(host, file, language, onError, create);
    const key = `${file}\0${typeof language === "object" ? JSON.stringify(language) : language}`;
    if (!librarySources.has(key)) librarySources.set(key, getSourceFile.call(host, file, language, onError, create));
    return librarySources.get(key);
  };
  return host;
}

/** The files of a commit the declarations are read from (scripts/lib/git-tree.mjs's `wanted`): TypeScript and JSON, outside node_modules. */
export const isDeclarationSource = (file) =>
  /\.(ts|mts|cts|tsx|json)$/.test(file) && !file.split("/").includes("node_modules");

/**
 * The files of a commit under `root`, in a compiler host: `tree` (scripts/lib/git-tree.mjs, read with
 * `isDeclarationSource`) gives the TypeScript and JSON files, the disk node_modules and the compiler's own libraries.
 */
function hostAtCommit(root, tree, options) {
  const host = cachingHost(options);
  const files = new Map(
    [...tree.texts].filter(([file]) => isDeclarationSource(file)).map(([file, text]) => [path.join(root, file), text]),
  );
  const dirs = new Set();
  for (const file of tree.paths) {
    for (let dir = path.dirname(path.join(root, file)); dir.startsWith(root) && !dirs.has(dir); dir = path.dirname(dir))
      dirs.add(dir);
  }
  const committed = (file) => {
    const relative = path.relative(root, file);
    return (
      !relative.startsWith("..") && !path.isAbsolute(relative) && !relative.split(path.sep).includes("node_modules")
    );
  };
  const { getSourceFile, fileExists, readFile, directoryExists, realpath } = host;
  return Object.assign(host, {
    fileExists: (file) => (committed(file) ? files.has(file) : fileExists.call(host, file)),
    readFile: (file) => (committed(file) ? files.get(file) : readFile.call(host, file)),
    directoryExists: (dir) => (committed(dir) ? dirs.has(dir) || dir === root : directoryExists.call(host, dir)),
    getSourceFile: (file, language, onError, create) =>
      committed(file)
        ? files.has(file)
          ? ts.createSourceFile(file, files.get(file), language, true)
          : undefined
        : getSourceFile.call(host, file, language, onError, create),
    realpath: (file) => (committed(file) || !realpath ? file : realpath.call(host, file)),
  });
}

/** The top-level statements of declaration file `dts` that declare `name`, printed without comments. */
function declarationsOf(dts, name) {
  const declares = (statement) => {
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
    return statement.name && ts.isIdentifier(statement.name) && statement.name.text === name;
  };
  const printer = ts.createPrinter({ removeComments: true });
  return dts.statements
    .filter(declares)
    .map((statement) => {
      if (!ts.isVariableStatement(statement)) return printer.printNode(ts.EmitHint.Unspecified, statement, dts);
      const only = statement.declarationList.declarations.filter((d) => d.name.text === name);
      const list = ts.factory.updateVariableDeclarationList(statement.declarationList, only);
      return printer.printNode(
        ts.EmitHint.Unspecified,
        ts.factory.updateVariableStatement(statement, statement.modifiers, list),
        dts,
      );
    })
    .join("\n");
}

/**
 * What each entry point exports, in the program of `host`: { subpath: Map(name → declaration text) }, the text
 * as the package's .d.ts files declare it (emitted in memory from the declaring source file).
 */
function exportedDeclarations(root, host, options, entries) {
  const roots = [...entries.values()].map((file) => path.join(root, file)).filter((file) => host.fileExists(file));
  const program = ts.createProgram({ rootNames: roots, options, host });
  const checker = program.getTypeChecker();
  const emitted = new Map();
  const dtsOf = (sourceFile) => {
    if (sourceFile.isDeclarationFile) return sourceFile;
    if (!emitted.has(sourceFile.fileName)) {
      let text = "";
      program.emit(sourceFile, (name, data) => name.endsWith(".d.ts") && (text = data), undefined, true);
      emitted.set(sourceFile.fileName, ts.createSourceFile("x.d.ts", text, ts.ScriptTarget.Latest, true));
    }
    return emitted.get(sourceFile.fileName);
  };
  const result = {};
  for (const [subpath, file] of entries) {
    const sourceFile = program.getSourceFile(path.join(root, file));
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) {
      result[subpath] = sourceFile ? new Map() : null;
      continue;
    }
    const names = new Map();
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const texts = (target.declarations ?? []).map((declaration) =>
        declarationsOf(dtsOf(declaration.getSourceFile()), target.name),
      );
      const text = texts.filter(Boolean).join("\n");
      names.set(
        symbol.name,
        text || checker.typeToString(checker.getTypeOfSymbol(target), undefined, ts.TypeFormatFlags.NoTruncation),
      );
    }
    result[subpath] = names;
  }
  return result;
}

/**
 * How the entry points' exports differ between commit `base` and the working tree at `root`: a removed name is
 * BREAKING, an added one an addition, a changed declaration a change. Subpaths on one side only are left to
 * packageChanges. `tree`: the files of commit `base` (scripts/lib/git-tree.mjs, read with `isDeclarationSource`).
 */
export function declarationChanges(root, tree, base, before, after) {
  ts ??= require("typescript");
  const options = compilerOptions(root);
  const [entriesWas, entriesNow] = [entrySources(before), entrySources(after)];
  const shared = (map, other) => new Map([...map].filter(([subpath]) => other.has(subpath)));
  const was = exportedDeclarations(root, hostAtCommit(root, tree, options), options, shared(entriesWas, entriesNow));
  const now = exportedDeclarations(root, cachingHost(options, root), options, shared(entriesNow, entriesWas));
  const name = after.name ?? "the package";
  const changes = [];
  for (const [subpath, names] of Object.entries(was)) {
    const entry = importPath(name, subpath);
    const current = now[subpath];
    if (names === null && current === null) continue; // no source either side: nothing to compare
    if (names === null || current === null) {
      const missing = names === null ? `${entriesWas.get(subpath)} at ${base}` : `${entriesNow.get(subpath)} now`;
      changes.push({ level: "change", message: `\`${entry}\`: declarations not compared: no source ${missing}` });
      continue;
    }
    for (const [exported, text] of names) {
      if (!current.has(exported))
        changes.push({ level: "breaking", message: `\`${entry}\`: export \`${exported}\` removed` });
      else if (current.get(exported) !== text)
        changes.push({
          level: "change",
          message: `\`${entry}\`: declaration of \`${exported}\` changed${quoted(text, current.get(exported))}`,
        });
    }
    for (const exported of current.keys())
      if (!names.has(exported))
        changes.push({ level: "addition", message: `\`${entry}\`: export \`${exported}\` added` });
  }
  return changes;
}

const oneLine = (text) => text.replace(/\s+/g, " ");
/** Short declarations quoted as they were and are (a class's would fill the entry): ", from `…` to `…`". */
function quoted(was, now) {
  const [a, b] = [oneLine(was), oneLine(now)];
  return a.length + b.length > 240 || /`/.test(a + b) ? "" : `, from \`${a}\` to \`${b}\``;
}
