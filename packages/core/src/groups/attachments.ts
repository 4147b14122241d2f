/**
 * Attachments of a record (`{prefix}/{module}/{id}/Attachments`): listed, uploaded (a file, multipart/form-data) or
 * attached as a link, downloaded as a stream (never held in memory whole), deleted in batches of 100. An upload is a
 * create: after an attempt whose fate is unknown it is never sent again (AMBIGUOUS). The app gives its prefix and
 * its per-file limit, which is checked before anything is sent.
 */
import type { Call } from "../call.js";
import { isObject } from "../error-body.js";
import { ApiError, ZohoKitError } from "../errors.js";
import { fieldsParam, MAX_PER_PAGE, MAX_WRITE_BATCH } from "../records/options.js";
import type { BatchResult, Page, ZohoRecord } from "../records/types.js";
import {
  assertIdList,
  assertModule,
  assertOptions,
  assertPositiveInteger,
  assertRecordId,
  refuse,
} from "../validate.js";
import { dispositionFileName } from "./content-disposition.js";
import { type GroupContext, listReader, sendBatches } from "./shared.js";

export interface AttachmentsConfig {
  prefix: string;
  /** The largest file Zoho documents for this app, in bytes (CRM 100 MB, Bigin 20 MB). */
  maxFileBytes: number;
  /** Where that limit comes from, for the error message. */
  limitSource: string;
  /**
   * Delete one attachment a call (`DELETE .../Attachments/{attachment_id}`), for an app whose API has no delete of
   * many (Bigin). Default false: up to 100 ids a call (`DELETE .../Attachments?ids=`).
   */
  deleteOneAtATime?: boolean;
}

/** The fields a list asks for when the call names none. */
export const DEFAULT_ATTACHMENT_FIELDS = [
  "File_Name",
  "Size",
  "Created_Time",
  "Modified_Time",
  "Owner",
  "Parent_Id",
  "$type",
  "$link_url",
  "$file_id",
] as const;

export interface AttachmentsListOptions {
  /** Attachment fields (default: DEFAULT_ATTACHMENT_FIELDS). */
  fields?: readonly string[];
  page?: number;
  perPage?: number;
  signal?: AbortSignal;
}

export type AttachmentsIterateOptions = Omit<AttachmentsListOptions, "page"> & { limit?: number };

export interface UploadOptions {
  /** The name Zoho stores the file under; any characters. Default: the File's own name. */
  fileName?: string;
  signal?: AbortSignal;
}

export interface AttachUrlOptions {
  /** The link's title (default: the page's title, as Zoho reads it). */
  title?: string;
  signal?: AbortSignal;
}

/** What an upload or a link created. */
export interface AttachmentCreated {
  id: string;
  /** Zoho's details: Created_Time, Created_By, Modified_Time, Modified_By. */
  details: Record<string, unknown>;
}

/** A download: the bytes as they arrive, read once (pipe them to a file, a response or a hash). */
export interface AttachmentDownload {
  body: ReadableStream<Uint8Array>;
  /** From Content-Disposition, decoded (any characters). */
  fileName: string | undefined;
  contentType: string | undefined;
  /** Content-Length, when Zoho sent one. */
  size: number | undefined;
}

