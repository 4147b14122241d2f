import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MetadataError, moduleMap, type OrgMetadata, warnOnConsole } from "./metadata.js";
import { isModuleApiName } from "./names.js";

const SNAPSHOT_VERSION = 1;

/** Writes a file atomically: a temporary file beside it, then a rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/**
 * Saves metadata as the raw responses it came from (org.json, modules.json, fields/<Module>.json and, when read,
 * layouts/<Module>.json and related_lists/<Module>.json), so generation can be repeated offline with `--from`.
 * Refuses, before writing anything, a module name that is not a module API
 * name: it becomes a file name, and `../x` would write outside `dir`.
 */
export async function saveSnapshot(dir: string, metadata: OrgMetadata): Promise<void> {
  const modules = Object.keys(metadata.fields);
  const layouts = Object.keys(metadata.layouts ?? {});
  const refused = [...new Set([...modules, ...layouts])].filter((module) => !isModuleApiName(module));
  if (refused.length > 0) {
    throw new MetadataError(
      `Cannot save a snapshot of module(s) ${refused.map((m) => JSON.stringify(m)).join(", ")}: each module is saved as fields/<API name>.json, and a module API name has only letters, digits and _ (starting with a letter). Nothing was saved.`,
    );
  }
  await mkdir(join(dir, "fields"), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFileAtomic(join(dir, "snapshot.json"), json({ version: SNAPSHOT_VERSION, app: metadata.app }));
  await writeFileAtomic(join(dir, "org.json"), json({ org: [metadata.org] }));
  await writeFileAtomic(join(dir, "modules.json"), json({ modules: metadata.modules }));
  for (const module of modules) {
    await writeFileAtomic(join(dir, "fields", `${module}.json`), json({ fields: metadata.fields[module] }));
  }
  if (layouts.length > 0) await mkdir(join(dir, "layouts"), { recursive: true });
  for (const module of layouts) {
    await writeFileAtomic(
      join(dir, "layouts", `${module}.json`),
      json({ layouts: metadata.layouts![module] }),
    );
  }
  const related = metadata.relatedLists;
  if (related) {
    await mkdir(join(dir, "related_lists"), { recursive: true });
    for (const module of modules.filter((m) => Object.hasOwn(related, m))) {
      await writeFileAtomic(
        join(dir, "related_lists", `${module}.json`),
        json({ related_lists: related[module] }),
      );
    }
  }
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new MetadataError(`The snapshot has no ${path}: save one with \`zohokit typegen --save DIR\`.`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new MetadataError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export interface LoadSnapshotOptions {
  /** Told of each file left out, and why. Default: console.warn, escaped. */
  onWarning?: (message: string) => void;
}

/** The JSON files of a snapshot folder, by module, leaving out (with a warning) names that are not module names. */
async function moduleFiles<T>(
  dir: string,
  folder: string,
  key: string,
  warn: (message: string) => void,
): Promise<[string, T][]> {
  const files = (await readdir(join(dir, folder)).catch(() => [])).filter((f) => f.endsWith(".json")).sort();
  const entries: [string, T][] = [];
  for (const file of files) {
    const module = file.slice(0, -".json".length);
    if (!isModuleApiName(module)) {
      warn(
        `${folder}/${file} is left out: ${JSON.stringify(module)} is not a module API name (letters, digits and _, starting with a letter).`,
      );
      continue;
    }
    entries.push([module, ((await readJson(join(dir, folder, file)))[key] ?? []) as T]);
  }
  return entries;
}

/**
 * Reads a snapshot written by saveSnapshot (or by hand, from the raw API responses). A file in fields/ or layouts/
 * whose name is not a module API name (`__proto__.json`) is left out with a warning, as a live run leaves out such
 * a module. layouts/ is optional (snapshots saved before typegen read layouts have none).
 */
export async function loadSnapshot(dir: string, options: LoadSnapshotOptions = {}): Promise<OrgMetadata> {
  const warn = options.onWarning ?? warnOnConsole;
  const info = await readJson(join(dir, "snapshot.json"));
  const app = info.app === "bigin" ? "bigin" : "crm";
  const org = ((await readJson(join(dir, "org.json"))).org as OrgMetadata["org"][] | undefined)?.[0] ?? {};
  const modules = ((await readJson(join(dir, "modules.json"))).modules ?? []) as OrgMetadata["modules"];
  const entries = await moduleFiles<OrgMetadata["fields"][string]>(dir, "fields", "fields", warn);
  const layoutEntries = await moduleFiles<unknown[]>(dir, "layouts", "layouts", warn);
  const fields = moduleMap(entries);
  const selected = modules.filter((m) => typeof m.api_name === "string" && Object.hasOwn(fields, m.api_name));
  const layouts = moduleMap(
    layoutEntries.filter(([module, value]) => Object.hasOwn(fields, module) && Array.isArray(value)),
  );
  const relatedLists = await loadRelatedLists(dir, Object.keys(fields));
  return {
    app,
    org,
    modules: selected,
    fields,
    ...(layoutEntries.length > 0 ? { layouts } : {}),
    ...(relatedLists ? { relatedLists } : {}),
  };
}

/** related_lists/<Module>.json of the snapshot's modules; undefined for snapshots saved without them. */
async function loadRelatedLists(
  dir: string,
  modules: readonly string[],
): Promise<OrgMetadata["relatedLists"]> {
  const files = await readdir(join(dir, "related_lists")).catch(() => undefined);
  if (!files) return undefined;
  const entries: [string, NonNullable<OrgMetadata["relatedLists"]>[string]][] = [];
  for (const module of modules) {
    if (!files.includes(`${module}.json`)) continue;
    const lists = (await readJson(join(dir, "related_lists", `${module}.json`))).related_lists;
    entries.push([module, Array.isArray(lists) ? lists : []]);
  }
  return moduleMap(entries);
}
