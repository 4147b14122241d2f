import type { RecordsConfig, RecordsContext } from "./context.js";
import { createRecordsReader, type RecordsReader } from "./read.js";
import { createRecordsWriter, type RecordsWriter } from "./write.js";

/** The records API with loose types; @zohokit/crm and @zohokit/bigin give it their org-typed signatures. */
export interface LooseRecordsApi extends RecordsReader, RecordsWriter {}

export function createRecordsApi(core: RecordsContext, config: RecordsConfig): LooseRecordsApi {
  return { ...createRecordsReader(core, config), ...createRecordsWriter(core, config) };
}
