// The exit codes of the `connectivity` CLI (listed in its --help) and the error kinds they stand for.
import { DriftError } from "../core/drift.js";
import {
  ApiError,
  ConnectionError,
  PaginationError,
  RequestRejectedError,
  ResponseTooLargeError,
  TimeoutError,
} from "../core/errors.js";

export const EXIT = {
  ok: 0,
  /** Anything not below (a bug: please report it), or a result nested too deeply to print. */
  unexpected: 1,
  /** Bad command line: unknown command or flag, a value out of the spec's range or enum, a missing required flag. */
  usage: 2,
  /** The server answered with an error (HTTP status or error envelope), a success body that is no JSON, or a body over the size limit. */
  api: 3,
  /** The server could not be reached, or did not answer in time. */
  network: 4,
  /** Paging could not go on safely (a repeated cursor, a total that does not add up). */
  pagination: 5,
  /** `--validate throw`: a successful response does not match the spec (an error response is 3). */
  drift: 6,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  unexpected error, or a result nested too deeply to print
  2  usage: unknown command or flag, a value outside the spec's enum or range (or a common flag's:
     --timeout-ms from 1 to 2147483647), a missing required flag, a bad environment
  3  API error: the server answered with an error status or error envelope, a success body that is no JSON,
     or a body larger than the client's maxResponseBytes (64 MiB)
  4  network: the server could not be reached or did not answer in time (--timeout-ms)
  5  pagination: paging could not go on safely
  6  drift: a successful response does not match the spec (--validate throw)`;

/** A command line the CLI refuses before sending anything. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof RequestRejectedError) return EXIT.usage;
  if (error instanceof DriftError) return EXIT.drift; // an ApiError too: checked first
  if (error instanceof ApiError || error instanceof ResponseTooLargeError) return EXIT.api;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return EXIT.network;
  if (error instanceof PaginationError) return EXIT.pagination;
  return EXIT.unexpected;
}
