/**
 * The groups' helpers against scripted servers, for what neither Prism nor the mock plays: retries only where
 * repeating is safe, the answer shapes of lead conversion (202 with errors, API v2's ids, no ids), downloads that
 * are aborted or refused, and changes() when If-Modified-Since includes its own second.
 */

import { type ScriptedServer, scriptedServer, sendJson } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, createCrmClient, type ZohoRecord } from "../src/index.js";

const KEY = "mk_groups_server_0123";
const LEAD = "5725767000000524157";
const OTHER = "5725767000000524158";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof scriptedServer>[0]) {
  const server = await scriptedServer(handler);
  servers.push(server);
  return server;
}

const client = (server: ScriptedServer) =>
  createCrmClient({ apiKey: KEY, baseUrl: server.url, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });

const itemFor = (id: string) => ({ code: "SUCCESS", status: "success", message: "ok", details: { id } });

describe("retries only where repeating is safe", () => {
  it("links again after a 500 (linking twice changes nothing)", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1)
        return sendJson(res, 500, { code: "INTERNAL_ERROR", message: "boom", status: "error" });
      sendJson(res, 200, { data: [itemFor(OTHER)] });
    });
    const result = await client(server).related.link("Leads", LEAD, "Products", [OTHER]);
    expect(calls).toBe(2);
    // The repeat may describe what the first attempt did: a success is still a success.
    expect(result.succeeded).toMatchObject([{ index: 0, id: OTHER }]);
  });

  it("tags again after a 502", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 502, { code: "BAD_GATEWAY", message: "no", status: "error" });
      sendJson(res, 200, { data: [{ ...itemFor(LEAD), details: { id: LEAD, tags: [] } }] });
    });
    const result = await client(server).tags.add("Leads", [LEAD], ["Hot"]);
    expect(calls).toBe(2);
    expect(result.succeeded).toHaveLength(1);
  });

  it("never sends a note's create twice: AMBIGUOUS after a 500", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      sendJson(res, 500, { code: "INTERNAL_ERROR", message: "boom", status: "error" });
    });
    const result = await client(server).notes.create("Leads", LEAD, [{ Note_Content: "once" }]);
    expect(calls).toBe(1);
    expect(result.failed).toMatchObject([{ index: 0, code: "AMBIGUOUS" }]);
  });

  it("never converts twice after a lost connection", async () => {
    const server = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const error = await client(server)
      .leads.convert(LEAD)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AMBIGUOUS" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("lead conversion answers", () => {
  it("reads API v2's answer (ids directly in data[0])", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { data: [{ Contacts: "11", Deals: null, Accounts: "12" }] }),
    );
    expect(await client(server).leads.convert(LEAD)).toEqual({ Contacts: "11", Accounts: "12", Deals: null });
  });

  it("throws the error of a 202 accepted with errors, saying the lead was not converted", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 202, {
        data: [
          {
            code: "MANDATORY_NOT_FOUND",
            details: { api_name: "Stage", json_path: "$.data[0].Deals.Stage" },
            message: "required field not found",
            status: "error",
          },
        ],
      }),
    );
    const error = (await client(server)
      .leads.convert(LEAD, { deal: { Deal_Name: "X", Stage: "Y" } })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 202, code: "MANDATORY_NOT_FOUND", details: { api_name: "Stage" } });
    expect(error.message).toContain("not converted");
  });

  it("is AMBIGUOUS when a 200 names no records", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { data: [{ code: "SUCCESS", status: "success" }] }),
    );
    const error = await client(server)
      .leads.convert(LEAD)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AMBIGUOUS" });
  });
});

describe("downloads", () => {
  it("hand the body over as it arrives; an abort ends it", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.pdf",
      });
      res.write(Buffer.alloc(1024, 1));
      // The rest never comes.
    });
    const controller = new AbortController();
    const download = await client(server).attachments.download("Leads", LEAD, OTHER, {
      signal: controller.signal,
    });
    expect(download?.fileName).toBe('résumé "v2".pdf');
    const reader = download!.body.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBe(1024);
    controller.abort(new Error("enough"));
    await expect(reader.read()).rejects.toThrow();
  });

  it("throw Zoho's error for a refused download, never handing an error body over as the file", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, {
        code: "INVALID_DATA",
        message: "the id given seems to be invalid",
        status: "error",
      }),
    );
    const error = await client(server)
      .attachments.download("Leads", LEAD, OTHER)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "INVALID_DATA" });
    expect(server.requests[0]?.headers.accept).toBe("*/*");
  });
});

describe("changes() when If-Modified-Since includes its own second", () => {
  it("hands over each record once, ties included", async () => {
    const base = Date.parse("2026-03-01T00:00:00Z");
    const records = Array.from({ length: 230 }, (_, i) => ({
      id: String(5725767000000700000n + BigInt(i)),
      Last_Name: `R${i}`,
      // 120 records in one second, then one a second.
      Modified_Time: new Date(base + (i < 120 ? 0 : (i - 119) * 1000))
        .toISOString()
        .replace(".000Z", "+00:00"),
    }));
    const server = await serve((req, res) => {
      if (req.path.endsWith("/deleted")) return sendJson(res, 204, undefined);
      const since = Date.parse(String(req.headers["if-modified-since"]));
      const matching = records.filter((r) => Date.parse(r.Modified_Time) >= since);
      const perPage = Number(req.query.per_page);
      const page = Number(req.query.page ?? 1);
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      if (slice.length === 0) return sendJson(res, 304, undefined);
      sendJson(res, 200, {
        data: slice,
        info: {
          per_page: perPage,
          count: slice.length,
          page,
          more_records: page * perPage < matching.length,
        },
      });
    });
    const run = client(server).records.changes("Leads", {
      fields: ["Last_Name"],
      since: new Date(base - 1000),
      perPage: 50,
    });
    const seen: string[] = [];
    for await (const change of run) seen.push((change as { record: ZohoRecord }).record.id);
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
    const lists = server.requests.filter((r) => !r.path.endsWith("/deleted"));
    expect(lists.every((r) => r.query.sort_by === "Modified_Time" && r.query.sort_order === "asc")).toBe(
      true,
    );
  });
});
