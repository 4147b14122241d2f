import { ZohoKitError } from "@zohokit/core";
import { assertOneOf, assertOptions, assertPositiveInteger, refuse } from "@zohokit/core/internal";

/** What a limiter tells its user about Redis going away or coming back (with `onUnavailable: "local"`). */
export interface LimiterWarning {
  /** REDIS_UNAVAILABLE: requests now go through an in-process limiter; REDIS_RECOVERED: through Redis again. */
  code: "REDIS_UNAVAILABLE" | "REDIS_RECOVERED";
  message: string;
  /** The error that made Redis count as unavailable. */
  cause?: unknown;
}

/** One reading of the org's remaining API credits, as an answer of this process reported it. */
export interface CreditsEvent {
  /** Zoho's X-API-CREDITS-REMAINING (sent once half of the rolling 24-hour budget is used). */
  remaining: number;
  /** The floor set by `minCredits`, if any. */
  minCredits: number | undefined;
  /** True when `remaining` is below `minCredits`: requests now wait or fail, as `whenCreditsLow` says. */
  low: boolean;
}

export interface RedisLimiterOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  /**
   * Requests in flight at once for one org connection, counted across every process that uses this Redis: the
   * org's concurrency limit (5 to 25 by edition). Each client still keeps to its own `maxConcurrency` too.
   */
  maxConcurrency: number;
  /**
   * Names the shared state instead of the digest of gateway, API key and connection that each client brings, so
   * that clients with different keys or connections to one org share one budget. Not a secret: never an API key.
   */
  key?: string;
  /** Prefix of every Redis key this limiter writes; default "zohokit". */
  prefix?: string;
  /**
   * How long a slot is held without renewal; default 30,000 ms. A process that dies holding slots gives them
   * back after this long; a request in flight longer than this renews its slot (every third of it).
   */
  leaseMs?: number;
  /**
   * When Redis cannot be reached or does not answer in time: "fail" (the default) rejects each call with an
   * ApiError (code LIMITER_UNAVAILABLE, nothing sent); "local" sends it through an in-process limiter of
   * `maxConcurrency` instead, with a warning, until Redis answers again.
   */
  onUnavailable?: "fail" | "local";
  /** Told when Redis becomes unavailable or recovers (with "local"). Default: `process.emitWarning`. */
  onWarning?: (warning: LimiterWarning) => void;
  /** Longest wait for the first connection; default 2,000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for any one Redis command; default 1,000 ms. */
  commandTimeoutMs?: number;
  /**
   * Longest an acquire waits for a slot, a shared pause or low credits to pass; default 300,000 ms. Then the call
   * fails with an ApiError (code LIMITER_TIMEOUT, nothing sent).
   */
  maxWaitMs?: number;
  /**
   * A floor of API credits: once an answer reports fewer left (X-API-CREDITS-REMAINING), requests to that org
   * wait or fail (`whenCreditsLow`) in every process. Default: no floor.
   */
  minCredits?: number;
  /** Below the floor: "fail" (default; ApiError code CREDITS_LOW, nothing sent) or "wait". */
  whenCreditsLow?: "fail" | "wait";
  /**
   * How long a reading below the floor holds requests back; default 300,000 ms. Then requests go out again and
   * the first answers read the budget anew (at most `maxConcurrency` requests are sent before the next reading).
   */
  creditsRecheckMs?: number;
  /** Told every reading of the remaining credits this process's answers carry. */
  onCredits?: (event: CreditsEvent) => void;
}

export interface ResolvedLimiterOptions {
  url: string;
  /** host:port, for messages (never the password). */
  where: string;
  /** The password of the URL, if any, to redact from Redis's errors. */
  password: string | undefined;
  maxConcurrency: number;
  key: string | undefined;
  prefix: string;
  leaseMs: number;
  onUnavailable: "fail" | "local";
  onWarning: (warning: LimiterWarning) => void;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  maxWaitMs: number;
  minCredits: number | undefined;
  whenCreditsLow: "fail" | "wait";
  creditsRecheckMs: number;
  onCredits: ((event: CreditsEvent) => void) | undefined;
}

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;
const KNOWN = new Set([
  "url",
  "maxConcurrency",
  "key",
  "prefix",
  "leaseMs",
  "onUnavailable",
  "onWarning",
  "connectTimeoutMs",
  "commandTimeoutMs",
  "maxWaitMs",
  "minCredits",
  "whenCreditsLow",
  "creditsRecheckMs",
  "onCredits",
]);

