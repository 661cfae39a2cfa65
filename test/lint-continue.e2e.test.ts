// scripts/lint.mjs (`npm run lint`): a spec that does not parse stops Redocly's whole run; the lint goes
// on with the specs after it, so that one run reports every spec's problems, and fails at the end.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "connectivity-lint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (info: string) =>
  `openapi: 3.0.0\ninfo:\n${info}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: OK\n`;

/** `npm run lint` with the configuration `config` of the fixture folder (`--config FILE`, or `--config=FILE` when `joined`). */
const lint = (config: string, joined = false) =>
  new Promise<{ code: number; output: string }>((done) =>
    execFile(
      process.execPath,
      [
        "scripts/lint.mjs",
        ...(joined
          ? [`--config=${relative(ROOT, join(dir, config))}`]
          : ["--config", relative(ROOT, join(dir, config))]),
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );

describe("npm run lint", () => {
  // Three Redocly runs in two `npm run lint`s, next to the rest of the suite: well over Vitest's 5 s under load.
  it(
    "goes on past a spec that does not parse: the specs after it are linted in the same run, which fails, naming it",
    { timeout: 60_000 },
    async () => {
      // The first API does not parse; the second has a problem; the third none.
      writeFileSync(join(dir, "broken.yaml"), spec("  title: Broken\n version: '1'"));
      writeFileSync(join(dir, "untitled.yaml"), spec("  version: '1'"));
      writeFileSync(join(dir, "fine.yaml"), spec("  title: Fine\n  version: '1'"));
      writeFileSync(
        join(dir, "redocly.yaml"),
        "extends:\n  - minimal\napis:\n  broken:\n    root: broken.yaml\n  untitled:\n    root: untitled.yaml\n  fine:\n    root: fine.yaml\n",
      );
      const { code, output } = await lint("redocly.yaml");
      expect(code, output).toBe(1);
      expect(output).toContain(`Failed to parse API description at ${join(dir, "broken.yaml")}`);
      expect(output).toMatch(/untitled\.yaml:2:1 at #\/info\n\nThe field `title` must be present/);
      expect(output).toMatch(/fine\.yaml: validated in/);
      expect(output).toMatch(/Not linted, since it does not parse \(above\): broken\n$/);

      // The specs after it all valid: Redocly's "Woohoo! … valid" is not passed on as it is.
      writeFileSync(
        join(dir, "redocly-valid-after.yaml"),
        "extends:\n  - minimal\napis:\n  broken:\n    root: broken.yaml\n  fine:\n    root: fine.yaml\n",
      );
      const after = await lint("redocly-valid-after.yaml");
      expect(after.code, after.output).toBe(1);
      expect(after.output).not.toContain("Woohoo");
      expect(after.output).toContain("The API descriptions after it are valid; it does not parse (above).");
    },
  );

  it(
    "names a spec, a plugin or an extended configuration that is a pipe; a pipe beside a spec, which no $ref reaches, is none of its concern",
    { timeout: 60_000 },
    async () => {
      const pipes = join(dir, "pipes");
      mkdirSync(join(pipes, "unrelated"), { recursive: true });
      writeFileSync(join(pipes, "fine.yaml"), spec("  title: Fine\n  version: '1'"));
      for (const pipe of ["unrelated/other.fifo", "piped.yaml", "plugin.mjs", "extended.yaml"])
        execFileSync("mkfifo", [join(pipes, pipe)]);
      const config = (name: string, head: string, api: string) =>
        writeFileSync(join(pipes, name), `${head}apis:\n  ${api}:\n    root: ${api}.yaml\n`);
      config("fine.yaml.redocly.yaml", "extends:\n  - minimal\n", "fine");
      const fine = await lint("pipes/fine.yaml.redocly.yaml");
      expect(fine.code, fine.output).toBe(0);
      const refused: [string, string, string][] = [
        [
          "extends:\n  - minimal\n",
          "piped",
          "piped.yaml: not a regular file (a pipe, a device or a socket), which a spec file must be",
        ],
        [
          "extends:\n  - minimal\nplugins:\n  - ./plugin.mjs\n",
          "fine",
          "plugin.mjs: not a regular file (a pipe, a device or a socket)",
        ],
        ["extends:\n  - ./extended.yaml\n", "fine", "extended.yaml: not a regular file (a pipe, a device or a socket)"],
      ];
      for (const [index, [head, api, said]] of refused.entries()) {
        config(`refused-${index}.yaml`, head, api);
        // The last one as `--config=FILE`.
        const result = await lint(`pipes/refused-${index}.yaml`, index === refused.length - 1);
        expect(result.code, result.output).toBe(1);
        // Refused before Redocly runs: its one line alone.
        expect(result.output.trim(), result.output).not.toContain("\n");
        expect(result.output).toContain(said);
      }
      // A configuration that is a loop of links, a link to nothing, or missing: named, never replaced by
      // Redocly's built-in rules (a lint passing under rules that are not the project's).
      symlinkSync("loop.yaml", join(pipes, "loop.yaml"));
      symlinkSync("nowhere.yaml", join(pipes, "dangling.yaml"));
      for (const [name, said] of [
        ["loop.yaml", "a loop of links, where Redocly reads a file."],
        ["dangling.yaml", "a link to nothing, where Redocly reads a file."],
        ["missing.yaml", "not found: it is the Redocly configuration the specs are linted with."],
      ]) {
        const result = await lint(`pipes/${name}`);
        expect(result.code, result.output).toBe(1);
        expect(result.output).toBe(`${relative(ROOT, join(pipes, name!))}: ${said}\n`);
      }
      // `--config=`, or `--config` last or before another option: a usage error (Redocly would take a spec for the file).
      for (const args of [
        ["--config="],
        ["specs/otc-vpc/openapi.yaml", "--config"],
        ["specs/otc-vpc/openapi.yaml", "--config", "--format=stylish"],
      ]) {
        const none = await new Promise<{ code: number; output: string }>((done) =>
          execFile(process.execPath, ["scripts/lint.mjs", ...args], { cwd: ROOT }, (error, stdout, stderr) =>
            done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
          ),
        );
        expect(none, args.join(" ")).toEqual({
          code: 2,
          output: "--config needs the file of a Redocly configuration (--config FILE or --config=FILE).\n",
        });
      }
    },
  );
});
