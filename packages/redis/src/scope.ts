import type { LimiterRequest, RateLimiter } from "@zohokit/core";
import { Limiter, sleep } from "@zohokit/core/internal";
import { LimiterErrorCodes, limiterError } from "./errors.js";
import type { ResolvedLimiterOptions } from "./options.js";
import { ACQUIRE, CREDITS_LOW, FULL, GRANTED, PAUSE, PAUSED, RENEW, type Script } from "./scripts.js";
import { RedisUnavailable } from "./store.js";

/** What every scope of one limiter shares: its options, Redis (through the health check) and slot ids. */
export interface ScopeContext {
  options: ResolvedLimiterOptions;
  /** Runs a script through the health check; rejects with RedisUnavailable. */
  run(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
  /** Sends a command through the health check; rejects with RedisUnavailable. */
  send(args: readonly (string | number)[]): Promise<unknown>;
  /** A slot id no other acquire, in any process, uses. */
  slotId(): string;
}

/** Polling for a slot another process frees starts this often and backs off to the most. */
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 50;

/** The Redis keys of one scope; the braces keep them in one Redis Cluster slot, as scripts need. */
function keysOf(prefix: string, name: string) {
  const tag = `${prefix}:{${name}}`;
  return { slots: `${tag}:slots`, pause: `${tag}:pause`, credits: `${tag}:credits` };
}

/** Aborts when the caller's signal does, or with `expired` set once `ms` have passed. */
function waitLimit(signal: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error("maxWaitMs elapsed"));
  }, ms);
  const follow = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", follow, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired && !signal?.aborted,
    stop() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", follow);
    },
  };
}

/**
 * The limiter of one org connection (one scope) in this process. Waiters take turns (first come, first served)
 * at asking Redis for a slot, so a process polls with one command at a time however many wait; a slot freed in
 * this process wakes the next waiter at once, one freed elsewhere is seen at the next poll.
 */
export class ScopeLimiter implements RateLimiter {
  private readonly keys: ReturnType<typeof keysOf>;
  private readonly turns = new Limiter(1);
  /** Slot ids this process holds in Redis, renewed while any is held. */
  private readonly held = new Set<string>();
  private renewal: ReturnType<typeof setInterval> | undefined;
  /** The latest pause this process knows of (its own 429s and those Redis reported), local clock. */
  private until = 0;
  /** Used while Redis is unavailable, with onUnavailable: "local". */
  private local: Limiter | undefined;
  private wake: (() => void) | undefined;
  /** Slots this process freed so far: one freed while an ACQUIRE was out means trying again at once. */
  private freed = 0;

  constructor(
    private readonly context: ScopeContext,
    name: string,
  ) {
    this.keys = keysOf(context.options.prefix, name);
  }

