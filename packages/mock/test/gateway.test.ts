import { afterEach, describe, expect, it } from "vitest";
import { type CriteriaNode, parseCriteria } from "../src/criteria.js";
import { type FaultKind, FaultPlan, type FaultRule } from "../src/faults.js";
import { type MockGateway, type MockGatewayOptions, startMockGateway } from "../src/index.js";
import { mulberry32 } from "../src/random.js";
import { type Answer, call, escapeValue } from "./http.js";

const gateways: MockGateway[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function start(options: Partial<MockGatewayOptions> = {}): Promise<MockGateway> {
  const gateway = await startMockGateway({ app: "crm", ...options });
  gateways.push(gateway);
  return gateway;
}

describe("auth and routing", () => {
  it("requires the API key as a bearer token", async () => {
    const zoho = await start();
    const none = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Last_Name" }, undefined, {});
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      code: "INVALID_TOKEN",
      details: {},
      message: "invalid oauth token",
      status: "error",
    });
    const wrong = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Last_Name" }, undefined, {
      Authorization: "Bearer not-the-key",
    });
    expect(wrong.status).toBe(401);
    expect((await call(zoho, "GET", "/crm/v8/Leads", { fields: "Last_Name" })).status).toBe(204);
    expect(zoho.apiKey).toMatch(/^mock_\S+$/);

    const chosen = await start({ apiKey: "my-key-0123" });
    expect(chosen.apiKey).toBe("my-key-0123");
    const any = await start({ acceptAnyKey: true });
    const answer = await call(any, "GET", "/crm/v8/Leads", { fields: "a" }, undefined, {
      Authorization: "Bearer whatever",
    });
    expect(answer.status).toBe(204);
  });

  it("rejects unknown modules, paths and methods", async () => {
    const zoho = await start();
    expect((await call(zoho, "GET", "/crm/v8/Nope", { fields: "a" })).json.code).toBe("INVALID_MODULE");
    expect((await call(zoho, "GET", "/crm/v2/Leads", { fields: "a" })).status).toBe(404);
    expect((await call(zoho, "GET", "/crm/v8/Leads/not-an-id")).json.code).toBe("INVALID_URL_PATTERN");
    const create = await call(zoho, "POST", "/crm/v8/Nope", {}, { data: [{ Last_Name: "x" }] });
    expect(create.status).toBe(400);
    expect(create.json.data[0].code).toBe("INVALID_MODULE");
    const method = await call(zoho, "GET", "/crm/v8/Leads/upsert");
    expect(method.status).toBe(400);
    expect(method.json.code).toBe("INVALID_REQUEST_METHOD");
    const logged = zoho.requests.at(-1);
    expect(logged).toMatchObject({ method: "GET", path: "/crm/v8/Leads/upsert", status: 400 });
    expect(zoho.requests[0]?.route).toBe("GET /{module}");
  });

  it("serves bigin under /bigin/v2 and requires pipeline_id on Pipelines", async () => {
    const zoho = await start({ app: "bigin" });
    zoho.store.generate("Pipelines", 3);
    const missing = await call(zoho, "GET", "/bigin/v2/Pipelines", { fields: "Deal_Name" });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({
      code: "REQUIRED_PARAM_MISSING",
      details: { param_name: "pipeline_id" },
    });
    const ok = await call(zoho, "GET", "/bigin/v2/Pipelines", { fields: "Deal_Name", pipeline_id: "1" });
    expect(ok.json.data).toHaveLength(3);
    expect(zoho.requests.at(-1)?.route).toBe("GET /Pipelines");
    const lenient = await start({ app: "bigin", requirePipelineId: false });
    lenient.store.generate("Pipelines", 1);
    expect((await call(lenient, "GET", "/bigin/v2/Pipelines", { fields: "Deal_Name" })).status).toBe(200);
  });
});

