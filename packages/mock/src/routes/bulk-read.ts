/**
 * Zoho CRM's Bulk Read API (/crm/bulk/v8/read): a job is created (ADDED), moves to IN PROGRESS and then COMPLETED
 * after a number of status checks (settings.bulkRead.pollsToComplete), and its result is a ZIP holding one CSV
 * built from the store when it is downloaded: a header of field API names (`Id` first), lookups as their id,
 * multi-select picklists joined by `;`, every value quoted where it holds a comma, a quote or a line break.
 * One job holds settings.bulkRead.perPage records (Zoho: 200,000) of the query sorted by id; `page` picks which.
 */
import { strToU8, zipSync } from "fflate";
import { invalidBody, type Reply, zohoError } from "../errors.js";
import type { GatewayState, RouteContext } from "../router.js";
import type { MockRecord } from "../store.js";
import { findModule } from "./shared.js";

interface BulkJob {
  id: string;
  module: string;
  fields: string[];
  criteria: unknown;
  page: number;
  polls: number;
  createdTime: string;
}

const JOBS = new WeakMap<GatewayState, Map<string, BulkJob>>();
let nextJob = 0;

function jobsOf(state: GatewayState): Map<string, BulkJob> {
  let jobs = JOBS.get(state);
  if (!jobs) {
    jobs = new Map();
    JOBS.set(state, jobs);
  }
  return jobs;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const invalidData = (message: string, details: object = {}) =>
  zohoError(400, "INVALID_DATA", message, details);

const CREATOR = { id: "7328395000000605001", name: "Mock User" };

/** POST /crm/bulk/v8/read */
export function createJob(ctx: RouteContext): Reply {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.query)) return invalidBody();
  const query = body.query;
  const module = isObject(query.module) ? query.module.api_name : undefined;
  if (typeof module !== "string" || !findModule(ctx.state, module)) {
    return invalidData("the module given seems to be invalid", { api_name: "module" });
  }
  if (body.file_type !== undefined && body.file_type !== "csv") {
    return invalidData("the file_type given seems to be invalid", { api_name: "file_type" });
  }
  const fields = query.fields ?? ["Id"];
  if (
    !Array.isArray(fields) ||
    fields.length === 0 ||
    !fields.every((f) => typeof f === "string" && f !== "")
  ) {
    return invalidData("the fields given seem to be invalid", { api_name: "fields" });
  }
  const page = query.page ?? 1;
  if (typeof page !== "number" || !Number.isInteger(page) || page < 1) {
    return invalidData("the page given seems to be invalid", { api_name: "page" });
  }
  nextJob++;
  const job: BulkJob = {
    id: `73283950${String(nextJob).padStart(11, "0")}`,
    module,
    fields: fields as string[],
    criteria: query.criteria,
    page,
    polls: 0,
    createdTime: new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"),
  };
  jobsOf(ctx.state).set(job.id, job);
  return {
    status: 201,
    body: {
      data: [
        {
          status: "success",
          code: "ADDED_SUCCESSFULLY",
          message: "Added successfully.",
          details: {
            id: job.id,
            operation: "read",
            state: "ADDED",
            created_by: CREATOR,
            created_time: job.createdTime,
          },
        },
      ],
      info: {},
    },
  };
}

const notFound = () => zohoError(404, "RESOURCE_NOT_FOUND", "the requested resource was not found", {});

/** GET /crm/bulk/v8/read/{job_id} */
export function getJob(ctx: RouteContext): Reply {
  const job = jobsOf(ctx.state).get(ctx.params.job_id!);
  if (!job) return notFound();
  job.polls++;
  const settings = ctx.state.settings.bulkRead;
  const failed = settings.failJobs;
  const state =
    job.polls >= settings.pollsToComplete
      ? failed
        ? "FAILED"
        : "COMPLETED"
      : job.polls === 1
        ? "QUEUED"
        : "IN PROGRESS";
  const total = selected(ctx.state, job).length;
  const perPage = settings.perPage;
  const count = Math.max(0, Math.min(perPage, total - (job.page - 1) * perPage));
  return {
    status: 200,
    body: {
      data: [
        {
          id: job.id,
          operation: "read",
          state,
          query: { module: { api_name: job.module }, page: job.page },
          created_by: CREATOR,
          created_time: job.createdTime,
          result:
            state === "COMPLETED"
              ? {
                  page: job.page,
                  count,
                  download_url: `/crm/bulk/v8/read/${job.id}/result`,
                  per_page: perPage,
                  more_records: total > job.page * perPage,
                }
              : null,
          file_type: "csv",
        },
      ],
    },
  };
}

/** GET /crm/bulk/v8/read/{job_id}/result */
export function downloadResult(ctx: RouteContext): Reply {
  const job = jobsOf(ctx.state).get(ctx.params.job_id!);
  if (!job) return notFound();
  const settings = ctx.state.settings.bulkRead;
  if (job.polls < settings.pollsToComplete || settings.failJobs) {
    return zohoError(400, "INVALID_REQUEST", "the job is not completed", { id: job.id });
  }
  const perPage = settings.perPage;
  const records = selected(ctx.state, job).slice((job.page - 1) * perPage, job.page * perPage);
  const lines = [job.fields.map(cell).join(",")];
  for (const record of records) {
    lines.push(job.fields.map((field) => cell(field === "Id" ? record.id : record[field])).join(","));
  }
  const csv = `${lines.join("\r\n")}\r\n`;
  let bytes: Uint8Array = zipSync({ [`${job.id}.csv`]: strToU8(csv) });
  if (settings.corruptResults) bytes = bytes.map((b, i) => (i > 40 ? b ^ 0x5a : b));
  return {
    status: 200,
    bytes,
    contentType: "application/zip",
    headers: { "Content-Disposition": `attachment; filename=${job.id}.zip` },
  };
}

function selected(state: GatewayState, job: BulkJob): MockRecord[] {
  return state.store
    .records(job.module)
    .filter((record) => matches(record, job.criteria))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
}

/** Zoho's bulk criteria, for equal / not_equal / in / greater_than / less_than and groups. */
function matches(record: MockRecord, criteria: unknown): boolean {
  if (!isObject(criteria)) return true;
  if (Array.isArray(criteria.group)) {
    const results = criteria.group.map((c) => matches(record, c));
    return criteria.group_operator === "or" ? results.some(Boolean) : results.every(Boolean);
  }
  const name = isObject(criteria.field) ? criteria.field.api_name : criteria.api_name;
  if (typeof name !== "string") return true;
  const raw = name === "Id" ? record.id : record[name];
  const value = isObject(raw) && "id" in raw ? raw.id : raw;
  const wanted = criteria.value;
  switch (criteria.comparator) {
    case "equal":
      return value === wanted;
    case "not_equal":
      return value !== wanted;
    case "in":
      return Array.isArray(wanted) && wanted.includes(value);
    case "greater_than":
      return typeof value === "number" && typeof wanted === "number" && value > wanted;
    case "less_than":
      return typeof value === "number" && typeof wanted === "number" && value < wanted;
    default:
      return true;
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (isObject(value)) text = typeof value.id === "string" ? value.id : JSON.stringify(value);
  else if (Array.isArray(value)) text = value.map(String).join(";");
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