export interface LooseAttachmentsApi {
  list(module: string, id: string, options?: AttachmentsListOptions): Promise<Page<ZohoRecord>>;
  iterate(module: string, id: string, options?: AttachmentsIterateOptions): AsyncIterable<ZohoRecord>;
  upload(
    module: string,
    id: string,
    file: Blob | ReadableStream<Uint8Array>,
    options?: UploadOptions,
  ): Promise<AttachmentCreated>;
  attachUrl(module: string, id: string, url: string, options?: AttachUrlOptions): Promise<AttachmentCreated>;
  /** The file, streamed; null when the attachment has no content (Zoho answers 204 for a link). */
  download(
    module: string,
    id: string,
    attachmentId: string,
    options?: { signal?: AbortSignal },
  ): Promise<AttachmentDownload | null>;
  delete(
    module: string,
    id: string,
    attachmentIds: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<BatchResult>;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** The bytes of a stream as a Blob, read only up to `limit`: past it the stream is cancelled and undefined returned. */
async function boundedBlob(stream: ReadableStream<Uint8Array>, limit: number): Promise<Blob | undefined> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(parts as BlobPart[]);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(value);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertFileName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.trim() === "") {
    throw refuse(
      "attachments.upload needs { fileName }: the name Zoho stores the file under (any characters)",
      name,
    );
  }
  if (LONE_SURROGATE.test(name))
    throw refuse("The file name is not well-formed Unicode (a lone surrogate)", name);
  if (/\.exe$/i.test(name.trim())) {
    throw refuse(
      "Zoho accepts attachments of every type but .exe",
      name,
      " Zip it, or rename it if it is not a program.",
    );
  }
}

