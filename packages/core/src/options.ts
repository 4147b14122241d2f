import { type Auth, type TokenSource, tokenSourceOf } from "./auth/oauth.js";
import { ZohoKitError } from "./errors.js";
import type { ClientHooks } from "./hooks.js";
import type { RateLimiter } from "./limiter.js";
import { assertPositiveInteger } from "./validate.js";

export interface RetryOptions {
  /** Further attempts after the first; default 4. */
  retries?: number;
  /** First back-off delay; default 500 ms. Doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  /** Largest single delay, also the cap on a server's Retry-After; default 30,000 ms. */
  maxDelayMs?: number;
}

/** Options shared by every zohokit client. */
export interface ClientOptions {
  /**
   * The Maton API key. Default: `process.env.MATON_API_KEY`. Whitespace around it (a `.env` line, a paste) is
   * trimmed; a key shorter than 8 characters, or with a character an HTTP header cannot carry, is refused.
   */
  apiKey?: string;
  /** A Maton connection id (UUID), sent as the Maton-Connection header. Default: the app's oldest active one. */
  connection?: string;
  /** Default: the gateway URL of the client's app. */
  baseUrl?: string;
  /** Custom transport (tests, proxies): any `fetch`, called with a Request. Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Requests in flight at once; default 5 (the concurrency limit of Zoho's smallest edition). Clients of the same
   * gateway, key and connection in one process also share one limit (the largest any asked for) and one
   * rate-limit pause, so together they stay within the org's limit.
   */
  maxConcurrency?: number;
  /** Retries of rate-limited and failed requests that are safe to repeat; `false` turns them off. */
  retry?: false | RetryOptions;
  /** Time limit per HTTP attempt, body included; default 60,000 ms. */
  timeoutMs?: number;
  /** Largest answer read into memory; default 64 MiB. A larger one fails with RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number;
  /** Aborts every request of this client. A per-call signal can be given too. */
  signal?: AbortSignal;
  /** Observers of requests, answers, retries and rate limits (redacted; a hook that throws is ignored). */
  hooks?: ClientHooks;
  /**
   * Where the client takes its concurrency slots and honours rate-limit pauses: another process-wide or
   * cross-process limiter (e.g. @zohokit/redis). Default: the in-process limiter shared by same-key clients.
   */
  limiter?: RateLimiter;
  /**
   * Direct Zoho OAuth instead of Maton: `zohoOAuth({ clientId, clientSecret, refreshToken, dataCenter })`, or
   * `{ accessToken }` for a token you manage. Then apiKey, connection and baseUrl do not apply.
   */
  auth?: Auth;
}

export interface ResolvedOptions {
  /** The Maton key; undefined with `auth`. */
  apiKey: string | undefined;
  /** The token source of `auth`, when given. */
  auth: TokenSource | undefined;
  connection: string | undefined;
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  /** True when `fetch` is the runtime's own, which honours abort signals and redirect: "manual". */
  nativeFetch: boolean;
  maxConcurrency: number;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  hooks: ClientHooks;
  limiter: RateLimiter | undefined;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
});
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_CONCURRENCY = 5;
/** A 200-record page of 50 large fields is a few MB; COQL's 2,000 rows about ten times that. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Shorter keys are refused: they could not be told apart from ordinary text when redacting. */
export const MIN_API_KEY_LENGTH = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Refuses a connection id that is not a UUID, saying only how long it is: connection ids are kept secret. */
export function assertConnectionId(value: unknown, what = "connection"): asserts value is string {
  if (typeof value !== "string" || !UUID.test(value)) {
    const got =
      typeof value !== "string"
        ? value === null
          ? "null"
          : typeof value
        : value
          ? `a string of ${value.length} characters`
          : "an empty string";
    throw new ZohoKitError(
      `${what} must be a Maton connection id (a UUID; createMatonClient().connections.list() lists them); got ${got}.`,
    );
  }
}

const KEY_HELP = "set MATON_API_KEY or pass { apiKey } to the client (keys: https://maton.ai/settings)";

function describeChar(code: number): string {
  if (code < 0x20 || code === 0x7f) return "a control character";
  if (code === 0x20) return "a space";
  return "a character outside printable ASCII";
}

/**
 * The key exactly as it will be sent: trimmed, at least MIN_API_KEY_LENGTH characters of printable ASCII (what
 * an HTTP header can carry unchanged). Errors say where the problem is, never what the key is.
 */
