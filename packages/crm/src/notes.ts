import type { NotesApi } from "@zohokit/core";
import { createNotesApi, type GroupContext } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-crm.js";

/** A note as the CRM spec describes it (with a generated Org that has Notes, its NotesRecord types them instead). */
export type CrmNote = components["schemas"]["Note"];

const inSpec: "/crm/v8/Notes" | "/crm/v8/{module_api_name}/{record_id}/Notes" extends keyof paths
  ? true
  : never = true;

/** CRM's notes: a record's (with `since`), every record's (with page tokens past 2,000). */
export function crmNotes<O>(core: GroupContext): NotesApi<O, CrmNote> {
  void inSpec;
  return createNotesApi(core, {
    prefix: "/crm/v8",
    ifModifiedSince: true,
    pageTokens: true,
  }) as unknown as NotesApi<O, CrmNote>;
}
