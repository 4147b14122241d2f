import { onAbort } from "./signals.js";

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. Leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal!.reason);
    });
  });
}

/**
 * One per client: at most `max` requests in flight, and a shared pause. When any request is rate limited the
 * whole client waits, so no request is sent until the pause ends.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;

  constructor(readonly max: number) {}

  /** Holds every request not yet sent until `ms` from now (a longer pause already set is kept). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a free slot and for any pause to end; returns the function that frees the slot. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.active < this.max) this.active++;
    else {
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          stop();
          resolve();
        };
        const stop = onAbort(signal, () => {
          const index = this.waiting.indexOf(grant);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal!.reason);
        });
        this.waiting.push(grant);
      });
    }
    try {
      for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
        await sleep(wait, signal);
      }
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active--;
  }
}
