/** Incremental reads of a module: its deleted records, and what changed since a time or a checkpoint. */
import { type ChangesOptions, type ChangesRun, createChangesReader } from "./changes.js";
import type { RecordsContext } from "./context.js";
import { createDeletedReader, type DeletedOptions, type DeletedRecord } from "./deleted.js";
import type { FieldOf, SelectedRecord } from "./org.js";
import type { ZohoRecord } from "./types.js";

export interface LooseRecordsSync {
  deleted(module: string, options?: DeletedOptions): AsyncIterable<DeletedRecord>;
  changes(module: string, options: ChangesOptions): ChangesRun<ZohoRecord>;
}

export type TypedChangesOptions<F extends string> = Omit<ChangesOptions, "fields"> & { fields: readonly F[] };

/** records.deleted and records.changes, typed by an org. */
export interface RecordsSyncApi<O> {
  /** Deleted records, newest first, across pages; `since` reads only those deleted after it. */
  deleted<M extends keyof O & string>(module: M, options?: DeletedOptions): AsyncIterable<DeletedRecord>;
  /**
   * What changed since `since` or a checkpoint: upserts (with the fields given and Modified_Time) and deletes, each
   * once per run; then `run.checkpoint()` is where the next run resumes.
   */
  changes<M extends keyof O & string, F extends FieldOf<O, M>>(
    module: M,
    options: TypedChangesOptions<F>,
  ): ChangesRun<SelectedRecord<O, M, F | "Modified_Time">>;
}

/** `prefix`: the app's, e.g. "/crm/v8"; its spec must have `{prefix}/{module_api_name}/deleted`. */
export function createRecordsSync(core: RecordsContext, prefix: string): LooseRecordsSync {
  const deleted = createDeletedReader(core, prefix);
  return { deleted, changes: createChangesReader(core, prefix, deleted) };
}
