/**
 * The spec pipeline's refusals and edge cases, end to end (`npm run generate`, `npm run lint`), in ONE
 * temporary copy of the project, which the tests share in order: each leaves the copy as the repository
 * has it, but the last ones, which change redocly.yaml (after the run that fails on broken specs, which
 * leaves the broken specs' bundle in the cache in place of the good one). A full generation (--force)
 * first leaves the bundles and the compiled validators in the copy's cache, so the later runs bundle only
 * the API they change. What they cost: one full generation, three one-API regenerations in one --watch,
 * one `npm run lint` and one run that stops at the lint, a full check stopped as it starts, two full
 * generations with redocly.yaml changed (one during which a spec is saved again), and runs that answer
 * from the fingerprint or refuse before building. Part of `npm run test:e2e` (CI runs it after `npm
 * test`); test/pipeline.test.ts is `npm test`'s one end-to-end generation.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  renameSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CONFLUENT_SPEC,
  CONFLUENT_UPSTREAM,
  editVpcSpec,
  editYaml,
  LIST_CONNECTIONS,
  LIST_SUBNETS,
  MADCONNECT_SPEC,
  mtimes,
  pipelineCopy,
  TIMEOUT,
  VPC_SPEC,
  waitFor,
  written,
} from "./support/pipeline-edits.js";
import {
  differences,
  ENV,
  generate,
  GENERATE,
  generatedFiles,
  run,
  scratchFolder,
  staleLines,
  type Run,
} from "./support/pipeline-runs.js";

/**
 * `generate --watch` (with `args`) in `dir`, in a process group of its own: killing the group also ends a
 * Redocly child it may be running. `output`: its stdout and stderr so far.
 */
