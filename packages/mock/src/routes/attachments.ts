/**
 * Attachments: listed with fields, uploaded as multipart/form-data (a `file` of any name, or an `attachmentUrl`;
 * over the mock's limit: 413), downloaded as the bytes that were uploaded (Content-Disposition with the name),
 * deleted by ids or one at a time.
 */

import {
  type ItemResult,
  invalidModule,
  invalidPathId,
  isReply,
  itemError,
  paramLimitExceeded,
  type Reply,
  requiredParamMissing,
  zohoError,
} from "../errors.js";
import type { MockAttachment } from "../group-store.js";
import { boundaryOf, type FormPart, parseMultipart } from "../multipart.js";
import type { RouteContext } from "../router.js";
import { displayName, type MockRecord } from "../store.js";
import { zohoTime } from "../values.js";
import { pageOf } from "./paging.js";
import { findModule, MAX_WRITE_ITEMS, parseFields, project } from "./shared.js";

/** An attachment as a list row. */
export function attachmentRow(attachment: MockAttachment, parentName: string | null = null): MockRecord {
  const owner = { name: attachment.owner.name, id: attachment.owner.id, email: attachment.owner.email };
  return {
    id: attachment.id,
    File_Name: attachment.fileName,
    Size: String(attachment.bytes?.length ?? 0),
    Parent_Id: { name: parentName, id: attachment.recordId },
    $se_module: attachment.module,
    $file_id: attachment.bytes ? `mockfile${attachment.id}` : null,
    $type: attachment.link ? "Link" : "Attachment",
    $link_url: attachment.link,
    $editable: true,
    $state: "save",
    Owner: owner,
    Created_By: owner,
    Modified_By: owner,
    Created_Time: attachment.createdTime,
    Modified_Time: attachment.createdTime,
  };
}

/** The parent record of an attachments route, or Zoho's error. */
function parent(ctx: RouteContext): { module: string; id: string; record: MockRecord } | Reply {
  const module = ctx.params.module!;
  if (!findModule(ctx.state, module)) return invalidModule();
  const record = ctx.state.store.get(module, ctx.params.id!);
  if (!record) return invalidPathId(1);
  return { module, id: ctx.params.id!, record };
}

/** GET /{module}/{id}/Attachments: fields required. */
export function getAttachments(ctx: RouteContext): Reply {
  const where = parent(ctx);
  if (isReply(where)) return where;
  const fields = parseFields(ctx.query, false);
  if (isReply(fields)) return fields;
  const name = displayName(where.record);
  const rows = ctx.state.groups.attachmentsOf(where.module, where.id).map((a) => attachmentRow(a, name));
  const page = pageOf(ctx, rows, { tokens: false, binding: [fields] });
  if (isReply(page)) return page;
  return { status: 200, body: { data: page.slice.map((row) => project(row, fields)), info: page.info } };
}

const badUpload = (message: string) =>
  zohoError(400, "INVALID_DATA", message, { api_name: "file", json_path: "$.file" });

/** POST /{module}/{id}/Attachments: multipart/form-data with `file`, or `attachmentUrl` (and `title`). */
export function uploadAttachment(ctx: RouteContext): Reply {
  const where = parent(ctx);
  if (isReply(where)) return where;
  const boundary = boundaryOf(ctx.headers["content-type"]);
  if (!boundary) return badUpload("the request must be multipart/form-data");
  const parts = parseMultipart(ctx.rawBody, boundary);
  if (!parts) return badUpload("the multipart body is not well-formed");
  const file = parts.find((p: FormPart) => p.name === "file");
  const link = parts.find((p: FormPart) => p.name === "attachmentUrl");
  if (file && link) return badUpload("either a file or an attachmentUrl, not both");
  if (!file && !link) return requiredParamMissing("file", "either a file or an attachmentUrl is required");
  const { state } = ctx;
  if (file && file.bytes.length > state.settings.attachmentLimitBytes) {
    return zohoError(413, "FILE_TOO_LARGE", "The file size is too large to process.", {});
  }
  const url = link?.bytes.toString("utf8");
  if (link && !/^https?:\/\/\S+$/.test(url!)) return badUpload("the attachmentUrl is not a URL");
  const user = state.org.currentUser();
  const attachment: MockAttachment = {
    id: state.store.newId(),
    module: where.module,
    recordId: where.id,
    fileName: file ? (file.fileName ?? "file") : (ctx.query.title ?? url!),
    contentType: file?.contentType ?? "application/octet-stream",
    bytes: file ? Buffer.from(file.bytes) : null,
    link: url ?? null,
    createdTime: zohoTime(Date.now()),
    owner: { ...user },
  };
  state.groups.attachments.set(attachment.id, attachment);
  const by = { name: user.name, id: user.id };
  return {
    status: 200,
    body: {
      data: [
        {
          code: "SUCCESS",
          details: {
            Modified_Time: attachment.createdTime,
            Modified_By: by,
            Created_Time: attachment.createdTime,
            id: attachment.id,
            Created_By: by,
          },
          message: "attachment uploaded successfully",
          status: "success",
        },
      ],
    },
  };
}

/** GET /{module}/{id}/Attachments/{attachment_id}: the bytes; 204 for a link. */
export function downloadAttachment(ctx: RouteContext): Reply {
  const where = parent(ctx);
  if (isReply(where)) return where;
  const attachment = ctx.state.groups.attachments.get(ctx.params.attachment_id!);
  if (!attachment || attachment.module !== where.module || attachment.recordId !== where.id) {
    return invalidPathId(3);
  }
  if (!attachment.bytes) return { status: 204 };
  const ascii = attachment.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    status: 200,
    bytes: attachment.bytes,
    contentType: attachment.contentType,
    headers: {
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    },
  };
}

function removeAttachment(ctx: RouteContext, where: { module: string; id: string }, id: string): ItemResult {
  const attachment = ctx.state.groups.attachments.get(id);
  if (!attachment || attachment.module !== where.module || attachment.recordId !== where.id) {
    return itemError("INVALID_DATA", "the id given seems to be invalid", { id });
  }
  ctx.state.groups.attachments.delete(id);
  return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
}

/** DELETE /{module}/{id}/Attachments?ids= */
export function deleteAttachments(ctx: RouteContext): Reply {
  const where = parent(ctx);
  if (isReply(where)) return where;
  const ids = (ctx.query.ids ?? "").split(",").filter((id) => id !== "");
  if (ids.length === 0) return requiredParamMissing("ids");
  if (ids.length > MAX_WRITE_ITEMS) return paramLimitExceeded("ids", MAX_WRITE_ITEMS);
  const results = ids.map((id) => removeAttachment(ctx, where, id));
  const ok = results.filter((r) => r.status === "success").length;
  return { status: ok === results.length ? 200 : ok === 0 ? 400 : 207, body: { data: results } };
}

/** DELETE /{module}/{id}/Attachments/{attachment_id} */
export function deleteAttachment(ctx: RouteContext): Reply {
  const where = parent(ctx);
  if (isReply(where)) return where;
  const result = removeAttachment(ctx, where, ctx.params.attachment_id!);
  return { status: result.status === "success" ? 200 : 400, body: { data: [result] } };
}
