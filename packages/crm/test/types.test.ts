import { describe, expect, expectTypeOf, it } from "vitest";
import {
  and,
  type BatchResult,
  type Criteria,
  type CriteriaOf,
  createCrmClient,
  criteriaFor,
  eq,
  gt,
  in as isIn,
  or,
  startsWith,
  type ZohoRecord,
} from "../src/index.js";

/** A small hand-written org in the shape `zohokit typegen` writes. */
interface TestOrg {
  Leads: {
    record: {
      id: string;
      Last_Name: string | null;
      Email: string | null;
      Lead_Status: "Hot" | "Cold" | null;
    };
    create: { Last_Name: string; Email?: string | null; Lead_Status?: "Hot" | "Cold" | null };
    update: { id: string; Last_Name?: string; Email?: string | null; Lead_Status?: "Hot" | "Cold" | null };
    criteria: { equals?: "Last_Name" | "Email" | "Lead_Status"; starts_with?: "Email"; in?: "Lead_Status" };
  };
  Deals: {
    fields: { Deal_Name: string; Amount: number };
    record: { id: string; Deal_Name: string | null; Amount: number | null };
    create: { Deal_Name: string; Amount?: number | null };
    update: { id: string; Deal_Name?: string; Amount?: number | null };
    criteria: { equals?: "Deal_Name"; greater_than?: "Amount" };
  };
}

