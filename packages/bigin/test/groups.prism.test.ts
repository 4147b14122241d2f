/**
 * bigin.related, notes, attachments and tags against the Prism mock of specs/zoho-bigin.v2.yaml: every request the
 * helpers send fits the spec (strictPrismFetch fails the test on a 422), and they read the spec's example answers.
 */
import { strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { createBiginClient, ZohoKitError } from "../src/index.js";

const ACCOUNT = "5725767000000412031";
const CONTACT = "5725767000000412055";
const PRODUCT = "5725767000000430011";
const NOTE = "5725767000000455003";

function bigin() {
  return createBiginClient({
    apiKey: "mk_prism_bigin_0123456789",
    connection: "21fd90f9-5935-43cd-b6c8-bde9d915ca80",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(),
    retry: false,
  });
}

const reported = (result: { succeeded: unknown[]; failed: unknown[]; ambiguous?: unknown[] }) =>
  result.succeeded.length + result.failed.length + (result.ambiguous?.length ?? 0);

describe("Bigin groups through the helpers against Prism", () => {
  it("lists, iterates, links and unlinks related records", async () => {
    const page = await bigin().related.list("Accounts", ACCOUNT, "Contacts", {
      fields: ["First_Name", "Last_Name"],
      perPage: 200,
    });
    expect(page.data.length).toBeGreaterThan(0);
    const seen: unknown[] = [];
    for await (const contact of bigin().related.iterate("Accounts", ACCOUNT, "Contacts", {
      fields: ["Last_Name"],
      limit: 1,
    })) {
      seen.push(contact);
    }
    expect(seen).toHaveLength(1);
    expect(reported(await bigin().related.link("Contacts", CONTACT, "Products", [PRODUCT]))).toBe(1);
    expect(reported(await bigin().related.unlink("Contacts", CONTACT, "Products", [PRODUCT]))).toBe(1);
  });

  it("refuses `since` and the Pipelines related list before any request", async () => {
    await expect(
      bigin().related.list("Accounts", ACCOUNT, "Contacts", { fields: ["Last_Name"], since: new Date() }),
    ).rejects.toThrow(ZohoKitError);
    await expect(
      bigin().related.list("Contacts", CONTACT, "Pipelines", { fields: ["Deal_Name"] }),
    ).rejects.toThrow(/per Team Pipeline/);
  });

  it("lists, creates, updates and deletes notes", async () => {
    const own = await bigin().notes.list("Contacts", CONTACT, { fields: ["Note_Title", "Note_Content"] });
    expect(Array.isArray(own.data)).toBe(true);
    const all = await bigin().notes.listAll({ fields: ["Note_Content"], perPage: 10 });
    expect(Array.isArray(all.data)).toBe(true);
    expect(reported(await bigin().notes.create("Contacts", CONTACT, [{ Note_Content: "Called back" }]))).toBe(
      1,
    );
    expect(reported(await bigin().notes.update([{ id: NOTE, Note_Content: "Called twice" }]))).toBe(1);
    expect(reported(await bigin().notes.delete([NOTE]))).toBe(1);
  });

  it("lists, uploads, downloads and deletes attachments (one delete a call)", async () => {
    const page = await bigin().attachments.list("Contacts", CONTACT);
    expect(Array.isArray(page.data)).toBe(true);
    const uploaded = await bigin().attachments.upload(
      "Contacts",
      CONTACT,
      new Blob(["%PDF-1.4"], { type: "application/pdf" }),
      { fileName: "offer.pdf" },
    );
    expect(uploaded.id).toMatch(/^\d+$/);
    const deleted = await bigin().attachments.delete("Contacts", CONTACT, [uploaded.id]);
    expect(reported(deleted)).toBe(1);
  });

  it("lists tags, adds them in a JSON body and removes them by name in the query", async () => {
    const tags = await bigin().tags.list("Contacts");
    expect(tags.tags.length).toBeGreaterThan(0);
    expect(reported(await bigin().tags.add("Contacts", [CONTACT], ["Hot lead"]))).toBe(1);
    expect(reported(await bigin().tags.remove("Contacts", [CONTACT], ["Hot lead"]))).toBe(1);
    await expect(bigin().tags.remove("Contacts", [CONTACT], [{ id: "5725767000000471001" }])).rejects.toThrow(
      /by name/,
    );
    await expect(bigin().tags.list("Contacts", { myTags: true })).rejects.toThrow(/myTags/);
  });
});
