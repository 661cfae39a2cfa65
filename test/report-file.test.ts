// scripts/lib/report-file.mjs: where `npm run generate -- --report-json FILE` may write its report, checked
// before anything is built, in a scratch project (test/pipeline.test.ts runs a few of these refusals
// through the command, for their exit code and message).
import { execFileSync } from "node:child_process";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureFolders } from "./support/fixture-folders.js";

// @ts-expect-error untyped project script
const { reportFileTarget, ReportFileError, writeReportFile } = await import("../scripts/lib/report-file.mjs");

const fixture = fixtureFolders("connectivity-report-file-");
const REPORT = '{ "schemaVersion": 1, "breaking": 0, "additions": 0, "changes": [] }\n';
const PROJECT = {
  "generated/openapi.yaml": "openapi: 3.0.3\n",
  "specs/otc-vpc/openapi.yaml": "openapi: 3.0.3\n",
  "redocly.yaml": "apis: {}\n",
  "package.json": "{}\n",
  "scripts/generate.mjs": "",
  "reports/earlier.json": REPORT,
  "reports/empty.json": "",
  ".cache/generate/merged.json": "{}",
};

/** A scratch project, with a link `to-generated` to its generated/, `to-scripts` to scripts/, `to-root` to itself. */
function project() {
  const root = fixture(PROJECT);
  symlinkSync(join(root, "generated"), join(root, "to-generated"));
  symlinkSync(join(root, "scripts"), join(root, "to-scripts"));
  symlinkSync(root, join(root, "to-root"));
  return root;
}

/** reportFileTarget for `file` (relative to `root`) in the project at `root`. */
const target = (root: string, file: string, { watching = false, projectRoot = root } = {}) =>
  // Not path.join: it would drop `missing/..`, which the system does not.
  reportFileTarget(file.startsWith("/") ? file : `${root}/${file}`, {
    root: projectRoot,
    outDir: "generated",
    caches: [".cache"],
    watching,
    watched: ["specs"],
    watchedFiles: ["redocly.yaml", ".redocly.lint-ignore.yaml"],
  });

/** Where reportFileTarget has `file` written. */
const pathOf = (root: string, file: string) => target(root, file).path;

/** The message of the ReportFileError reportFileTarget throws for `file`. */
function refusal(root: string, file: string, options?: { watching?: boolean; projectRoot?: string }): string {
  try {
    target(root, file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileError);
    return (error as Error).message;
  }
  throw new Error(`${file} was not refused`);
}

