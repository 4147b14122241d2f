import { strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { ApiError, and, createCrmClient, eq, startsWith } from "../src/index.js";

const API_KEY = "mk_prism_crm_0123456789";
const LEAD_ID = "7328395000000680100";
const UPDATED_ID = "7328395000000704007";
const DELETED_ID = "7328395000000690028";

function crm(prefer?: string) {
  return createCrmClient({
    apiKey: API_KEY,
    connection: "21fd90f9-5935-43cd-b6c8-bde9d915ca80",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  });
}

describe("records against the Prism mock of specs/zoho-crm.v8.yaml", () => {
  it("lists a page of records with the requested fields", async () => {
    const page = await crm().records.list("Leads", {
      fields: ["Last_Name", "Email"],
      perPage: 200,
      page: 1,
      sortBy: "Modified_Time",
      sortOrder: "desc",
    });
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data[0]?.id).toMatch(/^\d+$/);
    expect(typeof page.info.more_records).toBe("boolean");
  });

  it("lists with a page token and a custom view", async () => {
    const page = await crm().records.list("Leads", {
      fields: ["Last_Name"],
      pageToken: "c8582e7f2cb9e6",
      cvid: "7328395000000091529",
    });
    expect(Array.isArray(page.data)).toBe(true);
  });

  it("iterates records across pages up to a limit", async () => {
    const seen: string[] = [];
    for await (const lead of crm().records.iterate("Leads", { fields: ["Last_Name"], limit: 1 }))
      seen.push(lead.id);
    expect(seen).toHaveLength(1);
  });

  it("gets one record", async () => {
    const lead = await crm().records.get("Leads", LEAD_ID, { fields: ["Last_Name", "Email"] });
    expect(lead?.id).toMatch(/^\d+$/);
  });

  it("gets null for a 204", async () => {
    expect(await crm("code=204").records.get("Leads", LEAD_ID)).toBeNull();
  });

  it("creates, updates, upserts and deletes with per-item results", async () => {
    const created = await crm().records.create("Leads", [{ Last_Name: "Kitzman", Email: "c@example.com" }], {
      trigger: ["workflow"],
    });
    expect(created.failed).toEqual([]);
    expect(created.succeeded[0]).toMatchObject({ index: 0, code: "SUCCESS" });
    // Results are matched to inputs by id: these are the ids the spec's examples answer with.
    const updated = await crm().records.update("Leads", [{ id: UPDATED_ID, Lead_Status: "Contacted" }], {
      trigger: [],
    });
    expect(updated.succeeded).toHaveLength(1);
    const upserted = await crm().records.upsert("Leads", [{ Last_Name: "Kitzman", Email: "c@example.com" }], {
      duplicateCheckFields: ["Email"],
    });
    expect(upserted.succeeded.length + upserted.failed.length).toBe(1);
    const deleted = await crm().records.delete("Leads", [DELETED_ID], { wfTrigger: false });
    expect(deleted.succeeded).toMatchObject([{ index: 0, id: DELETED_ID }]);
    // An answer naming another record than the one sent is never taken as its result.
    const other = await crm().records.delete("Leads", [LEAD_ID], { wfTrigger: false });
    expect(other.failed).toMatchObject([{ index: 0, code: "AMBIGUOUS" }]);
  });

  it("searches by criteria, email, phone and word", async () => {
    const criteria = and(eq("Last_Name", "O'Brien (Jr)"), startsWith("Email", "j"));
    const byCriteria = await crm().records.search("Leads", {
      criteria,
      fields: ["Last_Name"],
      page: 1,
      perPage: 10,
    });
    expect(byCriteria.data.length).toBeGreaterThan(0);
    for (const filter of [{ email: "a@b.com" }, { phone: "555-0100" }, { word: "Kitzman" }]) {
      const page = await crm().records.search("Leads", filter);
      expect(Array.isArray(page.data)).toBe(true);
    }
    const all: unknown[] = [];
    for await (const lead of crm().records.searchAll("Leads", { word: "Kitzman", limit: 1 })) all.push(lead);
    expect(all).toHaveLength(1);
  });

  it("gives an empty page for a search answered 204", async () => {
    const page = await crm("code=204").records.search("Leads", { email: "nobody@example.com" });
    expect(page.data).toEqual([]);
  });

  it("counts records", async () => {
    expect(await crm().records.count("Leads")).toBeGreaterThanOrEqual(0);
    expect(
      await crm().records.count("Leads", { criteria: eq("Lead_Status", "Contacted") }),
    ).toBeGreaterThanOrEqual(0);
  });
});

describe("org, users and settings against Prism", () => {
  it("reads the org", async () => {
    const org = await crm().org.get();
    expect(org.id).toMatch(/^\d+$/);
  });

  it("lists and gets users", async () => {
    const { users } = await crm().users.list({ type: "ActiveUsers", page: 1, perPage: 10 });
    expect(users.length).toBeGreaterThan(0);
    const user = await crm().users.get(users[0]!.id);
    expect(user?.id).toBeDefined();
  });

  it("reads modules, fields, layouts, roles and profiles", async () => {
    const client = crm();
    const modules = await client.settings.modules({ status: "visible" });
    expect(modules.length).toBeGreaterThan(0);
    expect((await client.settings.module("Leads"))?.api_name).toBeDefined();
    const fields = await client.settings.fields("Leads", { type: "all" });
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((field) => typeof field.data_type === "string")).toBe(true);
    const layouts = await client.settings.layouts("Leads");
    expect(layouts.length).toBeGreaterThan(0);
    expect(await client.settings.layout("Leads", layouts[0]!.id)).not.toBeNull();
    const roles = await client.settings.roles();
    expect(await client.settings.role(roles[0]!.id)).not.toBeNull();
    const profiles = await client.settings.profiles();
    expect(await client.settings.profile(profiles[0]!.id)).not.toBeNull();
  });

  it("updates and deletes one record through raw (the spec's single-record operations)", async () => {
    const path = { module_api_name: "Leads", record_id: LEAD_ID };
    const updated = await crm().raw.PUT("/crm/v8/{module_api_name}/{record_id}", {
      params: { path },
      body: { data: [{ Lead_Status: "Contacted" }] },
    });
    expect(updated.data?.data[0]?.status).toBe("success");
    const deleted = await crm().raw.DELETE("/crm/v8/{module_api_name}/{record_id}", { params: { path } });
    expect(deleted.data?.data[0]?.code).toBe("SUCCESS");
  });

  it("exposes the typed openapi-fetch client as raw", async () => {
    const { data } = await crm().raw.GET("/crm/v8/{module_api_name}/actions/count", {
      params: { path: { module_api_name: "Leads" } },
    });
    expect(typeof data?.count).toBe("number");
  });
});

describe("documented errors from Prism", () => {
  it.each([
    ["400", 400],
    ["401", 401],
    ["403", 403],
    ["404", 404],
    ["500", 500],
  ])("maps a %s to an ApiError without the key", async (code, status) => {
    const error = (await crm(`code=${code}`)
      .records.list("Leads", { fields: ["Last_Name"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain(API_KEY);
  });
});
