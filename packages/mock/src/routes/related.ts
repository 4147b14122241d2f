/**
 * Related records: the records of a related list (those linked to the record, and those whose lookup points to it,
 * as Accounts/{id}/Contacts lists the account's contacts), linked and unlinked in batches of 100; and the
 * related-list metadata (GET /settings/related_lists), from the org.
 */

import {
  bodyLimitExceeded,
  type ItemResult,
  invalidModule,
  invalidParam,
  invalidRecordId,
  isReply,
  itemError,
  paramLimitExceeded,
  type Reply,
  requiredParamMissing,
  zohoError,
} from "../errors.js";
import type { GatewayState, RouteContext } from "../router.js";
import { displayName, type MockRecord } from "../store.js";
import { isObject } from "../values.js";
import { attachmentRow } from "./attachments.js";
import { noteRow } from "./notes.js";
import { after, modifiedSince, nothing, pageOf } from "./paging.js";
import { findModule, MAX_WRITE_ITEMS, parseFields, project } from "./shared.js";

const invalidRelation = () =>
  zohoError(400, "INVALID_DATA", "the relation name given seems to be invalid", { resource_path_index: 2 });
const invalidParent = () =>
  zohoError(400, "INVALID_DATA", "the id given seems to be invalid", { resource_path_index: 1 });

/** The related list of a request: its parent record and the module it holds, or Zoho's error. */
function relation(ctx: RouteContext): { module: string; id: string; list: string; target: string } | Reply {
  const { state, params } = ctx;
  const module = params.module!;
  if (!findModule(state, module)) return invalidModule();
  const target = state.org.relatedModule(module, params.list!);
  if (!target) return invalidRelation();
  if (!state.store.get(module, params.id!)) return invalidParent();
  return { module, id: params.id!, list: params.list!, target };
}

/** Whether the record looks up the parent record (a lookup field holding its id). */
function looksUp(record: MockRecord, parentId: string): boolean {
  return Object.entries(record).some(
    ([key, value]) => key !== "Owner" && isObject(value) && value.id === parentId && key !== "id",
  );
}

/** The records of a related list: linked ones (with the relation's fields), then those that look the parent up. */
function members(state: GatewayState, rel: { module: string; id: string; list: string; target: string }) {
  const linked = state.groups.linked(rel.module, rel.id, rel.list);
  const out: MockRecord[] = [];
  for (const record of state.store.sorted(rel.target, "id", "asc")) {
    const fields = linked.get(record.id);
    if (fields) out.push({ ...record, ...fields });
    else if (looksUp(record, rel.id)) out.push(record);
  }
  return out;
}

/** GET /{module}/{id}/{list}: fields required, page and per_page, If-Modified-Since. */
export function getRelatedRecords(ctx: RouteContext): Reply {
  const rel = relation(ctx);
  if (isReply(rel)) return rel;
  const fields = parseFields(ctx.query, false);
  if (isReply(fields)) return fields;
  const since = modifiedSince(ctx);
  if (isReply(since)) return since;
  const { state } = ctx;
  let rows: MockRecord[];
  if (rel.target === "Notes") rows = state.groups.notesOf(rel.module, rel.id).map(noteRow);
  else if (rel.target === "Attachments") {
    const parentName = displayName(state.store.get(rel.module, rel.id)!);
    rows = state.groups.attachmentsOf(rel.module, rel.id).map((a) => attachmentRow(a, parentName));
  } else rows = members(state, rel);
  if (since !== undefined) rows = rows.filter((row) => after(row.Modified_Time, since));
  const page = pageOf(ctx, rows, { tokens: false, binding: [fields, since], since });
  if (isReply(page)) return page;
  return { status: 200, body: { data: page.slice.map((row) => project(row, fields)), info: page.info } };
}

/** The outcome of linking one input. */
function linkItem(
  state: GatewayState,
  rel: { module: string; id: string; list: string; target: string },
  item: unknown,
  index: number,
): ItemResult {
  const id = isObject(item) ? item.id : undefined;
  if (typeof id !== "string" || !state.store.get(rel.target, id)) return invalidRecordId(index);
  const linked = state.groups.linked(rel.module, rel.id, rel.list);
  const existed = linked.has(id);
  const { id: _id, ...fields } = item as Record<string, unknown>;
  linked.set(id, { ...(linked.get(id) ?? {}), ...fields });
  return {
    code: "SUCCESS",
    details: { id },
    message: existed ? "relation updated" : "relation added",
    status: "success",
  };
}

