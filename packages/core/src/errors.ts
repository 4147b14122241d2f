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
}

/**
 * The server answered with an error, or its answer could not be used. `status` is the HTTP status (0 when no
 * response arrived), `code` Zoho's or Maton's error code, `details` the server's details object.
 */
export class ApiError extends ZohoKitError {
  override name = "ApiError";
  // Declared, not initialized: the constructor defines them, so no field definitions are emitted.
  declare readonly status: number;
  declare readonly code: string;
  declare readonly details: Record<string, unknown>;
  declare readonly method: string;
  declare readonly path: string;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.method = init.method;
    this.path = init.path;
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
    };
  }
}

/**
 * Codes zohokit itself gives to failures that have no server error code. zohokit's own modules write them as string
 * literals, so a bundle that never reads ErrorCodes leaves the object out.
 */
export const ErrorCodes = {
  /** The request may or may not have been applied (connection lost after sending, 5xx on a create). */
  AMBIGUOUS: "AMBIGUOUS",
  /** No response: connection refused or reset, DNS failure. */
  NETWORK_ERROR: "NETWORK_ERROR",
  /** The per-request timeout elapsed. */
  TIMEOUT: "TIMEOUT",
  /** The caller's AbortSignal fired. */
  ABORTED: "ABORTED",
  /** The body was not the JSON the API documents (HTML from a proxy, truncated, empty). */
  INVALID_RESPONSE: "INVALID_RESPONSE",
  /** An HTTP error without a recognizable error body. */
  HTTP_ERROR: "HTTP_ERROR",
  /** A batch answer had no result for an input. */
  MISSING_RESULT: "MISSING_RESULT",
} as const;
