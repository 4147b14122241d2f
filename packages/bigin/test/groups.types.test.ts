/**
 * Bigin's groups typed by the sample org's generated types (checked by `tsc` and `tsc7` in typecheck): related
 * lists by name per module, their records by the module each list holds; a wrong list or module is a type error.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Org } from "../../../examples/sample-org/bigin/org.js";
import {
  type BiginAttachment,
  type BiginNote,
  type BiginTag,
  createBiginClient,
  type Page,
  type RelatedListOf,
  type ZohoRecord,
} from "../src/index.js";

const bigin = createBiginClient<Org>({ apiKey: "k_test_types" });
const loose = createBiginClient({ apiKey: "k_test_types" });
const ID = "5725767000000412031";

/** Compiled, never run: the compiler checks the types. */
async function typed() {
  expectTypeOf<RelatedListOf<Org, "Contacts">>().toEqualTypeOf<
    "Attachments" | "Notes" | "Pipelines" | "Products"
  >();
  const contacts = await bigin.related.list("Accounts", ID, "Contacts", { fields: ["Last_Name", "Email"] });
  expectTypeOf(contacts.data[0]!.Last_Name).toEqualTypeOf<string | null>();
  for await (const product of bigin.related.iterate("Contacts", ID, "Products", {
    fields: ["Product_Name"],
  })) {
    expectTypeOf(product).toHaveProperty("Product_Name");
  }
  // @ts-expect-error Accounts has no related list named Contact
  await bigin.related.list("Accounts", ID, "Contact", { fields: ["Last_Name"] });
  // @ts-expect-error Pipelines (deals) have no related list Contacts in the sample org
  await bigin.related.list("Pipelines", ID, "Contacts", { fields: ["Last_Name"] });
  // @ts-expect-error Account_Name is not a field of Products, the module the list holds
  await bigin.related.list("Contacts", ID, "Products", { fields: ["Account_Name"] });
  // @ts-expect-error Leads is not a module of the sample Bigin org
  await bigin.related.list("Leads", ID, "Notes", { fields: ["Note_Content"] });
  await bigin.related.link("Contacts", ID, "Products", [ID]);
  // @ts-expect-error Contacts has no related list Deals (Bigin's deals are Pipelines)
  await bigin.related.unlink("Contacts", ID, "Deals", [ID]);

  await bigin.notes.create("Contacts", ID, [{ Note_Content: "Called" }]);
  // @ts-expect-error Tasks is not a module of the sample Bigin org
  await bigin.notes.list("Tasks", ID, { fields: ["Note_Content"] });
  // @ts-expect-error Bigin's tag calls need a module of the org
  await bigin.tags.add("Leads", [ID], ["Hot lead"]);
  await bigin.tags.add("Contacts", [ID], ["Hot lead", { name: "Renewal", color_code: "#F17574" }]);
  // @ts-expect-error not one of Zoho's tag colours
  await bigin.tags.add("Contacts", [ID], [{ name: "Renewal", color_code: "#123456" }]);
  // @ts-expect-error attachments of a module the org lacks
  await bigin.attachments.list("Leads", ID);

  // Without an org: any module, any list.
  const rows = await loose.related.list("Anything", ID, "Whatever", { fields: ["X"] });
  expectTypeOf(rows).toEqualTypeOf<Page<ZohoRecord>>();
  expectTypeOf<BiginNote>().toHaveProperty("id");
  expectTypeOf<BiginAttachment>().toHaveProperty("id");
  expectTypeOf<BiginTag>().toHaveProperty("name");
}

describe("Bigin group types", () => {
  it("is checked by the compiler", () => {
    expect(typeof typed).toBe("function");
  });
});
