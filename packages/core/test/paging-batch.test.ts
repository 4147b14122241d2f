import { describe, expect, it } from "vitest";
import { ApiError, type Page, ZohoKitError } from "../src/index.js";
import { type Cursor, chunkResults, paginate, runBatches } from "../src/internal.js";

/** An answer as the one request function hands it back. */
const reply = (status: number, body: unknown, repeated = false) => ({
  status,
  body,
  headers: new Headers(),
  repeated,
  attempts: repeated ? 2 : 1,
});
const created = { needsId: true } as const;

const describeFailure = (status: number) =>
  new ApiError({ status, code: "HTTP_ERROR", message: `failed ${status}`, method: "POST", path: "/p" });

function pages(total: number, perPage: number, log: Cursor[]) {
  return async (cursor: Cursor): Promise<Page<{ id: string }>> => {
    log.push(cursor);
    const offset =
      cursor.pageToken !== undefined ? Number(cursor.pageToken) : ((cursor.page ?? 1) - 1) * perPage;
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - offset)) }, (_, i) => ({
      id: String(offset + i),
    }));
    const more = offset + perPage < total;
    return { data, info: { more_records: more, next_page_token: more ? String(offset + perPage) : null } };
  };
}

describe("paginate", () => {
  it("uses page numbers up to 2,000 records, then page tokens", async () => {
    const log: Cursor[] = [];
    const ids: string[] = [];
    for await (const record of paginate(pages(2500, 200, log), { perPage: 200 })) ids.push(record.id);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    expect(log.slice(0, 10).map((c) => c.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log.slice(10).map((c) => c.pageToken)).toEqual(["2000", "2200", "2400"]);
  });

  it("stops at the limit without fetching further pages", async () => {
    const log: Cursor[] = [];
    const ids: string[] = [];
    for await (const record of paginate(pages(1000, 100, log), { perPage: 100, limit: 150 }))
      ids.push(record.id);
    expect(ids).toHaveLength(150);
    expect(log).toHaveLength(2);
  });

  it("explains an expired page token", async () => {
    let calls = 0;
    const fetchPage = async (cursor: Cursor): Promise<Page<{ id: string }>> => {
      calls++;
      if (cursor.pageToken) {
        throw new ApiError({
          status: 400,
          code: "EXPIRED_VALUE",
          message: "expired",
          method: "GET",
          path: "/crm/v8/Leads",
        });
      }
      return { data: [{ id: String(calls) }], info: { more_records: true, next_page_token: "t" } };
    };
    const consume = async () => {
      for await (const _ of paginate(fetchPage, { perPage: 2000 })) {
        // keep reading
      }
    };
    await expect(consume()).rejects.toThrow(/restart the scan/);
  });

  it("yields the records in memory before saying why the scan cannot go on", async () => {
    const fetchPage = async (cursor: Cursor): Promise<Page<{ id: string }>> =>
      cursor.page === 1
        ? { data: [{ id: "1" }, { id: "2" }], info: { more_records: true, next_page_token: null } }
        : { data: [], info: {} };
    const seen: string[] = [];
    const consume = async () => {
      for await (const record of paginate(fetchPage, { perPage: 2000 })) seen.push(record.id);
    };
    await expect(consume()).rejects.toThrow(/no next_page_token/);
    expect(seen).toEqual(["1", "2"]);
  });

  it("refuses to loop on a repeated page token", async () => {
    const fetchPage = async (): Promise<Page<{ id: string }>> => ({
      data: [{ id: "1" }],
      info: { more_records: true, next_page_token: "same" },
    });
    const consume = async () => {
      for await (const _ of paginate(fetchPage, { perPage: 2000 })) {
        // keep reading
      }
    };
    await expect(consume()).rejects.toThrow(ZohoKitError);
  });
});

describe("batches", () => {
  it("accounts for every item of a chunk, in order, from data[]", () => {
    const body = {
      data: [
        { code: "SUCCESS", status: "success", message: "ok", details: { id: "11" } },
        {
          code: "MANDATORY_NOT_FOUND",
          status: "error",
          message: "required field not found",
          details: { api_name: "Last_Name" },
        },
      ],
    };
    const { succeeded, failed } = chunkResults({ reply: reply(207, body) }, 100, 2, created, describeFailure);
    expect(succeeded).toEqual([{ index: 100, id: "11", code: "SUCCESS", details: { id: "11" } }]);
    expect(failed).toEqual([
      {
        index: 101,
        code: "MANDATORY_NOT_FOUND",
        message: "required field not found",
        details: { api_name: "Last_Name" },
      },
    ]);
  });

  it("fails every item of a chunk whose answer has no per-item results", () => {
    const { failed } = chunkResults(
      { reply: reply(400, { code: "INVALID_MODULE" }) },
      0,
      3,
      created,
      describeFailure,
    );
    expect(failed.map((f) => f.index)).toEqual([0, 1, 2]);
    const short = chunkResults(
      { reply: reply(200, { data: [{ status: "success", details: { id: "1" } }] }) },
      0,
      2,
      created,
      describeFailure,
    );
    // A success answer that does not account for each input: their fate is unknown, never "failed".
    expect(short.failed.map((f) => f.code)).toEqual(["AMBIGUOUS", "AMBIGUOUS"]);
  });

  it("sends chunks of 100 with bounded concurrency and reports each index once", async () => {
    let inFlight = 0;
    let peak = 0;
    const sizes: number[] = [];
    const result = await runBatches(
      Array.from({ length: 950 }, (_, i) => i),
      {
        chunkSize: 100,
        concurrency: 3,
        describeWholeFailure: describeFailure,
        shape: () => created,
        send: async (chunk, offset) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          sizes.push(chunk.length);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
          if (offset === 300) throw new Error("boom");
          return reply(200, {
            data: chunk.map((n) => ({ status: "success", code: "SUCCESS", details: { id: String(n) } })),
          });
        },
      },
    );
    expect(sizes.sort((a, b) => a - b)).toEqual([50, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(peak).toBe(3);
    expect(result.succeeded).toHaveLength(850);
    expect(result.failed.map((f) => f.index)).toEqual(Array.from({ length: 100 }, (_, i) => 300 + i));
    const indexes = [...result.succeeded, ...result.failed].map((r) => r.index).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 950 }, (_, i) => i));
  });
});
