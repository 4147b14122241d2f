import { type FakeZoho, type FakeZohoOptions, startFakeZoho } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  ApiError,
  type ClientOptions,
  type CrmClient,
  createCrmClient,
  ErrorCodes,
  eq,
  ZohoKitError,
} from "../src/index.js";

const API_KEY = "mk_server_secret_abcdef012345";
const CONNECTION = "21fd90f9-5935-43cd-b6c8-bde9d915ca80";

let server: FakeZoho | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeZohoOptions, client: ClientOptions = {}) {
  server = await startFakeZoho(options);
  const crm = createCrmClient({
    apiKey: API_KEY,
    connection: CONNECTION,
    baseUrl: server.url,
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 10 },
    ...client,
  });
  return { server, crm };
}

const leads = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ Last_Name: `Lead ${from + i}` }));

describe("paging", () => {
  it("scans 2,500 records, moving from page numbers to page_token before 2,000", async () => {
    const { server, crm } = await setup({ seedRecords: [{ module: "Leads", count: 2500 }] });
    const ids: string[] = [];
    for await (const lead of crm.records.iterate("Leads", { fields: ["Last_Name", "Email"], perPage: 200 })) {
      ids.push(lead.id);
    }
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(server.records("Leads").map((r) => r.id));
    const lists = server.requests.filter((r) => r.method === "GET");
    expect(lists).toHaveLength(13);
    expect(lists.slice(0, 10).map((r) => r.query.page)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
    ]);
    for (const request of lists.slice(10)) {
      expect(request.query.page_token).toBeTruthy();
      expect(request.query.page).toBeUndefined();
    }
  });

  it("tells the user to restart the scan when a page token expires", async () => {
    const { server, crm } = await setup({ seedRecords: [{ module: "Leads", count: 2300 }] });
    const consume = async () => {
      let n = 0;
      for await (const _ of crm.records.iterate("Leads", { fields: ["Last_Name"] })) {
        if (++n === 2000) server.expireAllTokens();
      }
    };
    const error = (await consume().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("EXPIRED_VALUE");
    expect(error.message).toMatch(/restart the scan/);
  });

  it("treats a 204 as an empty page", async () => {
    const { crm } = await setup({ modules: { Leads: [] } });
    expect((await crm.records.list("Leads", { fields: ["Last_Name"] })).data).toEqual([]);
    const all: unknown[] = [];
    for await (const lead of crm.records.iterate("Leads", { fields: ["Last_Name"] })) all.push(lead);
    expect(all).toEqual([]);
  });
});

describe("batches", () => {
  it("creates 250 records as 3 requests and reports every index", async () => {
    const { server, crm } = await setup({ modules: { Leads: [] } });
    const result = await crm.records.create("Leads", leads(250));
    const posts = server.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => (r.body as { data: unknown[] }).data.length).sort((a, b) => a - b)).toEqual([
      50, 100, 100,
    ]);
    expect(result.failed).toEqual([]);
    expect(result.succeeded.map((s) => s.index)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(new Set(result.succeeded.map((s) => s.id)).size).toBe(250);
    expect(server.records("Leads")).toHaveLength(250);
  });

  it("reports a 207 with mixed results item by item, never throwing", async () => {
    const { crm } = await setup({ modules: { Leads: [] } });
    const inputs = [{ Last_Name: "A" }, { Email: "no-last-name@example.com" }, { Last_Name: "C" }];
    const result = await crm.records.create("Leads", inputs);
    expect(result.succeeded.map((s) => s.index)).toEqual([0, 2]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({
      index: 1,
      code: "MANDATORY_NOT_FOUND",
      details: { api_name: "Last_Name" },
    });
  });

  it("reports per-item errors of an all-failed 400 without throwing", async () => {
    const { crm } = await setup({ modules: { Leads: [] } });
    const result = await crm.records.create("Leads", [
      { Email: "a@example.com" },
      { Email: "b@example.com" },
    ]);
    expect(result.succeeded).toEqual([]);
    expect(result.failed.map((f) => [f.index, f.code])).toEqual([
      [0, "MANDATORY_NOT_FOUND"],
      [1, "MANDATORY_NOT_FOUND"],
    ]);
  });

  it("updates, upserts and deletes in batches with every index accounted for", async () => {
    const { server, crm } = await setup({ seedRecords: [{ module: "Leads", count: 150 }] });
    const ids = server.records("Leads").map((r) => r.id);
    const updated = await crm.records.update("Leads", [
      ...ids.map((id) => ({ id, Last_Name: "Renamed" })),
      { id: "1", Last_Name: "x" },
    ]);
    expect(updated.succeeded).toHaveLength(150);
    expect(updated.failed).toMatchObject([{ index: 150, code: "INVALID_DATA" }]);
    const upserted = await crm.records.upsert(
      "Leads",
      [
        { Last_Name: "New", Email: "fresh@example.com" },
        { Last_Name: "Seed", Email: "seed1@example.com" },
      ],
      { duplicateCheckFields: ["Email"] },
    );
    expect(upserted.succeeded.map((s) => s.action)).toEqual(["insert", "update"]);
    const deleted = await crm.records.delete("Leads", ids);
    expect(deleted.succeeded.map((s) => s.id)).toEqual(ids);
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(2);
  });
});