function cannedFetch(body: unknown, status = 200) {
  return async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

const page = {
  data: [{ id: "1", Email: "a@example.com" }],
  info: { more_records: false, count: 1, page: 1, per_page: 200 },
};

describe("records typed by an org", () => {
  it("narrows a list to the requested fields plus id", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const result = await crm.records.list("Leads", { fields: ["Email"] });
    expect(result.data[0]?.Email).toBe("a@example.com");
    expectTypeOf(result.data[0]!).toEqualTypeOf<{ id: string; Email: string | null }>();
    // @ts-expect-error Last_Name was not requested
    expect(result.data[0]?.Last_Name).toBeUndefined();
  });

  it("builds the narrowed record from the module's fields when the org lists them", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const result = await crm.records.search("Deals", { criteria: gt("Amount", 5), fields: ["Amount"] });
    expectTypeOf(result.data[0]!).toEqualTypeOf<{ id: string; Amount: number | null }>();
    const _mistakes = () => [
      // @ts-expect-error Deal_Name was not requested
      result.data[0]?.Deal_Name,
      // @ts-expect-error greater_than is allowed on Amount only
      crm.records.search("Deals", { criteria: gt("Deal_Name", 5) }),
    ];
  });

  it("refuses unknown modules and fields at compile time", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const _mistakes = () => [
      // @ts-expect-error not a module of this org
      crm.records.list("Contacts", { fields: ["Email"] }),
      // @ts-expect-error not a field of Leads
      crm.records.list("Leads", { fields: ["Amount"] }),
    ];
  });

  it("types a call whose module may be any of the org's loosely, and a single-module org strictly", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const module = "Leads" as "Leads" | "Deals";
    const result = await crm.records.list(module, { fields: ["Email"] });
    expectTypeOf(result.data[0]!).toEqualTypeOf<ZohoRecord>();
    const single = createCrmClient<Pick<TestOrg, "Deals">>({
      apiKey: "k_test_types",
      fetch: cannedFetch(page),
    });
    const deals = await single.records.list("Deals", { fields: ["Amount"] });
    expectTypeOf(deals.data[0]!).toEqualTypeOf<{ id: string; Amount: number | null }>();
    const _mistakes = () => [
      // @ts-expect-error not a field of Deals
      single.records.list("Deals", { fields: ["Email"] }),
    ];
  });

  it("checks create and update inputs", async () => {
    const created = {
      data: [{ code: "SUCCESS", status: "success", message: "added", details: { id: "9" } }],
    };
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(created, 201) });
    const result = await crm.records.create("Leads", [{ Last_Name: "Burns", Lead_Status: "Hot" }]);
    expectTypeOf(result).toEqualTypeOf<BatchResult>();
    expect(result.succeeded[0]?.id).toBe("9");
    // Compile-time checks only (tsc verifies each @ts-expect-error); never run.
    const _mistakes = () => [
      // @ts-expect-error Last_Name is required on create
      crm.records.create("Leads", [{ Email: "x@example.com" }]),
      // @ts-expect-error "Warm" is not a picklist value
      crm.records.create("Leads", [{ Last_Name: "B", Lead_Status: "Warm" }]),
      // @ts-expect-error update inputs need an id
      crm.records.update("Leads", [{ Last_Name: "B" }]),
    ];
    // The runtime refuses the missing id too, before any request.
    await expect(crm.records.update("Leads", [{ Last_Name: "B" } as never])).rejects.toThrow(/id must be/);
  });

  it("accepts only the fields and operators the module allows in criteria", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const ok = await crm.records.search("Leads", { criteria: startsWith("Email", "a"), fields: ["Email"] });
    expect(ok.data).toHaveLength(1);
    const _mistakes = () => [
      // @ts-expect-error starts_with is not allowed on Lead_Status
      crm.records.search("Leads", { criteria: startsWith("Lead_Status", "H") }),
      // @ts-expect-error Amount belongs to Deals
      crm.records.count("Leads", { criteria: eq("Amount", 1) }),
      // @ts-expect-error one bad condition in and() is enough
      crm.records.search("Leads", { criteria: and(eq("Email", "a"), eq("Last_Name", "B"), eq("Amount", 1)) }),
    ];
    const allowed = and(eq("Last_Name", "B"), or(startsWith("Email", "a"), eq("Lead_Status", "Hot")));
    await crm.records.search("Leads", { criteria: allowed });
    expectTypeOf(eq("Email", "x")).toMatchTypeOf<Criteria<CriteriaOf<TestOrg, "Leads">>>();
  });

  it("types criteria values by the field: picklist values, numbers, dates, two values for between", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    await crm.records.search("Leads", { criteria: eq("Lead_Status", "Hot") });
    await crm.records.search("Leads", { criteria: isIn("Lead_Status", ["Hot", "Cold"]) });
    await crm.records.search("Deals", { criteria: gt("Amount", 5) });
    const _mistakes = () => [
      // @ts-expect-error "Warm" is not a value of the Lead_Status picklist
      crm.records.search("Leads", { criteria: eq("Lead_Status", "Warm") }),
      // @ts-expect-error one value of in() is not a picklist value
      crm.records.search("Leads", { criteria: isIn("Lead_Status", ["Hot", "Warm"]) }),
      // @ts-expect-error Amount is a number
      crm.records.search("Deals", { criteria: gt("Amount", "5") }),
      // @ts-expect-error a Date is no number
      crm.records.count("Deals", { criteria: gt("Amount", new Date()) }),
      // @ts-expect-error Email is text
      crm.records.search("Leads", { criteria: eq("Email", 5) }),
    ];
    // A criteria object built earlier is checked where it is used, and the error names field and value.
    const earlier = and(eq("Last_Name", "B"), eq("Lead_Status", "Warm"));
    // @ts-expect-error the Lead_Status condition of `earlier` is bad
    const _late = () => crm.records.search("Leads", { criteria: earlier });
  });

  it("criteriaFor checks each condition where it is written", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const deals = criteriaFor<TestOrg, "Deals">();
    const leads = criteriaFor<TestOrg, "Leads">();
    const c = leads.and(leads.eq("Lead_Status", "Hot"), leads.startsWith("Email", "a"));
    expect(c.text).toBe("((Lead_Status:equals:Hot)and(Email:starts_with:a))");
    await crm.records.search("Leads", { criteria: c });
    await crm.records.search("Deals", { criteria: deals.gt("Amount", 100) });
    const _mistakes = () => [
      // @ts-expect-error not a picklist value
      leads.eq("Lead_Status", "Warm"),
      // @ts-expect-error starts_with is not allowed on Lead_Status
      leads.startsWith("Lead_Status", "H"),
      // @ts-expect-error greater_than is not allowed on any Leads field
      leads.gt("Email", 1),
      // @ts-expect-error Amount takes numbers
      deals.gt("Amount", "100"),
      // @ts-expect-error Amount belongs to Deals
      leads.eq("Amount", 1),
    ];
  });

  it("search takes exactly one of criteria, email, phone and word; count at most one", async () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    await crm.records.search("Leads", { email: "a@example.com" });
    await crm.records.search("Leads", { word: "Burns", fields: ["Email"] });
    const _mistakes = () => [
      // @ts-expect-error two ways to search at once
      crm.records.search("Leads", { email: "a@example.com", phone: "1" }),
      // @ts-expect-error criteria and word at once
      crm.records.searchAll("Leads", { criteria: eq("Email", "a"), word: "ab" }),
      // @ts-expect-error nothing to search by
      crm.records.search("Leads", { fields: ["Email"] }),
      // @ts-expect-error count: at most one
      crm.records.count("Leads", { email: "a@example.com", word: "ab" }),
    ];
    const counted = cannedFetch({ count: 3 });
    const counter = createCrmClient<TestOrg>({ apiKey: "k_test_types", fetch: counted });
    expect(await counter.records.count("Leads")).toBe(3);
  });

  it("keeps modules and fields as strings without an org", async () => {
    const crm = createCrmClient({ apiKey: "k_test_types", fetch: cannedFetch(page) });
    const result = await crm.records.list("AnyModule__c", { fields: ["Anything"] });
    expectTypeOf(result.data[0]!).toEqualTypeOf<ZohoRecord>();
    expect(result.data[0]?.id).toBe("1");
  });

  it("types raw: a wrong path or method is a compile error", async () => {
    const crm = createCrmClient({ apiKey: "k_test_types", fetch: cannedFetch({ count: 3 }) });
    const { data } = await crm.raw.GET("/crm/v8/{module_api_name}/actions/count", {
      params: { path: { module_api_name: "Leads" } },
    });
    expect(data?.count).toBe(3);
    const _mistakes = () => [
      // @ts-expect-error no such path
      crm.raw.GET("/crm/v8/no/such/path"),
      // @ts-expect-error count is GET only
      crm.raw.POST("/crm/v8/{module_api_name}/actions/count", {
        params: { path: { module_api_name: "Leads" } },
      }),
    ];
  });
});
