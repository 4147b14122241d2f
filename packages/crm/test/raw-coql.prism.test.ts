import { describe, expect, it } from "vitest";
import { expectOk, expectSpecViolation, raw } from "./raw-prism.js";

describe("COQL through raw against Prism", () => {
  it("runs a query and reads its rows and info", async () => {
    const result = await raw().POST("/crm/v8/coql", {
      body: {
        select_query: "select Last_Name, Owner.name from Leads where Last_Name is not null limit 0, 200",
      },
    });
    expectOk(result);
    expect(result.data?.data[0]?.id).toMatch(/^\d+$/);
    expect(typeof result.data?.info.more_records).toBe("boolean");
    expectOk(
      await raw().POST("/crm/v8/coql", {
        body: { select_query: "select COUNT(id) from Leads where id is not null", include_meta: ["fields"] },
      }),
    );
  });

  it("answers 204 for no rows and documents SYNTAX_ERROR with the clause", async () => {
    const empty = await raw("code=204").POST("/crm/v8/coql", {
      body: { select_query: "select id from Leads where id = 0" },
    });
    expect(empty.response.status).toBe(204);
    const refused = await raw("code=400").POST("/crm/v8/coql", {
      body: { select_query: "select id form Leads" },
    });
    expect(refused.response.status).toBe(400);
    expect((refused.error as { code?: string }).code).toMatch(/^[A-Z_]+$/);
  });

  it("refuses requests that break the API", async () => {
    await expectSpecViolation(raw().POST("/crm/v8/coql", { body: { select_query: "" } }));
    await expectSpecViolation(
      raw().POST("/crm/v8/coql", { body: { query: "select id from Leads" } as never }),
    );
    await expectSpecViolation(
      raw().POST("/crm/v8/coql", {
        body: { select_query: "select id from Leads", include_meta: ["layouts" as never] },
      }),
    );
  });
});
