import { ApiError, ErrorCodes } from "./errors.js";
import { Limiter, sleep } from "./limiter.js";
import type { ResolvedOptions } from "./options.js";
import { type Redactor, redactError } from "./redact.js";
import { PlainRequest } from "./request.js";
import { ReadResponse } from "./responses.js";
import {
  backoffDelay,
  isIdempotentMethod,
  provesNotSent,
  RETRYABLE_STATUSES,
  retryAfterMs,
} from "./retry.js";
import { linkSignals, untilAborted } from "./signals.js";

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

const SNIPPET_LENGTH = 200;

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

class AttemptTimeout extends Error {}

type Attempt =
  | { kind: "response"; response: ReadResponse }
  | { kind: "retry-status"; response: ReadResponse }
  | { kind: "failure"; error: ApiError; retryable: boolean };

function describeBody(text: string, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0] : "no content type";
  if (text.length === 0) return `an empty body (${kind})`;
  const snippet = text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
  return `${text.length} characters of ${kind}: ${JSON.stringify(snippet)}`;
}

/** The most specific words a failed fetch carries: Node puts the socket error ("connect ECONNREFUSED ...") on cause. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return String(error);
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

  async function attemptOnce(
    url: string,
    init: RequestInit,
    callerSignal: AbortSignal | undefined,
    safe: boolean,
    pathOf: () => string,
  ): Promise<Attempt> {
    const method = init.method!;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(callerSignal!.reason);
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
    const fail = (
      code: string,
      message: string,
      retryable: boolean,
      cause?: unknown,
      status = 0,
    ): Attempt => ({
      kind: "failure",
      retryable,
      error: new ApiError({
        status,
        code,
        message: redact(message),
        method,
        path: pathOf(),
        cause: redactError(cause, redact),
      }),
    });
    let answered: Response | undefined;
    try {
      const sent = { ...init, signal: controller.signal };
      // The runtime's fetch stops on abort by itself; a custom one may not, so its answers race the signal.
      const guard = options.nativeFetch
        ? <T>(promise: Promise<T>) => promise
        : <T>(promise: Promise<T>) => untilAborted(promise, controller.signal);
      const response = await guard(
        options.nativeFetch ? globalThis.fetch(url, sent) : options.fetch(new Request(url, sent)),
      );
      if (response.status === 204) return { kind: "response", response: new ReadResponse(response, "") };
      answered = response;
      // Every body is read here, error bodies too: under this attempt's timeout, and a connection lost while
      // reading it becomes an ApiError rather than a bare TypeError thrown later by openapi-fetch.
      const text = await guard(response.text()).catch((error: unknown) => {
        // A 429 was not applied whatever became of its body: it stays a rate limit to wait out.
        if (response.status === 429 && !callerSignal?.aborted) return "";
        throw error;
      });
      if (!response.ok) {
        // Error bodies may echo the request's credentials; they reach callers of `raw` as they are, so redact here.
        const buffered = new ReadResponse(response, redact(text));
        return RETRYABLE_STATUSES.has(response.status)
          ? { kind: "retry-status", response: buffered }
          : { kind: "response", response: buffered };
      }
      const contentType = response.headers.get("content-type");
      if (text.trim().length === 0) {
        if (!contentType?.includes("json"))
          return { kind: "response", response: new ReadResponse(response, "") };
        return invalidBody(text, contentType, response.status);
      }
      try {
        return { kind: "response", response: new ReadResponse(response, text, { value: JSON.parse(text) }) };
      } catch {
        return invalidBody(text, contentType, response.status);
      }
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      const timedOut = controller.signal.reason instanceof AttemptTimeout;
      const notSent = !timedOut && provesNotSent(error);
      if (!timedOut && !(error instanceof TypeError) && !notSent) throw error;
      const length = answered?.headers.get("content-length");
      const partly = answered
        ? ` after the headers of a ${answered.status} answer (${answered.headers.get("content-type") ?? "no content type"}` +
          `${length ? `, ${length} bytes announced` : ""}) arrived, before its whole body arrived`
        : "";
      const what = timedOut
        ? `no complete answer within ${timeoutMs} ms${partly}`
        : `the connection failed${partly} (${describeNetworkError(error)})`;
      if (safe || notSent) {
        return fail(
          timedOut ? ErrorCodes.TIMEOUT : ErrorCodes.NETWORK_ERROR,
          `${method} ${pathOf()}: ${what}.`,
          true,
          error,
        );
      }
      return fail(
        ErrorCodes.AMBIGUOUS,
        `${method} ${pathOf()}: ${what} after sending, so it may or may not have been applied. It was not sent ` +
          "again, to avoid applying it twice: check the records before retrying.",
        false,
        error,
      );
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }

    function invalidBody(text: string, contentType: string | null, status: number): Attempt {
      // Redacted before the snippet is cut, so a secret the answer echoes is never left half visible.
      const received = describeBody(redact(text), contentType);
      if (safe) {
        return fail(
          ErrorCodes.INVALID_RESPONSE,
          `${method} ${pathOf()}: expected a JSON body but received ${received}.`,
          true,
          undefined,
          status,
        );
      }
      return fail(
        ErrorCodes.AMBIGUOUS,
        `${method} ${pathOf()}: the server answered ${status} with ${received} instead of JSON, so the outcome of ` +
          "this request is unknown; check the records before retrying.",
        false,
        undefined,
        status,
      );
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
    const init = request instanceof PlainRequest ? request.init : await initOf(request);
    const { signal, unlink } = linkSignals([request.signal ?? undefined, options.signal]);
    // Set once an attempt may have been applied although it is repeated (anything but a 429 or a refused connection).
    let uncertain = false;
    const settle = (response: ReadResponse) => {
      response.repeated = uncertain;
      response.request = { method, url };
      return response;
    };
    try {
      for (let attempt = 0; ; attempt++) {
        const release = await limiter.acquire(signal);
        const canRetry = attempt < retry.retries;
        let outcome: Attempt;
        let rateLimitDelay: number | undefined;
        try {
          outcome = await attemptOnce(url, init, signal, safe, pathOf);
          if (outcome.kind === "retry-status" && outcome.response.status === 429 && canRetry) {
            // Pause before freeing the slot, so no queued request slips out during the pause.
            rateLimitDelay =
              retryAfterMs(outcome.response.headers, retry.maxDelayMs) ?? backoffDelay(attempt, retry);
            limiter.pause(rateLimitDelay);
          }
        } finally {
          release();
        }
        if (outcome.kind === "response") return settle(outcome.response);
        if (outcome.kind === "failure") {
          if (!outcome.retryable || !canRetry) throw outcome.error;
          if (!provesNotSent(outcome.error.cause)) uncertain = true;
          const delayMs = backoffDelay(attempt, retry);
          hooks.onRetry?.({
            method,
            path: pathOf(),
            attempt: attempt + 1,
            delayMs,
            reason: outcome.error.code,
          });
          await sleep(delayMs, signal);
          continue;
        }
        const { response } = outcome;
        const rateLimited = response.status === 429;
        // A 5xx on a request that is not safe to repeat may already have been applied: hand it back as is.
        if (!canRetry || !(rateLimited || safe)) return settle(response);
        if (!rateLimited) uncertain = true;
        await response.body?.cancel().catch(() => {});
        const delayMs =
          rateLimitDelay ?? retryAfterMs(response.headers, retry.maxDelayMs) ?? backoffDelay(attempt, retry);
        hooks.onRetry?.({
          method,
          path: pathOf(),
          attempt: attempt + 1,
          delayMs,
          reason: `HTTP ${response.status}`,
        });
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
