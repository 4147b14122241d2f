/**
 * Deleted records of a module (`{prefix}/{module}/deleted`): in the recycle bin or gone for good, newest first,
 * across pages, optionally only those deleted after a time (If-Modified-Since; 304 when none).
 */
import type { Call } from "../call.js";
import { sinceHeader } from "../groups/shared.js";
import { assertModule, assertOneOf, assertOptions, assertPositiveInteger } from "../validate.js";
import type { RecordsContext } from "./context.js";
import { MAX_PER_PAGE } from "./options.js";
import { PAGE_TOKEN_LIMIT, paginate } from "./paging.js";
import { toPage } from "./read.js";
import type { Page } from "./types.js";

/** A deleted record. Zoho keeps only id, type and time of those deleted permanently (the rest is null). */
export interface DeletedRecord {
  id: string;
  deleted_time: string;
  deleted_by: { id: string; name?: string | null } | null;
  display_name: string | null;
  type: "recycle" | "permanent";
  created_by?: { id: string; name?: string | null } | null;
  [key: string]: unknown;
}

export type DeletedType = "all" | "recycle" | "permanent";
export const DELETED_TYPES: readonly DeletedType[] = ["all", "recycle", "permanent"];

export interface DeletedOptions {
  /** "all" (default), "recycle" (restorable) or "permanent". */
  type?: DeletedType;
  /** Only records deleted after this time (If-Modified-Since). */
  since?: Date | string;
  perPage?: number;
  /** Stop after this many records. */
  limit?: number;
  signal?: AbortSignal;
}

export type DeletedReader = (module: string, options?: DeletedOptions) => AsyncIterable<DeletedRecord>;

export function createDeletedReader(core: RecordsContext, prefix: string): DeletedReader {
  return (module, options = {}) => {
    assertModule(module);
    assertOptions(options, "records.deleted options");
    assertOneOf(options.type, "type", DELETED_TYPES);
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    assertPositiveInteger(options.limit, "limit");
    const headers = sinceHeader(options.since);
    const call: Call = {
      method: "GET",
      path: `${prefix}/{module_api_name}/deleted`,
      params: { module_api_name: module },
      query: { type: options.type, per_page: options.perPage },
      ...(headers ? { headers } : {}),
      signal: options.signal,
    };
    return paginate(
      async (cursor) =>
        toPage((await core.request({ ...call, query: { ...call.query, page: cursor.page } })).body) as Page<
          DeletedRecord & { id: string }
        >,
      {
        perPage: options.perPage ?? MAX_PER_PAGE,
        limit: options.limit,
        signals: [options.signal, core.options.signal],
        what: `GET ${prefix}/${module}/deleted`,
        // No page_token is documented for deleted records: page numbers go on until Zoho says otherwise.
        pageNumbersUpTo: PAGE_TOKEN_LIMIT,
      },
    );
  };
}
