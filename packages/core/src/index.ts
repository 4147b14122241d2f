// The public surface of @zohokit/core, re-exported by @zohokit/crm and @zohokit/bigin. What only the app packages
// need lives in ./internal.ts (the "@zohokit/core/internal" subpath).

export { ZOHO_DATA_CENTERS, type ZohoDataCenter } from "./auth/data-centers.js";
export {
  type AccessTokenAuth,
  type Auth,
  type ZohoOAuth,
  type ZohoOAuthOptions,
  type ZohoToken,
  zohoOAuth,
} from "./auth/oauth.js";
export {
  COQL_OPERATORS,
  type CoqlCondition,
  type CoqlOperator,
  MAX_COQL_CONDITIONS,
} from "./coql/condition.js";
export type {
  CoqlApi,
  CoqlCriteria,
  CoqlField,
  CoqlFieldType,
  CoqlInfo,
  CoqlIterateOptions,
  CoqlPage,
  CoqlQuery,
  CoqlRow,
  CoqlRunOptions,
  CoqlWhere,
  ExportOptions,
  RecordsExportApi,
} from "./coql/types.js";
export { type CoqlScalar, coqlValue } from "./coql/value.js";
export {
  and,
  between,
  type Condition,
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
export { criteriaFor, type ModuleCriteria } from "./criteria-for.js";
export { ApiError, type ApiErrorInit, ErrorCodes, ZohoKitError } from "./errors.js";
export type {
  AttachmentCreated,
  AttachmentDownload,
  AttachmentsIterateOptions,
  AttachmentsListOptions,
  AttachUrlOptions,
  UploadOptions,
} from "./groups/attachments.js";
export type {
  NoteInput,
  NotesIterateOptions,
  NotesListOptions,
  NotesWriteOptions,
  NoteUpdate,
  RecordNotesIterateOptions,
  RecordNotesListOptions,
} from "./groups/notes.js";
export type {
  ChannelInput,
  ChannelOutcome,
  KeepAliveOptions,
  NotificationsApi,
  WatchEvent,
  WatchOperation,
  ZohoChannel,
} from "./groups/notifications.js";
export type {
  RelatedIterateOptions,
  RelatedLinkInput,
  RelatedListOptions,
  RelatedWriteOptions,
} from "./groups/related.js";
export {
  type AddTagsOptions,
  MAX_TAG_NAME_LENGTH,
  MAX_TAGS_PER_RECORD,
  TAG_COLORS,
  type TagColor,
  type TagInput,
  type TagList,
  type TagWriteOptions,
  type ZohoTag,
} from "./groups/tags.js";
export type {
  AttachmentsApi,
  LooseRelatedLists,
  NoteFieldOf,
  NoteRecord,
  NotesApi,
  RelatedApi,
  RelatedFieldOf,
  RelatedListOf,
  RelatedListsOf,
  RelatedModuleOf,
  RelatedRecord,
  TagsApi,
} from "./groups/typed.js";
export type {
  ClientHooks,
  FallbackEvent,
  RateLimitEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
} from "./hooks.js";
export type { LimiterRequest, LimiterScope, RateLimiter } from "./limiter.js";
export type { NotificationEvent, NotificationOperation } from "./notifications/event.js";
export {
  createNotificationHandler,
  DEFAULT_MAX_BODY_BYTES,
  type NotificationHandler,
  type NotificationHandlerOptions,
  type OrgNotificationEvent,
  type RecordsByIds,
} from "./notifications/handler.js";
export { type NodeRequestLike, type NodeResponseLike, toNodeListener } from "./notifications/node.js";
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
export {
  type Change,
  type ChangesCheckpoint,
  type ChangesOptions,
  type ChangesRun,
  DEFAULT_CHANGES_OVERLAP_MS,
  MAX_CHECKPOINT_SEEN,
} from "./records/changes.js";
export {
  DELETED_TYPES,
  type DeletedOptions,
  type DeletedRecord,
  type DeletedType,
} from "./records/deleted.js";
export {
  type GetManyApi,
  type GetManyOptions,
  type GetManyResult,
  MAX_GET_MANY_IDS,
  MAX_IDS_PER_GET,
} from "./records/get-many.js";
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
export type { RecordsSyncApi, TypedChangesOptions } from "./records/sync.js";
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
