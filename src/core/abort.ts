// One "abort" listener per caller signal, however many calls share it. A caller may pass the same
// AbortSignal to hundreds of concurrent calls; a listener per call would trip Node's
// MaxListenersExceededWarning at 11 and keep every call's closure reachable from the signal.

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

function fanOut(this: AbortSignal): void {
  const callbacks = waiting.get(this);
  waiting.delete(this);
  for (const callback of callbacks ?? []) callback();
}

/** Calls `callback` once when `signal` aborts; the returned function unsubscribes. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    callbacks = new Set();
    waiting.set(signal, callbacks);
    signal.addEventListener("abort", fanOut, { once: true });
  }
  // A wrapper, so that the same function subscribed twice is two subscriptions.
  const entry = () => callback();
  callbacks.add(entry);
  return () => {
    const current = waiting.get(signal);
    if (!current?.delete(entry) || current.size > 0) return;
    waiting.delete(signal);
    signal.removeEventListener("abort", fanOut);
  };
}

/** A signal, and a cheap way to be called when it aborts. */
export interface Abortable {
  readonly signal: AbortSignal;
  /** Calls `callback` once when `signal` aborts (at once if it has); the returned function unsubscribes. */
  whenAborted(callback: () => void): () => void;
}

/**
 * The response of `sending`, or a rejection with the signal's reason as soon as it aborts: a custom
 * fetch that ignores its signal cannot outlast the attempt's clock (a response it gives later is cancelled).
 */
export function unlessAborted(sending: Promise<Response>, { signal, whenAborted }: Abortable): Promise<Response> {
  return new Promise((resolve, reject) => {
    let aborted = false;
    const unsubscribe = whenAborted(() => {
      aborted = true;
      reject(signal.reason);
    });
    sending.then(
      (response) => {
        unsubscribe();
        if (aborted) response.body?.cancel().catch(() => {});
        else resolve(response);
      },
      (error: unknown) => {
        unsubscribe();
        reject(error);
      },
    );
  });
}
