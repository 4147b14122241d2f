/**
 * The mock's answers next to real Zoho answers (../shared/zoho-samples/crm): the same request gives the same
 * body as the sample, or, where the sample carries its own ids and times, the same shape (every key the sample
 * has, recursively, with the same codes and messages).
 */

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGateway, type OrgSnapshot, startMockGateway } from "../src/index.js";
import { type Answer, call } from "./http.js";

const SAMPLES = new URL("../../../../shared/zoho-samples/crm/", import.meta.url);
const sample = (file: string): unknown => {
  const value = JSON.parse(readFileSync(new URL(file, SAMPLES), "utf8")) as {
    body?: unknown;
    statusCode?: unknown;
  };
  return file.startsWith("real_world/") && value.statusCode !== undefined ? value.body : value;
};

/** An org with the fields Zoho's examples name. */
const org: OrgSnapshot = {
  app: "crm",
  modules: [{ api_name: "Leads", id: "4881139000000002175", api_supported: true }],
  fields: {
    Leads: [
      { api_name: "Last_Name", data_type: "text", system_mandatory: true, length: 80 },
      { api_name: "Company", data_type: "text", length: 200 },
      { api_name: "Email", data_type: "email", length: 100 },
      { api_name: "Phone", data_type: "phone", length: 30 },
      { api_name: "Number_1", data_type: "integer", length: 2 },
      { api_name: "Unique_1", data_type: "text", unique: { case_sensitive: false } },
    ],
  },
};

/** Every key of `expected` is in `actual` with a value of the same shape; strings that are codes or messages match. */
function shapeProblems(expected: unknown, actual: unknown, path = "$"): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: an array of ${expected.length}`];
    return expected.flatMap((item, i) => shapeProblems(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return [`${path}: an object`];
    return Object.entries(expected).flatMap(([key, value]) =>
      key in actual
        ? shapeProblems(value, (actual as Record<string, unknown>)[key], `${path}.${key}`)
        : [`${path}.${key}: missing`],
    );
  }
  if (
    /\.(code|message|status|action|api_name|json_path|expected_data_type)$/.test(path) &&
    expected !== actual
  ) {
    return [`${path}: ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  return typeof expected === typeof actual || expected === null ? [] : [`${path}: a ${typeof expected}`];
}

let zoho: MockGateway;
let scoped: MockGateway;
let ids: string[];
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org, defaultSortOrder: "desc" });
  scoped = await startMockGateway({ app: "crm", scopes: ["ZohoCRM.users.ALL"] });
  ids = zoho.store
    .add("Leads", [
      { Last_Name: "One", Email: "one@example.com", Unique_1: "U1" },
      { Last_Name: "Two", Email: "two@example.com" },
    ])
    .map((record) => record.id);
  zoho.store.generate("Leads", 30);
});
afterAll(async () => {
  await zoho?.close();
  await scoped?.close();
});

const get = (path: string, query: Record<string, string> = {}) => call(zoho, "GET", `/crm/v8${path}`, query);
const write = (method: string, path: string, body: unknown) => call(zoho, method, `/crm/v8${path}`, {}, body);

