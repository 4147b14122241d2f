/**
 * records.changes(): what changed in a module since a time or a checkpoint: upserts (records modified after it) and
 * deletes (records deleted after it), each once per run, and a checkpoint from which the next run resumes.
 *
 * Upserts are read sorted by Modified_Time, ascending, by keyset: each request asks, with If-Modified-Since, for
 * what was modified after (one second before) the last Modified_Time read, so a record written during the read
 * moves to the end, where it is read, and never shifts others past a page boundary. Only when more than a page
 * shares one second does the scan page by offset within that second; should a record read there change during the
 * run, the next checkpoint starts at that second again. The checkpoint starts the next window at the run's start
 * (the earlier of the client's clock and the server's Date header) minus an overlap, and carries the changes already
 * handed over from that time on, so the overlap is read again but not handed over twice.
 */
import type { Call, Reply } from "../call.js";
import { isObject } from "../error-body.js";
import { ApiError, ZohoKitError } from "../errors.js";
import { sinceMs, zohoTime } from "../groups/shared.js";
import { assertModule, assertOptions, assertPositiveInteger, refuse } from "../validate.js";
import type { RecordsContext } from "./context.js";
import type { DeletedReader, DeletedRecord } from "./deleted.js";
import { fieldsParam, MAX_FIELDS, MAX_PER_PAGE } from "./options.js";
import { DISCRETE_PAGING_LIMIT, throwIfAborted } from "./paging.js";
import { toPage } from "./read.js";
import type { ZohoRecord } from "./types.js";

/** Where a run of records.changes() resumes: plain JSON, to store between runs. */
export interface ChangesCheckpoint {
  version: 1;
  module: string;
  /** The next run reads what changed after this time (ISO 8601, UTC). */
  since: string;
  /**
   * Changes from `since` on that were already handed over (`<id>@<Modified_Time>`, `-<id>@<deleted_time>`), so the
   * next run does not hand them over again. At most MAX_CHECKPOINT_SEEN, the newest.
   */
  seen: string[];
}

export type Change<R> =
  | { kind: "upsert"; record: R }
  | { kind: "delete"; id: string; deletedAt: string; deleted: DeletedRecord };

/** One run: iterate it once; then checkpoint() gives where the next run resumes. */
export interface ChangesRun<R> extends AsyncIterable<Change<R>> {
  /**
   * The checkpoint of the next run. After a complete run it starts where this one started, minus the overlap;
   * before the run is complete (not iterated yet, stopped early, failed) it reads this run's window again, without
   * handing over what this run already did.
   */
  checkpoint(): ChangesCheckpoint;
}

export interface ChangesOptions {
  /** Fields of the upserted records (Modified_Time is added): at most 49 others. */
  fields: readonly string[];
  /** The first run: changes after this time. */
  since?: Date | string;
  /** A later run: the checkpoint of the one before. */
  checkpoint?: ChangesCheckpoint;
  /** How far each window reaches back into the one before (default 5 minutes): clock skew, Zoho's indexing lag. */
  overlapMs?: number;
  perPage?: number;
  signal?: AbortSignal;
}

export const DEFAULT_CHANGES_OVERLAP_MS = 5 * 60 * 1000;
export const MAX_CHECKPOINT_SEEN = 5000;
/** A bound on the requests of one run's upsert scan (10 million records at 200 a page). */
const MAX_SCAN_REQUESTS = 50_000;
const SECOND = 1000;

function checkpointOf(value: unknown, module: string): ChangesCheckpoint {
  if (!isObject(value) || value.version !== 1) {
    throw refuse("checkpoint must be one that records.changes() handed back (version 1)", value);
  }
  if (value.module !== module) {
    throw refuse(`This checkpoint is of module ${String(value.module)}, not ${module}`, value.module);
  }
  sinceMs(value.since, "checkpoint.since");
  const seen = value.seen;
  if (
    !Array.isArray(seen) ||
    seen.length > MAX_CHECKPOINT_SEEN ||
    seen.some((key) => typeof key !== "string" || key.length > 100)
  ) {
    throw refuse(`checkpoint.seen must be at most ${MAX_CHECKPOINT_SEEN} strings`, seen);
  }
  return value as unknown as ChangesCheckpoint;
}

