/**
 * Typed COQL and records.export against @zohokit/mock: escaping (hostile values cannot change the query), keyset
 * iteration past 2,000 rows and past the 100,000-row offset ceiling, exports through 20% faults and 429 storms
 * (0 lost, 0 duplicated), the fallback to records.iterate without the COQL scope, and error hints.
 */
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  ApiError,
  type CoqlWhere,
  createCrmClient,
  type FallbackEvent,
  type LooseOrg,
  ZohoKitError,
} from "../src/index.js";

const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function mock(options: Parameters<typeof startMockGateway>[0] = { app: "crm" }) {
  const zoho = await startMockGateway(options);
  gateways.push(zoho);
  return zoho;
}
const client = (zoho: MockGateway, extra: Parameters<typeof createCrmClient>[0] = {}) =>
  createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, ...extra });

const loose = createCrmClient({ apiKey: "test-key-123456", baseUrl: "http://127.0.0.1:9" });

describe("the COQL text", () => {
  it("selects, filters in bracketed pairs, sorts and limits", () => {
    const text = loose.coql
      .select("Leads", ["Last_Name", "Owner.name"])
      .where("Lead_Status", "=", "Contacted")
      .where((w) => w.or(w("Annual_Revenue", ">", 1000), w("Email", "is null")))
      .orderBy("Created_Time", "desc")
      .limit(100, 200)
      .toString();
    expect(text).toBe(
      "select Last_Name, Owner.name from Leads where (Lead_Status = 'Contacted' and (Annual_Revenue > 1000 or Email is null)) order by Created_Time desc limit 200, 100",
    );
  });

  it("escapes hostile values so none can change the query", () => {
    const hostile = ["O'Brien", "x' or id is not null or '", "back\\", "\\' or 1=1 --", "a''b", "%_()"];
    for (const value of hostile) {
      const text = loose.coql.select("Leads", ["id"]).where("Last_Name", "=", value).toString();
      const literal = text.slice("select id from Leads where Last_Name = ".length);
      // One literal: starts and ends with a quote, and every quote inside is doubled.
      expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
      expect(literal.slice(1, -1).replace(/''/g, "")).not.toContain("'");
      expect(literal.slice(1, -1).replace(/\\\\/g, "")).not.toContain("\\");
    }
    expect(loose.coql.value("it's")).toBe("'it''s'");
    expect(loose.coql.value(null)).toBe("null");
    expect(loose.coql.value(true)).toBe("true");
    expect(loose.coql.value(1e21)).toBe("1000000000000000000000");
    expect(loose.coql.value(12345678901234567890n)).toBe("12345678901234567890");
    expect(loose.coql.value(new Date(Date.UTC(2026, 4, 14, 12, 51, 54)))).toBe("'2026-05-14T12:51:54+00:00'");
    expect(() => loose.coql.value(Number.NaN)).toThrow(ZohoKitError);
    expect(() => loose.coql.value("a\u0000b")).toThrow(ZohoKitError);
    expect(() => loose.coql.value("\ud800")).toThrow(ZohoKitError);
    expect(() => loose.coql.value({} as never)).toThrow(ZohoKitError);
    // ids compare as numbers, never through Number
    expect(loose.coql.select("Leads", ["id"]).where("id", ">", "5725767000001000001").toString()).toBe(
      "select id from Leads where id > 5725767000001000001",
    );
    expect(() => loose.coql.select("Leads", ["id"]).where("id", ">", "1 or 1=1")).toThrow(ZohoKitError);
    expect(() => loose.coql.select("Leads", ["id"]).where("Email; drop" as never, "=", "x")).toThrow(
      ZohoKitError,
    );
    expect(() => loose.coql.select("Leads; x" as never, ["id"])).toThrow(ZohoKitError);
  });

  it("refuses more than 25 conditions, and limits past Zoho's, before any request", () => {
    const w = (n: number) => (c: CoqlWhere<LooseOrg, "Leads">) =>
      c.and(...Array.from({ length: n }, (_, i) => c("Last_Name", "=", `n${i}`)));
    expect(() => loose.coql.select("Leads", ["id"]).where(w(26))).toThrow(/at most 25 conditions/);
    expect(() => loose.coql.select("Leads", ["id"]).where(w(25)).iterate()).toThrow(/paging by id/);
    expect(() => loose.coql.select("Leads", ["id"]).limit(2001)).toThrow(ZohoKitError);
    expect(() => loose.coql.select("Leads", ["id"]).limit(2000, 98_001)).toThrow(/iterate/);
    expect(() => loose.coql.select("Leads", ["id"]).orderBy("Last_Name").iterate()).toThrow(/id order/);
  });
});

