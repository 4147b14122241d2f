/**
 * Notes: of every record (/Notes, with ids, paging and page tokens), of one record (/{module}/{id}/Notes, with
 * If-Modified-Since), one note (/Notes/{id}); created (201), updated and deleted up to 100 at a time, one result
 * per input.
 */

import {
  bodyLimitExceeded,
  type ItemResult,
  invalidModule,
  invalidParam,
  invalidPathId,
  invalidValue,
  isReply,
  itemError,
  mandatoryNotFound,
  paramLimitExceeded,
  type Reply,
  requiredParamMissing,
} from "../errors.js";
import type { MockNote } from "../group-store.js";
import type { GatewayState, RouteContext } from "../router.js";
import { displayName, type MockRecord } from "../store.js";
import { compareIds, isObject, zohoTime } from "../values.js";
import { after, modifiedSince, pageOf } from "./paging.js";
import { findModule, MAX_WRITE_ITEMS, parseFields, project } from "./shared.js";

const SORT_FIELDS = ["id", "Created_Time", "Modified_Time"];

/** A note as a list row (a copy). */
export function noteRow(note: MockNote): MockRecord {
  return structuredClone(note) as MockRecord;
}

function sorted(ctx: RouteContext, notes: MockNote[]): MockNote[] | Reply {
  const sortBy = ctx.query.sort_by || "Modified_Time";
  if (!SORT_FIELDS.includes(sortBy)) return invalidParam("sort_by", { supported_values: SORT_FIELDS });
  const order = ctx.query.sort_order || "desc";
  if (order !== "asc" && order !== "desc")
    return invalidParam("sort_order", { supported_values: ["asc", "desc"] });
  const sign = order === "asc" ? 1 : -1;
  return [...notes].sort((a, b) => {
    if (sortBy !== "id") {
      const x = String(a[sortBy as keyof MockNote]);
      const y = String(b[sortBy as keyof MockNote]);
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return compareIds(a.id, b.id) * sign;
  });
}

function listReply(ctx: RouteContext, notes: MockNote[], tokens: boolean): Reply {
  const fields = parseFields(ctx.query, false);
  if (isReply(fields)) return fields;
  const since = modifiedSince(ctx);
  if (isReply(since)) return since;
  const kept = since === undefined ? notes : notes.filter((note) => after(note.Modified_Time, since));
  const ordered = sorted(ctx, kept);
  if (isReply(ordered)) return ordered;
  const page = pageOf(ctx, ordered, {
    tokens,
    binding: [fields, ctx.query.sort_by, ctx.query.sort_order, ctx.query.ids, since],
    since,
  });
  if (isReply(page)) return page;
  return {
    status: 200,
    body: { data: page.slice.map((note) => project(noteRow(note), fields)), info: page.info },
  };
}

/** GET /Notes: every note (or those of `ids`), fields required. */
export function getNotes(ctx: RouteContext): Reply {
  let notes = [...ctx.state.groups.notes.values()];
  if (ctx.query.ids !== undefined) {
    const ids = new Set(ctx.query.ids.split(","));
    notes = notes.filter((note) => ids.has(note.id));
  }
  return listReply(ctx, notes, true);
}

/** GET /{module}/{id}/Notes */
export function getRecordNotes(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  if (!findModule(ctx.state, module)) return invalidModule();
  if (!ctx.state.store.get(module, ctx.params.id!)) return invalidPathId(1);
  return listReply(ctx, ctx.state.groups.notesOf(module, ctx.params.id!), false);
}

/** GET /Notes/{note_id} */
export function getNote(ctx: RouteContext): Reply {
  const note = ctx.state.groups.notes.get(ctx.params.note_id!);
  if (!note) return { status: 204 };
  const since = modifiedSince(ctx);
  if (isReply(since)) return since;
  if (since !== undefined && !after(note.Modified_Time, since)) return { status: 304 };
  const fields = parseFields(ctx.query, true);
  if (isReply(fields)) return fields;
  return { status: 200, body: { data: [project(noteRow(note), fields)] } };
}

function user(state: GatewayState) {
  return { ...state.org.currentUser() };
}

function moduleId(state: GatewayState, module: string): string {
  const listed = state.org.modules().find((m) => isObject(m) && m.api_name === module) as
    | { id?: unknown }
    | undefined;
  return typeof listed?.id === "string" ? listed.id : "0";
}

function written(note: MockNote, message: string): ItemResult {
  return {
    code: "SUCCESS",
    details: {
      Modified_Time: note.Modified_Time,
      Modified_By: { name: note.Modified_By.name, id: note.Modified_By.id },
      Created_Time: note.Created_Time,
      id: note.id,
      Created_By: { name: note.Created_By.name, id: note.Created_By.id },
    },
    message,
    status: "success",
  };
}

function batch(results: ItemResult[], okStatus: number): Reply {
  const ok = results.filter((r) => r.status === "success").length;
  return { status: ok === results.length ? okStatus : ok === 0 ? 400 : 207, body: { data: results } };
}

function items(ctx: RouteContext): unknown[] | Reply {
  const data = isObject(ctx.body) ? ctx.body.data : undefined;
  if (!Array.isArray(data) || data.length === 0) {
    return requiredParamMissing("data", "required field not found");
  }
  if (data.length > MAX_WRITE_ITEMS) return bodyLimitExceeded("data", MAX_WRITE_ITEMS);
  return data;
}

/** Creates one note under module/id, after checking its title and content. */
function addNote(
  ctx: RouteContext,
  item: unknown,
  index: number,
  parent: { module: string; id: string } | undefined,
): ItemResult {
  const { state } = ctx;
  if (!isObject(item)) return itemError("INVALID_DATA", "invalid data", { json_path: `$.data[${index}]` });
  if (typeof item.Note_Content !== "string" || item.Note_Content.trim() === "") {
    return item.Note_Content === undefined
      ? mandatoryNotFound("Note_Content", index)
      : invalidValue("Note_Content", index, { expected_data_type: "text" });
  }
  if (item.Note_Title !== undefined && item.Note_Title !== null && typeof item.Note_Title !== "string") {
    return invalidValue("Note_Title", index, { expected_data_type: "text" });
  }
  let where = parent;
  if (!where) {
    const given = item.Parent_Id;
    if (given === undefined) return mandatoryNotFound("Parent_Id", index);
    const module = isObject(given) && isObject(given.module) ? given.module.api_name : undefined;
    const id = isObject(given) ? given.id : undefined;
    if (typeof module !== "string" || typeof id !== "string" || !findModule(state, module)) {
      return invalidValue("Parent_Id", index);
    }
    where = { module, id };
  }
  const record = state.store.get(where.module, where.id);
  if (!record) return invalidValue("Parent_Id", index);
  const now = zohoTime(Date.now());
  const owner = user(state);
  const note: MockNote = {
    id: state.store.newId(),
    Note_Title: typeof item.Note_Title === "string" ? item.Note_Title : null,
    Note_Content: item.Note_Content,
    Parent_Id: {
      module: { api_name: where.module, id: moduleId(state, where.module) },
      id: where.id,
      name: displayName(record),
    },
    Owner: owner,
    Created_By: owner,
    Modified_By: owner,
    Created_Time: now,
    Modified_Time: now,
    $attachments: null,
    $editable: true,
    $voice_note: false,
    $is_shared_to_client: false,
    $state: "save",
  };
  state.groups.notes.set(note.id, note);
  return written(note, "record added");
}

/** POST /Notes: each note names its parent in Parent_Id. */
export function createNotes(ctx: RouteContext): Reply {
  const data = items(ctx);
  if (isReply(data)) return data;
  return batch(
    data.map((item, i) => addNote(ctx, item, i, undefined)),
    201,
  );
}

/** POST /{module}/{id}/Notes */
export function createRecordNotes(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  if (!findModule(ctx.state, module)) return invalidModule();
  if (!ctx.state.store.get(module, ctx.params.id!)) return invalidPathId(1);
  const data = items(ctx);
  if (isReply(data)) return data;
  const parent = { module, id: ctx.params.id! };
  return batch(
    data.map((item, i) => addNote(ctx, item, i, parent)),
    201,
  );
}

function changeNote(ctx: RouteContext, item: unknown, index: number, id: unknown): ItemResult {
  const note = typeof id === "string" ? ctx.state.groups.notes.get(id) : undefined;
  if (id === undefined) return mandatoryNotFound("id", index);
  if (!note || !isObject(item)) {
    return itemError("INVALID_DATA", "the id given seems to be invalid", {
      api_name: "id",
      json_path: `$.data[${index}].id`,
    });
  }
  for (const key of ["Note_Title", "Note_Content"] as const) {
    const value = item[key];
    if (value !== undefined && typeof value !== "string")
      return invalidValue(key, index, { expected_data_type: "text" });
  }
  if (item.Note_Content === "") return invalidValue("Note_Content", index);
  if (typeof item.Note_Title === "string") note.Note_Title = item.Note_Title;
  if (typeof item.Note_Content === "string") note.Note_Content = item.Note_Content;
  note.Modified_Time = zohoTime(Date.now());
  note.Modified_By = user(ctx.state);
  return written(note, "record updated");
}

/** PUT /Notes: each item has an id. */
export function updateNotes(ctx: RouteContext): Reply {
  const data = items(ctx);
  if (isReply(data)) return data;
  return batch(
    data.map((item, i) => changeNote(ctx, item, i, isObject(item) ? item.id : undefined)),
    200,
  );
}

/** PUT /Notes/{note_id} */
export function updateNote(ctx: RouteContext): Reply {
  const data = items(ctx);
  if (isReply(data)) return data;
  const result = changeNote(ctx, data[0], 0, ctx.params.note_id);
  return { status: result.status === "success" ? 200 : 400, body: { data: [result] } };
}

function removeNote(ctx: RouteContext, id: string): ItemResult {
  if (!ctx.state.groups.notes.delete(id)) {
    return itemError("INVALID_DATA", "the id given seems to be invalid", { id });
  }
  return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
}

/** DELETE /Notes?ids= */
export function deleteNotes(ctx: RouteContext): Reply {
  const ids = (ctx.query.ids ?? "").split(",").filter((id) => id !== "");
  if (ids.length === 0) return requiredParamMissing("ids");
  if (ids.length > MAX_WRITE_ITEMS) return paramLimitExceeded("ids", MAX_WRITE_ITEMS);
  return batch(
    ids.map((id) => removeNote(ctx, id)),
    200,
  );
}

/** DELETE /Notes/{note_id} */
export function deleteNote(ctx: RouteContext): Reply {
  const result = removeNote(ctx, ctx.params.note_id!);
  return { status: result.status === "success" ? 200 : 400, body: { data: [result] } };
}
