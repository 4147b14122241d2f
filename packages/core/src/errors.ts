import type { BatchResult } from "./records/types.js";

/** Bad input or configuration, raised before any request is sent. */
export class ZohoKitError extends Error {
  override name = "ZohoKitError";
}

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  method: string;
  path: string;
  cause?: unknown;
  result?: BatchResult;
}

/**
 * The server answered with an error, or its answer could not be used, or the call was aborted. `status` is the
 * HTTP status (0 when no answer arrived), `code` Zoho's or Maton's error code (or one of ErrorCodes), `details` the
 * server's details object. A write that stopped part-way carries `result`: what became of every input.
 */
export class ApiError extends ZohoKitError {
  override name = "ApiError";
  // Declared, not initialized: the constructor defines them, so no field definitions are emitted.
  declare readonly status: number;
  declare readonly code: string;
  declare readonly details: Record<string, unknown>;
  declare readonly method: string;
  declare readonly path: string;
  /** Set on a write that stopped part-way: every input, succeeded, failed, AMBIGUOUS or NOT_SENT. */
  declare readonly result?: BatchResult;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.method = init.method;
    this.path = init.path;
    if (init.result) this.result = init.result;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      details: this.details,
      method: this.method,
      path: this.path,
      ...(this.result ? { result: this.result } : {}),
    };
  }
}

/**
 * How every aborted call rejects: code ABORTED, the signal's reason as `cause`, and `details.sent`, whether an
 * attempt had been sent (for anything but a read, its fate is then unknown).
 */
export function abortedError(
  method: string,
  path: string,
  reason: unknown,
  { sent = false, read = true }: { sent?: boolean; read?: boolean } = {},
): ApiError {
  if (reason instanceof ApiError && reason.code === "ABORTED") return reason;
  const words = reason instanceof Error ? reason.message || reason.name : String(reason);
  const applied = read
    ? ""
    : sent
      ? "; it may or may not have been applied: check the records before retrying"
      : "; nothing was sent";
  return new ApiError({
    status: 0,
    code: "ABORTED",
    message: `${method} ${path}: aborted (${words})${applied}.`,
    details: { sent },
    method,
    path,
    cause: reason,
  });
}

/**
 * Codes zohokit itself gives to failures that have no server error code. zohokit's own modules write them as string
 * literals, so a bundle that never reads ErrorCodes leaves the object out.
 */
export const ErrorCodes = {
  /** The request may or may not have been applied (connection lost after sending, 5xx on a create). */
  AMBIGUOUS: "AMBIGUOUS",
  /** The request was never sent (a write stopped early, an address fetch refuses): nothing happened. */
  NOT_SENT: "NOT_SENT",
  /** No response: connection refused or reset, DNS failure. */
  NETWORK_ERROR: "NETWORK_ERROR",
  /** The per-attempt timeout elapsed. */
  TIMEOUT: "TIMEOUT",
  /** The caller's AbortSignal fired; `cause` holds its reason. */
  ABORTED: "ABORTED",
  /** The body was not the JSON the API documents (HTML from a proxy, truncated, empty). */
  INVALID_RESPONSE: "INVALID_RESPONSE",
  /** The answer was larger than maxResponseBytes. */
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  /** The server answered with a redirect, which the gateway never sends; it was not followed. */
  REDIRECT: "REDIRECT",
  /** Pages kept coming without new records (a server that ignores paging): the scan stopped. */
  PAGING_LOOP: "PAGING_LOOP",
  /** An HTTP error without a recognizable error body. */
  HTTP_ERROR: "HTTP_ERROR",
  /**
   * Zoho refused an attachment as too large (HTTP 413; Zoho's own code, if it sent one, is in details.serverCode).
   * Files over the documented limit are refused before sending, with a ZohoKitError.
   */
  FILE_TOO_LARGE: "FILE_TOO_LARGE",
  /** Direct Zoho OAuth: the accounts server refused to refresh the access token (details.serverCode says why). */
  OAUTH_REFRESH_FAILED: "OAUTH_REFRESH_FAILED",
} as const;
