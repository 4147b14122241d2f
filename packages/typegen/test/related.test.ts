/**
 * Related lists in the generated types: read with the metadata, saved in snapshots (older snapshots still load),
 * written into Org so related.list() is typed by list name and the module it holds, and described by --check.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeChanges,
  fetchOrgMetadata,
  generateOrgTypes,
  loadSnapshot,
  type OrgMetadata,
  readSummary,
  saveSnapshot,
  summarize,
} from "../src/index.js";
import { scratchDir, typecheck } from "./compile.js";
import { relatedList, richOrg } from "./fixtures/rich-org.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

function withoutRelated(metadata: OrgMetadata): OrgMetadata {
  const { relatedLists: _dropped, ...rest } = metadata;
  return rest;
}

describe("related lists in generateOrgTypes", () => {
  it("writes each module's lists, with the module each holds, leaving grouped lists out", () => {
    const output = generateOrgTypes(richOrg());
    expect(output).toContain(
      'related: { Attachments: "Attachments"; Notes: "Notes"; Projects: "Projects__c"; };',
    );
    expect(output).toContain('related: { Leads: "Leads"; Notes: "Notes"; };');
    expect(output).toContain("related: {};");
    expect(output).not.toContain("Activities_Chronological_View");
  });

  it("writes no `related` from metadata read before related lists were (an older snapshot): the file is unchanged", () => {
    const before = generateOrgTypes(withoutRelated(richOrg()));
    expect(before).not.toContain("related:");
    expect(before.split("\n").find((line) => line.startsWith("// metadata sha256"))).not.toBe(
      generateOrgTypes(richOrg())
        .split("\n")
        .find((line) => line.startsWith("// metadata sha256")),
    );
  });

  it("quotes list names a TypeScript key cannot hold bare and leaves out those the clients refuse", () => {
    const metadata = richOrg();
    metadata.relatedLists!.Leads = [
      relatedList("Products", "Products", "1"),
      relatedList("../etc", "Notes", "2"),
      relatedList("Notes", "No such module!", "3"),
      relatedList("Products", "Notes", "4"),
      { api_name: "Old_Style", module: "Contacts" },
    ];
    const output = generateOrgTypes(metadata);
    expect(output).toContain('related: { Old_Style: "Contacts"; Products: "Products"; };');
  });

  it("types related.list() by list name and by the module the list holds", async () => {
    const files = {
      "org.ts": generateOrgTypes(richOrg()),
      "use.ts": `import { createCrmClient } from "@zohokit/crm";
import type { Org } from "./org.js";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

export async function run() {
  const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
  const projects = await crm.related.list("Leads", "1", "Projects", { fields: ["Budget"] });
  type Row = (typeof projects.data)[number];
  type _budget = Expect<Equal<Row, { id: string; Budget: number | null }>>;
  const notes = await crm.related.list("Leads", "1", "Notes", { fields: ["Anything"] });
  return [projects, notes];
}
`,
    };
    await mkdir(join(scratch.dir, "ok"), { recursive: true });
    await mkdir(join(scratch.dir, "mistakes"), { recursive: true });
    expect(await typecheck(join(scratch.dir, "ok"), files)).toEqual([]);
    const mistakes = await typecheck(join(scratch.dir, "mistakes"), {
      "org.ts": files["org.ts"],
      "use.ts": `import { createCrmClient } from "@zohokit/crm";
import type { Org } from "./org.js";
export async function run() {
  const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
  await crm.related.list("Leads", "1", "Project", { fields: ["Budget"] });
  await crm.related.list("Leads", "1", "Projects", { fields: ["Email"] });
}
`,
    });
    expect(mistakes).toHaveLength(2);
    expect(mistakes[0]).toContain('"Project"');
    expect(mistakes[1]).toContain('"Email"');
  });
});

describe("related lists in snapshots", () => {
  it("saves them as related_lists/<Module>.json and loads them back", async () => {
    const dir = join(scratch.dir, "with-related");
    await saveSnapshot(dir, richOrg());
    expect((await readdir(join(dir, "related_lists"))).sort()).toEqual([
      "Leads.json",
      "Line_Items_Sub.json",
      "Projects__c.json",
      "Wide_Module.json",
    ]);
    const loaded = await loadSnapshot(dir);
    expect(loaded.relatedLists).toEqual(richOrg().relatedLists);
    expect(generateOrgTypes(loaded)).toBe(generateOrgTypes(richOrg()));
  });

  it("loads a snapshot saved before related lists were read: no related lists", async () => {
    const dir = join(scratch.dir, "older");
    await saveSnapshot(dir, withoutRelated(richOrg()));
    await expect(readdir(join(dir, "related_lists"))).rejects.toThrow();
    const loaded = await loadSnapshot(dir);
    expect(loaded.relatedLists).toBeUndefined();
    expect(generateOrgTypes(loaded)).toBe(generateOrgTypes(withoutRelated(richOrg())));
  });

  it("keeps a module without a related_lists file loose, its neighbours typed", async () => {
    const dir = join(scratch.dir, "partial");
    await saveSnapshot(dir, richOrg());
    await mkdir(join(dir, "related_lists"), { recursive: true });
    await writeFile(join(dir, "related_lists", "Leads.json"), JSON.stringify({ related_lists: [] }));
    const loaded = await loadSnapshot(dir);
    expect(loaded.relatedLists?.Leads).toEqual([]);
    expect(loaded.relatedLists?.Projects__c).toHaveLength(2);
  });
});

describe("fetchOrgMetadata and related lists", () => {
  const client = (relatedLists?: (module: string) => Promise<object[]>) => {
    const org = richOrg();
    return {
      org: { get: async () => org.org },
      settings: {
        modules: async () => org.modules,
        fields: async (module: string) => org.fields[module] ?? [],
        ...(relatedLists ? { relatedLists } : {}),
      },
    };
  };

  it("reads each module's related lists", async () => {
    const lists = richOrg().relatedLists!;
    const metadata = await fetchOrgMetadata(
      client(async (module) => lists[module] ?? []),
      { app: "crm", onWarning: () => {} },
    );
    expect(metadata.relatedLists?.Leads).toEqual(lists.Leads);
  });

  it("warns once and leaves the modules out whose lists cannot be read (a missing scope)", async () => {
    const warnings: string[] = [];
    const metadata = await fetchOrgMetadata(
      client(async (module) => {
        if (module !== "Leads") throw new Error("401 OAUTH_SCOPE_MISMATCH");
        return [];
      }),
      { app: "crm", onWarning: (message) => warnings.push(message) },
    );
    expect(Object.keys(metadata.relatedLists!)).toEqual(["Leads"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Line_Items_Sub, Projects__c, Wide_Module");
    expect(warnings[0]).toContain("settings.related_lists");
    const output = generateOrgTypes(metadata);
    expect(output.match(/related:/g)).toHaveLength(1);
  });

  it("reads none from a client without relatedLists", async () => {
    const metadata = await fetchOrgMetadata(client(), { app: "crm", onWarning: () => {} });
    expect(metadata.relatedLists).toBeUndefined();
  });
});

describe("--check in words", () => {
  it("names related lists added, removed and pointing elsewhere", () => {
    const before = richOrg();
    const after = richOrg();
    after.relatedLists!.Leads = [
      relatedList("Notes", "Notes", "1"),
      relatedList("Projects", "Leads", "3"),
      relatedList("Deals", "Deals", "5"),
    ];
    const summary = readSummary(generateOrgTypes(before))!;
    expect(summary.related?.Leads).toEqual({
      Attachments: "Attachments",
      Notes: "Notes",
      Projects: "Projects__c",
    });
    expect(describeChanges(summary, summarize(after))).toEqual([
      "related list removed: Leads.Attachments (was -> Attachments)",
      "related list added: Leads.Deals (-> Deals)",
      "related list changed: Leads.Projects -> Projects__c became -> Leads",
    ]);
  });

  it("says nothing of related lists when the file on disk has none (generated before they were read)", () => {
    const old = summarize(withoutRelated(richOrg()));
    expect(old.related).toBeUndefined();
    expect(describeChanges(old, summarize(richOrg()))).toEqual([]);
  });
});
