import { ApiError } from "./errors.js";
import type { Redactor } from "./redact.js";

export interface ErrorBodyParts {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Control characters (C0 but tab and newline, DEL, C1): a server's text must not carry them into logs. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

/** The text with each control character replaced, so a message cannot drive a terminal or a CI log. */
export function withoutControls(text: string, replace: (code: number) => string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    out += text.slice(from, i) + replace(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Up to 200 characters of a text the server sent, quoted for a message, control characters escaped. */
export function quoteSnippet(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return withoutControls(JSON.stringify(cut), (code) => `\\u${code.toString(16).padStart(4, "0")}`);
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * Reads an error body in any of the shapes the gateway sends: Zoho's `{code, message, details, status}`, the same
 * wrapped in `data[0]`, Maton's `{error: {code, message}}` or `{error: "..."}`, `{message}`, plain text, or any
 * other JSON (quoted, so the server's words are never lost).
 */
export function readErrorBody(body: unknown, status: number): ErrorBodyParts {
  if (isObject(body)) {
    const first = Array.isArray(body.data) ? body.data[0] : undefined;
    const zoho = text(body.code) ? body : isObject(first) && text(first.code) ? first : undefined;
    if (zoho) {
      return {
        code: zoho.code as string,
        message: text(zoho.message) ?? "",
        details: isObject(zoho.details) ? zoho.details : {},
      };
    }
    if (isObject(body.error)) {
      const error = body.error;
      return {
        code: text(error.code) ?? text(error.type) ?? "HTTP_ERROR",
        message: text(error.message) ?? text(error.description) ?? "",
        details: isObject(error.details) ? error.details : {},
      };
    }
    const words = text(body.error) ?? text(body.message) ?? text(body.error_description) ?? text(body.detail);
    if (words !== undefined) return { code: text(body.code) ?? "HTTP_ERROR", message: words, details: {} };
  }
  if (typeof body === "string" && body) {
    return { code: "HTTP_ERROR", message: `the body was not JSON: ${quoteSnippet(body)}`, details: {} };
  }
  if (body !== undefined && body !== null && body !== "") {
    let json: string;
    try {
      json = JSON.stringify(body);
    } catch {
      json = String(body);
    }
    return { code: "HTTP_ERROR", message: `the body was ${quoteSnippet(json)}`, details: {} };
  }
  return { code: "HTTP_ERROR", message: `HTTP ${status} with no body`, details: {} };
}

/** What the transport knows of how an error came about, so the hint describes what happened. */
export interface Attempts {
  /** Attempts made, the last included. */
  made: number;
  /** Whether retries were allowed for this call at all. */
  retries: boolean;
}

/** What the user should do about an error; the apps add their own (Bigin's per-module scopes). */
export function genericHint(status: number, code: string, attempts?: Attempts): string | undefined {
  if (code === "OAUTH_SCOPE_MISMATCH") {
    return (
      "The connection lacks this OAuth scope: create one with createMatonClient().connections.create({ app }) " +
      "and approve the access asked for."
    );
  }
  if (status === 401) {
    return "Check MATON_API_KEY (https://maton.ai/settings); if it is right, reconnect: the Zoho authorization may have expired.";
  }
  if (code === "NO_PERMISSION") return "The connection's Zoho user lacks the permission named in details.";
  if (status === 429) {
    if (!attempts || attempts.made <= 1) {
      return attempts && !attempts.retries
        ? "Rate limited, and retries are off for this client: lower maxConcurrency, wait, or allow retries."
        : "Rate limited: lower maxConcurrency or wait.";
    }
    return `Still rate limited after ${attempts.made - 1} ${attempts.made === 2 ? "retry" : "retries"}: lower maxConcurrency or wait.`;
  }
  if (code === "INVALID_MODULE")
    return "Module API names are case-sensitive (Leads, not leads): see settings.modules().";
  if (status === 400 && /connection/i.test(code)) {
    return "Check the Maton-Connection id, or create a connection for this app first.";
  }
  return undefined;
}

export type Hint = (status: number, code: string, path: string) => string | undefined;

export interface HttpErrorContext {
  method: string;
  path: string;
  redact: Redactor;
  hint?: Hint;
  attempts?: Attempts;
}

export function httpError(status: number, body: unknown, context: HttpErrorContext): ApiError {
  // Redacted before any snippet is cut from it, so an echoed secret is never left half visible.
  const parts = readErrorBody(context.redact(body), status);
  const hint =
    context.hint?.(status, parts.code, context.path) ?? genericHint(status, parts.code, context.attempts);
  const message =
    `${context.method} ${context.path} failed with ${status} ${parts.code}` +
    `${parts.message ? `: ${parts.message.length > 500 ? `${parts.message.slice(0, 500)}…` : parts.message}` : ""}` +
    `${hint ? `. ${hint}` : ""}`;
  return new ApiError({
    status,
    code: parts.code,
    message: withoutControls(context.redact(message), () => " "),
    details: context.redact(parts.details),
    method: context.method,
    path: context.redact(context.path),
  });
}
