// An error as the CLI prints it: the typed errors' fields on their own lines (all already redacted).
import { ApiError, ConnectivityError } from "../core/errors.js";
import { UsageError } from "./exit-codes.js";

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const lines = [`error: ${error.name}: the ${error.vendor} API answered HTTP ${error.status}`];
    if (error.code !== undefined) lines.push(`  code:       ${error.code}`);
    lines.push(`  message:    ${error.message}`);
    if (error.requestId !== undefined) lines.push(`  request id: ${error.requestId}`);
    if (error.method && error.url) lines.push(`  request:    ${error.method} ${error.url}`);
    return lines.join("\n");
  }
  if (error instanceof UsageError) return `error: ${error.message}\n(add --help for usage)`;
  if (error instanceof ConnectivityError) return `error: ${error.name}: ${error.message}`;
  return `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
