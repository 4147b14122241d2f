export {
  type CallOptions,
  type CountOptions,
  type CreateOptions,
  createRecordsApi,
  type DeleteOptions,
  type GetOptions,
  type IterateOptions,
  type ListOptions,
  type ListQuery,
  type LooseRecordsApi,
  type RecordsBackend,
  type RecordsConfig,
  type SearchAllOptions,
  type SearchOptions,
  type SearchQuery,
  type UpsertOptions,
  type WriteBody,
  type WriteOptions,
} from "./api.js";
export { type ChunkOutcome, chunkResults, runBatches } from "./batch.js";
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
} from "./org.js";
export { type Cursor, DISCRETE_PAGING_LIMIT, paginate } from "./paging.js";
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
} from "./typed.js";
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
} from "./types.js";
export { assertModule, assertRecordId, MAX_FIELDS, MAX_PER_PAGE, MAX_WRITE_BATCH } from "./validate.js";