describe("COQL against the mock", () => {
  it("pages, filters on lookups, answers 204 as no rows", async () => {
    const zoho = await mock();
    zoho.store.add("Leads", [
      { Last_Name: "O'Brien", Owner: { id: "1", name: "Ann" }, Annual_Revenue: 10 },
      { Last_Name: "Smith", Owner: { id: "2", name: "Bob" }, Annual_Revenue: 5000 },
    ]);
    const crm = client(zoho);
    const page = await crm.coql
      .select("Leads", ["Last_Name", "Owner.name"])
      .where((w) => w.and(w("Last_Name", "=", "O'Brien"), w("Owner.name", "like", "A%")))
      .page();
    expect(page.data).toEqual([expect.objectContaining({ Last_Name: "O'Brien", "Owner.name": "Ann" })]);
    const none = await crm.coql
      .select("Leads", ["id"])
      .where("Last_Name", "=", "x' or id is not null or '")
      .page();
    expect(none).toEqual({ data: [], info: { count: 0, more_records: false } });
    const raw = await crm.coql.run(
      `select Last_Name from Leads where Annual_Revenue between 100 and ${crm.coql.value(9999)}`,
    );
    expect(raw.data.map((row) => row.Last_Name)).toEqual(["Smith"]);
  });

  it("maps COQL errors to ApiError with a hint naming the clause", async () => {
    const zoho = await mock();
    zoho.store.generate("Leads", 3);
    const crm = client(zoho);
    const error = await crm.coql.run("select id from Leads limit 0, 5000").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("LIMIT_EXCEEDED");
    expect((error as ApiError).message).toMatch(/limit clause/);
    const syntax = await crm.coql.run("select id form Leads").catch((e: unknown) => e);
    expect((syntax as ApiError).code).toBe("SYNTAX_ERROR");
    expect((syntax as ApiError).message).toMatch(/from clause/);
  });

  it("iterates past 2,000 rows and past the 100,000-row offset ceiling by id", async () => {
    const zoho = await mock();
    zoho.store.generate("Leads", 100_500);
    const crm = client(zoho);
    const ids = new Set<string>();
    let rows = 0;
    for await (const row of crm.coql.select("Leads", ["Last_Name"]).iterate()) {
      ids.add(row.id);
      rows++;
    }
    expect(rows).toBe(100_500);
    expect(ids.size).toBe(100_500);
    const calls = zoho.requests.filter((r) => r.path === "/crm/v8/coql");
    expect(calls.length).toBe(51);
    expect(JSON.stringify(calls.at(-1)?.body)).toMatch(/id > \d{19}/);
    // a cap
    let capped = 0;
    for await (const _ of crm.coql.select("Leads", ["id"]).iterate({ limit: 2500 })) capped++;
    expect(capped).toBe(2500);
  }, 120_000);
});

describe("records.export against the mock", () => {
  const exported = async (zoho: MockGateway, concurrency = 10, extra = {}) => {
    const crm = client(zoho, {
      maxConcurrency: 10,
      retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 20 },
      ...extra,
    });
    const seen = new Map<string, number>();
    for await (const record of crm.records.export("Leads", { fields: ["Last_Name"], concurrency })) {
      seen.set(record.id, (seen.get(record.id) ?? 0) + 1);
    }
    return seen;
  };

  it("reads every record exactly once through 20% failing calls and 429 storms", async () => {
    const zoho = await mock({
      app: "crm",
      seed: 18,
      faults: [
        { kind: ["500", "503", "reset-before", "502"], rate: 0.2, match: "POST /coql" },
        { kind: "429", rate: 0.3, match: "POST /coql", times: 40 },
      ],
    });
    zoho.store.generate("Leads", 30_000);
    const seen = await exported(zoho);
    expect(seen.size).toBe(30_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const expected = new Set(zoho.store.records("Leads").map((r) => r.id));
    expect([...seen.keys()].every((id) => expected.has(id))).toBe(true);
    expect(zoho.requests.some((r) => r.fault === "429")).toBe(true);
  }, 120_000);

  it("balances skewed ids: a partition that finishes takes half of the largest", async () => {
    const zoho = await mock();
    zoho.store.add("Leads", [{ id: "9000000000000000000", Last_Name: "far" }]);
    zoho.store.generate("Leads", 12_000);
    const seen = await exported(zoho, 4);
    expect(seen.size).toBe(12_001);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it("falls back to records.iterate without the COQL scope and says so", async () => {
    const zoho = await mock({ app: "crm", scopes: ["ZohoCRM.modules.ALL"] });
    zoho.store.generate("Leads", 450);
    const events: FallbackEvent[] = [];
    const seen = await exported(zoho, 10, { hooks: { onFallback: (e: FallbackEvent) => events.push(e) } });
    expect(seen.size).toBe(450);
    expect(events).toEqual([
      {
        operation: "records.export",
        module: "Leads",
        code: "OAUTH_SCOPE_MISMATCH",
        fallback: "records.iterate",
      },
    ]);
  });

  it("does not read ahead of a slow consumer", async () => {
    const zoho = await mock();
    zoho.store.generate("Leads", 40_000);
    const crm = client(zoho, { maxConcurrency: 4 });
    let n = 0;
    for await (const _ of crm.records.export("Leads", { fields: ["Last_Name"], concurrency: 2 })) {
      if (++n === 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        break;
      }
    }
    // 2 probes, 2 pages per slot of 2 slots, and one more once the consumer took the first page (of 20 pages)
    expect(zoho.requests.filter((r) => r.path === "/crm/v8/coql").length).toBeLessThanOrEqual(7);
  });
});
