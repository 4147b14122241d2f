// The public surface of @zohokit/core, re-exported by @zohokit/crm and @zohokit/bigin. What only the app packages
// need lives in ./internal.ts (the "@zohokit/core/internal" subpath).
export {
  and,
  between,
  CRITERIA_OPERATORS,
  type Criteria,
  type CriteriaOperator,
  type CriteriaValue,
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
export type { ClientHooks, RateLimitEvent, RequestEvent, ResponseEvent, RetryEvent } from "./hooks.js";
export type { LimiterRequest, LimiterScope, RateLimiter } from "./limiter.js";
export {
  type ClientOptions,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  MIN_API_KEY_LENGTH,
  type RetryOptions,
} from "./options.js";
export { STOP_BATCH_CODES, STOP_BATCH_STATUSES } from "./records/batch.js";
export type {
  CallOptions,
  CountOptions,
  CreateOptions,
  DeleteOptions,
  GetOptions,
  IterateOptions,
  ListOptions,
  SearchAllOptions,
  SearchOptions,
  UpsertOptions,
  WriteOptions,
} from "./records/options.js";
export type {
  CreateOf,
  CriteriaOf,
  FieldOf,
  LooseModule,
  LooseOrg,
  ModuleName,
  ModuleTypes,
  OrgShape,
  RecordOf,
  SelectedRecord,
  UpdateOf,
} from "./records/org.js";
export type {
  ListExtras,
  RecordsApi,
  RecordType,
  TypedCountOptions,
  TypedIterateOptions,
  TypedListOptions,
  TypedSearchAllOptions,
  TypedSearchOptions,
  TypedUpsertOptions,
} from "./records/typed.js";
export type {
  BatchFailure,
  BatchResult,
  BatchSuccess,
  Page,
  PageInfo,
  SortBy,
  SortOrder,
  Trigger,
  ZohoRecord,
} from "./records/types.js";
export { type Effect, NEVER_SENDABLE, NOT_SENT_CODES, RETRYABLE_STATUSES } from "./retry-policy.js";
