import { ApiError, ErrorCodes } from "./errors.js";
import { Limiter, sleep } from "./limiter.js";
import type { ResolvedOptions } from "./options.js";
import type { Redactor } from "./redact.js";
import {
  backoffDelay,
  isIdempotentMethod,
  provesNotSent,
  RETRYABLE_STATUSES,
  retryAfterMs,
} from "./retry.js";

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

class AttemptTimeout extends Error {}

type Attempt =
  | { kind: "response"; response: Response }
  | { kind: "retry-status"; response: Response }
  | { kind: "failure"; error: ApiError; retryable: boolean };

function describeBody(text: string, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0] : "no content type";
  if (text.length === 0) return `an empty body (${kind})`;
  const snippet = text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
  return `${text.length} characters of ${kind}: ${JSON.stringify(snippet)}`;
}

/** A response whose JSON body was already read and parsed once; openapi-fetch takes the parsed value as is. */
function parsedResponse(source: Response, text: string, value: unknown): Response {
  const headers = new Headers(source.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(text.length));
  const response = new Response(null, { status: source.status, statusText: source.statusText, headers });
  Object.defineProperties(response, {
    json: { value: () => Promise.resolve(value) },
    text: { value: () => Promise.resolve(text) },
  });
  return response;
}

function emptyResponse(source: Response): Response {
  const headers = new Headers(source.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", "0");
  return new Response(null, { status: source.status, statusText: source.statusText, headers });
}

/** Combines the per-call and per-client signals without leaking listeners. */
function linkSignals(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  unlink: () => void;
} {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return { signal: present[0]!, unlink: () => {} };
  const controller = new AbortController();
  const abort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", abort, { once: true });
  }
  return {
    signal: controller.signal,
    unlink: () => {
      for (const signal of present) signal.removeEventListener("abort", abort);
    },
  };
}

export function createTransport(
  options: ResolvedOptions,
  redact: Redactor,
  hooks: TransportHooks = {},
): Transport {
  const limiter = new Limiter(options.maxConcurrency);
  const { retry, timeoutMs } = options;

  async function attemptOnce(
    request: Request,
    body: ArrayBuffer | undefined,
    callerSignal: AbortSignal,
    safe: boolean,
    path: string,
  ): Promise<Attempt> {
    const method = request.method;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(callerSignal.reason);
    callerSignal.addEventListener("abort", onCallerAbort, { once: true });
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
      error: new ApiError({ status, code, message: redact(message), method, path, cause }),
    });
    try {
      const response = await options.fetch(
        new Request(request.url, {
          method,
          headers: request.headers,
          body: body ?? null,
          signal: controller.signal,
          redirect: request.redirect,
        }),
      );
      if (RETRYABLE_STATUSES.has(response.status)) return { kind: "retry-status", response };
      if (!response.ok) return { kind: "response", response };
      if (response.status === 204) return { kind: "response", response: emptyResponse(response) };
      const text = await response.text();
      const contentType = response.headers.get("content-type");
      if (text.trim().length === 0) {
        if (!contentType?.includes("json")) return { kind: "response", response: emptyResponse(response) };
        return invalidBody(text, contentType, response.status);
      }
      try {
        return { kind: "response", response: parsedResponse(response, text, JSON.parse(text)) };
      } catch {
        return invalidBody(text, contentType, response.status);
      }
    } catch (error) {
      if (callerSignal.aborted) throw callerSignal.reason;
      const timedOut = controller.signal.reason instanceof AttemptTimeout;
      const notSent = !timedOut && provesNotSent(error);
      if (!timedOut && !(error instanceof TypeError) && !notSent) throw error;
      const what = timedOut
        ? `no complete answer within ${timeoutMs} ms`
        : `the connection failed (${String(error)})`;
      if (safe || notSent) {
        return fail(
          timedOut ? ErrorCodes.TIMEOUT : ErrorCodes.NETWORK_ERROR,
          `${method} ${path}: ${what}.`,
          true,
          error,
        );
      }
      return fail(
        ErrorCodes.AMBIGUOUS,
        `${method} ${path}: ${what} after the request was sent, so it may or may not have been applied. ` +
          "It was not sent again because repeating it could apply it twice; check the records before retrying.",
        false,
        error,
      );
    } finally {
      clearTimeout(timer);
      callerSignal.removeEventListener("abort", onCallerAbort);
    }

    function invalidBody(text: string, contentType: string | null, status: number): Attempt {
      const received = describeBody(text, contentType);
      if (safe) {
        return fail(
          ErrorCodes.INVALID_RESPONSE,
          `${method} ${path}: expected a JSON body but received ${received}.`,
          true,
          undefined,
          status,
        );
      }
      return fail(
        ErrorCodes.AMBIGUOUS,
        `${method} ${path}: the server answered ${status} with ${received} instead of JSON, so the outcome of ` +
          "this request is unknown; check the records before retrying.",
        false,
        undefined,
        status,
      );
    }
  }

  async function send(request: Request, idempotent: boolean): Promise<Response> {
    const method = request.method;
    const path = redact(new URL(request.url).pathname);
    const safe = idempotent || isIdempotentMethod(method);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const { signal, unlink } = linkSignals([request.signal, options.signal]);
    try {
      for (let attempt = 0; ; attempt++) {
        const release = await limiter.acquire(signal);
        const canRetry = attempt < retry.retries;
        let outcome: Attempt;
        let rateLimitDelay: number | undefined;
        try {
          outcome = await attemptOnce(request, body, signal, safe, path);
          if (outcome.kind === "retry-status" && outcome.response.status === 429 && canRetry) {
            // Pause before freeing the slot, so no queued request slips out during the pause.
            rateLimitDelay =
              retryAfterMs(outcome.response.headers, retry.maxDelayMs) ?? backoffDelay(attempt, retry);
            limiter.pause(rateLimitDelay);
          }
        } finally {
          release();
        }
        if (outcome.kind === "response") return outcome.response;
        if (outcome.kind === "failure") {
          if (!outcome.retryable || !canRetry) throw outcome.error;
          const delayMs = backoffDelay(attempt, retry);
          hooks.onRetry?.({ method, path, attempt: attempt + 1, delayMs, reason: outcome.error.code });
          await sleep(delayMs, signal);
          continue;
        }
        const { response } = outcome;
        const rateLimited = response.status === 429;
        // A 5xx on a request that is not safe to repeat may already have been applied: hand it back as is.
        if (!canRetry || !(rateLimited || safe)) return response;
        await response.body?.cancel().catch(() => {});
        const delayMs =
          rateLimitDelay ?? retryAfterMs(response.headers, retry.maxDelayMs) ?? backoffDelay(attempt, retry);
        hooks.onRetry?.({ method, path, attempt: attempt + 1, delayMs, reason: `HTTP ${response.status}` });
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
