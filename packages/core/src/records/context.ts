import type { Call, Reply } from "../call.js";
import type { ApiError } from "../errors.js";
import type { Query } from "../url.js";

/** What the records helpers need of a client: the one request function and a few of its options. */
export interface RecordsContext {
  request(call: Call): Promise<Reply>;
  /** Per-item results may echo credentials: write answers pass through it before use. */
  redact: <T>(value: T) => T;
  toError(status: number, body: unknown, method: string, path: string): ApiError;
  options: { maxConcurrency: number; signal: AbortSignal | undefined };
}

/** The routes the records helpers call under an app's prefix; each app checks its spec has them all. */
export type RecordRoute<Prefix extends string> =
  `${Prefix}/{module_api_name}${"" | "/{record_id}" | "/upsert" | "/search" | "/actions/count"}`;

/** The records helpers' view of a core client: its request function takes any path (they build them). */
export function recordsContext(core: {
  request: unknown;
  redact: RecordsContext["redact"];
  toError: RecordsContext["toError"];
  options: RecordsContext["options"];
}): RecordsContext {
  return core as RecordsContext;
}

/** What an app package says about its records: data, not code paths of its own. */
export interface RecordsConfig {
  /** "/crm/v8" or "/bigin/v2": every records route is this prefix, the module and the operation. */
  prefix: string;
  /** `true` once the app checked at compile time that its spec has every RecordRoute of the prefix. */
  checked: true;
  /** Checks an app's own rules on list options (Bigin's pipelineId) before any request. */
  checkList?(module: string, options: object): void;
  /** Checks criteria against the app's operators (Bigin: equals and starts_with) before any request. */
  checkCriteria?(module: string, operators: Set<string>): void;
  /**
   * Checks the inputs of a create, update or upsert against the app's own rules once core's checks passed, before
   * any request of the write (Bigin: each pipeline's stages, from metadata it may read first).
   */
  checkInputs?(
    module: string,
    inputs: readonly object[],
    signal: AbortSignal | undefined,
  ): Promise<void> | void;
  /** Where the app lists a module when not at `{prefix}/{module}` (Bigin: Pipelines, by Team Pipeline). */
  listRoute?(module: string, options: object): { path: string; query: Query } | undefined;
}
