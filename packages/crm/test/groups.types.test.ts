/**
 * The groups typed by an org (checked by `tsc` and `tsc7` in typecheck): related lists by name, their records by
 * the module each list holds, notes by the org's Notes, the deal of a conversion by the org's Deals; without an
 * org (or with one generated before related lists were typed) everything stays loose.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ConvertedLead,
  type CrmAttachment,
  type CrmNote,
  type CrmTag,
  createCrmClient,
  type DeletedRecord,
  type Page,
  type ZohoRecord,
} from "../src/index.js";

interface Entry<Fields, Create, Related = undefined> {
  fields: Fields;
  record: { id: string } & { [K in keyof Fields]: Fields[K] | null };
  create: Create;
  update: { id: string };
  criteria: object;
  related: Related;
}

/** A hand-written org in the shape `zohokit typegen` writes, related lists included. */
interface GroupsOrg {
  Accounts: Entry<
    { Account_Name: string },
    { Account_Name: string },
    { Contacts: "Contacts"; Notes: "Notes"; Products: "Products" }
  >;
  Contacts: Entry<{ Last_Name: string; Email: string }, { Last_Name: string }, { Deals: "Deals" }>;
  Deals: Entry<
    { Deal_Name: string; Stage: "Won" | "Lost" },
    { Deal_Name: string; Stage: "Won" | "Lost"; Amount?: number | null },
    {}
  >;
  Notes: Entry<{ Note_Title: string; Note_Content: string }, { Note_Content: string }, {}>;
}

/** An org generated before typegen read related lists: no `related`. */
interface OlderOrg {
  Accounts: Omit<GroupsOrg["Accounts"], "related">;
  Contacts: Omit<GroupsOrg["Contacts"], "related">;
}

const crm = createCrmClient<GroupsOrg>({ apiKey: "k_test_types" });
const loose = createCrmClient({ apiKey: "k_test_types" });
const older = createCrmClient<OlderOrg>({ apiKey: "k_test_types" });
const ID = "5725767000000524157";

/** Compiled, never run: the compiler checks the types. */
async function typed() {
  const contacts = await crm.related.list("Accounts", ID, "Contacts", { fields: ["Email"] });
  expectTypeOf(contacts).toEqualTypeOf<Page<{ id: string; Email: string | null }>>();
  for await (const deal of crm.related.iterate("Contacts", ID, "Deals", { fields: ["Stage"] })) {
    expectTypeOf(deal.Stage).toEqualTypeOf<"Won" | "Lost" | null>();
  }
  const notes = await crm.related.list("Accounts", ID, "Notes", { fields: ["Note_Title"] });
  expectTypeOf(notes.data[0]!).toEqualTypeOf<{ id: string; Note_Title: string | null }>();
  // A list of a module the org does not type: loose rows, any field.
  const products = await crm.related.list("Accounts", ID, "Products", { fields: ["Product_Name"] });
  expectTypeOf(products.data[0]!).toEqualTypeOf<ZohoRecord>();
  // @ts-expect-error Accounts has no related list named Contact
  await crm.related.list("Accounts", ID, "Contact", { fields: ["Email"] });
  // @ts-expect-error Account_Name is not a field of Contacts, the module the list holds
  await crm.related.list("Accounts", ID, "Contacts", { fields: ["Account_Name"] });
  // @ts-expect-error Deals has no related lists
  await crm.related.link("Deals", ID, "Contacts", [ID]);
  await crm.related.link("Accounts", ID, "Contacts", [ID, { id: ID, Contact_Role: "Buyer" }]);
  await crm.related.unlink("Contacts", ID, "Deals", [ID]);

  const own = await crm.notes.list("Accounts", ID, { fields: ["Note_Content"] });
  expectTypeOf(own.data[0]!).toEqualTypeOf<{ id: string; Note_Content: string | null }>();
  // @ts-expect-error Notes has no field Body
  await crm.notes.listAll({ fields: ["Body"] });
  // @ts-expect-error a note needs its content
  await crm.notes.create("Accounts", ID, [{ Note_Title: "No content" }]);

  const converted = await crm.leads.convert(ID, { deal: { Deal_Name: "D", Stage: "Won" } });
  expectTypeOf(converted).toEqualTypeOf<ConvertedLead>();
  // @ts-expect-error Stage is one of the org's values
  await crm.leads.convert(ID, { deal: { Deal_Name: "D", Stage: "Maybe" } });

  // @ts-expect-error a colour Zoho does not allow
  await crm.tags.add("Contacts", [ID], [{ name: "Hot", color_code: "#123456" }]);
  const { tags } = await crm.tags.list("Contacts");
  expectTypeOf(tags).toEqualTypeOf<CrmTag[]>();
  const attachments = await crm.attachments.list("Accounts", ID);
  expectTypeOf(attachments.data).toEqualTypeOf<CrmAttachment[]>();

  for await (const deleted of crm.records.deleted("Contacts"))
    expectTypeOf(deleted).toEqualTypeOf<DeletedRecord>();
  const run = crm.records.changes("Contacts", { fields: ["Email"], since: new Date() });
  for await (const change of run) {
    if (change.kind === "upsert") {
      expectTypeOf(change.record).toEqualTypeOf<{
        id: string;
        Email: string | null;
        Modified_Time: string;
      }>();
    } else {
      expectTypeOf(change.deletedAt).toEqualTypeOf<string>();
    }
  }
  // @ts-expect-error Title is not a field of Contacts
  crm.records.changes("Contacts", { fields: ["Title"], since: new Date() });
}

async function untyped() {
  const page = await loose.related.list("Accounts", ID, "Anything_At_All", { fields: ["Whatever"] });
  expectTypeOf(page.data[0]!).toEqualTypeOf<ZohoRecord>();
  const notes = await loose.notes.list("Leads", ID, { fields: ["Note_Content"] });
  expectTypeOf(notes.data[0]!).toEqualTypeOf<CrmNote>();
  await loose.leads.convert(ID, { deal: { Deal_Name: "D", Stage: "Any stage" } });
  const old = await older.related.list("Accounts", ID, "Any_List", { fields: ["Any_Field"] });
  expectTypeOf(old.data[0]!).toEqualTypeOf<ZohoRecord>();
  // @ts-expect-error the module must still be one of the org's
  await older.related.list("Leads", ID, "Any_List", { fields: ["Any_Field"] });
}

describe("groups typed by an org", () => {
  it("type-checks (the checks run at compile time)", () => {
    expect(typeof typed).toBe("function");
    expect(typeof untyped).toBe("function");
  });
});
