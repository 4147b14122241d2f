/** Calls `listener` once `signal` aborts; returns the function that stops listening. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  signal?.addEventListener("abort", listener, { once: true });
  return () => signal?.removeEventListener("abort", listener);
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts: the timeout and the caller's
 * abort hold even with a custom fetch whose answers ignore the signal.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(stop);
  });
}

/** Combines the per-call and per-client signals without leaking listeners; no signal when neither is given. */
export function linkSignals(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal | undefined;
  unlink: () => void;
} {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length < 2) return { signal: present[0], unlink: () => {} };
  const controller = new AbortController();
  const unlinks = present.map((signal) => {
    if (signal.aborted) controller.abort(signal.reason);
    return onAbort(signal, () => controller.abort(signal.reason));
  });
  return {
    signal: controller.signal,
    unlink: () => {
      for (const unlink of unlinks) unlink();
    },
  };
}