describe("search", () => {
  it("returns an empty page on 204 and finds with escaped criteria", async () => {
    const { crm } = await setup({
      modules: { Leads: [{ id: "10", Last_Name: "O'Brien (Jr), III", Email: "ob@example.com" }] },
    });
    expect((await crm.records.search("Leads", { criteria: eq("Last_Name", "Nobody") })).data).toEqual([]);
    const found = await crm.records.search("Leads", { criteria: eq("Last_Name", "O'Brien (Jr), III") });
    expect(found.data.map((r) => r.id)).toEqual(["10"]);
    const all: string[] = [];
    for await (const lead of crm.records.searchAll("Leads", { email: "ob@example.com" })) all.push(lead.id);
    expect(all).toEqual(["10"]);
    expect(await crm.records.count("Leads", { criteria: eq("Last_Name", "O'Brien (Jr), III") })).toBe(1);
  });
});

describe("retries and faults", () => {
  it("retries a 429 and then succeeds", async () => {
    const { server, crm } = await setup({
      seedRecords: [{ module: "Leads", count: 5 }],
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 2, kind: "429" } },
    });
    const page = await crm.records.list("Leads", { fields: ["Last_Name"] });
    expect(page.data).toHaveLength(5);
    expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it("retries a 500 on GET but never re-sends a create", async () => {
    const { server, crm } = await setup({
      seedRecords: [{ module: "Leads", count: 3 }],
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 1, kind: "500" } },
    });
    expect((await crm.records.list("Leads", { fields: ["Last_Name"] })).data).toHaveLength(3);
    expect(server.requests).toHaveLength(2);

    const { server: second, crm: writer } = await (async () => {
      await server.close();
      return setup({
        modules: { Leads: [] },
        faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 1, kind: "500" } },
      });
    })();
    const result = await writer.records.create("Leads", leads(3));
    expect(second.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(result.succeeded).toEqual([]);
    expect(result.failed.map((f) => [f.index, f.code])).toEqual([
      [0, ErrorCodes.AMBIGUOUS],
      [1, ErrorCodes.AMBIGUOUS],
      [2, ErrorCodes.AMBIGUOUS],
    ]);
    expect(result.failed[0]?.message).toMatch(/upsert/);
  });

  it("re-sends a create after a 5xx only when the caller opts in", async () => {
    const { server, crm } = await setup({
      modules: { Leads: [] },
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 1, kind: "503" } },
    });
    const result = await crm.records.create("Leads", leads(2), { retryUnsafe: true });
    expect(result.succeeded).toHaveLength(2);
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("keeps the API key and connection id out of every error", async () => {
    const { crm } = await setup(
      { modules: { Leads: [] }, faults: { seed: 7, rate: 1, kinds: ["html"] } },
      { retry: false },
    );
    const errors: unknown[] = [];
    errors.push(await crm.records.list("Leads", { fields: ["Last_Name"] }).catch((e: unknown) => e));
    errors.push(await crm.records.get("Leads", "1").catch((e: unknown) => e));
    errors.push(await crm.records.create("Leads", leads(1)));
    const unauthorized = createCrmClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", retry: false });
    errors.push(await unauthorized.records.list("Leads", { fields: ["Last_Name"] }).catch((e: unknown) => e));
    for (const error of errors) {
      const text = [
        JSON.stringify(error),
        String(error),
        (error as Error).stack ?? "",
        JSON.stringify((error as ApiError).details),
      ].join("\n");
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(CONNECTION);
    }
    expect((errors[0] as ApiError).code).toBe("HTTP_ERROR");
  });
});

describe("bad input is refused before any request", () => {
  it.each([
    ["no fields", (c: Crm) => c.records.list("Leads", { fields: [] }), /requires `fields`/],
    [
      "51 fields",
      (c: Crm) => c.records.list("Leads", { fields: Array.from({ length: 51 }, (_, i) => `F${i}`) }),
      /at most 50/,
    ],
    [
      "a numeric id",
      (c: Crm) => c.records.get("Leads", Number("5725767000000524157") as unknown as string),
      /string of digits/,
    ],
    ["an id with letters", (c: Crm) => c.records.get("Leads", "12ab"), /string of digits/],
    ["an empty batch", (c: Crm) => c.records.create("Leads", []), /empty/],
    [
      "a malformed module",
      (c: Crm) => c.records.list("Leads/../org", { fields: ["Last_Name"] }),
      /module API name/,
    ],
    [
      "two search filters",
      // @ts-expect-error two filters: a type error too
      (c: Crm) => c.records.search("Leads", { email: "a@b.c", word: "ab" }),
      /exactly one/,
    ],
    ["a one-letter word", (c: Crm) => c.records.search("Leads", { word: "a" }), /at least 2 characters/],
    // @ts-expect-error no filter: a type error too
    ["no search filter", (c: Crm) => c.records.search("Leads", {}), /one of criteria/],
    ["a page past 2,000", (c: Crm) => c.records.list("Leads", { fields: ["Id"], page: 11 }), /2000 records/],
    ["perPage 500", (c: Crm) => c.records.list("Leads", { fields: ["Id"], perPage: 500 }), /perPage/],
    ["an update without id", (c: Crm) => c.records.update("Leads", [{} as { id: string }]), /id must be/],
    [
      "a bad trigger",
      (c: Crm) => c.records.create("Leads", leads(1), { trigger: ["nope" as "workflow"] }),
      /trigger/,
    ],
  ] as [string, (c: Crm) => Promise<unknown>, RegExp][])("refuses %s", async (_name, call, message) => {
    const { server, crm } = await setup({ modules: { Leads: [] } });
    const error = await Promise.resolve()
      .then(() => call(crm))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoKitError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});

type Crm = CrmClient;
