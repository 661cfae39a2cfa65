// A reader that stops early (`| head`) closes the pipe. Commands stop quietly then, as other commands do,
// rather than dying of the write error with a stack trace.
import type { EventEmitter } from "node:events";

/** Errors of a write to a pipe whose reader is gone (the second: a write after the stream was closed by the first). */
const CLOSED = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

/**
 * Handles a closed pipe on stdout by exiting with the exit code set so far (`exit`: process.exit, which
 * uses process.exitCode), and on stderr by dropping what is written to it: the command goes on and ends
 * with its own exit code (a `--validate warn` line or a progress line was all that was lost). Any other
 * error is thrown.
 */
export function handleClosedPipes(
  streams: { stdout: EventEmitter; stderr: EventEmitter },
  exit: () => void = () => process.exit(),
): void {
  streams.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (!CLOSED.has(error.code ?? "")) throw error;
    exit();
  });
  streams.stderr.on("error", (error: NodeJS.ErrnoException) => {
    if (!CLOSED.has(error.code ?? "")) throw error;
  });
}
