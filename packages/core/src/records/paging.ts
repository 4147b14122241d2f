import { ApiError, ZohoKitError } from "../errors.js";
import type { Page } from "./types.js";

/** Zoho serves `page` numbers only for the first 2,000 records; past that it takes `page_token`s. */
export const DISCRETE_PAGING_LIMIT = 2000;

export interface Cursor {
  page?: number;
  pageToken?: string;
}

export interface PaginateOptions {
  perPage: number;
  /** Stop after this many records. */
  limit?: number;
  /** Once any of these aborts, no further record is yielded, even from a page already in memory. */
  signals?: ReadonlyArray<AbortSignal | undefined>;
}

/** Throws the reason of the first aborted signal. */
export function throwIfAborted(signals: ReadonlyArray<AbortSignal | undefined> = []): void {
  for (const signal of signals) if (signal?.aborted) throw signal.reason;
}

/**
 * Yields records across pages, holding one page at a time. Uses page numbers while the next page ends within
 * 2,000 records, then the page token Zoho returned, and stops when `more_records` is false or a page is empty.
 */
export async function* paginate<R>(
  fetchPage: (cursor: Cursor) => Promise<Page<R>>,
  { perPage, limit, signals }: PaginateOptions,
): AsyncGenerator<R, void, undefined> {
  let yielded = 0;
  let cursor: Cursor = { page: 1 };
  const seenTokens = new Set<string>();
  while (limit === undefined || yielded < limit) {
    let page: Page<R>;
    try {
      page = await fetchPage(cursor);
    } catch (error) {
      if (error instanceof ApiError && error.code === "EXPIRED_VALUE" && cursor.pageToken !== undefined) {
        throw new ApiError({
          status: error.status,
          code: error.code,
          details: error.details,
          method: error.method,
          path: error.path,
          message:
            `${error.message} The page token expired (Zoho keeps them for 24 hours) after ${yielded} records: ` +
            "restart the scan, for example sorted by Modified_Time and resumed from the last record you processed.",
        });
      }
      throw error;
    }
    for (const record of page.data) {
      if (limit !== undefined && yielded >= limit) return;
      throwIfAborted(signals);
      yield record;
      yielded++;
    }
    if (page.data.length === 0 || page.info.more_records !== true) return;
    const nextPage = (cursor.page ?? 0) + 1;
    if (cursor.page !== undefined && nextPage * perPage <= DISCRETE_PAGING_LIMIT) {
      cursor = { page: nextPage };
      continue;
    }
    const token = page.info.next_page_token;
    if (typeof token !== "string" || token === "") {
      throw new ZohoKitError(
        `Zoho reported more records after ${yielded} but gave no next_page_token, which is needed past ` +
          `${DISCRETE_PAGING_LIMIT} records. Narrow the scan with a custom view (cvid) or sort order.`,
      );
    }
    if (seenTokens.has(token)) {
      throw new ZohoKitError(
        `Zoho returned the same next_page_token twice after ${yielded} records; stopping.`,
      );
    }
    seenTokens.add(token);
    cursor = { pageToken: token };
  }
}
