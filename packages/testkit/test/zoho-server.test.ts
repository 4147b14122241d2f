import { afterEach, describe, expect, it } from "vitest";
import { type CriteriaNode, parseCriteria } from "../src/criteria-parse.js";
import { createFaultPicker, type FaultKind, mulberry32 } from "../src/faults.js";
import { type FakeZoho, type FakeZohoOptions, startFakeZoho } from "../src/zoho-server.js";

const AUTH = { Authorization: "Bearer test-key" };
const servers: FakeZoho[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options?: FakeZohoOptions): Promise<FakeZoho> {
  const server = await startFakeZoho(options);
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test helper reads arbitrary JSON shapes
  json: any;
}

async function call(
  server: FakeZoho,
  method: string,
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
  headers: Record<string, string> = AUTH,
): Promise<Answer> {
  const url = new URL(path, server.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    json: text ? JSON.parse(text) : undefined,
  };
}

/** The escaping a client must apply to a criteria value. */
const escapeValue = (value: string) => value.replace(/[\\(),]/g, (ch) => `\\${ch}`);

describe("auth and routing", () => {
  it("requires a bearer token", async () => {
    const server = await start();
    const answer = await call(server, "GET", "/crm/v8/Leads", { fields: "Last_Name" }, undefined, {});
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      code: "INVALID_TOKEN",
      details: {},
      message: "invalid oauth token",
      status: "error",
    });
  });

  it("rejects unknown modules and paths", async () => {
    const server = await start();
    expect((await call(server, "GET", "/crm/v8/Nope", { fields: "a" })).json.code).toBe("INVALID_MODULE");
    expect((await call(server, "GET", "/crm/v2/Leads", { fields: "a" })).status).toBe(404);
    const create = await call(server, "POST", "/crm/v8/Nope", {}, { data: [{ Last_Name: "x" }] });
    expect(create.status).toBe(400);
    expect(create.json.data[0].code).toBe("INVALID_MODULE");
  });

  it("serves bigin under /bigin/v2 and can require pipeline_id", async () => {
    const server = await start({
      app: "bigin",
      requirePipelineId: true,
      seedRecords: [{ module: "Pipelines", count: 3 }],
    });
    const missing = await call(server, "GET", "/bigin/v2/Pipelines", { fields: "Deal_Name" });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({
      code: "REQUIRED_PARAM_MISSING",
      details: { param_name: "pipeline_id" },
    });
    const ok = await call(server, "GET", "/bigin/v2/Pipelines", { fields: "Deal_Name", pipeline_id: "1" });
    expect(ok.json.data).toHaveLength(3);
  });
});

