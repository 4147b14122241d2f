import { quoteSnippet } from "@zohokit/core/internal";
import type { TeamPipeline } from "./team-pipelines.js";

/** What is wrong with one input of a Pipelines write. */
export interface StageProblem {
  index: number;
  message: string;
}

const MAX_LISTED = 5;

const quote = (value: string) => quoteSnippet(value);
const list = (values: readonly string[]) => (values.length === 0 ? "none" : values.map(quote).join(", "));
const named = (pipeline: TeamPipeline) => `Team Pipeline ${quote(pipeline.name)} (${pipeline.id})`;

/** The Team Pipeline an input names: `Pipeline: { id }` (or the id alone). */
function pipelineIdOf(input: Record<string, unknown>): string | undefined {
  const ref = input.Pipeline;
  if (typeof ref === "string") return ref;
  if (typeof ref === "object" && ref !== null && typeof (ref as { id?: unknown }).id === "string") {
    return (ref as { id: string }).id;
  }
  return undefined;
}

function checkOne(
  input: Record<string, unknown>,
  index: number,
  pipelines: readonly TeamPipeline[],
): StageProblem | undefined {
  const stage = typeof input.Stage === "string" ? input.Stage : undefined;
  const subPipeline = typeof input.Sub_Pipeline === "string" ? input.Sub_Pipeline : undefined;
  const pipelineId = pipelineIdOf(input);
  if (pipelineId !== undefined) {
    const pipeline = pipelines.find((p) => p.id === pipelineId);
    if (!pipeline) {
      return {
        index,
        message: `Pipeline ${quote(pipelineId)} is none of your Team Pipelines (${pipelines.map(named).join(", ") || "none"})`,
      };
    }
    if (stage !== undefined && !pipeline.stages.includes(stage)) {
      const other = pipelines.find((p) => p !== pipeline && p.stages.includes(stage));
      return {
        index,
        message:
          `Stage ${quote(stage)} is not a stage of ${named(pipeline)}` +
          `${other ? ` but of ${named(other)}` : ""}; its stages: ${list(pipeline.stages)}`,
      };
    }
    const values = pipeline.subPipelines.map((s) => s.value);
    if (subPipeline !== undefined && !values.includes(subPipeline)) {
      return {
        index,
        message: `Sub_Pipeline ${quote(subPipeline)} is not one of ${named(pipeline)}: ${list(values)}`,
      };
    }
    return undefined;
  }
  // No pipeline named (an update of a record's stage): a stage of none of the pipelines can be refused.
  if (stage !== undefined && !pipelines.some((p) => p.stages.includes(stage))) {
    return {
      index,
      message: `Stage ${quote(stage)} is a stage of none of your Team Pipelines (name the record's Pipeline to have its stage checked against it)`,
    };
  }
  return undefined;
}

/** The problems of every input, in order. Inputs that are not objects are left to the records helpers. */
export function stageProblems(
  inputs: readonly unknown[],
  pipelines: readonly TeamPipeline[],
): StageProblem[] {
  const problems: StageProblem[] = [];
  inputs.forEach((input, index) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return;
    const problem = checkOne(input as Record<string, unknown>, index, pipelines);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** One message for all the problems: the first few in full, then how many more. */
export function stageProblemsMessage(problems: readonly StageProblem[], total: number): string {
  const shown = problems.slice(0, MAX_LISTED).map((p) => `input ${p.index}: ${p.message}`);
  const more = problems.length - shown.length;
  return (
    `${problems.length} of ${total} Pipelines input${total === 1 ? "" : "s"} ${problems.length === 1 ? "does" : "do"} ` +
    "not fit your Team Pipelines (checked against the Pipelines layouts); nothing was sent: " +
    `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}. bigin.pipelines.list() lists each Team Pipeline ` +
    "with its stages."
  );
}
