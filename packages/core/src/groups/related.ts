/**
 * Related records: the records linked to a record through one of its module's related lists
 * (`{prefix}/{module}/{id}/{related_list}`), read a page at a time or across pages, linked and unlinked in batches.
 * An app gives its prefix and what its route accepts; @zohokit/crm and @zohokit/bigin give the typed signatures.
 */
import type { Call } from "../call.js";
import { ZohoKitError } from "../errors.js";
import { fieldsParam, MAX_PER_PAGE, MAX_WRITE_BATCH } from "../records/options.js";
import type { BatchResult, Page, ZohoRecord } from "../records/types.js";
import {
  assertIdList,
  assertModule,
  assertOptions,
  assertPositiveInteger,
  assertRecordId,
  assertRelatedList,
  refuse,
} from "../validate.js";
import { type GroupContext, listReader, refuseSince, sendBatches, sinceHeader } from "./shared.js";

export interface RelatedConfig {
  /** "/crm/v8" or "/bigin/v2". */
  prefix: string;
  /** The related-records route takes page_token past 2,000 records (Bigin); without it, page numbers go on. */
  pageTokens: boolean;
  /** The route takes If-Modified-Since (CRM): `since` reads only what changed after it. */
  ifModifiedSince: boolean;
}

export interface RelatedListOptions {
  /** 1 to 50 fields of the related module. */
  fields: readonly string[];
  page?: number;
  perPage?: number;
  /** Only related records modified after this time (If-Modified-Since); nothing changed gives `data: []`. */
  since?: Date | string;
  signal?: AbortSignal;
}

export interface RelatedIterateOptions extends Omit<RelatedListOptions, "page"> {
  /** Stop after this many records. */
  limit?: number;
}

/** A record to link: its id, or its id with the relation's own fields (`{ id, Member_Status: "Sent" }`). */
export type RelatedLinkInput = string | { id: string; [field: string]: unknown };

export interface RelatedWriteOptions {
  signal?: AbortSignal;
}

/** The related-records API with loose types; the apps give it their org-typed signatures. */
export interface LooseRelatedApi {
  list(
    module: string,
    id: string,
    relatedList: string,
    options: RelatedListOptions,
  ): Promise<Page<ZohoRecord>>;
  iterate(
    module: string,
    id: string,
    relatedList: string,
    options: RelatedIterateOptions,
  ): AsyncIterable<ZohoRecord>;
  link(
    module: string,
    id: string,
    relatedList: string,
    inputs: readonly RelatedLinkInput[],
    options?: RelatedWriteOptions,
  ): Promise<BatchResult>;
  unlink(
    module: string,
    id: string,
    relatedList: string,
    ids: readonly string[],
    options?: RelatedWriteOptions,
  ): Promise<BatchResult>;
}

const byId = (chunk: readonly { id: string }[]) => ({ ids: chunk.map((input) => input.id), needsId: false });

export function createRelatedApi(core: GroupContext, config: RelatedConfig): LooseRelatedApi {
  const path = `${config.prefix}/{module_api_name}/{record_id}/{related_list_api_name}`;

  function target(module: unknown, id: unknown, relatedList: unknown) {
    assertModule(module);
    assertRecordId(id);
    assertRelatedList(relatedList);
    return { module_api_name: module, record_id: id, related_list_api_name: relatedList };
  }

  function listCall(
    module: string,
    id: string,
    relatedList: string,
    options: RelatedListOptions | RelatedIterateOptions,
  ): Call {
    const params = target(module, id, relatedList);
    if (typeof options !== "object" || options === null) {
      throw new ZohoKitError('Related-list options are required: at least { fields: ["..."] }.');
    }
    const fields = fieldsParam(options.fields, true)!;
    assertPositiveInteger(options.perPage, "perPage", MAX_PER_PAGE);
    if (!config.ifModifiedSince) refuseSince(options.since, "related.list");
    const headers = sinceHeader(options.since);
    return {
      method: "GET",
      path,
      params,
      query: { fields, per_page: options.perPage },
      ...(headers ? { headers } : {}),
      signal: options.signal,
    };
  }

  const lists = listReader(core);

  return {
    async list(module, id, relatedList, options) {
      return lists.page(listCall(module, id, relatedList, options), options);
    },

    iterate(module, id, relatedList, options) {
      const what = `GET ${config.prefix}/${module}/${id}/${relatedList}`;
      return lists.scan(listCall(module, id, relatedList, options), options, what, config.pageTokens);
    },

    async link(module, id, relatedList, inputs, options = {}) {
      const params = target(module, id, relatedList);
      assertOptions(options, "related.link options");
      if (!Array.isArray(inputs) || inputs.length === 0) {
        throw refuse("related.link takes a non-empty array of ids or { id, ...fields } objects", inputs);
      }
      const items = inputs.map((input, index) => {
        const item = typeof input === "string" ? { id: input } : input;
        if (typeof item !== "object" || item === null || Array.isArray(item)) {
          throw refuse(`related.link: item ${index} must be an id or an object with an id`, input);
        }
        return item as { id: string };
      });
      assertIdList(
        items.map((item) => item.id),
        "related.link",
      );
      return sendBatches(core, items, {
        method: "PUT",
        path,
        params,
        // Linking what is linked already changes nothing: safe to repeat.
        effect: "write",
        chunkSize: MAX_WRITE_BATCH,
        shape: byId,
        payload: (chunk) => ({ body: { json: { data: [...chunk] } } }),
        signal: options.signal,
      });
    },

    async unlink(module, id, relatedList, ids, options = {}) {
      const params = target(module, id, relatedList);
      assertOptions(options, "related.unlink options");
      assertIdList(ids, "related.unlink");
      return sendBatches(core, ids, {
        method: "DELETE",
        path,
        params,
        effect: "write",
        chunkSize: MAX_WRITE_BATCH,
        shape: (chunk) => ({ ids: chunk, needsId: false }),
        payload: (chunk) => ({ query: { ids: chunk.join(",") } }),
        signal: options.signal,
      });
    },
  };
}
