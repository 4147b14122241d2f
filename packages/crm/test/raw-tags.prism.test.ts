import { describe, expect, it } from "vitest";
import { expectOk, expectSpecViolation, LEAD_ID, raw } from "./raw-prism.js";

const TAG_ID = "7328395000000740001";
const module = { module_api_name: "Leads" };

describe("tags through raw against Prism", () => {
  it("lists, creates and updates the tags of a module (not taken for a record of a module named settings)", async () => {
    const tags = await raw().GET("/crm/v8/settings/tags", {
      params: { query: { module: "Leads", my_tags: false } },
    });
    expectOk(tags);
    expect(tags.data?.tags[0]?.name).toBeTypeOf("string");
    expect(tags.data?.info?.allowed_count).toBeTypeOf("number");
    const created = await raw().POST("/crm/v8/settings/tags", {
      params: { query: { module: "Leads" } },
      body: { tags: [{ name: "Nurturing Lead", color_code: "#57B1FD" }, { name: "Attend First" }] },
    });
    expectOk(created);
    expect(created.data?.tags[0]?.status).toBe("success");
    expectOk(
      await raw().PUT("/crm/v8/settings/tags", {
        params: { query: { module: "Leads" } },
        body: { tags: [{ id: TAG_ID, name: "Hot Lead" }] },
      }),
    );
  });

  it("updates, merges, counts and deletes one tag", async () => {
    const path = { tag_id: TAG_ID };
    expectOk(
      await raw().PUT("/crm/v8/settings/tags/{tag_id}", {
        params: { path, query: { module: "Leads" } },
        body: { tags: [{ color_code: "#F17574" }] },
      }),
    );
    expectOk(
      await raw().POST("/crm/v8/settings/tags/{tag_id}/actions/merge", {
        params: { path },
        body: { tags: [{ conflict_id: "7328395000000740002" }] },
      }),
    );
    const count = await raw().GET("/crm/v8/settings/tags/{tag_id}/actions/records_count", {
      params: { path, query: { module: "Leads" } },
    });
    expectOk(count);
    expectOk(await raw().DELETE("/crm/v8/settings/tags/{tag_id}", { params: { path } }));
  });

  it("adds and removes tags on many records and on one", async () => {
    const ids = [LEAD_ID, "7328395000000680109"];
    const added = await raw().POST("/crm/v8/{module_api_name}/actions/add_tags", {
      params: { path: module },
      body: { tags: [{ name: "Nurturing Lead" }, { id: TAG_ID }], ids, over_write: false },
    });
    expectOk(added);
    expect(added.data?.data[0]?.details?.tags?.[0]?.name).toBeTypeOf("string");
    expectOk(
      await raw().POST("/crm/v8/{module_api_name}/actions/remove_tags", {
        params: { path: module },
        body: { tags: [{ name: "Nurturing Lead" }], ids },
      }),
    );
    const record = { ...module, record_id: LEAD_ID };
    expectOk(
      await raw().POST("/crm/v8/{module_api_name}/{record_id}/actions/add_tags", {
        params: { path: record },
        body: { tags: [{ name: "Nurturing Lead" }], over_write: true },
      }),
    );
    expectOk(
      await raw().POST("/crm/v8/{module_api_name}/{record_id}/actions/remove_tags", {
        params: { path: record },
        body: { tags: [{ id: TAG_ID }] },
      }),
    );
  });

  it("refuses tag names and calls that break Zoho's rules", async () => {
    const create = (body: unknown) =>
      raw().POST("/crm/v8/settings/tags", { params: { query: { module: "Leads" } }, body: body as never });
    // names of 1 to 25 characters, not blank; one of Zoho's 13 colours
    await expectSpecViolation(create({ tags: [{ name: "x".repeat(26) }] }));
    await expectSpecViolation(create({ tags: [{ name: "" }] }));
    await expectSpecViolation(create({ tags: [{ name: "   " }] }));
    await expectSpecViolation(create({ tags: [{ name: "Hot", color_code: "#000000" }] }));
    // the module is mandatory
    await expectSpecViolation(raw().GET("/crm/v8/settings/tags", { params: { query: {} as never } }));
    // at most 500 records per call, and at least one tag
    const ids = Array.from({ length: 501 }, (_, i) => String(7328395000000680000 + i));
    await expectSpecViolation(
      raw().POST("/crm/v8/{module_api_name}/actions/add_tags", {
        params: { path: module },
        body: { tags: [{ name: "a" }], ids },
      }),
    );
    await expectSpecViolation(
      raw().POST("/crm/v8/{module_api_name}/actions/remove_tags", {
        params: { path: module },
        body: { tags: [], ids: [LEAD_ID] },
      }),
    );
    // the many-records form needs ids
    await expectSpecViolation(
      raw().POST("/crm/v8/{module_api_name}/actions/add_tags", {
        params: { path: module },
        body: { tags: [{ name: "a" }] } as never,
      }),
    );
  });
});