describe("list and paging", () => {
  it("validates fields and per_page", async () => {
    const server = await start({ seedRecords: [{ module: "Leads", count: 1 }] });
    const missing = await call(server, "GET", "/crm/v8/Leads");
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: "REQUIRED_PARAM_MISSING", details: { param_name: "fields" } });
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`).join(",");
    const tooMany = await call(server, "GET", "/crm/v8/Leads", { fields });
    expect(tooMany.json).toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 50, param_name: "fields" },
    });
    expect((await call(server, "GET", "/crm/v8/Leads", { fields: "Email", per_page: "201" })).status).toBe(
      400,
    );
  });

  it("answers 204 with an empty body when there are no records", async () => {
    const server = await start();
    const answer = await call(server, "GET", "/crm/v8/Leads", { fields: "Last_Name" });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    expect((await call(server, "GET", "/crm/v8/Leads/123")).status).toBe(204);
  });

  it("pages past 2,000 records with page_token, sorted by id, projecting fields", async () => {
    const server = await start({ seedRecords: [{ module: "Leads", count: 2_345 }] });
    const base = { fields: "Last_Name,Email", per_page: "200" };

    const discrete = await call(server, "GET", "/crm/v8/Leads", { ...base, page: "11" });
    expect(discrete.status).toBe(400);
    expect(discrete.json).toMatchObject({
      code: "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
      details: { limit: 2000 },
    });

    const page10 = await call(server, "GET", "/crm/v8/Leads", { ...base, page: "10" });
    expect(page10.json.info).toMatchObject({ page: 10, count: 200, more_records: true });
    expect(page10.json.info.next_page_token).toEqual(expect.any(String));

    const ids: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const answer = await call(
        server,
        "GET",
        "/crm/v8/Leads",
        token ? { ...base, page_token: token } : base,
      );
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
    expect(server.records("Leads").map((r) => r.id)).toEqual(ids);
  });

  it("binds page tokens to their parameters and expires them", async () => {
    const server = await start({ seedRecords: [{ module: "Contacts", count: 30 }] });
    const base = { fields: "Last_Name,Email", per_page: "10" };
    const first = await call(server, "GET", "/crm/v8/Contacts", base);
    const token = first.json.info.next_page_token as string;

    const same = await call(server, "GET", "/crm/v8/Contacts", {
      fields: "Email, Last_Name",
      per_page: "10",
      page_token: token,
    });
    expect(same.status).toBe(200);
    expect(same.json.info.page).toBe(2);
    expect(same.json.data[0].id).toBe(server.records("Contacts")[10]?.id);

    const changes: Record<string, string>[] = [
      { fields: "Last_Name" },
      { per_page: "20" },
      { sort_order: "desc" },
    ];
    for (const changed of changes) {
      const answer = await call(server, "GET", "/crm/v8/Contacts", {
        ...base,
        ...changed,
        page_token: token,
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({
        code: "TOKEN_BOUND_DATA_MISMATCH",
        details: { param_name: "page_token" },
      });
    }
    const unknown = await call(server, "GET", "/crm/v8/Contacts", { ...base, page_token: "abc.def" });
    expect(unknown.json.code).toBe("INVALID_DATA");

    server.expireAllTokens();
    const expired = await call(server, "GET", "/crm/v8/Contacts", { ...base, page_token: token });
    expect(expired.status).toBe(400);
    expect(expired.json.code).toBe("EXPIRED_VALUE");

    const shortLived = await start({ tokenTtlMs: 0, seedRecords: [{ module: "Leads", count: 3 }] });
    const page = await call(shortLived, "GET", "/crm/v8/Leads", { fields: "Email", per_page: "1" });
    const again = await call(shortLived, "GET", "/crm/v8/Leads", {
      fields: "Email",
      per_page: "1",
      page_token: page.json.info.next_page_token,
    });
    expect(again.json.code).toBe("EXPIRED_VALUE");
  });

  it("stops page tokens at 100,000 records", async () => {
    const server = await start({ seedRecords: [{ module: "Leads", count: 100_001 }] });
    const base = { fields: "Email", per_page: "200", page: "10" };
    const page10 = await call(server, "GET", "/crm/v8/Leads", base);
    const { info } = page10.json;
    expect(info.more_records).toBe(true);
    // Walk the tokens without reading every page body: decode nothing, just follow 490 tokens.
    let token = info.next_page_token as string;
    let last: Answer | undefined;
    for (let i = 0; i < 490; i++) {
      last = await call(server, "GET", "/crm/v8/Leads", {
        fields: "Email",
        per_page: "200",
        page_token: token,
      });
      token = last.json.info?.next_page_token;
    }
    expect(last?.json.info).toMatchObject({ page: 500, more_records: true });
    const beyond = await call(server, "GET", "/crm/v8/Leads", {
      fields: "Email",
      per_page: "200",
      page_token: token,
    });
    expect(beyond.json.code).toBe("PAGINATION_LIMIT_EXCEEDED");
  });
});

describe("writes", () => {
  it("creates records with increasing 19-digit ids and per-item results", async () => {
    const server = await start();
    const created = await call(
      server,
      "POST",
      "/crm/v8/Leads",
      {},
      {
        data: [{ Last_Name: "A", Email: "a@example.com" }, { Last_Name: "B" }],
      },
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
    expect(server.records("Leads").map((r) => r.Last_Name)).toEqual(["A", "B"]);
  });

  it("answers 207 for a mix and 400 when every item fails", async () => {
    const server = await start();
    const mixed = await call(
      server,
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
    expect(server.records("Leads")).toHaveLength(1);

    const failed = await call(server, "PUT", "/crm/v8/Leads", {}, { data: [{ id: "1", Last_Name: "x" }] });
    expect(failed.status).toBe(400);
    expect(failed.json.data[0]).toMatchObject({
      code: "INVALID_DATA",
      details: { api_name: "id", json_path: "$.data[0].id" },
      status: "error",
    });
  });

  it("enforces 100 items per write and per delete", async () => {
    const server = await start();
    const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
    const tooMany = await call(server, "POST", "/crm/v8/Leads", {}, { data });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.code).toBe("LIMIT_EXCEEDED");
    const ids = Array.from({ length: 101 }, (_, i) => String(1000 + i)).join(",");
    expect((await call(server, "DELETE", "/crm/v8/Leads", { ids })).json.code).toBe("LIMIT_EXCEEDED");
    expect((await call(server, "DELETE", "/crm/v8/Leads")).json.code).toBe("REQUIRED_PARAM_MISSING");
    const hundred = await call(server, "POST", "/crm/v8/Leads", {}, { data: data.slice(0, 100) });
    expect(hundred.status).toBe(201);
  });

  it("updates, upserts and deletes", async () => {
    const server = await start({
      modules: { Contacts: [{ id: "1000000000000000001", Last_Name: "Old", Email: "old@example.com" }] },
    });
    const updated = await call(
      server,
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
    expect(server.records("Contacts")[0]?.Last_Name).toBe("New");

    const upserted = await call(
      server,
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
    expect(server.records("Contacts").map((r) => r.First_Name ?? r.Last_Name)).toEqual([
      "Matched",
      "Inserted",
    ]);

    const insertedId = upserted.json.data[1].details.id as string;
    const deleted = await call(server, "DELETE", "/crm/v8/Contacts", {
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
    expect(deleted.json.data[1].code).toBe("INVALID_DATA");
    expect(server.records("Contacts")).toHaveLength(1);
  });
});

describe("search and count", () => {
  const records = [
    { id: "1000000000000000001", Last_Name: "Burns,B", Email: "b@example.com", Annual_Revenue: 10 },
    { id: "1000000000000000002", Last_Name: "O(Brien)", Email: "o@example.com", Annual_Revenue: 20 },
    { id: "1000000000000000003", Last_Name: "Smith\\", Email: "s@example.com", Annual_Revenue: 30 },
  ];

  it("matches escaped criteria values, groups and operators", async () => {
    const server = await start({ modules: { Leads: records } });
    const search = async (criteria: string) => call(server, "GET", "/crm/v8/Leads/search", { criteria });
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
    const missing = await call(server, "GET", "/crm/v8/Leads/search");
    expect(missing.json).toMatchObject({
      code: "EXPECTED_PARAM_MISSING",
      details: { param_names: ["criteria", "email", "phone", "word"] },
    });
    expect((await call(server, "GET", "/crm/v8/Leads/search", { word: "a" })).status).toBe(400);
    expect(ids(await call(server, "GET", "/crm/v8/Leads/search", { word: "brien" }))).toEqual([
      records[1]!.id,
    ]);
    expect(ids(await call(server, "GET", "/crm/v8/Leads/search", { email: "B@example.com" }))).toEqual([
      records[0]!.id,
    ]);

    const count = await call(server, "GET", "/crm/v8/Leads/actions/count", {
      criteria: "(Annual_Revenue:less_equal:20)",
    });
    expect(count.json).toEqual({ count: 2 });
  });

  it("caps search at 2,000 records", async () => {
    const server = await start({ seedRecords: [{ module: "Leads", count: 2_100 }] });
    const query = { criteria: "(Email:starts_with:seed)", per_page: "200" };
    const page10 = await call(server, "GET", "/crm/v8/Leads/search", { ...query, page: "10" });
    expect(page10.json.info).toMatchObject({ page: 10, count: 200, more_records: true });
    const page11 = await call(server, "GET", "/crm/v8/Leads/search", { ...query, page: "11" });
    expect(page11.status).toBe(400);
    expect(page11.json).toMatchObject({ code: "LIMIT_REACHED", details: { limit: "2000" } });
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
  const plan = { seed: 1234, rate: 0.5, kinds: ["429", "500", "503"] as FaultKind[] };

  async function runSequence(server: FakeZoho): Promise<(FaultKind | undefined)[]> {
    for (let i = 0; i < 20; i++)
      await call(server, "POST", "/crm/v8/Leads", {}, { data: [{ Last_Name: `L${i}` }] });
    return server.requests.map((r) => r.fault);
  }

  it("gives the same fault sequence for the same seed, and faulted writes are not applied", async () => {
    const a = await runSequence(await start({ faults: plan }));
    const b = await runSequence(await start({ faults: plan }));
    const c = await runSequence(await start({ faults: { ...plan, seed: 99 } }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const picker = createFaultPicker(plan);
    expect(a).toEqual(a.map((_, i) => picker(i + 1)));
    const faulted = a.filter(Boolean).length;
    expect(faulted).toBeGreaterThan(0);
    expect(faulted).toBeLessThan(20);
    const server = servers[0]!;
    expect(server.records("Leads")).toHaveLength(20 - faulted);
    const counts: Record<string, number> = {};
    for (const kind of a) if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
    expect(server.stats().faults).toEqual(counts);
    expect(server.requests.map((r) => r.status)).toEqual(a.map((kind) => (kind ? Number(kind) : 201)));
  });

  it("sends a 429 storm to the first N requests", async () => {
    const server = await start({
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 3, kind: "429" } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(server, "GET", "/crm/v8/Leads", { fields: "Email" })).status);
    expect(statuses).toEqual([429, 429, 429, 204, 204]);
  });

  it("implements every kind", async () => {
    const only = (kind: FaultKind) => start({ faults: { seed: 1, rate: 1, kinds: [kind] } });
    const write = (server: FakeZoho) =>
      fetch(`${server.url}/crm/v8/Leads`, {
        method: "POST",
        headers: AUTH,
        body: JSON.stringify({ data: [{ Last_Name: "x" }] }),
      });

    const resetBefore = await only("reset-before");
    await expect(write(resetBefore)).rejects.toThrow();
    expect(resetBefore.records("Leads")).toHaveLength(0);

    const resetAfter = await only("reset-after");
    await expect(write(resetAfter)).rejects.toThrow();
    expect(resetAfter.records("Leads")).toHaveLength(1);

    const truncated = await only("truncated-json");
    const response = await write(truncated);
    expect(response.status).toBe(201);
    await expect(response.text()).rejects.toThrow();
    expect(truncated.records("Leads")).toHaveLength(1);

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
      fetch(`${slow.url}/crm/v8/Leads?fields=Email`, { headers: AUTH, signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow();
    expect(slow.requests[0]?.fault).toBe("slow");
    expect(slow.requests[0]?.status).toBeUndefined();
  });
});

describe("concurrency and lifecycle", () => {
  it("tracks maxInFlight and adds latency", async () => {
    const server = await start({ latencyMs: 50, seedRecords: [{ module: "Leads", count: 5 }] });
    const startedAt = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(server, "GET", "/crm/v8/Leads", { fields: "Email" })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    expect(server.stats()).toMatchObject({ requests: 8, maxInFlight: 8 });
  });

  it("close() leaves no open handles, even with a hanging request", async () => {
    const countHandles = () =>
      process.getActiveResourcesInfo().filter((name) => name.startsWith("TCP") || name === "Timeout").length;
    const baseline = process.getActiveResourcesInfo();
    const before = countHandles();
    const server = await startFakeZoho({
      latencyMs: 10_000,
      faults: { seed: 3, rate: 0.5, kinds: ["slow"] },
    });
    const pending = [1, 2, 3, 4].map(() =>
      fetch(`${server.url}/crm/v8/Leads?fields=Email`, { headers: AUTH }).then(
        (r) => r.text(),
        (error: unknown) => error,
      ),
    );
    for (let waited = 0; waited < 5000 && server.stats().maxInFlight < 4; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(server.stats().maxInFlight).toBe(4);
    await server.close();
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
    await expect(fetch(`${server.url}/crm/v8/Leads`)).rejects.toThrow();
  });
});
