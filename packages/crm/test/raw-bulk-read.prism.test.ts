import { describe, expect, it } from "vitest";
import { bareRaw, expectOk, expectSpecViolation, raw } from "./raw-prism.js";

const JOB_ID = "7328395000000750001";

describe("bulk read through raw against Prism", () => {
  it("creates a job with criteria and a callback, polls it and downloads its ZIP", async () => {
    const created = await raw().POST("/crm/bulk/v8/read", {
      body: {
        callback: { url: "https://example.org/zoho/bulk-done", method: "post" },
        query: {
          module: { api_name: "Leads" },
          fields: ["Last_Name", "Email"],
          criteria: {
            group_operator: "or",
            group: [
              { field: { api_name: "Lead_Source" }, comparator: "in", value: ["Advertisement", "Web"] },
              {
                group_operator: "and",
                group: [
                  { api_name: "Annual_Revenue", comparator: "greater_equal", value: 1000 },
                  { field: { api_name: "Email" }, comparator: "ends_with", value: "@example.com" },
                ],
              },
            ],
          },
          page: 2,
        },
        file_type: "csv",
      },
    });
    expectOk(created);
    expect(created.data?.data[0]?.details.state).toBe("ADDED");
    const job = await raw().GET("/crm/bulk/v8/read/{job_id}", { params: { path: { job_id: JOB_ID } } });
    expectOk(job);
    expect(job.data?.data[0]?.result?.more_records).toBeTypeOf("boolean");
    const zip = await bareRaw().GET("/crm/bulk/v8/read/{job_id}/result", {
      params: { path: { job_id: JOB_ID } },
      headers: { Accept: "application/zip" },
      parseAs: "stream",
    });
    expect(zip.response.status).toBe(200);
    expect(zip.response.headers.get("content-type")).toContain("application/zip");
    await zip.response.body?.cancel();
  });

  it("refuses jobs that break the API", async () => {
    const create = (body: unknown) => raw().POST("/crm/bulk/v8/read", { body: body as never });
    // the module is mandatory, by api_name
    await expectSpecViolation(create({ query: { fields: ["Last_Name"] } }));
    await expectSpecViolation(create({ query: { module: "Leads" } }));
    // criteria: a known comparator, groups of at least two joined by and/or
    await expectSpecViolation(
      create({
        query: {
          module: { api_name: "Leads" },
          criteria: { api_name: "Email", comparator: "like", value: "a" },
        },
      }),
    );
    const leaf = { api_name: "Email", comparator: "equal", value: "a@example.com" };
    const withCriteria = (criteria: unknown) =>
      create({ query: { module: { api_name: "Leads" }, criteria } });
    await expectSpecViolation(withCriteria({ group_operator: "xor", group: [leaf, leaf] }));
    await expectSpecViolation(withCriteria({ group_operator: "and", group: [leaf] }));
    // csv or ics; the callback is POSTed
    await expectSpecViolation(create({ query: { module: { api_name: "Leads" } }, file_type: "xlsx" }));
    await expectSpecViolation(
      create({
        query: { module: { api_name: "Leads" } },
        callback: { url: "https://example.org", method: "get" },
      }),
    );
    await expectSpecViolation(
      raw().GET("/crm/bulk/v8/read/{job_id}", { params: { path: { job_id: "job-1" } } }),
    );
  });
});
