import type { AttachmentsApi } from "@zohokit/core";
import { createAttachmentsApi, type GroupContext } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-crm.js";

export type CrmAttachment = components["schemas"]["Attachment"];

/** Zoho CRM's documented limit per attached file (the v2 "Upload an Attachment" page; the v8 page names none). */
export const CRM_MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

const inSpec: "/crm/v8/{module_api_name}/{record_id}/Attachments/{attachment_id}" extends keyof paths
  ? true
  : never = true;

export function crmAttachments<O>(core: GroupContext): AttachmentsApi<O, CrmAttachment> {
  void inSpec;
  return createAttachmentsApi(core, {
    prefix: "/crm/v8",
    maxFileBytes: CRM_MAX_ATTACHMENT_BYTES,
    limitSource: 'Zoho CRM\'s "Upload an Attachment" page',
  }) as unknown as AttachmentsApi<O, CrmAttachment>;
}