/** Sample file -> how to get the same answer from the mock. */
const SAME_BODY: Record<string, () => Promise<Answer>> = {
  "examples_v8/getRecords__response_400_DiscretePaginationLimitExceeded.json": () =>
    get("/Leads", { fields: "Email", page: "11", per_page: "200" }),
  "examples_v8/getRecords__response_400_ExpiredValue.json": async () => {
    const page = await get("/Leads", { fields: "Email", per_page: "5" });
    zoho.expirePageTokens();
    return get("/Leads", { fields: "Email", per_page: "5", page_token: page.json.info.next_page_token });
  },
  "examples_v8/getRecords__response_400_TokenBoundDataMismatch.json": async () => {
    const page = await get("/Leads", { fields: "Email", per_page: "5" });
    return get("/Leads", { fields: "Last_Name", per_page: "5", page_token: page.json.info.next_page_token });
  },
  "examples_v8/getRecords__response_400_InvalidCvid.json": () =>
    get("/Leads", { fields: "Email", cvid: "x" }),
  "examples_v8/getRecords__response_400_InvalidData.json": () => get("/Lead", { fields: "Email" }),
  "examples_v8/getRecords__response_400_LimitExceeded.json": () =>
    get("/Leads", { fields: Array.from({ length: 51 }, (_, i) => `F${i}`).join(",") }),
  "examples_v8/getRecords__response_400_RequiredParamMissing.json": () => get("/Leads"),
  "examples_v8/getRecords__response_401_ScopeMismatch.json": () =>
    call(scoped, "GET", "/crm/v8/Leads", { fields: "Email" }),
  "examples_v8/getRecords__response_404_InvalidUrlPattern.json": () => get("/Leads/x/y/z"),
  "examples_v8/getRecords__response_500_InternalError.json": () => {
    zoho.faults.next("500");
    return get("/Leads", { fields: "Email" });
  },
  "examples_v8/searchRecords__response_400_InvalidModule.json": () => get("/Lead/search", { word: "xx" }),
  "examples_v8/searchRecords__response_400_MissingParameter.json": () => get("/Leads/search"),
  "examples_v8/searchRecords__response_401_OauthScopeMismatch.json": () =>
    call(scoped, "GET", "/crm/v8/Leads/search", { word: "xx" }),
  "examples_v8/searchRecords__response_404_InvalidUrlPattern.json": () => get("/Leads/search/x"),
  "examples_v8/searchRecords__response_429_RateLimitExceeded.json": () => {
    zoho.faults.next("429");
    return get("/Leads/search", { word: "xx" });
  },
  "examples_v8/searchRecords__response_500_InternalError.json": () => {
    zoho.faults.next("500");
    return get("/Leads/search", { word: "xx" });
  },
  "examples_v8/searchRecords__response_502_ServiceUnavailable.json": () => {
    zoho.faults.next("502");
    return get("/Leads/search", { word: "xx" });
  },
  "examples_v8/searchRecords__response_503_MaintenanceMode.json": () => {
    zoho.faults.next("503");
    return get("/Leads/search", { word: "xx" });
  },
  "examples_v8/deleteRecords__response_400_InvalidModule.json": () =>
    call(zoho, "DELETE", "/crm/v8/Lead", { ids: "1" }),
  "examples_v8/deleteRecords__response_400_MissingParam.json": () => call(zoho, "DELETE", "/crm/v8/Leads"),
  "examples_v8/deleteRecords__response_400_InvalidRequestMethod.json": () =>
    call(zoho, "PATCH", "/crm/v8/Leads"),
  "examples_v8/createRecords__response_400_InvalidModule.json": () =>
    write("POST", "/Lead", { data: [{ Last_Name: "x" }] }),
  "examples_v8/createRecords__response_401_OauthScopeMismatch.json": () =>
    call(scoped, "POST", "/crm/v8/Leads", {}, { data: [{ Last_Name: "x" }] }),
  "examples_v8/createRecords__response_400_InvalidDataType.json": () =>
    write("POST", "/Leads", { data: [{ Last_Name: "x", Number_1: "ten" }] }),
  "examples_v8/createRecords__response_400_InvalidDataLength.json": () =>
    write("POST", "/Leads", { data: [{ Last_Name: "x", Number_1: 123 }] }),
  "real_world/INVALID_TOKEN_from_log.json": () =>
    call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" }, undefined, { Authorization: "Bearer expired" }),
};

type Body = { data?: Record<string, unknown>[]; info?: unknown };

/** The list's paging info and the first record's id: the samples' records have their own fields. */
const paging = (body: Body) => ({ info: body.info, first: { id: body.data?.[0]?.id } });
/** The v8 examples' `$approval_state` (absent from the recorded answers of a real org) is not sent. */
const withoutApproval = (body: Body) => ({
  data: body.data?.map((item) => {
    const { $approval_state: _, ...details } = item.details as Record<string, unknown>;
    return { ...item, details };
  }),
});

