/**
 * @zohokit/crm/bulk against @zohokit/mock: jobs over several pages, FAILED jobs, the poll's time limit, abort,
 * unreadable ZIPs, CSV values that need quoting, conversion by field type, typed records, and 20% faults.
 */
import { fileURLToPath } from "node:url";
import { type MockGateway, type MockGatewayOptions, startMockGateway } from "@zohokit/mock";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { rowReader } from "../src/bulk/convert.js";
import { CsvRows, MAX_CSV_FIELDS, MAX_CSV_ROW_CHARS } from "../src/bulk/csv.js";
import { bulkRead } from "../src/bulk/index.js";
import { ZipCsv } from "../src/bulk/unzip.js";
import { ApiError, createCrmClient, ZohoKitError } from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function setup(options: Partial<MockGatewayOptions> = {}) {
  const zoho = await startMockGateway({ app: "crm", ...options });
  gateways.push(zoho);
  const crm = createCrmClient({
    baseUrl: zoho.url,
    apiKey: zoho.apiKey,
    retry: { retries: 6, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { zoho, crm };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const bulkPath = (entry: { path: string }) => entry.path.startsWith("/crm/bulk/v8/read");

describe("bulkRead against the mock", () => {
  it("reads every record once across jobs of 2,500 records", async () => {
    const { zoho, crm } = await setup({ bulkRead: { perPage: 2500 } });
    zoho.store.generate("Leads", 6200);
    const jobs: number[] = [];
    const records = await collect(
      bulkRead(crm, "Leads", {
        fields: ["Last_Name", "Email"],
        pollIntervalMs: 1,
        onJob: (job) => job.state === "COMPLETED" && jobs.push(job.page),
      }),
    );
    expect(jobs).toEqual([1, 2, 3]);
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(6200);
    expect(new Set(ids)).toEqual(new Set(zoho.store.records("Leads").map((r) => r.id)));
    const creates = zoho.requests.filter((e) => e.method === "POST" && bulkPath(e));
    expect(creates.map((e) => (e.body as { query: { page: number } }).query.page)).toEqual([1, 2, 3]);
  });

  it("converts values by field type: numbers, dates, lookups as {id}, empty cells as null", async () => {
    const { zoho, crm } = await setup({ org: SAMPLE_ORG });
    zoho.store.add("Deals", [
      {
        Deal_Name: 'Big, "quoted"\nmultiline déal 🚀',
        Amount: 1234.5,
        Probability: 40,
        Closing_Date: "2026-12-31",
        Stage: "Qualification",
        Account_Name: { id: "5725767000000411999", name: "Acme" },
      },
      { Deal_Name: "Small", Amount: null, Stage: "Qualification" },
    ]);
    const records = await collect(
      bulkRead(crm, "Deals", {
        fields: ["Deal_Name", "Amount", "Probability", "Closing_Date", "Account_Name", "Owner"],
        pollIntervalMs: 1,
      }),
    );
    expect(records).toHaveLength(2);
    const big = records.find((r) => r.Deal_Name !== "Small")!;
    expect(big).toMatchObject({
      Deal_Name: 'Big, "quoted"\nmultiline déal 🚀',
      Amount: 1234.5,
      Probability: 40,
      Closing_Date: "2026-12-31",
      Account_Name: { id: "5725767000000411999" },
    });
    expect(typeof big.id).toBe("string");
    const small = records.find((r) => r.Deal_Name === "Small")!;
    expect(small.Amount).toBeNull();
    expect(small.Account_Name).toBeNull();
  });

  it("passes Zoho's criteria JSON", async () => {
    const { zoho, crm } = await setup();
    zoho.store.add("Leads", [{ Last_Name: "Keep" }, { Last_Name: "Drop" }, { Last_Name: "Keep" }]);
    const records = await collect(
      bulkRead(crm, "Leads", {
        fields: ["Last_Name"],
        criteria: { field: { api_name: "Last_Name" }, comparator: "equal", value: "Keep" },
        pollIntervalMs: 1,
      }),
    );
    expect(records.map((r) => r.Last_Name)).toEqual(["Keep", "Keep"]);
  });

  it("a FAILED job is an ApiError BULK_READ_FAILED naming the job", async () => {
    const { zoho, crm } = await setup({ bulkRead: { failJobs: true } });
    zoho.store.generate("Leads", 3);
    const error = await collect(bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 1 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("BULK_READ_FAILED");
    expect((error as ApiError).message).toMatch(/job \d+ ended in state FAILED/);
  });

  it("stops polling at maxWaitMs with BULK_READ_TIMEOUT", async () => {
    const { zoho, crm } = await setup({ bulkRead: { pollsToComplete: 1_000_000 } });
    zoho.store.generate("Leads", 3);
    const started = Date.now();
    const error = await collect(
      bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 20, maxWaitMs: 200 }),
    ).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("BULK_READ_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2000);
    const polls = zoho.requests.filter((e) => e.method === "GET" && bulkPath(e)).length;
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBeLessThan(10);
  });

  it("an abort while polling ends the read with ABORTED", async () => {
    const { zoho, crm } = await setup({ bulkRead: { pollsToComplete: 1_000_000 } });
    zoho.store.generate("Leads", 3);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);
    const error = await collect(
      bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 20, signal: controller.signal }),
    ).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("ABORTED");
  });

  it("an unreadable ZIP is an ApiError CORRUPT_RESULT after a bounded number of downloads", async () => {
    const { zoho, crm } = await setup({ bulkRead: { corruptResults: true } });
    zoho.store.generate("Leads", 50);
    const error = await collect(bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 1 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("CORRUPT_RESULT");
    expect((error as ApiError).message).toMatch(/bulk read result could not be read/);
    const downloads = zoho.requests.filter((e) => e.path.endsWith("/result")).length;
    expect(downloads).toBe(4);
  });

  it("a download cut mid-way is made again, skipping the records already given", async () => {
    const { zoho, crm } = await setup({
      faults: [{ kind: "truncated-json", match: "GET /bulk/v8/read/*/result", times: 2 }],
    });
    zoho.store.generate("Leads", 20_000);
    const ids = (
      await collect(bulkRead(crm, "Leads", { fields: ["Last_Name", "Email"], pollIntervalMs: 1 }))
    ).map((r) => r.id);
    expect(ids).toHaveLength(20_000);
    expect(new Set(ids).size).toBe(20_000);
    const downloads = zoho.requests.filter((e) => e.path.endsWith("/result"));
    expect(downloads.map((e) => e.fault ?? "ok")).toEqual(["truncated-json", "truncated-json", "ok"]);
  });

  it("a consumer that stops early ends the read without an error or another job", async () => {
    const { zoho, crm } = await setup({ bulkRead: { perPage: 100 } });
    zoho.store.generate("Leads", 300);
    let count = 0;
    for await (const _ of bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 1 })) {
      if (++count === 10) break;
    }
    expect(count).toBe(10);
    expect(zoho.requests.filter((e) => e.method === "POST" && bulkPath(e))).toHaveLength(1);
  });

  it("refuses bad input before any request", async () => {
    const { zoho, crm } = await setup();
    expect(() => bulkRead(crm, "Leads", { fields: [] })).toThrow(ZohoKitError);
    expect(() => bulkRead(crm, "Leads", { fields: ["Last_Name"], maxWaitMs: -1 })).toThrow(ZohoKitError);
    expect(() => bulkRead({} as never, "Leads", { fields: ["Last_Name"] })).toThrow(/createCrmClient/);
    expect(zoho.requests).toHaveLength(0);
  });

  it("20% faults on every call: 0 lost, 0 duplicated", async () => {
    const { zoho, crm } = await setup({
      seed: 18,
      bulkRead: { perPage: 1000 },
      faults: [
        {
          kind: ["500", "502", "503", "429", "reset-before", "reset-after", "truncated-json"],
          rate: 0.2,
        },
      ],
    });
    zoho.store.generate("Leads", 4500);
    const records = await collect(bulkRead(crm, "Leads", { fields: ["Last_Name"], pollIntervalMs: 1 }));
    const ids = records.map((r) => r.id);
    expect(ids.length).toBe(4500);
    expect(new Set(ids).size).toBe(4500);
    expect(zoho.requests.some((e) => e.fault !== undefined && bulkPath(e))).toBe(true);
  });
});

