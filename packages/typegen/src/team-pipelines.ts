/**
 * Bigin's Team Pipelines in the generated types. Each layout of the Pipelines module is a Team Pipeline with its own
 * Stage and Sub_Pipeline picklists (the fields answer lists every pipeline's values together). Typegen reads the
 * layouts beside the fields, and writes `PipelinesTeamPipelines` (by pipeline id: name, stage, subPipeline) into
 * the Org's Pipelines entry as `teamPipelines`, from which `createBiginClient<Org>()` checks each Pipelines
 * record's Stage against its own pipeline.
 */
import { type TeamPipeline, teamPipelines } from "@zohokit/bigin";
import { literalUnion } from "./field-types.js";
import type { MetadataClient, ModuleMetadata, OrgMetadata } from "./metadata.js";
import { commentText, stringLiteral } from "./names.js";

export const PIPELINES = "Pipelines";

/** The Team Pipelines typegen declares: Bigin's Pipelines layouts, when they were read. */
export function teamPipelinesOf(metadata: OrgMetadata): TeamPipeline[] | undefined {
  if (metadata.app !== "bigin" || !Object.hasOwn(metadata.fields, PIPELINES)) return undefined;
  const layouts = metadata.layouts?.[PIPELINES];
  if (!Array.isArray(layouts)) return undefined;
  const pipelines = teamPipelines(layouts);
  return pipelines.length > 0 ? pipelines : undefined;
}

/** Reads the Pipelines layouts of a Bigin org; a failure leaves them out, with a warning saying what that costs. */
export async function readTeamPipelineLayouts(
  client: MetadataClient,
  app: OrgMetadata["app"],
  chosen: readonly ModuleMetadata[],
  warn: (message: string) => void,
): Promise<OrgMetadata["layouts"]> {
  const layouts = client.settings.layouts;
  if (app !== "bigin" || !layouts || !chosen.some((m) => m.api_name === PIPELINES)) return undefined;
  try {
    return { [PIPELINES]: (await layouts.call(client.settings, PIPELINES)) as unknown[] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warn(
      `Reading the Team Pipelines (the Pipelines layouts) failed, so Stage is typed as every pipeline's stages together: ${reason}`,
    );
    return undefined;
  }
}

/** Past this many values a list is written as a plain union (ZkPicklist recurses once per value). */
const MAX_PACKED_VALUES = 500;

function valuesType(values: readonly string[], fallback: string): string {
  const unique = [...new Set(values)];
  if (unique.length === 0) return fallback;
  if (unique.length < 2 || unique.length > MAX_PACKED_VALUES || unique.some((v) => v.includes("|"))) {
    return literalUnion(unique);
  }
  return `ZkPicklist<${stringLiteral(unique.join("|"))}>`;
}

/** `<Stem>TeamPipelines`, the interface of the module's Team Pipelines, and the Org entry member naming it. */
export function teamPipelinesDeclaration(
  metadata: OrgMetadata,
  stem: string,
): { declaration: string; orgMember: string } | undefined {
  const pipelines = teamPipelinesOf(metadata);
  if (!pipelines) return undefined;
  const fields = new Set((metadata.fields[PIPELINES] ?? []).map((f) => f?.api_name));
  // A pipeline whose layout lists no values takes the field's own values.
  const field = (name: string) => (fields.has(name) ? `${stem}Fields[${stringLiteral(name)}]` : "string");
  const name = `${stem}TeamPipelines`;
  const members = pipelines.map(
    (p) =>
      `  /** ${commentText(p.name)} */\n` +
      `  ${stringLiteral(p.id)}: {\n` +
      `    name: ${stringLiteral(p.name)};\n` +
      `    stage: ${valuesType(p.stages, field("Stage"))};\n` +
      `    subPipeline: ${valuesType(
        p.subPipelines.map((s) => s.value),
        field("Sub_Pipeline"),
      )};\n` +
      "  };\n",
  );
  const declaration =
    "/**\n" +
    ` * The Team Pipelines of ${PIPELINES} (its layouts), by pipeline id: each one's name, stages and sub-pipelines.\n` +
    " * createBiginClient<Org>() checks a record's Stage against the pipeline its Pipeline.id (or a list's pipelineId)\n" +
    " * names.\n" +
    " */\n" +
    `export interface ${name} {\n${members.join("")}}\n`;
  return { declaration, orgMember: `teamPipelines: ${name};` };
}

/** What of the Team Pipelines shapes the output, for the header's hash; undefined when there are none. */
export function teamPipelinesHashPart(metadata: OrgMetadata): unknown {
  return teamPipelinesOf(metadata)?.map((p) => [p.id, p.name, p.stages, p.subPipelines.map((s) => s.value)]);
}

/** The Team Pipelines in `--check`'s summary: by id, name, stages and sub-pipelines. */
export type PipelinesSummary = Record<string, { name: string; stages: string[]; subPipelines: string[] }>;

export function summarizeTeamPipelines(metadata: OrgMetadata): PipelinesSummary | undefined {
  const pipelines = teamPipelinesOf(metadata);
  if (!pipelines) return undefined;
  const entries = pipelines.map(
    (p) =>
      [p.id, { name: p.name, stages: p.stages, subPipelines: p.subPipelines.map((s) => s.value) }] as const,
  );
  return Object.fromEntries(entries);
}

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** An entry of a summary read back from a generated file: whatever it holds, lists of strings or empty ones. */
function entry(map: PipelinesSummary | undefined, id: string) {
  const value: unknown = map !== undefined && Object.hasOwn(map, id) ? map[id] : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  const { name, stages, subPipelines } = value as Record<string, unknown>;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((v) => typeof v === "string") : []);
  return {
    name: typeof name === "string" ? name : id,
    stages: strings(stages),
    subPipelines: strings(subPipelines),
  };
}

/** The differences between two summaries' Team Pipelines, one line each. */
export function describeTeamPipelineChanges(
  before: PipelinesSummary | undefined,
  after: PipelinesSummary | undefined,
): string[] {
  const changes: string[] = [];
  const ids = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  for (const id of ids) {
    const old = entry(before, id);
    const now = entry(after, id);
    if (!old) {
      changes.push(`Team Pipeline added: ${now!.name} (${id}), ${now!.stages.length} stages`);
      continue;
    }
    if (!now) {
      changes.push(`Team Pipeline removed: ${old.name} (${id})`);
      continue;
    }
    if (old.name !== now.name) changes.push(`Team Pipeline renamed: ${old.name} -> ${now.name} (${id})`);
    for (const [what, a, b] of [
      ["stages", old.stages, now.stages],
      ["sub-pipelines", old.subPipelines, now.subPipelines],
    ] as const) {
      const added = b.filter((v) => !a.includes(v));
      const removed = a.filter((v) => !b.includes(v));
      if (added.length > 0) changes.push(`${what} added to Team Pipeline ${now.name}: ${quoted(added)}`);
      if (removed.length > 0)
        changes.push(`${what} removed from Team Pipeline ${now.name}: ${quoted(removed)}`);
    }
  }
  return changes;
}