function invalidAnswer(path: string, message: string): ApiError {
  return new ApiError({
    status: 200,
    code: "INVALID_RESPONSE",
    method: "GET",
    path,
    message: `GET ${path}: ${message}`,
  });
}

/** A second the upsert scan paged by offset, and the ids it read there (a change to one may shift the others). */
interface Tie {
  cursor: number;
  ids: Set<string>;
}

interface RunState {
  /** When the run started: the earlier of the client's clock and the server's Date header. */
  runStart: number;
  /** The earliest tie whose records may have shifted during the run: the next run reads from it again. */
  pin: number;
  ties: Tie[];
}

/** The earliest tie that read this id; Infinity when none did. */
function pinOf(ties: readonly Tie[], id: string): number {
  for (const tie of ties) if (tie.ids.has(id)) return tie.cursor;
  return Number.POSITIVE_INFINITY;
}

/** Keys of handed-over changes with their times, kept newest first and bounded. */
class SeenList {
  private entries: { key: string; ms: number }[] = [];
  add(key: string, ms: number): void {
    this.entries.push({ key, ms });
    if (this.entries.length > 2 * MAX_CHECKPOINT_SEEN) this.trim();
  }
  private trim(): void {
    this.entries.sort((a, b) => b.ms - a.ms);
    this.entries.length = Math.min(this.entries.length, MAX_CHECKPOINT_SEEN);
  }
  from(ms: number): string[] {
    this.trim();
    return this.entries.filter((entry) => entry.ms >= ms).map((entry) => entry.key);
  }
}

