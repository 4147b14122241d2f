import type { NotesApi } from "@zohokit/core";
import { createNotesApi, type GroupContext } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-bigin.js";

/** A note as the Bigin spec describes it (with a generated Org that has Notes, its NotesRecord types them instead). */
export type BiginNote = components["schemas"]["Note"];

const inSpec: "/bigin/v2/Notes" | "/bigin/v2/{module_api_name}/{record_id}/Notes" extends keyof paths
  ? true
  : never = true;

/**
 * Bigin's notes: a record's and every record's, by page number only (Bigin's notes page documents neither
 * If-Modified-Since nor page_token). Reading or writing them needs the ZohoBigin.modules.notes.ALL scope.
 */
export function biginNotes<O>(core: GroupContext): NotesApi<O, BiginNote> {
  void inSpec;
  return createNotesApi(core, {
    prefix: "/bigin/v2",
    ifModifiedSince: false,
    pageTokens: false,
  }) as unknown as NotesApi<O, BiginNote>;
}
