import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, expectOk, expectSpecViolation, LEAD_ID, raw } from "./raw-prism.js";

const CONVERT = "/crm/v8/Leads/{lead_id}/actions/convert";
const path = { lead_id: LEAD_ID };

describe("lead conversion through raw against Prism", () => {
  it("converts a lead with a deal, and into an existing account", async () => {
    const converted = await raw().POST(CONVERT, {
      params: { path },
      body: {
        data: [
          {
            overwrite: true,
            notify_lead_owner: true,
            notify_new_entity_owner: false,
            Deals: {
              Deal_Name: "Mock Conversion Deal",
              Stage: "Closed Won",
              Closing_Date: "2024-12-31",
              Amount: 5000,
            },
          },
        ],
      },
    });
    expectOk(converted);
    expect(converted.response.status).toBe(200);
    // 202 (accepted with errors) and its Error shape are typed too: narrow before reading the ids.
    expect(converted.data && "data" in converted.data ? converted.data.data : []).toHaveLength(1);
    expectOk(
      await raw().POST(CONVERT, {
        params: { path },
        body: {
          data: [
            {
              Accounts: { id: ACCOUNT_ID },
              assign_to: { id: "7328395000000605001" },
              move_attachments_to: { api_name: "Contacts" },
              carry_over_tags: { Contacts: ["Hot"] },
            },
          ],
        },
      }),
    );
  });

  it("refuses conversions that break the API", async () => {
    const convert = (body: unknown) => raw().POST(CONVERT, { params: { path }, body: body as never });
    // a deal needs Deal_Name and Stage
    await expectSpecViolation(convert({ data: [{ Deals: { Deal_Name: "No stage" } }] }));
    // one lead per call, and an unknown key is refused
    await expectSpecViolation(convert({ data: [{}, {}] }));
    await expectSpecViolation(convert({ data: [{ notify_owner: true }] }));
    // a lead id is digits
    await expectSpecViolation(
      raw().POST(CONVERT, { params: { path: { lead_id: "lead-1" } }, body: { data: [{}] } }),
    );
  });
});
