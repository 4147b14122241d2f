/**
 * Record reads: list with page / page_token paging (2,000 / 100,000), get by id, search (criteria, email, phone,
 * word; at most 2,000), count. Empty answers are 204 with no body.
 */

import { createHash } from "node:crypto";
import {
  type CriteriaNode,
  CriteriaSyntaxError,
  criteriaConditions,
  matchesCriteria,
  operatorAllowed,
  parseCriteria,
} from "../criteria.js";
import {
  expectedParamMissing,
  invalidParam,
  invalidQuery,
  isReply,
  type Reply,
  requiredParamMissing,
  zohoError,
} from "../errors.js";
import type { ModuleModel } from "../org.js";
import type { GatewayState, Query, RouteContext } from "../router.js";
import type { MockRecord } from "../store.js";
import { zohoTime } from "../values.js";
import { after, modifiedSince, nothing } from "./paging.js";
import { MAX_PER_PAGE, moduleOrError, parseCount, parseFields, project } from "./shared.js";

const DISCRETE_LIMIT = 2000;
const TOKEN_LIMIT = 100_000;
const SEARCH_LIMIT = 2000;
const MAX_IN_VALUES = 100;
const SORT_FIELDS = ["id", "Created_Time", "Modified_Time"];
const SEARCH_PARAMS = ["criteria", "email", "phone", "word"] as const;

function textValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(textValues);
  if (value && typeof value === "object") return textValues((value as { name?: unknown }).name);
  return [];
}

const digits = (text: string) => text.replace(/\D/g, "");

/** Bigin lists Pipelines one Team Pipeline at a time; records without a Pipeline are in every one. */
function pipelineFilter(
  ctx: RouteContext,
  module: string,
): ((record: MockRecord) => boolean) | Reply | undefined {
  const { state, query } = ctx;
  if (state.app !== "bigin" || module !== "Pipelines") return undefined;
  const pipelineId = query.pipeline_id;
  if (!pipelineId) return state.settings.requirePipelineId ? requiredParamMissing("pipeline_id") : undefined;
  if (state.org.strict && !state.org.pipelineIds().includes(pipelineId)) return invalidParam("pipeline_id");
  return (record) => {
    const pipeline = record.Pipeline as { id?: unknown } | null | undefined;
    return pipeline?.id === undefined || pipeline.id === pipelineId;
  };
}

/**
 * GET /{module}: `fields` required, page (up to 2,000 records) or page_token (up to 100,000); with
 * If-Modified-Since only records modified after it (304 when none).
 */
/** GET /{module}?ids=a,b (CRM): the records that exist among at most 100 ids, in store order; 204 for none. */
function listByIds(
  ctx: RouteContext,
  module: string,
  ids: string,
  fields: readonly string[] | undefined,
): Reply {
  if (!/^[0-9]+(,[0-9]+){0,99}$/.test(ids)) return invalidParam("ids", { maximum_length: 100 });
  const wanted = new Set(ids.split(","));
  const found = [...wanted].flatMap((id) => {
    const record = ctx.state.store.get(module, id);
    return record ? [project(record, fields)] : [];
  });
  if (found.length === 0) return { status: 204 };
  return {
    status: 200,
    body: { data: found, info: { per_page: 100, count: found.length, page: 1, more_records: false } },
  };
}

