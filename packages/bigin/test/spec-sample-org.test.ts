/**
 * The Bigin sample org (examples/sample-org/bigin) must be data Bigin could send: its saved metadata answers
 * (org, modules, fields, the Pipelines layouts) and its records validate against the bundled spec's schemas for the
 * endpoints they come from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bodySchema, validateBody } from "./spec-lookup.js";

const ORG = new URL("../../../examples/sample-org/bigin/", import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, ORG), "utf8"));
const info = { per_page: 200, count: 0, page: 1, more_records: false };

describe("the Bigin sample org against specs/bundled/zoho-bigin.v2.yaml", () => {
  const cases: Array<[string, string, unknown]> = [
    ["metadata/org.json", "/bigin/v2/org", read("metadata/org.json")],
    ["metadata/modules.json", "/bigin/v2/settings/modules", read("metadata/modules.json")],
    [
      "metadata/layouts/Pipelines.json",
      "/bigin/v2/settings/layouts",
      read("metadata/layouts/Pipelines.json"),
    ],
  ];
  for (const file of readdirSync(new URL("metadata/fields/", ORG)).sort()) {
    cases.push([`metadata/fields/${file}`, "/bigin/v2/settings/fields", read(`metadata/fields/${file}`)]);
  }
  for (const module of ["Accounts", "Contacts", "Products"]) {
    cases.push([
      `records/${module}.json`,
      "/bigin/v2/{module_api_name}/{record_id}",
      read(`records/${module}.json`),
    ]);
  }
  const deals = read("records/Pipelines.json") as { data: unknown[] };
  cases.push([
    "records/Pipelines.json",
    "/bigin/v2/Pipelines",
    { ...deals, info: { ...info, count: deals.data.length } },
  ]);

  for (const [file, path, body] of cases) {
    it(`${file} fits GET ${path} -> 200`, () => {
      expect(validateBody(bodySchema(path, "get", 200)!, body)).toEqual([]);
    });
  }
});
