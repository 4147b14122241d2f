import { readFile } from "node:fs/promises";
import { zohoSamplesUrl } from "@zohokit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrgTypes, type OrgMetadata, readSummary } from "../src/index.js";
import { scratchDir, typecheck } from "./compile.js";
import { biginContactsOrg } from "./fixtures/bigin-contacts.js";
import { richOrg } from "./fixtures/rich-org.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

const CONSUMER = `import { and, createCrmClient, eq, gt, startsWith } from "@zohokit/crm";
import type { Org, LeadsRecord } from "./org.js";

export async function run() {
  const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
  const page = await crm.records.list("Leads", { fields: ["Email", "Lead_Status"] });
  const first = page.data[0];
  const status: "-None-" | "Hot" | "Houston Showroom" | 'Say "hi"\\\\now' | null | undefined = first?.Lead_Status;
  const email: string | null | undefined = first?.Email;
  await crm.records.create("Leads", [{ Last_Name: "Burns", Lead_Status: "Hot", Account: { id: "1" } }]);
  await crm.records.update("Leads", [{ id: "1", Email: null }]);
  await crm.records.search("Leads", { criteria: and(eq("Lead_Status", "Hot"), startsWith("Email", "j"), gt("Age", 30)) });
  await crm.records.create("Projects__c", [{ Name: "Roof", Budget: 1200 }]);
  const wide = await crm.records.list("Wide_Module", { fields: ["Field_000", "Field_319"] });
  const full: LeadsRecord | null = await crm.records.get("Leads", "1");
  return [status, email, wide.data[0]?.Field_319, full?.Line_Items?.[0]?.Quantity];
}
`;

/** Exact type equality, for probes compiled against the generated file. */
const TYPE_ASSERTIONS = `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
`;

const MISTAKES = `import { createCrmClient, eq, startsWith } from "@zohokit/crm";
import type { Org } from "./org.js";

export async function run() {
  const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
  await crm.records.list("Leadz", { fields: ["Email"] });
  await crm.records.list("Leads", { fields: ["Emial"] });
  await crm.records.create("Leads", [{ Email: "no-last-name@example.com" }]);
  await crm.records.create("Leads", [{ Last_Name: "B", Lead_Status: "Warm" }]);
  await crm.records.update("Leads", [{ Last_Name: "no id" }]);
  await crm.records.search("Leads", { criteria: startsWith("Age", "3") });
  await crm.records.search("Leads", { criteria: eq("Budget", 1) });
  await crm.records.create("Leads", [{ Last_Name: "B", Lead_No: "L-1" }]);
}
`;

