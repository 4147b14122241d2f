import { ZohoKitError } from "@zohokit/core";
import { RECORD_ID } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-bigin.js";

/** Bigin documents only these criteria operators. */
export const BIGIN_CRITERIA_OPERATORS: ReadonlySet<string> = new Set(["equals", "starts_with"]);

/**
 * Why listing Pipelines needs a pipeline id: Zoho's "Get records from a Team Pipeline" page
 * (https://www.bigin.com/developer/docs/apis/v2/get-team-pipeline-records.html) lists `pipeline_id` and `fields` as
 * required; the general "Get records" page leaves Pipelines out.
 */
const ONE_PIPELINE_AT_A_TIME =
  "Bigin lists Pipelines records one Team Pipeline at a time (Zoho requires pipeline_id on GET /bigin/v2/Pipelines)";
const WHERE_IDS_ARE = "bigin.pipelines.list() gives your Team Pipelines with their ids and stages.";

export function checkPipelinesList(module: string, options: object): void {
  if (module !== "Pipelines") return;
  const pipelineId = (options as { pipelineId?: unknown }).pipelineId;
  if (typeof pipelineId !== "string" || !RECORD_ID.test(pipelineId)) {
    throw new ZohoKitError(
      `${ONE_PIPELINE_AT_A_TIME}: pass { pipelineId } (a string of digits; got ${JSON.stringify(pipelineId)}). ${WHERE_IDS_ARE}`,
    );
  }
}

const PIPELINES_LIST: keyof paths = "/bigin/v2/Pipelines";

/** Pipelines records are listed at their own path, one Team Pipeline at a time. */
export function pipelinesListRoute(module: string, options: object) {
  if (module !== "Pipelines") return undefined;
  return { path: PIPELINES_LIST, query: { pipeline_id: (options as { pipelineId: string }).pipelineId } };
}

/** For Zoho's answer to a Pipelines list missing a required parameter (through `raw`: the helpers check first). */
export function pipelinesListHint(status: number, code: string, path: string): string | undefined {
  if (status !== 400 || code !== "REQUIRED_PARAM_MISSING" || !/\/bigin\/v2\/Pipelines$/.test(path))
    return undefined;
  return `${ONE_PIPELINE_AT_A_TIME}, and fields: pass both. ${WHERE_IDS_ARE}`;
}

export function checkBiginCriteria(_module: string, operators: Set<string>): void {
  const refused = [...operators].filter((op) => !BIGIN_CRITERIA_OPERATORS.has(op));
  if (refused.length > 0) {
    throw new ZohoKitError(
      `Bigin search supports only the equals and starts_with operators; these criteria use ${refused.join(", ")}. ` +
        "Filter further after the search, or use records.iterate().",
    );
  }
}
