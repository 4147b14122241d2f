import { ApiError, abortedError } from "../errors.js";
import { IdSet } from "./id-set.js";
import type { Page } from "./types.js";

/** Zoho serves `page` numbers only for the first 2,000 records; past that it takes `page_token`s. */
export const DISCRETE_PAGING_LIMIT = 2000;
/** The most records Zoho serves to one list scan (page tokens end there: PAGINATION_LIMIT_EXCEEDED). */
export const PAGE_TOKEN_LIMIT = 100_000;

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
  /**
   * For scans without page tokens (search): the error to raise when more records follow the 2,000 that page
   * numbers reach, given how many were read.
   */
  beyondPages?: (records: number) => Error;
  /** Names the scan in errors: "GET /crm/v8/Leads". */
  what?: string;
  /**
   * How far page numbers go before the scan needs page tokens (default 2,000 records). Routes that take no
   * page_token (deleted records, CRM related lists) pass PAGE_TOKEN_LIMIT: the scan keeps asking for pages and
   * Zoho's refusal, if it comes, is the scan's error.
   */
  pageNumbersUpTo?: number;
}

/** Throws the ABORTED ApiError of the first aborted signal. */
export function throwIfAborted(
  signals: ReadonlyArray<AbortSignal | undefined> = [],
  what = "the scan",
): void {
  for (const signal of signals) {
    if (signal?.aborted) {
      const [method = "GET", path = what] = what.split(" ");
      throw abortedError(method, path, signal.reason);
    }
  }
}

function stopped(what: string, message: string): ApiError {
  const [method = "GET", path = what] = what.split(" ");
  return new ApiError({ status: 0, code: "PAGING_LOOP", method, path, message: `${what}: ${message}` });
}

/**
 * Records across pages, one page in memory at a time. Uses page numbers while the next page ends within 2,000
 * records, then the page token Zoho returned, and stops when `more_records` is false or a page is empty.
 * Bounded against servers that misbehave: a record already yielded (by id) is not yielded again, a page that
 * brings no new record ends the scan with PAGING_LOOP, so does a page token seen before, and so does going past
 * the 100,000 records Zoho serves to one scan.
 * Hand-written rather than an async generator: a record already in memory costs one resolved promise.
 */
export function paginate<R extends { id?: unknown }>(
  fetchPage: (cursor: Cursor) => Promise<Page<R>>,
  {
    perPage,
    limit,
    signals,
    beyondPages,
    what = "the scan",
    pageNumbersUpTo = DISCRETE_PAGING_LIMIT,
  }: PaginateOptions,
): AsyncIterableIterator<R> {
  let page: R[] = [];
  let index = 0;
  let yielded = 0;
  let cursor: Cursor | undefined = { page: 1 };
  let filling: Promise<IteratorResult<R, undefined>> | undefined;
  /** Why the scan cannot go on; raised once the records already in memory have been yielded. */
  let stop: unknown;
  const seenTokens = new Set<string>();
  const seenIds = new IdSet();

  const finish = (): Promise<IteratorResult<R, undefined>> => {
    cursor = undefined;
    page = [];
    index = 0;
    return Promise.resolve({ value: undefined, done: true });
  };

  const after = (current: Cursor, records: number, { info }: Page<R>): Cursor => {
    const nextPage = (current.page ?? 0) + 1;
    if (current.page !== undefined && nextPage * perPage <= pageNumbersUpTo) return { page: nextPage };
    if (beyondPages) throw beyondPages(records);
    if (records >= PAGE_TOKEN_LIMIT) {
      throw stopped(
        what,
        `the server reported more records after ${records}, past the ${PAGE_TOKEN_LIMIT} Zoho serves to one scan; ` +
          "stopping. Split the scan (a custom view, sort by Modified_Time in windows) or use records.changes().",
      );
    }
    const token = info.next_page_token;
    if (typeof token !== "string" || token === "") {
      throw stopped(
        what,
        `Zoho reported more records after ${records} but no next_page_token, needed past ` +
          `${DISCRETE_PAGING_LIMIT} records. Narrow the scan (cvid, sort order).`,
      );
    }
    if (seenTokens.has(token)) {
      throw stopped(what, `Zoho returned the same next_page_token twice after ${records} records; stopping.`);
    }
    seenTokens.add(token);
    return { pageToken: token };
  };

  const fill = async (): Promise<IteratorResult<R, undefined>> => {
    const current = cursor!;
    let result: Page<R>;
    try {
      result = await fetchPage(current);
    } catch (error) {
      finish();
      const tokenExpired =
        error instanceof ApiError && error.code === "EXPIRED_VALUE" && current.pageToken !== undefined;
      throw tokenExpired ? expired(error, yielded) : error;
    }
    page = [];
    for (const record of result.data) {
      const id = record?.id;
      if (id !== undefined && !seenIds.add(id)) continue;
      page.push(record);
    }
    index = 0;
    cursor = undefined;
    const seenSoFar = seenIds.size;
    if (result.data.length > 0 && page.length === 0 && result.info.more_records === true) {
      stop = stopped(
        what,
        `a page of ${result.data.length} records brought none not already read (after ${seenSoFar} distinct records): ` +
          "the server repeats itself (it may ignore paging); stopping rather than reading the same records again.",
      );
    } else if (page.length > 0 && result.info.more_records === true) {
      try {
        cursor = after(current, seenSoFar, result);
      } catch (error) {
        stop = error;
      }
    }
    filling = undefined;
    return next();
  };

  const next = (): Promise<IteratorResult<R, undefined>> => {
    if (filling) return filling.then(next);
    if (limit !== undefined && yielded >= limit) return finish();
    if (index < page.length) {
      try {
        throwIfAborted(signals, what);
      } catch (error) {
        finish();
        return Promise.reject(error);
      }
      yielded++;
      return Promise.resolve({ value: page[index++] as R, done: false });
    }
    if (stop !== undefined) {
      const reason = stop;
      stop = undefined;
      finish();
      return Promise.reject(reason);
    }
    if (cursor === undefined) return finish();
    filling = fill().finally(() => {
      filling = undefined;
    });
    return filling;
  };

  return {
    next,
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function expired(error: ApiError, yielded: number): ApiError {
  return new ApiError({
    ...error,
    message:
      `${error.message} The page token expired (Zoho keeps them 24 h) after ${yielded} records: restart the scan, ` +
      "e.g. by Modified_Time from the last record seen.",
  });
}
