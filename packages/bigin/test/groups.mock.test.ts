/**
 * bigin.related, notes, attachments and tags against @zohokit/mock serving the Bigin sample org: what a call
 * changes is there when read back, and a connection without the notes scope gets an error naming that scope.
 */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterEach, describe, expect, it } from "vitest";
import type { Org } from "../../../examples/sample-org/bigin/org.js";
import { ApiError, createBiginClient } from "../src/index.js";

const ORG = fileURLToPath(new URL("../../../examples/sample-org/bigin/metadata/", import.meta.url));
const API_KEY = "mk_bigin_groups_0123456";

let zoho: MockGateway | undefined;
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
});

async function setup(scopes?: string[]) {
  zoho = await startMockGateway({ app: "bigin", org: ORG, apiKey: API_KEY, ...(scopes ? { scopes } : {}) });
  const [account] = zoho.store.add("Accounts", [{ Account_Name: "Bayside Kitchens" }]);
  const [contact] = zoho.store.add("Contacts", [
    { Last_Name: "Albrecht", Account_Name: { name: "Bayside Kitchens", id: account!.id } },
  ]);
  const [product] = zoho.store.add("Products", [{ Product_Name: "Oak worktop" }]);
  const bigin = createBiginClient<Org>({ apiKey: API_KEY, baseUrl: zoho.url, retry: false });
  return { zoho, bigin, account: account!.id, contact: contact!.id, product: product!.id };
}

describe("bigin.related on the mock", () => {
  it("reads an account's contacts, links a product to a contact and unlinks it", async () => {
    const { bigin, account, contact, product } = await setup();
    const contacts = await bigin.related.list("Accounts", account, "Contacts", { fields: ["Last_Name"] });
    expect(contacts.data.map((c) => c.Last_Name)).toEqual(["Albrecht"]);
    const linked = await bigin.related.link("Contacts", contact, "Products", [product]);
    expect(linked.succeeded.map((s) => s.id)).toEqual([product]);
    const products: string[] = [];
    for await (const p of bigin.related.iterate("Contacts", contact, "Products", {
      fields: ["Product_Name"],
    })) {
      products.push(p.Product_Name ?? "");
    }
    expect(products).toEqual(["Oak worktop"]);
    await bigin.related.unlink("Contacts", contact, "Products", [product]);
    const after = await bigin.related.list("Contacts", contact, "Products", { fields: ["Product_Name"] });
    expect(after.data).toEqual([]);
  });
});

describe("bigin.notes on the mock", () => {
  it("creates, lists, updates and deletes a contact's notes", async () => {
    const { bigin, contact } = await setup();
    const created = await bigin.notes.create("Contacts", contact, [{ Note_Content: "Called back" }]);
    const id = created.succeeded[0]!.id!;
    await bigin.notes.update([{ id, Note_Content: "Called twice" }]);
    const page = await bigin.notes.list("Contacts", contact, { fields: ["Note_Content"] });
    expect(page.data.map((n) => n.Note_Content)).toEqual(["Called twice"]);
    expect((await bigin.notes.listAll({ fields: ["Note_Content"] })).data).toHaveLength(1);
    await bigin.notes.delete([id]);
    expect((await bigin.notes.list("Contacts", contact, { fields: ["Note_Content"] })).data).toEqual([]);
  });

  it("names the notes scope and Maton support when the connection lacks it", async () => {
    const { bigin, contact } = await setup(["ZohoBigin.modules.Contacts.ALL", "ZohoBigin.settings.ALL"]);
    const error = await bigin.notes.list("Contacts", contact, { fields: ["Note_Content"] }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("OAUTH_SCOPE_MISMATCH");
    const { message } = error as ApiError;
    expect(message).toContain("ZohoBigin.modules.notes.ALL");
    expect(message).toContain("support@maton.ai");
    expect(message).not.toContain(API_KEY);
  });
});

describe("bigin.attachments on the mock", () => {
  it("uploads, lists, downloads and deletes one attachment a call", async () => {
    const { zoho, bigin, contact } = await setup();
    const file = new Blob(["%PDF-1.4 offer"], { type: "application/pdf" });
    const a = await bigin.attachments.upload("Contacts", contact, file, { fileName: "offer.pdf" });
    const b = await bigin.attachments.upload("Contacts", contact, file, { fileName: "copy.pdf" });
    const listed = await bigin.attachments.list("Contacts", contact);
    expect(listed.data.map((x) => x.File_Name).sort()).toEqual(["copy.pdf", "offer.pdf"]);
    const download = await bigin.attachments.download("Contacts", contact, a.id);
    expect(await new Response(download!.body).text()).toBe("%PDF-1.4 offer");
    const deleted = await bigin.attachments.delete("Contacts", contact, [a.id, b.id]);
    expect(deleted.succeeded.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    const deletes = zoho.requests.filter((r) => r.method === "DELETE").map((r) => r.path);
    expect(deletes.sort()).toEqual(
      [a.id, b.id].map((id) => `/bigin/v2/Contacts/${contact}/Attachments/${id}`).sort(),
    );
    expect((await bigin.attachments.list("Contacts", contact)).data).toEqual([]);
  });
});

describe("bigin.tags on the mock", () => {
  it("adds a tag to records, lists the module's tags and removes it by name", async () => {
    const { zoho, bigin, contact } = await setup();
    const added = await bigin.tags.add("Contacts", [contact], ["Hot lead"]);
    expect(added.succeeded.map((s) => s.id)).toEqual([contact]);
    expect(zoho.store.get("Contacts", contact)?.Tag).toMatchObject([{ name: "Hot lead" }]);
    expect((await bigin.tags.list("Contacts")).tags.map((t) => t.name)).toContain("Hot lead");
    await bigin.tags.remove("Contacts", [contact], ["Hot lead"]);
    expect(zoho.store.get("Contacts", contact)?.Tag).toEqual([]);
    const remove = zoho.requests.find((r) => r.path === "/bigin/v2/Contacts/actions/remove_tags");
    expect(remove?.query).toEqual({ ids: contact, tag_names: "Hot lead" });
  });

  it("sends at most 100 record ids a call", async () => {
    const { zoho, bigin } = await setup();
    const ids = zoho.store
      .add(
        "Contacts",
        Array.from({ length: 150 }, (_, i) => ({ Last_Name: `C${i}` })),
      )
      .map((r) => r.id);
    const result = await bigin.tags.add("Contacts", ids, ["Bulk"]);
    expect(result.succeeded).toHaveLength(150);
    expect(zoho.requests.filter((r) => r.path === "/bigin/v2/Contacts/actions/add_tags")).toHaveLength(2);
  });
});