/** Sample file -> the mock's answer of the same kind (its own ids and times), and what of both to compare. */
const SAME_SHAPE: Record<string, { request: () => Promise<Answer>; select?: (body: Body) => unknown }> = {
  "examples_v8/getRecords__response_200_Leads.json": {
    request: () => get("/Leads", { fields: "Last_Name,Email", per_page: "5" }),
    select: paging,
  },
  "docs_v7/records_get_Leads_page_token_200.json": {
    request: () => get("/Leads", { fields: "Last_Name,Email", per_page: "5" }),
    select: paging,
  },
  "examples_v8/searchRecords__response_200_LeadSearchResult.json": {
    request: () => get("/Leads/search", { email: "one@example.com" }),
    select: paging,
  },
  "examples_v8/createRecords__response_201_Success.json": {
    request: () => write("POST", "/Leads", { data: [{ Last_Name: "New" }] }),
    select: withoutApproval,
  },
  "examples_v8/createRecords__response_400_DuplicateDataError.json": {
    request: () => write("POST", "/Leads", { data: [{ Last_Name: "Again", Unique_1: "u1" }] }),
  },
  "examples_v8/updateRecords__response_200_Success.json": {
    request: () => write("PUT", "/Leads", { data: [{ id: ids[1], Company: "Zylker" }] }),
    select: withoutApproval,
  },
  "examples_v8/upsertRecords__response_200_Success.json": {
    request: () =>
      write("POST", "/Leads/upsert", {
        data: [
          { Last_Name: "Two again", Email: "two@example.com" },
          { Last_Name: "Three", Email: "three@example.com" },
        ],
      }),
  },
  "examples_v8/upsertRecords__response_207_MixedResults.json": {
    request: () =>
      write("POST", "/Leads/upsert", {
        data: [
          { Last_Name: "Four", Email: "four@example.com" },
          { Last_Name: "Five", Email: "five@example.com", Company: 5 },
        ],
      }),
  },
  "examples_v8/deleteRecords__response_200_SuccessfulDeletion.json": {
    request: async () => {
      const records = zoho.store.add("Leads", [{ Last_Name: "Doomed" }, { Last_Name: "Doomed too" }]);
      return call(zoho, "DELETE", "/crm/v8/Leads", { ids: records.map((r) => r.id).join(",") });
    },
  },
  "examples_v8/deleteRecords__response_207_MixedResults.json": {
    request: async () => {
      const records = zoho.store.add("Leads", [{ Last_Name: "Doomed 1" }, { Last_Name: "Doomed 2" }]);
      return call(zoho, "DELETE", "/crm/v8/Leads", {
        ids: `${records[0]!.id},4150868000005067099,${records[1]!.id}`,
      });
    },
  },
  "real_world/INVALID_DATA_phone_v2_insert.json": {
    request: () => write("POST", "/Leads", { data: [{ Last_Name: "x", Phone: "not a phone" }] }),
  },
};

describe("the mock answers as Zoho's samples do", () => {
  for (const [file, request] of Object.entries(SAME_BODY)) {
    it(`${file}: the same body`, async () => {
      const answer = await request();
      expect(answer.json).toEqual(sample(file));
      expect(answer.status).toBe(Number(/_(\d{3})_/.exec(file)?.[1] ?? answer.status));
    });
  }
  for (const [file, { request, select = (body: Body) => body }] of Object.entries(SAME_SHAPE)) {
    it(`${file}: the same shape`, async () => {
      const answer = await request();
      expect(shapeProblems(select(sample(file) as Body), select(answer.json))).toEqual([]);
    });
  }

  it("real_world/http_204_no_content_headers.json: an empty 204 with a JSON Content-Type", async () => {
    const answer = await get("/Leads/search", { criteria: "(Last_Name:equals:Nobody)" });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    expect((sample("real_world/http_204_no_content_headers.json") as string) ?? "").toBe("");
  });
});
