import type { TagsApi } from "@zohokit/core";
import { createTagsApi, type GroupContext, type LooseTagsApi, refuse } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-bigin.js";

export type BiginTag = components["schemas"]["ModuleTag"];

/** Bigin v2 "Add Tags" and "Remove Tags": 1 to 100 record ids per call. */
export const BIGIN_MAX_TAGGED_PER_CALL = 100;

const inSpec:
  | "/bigin/v2/{module_api_name}/actions/add_tags"
  | "/bigin/v2/{module_api_name}/actions/remove_tags"
  | "/bigin/v2/settings/tags" extends keyof paths
  ? true
  : never = true;

/**
 * Bigin's tags: an add sends a JSON body (`tags`, `ids`, `over_write`); a remove sends the query `ids` and
 * `tag_names` (Bigin's remove-tags page), so it takes tag names, not ids. The tags list has no `my_tags`.
 */
export function biginTags<O>(core: GroupContext): TagsApi<O, BiginTag> {
  void inSpec;
  const loose = createTagsApi(core, {
    prefix: "/bigin/v2",
    maxIdsPerCall: BIGIN_MAX_TAGGED_PER_CALL,
    payload: (kind, ids, tags, overwrite) =>
      kind === "add"
        ? { body: { json: { tags, ids, ...(overwrite !== undefined ? { over_write: overwrite } : {}) } } }
        : {
            query: {
              ids: ids.join(","),
              tag_names: tags.map((tag) => ("name" in tag ? tag.name : tag.id)).join(","),
            },
          },
  });
  const api: LooseTagsApi = {
    async list(module, options = {}) {
      if (
        typeof options === "object" &&
        options !== null &&
        "myTags" in options &&
        options.myTags !== undefined
      ) {
        throw refuse("tags.list: Bigin's tags list has no myTags filter (Zoho CRM's does)", options.myTags);
      }
      return loose.list(module, options);
    },
    add: loose.add,
    async remove(module, ids, tags, options) {
      if (Array.isArray(tags)) {
        for (const [index, tag] of tags.entries()) {
          if (typeof tag === "object" && tag !== null && !("name" in tag)) {
            throw refuse(
              `tags.remove: tag ${index} names no tag name; Bigin removes tags by name (tag_names), so give names`,
              tag,
            );
          }
        }
      }
      return loose.remove(module, ids, tags, options);
    },
  };
  return api as unknown as TagsApi<O, BiginTag>;
}