describe("the CSV reader", () => {
  it("reads quotes, commas, newlines and unicode split at every position", () => {
    const text = 'Id,Name,Note\r\n1,"a, ""b""","line1\nline2"\r\n2,ünï 🚀,\r\n3,"",x';
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = new CsvRows();
      const rows: string[][] = [];
      reader.push(text.slice(0, cut), rows);
      reader.push(text.slice(cut), rows);
      reader.end(rows);
      expect(rows).toEqual([
        ["Id", "Name", "Note"],
        ["1", 'a, "b"', "line1\nline2"],
        ["2", "ünï 🚀", ""],
        ["3", "", "x"],
      ]);
    }
  });

  it("refuses a row past its bounds (a hostile or broken result), in a quoted field or not", () => {
    const chunk = "x".repeat(1024 * 1024);
    for (const start of ['Id,"', "Id,"]) {
      const reader = new CsvRows();
      reader.push(start, []);
      expect(() => {
        for (let i = 0; i <= MAX_CSV_ROW_CHARS / chunk.length; i++) reader.push(chunk, []);
      }).toThrow(/longer than/);
    }
    const wide = new CsvRows();
    expect(() => wide.push(`${",".repeat(MAX_CSV_FIELDS)}\n`, [])).toThrow(/more than 4096 fields/);
    const ok = new CsvRows();
    const rows: string[][] = [];
    ok.push(`${"y".repeat(MAX_CSV_ROW_CHARS - 1)}\n${"z".repeat(MAX_CSV_ROW_CHARS - 1)}\n`, rows);
    expect(rows.map((row) => row[0]!.length)).toEqual([MAX_CSV_ROW_CHARS - 1, MAX_CSV_ROW_CHARS - 1]);
  });

  it("refuses a quote that never closes", () => {
    const reader = new CsvRows();
    reader.push('a,"open', []);
    expect(() => reader.end([])).toThrow(/quoted field/);
  });

  it("converts booleans, multi-select lists and big integers", () => {
    const read = rowReader(
      ["Id", "Flag", "Tags", "Big"],
      new Map([
        ["Flag", "boolean"],
        ["Tags", "multiselectpicklist"],
        ["Big", "bigint"],
      ]),
    );
    expect(read(["1", "true", "a;b", "9007199254740993"])).toEqual({
      id: "1",
      Flag: true,
      Tags: ["a", "b"],
      Big: "9007199254740993",
    });
    expect(read(["2", "false", "", "12"])).toEqual({ id: "2", Flag: false, Tags: null, Big: 12 });
  });

  it("the ZIP reader gives the CSV bytes of a ZIP pushed byte by byte, and refuses a truncated one", () => {
    const zip = zipSync({ "1.csv": strToU8("Id\r\n1\r\n") });
    const reader = new ZipCsv();
    const parts: Uint8Array[] = [];
    for (let i = 0; i < zip.length; i++)
      parts.push(...reader.push(zip.subarray(i, i + 1), i === zip.length - 1));
    expect(Buffer.concat(parts).toString()).toBe("Id\r\n1\r\n");
    const cut = new ZipCsv();
    expect(() => cut.push(zip.subarray(0, 36), true)).toThrow(/ZIP/);
  });
});

/** A small hand-written org in the shape `zohokit typegen` writes. */
interface TestOrg {
  Deals: {
    fields: { Deal_Name: string; Amount: number };
    record: { id: string; Deal_Name: string | null; Amount: number | null };
    create: { Deal_Name: string };
    update: { id: string };
    criteria: { equals?: "Deal_Name" };
  };
}

describe("bulkRead types", () => {
  it("types records from the org as records.iterate does", () => {
    const crm = createCrmClient<TestOrg>({ apiKey: "k_test_types" });
    const read = () => bulkRead(crm, "Deals", { fields: ["Amount"] });
    expectTypeOf(read).returns.toEqualTypeOf<AsyncIterable<{ id: string; Amount: number | null }>>();
    // @ts-expect-error an unknown field
    const _wrongField = () => bulkRead(crm, "Deals", { fields: ["Nope"] });
    // @ts-expect-error an unknown module
    const _wrongModule = () => bulkRead(crm, "Nope", { fields: ["Amount"] });
  });
});
