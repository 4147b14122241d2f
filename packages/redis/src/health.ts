import type { LimiterWarning, ResolvedLimiterOptions } from "./options.js";
import type { RedisUnavailable, Store } from "./store.js";

/** While Redis is down, one command a second tries it again; the others do not wait for it. */
const PROBE_EVERY_MS = 1_000;

/** Whether Redis is usable, shared by every scope of a limiter, and the warnings when that changes. */
export class Health {
  private down: RedisUnavailable | undefined;
  private lastTry = 0;

  constructor(
    private readonly options: ResolvedLimiterOptions,
    private readonly store: Store,
  ) {}

  /** Why Redis should not even be tried now (not connected; down, and not the time to probe), or undefined. */
  check(): RedisUnavailable | undefined {
    const unusable = this.store.unusable();
    if (unusable) {
      this.failed(unusable);
      return unusable;
    }
    if (!this.down) return undefined;
    const now = Date.now();
    if (now - this.lastTry < PROBE_EVERY_MS) return this.down;
    this.lastTry = now;
    return undefined;
  }

  failed(error: RedisUnavailable): void {
    this.lastTry = Date.now();
    const wasDown = this.down !== undefined;
    this.down = error;
    if (wasDown || this.options.onUnavailable !== "local") return;
    this.warn({
      code: "REDIS_UNAVAILABLE",
      message:
        `zohokit: ${error.message}; requests now go through an in-process limiter of ${this.options.maxConcurrency}` +
        " per process, which other processes do not see, until Redis answers again.",
      cause: error,
    });
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = undefined;
    if (this.options.onUnavailable !== "local") return;
    this.warn({
      code: "REDIS_RECOVERED",
      message: `zohokit: Redis at ${this.options.where} answers again; requests share its limiter again.`,
    });
  }

  private warn(warning: LimiterWarning): void {
    try {
      this.options.onWarning(warning);
    } catch {
      // A broken observer must not break the calls it observes.
    }
  }
}
