/**
 * Record writes: create, update, upsert (with duplicate-check fields) and delete, up to 100 per request, one
 * result per input: 201 (create) or 200 when all succeed, 207 for a mix, 400 when all fail.
 */

import {
  bodyLimitExceeded,
  type DuplicateOf,
  type ItemResult,
  invalidBodyKey,
  invalidModule,
  invalidParam,
  invalidRecordId,
  isReply,
  mandatoryNotFound,
  notDeleted,
  paramLimitExceeded,
  type Reply,
  requiredParamMissing,
  wrapped,
  zohoError,
} from "../errors.js";
import type { ModuleModel } from "../org.js";
import { checkPipelineWrite } from "../pipelines.js";
import type { GatewayState, RouteContext } from "../router.js";
import type { MockRecord } from "../store.js";
import { checkInput, checkUnique } from "../validate.js";
import { isEmpty, zohoTime } from "../values.js";
import { findModule, MAX_WRITE_ITEMS } from "./shared.js";

const TRIGGERS = new Set(["workflow", "approval", "blueprint"]);

/** 201/200 when all succeed, 400 when all fail, 207 for a mix. */
function batchReply(results: ItemResult[], okStatus: number): Reply {
  const ok = results.filter((r) => r.status === "success").length;
  const status = ok === results.length ? okStatus : ok === 0 ? 400 : 207;
  return { status, body: { data: results } };
}

function userRef(state: GatewayState) {
  const { name, id } = state.org.currentUser();
  return { name, id };
}

function successDetails(state: GatewayState, record: MockRecord): Record<string, unknown> {
  return {
    Modified_Time: record.Modified_Time,
    Modified_By: userRef(state),
    Created_Time: record.Created_Time,
    id: record.id,
    Created_By: userRef(state),
  };
}

function success(state: GatewayState, record: MockRecord, message: string, extra: object = {}): ItemResult {
  return { code: "SUCCESS", ...extra, details: successDetails(state, record), message, status: "success" };
}

/** The module of a write (INVALID_MODULE wrapped in data[], as Zoho answers it) and the `data` items. */
function writeItems(ctx: RouteContext): { model: ModuleModel; items: unknown[] } | Reply {
  const model = findModule(ctx.state, ctx.params.module!);
  if (!model) return wrapped(invalidModule());
  const body = ctx.body as { data?: unknown; trigger?: unknown } | null | undefined;
  const data = body?.data;
  if (!Array.isArray(data) || data.length === 0) {
    return zohoError(400, "MANDATORY_NOT_FOUND", "required field not found", {
      api_name: "data",
      json_path: "$.data",
    });
  }
  if (data.length > MAX_WRITE_ITEMS) return bodyLimitExceeded("data", MAX_WRITE_ITEMS);
  const trigger = body?.trigger;
  if (
    trigger !== undefined &&
    (!Array.isArray(trigger) || !trigger.every((t) => typeof t === "string" && TRIGGERS.has(t)))
  ) {
    return invalidBodyKey("trigger");
  }
  return { model, items: data };
}

function duplicateOf(state: GatewayState, model: ModuleModel): (record: MockRecord) => DuplicateOf {
  const listed = state.org.modules().find((m) => (m as { api_name?: unknown })?.api_name === model.apiName) as
    | { id?: unknown }
    | undefined;
  const moduleId = typeof listed?.id === "string" ? listed.id : "0";
  return (record) => {
    const owner = record.Owner as { name?: unknown; id?: unknown } | undefined;
    const fallback = userRef(state);
    const id = typeof owner?.id === "string" ? owner.id : fallback.id;
    const zuid = state.org.users().find((user) => user.id === id)?.zuid;
    return {
      id: record.id,
      owner: {
        name: typeof owner?.name === "string" ? owner.name : fallback.name,
        id,
        ...(typeof zuid === "string" ? { zuid } : {}),
      },
      module: { api_name: model.apiName, id: moduleId },
    };
  };
}

function createOne(state: GatewayState, module: string, values: Record<string, unknown>): MockRecord {
  const now = zohoTime(Date.now());
  const user = state.org.currentUser();
  const record: MockRecord = {
    Owner: { ...user },
    ...values,
    id: state.store.newId(),
    Created_Time: now,
    Modified_Time: now,
    Created_By: { ...user },
    Modified_By: { ...user },
  };
  state.store.insert(module, record);
  return record;
}

function updateOne(
  state: GatewayState,
  module: string,
  record: MockRecord,
  values: Record<string, unknown>,
): void {
  const now = zohoTime(Date.now());
  state.store.change(module, record, {
    ...values,
    // A record seeded without times gets them now: Zoho's records always have them.
    ...(record.Created_Time === undefined ? { Created_Time: now } : {}),
    Modified_Time: now,
    Modified_By: { ...state.org.currentUser() },
  });
}

/** Bigin's Pipelines records: the Stage and Sub_Pipeline of their own Team Pipeline (with an org). */
function checkPipeline(
  state: GatewayState,
  model: ModuleModel,
  values: Record<string, unknown>,
  existing: MockRecord | undefined,
  index: number,
): ItemResult | undefined {
  if (state.app !== "bigin" || model.apiName !== "Pipelines" || !model.strict) return undefined;
  return checkPipelineWrite(state.org, values, existing, index);
}

