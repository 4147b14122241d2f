export {
  type AddTagsOptions,
  ApiError,
  type AttachmentCreated,
  type AttachmentDownload,
  type AttachmentsApi,
  type AttachUrlOptions,
  and,
  type BatchFailure,
  type BatchResult,
  type BatchSuccess,
  type ClientHooks,
  type ClientOptions,
  type Criteria,
  type CriteriaValue,
  ErrorCodes,
  eq,
  escapeCriteriaValue,
  type LooseOrg as DefaultBiginOrg,
  type ModuleTypes,
  type OrgShape,
  or,
  type Page,
  type PageInfo,
  type RateLimitEvent,
  type RateLimiter,
  type RecordsApi,
  type RecordType,
  type RelatedApi,
  type RelatedLinkInput,
  type RelatedListOf,
  type RelatedRecord,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type RetryOptions,
  startsWith,
  TAG_COLORS,
  type TagColor,
  type TagInput,
  type TagsApi,
  type UploadOptions,
  ZohoKitError,
  type ZohoRecord,
} from "@zohokit/core";
export { BIGIN_MAX_ATTACHMENT_BYTES, type BiginAttachment } from "./attachments.js";
export {
  BIGIN_BASE_URL,
  type BiginClient,
  type BiginClientOptions,
  type BiginListExtras,
  createBiginClient,
} from "./client.js";
export type {
  components as BiginComponents,
  operations as BiginOperations,
  paths as BiginPaths,
} from "./generated/zoho-bigin.js";
export type { BiginNote } from "./notes.js";
export type {
  AnyPipelineStage,
  BiginRecordsApi,
  PipelineId,
  PipelineIdNamed,
  PipelineStage,
  PipelineSubPipeline,
  TeamPipelinesOf,
} from "./pipeline-types.js";
export type { BiginPipelinesApi } from "./pipelines.js";
export { BIGIN_CRITERIA_OPERATORS } from "./rules.js";
export { MATON_SUPPORT, SCOPED_MODULES, SCOPED_RECORD_PARTS } from "./scopes.js";
export type {
  BiginField,
  BiginLayout,
  BiginModule,
  BiginOrg,
  BiginOrgApi,
  BiginPageInfo,
  BiginRelatedList,
  BiginSettingsApi,
  BiginUser,
  BiginUsersApi,
  BiginUserType,
} from "./settings.js";
export { BIGIN_MAX_TAGGED_PER_CALL, type BiginTag } from "./tags.js";
export { type TeamPipeline, teamPipelines } from "./team-pipelines.js";
