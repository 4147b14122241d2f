import type { CoreClient, FetchResult } from "../client.js";
import { assertWellFormed, type Criteria, criteriaOperators, criteriaText } from "../criteria.js";
import { ApiError, ErrorCodes, ZohoKitError } from "../errors.js";
import { wasRepeated } from "../transport.js";
import { runBatches } from "./batch.js";
import { type Cursor, DISCRETE_PAGING_LIMIT, paginate, throwIfAborted } from "./paging.js";
import type {
  BatchFailure,
  BatchResult,
  Page,
  PageInfo,
  SortBy,
  SortOrder,
  Trigger,
  ZohoRecord,
} from "./types.js";
import {
  assertBatch,
  assertModule,
  assertOneOf,
  assertPositiveInteger,
  assertRecordId,
  assertRecordInputs,
  assertTrigger,
  fieldsParam,
  MAX_PER_PAGE,
  MAX_WRITE_BATCH,
} from "./validate.js";

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  fields: readonly string[];
  page?: number;
  perPage?: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  cvid?: string;
  pageToken?: string;
}

export interface IterateOptions extends CallOptions {
  fields: readonly string[];
  perPage?: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  cvid?: string;
  /** Stop after this many records. */
  limit?: number;
}

export interface SearchOptions extends CallOptions {
  criteria?: Criteria | string;
  email?: string;
  phone?: string;
  word?: string;
  fields?: readonly string[];
  page?: number;
  perPage?: number;
}

export interface SearchAllOptions extends Omit<SearchOptions, "page"> {
  limit?: number;
}

export type CountOptions = Omit<SearchOptions, "fields" | "page" | "perPage">;

export interface WriteOptions extends CallOptions {
  /** Automations to run: `[]` runs none; leaving it out runs all. */
  trigger?: Trigger[];
}

export interface CreateOptions extends WriteOptions {
  /**
   * Send a create again after a failure that may already have reached Zoho (a 5xx, a lost connection). This can
   * create duplicates; prefer `upsert` with a duplicate-check field, which is safe to repeat.
   */
  retryUnsafe?: boolean;
}

export interface UpsertOptions extends WriteOptions {
  duplicateCheckFields?: string[];
}

export interface DeleteOptions extends CallOptions {
  /** Run workflows on delete; default true. */
  wfTrigger?: boolean;
}

export interface GetOptions extends CallOptions {
  fields?: readonly string[];
}

/** Query parameters of a list request, as Zoho names them. */
export interface ListQuery {
  fields: string;
  page?: number;
  per_page?: number;
  sort_by?: SortBy;
  sort_order?: SortOrder;
  cvid?: string;
  page_token?: string;
}

export interface SearchQuery {
  criteria?: string;
  email?: string;
  phone?: string;
  word?: string;
  fields?: string;
  page?: number;
  per_page?: number;
}

export interface WriteBody {
  data: object[];
  trigger?: Trigger[];
  duplicate_check_fields?: string[];
}

type Result = Promise<FetchResult<unknown>>;

/** The typed openapi-fetch calls of one app (CRM or Bigin); the records API is built on them. */
export interface RecordsBackend {
  /** The path prefix, for error messages: "/crm/v8". */
  prefix: string;
  list(module: string, query: ListQuery, options: object, signal?: AbortSignal): Result;
  get(module: string, id: string, query: { fields?: string }, signal?: AbortSignal): Result;
  create(module: string, body: WriteBody, fetch: "default" | "idempotent", signal?: AbortSignal): Result;
  update(module: string, body: WriteBody, signal?: AbortSignal): Result;
  upsert(module: string, body: WriteBody, signal?: AbortSignal): Result;
  delete(module: string, query: { ids: string; wf_trigger?: boolean }, signal?: AbortSignal): Result;
  search(module: string, query: SearchQuery, signal?: AbortSignal): Result;
  count(
    module: string,
    query: Omit<SearchQuery, "fields" | "page" | "per_page">,
    signal?: AbortSignal,
  ): Result;
}

export interface RecordsConfig {
  backend: RecordsBackend;
  /** Checks an app's own rules on list options (Bigin's pipelineId) before any request. */
  checkList?(module: string, options: object): void;
  /** Checks criteria against the app's operators (Bigin: equals and starts_with) before any request. */
  checkCriteria?(module: string, operators: Set<string>): void;
}

