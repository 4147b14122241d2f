import { ApiError } from "../errors.js";
import { isObject, readErrorBody } from "../http-error.js";
import type { BatchFailure, BatchResult, BatchSuccess } from "./types.js";

/** What one request of a batch produced: the items' results, or an error that took the whole request down. */
export type ChunkOutcome = { status: number; body: unknown } | { error: unknown };

function failure(index: number, error: unknown): BatchFailure {
  if (error instanceof ApiError) {
    return {
      index,
      code: error.code,
      message: error.message,
      details: { ...error.details, status: error.status },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const aborted = error instanceof Error && /^(Abort|Timeout)Error$/.test(error.name);
  return {
    index,
    code: aborted ? "ABORTED" : "NETWORK_ERROR",
    message: aborted ? `Aborted (${message}): not sent, or possibly applied if it was in flight.` : message,
    details: {},
  };
}

/**
 * Turns one request's answer into one result per item, in the chunk's order. Zoho answers writes with `data[]`
 * aligned with the inputs, on 200, 201, 207 and also on 400 when every item failed.
 */
export function chunkResults(
  outcome: ChunkOutcome,
  offset: number,
  size: number,
  describeWholeFailure: (status: number, body: unknown) => ApiError,
): { succeeded: BatchSuccess[]; failed: BatchFailure[] } {
  const succeeded: BatchSuccess[] = [];
  const failed: BatchFailure[] = [];
  const body = "error" in outcome ? undefined : outcome.body;
  const items = isObject(body) && Array.isArray(body.data) ? body.data : [];
  if ("error" in outcome || items.length !== size || !items.every(isObject)) {
    const error = "error" in outcome ? outcome.error : describeWholeFailure(outcome.status, body);
    for (let i = 0; i < size; i++) failed.push(failure(offset + i, error));
    return { succeeded, failed };
  }
  items.forEach((item, i) => {
    const index = offset + i;
    const details = isObject(item.details) ? item.details : {};
    if (item.status === "success" && typeof details.id === "string") {
      const success: BatchSuccess = { index, id: details.id, code: String(item.code ?? "SUCCESS"), details };
      if (item.action === "insert" || item.action === "update") success.action = item.action;
      if (typeof item.duplicate_field === "string")
        success.details = { ...details, duplicate_field: item.duplicate_field };
      succeeded.push(success);
    } else {
      const parts = readErrorBody(item, outcome.status);
      failed.push({ index, code: parts.code, message: parts.message || "the item was not written", details });
    }
  });
  return { succeeded, failed };
}

export interface RunBatchesOptions<T> {
  chunkSize: number;
  concurrency: number;
  send(chunk: readonly T[], offset: number): Promise<ChunkOutcome>;
  describeWholeFailure(status: number, body: unknown): ApiError;
}

/** Sends `items` in chunks, a bounded number at a time, and accounts for every item exactly once. */
export async function runBatches<T>(
  items: readonly T[],
  options: RunBatchesOptions<T>,
): Promise<BatchResult> {
  const { chunkSize, concurrency } = options;
  const chunkCount = Math.ceil(items.length / chunkSize);
  const succeeded: BatchSuccess[] = [];
  const failed: BatchFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunkCount) {
      const offset = next++ * chunkSize;
      const chunk = items.slice(offset, offset + chunkSize);
      let outcome: ChunkOutcome;
      try {
        outcome = await options.send(chunk, offset);
      } catch (error) {
        outcome = { error };
      }
      const results = chunkResults(outcome, offset, chunk.length, options.describeWholeFailure);
      succeeded.push(...results.succeeded);
      failed.push(...results.failed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunkCount) }, worker));
  succeeded.sort((a, b) => a.index - b.index);
  failed.sort((a, b) => a.index - b.index);
  return { succeeded, failed };
}
