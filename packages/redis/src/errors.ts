import { ApiError, type LimiterRequest } from "@zohokit/core";

/** The codes of the ApiErrors a Redis limiter throws; every one means that nothing was sent. */
export const LimiterErrorCodes = {
  /** Redis could not be reached or did not answer in time (with `onUnavailable: "fail"`). */
  UNAVAILABLE: "LIMITER_UNAVAILABLE",
  /** No slot within `maxWaitMs` (the org's slots stayed busy, or a pause or low credits lasted longer). */
  TIMEOUT: "LIMITER_TIMEOUT",
  /** The org's remaining API credits are below `minCredits` (with `whenCreditsLow: "fail"`). */
  CREDITS_LOW: "CREDITS_LOW",
} as const;

export function limiterError(
  request: LimiterRequest | undefined,
  code: (typeof LimiterErrorCodes)[keyof typeof LimiterErrorCodes],
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): ApiError {
  const method = request?.method ?? "";
  const path = request?.path ?? "";
  return new ApiError({
    status: 0,
    code,
    message: `${request ? `${method} ${path}: ` : ""}${message}`,
    details: { sent: false, ...details },
    method,
    path,
    cause,
  });
}
