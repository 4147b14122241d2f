import { strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { ApiError, createBiginClient, eq, startsWith } from "../src/index.js";

const API_KEY = "mk_prism_bigin_0123456789";

function bigin(prefer?: string) {
  return createBiginClient({
    apiKey: API_KEY,
    connection: "21fd90f9-5935-43cd-b6c8-bde9d915ca80",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  });
}

describe("records against the Prism mock of specs/zoho-bigin.v2.yaml", () => {
  it("lists Contacts and iterates them", async () => {
    const page = await bigin().records.list("Contacts", {
      fields: ["Last_Name", "Email"],
      perPage: 50,
      sortOrder: "asc",
    });
    expect(page.data.length).toBeGreaterThan(0);
    const seen: string[] = [];
    for await (const contact of bigin().records.iterate("Contacts", { fields: ["Last_Name"], limit: 1 }))
      seen.push(contact.id);
    expect(seen).toHaveLength(1);
  });

  it("lists Pipelines records of one Team Pipeline, found through pipelines.list()", async () => {
    const [pipeline] = await bigin().pipelines.list();
    expect(pipeline?.id).toMatch(/^\d+$/);
    expect(pipeline?.stages.length).toBeGreaterThan(0);
    const page = await bigin().records.list("Pipelines", {
      fields: ["Deal_Name", "Stage"],
      pipelineId: pipeline!.id,
    });
    expect(page.data[0]?.Deal_Name).toBeDefined();
    const deals: unknown[] = [];
    for await (const deal of bigin().records.iterate("Pipelines", {
      fields: ["Deal_Name"],
      pipelineId: pipeline!.id,
      limit: 1,
    })) {
      deals.push(deal);
    }
    expect(deals).toHaveLength(1);
  });

  it("gets, creates, updates, upserts and deletes", async () => {
    const client = bigin();
    const contact = await client.records.get("Contacts", "2034020000000512001", { fields: ["Last_Name"] });
    expect(contact?.id).toMatch(/^\d+$/);
    const created = await client.records.create("Contacts", [{ Last_Name: "Raman" }], { trigger: [] });
    expect(created.succeeded).toHaveLength(1);
    const updated = await client.records.update("Contacts", [{ id: "2034020000000512001", Title: "CEO" }]);
    expect(updated.succeeded.length + updated.failed.length).toBe(1);
    const upserted = await client.records.upsert(
      "Contacts",
      [{ Last_Name: "Raman", Email: "p@example.com" }],
      {
        duplicateCheckFields: ["Email"],
      },
    );
    expect(upserted.succeeded.length + upserted.failed.length).toBe(1);
    const deleted = await client.records.delete("Contacts", ["2034020000000512001"]);
    expect(deleted.succeeded.length + deleted.failed.length).toBe(1);
  });

  it("searches with equals and starts_with, by email, phone and word, and counts", async () => {
    const client = bigin();
    const found = await client.records.search("Contacts", {
      criteria: startsWith("Last_Name", "Ra"),
      fields: ["Last_Name"],
    });
    expect(Array.isArray(found.data)).toBe(true);
    for (const filter of [{ email: "p@example.com" }, { phone: "555" }, { word: "Raman" }]) {
      expect(Array.isArray((await client.records.search("Contacts", filter)).data)).toBe(true);
    }
    const all: unknown[] = [];
    for await (const c of client.records.searchAll("Contacts", {
      criteria: eq("Last_Name", "Raman"),
      limit: 1,
    }))
      all.push(c);
    expect(all.length).toBeLessThanOrEqual(1);
    expect(await client.records.count("Contacts")).toBeGreaterThanOrEqual(0);
    expect((await bigin("code=204").records.search("Contacts", { word: "nobody" })).data).toEqual([]);
  });
});

describe("org, users and settings against Prism", () => {
  it("reads the org, users, modules, fields and layouts", async () => {
    const client = bigin();
    expect((await client.org.get()).id).toMatch(/^\d+$/);
    const { users } = await client.users.list({ type: "ActiveUsers", page: 1, perPage: 10 });
    expect(users.length).toBeGreaterThan(0);
    expect((await client.users.get(users[0]!.id))?.id).toBeDefined();
    const modules = await client.settings.modules();
    expect(modules.some((m) => m.api_name === "Pipelines")).toBe(true);
    expect(await client.settings.module("Pipelines")).not.toBeNull();
    expect((await client.settings.fields("Contacts")).length).toBeGreaterThan(0);
    expect((await client.settings.layouts("Pipelines")).length).toBeGreaterThan(0);
  });

  it("updates and deletes one record through raw (the spec's single-record operations)", async () => {
    const path = { module_api_name: "Contacts", record_id: "2034020000000512001" };
    const updated = await bigin().raw.PUT("/bigin/v2/{module_api_name}/{record_id}", {
      params: { path },
      body: { data: [{ Title: "CEO" }] },
    });
    expect(updated.data?.data[0]?.status).toBe("success");
    const deleted = await bigin().raw.DELETE("/bigin/v2/{module_api_name}/{record_id}", { params: { path } });
    expect(deleted.data?.data[0]?.code).toBe("SUCCESS");
  });

  it("exposes the typed raw client", async () => {
    const { data } = await bigin().raw.GET("/bigin/v2/org");
    expect(data?.org[0]?.id).toBeDefined();
  });

  it("explains the OAuth scope a module needs on a 401", async () => {
    const error = (await bigin("code=401")
      .records.list("Tasks", { fields: ["Subject"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.message).toContain("ZohoBigin.modules.tasks.ALL");
    expect(error.message).not.toContain(API_KEY);
  });
});
