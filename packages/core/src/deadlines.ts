/** The abort reason of an attempt that ran out of time. */
export class AttemptTimeout extends Error {}

/**
 * Aborts the attempts that outlive `timeoutMs`, with one timer for all of them: arming and clearing a timer per
 * attempt costs more than the rest of the transport's bookkeeping. The timer is unref'd: a request in flight keeps
 * the process alive through its socket, an idle client does not.
 */
export function createDeadlines(timeoutMs: number) {
  // Every attempt gets the same timeout, so the order of insertion is the order of the deadlines.
  const pending = new Set<{ controller: AbortController; deadline: number }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    timer = setTimeout(sweep, ms);
    (timer as { unref?: () => void }).unref?.();
  };
  const sweep = () => {
    timer = undefined;
    const now = performance.now();
    for (const entry of pending) {
      if (entry.deadline > now) return arm(entry.deadline - now);
      pending.delete(entry);
      entry.controller.abort(new AttemptTimeout());
    }
  };
  /** Aborts `controller` once the timeout has passed; returns the function that stops watching it. */
  return (controller: AbortController): (() => void) => {
    const entry = { controller, deadline: performance.now() + timeoutMs };
    pending.add(entry);
    if (!timer) arm(timeoutMs);
    return () => pending.delete(entry);
  };
}
