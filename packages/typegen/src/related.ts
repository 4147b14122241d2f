/**
 * Related lists in the generated types: read per module from settings/related_lists, written into each module's
 * entry of `Org` as `related: { <list API name>: "<module it holds>" }`, summarised for `--check` and described in
 * words when they change. Kept apart from the field typing: a module costs one small object type, whatever its
 * lists point to.
 */
import { isModuleApiName, propertyKey, stringLiteral } from "./names.js";

/** The subset of Zoho's related-list metadata typegen reads. */
export interface RelatedListMetadata {
  api_name?: string | null;
  /** The module the list holds: `{ api_name, id }` (CRM, Bigin); a plain name in older Bigin answers; null for grouped lists. */
  module?: { api_name?: string | null } | string | null;
  type?: string | null;
  [key: string]: unknown;
}

/** What a client needs to read related lists (both apps' `settings.relatedLists`). */
export interface RelatedListsClient {
  settings: { relatedLists?(module: string): Promise<object[]> };
}

function targetOf(list: RelatedListMetadata): string | undefined {
  const module = list.module;
  const name = typeof module === "string" ? module : module?.api_name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The related lists of a module that the clients can call, by API name, with the module each holds. Grouped lists
 * (no module) and names the clients refuse are left out; a name listed twice keeps its first module.
 */
export function relatedTargets(lists: readonly RelatedListMetadata[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const list of lists) {
    if (typeof list !== "object" || list === null) continue;
    const name = list.api_name;
    const target = targetOf(list);
    if (!isModuleApiName(name) || !isModuleApiName(target) || targets.has(name)) continue;
    targets.set(name, target);
  }
  return new Map([...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The `related` member of a module's Org entry; undefined when the module's related lists were not read. */
export function relatedMember(lists: readonly RelatedListMetadata[] | undefined): string | undefined {
  if (!Array.isArray(lists)) return undefined;
  const entries = [...relatedTargets(lists)].map(
    ([name, target]) => `${propertyKey(name)}: ${stringLiteral(target)}`,
  );
  return entries.length === 0 ? "related: {}" : `related: { ${entries.join("; ")}; }`;
}

/** Per module, each related list and its module: what `--check` compares. */
export type RelatedSummary = Record<string, Record<string, string>>;

export function summarizeRelated(
  relatedLists: Record<string, readonly RelatedListMetadata[]> | undefined,
  modules: readonly string[],
): RelatedSummary | undefined {
  if (!relatedLists) return undefined;
  const summary = new Map<string, Record<string, string>>();
  for (const module of modules) {
    const lists = Object.hasOwn(relatedLists, module) ? relatedLists[module] : undefined;
    if (Array.isArray(lists)) summary.set(module, Object.fromEntries(relatedTargets(lists)));
  }
  return Object.fromEntries(summary);
}

const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined =>
  map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;

/** Related-list changes in words, one per line. Nothing when either side has no related lists (older files). */
export function describeRelatedChanges(
  before: RelatedSummary | undefined,
  after: RelatedSummary | undefined,
): string[] {
  if (!before || !after) return [];
  const changes: string[] = [];
  const modules = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const module of modules) {
    const old = own(before, module);
    const now = own(after, module);
    if (!old || !now) continue;
    for (const list of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
      const a = own(old, list);
      const b = own(now, list);
      if (a === undefined) changes.push(`related list added: ${module}.${list} (-> ${b})`);
      else if (b === undefined) changes.push(`related list removed: ${module}.${list} (was -> ${a})`);
      else if (a !== b) changes.push(`related list changed: ${module}.${list} -> ${a} became -> ${b}`);
    }
  }
  return changes;
}

/**
 * Reads each module's related lists. A module whose lists cannot be read (the connection lacks the
 * settings.related_lists scope, an app without the API) is left without them, with one warning for all: its
 * related lists are then typed loosely.
 */
export async function fetchRelatedLists(
  client: RelatedListsClient,
  modules: readonly string[],
  warn: (message: string) => void,
): Promise<Record<string, RelatedListMetadata[]> | undefined> {
  const read = client.settings.relatedLists;
  if (typeof read !== "function") return undefined;
  const lists = Object.create(null) as Record<string, RelatedListMetadata[]>;
  const failed: string[] = [];
  let reason = "";
  await Promise.all(
    modules.map(async (module) => {
      try {
        lists[module] = (await read.call(client.settings, module)) as RelatedListMetadata[];
      } catch (error) {
        failed.push(module);
        reason ||= error instanceof Error ? error.message : String(error);
      }
    }),
  );
  if (failed.length > 0) {
    warn(
      `The related lists of ${failed.sort().join(", ")} could not be read (${reason}); related.list() takes any ` +
        "list name for them. Reading them needs the settings.related_lists (or settings.ALL) scope.",
    );
  }
  return lists;
}
