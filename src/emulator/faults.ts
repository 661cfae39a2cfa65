// Faults on demand: latency, rate limiting, server errors, truncated bodies and repeated cursors,
// optionally for one API and for the next N requests.
import { MAX_TIMER_MS } from "../core/options.js";
import { checkNumber, integerFrom } from "./options.js";
import type { ApiName } from "./types.js";

export const DRIFT_FAULTS = ["undeclared-property", "wrong-type", "unknown-enum", "missing-required"] as const;
export type DriftFault = (typeof DRIFT_FAULTS)[number];
/** The property a `drift: "undeclared-property"` answer gains. */
export const DRIFT_PROPERTY = "emulator_drift";
/** The value a `drift: "unknown-enum"` answer's status takes. */
export const DRIFT_ENUM_VALUE = "EMULATOR_DRIFT";

export interface FaultOptions {
  /** Only requests to this API (default: every API). */
  api?: ApiName | undefined;
  /**
   * The number of requests this fault applies to, then it is gone (default: until cleared). A
   * request counts once even when the fault has several effects; `repeatCursor` counts only the
   * requests it changes (those that carry a cursor) and `truncatedJson` only 200 answers.
   */
  times?: number | undefined;
  /** Added delay before the request is handled, in ms (at most 2^31 − 1; Infinity: no answer until `close()`). */
  latencyMs?: number | undefined;
  /** Answer 429 with `Retry-After` (default 1 s), the vendor's throttling body and, for Confluent, `X-RateLimit-*`. */
  rateLimit?: boolean | { retryAfterSeconds?: number | undefined } | undefined;
  /** Answer a 5xx (default 502) with an HTML body, as a gateway or load balancer in front of the API would. */
  serverError?: boolean | { status?: number | undefined } | undefined;
  /** Answer 200 with the JSON body cut off halfway. */
  truncatedJson?: boolean | undefined;
  /**
   * The paging cursor repeats: OTC VPC answers a `marker` request with the page that ends at the
   * marker (so the next marker is the same again); Confluent's `metadata.next` repeats the request's
   * own `page_token`. The offset-paged APIs (OTC VPC Endpoint, MadConnect) have no cursor to repeat.
   */
  repeatCursor?: boolean | undefined;
  /**
   * A 2xx JSON answer drifts from the spec in its first resource (a list's first item, a read's
   * resource): `undeclared-property` adds `emulator_drift`, `wrong-type` makes its first string
   * field other than `id` a number, `unknown-enum` sets its `status` (Confluent: a list item's
   * `status.phase`, a single resource's `kind`, the enums of those schemas) to `EMULATOR_DRIFT`,
   * `missing-required` removes its `id`. Counts the 2xx JSON answers it applies to.
   */
  drift?: DriftFault | undefined;
}

export interface ActiveFault extends FaultOptions {
  /** Requests left (undefined: unlimited). */
  readonly remaining: number | undefined;
}

interface Entry {
  spec: FaultOptions;
  remaining: number | undefined;
}

export type FaultEffect = "latencyMs" | "rateLimit" | "serverError" | "truncatedJson" | "repeatCursor" | "drift";

/** The faults that apply to one request; each effect is taken (and counted) when it is used. */
export class RequestFaults {
  /** The effects that fired for this request (for the request log). */
  readonly fired: FaultEffect[] = [];
  private readonly used = new Set<Entry>();

  constructor(
    private readonly owner: FaultSet,
    private readonly candidates: readonly Entry[],
  ) {}

  private take(effect: FaultEffect): FaultOptions | undefined {
    for (const entry of this.candidates) {
      if (!entry.spec[effect]) continue;
      if (!this.used.has(entry)) {
        if (entry.remaining !== undefined && entry.remaining <= 0) continue;
        this.used.add(entry);
        this.owner.consume(entry);
      }
      this.fired.push(effect);
      return entry.spec;
    }
    return undefined;
  }

  /**
   * Total added latency of the faults that add one: Infinity (no answer until close()) when it is
   * beyond what a timer can wait, as several faults can add up to.
   */
  latencyMs(): number {
    let total = 0;
    for (const entry of this.candidates) {
      if (!entry.spec.latencyMs) continue;
      if (!this.used.has(entry)) {
        if (entry.remaining !== undefined && entry.remaining <= 0) continue;
        this.used.add(entry);
        this.owner.consume(entry);
      }
      total += entry.spec.latencyMs;
    }
    if (total > 0) this.fired.push("latencyMs");
    return total > MAX_TIMER_MS ? Infinity : total;
  }

  /** Retry-After seconds when this request is to be throttled. */
  rateLimit(): number | undefined {
    const spec = this.take("rateLimit");
    if (!spec) return undefined;
    const option = spec.rateLimit;
    return typeof option === "object" && option.retryAfterSeconds !== undefined ? option.retryAfterSeconds : 1;
  }

