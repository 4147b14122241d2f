import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeChanges,
  loadSnapshot,
  MetadataError,
  type OrgMetadata,
  saveSnapshot,
  summarize,
} from "../src/index.js";
import { scratchDir } from "./compile.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeEach(async () => {
  scratch = await scratchDir();
});
afterEach(() => scratch.remove());

const FIELDS = [{ api_name: "Last_Name", data_type: "text", json_type: "string" }];

function metadata(names: string[]): OrgMetadata {
  return {
    app: "crm",
    org: { id: "1" },
    modules: names.map((api_name) => ({ api_name, api_supported: true })),
    fields: Object.fromEntries(names.map((name) => [name, FIELDS])),
  };
}

async function writeSnapshot(dir: string, files: string[]) {
  await mkdir(join(dir, "fields"), { recursive: true });
  await writeFile(join(dir, "snapshot.json"), JSON.stringify({ version: 1, app: "crm" }));
  await writeFile(join(dir, "org.json"), JSON.stringify({ org: [{ id: "1" }] }));
  const names = files.map((file) => file.slice(0, -".json".length));
  await writeFile(
    join(dir, "modules.json"),
    JSON.stringify({ modules: names.map((api_name) => ({ api_name })) }),
  );
  for (const file of files) await writeFile(join(dir, "fields", file), JSON.stringify({ fields: FIELDS }));
}

describe("saveSnapshot", () => {
  it("refuses module names that are not module API names, before writing anything", async () => {
    const dir = join(scratch.dir, "a", "snapshot");
    for (const name of ["../../escaped", "..", "a/b", "a\\b", "", "__proto__", "Leads\u0000"]) {
      const error = await saveSnapshot(dir, metadata(["Leads", name])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MetadataError);
      expect((error as Error).message).toContain(
        `Cannot save a snapshot of module(s) ${JSON.stringify(name)}`,
      );
    }
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it("saves and loads modules whose names are Object's own property names", async () => {
    const dir = join(scratch.dir, "snapshot");
    await saveSnapshot(dir, metadata(["constructor", "toString", "Leads"]));
    const loaded = await loadSnapshot(dir);
    expect(Object.keys(loaded.fields).sort()).toEqual(["Leads", "constructor", "toString"]);
    expect(loaded.fields.toString).toEqual(FIELDS);
  });
});

describe("loadSnapshot", () => {
  it("leaves fields/__proto__.json out with a warning, and its fields map has no prototype", async () => {
    const dir = join(scratch.dir, "snapshot");
    await writeSnapshot(dir, ["Leads.json", "__proto__.json", "..json"]);
    const warnings: string[] = [];
    const loaded = await loadSnapshot(dir, { onWarning: (message) => warnings.push(message) });
    expect(Object.getPrototypeOf(loaded.fields)).toBeNull();
    expect(Object.keys(loaded.fields)).toEqual(["Leads"]);
    expect("toString" in loaded.fields).toBe(false);
    expect(loaded.modules.map((m) => m.api_name)).toEqual(["Leads"]);
    expect(warnings).toEqual([
      'fields/..json is left out: "." is not a module API name (letters, digits and _, starting with a letter).',
      'fields/__proto__.json is left out: "__proto__" is not a module API name (letters, digits and _, starting with a letter).',
    ]);
  });
});

describe("describeChanges", () => {
  it("reads modules and fields named after Object's properties as any other", () => {
    const before = summarize(metadata(["Leads"]));
    const after = summarize({
      ...metadata(["Leads", "toString"]),
      fields: { Leads: [...FIELDS, { api_name: "constructor", data_type: "text" }], toString: FIELDS },
    });
    expect(describeChanges(before, after)).toEqual([
      "field added: Leads.constructor (text)",
      "module added: toString (1 fields)",
    ]);
    expect(describeChanges(after, before)).toEqual([
      "field removed: Leads.constructor (was text)",
      "module removed: toString",
    ]);
  });
});
