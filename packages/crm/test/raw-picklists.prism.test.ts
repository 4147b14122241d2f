import { describe, expect, it } from "vitest";
import { expectOk, expectSpecViolation, raw } from "./raw-prism.js";

const PICKLIST = "/crm/v8/settings/fields/{field_id}/pick_list_values";
const path = { field_id: "5725767000000002611" };

describe("picklist values through raw against Prism", () => {
  it("lists the values of a picklist field", async () => {
    const values = await raw().GET(PICKLIST, { params: { path, query: { module: "Leads" } } });
    expectOk(values);
    expect(values.data?.pick_list_values[0]?.actual_value).toBeTypeOf("string");
  });

  it("refuses requests that break the API", async () => {
    await expectSpecViolation(raw().GET(PICKLIST, { params: { path, query: {} as never } }));
    await expectSpecViolation(
      raw().GET(PICKLIST, { params: { path: { field_id: "Lead_Source" }, query: { module: "Leads" } } }),
    );
  });
});
