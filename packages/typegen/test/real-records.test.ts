/**
 * Real records (../shared/zoho-samples) must type-check against the types typegen generates for their module.
 *
 * Metadata: Leads from Zoho's v7 docs (87 fields) and from Zoho's v8 OpenAPI examples (5 fields), each generated on
 * its own and each checked against every Leads record; Accounts, Contacts and Deals from the sample org
 * (examples/sample-org/metadata). Records: every GET of a module's records recorded from a live org, and the record
 * pages of the v7 docs and v8 examples.
 *
 * Each field of each record is one check, `const c: <Module>Record["Field"] = value`, with the value's literal
 * types kept, so a diagnostic names one field of one record. A field the metadata does not declare (system `$` keys,
 * fields of another org) is not checked; the counts are logged.
 *
 * Picklist values: the records and the metadata come from different orgs, so a record may hold a picklist value
 * the metadata does not list ("Qualified" in a v8 example, not among the v7 docs' values). Such a check may fail,
 * and only such a check: its field is a picklist (or multi-select) of that metadata and its value a string (or
 * strings) of which one is not among the field's values. Every other diagnostic fails the test, a shape error on a
 * picklist field included.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { zohoSamplesUrl } from "@zohokit/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FieldMetadata, generateOrgTypes, loadSnapshot, type OrgMetadata } from "../src/index.js";
import { stringLiteral, typeStems } from "../src/names.js";
import { scratchDir, typecheck } from "./compile.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

const samples = zohoSamplesUrl();
const read = (path: string) => JSON.parse(readFileSync(new URL(path, samples), "utf8"));

type Row = Record<string, unknown>;
interface RecordPage {
  file: string;
  module: string;
  records: Row[];
}

/** Record pages of the docs and examples, by the module they hold. */
const PAGES: Record<string, string> = {
  "crm/docs_v7/records_get_Leads_page1_200.json": "Leads",
  "crm/docs_v7/records_get_Leads_page_token_200.json": "Leads",
  "crm/docs_v7/records_get_Leads_specific_record_200_PARTIAL.json": "Leads",
  "crm/docs_v7/search_Leads_criteria_200.json": "Leads",
  "crm/docs_v7/search_Leads_email_200.json": "Leads",
  "crm/docs_v7/search_Leads_phone_200.json": "Leads",
  "crm/docs_v7/search_Leads_word_200.json": "Leads",
  "crm/examples_v8/getRecord__response_200_Leads.json": "Leads",
  "crm/examples_v8/getRecords__response_200_Leads.json": "Leads",
  "crm/examples_v8/searchRecords__response_200_LeadSearchResult.json": "Leads",
};
/** Record pages left out, and why. */
const LEFT_OUT: Record<string, string> = {
  "crm/docs_v7/search_Campaigns_single_criterion_200.json": "no Campaigns field metadata among the samples",
};

/** Every recorded GET of a module's records (GET /crm/v2/{module} or /{module}/{id}, 200, with data). */
function recordedPages(): RecordPage[] {
  const pages: RecordPage[] = [];
  for (const name of readdirSync(new URL("crm/recorded/", samples)).sort()) {
    const file = `crm/recorded/${name}`;
    const { _meta: meta, body } = read(file);
    const match = /^\/crm\/v2\/([A-Za-z_]+)(?:\/\d+)?$/.exec(meta.path);
    if (meta.method !== "GET" || meta.status !== 200 || !match || !Array.isArray(body?.data)) continue;
    pages.push({ file, module: match[1]!, records: body.data });
  }
  return pages;
}

function documentedPages(): RecordPage[] {
  return Object.entries(PAGES).map(([file, module]) => ({ file, module, records: read(file).data }));
}

interface Generated {
  file: string;
  metadata: OrgMetadata;
  modules: string[];
}

function single(module: string, fields: FieldMetadata[]): OrgMetadata {
  return {
    app: "crm",
    org: { id: "1", company_name: "zoho-samples" },
    modules: [{ api_name: module, api_supported: true }],
    fields: { [module]: fields },
  };
}

interface Check {
  line: number;
  page: string;
  index: number;
  module: string;
  field: string;
  value: unknown;
  against: Generated;
}

const FIT = `type Loose<V> = V extends readonly (infer E)[] ? Loose<E>[] : V extends object ? { -readonly [K in keyof V]: Loose<V[K]> } : V;
/** The value with its literal types, as parsed JSON is: readonly dropped, and no excess-property check. */
declare function fit<const V>(value: V): Loose<V>;
`;

function fieldOf(generated: Generated, module: string, name: string): FieldMetadata | undefined {
  return generated.metadata.fields[module]?.find((f) => f.api_name === name);
}

