/**
 * `@zohokit/crm/bulk`: Zoho CRM's Bulk Read API as an async iterable of records. Its own entry point, so the zip
 * reader (fflate) and the CSV reader load only for those who import it; `@zohokit/crm` stays as it was.
 *
 * One job reads up to 200,000 records; when Zoho says more_records, the next job reads the next page of the query.
 * Each job is created, polled with back-off (bounded by maxWaitMs, abortable), its ZIP downloaded as a stream,
 * inflated and parsed as it arrives, and each row converted by the field types of settings/fields.
 */
import {
  ApiError,
  type FieldOf,
  type LooseOrg,
  type ModuleName,
  type OrgShape,
  type SelectedRecord,
  ZohoKitError,
} from "@zohokit/core";
import {
  abortedError,
  assertFieldName,
  assertModule,
  assertOptions,
  assertPositiveInteger,
  type CoreClient,
  refuse,
  sleep,
} from "@zohokit/core/internal";
import type { CrmClient } from "../client.js";
import { coreOf } from "../core-handle.js";
import type { components, paths } from "../generated/zoho-crm.js";
import type { CrmSettingsApi } from "../settings.js";
import { type FieldTypes, rowReader } from "./convert.js";
import { CsvRows } from "./csv.js";
import { ZipCsv } from "./unzip.js";

/** Zoho's criteria of a bulk read: `{field: {api_name}, comparator, value}`, or `{group_operator, group: [...]}`. */
export type BulkCriteria = components["schemas"]["BulkCriteria"];
export type BulkReadJob = components["schemas"]["BulkReadJob"];

export interface BulkReadOptions<F extends string = string> {
  /** Field API names (at least one; `Id` is always read). */
  fields: readonly F[];
  criteria?: BulkCriteria;
  signal?: AbortSignal;
  /** The first wait between two status checks (default 2,000 ms); it doubles up to 30 s. */
  pollIntervalMs?: number;
  /** How long one job may take to complete before the read fails with BULK_READ_TIMEOUT (default 15 minutes). */
  maxWaitMs?: number;
  /** Called when a job is created and when it completes (progress, logs). */
  onJob?: (job: { id: string; page: number; state: string; count?: number }) => void;
}

const CREATE = "/crm/bulk/v8/read";
const JOB = "/crm/bulk/v8/read/{job_id}";
const RESULT = "/crm/bulk/v8/read/{job_id}/result";
/** 200,000 records a page: 5,000 pages is a billion records, past any org. */
const MAX_PAGES = 5000;
const MAX_POLL_DELAY_MS = 30_000;
/** Downloads of one result after the first, when the stream breaks or the ZIP is unreadable. */
const DOWNLOAD_RETRIES = 3;

type Core = CoreClient<paths>;

/**
 * Every record of `module` that matches `criteria`, read by Bulk Read jobs (200,000 records each), typed from the
 * client's Org as records.iterate types them (lookups carry `{id}` only: the CSV holds no names).
 */
export function bulkRead<
  O extends OrgShape<O> = LooseOrg,
  M extends ModuleName<O> = ModuleName<O>,
  F extends FieldOf<O, M> = FieldOf<O, M>,
