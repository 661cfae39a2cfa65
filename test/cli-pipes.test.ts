// A reader that stops early (`connectivity ... | head`, `npm start | head`, `npm run drift | head`) closes
// the pipe: src/cli/closed-pipes.ts ends the command quietly, with its own exit code, instead of a
// stack trace. In-process, on stand-in streams that fail their writes as a closed pipe does; the project
// scripts' copy (scripts/lib/npm-script.mjs, for `npm start` and `npm run drift`) too.
import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { handleClosedPipes as cli } from "../src/cli/closed-pipes.js";
// @ts-expect-error untyped project script
import { handleClosedPipes as scripts } from "../scripts/lib/npm-script.mjs";

const closedPipe = () => Object.assign(new Error("write EPIPE"), { code: "EPIPE" });

describe.each([
  ["the CLI's handleClosedPipes", cli],
  ["the project scripts' handleClosedPipes", scripts as typeof cli],
])("%s", (_name, handleClosedPipes) => {
  it("stdout: exits (process.exit uses the exit code set so far), once per error, and throws nothing", () => {
    const streams = { stdout: new EventEmitter(), stderr: new EventEmitter() };
    const exit = vi.fn();
    handleClosedPipes(streams, exit);
    expect(() => streams.stdout.emit("error", closedPipe())).not.toThrow();
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it("stderr: the error is dropped and the command goes on to its own exit code (no exit here)", () => {
    const streams = { stdout: new EventEmitter(), stderr: new EventEmitter() };
    const exit = vi.fn();
    handleClosedPipes(streams, exit);
    expect(() => streams.stderr.emit("error", closedPipe())).not.toThrow();
    const destroyed = Object.assign(new Error("write after destroy"), { code: "ERR_STREAM_DESTROYED" });
    expect(() => streams.stderr.emit("error", destroyed)).not.toThrow();
    expect(exit).not.toHaveBeenCalled();
  });

  it("any other error of either stream is thrown", () => {
    const streams = { stdout: new EventEmitter(), stderr: new EventEmitter() };
    const exit = vi.fn();
    handleClosedPipes(streams, exit);
    const full = Object.assign(new Error("no space"), { code: "ENOSPC" });
    expect(() => streams.stdout.emit("error", full)).toThrow("no space");
    expect(() => streams.stderr.emit("error", full)).toThrow("no space");
    expect(exit).not.toHaveBeenCalled();
  });
});
