import { describe, expect, it } from "vitest";
import { expectOk, expectSpecViolation, LEAD_ID, raw } from "./raw-prism.js";

const NOTE_ID = "7328395000000720001";
const recordPath = { module_api_name: "Leads", record_id: LEAD_ID };

describe("notes through raw against Prism", () => {
  it("lists, creates, updates and deletes notes", async () => {
    const page = await raw().GET("/crm/v8/Notes", {
      params: {
        query: {
          fields: "Note_Title,Note_Content,Parent_Id",
          page: 1,
          per_page: 200,
          sort_by: "Modified_Time",
        },
      },
    });
    expectOk(page);
    expect(page.data?.data[0]?.Note_Content).toBeTypeOf("string");
    const created = await raw().POST("/crm/v8/Notes", {
      body: {
        data: [
          {
            Note_Title: "Contacted",
            Note_Content: "Call back",
            Parent_Id: { module: { api_name: "Leads" }, id: LEAD_ID },
          },
        ],
      },
    });
    expectOk(created);
    expect(created.data?.data[0]?.code).toBe("SUCCESS");
    expectOk(await raw().PUT("/crm/v8/Notes", { body: { data: [{ id: NOTE_ID, Note_Content: "Called" }] } }));
    expectOk(await raw().DELETE("/crm/v8/Notes", { params: { query: { ids: NOTE_ID } } }));
  });

  it("gets, updates and deletes one note", async () => {
    const path = { note_id: NOTE_ID };
    const note = await raw().GET("/crm/v8/Notes/{note_id}", { params: { path } });
    expectOk(note);
    expect(note.data?.data[0]?.id).toMatch(/^\d+$/);
    expectOk(
      await raw().PUT("/crm/v8/Notes/{note_id}", {
        params: { path },
        body: { data: [{ Note_Title: "New" }] },
      }),
    );
    expectOk(await raw().DELETE("/crm/v8/Notes/{note_id}", { params: { path } }));
  });

  it("lists and creates the notes of a record (not taken for a related list named Notes)", async () => {
    const page = await raw().GET("/crm/v8/{module_api_name}/{record_id}/Notes", {
      params: { path: recordPath, query: { fields: "Note_Title,Note_Content" } },
    });
    expectOk(page);
    // Only the Notes operation's example carries Note_Content: Prism routed the concrete segment.
    expect(page.data?.data[0]?.Note_Content).toBeTypeOf("string");
    expectOk(
      await raw().POST("/crm/v8/{module_api_name}/{record_id}/Notes", {
        params: { path: recordPath },
        body: { data: [{ Note_Content: "Met at the fair" }] },
      }),
    );
  });

  it("refuses requests that break the API", async () => {
    // Note_Content and Parent_Id are mandatory on create
    await expectSpecViolation(
      raw().POST("/crm/v8/Notes", { body: { data: [{ Note_Title: "No content" }] } as never }),
    );
    await expectSpecViolation(
      raw().POST("/crm/v8/Notes", { body: { data: [{ Note_Content: "No parent" }] } as never }),
    );
    // Parent_Id names its module
    await expectSpecViolation(
      raw().POST("/crm/v8/Notes", {
        body: { data: [{ Note_Content: "x", Parent_Id: { id: LEAD_ID } }] } as never,
      }),
    );
    // at most 100 notes per call
    const many = Array.from({ length: 101 }, () => ({ Note_Content: "x" }));
    await expectSpecViolation(
      raw().POST("/crm/v8/{module_api_name}/{record_id}/Notes", {
        params: { path: recordPath },
        body: { data: many },
      }),
    );
    // updates carry the note's id; lists need fields; deletes need ids
    await expectSpecViolation(
      raw().PUT("/crm/v8/Notes", { body: { data: [{ Note_Content: "x" }] } as never }),
    );
    await expectSpecViolation(raw().GET("/crm/v8/Notes", { params: { query: {} as never } }));
    await expectSpecViolation(raw().DELETE("/crm/v8/Notes", { params: { query: {} as never } }));
  });
});
