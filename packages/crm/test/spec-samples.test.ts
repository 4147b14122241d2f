/**
 * Real Zoho CRM responses (../shared/zoho-samples/crm) must validate against the schema that the bundled spec
 * (specs/bundled/zoho-crm.v8.yaml) documents for their endpoint, method and status, with draft-07 rules as Prism
 * applies them. Request bodies found in the samples are checked against the documented request body too.
 *
 * How a sample finds its endpoint:
 * - recorded/*.json: `_meta.method`, `_meta.path` and `_meta.status`; the v2 path is rewritten to v8 and matched
 *   against the spec's path templates (a concrete segment beats a template, as in Prism). `_meta.request.data` is
 *   the request body.
 * - examples_v8/*.json: `<operationId>__response_<STATUS>_<Name>.json` or `<operationId>__request_<Name>.json`;
 *   other names are in OTHER_TARGETS.
 * - docs_v7/*.json and real_world/*.json: OTHER_TARGETS.
 * Every file is either mapped or listed in EXCLUDED; the test fails on an unlisted new file.
 *
 * Excluded samples:
 * | file                                                          | reason                                             |
 * |---------------------------------------------------------------|----------------------------------------------------|
 * | examples_v8/search_400_error_schemas_from_oas.json            | JSON-Schema fragments from Zoho's OAS, no body     |
 * | docs_v7/error_codes_catalog_from_docs.json                    | a catalogue derived from the docs, no body         |
 * | docs_v7/records_get_Leads_specific_record_200_PARTIAL.json    | docs excerpt with the record's `id` elided         |
 * |                                                               | (Zoho always sends it; Record requires it)         |
 */
import { readdirSync, readFileSync } from "node:fs";
import { isObject, specLookup, zohoSamplesUrl } from "@zohokit/testkit";
import { describe, expect, it } from "vitest";

const SAMPLES_URL = new URL("crm/", zohoSamplesUrl());

const EXCLUDED: Record<string, string> = {
  "examples_v8/search_400_error_schemas_from_oas.json": "JSON-Schema fragments from Zoho's OAS, not a body",
  "docs_v7/error_codes_catalog_from_docs.json": "a catalogue derived from the docs, not a response body",
  "docs_v7/records_get_Leads_specific_record_200_PARTIAL.json":
    "a docs excerpt with the record's id (always sent by Zoho) elided",
};

/** Samples whose endpoint is not in their name: file -> [operationId, status]. */
const OTHER_TARGETS: Record<string, [string, number]> = {
  "examples_v8/settings_fields_Leads_200.json": ["getFields", 200],
  "docs_v7/records_count_Leads_200.json": ["countRecords", 200],
  "docs_v7/records_delete_Leads_200.json": ["deleteRecords", 200],
  "docs_v7/records_deleted_Leads_200.json": ["getDeletedRecords", 200],
  "docs_v7/settings_picklist_values.json": ["getPicklistValues", 200],
  "docs_v7/settings_related_lists_Leads.json": ["getRelatedLists", 200],
  "docs_v7/records_get_Leads_page1_200.json": ["getRecords", 200],
  "docs_v7/records_get_Leads_page_token_200.json": ["getRecords", 200],
  "docs_v7/records_insert_Deals_201.json": ["createRecords", 201],
  "docs_v7/records_insert_Events_recurring_201.json": ["createRecords", 201],
  "docs_v7/records_insert_Leads_201.json": ["createRecords", 201],
  "docs_v7/records_insert_multi_response.json": ["createRecords", 201],
  "docs_v7/records_update_Deals_200.json": ["updateRecords", 200],
  "docs_v7/records_upsert_Leads_200.json": ["upsertRecords", 200],
  "docs_v7/search_Campaigns_single_criterion_200.json": ["searchRecords", 200],
  "docs_v7/search_Leads_criteria_200.json": ["searchRecords", 200],
  "docs_v7/search_Leads_email_200.json": ["searchRecords", 200],
  "docs_v7/search_Leads_phone_200.json": ["searchRecords", 200],
  "docs_v7/search_Leads_word_200.json": ["searchRecords", 200],
  "docs_v7/settings_fields_Leads.json": ["getFields", 200],
  "docs_v7/settings_layouts_Leads.json": ["getLayouts", 200],
  "docs_v7/settings_modules.json": ["getModules", 200],
  "docs_v7/settings_modules_Leads.json": ["getModule", 200],
  "docs_v7/subform_update_response_200.json": ["updateRecords", 200],
  "real_world/INVALID_DATA_phone_v2_insert.json": ["createRecords", 400],
  "real_world/INVALID_TOKEN_from_log.json": ["getRecords", 401],
  "real_world/http_204_no_content_headers.json": ["getRecords", 204],
};

