import type { CoreClient, FetchResult } from "../client.js";
import { assertWellFormed, type Criteria, criteriaOperators, criteriaText } from "../criteria.js";
import { ApiError, ErrorCodes, ZohoKitError } from "../errors.js";
import { UNKNOWN_OUTCOME, wasRepeated } from "../transport.js";
import { runBatches } from "./batch.js";
import { type Cursor, DISCRETE_PAGING_LIMIT, paginate } from "./paging.js";
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
const SEARCH_FILTERS = ["criteria", "email", "phone", "word"] as const;

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
      `Not found when repeated after a lost answer: the earlier attempt may have deleted it (Zoho: ${failure.message}). ` +
      "Check whether it still exists.",
    details: { ...failure.details, serverCode: failure.code },
  };
}

function toPage(data: unknown): Page<ZohoRecord> {
  if (data === undefined) return { data: [], info: { count: 0, more_records: false } };
  const body = data as { data?: unknown; info?: unknown };
  return {
    data: Array.isArray(body.data) ? (body.data as ZohoRecord[]) : [],
    info: typeof body.info === "object" && body.info !== null ? (body.info as PageInfo) : {},
  };
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
    const fields = fieldsParam(options.fields, true)!;
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    assertOneOf(options.sortBy, "sortBy", SORT_BY);
    assertOneOf(options.sortOrder, "sortOrder", SORT_ORDER);
    if (options.cvid !== undefined) assertRecordId(options.cvid, "cvid (a custom view id)");
    config.checkList?.(module, options);
    // Parameters left undefined are not sent: openapi-fetch skips them.
    const { perPage, sortBy, sortOrder, cvid } = options;
    return { fields, per_page: perPage, sort_by: sortBy, sort_order: sortOrder, cvid };
  }

  async function pageOf(call: Result) {
    return toPage((await core.unwrap(call)).data);
  }

  function searchQuery(module: string, options: SearchOptions, paging: boolean): SearchQuery {
    assertModule(module);
    const given = SEARCH_FILTERS.filter((key) => options?.[key] !== undefined);
    if (given.length !== 1) {
      throw new ZohoKitError(
        `A search takes exactly one of criteria, email, phone or word; got ${given.join(" and ") || "none"}.` +
          (given.length > 1 ? " Combine conditions with and()/or() in criteria instead." : ""),
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
      if (typeof value !== "string" || value.trim().length < (key === "word" ? 2 : 1)) {
        throw new ZohoKitError(
          `${key} must be a string of at least ${key === "word" ? 2 : 1} characters; got ${JSON.stringify(value)}.`,
        );
      }
      assertWellFormed(value, key);
      query[key] = value;
    }
    if (!paging) return query;
    assertPositiveInteger(options.page, "page");
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    const fields = fieldsParam(options.fields, false);
    return { ...query, fields, page: options.page, per_page: options.perPage };
  }

  /**
   * Checks a write and sends it in chunks. `afterRepeat` rewrites the per-item failures of a chunk whose request
   * was repeated after an attempt that may have been applied. Servers may echo credentials: answers are redacted
   * before use.
   */
  async function write<T>(
    method: string,
    what: string,
    module: string,
    items: readonly T[],
    options: UpsertOptions,
    send: (chunk: readonly T[]) => Result,
    ambiguousOn5xx = false,
    afterRepeat?: (failure: BatchFailure) => BatchFailure,
  ): Promise<BatchResult> {
    assertModule(module);
    assertBatch(items, what);
    if (method !== "DELETE") assertRecordInputs(items, what, method === "PUT");
    else for (const [index, id] of items.entries()) assertRecordId(id, `${what}: id ${index}`);
    assertTrigger(options.trigger);
    const at = path(module);
    const repeatedChunks = new Set<number>();
    const result = await runBatches(items, {
      chunkSize: MAX_WRITE_BATCH,
      concurrency,
      send: async (chunk, offset) => {
        const { data, error, response } = await send(chunk);
        const { status } = response;
        // Error bodies were redacted by the transport; per-item results of a 2xx are redacted here, one chunk at a
        // time while other chunks are still in flight.
        const body = response.ok ? core.redact(data) : error;
        if (wasRepeated(response)) repeatedChunks.add(offset / MAX_WRITE_BATCH);
        if (!ambiguousOn5xx || status < 500) return { status, body };
        const cause = core.toError(status, body, method, at);
        return {
          error: new ApiError({
            status,
            code: ErrorCodes.AMBIGUOUS,
            details: { ...cause.details, serverCode: cause.code },
            method,
            path: at,
            message: `${cause.message}. The create ${UNKNOWN_OUTCOME}, or write with upsert, which is safe to repeat.`,
          }),
        };
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

  function writeBody(data: readonly object[], options: UpsertOptions): WriteBody {
    // Undefined members are left out of the JSON.
    return {
      data: [...data],
      trigger: options.trigger,
      duplicate_check_fields: options.duplicateCheckFields,
    };
  }

  return {
    async list(module, options) {
      const query = listQuery(module, options);
      const { page, pageToken } = options;
      assertPositiveInteger(page, "page");
      if (pageToken !== undefined && (typeof pageToken !== "string" || pageToken === "")) {
        throw new ZohoKitError("pageToken must be the next_page_token string of a previous page.");
      }
      const perPage = options.perPage ?? MAX_PER_PAGE;
      if (pageToken === undefined && (page ?? 1) * perPage > DISCRETE_PAGING_LIMIT) {
        throw new ZohoKitError(
          `Page numbers reach only ${DISCRETE_PAGING_LIMIT} records (page ${page} x perPage ${perPage}): pass ` +
            "info.next_page_token as pageToken, or use records.iterate().",
        );
      }
      return pageOf(backend.list(module, { ...query, page, page_token: pageToken }, options, options.signal));
    },

    iterate(module, options) {
      const query = listQuery(module, options);
      assertPositiveInteger(options.limit, "limit");
      return paginate(
        (cursor: Cursor) =>
          pageOf(
            backend.list(
              module,
              cursor.pageToken !== undefined
                ? { ...query, page_token: cursor.pageToken }
                : { ...query, page: cursor.page ?? 1 },
              options,
              options.signal,
            ),
          ),
        {
          perPage: options.perPage ?? MAX_PER_PAGE,
          signals: [options.signal, core.options.signal],
          limit: options.limit,
        },
      );
    },

    async get(module, id, options = {}) {
      assertModule(module);
      assertRecordId(id);
      const query = { fields: fieldsParam(options.fields, false) };
      const { data } = await core.unwrap(backend.get(module, id, query, options.signal));
      return (data as { data?: ZohoRecord[] } | undefined)?.data?.[0] ?? null;
    },

    async create(module, inputs, options = {}) {
      const mode = options.retryUnsafe === true ? "idempotent" : "default";
      return write(
        "POST",
        "records.create",
        module,
        inputs,
        options,
        (chunk) => backend.create(module, writeBody(chunk, options), mode, options.signal),
        mode === "default",
      );
    },

    async update(module, inputs, options = {}) {
      return write("PUT", "records.update", module, inputs, options, (chunk) =>
        backend.update(module, writeBody(chunk, options), options.signal),
      );
    },

    async upsert(module, inputs, options = {}) {
      if (options.duplicateCheckFields !== undefined) fieldsParam(options.duplicateCheckFields, true);
      return write("POST", "records.upsert", module, inputs, options, (chunk) =>
        backend.upsert(module, writeBody(chunk, options), options.signal),
      );
    },

    async delete(module, ids, options = {}) {
      const result = await write(
        "DELETE",
        "records.delete",
        module,
        ids,
        {},
        (chunk) =>
          backend.delete(module, { ids: chunk.join(","), wf_trigger: options.wfTrigger }, options.signal),
        false,
        deletedByEarlierAttempt,
      );
      // Zoho's delete results carry the id; fill it in from the input when an item lacks it.
      for (const success of result.succeeded) if (!success.id) success.id = ids[success.index]!;
      return result;
    },

    async search(module, options) {
      return pageOf(backend.search(module, searchQuery(module, options, true), options.signal));
    },

    searchAll(module, options) {
      const query = searchQuery(module, options, true);
      assertPositiveInteger(options.limit, "limit");
      const perPage = options.perPage ?? MAX_PER_PAGE;
      return paginate(
        (cursor: Cursor) =>
          pageOf(backend.search(module, { ...query, page: cursor.page, per_page: perPage }, options.signal)),
        {
          perPage,
          signals: [options.signal, core.options.signal],
          limit: options.limit,
          beyondPages: (records) =>
            new ApiError({
              status: 0,
              code: "LIMIT_REACHED",
              details: { limit: String(DISCRETE_PAGING_LIMIT) },
              method: "GET",
              path: path(module, "/search"),
              message:
                `More than ${DISCRETE_PAGING_LIMIT} records match, the most a Zoho search returns (${records} yielded): ` +
                "narrow the search, or scan with records.iterate().",
            }),
        },
      );
    },

    async count(module, options = {}) {
      const filtered = SEARCH_FILTERS.some((key) => options[key] !== undefined);
      assertModule(module);
      const { data } = await core.unwrap(
        backend.count(module, filtered ? searchQuery(module, options, false) : {}, options.signal),
      );
      if (data === undefined) return 0;
      const count = (data as { count?: unknown }).count;
      if (typeof count === "number") return count;
      const at = path(module, "/actions/count");
      throw new ApiError({
        status: 200,
        code: ErrorCodes.INVALID_RESPONSE,
        method: "GET",
        path: at,
        message: `GET ${at} answered without a numeric count.`,
      });
    },
  };
}
