import type { RelatedApi } from "@zohokit/core";
import { createRelatedApi, type GroupContext, type LooseRelatedApi, refuse } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-bigin.js";

const PREFIX = "/bigin/v2";
/** The route core builds: a compile error here if the spec lacks it. */
const inSpec: `${typeof PREFIX}/{module_api_name}/{record_id}/{related_list_api_name}` extends keyof paths
  ? true
  : never = true;

/** A record's deals are read per Team Pipeline (`pipeline_id`), which the generic related-list call cannot send. */
function refusePipelines(relatedList: unknown, what: string): void {
  if (relatedList !== "Pipelines") return;
  throw refuse(
    `${what}: Bigin lists a record's Pipelines records per Team Pipeline only; call ` +
      'raw.GET("/bigin/v2/{module_api_name}/{record_id}/Pipelines") with query pipeline_id',
    relatedList,
  );
}

/**
 * Related records of Bigin: page numbers, and page tokens past 2,000 records (the recorded answers carry
 * next_page_token); Bigin's related-records page documents no If-Modified-Since, so `since` is refused.
 */
export function biginRelated<O>(core: GroupContext): RelatedApi<O> {
  void inSpec;
  const loose = createRelatedApi(core, { prefix: PREFIX, pageTokens: true, ifModifiedSince: false });
  const api: LooseRelatedApi = {
    ...loose,
    async list(module, id, relatedList, options) {
      refusePipelines(relatedList, "related.list");
      return loose.list(module, id, relatedList, options);
    },
    iterate(module, id, relatedList, options) {
      refusePipelines(relatedList, "related.iterate");
      return loose.iterate(module, id, relatedList, options);
    },
  };
  return api as unknown as RelatedApi<O>;
}
