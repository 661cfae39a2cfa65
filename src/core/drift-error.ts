// DriftError, the error of `validate: "throw"`. Its class is made at run time from the ApiError class
// it is handed, once: the drift checker, which loads apart from the client (src/core/drift.ts), is
// handed ApiError by the client instead of importing it, so that a bundler splits none of the
// client's code off into a chunk shared with the checker (bench part 5: 0.07–0.09 kB gzipped of
// each vendor entry). Every caller hands the package's one ApiError, so there is one DriftError
// class: the root entry's `DriftError`.
import type { Drift } from "./drift.js";
import type { ApiError } from "./error-base.js";

/** The findings of one response, thrown in `throw` mode once the body has been read. */
export interface DriftError extends ApiError {
  readonly findings: Drift[];
}

export interface DriftErrorConstructor {
  new (findings: Drift[], response: Response, body: unknown): DriftError;
  readonly prototype: DriftError;
}

let made: DriftErrorConstructor | undefined;

/**
 * The DriftError class, extending `base` (ApiError). A client hands DriftErrors out through
 * `redactError`, as every error: message, body and findings redacted.
 */
export function driftErrorClass(base: typeof ApiError): DriftErrorConstructor {
  made ??= class DriftError extends base {
    override readonly name: string = "DriftError";
    constructor(
      readonly findings: Drift[],
      response: Response,
      body: unknown,
    ) {
      const first = findings[0]!;
      super({
        vendor: first.vendor,
        status: response.status,
        code: "spec_drift",
        message: `${first.method} ${first.path}: the response does not match the spec (${findings.length} finding${findings.length === 1 ? "" : "s"}; first: ${first.kind} at "${first.pointer}", expected ${first.expected})`,
        requestId: response.headers.get("x-request-id") ?? undefined,
        body,
        method: first.method,
      });
    }
  };
  return made;
}
