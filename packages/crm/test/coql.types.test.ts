/** Typed COQL with the sample org: rows follow the selected fields, conditions are checked per field type. */
import { describe, expectTypeOf, it } from "vitest";
import type { Org } from "../../../examples/sample-org/src/org.js";
import { createCrmClient } from "../src/index.js";

const crm = createCrmClient<Org>({ apiKey: "k_test_types", baseUrl: "http://127.0.0.1:9" });

describe("typed COQL", () => {
  it("types rows by the selected fields, dotted lookups included", () => {
    const query = crm.coql.select("Leads", ["Last_Name", "Annual_Revenue", "Owner.name", "Lead_Status"]);
    type Row = Awaited<ReturnType<typeof query.page>>["data"][number];
    expectTypeOf<Row["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Row["Last_Name"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Row["Annual_Revenue"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Row["Owner.name"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Row["Lead_Status"]>().toEqualTypeOf<
      "-None-" | "Attempted to Contact" | "Contacted" | "Qualified" | "Not Qualified" | null
    >();
    expectTypeOf<keyof Row>().toEqualTypeOf<
      "id" | "Last_Name" | "Annual_Revenue" | "Owner.name" | "Lead_Status"
    >();
    const contacts = crm.coql.select("Contacts", ["Account_Name.Account_Name", "Account_Name.id"]);
    type ContactRow = Awaited<ReturnType<typeof contacts.page>>["data"][number];
    expectTypeOf<ContactRow["Account_Name.id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<ContactRow>().toHaveProperty("Account_Name.Account_Name");
    // @ts-expect-error: not a field of Leads
    crm.coql.select("Leads", ["Lst_Name"]);
    // @ts-expect-error: not a module of the org
    crm.coql.select("Leadz", ["id"]);
  });

  it("checks each condition's operator and value against the field's type", () => {
    const q = crm.coql.select("Leads", ["Last_Name"]);
    q.where("Annual_Revenue", ">", 1000);
    q.where("Annual_Revenue", "between", 1, 10n);
    q.where("Created_Time", ">=", new Date());
    q.where("Created_Time", "between", "2026-01-01T00:00:00+00:00", new Date());
    q.where("Last_Name", "like", "Sm%");
    q.where("Lead_Status", "in", ["Contacted", "Qualified"]);
    q.where("Email_Opt_Out", "=", true);
    q.where("Email", "is null");
    q.where("Owner.name", "=", "Ann");
    q.where("Owner", "=", "5725767000000000001");
    q.where("id", ">", 5725767000000000001n);
    q.where("Interests", "=", "Analytics");
    q.where((w) =>
      w.and(w("Last_Name", "not like", "%x"), w.or(w("Lead_Score", "<", 5), w("Phone", "is not null"))),
    );
    // Refused by the compiler (and at run time, so never run here).
    const refused = () => {
      // @ts-expect-error: no ranges on text
      q.where("Last_Name", ">", "M");
      // @ts-expect-error: no like on numbers
      q.where("Annual_Revenue", "like", "1%");
      // @ts-expect-error: a number field takes numbers
      q.where("Annual_Revenue", "=", "1000");
      // @ts-expect-error: not a value of the picklist
      q.where("Lead_Status", "=", "Hot");
      // @ts-expect-error: a boolean field takes booleans
      q.where("Email_Opt_Out", "=", "true");
      // @ts-expect-error: is null takes no value
      q.where("Email", "is null", "x");
      // @ts-expect-error: between takes two values
      q.where("Annual_Revenue", "between", 1);
      // @ts-expect-error: in takes an array
      q.where("Lead_Status", "in", "Contacted");
      // @ts-expect-error: not an operator
      q.where("Last_Name", "==", "x");
      // @ts-expect-error: not a field
      q.where("Lst_Name", "=", "x");
    };
    void refused;
  });

  it("types exports like records.iterate", () => {
    const rows = crm.records.export("Leads", {
      fields: ["Last_Name", "Annual_Revenue"],
      criteria: (w) => w("Annual_Revenue", ">", 0),
      concurrency: 10,
    });
    expectTypeOf(rows).toEqualTypeOf<
      AsyncIterable<{ id: string; Last_Name: string | null; Annual_Revenue: number | null }>
    >();
    // @ts-expect-error: export reads fields of the module (no dotted lookups: its fallback cannot)
    crm.records.export("Leads", { fields: ["Owner.name"] });
  });

  it("keeps a loose client loose", () => {
    const free = createCrmClient({ apiKey: "k_test_types", baseUrl: "http://127.0.0.1:9" });
    const query = free.coql.select("Anything", ["Any_Field", "Lookup.name"]).where("X", "like", "%");
    type Row = Awaited<ReturnType<typeof query.page>>["data"][number];
    expectTypeOf<Row["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Row["Any_Field"]>().toEqualTypeOf<unknown>();
  });
});
