import type { TagsApi } from "@zohokit/core";
import { createTagsApi, type GroupContext } from "@zohokit/core/internal";
import type { components, paths } from "./generated/zoho-crm.js";

export type CrmTag = components["schemas"]["Tag"];

/** Zoho CRM v8 "Add Tags to Records": at most 500 record ids per call. */
export const CRM_MAX_TAGGED_PER_CALL = 500;

const inSpec:
  | "/crm/v8/{module_api_name}/actions/add_tags"
  | "/crm/v8/{module_api_name}/actions/remove_tags"
  | "/crm/v8/settings/tags" extends keyof paths
  ? true
  : never = true;

export function crmTags<O>(core: GroupContext): TagsApi<O, CrmTag> {
  void inSpec;
  return createTagsApi(core, {
    prefix: "/crm/v8",
    maxIdsPerCall: CRM_MAX_TAGGED_PER_CALL,
  }) as unknown as TagsApi<O, CrmTag>;
}
