import type { RetryOptions } from "./options.js";

/** Statuses worth another attempt: rate limits and transient server or gateway failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Network error codes that prove the request never reached the server, so any method may be sent again. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

/** Methods that give the same result when repeated. POST upserts are marked idempotent by their caller. */
export function isIdempotentMethod(method: string): boolean {
  return /^(GET|HEAD|PUT|DELETE|OPTIONS)$/.test(method);
}

/** Exponential back-off with full jitter: a random delay in [0, min(max, base * 2^attempt)]. */
export function backoffDelay(
  attempt: number,
  retry: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** The delay a Retry-After header asks for (seconds or an HTTP date), capped at `maxMs`. */
export function retryAfterMs(headers: Headers, maxMs: number, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), maxMs);
}

/** Whether a fetch failure's code (Node puts it on `cause`) proves the request never reached the server. */
export function provesNotSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return NOT_SENT_CODES.has(code);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
