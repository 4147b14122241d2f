import { createClient } from "@redis/client";
import { createRedactor } from "@zohokit/core/internal";
import type { ResolvedLimiterOptions } from "./options.js";
import type { Script } from "./scripts.js";

/** Redis could not be used for this command: not connected, too slow, or it refused. */
export class RedisUnavailable extends Error {
  override name = "RedisUnavailable";
}

type Argument = string | number;

/** One connection to Redis, shared by every scope of a limiter, with every wait bounded. */
export interface Store {
  /** Runs a script (EVALSHA, then EVAL if Redis does not have it yet). Rejects with RedisUnavailable. */
  run(script: Script, keys: readonly string[], args: readonly Argument[]): Promise<unknown>;
  /** Sends a plain command. Rejects with RedisUnavailable. */
  send(args: readonly Argument[]): Promise<unknown>;
  /** Why no command can be sent now (not connected, past the first connection's time), or undefined. */
  unusable(): RedisUnavailable | undefined;
  close(): Promise<void>;
}

/** Reconnects after a lost connection: 50 ms doubling up to 2 s, with jitter (the client's own default shape). */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100);
}

export function createStore(options: ResolvedLimiterOptions): Store {
  const redact = createRedactor([options.password]);
  let client: ReturnType<typeof createClient> | undefined;
  let connected: Promise<unknown> | undefined;
  let firstDeadline = 0;
  let lastError: unknown;
  let closed = false;

  function open() {
    if (client) return client;
    client = createClient({
      url: options.url,
      // A command while disconnected fails at once instead of queueing for a reconnection that may never come.
      disableOfflineQueue: true,
      socket: { connectTimeout: options.connectTimeoutMs, reconnectStrategy: reconnectDelay },
    });
    // Without a listener an 'error' event would crash the process; the errors reach callers as RedisUnavailable.
    client.on("error", (error: unknown) => {
      lastError = error;
    });
    // An idle limiter does not keep the process alive; pending commands are held by their own timers.
    client.unref();
    firstDeadline = Date.now() + options.connectTimeoutMs;
    connected = client.connect().catch((error: unknown) => {
      lastError = error;
    });
    return client;
  }

  function unavailable(what: string, cause: unknown): RedisUnavailable {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause ?? "unknown error");
    return redact(new RedisUnavailable(`${what} (${reason})`, { cause: redact(cause) }));
  }

  const notConnected = () =>
    unavailable(`Redis at ${options.where} is not connected`, lastError ?? "still connecting");

  /** A command's reply within commandTimeoutMs, or RedisUnavailable. */
  async function command(args: readonly Argument[]): Promise<unknown> {
    if (closed) throw new RedisUnavailable("the limiter was closed");
    const redis = open();
    if (!redis.isReady) {
      const left = firstDeadline - Date.now();
      if (left > 0) await bounded(connected!, left);
      if (!redis.isReady) throw notConnected();
    }
    const reply = redis.sendCommand(args.map(String));
    try {
      return await bounded(reply, options.commandTimeoutMs, () =>
        unavailable(`Redis at ${options.where} did not answer`, `${options.commandTimeoutMs} ms`),
      );
    } catch (error) {
      if (error instanceof RedisUnavailable) throw error;
      throw unavailable(`Redis at ${options.where} refused the limiter's command`, error);
    }
  }

  return {
    async run(script, keys, args) {
      try {
        return await command(["EVALSHA", script.sha, keys.length, ...keys, ...args]);
      } catch (error) {
        if (!(error instanceof RedisUnavailable && /\bNOSCRIPT\b/.test(error.message))) throw error;
        return command(["EVAL", script.source, keys.length, ...keys, ...args]);
      }
    },
    send: command,
    unusable() {
      if (closed) return new RedisUnavailable("the limiter was closed");
      if (client === undefined || client.isReady || Date.now() < firstDeadline) return undefined;
      return notConnected();
    },
    async close() {
      if (closed) return;
      closed = true;
      const redis = client;
      if (!redis) return;
      await bounded(redis.close(), options.commandTimeoutMs).catch(() => {});
      if (redis.isOpen) redis.destroy();
    },
  };
}

/**
 * Settles with `promise`, or after `ms` rejects with `onTimeout()` (or resolves, without one). The promise's own
 * later rejection is ignored.
 */
function bounded<T>(promise: Promise<T>, ms: number, onTimeout?: () => Error): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (onTimeout ? reject(onTimeout()) : resolve(undefined)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