>(crm: CrmClient<O>, module: M, options: BulkReadOptions<F>): AsyncIterable<SelectedRecord<O, M, F>> {
  const core = coreOf(crm, "bulkRead");
  assertModule(module);
  assertOptions(options, "bulkRead options");
  if (!Array.isArray(options.fields) || options.fields.length === 0) {
    throw refuse("bulkRead needs { fields }: a non-empty list of field API names", options.fields);
  }
  for (const field of options.fields) assertFieldName(field);
  assertPositiveInteger(options.pollIntervalMs, "pollIntervalMs");
  assertPositiveInteger(options.maxWaitMs, "maxWaitMs");
  if (options.criteria !== undefined && (typeof options.criteria !== "object" || options.criteria === null)) {
    throw refuse(
      "criteria is Zoho's bulk criteria object ({field: {api_name}, comparator, value} or a group)",
      options.criteria,
    );
  }
  const fields = options.fields.includes("Id" as F) ? [...options.fields] : ["Id", ...options.fields];
  const signals = [options.signal, core.options.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const settings = { ...options, fields, signal };
  return {
    [Symbol.asyncIterator]: () =>
      (readAll(core, crm.settings, module, settings) as AsyncGenerator<SelectedRecord<O, M, F>>)[
        Symbol.asyncIterator
      ](),
  };
}

type Settings = Omit<BulkReadOptions, "fields"> & { fields: string[]; signal: AbortSignal | undefined };

async function* readAll(
  core: Core,
  metadata: CrmSettingsApi,
  module: string,
  options: Settings,
): AsyncGenerator<Record<string, unknown>> {
  const types = await fieldTypes(metadata, module, options.signal);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const id = await createJob(core, module, page, options);
    options.onJob?.({ id, page, state: "ADDED" });
    const result = await completed(core, id, options);
    options.onJob?.({
      id,
      page,
      state: "COMPLETED",
      ...(result.count !== undefined ? { count: result.count } : {}),
    });
    yield* jobRecords(core, id, types, options.signal);
    if (result.more_records !== true) return;
    if (typeof result.page === "number") page = result.page;
  }
  throw new ZohoKitError(
    `bulkRead stopped after ${MAX_PAGES} jobs of ${module}: Zoho kept answering more_records.`,
  );
}

async function fieldTypes(
  metadata: CrmSettingsApi,
  module: string,
  signal: AbortSignal | undefined,
): Promise<FieldTypes> {
  const fields = await metadata.fields(module, signal ? { signal } : {});
  const types = new Map<string, string>();
  for (const field of fields)
    if (typeof field.api_name === "string") types.set(field.api_name, field.data_type);
  return types;
}

async function createJob(core: Core, module: string, page: number, options: Settings): Promise<string> {
  const query: components["schemas"]["BulkReadQuery"] = {
    module: { api_name: module },
    fields: options.fields,
    page,
  };
  if (options.criteria !== undefined) query.criteria = options.criteria;
  const reply = await core.request({
    method: "POST",
    path: CREATE,
    body: { json: { query, file_type: "csv" } },
    effect: "create",
    // A second job after an unknown outcome only costs credits: it writes nothing, and only one job is read.
    repeatUnsafe: true,
    signal: options.signal,
  });
  const body = reply.body as components["schemas"]["BulkReadCreated"] | undefined;
  const item = body?.data?.[0];
  const id = item?.details?.id;
  if (item?.status !== "success" || typeof id !== "string") {
    throw new ApiError({
      status: reply.status,
      code: typeof item?.code === "string" ? item.code : "INVALID_RESPONSE",
      details: { ...(item?.details ?? {}) },
      method: "POST",
      path: CREATE,
      message: `POST ${CREATE} answered ${reply.status} without a job id${item?.message ? `: ${item.message}` : ""}.`,
    });
  }
  return id;
}

type JobResult = components["schemas"]["BulkReadResult"];

