// An error as the CLI prints it: the typed errors' fields on their own lines (all already redacted),
// server text escaped onto one line.
import { ApiError, ConnectivityError } from "../core/errors.js";
import { UsageError } from "./exit-codes.js";
import { NestingError, oneLine } from "./output.js";

/** V8's RangeError when recursion overflows the stack (a serializer or validator given data nested too deeply). */
const isStackOverflow = (error: unknown) =>
  error instanceof RangeError && error.message === "Maximum call stack size exceeded";

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const lines = [`error: ${error.name}: the ${error.vendor} API answered HTTP ${error.status}`];
    if (error.code !== undefined) lines.push(`  code:       ${oneLine(error.code)}`);
    lines.push(`  message:    ${oneLine(error.message)}`);
    if (error.requestId !== undefined) lines.push(`  request id: ${oneLine(error.requestId)}`);
    if (error.method && error.url) lines.push(`  request:    ${error.method} ${oneLine(error.url)}`);
    return lines.join("\n");
  }
  if (error instanceof UsageError) return `error: ${oneLine(error.message)}\n(add --help for usage)`;
  if (error instanceof ConnectivityError) return `error: ${error.name}: ${oneLine(error.message)}`;
  if (error instanceof NestingError) return `error: ${error.message}`;
  if (isStackOverflow(error)) return "error: the response is nested too deeply to handle (the call stack overflowed)";
  if (!(error instanceof Error)) return `error: ${oneLine(String(error))}`;
  // A bug: its stack helps a report. The message on one line, then the frames that follow it (the
  // message may hold lines that look like frames).
  const stack = error.stack ?? "";
  const at = error.message === "" ? -1 : stack.indexOf(error.message);
  const after = at >= 0 ? stack.slice(at + error.message.length) : stack;
  const frames = after.split("\n").filter((line) => /^\s+at /.test(line));
  return [`error: ${oneLine(`${error.name}: ${error.message}`)}`, ...frames.map(oneLine)].join("\n");
}
