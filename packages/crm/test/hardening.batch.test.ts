/**
 * Truthful batch results, bounded scans, shared limits and input checks (issue 14, items 5 to 9, 13 and 22).
 * Every input is reported exactly once and never as another input's result; what the client cannot know is
 * AMBIGUOUS; a failure every request would meet stops the write.
 */

import { type ScriptedServer, scriptedServer, sendJson } from "@zohokit/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, type BatchResult, createCrmClient, eq, ZohoKitError } from "../src/index.js";
import { successes } from "./zoho-answers.js";

const KEY = "mk_batch_4Rt8yU2iO6pA";
const IDS = ["5725767000000524101", "5725767000000524102", "5725767000000524103"];

const servers: ScriptedServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function clientAnswering(status: number, body: unknown, key = KEY) {
  const server = await scriptedServer((_request, res) => sendJson(res, status, body));
  servers.push(server);
  return {
    server,
    crm: createCrmClient({ apiKey: key, baseUrl: server.url, retry: false, maxConcurrency: 1 }),
  };
}

function codes(result: BatchResult): string[] {
  return [
    ...result.succeeded.map((s) => `${s.index}:ok:${s.id}`),
    ...result.failed.map((f) => `${f.index}:${f.code}`),
  ].sort();
}

describe("answers that do not account for each input", () => {
  it.each([
    ["fewer items than sent", 200, successes(2)],
    ["more items than sent", 200, successes(4)],
    ["a null item", 200, { data: [...successes(2).data, null] }],
    ["an empty data", 200, { data: [] }],
    ["no data at all", 200, { info: {} }],
    ["a 201 with no body", 201, undefined],
  ])(
    "%s: every input is AMBIGUOUS, with a message that says what the answer looked like",
    async (_name, status, body) => {
      const { crm } = await clientAnswering(status, body);
      const created = await crm.records.create("Leads", [
        { Last_Name: "A" },
        { Last_Name: "B" },
        { Last_Name: "C" },
      ]);
      expect(created.succeeded).toEqual([]);
      expect(created.failed.map((f) => f.code)).toEqual(["AMBIGUOUS", "AMBIGUOUS", "AMBIGUOUS"]);
      expect(created.failed[0]?.message).toMatch(
        /answered 20[01] with .*(for 3 records sent|instead of JSON)/,
      );
      // Never another record's id or a success code on a record whose fate is unknown.
      expect(JSON.stringify(created.failed)).not.toMatch(/"SUCCESS"|5725767000000601/);
    },
  );

  it("update and delete results are matched by id: out of order is fine, another record's result is AMBIGUOUS", async () => {
    const swapped = {
      data: [
        { code: "SUCCESS", status: "success", message: "ok", details: { id: IDS[2] } },
        { code: "INVALID_DATA", status: "error", message: "record not deleted", details: { id: IDS[0] } },
        { code: "SUCCESS", status: "success", message: "ok", details: { id: IDS[1] } },
      ],
    };
    const { crm } = await clientAnswering(207, swapped);
    const deleted = await crm.records.delete("Leads", IDS);
    expect(codes(deleted)).toEqual([`0:INVALID_DATA`, `1:ok:${IDS[1]}`, `2:ok:${IDS[2]}`]);

    const foreign = {
      data: [
        { code: "SUCCESS", status: "success", message: "ok", details: { id: IDS[0] } },
        { code: "SUCCESS", status: "success", message: "ok", details: { id: "5725767000000999999" } },
        { code: "SUCCESS", status: "success", message: "ok", details: { id: IDS[0] } },
      ],
    };
    const { crm: other } = await clientAnswering(200, foreign, `${KEY}x`);
    const updated = await other.records.update(
      "Leads",
      IDS.map((id) => ({ id, Last_Name: "X" })),
    );
    // IDS[0] has two results, IDS[1] and IDS[2] none of their own.
    expect(codes(updated)).toEqual(["0:AMBIGUOUS", "1:AMBIGUOUS", "2:AMBIGUOUS"]);
  });

  it("a success without an id: an update or delete succeeded (its id is known), a create is AMBIGUOUS", async () => {
    const noId = {
      data: IDS.map(() => ({ code: "SUCCESS", status: "success", message: "ok", details: {} })),
    };
    const { crm } = await clientAnswering(200, noId);
    const updated = await crm.records.update(
      "Leads",
      IDS.map((id) => ({ id, Email: "x@example.com" })),
    );
    expect(updated.succeeded.map((s) => s.id)).toEqual(IDS);
    const created = await crm.records.create(
      "Leads",
      IDS.map(() => ({ Last_Name: "X" })),
    );
    expect(created.failed.map((f) => f.code)).toEqual(["AMBIGUOUS", "AMBIGUOUS", "AMBIGUOUS"]);
    expect(created.failed[0]?.message).toMatch(/success without the record's id/);
  });
});

describe("a failure every request would meet stops the write", () => {
  it.each([
    [401, { code: "INVALID_TOKEN", message: "invalid oauth token", status: "error" }],
    [401, { code: "OAUTH_SCOPE_MISMATCH", message: "invalid oauth scope", status: "error" }],
    [
      403,
      {
        code: "NO_PERMISSION",
        message: "permission denied",
        details: { permissions: ["Crm_Implied_Create_Leads"] },
      },
    ],
    [
      400,
      {
        data: [
          {
            code: "INVALID_MODULE",
            details: { resource_path_index: 0 },
            message: "invalid",
            status: "error",
          },
        ],
      },
    ],
    [404, { code: "INVALID_URL_PATTERN", message: "check the URL", status: "error" }],
  ])("%i %j: throws an ApiError carrying the partial result, sends nothing more", async (status, body) => {
    let requests = 0;
    const server = await scriptedServer((request, res) => {
      requests++;
      const count = (JSON.parse(request.body) as { data: unknown[] }).data.length;
      if (requests === 1) sendJson(res, 201, successes(count));
      else sendJson(res, status, body);
    });
    servers.push(server);
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url, maxConcurrency: 1 });
    const inputs = Array.from({ length: 450 }, (_, i) => ({ Last_Name: `L${i}` }));
    const error = (await crm.records.create("Leads", inputs).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(requests).toBe(2);
    const result = error.result!;
    expect(result.succeeded.map((s) => s.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(result.failed.slice(0, 100).every((f) => f.code === error.code)).toBe(true);
    expect(result.failed.slice(100).every((f) => f.code === "NOT_SENT")).toBe(true);
    expect([...result.succeeded, ...result.failed].map((r) => r.index).sort((a, b) => a - b)).toEqual(
      inputs.map((_, i) => i),
    );
    expect(error.message).toMatch(/The write stopped: 100 of 450 succeeded, 250 were not sent/);
  });

  it("item-level failures never throw", async () => {
    const { crm } = await clientAnswering(400, {
      data: [
        {
          code: "MANDATORY_NOT_FOUND",
          status: "error",
          message: "required field not found",
          details: { api_name: "Last_Name" },
        },
        { code: "INVALID_DATA", status: "error", message: "invalid data", details: { api_name: "Email" } },
      ],
    });
    const created = await crm.records.create("Leads", [{ Email: "a" }, { Email: "b" }]);
    expect(created.failed.map((f) => f.code)).toEqual(["MANDATORY_NOT_FOUND", "INVALID_DATA"]);
  });
});

describe("scans against servers that ignore paging", () => {
  const page = (ids: string[], token?: string) => ({
    data: ids.map((id) => ({ id, Email: `${id}@example.com` })),
    info: { more_records: true, next_page_token: token ?? null, per_page: ids.length },
  });

  it("the same records with a fresh page token each time: stops after the distinct ones, saying why", async () => {
    let call = 0;
    const server = await scriptedServer((_request, res) =>
      sendJson(
        res,
        200,
        page(
          Array.from({ length: 200 }, (_, i) => String(5725767000000700000n + BigInt(i))),
          `t${call++}`,
        ),
      ),
    );
    servers.push(server);
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const record of crm.records.iterate("Leads", { fields: ["Email"] })) seen.push(record.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("PAGING_LOOP");
    expect((error as ApiError).message).toMatch(
      /brought none not already read \(after 200 distinct records\)/,
    );
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    expect(server.requests.length).toBe(2);
  });

  it("a server that ignores `page` yields no duplicate", async () => {
    const server = await scriptedServer((request, res) => {
      const shift = request.query.page === "2" ? 100 : 0;
      const ids = Array.from({ length: 200 }, (_, i) => String(5725767000000700000n + BigInt(i + shift)));
      sendJson(res, 200, { ...page(ids), info: { more_records: request.query.page !== "3" } });
    });
    servers.push(server);
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const record of crm.records.iterate("Leads", { fields: ["Email"] })) seen.push(record.id);
    })().catch((e: unknown) => e);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(300);
    expect(error).toBeUndefined();
  });

  it("says how many records it read when page tokens run out", async () => {
    const server = await scriptedServer((request, res) => {
      const n = Number(request.query.page ?? 11);
      const ids = Array.from({ length: 200 }, (_, i) => String(5725767000000700000n + BigInt(n * 200 + i)));
      sendJson(res, 200, page(ids, n >= 11 ? undefined : `t${n}`));
    });
    servers.push(server);
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url });
    let count = 0;
    const error = await (async () => {
      for await (const _ of crm.records.iterate("Leads", { fields: ["Email"] })) count++;
    })().catch((e: unknown) => e);
    expect(count).toBe(2200);
    expect((error as Error).message).toMatch(/more records after 2200 but no next_page_token/);
  });
});