async function completed(core: Core, id: string, options: Settings): Promise<JobResult> {
  const path = `/crm/bulk/v8/read/${id}`;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const deadline = Date.now() + maxWaitMs;
  let delay = options.pollIntervalMs ?? 2000;
  for (;;) {
    const reply = await core.request({
      method: "GET",
      path: JOB,
      params: { job_id: id },
      signal: options.signal,
    });
    const job = (reply.body as components["schemas"]["BulkReadJobResponse"] | undefined)?.data?.[0];
    const state = job?.state;
    if (state === "COMPLETED") {
      if (!job?.result) throw invalid(path, `job ${id} is COMPLETED without a result`);
      return job.result;
    }
    if (state === "FAILED" || state === "FAILURE") {
      throw new ApiError({
        status: reply.status,
        code: "BULK_READ_FAILED",
        details: { jobId: id, state },
        method: "GET",
        path,
        message:
          `Zoho's bulk read job ${id} ended in state ${state}. Zoho gives no reason: check the fields and criteria ` +
          "(Zoho refuses some fields in criteria), then read again.",
      });
    }
    if (Date.now() + delay > deadline) {
      throw new ApiError({
        status: 0,
        code: "BULK_READ_TIMEOUT",
        details: { jobId: id, state: state ?? null, maxWaitMs },
        method: "GET",
        path,
        message:
          `Zoho's bulk read job ${id} is still ${state ?? "not started"} after ${maxWaitMs} ms (maxWaitMs). ` +
          "Zoho queues jobs of an org one after another: raise maxWaitMs, or read again later.",
      });
    }
    try {
      await sleep(delay, options.signal);
    } catch (reason) {
      throw abortedError("GET", path, reason);
    }
    delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
  }
}

function invalid(path: string, why: string, cause?: unknown): ApiError {
  return new ApiError({
    status: 200,
    code: "INVALID_RESPONSE",
    method: "GET",
    path,
    message: `GET ${path}: ${why}.`,
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The job's records; a download that breaks is made again, skipping the rows already given (the file is fixed). */
async function* jobRecords(
  core: Core,
  id: string,
  types: FieldTypes,
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>> {
  let given = 0;
  for (let attempt = 0; ; attempt++) {
    let seen = 0;
    try {
      for await (const record of download(core, id, types, signal)) {
        if (seen++ < given) continue;
        given++;
        yield record;
      }
      return;
    } catch (error) {
      if (signal?.aborted) throw abortedError("GET", `/crm/bulk/v8/read/${id}/result`, signal.reason);
      const answered = error instanceof ApiError && error.code !== "CORRUPT_RESULT" && error.status !== 0;
      if (answered || attempt >= DOWNLOAD_RETRIES) throw error;
      await sleep(250 * 2 ** attempt, signal).catch((reason) => {
        throw abortedError("GET", `/crm/bulk/v8/read/${id}/result`, reason);
      });
    }
  }
}

async function* download(
  core: Core,
  id: string,
  types: FieldTypes,
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>> {
  const path = `/crm/bulk/v8/read/${id}/result`;
  const reply = await core.request({
    method: "GET",
    path: RESULT,
    params: { job_id: id },
    headers: { Accept: "*/*" },
    read: "stream",
    signal,
  });
  if (!reply.stream) throw corrupt(path, "the answer has no body");
  const reader = reply.stream.getReader();
  const zip = new ZipCsv();
  const decoder = new TextDecoder();
  const csv = new CsvRows();
  const rows: string[][] = [];
  let toRecord: ((row: readonly string[]) => Record<string, unknown>) | undefined;
  let done = false;
  const parse = (step: () => void) => {
    try {
      step();
    } catch (error) {
      throw corrupt(path, error instanceof Error ? error.message : String(error), error);
    }
  };
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      let parts: Uint8Array[] = [];
      parse(() => {
        parts = zip.push(next.value ?? new Uint8Array(0), done);
      });
      // Part by part, so only one inflated part's rows are alive at a time.
      for (let i = 0; i <= parts.length; i++) {
        const part = parts[i];
        if (part) parse(() => csv.push(decoder.decode(part, { stream: true }), rows));
        else if (done) {
          parse(() => {
            csv.push(decoder.decode(), rows);
            csv.end(rows);
          });
        }
        for (const row of rows) {
          if (!toRecord) toRecord = rowReader(row, types);
          else yield toRecord(row);
        }
        rows.length = 0;
      }
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
  }
}

function corrupt(path: string, why: string, cause?: unknown): ApiError {
  return new ApiError({
    status: 200,
    code: "CORRUPT_RESULT",
    method: "GET",
    path,
    message: `GET ${path}: the bulk read result could not be read: ${why}. Read again (a new job) if it persists.`,
    ...(cause !== undefined ? { cause } : {}),
  });
}
