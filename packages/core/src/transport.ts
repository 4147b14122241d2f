import { AttemptTimeout, createDeadlines } from "./deadlines.js";
import { ApiError } from "./errors.js";
import { quoteSnippet } from "./http-error.js";
import { Limiter, sleep } from "./limiter.js";
import type { ResolvedOptions } from "./options.js";
import type { Redactor } from "./redact.js";
import type { PlainRequest } from "./request.js";
import { ReadResponse } from "./responses.js";
import {
  backoffDelay,
  isIdempotentMethod,
  provesNotSent,
  RETRYABLE_STATUSES,
  retryAfterMs,
} from "./retry.js";
import { linkSignals, onAbort, untilAborted } from "./signals.js";

/** Called by openapi-fetch with the requests it builds: zohokit's PlainRequests, or Requests (tests, middleware). */
export type FetchLike = (request: Request) => Promise<Response>;

/** What happened on one attempt that will be retried; given to `onRetry` observers. */
export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface Transport {
  /** Retries only what the HTTP method says is safe to repeat. */
  fetch: FetchLike;
  /** For requests the caller knows to be idempotent (upserts) or has opted into repeating. */
  fetchIdempotent: FetchLike;
  readonly limiter: Limiter;
}

export interface TransportHooks {
  onRetry?: (event: RetryEvent) => void;
}

/** The method and URL of the request a response of the transport answers; undefined for any other response. */
export function requestOf(response: Response): { method: string; url: string } | undefined {
  return response instanceof ReadResponse ? response.request : undefined;
}

/**
 * Whether this response answered a repetition of a request whose earlier attempt may already have been applied
 * (a 5xx, a lost connection, a timeout or an unreadable answer; not a 429). A write's per-item errors in it may
 * then describe the state that earlier attempt left: a delete finds its record already gone.
 */
export function wasRepeated(response: Response): boolean {
  return response instanceof ReadResponse && response.repeated;
}

/** What a request whose outcome is unknown tells the user to do; shared by every message about one. */
export const UNKNOWN_OUTCOME =
  "may or may not have been applied, so it was not sent again; check the records before retrying";

function describeBody(text: string, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0] : "no content type";
  if (!text) return `an empty body (${kind})`;
  return `${text.length} characters of ${kind}: ${quoteSnippet(text)}`;
}

/** A Request's init, its body read once so that every attempt can send it. */
async function initOf(request: Request): Promise<RequestInit> {
  const init: RequestInit = { method: request.method, headers: request.headers, redirect: request.redirect };
  if (request.body !== null) init.body = await request.arrayBuffer();
  return init;
}

