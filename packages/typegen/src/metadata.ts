import { isModuleApiName } from "./names.js";
import { inline } from "./printable.js";
import { fetchRelatedLists, type RelatedListMetadata } from "./related.js";
import { readTeamPipelineLayouts } from "./team-pipelines.js";

/** The subset of Zoho's field metadata the generator reads. Everything is optional: real metadata is uneven. */
export interface FieldMetadata {
  api_name?: string | null;
  field_label?: string | null;
  display_label?: string | null;
  data_type?: string | null;
  json_type?: string | null;
  read_only?: boolean | null;
  field_read_only?: boolean | null;
  system_mandatory?: boolean | null;
  custom_field?: boolean | null;
  pick_list_values?: Array<{ display_value?: string | null; actual_value?: string | null }> | null;
  lookup?: { module?: { api_name?: string | null } | null } | null;
  formula?: { return_type?: string | null } | null;
  associated_module?: { api_name?: string | null; module?: string | null } | null;
  subform?: { module?: string | null; api_name?: string | null } | null;
  operation_type?: { api_create?: boolean; api_update?: boolean } | null;
  crypt?: unknown;
  [key: string]: unknown;
}

export interface ModuleMetadata {
  api_name?: string | null;
  module_name?: string | null;
  singular_label?: string | null;
  plural_label?: string | null;
  api_supported?: boolean | null;
  generated_type?: string | null;
  [key: string]: unknown;
}

/** Everything generation needs, as read from the org (or a saved snapshot). */
export interface OrgMetadata {
  app: "crm" | "bigin";
  org: { id?: string | null; company_name?: string | null; [key: string]: unknown };
  modules: ModuleMetadata[];
  /** Field metadata per module API name, for the modules generated. */
  fields: Record<string, FieldMetadata[]>;
  /**
   * Layouts per module API name, as GET /settings/layouts answers them: Bigin's Pipelines layouts are its Team
   * Pipelines, each with its own stages. Optional: snapshots saved before typegen read layouts have none.
   */
  layouts?: Record<string, unknown[]>;
  /**
   * Related lists per module API name (settings/related_lists). Absent in snapshots saved before typegen read
   * them, and for modules whose lists could not be read: their related lists are then typed loosely.
   */
  relatedLists?: Record<string, RelatedListMetadata[]>;
}

/** What fetchOrgMetadata needs of a client: @zohokit/crm's and @zohokit/bigin's clients both fit. */
export interface MetadataClient {
  org: { get(): Promise<object> };
  settings: {
    modules(): Promise<object[]>;
    fields(module: string): Promise<object[]>;
    /** Bigin's Team Pipelines are read from the Pipelines layouts when the client has this. */
    layouts?(module: string): Promise<object[]>;
    /** Both apps' clients have it; a client without it gives no related lists (typed loosely). */
    relatedLists?(module: string): Promise<object[]>;
  };
}

export interface FetchMetadataOptions {
  app: "crm" | "bigin";
  /** Only these modules (API names); default every module with api_supported. */
  modules?: readonly string[];
  /** Called as each module's fields arrive. */
  onProgress?: (event: { module: string; done: number; total: number; fields: number }) => void;
  /** Told of each module left out, and why. Default: console.warn, escaped. */
  onWarning?: (message: string) => void;
}

export class MetadataError extends Error {
  override name = "MetadataError";
}

/** Where a warning goes when the caller gave no onWarning: stderr, escaped (it names what the org sent). */
export function warnOnConsole(message: string): void {
  console.warn(`zohokit typegen: ${inline(message)}`);
}

/** A map of module API names with no prototype: "__proto__" or "toString" is a key like any other. */
export function moduleMap<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const map = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) map[name] = value;
  return map;
}

/**
 * The modules typegen can type: API-supported, with an API name the clients accept. The others are listed apart,
 * with the reason, for the warning and for "Unknown module(s)".
 */
function typeableModules(all: ModuleMetadata[]) {
  const typeable = new Map<string, ModuleMetadata>();
  const unsupported = new Set<string>();
  const badNames: string[] = [];
  for (const module of all) {
    const name = module.api_name;
    if (typeof name !== "string") continue;
    if (!isModuleApiName(name)) {
      if (module.api_supported === true) badNames.push(name);
    } else if (module.api_supported === true) typeable.set(name, module);
    else unsupported.add(name);
  }
  return { typeable, unsupported, badNames };
}

function unknownModules(
  asked: readonly string[],
  typeable: Map<string, ModuleMetadata>,
  unsupported: Set<string>,
): MetadataError {
  const notSupported = asked.filter((name) => unsupported.has(name));
  const unknown = asked.filter((name) => !unsupported.has(name));
  const parts: string[] = [];
  if (unknown.length > 0) {
    parts.push(`Unknown module(s): ${unknown.join(", ")}. Module API names are case-sensitive.`);
  }
  if (notSupported.length > 0) {
    parts.push(
      `Not supported by the API in this org (api_supported: false), so typegen cannot type them: ${notSupported.join(", ")}.`,
    );
  }
  parts.push(`typegen can type: ${[...typeable.keys()].sort().join(", ") || "no module of this org"}.`);
  return new MetadataError(parts.join(" "));
}

/**
 * Reads the org, its modules, each module's fields and related lists through a zohokit client (same auth, retries,
 * limits), and for Bigin the Pipelines layouts (its Team Pipelines).
 */
export async function fetchOrgMetadata(
  client: MetadataClient,
  options: FetchMetadataOptions,
): Promise<OrgMetadata> {
  const warn = options.onWarning ?? warnOnConsole;
  const [org, modules] = await Promise.all([client.org.get(), client.settings.modules()]);
  const { typeable, unsupported, badNames } = typeableModules(modules as ModuleMetadata[]);
  let chosen: ModuleMetadata[];
  if (options.modules && options.modules.length > 0) {
    const missing = options.modules.filter((name) => !typeable.has(name));
    if (missing.length > 0) throw unknownModules(missing, typeable, unsupported);
    chosen = options.modules.map((name) => typeable.get(name)!);
  } else {
    chosen = [...typeable.values()];
    for (const name of badNames) {
      warn(
        `Module ${JSON.stringify(name)} is left out: its API name is not one the clients can request (letters, digits and _, starting with a letter).`,
      );
    }
  }
  const read = new Map<string, FieldMetadata[]>();
  let done = 0;
  await Promise.all(
    chosen.map(async (module) => {
      const name = module.api_name as string;
      try {
        read.set(name, (await client.settings.fields(name)) as FieldMetadata[]);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MetadataError(`Reading the fields of module ${name} failed: ${reason}`);
      }
      done++;
      options.onProgress?.({ module: name, done, total: chosen.length, fields: read.get(name)!.length });
    }),
  );
  const fields = moduleMap(
    chosen.map((m) => [m.api_name as string, read.get(m.api_name as string)!] as const),
  );
  const layouts = await readTeamPipelineLayouts(client, options.app, chosen, warn);
  const relatedLists = await fetchRelatedLists(client, Object.keys(fields), warn);
  return {
    app: options.app,
    org: org as OrgMetadata["org"],
    modules: chosen,
    fields,
    ...(layouts ? { layouts } : {}),
    ...(relatedLists ? { relatedLists } : {}),
  };
}