interface Case {
  name: string;
  path: string;
  method: string;
  /** An HTTP status, or "request" for a request body. */
  target: number | "request";
  body: unknown;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, SAMPLES_URL), "utf8"));

const { templateFor, operationById, bodySchema, validateBody } = specLookup("zoho-crm.v8");

function casesFor(file: string): Case[] {
  const sample = readJson(file);
  const [folder = "", name = ""] = file.split("/");
  const other = OTHER_TARGETS[file];
  if (other) {
    const [operationId, status] = other;
    const body = folder === "real_world" && isObject(sample) && "statusCode" in sample ? sample.body : sample;
    return [{ name: file, ...operationById(operationId), target: status, body }];
  }
  if (folder === "recorded") {
    if (!isObject(sample) || !isObject(sample._meta)) throw new Error(`${file} has no _meta`);
    const meta = sample._meta;
    const method = String(meta.method).toLowerCase();
    const path = templateFor(String(meta.path).replace(/^\/crm\/v2\//, "/crm/v8/"), method);
    if (!path) return [];
    const cases: Case[] = [{ name: file, path, method, target: Number(meta.status), body: sample.body }];
    const request = isObject(meta.request) ? meta.request.data : undefined;
    if (request !== undefined)
      cases.push({ name: `${file} (request body)`, path, method, target: "request", body: request });
    return cases;
  }
  if (folder === "examples_v8") {
    const response = /^(\w+?)__response_(\d{3})_/.exec(name);
    if (response?.[1] && response[2]) {
      return [{ name: file, ...operationById(response[1]), target: Number(response[2]), body: sample }];
    }
    const request = /^(\w+?)__request_/.exec(name);
    if (request?.[1]) return [{ name: file, ...operationById(request[1]), target: "request", body: sample }];
  }
  return [];
}

const files = ["recorded", "examples_v8", "docs_v7", "real_world"].flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, SAMPLES_URL))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => `${folder}/${name}`),
);
const mapped = files.filter((file) => !(file in EXCLUDED)).map((file) => ({ file, cases: casesFor(file) }));
const cases = mapped.flatMap((entry) => entry.cases);

describe("Zoho CRM samples against specs/bundled/zoho-crm.v8.yaml", () => {
  it("maps every sample file to an endpoint of the spec, or lists it in EXCLUDED", () => {
    expect(mapped.filter((entry) => entry.cases.length === 0).map((entry) => entry.file)).toEqual([]);
    expect(Object.keys(EXCLUDED).filter((file) => !files.includes(file))).toEqual([]);
    expect(Object.keys(OTHER_TARGETS).filter((file) => !files.includes(file))).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });

  for (const testCase of cases) {
    const label =
      testCase.target === "request"
        ? `${testCase.name}: ${testCase.method.toUpperCase()} ${testCase.path} request body`
        : `${testCase.name}: ${testCase.method.toUpperCase()} ${testCase.path} -> ${testCase.target}`;
    it(label, () => {
      const schema = bodySchema(testCase.path, testCase.method, testCase.target);
      if (schema === undefined) {
        // 204: the spec documents no body, and Zoho sends none.
        expect(testCase.target).toBe(204);
        expect(testCase.body ?? "").toBe("");
        return;
      }
      expect(validateBody(schema, testCase.body)).toEqual([]);
    });
  }
});
