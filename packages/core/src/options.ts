import { ZohoKitError } from "./errors.js";
import { assertPositiveInteger } from "./records/validate.js";

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
  /** The Maton API key. Default: `process.env.MATON_API_KEY`. */
  apiKey?: string;
  /** A Maton connection id (UUID), sent as the Maton-Connection header. Default: the app's oldest active one. */
  connection?: string;
  /** Default: the gateway URL of the client's app. */
  baseUrl?: string;
  /** Custom transport (tests, proxies): any `fetch`, called with a Request. Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Requests in flight per client; default 5 (the concurrency limit of Zoho's smallest edition). */
  maxConcurrency?: number;
  /** Retries of rate-limited and failed requests that are safe to repeat; `false` turns them off. */
  retry?: false | RetryOptions;
  /** Time limit per HTTP attempt; default 60,000 ms. */
  timeoutMs?: number;
  /** Aborts every request of this client. A per-call signal can be given too. */
  signal?: AbortSignal;
}

export interface ResolvedOptions {
  apiKey: string;
  connection: string | undefined;
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  /** True when `fetch` is the runtime's own, which honours abort signals. */
  nativeFetch: boolean;
  maxConcurrency: number;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_CONCURRENCY = 5;

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

function positiveInteger(value: number | undefined, name: string, fallback: number, min?: number): number {
  assertPositiveInteger(value, name, undefined, min);
  return value ?? fallback;
}

export function resolveOptions(options: ClientOptions, defaultBaseUrl: string): ResolvedOptions {
  // Read through globalThis: there is no `process` in browsers.
  const apiKey =
    options.apiKey ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MATON_API_KEY;
  if (apiKey === undefined || apiKey.trim() === "") {
    throw new ZohoKitError(
      "No Maton API key: set MATON_API_KEY or pass { apiKey } to the client (keys: https://maton.ai/settings).",
    );
  }
  if (/[\r\n]/.test(apiKey))
    throw new ZohoKitError("The Maton API key contains a line break; check how it was set.");
  if (options.connection !== undefined) assertConnectionId(options.connection, "options.connection");
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new ZohoKitError(`options.baseUrl must be an http(s) URL; got "${baseUrl}".`);
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new ZohoKitError("No fetch implementation: use Node 20+ or pass { fetch } to the client.");
  }
  // Called through globalThis so runtimes that require `this === globalThis` accept it.
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retry = { ...DEFAULT_RETRY };
  if (options.retry === false) retry.retries = 0;
  else {
    for (const key of Object.keys(retry) as (keyof RetryOptions)[]) {
      retry[key] = positiveInteger(options.retry?.[key], `retry.${key}`, retry[key], 0);
    }
  }
  return {
    apiKey,
    connection: options.connection,
    baseUrl,
    fetch: fetchImpl,
    nativeFetch: options.fetch === undefined,
    maxConcurrency: positiveInteger(options.maxConcurrency, "maxConcurrency", DEFAULT_MAX_CONCURRENCY),
    retry,
    timeoutMs: positiveInteger(options.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS),
    signal: options.signal,
  };
}
