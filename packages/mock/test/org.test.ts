import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  type MockGateway,
  type MockGatewayOptions,
  type OrgSnapshot,
  startMockGateway,
} from "../src/index.js";
import { call } from "./http.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));
const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function start(options: Partial<MockGatewayOptions> = {}): Promise<MockGateway> {
  const gateway = await startMockGateway({ app: "crm", org: SAMPLE_ORG, ...options });
  gateways.push(gateway);
  return gateway;
}

const BIGIN_SAMPLE_ORG = fileURLToPath(
  new URL("../../../examples/sample-org/bigin/metadata/", import.meta.url),
);

const create = (zoho: MockGateway, module: string, ...data: unknown[]) =>
  call(zoho, "POST", `/crm/v8/${module}`, {}, { data });

/** A small org with a unique field, a length limit and a custom module, as an object. */
function customOrg(): OrgSnapshot {
  return {
    app: "crm",
    org: { id: "111", company_name: "Unique Ltd." },
    modules: [
      { api_name: "Leads", id: "2001", api_supported: true },
      { api_name: "Vendors__c", id: "2002", api_supported: true, generated_type: "custom" },
    ],
    fields: {
      Leads: [
        { api_name: "Last_Name", data_type: "text", system_mandatory: true, length: 10 },
        { api_name: "Email", data_type: "email", unique: { case_sensitive: false } },
        { api_name: "Badge", data_type: "text", unique: { case_sensitive: true } },
      ],
      Vendors__c: [{ api_name: "Name", data_type: "text", system_mandatory: true }],
    },
  };
}

