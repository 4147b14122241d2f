import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, CONTACT_ID, expectOk, expectSpecViolation, raw } from "./raw-prism.js";

const RELATED = "/crm/v8/{module_api_name}/{record_id}/{related_list_api_name}";
const ONE_RELATED = "/crm/v8/{module_api_name}/{record_id}/{related_list_api_name}/{related_record_id}";
const path = { module_api_name: "Accounts", record_id: ACCOUNT_ID, related_list_api_name: "Contacts" };

describe("related records through raw against Prism", () => {
  it("lists, links and unlinks related records", async () => {
    const page = await raw().GET(RELATED, {
      params: {
        path,
        query: { fields: "Last_Name,Email", page: 1, per_page: 200 },
        header: { "If-Modified-Since": "2026-05-14T12:54:51+03:00" },
      },
    });
    expectOk(page);
    expect(page.data?.data[0]?.id).toMatch(/^\d+$/);
    const linked = await raw().PUT(RELATED, {
      params: { path },
      body: { data: [{ id: CONTACT_ID }, { id: "7328395000000710007", Contact_Role: "Decision Maker" }] },
    });
    expectOk(linked);
    expect(linked.data?.data[0]?.status).toBe("success");
    const unlinked = await raw().DELETE(RELATED, { params: { path, query: { ids: CONTACT_ID } } });
    expectOk(unlinked);
  });

  it("gets, links and unlinks one related record", async () => {
    const one = { ...path, related_record_id: CONTACT_ID };
    expectOk(await raw().GET(ONE_RELATED, { params: { path: one, query: { fields: "Email" } } }));
    expectOk(
      await raw().PUT(ONE_RELATED, { params: { path: one }, body: { data: [{ Member_Status: "Sent" }] } }),
    );
    expectOk(await raw().PUT(ONE_RELATED, { params: { path: one } }));
    expectOk(await raw().DELETE(ONE_RELATED, { params: { path: one } }));
  });

  it("reads the related-list metadata of a module", async () => {
    const lists = await raw().GET("/crm/v8/settings/related_lists", {
      params: { query: { module: "Leads" } },
    });
    expectOk(lists);
    expect(lists.data?.related_lists[0]?.api_name).toBeTypeOf("string");
  });

  it("refuses requests that break the API", async () => {
    // fields is mandatory on related lists
    await expectSpecViolation(raw().GET(RELATED, { params: { path, query: {} as never } }));
    // a record id is digits
    await expectSpecViolation(
      raw().GET(RELATED, { params: { path: { ...path, record_id: "abc" }, query: { fields: "Email" } } }),
    );
    // a link needs the related record's id, and at most 100 of them
    await expectSpecViolation(
      raw().PUT(RELATED, { params: { path }, body: { data: [{ Contact_Role: "x" }] } as never }),
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: String(7328395000000710000 + i) }));
    await expectSpecViolation(raw().PUT(RELATED, { params: { path }, body: { data: tooMany } }));
    // unlinking needs ids
    await expectSpecViolation(raw().DELETE(RELATED, { params: { path, query: {} as never } }));
    // the related-list metadata needs the module
    await expectSpecViolation(
      raw().GET("/crm/v8/settings/related_lists", { params: { query: {} as never } }),
    );
  });
});
