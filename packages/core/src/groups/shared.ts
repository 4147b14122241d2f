/**
 * What the API groups (related records, notes, attachments, tags) share: the client they run on, the batch write
 * every group's writes go through, and the If-Modified-Since header.
 */
import type { Call, Method } from "../call.js";
import { ZohoKitError } from "../errors.js";
import { type ChunkShape, runBatches } from "../records/batch.js";
import type { RecordsContext } from "../records/context.js";
import { MAX_PER_PAGE } from "../records/options.js";
import { PAGE_TOKEN_LIMIT, paginate } from "../records/paging.js";
import { toPage } from "../records/read.js";
import type { BatchResult, Page, ZohoRecord } from "../records/types.js";
import type { Effect } from "../retry-policy.js";
import { assertPositiveInteger, refuse } from "../validate.js";

/** The client a group runs on: core's one request function and a few of its options (records use the same). */
export type GroupContext = RecordsContext;

/** Per-item results of a write arrive on 400 (all failed) and 207 (a mix) as well. */
export const acceptWriteAnswers = (status: number): boolean => status === 400 || status === 207;

/** One kind of batch write of a group: where it goes and how a chunk is sent. */
export interface GroupWrite<T> {
  method: Method;
  /** The path template of the app's spec. */
  path: string;
  params: Readonly<Record<string, string>>;
  effect: Effect;
  chunkSize: number;
  shape(chunk: readonly T[]): ChunkShape;
  /** The chunk's body or query; `params` when each chunk goes to a path of its own (one item a call). */
  payload(chunk: readonly T[]): Pick<Call, "body" | "query"> & { params?: Readonly<Record<string, string>> };
  signal?: AbortSignal | undefined;
}

/** Sends `items` in chunks through core.request and reports every item once (records/batch.ts). */
export function sendBatches<T>(
  core: GroupContext,
  items: readonly T[],
  write: GroupWrite<T>,
): Promise<BatchResult> {
  const at = write.path.replace(/\{([^{}]+)\}/g, (_, name: string) => write.params[name] ?? name);
  return runBatches(items, {
    chunkSize: write.chunkSize,
    concurrency: core.options.maxConcurrency,
    shape: write.shape,
    send: async (chunk) => {
      const payload = write.payload(chunk);
      const reply = await core.request({
        method: write.method,
        path: write.path,
        ...payload,
        params: { ...write.params, ...payload.params },
        effect: write.effect,
        signal: write.signal,
        accept: acceptWriteAnswers,
      });
      // Error answers were redacted by the transport; successes may echo what was sent.
      return reply.status < 300 ? { ...reply, body: core.redact(reply.body) } : reply;
    },
    describeWholeFailure: (status, body) => core.toError(status, body, write.method, at),
  });
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A time as Zoho writes it, in UTC with whole seconds: 2026-05-14T09:54:51+00:00. */
export function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * The milliseconds of a `since` option: a Date, or an ISO 8601 date-time with an offset ("2026-05-14T12:54:51+03:00",
 * or Z). Anything else is refused before any request.
 */
export function sinceMs(since: unknown, what = "since"): number {
  const ms =
    since instanceof Date
      ? since.getTime()
      : typeof since === "string" && ISO_WITH_OFFSET.test(since)
        ? Date.parse(since)
        : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw refuse(
      `${what} must be a Date or an ISO 8601 date-time with an offset, such as "2026-05-14T12:54:51+03:00"`,
      since instanceof Date ? "Invalid Date" : since,
    );
  }
  return ms;
}

/** The If-Modified-Since header of a `since` option, or undefined without one. */
export function sinceHeader(since: unknown): Record<string, string> | undefined {
  if (since === undefined) return undefined;
  return { "If-Modified-Since": zohoTime(sinceMs(since)) };
}

/** Refuses a `since` on a route of an app that does not take If-Modified-Since there. */
export function refuseSince(since: unknown, what: string): void {
  if (since !== undefined) {
    throw new ZohoKitError(`${what} takes no \`since\` in this app: its API has no If-Modified-Since there.`);
  }
}

interface ListReadOptions {
  page?: number | undefined;
  perPage?: number | undefined;
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** How a group reads a GET list: one page of it, or every page as a scan. */
export interface ListReader {
  page(call: Call, options: ListReadOptions): Promise<Page<ZohoRecord>>;
  /**
   * Every record of the list: page numbers, then page tokens where the route takes them (`pageTokens`); without
   * them page numbers go on, and Zoho's refusal past its limit, if it comes, ends the scan.
   */
  scan(
    call: Call,
    options: ListReadOptions,
    what: string,
    pageTokens: boolean,
  ): AsyncIterableIterator<ZohoRecord>;
}

export function listReader(core: GroupContext): ListReader {
  const read = async (call: Call) => toPage((await core.request(call)).body);
  return {
    page(call, options) {
      assertPositiveInteger(options.page, "page");
      return read({ ...call, query: { ...call.query, page: options.page } });
    },
    scan(call, options, what, pageTokens) {
      assertPositiveInteger(options.limit, "limit");
      return paginate(
        (cursor) =>
          read({
            ...call,
            query: {
              ...call.query,
              ...(cursor.pageToken !== undefined ? { page_token: cursor.pageToken } : { page: cursor.page }),
            },
          }),
        {
          perPage: options.perPage ?? MAX_PER_PAGE,
          limit: options.limit,
          signals: [options.signal, core.options.signal],
          what,
          ...(pageTokens ? {} : { pageNumbersUpTo: PAGE_TOKEN_LIMIT }),
        },
      );
    },
  };
}