describe("reportFileTarget (the --report-json file, checked before anything is built)", () => {
  it("is the file in its folder as the system finds it, through links and `..` after one", () => {
    const root = project();
    const real = realpathSync(root);
    expect(pathOf(root, "report.json")).toBe(join(real, "report.json"));
    expect(pathOf(root, "to-scripts/../report.json")).toBe(join(real, "report.json"));
    expect(pathOf(root, "to-root/reports/new.json")).toBe(join(real, "reports/new.json"));
    // An empty file, or one holding an earlier report, is replaced; so is a link to nowhere (by a file).
    expect(pathOf(root, "reports/empty.json")).toBe(join(real, "reports/empty.json"));
    expect(pathOf(root, "reports/earlier.json")).toBe(join(real, "reports/earlier.json"));
    symlinkSync(join(root, "nowhere/at-all.json"), join(root, "reports/dangling.json"));
    expect(pathOf(root, "reports/dangling.json")).toBe(join(real, "reports/dangling.json"));
    // What --watch refuses is fine without it.
    expect(pathOf(root, "specs/report.json")).toBe(join(real, "specs/report.json"));
    // On Linux `\` is a character of a name, not a separator.
    if (process.platform !== "win32") expect(pathOf(root, "back\\")).toBe(join(real, "back\\"));
    // Nothing is left of its probe.
    expect(readdirSync(join(root, "reports")).sort()).toEqual(["dangling.json", "earlier.json", "empty.json"]);
  });

  it("refuses generated/ and every file in it, however reached: a link, `..` after a link, the project through a link", () => {
    const root = project();
    const inGenerated = "a file in generated/, where generate removes every file it does not write itself";
    for (const file of ["generated/report.json", "to-generated/report.json", "to-scripts/../generated/report.json"])
      expect(refusal(root, file), file).toContain(inGenerated);
    // generated/ itself, missing (a file of that name would stop every later run) or there.
    expect(refusal(root, "generated")).toContain(inGenerated);
    rmSync(join(root, "generated"), { recursive: true });
    expect(refusal(root, "generated")).toContain(inGenerated);
    expect(refusal(root, "to-root/generated")).toContain(inGenerated);
    // Nor in .cache/, whose files generate (its cache) and the type check remove.
    for (const file of [".cache/generate/merged.report.json", ".cache/report.json"])
      expect(refusal(root, file), file).toContain("a file in .cache/, whose files the project's tools remove");
    // The project named through a link, the report by its real path: the same folder all the same.
    mkdirSync(join(root, "generated"));
    expect(refusal(realpathSync(root), "generated/report.json", { projectRoot: join(root, "to-root") })).toContain(
      inGenerated,
    );
  });

  it("under --watch, refuses specs/ (at any depth) and the configuration it watches, however reached", () => {
    const root = project();
    symlinkSync(join(root, "specs/otc-vpc"), join(root, "to-vpc"));
    const watched = "a file --watch watches (specs/, redocly.yaml, .redocly.lint-ignore.yaml)";
    for (const file of [
      "specs/report.json",
      "specs/otc-vpc/report.json",
      "to-vpc/report.json",
      "to-scripts/../specs/report.json",
      "redocly.yaml",
      "to-root/redocly.yaml",
      ".redocly.lint-ignore.yaml",
    ])
      expect(refusal(root, file, { watching: true }), file).toContain(watched);
    // A second name (a hard link) of a file it watches.
    linkSync(join(root, "redocly.yaml"), join(root, "reports/config.json"));
    expect(refusal(root, "reports/config.json", { watching: true })).toContain(watched);
  });

  it("refuses a file that holds no report, a folder, a device or a pipe, and a folder that does not exist", () => {
    const root = project();
    const noReport = "the file there holds no change report, and would be replaced";
    expect(refusal(root, "package.json")).toContain(noReport);
    expect(refusal(root, "specs/otc-vpc/openapi.yaml")).toContain(noReport);
    symlinkSync(join(root, "package.json"), join(root, "reports/to-package.json"));
    expect(refusal(root, "reports/to-package.json")).toContain(noReport);
    expect(refusal(root, "reports")).toBe(`--report-json: cannot write ${root}/reports: it is a folder`);
    expect(refusal(root, "reports/")).toContain("it is a folder");
    expect(refusal(root, "missing/report.json")).toContain("its folder does not exist");
    expect(refusal(root, "missing/../report.json")).toContain("its folder does not exist");
    // A device (through a link, as /dev/stdout is) and a named pipe: never replaced by a file.
    const notAFile = "not a regular file (a device, a pipe or a socket)";
    symlinkSync("/dev/null", join(root, "reports/null"));
    expect(refusal(root, "reports/null")).toContain(notAFile);
    execFileSync("mkfifo", [join(root, "reports/pipe")]);
    expect(refusal(root, "reports/pipe")).toContain(notAFile);
    expect(lstatSync(join(root, "reports/null")).isSymbolicLink()).toBe(true);
    // A name with a line break is shown quoted: the message stays one line.
    const message = refusal(root, "missing\nfolder/report.json");
    expect(message).not.toContain("\n");
    expect(message).toContain(JSON.stringify(`${root}/missing\nfolder/report.json`));
  });
});

describe("writeReportFile", () => {
  it("writes nothing when the folder checked was replaced since (by a link into generated/, or a mount)", () => {
    const root = project();
    mkdirSync(join(root, "out"));
    const checked = target(root, "out/report.json");
    renameSync(join(root, "out"), join(root, "out-before"));
    symlinkSync(join(root, "generated"), join(root, "out"));
    expect(() => writeReportFile(checked, REPORT, "out/report.json")).toThrow(
      "--report-json: cannot write out/report.json: its folder was replaced since the run started (nothing written there)",
    );
    expect(readdirSync(join(root, "generated"))).toEqual(["openapi.yaml"]);
  });

  it("writes a new file renamed into place: a link there is replaced, never written through", () => {
    const root = project();
    const file = join(root, "reports/report.json");
    symlinkSync(join(root, "package.json"), file);
    writeReportFile(target(root, "reports/earlier.json"), REPORT, "reports/earlier.json");
    writeFileSync(join(root, "package.json"), REPORT);
    writeReportFile(target(root, "reports/report.json"), '{ "changes": [] }\n', "reports/report.json");
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, "utf8")).toBe('{ "changes": [] }\n');
    expect(readFileSync(join(root, "package.json"), "utf8")).toBe(REPORT);
    expect(readdirSync(join(root, "reports")).sort()).toEqual(["earlier.json", "empty.json", "report.json"]);
  });
});
