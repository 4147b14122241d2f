import { onAbort } from "./signals.js";

/** The call a slot is asked for (method and redacted path), for the limiter's own error messages. */
export interface LimiterRequest {
  method: string;
  path: string;
}

/** Who a limiter serves, handed to its `forClient` by each client it is given to. */
export interface LimiterScope {
  /**
   * Hex SHA-256 of the client's gateway URL, API key and connection: the same for every client of one org
   * connection, in any process, and no secret in it.
   */
  readonly id: string;
}

/**
 * What the transport asks of a limiter, once per attempt: a concurrency slot (held while the attempt is in
 * flight), and a pause every request honours after a rate limit. The default is in-process; @zohokit/redis
 * shares one across processes.
 */
export interface RateLimiter {
  /**
   * Waits for a slot and for any pause to end; resolves with the function that frees the slot (idempotent, never
   * throws: a limiter whose release is remote finishes it on its own). Rejects with the signal's reason on abort.
   */
  acquire(signal?: AbortSignal, request?: LimiterRequest): Promise<() => void>;
  /** Holds every request not yet sent until `until` (ms since the epoch); a later pause already set is kept. */
  pause(until: number): void | Promise<void>;
  /** Until when (ms since the epoch) requests are held; 0 or a past time when they are not. */
  pausedUntil(): number | Promise<number>;
  /** Told the credits Zoho reports left (X-API-CREDITS-REMAINING) whenever an answer carries them. */
  credits?(remaining: number): void;
  /**
   * For a limiter that can serve clients of several orgs or connections (one store keyed by scope): each client
   * it is given to calls this once, before its first request, and uses the limiter it returns.
   */
  forClient?(scope: LimiterScope): RateLimiter;
}

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

/** At most `max` requests in flight, and a shared pause: when any request is rate limited, every one waits. */
export class Limiter implements RateLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private until = 0;

  constructor(private limit: number) {}

  get max(): number {
    return this.limit;
  }

  /** Raises the limit (never lowers it), letting queued requests out up to the new one. */
  raise(max: number): void {
    if (max <= this.limit) return;
    this.limit = max;
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }

  pause(until: number): void {
    this.until = Math.max(this.until, until);
  }

  pausedUntil(): number {
    return this.until;
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.active < this.limit) this.active++;
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
      for (let wait = this.until - Date.now(); wait > 0; wait = this.until - Date.now()) {
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

const shared = new Map<string, WeakRef<Limiter>>();
const forget =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<string>((key) => {
        if (shared.get(key)?.deref() === undefined) shared.delete(key);
      })
    : undefined;

/**
 * The in-process limiter of one gateway, key and connection: every client built with the same three shares it,
 * so together they stay within one concurrency limit (the largest any of them asked for; each client also keeps
 * to its own) and one rate-limit pause. Held weakly: it goes once no client uses it.
 */
export function sharedLimiter(identity: string, max: number): Limiter {
  const existing = shared.get(identity)?.deref();
  if (existing) {
    existing.raise(max);
    return existing;
  }
  const limiter = new Limiter(max);
  shared.set(identity, new WeakRef(limiter));
  forget?.register(limiter, identity);
  return limiter;
}

/** A client's own limit of requests in flight, taken before the slot of the limiter it shares with others. */
export function withClientLimit(shared: RateLimiter, max: number): RateLimiter {
  const own = new Limiter(max);
  return {
    async acquire(signal, request) {
      const releaseOwn = await own.acquire(signal);
      try {
        const releaseShared = await shared.acquire(signal, request);
        return () => {
          releaseShared();
          releaseOwn();
        };
      } catch (error) {
        releaseOwn();
        throw error;
      }
    },
    pause: (until) => shared.pause(until),
    pausedUntil: () => shared.pausedUntil(),
    ...(shared.credits ? { credits: (remaining: number) => shared.credits!(remaining) } : {}),
  };
}

/** The hex SHA-256 of a client's identity, computed with Web Crypto (every runtime zohokit supports has it). */
async function scopeId(identity: string): Promise<string> {
  const bytes = new TextEncoder().encode(`zohokit limiter scope\n${identity}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * `limiter.forClient` applied to a client's identity, lazily: the digest is asynchronous, so the scoped limiter is
 * made on the first acquire (pause and credits only follow an acquire).
 */
function scoped(limiter: RateLimiter & { forClient(scope: LimiterScope): RateLimiter }, identity: string) {
  let resolved: RateLimiter | undefined;
  let pending: Promise<RateLimiter> | undefined;
  const resolve = () =>
    (pending ??= scopeId(identity).then((id) => {
      resolved = limiter.forClient({ id });
      return resolved;
    }));
  return {
    acquire: async (signal, request) => (resolved ?? (await resolve())).acquire(signal, request),
    pause: async (until) => (resolved ?? (await resolve())).pause(until),
    pausedUntil: () => resolved?.pausedUntil() ?? 0,
    credits: (remaining) => resolved?.credits?.(remaining),
  } satisfies RateLimiter;
}

/**
 * The limiter a client sends through: the one it was given (scoped to the client when it serves many) or the
 * in-process one shared by same-identity clients, behind the client's own limit of requests in flight.
 * `identity` names the gateway, the credentials and the connection; it is hashed before any limiter sees it.
 */
export function clientLimiter(given: RateLimiter | undefined, identity: string, max: number): RateLimiter {
  const shared = !given
    ? sharedLimiter(identity, max)
    : given.forClient
      ? scoped(given as RateLimiter & { forClient(scope: LimiterScope): RateLimiter }, identity)
      : given;
  return withClientLimit(shared, max);
}