export function apiKeyToSend(value: unknown): string {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    throw new ZohoKitError(`No Maton API key: ${KEY_HELP}.`);
  }
  if (typeof value !== "string")
    throw new ZohoKitError(`The Maton API key must be a string; got ${typeof value}.`);
  const key = value.trim();
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      throw new ZohoKitError(
        `The Maton API key has ${describeChar(code)} at position ${i + 1} of ${key.length}, which an HTTP header ` +
          "cannot carry: check how it was set (quotes, a copy from a formatted page, a line break inside it).",
      );
    }
  }
  if (key.length < MIN_API_KEY_LENGTH) {
    throw new ZohoKitError(
      `The Maton API key is ${key.length} characters long; Maton keys are longer (at least ${MIN_API_KEY_LENGTH} ` +
        `are required): ${KEY_HELP}.`,
    );
  }
  return key;
}

function positiveInteger(value: number | undefined, name: string, fallback: number, min?: number): number {
  assertPositiveInteger(value, name, undefined, min);
  return value ?? fallback;
}

function checkHooks(hooks: unknown): ClientHooks {
  if (hooks === undefined) return {};
  if (typeof hooks !== "object" || hooks === null) throw new ZohoKitError("options.hooks must be an object.");
  for (const [name, hook] of Object.entries(hooks)) {
    if (!["onRequest", "onResponse", "onRetry", "onRateLimit", "onFallback"].includes(name)) {
      throw new ZohoKitError(
        `options.hooks.${name} is not a hook: use onRequest, onResponse, onRetry, onRateLimit or onFallback.`,
      );
    }
    if (hook !== undefined && typeof hook !== "function") {
      throw new ZohoKitError(`options.hooks.${name} must be a function.`);
    }
  }
  return hooks as ClientHooks;
}

function checkLimiter(limiter: unknown): RateLimiter | undefined {
  if (limiter === undefined) return undefined;
  const candidate = limiter as Partial<RateLimiter> | null;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.acquire !== "function" ||
    typeof candidate.pause !== "function"
  ) {
    throw new ZohoKitError("options.limiter must have acquire() and pause() (see RateLimiter).");
  }
  return candidate as RateLimiter;
}

export function resolveOptions(options: ClientOptions, defaultBaseUrl: string): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new ZohoKitError("The client's options must be an object, e.g. { apiKey, connection }.");
  }
  // Read through globalThis: there is no `process` in browsers.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const auth = options.auth === undefined ? undefined : tokenSourceOf(options.auth);
  if (auth) {
    for (const maton of ["apiKey", "connection", "baseUrl"] as const) {
      if (options[maton] !== undefined) {
        throw new ZohoKitError(
          `options.${maton} is for the Maton gateway and does not apply with options.auth (direct Zoho OAuth)` +
            (maton === "baseUrl" ? ": give apiUrl to zohoOAuth() or to { accessToken } instead." : "."),
        );
      }
    }
  }
  const apiKey = auth ? undefined : apiKeyToSend(options.apiKey ?? env?.MATON_API_KEY);
  if (options.connection !== undefined) assertConnectionId(options.connection, "options.connection");
  const baseUrl = (auth ? auth.apiUrl : (options.baseUrl ?? defaultBaseUrl)).replace(/\/+$/, "");
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username) {
    throw new ZohoKitError(
      `options.baseUrl must be an http(s) URL without query, fragment or credentials; got ${JSON.stringify(baseUrl.slice(0, 100))}.`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new ZohoKitError("options.fetch must be a function taking a Request.");
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new ZohoKitError("No fetch implementation: use Node 20+ or pass { fetch } to the client.");
  }
  // Called through globalThis so runtimes that require `this === globalThis` accept it.
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retry = { ...DEFAULT_RETRY };
  if (options.retry === false) retry.retries = 0;
  else {
    if (options.retry !== undefined && (typeof options.retry !== "object" || options.retry === null)) {
      throw new ZohoKitError("options.retry must be false or { retries?, baseDelayMs?, maxDelayMs? }.");
    }
    for (const key of Object.keys(retry) as (keyof RetryOptions)[]) {
      retry[key] = positiveInteger(options.retry?.[key], `retry.${key}`, retry[key], 0);
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ZohoKitError("options.signal must be an AbortSignal.");
  }
  return {
    apiKey,
    auth,
    connection: options.connection,
    baseUrl,
    fetch: fetchImpl,
    nativeFetch: options.fetch === undefined,
    maxConcurrency: positiveInteger(options.maxConcurrency, "maxConcurrency", DEFAULT_MAX_CONCURRENCY),
    retry,
    timeoutMs: positiveInteger(options.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS),
    maxResponseBytes: positiveInteger(
      options.maxResponseBytes,
      "maxResponseBytes",
      DEFAULT_MAX_RESPONSE_BYTES,
      1024,
    ),
    signal: options.signal,
    hooks: checkHooks(options.hooks),
    limiter: checkLimiter(options.limiter),
  };
}
