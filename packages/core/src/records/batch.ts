import type { Reply } from "../call.js";
import { isObject, readErrorBody } from "../error-body.js";
import { ApiError } from "../errors.js";
import type { BatchFailure, BatchResult, BatchSuccess } from "./types.js";

/**
 * Whole-request failures that every further chunk would repeat: the batch stops sending and throws an ApiError
 * carrying the partial result. Policy as data; per-item failures never stop a batch.
 */
export const STOP_BATCH_CODES: ReadonlySet<string> = new Set([
  "INVALID_TOKEN",
  "AUTHENTICATION_FAILURE",
  "OAUTH_SCOPE_MISMATCH",
  "NO_PERMISSION",
  "AUTHORIZATION_FAILED",
  "INVALID_MODULE",
  "INVALID_URL_PATTERN",
  "INVALID_REQUEST_METHOD",
  "NOT_SUPPORTED",
  "FEATURE_NOT_SUPPORTED",
  "REDIRECT",
  "NOT_SENT",
  "ABORTED",
]);
/** Statuses whose whole-request failures stop a batch too (unauthorized, forbidden, no such route). */
export const STOP_BATCH_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

/** What one request of a batch produced: its answer, or the error that ended it. */
export type ChunkOutcome = { reply: Reply } | { error: unknown };

/** What a batch knows of its inputs, to check the answer against them. */
export interface ChunkShape {
  /** The ids of the inputs (update, delete), when each names its record; otherwise undefined. */
  ids?: readonly string[];
  /** Whether a success must carry the new record's id (create, upsert) to be known as one. */
  needsId: boolean;
}

interface ChunkResults {
  succeeded: BatchSuccess[];
  failed: BatchFailure[];
  /** Set when the batch must stop: the request-level error every further chunk would meet. */
  stop?: ApiError;
}

const ambiguous = (index: number, message: string, details: Record<string, unknown> = {}): BatchFailure => ({
  index,
  code: "AMBIGUOUS",
  message,
  details,
});

function everyItem(offset: number, size: number, make: (index: number) => BatchFailure): BatchFailure[] {
  return Array.from({ length: size }, (_, i) => make(offset + i));
}

function describe(body: unknown): string {
  if (!isObject(body))
    return body === undefined ? "no body" : `a ${Array.isArray(body) ? "list" : typeof body}`;
  if (!("data" in body)) return "no `data`";
  if (!Array.isArray(body.data)) return "a `data` that is not a list";
  return `${body.data.length} results`;
}

/** Which input a result names: by id when the inputs carry ids, by its json_path, else by position. */
function claimOf(item: Record<string, unknown>, position: number, shape: ChunkShape): number | undefined {
  const details = isObject(item.details) ? item.details : {};
  const at = typeof details.json_path === "string" ? /^\$\.data\[(\d+)\]/.exec(details.json_path) : null;
  const id = details.id;
  if (shape.ids && typeof id === "string") {
    if (shape.ids[position] === id) return position;
    const first = shape.ids.indexOf(id);
    return first >= 0 && shape.ids.indexOf(id, first + 1) < 0 ? first : undefined;
  }
  if (at) return Number(at[1]);
  return position;
}

function requestLevel(status: number, body: unknown, size: number): boolean {
  if (!isObject(body) || !Array.isArray(body.data)) return true;
  const first = body.data[0];
  const wrapped = isObject(first) && isObject(first.details) && "resource_path_index" in first.details;
  return wrapped || (body.data.length === 1 && size > 1) || STOP_BATCH_STATUSES.has(status);
}

function failureOf(error: ApiError, index: number): BatchFailure {
  return {
    index,
    code: error.code,
    message: error.message,
    details: { ...error.details, status: error.status },
  };
}

/** The failure of every input of a chunk whose request threw. */
function thrown(error: unknown, offset: number, size: number): ChunkResults {
  if (!(error instanceof ApiError)) {
    const message = `The write ended in an unexpected error (${error instanceof Error ? error.message : String(error)}); it may or may not have been applied.`;
    return { succeeded: [], failed: everyItem(offset, size, (i) => ambiguous(i, message)) };
  }
  if (error.code === "ABORTED") {
    const sent = error.details.sent === true;
    const code = sent ? "AMBIGUOUS" : "NOT_SENT";
    const failed = everyItem(offset, size, (index) => ({ ...failureOf(error, index), code }));
    return { succeeded: [], failed, stop: error };
  }
  const stop = STOP_BATCH_CODES.has(error.code) || STOP_BATCH_STATUSES.has(error.status) ? error : undefined;
  return {
    succeeded: [],
    failed: everyItem(offset, size, (i) => failureOf(error, i)),
    ...(stop ? { stop } : {}),
  };
}

/**
 * Turns one request's answer into exactly one result per input. Zoho answers writes with `data[]`, one item per
 * input, on 200, 201, 207 and on 400 when every item failed. An answer that does not account for each input
 * (too few or too many items, items naming other records, a success without an id where one is needed) makes the
 * inputs it leaves unexplained AMBIGUOUS, never failed or succeeded.
 */
