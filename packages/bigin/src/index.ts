export {
  ApiError,
  and,
  type BatchFailure,
  type BatchResult,
  type BatchSuccess,
  type ClientHooks,
  type ClientOptions,
  type Condition,
  type Criteria,
  type CriteriaOf,
  type CriteriaValue,
  criteriaFor,
  ErrorCodes,
  eq,
  escapeCriteriaValue,
  type LooseOrg as DefaultBiginOrg,
  type ModuleCriteria,
  type ModuleTypes,
  type OrgShape,
  or,
  type Page,
  type PageInfo,
  type RateLimitEvent,
  type RateLimiter,
  type RecordsApi,
  type RecordType,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type RetryOptions,
  startsWith,
  ZohoKitError,
  type ZohoRecord,
} from "@zohokit/core";
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
export { type TeamPipeline, teamPipelines } from "./team-pipelines.js";
