/** A Team Pipeline: a layout of the Pipelines module. `Stage` is the stage type (a generated Org's stages). */
export interface TeamPipeline<Stage extends string = string> {
  /** The pipeline_id that records.list("Pipelines", { pipelineId }) takes, and the id of a record's `Pipeline`. */
  id: string;
  name: string;
  /** The Stage values, in order. */
  stages: Stage[];
  /** Sub-pipelines: `value` is what records carry, `label` what Bigin shows. */
  subPipelines: Array<{ value: string; label: string }>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** The values of the layout's picklist field `apiName`, from whichever section holds it. */
function picklist(layout: Record<string, unknown>, apiName: string): Array<{ value: string; label: string }> {
  const sections = Array.isArray(layout.sections) ? layout.sections : [];
  for (const section of sections) {
    const fields = isObject(section) && Array.isArray(section.fields) ? section.fields : [];
    const field = fields.find((f) => isObject(f) && f.api_name === apiName);
    if (!isObject(field)) continue;
    const values = Array.isArray(field.pick_list_values) ? field.pick_list_values : [];
    return values.flatMap((v) => {
      if (!isObject(v)) return [];
      const value = text(v.actual_value) ?? text(v.display_value);
      return value === undefined ? [] : [{ value, label: text(v.display_value) ?? value }];
    });
  }
  return [];
}

/**
 * The Team Pipelines of the Pipelines layouts (GET /settings/layouts?module=Pipelines): each layout's id and name,
 * and the Stage and Sub_Pipeline picklists of its sections. Layouts without an id are left out; anything else
 * missing reads as empty, since real metadata is uneven.
 */
export function teamPipelines(layouts: readonly unknown[]): TeamPipeline[] {
  return layouts.flatMap((layout) => {
    if (!isObject(layout)) return [];
    const id = text(layout.id);
    if (id === undefined) return [];
    return [
      {
        id,
        name: text(layout.display_label) ?? text(layout.name) ?? id,
        stages: [...new Set(picklist(layout, "Stage").map((stage) => stage.value))],
        subPipelines: picklist(layout, "Sub_Pipeline"),
      },
    ];
  });
}
