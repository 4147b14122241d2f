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
  /**
   * For scans without page tokens (search): the error to raise when more records follow the 2,000 that page
   * numbers reach, given how many were read.
   */
  beyondPages?: (records: number) => Error;
}

/** Throws the reason of the first aborted signal. */
export function throwIfAborted(signals: ReadonlyArray<AbortSignal | undefined> = []): void {
  for (const signal of signals) if (signal?.aborted) throw signal.reason;
}

function expired(error: ApiError, yielded: number): ApiError {
  return new ApiError({
    status: error.status,
    code: error.code,
    details: error.details,
    method: error.method,
    path: error.path,
    message:
      `${error.message} The page token expired (Zoho keeps them 24 hours) after ${yielded} records: restart the ` +
      "scan, e.g. sorted by Modified_Time from the last record processed.",
  });
}

/**
 * Records across pages, one page in memory at a time. Uses page numbers while the next page ends within 2,000
 * records, then the page token Zoho returned, and stops when `more_records` is false or a page is empty.
 * Hand-written rather than an async generator: a record already in memory costs one resolved promise.
 */
class PageIterator<R> implements AsyncIterableIterator<R> {
  private page: R[] = [];
  private index = 0;
  private yielded = 0;
  private cursor: Cursor | undefined = { page: 1 };
  private filling: Promise<IteratorResult<R, undefined>> | undefined;
  /** Why the scan cannot go on; raised once the records already in memory have been yielded. */
  private stop: unknown;
  private readonly seenTokens = new Set<string>();

  constructor(
    private readonly fetchPage: (cursor: Cursor) => Promise<Page<R>>,
    private readonly options: PaginateOptions,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<R, undefined>> {
    if (this.filling) return this.filling.then(() => this.next());
    const { limit, signals } = this.options;
    if (limit !== undefined && this.yielded >= limit) return this.finish();
    if (this.index < this.page.length) {
      try {
        throwIfAborted(signals);
      } catch (error) {
        this.finish();
        return Promise.reject(error);
      }
      this.yielded++;
      return Promise.resolve({ value: this.page[this.index++] as R, done: false });
    }
    if (this.stop !== undefined) {
      const reason = this.stop;
      this.stop = undefined;
      this.finish();
      return Promise.reject(reason);
    }
    if (this.cursor === undefined) return this.finish();
    this.filling = this.fill().finally(() => {
      this.filling = undefined;
    });
    return this.filling;
  }

  return(): Promise<IteratorResult<R, undefined>> {
    return this.finish();
  }

  private finish(): Promise<IteratorResult<R, undefined>> {
    this.cursor = undefined;
    this.page = [];
    this.index = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  private async fill(): Promise<IteratorResult<R, undefined>> {
    const cursor = this.cursor!;
    let page: Page<R>;
    try {
      page = await this.fetchPage(cursor);
    } catch (error) {
      this.finish();
      if (error instanceof ApiError && error.code === "EXPIRED_VALUE" && cursor.pageToken !== undefined) {
        throw expired(error, this.yielded);
      }
      throw error;
    }
    this.page = page.data;
    this.index = 0;
    this.cursor = undefined;
    if (page.data.length > 0 && page.info.more_records === true) {
      try {
        this.cursor = this.after(cursor, page);
      } catch (error) {
        this.stop = error;
      }
    }
    this.filling = undefined;
    return this.next();
  }

  private after(cursor: Cursor, page: Page<R>): Cursor {
    const nextPage = (cursor.page ?? 0) + 1;
    if (cursor.page !== undefined && nextPage * this.options.perPage <= DISCRETE_PAGING_LIMIT)
      return { page: nextPage };
    const { beyondPages } = this.options;
    if (beyondPages) throw beyondPages(this.yielded + page.data.length);
    const token = page.info.next_page_token;
    if (typeof token !== "string" || token === "") {
      throw new ZohoKitError(
        `Zoho reported more records after ${this.yielded + page.data.length} but gave no next_page_token, which is ` +
          `needed past ${DISCRETE_PAGING_LIMIT} records. Narrow the scan with a custom view (cvid) or sort order.`,
      );
    }
    if (this.seenTokens.has(token)) {
      throw new ZohoKitError(
        `Zoho returned the same next_page_token twice after ${this.yielded} records; stopping.`,
      );
    }
    this.seenTokens.add(token);
    return { pageToken: token };
  }
}

export function paginate<R>(
  fetchPage: (cursor: Cursor) => Promise<Page<R>>,
  options: PaginateOptions,
): AsyncIterableIterator<R> {
  return new PageIterator(fetchPage, options);
}
