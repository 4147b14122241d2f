export { type CoreClient, type CoreClientDefaults, createCoreClient, type FetchResult } from "./client.js";
export {
  and,
  between,
  CRITERIA_OPERATORS,
  type Criteria,
  type CriteriaOperator,
  type CriteriaValue,
  criteriaOperators,
  criteriaText,
  eq,
  escapeCriteriaValue,
  gt,
  gte,
  in,
  inList,
  lt,
  lte,
  MAX_CONDITIONS,
  MAX_IN_VALUES,
  notEqual,
  or,
  startsWith,
} from "./criteria.js";
export { ApiError, type ApiErrorInit, ErrorCodes, ZohoKitError } from "./errors.js";
export { genericHint, httpError, readErrorBody } from "./http-error.js";
export { Limiter, sleep } from "./limiter.js";
export {
  assertConnectionId,
  type ClientOptions,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  isUuid,
  type ResolvedOptions,
  type RetryOptions,
  resolveOptions,
} from "./options.js";
export * from "./records/index.js";
export { createRedactor, type Redactor, redactError } from "./redact.js";
export { backoffDelay, isIdempotentMethod, RETRYABLE_STATUSES, retryAfterMs } from "./retry.js";
export {
  createTransport,
  type FetchLike,
  type RetryEvent,
  type Transport,
  type TransportHooks,
  wasRepeated,
} from "./transport.js";
