import {
  and,
  between,
  type Criteria,
  createCrmClient,
  criteriaFor,
  eq,
  gt,
  inList,
  startsWith,
  type TypedSearchOptions,
} from "@zohokit/crm";
import { describe, expect, it } from "vitest";
import type { Org } from "../src/org.js";

// Compile-time checks against the sample org's generated types (tsc and tsc7 verify each @ts-expect-error).
const crm = createCrmClient<Org>({
  apiKey: "k_sample_types",
  fetch: async () => new Response(null, { status: 204 }),
});
const leads = criteriaFor<Org, "Leads">();
declare const since: Date | undefined;
const searchOptions: TypedSearchOptions<Org, "Leads", "Email"> = { criteria: eq("Lead_Status", "Contacted") };
// @ts-expect-error options written with the options type are checked against the org too
const badOptions: TypedSearchOptions<Org, "Leads", "Email"> = { criteria: eq("Lead_Status", "Hot") };
void badOptions;
const general: Criteria = eq("Lead_Status", "Hot");

const _checks = () => [
  crm.records.search("Leads", { criteria: eq("Lead_Status", "Contacted") }),
  crm.records.search("Leads", { criteria: inList("Lead_Source", ["Web Form", "Cold Call"]) }),
  crm.records.search("Leads", { criteria: gt("Annual_Revenue", 1_000_000) }),
  crm.records.search("Leads", {
    criteria: between("Created_Time", new Date(0), "2026-12-31T23:59:59+00:00"),
  }),
  crm.records.search("Leads", { criteria: eq("Interests", "Automation") }),
  crm.records.search("Leads", { criteria: eq("Owner", "4876543000000100001") }),
  crm.records.search("Leads", {
    criteria: leads.and(leads.eq("Email_Opt_Out", false), leads.startsWith("Email", "j")),
  }),
  // Criteria of different shapes or values in one expression (a ternary) are each checked
  crm.records.search("Leads", {
    criteria: since
      ? and(eq("Lead_Status", "Contacted"), gt("Modified_Time", since))
      : eq("Lead_Status", "Qualified"),
  }),
  crm.records.search("Leads", {
    criteria: since ? eq("Lead_Status", "Contacted") : eq("Lead_Status", "Qualified"),
  }),
  crm.records.search("Leads", searchOptions),
  crm.records.search("Leads", { criteria: general }),
  crm.records.search("Leads", { criteria: "(Lead_Status:equals:Hot)" }),
  crm.records.search("Leads", {
    // @ts-expect-error one branch of the ternary is not a Lead_Status value
    criteria: since ? eq("Lead_Status", "Hot") : eq("Lead_Status", "Contacted"),
  }),
  // @ts-expect-error "Hot" is not a Lead_Status of this org
  crm.records.search("Leads", { criteria: eq("Lead_Status", "Hot") }),
  // @ts-expect-error "Newsletter" is not an Interests value
  crm.records.search("Leads", { criteria: eq("Interests", "Newsletter") }),
  // @ts-expect-error Annual_Revenue takes numbers
  crm.records.search("Leads", { criteria: gt("Annual_Revenue", "1000000") }),
  // @ts-expect-error a date-time takes a Date or an ISO string, not a number
  crm.records.search("Leads", { criteria: gt("Created_Time", 5) }),
  // @ts-expect-error starts_with is for text
  crm.records.search("Leads", { criteria: startsWith("Lead_Status", "Con") }),
  // @ts-expect-error blamed where it is written: not a Lead_Status value
  leads.eq("Lead_Status", "Hot"),
  // @ts-expect-error Email_Opt_Out is a boolean
  leads.eq("Email_Opt_Out", "false"),
  // @ts-expect-error the module is misspelt; the error lists the org's modules
  crm.records.list("Leeds", { fields: ["Email"] }),
  // @ts-expect-error search by email and phone at once
  crm.records.search("Leads", { email: "a@example.com", phone: "1" }),
];

describe("criteria typed by the sample org", () => {
  it("builds the same text as the plain builders", () => {
    expect(leads.eq("Lead_Status", "Contacted").text).toBe(eq("Lead_Status", "Contacted").text);
    expect(_checks).toBeTypeOf("function");
  });
});