/** The records API with loose types; @zohokit/crm and @zohokit/bigin give it their org-typed signatures. */
export interface LooseRecordsApi {
  list(module: string, options: ListOptions): Promise<Page<ZohoRecord>>;
  iterate(module: string, options: IterateOptions): AsyncIterable<ZohoRecord>;
  get(module: string, id: string, options?: GetOptions): Promise<ZohoRecord | null>;
  create(module: string, inputs: readonly object[], options?: CreateOptions): Promise<BatchResult>;
  update(module: string, inputs: readonly { id: string }[], options?: WriteOptions): Promise<BatchResult>;
  upsert(module: string, inputs: readonly object[], options?: UpsertOptions): Promise<BatchResult>;
  delete(module: string, ids: readonly string[], options?: DeleteOptions): Promise<BatchResult>;
  search(module: string, options: SearchOptions): Promise<Page<ZohoRecord>>;
  searchAll(module: string, options: SearchAllOptions): AsyncIterable<ZohoRecord>;
  count(module: string, options?: CountOptions): Promise<number>;
}

const SORT_BY: SortBy[] = ["id", "Created_Time", "Modified_Time"];
const SORT_ORDER: SortOrder[] = ["asc", "desc"];

/**
 * A delete repeated after an attempt whose answer was lost finds the records that attempt deleted already gone,
 * and Zoho reports them as INVALID_DATA. Their fate is unknown, not failed: report them as AMBIGUOUS.
 */
function deletedByEarlierAttempt(failure: BatchFailure): BatchFailure {
  if (failure.code !== "INVALID_DATA") return failure;
  return {
    index: failure.index,
    code: ErrorCodes.AMBIGUOUS,
    message:
      `Not found when the delete was repeated after a lost answer: the earlier attempt may have deleted it ` +
      `(Zoho said: ${failure.message}). Check whether it still exists.`,
    details: { ...failure.details, serverCode: failure.code },
  };
}

function emptyPage(): Page<ZohoRecord> {
  return { data: [], info: { count: 0, more_records: false } };
}

function toPage(data: unknown): Page<ZohoRecord> {
  if (data === undefined) return emptyPage();
  const body = data as { data?: unknown; info?: unknown };
  const records = Array.isArray(body.data) ? (body.data as ZohoRecord[]) : [];
  const info = typeof body.info === "object" && body.info !== null ? (body.info as PageInfo) : {};
  return { data: records, info };
}

