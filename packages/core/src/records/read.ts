import type { Call } from "../call.js";
import { assertWellFormed, type Criteria, criteriaOperators, criteriaText } from "../criteria.js";
import { ApiError, ZohoKitError } from "../errors.js";
import type { Query } from "../url.js";
import {
  assertModule,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertRecordId,
  refuse,
} from "../validate.js";
import type { RecordsConfig, RecordsContext } from "./context.js";
import {
  type CountOptions,
  fieldsParam,
  type GetOptions,
  type IterateOptions,
  type ListOptions,
  MAX_PER_PAGE,
  type SearchAllOptions,
  type SearchOptions,
  SORT_BY,
  SORT_ORDER,
} from "./options.js";
import { type Cursor, DISCRETE_PAGING_LIMIT, paginate } from "./paging.js";
import type { Page, PageInfo, ZohoRecord } from "./types.js";

const SEARCH_FILTERS = ["criteria", "email", "phone", "word"] as const;

/** A page from a list or search answer; a 204 (no body) is an empty page. */
export function toPage(body: unknown): Page<ZohoRecord> {
  if (body === undefined) return { data: [], info: { count: 0, more_records: false } };
  const page = body as { data?: unknown; info?: unknown };
  return {
    data: Array.isArray(page.data) ? (page.data as ZohoRecord[]) : [],
    info: typeof page.info === "object" && page.info !== null ? (page.info as PageInfo) : {},
  };
}

export interface RecordsReader {
  list(module: string, options: ListOptions): Promise<Page<ZohoRecord>>;
  iterate(module: string, options: IterateOptions): AsyncIterable<ZohoRecord>;
  get(module: string, id: string, options?: GetOptions): Promise<ZohoRecord | null>;
  search(module: string, options: SearchOptions): Promise<Page<ZohoRecord>>;
  searchAll(module: string, options: SearchAllOptions): AsyncIterable<ZohoRecord>;
  count(module: string, options?: CountOptions): Promise<number>;
}

export function createRecordsReader(core: RecordsContext, config: RecordsConfig): RecordsReader {
  const { prefix } = config;
  const modulePath = `${prefix}/{module_api_name}`;
  const read = async (call: Call) => toPage((await core.request(call)).body);

  function listCall(module: string, options: ListOptions | IterateOptions): Call {
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
    const route = config.listRoute?.(module, options);
    const query: Query = { fields, per_page: perPage, sort_by: sortBy, sort_order: sortOrder, cvid };
    return {
      method: "GET",
      path: route?.path ?? modulePath,
      params: { module_api_name: module },
      query: route ? { ...query, ...route.query } : query,
      signal: options.signal,
    };
  }

  function searchQuery(module: string, options: SearchOptions, paging: boolean): Query {
    assertModule(module);
    assertOptions(options, "Search options");
    const given = SEARCH_FILTERS.filter((key) => options?.[key] !== undefined);
    if (given.length !== 1) {
      throw new ZohoKitError(
        `A search takes exactly one of criteria, email, phone or word; got ${given.join(" and ") || "none"}.` +
          (given[1] ? " Combine conditions with and()/or() in criteria instead." : ""),
      );
    }
    const [key] = given as [(typeof SEARCH_FILTERS)[number]];
    const value = options[key]!;
    const query: Record<string, string | number | undefined> = {};
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
    query.fields = fieldsParam(options.fields, false);
    query.page = options.page;
    query.per_page = options.perPage;
    return query;
  }

  const scan = (
    call: Call,
    options: IterateOptions | SearchAllOptions,
    perPage: number,
    cursorQuery: (cursor: Cursor) => Query,
    beyondPages?: (records: number) => Error,
  ) => {
    assertPositiveInteger(options.limit, "limit");
    const signals = [options.signal, core.options.signal];
    const what = `GET ${call.path.replace("{module_api_name}", String(call.params?.module_api_name))}`;
    return paginate((cursor) => read({ ...call, query: { ...call.query, ...cursorQuery(cursor) } }), {
      perPage,
      signals,
      limit: options.limit,
      beyondPages,
      what,
    });
  };

  return {
    async list(module, options) {
      const call = listCall(module, options);
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
      return read({ ...call, query: { ...call.query, page, page_token: pageToken } });
    },

    iterate(module, options) {
      const call = listCall(module, options);
      return scan(call, options, options.perPage ?? MAX_PER_PAGE, ({ page = 1, pageToken }) =>
        pageToken !== undefined ? { page_token: pageToken } : { page },
      );
    },

    async get(module, id, options = {}) {
      assertModule(module);
      assertRecordId(id);
      assertOptions(options, "Get options");
      const { body } = await core.request({
        method: "GET",
        path: `${prefix}/{module_api_name}/{record_id}`,
        params: { module_api_name: module, record_id: id },
        query: { fields: fieldsParam(options.fields, false) },
        signal: options.signal,
      });
      return (body as { data?: ZohoRecord[] } | undefined)?.data?.[0] ?? null;
    },

    async search(module, options) {
      return read({
        method: "GET",
        path: `${prefix}/{module_api_name}/search`,
        params: { module_api_name: module },
        query: searchQuery(module, options, true),
        signal: options.signal,
      });
    },

    searchAll(module, options) {
      const query = searchQuery(module, options, true);
      const perPage = options.perPage ?? MAX_PER_PAGE;
      const path = `${prefix}/${module}/search`;
      const call: Call = {
        method: "GET",
        path: `${prefix}/{module_api_name}/search`,
        params: { module_api_name: module },
        query: { ...query, per_page: perPage },
        signal: options.signal,
      };
      return scan(
        call,
        options,
        perPage,
        ({ page }) => ({ page }),
        (records) =>
          new ApiError({
            status: 0,
            code: "LIMIT_REACHED",
            details: { limit: String(DISCRETE_PAGING_LIMIT) },
            method: "GET",
            path,
            message:
              `More than ${DISCRETE_PAGING_LIMIT} records match, the most a Zoho search returns (${records} yielded): ` +
              "narrow the search, or scan with records.iterate().",
          }),
      );
    },

    async count(module, options = {}) {
      assertModule(module);
      assertOptions(options, "Count options");
      const filtered = SEARCH_FILTERS.some((key) => options[key] !== undefined);
      const { body } = await core.request({
        method: "GET",
        path: `${prefix}/{module_api_name}/actions/count`,
        params: { module_api_name: module },
        query: filtered ? searchQuery(module, options, false) : undefined,
        signal: options.signal,
      });
      if (body === undefined) return 0;
      const count = (body as { count?: unknown }).count;
      if (typeof count === "number") return count;
      const at = `${prefix}/${module}/actions/count`;
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
