/**
 * Tags: a module's tags (`{prefix}/settings/tags?module=`), and adding or removing tags on any number of records
 * (`{prefix}/{module}/actions/add_tags` and `remove_tags`), sent in chunks of the app's per-call limit with one
 * result per record. Tag names and colours are checked before any request.
 */
import type { Call } from "../call.js";
import { isObject } from "../error-body.js";
import { ApiError } from "../errors.js";
import type { BatchResult } from "../records/types.js";
import { assertBoolean, assertIdList, assertModule, assertOptions, refuse } from "../validate.js";
import { type GroupContext, sendBatches } from "./shared.js";

/** The 13 colours Zoho allows for a tag (Zoho CRM v8 "Create Tags"). */
export const TAG_COLORS = [
  "#F17574",
  "#F48435",
  "#E7A826",
  "#A8C026",
  "#63C57E",
  "#1DB9B4",
  "#57B1FD",
  "#879BFC",
  "#D297EE",
  "#FD87BD",
  "#969696",
  "#658BA8",
  "#B88562",
] as const;
export type TagColor = (typeof TAG_COLORS)[number];

/** A tag name has 1 to 25 characters (Zoho's OpenAPI description of tags). */
export const MAX_TAG_NAME_LENGTH = 25;
/** No edition lets a record carry more than 10 tags (5 in Standard), so no add names more. */
export const MAX_TAGS_PER_RECORD = 10;

/** A tag to add or remove: its name (a new name is created), `{ name, color_code }`, or `{ id }`. */
export type TagInput = string | { name: string; color_code?: TagColor | null } | { id: string };

/** A tag as sent to Zoho. */
export type TagSelector = { name: string; color_code?: TagColor | null } | { id: string };

/** A tag of a module, as Zoho lists it. */
export interface ZohoTag {
  id: string;
  name: string;
  color_code?: string | null;
  [key: string]: unknown;
}

export interface TagList {
  tags: ZohoTag[];
  /** How many tags the module has and how many the edition allows (`allowed_count`). */
  info: { count?: number | null; allowed_count?: number | null; [key: string]: unknown };
}

export interface TagsConfig {
  prefix: string;
  /** Most record ids one add or remove takes (CRM: 500). */
  maxIdsPerCall: number;
  /** How one chunk of an add or remove is sent; default: the JSON body `{ tags, ids, over_write }`. */
  payload?(
    kind: "add" | "remove",
    ids: readonly string[],
    tags: readonly TagSelector[],
    overwrite: boolean | undefined,
  ): Pick<Call, "body" | "query">;
}

export interface TagWriteOptions {
  signal?: AbortSignal;
}

export interface AddTagsOptions extends TagWriteOptions {
  /** Replace the records' tags with these instead of adding them (Zoho's over_write). */
  overwrite?: boolean;
}

export interface LooseTagsApi {
  list(module: string, options?: { myTags?: boolean; signal?: AbortSignal }): Promise<TagList>;
  add(
    module: string,
    ids: readonly string[],
    tags: readonly TagInput[],
    options?: AddTagsOptions,
  ): Promise<BatchResult>;
  remove(
    module: string,
    ids: readonly string[],
    tags: readonly TagInput[],
    options?: TagWriteOptions,
  ): Promise<BatchResult>;
}

/** C0 and C1 control characters and DEL: never part of a tag name. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Checks a tag name: 1 to 25 characters, not blank, no control characters, no comma. */
export function assertTagName(name: unknown, what = "A tag name"): asserts name is string {
  if (typeof name !== "string" || name.trim() === "")
    throw refuse(`${what} must be a non-empty string`, name);
  const length = [...name].length;
  if (length > MAX_TAG_NAME_LENGTH) {
    throw refuse(`${what} has ${length} characters; Zoho allows at most ${MAX_TAG_NAME_LENGTH}`, name);
  }
  if (hasControl(name)) throw refuse(`${what} must not contain control characters`, name);
  if (name.includes(",")) {
    throw refuse(`${what} must not contain a comma (Zoho separates tag names with commas)`, name);
  }
}