export function chunkResults(
  outcome: ChunkOutcome,
  offset: number,
  size: number,
  shape: ChunkShape,
  describeWholeFailure: (status: number, body: unknown) => ApiError,
): ChunkResults {
  if ("error" in outcome) return thrown(outcome.error, offset, size);
  const { status, body, repeated } = outcome.reply;
  const ok = status >= 200 && status < 300;
  if (!ok && requestLevel(status, body, size)) {
    return thrown(describeWholeFailure(status, body), offset, size);
  }
  const items = isObject(body) && Array.isArray(body.data) ? body.data : undefined;
  if (!items || items.length !== size || !items.every(isObject)) {
    const message =
      `Zoho answered ${status} with ${describe(body)} for ${size} records sent: it does not say what became of ` +
      "this one, which may or may not have been written. Check before retrying.";
    return { succeeded: [], failed: everyItem(offset, size, (i) => ambiguous(i, message, { status })) };
  }
  const claims = new Map<number, number[]>();
  items.forEach((item, position) => {
    const target = claimOf(item as Record<string, unknown>, position, shape);
    if (target === undefined || target < 0 || target >= size) return;
    const list = claims.get(target) ?? [];
    list.push(position);
    claims.set(target, list);
  });
  const succeeded: BatchSuccess[] = [];
  const failed: BatchFailure[] = [];
  for (let input = 0; input < size; input++) {
    const index = offset + input;
    const positions = claims.get(input);
    if (positions?.length !== 1) {
      failed.push(
        ambiguous(
          index,
          `Zoho's answer gave ${positions ? `${positions.length} results` : "no result"} for this record ` +
            "(its results were out of order or named other records): it may or may not have been written. Check before retrying.",
          { status },
        ),
      );
      continue;
    }
    const item = items[positions[0]!] as Record<string, unknown>;
    const details = isObject(item.details) ? item.details : {};
    if (item.status === "success") {
      const id = typeof details.id === "string" ? details.id : shape.ids?.[input];
      if (id === undefined || (shape.needsId && typeof details.id !== "string")) {
        failed.push(
          ambiguous(
            index,
            "Zoho reported success without the record's id: it was most likely written, but which record it is " +
              "cannot be told. Find it (e.g. by a unique field) before writing it again.",
            { ...details, status, serverCode: String(item.code ?? "SUCCESS") },
          ),
        );
        continue;
      }
      const success: BatchSuccess = { index, id, code: String(item.code ?? "SUCCESS"), details };
      if (item.action === "insert" || item.action === "update") success.action = item.action;
      if (typeof item.duplicate_field === "string")
        success.details = { ...details, duplicate_field: item.duplicate_field };
      succeeded.push(success);
      continue;
    }
    const parts = readErrorBody(item, status);
    if (repeated) {
      // The request was repeated after an attempt that may have been applied: this refusal may describe the state
      // that attempt left (a delete finds its record already gone, a create its own duplicate).
      failed.push(
        ambiguous(
          index,
          `Refused when repeated after an attempt whose answer was lost; the earlier attempt may have written it ` +
            `(Zoho: ${parts.code}${parts.message ? `, ${parts.message}` : ""}). Check it before retrying.`,
          { ...details, serverCode: parts.code },
        ),
      );
      continue;
    }
    failed.push({ index, code: parts.code, message: parts.message || "the item was not written", details });
  }
  return { succeeded, failed };
}

export interface RunBatchesOptions<T> {
  chunkSize: number;
  concurrency: number;
  /** What the inputs of a chunk say of themselves, to check the answer against. */
  shape(chunk: readonly T[]): ChunkShape;
  send(chunk: readonly T[], offset: number): Promise<Reply>;
  describeWholeFailure(status: number, body: unknown): ApiError;
}

/**
 * Sends `items` in chunks, a bounded number at a time, and accounts for every item exactly once. A request-level
 * failure that every chunk would repeat (or an abort) stops the sending: the chunks not yet sent are NOT_SENT,
 * and the ApiError is thrown with the whole result as `result`.
 */
export async function runBatches<T>(
  items: readonly T[],
  options: RunBatchesOptions<T>,
): Promise<BatchResult> {
  const { chunkSize, concurrency } = options;
  const chunkCount = Math.ceil(items.length / chunkSize);
  const succeeded: BatchSuccess[] = [];
  const failed: BatchFailure[] = [];
  let next = 0;
  let stop: ApiError | undefined;
  const worker = async () => {
    while (next < chunkCount && !stop) {
      const offset = next++ * chunkSize;
      const chunk = items.slice(offset, offset + chunkSize);
      let outcome: ChunkOutcome;
      try {
        outcome = { reply: await options.send(chunk, offset) };
      } catch (error) {
        outcome = { error };
      }
      const results = chunkResults(
        outcome,
        offset,
        chunk.length,
        options.shape(chunk),
        options.describeWholeFailure,
      );
      succeeded.push(...results.succeeded);
      failed.push(...results.failed);
      stop ??= results.stop;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunkCount) }, worker));
  if (stop) {
    for (let chunk = next; chunk < chunkCount; chunk++) {
      const offset = chunk * chunkSize;
      const size = Math.min(chunkSize, items.length - offset);
      for (let i = 0; i < size; i++) {
        failed.push({
          index: offset + i,
          code: "NOT_SENT",
          message: `Not sent: the write stopped when a request failed with ${stop.code}, which every request would meet.`,
          details: { stoppedBy: stop.code },
        });
      }
    }
  }
  succeeded.sort((a, b) => a.index - b.index);
  failed.sort((a, b) => a.index - b.index);
  const result = { succeeded, failed };
  if (stop) {
    const written = succeeded.length;
    throw new ApiError({
      status: stop.status,
      code: stop.code,
      details: stop.details,
      method: stop.method,
      path: stop.path,
      cause: stop,
      result,
      message:
        `${stop.message} The write stopped: ${written} of ${items.length} succeeded, ` +
        `${failed.filter((f) => f.code === "NOT_SENT").length} were not sent; error.result has every input.`,
    });
  }
  return result;
}