export function listRecords(ctx: RouteContext): Reply {
  const { state, query } = ctx;
  const module = ctx.params.module!;
  const model = moduleOrError(state, module);
  if (isReply(model)) return model;
  const fields = parseFields(query, false);
  if (isReply(fields)) return fields;
  if (query.ids !== undefined && state.app === "crm") return listByIds(ctx, module, query.ids, fields);
  const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
  if (isReply(perPage)) return perPage;
  const page = parseCount(query, "page", 1, 1_000_000);
  if (isReply(page)) return page;
  const sortBy = query.sort_by || "id";
  if (!SORT_FIELDS.includes(sortBy)) return invalidParam("sort_by", { supported_values: SORT_FIELDS });
  const sortOrder = query.sort_order || state.settings.defaultSortOrder;
  if (sortOrder !== "asc" && sortOrder !== "desc") {
    return invalidParam("sort_order", { supported_values: ["asc", "desc"] });
  }
  if (query.cvid !== undefined && !/^\d+$/.test(query.cvid)) return invalidParam("cvid");
  const inPipeline = pipelineFilter(ctx, module);
  if (isReply(inPipeline)) return inPipeline;
  const since = modifiedSince(ctx);
  if (isReply(since)) return since;
  const binding = createHash("sha256")
    .update(
      JSON.stringify([
        module,
        [...fields!].sort(),
        perPage,
        sortBy,
        sortOrder,
        query.cvid,
        query.pipeline_id,
        since,
      ]),
    )
    .digest("base64url")
    .slice(0, 16);

  let offset: number;
  if (query.page_token !== undefined) {
    const fromToken = state.tokens.read(query.page_token, binding);
    if (isReply(fromToken)) return fromToken;
    offset = fromToken;
  } else {
    if (page * perPage > DISCRETE_LIMIT) {
      return zohoError(
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        "You can only get the first 2000 records without using page_token param",
        { limit: DISCRETE_LIMIT },
      );
    }
    offset = (page - 1) * perPage;
  }
  if (offset >= TOKEN_LIMIT) {
    return zohoError(
      400,
      "PAGINATION_LIMIT_EXCEEDED",
      "You can only get upto 100000 records using page_token param",
      {
        param_name: "page_token",
      },
    );
  }

  const all = state.store.sorted(module, sortBy, sortOrder);
  const kept =
    inPipeline || since !== undefined
      ? (record: MockRecord) =>
          (!inPipeline || inPipeline(record)) && (since === undefined || after(record.Modified_Time, since))
      : undefined;
  const sorted = kept ? all.filter(kept) : all;
  const end = Math.min(offset + perPage, TOKEN_LIMIT, sorted.length);
  if (end <= offset) return nothing(since);
  const moreRecords = end < sorted.length;
  const next = moreRecords ? state.tokens.issue(offset + perPage, binding) : undefined;
  const previous = offset > 0 ? state.tokens.issue(Math.max(0, offset - perPage), binding) : undefined;
  return {
    status: 200,
    body: {
      data: sorted.slice(offset, end).map((record) => project(record, fields)),
      info: {
        call: false,
        per_page: perPage,
        next_page_token: next?.token ?? null,
        count: end - offset,
        sort_by: sortBy,
        page: Math.floor(offset / perPage) + 1,
        previous_page_token: previous?.token ?? null,
        page_token_expiry: next ? zohoTime(next.expiry) : null,
        sort_order: sortOrder,
        email: false,
        more_records: moreRecords,
      },
    },
  };
}

/** GET /{module}/{id}: 200 {data: [record]} or 204. */
export function getRecord(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  const model = moduleOrError(ctx.state, module);
  if (isReply(model)) return model;
  const fields = parseFields(ctx.query, true);
  if (isReply(fields)) return fields;
  const record = ctx.state.store.get(module, ctx.params.id!);
  return record ? { status: 200, body: { data: [project(record, fields)] } } : { status: 204 };
}

/** With an org: each condition's field must exist and take its operator. */
function checkCriteriaFields(model: ModuleModel, node: CriteriaNode): Reply | undefined {
  if (!model.strict) return undefined;
  for (const condition of criteriaConditions(node)) {
    const base = condition.field.split(".")[0]!;
    const field = model.fields.get(base);
    if (!field && base !== "id") {
      return invalidQuery({
        reason: "the field given is not a field of the module",
        api_name: condition.field,
      });
    }
    if (field && !operatorAllowed(field.dataType, condition.op)) {
      return invalidQuery({
        reason: `the operator ${condition.op} is not supported on ${field.dataType} fields`,
        api_name: condition.field,
        operator: condition.op,
      });
    }
  }
  return undefined;
}