describe("scan messages count what was read", () => {
  it("a repeated page token is reported after every record read, the page that carried it included", async () => {
    const server = await scriptedServer((request, res) => {
      const n = request.query.page_token
        ? 10 + Number(request.query.page_token.slice(1))
        : Number(request.query.page);
      const ids = Array.from({ length: 200 }, (_, i) => String(5725767000000700000n + BigInt(n * 200 + i)));
      sendJson(res, 200, page(ids, "t1"));
    });
    servers.push(server);
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url });
    let count = 0;
    const error = await (async () => {
      for await (const _ of crm.records.iterate("Leads", { fields: ["Email"] })) count++;
    })().catch((e: unknown) => e);
    expect(count).toBe(2200);
    expect((error as Error).message).toMatch(/same next_page_token twice after 2200 records/);
  });

  function page(ids: string[], token: string) {
    return {
      data: ids.map((id) => ({ id, Email: `${id}@example.com` })),
      info: { more_records: true, next_page_token: token, per_page: ids.length },
    };
  }
});

describe("one limit per org in a process", () => {
  it("two clients of the same key and connection share the concurrency limit and the 429 pause", async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const sentAt: number[] = [];
    const server = await scriptedServer(async (_request, res) => {
      calls++;
      sentAt.push(Date.now());
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      if (calls === 1) sendJson(res, 429, { code: "TOO_MANY_REQUESTS" }, { "Retry-After": "0.3" });
      else sendJson(res, 200, { org: [{ id: "1" }] });
    });
    servers.push(server);
    const options = {
      apiKey: `${KEY}-shared`,
      connection: "0e7f6a2c-91d4-4f3e-a7c8-2d6b9e1f0a34",
      baseUrl: server.url,
    };
    const first = createCrmClient({ ...options, maxConcurrency: 5 });
    const second = createCrmClient({ ...options, maxConcurrency: 5 });
    const rateLimitedAt = { at: 0 };
    const started = Date.now();
    await first.org.get().catch(() => {});
    rateLimitedAt.at = Date.now();
    // The pause set by the first client's 429 holds the second client's requests as well.
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).org.get()));
    expect(peak).toBeLessThanOrEqual(5);
    const afterPause = sentAt.slice(1);
    expect(Math.min(...afterPause) - started).toBeGreaterThanOrEqual(290);
  });
});