describe("generateOrgTypes on the rich fixture org", () => {
  const output = generateOrgTypes(richOrg());

  it("is deterministic and carries the header", () => {
    expect(generateOrgTypes(richOrg())).toBe(output);
    const unique = richOrg();
    unique.fields.Leads = unique.fields.Leads!.filter((f) => f.api_name !== "Duplicate");
    const shuffled: OrgMetadata = {
      ...unique,
      fields: Object.fromEntries(Object.entries(unique.fields).reverse()),
    };
    shuffled.fields.Leads = [...shuffled.fields.Leads!].reverse();
    expect(generateOrgTypes(shuffled)).toBe(generateOrgTypes(unique));
    const header = output.split("\n").slice(0, 5).join("\n");
    expect(header).toMatch(/app: Zoho CRM \(crm\)/);
    expect(header).toMatch(/org: Fixture Works Ltd\. \(id 7328395000000000001\)/);
    expect(header).toMatch(/modules \(4\): Leads, Line_Items_Sub, Projects__c, Wide_Module/);
    expect(header).toMatch(/metadata sha256: [0-9a-f]{64}/);
  });

  it("types every data type as documented", async () => {
    const probe = `${TYPE_ASSERTIONS}
import type { LeadsRecord as R, Line_Items_SubRecord, ZkFileRef, ZkLookup, ZkRow, ZkTag, ZkUser } from "./org.js";
export type Checks = [
  Expect<Equal<R["id"], string>>,
  Expect<Equal<R["Email"], string | null>>,
  Expect<Equal<R["Lead_Status"], "-None-" | "Hot" | "Houston Showroom" | 'Say "hi"\\\\now' | null>>,
  Expect<Equal<R["Tags_Multi"], Array<"Red" | "Blue"> | null>>,
  Expect<Equal<R["Tag"], ZkTag[] | null>>,
  Expect<Equal<R["Account"], ZkLookup | null>>,
  Expect<Equal<R["Owner"], ZkUser | null>>,
  Expect<Equal<R["Products"], ZkRow[] | null>>,
  Expect<Equal<R["Line_Items"], Line_Items_SubRecord[] | null>>,
  Expect<Equal<R["Orphan_Rows"], ZkRow[] | null>>,
  Expect<Equal<R["Age"], number | null>>,
  Expect<Equal<R["Big_Number"], string | null>>,
  Expect<Equal<R["Annual_Revenue"], number | null>>,
  Expect<Equal<R["Email_Opt_Out"], boolean | null>>,
  Expect<Equal<R["Birthday"], string | null>>,
  Expect<Equal<R["Score_Formula"], number | null>>,
  Expect<Equal<R["Text_Formula"], string | null>>,
  Expect<Equal<R["Mystery_Formula"], unknown>>,
  Expect<Equal<R["Resume"], ZkFileRef[] | null>>,
  Expect<Equal<R["Hologram"], unknown>>,
  Expect<Equal<R["2nd-Phone"], string | null>>,
  Expect<Equal<R["Ünïcödé_Field"], string | null>>,
  Expect<Equal<R["class"], string | null>>,
  Expect<Equal<R["Empty_Picklist"], string | null>>,
  Expect<Equal<R["Pipe_Picklist"], "A|B" | "C" | null>>,
  Expect<Equal<Extract<R["Packed_500"], "P0" | "P250" | "P499" | "P500">, "P0" | "P250" | "P499">>,
  Expect<Equal<Extract<R["Plain_501"], "Q0" | "Q500" | "Q501">, "Q0" | "Q500">>,
  Expect<Equal<R["Duplicate"], string | null>>,
];
`;
    expect(await typecheck(scratch.dir, { "org.ts": output, "probe.ts": probe })).toEqual([]);
    expect(output).toContain('"Houston Showroom" shown as "Houston"');
    expect(output).toContain('Unknown data type "holographic_projection": typed as unknown');
    expect(output).toContain('A field labelled "Nameless" has no api_name; it is left out.');
    expect(output).toContain("Field Duplicate appears twice in the metadata");
    expect(output).toContain("No pick_list_values in the metadata: typed as string.");
    expect(output).not.toContain("*/ label");
    expect(output).toContain('  Pipe_Picklist: "A|B" | "C";');
    expect(output).toMatch(/ {2}Packed_500: ZkPicklist<"P0\|P1\|/);
    expect(output).toMatch(/ {2}Plain_501: "Q0" \| "Q1" \|/);
  });

  it("declares each field once, in the group of fields written and searched alike", () => {
    const declarations = output.match(/^ {2}Annual_Revenue: /gm) ?? [];
    expect(declarations).toHaveLength(1);
    expect(output).toContain("export interface LeadsWritableCompare {");
    expect(output).toContain("export interface LeadsLookupChoice {");
    expect(output).toContain("export interface LeadsReadOnlyCompare {");
    expect(output).toMatch(/export interface LeadsWritable extends [^{]*LeadsWritableCompare[^{]*\{\}/);
    expect(output).toMatch(/export interface LeadsFields extends LeadsWritable, LeadsLookups, [^{]*\{\}/);
  });

  it("leaves read-only, computed and system fields out of inputs and requires system-mandatory ones", async () => {
    const readOnly = [
      "Lead_No",
      "Score_Formula",
      "Total_Rollup",
      "Created_Time",
      "Modified_By",
      "Record_Image",
    ];
    const probe = `${TYPE_ASSERTIONS}
import type { LeadsCreate as C, LeadsUpdate as U, Line_Items_SubRecord, ZkIdRef, ZkRow } from "./org.js";
type ReadOnly = ${readOnly.map((name) => JSON.stringify(name)).join(" | ")};
export type Checks = [
  Expect<Equal<C["Last_Name"], string>>,
  Expect<Equal<{} extends Pick<C, "Last_Name"> ? "optional" : "required", "required">>,
  Expect<Equal<C["Email"], string | null | undefined>>,
  Expect<Equal<C["Account"], ZkIdRef | null | undefined>>,
  Expect<Equal<C["Owner"], ZkIdRef | null | undefined>>,
  Expect<Equal<C["Line_Items"], ZkRow[] | null | undefined>>,
  Expect<Equal<C["Api_Create_Only"], string | null | undefined>>,
  Expect<Equal<Extract<keyof C, ReadOnly>, never>>,
  Expect<Equal<U["id"], string>>,
  Expect<Equal<U["Last_Name"], string | null | undefined>>,
  Expect<Equal<U["Account"], ZkIdRef | null | undefined>>,
  Expect<Equal<Extract<keyof U, ReadOnly | "Api_Create_Only">, never>>,
];
export type Unused = Line_Items_SubRecord;
`;
    expect(await typecheck(scratch.dir, { "org.ts": output, "probe.ts": probe })).toEqual([]);
  });

  it("restricts criteria to the operators each type allows; encrypted fields to equals", async () => {
    const probe = `${TYPE_ASSERTIONS}
import type { LeadsCriteria as Q } from "./org.js";
type Allows<F extends string, Op extends string> = Op extends keyof Q ? (F extends Q[Op] ? true : false) : false;
export type Checks = [
  Expect<Equal<Allows<"Secret", "equals">, true>>,
  Expect<Equal<Allows<"Secret", "starts_with">, false>>,
  Expect<Equal<Allows<"Lead_Status", "in">, true>>,
  Expect<Equal<Allows<"Lead_Status", "starts_with">, false>>,
  Expect<Equal<Allows<"Age", "greater_than">, true>>,
  Expect<Equal<Allows<"Email", "starts_with">, true>>,
  Expect<Equal<Allows<"Description", "in">, false>>,
  Expect<Equal<Allows<"Account", "equals">, true>>,
  Expect<Equal<Allows<"Created_Time", "between">, true>>,
  Expect<Equal<Allows<"2nd-Phone", "equals">, false>>,
  Expect<Equal<Allows<"Resume", "equals">, false>>,
  Expect<Equal<Allows<"No_Such_Field", "equals">, false>>,
];
`;
    expect(await typecheck(scratch.dir, { "org.ts": output, "probe.ts": probe })).toEqual([]);
  });

  it("keeps the summary that --check diffs against", () => {
    const summary = readSummary(output);
    expect(summary?.modules.Leads?.Lead_Status).toEqual({
      type: "picklist",
      values: ["-None-", "Hot", "Houston Showroom", 'Say "hi"\\now'],
    });
    expect(Object.keys(summary?.modules.Wide_Module ?? {})).toHaveLength(321);
  });

  it("compiles under strict settings, and a consumer type-checks against it", async () => {
    const diagnostics = await typecheck(scratch.dir, { "org.ts": output, "consumer.ts": CONSUMER });
    expect(diagnostics).toEqual([]);
  });

  it("turns each deliberate mistake into the expected type error", async () => {
    const diagnostics = await typecheck(scratch.dir, { "org.ts": output, "mistakes.ts": MISTAKES });
    const lines = diagnostics.map((d) => Number(/\((\d+)\)/.exec(d)?.[1]));
    expect(lines).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(diagnostics[0]).toContain('"Leadz"');
    expect(diagnostics[1]).toContain('"Emial"');
    expect(diagnostics.join("\n")).toContain("Last_Name");
  });

  it("writes Bigin criteria with only equals and starts_with", async () => {
    const bigin = generateOrgTypes(richOrg("bigin"));
    expect(bigin).toContain("createBiginClient<Org>()");
    expect(bigin).not.toContain("greater_than");
    const probe = `${TYPE_ASSERTIONS}
import type { LeadsCriteria as Q } from "./bigin-org.js";
type Allows<F extends string, Op extends string> = Op extends keyof Q ? (F extends Q[Op] ? true : false) : false;
export type Checks = [
  Expect<Equal<keyof Q, "equals" | "starts_with">>,
  Expect<Equal<Allows<"Email", "starts_with">, true>>,
  Expect<Equal<Allows<"Lead_Status", "equals">, true>>,
  Expect<Equal<Allows<"Lead_Status", "starts_with">, false>>,
  Expect<Equal<Allows<"Age", "equals">, true>>,
  Expect<Equal<Allows<"Secret", "starts_with">, false>>,
];
`;
    expect(await typecheck(scratch.dir, { "bigin-org.ts": bigin, "probe.ts": probe })).toEqual([]);
  });
});

describe("generateOrgTypes on Zoho's documented Leads fields", () => {
  it("compiles", async () => {
    const raw = JSON.parse(
      await readFile(new URL("crm/docs_v7/settings_fields_Leads.json", zohoSamplesUrl()), "utf8"),
    ) as { fields: OrgMetadata["fields"][string] };
    const output = generateOrgTypes({
      app: "crm",
      org: { id: "5725767000000000001", company_name: "Docs sample" },
      modules: [{ api_name: "Leads", plural_label: "Leads", api_supported: true }],
      fields: { Leads: raw.fields },
    });
    expect(output).toContain("export interface LeadsRecord extends ZkRecord<LeadsFields> {");
    expect(output).toContain('  Last_Name: LeadsFields["Last_Name"];');
    expect(await typecheck(scratch.dir, { "docs-org.ts": output })).toEqual([]);
  });
});

describe("generateOrgTypes: json_type decides a value's shape, data_type refines it", () => {
  const leads = (fields: OrgMetadata["fields"][string]): OrgMetadata => ({
    app: "crm",
    org: { id: "1", company_name: "json_type" },
    modules: [{ api_name: "Leads", api_supported: true }],
    fields: { Leads: fields },
  });

  it("types each field by its json_type where the data_type disagrees or is unknown", async () => {
    const output = generateOrgTypes(
      leads([
        { api_name: "Tag", data_type: "text", json_type: "jsonarray" },
        { api_name: "Count_As_Text", data_type: "integer", json_type: "string" },
        { api_name: "Flag_As_Number", data_type: "boolean", json_type: "integer" },
        { api_name: "Text_As_Object", data_type: "text", json_type: "jsonobject" },
        { api_name: "Lookup_As_Array", data_type: "lookup", json_type: "jsonarray" },
        { api_name: "New_Type_String", data_type: "hologram", json_type: "string" },
        { api_name: "New_Type_Array", data_type: "hologram", json_type: "jsonarray" },
        { api_name: "Rollup_Integer", data_type: "rollup_summary", json_type: "integer" },
        { api_name: "Rollup_String", data_type: "rollup_summary", json_type: "string" },
        { api_name: "Formula_Unknown", data_type: "formula", json_type: "boolean" },
        { api_name: "Account", data_type: "lookup", json_type: "jsonobject" },
        {
          api_name: "Status",
          data_type: "picklist",
          json_type: "string",
          pick_list_values: [{ actual_value: "Hot" }],
        },
        {
          api_name: "Colours",
          data_type: "multiselectpicklist",
          json_type: "jsonarray",
          pick_list_values: [{ actual_value: "Red" }],
        },
        { api_name: "No_Json_Type", data_type: "integer" },
        { api_name: "Odd_Json_Type", data_type: "integer", json_type: "constructor" },
      ]),
    );
    const probe = `${TYPE_ASSERTIONS}
import type { LeadsRecord as R, ZkLookup, ZkTag } from "./json-org.js";
export type Checks = [
  Expect<Equal<R["Tag"], ZkTag[] | null>>,
  Expect<Equal<ZkTag, { name: string; id?: string; color_code?: string | null }>>,
  Expect<Equal<R["Count_As_Text"], string | null>>,
  Expect<Equal<R["Flag_As_Number"], number | null>>,
  Expect<Equal<R["Text_As_Object"], { [key: string]: unknown } | null>>,
  Expect<Equal<R["Lookup_As_Array"], unknown[] | null>>,
  Expect<Equal<R["New_Type_String"], string | null>>,
  Expect<Equal<R["New_Type_Array"], unknown[] | null>>,
  Expect<Equal<R["Rollup_Integer"], number | null>>,
  Expect<Equal<R["Rollup_String"], string | null>>,
  Expect<Equal<R["Formula_Unknown"], boolean | null>>,
  Expect<Equal<R["Account"], ZkLookup | null>>,
  Expect<Equal<R["Status"], "Hot" | null>>,
  Expect<Equal<R["Colours"], Array<"Red"> | null>>,
  Expect<Equal<R["No_Json_Type"], number | null>>,
  Expect<Equal<R["Odd_Json_Type"], number | null>>,
];
`;
    expect(await typecheck(scratch.dir, { "json-org.ts": output, "probe.ts": probe })).toEqual([]);
    expect(output).toContain("Tags: data_type text, sent as an array of { name, id }.");
    expect(output).toContain(
      'Sent as json_type "string" although its data_type is "integer": typed by the json_type.',
    );
    expect(output).toContain('Unknown data type "hologram": typed by its json_type "jsonarray".');
    expect(output).toContain('A formula with no known return type: typed by its json_type "boolean".');
  });

  it("types Bigin's Tag from its json_type, so Bigin records with tags type-check", async () => {
    const output = generateOrgTypes(biginContactsOrg());
    const probe = `import { createBiginClient } from "@zohokit/bigin";
import type { ContactsRecord, Org } from "./bigin-contacts.js";
const untagged: ContactsRecord = {
  id: "2034020000000478001",
  Owner: { name: "Priya Raman", id: "2034020000000445001", email: "priya@zylker.com" },
  First_Name: "Capla",
  Last_Name: "Paprocki",
  Email: "capla-paprocki@noemail.invalid",
  Mobile: "555-555-5555",
  Account_Name: { name: "Feltz Printing Service (Sample)", id: "2034020000000478016" },
  Tag: [],
  Email_Opt_Out: false,
  Created_Time: "2026-05-14T11:36:10+05:30",
  Modified_Time: "2026-05-14T11:36:18+05:30",
};
const tagged: ContactsRecord = { ...untagged, Tag: [{ name: "VIP", id: "2034020000000590001" }] };
export async function names() {
  const bigin = createBiginClient<Org>({ apiKey: "mk_test_key_0123" });
  const page = await bigin.records.list("Contacts", { fields: ["Tag"] });
  const first: string | undefined = page.data[0]?.Tag?.[0]?.name;
  return [first, untagged, tagged];
}
`;
    expect(await typecheck(scratch.dir, { "bigin-contacts.ts": output, "bigin-probe.ts": probe })).toEqual(
      [],
    );
    const asString = probe.replace("Tag: [],", 'Tag: "VIP",');
    const errors = await typecheck(scratch.dir, { "bigin-contacts.ts": output, "bigin-probe.ts": asString });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Tag");
  });
});