export function createAttachmentsApi(core: GroupContext, config: AttachmentsConfig): LooseAttachmentsApi {
  const { prefix, maxFileBytes } = config;
  const listPath = `${prefix}/{module_api_name}/{record_id}/Attachments`;
  const onePath = `${prefix}/{module_api_name}/{record_id}/Attachments/{attachment_id}`;
  const lists = listReader(core);

  function record(module: unknown, id: unknown) {
    assertModule(module);
    assertRecordId(id);
    return { module_api_name: module, record_id: id };
  }

  function listCall(module: string, id: string, options: AttachmentsListOptions): Call {
    const params = record(module, id);
    assertOptions(options, "Attachment list options");
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    const fields = fieldsParam(options.fields ?? DEFAULT_ATTACHMENT_FIELDS, true)!;
    return {
      method: "GET",
      path: listPath,
      params,
      query: { fields, per_page: options.perPage },
      signal: options.signal,
    };
  }

  function tooLarge(size: number | undefined): ZohoKitError {
    const what =
      size === undefined ? `more than ${megabytes(maxFileBytes)}` : `${megabytes(size)} (${size} bytes)`;
    return new ZohoKitError(
      `The file is ${what}, over the ${megabytes(maxFileBytes)} Zoho allows per attachment (${config.limitSource}); ` +
        "nothing was sent. Split or compress it, or link it with attachments.attachUrl(). Zoho may refuse smaller " +
        "files too (HTTP 413, ApiError code FILE_TOO_LARGE).",
    );
  }

  /** Sends one create (an upload or a link) and reads its one result. */
  async function create(call: Call, at: string): Promise<AttachmentCreated> {
    let reply: Awaited<ReturnType<GroupContext["request"]>>;
    try {
      reply = await core.request(call);
    } catch (error) {
      if (error instanceof ApiError && error.status === 413) {
        throw new ApiError({
          ...error,
          code: "FILE_TOO_LARGE",
          details: { ...error.details, serverCode: error.code },
          message:
            `${error.message}. Zoho refused the file as too large: its documented limit is ` +
            `${megabytes(maxFileBytes)} per file, and it may refuse smaller ones; split or compress the file, or ` +
            "attach a link with attachments.attachUrl().",
          cause: error,
        });
      }
      throw error;
    }
    const body = core.redact(reply.body);
    const item = isObject(body) && Array.isArray(body.data) ? body.data[0] : undefined;
    const details = isObject(item) && isObject(item.details) ? item.details : {};
    if (isObject(item) && item.status === "success" && typeof details.id === "string") {
      return { id: details.id, details };
    }
    if (isObject(item) && item.status === "error" && typeof item.code === "string") {
      throw new ApiError({
        status: reply.status,
        code: item.code,
        details,
        method: "POST",
        path: at,
        message: `POST ${at} failed with ${reply.status} ${item.code}${typeof item.message === "string" ? `: ${item.message}` : ""}.`,
      });
    }
    throw new ApiError({
      status: reply.status,
      code: "AMBIGUOUS",
      details: { status: reply.status },
      method: "POST",
      path: at,
      message:
        `POST ${at} answered ${reply.status} without the new attachment's id: it was most likely attached, but ` +
        "which attachment it is cannot be told. List the record's attachments before attaching it again.",
    });
  }

  return {
    async list(module, id, options = {}) {
      return lists.page(listCall(module, id, options), options);
    },

    iterate(module, id, options = {}) {
      return lists.scan(
        listCall(module, id, options),
        options,
        `GET ${prefix}/${module}/${id}/Attachments`,
        false,
      );
    },

    async upload(module, id, file, options = {}) {
      const params = record(module, id);
      assertOptions(options, "attachments.upload options");
      const isBlob = typeof Blob !== "undefined" && file instanceof Blob;
      const isStream = typeof ReadableStream !== "undefined" && file instanceof ReadableStream;
      if (!isBlob && !isStream) {
        throw refuse(
          "attachments.upload takes the file as a Blob, a File or a ReadableStream of bytes",
          file,
        );
      }
      const ownName = typeof File !== "undefined" && file instanceof File ? file.name : undefined;
      const fileName = options.fileName ?? (ownName === "" ? undefined : ownName);
      assertFileName(fileName);
      if (isBlob && (file as Blob).size > maxFileBytes) throw tooLarge((file as Blob).size);
      // multipart/form-data needs the file whole; a stream is read, up to the limit, before anything is sent.
      const blob = isBlob
        ? (file as Blob)
        : await boundedBlob(file as ReadableStream<Uint8Array>, maxFileBytes);
      if (!blob) throw tooLarge(undefined);
      const form = new FormData();
      form.append("file", blob, fileName);
      return create(
        {
          method: "POST",
          path: listPath,
          params,
          body: { form },
          effect: "create",
          signal: options.signal,
        },
        `${prefix}/${module}/${id}/Attachments`,
      );
    },

    async attachUrl(module, id, url, options = {}) {
      const params = record(module, id);
      assertOptions(options, "attachments.attachUrl options");
      let parsed: URL | undefined;
      try {
        parsed = typeof url === "string" ? new URL(url) : undefined;
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
        throw refuse("attachments.attachUrl takes an http or https URL", url);
      }
      if (options.title !== undefined && (typeof options.title !== "string" || options.title.trim() === "")) {
        throw refuse("title must be a non-empty string", options.title);
      }
      const form = new FormData();
      form.append("attachmentUrl", url);
      return create(
        {
          method: "POST",
          path: listPath,
          params,
          query: { title: options.title },
          body: { form },
          effect: "create",
          signal: options.signal,
        },
        `${prefix}/${module}/${id}/Attachments`,
      );
    },

    async download(module, id, attachmentId, options = {}) {
      const params = record(module, id);
      assertRecordId(attachmentId, "The attachment id");
      assertOptions(options, "attachments.download options");
      const reply = await core.request({
        method: "GET",
        path: onePath,
        params: { ...params, attachment_id: attachmentId },
        headers: { Accept: "*/*" },
        read: "stream",
        signal: options.signal,
      });
      if (reply.status === 204) return null;
      const length = reply.headers.get("content-length");
      return {
        body: reply.stream ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
        fileName: dispositionFileName(reply.headers.get("content-disposition")),
        contentType: reply.headers.get("content-type") ?? undefined,
        size: length !== null && /^\d{1,15}$/.test(length) ? Number(length) : undefined,
      };
    },

    async delete(module, id, attachmentIds, options = {}) {
      const params = record(module, id);
      assertOptions(options, "attachments.delete options");
      assertIdList(attachmentIds, "attachments.delete");
      const one = config.deleteOneAtATime === true;
      return sendBatches(core, attachmentIds, {
        method: "DELETE",
        path: one ? `${listPath}/{attachment_id}` : listPath,
        params,
        effect: "write",
        chunkSize: one ? 1 : MAX_WRITE_BATCH,
        shape: (chunk) => ({ ids: chunk, needsId: false }),
        payload: (chunk) =>
          one ? { params: { attachment_id: chunk[0]! } } : { query: { ids: chunk.join(",") } },
        signal: options.signal,
      });
    },
  };
}
