import { randomBytes } from "node:crypto";
import type { LimiterRequest, LimiterScope, RateLimiter } from "@zohokit/core";
import { Health } from "./health.js";
import { type RedisLimiterOptions, resolveLimiterOptions } from "./options.js";
import { ScopeLimiter } from "./scope.js";
import { createStore, RedisUnavailable } from "./store.js";

/** A rate limiter shared through Redis by every process, scoped per org connection by each client it is given to. */
export interface RedisLimiter extends RateLimiter {
  /** The limiter of one client's org connection (called by the client; keyed by `key` when one is set). */
  forClient(scope: LimiterScope): RateLimiter;
  /** Closes the connection to Redis. Slots still held come back to the other processes within the lease. */
  close(): Promise<void>;
}

/**
 * One org's limits shared by every process through Redis: at most `maxConcurrency` requests in flight across all
 * of them (slots are leases, so those of a process that dies come back), one pause after a 429 that every process
 * honours, and the remaining API credits shared, with an optional floor. Give the same limiter to every client:
 * `createCrmClient({ limiter: redisLimiter({ url: "redis://127.0.0.1:6379", maxConcurrency: 5 }) })`.
 */
export function redisLimiter(options: RedisLimiterOptions): RedisLimiter {
  const resolved = resolveLimiterOptions(options);
  const store = createStore(resolved);
  const health = new Health(resolved, store);
  const owner = randomBytes(6).toString("hex");
  let slots = 0;

  async function guarded<T>(send: () => Promise<T>): Promise<T> {
    const blocked = health.check();
    if (blocked) throw blocked;
    try {
      const reply = await send();
      health.succeeded();
      return reply;
    } catch (error) {
      if (error instanceof RedisUnavailable) health.failed(error);
      throw error;
    }
  }

  const context = {
    options: resolved,
    run: (script, keys, args) => guarded(() => store.run(script, keys, args)),
    send: (args) => guarded(() => store.send(args)),
    slotId: () => `${owner}:${(++slots).toString(36)}`,
  } satisfies ConstructorParameters<typeof ScopeLimiter>[0];

  const scopes = new Map<string, ScopeLimiter>();
  const forClient = (scope: LimiterScope): ScopeLimiter => {
    const name = resolved.key ?? scope.id;
    let limiter = scopes.get(name);
    if (!limiter) {
      limiter = new ScopeLimiter(context, name);
      scopes.set(name, limiter);
    }
    return limiter;
  };
  // Used directly (not through a client): the scope of `key`, or one named "default".
  const direct = () => forClient({ id: "default" });

  return {
    forClient,
    acquire: (signal?: AbortSignal, request?: LimiterRequest) => direct().acquire(signal, request),
    pause: (until: number) => direct().pause(until),
    pausedUntil: () => direct().pausedUntil(),
    credits: (remaining: number) => direct().credits(remaining),
    close: () => store.close(),
  };
}
