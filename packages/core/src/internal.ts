// What @zohokit/crm, @zohokit/bigin, @zohokit/maton and @zohokit/typegen build on: the core client and its one
// request function, the records helpers, validation rules. Not part of the documented API; it may change in any
// release.
export type { Call, CallBody, Method, Reply } from "./call.js";
export {
  type AppDefaults,
  type CoreClient,
  createCoreClient,
  type FetchResult,
  type OkBody,
} from "./client.js";
export { createCoqlApi, createExport } from "./coql/api.js";
export type { CoqlConfig, CoqlContext } from "./coql/run.js";
export { assertWellFormed, criteriaOperators, criteriaText } from "./criteria.js";
export { genericHint, type Hint, httpError, isObject, quoteSnippet, readErrorBody } from "./error-body.js";
export { abortedError } from "./errors.js";
export {
  type AttachmentsConfig,
  createAttachmentsApi,
  DEFAULT_ATTACHMENT_FIELDS,
  type LooseAttachmentsApi,
} from "./groups/attachments.js";
export { dispositionFileName } from "./groups/content-disposition.js";
export { createNotesApi, type LooseNotesApi, type NotesConfig } from "./groups/notes.js";
export {
  createNotificationsApi,
  type LooseNotificationsApi,
  type NotificationsConfig,
} from "./groups/notifications.js";
export { createOrgAndUsers, type OrgApi, type UsersApi } from "./groups/org-users.js";
export { createRelatedApi, type LooseRelatedApi, type RelatedConfig } from "./groups/related.js";
export {
  acceptWriteAnswers,
  type GroupContext,
  type GroupWrite,
  sendBatches,
  sinceHeader,
  sinceMs,
  zohoTime,
} from "./groups/shared.js";
export { assertTagName, createTagsApi, type LooseTagsApi, type TagsConfig } from "./groups/tags.js";
export { notify } from "./hooks.js";
export { clientLimiter, Limiter, sharedLimiter, sleep, withClientLimit } from "./limiter.js";
export {
  apiKeyToSend,
  assertConnectionId,
  isUuid,
  type ResolvedOptions,
  resolveOptions,
} from "./options.js";
export { type ChunkOutcome, type ChunkShape, chunkResults, runBatches } from "./records/batch.js";
export {
  type RecordRoute,
  type RecordsConfig,
  type RecordsContext,
  recordsContext,
} from "./records/context.js";
export { createGetMany } from "./records/get-many.js";
export { createRecordsApi, type LooseRecordsApi } from "./records/index.js";
export {
  assertBatch,
  assertRecordInputs,
  assertTrigger,
  fieldsParam,
  MAX_FIELDS,
  MAX_PER_PAGE,
  MAX_WRITE_BATCH,
} from "./records/options.js";
export {
  type Cursor,
  DISCRETE_PAGING_LIMIT,
  PAGE_TOKEN_LIMIT,
  paginate,
  throwIfAborted,
} from "./records/paging.js";
export { createRecordsReader, toPage } from "./records/read.js";
export { createRecordsSync, type LooseRecordsSync } from "./records/sync.js";
export { createRecordsWriter } from "./records/write.js";
export { createRedactor, MIN_SECRET_LENGTH, type Redactor } from "./redact.js";
export {
  backoffDelay,
  effectOf,
  neverSendable,
  provesNotSent,
  retryAfterMs,
  safeToRepeat,
} from "./retry-policy.js";
export { createTransport, type Transport, UNKNOWN_OUTCOME } from "./transport.js";
export { fillPath, type Query, type QueryValue, queryString } from "./url.js";
export {
  assertBoolean,
  assertFieldName,
  assertIdList,
  assertModule,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertRecordId,
  assertRelatedList,
  FIELD_NAME,
  MODULE_NAME,
  RECORD_ID,
  refuse,
} from "./validate.js";
