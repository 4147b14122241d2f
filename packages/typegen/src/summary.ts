import type { OrgMetadata } from "./metadata.js";
import { describeRelatedChanges, type RelatedSummary, summarizeRelated } from "./related.js";
import {
  describeTeamPipelineChanges,
  type PipelinesSummary,
  summarizeTeamPipelines,
} from "./team-pipelines.js";

/** What `--check` compares: per module, each field's data type and picklist values; Bigin's Team Pipelines. */
export interface OrgSummary {
  app: string;
  modules: Record<string, Record<string, { type: string; values?: string[] }>>;
  pipelines?: PipelinesSummary;
  /** Per module, each related list and the module it holds (absent in files generated before they were read). */
  related?: RelatedSummary;
}

export const SUMMARY_MARKER = "// @zohokit-summary ";

export function summarize(metadata: OrgMetadata): OrgSummary {
  // Maps, then Object.fromEntries: a name such as "__proto__" stays an ordinary key.
  const modules = new Map<string, OrgSummary["modules"][string]>();
  for (const module of Object.keys(metadata.fields).sort()) {
    const fields = new Map<string, { type: string; values?: string[] }>();
    for (const field of metadata.fields[module] ?? []) {
      // The generated types use the first of duplicated fields; so does the summary.
      if (typeof field.api_name !== "string" || fields.has(field.api_name)) continue;
      const entry: { type: string; values?: string[] } = { type: String(field.data_type ?? "unknown") };
      if (Array.isArray(field.pick_list_values) && field.pick_list_values.length > 0) {
        entry.values = field.pick_list_values
          .map((v) => v?.actual_value ?? v?.display_value)
          .filter((v): v is string => typeof v === "string");
      }
      fields.set(field.api_name, entry);
    }
    modules.set(module, Object.fromEntries([...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }
  const pipelines = summarizeTeamPipelines(metadata);
  const related = summarizeRelated(metadata.relatedLists, [...modules.keys()]);
  return {
    app: metadata.app,
    modules: Object.fromEntries(modules),
    ...(pipelines ? { pipelines } : {}),
    ...(related ? { related } : {}),
  };
}

/** Reads the summary a generated file carries on its last line; undefined for files from elsewhere. */
export function readSummary(generated: string): OrgSummary | undefined {
  const at = generated.lastIndexOf(SUMMARY_MARKER);
  if (at < 0) return undefined;
  const line = generated.slice(at + SUMMARY_MARKER.length).split("\n", 1)[0]!;
  try {
    const summary = JSON.parse(line) as OrgSummary;
    const isObject = (value: unknown) => typeof value === "object" && value !== null;
    return isObject(summary) && isObject(summary.modules) ? summary : undefined;
  } catch {
    return undefined;
  }
}

/** An own property only: a module or field named "toString" or "constructor" must not find Object's. */
function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The differences between the types on disk and the org now, in words, one change per line. */
export function describeChanges(before: OrgSummary, after: OrgSummary): string[] {
  const changes: string[] = [];
  if (before.app !== after.app) changes.push(`app changed: ${before.app} -> ${after.app}`);
  const modules = [...new Set([...Object.keys(before.modules), ...Object.keys(after.modules)])].sort();
  for (const module of modules) {
    const old = own(before.modules, module);
    const now = own(after.modules, module);
    if (!old) {
      changes.push(`module added: ${module} (${Object.keys(now ?? {}).length} fields)`);
      continue;
    }
    if (!now) {
      changes.push(`module removed: ${module}`);
      continue;
    }
    const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
    for (const field of fields) {
      const a = own(old, field);
      const b = own(now, field);
      if (!a) changes.push(`field added: ${module}.${field} (${b!.type})`);
      else if (!b) changes.push(`field removed: ${module}.${field} (was ${a.type})`);
      else if (a.type !== b.type)
        changes.push(`field type changed: ${module}.${field} ${a.type} -> ${b.type}`);
      else {
        const added = (b.values ?? []).filter((v) => !(a.values ?? []).includes(v));
        const removed = (a.values ?? []).filter((v) => !(b.values ?? []).includes(v));
        if (added.length > 0) changes.push(`picklist values added: ${module}.${field} ${list(added)}`);
        if (removed.length > 0) changes.push(`picklist values removed: ${module}.${field} ${list(removed)}`);
      }
    }
  }
  const isObject = (value: unknown): value is PipelinesSummary => typeof value === "object" && value !== null;
  changes.push(
    ...describeTeamPipelineChanges(
      isObject(before.pipelines) ? before.pipelines : undefined,
      isObject(after.pipelines) ? after.pipelines : undefined,
    ),
  );
  changes.push(...describeRelatedChanges(before.related, after.related));
  return changes;
}