  /** The 5xx status when this request is to fail. */
  serverError(): number | undefined {
    const spec = this.take("serverError");
    if (!spec) return undefined;
    const option = spec.serverError;
    return typeof option === "object" && option.status !== undefined ? option.status : 502;
  }

  truncatedJson(): boolean {
    return this.take("truncatedJson") !== undefined;
  }

  repeatCursor(): boolean {
    return this.take("repeatCursor") !== undefined;
  }

  /**
   * Bends `reply` with the drift fault's kind (`bend` returns the reply itself when it has nothing to
   * bend): the fault is used up, and logged, only when the reply changed.
   */
  drift<R>(reply: R, bend: (reply: R, kind: DriftFault) => R): R {
    const kind = this.candidates.find(
      (entry) => entry.spec.drift && (this.used.has(entry) || entry.remaining === undefined || entry.remaining > 0),
    )?.spec.drift;
    if (!kind) return reply;
    const bent = bend(reply, kind);
    if (bent !== reply) this.take("drift");
    return bent;
  }
}

export class FaultSet {
  private entries: Entry[] = [];

  /** Replaces every fault with these. */
  set(faults: FaultOptions | readonly FaultOptions[] | undefined): void {
    const list = faults === undefined ? [] : Array.isArray(faults) ? faults : [faults as FaultOptions];
    for (const fault of list) validateFault(fault);
    this.entries = list.map((spec) => ({ spec: { ...spec }, remaining: spec.times }));
  }

  clear(): void {
    this.entries = [];
  }

  list(): ActiveFault[] {
    return this.entries.map((e) => ({ ...e.spec, remaining: e.remaining }));
  }

  begin(api: ApiName | undefined): RequestFaults {
    const candidates =
      api === undefined ? [] : this.entries.filter((e) => e.spec.api === undefined || e.spec.api === api);
    return new RequestFaults(this, candidates);
  }

  /** @internal */
  consume(entry: Entry): void {
    if (entry.remaining === undefined) return;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
  }
}

const API_NAMES = new Set(["otc-vpcep", "otc-vpc", "confluent", "madconnect"]);
const FAULT_KEYS: ReadonlySet<string> = new Set<keyof FaultOptions>([
  "api",
  "times",
  "latencyMs",
  "rateLimit",
  "serverError",
  "truncatedJson",
  "repeatCursor",
  "drift",
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A TypeError unless `value` is a plain object whose keys are all in `known`. */
function checkKeys(value: unknown, name: string, known: ReadonlySet<string>): void {
  if (!isRecord(value)) throw new TypeError(`${name} must be an object, got ${value === null ? "null" : typeof value}`);
  for (const key of Object.keys(value))
    if (!known.has(key))
      throw new TypeError(`${name} has an unknown option ${JSON.stringify(key)} (known: ${[...known].join(", ")})`);
}

/** A TypeError unless `value` is undefined, a boolean, or (when `keys` are given) an object of those keys. */
function checkSwitch(value: unknown, name: string, keys?: ReadonlySet<string>): void {
  if (value === undefined || typeof value === "boolean") return;
  if (keys && isRecord(value)) return checkKeys(value, name, keys);
  throw new TypeError(
    `${name} must be a boolean${keys ? " or an object" : ""}, got ${value === null ? "null" : typeof value}`,
  );
}

function validateFault(fault: FaultOptions): void {
  checkKeys(fault, "fault", FAULT_KEYS);
  if (fault.api !== undefined && !API_NAMES.has(fault.api)) throw new TypeError(`unknown api in fault: ${fault.api}`);
  if (fault.times !== undefined) checkNumber(fault.times, "fault.times", "a positive integer", integerFrom(1));
  if (fault.latencyMs !== undefined)
    checkNumber(
      fault.latencyMs,
      "fault.latencyMs",
      `from 0 to ${MAX_TIMER_MS}, or Infinity (no answer until close())`,
      (ms) => ms >= 0 && (ms <= MAX_TIMER_MS || ms === Infinity),
    );
  checkSwitch(fault.rateLimit, "fault.rateLimit", new Set(["retryAfterSeconds"]));
  checkSwitch(fault.serverError, "fault.serverError", new Set(["status"]));
  checkSwitch(fault.truncatedJson, "fault.truncatedJson");
  checkSwitch(fault.repeatCursor, "fault.repeatCursor");
  const status = typeof fault.serverError === "object" ? fault.serverError.status : undefined;
  if (status !== undefined) checkNumber(status, "fault.serverError.status", "a 5xx status", integerFrom(500, 599));
  if (fault.drift !== undefined && !DRIFT_FAULTS.includes(fault.drift))
    throw new TypeError(`fault.drift must be one of ${DRIFT_FAULTS.join(", ")}`);
  const retry = typeof fault.rateLimit === "object" ? fault.rateLimit.retryAfterSeconds : undefined;
  if (retry !== undefined)
    checkNumber(retry, "fault.rateLimit.retryAfterSeconds", "a non-negative integer", integerFrom(0));
}
