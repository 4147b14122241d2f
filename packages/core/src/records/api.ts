import type { CoreClient, FetchResult } from "../client.js";
import { assertWellFormed, type Criteria, criteriaOperators, criteriaText } from "../criteria.js";
import { ApiError, ZohoKitError } from "../errors.js";
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
  refuse,
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
  /** `fetch: "idempotent"` repeats the request after failures that may have reached Zoho (`retryUnsafe`). */
  create(module: string, body: WriteBody, signal?: AbortSignal, fetch?: "idempotent"): Result;
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
    code: "AMBIGUOUS",
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
  const path = (module: string, suffix = "") => `${backend.prefix}/${module}${suffix}`;
  const pageOf = async (call: Result) => toPage((await core.unwrap(call)).data);
  const scan = (
    options: IterateOptions | SearchAllOptions,
    perPage: number,
    fetchPage: (cursor: Cursor) => Promise<Page<ZohoRecord>>,
    beyondPages?: (records: number) => Error,
  ) => {
    assertPositiveInteger(options.limit, "limit");
    const signals = [options.signal, core.options.signal];
    return paginate(fetchPage, { perPage, signals, limit: options.limit, beyondPages });
  };

  function listQuery(module: string, options: ListOptions | IterateOptions): ListQuery {
    assertModule(module);
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError('List options are required: at least { fields: ["..."] }.');
    }
    const fields = fieldsParam(options.fields, true)!;
    const { perPage, sortBy, sortOrder, cvid } = options;
    assertPositiveInteger(perPage, "perPage", MAX_PER_PAGE);
    assertOneOf(sortBy, "sortBy", SORT_BY);
    assertOneOf(sortOrder, "sortOrder", SORT_ORDER);
    if (cvid !== undefined) assertRecordId(cvid, "cvid (a custom view id)");
    config.checkList?.(module, options);
    // Parameters left undefined are not sent: openapi-fetch skips them.
    return { fields, per_page: perPage, sort_by: sortBy, sort_order: sortOrder, cvid };
  }

  function searchQuery(module: string, options: SearchOptions, paging: boolean): SearchQuery {
    assertModule(module);
    const given = SEARCH_FILTERS.filter((key) => options?.[key] !== undefined);
    if (given.length !== 1) {
      throw new ZohoKitError(
        `A search takes exactly one of criteria, email, phone or word; got ${given.join(" and ") || "none"}.` +
          (given[1] ? " Combine conditions with and()/or() in criteria instead." : ""),
      );
    }
    const [key] = given as [(typeof SEARCH_FILTERS)[number]];
    const value = options[key]!;
    const query: SearchQuery = {};
    if (key === "criteria") {
      query.criteria = criteriaText(value as Criteria | string);
      config.checkCriteria?.(module, criteriaOperators(value as Criteria | string));
    } else {
      const min = key === "word" ? 2 : 1;
      if (typeof value !== "string" || value.trim().length < min) {
        throw refuse(`${key} must be a string of at least ${min} characters`, value);
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
    name: string,
    module: string,
    items: readonly T[],
    options: UpsertOptions & DeleteOptions,
    send: (module: string, payload: never, signal?: AbortSignal) => Result,
    ambiguousOn5xx = false,
    afterRepeat?: (failure: BatchFailure) => BatchFailure,
  ): Promise<BatchResult> {
    const what = `records.${name}`;
    assertModule(module);
    assertBatch(items, what);
    if (method !== "DELETE") assertRecordInputs(items, what, method === "PUT");
    else for (const [index, id] of items.entries()) assertRecordId(id, `${what}: id ${index}`);
    assertTrigger(options.trigger);
    const at = path(module);
    const repeatedChunks = new Set<number>();
    const result = await runBatches(items, {
      chunkSize: MAX_WRITE_BATCH,
      concurrency: core.options.maxConcurrency,
      send: async (chunk, offset) => {
        // Undefined members are left out of the JSON and the query.
        const payload =
          method === "DELETE"
            ? { ids: chunk.join(","), wf_trigger: options.wfTrigger }
            : {
                data: [...chunk],
                trigger: options.trigger,
                duplicate_check_fields: options.duplicateCheckFields,
              };
        const { data, error, response } = await send(module, payload as never, options.signal);
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
            code: "AMBIGUOUS",
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
      return scan(options, options.perPage ?? MAX_PER_PAGE, ({ page = 1, pageToken }) =>
        pageOf(
          backend.list(
            module,
            pageToken !== undefined ? { ...query, page_token: pageToken } : { ...query, page },
            options,
            options.signal,
          ),
        ),
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
      const unsafe = options.retryUnsafe === true;
      return write(
        "POST",
        "create",
        module,
        inputs,
        options,
        unsafe ? (...args) => backend.create(...args, "idempotent") : backend.create,
        !unsafe,
      );
    },

    async update(module, inputs, options = {}) {
      return write("PUT", "update", module, inputs, options, backend.update);
    },

    async upsert(module, inputs, options = {}) {
      if (options.duplicateCheckFields !== undefined) fieldsParam(options.duplicateCheckFields, true);
      return write("POST", "upsert", module, inputs, options, backend.upsert);
    },

    async delete(module, ids, options = {}) {
      const result = await write(
        "DELETE",
        "delete",
        module,
        ids,
        { signal: options.signal, wfTrigger: options.wfTrigger },
        backend.delete,
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
      const perPage = options.perPage ?? MAX_PER_PAGE;
      return scan(
        options,
        perPage,
        ({ page }) => pageOf(backend.search(module, { ...query, page, per_page: perPage }, options.signal)),
        (records) =>
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
        code: "INVALID_RESPONSE",
        method: "GET",
        path: at,
        message: `GET ${at} answered without a numeric count.`,
      });
    },
  };
}