describe("input checks before any request", () => {
  it("refuses a wfTrigger that is not a boolean, and hand-made criteria past 10 conditions", async () => {
    const fetch = vi.fn(async () => new Response("{}"));
    const crm = createCrmClient({ apiKey: KEY, fetch });
    await expect(
      crm.records.delete("Leads", [IDS[0]!], { wfTrigger: { ids: 999 } as never }),
    ).rejects.toThrow(/wfTrigger must be true or false/);
    const text = Array.from({ length: 11 }, (_, i) => `(Email:equals:${i})`).join("and");
    const handMade = {
      text: `(${text})`,
      conditions: 1,
      operators: new Set(["equals"]),
      toString: () => text,
    };
    await expect(crm.records.search("Leads", { criteria: handMade as never })).rejects.toThrow(
      /at most 10 conditions/,
    );
    await expect(crm.records.search("Leads", { criteria: `(${text})` })).rejects.toThrow(ZohoKitError);
    const built = Array.from({ length: 10 }, (_, i) => eq("Email", String(i)));
    await expect(
      crm.records.search("Leads", { criteria: { text: "", conditions: 0 } as never }),
    ).rejects.toThrow(/must not be empty/);
    expect(built).toHaveLength(10);
    expect(fetch).not.toHaveBeenCalled();
  });
});
