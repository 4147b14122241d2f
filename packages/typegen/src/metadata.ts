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
}

/** What fetchOrgMetadata needs of a client: @zohokit/crm's and @zohokit/bigin's clients both fit. */
export interface MetadataClient {
  org: { get(): Promise<object> };
  settings: {
    modules(): Promise<object[]>;
    fields(module: string): Promise<object[]>;
  };
}

export interface FetchMetadataOptions {
  app: "crm" | "bigin";
  /** Only these modules (API names); default every module with api_supported. */
  modules?: readonly string[];
  /** Called as each module's fields arrive. */
  onProgress?: (event: { module: string; done: number; total: number; fields: number }) => void;
}

export class MetadataError extends Error {
  override name = "MetadataError";
}

/** Reads the org, its modules and each module's fields through a zohokit client (same auth, retries, limits). */
export async function fetchOrgMetadata(
  client: MetadataClient,
  options: FetchMetadataOptions,
): Promise<OrgMetadata> {
  const [org, modules] = await Promise.all([client.org.get(), client.settings.modules()]);
  const all = modules as ModuleMetadata[];
  const byName = new Map(
    all.filter((m) => typeof m.api_name === "string").map((m) => [m.api_name as string, m]),
  );
  let chosen: ModuleMetadata[];
  if (options.modules && options.modules.length > 0) {
    const unknown = options.modules.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
      throw new MetadataError(
        `Unknown module(s): ${unknown.join(", ")}. Module API names are case-sensitive; this org has: ${[...byName.keys()].sort().join(", ")}.`,
      );
    }
    chosen = options.modules.map((name) => byName.get(name)!);
  } else {
    chosen = all.filter((m) => m.api_supported === true && typeof m.api_name === "string");
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
  // In the order chosen; Object.fromEntries keeps a module named "__proto__" as an ordinary key.
  const fields = Object.fromEntries(
    chosen.map((m) => [m.api_name as string, read.get(m.api_name as string)!]),
  );
  return { app: options.app, org: org as OrgMetadata["org"], modules: chosen, fields };
}
