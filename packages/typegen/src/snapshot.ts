import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MetadataError, type OrgMetadata } from "./metadata.js";

const SNAPSHOT_VERSION = 1;

/** Writes a file atomically: a temporary file beside it, then a rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/**
 * Saves metadata as the raw responses it came from (org.json, modules.json, fields/<Module>.json), so generation
 * can be repeated offline with `--from`.
 */
export async function saveSnapshot(dir: string, metadata: OrgMetadata): Promise<void> {
  await mkdir(join(dir, "fields"), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFileAtomic(join(dir, "snapshot.json"), json({ version: SNAPSHOT_VERSION, app: metadata.app }));
  await writeFileAtomic(join(dir, "org.json"), json({ org: [metadata.org] }));
  await writeFileAtomic(join(dir, "modules.json"), json({ modules: metadata.modules }));
  for (const [module, fields] of Object.entries(metadata.fields)) {
    await writeFileAtomic(join(dir, "fields", `${module}.json`), json({ fields }));
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

/** Reads a snapshot written by saveSnapshot (or by hand, from the raw API responses). */
export async function loadSnapshot(dir: string): Promise<OrgMetadata> {
  const info = await readJson(join(dir, "snapshot.json"));
  const app = info.app === "bigin" ? "bigin" : "crm";
  const org = ((await readJson(join(dir, "org.json"))).org as OrgMetadata["org"][] | undefined)?.[0] ?? {};
  const modules = ((await readJson(join(dir, "modules.json"))).modules ?? []) as OrgMetadata["modules"];
  const fields: OrgMetadata["fields"] = {};
  const files = (await readdir(join(dir, "fields")).catch(() => []))
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    const module = file.slice(0, -".json".length);
    fields[module] = ((await readJson(join(dir, "fields", file))).fields ??
      []) as OrgMetadata["fields"][string];
  }
  const selected = modules.filter((m) => typeof m.api_name === "string" && m.api_name in fields);
  return { app, org, modules: selected, fields };
}
