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
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => signal.removeEventListener("abort", onAbort);
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
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
  const abort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", abort, { once: true });
  }
  return {
    signal: controller.signal,
    unlink: () => {
      for (const signal of present) signal.removeEventListener("abort", abort);
    },
  };
}
