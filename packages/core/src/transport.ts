import { type Answer, AttemptFailure, attempt, type Exchange, parseAnswer } from "./attempt.js";
import { createDeadlines } from "./deadlines.js";
import { type Hint, httpError } from "./error-body.js";
import { ApiError, abortedError } from "./errors.js";
import { notify } from "./hooks.js";
import { type RateLimiter, sleep } from "./limiter.js";
import type { ResolvedOptions } from "./options.js";
import type { Redactor } from "./redact.js";
import { backoffDelay, type Effect, RETRYABLE_STATUSES, retryAfterMs, safeToRepeat } from "./retry-policy.js";
import { linkSignals } from "./signals.js";

/** What a request whose outcome is unknown tells the user to do; shared by every message about one. */
export const UNKNOWN_OUTCOME =
  "may or may not have been applied, so it was not sent again; check the records before retrying";

/** The same, for a call that is safe to repeat and was repeated until the retries ran out. */
const RETRIES_USED_UP = "may or may not have been applied; check the records before retrying";

/** A prepared exchange and what the transport must know of it. */
export interface Sendable extends Exchange {
  effect: Effect;
  /** Send again after an attempt that may have been applied, although the effect is "create" (opted in). */
  repeatUnsafe?: boolean;
  signal?: AbortSignal;
  /** Statuses handed back as answers instead of thrown (a write's 400 carries per-item results). */
  accept?: (status: number) => boolean;
  /** The client's redactor plus the call's own secrets, when it has any. */
  redact?: Redactor;
}

/** An answer the transport is done with. */
export interface Delivered extends Answer {
  /** Parsed JSON of a 2xx (and of an accepted error answer); undefined for 204 and empty bodies. */
  body: unknown;
  /** True when an earlier attempt may have been applied before this answer (a 5xx, a lost connection). */
  repeated: boolean;
  attempts: number;
}

export interface Transport {
  send(exchange: Sendable): Promise<Delivered>;
  readonly limiter: RateLimiter;
  readonly redact: Redactor;
}

function errorOf(
  failure: AttemptFailure,
  exchange: Sendable,
  redact: Redactor,
  uncertain: boolean,
  repeatable: boolean,
): ApiError {
  const { method, path, effect } = exchange;
  // Anything but a read whose attempts may have been applied: its fate is unknown.
  // A 2xx whose body could not be used was applied all the same.
  const applied = failure.status >= 200 && failure.status < 300;
  const ambiguous =
    effect !== "read" && (failure.when === "sent" || applied || (uncertain && failure.when !== "never"));
  const code = ambiguous ? "AMBIGUOUS" : failure.code;
  const tail = ambiguous ? `: the request ${repeatable ? RETRIES_USED_UP : UNKNOWN_OUTCOME}` : "";
  return new ApiError({
    status: failure.status,
    code,
    message: redact(`${method} ${path}: ${failure.what}${tail}.`),
    details: ambiguous ? { serverCode: failure.code } : {},
    method,
    path,
    cause: redact(failure.cause),
  });
}

const CREDITS = "x-api-credits-remaining";

/** A 2xx answer with its JSON parsed, or the AttemptFailure of one that is not JSON (retried like any). */
function parsed(answer: Answer, redact: Redactor): (Answer & { body?: unknown }) | AttemptFailure {
  const { status } = answer;
  if (status < 200 || status >= 300 || status === 204 || answer.stream) return answer;
  try {
    return { ...answer, body: parseAnswer(answer, redact) };
  } catch (failure) {
    if (failure instanceof AttemptFailure) return failure;
    throw failure;
  }
}

/**
 * The one request path of every zohokit call: a slot from the limiter, one attempt at a time under a deadline,
 * retries of what is safe to repeat with back-off (a 429 pauses every request of the limiter), hooks, redaction,
 * and one mapping of failures to ApiErrors. A call that is not a read is never reported as failed when an attempt
 * may have been applied: it is AMBIGUOUS.
 */
