import { BodyTooLarge, readLimited } from "./body.js";
import { AttemptTimeout } from "./deadlines.js";
import { quoteSnippet } from "./error-body.js";
import type { Redactor } from "./redact.js";
import { neverSendable, provesNotSent, REDIRECT_STATUSES } from "./retry-policy.js";
import { onAbort, untilAborted } from "./signals.js";

/** Error bodies are read up to this size; the rest is cut (a message needs only their start). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** One HTTP exchange, ready to send as often as needed. */
export interface Exchange {
  method: string;
  url: string;
  /** The URL's path, redacted, for messages and hooks. */
  path: string;
  headers: Record<string, string> | Headers;
  body: BodyInit | undefined;
  /** Hand back a 2xx body unread (downloads). */
  stream: boolean;
}

export interface AttemptContext {
  fetch: (request: Request) => Promise<Response>;
  native: boolean;
  redact: Redactor;
  timeoutMs: number;
  maxResponseBytes: number;
  watchDeadline: (controller: AbortController) => () => void;
}

/** An answer, its body read (or, for a streamed 2xx, left to the caller). */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body text; error bodies redacted, cut at MAX_ERROR_BODY_BYTES. */
  text: string;
  /** True when an error body was longer than what was read. */
  cut: boolean;
  stream?: ReadableStream<Uint8Array>;
}

/**
 * Why an attempt produced no usable answer. `when` says what the failure proves: "unsent" (nothing reached the
 * server; sending again is harmless), "sent" (it may have been applied), "never" (fetch refuses this request:
 * nothing was sent and no retry can help), "final" (an answer that retrying cannot change).
 */
export class AttemptFailure {
  constructor(
    readonly code: string,
    readonly what: string,
    readonly when: "unsent" | "sent" | "never" | "final",
    readonly status = 0,
    readonly cause?: unknown,
  ) {}
}

function describeBody(text: string, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0] : "no content type";
  if (!text) return `an empty body (${kind})`;
  return `${text.length} characters of ${kind}: ${quoteSnippet(text)}`;
}

/** Where a redirect pointed, without its query (it may hold data) and with secrets redacted. */
function target(location: string | null, base: string, redact: Redactor): string {
  if (!location) return "no Location";
  try {
    const url = new URL(location, base);
    return redact(`${url.origin}${url.pathname}`);
  } catch {
    return quoteSnippet(redact(location));
  }
}

function redirectOf(response: Response, exchange: Exchange, redact: Redactor): AttemptFailure | undefined {
  if (response.type === "opaqueredirect" || REDIRECT_STATUSES.has(response.status)) {
    const where = target(response.headers.get("location"), exchange.url, redact);
    return new AttemptFailure(
      "REDIRECT",
      `the server answered ${response.status || "a redirect"} to ${where}, which was not followed: the gateway ` +
        "never redirects, so check baseUrl (a proxy or a wrong host?); nothing was sent there",
      "final",
      response.status,
    );
  }
  // A custom fetch that follows redirects itself has already sent the request elsewhere.
  const landed =
    response.redirected || (response.url && new URL(response.url).origin !== new URL(exchange.url).origin);
  if (landed) {
    return new AttemptFailure(
      "REDIRECT",
      `the custom fetch followed a redirect to ${target(response.url, exchange.url, redact)}; zohokit does not use ` +
        'answers from another origin (make the fetch honour redirect: "manual")',
      "sent",
      response.status,
    );
  }
  return undefined;
}

/** The body stream, which stops listening to the caller's signal once it ends, fails or is cancelled. */
function followed(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          done();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
}