/** Validates one input and creates its record. */
function insertItem(
  ctx: RouteContext,
  model: ModuleModel,
  item: unknown,
  index: number,
  extra: object,
): ItemResult {
  const { state } = ctx;
  const checked = checkInput(model, item, index, true);
  if (checked.error) return checked.error;
  const misplaced = checkPipeline(state, model, checked.values, undefined, index);
  if (misplaced) return misplaced;
  const records = state.store.records(model.apiName);
  const clash = checkUnique(model, checked.values, index, records, undefined, duplicateOf(state, model));
  if (clash) return clash;
  return success(state, createOne(state, model.apiName, checked.values), "record added", extra);
}

/** Validates one input and applies it to an existing record. */
function updateItem(
  ctx: RouteContext,
  model: ModuleModel,
  record: MockRecord,
  item: unknown,
  index: number,
  extra: object,
): ItemResult {
  const { state } = ctx;
  const checked = checkInput(model, item, index, false);
  if (checked.error) return checked.error;
  const misplaced = checkPipeline(state, model, checked.values, record, index);
  if (misplaced) return misplaced;
  const records = state.store.records(model.apiName);
  const clash = checkUnique(model, checked.values, index, records, record, duplicateOf(state, model));
  if (clash) return clash;
  updateOne(state, model.apiName, record, checked.values);
  return success(state, record, "record updated", extra);
}

/** POST /{module} */
export function createRecords(ctx: RouteContext): Reply {
  const write = writeItems(ctx);
  if (isReply(write)) return write;
  return batchReply(
    write.items.map((item, i) => insertItem(ctx, write.model, item, i, {})),
    201,
  );
}

/** PUT /{module} (each item has an id) or PUT /{module}/{id} (the path's id applies to items without one). */
export function updateRecords(ctx: RouteContext): Reply {
  const write = writeItems(ctx);
  if (isReply(write)) return write;
  const { model, items } = write;
  const results = items.map((item, i): ItemResult => {
    const id = (item as { id?: unknown } | null)?.id ?? ctx.params.id;
    if (isEmpty(id)) return mandatoryNotFound("id", i);
    const record = typeof id === "string" ? ctx.state.store.get(model.apiName, id) : undefined;
    if (!record) return invalidRecordId(i);
    return updateItem(ctx, model, record, item, i, {});
  });
  return batchReply(results, 200);
}

/**
 * POST /{module}/upsert: each input updates the first record that shares a value of a duplicate-check field (the
 * module's system field first, then duplicate_check_fields or else the unique fields), or is inserted.
 */
export function upsertRecords(ctx: RouteContext): Reply {
  const write = writeItems(ctx);
  if (isReply(write)) return write;
  const { model, items } = write;
  const requested = (ctx.body as { duplicate_check_fields?: unknown }).duplicate_check_fields;
  if (
    requested !== undefined &&
    (!Array.isArray(requested) || !requested.every((f) => typeof f === "string"))
  ) {
    return invalidBodyKey("duplicate_check_fields");
  }
  const others: string[] = requested?.length ? requested : model.unique.map((f) => f.apiName);
  const checkFields = [...new Set([model.duplicateCheckField, ...others])];
  const results = items.map((item, i): ItemResult => {
    const fields = (item ?? {}) as Record<string, unknown>;
    for (const field of checkFields) {
      const value = fields[field];
      if (isEmpty(value)) continue;
      const match = ctx.state.store
        .records(model.apiName)
        .find((record) =>
          typeof value === "string" && typeof record[field] === "string"
            ? (record[field] as string).toLowerCase() === value.toLowerCase()
            : record[field] === value,
        );
      if (match) return updateItem(ctx, model, match, item, i, { duplicate_field: field, action: "update" });
    }
    return insertItem(ctx, model, item, i, { duplicate_field: checkFields[0] ?? null, action: "insert" });
  });
  return batchReply(results, 200);
}

/** DELETE /{module}?ids=a,b or DELETE /{module}/{id}. */
export function deleteRecords(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  if (!findModule(ctx.state, module)) return invalidModule();
  const ids = (ctx.params.id ?? ctx.query.ids ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) return requiredParamMissing("ids", "One of the expected parameter is missing");
  if (ids.length > MAX_WRITE_ITEMS) return paramLimitExceeded("ids", MAX_WRITE_ITEMS);
  const wfTrigger = ctx.query.wf_trigger;
  if (wfTrigger !== undefined && wfTrigger !== "true" && wfTrigger !== "false")
    return invalidParam("wf_trigger");
  const removed = new Set<string>();
  const results = ids.map((id): ItemResult => {
    if (removed.has(id) || !ctx.state.store.get(module, id)) return notDeleted(id);
    removed.add(id);
    return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
  });
  ctx.state.store.remove(module, removed, userRef(ctx.state));
  return batchReply(results, 200);
}
