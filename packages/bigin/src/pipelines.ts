import type { BiginLayout, BiginSettingsApi } from "./settings.js";

/** A Team Pipeline: a layout of the Pipelines module. */
export interface TeamPipeline {
  /** The pipeline_id that records.list("Pipelines", { pipelineId }) takes. */
  id: string;
  name: string;
  /** The Stage values, in order. */
  stages: string[];
  /** Sub-pipelines: `value` is what records carry, `label` what Bigin shows. */
  subPipelines: Array<{ value: string; label: string }>;
}

export interface BiginPipelinesApi {
  /** The org's Team Pipelines, from the Pipelines layouts. */
  list(options?: { signal?: AbortSignal }): Promise<TeamPipeline[]>;
}

function picklist(layout: BiginLayout, apiName: string): Array<{ value: string; label: string }> {
  for (const section of layout.sections ?? []) {
    for (const field of section.fields ?? []) {
      if (field.api_name !== apiName) continue;
      return (field.pick_list_values ?? []).flatMap((v) => {
        const value = v.actual_value ?? v.display_value;
        return typeof value === "string" ? [{ value, label: v.display_value ?? value }] : [];
      });
    }
  }
  return [];
}

export function teamPipelines(layouts: BiginLayout[]): TeamPipeline[] {
  return layouts.map((layout) => ({
    id: layout.id,
    name: layout.display_label ?? layout.name,
    stages: picklist(layout, "Stage").map((stage) => stage.value),
    subPipelines: picklist(layout, "Sub_Pipeline"),
  }));
}

export function biginPipelines(settings: BiginSettingsApi): BiginPipelinesApi {
  return {
    async list(options = {}) {
      return teamPipelines(await settings.layouts("Pipelines", options));
    },
  };
}
