/**
 * Notes: those of one record (`{prefix}/{module}/{id}/Notes`) and those of every record (`{prefix}/Notes`), read a
 * page at a time or across pages, created under a record, updated and deleted in batches of 100. A note's create is
 * never sent again after an attempt whose fate is unknown (it would add the note twice): that note is AMBIGUOUS.
 */
import type { Call } from "../call.js";
import { ZohoKitError } from "../errors.js";
import { fieldsParam, MAX_PER_PAGE, MAX_WRITE_BATCH, SORT_BY, SORT_ORDER } from "../records/options.js";
import type { BatchResult, Page, SortBy, SortOrder, ZohoRecord } from "../records/types.js";
import {
  assertIdList,
  assertModule,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertRecordId,
  refuse,
} from "../validate.js";
import { type GroupContext, listReader, refuseSince, sendBatches, sinceHeader } from "./shared.js";

export interface NotesConfig {
  prefix: string;
  /** The notes of a record take If-Modified-Since (CRM). */
  ifModifiedSince: boolean;
  /** The list of every note takes page_token past 2,000 notes (CRM). */
  pageTokens: boolean;
}

export interface NotesListOptions {
  /** 1 to 50 fields of Notes: Note_Title, Note_Content, Parent_Id, Owner, Created_Time, ... */
  fields: readonly string[];
  page?: number;
  perPage?: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  signal?: AbortSignal;
}

export interface RecordNotesListOptions extends NotesListOptions {
  /** Only notes modified after this time (If-Modified-Since). */
  since?: Date | string;
}

export type NotesIterateOptions = Omit<NotesListOptions, "page"> & { limit?: number };
export type RecordNotesIterateOptions = Omit<RecordNotesListOptions, "page"> & { limit?: number };

/** A note to add to a record: its content, and a title if it has one. */
export interface NoteInput {
  Note_Content: string;
  Note_Title?: string;
  [field: string]: unknown;
}

/** A note's new title and/or content, by the note's id. */
export interface NoteUpdate {
  id: string;
  Note_Title?: string;
  Note_Content?: string;
  [field: string]: unknown;
}

export interface NotesWriteOptions {
  signal?: AbortSignal;
}

export interface LooseNotesApi {
  list(module: string, id: string, options: RecordNotesListOptions): Promise<Page<ZohoRecord>>;
  iterate(module: string, id: string, options: RecordNotesIterateOptions): AsyncIterable<ZohoRecord>;
  listAll(options: NotesListOptions): Promise<Page<ZohoRecord>>;
  iterateAll(options: NotesIterateOptions): AsyncIterable<ZohoRecord>;
  create(
    module: string,
    id: string,
    notes: readonly NoteInput[],
    options?: NotesWriteOptions,
  ): Promise<BatchResult>;
  update(notes: readonly NoteUpdate[], options?: NotesWriteOptions): Promise<BatchResult>;
  delete(ids: readonly string[], options?: NotesWriteOptions): Promise<BatchResult>;
}

function assertNotes(notes: unknown, what: string): asserts notes is readonly Record<string, unknown>[] {
  if (!Array.isArray(notes) || notes.length === 0)
    throw refuse(`${what} takes a non-empty array of notes`, notes);
  for (const [index, note] of notes.entries()) {
    if (typeof note !== "object" || note === null || Array.isArray(note)) {
      throw refuse(`${what}: note ${index} must be an object such as { Note_Content: "..." }`, note);
    }
  }
}

function assertText(value: unknown, what: string, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== "string" || (required && value.trim() === "")) {
    throw refuse(`${what} must be ${required ? "a non-empty " : "a "}string`, value);
  }
}

