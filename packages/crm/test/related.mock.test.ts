/** crm.related against @zohokit/mock serving the sample org: reads, paging, `since`, links and unlinks in batches. */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, type CrmClient, createCrmClient, ZohoKitError } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let zoho: MockGateway;
let crm: CrmClient;
let account: string;
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
  [{ id: account }] = zoho.store.add("Accounts", [{ Account_Name: "Northwind" }]) as [{ id: string }];
  zoho.store.add(
    "Contacts",
    Array.from({ length: 5 }, (_, i) => ({
      Last_Name: `Contact ${i}`,
      Email: `c${i}@example.com`,
      Account_Name: { name: "Northwind", id: account },
      Modified_Time: "2026-01-01T00:00:00+00:00",
    })),
  );
  zoho.store.add("Contacts", [{ Last_Name: "Elsewhere" }]);
  zoho.store.add(
    "Deals",
    Array.from({ length: 250 }, (_, i) => ({ Deal_Name: `Deal ${i}`, Stage: "Qualification" })),
  );
});
afterAll(() => zoho.close());

const requestsTo = (path: RegExp) => zoho.requests.filter((r) => path.test(r.path));

describe("crm.related against the mock", () => {
  it("lists a page of the account's contacts with the requested fields", async () => {
    const page = await crm.related.list("Accounts", account, "Contacts", { fields: ["Last_Name", "Email"] });
    expect(page.data.map((c) => c.Last_Name)).toEqual([0, 1, 2, 3, 4].map((i) => `Contact ${i}`));
    expect(Object.keys(page.data[0]!).sort()).toEqual(["Email", "Last_Name", "id"]);
    expect(page.info.more_records).toBe(false);
  });

  it("iterates across pages, one request per page", async () => {
    const before = zoho.requests.length;
    const names: string[] = [];
    for await (const contact of crm.related.iterate("Accounts", account, "Contacts", {
      fields: ["Last_Name"],
      perPage: 2,
    })) {
      names.push(String(contact.Last_Name));
    }
    expect(names).toHaveLength(5);
    expect(zoho.requests.slice(before).map((r) => r.query.page)).toEqual(["1", "2", "3"]);
  });

  it("reads only what changed since a time, and nothing (a 304) when nothing did", async () => {
    const [first] = (await crm.related.list("Accounts", account, "Contacts", { fields: ["Last_Name"] })).data;
    await crm.records.update("Contacts", [{ id: first!.id, Title: "Buyer" }]);
    const changed = await crm.related.list("Accounts", account, "Contacts", {
      fields: ["Last_Name", "Title"],
      since: "2026-01-01T00:00:00+00:00",
    });
    expect(changed.data).toEqual([{ id: first!.id, Last_Name: "Contact 0", Title: "Buyer" }]);
    expect(zoho.requests.at(-1)).toMatchObject({ status: 200 });
    const none = await crm.related.list("Accounts", account, "Contacts", {
      fields: ["Last_Name"],
      since: new Date(Date.now() + 3_600_000),
    });
    expect(none.data).toEqual([]);
    expect(zoho.requests.at(-1)?.status).toBe(304);
  });

  it("links 250 records in three requests and unlinks them, one result per input", async () => {
    const deals = zoho.store.records("Deals").map((deal) => deal.id);
    const linked = await crm.related.link("Accounts", account, "Deals", deals);
    expect(linked.failed).toEqual([]);
    expect(linked.succeeded.map((s) => s.index)).toEqual(deals.map((_, i) => i));
    expect(linked.succeeded.every((s, i) => s.id === deals[i])).toBe(true);
    expect(requestsTo(/\/Accounts\/\d+\/Deals$/).filter((r) => r.method === "PUT")).toHaveLength(3);
    const listed = [];
    for await (const deal of crm.related.iterate("Accounts", account, "Deals", { fields: ["Deal_Name"] })) {
      listed.push(deal.id);
    }
    expect(listed).toHaveLength(250);
    const unlinked = await crm.related.unlink("Accounts", account, "Deals", deals.slice(0, 120));
    expect(unlinked.succeeded).toHaveLength(120);
    expect(requestsTo(/\/Accounts\/\d+\/Deals$/).filter((r) => r.method === "DELETE")).toHaveLength(2);
  });

  it("reports an unknown record as that input's failure, the rest succeeding", async () => {
    const [deal] = zoho.store.records("Deals");
    const result = await crm.related.link("Accounts", account, "Deals", [
      { id: deal!.id, Role: "Main" },
      "5725767999999999999",
    ]);
    expect(result.succeeded).toMatchObject([{ index: 0, id: deal!.id }]);
    expect(result.failed).toMatchObject([{ index: 1, code: "INVALID_DATA" }]);
  });

  it("refuses bad input before any request", async () => {
    const before = zoho.requests.length;
    const attempts = [
      () => crm.related.list("Accounts", account, "Con tacts", { fields: ["Last_Name"] }),
      () => crm.related.list("Accounts", "12ab", "Contacts", { fields: ["Last_Name"] }),
      () => crm.related.list("Accounts", account, "Contacts", { fields: [] }),
      () => crm.related.list("Accounts", account, "Contacts", { fields: ["Last_Name"], since: "yesterday" }),
      () => crm.related.link("Accounts", account, "Deals", []),
      () => crm.related.link("Accounts", account, "Deals", ["5725767000000000001", "5725767000000000001"]),
      () => crm.related.unlink("Accounts", account, "Deals", [42 as unknown as string]),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ZohoKitError);
    expect(() =>
      crm.related.iterate("Accounts", account, "Contacts", { fields: ["Last_Name"], perPage: 201 }),
    ).toThrow(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });

  it("names the related-list metadata when Zoho refuses the list's name", async () => {
    const error = await crm.related
      .list("Accounts", account, "Contact", { fields: ["Last_Name"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "INVALID_DATA" });
    expect((error as ApiError).message).toContain("settings.relatedLists(module)");
    const lists = await crm.settings.relatedLists("Accounts");
    expect(lists.map((list) => list.api_name)).toContain("Contacts");
  });
});