export function createRecordsApi(core: CoreClient<{}>, config: RecordsConfig): LooseRecordsApi {
  const { backend } = config;
  const concurrency = core.options.maxConcurrency;
  const path = (module: string, suffix = "") => `${backend.prefix}/${module}${suffix}`;

  function listQuery(module: string, options: ListOptions | IterateOptions): ListQuery {
    assertModule(module);
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError('List options are required: at least { fields: ["..."] }.');
    }
    const query: ListQuery = { fields: fieldsParam(options.fields, true)! };
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    assertOneOf(options.sortBy, "sortBy", SORT_BY);
    assertOneOf(options.sortOrder, "sortOrder", SORT_ORDER);
    if (options.perPage !== undefined) query.per_page = options.perPage;
    if (options.sortBy !== undefined) query.sort_by = options.sortBy;
    if (options.sortOrder !== undefined) query.sort_order = options.sortOrder;
    if (options.cvid !== undefined) {
      assertRecordId(options.cvid, "cvid (a custom view id)");
      query.cvid = options.cvid;
    }
    config.checkList?.(module, options);
    return query;
  }

  async function listPage(module: string, query: ListQuery, options: object, signal?: AbortSignal) {
    const { data } = await core.unwrap(backend.list(module, query, options, signal));
    return toPage(data);
  }

  function searchQuery(module: string, options: SearchOptions, paging: boolean): SearchQuery {
    assertModule(module);
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError("Search options are required: one of criteria, email, phone or word.");
    }
    const given = (["criteria", "email", "phone", "word"] as const).filter(
      (key) => options[key] !== undefined,
    );
    if (given.length !== 1) {
      throw new ZohoKitError(
        given.length === 0
          ? "A search needs one of criteria, email, phone or word."
          : `A search takes exactly one of criteria, email, phone or word; got ${given.join(" and ")}. Combine conditions with and()/or() in criteria instead.`,
      );
    }
    const query: SearchQuery = {};
    if (options.criteria !== undefined) {
      query.criteria = criteriaText(options.criteria);
      config.checkCriteria?.(module, criteriaOperators(options.criteria));
    }
    for (const key of ["email", "phone", "word"] as const) {
      const value = options[key];
      if (value === undefined) continue;
      if (typeof value !== "string" || value.trim() === "")
        throw new ZohoKitError(`${key} must be a non-empty string.`);
      assertWellFormed(value, key);
      if (key === "word" && value.trim().length < 2) {
        throw new ZohoKitError(`A word search needs at least 2 characters; got ${JSON.stringify(value)}.`);
      }
      query[key] = value;
    }
    if (paging) {
      const fields = fieldsParam(options.fields, false);
      if (fields !== undefined) query.fields = fields;
      assertPositiveInteger(options.page, "page");
      assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
      if (options.page !== undefined) query.page = options.page;
      if (options.perPage !== undefined) query.per_page = options.perPage;
    }
    return query;
  }

  function writeBody(
    data: readonly object[],
    options: WriteOptions & { duplicateCheckFields?: string[] },
  ): WriteBody {
    const body: WriteBody = { data: [...data] };
    if (options.trigger !== undefined) body.trigger = options.trigger;
    if (options.duplicateCheckFields !== undefined)
      body.duplicate_check_fields = options.duplicateCheckFields;
    return body;
  }

  async function outcomeOf(call: Result): Promise<{ status: number; body: unknown; repeated: boolean }> {
    const { data, error, response } = await call;
    // Error bodies were redacted by the transport; per-item results of a 2xx are redacted here, one chunk at a time
    // while other chunks are still in flight.
    return {
      status: response.status,
      body: response.ok ? core.redact(data) : error,
      repeated: wasRepeated(response),
    };
  }

  /**
   * Sends a write in chunks. `afterRepeat` rewrites the per-item failures of a chunk whose request was repeated
   * after an attempt that may have been applied. Servers may echo credentials: answers are redacted before use.
   */
  async function batch<T>(
    method: string,
    module: string,
    items: readonly T[],
    send: (chunk: readonly T[]) => Result,
    ambiguousOn5xx: boolean,
    afterRepeat?: (failure: BatchFailure) => BatchFailure,
  ): Promise<BatchResult> {
    const at = path(module);
    const repeatedChunks = new Set<number>();
    const result = await runBatches(items, {
      chunkSize: MAX_WRITE_BATCH,
      concurrency,
      send: async (chunk, offset) => {
        const outcome = await outcomeOf(send(chunk));
        if (outcome.repeated) repeatedChunks.add(offset / MAX_WRITE_BATCH);
        if (ambiguousOn5xx && outcome.status >= 500) {
          const cause = core.toError(outcome.status, outcome.body, method, at);
          return {
            error: new ApiError({
              status: outcome.status,
              code: ErrorCodes.AMBIGUOUS,
              details: { ...cause.details, serverCode: cause.code },
              method,
              path: at,
              message:
                `${cause.message}. The create may or may not have been applied, so it was not repeated: check ` +
                "for these records, or write with upsert, which is safe to repeat.",
            }),
          };
        }
        return outcome;
      },
      describeWholeFailure: (status, body) => core.toError(status, body, method, at),
    });
    if (afterRepeat && repeatedChunks.size > 0) {
      result.failed = result.failed.map((failure) =>
        repeatedChunks.has(Math.floor(failure.index / MAX_WRITE_BATCH)) ? afterRepeat(failure) : failure,
      );
    }
    return result;
  }

  const api: LooseRecordsApi = {
    async list(module, options) {
      const query = listQuery(module, options);
      assertPositiveInteger(options.page, "page");
      if (options.page !== undefined) query.page = options.page;
      if (options.pageToken !== undefined) {
        if (typeof options.pageToken !== "string" || options.pageToken === "") {
          throw new ZohoKitError("pageToken must be the next_page_token string of a previous page.");
        }
        query.page_token = options.pageToken;
      }
      const perPage = options.perPage ?? MAX_PER_PAGE;
      if (query.page_token === undefined && (options.page ?? 1) * perPage > DISCRETE_PAGING_LIMIT) {
        throw new ZohoKitError(
          `Zoho serves page numbers only up to ${DISCRETE_PAGING_LIMIT} records (page ${options.page} x perPage ${perPage}). ` +
            "Pass the previous page's info.next_page_token as pageToken, or use records.iterate().",
        );
      }
      return listPage(module, query, options, options.signal);
    },

    iterate(module, options) {
      const query = listQuery(module, options);
      assertPositiveInteger(options.limit, "limit");
      const perPage = options.perPage ?? MAX_PER_PAGE;
      const fetchPage = (cursor: Cursor) => {
        const pageQuery: ListQuery = { ...query };
        if (cursor.pageToken !== undefined) pageQuery.page_token = cursor.pageToken;
        else pageQuery.page = cursor.page ?? 1;
        return listPage(module, pageQuery, options, options.signal);
      };
      return paginate(fetchPage, {
        perPage,
        signals: [options.signal, core.options.signal],
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
      });
    },

    async get(module, id, options = {}) {
      assertModule(module);
      assertRecordId(id);
      const query: { fields?: string } = {};
      const fields = fieldsParam(options.fields, false);
      if (fields !== undefined) query.fields = fields;
      const { data } = await core.unwrap(backend.get(module, id, query, options.signal));
      const records = (data as { data?: ZohoRecord[] } | undefined)?.data;
      return records?.[0] ?? null;
    },

    async create(module, inputs, options = {}) {
      assertModule(module);
      assertBatch(inputs, "records.create");
      assertRecordInputs(inputs, "records.create", false);
      assertTrigger(options.trigger);
      const mode = options.retryUnsafe === true ? "idempotent" : "default";
      return batch(
        "POST",
        module,
        inputs,
        (chunk) => backend.create(module, writeBody(chunk, options), mode, options.signal),
        mode === "default",
      );
    },

    async update(module, inputs, options = {}) {
      assertModule(module);
      assertBatch(inputs, "records.update");
      assertRecordInputs(inputs, "records.update", true);
      assertTrigger(options.trigger);
      return batch(
        "PUT",
        module,
        inputs,
        (chunk) => backend.update(module, writeBody(chunk, options), options.signal),
        false,
      );
    },

    async upsert(module, inputs, options = {}) {
      assertModule(module);
      assertBatch(inputs, "records.upsert");
      assertRecordInputs(inputs, "records.upsert", false);
      assertTrigger(options.trigger);
      if (options.duplicateCheckFields !== undefined) fieldsParam(options.duplicateCheckFields, true);
      return batch(
        "POST",
        module,
        inputs,
        (chunk) => backend.upsert(module, writeBody(chunk, options), options.signal),
        false,
      );
    },

    async delete(module, ids, options = {}) {
      assertModule(module);
      assertBatch(ids, "records.delete");
      ids.forEach((id, index) => {
        assertRecordId(id, `records.delete: id ${index}`);
      });
      return batch(
        "DELETE",
        module,
        ids,
        async (chunk) => {
          const query: { ids: string; wf_trigger?: boolean } = { ids: chunk.join(",") };
          if (options.wfTrigger !== undefined) query.wf_trigger = options.wfTrigger;
          const result = await backend.delete(module, query, options.signal);
          return result;
        },
        false,
        deletedByEarlierAttempt,
      ).then((result) => {
        // Zoho's delete results carry the id; fill it in from the input when an item lacks it.
        for (const success of result.succeeded) if (!success.id) success.id = ids[success.index]!;
        return result;
      });
    },

    async search(module, options) {
      const query = searchQuery(module, options, true);
      const { data } = await core.unwrap(backend.search(module, query, options.signal));
      return toPage(data);
    },

    searchAll(module, options) {
      const query = searchQuery(module, options, true);
      assertPositiveInteger(options.limit, "limit");
      const perPage = options.perPage ?? MAX_PER_PAGE;
      const at = path(module, "/search");
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      async function* pages(): AsyncGenerator<ZohoRecord, void, undefined> {
        let yielded = 0;
        const lastPage = Math.ceil(DISCRETE_PAGING_LIMIT / perPage);
        for (let page = 1; page <= lastPage; page++) {
          const { data } = await core.unwrap(
            backend.search(module, { ...query, page, per_page: perPage }, options.signal),
          );
          const { data: records, info } = toPage(data);
          for (const record of records) {
            if (yielded >= limit) return;
            throwIfAborted([options.signal, core.options.signal]);
            yield record;
            yielded++;
          }
          if (records.length === 0 || info.more_records !== true || yielded >= limit) return;
        }
        throw new ApiError({
          status: 0,
          code: "LIMIT_REACHED",
          details: { limit: String(DISCRETE_PAGING_LIMIT) },
          method: "GET",
          path: at,
          message:
            `The search matched more than ${DISCRETE_PAGING_LIMIT} records, the most Zoho returns for a search; the first ` +
            `${yielded} were yielded. Narrow the criteria, or scan with records.iterate().`,
        });
      }
      return pages();
    },

    async count(module, options = {}) {
      const hasFilter = ["criteria", "email", "phone", "word"].some(
        (k) => (options as Record<string, unknown>)[k] !== undefined,
      );
      assertModule(module);
      const query = hasFilter ? searchQuery(module, options, false) : {};
      const { data } = await core.unwrap(backend.count(module, query, options.signal));
      const count = (data as { count?: unknown } | undefined)?.count;
      if (data === undefined) return 0;
      if (typeof count !== "number") {
        throw new ApiError({
          status: 200,
          code: ErrorCodes.INVALID_RESPONSE,
          details: {},
          method: "GET",
          path: path(module, "/actions/count"),
          message: `GET ${path(module, "/actions/count")} answered without a numeric count.`,
        });
      }
      return count;
    },
  };
  return api;
}
