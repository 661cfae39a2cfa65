// Reading a response body without ever holding more than `maxResponseBytes` of it, nor waiting for it
// past the attempt's clock: the platform's fetch fails its body on abort, and the body of a custom fetch
// has its reader cancelled then, which ends a pending read even when that fetch ignores the signal.
import type { Abortable } from "./abort.js";

/** Statuses whose Response cannot have a body (the Fetch standard's null body statuses), whatever its Content-Length says. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Content-Length above the limit: refused before a byte of the body is read. Not where it gives no
 * body's size: the answer to a HEAD or a 204/205/304 (the representation's), or an encoded body's (the
 * decoded bytes are what count, as they are read).
 */
export function declaredTooLarge(response: Response, limit: number, method: string): boolean {
  if (method === "HEAD" || NULL_BODY.has(response.status)) return false;
  const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
  if (encoding && encoding !== "identity") return false;
  const declared = response.headers.get("content-length");
  return declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit;
}

/** The whole body, or `tooLarge()` as soon as more than `limit` bytes have arrived (the rest is not read). */
export async function readBody(
  body: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: () => Error,
  clock: Abortable,
  /** The body comes from a custom fetch, which might not end it on abort: the reader is cancelled then. */
  guarded = true,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const stop = guarded ? cancelOnAbort(reader, clock) : undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    stop?.();
  }
  // A body ended early on abort (by the cancel above, or a fetch that ends it instead of failing it)
  // must not pass for a whole body.
  clock.signal.throwIfAborted();
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Cancels `reader` when the clock aborts (at once if it has); the returned function stops watching. */
function cancelOnAbort(reader: ReadableStreamDefaultReader<Uint8Array>, { signal, whenAborted }: Abortable) {
  return whenAborted(() => void reader.cancel(signal.reason).catch(() => {}));
}

/**
 * The body as a stream that fails with `tooLarge()` once more than `limit` bytes have passed, and with
 * `failed(error)` when reading the body fails or `signal` aborts.
 */
export function limitStream(
  body: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: () => Error,
  failed: (error: unknown) => unknown,
  clock: Abortable,
  /** Called once the stream has ended, failed or been cancelled (the attempt's clock is done then). */
  ended: () => void = () => {},
): ReadableStream<Uint8Array> {
  const { signal } = clock;
  const reader = body.getReader();
  let unwatch = cancelOnAbort(reader, clock);
  let size = 0;
  const stop = () => {
    unwatch();
    unwatch = () => {};
    ended();
    ended = () => {};
  };
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    stop();
    if (error === undefined) controller.close();
    else controller.error(error);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        return end(controller, failed(error));
      }
      // Ended by the cancel on abort: a failure, not the end of the body.
      if (signal.aborted) return end(controller, failed(signal.reason));
      if (chunk.done) return end(controller);
      size += chunk.value.byteLength;
      if (size <= limit) return controller.enqueue(chunk.value);
      end(controller, tooLarge());
      reader.cancel().catch(() => {});
    },
    cancel: (reason) => {
      stop();
      return reader.cancel(reason);
    },
  });
}

// What the Response constructor takes (fetch takes more: a status up to 999, a reason phrase in UTF-8
// or with control characters).
const CONSTRUCTIBLE_REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

const own = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value });

/** `response` with another body (its status, reason phrase, `ok`, headers, URL, type and `redirected` kept). */
export function withBody(response: Response, body: BodyInit | null): Response {
  const { status, statusText } = response;
  const constructible = status >= 200 && status <= 599 && CONSTRUCTIBLE_REASON.test(statusText);
  const copy = new Response(NULL_BODY.has(status) ? null : body, {
    status: constructible ? status : 200,
    statusText: constructible ? statusText : "",
    headers: response.headers,
  });
  return keepFrom(response, copy, constructible);
}

/** `copy` with what its constructor could not give it read as `response`'s, read-only as on any Response. */
function keepFrom(response: Response, copy: Response, constructible: boolean): Response {
  if (!constructible) {
    own(copy, "status", response.status);
    own(copy, "statusText", response.statusText);
    own(copy, "ok", response.ok);
    // A clone is built by the constructor too.
    own(copy, "clone", () => keepFrom(response, Response.prototype.clone.call(copy), false));
  }
  // The errors name the URL that answered.
  own(copy, "url", response.url);
  if (copy.type !== response.type) own(copy, "type", response.type);
  if (response.redirected) own(copy, "redirected", true);
  return copy;
}