function watchIn(dir: string, ...args: string[]) {
  const watcher: ChildProcess = spawn(process.execPath, [...GENERATE, "--watch", ...args], {
    cwd: dir,
    detached: true,
    env: ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const watch = {
    watcher,
    output: "",
    exited: new Promise<number | null>((done) => watcher.on("exit", done)),
  };
  watcher.stdout!.on("data", (chunk) => (watch.output += chunk));
  watcher.stderr!.on("data", (chunk) => (watch.output += chunk));
  return watch;
}

/**
 * Module code that, as it loads, renames over `file` a copy of it whose modification time is ten minutes
 * old: a change a modification time does not show.
 */
const replaceAsLoaded = (file: string) =>
  `import { copyFileSync, renameSync, utimesSync } from "node:fs";
copyFileSync(${JSON.stringify(file)}, ${JSON.stringify(`${file}.new`)});
utimesSync(${JSON.stringify(`${file}.new`)}, new Date(Date.now() - 600_000), new Date(Date.now() - 600_000));
renameSync(${JSON.stringify(`${file}.new`)}, ${JSON.stringify(file)});
`;

describe("the spec pipeline's refusals and edge cases, end to end", () => {
  let dir: string;
  let committed: Map<string, Buffer>;
  let madconnectSpec: string;
  let restoreSpec: () => void;
  beforeAll(async () => {
    ({ dir, committed, madconnectSpec, restoreSpec } = pipelineCopy());
    const warm = await generate(dir, "--force");
    expect(warm.code, warm.output).toBe(0);
  }, TIMEOUT);

  it(
    "--check answers from the fingerprint: passes, then names each hand-edited, missing or stray file, and writes nothing",
    { timeout: TIMEOUT },
    async () => {
      const fresh = await generate(dir, "--check");
      expect(fresh.code, fresh.output).toBe(0);
      expect(fresh.stdout).toMatch(/^generated\/ matches the specs, as its fingerprint says/m);

      // One run for every kind of hand-made damage: each file is named with its own reason.
      const types = join(dir, "generated/otc-vpc.ts");
      const codes = join(dir, "generated/otc-vpcep.error-codes.ts");
      const merged = join(dir, "generated/openapi.yaml");
      const cli = join(dir, "generated/otc-vpc.cli.ts");
      const stray = join(dir, "generated/stray.ts");
      const before = new Map([types, codes, merged, cli].map((file) => [file, readFileSync(file)]));
      appendFileSync(types, "// edited by hand\n");
      appendFileSync(codes, "// edited by hand\n");
      appendFileSync(merged, "# edited by hand\n");
      rmSync(cli);
      writeFileSync(stray, "export {};\n");
      const edited = readFileSync(types, "utf8");
      try {
        const stale = await generate(dir, "--check");
        expect(stale.code, stale.output).not.toBe(0);
        expect(stale.stderr).toContain("generated/ does not match the specs; run `npm run generate`.");
        expect(staleLines(stale.stderr)).toEqual([
          "generated/openapi.yaml (edited since it was generated)",
          "generated/otc-vpc.cli.ts (missing)",
          "generated/otc-vpc.ts (edited since it was generated)",
          "generated/otc-vpcep.error-codes.ts (edited since it was generated)",
          "generated/stray.ts (not generated by the specs)",
        ]);
        // --check writes nothing.
        expect(readFileSync(types, "utf8")).toBe(edited);
        expect(existsSync(cli)).toBe(false);
        expect(existsSync(stray)).toBe(true);
      } finally {
        for (const [file, content] of before) writeFileSync(file, content);
        rmSync(stray, { force: true });
      }
      expect(differences(generatedFiles(dir), committed)).toEqual([]);

      // A folder in generated/ (one named as an output too): named by --check, and generate refuses to run (it
      // writes files only), --force too, writing nothing. A link to nowhere is a stray file.
      const folder = join(dir, "generated/notes");
      mkdirSync(folder);
      writeFileSync(join(folder, "keep.md"), "mine\n");
      const meta = join(dir, "generated/otc-vpc.meta.ts");
      const metaText = readFileSync(meta);
      rmSync(meta);
      mkdirSync(meta);
      // A link to a folder is a folder; a link to nowhere is a stray file.
      const cliText = readFileSync(cli);
      rmSync(cli);
      symlinkSync(folder, cli);
      symlinkSync("/nonexistent/target", join(dir, "generated/link.ts"));
      // A named pipe: reading it would wait for ever.
      execFileSync("mkfifo", [join(dir, "generated/pipe.ts")]);
      try {
        const checked = await generate(dir, "--check");
        expect(staleLines(checked.stderr)).toEqual([
          "generated/link.ts (not generated by the specs)",
          "generated/notes (a folder, which generation never writes)",
          "generated/otc-vpc.cli.ts (a folder, which generation never writes)",
          "generated/otc-vpc.meta.ts (a folder, which generation never writes)",
          "generated/pipe.ts (not a regular file (a pipe, a device or a socket), which generation never writes)",
        ]);
        for (const refused of [await generate(dir), await generate(dir, "--force")]) {
          expect(refused.code).toBe(1);
          expect(refused.stderr).toContain(
            "generated/notes, generated/otc-vpc.cli.ts, generated/otc-vpc.meta.ts: a folder, which `npm run generate` never writes",
          );
          expect(refused.output).not.toMatch(/^\s+at /m);
        }
        expect(readFileSync(join(folder, "keep.md"), "utf8")).toBe("mine\n");
        // With the folders gone, the pipe is refused the same way.
        rmSync(folder, { recursive: true, force: true });
        rmSync(meta, { recursive: true, force: true });
        writeFileSync(meta, metaText);
        rmSync(cli, { force: true });
        writeFileSync(cli, cliText);
        const piped = await generate(dir);
        expect(piped.code, piped.output).toBe(1);
        expect(piped.stderr).toContain(
          "generated/pipe.ts: not a regular file (a pipe, a device or a socket), which `npm run generate` never writes",
        );
        // A pipe in the fingerprint's place, which every run reads first: named, never read.
        renameSync(join(dir, "generated/.fingerprint.json"), join(dir, "fingerprint.kept"));
        execFileSync("mkfifo", [join(dir, "generated/.fingerprint.json")]);
        const unread = await generate(dir, "--check");
        expect(unread.code, unread.output).toBe(1);
        expect(unread.stderr).toContain(
          "generated/.fingerprint.json (not a regular file (a pipe, a device or a socket), which generation never writes)",
        );
      } finally {
        if (existsSync(join(dir, "fingerprint.kept"))) {
          rmSync(join(dir, "generated/.fingerprint.json"), { force: true });
          renameSync(join(dir, "fingerprint.kept"), join(dir, "generated/.fingerprint.json"));
        }
        rmSync(join(dir, "generated/pipe.ts"), { force: true });
        rmSync(folder, { recursive: true, force: true });
        rmSync(meta, { recursive: true, force: true });
        writeFileSync(meta, metaText);
        rmSync(cli, { force: true });
        writeFileSync(cli, cliText);
        rmSync(join(dir, "generated/link.ts"), { force: true });
      }
      expect(differences(generatedFiles(dir), committed)).toEqual([]);

      // A merged document that does not parse (cut short by hand, or by a run of before): the change report
      // has nothing to compare with, and generate says how to mend that, writing nothing.
      const mergedText = readFileSync(merged);
      // Cut inside a quoted string: an unterminated string does not parse.
      const quote = mergedText.indexOf('"', mergedText.indexOf("\npaths:"));
      expect(quote).toBeGreaterThan(0);
      writeFileSync(merged, mergedText.subarray(0, quote + 2));
      try {
        const cut = await generate(dir);
        expect(cut.code, cut.output).toBe(1);
        expect(cut.stderr).toContain("generated/openapi.yaml does not parse (");
        expect(cut.stderr).toContain("restore it (`git checkout generated/openapi.yaml`) and run again");
        expect(cut.output).not.toMatch(/^\s+at /m);
      } finally {
        writeFileSync(merged, mergedText);
      }
      expect(differences(generatedFiles(dir), committed)).toEqual([]);

      // With a folder there, --check says to move it first; an output that is a link is replaced by the file.
      mkdirSync(folder);
      const typesText = readFileSync(types);
      renameSync(types, join(dir, "otc-vpc.ts.elsewhere"));
      symlinkSync(join(dir, "otc-vpc.ts.elsewhere"), types);
      try {
        const checked = await generate(dir, "--check");
        expect(checked.stderr).toContain(
          "generated/ does not match the specs; move or remove each folder named below, then run `npm run generate`.",
        );
        expect(staleLines(checked.stderr)).toEqual([
          "generated/notes (a folder, which generation never writes)",
          "generated/otc-vpc.ts (a link, which generation replaces with a file)",
        ]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
        rmSync(types);
        rmSync(join(dir, "otc-vpc.ts.elsewhere"));
        writeFileSync(types, typesText);
      }

      // generated/ must be a folder of the project: a link would have generate write and remove files elsewhere.
      const generatedDir = join(dir, "generated");
      const away = join(dir, "generated-elsewhere");
      renameSync(generatedDir, away);
      symlinkSync(away, generatedDir);
      try {
        for (const args of [[], ["--check"], ["--force"]]) {
          const refused = await generate(dir, ...args);
          expect(refused.code, args.join(" ")).toBe(1);
          expect(refused.stderr).toContain("generated is a link: `npm run generate` writes and removes files in it");
          expect(refused.output).not.toMatch(/^\s+at /m);
        }
      } finally {
        rmSync(generatedDir);
        renameSync(away, generatedDir);
      }
      // Nor a report file there, which it would remove as a file it does not write (test/report-file.test.ts
      // has every way of reaching it, and the other refusals): through a linked folder and `..` here (the
      // system follows the link first), and with --watch one in specs/, which each write would run again; a
      // file holding no report (a link to the merged document) is never replaced.
      const reportLink = join(dir, "report.json");
      const links: [string, string][] = [
        [join(dir, "scripts"), join(dir, "to-scripts")],
        [merged, reportLink],
      ];
      for (const [target, link] of links) symlinkSync(target, link);
      try {
        const refusals: [string[], string][] = [
          [["to-scripts/../generated/report.json"], "a file in generated/"],
          [["specs/report.json", "--watch"], "--report-json specs/report.json: a file --watch watches"],
          [["report.json"], "--report-json report.json: the file there holds no change report"],
        ];
        for (const [[named, ...more], said] of refusals) {
          const refused = await generate(dir, ...more, "--report-json", named!);
          expect(refused.code, named).toBe(1);
          expect(refused.stderr).toContain(said);
        }
        // A dangling link is replaced by the file, never written through.
        rmSync(reportLink);
        symlinkSync(join(generatedDir, "report.json"), reportLink);
        const linked = await generate(dir, "--report-json", "report.json");
        expect(linked.code, linked.output).toBe(0);
        expect(lstatSync(reportLink).isSymbolicLink()).toBe(false);
        expect(JSON.parse(readFileSync(reportLink, "utf8"))).toMatchObject({ breaking: 0 });
        // And an earlier run's report is replaced.
        expect((await generate(dir, "--report-json", "report.json")).code).toBe(0);
      } finally {
        for (const [, link] of links) rmSync(link, { force: true });
      }
      // The fingerprint as a link: named by --check, replaced by the file.
      const fingerprint = join(generatedDir, ".fingerprint.json");
      renameSync(fingerprint, join(dir, "fingerprint.elsewhere"));
      symlinkSync(join(dir, "fingerprint.elsewhere"), fingerprint);
      try {
        expect(staleLines((await generate(dir, "--check")).stderr)).toEqual([
          "generated/.fingerprint.json (a link, which generation replaces with a file)",
        ]);
        const mended = await generate(dir);
        expect(mended.code, mended.output).toBe(0);
        expect(lstatSync(fingerprint).isSymbolicLink()).toBe(false);
      } finally {
        rmSync(join(dir, "fingerprint.elsewhere"), { force: true });
      }
      expect(differences(generatedFiles(dir), committed)).toEqual([]);

      // --check regenerates nothing: it takes none of a regeneration's options.
      for (const [option, named] of [
        [["--force"], "--force"],
        [["--watch"], "--watch"],
        [["--report-json", join(dir, "report.json")], "--report-json"],
        [["--full", "--force"], "--force"],
      ] as const) {
        const misuse = await generate(dir, "--check", ...option);
        expect(misuse.code, option.join(" ")).toBe(2);
        expect(misuse.stderr).toContain(`--check goes with no ${named}.`);
      }
      expect(existsSync(join(dir, "report.json"))).toBe(false);
    },
  );

  it(
    "--watch regenerates only the changed API and the merged document at each change: a summary edit with the validators compiled before, a breaking edit with its report, its undoing with the committed files",
    async () => {
      const reportFile = join(dir, "watch-report.json");
      const watch = watchIn(dir, "--report-json", reportFile);
      const { watcher, exited } = watch;
      const afterStart = () => watch.output.slice(watch.output.indexOf("Watching"));
      /** The output of the n-th regeneration since the watch started (1-based), once it is over. */
      const regeneration = async (n: number) => {
        await waitFor(
          () => {
            if (/failed:|Error/.test(afterStart())) throw new Error(`regeneration failed:\n${watch.output}`);
            return watch.output.includes("Watching") && afterStart().split(/^generated\/: /m).length > n;
          },
          120_000,
          () => `no regeneration #${n} after the watch started:\n${watch.output}`,
        );
        return afterStart().split(/^(?=Regenerating )/m)[n]!;
      };
      const others = ["otc-vpcep", "madconnect", "confluent"].flatMap((api) =>
        [".ts", ".meta.ts", ".error-codes.ts", ".validators.ts", ".cli.ts"].map((suffix) => `${api}${suffix}`),
      );
      const before = mtimes(dir);
      const cacheDir = join(dir, ".cache/generate");
      const cachedValidators = () => readdirSync(cacheDir).filter((name) => /^validators\.otc-vpc\..*\.ts$/.test(name));
      const validatorsBefore = cachedValidators();
      expect(validatorsBefore).toHaveLength(1);
      const compiledAt = statSync(join(cacheDir, validatorsBefore[0]!)).mtimeMs;
      const stray = join(dir, "generated/stray.ts");
      let summary: string;
      let summaryMerged: string;
      let validatorsAfterSummary: string[];
      let compiledAtAfterSummary: number;
      let strayAfterSummary: boolean;
      let itemName: string;
      let breaking: string;
      let breakingJson: { breaking: number };
      let undone: string;
      let check: Run;
      let types: string;
      let cli: string;
      try {
        await waitFor(
          () => watch.output.includes("Watching"),
          120_000,
          () => `no "Watching" line in:\n${watch.output}`,
        );
        // 1. A summary edit: the API's validators, which depend on its response schemas alone, are not
        // compiled again. With it, a file generation does not write (the same run removes it), and another
        // API's kept bundle damaged since (still JSON: it is bundled again, not joined as it is).
        writeFileSync(stray, "export {};\n");
        const bundle = join(
          cacheDir,
          readdirSync(cacheDir).find((name) => /^madconnect\.\w+\.json$/.test(name))!,
        );
        writeFileSync(bundle, readFileSync(bundle, "utf8").replace(/"summary": "/, '"summary": "DAMAGED '));
        editYaml(dir, VPC_SPEC, (doc) => doc.setIn([...LIST_SUBNETS, "summary"], "Query subnets (edited)"));
        summary = await regeneration(1);
        summaryMerged = readFileSync(join(dir, "generated/openapi.yaml"), "utf8");
        strayAfterSummary = existsSync(stray);
        rmSync(stray, { force: true }); // (gone already, unless the run kept it: then the next runs need it gone)
        validatorsAfterSummary = cachedValidators();
        const kept = join(cacheDir, validatorsBefore[0]!);
        compiledAtAfterSummary = existsSync(kept) ? statSync(kept).mtimeMs : Number.NaN;

        // 2. A breaking edit, 3. undone.
        itemName = editVpcSpec(dir);
        breaking = await regeneration(2);
        // Each run of the watch writes the report file, not only the first.
        breakingJson = JSON.parse(readFileSync(reportFile, "utf8"));
        types = readFileSync(join(dir, "generated/otc-vpc.ts"), "utf8");
        cli = readFileSync(join(dir, "generated/otc-vpc.cli.ts"), "utf8");
        check = await generate(dir, "--check");
        restoreSpec();
        undone = await regeneration(3);
        // The lint's exceptions are part of the configuration: saving them reruns generation (a no-op here).
        const ignoreFile = join(dir, ".redocly.lint-ignore.yaml");
        const since = watch.output.length;
        writeFileSync(ignoreFile, readFileSync(ignoreFile));
        await waitFor(
          () => /^generated\/ is up to date/m.test(watch.output.slice(since)),
          30_000,
          () => `no run after .redocly.lint-ignore.yaml was saved:\n${watch.output.slice(since)}`,
        );
      } finally {
        if (watcher.exitCode === null && watcher.signalCode === null) process.kill(-watcher.pid!, "SIGTERM");
        await exited;
        rmSync(stray, { force: true });
      }

      expect(summary).toMatch(/^Regenerating otc-vpc and the merged document$/m);
      expect(written(summary)).toContain("otc-vpc.ts");
      expect(written(summary)).toContain("stray.ts (removed)");
      expect(strayAfterSummary).toBe(false);
      expect(summaryMerged).toContain("Query subnets (edited)");
      expect(summaryMerged).not.toContain("DAMAGED");
      expect(validatorsAfterSummary).toEqual(validatorsBefore);
      expect(compiledAtAfterSummary).toBe(compiledAt);

      expect(breaking).toMatch(/^Regenerating otc-vpc and the merged document$/m);
      expect(breaking).toMatch(/^API surface changed: \d+ change\(s\), \d+ BREAKING$/m);
      expect(breakingJson!.breaking).toBe(Number(/(\d+) BREAKING$/m.exec(breaking)![1]));
      const lines = breaking.split("\n");
      expect(lines).toContain("BREAKING GET /v1/{project_id}/subnets: response 200 field subnets[].cidr removed");
      expect(lines).toContain("         operation GET /v1/{project_id}/pipeline-probe (getPipelineProbe) added");
      expect(breaking).toContain("GET /v1/{project_id}/subnets: query parameter watch_probe added");
      // The added operation is a command of the `connectivity` CLI; the removed column is gone.
      expect(cli!).toContain('name: "get-pipeline-probe"');
      expect(cli!).not.toContain('"cidr"');
      // Only the changed API's files, the merged document and the fingerprint were written.
      expect(written(breaking)).toEqual(expect.arrayContaining([".fingerprint.json", "openapi.yaml", "otc-vpc.ts"]));
      for (const name of written(breaking)) expect(name).toMatch(/^(otc-vpc\.|openapi\.yaml$|\.fingerprint\.json$)/);
      // The fingerprint now describes the edited spec.
      expect(check!.code, check!.output).toBe(0);
      // The item schema's type lost the field; nothing else of it changed.
      const block = (text: string) => {
        const start = text.indexOf(`\n    ${itemName}: {\n`);
        expect(start, `no ${itemName} in the generated types`).toBeGreaterThan(0);
        return text.slice(start, text.indexOf("\n    };\n", start));
      };
      expect(block(committed.get("otc-vpc.ts")!.toString())).toMatch(/^ {6}cidr: string;$/m);
      expect(block(types!)).not.toMatch(/^ {6}cidr\??: /m);
      expect(block(types!)).toMatch(/^ {6}cidr_v6\?: string;$/m);
      expect(types!).toMatch(/^\s+watch_probe\?: string;$/m);
      expect(types!).toContain('"/v1/{project_id}/pipeline-probe": {');
      expect(types!).toContain("getPipelineProbe: {");

      // The run that undid the edit wrote back exactly the committed files: a one-API regeneration makes what a full one makes.
      expect(undone).toMatch(/^Regenerating otc-vpc and the merged document$/m);
      expect(differences(generatedFiles(dir), committed)).toEqual([]);
      const after = mtimes(dir);
      for (const name of others) expect(after[name], name).toBe(before[name]);
    },
    TIMEOUT,
  );

  it(
    "stopped during a build, it ends the Redocly processes it started and leaves no work folder behind, writing nothing",
    async () => {
      const tmp = scratchFolder("connectivity-pipeline-tmp-");
      // Its own process group, to wait below for every process it started; the signal goes to it alone
      // (`kill <pid>`, a process manager), not to the group as Ctrl-C in a terminal sends it. --check
      // --full: Redocly bundles all four APIs into the work folder, in one process.
      const child = spawn(process.execPath, [...GENERATE, "--check", "--full"], {
        cwd: dir,
        detached: true,
        env: { ...ENV, TMPDIR: tmp },
        stdio: "ignore",
      });
      const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
      /**
       * True while a process of the child's group runs (read from /proc: Linux). A zombie is not running: an
       * esbuild child ended with the run, not yet reaped by the container's init (`kill(-group, 0)` counts it).
       */
      const groupAlive = () =>
        readdirSync("/proc")
          .filter((name) => /^\d+$/.test(name))
          .some((pid) => {
            try {
              const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
              const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
              return Number(group) === child.pid && state !== "Z";
            } catch {
              return false;
            }
          });
      /** True while a `redocly bundle` started by the child runs (read from /proc: Linux). */
      const bundling = () =>
        readdirSync("/proc")
          .filter((name) => /^\d+$/.test(name))
          .some((pid) => {
            try {
              const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
              const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
              return parent === child.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("\0bundle\0");
            } catch {
              return false;
            }
          });
      try {
        const deadline = Date.now() + 60_000;
        while (!bundling()) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error("never saw Redocly bundle");
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toBe(143);
      // Its Redocly processes ended before it did, so none writes into the work folder after it was removed.
      expect(groupAlive()).toBe(false);
      await waitFor(
        () => !groupAlive(),
        30_000,
        () => "a process it started still runs",
      );
      expect(readdirSync(tmp)).toEqual([]);
      expect(differences(generatedFiles(dir), committed)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "fails lint and generate on broken specs, naming each problem's file, line and column (an unknown type, a wrong x-pagination, a wrong x-cli, a broken spec whose bundle is decorated: Confluent's), no stack trace, and writes nothing",
    async () => {
      // The three faults in one `npm run lint` and one `generate`, which lints the two plain specs in one
      // Redocly run. The x-cli fault goes on another API's list (MadConnect's): a column is checked against
      // the items of its operation's x-pagination, which the rule skips while that declaration is wrong.
      // (generate makes otc-vpc's modules first while Redocly lints, and they stop at its x-pagination.)
      editYaml(dir, VPC_SPEC, (doc) => doc.setIn([...LIST_SUBNETS, "x-pagination", "markerField"], "idx"));
      const vpc = readFileSync(join(dir, VPC_SPEC), "utf8").split("\n");
      // The first `type: integer` of the spec becomes an unknown type.
      const typeLine = vpc.findIndex((line) => line.trim() === "type: integer");
      expect(typeLine).toBeGreaterThan(0);
      vpc[typeLine] = vpc[typeLine]!.replace("type: integer", "type: intgr");
      writeFileSync(join(dir, VPC_SPEC), vpc.join("\n"));
      const markerLine = vpc.findIndex((line) => /markerField: idx$/.test(line));
      expect(markerLine).toBeGreaterThan(0);
      const markerColumn = vpc[markerLine]!.indexOf("idx") + 1;

      editYaml(dir, MADCONNECT_SPEC, (doc) => doc.setIn([...LIST_CONNECTIONS, "x-cli", "columns"], ["id", "statuss"]));
      const madconnect = readFileSync(join(dir, MADCONNECT_SPEC), "utf8").split("\n");
      const cliLine = madconnect.findIndex((line) => line.includes("statuss"));
      expect(cliLine).toBeGreaterThan(0);
      const cliColumn = madconnect[cliLine]!.indexOf("statuss") + 1;
      // A wrong declaration in Confluent's wrapper too: generate lints it (a decorated spec, linted apart)
      // in the same run, though the plain specs' lint already failed.
      const confluentSpec = readFileSync(join(dir, CONFLUENT_SPEC), "utf8");
      const wrapperPagination = [
        "x-operation-additions",
        "listNetworkingV1PrivateLinkAttachmentConnections",
        "x-pagination",
      ];
      editYaml(dir, CONFLUENT_SPEC, (doc) => doc.setIn([...wrapperPagination, "size"], "page_sizee"));
      // And a wrong type in the wrapper, found by the same lint...
      const confluent = readFileSync(join(dir, CONFLUENT_SPEC), "utf8").split("\n");
      const titleLine = confluent.findIndex((line) => line.startsWith("  title: "));
      expect(titleLine).toBeGreaterThan(0);
      confluent[titleLine] = "  title: [not, a, string]";
      writeFileSync(join(dir, CONFLUENT_SPEC), confluent.join("\n"));
      const sizeLine = confluent.findIndex((line) => /size: page_sizee$/.test(line));
      expect(sizeLine).toBeGreaterThan(0);
      // ...and the published spec requiring a name it defines nowhere: found in the bundle, with what to do.
      const upstream = readFileSync(join(dir, CONFLUENT_UPSTREAM), "utf8");
      const objectMeta = /\n {4}ObjectMeta:\n(?: {6}.*\n)*? {6}required:\n/.exec(upstream);
      expect(objectMeta).not.toBeNull();
      const at = objectMeta!.index + objectMeta![0].length;
      writeFileSync(
        join(dir, CONFLUENT_UPSTREAM),
        `${upstream.slice(0, at)}      - not_defined_anywhere\n${upstream.slice(at)}`,
      );
      try {
        const [lint, gen] = await Promise.all([run(dir, "scripts/lint.mjs"), generate(dir)]);
        for (const result of [lint, gen]) {
          expect(result.code, result.output).not.toBe(0);
          expect(result.output).toContain(`${VPC_SPEC}:${typeLine + 1}:`);
          expect(result.output).toContain("intgr");
          expect(result.output).toContain(
            `${VPC_SPEC}:${markerLine + 1}:${markerColumn} at #/paths/~1v1~1{project_id}~1subnets/get/x-pagination/markerField`,
          );
          expect(result.output).toContain(
            'x-pagination of GET /v1/{project_id}/subnets (listSubnets): markerField "idx" is not a field of the items',
          );
          expect(result.output).toContain("connectivity/x-pagination");
          expect(result.output).toContain(
            `${MADCONNECT_SPEC}:${cliLine + 1}:${cliColumn} at #/paths/${LIST_CONNECTIONS[1]!.replace(/\//g, "~1")}/get/x-cli/columns/1`,
          );
          expect(result.output).toContain(
            `x-cli of GET ${LIST_CONNECTIONS[1]} (listConnections): column "statuss" is not a field of the items`,
          );
          expect(result.output).toContain("connectivity/x-cli");
          expect(result.output).toContain(
            `${CONFLUENT_SPEC}:${sizeLine + 1}:${confluent[sizeLine]!.indexOf("page_sizee") + 1} at #/${wrapperPagination.join("/")}/size`,
          );
          expect(result.output).toContain(`${CONFLUENT_SPEC}:${titleLine + 1}:`);
          expect(result.output).not.toMatch(/^\s+at /m);
        }
        // generate says it stopped at the lint of the two specs, and lints Confluent's with its bundle in
        // the same run: the required name no schema defines is reported at its place in the bundle, with
        // what to do (the spec files are linted with that rule off: redocly.yaml).
        const linted = gen.output.match(/^Lint of (.*) failed:$/m)?.[1]?.split(", ");
        expect(linted?.sort(), gen.output).toEqual([MADCONNECT_SPEC, VPC_SPEC].sort());
        expect(gen.output).toContain(`Lint of ${CONFLUENT_SPEC} and of the bundle .cache/generate/confluent.`);
        expect(gen.output).toMatch(
          /\.cache\/generate\/confluent\.\w+\.json:\d+:\d+ at #\/components\/schemas\/ObjectMeta\/required\/0/,
        );
        expect(gen.output).toContain("A `required` list of the bundle names a property no schema defines");
        expect(gen.output).toContain("copy that part into both copies (specs/confluent/upstream/ and specs/sources/)");
        expect(lint.output).not.toContain("not_defined_anywhere");
        expect(differences(generatedFiles(dir), committed)).toEqual([]);
      } finally {
        restoreSpec();
        writeFileSync(join(dir, MADCONNECT_SPEC), madconnectSpec);
        writeFileSync(join(dir, CONFLUENT_SPEC), confluentSpec);
        writeFileSync(join(dir, CONFLUENT_UPSTREAM), upstream);
      }
    },
    TIMEOUT,
  );

  it(
    "decorators that come with a configuration redocly.yaml extends reach every API's bundle: each is bundled by Redocly, which finds the file from its work folder",
    async () => {
      writeFileSync(join(dir, "probe-rules.yaml"), "decorators:\n  info-override:\n    description: PROBE-DECORATED\n");
      editYaml(dir, "redocly.yaml", (doc) => doc.set("extends", ["recommended-strict", "./probe-rules.yaml"]));
      const result = await generate(dir, "--force");
      expect(result.code, result.output).toBe(0);
      const cache = join(dir, ".cache/generate");
      const bundles = readdirSync(cache).filter(
        (name) => /^[a-z-]+\.[0-9a-f]{16}\.json$/.test(name) && !name.startsWith("merged"),
      );
      const apis = ["otc-vpcep", "otc-vpc", "madconnect", "confluent"];
      for (const api of apis) {
        const named = bundles.filter((name) => name.startsWith(`${api}.`));
        expect(named.length, api).toBeGreaterThan(0);
        const newest = named
          .map((name) => ({ name, time: statSync(join(cache, name)).mtimeMs }))
          .sort((a, b) => b.time - a.time)[0]!.name;
        expect(JSON.parse(readFileSync(join(cache, newest), "utf8")).info.description, api).toBe("PROBE-DECORATED");
      }
    },
    TIMEOUT,
  );

  it(
    "a spec written while it is generated (changed, or saved back as it was) is recorded as such, also when its API was only bundled: `--check` finds it stale, and the next run regenerates it",
    async () => {
      // A decorator that writes Confluent's spec while Redocly bundles it, as an editor would during a
      // build: once per marker, which it removes; "change" adds to a summary, "undo" does so and then
      // writes the spec back as it was (an undo saved), "chmod" gives it the mode it has.
      writeFileSync(
        join(dir, "touch-spec.mjs"),
        `import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
const spec = new URL("./${CONFLUENT_SPEC}", import.meta.url);
const marker = new URL("./touch-spec.marker", import.meta.url);
export default () => ({
  id: "touch",
  decorators: {
    oas3: {
      "save-spec": () => ({
        Root: {
          leave() {
            if (!existsSync(marker)) return;
            const how = readFileSync(marker, "utf8");
            rmSync(marker);
            if (how === "chmod") return chmodSync(spec, statSync(spec).mode);
            const text = readFileSync(spec, "utf8");
            writeFileSync(spec, text.replace(/^(\\s+summary: .*)$/m, "$1 (saved again)"));
            if (how === "undo") writeFileSync(spec, text);
          },
        },
      }),
    },
  },
});
`,
      );
      editYaml(dir, "redocly.yaml", (doc) => {
        doc.set("plugins", [...(doc.toJS().plugins ?? []), "./touch-spec.mjs"]);
        doc.setIn(["apis", "confluent", "decorators", "touch/save-spec"], "on");
      });
      expect((await generate(dir)).code).toBe(0); // the generator changed: everything, nothing written meanwhile
      const line = `${CONFLUENT_SPEC} changed while generate ran: run \`npm run generate\` again (under --watch, the next run follows).`;
      /** A run with `touch` in the marker, then --check, then the run that mends it. */
      const writtenDuring = async (touch: string, before: () => void) => {
        before();
        writeFileSync(join(dir, "touch-spec.marker"), touch);
        const during = await generate(dir);
        expect(during.code, during.output).toBe(0);
        expect(existsSync(join(dir, "touch-spec.marker")), touch).toBe(false);
        expect(during.stdout, touch).toContain(line);
        const check = await generate(dir, "--check");
        expect(check.code, check.output).toBe(1);
        expect(staleLines(check.stderr)).toContain("generated/confluent.ts (the confluent spec changed)");
        const again = await generate(dir);
        expect(again.code, again.output).toBe(0);
        expect(again.stdout).toMatch(/^Regenerating confluent and the merged document$/m);
        expect(again.stdout).not.toContain("changed while");
        expect((await generate(dir, "--check")).code).toBe(0);
      };
      const original = readFileSync(join(dir, CONFLUENT_SPEC), "utf8");
      // Confluent's spec edited, then changed during its run.
      await writtenDuring("change", () =>
        writeFileSync(join(dir, CONFLUENT_SPEC), original.replace(/^(\s+summary: .*)$/m, "$1 (edited)")),
      );
      expect(readFileSync(join(dir, CONFLUENT_SPEC), "utf8")).toContain("(edited) (saved again)");
      // Put back, then saved back as it was during its run: the content the run began with, written anew.
      await writtenDuring("undo", () => writeFileSync(join(dir, CONFLUENT_SPEC), original));
      expect(readFileSync(join(dir, CONFLUENT_SPEC), "utf8")).toBe(original);
      // Another API's change, Confluent only bundled again (its kept bundle gone), and changed meanwhile.
      const cache = join(dir, ".cache/generate");
      const vpc = readFileSync(join(dir, VPC_SPEC), "utf8");
      await writtenDuring("change", () => {
        writeFileSync(join(dir, VPC_SPEC), vpc.replace(/^(\s+summary: .*)$/m, "$1 (edited)"));
        for (const name of readdirSync(cache).filter((name) => name.startsWith("confluent.")))
          rmSync(join(cache, name));
      });
      writeFileSync(join(dir, CONFLUENT_SPEC), original);
      writeFileSync(join(dir, VPC_SPEC), vpc);
      // Its status alone changed during the run (a chmod to the mode it has): nothing was written.
      writeFileSync(join(dir, "touch-spec.marker"), "chmod");
      const chmodded = await generate(dir);
      expect(chmodded.code, chmodded.output).toBe(0);
      expect(existsSync(join(dir, "touch-spec.marker"))).toBe(false);
      expect(chmodded.stdout).not.toContain("changed while");
      expect((await generate(dir, "--check")).code).toBe(0);
      // Under --watch, written during its first run: the run that follows comes at once.
      writeFileSync(join(dir, CONFLUENT_SPEC), original.replace(/^(\s+summary: .*)$/m, "$1 (edited)"));
      writeFileSync(join(dir, "touch-spec.marker"), "change");
      const watch = watchIn(dir);
      try {
        await waitFor(
          () => /^generated\/: /m.test(watch.output.slice(watch.output.indexOf("Watching"))),
          60_000,
          () => `no run after the first:\n${watch.output}`,
        );
        expect(watch.output.indexOf(line)).toBeGreaterThan(-1);
        expect(watch.output.indexOf(line)).toBeLessThan(watch.output.indexOf("Watching"));
      } finally {
        if (watch.watcher.exitCode === null) process.kill(-watch.watcher.pid!, "SIGTERM");
        await watch.exited;
      }
      expect((await generate(dir, "--check")).code).toBe(0);
      writeFileSync(join(dir, CONFLUENT_SPEC), original);
      expect((await generate(dir)).code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "--watch stops, asking to be started again, at the first change after the generator's code changed: it runs the code it loaded (also when its first run failed)",
    async () => {
      // The first run fails on a broken redocly.yaml; the code is the one the watch started with all the same.
      const config = readFileSync(join(dir, "redocly.yaml"), "utf8");
      writeFileSync(join(dir, "redocly.yaml"), `${config}apis: [\n`);
      const watch = watchIn(dir);
      const { watcher, exited } = watch;
      const meta = join(dir, "scripts/lib/meta.mjs");
      const code = readFileSync(meta, "utf8");
      try {
        await waitFor(
          () => watch.output.includes("Watching"),
          60_000,
          () => `never watching:\n${watch.output}`,
        );
        expect(watch.output).toContain("redocly.yaml");
        writeFileSync(meta, `${code}// edited while watched\n`);
        writeFileSync(join(dir, "redocly.yaml"), config);
        expect(await exited).toBe(1);
        expect(watch.output).toContain(
          "changed since `generate --watch` started, which runs the code it loaded then: start it again (`npm run generate -- --watch`).",
        );
        expect(watch.output.slice(watch.output.indexOf("Watching"))).not.toMatch(/^generated\/: /m);
      } finally {
        if (watcher.exitCode === null) process.kill(-watcher.pid!, "SIGTERM");
        writeFileSync(meta, code);
        writeFileSync(join(dir, "redocly.yaml"), config);
      }
    },
    TIMEOUT,
  );

  it(
    "--watch does not start when a module of the generator was written after its process started: it may have loaded the old one",
    async () => {
      // format.mjs, which generate.mjs imports, puts a copy of meta.mjs in its place as it loads, with the
      // modification time of ten minutes ago (as \`mv\`, \`cp -p\` or \`rsync -a\` may): a change in the moments
      // between Node reading the modules and the watch hashing them, which the change time tells.
      const meta = join(dir, "scripts/lib/meta.mjs");
      const format = join(dir, "scripts/lib/format.mjs");
      const formatCode = readFileSync(format, "utf8");
      writeFileSync(format, `${replaceAsLoaded(meta)}${formatCode}`);
      const watch = watchIn(dir);
      try {
        expect(await Promise.race([watch.exited, delay(60_000, "still running")])).toBe(1);
        expect(watch.output).toContain(
          "The generator's code changed as `generate --watch` started (scripts/lib/meta.mjs), so what it loaded is not known: start it again",
        );
        expect(watch.output).not.toContain("Watching");
        expect(watch.output).not.toMatch(/^generated\/: /m);
        // A run of its own records its outputs as made from a generator changed meanwhile.
        const run = await generate(dir, "--force");
        expect(run.code, run.output).toBe(0);
        expect(run.stdout).toContain("scripts/lib/meta.mjs changed while generate ran");
        expect((await generate(dir, "--check")).code).toBe(1);
      } finally {
        if (watch.watcher.exitCode === null) process.kill(-watch.watcher.pid!, "SIGTERM");
        writeFileSync(format, formatCode);
      }
      expect((await generate(dir)).code).toBe(0);
      expect((await generate(dir, "--check")).code).toBe(0);
    },
    TIMEOUT,
  );
});