/** Sends one attempt and reads its answer under the attempt's deadline and the caller's signal. */
export async function attempt(
  exchange: Exchange,
  callerSignal: AbortSignal | undefined,
  context: AttemptContext,
): Promise<Answer | AttemptFailure> {
  const controller = new AbortController();
  const unlinkCaller = onAbort(callerSignal, () => controller.abort(callerSignal!.reason));
  let unwatch = context.watchDeadline(controller);
  let answered: Response | undefined;
  let handedOver = false;
  // The runtime's fetch stops on abort by itself; a custom one may not, so its answers race the signal.
  const guard = <T>(promise: Promise<T>) =>
    context.native ? promise : untilAborted(promise, controller.signal);
  try {
    const init: RequestInit = {
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body,
      signal: controller.signal,
      redirect: "manual",
    };
    const response = await guard(
      context.native ? globalThis.fetch(exchange.url, init) : context.fetch(new Request(exchange.url, init)),
    );
    answered = response;
    const redirect = redirectOf(response, exchange, context.redact);
    if (redirect) {
      response.body?.cancel().catch(() => {});
      return redirect;
    }
    if (response.status === 204 || response.status === 304) {
      return { status: response.status, headers: response.headers, text: "", cut: false };
    }
    if (exchange.stream && response.ok) {
      // The caller reads the body; the attempt's deadline covered the wait for the headers only.
      unwatch();
      unwatch = () => {};
      handedOver = true;
      const stream = response.body ? followed(response.body, unlinkCaller) : undefined;
      return { status: response.status, headers: response.headers, text: "", cut: false, stream };
    }
    const limit = response.ok
      ? context.maxResponseBytes
      : Math.min(MAX_ERROR_BODY_BYTES, context.maxResponseBytes);
    const read = await guard(
      readLimited(response, limit, { trusted: context.native, keepHead: !response.ok }),
    ).catch((error: unknown) => {
      // A 429 was not applied whatever became of its body: it stays a rate limit to wait out.
      if (response.status === 429 && !callerSignal?.aborted && !(error instanceof BodyTooLarge)) return "";
      throw error;
    });
    const text = typeof read === "string" ? read : read.text;
    const cut = typeof read !== "string";
    // Error bodies may echo the request's credentials; every reader, raw callers included, gets them redacted.
    return {
      status: response.status,
      headers: response.headers,
      text: response.ok ? text : context.redact(text),
      cut,
    };
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (error instanceof BodyTooLarge) {
      const size =
        error.announced !== undefined
          ? `${error.announced} bytes (announced)`
          : `more than ${error.limit} bytes`;
      return new AttemptFailure(
        "RESPONSE_TOO_LARGE",
        `answered ${answered?.status} with ${size}, over maxResponseBytes (${error.limit}): raise maxResponseBytes, ` +
          "or ask for less (fewer fields, smaller pages)",
        "final",
        answered?.status ?? 0,
      );
    }
    const timedOut = controller.signal.reason instanceof AttemptTimeout;
    const length = answered?.headers.get("content-length");
    const partly = answered
      ? ` after the headers of a ${answered.status} answer (${answered.headers.get("content-type") ?? "no content type"}` +
        `${length ? `, ${length} bytes announced` : ""}), before its whole body arrived`
      : "";
    if (timedOut) {
      return new AttemptFailure(
        "TIMEOUT",
        `no complete answer within ${context.timeoutMs} ms${partly}`,
        "sent",
        0,
        error,
      );
    }
    // A custom fetch's own errors (not the TypeError of a failed fetch, nor a socket error) are its caller's
    // business: they pass through as they are, secrets redacted.
    if (
      !context.native &&
      !(error instanceof TypeError) &&
      typeof (error as { code?: unknown })?.code !== "string"
    ) {
      throw context.redact(error);
    }
    // The most specific words: Node puts the socket error ("connect ECONNREFUSED ...") on cause.
    const words = (error as { cause?: { message?: string } })?.cause?.message || String(error);
    if (!answered && neverSendable(error)) {
      return new AttemptFailure("NOT_SENT", `fetch refused to send it (${words})`, "never", 0, error);
    }
    const when = !answered && provesNotSent(error) ? "unsent" : "sent";
    return new AttemptFailure("NETWORK_ERROR", `the connection failed${partly} (${words})`, when, 0, error);
  } finally {
    unwatch();
    if (!handedOver) unlinkCaller();
  }
}

/** The body of a 2xx answer parsed as JSON; undefined when empty. Throws an AttemptFailure when it is not JSON. */
export function parseAnswer(answer: Answer, redact: Redactor): unknown {
  const { text } = answer;
  const contentType = answer.headers.get("content-type");
  if (!text.trim() && !contentType?.includes("json")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Redacted before the snippet is cut, so a secret the answer echoes is never left half visible.
    throw new AttemptFailure(
      "INVALID_RESPONSE",
      `answered ${answer.status} with ${describeBody(redact(text), contentType)} instead of JSON`,
      "sent",
      answer.status,
    );
  }
}
