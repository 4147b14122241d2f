import { describe, expect, it } from "vitest";
import { expectSpecViolation, LEAD_ID, raw } from "./raw-prism.js";

const module = { module_api_name: "Leads" };
const SINCE = "2026-05-14T12:54:51+03:00";

describe("several records by id, incremental reads and deleted records through raw against Prism", () => {
  it("reads up to 100 records by id, and only those modified since a time", async () => {
    const byId = await raw().GET("/crm/v8/{module_api_name}", {
      params: { path: module, query: { ids: `${LEAD_ID},7328395000000680109`, fields: "Last_Name" } },
    });
    expect(byId.response.status).toBe(200);
    expect(byId.data?.data[0]?.id).toMatch(/^\d+$/);
    const changed = await raw().GET("/crm/v8/{module_api_name}", {
      params: {
        path: module,
        query: { fields: "Last_Name,Modified_Time", sort_by: "Modified_Time", sort_order: "asc" },
        header: { "If-Modified-Since": SINCE },
      },
    });
    expect(changed.response.status).toBe(200);
    const unchanged = await raw("code=304").GET("/crm/v8/{module_api_name}", {
      params: { path: module, query: { fields: "Last_Name" }, header: { "If-Modified-Since": SINCE } },
    });
    expect(unchanged.response.status).toBe(304);
  });

  it("lists deleted records of every type", async () => {
    for (const type of ["all", "recycle", "permanent"] as const) {
      const deleted = await raw().GET("/crm/v8/{module_api_name}/deleted", {
        params: {
          path: module,
          query: { type, page: 1, per_page: 200 },
          header: { "If-Modified-Since": SINCE },
        },
      });
      expect(deleted.response.status).toBe(200);
      expect(deleted.data?.data[0]?.deleted_time).toBeTypeOf("string");
    }
  });

  it("refuses requests that break the API", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(7328395000000680000 + i)).join(",");
    await expectSpecViolation(
      raw().GET("/crm/v8/{module_api_name}", { params: { path: module, query: { ids } } }),
    );
    await expectSpecViolation(
      raw().GET("/crm/v8/{module_api_name}", {
        params: {
          path: module,
          query: { fields: "Last_Name" },
          header: { "If-Modified-Since": "yesterday" },
        },
      }),
    );
    await expectSpecViolation(
      raw().GET("/crm/v8/{module_api_name}/deleted", {
        params: { path: module, query: { type: "trash" as never } },
      }),
    );
    await expectSpecViolation(
      raw().GET("/crm/v8/{module_api_name}/deleted", { params: { path: module, query: { per_page: 201 } } }),
    );
  });
});
