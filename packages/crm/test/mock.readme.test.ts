/**
 * The root README's "Testing your integration" example, run: the client against @zohokit/mock serving the sample
 * org (the docs test only type-checks it).
 */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Org } from "../../../examples/sample-org/src/org.js";
import { type CrmClient, createCrmClient } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

/** The code under test: puts sign-ups into Zoho as leads, once each. */
async function syncSignups(crm: CrmClient<Org>, signups: { name: string; email: string }[]): Promise<number> {
  const leads = signups.map((s) => ({ Last_Name: s.name, Email: s.email, Lead_Source: "Web Form" as const }));
  const result = await crm.records.upsert("Leads", leads, { duplicateCheckFields: ["Email"] });
  return result.failed.length;
}

describe("syncSignups", () => {
  let zoho: MockGateway;
  let crm: CrmClient<Org>;
  beforeAll(async () => {
    zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
    crm = createCrmClient<Org>({ baseUrl: zoho.url, apiKey: zoho.apiKey });
  });
  afterAll(() => zoho.close());

  it("creates each sign-up once, however often it runs", async () => {
    const signups = [{ name: "Burns", email: "burns@example.com" }];
    await syncSignups(crm, signups);
    await syncSignups(crm, signups);
    expect(zoho.store.records("Leads")).toHaveLength(1);
  });

  it("gets through a rate limit", async () => {
    zoho.faults.next("429", { retryAfterSeconds: 1 });
    expect(await syncSignups(crm, [{ name: "Raman", email: "raman@example.com" }])).toBe(0);
    expect(zoho.requests.filter((request) => request.fault === "429")).toHaveLength(1);
  });

  it("meets the org's rules through the client: a bad picklist value fails that input only", async () => {
    const result = await crm.records.create("Leads", [
      { Last_Name: "Good", Lead_Status: "Contacted" },
      { Last_Name: "Bad", Lead_Status: "Warm" as never },
    ]);
    expect(result.succeeded.map((s) => s.index)).toEqual([0]);
    expect(result.failed).toMatchObject([
      { index: 1, code: "INVALID_DATA", details: { api_name: "Lead_Status" } },
    ]);
  });
});