export function createTransport(
  options: ResolvedOptions,
  clientRedact: Redactor,
  limiter: RateLimiter,
  hint?: Hint,
): Transport {
  const { retry, hooks } = options;
  const clientContext = {
    fetch: options.fetch,
    native: options.nativeFetch,
    redact: clientRedact,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    watchDeadline: createDeadlines(options.timeoutMs),
  };

  async function send(exchange: Sendable): Promise<Delivered> {
    const { method, path } = exchange;
    const redact = exchange.redact ?? clientRedact;
    const context = redact === clientRedact ? clientContext : { ...clientContext, redact };
    const safe = safeToRepeat(exchange.effect) || exchange.repeatUnsafe === true;
    const { signal, unlink } = linkSignals([exchange.signal, options.signal]);
    // Set once an attempt may have been applied although it is repeated (anything but a 429 or a refused connection).
    let uncertain = false;
    // Set while an attempt is out; left set when the attempt ends by the caller's abort.
    let inFlight = false;
    try {
      for (let attemptIndex = 0; ; attemptIndex++) {
        const attemptNo = attemptIndex + 1;
        const canRetry = attemptIndex < retry.retries;
        const release = await limiter.acquire(signal, { method, path });
        let outcome: (Answer & { body?: unknown }) | AttemptFailure;
        let delayMs: number | undefined;
        let retryAfter: number | undefined;
        try {
          notify(hooks.onRequest, { method, path, attempt: attemptNo });
          const started = performance.now();
          inFlight = true;
          outcome = await attempt(exchange, signal, context);
          inFlight = false;
          if (!(outcome instanceof AttemptFailure)) outcome = parsed(outcome, redact);
          notify(hooks.onResponse, {
            method,
            path,
            attempt: attemptNo,
            status: outcome.status,
            durationMs: performance.now() - started,
            ...(outcome instanceof AttemptFailure ? { code: outcome.code } : {}),
          });
          if (limiter.credits && !(outcome instanceof AttemptFailure)) {
            const credits = outcome.headers.get(CREDITS);
            if (credits !== null && /^\d{1,12}$/.test(credits)) limiter.credits(Number(credits));
          }
          if (outcome instanceof AttemptFailure) {
            const retriable = outcome.when === "unsent" || (outcome.when === "sent" && safe);
            if (!retriable || !canRetry) throw errorOf(outcome, exchange, redact, uncertain, safe);
            if (outcome.when === "sent") uncertain = true;
          } else {
            const { status } = outcome;
            const retryable = RETRYABLE_STATUSES.has(status) && (status === 429 || safe);
            if (status === 429 || retryable) {
              retryAfter = retryAfterMs(outcome.headers.get("retry-after"), retry.maxDelayMs);
            }
            if (status === 429) {
              delayMs = retryAfter ?? backoffDelay(attemptIndex, retry);
              // Pause before freeing the slot, so no queued request slips out during the pause.
              await limiter.pause(Date.now() + delayMs);
              notify(hooks.onRateLimit, {
                method,
                path,
                attempt: attemptNo,
                delayMs,
                fromRetryAfter: retryAfter !== undefined,
                willRetry: canRetry,
              });
            }
            if (!retryable || !canRetry)
              return deliver(outcome, exchange, uncertain, attemptNo, safe, redact);
            if (status !== 429) uncertain = true;
          }
        } finally {
          release();
        }
        delayMs ??= retryAfter ?? backoffDelay(attemptIndex, retry);
        const reason = outcome instanceof AttemptFailure ? outcome.code : `HTTP ${outcome.status}`;
        notify(hooks.onRetry, { method, path, attempt: attemptNo, delayMs, reason });
        await sleep(delayMs, signal);
      }
    } catch (error) {
      if (signal?.aborted && !(error instanceof ApiError && error.code === "ABORTED")) {
        const sent = inFlight || uncertain;
        throw redact(abortedError(method, path, signal.reason, { sent, read: exchange.effect === "read" }));
      }
      throw error;
    } finally {
      unlink();
    }
  }

  function deliver(
    answer: Answer & { body?: unknown },
    exchange: Sendable,
    uncertain: boolean,
    attempts: number,
    safe: boolean,
    redact: Redactor,
  ): Delivered {
    const { status } = answer;
    const { method, path, effect } = exchange;
    const ok = status >= 200 && status < 300;
    if (ok || status === 304 || exchange.accept?.(status)) {
      let body = answer.body;
      if (!ok && body === undefined && answer.text) {
        try {
          body = JSON.parse(answer.text);
        } catch {
          body = answer.text;
        }
      }
      return { ...answer, body, repeated: uncertain, attempts };
    }
    let parsed: unknown = answer.text;
    try {
      parsed = answer.text ? JSON.parse(answer.text) : undefined;
    } catch {
      // Not JSON: the text itself is quoted in the message.
    }
    const error = httpError(status, parsed, {
      method,
      path,
      redact,
      hint,
      attempts: { made: attempts, retries: retry.retries > 0 },
    });
    // A 5xx on a call that was not a read, or any error after an attempt that may have been applied.
    const unknownFate = effect !== "read" && status !== 429 && (status >= 500 || uncertain);
    if (!unknownFate) throw error;
    const outcome = safe
      ? RETRIES_USED_UP
      : `${UNKNOWN_OUTCOME}, or write with upsert, which is safe to repeat`;
    throw new ApiError({
      status,
      code: "AMBIGUOUS",
      details: { ...error.details, serverCode: error.code },
      method,
      path,
      message: `${error.message}. The request ${outcome}.`,
      cause: error,
    });
  }

  return { send, limiter, redact: clientRedact };
}