/** A picklist value of another org: the one kind of mismatch the test allows (see the header). */
function isForeignPicklistValue(check: Check): boolean {
  const field = fieldOf(check.against, check.module, check.field);
  const values = new Set((field?.pick_list_values ?? []).map((v) => v?.actual_value));
  if (field?.data_type === "picklist") return typeof check.value === "string" && !values.has(check.value);
  if (field?.data_type === "multiselectpicklist") {
    return (
      Array.isArray(check.value) &&
      check.value.every((v) => typeof v === "string") &&
      check.value.some((v) => !values.has(v))
    );
  }
  return false;
}

describe("real records fit the generated record types", () => {
  it("every field of every recorded and documented record type-checks against <Module>Record", async () => {
    const sampleOrg = await loadSnapshot(
      fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url)),
    );
    const targets: Generated[] = [
      {
        file: "leads-v7",
        metadata: single("Leads", read("crm/docs_v7/settings_fields_Leads.json").fields),
        modules: ["Leads"],
      },
      {
        file: "leads-v8",
        metadata: single("Leads", read("crm/examples_v8/settings_fields_Leads_200.json").fields),
        modules: ["Leads"],
      },
      { file: "sample-org", metadata: sampleOrg, modules: ["Accounts", "Contacts", "Deals"] },
    ];
    const pages = [...recordedPages(), ...documentedPages()];
    expect(Object.keys(LEFT_OUT).every((file) => !(file in PAGES))).toBe(true);

    const lines: string[] = [];
    const checks: Check[] = [];
    const unchecked = new Map<string, number>();
    for (const target of targets) {
      const stems = typeStems(Object.keys(target.metadata.fields));
      const names = target.modules.map(
        (m) => `${stems.get(m)}Record as ${target.file.replace(/-/g, "_")}_${m}`,
      );
      lines.push(`import type { ${names.join(", ")} } from "./${target.file}.js";`);
    }
    lines.push(...FIT.trimEnd().split("\n"));
    for (const page of pages) {
      page.records.forEach((record, index) => {
        for (const target of targets.filter((t) => t.modules.includes(page.module))) {
          const known = new Set(
            (target.metadata.fields[page.module] ?? [])
              .map((f) => f.api_name)
              .filter((n) => typeof n === "string"),
          );
          for (const [field, value] of Object.entries(record)) {
            if (field !== "id" && !known.has(field)) {
              const key = `${target.file} ${page.module}`;
              unchecked.set(key, (unchecked.get(key) ?? 0) + 1);
              continue;
            }
            const type = `${target.file.replace(/-/g, "_")}_${page.module}[${stringLiteral(field)}]`;
            lines.push(`export const c${checks.length}: ${type} = fit(${JSON.stringify(value)});`);
            checks.push({
              line: lines.length,
              page: page.file,
              index,
              module: page.module,
              field,
              value,
              against: target,
            });
          }
        }
      });
    }
    // A canary: a shape no generated type allows must be reported, or the harness checks nothing.
    lines.push(`export const canary: leads_v7_Leads["Owner"] = fit("a string, not a user");`);
    const canaryLine = lines.length;

    const files: Record<string, string> = { "records.ts": `${lines.join("\n")}\n` };
    for (const target of targets) files[`${target.file}.ts`] = generateOrgTypes(target.metadata);
    const diagnostics = await typecheck(scratch.dir, files);

    const byLine = new Map(checks.map((check) => [check.line, check]));
    const excused: string[] = [];
    const failures: string[] = [];
    let canaryCaught = false;
    for (const diagnostic of diagnostics) {
      const line = Number(/^records\.ts\((\d+)\)/.exec(diagnostic)?.[1]);
      if (line === canaryLine) {
        canaryCaught = true;
        continue;
      }
      const check = byLine.get(line);
      if (check && isForeignPicklistValue(check)) {
        excused.push(`${check.against.file} ${check.module}.${check.field} = ${JSON.stringify(check.value)}`);
        continue;
      }
      failures.push(
        check
          ? `${check.page} record ${check.index} ${check.module}.${check.field} = ${JSON.stringify(check.value)} against ${check.against.file}: ${diagnostic}`
          : diagnostic,
      );
    }
    console.log(
      `real records: ${pages.reduce((n, p) => n + p.records.length, 0)} records in ${pages.length} pages, ${checks.length} field checks; ` +
        `${excused.length} picklist values of another org (${[...new Set(excused)].join("; ")}); ` +
        `fields not in the metadata: ${[...unchecked].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    );
    expect(failures).toEqual([]);
    expect(canaryCaught).toBe(true);
    expect(pages.filter((p) => p.file.startsWith("crm/recorded/")).length).toBeGreaterThanOrEqual(13);
    expect(new Set(checks.map((c) => c.module))).toEqual(new Set(["Leads", "Accounts", "Contacts", "Deals"]));
    expect(checks.length).toBeGreaterThan(1000);
  });
});
