/** crm.tags against @zohokit/mock: tags on any number of records, one result per record, names checked first. */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmClient, createCrmClient, ZohoKitError } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let zoho: MockGateway;
let crm: CrmClient;
let ids: string[];
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
  ids = zoho.store
    .add(
      "Leads",
      Array.from({ length: 1200 }, (_, i) => ({ Last_Name: `Tagged ${i}` })),
    )
    .map((record) => record.id);
});
afterAll(() => zoho.close());

/** The names of a stored record's tags. */
const tagNames = (id: string) =>
  ((zoho.store.get("Leads", id)?.Tag ?? []) as { name: string }[]).map((t) => t.name);
const tagRequests = () => zoho.requests.filter((r) => /\/actions\/(add|remove)_tags$/.test(r.path));

describe("crm.tags against the mock", () => {
  it("tags 1,200 records in three requests of at most 500, one result per record", async () => {
    const result = await crm.tags.add("Leads", ids, ["Hot", { name: "Trade Show", color_code: "#57B1FD" }]);
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(1200);
    expect(result.succeeded.every((s, i) => s.index === i && s.id === ids[i])).toBe(true);
    expect(tagRequests().map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([500, 500, 200]);
    expect(tagNames(ids[0]!)).toEqual(["Hot", "Trade Show"]);
    const { tags, info } = await crm.tags.list("Leads");
    expect(tags.map((t) => t.name).sort()).toEqual(["Hot", "Trade Show"]);
    expect(info.allowed_count).toBe(100);
  });

  it("removes tags by name or id, and reports the record that failed", async () => {
    const { tags } = await crm.tags.list("Leads");
    const hot = tags.find((t) => t.name === "Hot")!;
    const result = await crm.tags.remove("Leads", [ids[0]!, "5725767999999999999"], [{ id: hot.id }]);
    expect(result.succeeded).toMatchObject([{ index: 0, id: ids[0] }]);
    expect(result.failed).toMatchObject([{ index: 1, code: "INVALID_DATA" }]);
    expect(tagNames(ids[0]!)).toEqual(["Trade Show"]);
  });

  it("reports the records over Zoho's tags-per-record limit, with what to do", async () => {
    const result = await crm.tags.add("Leads", [ids[1]!], ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
    expect(result.failed).toMatchObject([{ index: 0, code: "LIMIT_EXCEEDED" }]);
    expect(result.failed[0]?.message).toContain("at most 10 tags");
    const overwritten = await crm.tags.add("Leads", [ids[1]!], ["Only"], { overwrite: true });
    expect(overwritten.succeeded).toHaveLength(1);
    expect(tagNames(ids[1]!)).toEqual(["Only"]);
  });

  it("refuses bad tags and ids before any request", async () => {
    const before = zoho.requests.length;
    const attempts = [
      () => crm.tags.add("Leads", ids.slice(0, 1), []),
      () => crm.tags.add("Leads", ids.slice(0, 1), ["x".repeat(26)]),
      () => crm.tags.add("Leads", ids.slice(0, 1), ["  "]),
      () => crm.tags.add("Leads", ids.slice(0, 1), ["a,b"]),
      () => crm.tags.add("Leads", ids.slice(0, 1), ["line\nbreak"]),
      () => crm.tags.add("Leads", ids.slice(0, 1), [{ name: "Red", color_code: "#FF0000" as never }]),
      () => crm.tags.add("Leads", ids.slice(0, 1), ["Hot", "hot"]),
      () =>
        crm.tags.add(
          "Leads",
          ids.slice(0, 1),
          Array.from({ length: 11 }, (_, i) => `T${i}`),
        ),
      () => crm.tags.add("Leads", [ids[0]!, ids[0]!], ["Hot"]),
      () => crm.tags.remove("Leads", [], ["Hot"]),
      () => crm.tags.list("Le ads"),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });

  it("takes names of 25 characters, counted as characters", async () => {
    const name = "é".repeat(24) + "🙂";
    const result = await crm.tags.add("Leads", [ids[2]!], [name]);
    expect(result.succeeded).toHaveLength(1);
  });
});
