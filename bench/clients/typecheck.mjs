// Measured process of part 6 (type-check cost): type-checks one consumer project with the
// TypeScript compiler API and reports the process CPU time (user + system) of the check alone,
// the same work tsc's `Check time` covers: the program is created (files read and parsed) and
// bound first, untimed, then `getSemanticDiagnostics` runs the checker. CPU time, not wall time:
// on a shared machine wall time swings with the other processes. Also reports the checker's
// instantiation and type counts (deterministic) and fails if the consumer has any diagnostic.
//
//   node bench/clients/typecheck.mjs <tsconfig path>
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { childMain } from "../lib/proc.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ts = createRequire(path.join(ROOT, "package.json"))("typescript");

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

childMain(async () => {
  const configPath = path.resolve(process.argv[2]);
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  );
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const checker = program.getTypeChecker(); // binds every file
  const start = cpuMs();
  const semantic = program.getSemanticDiagnostics();
  const checkCpuMs = cpuMs() - start;
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...semantic,
  ];
  if (diagnostics.length)
    throw new Error(
      `the consumer must type-check:\n${ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => path.dirname(configPath),
        getNewLine: () => "\n",
      })}`,
    );
  return {
    checkCpuMs,
    instantiations: checker.getInstantiationCount(),
    types: checker.getTypeCount(),
    files: program.getSourceFiles().length,
  };
});
