import { ApiError, ZohoKitError } from "../errors.js";
import { notify } from "../hooks.js";
import { throwIfAborted } from "../records/paging.js";
import { linkSignals } from "../signals.js";
import { assertModule, assertOptions, assertPositiveInteger } from "../validate.js";
import { assertConditionCount, type CoqlCondition, combine, trustedCondition } from "./condition.js";
import { idOf, MAX_COQL_FIELDS, MAX_COQL_ROWS, resolveCriteria, selectList, selectText } from "./query.js";
import { type CoqlConfig, type CoqlContext, runCoql } from "./run.js";

type Row = Record<string, unknown>;

export interface LooseExportOptions {
  fields: readonly string[];
  criteria?: unknown;
  concurrency?: number;
  signal?: AbortSignal;
}

/** Zoho's refusals of COQL that records.iterate may still be allowed past (a connection without the COQL scope). */
const REFUSED = new Set(["OAUTH_SCOPE_MISMATCH", "NO_PERMISSION", "FEATURE_NOT_SUPPORTED", "NOT_SUPPORTED"]);
const MAX_CONCURRENCY = 25;

/** A range of ids read in id order: rows with cursor < id <= high. */
interface Partition {
  cursor: bigint;
  high: bigint;
  /** The id the partition started after, and rows read: its density, to judge whether splitting it pays. */
  start: bigint;
  read: number;
  busy: boolean;
}