export function createChangesReader(
  core: RecordsContext,
  prefix: string,
  deleted: DeletedReader,
): (module: string, options: ChangesOptions) => ChangesRun<ZohoRecord> {
  return (module, options) => {
    assertModule(module);
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError(
        'records.changes needs options: { fields: ["..."], since } or { fields, checkpoint }.',
      );
    }
    assertOptions(options, "records.changes options");
    if ((options.since === undefined) === (options.checkpoint === undefined)) {
      throw new ZohoKitError(
        "records.changes takes exactly one of `since` (the first run) and `checkpoint` (what the last run handed back).",
      );
    }
    // The fields given are checked as any list's (1 to 50); Modified_Time is then added when missing.
    fieldsParam(options.fields, true);
    const given = (options.fields as readonly string[]).filter((field) => field !== "Modified_Time");
    if (given.length > MAX_FIELDS - 1) {
      throw refuse(
        `records.changes reads Modified_Time besides the fields given, so it takes at most ${MAX_FIELDS - 1} others`,
        given.length,
      );
    }
    const fields = fieldsParam([...given, "Modified_Time"], true)!;
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    assertPositiveInteger(options.overlapMs, "overlapMs", 7 * 24 * 3600 * SECOND, 0);
    const previous = options.checkpoint === undefined ? undefined : checkpointOf(options.checkpoint, module);
    const windowStart = previous ? sinceMs(previous.since) : sinceMs(options.since);
    const overlap = options.overlapMs ?? DEFAULT_CHANGES_OVERLAP_MS;
    const perPage = options.perPage ?? MAX_PER_PAGE;
    const signals = [options.signal, core.options.signal];
    const listPath = `${prefix}/${module}`;
    const skip = new Set(previous?.seen ?? []);
    const handed = new SeenList();
    for (const key of previous?.seen ?? []) {
      const at = Date.parse(key.slice(key.lastIndexOf("@") + 1));
      if (Number.isFinite(at)) handed.add(key, at);
    }

    let next: ChangesCheckpoint | undefined;
    let started = false;

    async function* upserts(state: RunState): AsyncGenerator<Change<ZohoRecord>> {
      const base: Call = {
        method: "GET",
        path: `${prefix}/{module_api_name}`,
        params: { module_api_name: module },
        query: { fields, sort_by: "Modified_Time", sort_order: "asc", per_page: perPage },
        signal: options.signal,
      };
      const clientStart = Date.now();
      let cursor = windowStart;
      let page = 1;
      let pageToken: string | undefined;
      /** (id@Modified_Time) read at or after the cursor: a keyset step re-reads that edge. */
      const recent = new Map<string, number>();
      /** Ids read at the cursor so far; they are ahead of the offset once the scan pages within one second. */
      let atCursor = new Set<string>();
      let tie: Tie | undefined;
      for (let requests = 0; ; requests++) {
        if (requests >= MAX_SCAN_REQUESTS) {
          throw new ApiError({
            status: 0,
            code: "PAGING_LOOP",
            method: "GET",
            path: listPath,
            message: `GET ${listPath}: records.changes() read ${requests} pages without reaching the end; stopping.`,
          });
        }
        throwIfAborted(signals, `GET ${listPath}`);
        const reply: Reply = await core.request({
          ...base,
          query: { ...base.query, ...(pageToken !== undefined ? { page_token: pageToken } : { page }) },
          headers: { "If-Modified-Since": zohoTime(cursor) },
        });
        if (requests === 0) {
          const serverDate = Date.parse(reply.headers.get("date") ?? "");
          state.runStart = Number.isFinite(serverDate) ? Math.min(clientStart, serverDate) : clientStart;
        }
        if (reply.status === 304 || reply.body === undefined) return;
        const { data, info } = toPage(reply.body);
        let lastMs = cursor;
        for (const record of data) {
          const modified = record.Modified_Time;
          const ms = typeof modified === "string" ? Date.parse(modified) : Number.NaN;
          if (typeof record.id !== "string" || !Number.isFinite(ms)) {
            throw invalidAnswer(
              listPath,
              "a record came without an id or a Modified_Time; changes() needs both.",
            );
          }
          lastMs = ms;
          const key = `${record.id}@${modified}`;
          const known = recent.has(key) || skip.has(key);
          // A new version of a record read where the scan paged by offset: the records after it may have shifted.
          if (!known) state.pin = Math.min(state.pin, pinOf(state.ties, record.id));
          atCursor.add(record.id);
          if (known) continue;
          recent.set(key, ms);
          handed.add(key, ms);
          yield { kind: "upsert", record };
        }
        if (info.more_records !== true || data.length === 0) return;
        if (lastMs - SECOND > cursor) {
          // A keyset step: everything before the last second of this page has been read.
          cursor = lastMs - SECOND;
          page = 1;
          pageToken = undefined;
          tie = undefined;
          atCursor = new Set();
          for (const [key, ms] of recent) if (ms < cursor) recent.delete(key);
          if (cursor >= state.runStart) return;
          continue;
        }
        // More than a page within one second: page by offset at this cursor.
        if (!tie) {
          tie = { cursor, ids: atCursor };
          state.ties.push(tie);
        }
        page++;
        if (page * perPage > DISCRETE_PAGING_LIMIT) {
          const token = info.next_page_token;
          if (typeof token !== "string" || token === "" || token === pageToken) {
            throw invalidAnswer(
              listPath,
              `more than ${DISCRETE_PAGING_LIMIT} records in one second, and no new page token.`,
            );
          }
          pageToken = token;
        }
      }
    }

    async function* run(): AsyncGenerator<Change<ZohoRecord>> {
      if (started) throw new ZohoKitError("A records.changes() run can be iterated once; start another run.");
      started = true;
      const state: RunState = { runStart: Date.now(), pin: Number.POSITIVE_INFINITY, ties: [] };
      yield* upserts(state);
      for await (const record of deleted(module, {
        type: "all",
        since: new Date(windowStart),
        ...(options.signal ? { signal: options.signal } : {}),
      })) {
        const ms = Date.parse(record.deleted_time);
        const key = `-${record.id}@${record.deleted_time}`;
        state.pin = Math.min(state.pin, pinOf(state.ties, record.id));
        if (skip.has(key)) continue;
        if (Number.isFinite(ms)) handed.add(key, ms);
        yield { kind: "delete", id: record.id, deletedAt: record.deleted_time, deleted: record };
      }
      const since = Math.min(state.runStart - overlap, state.pin);
      next = { version: 1, module, since: zohoTime(since), seen: handed.from(since) };
    }

    return {
      [Symbol.asyncIterator]: run,
      checkpoint() {
        return next ?? { version: 1, module, since: zohoTime(windowStart), seen: handed.from(windowStart) };
      },
    };
  };
}