export function createNotesApi(core: GroupContext, config: NotesConfig): LooseNotesApi {
  const { prefix } = config;
  const recordNotes = `${prefix}/{module_api_name}/{record_id}/Notes`;
  const allNotes = `${prefix}/Notes`;
  const lists = listReader(core);

  function listQuery(options: NotesListOptions | NotesIterateOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError('Notes list options are required: at least { fields: ["Note_Content"] }.');
    }
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    assertOneOf(options.sortBy, "sortBy", SORT_BY);
    assertOneOf(options.sortOrder, "sortOrder", SORT_ORDER);
    return {
      fields: fieldsParam(options.fields, true)!,
      per_page: options.perPage,
      sort_by: options.sortBy,
      sort_order: options.sortOrder,
    };
  }

  function recordCall(
    module: string,
    id: string,
    options: RecordNotesListOptions | RecordNotesIterateOptions,
  ): Call {
    assertModule(module);
    assertRecordId(id);
    const query = listQuery(options);
    if (!config.ifModifiedSince) refuseSince(options.since, "notes.list");
    const headers = sinceHeader(options.since);
    return {
      method: "GET",
      path: recordNotes,
      params: { module_api_name: module, record_id: id },
      query,
      ...(headers ? { headers } : {}),
      signal: options.signal,
    };
  }

  function allCall(options: NotesListOptions | NotesIterateOptions): Call {
    return { method: "GET", path: allNotes, query: listQuery(options), signal: options.signal };
  }

  return {
    async list(module, id, options) {
      return lists.page(recordCall(module, id, options), options);
    },

    iterate(module, id, options) {
      return lists.scan(
        recordCall(module, id, options),
        options,
        `GET ${prefix}/${module}/${id}/Notes`,
        false,
      );
    },

    async listAll(options) {
      return lists.page(allCall(options), options);
    },

    iterateAll(options) {
      return lists.scan(allCall(options), options, `GET ${prefix}/Notes`, config.pageTokens);
    },

    async create(module, id, notes, options = {}) {
      assertModule(module);
      assertRecordId(id);
      assertOptions(options, "notes.create options");
      assertNotes(notes, "notes.create");
      for (const [index, note] of notes.entries()) {
        assertText(note.Note_Content, `notes.create: note ${index}'s Note_Content`, true);
        assertText(note.Note_Title, `notes.create: note ${index}'s Note_Title`, false);
      }
      return sendBatches(core, notes, {
        method: "POST",
        path: recordNotes,
        params: { module_api_name: module, record_id: id },
        // Each attempt adds the notes again.
        effect: "create",
        chunkSize: MAX_WRITE_BATCH,
        shape: () => ({ needsId: true }),
        payload: (chunk) => ({ body: { json: { data: [...chunk] } } }),
        signal: options.signal,
      });
    },

    async update(notes, options = {}) {
      assertOptions(options, "notes.update options");
      assertNotes(notes, "notes.update");
      for (const [index, note] of notes.entries()) {
        assertText(note.Note_Title, `notes.update: note ${index}'s Note_Title`, false);
        assertText(note.Note_Content, `notes.update: note ${index}'s Note_Content`, false);
        if (note.Note_Title === undefined && note.Note_Content === undefined) {
          throw refuse(
            `notes.update: note ${index} changes nothing; give Note_Title and/or Note_Content`,
            note,
          );
        }
      }
      assertIdList(
        notes.map((note) => note.id),
        "notes.update",
      );
      return sendBatches(core, notes as readonly NoteUpdate[], {
        method: "PUT",
        path: allNotes,
        params: {},
        effect: "write",
        chunkSize: MAX_WRITE_BATCH,
        shape: (chunk) => ({ ids: chunk.map((note) => note.id), needsId: false }),
        payload: (chunk) => ({ body: { json: { data: [...chunk] } } }),
        signal: options.signal,
      });
    },

    async delete(ids, options = {}) {
      assertOptions(options, "notes.delete options");
      assertIdList(ids, "notes.delete");
      return sendBatches(core, ids, {
        method: "DELETE",
        path: allNotes,
        params: {},
        effect: "write",
        chunkSize: MAX_WRITE_BATCH,
        shape: (chunk) => ({ ids: chunk, needsId: false }),
        payload: (chunk) => ({ query: { ids: chunk.join(",") } }),
        signal: options.signal,
      });
    },
  };
}