export function createTransport(
  options: ResolvedOptions,
  redact: Redactor,
  hooks: TransportHooks = {},
): Transport {
  const limiter = new Limiter(options.maxConcurrency);
  const { retry, timeoutMs } = options;
  const watchDeadline = createDeadlines(timeoutMs);

  /**
   * One attempt: its answer with the body read, or the ApiError of a failure worth retrying. A failure that must
   * not be retried (the request may have been applied) is thrown.
   */
  async function attemptOnce(
    url: string,
    init: RequestInit,
    callerSignal: AbortSignal | undefined,
    safe: boolean,
    pathOf: () => string,
  ): Promise<ReadResponse | ApiError> {
    const method = init.method!;
    const controller = new AbortController();
    const unlinkCaller = onAbort(callerSignal, () => controller.abort(callerSignal!.reason));
    const unwatch = watchDeadline(controller);
    const failure = (code: string, message: string, cause?: unknown, status = 0) =>
      new ApiError({
        status,
        code,
        message: redact(`${method} ${pathOf()}: ${message}.`),
        method,
        path: pathOf(),
        cause: redact(cause),
      });
    let answered: Response | undefined;
    try {
      const sent = { ...init, signal: controller.signal };
      // The runtime's fetch stops on abort by itself; a custom one may not, so its answers race the signal.
      const guard = <T>(promise: Promise<T>) =>
        options.nativeFetch ? promise : untilAborted(promise, controller.signal);
      const response = await guard(
        options.nativeFetch ? globalThis.fetch(url, sent) : options.fetch(new Request(url, sent)),
      );
      if (response.status === 204) return new ReadResponse(response, "");
      answered = response;
      // Every body is read here, error bodies too: under this attempt's timeout, and a connection lost while
      // reading it becomes an ApiError rather than a bare TypeError thrown later by openapi-fetch.
      const text = await guard(response.text()).catch((error: unknown) => {
        // A 429 was not applied whatever became of its body: it stays a rate limit to wait out.
        if (response.status === 429 && !callerSignal?.aborted) return "";
        throw error;
      });
      // Error bodies may echo the request's credentials; they reach callers of `raw` as they are, so redact here.
      if (!response.ok) return new ReadResponse(response, redact(text));
      const contentType = response.headers.get("content-type");
      if (!text.trim() && !contentType?.includes("json")) return new ReadResponse(response, "");
      try {
        return new ReadResponse(response, text, { value: JSON.parse(text) });
      } catch {
        // Redacted before the snippet is cut, so a secret the answer echoes is never left half visible.
        const received = describeBody(redact(text), contentType);
        if (safe) return failure("INVALID_RESPONSE", `expected JSON, received ${received}`);
        throw failure(
          "AMBIGUOUS",
          `answered ${response.status} with ${received} instead of JSON: the request ${UNKNOWN_OUTCOME}`,
          undefined,
          response.status,
        );
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (callerSignal?.aborted) throw callerSignal.reason;
      const timedOut = controller.signal.reason instanceof AttemptTimeout;
      const notSent = !timedOut && provesNotSent(error);
      if (!timedOut && !(error instanceof TypeError) && !notSent) throw error;
      const length = answered?.headers.get("content-length");
      const partly = answered
        ? ` after the headers of a ${answered.status} answer (${answered.headers.get("content-type") ?? "no content type"}` +
          `${length ? `, ${length} bytes announced` : ""}), before its whole body arrived`
        : "";
      const what = timedOut
        ? `no complete answer within ${timeoutMs} ms${partly}`
        : // The most specific words: Node puts the socket error ("connect ECONNREFUSED ...") on cause.
          `the connection failed${partly} (${(error as { cause?: { message?: string } }).cause?.message || error})`;
      if (safe || notSent) return failure(timedOut ? "TIMEOUT" : "NETWORK_ERROR", what, error);
      throw failure("AMBIGUOUS", `${what} after sending: it ${UNKNOWN_OUTCOME}`, error);
    } finally {
      unwatch();
      unlinkCaller();
    }
  }

  async function send(request: Request | PlainRequest, idempotent: boolean): Promise<Response> {
    const { method, url } = request;
    let path: string | undefined;
    const pathOf = () => {
      path ??= redact(new URL(url).pathname);
      return path;
    };
    const safe = idempotent || isIdempotentMethod(method);
    const init = "init" in request ? request.init : await initOf(request);
    const { signal, unlink } = linkSignals([request.signal ?? undefined, options.signal]);
    // Set once an attempt may have been applied although it is repeated (anything but a 429 or a refused connection).
    let uncertain = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const release = await limiter.acquire(signal);
        const canRetry = attempt < retry.retries;
        let outcome: ReadResponse | ApiError;
        let delayMs: number;
        try {
          outcome = await attemptOnce(url, init, signal, safe, pathOf);
          if (outcome instanceof ApiError) {
            if (!canRetry) throw outcome;
            if (!provesNotSent(outcome.cause)) uncertain = true;
          } else {
            const { status } = outcome;
            // A 5xx on a request that is not safe to repeat may already have been applied: hand it back as is.
            if (!RETRYABLE_STATUSES.has(status) || !canRetry || !(status === 429 || safe)) {
              outcome.repeated = uncertain;
              outcome.request = { method, url };
              return outcome;
            }
            if (status !== 429) uncertain = true;
          }
          delayMs =
            (outcome instanceof ApiError ? undefined : retryAfterMs(outcome.headers, retry.maxDelayMs)) ??
            backoffDelay(attempt, retry);
          // Pause before freeing the slot, so no queued request slips out during the pause.
          if (outcome.status === 429) limiter.pause(delayMs);
        } finally {
          release();
        }
        const reason = outcome instanceof ApiError ? outcome.code : `HTTP ${outcome.status}`;
        hooks.onRetry?.({ method, path: pathOf(), attempt: attempt + 1, delayMs, reason });
        await sleep(delayMs, signal);
      }
    } finally {
      unlink();
    }
  }

  return {
    fetch: (request) => send(request, false),
    fetchIdempotent: (request) => send(request, true),
    limiter,
  };
}