describe("list and paging", () => {
  it("validates fields and per_page", async () => {
    const zoho = await start();
    zoho.store.generate("Leads", 1);
    const missing = await call(zoho, "GET", "/crm/v8/Leads");
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: "REQUIRED_PARAM_MISSING", details: { param_name: "fields" } });
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`).join(",");
    const tooMany = await call(zoho, "GET", "/crm/v8/Leads", { fields });
    expect(tooMany.json).toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 50, param_name: "fields" },
    });
    expect((await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email", per_page: "201" })).status).toBe(400);
  });

  it("answers 204 with an empty body when there are no records", async () => {
    const zoho = await start();
    const answer = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Last_Name" });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    expect((await call(zoho, "GET", "/crm/v8/Leads/123")).status).toBe(204);
  });

  it("sorts by id, newest first, unless told otherwise (as Zoho)", async () => {
    const zoho = await start();
    zoho.store.generate("Leads", 3);
    const ids = zoho.store.records("Leads").map((r) => r.id);
    const answer = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" });
    expect(answer.json.info).toMatchObject({ sort_by: "id", sort_order: "desc" });
    expect(answer.json.data.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    const asc = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email", sort_order: "asc" });
    expect(asc.json.data.map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it("pages past 2,000 records with page_token, sorted by id, projecting fields", async () => {
    const zoho = await start({ defaultSortOrder: "asc" });
    zoho.store.generate("Leads", 2_345);
    const base = { fields: "Last_Name,Email", per_page: "200" };

    const discrete = await call(zoho, "GET", "/crm/v8/Leads", { ...base, page: "11" });
    expect(discrete.status).toBe(400);
    expect(discrete.json).toMatchObject({
      code: "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
      details: { limit: 2000 },
    });

    const page10 = await call(zoho, "GET", "/crm/v8/Leads", { ...base, page: "10" });
    expect(page10.json.info).toMatchObject({ page: 10, count: 200, more_records: true });
    expect(page10.json.info.next_page_token).toEqual(expect.any(String));

    const ids: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const answer = await call(zoho, "GET", "/crm/v8/Leads", token ? { ...base, page_token: token } : base);
      expect(answer.status).toBe(200);
      for (const record of answer.json.data) {
        expect(Object.keys(record).sort()).toEqual(["Email", "Last_Name", "id"]);
        ids.push(record.id);
      }
      const { info } = answer.json;
      expect(info.sort_by).toBe("id");
      expect(info.sort_order).toBe("asc");
      if (!info.more_records) {
        expect(info.next_page_token).toBeNull();
        break;
      }
      token = info.next_page_token;
    }
    expect(ids).toHaveLength(2_345);
    expect(new Set(ids).size).toBe(2_345);
    const sorted = [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(ids).toEqual(sorted);
    expect(ids.every((id) => /^\d{19}$/.test(id))).toBe(true);
    expect(zoho.store.records("Leads").map((r) => r.id)).toEqual(ids);
  });

  it("binds page tokens to their parameters and expires them", async () => {
    const zoho = await start({ defaultSortOrder: "asc" });
    zoho.store.generate("Contacts", 30);
    const base = { fields: "Last_Name,Email", per_page: "10" };
    const first = await call(zoho, "GET", "/crm/v8/Contacts", base);
    const token = first.json.info.next_page_token as string;

    const same = await call(zoho, "GET", "/crm/v8/Contacts", {
      fields: "Email, Last_Name",
      per_page: "10",
      page_token: token,
    });
    expect(same.status).toBe(200);
    expect(same.json.info.page).toBe(2);
    expect(same.json.data[0].id).toBe(zoho.store.records("Contacts")[10]?.id);

    const changes: Record<string, string>[] = [
      { fields: "Last_Name" },
      { per_page: "20" },
      { sort_order: "desc" },
    ];
    for (const changed of changes) {
      const answer = await call(zoho, "GET", "/crm/v8/Contacts", { ...base, ...changed, page_token: token });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({
        code: "TOKEN_BOUND_DATA_MISMATCH",
        details: { param_name: "page_token" },
      });
    }
    const unknown = await call(zoho, "GET", "/crm/v8/Contacts", { ...base, page_token: "abc.def" });
    expect(unknown.json.code).toBe("INVALID_DATA");

    zoho.expirePageTokens();
    const expired = await call(zoho, "GET", "/crm/v8/Contacts", { ...base, page_token: token });
    expect(expired.status).toBe(400);
    expect(expired.json.code).toBe("EXPIRED_VALUE");

    const shortLived = await start({ pageTokenTtlMs: 0 });
    shortLived.store.generate("Leads", 3);
    const page = await call(shortLived, "GET", "/crm/v8/Leads", { fields: "Email", per_page: "1" });
    const again = await call(shortLived, "GET", "/crm/v8/Leads", {
      fields: "Email",
      per_page: "1",
      page_token: page.json.info.next_page_token,
    });
    expect(again.json.code).toBe("EXPIRED_VALUE");
  });

  it("stops page tokens at 100,000 records", async () => {
    const zoho = await start();
    zoho.store.generate("Leads", 100_001);
    const base = { fields: "Email", per_page: "200", page: "10" };
    const page10 = await call(zoho, "GET", "/crm/v8/Leads", base);
    const { info } = page10.json;
    expect(info.more_records).toBe(true);
    let token = info.next_page_token as string;
    let last: Answer | undefined;
    for (let i = 0; i < 490; i++) {
      last = await call(zoho, "GET", "/crm/v8/Leads", {
        fields: "Email",
        per_page: "200",
        page_token: token,
      });
      token = last.json.info?.next_page_token;
    }
    expect(last?.json.info).toMatchObject({ page: 500, more_records: true });
    const beyond = await call(zoho, "GET", "/crm/v8/Leads", {
      fields: "Email",
      per_page: "200",
      page_token: token,
    });
    expect(beyond.json.code).toBe("PAGINATION_LIMIT_EXCEEDED");
  });
});

describe("writes", () => {
  it("creates records with increasing 19-digit ids and per-item results", async () => {
    const zoho = await start();
    const created = await call(
      zoho,
      "POST",
      "/crm/v8/Leads",
      {},
      { data: [{ Last_Name: "A", Email: "a@example.com" }, { Last_Name: "B" }] },
    );
    expect(created.status).toBe(201);
    const [first, second] = created.json.data;
    expect(first).toMatchObject({ code: "SUCCESS", message: "record added", status: "success" });
    expect(Object.keys(first.details).sort()).toEqual([
      "Created_By",
      "Created_Time",
      "Modified_By",
      "Modified_Time",
      "id",
    ]);
    expect(first.details.id).toMatch(/^\d{19}$/);
    expect(BigInt(second.details.id) > BigInt(first.details.id)).toBe(true);
    expect(zoho.store.records("Leads").map((r) => r.Last_Name)).toEqual(["A", "B"]);
  });

  it("answers 207 for a mix and 400 when every item fails", async () => {
    const zoho = await start();
    const mixed = await call(
      zoho,
      "POST",
      "/crm/v8/Leads",
      {},
      {
        data: [
          { Last_Name: "ok" },
          { First_Name: "no last name" },
          { Last_Name: "x", Company: "__invalid__" },
        ],
      },
    );
    expect(mixed.status).toBe(207);
    expect(mixed.json.data.map((item: { code: string }) => item.code)).toEqual([
      "SUCCESS",
      "MANDATORY_NOT_FOUND",
      "INVALID_DATA",
    ]);
    expect(mixed.json.data[1].details).toEqual({ api_name: "Last_Name", json_path: "$.data[1].Last_Name" });
    expect(mixed.json.data[2].details).toMatchObject({ api_name: "Company", json_path: "$.data[2].Company" });
    expect(zoho.store.records("Leads")).toHaveLength(1);

    const failed = await call(zoho, "PUT", "/crm/v8/Leads", {}, { data: [{ id: "1", Last_Name: "x" }] });
    expect(failed.status).toBe(400);
    expect(failed.json.data[0]).toMatchObject({
      code: "INVALID_DATA",
      details: { api_name: "id", json_path: "$.data[0].id" },
      status: "error",
    });
  });

  it("enforces 100 items per write and per delete", async () => {
    const zoho = await start();
    const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
    const tooMany = await call(zoho, "POST", "/crm/v8/Leads", {}, { data });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.code).toBe("LIMIT_EXCEEDED");
    const ids = Array.from({ length: 101 }, (_, i) => String(1000 + i)).join(",");
    expect((await call(zoho, "DELETE", "/crm/v8/Leads", { ids })).json.code).toBe("LIMIT_EXCEEDED");
    expect((await call(zoho, "DELETE", "/crm/v8/Leads")).json.code).toBe("REQUIRED_PARAM_MISSING");
    const hundred = await call(zoho, "POST", "/crm/v8/Leads", {}, { data: data.slice(0, 100) });
    expect(hundred.status).toBe(201);
  });

  it("updates, upserts and deletes", async () => {
    const zoho = await start({
      records: { Contacts: [{ id: "1000000000000000001", Last_Name: "Old", Email: "old@example.com" }] },
    });
    const updated = await call(
      zoho,
      "PUT",
      "/crm/v8/Contacts",
      {},
      {
        data: [
          { id: "1000000000000000001", Last_Name: "New" },
          { id: "999", Last_Name: "x" },
        ],
      },
    );
    expect(updated.status).toBe(207);
    expect(updated.json.data[0].message).toBe("record updated");
    expect(zoho.store.records("Contacts")[0]?.Last_Name).toBe("New");

    const upserted = await call(
      zoho,
      "POST",
      "/crm/v8/Contacts/upsert",
      {},
      {
        data: [
          { Email: "OLD@example.com", First_Name: "Matched" },
          { Email: "new@example.com", Last_Name: "Inserted" },
        ],
      },
    );
    expect(upserted.status).toBe(200);
    expect(upserted.json.data.map((d: { action: string }) => d.action)).toEqual(["update", "insert"]);
    expect(upserted.json.data[0].duplicate_field).toBe("Email");
    expect(zoho.store.records("Contacts").map((r) => r.First_Name ?? r.Last_Name)).toEqual([
      "Matched",
      "Inserted",
    ]);

    const insertedId = upserted.json.data[1].details.id as string;
    const deleted = await call(zoho, "DELETE", "/crm/v8/Contacts", {
      ids: `${insertedId},42`,
      wf_trigger: "false",
    });
    expect(deleted.status).toBe(207);
    expect(deleted.json.data[0]).toEqual({
      code: "SUCCESS",
      details: { id: insertedId },
      message: "record deleted",
      status: "success",
    });
    // As in zoho-samples/crm/examples_v8/deleteRecords__response_207_MixedResults.json.
    expect(deleted.json.data[1]).toEqual({
      code: "INVALID_DATA",
      details: { id: "42" },
      message: "record not deleted",
      status: "error",
    });
    expect(zoho.store.records("Contacts")).toHaveLength(1);
    const one = await call(zoho, "DELETE", "/crm/v8/Contacts/1000000000000000001");
    expect(one.status).toBe(200);
    expect(zoho.store.records("Contacts")).toHaveLength(0);
  });

  it("refuses a body that is not JSON, and bad triggers", async () => {
    const zoho = await start();
    const response = await fetch(`${zoho.url}/crm/v8/Leads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${zoho.apiKey}` },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("INVALID_DATA");
    const trigger = await call(
      zoho,
      "POST",
      "/crm/v8/Leads",
      {},
      { data: [{ Last_Name: "x" }], trigger: ["x"] },
    );
    expect(trigger.json).toMatchObject({ code: "INVALID_DATA", details: { api_name: "trigger" } });
  });
});

describe("search and count", () => {
  const records = [
    { id: "1000000000000000001", Last_Name: "Burns,B", Email: "b@example.com", Annual_Revenue: 10 },
    { id: "1000000000000000002", Last_Name: "O(Brien)", Email: "o@example.com", Annual_Revenue: 20 },
    { id: "1000000000000000003", Last_Name: "Smith\\", Email: "s@example.com", Annual_Revenue: 30 },
  ];

  it("matches escaped criteria values, groups and operators", async () => {
    const zoho = await start({ records: { Leads: records } });
    const search = async (criteria: string) => call(zoho, "GET", "/crm/v8/Leads/search", { criteria });
    const ids = (answer: Answer) =>
      answer.status === 204 ? [] : answer.json.data.map((r: { id: string }) => r.id);

    for (const record of records) {
      const answer = await search(`(Last_Name:equals:${escapeValue(record.Last_Name)})`);
      expect(ids(answer)).toEqual([record.id]);
    }
    expect(ids(await search("((Annual_Revenue:greater_than:10)and(Email:starts_with:s))"))).toEqual([
      records[2]!.id,
    ]);
    expect(
      ids(await search("((Annual_Revenue:between:10,20)or(Last_Name:in:Smith\\\\,Nobody))")),
    ).toHaveLength(3);
    const none = await search("(Last_Name:equals:nobody)");
    expect(none.status).toBe(204);
    expect(none.text).toBe("");

    expect((await search("(Last_Name:equals:Burns,B)")).json.code).toBe("INVALID_QUERY");
    expect((await search("(Last_Name:equals:x")).json.code).toBe("INVALID_QUERY");
    const missing = await call(zoho, "GET", "/crm/v8/Leads/search");
    expect(missing.json).toMatchObject({
      code: "EXPECTED_PARAM_MISSING",
      details: { param_names: ["criteria", "email", "phone", "word"] },
    });
    expect((await call(zoho, "GET", "/crm/v8/Leads/search", { word: "a" })).status).toBe(400);
    expect(ids(await call(zoho, "GET", "/crm/v8/Leads/search", { word: "brien" }))).toEqual([records[1]!.id]);
    expect(ids(await call(zoho, "GET", "/crm/v8/Leads/search", { email: "B@example.com" }))).toEqual([
      records[0]!.id,
    ]);

    const count = await call(zoho, "GET", "/crm/v8/Leads/actions/count", {
      criteria: "(Annual_Revenue:less_equal:20)",
    });
    expect(count.json).toEqual({ count: 2 });
  });

  it("caps search at 2,000 records and criteria at 10 conditions", async () => {
    const zoho = await start();
    zoho.store.generate("Leads", 2_100);
    const query = { criteria: "(Email:starts_with:seed)", per_page: "200" };
    const page10 = await call(zoho, "GET", "/crm/v8/Leads/search", { ...query, page: "10" });
    expect(page10.json.info).toMatchObject({ page: 10, count: 200, more_records: true });
    const page11 = await call(zoho, "GET", "/crm/v8/Leads/search", { ...query, page: "11" });
    expect(page11.status).toBe(400);
    expect(page11.json).toMatchObject({ code: "LIMIT_REACHED", details: { limit: "2000" } });
    const eleven = Array.from({ length: 11 }, (_, i) => `(Email:equals:x${i})`).join("or");
    const tooMany = await call(zoho, "GET", "/crm/v8/Leads/search", { criteria: `(${eleven})` });
    expect(tooMany.json.code).toBe("CRITERIA_LIMIT_EXCEEDED");
  });
});

describe("parseCriteria", () => {
  it("parses conditions and groups", () => {
    expect(parseCriteria("((Last_Name:equals:Burns\\,B)and(First_Name:starts_with:M))")).toEqual({
      and: [
        { field: "Last_Name", op: "equals", values: ["Burns,B"] },
        { field: "First_Name", op: "starts_with", values: ["M"] },
      ],
    });
    expect(
      parseCriteria("(Created_Time:between:2026-01-01T00:00:00+00:00,2026-02-01T00:00:00+00:00)"),
    ).toEqual({
      field: "Created_Time",
      op: "between",
      values: ["2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00"],
    });
    for (const bad of [
      "",
      "(A:equals)",
      "(A:like:x)",
      "((A:equals:x)and(B:equals:y)or(C:equals:z))",
      "(A:equals:a(b)",
      "(A:between:1)",
    ]) {
      expect(() => parseCriteria(bad), bad).toThrow();
    }
  });

  it("round-trips escaped values", () => {
    const random = mulberry32(7);
    const alphabet = ["a", "Z", "0", " ", "(", ")", ",", "\\", ":", "é", "%", "&"];
    const value = () =>
      Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
    for (let i = 0; i < 300; i++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 4) }, value);
      const expected: CriteriaNode = {
        or: [
          { field: "Last_Name", op: "equals", values: [values[0]!] },
          { field: "Tag", op: "in", values },
        ],
      };
      const text = `((Last_Name:equals:${escapeValue(values[0]!)})or(Tag:in:${values.map(escapeValue).join(",")}))`;
      expect(parseCriteria(text)).toEqual(expected);
    }
  });
});

describe("faults", () => {
  const rules: FaultRule[] = [{ kind: ["429", "500", "503"], rate: 0.5 }];

  async function runSequence(zoho: MockGateway): Promise<(FaultKind | undefined)[]> {
    for (let i = 0; i < 20; i++)
      await call(zoho, "POST", "/crm/v8/Leads", {}, { data: [{ Last_Name: `L${i}` }] });
    return zoho.requests.map((r) => r.fault);
  }

  it("gives the same fault sequence for the same seed, and faulted writes are not applied", async () => {
    const a = await runSequence(await start({ seed: 1234, faults: rules }));
    const b = await runSequence(await start({ seed: 1234, faults: rules }));
    const c = await runSequence(await start({ seed: 99, faults: rules }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const plan = new FaultPlan(rules, 1234);
    expect(a).toEqual(a.map(() => plan.pick({ method: "POST", path: "/Leads" })?.kind));
    const faulted = a.filter(Boolean).length;
    expect(faulted).toBeGreaterThan(0);
    expect(faulted).toBeLessThan(20);
    const zoho = gateways[0]!;
    expect(zoho.store.records("Leads")).toHaveLength(20 - faulted);
    const counts: Record<string, number> = {};
    for (const kind of a) if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
    expect(zoho.stats().faults).toEqual(counts);
    expect(zoho.requests.map((r) => r.status)).toEqual(a.map((kind) => (kind ? Number(kind) : 201)));
  });

  it("sends a 429 storm to the first N requests", async () => {
    const zoho = await start({ faults: [{ kind: "429", times: 3 }] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" })).status);
    expect(statuses).toEqual([429, 429, 429, 204, 204]);
  });

  it("implements every kind", async () => {
    const only = (kind: FaultKind) => start({ faults: [{ kind }] });
    const write = (zoho: MockGateway) =>
      fetch(`${zoho.url}/crm/v8/Leads`, {
        method: "POST",
        headers: { Authorization: `Bearer ${zoho.apiKey}` },
        body: JSON.stringify({ data: [{ Last_Name: "x" }] }),
      });

    const resetBefore = await only("reset-before");
    await expect(write(resetBefore)).rejects.toThrow();
    expect(resetBefore.store.records("Leads")).toHaveLength(0);

    const resetAfter = await only("reset-after");
    await expect(write(resetAfter)).rejects.toThrow();
    expect(resetAfter.store.records("Leads")).toHaveLength(1);

    const truncated = await only("truncated-json");
    const response = await write(truncated);
    expect(response.status).toBe(201);
    await expect(response.text()).rejects.toThrow();
    expect(truncated.store.records("Leads")).toHaveLength(1);

    const malformed = await write(await only("malformed-json"));
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    const html = await write(await only("html"));
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toContain("text/html");
    await html.text();

    const empty = await write(await only("empty-200"));
    expect(empty.status).toBe(200);
    expect(empty.headers.get("content-type")).toContain("application/json");
    expect(await empty.text()).toBe("");

    const slow = await only("slow");
    await expect(
      fetch(`${slow.url}/crm/v8/Leads?fields=Email`, {
        headers: { Authorization: `Bearer ${slow.apiKey}` },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(slow.requests[0]?.fault).toBe("slow");
    expect(slow.requests[0]?.status).toBeUndefined();
  });
});

describe("concurrency and lifecycle", () => {
  it("tracks maxInFlight and adds latency", async () => {
    const zoho = await start({ latencyMs: 50 });
    zoho.store.generate("Leads", 5);
    const startedAt = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    expect(zoho.stats()).toMatchObject({ requests: 8, maxInFlight: 8 });
  });

  it("close() leaves no open handles, even with a hanging request", async () => {
    const countHandles = () =>
      process.getActiveResourcesInfo().filter((name) => name.startsWith("TCP") || name === "Timeout").length;
    const baseline = process.getActiveResourcesInfo();
    const before = countHandles();
    const zoho = await startMockGateway({
      app: "crm",
      latencyMs: 10_000,
      seed: 3,
      faults: [{ kind: "slow", rate: 0.5 }],
    });
    const pending = [1, 2, 3, 4].map(() =>
      fetch(`${zoho.url}/crm/v8/Leads?fields=Email`, {
        headers: { Authorization: `Bearer ${zoho.apiKey}` },
      }).then(
        (r) => r.text(),
        (error: unknown) => error,
      ),
    );
    for (let waited = 0; waited < 5000 && zoho.stats().maxInFlight < 4; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(zoho.stats().maxInFlight).toBe(4);
    await zoho.close();
    // The server's own handles (listening socket, latency timers) are gone as soon as close() resolves.
    const serverHandles = (names: string[]) =>
      names.filter((n) => n === "TCPServerWrap" || n === "Timeout").length;
    expect(serverHandles(process.getActiveResourcesInfo())).toBeLessThanOrEqual(serverHandles(baseline));
    await Promise.all(pending);
    let after = countHandles();
    for (let i = 0; i < 50 && after > before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = countHandles();
    }
    expect(after).toBeLessThanOrEqual(before);
    await expect(fetch(`${zoho.url}/crm/v8/Leads`)).rejects.toThrow();
  });

  it("listens on the port asked for and refuses bad options", async () => {
    const probe = await start();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const zoho = await start({ port });
    expect(zoho.url).toBe(`http://127.0.0.1:${port}`);
    await expect(startMockGateway({ app: "crm", port })).rejects.toThrow(/EADDRINUSE/);
    await expect(startMockGateway({ app: "zoho" as never })).rejects.toThrow(/app must be "crm" or "bigin"/);
    await expect(startMockGateway({ app: "crm", latencyMs: -1 })).rejects.toThrow(RangeError);
    await expect(startMockGateway({ app: "crm", faults: [{ kind: "418" as never }] })).rejects.toThrow(
      /unknown fault kind/,
    );
  });
});
