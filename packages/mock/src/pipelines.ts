/**
 * Bigin's Team Pipelines, as the mock enforces them on writes of Pipelines records: each layout of the Pipelines
 * module is a Team Pipeline with its own Stage and Sub_Pipeline picklists. With an org, a record's Stage and
 * Sub_Pipeline must be values of its own pipeline; a write that names no pipeline leaves the record where it is (a
 * create puts it in the first Team Pipeline, as the mock's stand-in for Bigin's default one).
 */

import { type ItemResult, invalidValue } from "./errors.js";
import type { OrgModel } from "./org.js";
import type { MockRecord } from "./store.js";
import { isObject } from "./values.js";

export interface MockTeamPipeline {
  id: string;
  name: string;
  stages: readonly string[];
  subPipelines: readonly string[];
}

function picklist(layout: Record<string, unknown>, apiName: string): string[] {
  const sections = Array.isArray(layout.sections) ? layout.sections : [];
  for (const section of sections) {
    const fields = isObject(section) && Array.isArray(section.fields) ? section.fields : [];
    const field = fields.find((f) => isObject(f) && f.api_name === apiName);
    if (!isObject(field) || !Array.isArray(field.pick_list_values)) continue;
    return field.pick_list_values.flatMap((v) =>
      isObject(v) && typeof v.actual_value === "string" ? [v.actual_value] : [],
    );
  }
  return [];
}

/** The org's Team Pipelines, read from its Pipelines layouts. */
export function teamPipelines(org: OrgModel): MockTeamPipeline[] {
  return (org.layouts("Pipelines") ?? []).flatMap((layout) => {
    if (!isObject(layout) || typeof layout.id !== "string") return [];
    const name = typeof layout.name === "string" ? layout.name : layout.id;
    return [
      {
        id: layout.id,
        name,
        stages: picklist(layout, "Stage"),
        subPipelines: picklist(layout, "Sub_Pipeline"),
      },
    ];
  });
}

function pipelineIdOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  return isObject(value) && typeof value.id === "string" ? value.id : undefined;
}

/**
 * Checks a Pipelines write against the Team Pipelines: the pipeline it names (or the record's, for an update)
 * must exist, and the Stage and Sub_Pipeline the record ends up with must be values of that pipeline. Sets
 * `values.Pipeline` to `{ name, id }`, as Zoho answers it. Returns the item's error, or undefined.
 */
export function checkPipelineWrite(
  org: OrgModel,
  values: Record<string, unknown>,
  existing: MockRecord | undefined,
  index: number,
): ItemResult | undefined {
  const pipelines = teamPipelines(org);
  if (pipelines.length === 0) return undefined;
  const named = "Pipeline" in values ? pipelineIdOf(values.Pipeline) : pipelineIdOf(existing?.Pipeline);
  const pipeline =
    named === undefined ? (existing ? undefined : pipelines[0]) : pipelines.find((p) => p.id === named);
  if (named !== undefined && !pipeline)
    return invalidValue("Pipeline", index, { expected_data_type: "layout" });
  if (!pipeline) return undefined;
  if (existing === undefined || "Pipeline" in values)
    values.Pipeline = { name: pipeline.name, id: pipeline.id };
  const stage = "Stage" in values ? values.Stage : existing?.Stage;
  if (typeof stage === "string" && pipeline.stages.length > 0 && !pipeline.stages.includes(stage)) {
    return invalidValue("Stage", index, { supported_values: [...pipeline.stages] });
  }
  const sub = "Sub_Pipeline" in values ? values.Sub_Pipeline : existing?.Sub_Pipeline;
  if (typeof sub === "string" && pipeline.subPipelines.length > 0 && !pipeline.subPipelines.includes(sub)) {
    return invalidValue("Sub_Pipeline", index, { supported_values: [...pipeline.subPipelines] });
  }
  return undefined;
}
