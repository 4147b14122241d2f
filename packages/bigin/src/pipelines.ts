import { ZohoKitError } from "@zohokit/core";
import { assertBatch } from "@zohokit/core/internal";
import type { BiginSettingsApi } from "./settings.js";
import { stageProblems, stageProblemsMessage } from "./stage-check.js";
import { type TeamPipeline, teamPipelines } from "./team-pipelines.js";

/** `Stage`: the stage type of the client's Org (every Team Pipeline's stages), `string` without one. */
export interface BiginPipelinesApi<Stage extends string = string> {
  /**
   * The org's Team Pipelines, from the Pipelines layouts: read once, then kept for the client's lifetime (one list
   * of the org's pipelines). `refresh: true` reads them again.
   */
  list(options?: { signal?: AbortSignal; refresh?: boolean }): Promise<TeamPipeline<Stage>[]>;
  /**
   * Checks Pipelines create, update or upsert inputs before they are sent: an input naming a Team Pipeline
   * (`Pipeline: { id }`) must use a Stage and Sub_Pipeline of that pipeline, and the pipeline must exist; an input
   * naming none must use a stage of some pipeline. Throws one ZohoKitError listing what does not fit. Reads the
   * layouts the first time (and once more when an input names a pipeline or stage the kept ones lack).
   */
  check(inputs: readonly object[], options?: { signal?: AbortSignal }): Promise<void>;
}

export function biginPipelines(settings: BiginSettingsApi): BiginPipelinesApi {
  let kept: TeamPipeline[] | undefined;

  async function read(signal: AbortSignal | undefined): Promise<TeamPipeline[]> {
    const pipelines = teamPipelines(await settings.layouts("Pipelines", { signal }));
    kept = pipelines;
    return pipelines;
  }

  const api: BiginPipelinesApi = {
    async list({ signal, refresh = false } = {}) {
      const pipelines = !refresh && kept ? kept : await read(signal);
      return pipelines.map((p) => ({ ...p, stages: [...p.stages], subPipelines: [...p.subPipelines] }));
    },
    async check(inputs, { signal } = {}) {
      assertBatch(inputs, "pipelines.check");
      const wasKept = kept !== undefined;
      let problems = stageProblems(inputs, kept ?? (await read(signal)));
      // The kept pipelines may predate a pipeline or stage added since: read them once more before refusing.
      if (wasKept && problems.length > 0) problems = stageProblems(inputs, await read(signal));
      if (problems.length > 0) throw new ZohoKitError(stageProblemsMessage(problems, inputs.length));
    },
  };
  return api;
}
