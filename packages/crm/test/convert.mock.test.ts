/** crm.leads.convert against @zohokit/mock: the ids of what the lead became, and never a second conversion. */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, type CrmClient, createCrmClient, ZohoKitError } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let zoho: MockGateway;
let crm: CrmClient;
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
});
afterAll(() => zoho.close());
afterEach(() => zoho.faults.clear());

const newLead = (name: string) =>
  zoho.store.add("Leads", [
    { Last_Name: name, Company: `${name} Ltd.`, Email: `${name.toLowerCase()}@example.com` },
  ])[0]!.id;
const conversions = () => zoho.requests.filter((r) => /\/actions\/convert$/.test(r.path));

describe("crm.leads.convert against the mock", () => {
  it("converts a lead with a deal and answers the new records' ids", async () => {
    const lead = newLead("Okafor");
    const ids = await crm.leads.convert(lead, {
      deal: { Deal_Name: "Okafor renewal", Stage: "Qualification", Amount: 1200 },
      notifyLeadOwner: false,
    });
    expect(ids.Contacts && zoho.store.get("Contacts", ids.Contacts)).toMatchObject({ Last_Name: "Okafor" });
    expect(ids.Accounts && zoho.store.get("Accounts", ids.Accounts)).toMatchObject({
      Account_Name: "Okafor Ltd.",
    });
    expect(ids.Deals && zoho.store.get("Deals", ids.Deals)).toMatchObject({ Deal_Name: "Okafor renewal" });
    expect(zoho.store.get("Leads", lead)?.Converted__s).toBe(true);
    expect(conversions().at(-1)?.body).toEqual({
      data: [
        {
          notify_lead_owner: false,
          Deals: { Deal_Name: "Okafor renewal", Stage: "Qualification", Amount: 1200 },
        },
      ],
    });
  });

  it("merges into an existing account, with no deal", async () => {
    const [account] = zoho.store.add("Accounts", [{ Account_Name: "Existing Co" }]);
    const ids = await crm.leads.convert(newLead("Novak"), { account: account!.id });
    expect(ids).toMatchObject({ Accounts: account!.id, Deals: null });
    expect(ids.Contacts).toMatch(/^\d+$/);
  });

  it("refuses a second conversion with Zoho's code and what to do", async () => {
    const lead = newLead("Twice");
    await crm.leads.convert(lead);
    const error = await crm.leads.convert(lead).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "ID_ALREADY_CONVERTED" });
    expect((error as ApiError).message).toContain("converted before");
  });

  it.each(["reset-after", "500", "502"] as const)(
    "never converts again after a %s: AMBIGUOUS, and says to read the lead",
    async (fault) => {
      const lead = newLead(`Unsure${fault}`);
      const before = conversions().length;
      zoho.faults.next(fault, { match: "POST /Leads/*/actions/convert" });
      const error = await crm.leads.convert(lead).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "AMBIGUOUS" });
      expect((error as ApiError).message).toContain("Converted__s");
      expect(conversions().length - before).toBe(1);
    },
  );

  it("refuses bad input before any request", async () => {
    const before = zoho.requests.length;
    const lead = newLead("Checked");
    const attempts = [
      () => crm.leads.convert("not-an-id"),
      () => crm.leads.convert(lead, { deal: { Deal_Name: "No stage" } as never }),
      () => crm.leads.convert(lead, { deal: { Deal_Name: "", Stage: "Qualification" } }),
      () => crm.leads.convert(lead, { account: "abc" }),
      () => crm.leads.convert(lead, { assignTo: "1.5" }),
      () => crm.leads.convert(lead, { overwrite: "yes" as never }),
      () => crm.leads.convert(lead, { moveAttachmentsTo: "Leads" as never }),
      () => crm.leads.convert(lead, { carryOverTags: { Contacts: ["x".repeat(26)] } }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });
});