  async acquire(signal?: AbortSignal, request?: LimiterRequest): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    const { options } = this.context;
    const limit = waitLimit(signal, options.maxWaitMs);
    try {
      const releaseTurn = await this.turns.acquire(limit.signal);
      try {
        return await this.fromRedis(limit.signal, request);
      } finally {
        releaseTurn();
      }
    } catch (error) {
      if (error instanceof RedisUnavailable) {
        if (options.onUnavailable === "local") return this.fromLocal(signal);
        throw limiterError(
          request,
          LimiterErrorCodes.UNAVAILABLE,
          `the shared rate limiter cannot be used: ${error.message}; nothing was sent. Check that Redis is running ` +
            'and reachable, or pass onUnavailable: "local" to redisLimiter() to fall back to an in-process limiter.',
          {},
          error,
        );
      }
      if (limit.expired()) {
        throw limiterError(
          request,
          LimiterErrorCodes.TIMEOUT,
          `no slot of the shared rate limiter within ${options.maxWaitMs} ms (the org's ${options.maxConcurrency} ` +
            "slots stayed in use across processes, or a rate-limit pause or low credits lasted longer); nothing " +
            "was sent. Raise maxWaitMs, or run fewer workers at once.",
        );
      }
      throw error;
    } finally {
      limit.stop();
    }
  }

  /** Asks Redis until it grants a slot; every wait ends when `signal` aborts (the caller's, or maxWaitMs). */
  private async fromRedis(signal: AbortSignal, request: LimiterRequest | undefined): Promise<() => void> {
    const { options } = this.context;
    let poll = POLL_MIN_MS;
    for (;;) {
      const held = this.until - Date.now();
      if (held > 0) {
        await sleep(held, signal);
        continue;
      }
      const id = this.context.slotId();
      const freedBefore = this.freed;
      const [status, ms = 0, credits = 0] = (await this.context.run(ACQUIRE, this.keysList(), [
        options.maxConcurrency,
        options.leaseMs,
        id,
        options.minCredits ?? 0,
      ])) as number[];
      if (status === GRANTED) return this.hold(id);
      if (status === PAUSED) {
        this.until = Math.max(this.until, Date.now() + ms);
      } else if (status === CREDITS_LOW) {
        if (options.whenCreditsLow === "fail") throw this.creditsError(request, credits, ms);
        await sleep(Math.max(ms, POLL_MAX_MS), signal);
      } else if (status === FULL) {
        if (this.freed !== freedBefore) continue;
        await this.nap(Math.min(poll, Math.max(ms, 1)), signal);
        poll = Math.min(poll * 2, POLL_MAX_MS);
      } else {
        throw new RedisUnavailable(`Redis answered the limiter's script with ${JSON.stringify(status)}`);
      }
    }
  }

  private fromLocal(signal: AbortSignal | undefined): Promise<() => void> {
    this.local ??= new Limiter(this.context.options.maxConcurrency);
    this.local.pause(this.until);
    return this.local.acquire(signal);
  }

  /** Sleeps up to `ms`, or less when a slot of this process is freed. */
  private nap(ms: number, signal: AbortSignal): Promise<void> {
    const woken = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    return Promise.race([sleep(ms, signal), woken]).finally(() => {
      this.wake = undefined;
    });
  }

  private hold(id: string): () => void {
    this.held.add(id);
    if (!this.renewal) {
      this.renewal = setInterval(
        () => this.renew(),
        Math.max(Math.floor(this.context.options.leaseMs / 3), 1),
      );
      this.renewal.unref();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(id);
      if (this.held.size === 0) {
        clearInterval(this.renewal);
        this.renewal = undefined;
      }
      // Sent before the woken waiter's next ACQUIRE, on the same connection: Redis sees the slot freed first.
      this.context.send(["ZREM", this.keys.slots, id]).catch(() => {});
      this.freed++;
      this.wake?.();
    };
  }

  private renew(): void {
    if (this.held.size === 0) return;
    const { leaseMs } = this.context.options;
    this.context.run(RENEW, [this.keys.slots], [leaseMs, ...this.held]).catch(() => {});
  }

  async pause(until: number): Promise<void> {
    this.until = Math.max(this.until, until);
    this.local?.pause(until);
    const ms = Math.ceil(until - Date.now());
    if (ms <= 0) return;
    // This process honours the pause whatever happens; the others learn of it when Redis is there.
    await this.context.run(PAUSE, [this.keys.pause], [ms]).catch(() => {});
  }

  pausedUntil(): number {
    return this.until;
  }

  credits(remaining: number): void {
    const { minCredits, onCredits, creditsRecheckMs } = this.context.options;
    if (minCredits !== undefined) {
      this.context.send(["SET", this.keys.credits, remaining, "PX", creditsRecheckMs]).catch(() => {});
    }
    if (!onCredits) return;
    try {
      onCredits({ remaining, minCredits, low: minCredits !== undefined && remaining < minCredits });
    } catch {
      // A broken observer must not break the call it observes.
    }
  }

  private keysList(): string[] {
    return [this.keys.slots, this.keys.pause, this.keys.credits];
  }

  private creditsError(request: LimiterRequest | undefined, remaining: number, recheckInMs: number) {
    const { minCredits } = this.context.options;
    return limiterError(
      request,
      LimiterErrorCodes.CREDITS_LOW,
      `Zoho reports ${remaining} API credits left for this org, below redisLimiter()'s minCredits of ` +
        `${minCredits}; nothing was sent. Requests go out again in ${Math.ceil(Math.max(recheckInMs, 0) / 1000)} s ` +
        '(creditsRecheckMs), when the budget is read anew; or pass whenCreditsLow: "wait" to wait for it.',
      { remaining, minCredits, recheckInMs },
    );
  }
}
