/**
 * The Bigin sample org (bigin/): its generated types match its metadata, its records type-check against them, and
 * the records are consistent with the metadata (every deal's Stage and Sub_Pipeline belong to its own Team
 * Pipeline's layout; lookups and related lists point at records that exist).
 */
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnosticsOf, SAMPLE_ROOT, scratchDir } from "./typecheck.js";

const root = SAMPLE_ROOT;
const require = createRequire(import.meta.url);
const zohokit = require.resolve("@zohokit/typegen/package.json").replace(/package\.json$/, "dist/bin.js");

type Row = Record<string, unknown> & { id: string };
const read = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(join(root, "bigin", path), "utf8")) as T;
const records = async (module: string) => (await read<{ data: Row[] }>(`records/${module}.json`)).data;

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir("bigin-");
});
afterAll(() => scratch.remove());

/** Type-checks a program that assigns literal records to the generated record types; returns the diagnostics. */
async function typecheck(source: string): Promise<string[]> {
  const file = join(scratch.dir, `check-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(file, source);
  return diagnosticsOf([file]).get(file)!;
}

const orgImport = (names: string[]) =>
  `import type { ${names.join(", ")} } from ${JSON.stringify(join(root, "bigin", "org.js"))};\n`;

describe("the Bigin sample org", () => {
  it("has generated types that match its metadata (typegen --check from the snapshot)", async () => {
    const result = await run([
      zohokit,
      "typegen",
      "--app",
      "bigin",
      "--out",
      "bigin/org.d.ts",
      "--modules",
      "Accounts,Contacts,Pipelines,Products",
      "--from",
      "bigin/metadata",
      "--check",
    ]);
    expect(result.out).toContain("up to date");
    expect(result.code).toBe(0);
  });

  it("has records that type-check against the generated record types, tags and Team Pipelines included", async () => {
    const modules = ["Accounts", "Contacts", "Products", "Pipelines"];
    let source = orgImport(modules.map((m) => `${m}Record`));
    for (const module of modules) {
      source += `export const ${module.toLowerCase()}: ${module}Record[] = ${JSON.stringify(await records(module))};\n`;
    }
    expect(await typecheck(source)).toEqual([]);
  });

  it("refuses a record with a stage that is no Team Pipeline's, or with tags written as a string", async () => {
    const [deal] = await records("Pipelines");
    const source =
      orgImport(["PipelinesRecord"]) +
      `export const a: PipelinesRecord = ${JSON.stringify({ ...deal, Stage: "Teleported" })};\n` +
      `export const b: PipelinesRecord = ${JSON.stringify({ ...deal, Tag: "Hot lead" })};\n`;
    const errors = await typecheck(source);
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).toContain('"Teleported"');
  });

  it("puts every deal in a stage and sub-pipeline of its own Team Pipeline, and links only records that exist", async () => {
    type Field = { api_name: string; pick_list_values?: Array<{ actual_value: string }> };
    type Layout = { id: string; name: string; sections: Array<{ fields: Field[] }> };
    const { layouts } = await read<{ layouts: Layout[] }>("metadata/layouts/Pipelines.json");
    expect(layouts.map((l) => l.name)).toEqual(["Sales Pipeline", "Showroom Projects"]);
    const values = (layout: Layout, apiName: string) =>
      layout.sections
        .flatMap((s) => s.fields)
        .find((f) => f.api_name === apiName)
        ?.pick_list_values?.map((v) => v.actual_value) ?? [];
    const deals = await records("Pipelines");
    for (const layout of layouts) {
      expect(deals.some((d) => (d.Pipeline as { id: string }).id === layout.id)).toBe(true);
    }
    const byId = new Map<string, Row>();
    for (const module of ["Accounts", "Contacts", "Products"])
      for (const r of await records(module)) byId.set(r.id, r);
    const named = (ref: unknown, name: (r: Row) => unknown) => {
      const { id, name: shown } = ref as { id: string; name: string };
      const target = byId.get(id);
      return target !== undefined && name(target) === shown;
    };
    for (const deal of deals) {
      const layout = layouts.find((l) => l.id === (deal.Pipeline as { id: string }).id);
      expect(layout, `${deal.Deal_Name}: a Team Pipeline of the layouts`).toBeDefined();
      expect(values(layout!, "Stage")).toContain(deal.Stage);
      expect(values(layout!, "Sub_Pipeline")).toContain(deal.Sub_Pipeline);
      expect((deal.Pipeline as { name: string }).name).toBe(layout!.name);
      expect(named(deal.Account_Name, (r) => r.Account_Name)).toBe(true);
      expect(named(deal.Contact_Name, (r) => `${r.First_Name} ${r.Last_Name}`)).toBe(true);
    }
    for (const contact of await records("Contacts")) {
      expect(named(contact.Account_Name, (r) => r.Account_Name)).toBe(true);
    }
    const related = await read<{ Contacts: Record<string, { Products: string[] }> }>("records/related.json");
    for (const [contactId, lists] of Object.entries(related.Contacts)) {
      expect(byId.get(contactId)?.Last_Name).toBeDefined();
      for (const productId of lists.Products) expect(byId.get(productId)?.Product_Name).toBeDefined();
    }
  });
});
