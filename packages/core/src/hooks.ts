/**
 * Observers of what the client does, as Octokit users expect. Events name the method and the path (no query
 * string: its values may hold customer data such as criteria or emails), with every secret redacted. Hooks are
 * called without being awaited; one that throws or rejects is ignored and never breaks the call.
 */
export interface RequestEvent {
  method: string;
  /** The URL path, e.g. /crm/v8/Leads/search; no query string. */
  path: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

export interface ResponseEvent extends RequestEvent {
  /** The HTTP status; 0 when no answer arrived (a network error, a timeout). */
  status: number;
  /** From sending to the whole body read (or to the headers, for streamed downloads). */
  durationMs: number;
  /** Zoho's or zohokit's error code when the attempt failed. */
  code?: string;
}

export interface RetryEvent extends RequestEvent {
  /** The wait before the next attempt. */
  delayMs: number;
  /** Why: "HTTP 503", "TIMEOUT", "NETWORK_ERROR", ... */
  reason: string;
}

export interface RateLimitEvent extends RequestEvent {
  /** How long every request of this limiter now waits. */
  delayMs: number;
  /** Whether the delay came from the server's Retry-After header (otherwise: the client's back-off). */
  fromRetryAfter: boolean;
  /** Whether the call is retried after the pause (false when retries are off or used up). */
  willRetry: boolean;
}

export interface FallbackEvent {
  /** What fell back: "records.export". */
  operation: string;
  module: string;
  /** Zoho's refusal that caused it, e.g. OAUTH_SCOPE_MISMATCH (the connection lacks ZohoCRM.coql.READ). */
  code: string;
  /** What is used instead: "records.iterate". */
  fallback: string;
}

export interface ClientHooks {
  /** Before each attempt is sent (after the limiter granted a slot). */
  onRequest?: (event: RequestEvent) => unknown;
  /** After each attempt: its status, or the failure that ended it. */
  onResponse?: (event: ResponseEvent) => unknown;
  /** Before waiting to retry an attempt. */
  onRetry?: (event: RetryEvent) => unknown;
  /** When a 429 pauses the limiter. */
  onRateLimit?: (event: RateLimitEvent) => unknown;
  /** When a helper cannot use its fast path and uses a slower one (records.export without COQL). */
  onFallback?: (event: FallbackEvent) => unknown;
}

/** Calls a hook, never letting it throw or reject into the call. */
export function notify<E>(hook: ((event: E) => unknown) | undefined, event: E): void {
  if (!hook) return;
  try {
    const result = hook(event) as unknown;
    if (result && typeof (result as Promise<void>).then === "function") {
      (result as Promise<void>).then(undefined, () => {});
    }
  } catch {
    // A broken observer must not break the call it observes.
  }
}
