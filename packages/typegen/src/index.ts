export { type GenerateOptions, GenerationError, generateOrgTypes } from "./generate.js";
export {
  type FetchMetadataOptions,
  type FieldMetadata,
  fetchOrgMetadata,
  type MetadataClient,
  MetadataError,
  type ModuleMetadata,
  type OrgMetadata,
} from "./metadata.js";
export { type RelatedListMetadata, relatedTargets } from "./related.js";
export { type LoadSnapshotOptions, loadSnapshot, saveSnapshot } from "./snapshot.js";
export { describeChanges, type OrgSummary, readSummary, summarize } from "./summary.js";