function batch(results: ItemResult[]): Reply {
  const ok = results.filter((r) => r.status === "success").length;
  return { status: ok === results.length ? 200 : ok === 0 ? 400 : 207, body: { data: results } };
}

const notLinkable = (target: string) =>
  zohoError(400, "NOT_SUPPORTED", `records of ${target} are not linked through a related list`, {
    resource_path_index: 2,
  });

/** PUT /{module}/{id}/{list}: link 1 to 100 records `{ data: [{ id, ...relation fields }] }`. */
export function linkRelatedRecords(ctx: RouteContext): Reply {
  const rel = relation(ctx);
  if (isReply(rel)) return rel;
  if (rel.target === "Notes" || rel.target === "Attachments") return notLinkable(rel.target);
  const data = isObject(ctx.body) ? ctx.body.data : undefined;
  if (!Array.isArray(data) || data.length === 0)
    return requiredParamMissing("data", "required field not found");
  if (data.length > MAX_WRITE_ITEMS) return bodyLimitExceeded("data", MAX_WRITE_ITEMS);
  return batch(data.map((item, i) => linkItem(ctx.state, rel, item, i)));
}

/** PUT /{module}/{id}/{list}/{related_id}: link one record (the body may set the relation's fields). */
export function linkRelatedRecord(ctx: RouteContext): Reply {
  const rel = relation(ctx);
  if (isReply(rel)) return rel;
  if (rel.target === "Notes" || rel.target === "Attachments") return notLinkable(rel.target);
  const first = isObject(ctx.body) && Array.isArray(ctx.body.data) ? ctx.body.data[0] : undefined;
  const result = linkItem(
    ctx.state,
    rel,
    { ...(isObject(first) ? first : {}), id: ctx.params.related_id },
    0,
  );
  return { status: result.status === "success" ? 200 : 400, body: { data: [result] } };
}

/** The outcome of unlinking one id: the link goes, and so does a lookup that pointed to the parent. */
function unlinkItem(
  state: GatewayState,
  rel: { module: string; id: string; list: string; target: string },
  id: string,
): ItemResult {
  const record = state.store.get(rel.target, id);
  const linked = state.groups.linked(rel.module, rel.id, rel.list);
  if (!record || (!linked.has(id) && !looksUp(record, rel.id))) {
    return itemError("INVALID_DATA", "the related id given seems to be invalid", { id });
  }
  linked.delete(id);
  const lookups = Object.entries(record).filter(
    ([key, value]) => key !== "Owner" && isObject(value) && value.id === rel.id,
  );
  if (lookups.length > 0)
    state.store.change(rel.target, record, Object.fromEntries(lookups.map(([key]) => [key, null])));
  return { code: "SUCCESS", details: { id }, message: "relation removed", status: "success" };
}

/** DELETE /{module}/{id}/{list}?ids=: unlink up to 100 records. */
export function unlinkRelatedRecords(ctx: RouteContext): Reply {
  const rel = relation(ctx);
  if (isReply(rel)) return rel;
  const ids = (ctx.query.ids ?? "").split(",").filter((id) => id !== "");
  if (ids.length === 0) return requiredParamMissing("ids");
  if (ids.length > MAX_WRITE_ITEMS) return paramLimitExceeded("ids", MAX_WRITE_ITEMS);
  if (ids.some((id) => !/^\d+$/.test(id))) return invalidParam("ids");
  return batch(ids.map((id) => unlinkItem(ctx.state, rel, id)));
}

/** DELETE /{module}/{id}/{list}/{related_id}: unlink one record. */
export function unlinkRelatedRecord(ctx: RouteContext): Reply {
  const rel = relation(ctx);
  if (isReply(rel)) return rel;
  const result = unlinkItem(ctx.state, rel, ctx.params.related_id!);
  return { status: result.status === "success" ? 200 : 400, body: { data: [result] } };
}

/** GET /settings/related_lists?module= */
export function getRelatedLists(ctx: RouteContext): Reply {
  const module = ctx.query.module;
  if (!module) return requiredParamMissing("module");
  if (!findModule(ctx.state, module)) return invalidModule();
  const lists = ctx.state.org.relatedLists(module) ?? [];
  if (lists.length === 0) return nothing(undefined);
  return { status: 200, body: { related_lists: lists } };
}
