import type { RetryOptions } from "./options.js";

/**
 * What a call does when applied again:
 * - "read": nothing (GET, COQL's POST).
 * - "write": the same as once (update, delete, upsert, link, tag): safe to repeat after an attempt whose fate is
 *   unknown, although Zoho may run workflows again.
 * - "create": adds something each time (create, convert, note, upload): never repeated after an attempt that may
 *   have reached Zoho, unless the caller opts in.
 */
export type Effect = "read" | "write" | "create";

/** The effect a call has when it does not say: by its HTTP method. */
export function effectOf(method: string): Effect {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return "read";
  if (method === "POST") return "create";
  return "write";
}

/** Whether a call may be sent again after an attempt that may already have been applied. */
export function safeToRepeat(effect: Effect): boolean {
  return effect !== "create";
}

/** Statuses worth another attempt: rate limits and transient server or gateway failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Redirects: the gateway never sends one, so any is an error and none is followed. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([300, 301, 302, 303, 307, 308]);

/** Network error codes that prove the request never reached the server: any call may be sent again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Failures of fetch itself that no retry can cure, all before anything is sent: a port fetch refuses to use, a
 * scheme it cannot speak, a URL it cannot parse. Matched against the error's code or, for undici, its message.
 */
export const NEVER_SENDABLE: ReadonlySet<string> = new Set([
  "bad port",
  "unknown scheme",
  "ERR_INVALID_URL",
  "ERR_INVALID_ARG_VALUE",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_INVALID_CHAR",
  "ERR_UNESCAPED_CHARACTERS",
  "UND_ERR_INVALID_ARG",
]);

/** The code or message of each error along a fetch failure's cause chain (Node puts the socket's on `cause`). */
function* causes(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    yield current as { code?: unknown; message?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whether a fetch failure proves the request never reached the server (it may get through on a retry). */
export function provesNotSent(error: unknown): boolean {
  for (const { code } of causes(error)) if (typeof code === "string") return NOT_SENT_CODES.has(code);
  return false;
}

/** Whether a fetch failure can never succeed, however often retried; nothing was sent. */
export function neverSendable(error: unknown): boolean {
  for (const { code, message } of causes(error)) {
    if (typeof code === "string" && NEVER_SENDABLE.has(code)) return true;
    if (typeof message === "string" && NEVER_SENDABLE.has(message)) return true;
  }
  return false;
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

const DELAY_SECONDS = /^\d{1,9}(\.\d{1,6})?$/;
/** IMF-fixdate, the HTTP date format servers must send: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The wait a Retry-After header asks for, in ms, capped at `maxMs`: a positive number of seconds (digits, an
 * optional decimal fraction) or an HTTP date in the future. Anything else (0, negative, hex, a past date, an
 * unparsable text) is ignored, and the client's own back-off applies.
 */
export function retryAfterMs(value: string | null, maxMs: number, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let ms: number;
  if (DELAY_SECONDS.test(text)) ms = Number(text) * 1000;
  else if (HTTP_DATE.test(text)) ms = Date.parse(text) - now;
  else return undefined;
  if (!(ms > 0)) return undefined;
  return Math.min(Math.ceil(ms), maxMs);
}
