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

/** Up to 200 characters of a body that was not the JSON expected, quoted for a message. */
export function quoteSnippet(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/**
 * Reads an error body in any of the shapes the gateway sends: Zoho's `{code, message, details, status}`, the same
 * wrapped in `data[0]`, Maton's `{error: {code, message}}`, `{message}`, or plain text.
 */
export function readErrorBody(body: unknown, status: number): ErrorBodyParts {
  if (isObject(body)) {
    const first = Array.isArray(body.data) ? body.data[0] : undefined;
    const zoho =
      typeof body.code === "string"
        ? body
        : isObject(first) && typeof first.code === "string"
          ? first
          : undefined;
    const source =
      zoho ?? (isObject(body.error) ? body.error : typeof body.message === "string" ? body : undefined);
    if (source) {
      return {
        code: typeof source.code === "string" ? source.code : "HTTP_ERROR",
        message: typeof source.message === "string" ? source.message : "",
        details: isObject(zoho?.details) ? zoho.details : {},
      };
    }
  }
  const message =
    typeof body === "string" && body
      ? `the body was not JSON: ${quoteSnippet(body)}`
      : `HTTP ${status} with no body`;
  return { code: "HTTP_ERROR", message, details: {} };
}

/** What the user should do about an error; the apps add their own (Bigin's per-module scopes). */
export function genericHint(status: number, code: string): string | undefined {
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
  if (status === 429) return "Still rate limited after the retries: lower maxConcurrency or wait.";
  if (code === "INVALID_MODULE")
    return "Module API names are case-sensitive (Leads, not leads): see settings.modules().";
  if (status === 400 && /connection/i.test(code)) {
    return "Check the Maton-Connection id, or create a connection for this app first.";
  }
  return undefined;
}

export interface HttpErrorContext {
  method: string;
  path: string;
  redact: Redactor;
  hint?: (status: number, code: string, path: string) => string | undefined;
}

export function httpError(status: number, body: unknown, context: HttpErrorContext): ApiError {
  // Redacted before any snippet is cut from it, so an echoed secret is never left half visible.
  const parts = readErrorBody(context.redact(body), status);
  const hint = context.hint?.(status, parts.code, context.path) ?? genericHint(status, parts.code);
  const message =
    `${context.method} ${context.path} failed with ${status} ${parts.code}` +
    `${parts.message ? `: ${parts.message}` : ""}${hint ? `. ${hint}` : ""}`;
  return new ApiError({
    status,
    code: parts.code,
    message: context.redact(message),
    details: context.redact(parts.details),
    method: context.method,
    path: context.redact(context.path),
  });
}
