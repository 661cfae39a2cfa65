// `npm start` (scripts/start.mjs) as its steps run: stdout is the listing's alone (what a step before it
// prints goes to stderr), and a reader that stops early (`npm start 2>&1 | head`) ends it quietly with the
// step's exit code. In-process, on stand-in streams, with one cheap step (one child process).
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
// @ts-expect-error untyped project script
import { mainJob, start } from "../scripts/start.mjs";

/**
 * A process's stream as a pipe whose reader stops after `open` writes: each write is kept, a later one
 * fails with EPIPE, reported to its callback and as an 'error' event.
 */
function pipe(open = 0) {
  const written: string[] = [];
  const stream = Object.assign(new EventEmitter(), {
    write(this: EventEmitter, text: string | Buffer, done?: (error?: Error) => void) {
      written.push(String(text));
      if (written.length <= open) {
        done?.();
        return true;
      }
      const error = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
      done?.(error);
      this.emit("error", error);
      return false;
    },
  });
  return { stream, written };
}

describe("npm start's steps", () => {
  it("a step's stdout and stderr go to stderr, a closed stderr is dropped quietly, and a failed step's exit code ends it", async () => {
    const stdout = pipe();
    const stderr = pipe(1);
    const code: number = await start(
      [
        [
          "a step",
          ["-e", "process.stdout.write('its report\\n'); process.stderr.write('its warning\\n'); process.exitCode = 3"],
          true,
        ],
        ["never run", ["-e", "process.exit(9)"], true],
      ],
      { stdout: stdout.stream, stderr: stderr.stream },
    );
    expect(code).toBe(3);
    expect(stdout.written).toEqual([]);
    expect(stderr.written[0]).toBe("› a step\n");
    expect(stderr.written.slice(1).join("")).toMatch(/^(its report\nits warning\n|its warning\nits report\n)$/);
  });

  it("a reader that stops early (npm start 2>&1 | head -1) ends it after the step running, with that step's exit code, though it succeeded", async () => {
    const stderr = pipe(1);
    const code: number = await start(
      [
        ["a step", ["-e", "process.stderr.write('its report\\n')"], true],
        ["never run", ["-e", "process.exit(9)"], true],
      ],
      { stdout: pipe().stream, stderr: stderr.stream },
    );
    expect(code).toBe(0);
    expect(stderr.written).toEqual(["› a step\n", "its report\n"]);
  });

  it("a stderr closed before the first step: no step runs", async () => {
    const stderr = pipe(0);
    const code: number = await start([["never run", ["-e", "process.exit(9)"], true]], {
      stdout: pipe().stream,
      stderr: stderr.stream,
    });
    expect(code).toBe(0);
    expect(stderr.written).toEqual(["› never run\n"]);
  });
});

describe("npm start -- --help", () => {
  it("prints the usage without generating or building (dist/ has it: npm install built it), whatever the specs say", async () => {
    const steps = (args: string[]) => (mainJob(args) as [string][]).map(([label]) => label);
    expect(steps([])).toEqual(["npm run generate", "npm run build", "list everything"]);
    expect(steps(["--max-items", "5"])).toEqual(["npm run generate", "npm run build", "list everything"]);
    expect(steps(["--help"])).toEqual(["list everything"]);
    expect(steps(["-h"])).toEqual(["list everything"]);
    const stdout = pipe(10);
    const stderr = pipe(10);
    const code: number = await start(mainJob(["--help"]), { stdout: stdout.stream, stderr: stderr.stream });
    expect(code).toBe(0);
    expect(stderr.written).toEqual(["› list everything\n"]);
  });
});