/** A counting semaphore: pages fetched or buffered but not yet consumed. */
function slots(count: number) {
  let free = count;
  const waiting: (() => void)[] = [];
  return {
    acquire(): Promise<void> {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

export function createExport(
  core: CoqlContext,
  config: CoqlConfig,
  iterate: (
    module: string,
    options: { fields: readonly string[]; signal?: AbortSignal },
  ) => AsyncIterable<Row>,
) {
  return function exportRecords(module: string, options: LooseExportOptions): AsyncIterable<Row> {
    assertModule(module);
    assertOptions(options, "Export options");
    if (options === undefined)
      throw new ZohoKitError('Export options are required: at least { fields: ["..."] }.');
    const fields = selectList(options.fields, MAX_COQL_FIELDS - 1);
    const concurrency = options.concurrency ?? Math.min(core.options.maxConcurrency, MAX_CONCURRENCY);
    assertPositiveInteger(concurrency, "concurrency", MAX_CONCURRENCY);
    const criteria = options.criteria === undefined ? undefined : resolveCriteria(options.criteria);
    assertConditionCount(criteria?.conditions ?? 0, 2);
    const select = fields.includes("id") ? fields : [...fields, "id"];
    return run(module, select, fields, criteria, concurrency, options.signal);
  };

  async function* run(
    module: string,
    select: string[],
    fields: string[],
    criteria: CoqlCondition<unknown> | undefined,
    concurrency: number,
    userSignal: AbortSignal | undefined,
  ): AsyncGenerator<Row, void, undefined> {
    const what = `POST ${config.path}`;
    const stop = new AbortController();
    const { signal, unlink } = linkSignals([userSignal, core.options.signal, stop.signal]);
    const query = (where: CoqlCondition<unknown> | undefined, direction: "asc" | "desc", count: number) =>
      runCoql(
        core,
        config,
        selectText({
          module,
          fields: select,
          where,
          orders: [{ field: "id", direction }],
          limit: { count, offset: 0 },
        }),
        signal,
      );
    const withCriteria = (bounds: CoqlCondition<unknown>) =>
      criteria ? combine("and", [criteria, bounds]) : bounds;

    try {
      let ends: [Row[], Row[]];
      try {
        const [first, last] = await Promise.all([query(criteria, "asc", 1), query(criteria, "desc", 1)]);
        ends = [first.data, last.data];
      } catch (error) {
        if (!(error instanceof ApiError) || !REFUSED.has(error.code)) throw error;
        if (criteria) {
          throw new ApiError({
            ...error,
            message: `${error.message} records.export fell back to nothing: records.iterate cannot apply COQL criteria; grant the COQL scope or drop criteria.`,
            cause: error,
          });
        }
        notify(core.options.hooks?.onFallback, {
          operation: "records.export",
          module,
          code: error.code,
          fallback: "records.iterate",
        });
        yield* iterate(module, { fields, ...(userSignal ? { signal: userSignal } : {}) });
        return;
      }
      if (!ends[0][0] || !ends[1][0]) return;
      const low = idOf(ends[0][0], what);
      const high = idOf(ends[1][0], what);
      yield* readPartitions(plan(low - 1n, high, concurrency), concurrency, (part) =>
        query(
          withCriteria(trustedCondition(`(id > ${part.cursor} and id <= ${part.high})`)),
          "asc",
          MAX_COQL_ROWS,
        ).then((page) => ({ data: page.data, more: page.info.more_records })),
      );
    } finally {
      stop.abort(new ZohoKitError("records.export stopped"));
      unlink();
    }

    async function* readPartitions(
      partitions: Partition[],
      workers: number,
      fetch: (part: Partition) => Promise<{ data: Row[]; more: boolean }>,
    ): AsyncGenerator<Row, void, undefined> {
      const pages: Row[][] = [];
      const buffer = slots(workers * 2);
      let failure: { error: unknown } | undefined;
      let running = workers;
      let wake: (() => void) | undefined;
      const poke = () => {
        wake?.();
        wake = undefined;
      };

      const take = (): Partition | undefined => {
        const idle = partitions.find((p) => !p.busy && p.cursor < p.high);
        if (idle) return idle;
        // Nothing left to start: take the upper half of the partition with the most rows still to read.
        let best: Partition | undefined;
        let bestLeft = 0;
        for (const p of partitions) {
          const density = p.read / Number(p.cursor - p.start || 1n);
          const left = density * Number(p.high - p.cursor);
          if (p.busy && p.high - p.cursor > 1n && left > 2 * MAX_COQL_ROWS && left > bestLeft) {
            best = p;
            bestLeft = left;
          }
        }
        if (!best) return undefined;
        const middle = best.cursor + (best.high - best.cursor) / 2n;
        const upper: Partition = { cursor: middle, high: best.high, start: middle, read: 0, busy: false };
        best.high = middle;
        partitions.push(upper);
        return upper;
      };

      const worker = async () => {
        try {
          for (let part = take(); part; part = take()) {
            part.busy = true;
            while (part.cursor < part.high) {
              await buffer.acquire();
              throwIfAborted([signal], what);
              const requestedHigh = part.high;
              const { data: rows, more } = await fetch(part);
              // A split during the call moved `high` down: rows above it belong to the new partition.
              const kept = rows.filter((row) => {
                const id = idOf(row, what);
                return id > part!.cursor && id <= part!.high;
              });
              const lastId = kept.length ? idOf(kept[kept.length - 1]!, what) : undefined;
              const done =
                !more || rows.length < MAX_COQL_ROWS || kept.length < rows.length || lastId === undefined;
              if (lastId !== undefined && lastId <= part.cursor) throw loop(lastId, part.cursor);
              part.read += kept.length;
              part.cursor = done ? part.high : lastId!;
              if (done && requestedHigh === part.high) part.cursor = part.high;
              pages.push(kept);
              poke();
            }
            part.busy = false;
          }
        } catch (error) {
          failure ??= { error };
          stop.abort(error);
        } finally {
          running--;
          poke();
        }
      };

      const started = Array.from({ length: workers }, worker);
      try {
        while (true) {
          const page = pages.shift();
          if (page) {
            buffer.release();
            yield* page;
            continue;
          }
          if (failure) throw failure.error;
          if (running === 0) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        stop.abort(new ZohoKitError("records.export stopped"));
        for (let i = 0; i < workers * 2; i++) buffer.release();
        await Promise.allSettled(started);
      }
    }

    function loop(id: bigint, cursor: bigint): ApiError {
      return new ApiError({
        status: 200,
        code: "PAGING_LOOP",
        method: "POST",
        path: config.path,
        message: `${what}: a row with id ${id} came at or before id ${cursor}; the server does not page by id, stopping.`,
      });
    }
  }
}

/** The ids from after `before` to `high`, in `count` contiguous partitions (BigInt: ids pass Number's precision). */
export function plan(before: bigint, high: bigint, count: number): Partition[] {
  const span = high - before;
  const parts = BigInt(Math.max(1, Math.min(count, Number(span < 1_000_000n ? span : 1_000_000n))));
  const partitions: Partition[] = [];
  for (let i = 0n; i < parts; i++) {
    const low = before + (span * i) / parts;
    const top = i === parts - 1n ? high : before + (span * (i + 1n)) / parts;
    partitions.push({ cursor: low, high: top, start: low, read: 0, busy: false });
  }
  return partitions;
}