function defaultWarning(warning: LimiterWarning): void {
  process.emitWarning(warning.message, { type: "ZohoKitWarning", code: `ZOHOKIT_${warning.code}` });
}

function assertFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "function") throw refuse(`${name} must be a function`, value);
}

/** Checks every option before anything connects: a ZohoKitError that says which and why. */
export function resolveLimiterOptions(options: RedisLimiterOptions): ResolvedLimiterOptions {
  assertOptions(options, "redisLimiter()'s options");
  if (options === undefined) throw new ZohoKitError("redisLimiter() needs { url, maxConcurrency }.");
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new ZohoKitError(`redisLimiter() has no option ${JSON.stringify(name)}.`);
  }
  let url: URL | undefined;
  try {
    url = typeof options.url === "string" ? new URL(options.url) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !/^rediss?:$/.test(url.protocol) || !url.hostname) {
    // The URL may hold a password: say what is wrong without quoting it.
    throw new ZohoKitError(
      `redisLimiter() needs url: a redis:// or rediss:// URL such as "redis://127.0.0.1:6379"; got ${
        typeof options.url === "string" ? `a string of ${options.url.length} characters` : typeof options.url
      }.`,
    );
  }
  if (options.maxConcurrency === undefined) {
    throw new ZohoKitError(
      "redisLimiter() needs maxConcurrency: the org's limit of requests in flight (5 to 25 by Zoho edition).",
    );
  }
  assertPositiveInteger(options.maxConcurrency, "redisLimiter() maxConcurrency", 1000);
  if (options.key !== undefined && (typeof options.key !== "string" || !KEY.test(options.key))) {
    throw refuse("redisLimiter() key must be 1 to 100 letters, digits or . _ : -", options.key);
  }
  if (options.prefix !== undefined && (typeof options.prefix !== "string" || !KEY.test(options.prefix))) {
    throw refuse("redisLimiter() prefix must be 1 to 100 letters, digits or . _ : -", options.prefix);
  }
  assertPositiveInteger(options.leaseMs, "redisLimiter() leaseMs", 3_600_000, 100);
  assertOneOf(options.onUnavailable, "redisLimiter() onUnavailable", ["fail", "local"]);
  assertFunction(options.onWarning, "redisLimiter() onWarning");
  assertPositiveInteger(options.connectTimeoutMs, "redisLimiter() connectTimeoutMs", 600_000);
  assertPositiveInteger(options.commandTimeoutMs, "redisLimiter() commandTimeoutMs", 600_000);
  assertPositiveInteger(options.maxWaitMs, "redisLimiter() maxWaitMs", 86_400_000);
  assertPositiveInteger(options.minCredits, "redisLimiter() minCredits");
  assertOneOf(options.whenCreditsLow, "redisLimiter() whenCreditsLow", ["fail", "wait"]);
  assertPositiveInteger(options.creditsRecheckMs, "redisLimiter() creditsRecheckMs", 86_400_000, 100);
  assertFunction(options.onCredits, "redisLimiter() onCredits");
  const port = url.port || "6379";
  return {
    url: options.url,
    where: `${url.hostname}:${port}`,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    maxConcurrency: options.maxConcurrency,
    key: options.key,
    prefix: options.prefix ?? "zohokit",
    leaseMs: options.leaseMs ?? 30_000,
    onUnavailable: options.onUnavailable ?? "fail",
    onWarning: options.onWarning ?? defaultWarning,
    connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 1_000,
    maxWaitMs: options.maxWaitMs ?? 300_000,
    minCredits: options.minCredits,
    whenCreditsLow: options.whenCreditsLow ?? "fail",
    creditsRecheckMs: options.creditsRecheckMs ?? 300_000,
    onCredits: options.onCredits,
  };
}
