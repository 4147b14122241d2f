import type { AttachmentsApi } from "@zohokit/core";
import { createAttachmentsApi, type GroupContext } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-bigin.js";

export type BiginAttachment = components["schemas"]["Attachment"];

/** Zoho's documented limit per file for Bigin (its Files API page, upload-files.html). */
export const BIGIN_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const inSpec: "/bigin/v2/{module_api_name}/{record_id}/Attachments/{attachment_id}" extends keyof paths
  ? true
  : never = true;

/** Bigin documents deleting one attachment a call only, so a delete of many sends one call per id. */
export function biginAttachments<O>(core: GroupContext): AttachmentsApi<O, BiginAttachment> {
  void inSpec;
  return createAttachmentsApi(core, {
    prefix: "/bigin/v2",
    maxFileBytes: BIGIN_MAX_ATTACHMENT_BYTES,
    limitSource: "Zoho's Files API page for Bigin (upload-files.html)",
    deleteOneAtATime: true,
  }) as unknown as AttachmentsApi<O, BiginAttachment>;
}
