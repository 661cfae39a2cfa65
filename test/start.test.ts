// `npm start` (scripts/start.mjs) as its steps run: stdout is the listing's alone (what a step before it
// prints goes to stderr), and a reader that stops early (`npm start 2>&1 | head`) ends it quietly with the
// step's exit code. In-process, on stand-in streams, with one cheap step (one child process).
import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
// @ts-expect-error untyped project script
import { start } from "../scripts/start.mjs";

/** A process's stream as a pipe whose reader is gone: each write is kept, then fails with EPIPE, reported as an 'error' event. */
function closedPipe() {
  const written: string[] = [];
  const stream = Object.assign(new EventEmitter(), {
    write(this: EventEmitter, text: string | Buffer) {
      written.push(String(text));
      this.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      return false;
    },
  });
  return { stream, written };
}

describe("npm start's steps", () => {
  it("a step's stdout and stderr go to stderr, a closed stderr is dropped quietly, and a failed step's exit code ends it", async () => {
    const stdout = closedPipe();
    const stderr = closedPipe();
    const exit = vi.fn();
    const code: number = await start(
      [
        [
          "a step",
          ["-e", "process.stdout.write('its report\\n'); process.stderr.write('its warning\\n'); process.exitCode = 3"],
          true,
        ],
        ["never run", ["-e", "process.exit(9)"], true],
      ],
      { stdout: stdout.stream, stderr: stderr.stream, exit },
    );
    expect(code).toBe(3);
    expect(stdout.written).toEqual([]);
    expect(exit).not.toHaveBeenCalled();
    expect(stderr.written[0]).toBe("› a step\n");
    expect(stderr.written.slice(1).join("")).toMatch(/^(its report\nits warning\n|its warning\nits report\n)$/);
  });
});
