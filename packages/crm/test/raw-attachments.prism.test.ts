import { describe, expect, it } from "vitest";
import { bareRaw, expectOk, expectSpecViolation, LEAD_ID, raw } from "./raw-prism.js";

const LIST = "/crm/v8/{module_api_name}/{record_id}/Attachments";
const ONE = "/crm/v8/{module_api_name}/{record_id}/Attachments/{attachment_id}";
const path = { module_api_name: "Leads", record_id: LEAD_ID };
const ATTACHMENT_ID = "7328395000000730001";

/** multipart/form-data from the typed body, as an upload helper would build it (openapi-fetch sends FormData as is). */
function multipart(body: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(body)) data.append(name, value);
  return data;
}

describe("attachments through raw against Prism", () => {
  it("lists the attachments of a record (not taken for a related list named Attachments)", async () => {
    const page = await raw().GET(LIST, { params: { path, query: { fields: "File_Name,Size,$link_url" } } });
    expectOk(page);
    // Only the Attachments operation's example carries File_Name: Prism routed the concrete segment.
    expect(page.data?.data[0]?.File_Name).toBeTypeOf("string");
  });

  it("uploads a file and attaches a link as multipart/form-data", async () => {
    const file = new File(["%PDF-1.4 test"], "offer (v2) «final» ü.pdf", { type: "application/pdf" });
    const uploaded = await raw().POST(LIST, { params: { path }, body: { file }, bodySerializer: multipart });
    expectOk(uploaded);
    expect(uploaded.data?.data[0]?.code).toBe("SUCCESS");
    const link = await raw().POST(LIST, {
      params: { path, query: { title: "Pricing" } },
      body: { attachmentUrl: "https://example.org/pricing" },
      bodySerializer: multipart,
    });
    expectOk(link);
  });

  it("downloads one attachment as bytes and deletes attachments", async () => {
    const one = { ...path, attachment_id: ATTACHMENT_ID };
    const download = await bareRaw().GET(ONE, {
      params: { path: one },
      headers: { Accept: "application/octet-stream" },
      parseAs: "stream",
    });
    expect(download.response.status).toBe(200);
    expect(download.response.headers.get("content-type")).toContain("application/octet-stream");
    await download.response.body?.cancel();
    expectOk(await raw().DELETE(ONE, { params: { path: one } }));
    expectOk(
      await raw().DELETE(LIST, { params: { path, query: { ids: `${ATTACHMENT_ID},7328395000000730002` } } }),
    );
  });

  it("refuses requests that break the API", async () => {
    const send = (body: Record<string, string | Blob>) =>
      raw().POST(LIST, { params: { path }, body: body as never, bodySerializer: multipart });
    // neither a file nor a link, and both at once
    await expectSpecViolation(send({ title: "nothing" }));
    await expectSpecViolation(send({ file: new File(["x"], "a.txt"), attachmentUrl: "https://example.org" }));
    // a JSON body instead of multipart/form-data
    await expectSpecViolation(
      raw().POST(LIST, { params: { path }, body: { attachmentUrl: "https://example.org" } }),
    );
    // lists need fields, deletes need ids
    await expectSpecViolation(raw().GET(LIST, { params: { path, query: {} as never } }));
    await expectSpecViolation(raw().DELETE(LIST, { params: { path, query: {} as never } }));
  });
});
