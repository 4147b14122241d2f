import type { RelatedApi } from "@zohokit/core";
import { createRelatedApi, type GroupContext } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-crm.js";

const PREFIX = "/crm/v8";
/** The route core builds: a compile error here if the spec lacks it. */
const inSpec: `${typeof PREFIX}/{module_api_name}/{record_id}/{related_list_api_name}` extends keyof paths
  ? true
  : never = true;

/**
 * Related records of CRM: page numbers (no page_token is documented for related lists), and `since`
 * (If-Modified-Since) on reads.
 */
export function crmRelated<O>(core: GroupContext): RelatedApi<O> {
  void inSpec;
  return createRelatedApi(core, {
    prefix: PREFIX,
    pageTokens: false,
    ifModifiedSince: true,
  }) as unknown as RelatedApi<O>;
}