function selectors(tags: unknown, what: string, max: number | undefined): TagSelector[] {
  if (!Array.isArray(tags) || tags.length === 0) {
    throw refuse(`${what} takes a non-empty array of tags: names, { name, color_code } or { id }`, tags);
  }
  if (max !== undefined && tags.length > max) {
    throw refuse(
      `${what} names ${tags.length} tags; a record carries at most ${max} (5 in the Standard edition)`,
      tags.length,
    );
  }
  const names = new Set<string>();
  return tags.map((tag, index): TagSelector => {
    const at = `${what}: tag ${index}`;
    const selector = typeof tag === "string" ? { name: tag } : tag;
    if (!isObject(selector)) throw refuse(`${at} must be a name, { name, color_code } or { id }`, tag);
    if ("id" in selector) {
      if (typeof selector.id !== "string" || !/^[0-9]{1,30}$/.test(selector.id)) {
        throw refuse(`${at}'s id must be a Zoho id, a string of digits`, selector.id);
      }
      return { id: selector.id };
    }
    assertTagName(selector.name, `${at}'s name`);
    const key = selector.name.trim().toLowerCase();
    if (names.has(key)) throw refuse(`${at} repeats the name of an earlier tag`, selector.name);
    names.add(key);
    const color = selector.color_code;
    if (color !== undefined && color !== null && !TAG_COLORS.includes(color as TagColor)) {
      throw refuse(`${at}'s color_code must be null or one of ${TAG_COLORS.join(", ")}`, color);
    }
    return color === undefined
      ? { name: selector.name }
      : { name: selector.name, color_code: color as TagColor };
  });
}

const LIMIT_ADVICE =
  " A record carries at most 10 tags (5 in the Standard edition) and a module 20 to 200 by edition " +
  "(tags.list(module) gives info.allowed_count): remove tags first, or add fewer.";

function withAdvice(result: BatchResult): BatchResult {
  for (const failure of result.failed) {
    if (failure.code === "LIMIT_EXCEEDED") failure.message = `${failure.message}.${LIMIT_ADVICE}`;
  }
  return result;
}

export function createTagsApi(core: GroupContext, config: TagsConfig): LooseTagsApi {
  const { prefix } = config;
  const payload =
    config.payload ??
    ((kind, ids, tags, overwrite) => ({
      body: {
        json: { tags, ids, ...(kind === "add" && overwrite !== undefined ? { over_write: overwrite } : {}) },
      },
    }));

  function write(
    kind: "add" | "remove",
    module: string,
    ids: readonly string[],
    tags: readonly TagInput[],
    options: AddTagsOptions,
  ): Promise<BatchResult> {
    assertModule(module);
    assertOptions(options, `tags.${kind} options`);
    assertIdList(ids, `tags.${kind}`);
    const sent = selectors(tags, `tags.${kind}`, kind === "add" ? MAX_TAGS_PER_RECORD : undefined);
    if (kind === "add") assertBoolean(options.overwrite, "overwrite");
    return sendBatches(core, ids, {
      method: "POST",
      path: `${prefix}/{module_api_name}/actions/${kind}_tags`,
      params: { module_api_name: module },
      // Adding a tag a record has, or removing one it lacks, changes nothing: safe to repeat.
      effect: "write",
      chunkSize: config.maxIdsPerCall,
      shape: (chunk) => ({ ids: chunk, needsId: false }),
      payload: (chunk) => payload(kind, chunk, sent, options.overwrite),
      signal: options.signal,
    }).then(withAdvice);
  }

  return {
    async list(module, options = {}) {
      assertModule(module);
      assertOptions(options, "tags.list options");
      assertBoolean(options.myTags, "myTags");
      const { body } = await core.request({
        method: "GET",
        path: `${prefix}/settings/tags`,
        query: { module, my_tags: options.myTags },
        signal: options.signal,
      });
      if (body === undefined) return { tags: [], info: { count: 0 } };
      if (!isObject(body) || !Array.isArray(body.tags)) {
        const path = `${prefix}/settings/tags`;
        throw new ApiError({
          status: 200,
          code: "INVALID_RESPONSE",
          method: "GET",
          path,
          message: `GET ${path} answered without a list of tags.`,
        });
      }
      return { tags: body.tags as ZohoTag[], info: isObject(body.info) ? body.info : {} };
    },

    async add(module, ids, tags, options = {}) {
      return write("add", module, ids, tags, options);
    },

    async remove(module, ids, tags, options = {}) {
      return write("remove", module, ids, tags, options);
    },
  };
}
