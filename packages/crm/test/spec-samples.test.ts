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
import { zohoSamplesUrl } from "@zohokit/testkit";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const SPEC_URL = new URL("../../../specs/bundled/zoho-crm.v8.yaml", import.meta.url);
const SAMPLES_URL = new URL("crm/", zohoSamplesUrl());
const SPEC_ID = "zoho-crm.v8.json";

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

type JsonObject = { [key: string]: unknown };

interface Case {
  name: string;
  path: string;
  method: string;
  /** An HTTP status, or "request" for a request body. */
  target: number | "request";
  body: unknown;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, SAMPLES_URL), "utf8"));

const spec = parse(readFileSync(SPEC_URL, "utf8")) as JsonObject;
const paths = spec.paths as Record<string, Record<string, JsonObject>>;

/** Follows local `$ref`s (`#/components/...`) of the bundle. */
function deref(node: unknown): JsonObject {
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    const pointer = current.$ref.replace(/^#\//, "").split("/");
    current = pointer.reduce<unknown>(
      (parent, key) => (isObject(parent) ? parent[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined),
      spec,
    );
  }
  if (!isObject(current)) throw new Error(`unresolvable node ${JSON.stringify(node)}`);
  return current;
}

/** Rewrites local refs to absolute ones so that any sub-schema compiles on its own. */
function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (!isObject(node)) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#")
        ? SPEC_ID + value
        : absoluteRefs(value);
  }
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
ajv.addFormat("date", /^\d{4}-\d\d-\d\d$/);
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addSchema(absoluteRefs(spec) as JsonObject, SPEC_ID);

function operationById(operationId: string): { path: string; method: string } {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (isObject(operation) && operation.operationId === operationId) return { path, method };
    }
  }
  throw new Error(`no operation ${operationId} in the spec`);
}

/** The spec path template that serves a concrete path, preferring concrete segments (as Prism does). */
function templateFor(actualPath: string, method: string): string | undefined {
  const actual = actualPath.split("/");
  let best: { template: string; score: number } | undefined;
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item[method])) continue;
    const segments = template.split("/");
    if (segments.length !== actual.length) continue;
    let score = 0;
    for (const [i, segment] of segments.entries()) {
      if (/^\{.+\}$/.test(segment)) score += 0.5;
      else if (segment === actual[i]) score += 1;
      else {
        score = -1;
        break;
      }
    }
    if (score >= 0 && (!best || score > best.score)) best = { template, score };
  }
  return best?.template;
}

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

function schemaFor(testCase: Case): JsonObject | undefined {
  const operation = paths[testCase.path]?.[testCase.method];
  if (!operation) throw new Error(`no ${testCase.method} ${testCase.path} in the spec`);
  const documented =
    testCase.target === "request"
      ? operation.requestBody
      : (operation.responses as JsonObject)[String(testCase.target)];
  if (documented === undefined)
    throw new Error(`the spec documents no ${testCase.target} for this operation`);
  const holder = deref(documented);
  const content = holder.content;
  if (content === undefined) return undefined;
  const media = isObject(content) ? content["application/json"] : undefined;
  if (!isObject(media) || !isObject(media.schema)) throw new Error("no application/json schema");
  return media.schema;
}

const validators = new Map<JsonObject, ValidateFunction>();
function validate(schema: JsonObject, body: unknown): string[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = ajv.compile(absoluteRefs(schema) as JsonObject);
    validators.set(schema, validator);
  }
  if (validator(body)) return [];
  return (validator.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
  );
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
      const schema = schemaFor(testCase);
      if (schema === undefined) {
        // 204: the spec documents no body, and Zoho sends none.
        expect(testCase.target).toBe(204);
        expect(testCase.body ?? "").toBe("");
        return;
      }
      expect(validate(schema, testCase.body)).toEqual([]);
    });
  }
});
