/**
 * The helpers of related records, notes, attachments, tags, lead conversion, deleted records and changes() against
 * the Prism mock of specs/zoho-crm.v8.yaml: every request they send fits the spec (a 422 rejects with SpecViolation
 * and fails the test), and they read the spec's example answers. Ids below are those the examples answer with, so
 * per-item results are matched to their inputs.
 */
import { strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { createCrmClient } from "../src/index.js";

const LEAD = "7328395000000680100";
const ACCOUNT = "7328395000000710005";
const CONTACT = "7328395000000710006";
const NOTE = "7328395000000720001";
const ATTACHMENT = "7328395000000730001";

function crm(prefer?: string) {
  return createCrmClient({
    apiKey: "mk_prism_crm_0123456789",
    connection: "21fd90f9-5935-43cd-b6c8-bde9d915ca80",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  });
}

describe("related records through the helpers against Prism", () => {
  it("lists, iterates, links and unlinks", async () => {
    const page = await crm().related.list("Accounts", ACCOUNT, "Contacts", {
      fields: ["Last_Name", "Email"],
      page: 1,
      perPage: 200,
      since: "2026-05-14T12:54:51+03:00",
    });
    expect(page.data[0]).toMatchObject({ id: CONTACT, Email: "chau@example.com" });
    const all = [];
    for await (const contact of crm().related.iterate("Accounts", ACCOUNT, "Contacts", {
      fields: ["Email"],
    })) {
      all.push(contact);
    }
    expect(all).toHaveLength(1);
    const linked = await crm().related.link("Accounts", ACCOUNT, "Contacts", [
      { id: CONTACT, Contact_Role: "1" },
    ]);
    expect(linked.succeeded).toMatchObject([{ index: 0, id: CONTACT }]);
    const unlinked = await crm().related.unlink("Accounts", ACCOUNT, "Contacts", [CONTACT]);
    expect(unlinked.succeeded).toMatchObject([{ index: 0, id: CONTACT }]);
    expect(await crm().settings.relatedLists("Leads", { layoutId: "7328395000000091055" })).toContainEqual(
      expect.objectContaining({ api_name: "Notes" }),
    );
  });

  it("reads a 204 and a 304 as no records", async () => {
    for (const prefer of ["code=204", "code=304"]) {
      const page = await crm(prefer).related.list("Accounts", ACCOUNT, "Contacts", { fields: ["Email"] });
      expect(page.data).toEqual([]);
    }
  });
});

describe("notes through the helpers against Prism", () => {
  it("lists a record's notes and every note, creates, updates and deletes", async () => {
    const fields = ["Note_Title", "Note_Content", "Parent_Id"];
    const own = await crm().notes.list("Leads", LEAD, { fields, sortBy: "Modified_Time", sortOrder: "desc" });
    expect(own.data[0]).toMatchObject({ id: NOTE, Note_Title: "Contacted" });
    const all = await crm().notes.listAll({ fields, page: 1, perPage: 10 });
    expect(all.data).toHaveLength(1);
    for await (const note of crm().notes.iterateAll({ fields })) expect(note.id).toBe(NOTE);
    for await (const note of crm().notes.iterate("Leads", LEAD, { fields, since: new Date(0) })) {
      expect(note.id).toBe(NOTE);
    }
    const created = await crm().notes.create("Leads", LEAD, [
      { Note_Title: "Called", Note_Content: "Call back" },
    ]);
    expect(created.succeeded).toMatchObject([{ index: 0, id: NOTE }]);
    const updated = await crm().notes.update([{ id: NOTE, Note_Content: "Called back" }]);
    expect(updated.succeeded).toHaveLength(1);
    const deleted = await crm().notes.delete([NOTE]);
    expect(deleted.succeeded).toHaveLength(1);
  });
});

describe("attachments through the helpers against Prism", () => {
  it("lists, uploads a file and a link, downloads as a stream, deletes", async () => {
    const page = await crm().attachments.list("Leads", LEAD);
    expect(page.data[0]).toMatchObject({ id: ATTACHMENT, File_Name: "proposal.pdf" });
    const file = new File(["%PDF-1.4"], "offer «final».pdf", { type: "application/pdf" });
    expect(await crm().attachments.upload("Leads", LEAD, file)).toMatchObject({ id: ATTACHMENT });
    const link = await crm().attachments.attachUrl("Leads", LEAD, "https://example.org/pricing", {
      title: "Pricing",
    });
    expect(link.id).toBe(ATTACHMENT);
    const download = await crm().attachments.download("Leads", LEAD, ATTACHMENT);
    expect(download?.contentType).toContain("application/octet-stream");
    await download?.body.cancel();
    expect(await crm("code=204").attachments.download("Leads", LEAD, ATTACHMENT)).toBeNull();
    const deleted = await crm().attachments.delete("Leads", LEAD, [ATTACHMENT]);
    expect(deleted.succeeded).toMatchObject([{ index: 0, id: ATTACHMENT }]);
  });

  it("reports the documented 413 as FILE_TOO_LARGE", async () => {
    const error = await crm("code=413")
      .attachments.upload("Leads", LEAD, new Blob(["x"]), { fileName: "a.txt" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "FILE_TOO_LARGE" });
  });
});

describe("tags through the helpers against Prism", () => {
  it("lists a module's tags, adds and removes tags on records", async () => {
    const { tags, info } = await crm().tags.list("Leads", { myTags: false });
    expect(tags[0]).toMatchObject({ name: "Nurturing Lead" });
    expect(info.allowed_count).toBe(100);
    const added = await crm().tags.add("Leads", [LEAD], ["Nurturing Lead", { id: "7328395000000740002" }], {
      overwrite: false,
    });
    expect(added.succeeded).toMatchObject([{ index: 0, id: LEAD }]);
    const removed = await crm().tags.remove(
      "Leads",
      [LEAD],
      [{ name: "Nurturing Lead", color_code: "#57B1FD" }],
    );
    expect(removed.succeeded).toHaveLength(1);
  });
});

describe("lead conversion through the helper against Prism", () => {
  it("converts with a deal and every option, and answers the ids", async () => {
    const ids = await crm().leads.convert(LEAD, {
      deal: {
        Deal_Name: "Mock Conversion Deal",
        Stage: "Closed Won",
        Closing_Date: "2026-12-31",
        Amount: 5000,
      },
      assignTo: "7328395000000605001",
      overwrite: true,
      notifyLeadOwner: true,
      notifyNewEntity: false,
      moveAttachmentsTo: "Deals",
      carryOverTags: { Contacts: ["Nurturing Lead"] },
    });
    expect(ids).toEqual({
      Contacts: "7328395000000710006",
      Accounts: "7328395000000710005",
      Deals: "7328395000000710007",
    });
    const merged = await crm().leads.convert(LEAD, { account: ACCOUNT, contact: CONTACT });
    expect(merged.Accounts).toBe(ACCOUNT);
  });

  it("throws Zoho's documented refusal", async () => {
    const error = await crm("code=400")
      .leads.convert(LEAD)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "ID_ALREADY_CONVERTED" });
  });
});

describe("deleted records and changes() against Prism", () => {
  it("iterates deleted records with type and since", async () => {
    const deleted = [];
    for await (const record of crm().records.deleted("Leads", {
      type: "all",
      since: new Date(0),
      perPage: 200,
    })) {
      deleted.push(record);
    }
    expect(deleted.map((d) => d.type)).toEqual(["recycle", "permanent"]);
  });

  it("runs changes(): upserts from the sorted list, deletes since the same time, and a checkpoint", async () => {
    const run = crm().records.changes("Leads", {
      fields: ["Last_Name", "Email"],
      since: "2026-05-01T00:00:00Z",
    });
    const kinds: string[] = [];
    for await (const change of run) kinds.push(change.kind);
    expect(kinds).toEqual(["upsert", "upsert", "delete", "delete"]);
    expect(run.checkpoint()).toMatchObject({ version: 1, module: "Leads" });
    const quiet = crm("code=304").records.changes("Leads", {
      fields: ["Email"],
      checkpoint: run.checkpoint(),
    });
    for await (const change of quiet) throw new Error(`no change expected, got ${change.kind}`);
  });
});