describe("an org from a typegen snapshot folder", () => {
  it("knows only the org's API-supported modules", async () => {
    const zoho = await start();
    for (const module of ["Nope", "leads", "Tasks"]) {
      const list = await call(zoho, "GET", `/crm/v8/${module}`, { fields: "Email" });
      expect(list.json).toEqual({
        code: "INVALID_MODULE",
        details: { resource_path_index: 0 },
        message: "the module name given seems to be invalid",
        status: "error",
      });
      expect((await create(zoho, module, { Last_Name: "x" })).json.data[0].code).toBe("INVALID_MODULE");
    }
    expect(() => zoho.store.add("Products", [{ Product_Name: "x" }])).toThrow(
      /not a module of the mock's org/,
    );
    expect((await call(zoho, "GET", "/crm/v8/Deals", { fields: "Deal_Name" })).status).toBe(204);
  });

  it("refuses a record without its required fields (system_mandatory), each named, several at once", async () => {
    const zoho = await start();
    const answer = await create(zoho, "Deals", { Deal_Name: "ok", Stage: "Qualification" }, { Amount: 5 });
    expect(answer.status).toBe(207);
    expect(answer.json.data[1]).toEqual({
      code: "MULTIPLE_OR_MULTI_ERRORS",
      details: {
        errors: [
          {
            code: "MANDATORY_NOT_FOUND",
            details: { api_name: "Deal_Name", json_path: "$.data[1].Deal_Name" },
            message: "required field not found",
            status: "error",
          },
          {
            code: "MANDATORY_NOT_FOUND",
            details: { api_name: "Stage", json_path: "$.data[1].Stage" },
            message: "required field not found",
            status: "error",
          },
        ],
      },
      message: "Multiple errors in the request",
      status: "error",
    });
    const one = await create(zoho, "Leads", { First_Name: "No last name" });
    expect(one.status).toBe(400);
    expect(one.json.data[0]).toMatchObject({
      code: "MANDATORY_NOT_FOUND",
      details: { api_name: "Last_Name" },
    });
    expect(zoho.store.records("Deals")).toHaveLength(1);
  });

  it("refuses a bad picklist value and a value of the wrong type, naming the expected type", async () => {
    const zoho = await start();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { Lead_Status: "Warm" },
        {
          api_name: "Lead_Status",
          supported_values: ["-None-", "Attempted to Contact", "Contacted", "Qualified", "Not Qualified"],
        },
      ],
      [{ Interests: ["Analytics", "Golf"] }, { api_name: "Interests", supported_values: expect.any(Array) }],
      [{ No_of_Employees: "many" }, { api_name: "No_of_Employees", expected_data_type: "integer" }],
      [{ No_of_Employees: 2.5 }, { expected_data_type: "integer" }],
      [{ Annual_Revenue: "lots" }, { expected_data_type: "currency" }],
      [{ Email: "not-an-address" }, { expected_data_type: "email" }],
      [{ Phone: "call me" }, { expected_data_type: "phone" }],
      [{ Email_Opt_Out: "yes" }, { expected_data_type: "boolean" }],
      [{ Company: 42 }, { expected_data_type: "text" }],
      [{ Owner: "me" }, { expected_data_type: "ownerlookup" }],
    ];
    for (const [values, details] of cases) {
      const answer = await create(zoho, "Leads", { Last_Name: "Typed", ...values });
      const field = Object.keys(values)[0]!;
      expect(answer.status, field).toBe(400);
      expect(answer.json.data[0], field).toMatchObject({
        code: "INVALID_DATA",
        message: "invalid data",
        details: { ...details, json_path: `$.data[0].${field}` },
      });
    }
    const fine = await create(zoho, "Leads", {
      Last_Name: "Fine",
      Lead_Status: "Contacted",
      Interests: ["Automation"],
      No_of_Employees: 12,
      Annual_Revenue: "1200.50",
      Email: "fine@example.com",
      Phone: "+44 (20) 7946-0000",
      Email_Opt_Out: false,
      Company: null,
      Owner: { id: "5725767000000411001" },
    });
    expect(fine.status).toBe(201);
    const date = await create(zoho, "Contacts", { Last_Name: "D", Date_of_Birth: "1990-02-30x" });
    expect(date.json.data[0].details).toMatchObject({ expected_data_type: "date" });
  });

  it("drops what is not a writable field of the module, as Zoho does", async () => {
    const zoho = await start();
    const answer = await create(zoho, "Leads", { Last_Name: "Kept", Not_A_Field: "x", Lead_Score: 99 });
    expect(answer.status).toBe(201);
    const [record] = zoho.store.records("Leads");
    expect(record).toMatchObject({ Last_Name: "Kept" });
    expect(record).not.toHaveProperty("Not_A_Field");
    expect(record).not.toHaveProperty("Lead_Score");
  });

  it("updates check the same rules, and a required field cannot be emptied", async () => {
    const zoho = await start();
    const [lead] = zoho.store.add("Leads", [{ Last_Name: "Before" }]);
    const emptied = await call(zoho, "PUT", `/crm/v8/Leads/${lead!.id}`, {}, { data: [{ Last_Name: "" }] });
    expect(emptied.json.data[0]).toMatchObject({
      code: "MANDATORY_NOT_FOUND",
      details: { api_name: "Last_Name" },
    });
    const bad = await call(
      zoho,
      "PUT",
      "/crm/v8/Leads",
      {},
      { data: [{ id: lead!.id, Lead_Status: "Warm" }] },
    );
    expect(bad.json.data[0]).toMatchObject({ code: "INVALID_DATA", details: { api_name: "Lead_Status" } });
    const ok = await call(
      zoho,
      "PUT",
      "/crm/v8/Leads",
      {},
      { data: [{ id: lead!.id, Lead_Status: "Qualified" }] },
    );
    expect(ok.status).toBe(200);
    expect(zoho.store.get("Leads", lead!.id)).toMatchObject({
      Last_Name: "Before",
      Lead_Status: "Qualified",
    });
  });

  it("generates records that the org's rules accept", async () => {
    const zoho = await start();
    zoho.store.generate("Deals", 3);
    const [deal] = zoho.store.records("Deals");
    expect(deal).toMatchObject({ Deal_Name: "Deal Name 1", Stage: "Qualification" });
    expect(deal).not.toHaveProperty("Last_Name");
    const { id, Created_Time, Modified_Time, Owner, ...fields } = deal!;
    expect((await create(zoho, "Deals", fields)).status).toBe(201);
    expect([id, Created_Time, Modified_Time, Owner].every(Boolean)).toBe(true);
  });

  it("checks criteria fields and their operators", async () => {
    const zoho = await start();
    zoho.store.add("Leads", [{ Last_Name: "Smith", Lead_Status: "Contacted" }]);
    const search = (criteria: string) => call(zoho, "GET", "/crm/v8/Leads/search", { criteria });
    expect((await search("(Lead_Status:equals:Contacted)")).status).toBe(200);
    expect((await search("(Lead_Statuss:equals:Contacted)")).json).toMatchObject({
      code: "INVALID_QUERY",
      details: { api_name: "Lead_Statuss" },
    });
    expect((await search("(Lead_Status:starts_with:Con)")).json).toMatchObject({
      code: "INVALID_QUERY",
      details: { api_name: "Lead_Status", operator: "starts_with" },
    });
    expect((await search("(Owner.id:equals:5725767000000411001)")).status).toBe(204);
  });

  it("serves the snapshot's metadata as Zoho answers it", async () => {
    const zoho = await start();
    const read = async (file: string) => JSON.parse(await readFile(join(SAMPLE_ORG, file), "utf8"));
    expect((await call(zoho, "GET", "/crm/v8/org")).json).toEqual(await read("org.json"));
    expect((await call(zoho, "GET", "/crm/v8/settings/modules")).json).toEqual(await read("modules.json"));
    expect((await call(zoho, "GET", "/crm/v8/settings/modules/Deals")).json.modules[0].api_name).toBe(
      "Deals",
    );
    expect((await call(zoho, "GET", "/crm/v8/settings/fields", { module: "Leads" })).json).toEqual(
      await read("fields/Leads.json"),
    );
    expect((await call(zoho, "GET", "/crm/v8/settings/fields")).json).toMatchObject({
      code: "REQUIRED_PARAM_MISSING",
      details: { param_name: "module" },
    });
    expect((await call(zoho, "GET", "/crm/v8/settings/fields", { module: "Nope" })).json.code).toBe(
      "INVALID_MODULE",
    );
    const layouts = (await call(zoho, "GET", "/crm/v8/settings/layouts", { module: "Leads" })).json.layouts;
    expect(layouts).toHaveLength(1);
    expect(layouts[0].sections[0].fields.map((f: { api_name: string }) => f.api_name)).toContain(
      "Lead_Status",
    );
    const layout = await call(zoho, "GET", `/crm/v8/settings/layouts/${layouts[0].id}`, { module: "Leads" });
    expect(layout.json.layouts[0].id).toBe(layouts[0].id);
    const users = await call(zoho, "GET", "/crm/v8/users");
    expect(users.json).toMatchObject({ users: [{ id: "5725767000000411001" }], info: { count: 1 } });
    expect((await call(zoho, "GET", "/crm/v8/users", { type: "DeletedUsers" })).status).toBe(204);
    expect((await call(zoho, "GET", "/crm/v8/users/5725767000000411001")).json.users).toHaveLength(1);
    expect((await call(zoho, "GET", "/crm/v8/users/1")).status).toBe(400);
  });

  it("refuses a snapshot of the other app, and says what is missing", async () => {
    await expect(startMockGateway({ app: "bigin", org: SAMPLE_ORG })).rejects.toThrow(
      /The org snapshot is of crm, but the mock was started with app: "bigin"/,
    );
    const empty = await mkdtemp(join(tmpdir(), "zohokit-mock-"));
    try {
      await expect(startMockGateway({ app: "crm", org: empty })).rejects.toThrow(
        /has no .*snapshot\.json: save one with `zohokit typegen --save DIR`/,
      );
      await writeFile(join(empty, "snapshot.json"), "{ nope");
      await expect(startMockGateway({ app: "crm", org: empty })).rejects.toThrow(
        /snapshot\.json is not a JSON object/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("unique fields and upsert", () => {
  it("answers DUPLICATE_DATA with the record it clashes with, case-insensitively unless the field says so", async () => {
    const zoho = await start({ org: customOrg() });
    const [first] = zoho.store.add("Leads", [
      { Last_Name: "First", Email: "a@example.com", Badge: "B1", Owner: { name: "Ann", id: "9" } },
    ]);
    const answer = await create(
      zoho,
      "Leads",
      { Last_Name: "Second", Email: "A@EXAMPLE.COM" },
      { Last_Name: "Third", Badge: "b1" },
      { Last_Name: "Fourth", Badge: "B1" },
    );
    expect(answer.status).toBe(207);
    expect(answer.json.data[0]).toEqual({
      code: "DUPLICATE_DATA",
      details: {
        api_name: "Email",
        json_path: "$.data[0].Email",
        duplicate_record: {
          id: first!.id,
          Owner: { name: "Ann", id: "9" },
          module: { api_name: "Leads", id: "2001" },
        },
        id: first!.id,
        more_records: false,
      },
      message: "duplicate data",
      status: "error",
    });
    expect(answer.json.data[1].code).toBe("SUCCESS");
    expect(answer.json.data[2]).toMatchObject({ code: "DUPLICATE_DATA", details: { api_name: "Badge" } });
    const clash = await call(
      zoho,
      "PUT",
      "/crm/v8/Leads",
      {},
      { data: [{ id: answer.json.data[1].details.id, Email: "a@example.com" }] },
    );
    expect(clash.json.data[0].code).toBe("DUPLICATE_DATA");
    const tooLong = await create(zoho, "Leads", { Last_Name: "Much too long" });
    expect(tooLong.json.data[0]).toMatchObject({ code: "INVALID_DATA", details: { maximum_length: 10 } });
  });

  it("upserts on the system field first, then the requested or unique fields", async () => {
    const zoho = await start({ org: customOrg() });
    const [lead] = zoho.store.add("Leads", [{ Last_Name: "Old", Email: "old@example.com", Badge: "X" }]);
    const upsert = (data: unknown[], duplicate_check_fields?: string[]) =>
      call(
        zoho,
        "POST",
        "/crm/v8/Leads/upsert",
        {},
        { data, ...(duplicate_check_fields ? { duplicate_check_fields } : {}) },
      );
    const byBadge = await upsert([{ Last_Name: "New", Badge: "X" }]);
    expect(byBadge.json.data[0]).toMatchObject({
      action: "update",
      duplicate_field: "Badge",
      details: { id: lead!.id },
    });
    const inserted = await upsert([{ Last_Name: "Other", Email: "other@example.com" }], ["Badge"]);
    expect(inserted.json.data[0]).toMatchObject({
      action: "insert",
      duplicate_field: "Email",
      code: "SUCCESS",
    });
    const missing = await upsert([{ Email: "nobody@example.com" }]);
    expect(missing.json.data[0].code).toBe("MANDATORY_NOT_FOUND");
    const vendors = await call(zoho, "POST", "/crm/v8/Vendors__c/upsert", {}, { data: [{ Name: "Acme" }] });
    const again = await call(zoho, "POST", "/crm/v8/Vendors__c/upsert", {}, { data: [{ Name: "acme" }] });
    expect([vendors.json.data[0].action, again.json.data[0].action]).toEqual(["insert", "update"]);
  });

  it("takes a new org at run time and keeps the records", async () => {
    const zoho = await start({ org: customOrg() });
    zoho.store.add("Leads", [{ Last_Name: "Kept" }]);
    const changed = customOrg();
    (changed.fields.Leads as Record<string, unknown>[]).push({
      api_name: "Rating",
      data_type: "picklist",
      pick_list_values: [{ actual_value: "Hot", display_value: "Hot" }],
    });
    await zoho.setOrg(changed);
    const fields = await call(zoho, "GET", "/crm/v8/settings/fields", { module: "Leads" });
    expect(fields.json.fields.map((f: { api_name: string }) => f.api_name)).toContain("Rating");
    expect((await create(zoho, "Leads", { Last_Name: "R", Rating: "Cold" })).json.data[0].code).toBe(
      "INVALID_DATA",
    );
    expect(zoho.store.records("Leads")[0]?.Last_Name).toBe("Kept");
  });
});

describe("Bigin with an org", () => {
  const biginOrg = (): OrgSnapshot => ({
    app: "bigin",
    modules: [
      { api_name: "Pipelines", id: "3001", api_supported: true },
      { api_name: "Contacts", id: "3002", api_supported: true },
    ],
    fields: {
      Pipelines: [
        { api_name: "Deal_Name", data_type: "text", system_mandatory: true },
        {
          api_name: "Stage",
          data_type: "picklist",
          system_mandatory: true,
          pick_list_values: [{ actual_value: "Won", display_value: "Won" }],
        },
        { api_name: "Pipeline", data_type: "lookup" },
      ],
      Contacts: [{ api_name: "Last_Name", data_type: "text", system_mandatory: true }],
    },
  });

  it("serves a Team Pipeline made up from the fields and lists its records by pipeline_id", async () => {
    const zoho = await start({ app: "bigin", org: biginOrg() });
    const layouts = (await call(zoho, "GET", "/bigin/v2/settings/layouts", { module: "Pipelines" })).json
      .layouts;
    expect(layouts).toHaveLength(1);
    expect(layouts[0]).toMatchObject({
      name: "Sales Pipeline",
      sections: [{ name: "Pipeline Information" }],
    });
    const fields = layouts[0].sections[0].fields.map((f: { api_name: string }) => f.api_name);
    expect(fields).toEqual(["Deal_Name", "Stage", "Pipeline", "Sub_Pipeline"]);
    const pipeline = { id: layouts[0].id, name: "Sales Pipeline" };
    zoho.store.add("Pipelines", [
      { Deal_Name: "In", Stage: "Won", Pipeline: pipeline },
      { Deal_Name: "Elsewhere", Stage: "Won", Pipeline: { id: "99", name: "Other" } },
    ]);
    const listed = await call(zoho, "GET", "/bigin/v2/Pipelines", {
      fields: "Deal_Name",
      pipeline_id: pipeline.id,
    });
    expect(listed.json.data.map((r: { Deal_Name: string }) => r.Deal_Name)).toEqual(["In"]);
    const unknown = await call(zoho, "GET", "/bigin/v2/Pipelines", {
      fields: "Deal_Name",
      pipeline_id: "99",
    });
    expect(unknown.json).toMatchObject({ code: "INVALID_DATA", details: { param_name: "pipeline_id" } });
    const module = await call(zoho, "GET", "/bigin/v2/settings/modules/Contacts");
    expect(module.json).toEqual({ modules: [{ api_name: "Contacts", id: "3002", api_supported: true }] });
    expect((await call(zoho, "GET", "/bigin/v2/settings/modules/Nope")).json.code).toBe("INVALID_MODULE");
  });

  it("checks each deal's Stage and Sub_Pipeline against its own Team Pipeline", async () => {
    const zoho = await start({ app: "bigin", org: BIGIN_SAMPLE_ORG });
    const write = (method: string, ...data: unknown[]) =>
      call(zoho, method, "/bigin/v2/Pipelines", {}, { data });
    const sales = { id: "5725767000000091101" };
    const showroom = { id: "5725767000000091117" };
    const created = await write(
      "POST",
      { Deal_Name: "A", Pipeline: sales, Stage: "Qualification", Sub_Pipeline: "Sales Pipeline Standard" },
      { Deal_Name: "B", Pipeline: sales, Stage: "Design" },
      { Deal_Name: "C", Pipeline: showroom, Stage: "Design", Sub_Pipeline: "Sales Pipeline Standard" },
      { Deal_Name: "D", Pipeline: { id: "42" }, Stage: "Design" },
      { Deal_Name: "E", Stage: "Qualification" },
    );
    expect(created.status).toBe(207);
    const items = created.json.data as { code: string; details: Record<string, unknown> }[];
    expect(items.map((item) => [item.code, item.details.api_name])).toEqual([
      ["SUCCESS", undefined],
      ["INVALID_DATA", "Stage"],
      ["INVALID_DATA", "Sub_Pipeline"],
      ["INVALID_DATA", "Pipeline"],
      ["SUCCESS", undefined],
    ]);
    expect(items[1]!.details).toMatchObject({ json_path: "$.data[1].Stage" });
    expect(items[1]!.details.supported_values).toContain("Negotiation/Review");
    const [a, e] = [items[0]!.details.id as string, items[4]!.details.id as string];
    // Stored as Zoho answers it; a create naming no pipeline lands in the first one.
    expect(zoho.store.get("Pipelines", a)?.Pipeline).toEqual({ name: "Sales Pipeline", id: sales.id });
    expect(zoho.store.get("Pipelines", e)?.Pipeline).toEqual({ name: "Sales Pipeline", id: sales.id });

    // Updates: the stage of the record's pipeline; moving pipelines takes a stage of the new one.
    const moved = await write(
      "PUT",
      { id: a, Stage: "Negotiation/Review" },
      { id: a, Stage: "Installation" },
      { id: e, Pipeline: showroom },
      { id: e, Pipeline: showroom, Stage: "Site Survey", Sub_Pipeline: "Showroom Projects Standard" },
    );
    expect((moved.json.data as { code: string }[]).map((item) => item.code)).toEqual([
      "SUCCESS",
      "INVALID_DATA",
      "INVALID_DATA",
      "SUCCESS",
    ]);
    expect(zoho.store.get("Pipelines", a)?.Stage).toBe("Negotiation/Review");
    expect(zoho.store.get("Pipelines", e)).toMatchObject({
      Stage: "Site Survey",
      Pipeline: { id: showroom.id },
    });
    const listed = await call(zoho, "GET", "/bigin/v2/Pipelines", {
      fields: "Deal_Name,Stage",
      pipeline_id: showroom.id,
    });
    expect(listed.json.data.map((r: { Deal_Name: string }) => r.Deal_Name)).toEqual(["E"]);
  });

  it("uses the snapshot's own layouts when it has them", async () => {
    const org = biginOrg();
    org.layouts = { Pipelines: [{ id: "2034020000000000173", name: "Sales Pipeline", sections: [] }] };
    const zoho = await start({ app: "bigin", org });
    const layouts = await call(zoho, "GET", "/bigin/v2/settings/layouts", { module: "Pipelines" });
    expect(layouts.json).toEqual({ layouts: org.layouts.Pipelines });
  });
});

describe("OAuth scopes", () => {
  it("answers 401 OAUTH_SCOPE_MISMATCH to what the connection's scopes do not cover", async () => {
    const zoho = await start({
      scopes: ["ZohoCRM.modules.leads.READ", "ZohoCRM.modules.Deals.ALL", "ZohoCRM.settings.fields.READ"],
    });
    const mismatch = { code: "OAUTH_SCOPE_MISMATCH", details: {}, message: "Unauthorized", status: "error" };
    expect((await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" })).status).toBe(204);
    expect((await create(zoho, "Leads", { Last_Name: "x" })).json).toEqual(mismatch);
    expect((await create(zoho, "Deals", { Deal_Name: "x", Stage: "Qualification" })).status).toBe(201);
    expect((await call(zoho, "GET", "/crm/v8/Contacts", { fields: "Email" })).status).toBe(401);
    expect((await call(zoho, "GET", "/crm/v8/settings/fields", { module: "Leads" })).status).toBe(200);
    expect((await call(zoho, "GET", "/crm/v8/settings/layouts", { module: "Leads" })).status).toBe(401);
    expect((await call(zoho, "GET", "/crm/v8/org")).status).toBe(401);
    await expect(startMockGateway({ app: "crm", scopes: ["ZohoBigin.modules.ALL"] })).rejects.toThrow(
      /not a Zoho scope of crm/,
    );
  });
});