/** The record filter of criteria/email/phone/word (the first present, in that order); undefined: none given. */
function searchFilter(
  state: GatewayState,
  model: ModuleModel,
  query: Query,
): ((record: MockRecord) => boolean) | Reply | undefined {
  const param = SEARCH_PARAMS.find((name) => query[name]);
  if (!param) return undefined;
  const value = query[param]!;
  if (param === "criteria") {
    let node: CriteriaNode;
    try {
      node = parseCriteria(value);
    } catch (error) {
      if (!(error instanceof CriteriaSyntaxError)) throw error;
      return invalidQuery({ reason: error.message, param_name: "criteria" });
    }
    const conditions = criteriaConditions(node);
    if (conditions.length > state.settings.maxCriteria) {
      return zohoError(
        400,
        "CRITERIA_LIMIT_EXCEEDED",
        `no of criterium that can be given exceed the limit ${state.settings.maxCriteria}`,
      );
    }
    const bigIn = conditions.find((c) => c.op === "in" && c.values.length > MAX_IN_VALUES);
    if (bigIn) return invalidQuery({ api_name: bigIn.field }, 'Only 100 values are allowed in "IN" criteria');
    const unsupported = checkCriteriaFields(model, node);
    if (unsupported) return unsupported;
    return (record) => matchesCriteria(node, record);
  }
  if (param === "email") {
    const wanted = value.toLowerCase();
    return (record) =>
      Object.entries(record).some(
        ([key, v]) => /email/i.test(key) && typeof v === "string" && v.toLowerCase() === wanted,
      );
  }
  if (param === "phone") {
    const wanted = digits(value) || value;
    return (record) =>
      Object.entries(record).some(
        ([key, v]) => /phone|mobile/i.test(key) && typeof v === "string" && (digits(v) || v) === wanted,
      );
  }
  if (value.trim().length < 2) {
    return invalidQuery({ reason: "word should have at least 2 characters", param_name: "word" });
  }
  const wanted = value.toLowerCase();
  return (record) =>
    Object.values(record).some((v) => textValues(v).some((text) => text.toLowerCase().includes(wanted)));
}

/** GET /{module}/search: sorted by id, paged by page/per_page, at most 2,000 records. */
export function searchRecords(ctx: RouteContext): Reply {
  const { state, query } = ctx;
  const module = ctx.params.module!;
  const model = moduleOrError(state, module);
  if (isReply(model)) return model;
  const predicate = searchFilter(state, model, query);
  if (predicate === undefined) return expectedParamMissing(SEARCH_PARAMS);
  if (isReply(predicate)) return predicate;
  const fields = parseFields(query, true);
  if (isReply(fields)) return fields;
  const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
  if (isReply(perPage)) return perPage;
  const page = parseCount(query, "page", 1, 1_000_000);
  if (isReply(page)) return page;
  if (page * perPage > SEARCH_LIMIT) {
    return zohoError(400, "LIMIT_REACHED", "maximum response iteration limit reached", {
      limit: String(SEARCH_LIMIT),
    });
  }
  const matches = state.store.sorted(module, "id", "asc").filter(predicate);
  const offset = (page - 1) * perPage;
  const slice = matches.slice(offset, offset + perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((record) => project(record, fields)),
      info: {
        per_page: perPage,
        count: slice.length,
        page,
        more_records: offset + slice.length < matches.length,
      },
    },
  };
}

/** GET /{module}/actions/count, optionally filtered like search. */
export function countRecords(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  const model = moduleOrError(ctx.state, module);
  if (isReply(model)) return model;
  const predicate = searchFilter(ctx.state, model, ctx.query);
  if (isReply(predicate)) return predicate;
  const records = ctx.state.store.records(module);
  return { status: 200, body: { count: predicate ? records.filter(predicate).length : records.length } };
}
