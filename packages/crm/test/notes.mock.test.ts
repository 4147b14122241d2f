/** crm.notes against @zohokit/mock: a record's notes and every note, created, updated and deleted in batches. */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmClient, createCrmClient, ZohoKitError } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let zoho: MockGateway;
let crm: CrmClient;
let lead: string;
let other: string;
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
  [{ id: lead }, { id: other }] = zoho.store.add("Leads", [
    { Last_Name: "Noted" },
    { Last_Name: "Other" },
  ]) as [{ id: string }, { id: string }];
});
afterAll(() => zoho.close());

describe("crm.notes against the mock", () => {
  it("creates 150 notes on a record in two requests, one result per note", async () => {
    const notes = Array.from({ length: 150 }, (_, i) => ({
      Note_Title: `Call ${i}`,
      Note_Content: `Said ${i}`,
    }));
    const result = await crm.notes.create("Leads", lead, notes);
    expect(result.failed).toEqual([]);
    expect(result.succeeded.map((s) => s.index)).toEqual(notes.map((_, i) => i));
    expect(new Set(result.succeeded.map((s) => s.id)).size).toBe(150);
    expect(zoho.requests.filter((r) => r.method === "POST" && /\/Notes$/.test(r.path))).toHaveLength(2);
  });

  it("lists and iterates the notes of one record, not those of others", async () => {
    await crm.notes.create("Leads", other, [{ Note_Content: "Not this one" }]);
    const page = await crm.notes.list("Leads", lead, { fields: ["Note_Title", "Note_Content"], perPage: 10 });
    expect(page.data).toHaveLength(10);
    expect(page.info.more_records).toBe(true);
    let count = 0;
    for await (const note of crm.notes.iterate("Leads", lead, { fields: ["Note_Content"], sortBy: "id" })) {
      expect(note.Note_Content).toMatch(/^Said \d+$/);
      count++;
    }
    expect(count).toBe(150);
  });

  it("lists every note, across records", async () => {
    const all = [];
    for await (const note of crm.notes.iterateAll({ fields: ["Note_Content", "Parent_Id"] })) all.push(note);
    expect(all).toHaveLength(151);
    const page = await crm.notes.listAll({ fields: ["Note_Content"], perPage: 1, page: 2 });
    expect(page.data).toHaveLength(1);
  });

  it("updates and deletes notes by id, reporting an unknown one as its failure", async () => {
    const { data } = await crm.notes.list("Leads", lead, { fields: ["Note_Content"], perPage: 2 });
    const [a, b] = data as [{ id: string }, { id: string }];
    const updated = await crm.notes.update([
      { id: a.id, Note_Content: "Rewritten" },
      { id: "5725767999999999999", Note_Title: "Nobody" },
    ]);
    expect(updated.succeeded).toMatchObject([{ index: 0, id: a.id }]);
    expect(updated.failed).toMatchObject([{ index: 1, code: "INVALID_DATA" }]);
    const deleted = await crm.notes.delete([a.id, b.id]);
    expect(deleted.succeeded.map((s) => s.id)).toEqual([a.id, b.id]);
    const left = await crm.notes.list("Leads", lead, { fields: ["Note_Content"], perPage: 200 });
    expect(left.data.map((n) => n.id)).not.toContain(a.id);
  });

  it("refuses bad notes before any request", async () => {
    const before = zoho.requests.length;
    const attempts = [
      () => crm.notes.create("Leads", lead, []),
      () => crm.notes.create("Leads", lead, [{ Note_Content: "  " }]),
      () => crm.notes.create("Leads", lead, [{ Note_Content: "ok", Note_Title: 3 as unknown as string }]),
      () => crm.notes.update([{ id: "5725767000000000001" }]),
      () => crm.notes.update([{ id: "x", Note_Content: "y" }]),
      () => crm.notes.delete(["5725767000000000001", "5725767000000000001"]),
      () => crm.notes.list("Leads", lead, { fields: ["Note_Content"], sortBy: "Note_Title" as never }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });
});
