/**
 * The transport against hostile servers and networks (issue 14, items 4, 10, 11, 12, 19 and 21): redirects are
 * never followed, answers are read with a size limit, Retry-After is parsed strictly, requests fetch can never
 * send are not retried, every abort rejects the same way, and messages say what happened.
 */

import { type ScriptedServer, scriptedServer, sendJson } from "@zohokit/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createCrmClient, type RetryEvent } from "../src/index.js";
import { successes } from "./zoho-answers.js";

const KEY = "mk_transport_7Hq2xN9vB4kR";
const CONNECTION = "5b0e6a2c-91d4-4f3e-a7c8-2d6b9e1f0a34";
const LEAD = "5725767000000524157";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof scriptedServer>[0]) {
  const server = await scriptedServer(handler);
  servers.push(server);
  return server;
}

describe("redirects", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i to another origin is an error naming where it pointed; nothing reaches that origin",
    async (status) => {
      const elsewhere = await serve((_request, res) => sendJson(res, 201, successes(1)));
      const gateway = await serve((_request, res) => {
        res.writeHead(status, { Location: `${elsewhere.url}/steal/crm/v8/Leads?token=abc` });
        res.end();
      });
      const crm = createCrmClient({
        apiKey: KEY,
        connection: CONNECTION,
        baseUrl: gateway.url,
        maxConcurrency: 1,
      });
      const read = (await crm.records.get("Leads", LEAD).catch((e: unknown) => e)) as ApiError;
      expect(read).toBeInstanceOf(ApiError);
      expect(read.code).toBe("REDIRECT");
      expect(read.message).toContain(`${elsewhere.url}/steal/crm/v8/Leads`);
      expect(read.message).not.toContain("token=abc");
      const inputs = Array.from({ length: 150 }, (_, i) => ({ Last_Name: `L${i}` }));
      const stopped = (await crm.records.create("Leads", inputs).catch((e: unknown) => e)) as ApiError;
      // A redirect is the gateway's answer, which every request would get: nothing was written, nowhere, and
      // the write stops.
      expect(stopped.code).toBe("REDIRECT");
      expect(stopped.result?.succeeded).toEqual([]);
      expect(stopped.result?.failed.slice(0, 100).every((f) => f.code === "REDIRECT")).toBe(true);
      expect(stopped.result?.failed.slice(100).every((f) => f.code === "NOT_SENT")).toBe(true);
      expect(elsewhere.requests).toEqual([]);
      expect(gateway.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
    },
  );

  it("with a user-supplied fetch as well: nothing is sent to the other origin", async () => {
    const elsewhere = await serve((_request, res) => sendJson(res, 200, { data: [{ id: LEAD }] }));
    const gateway = await serve((_request, res) => {
      res.writeHead(307, { Location: `${elsewhere.url}/crm/v8/Leads` });
      res.end();
    });
    const fetch = vi.fn((request: Request) => globalThis.fetch(request));
    const crm = createCrmClient({ apiKey: KEY, connection: CONNECTION, baseUrl: gateway.url, fetch });
    const error = (await crm.records
      .list("Leads", { fields: ["Email"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("REDIRECT");
    expect(fetch.mock.calls[0]?.[0].redirect).toBe("manual");
    expect(elsewhere.requests).toEqual([]);
  });

  it("an answer a custom fetch fetched elsewhere is not taken as the gateway's; a write is AMBIGUOUS", async () => {
    const elsewhere = await serve((_request, res) => sendJson(res, 201, successes(1)));
    const follows = async (request: Request) => {
      const response = await globalThis.fetch(`${elsewhere.url}/crm/v8/Leads`, {
        method: request.method,
        body: request.body === null ? null : await request.text(),
      });
      Object.defineProperty(response, "redirected", { value: true });
      return response;
    };
    const crm = createCrmClient({
      apiKey: KEY,
      baseUrl: "https://gateway.example.test/zoho-crm",
      fetch: follows,
    });
    const created = await crm.records.create("Leads", [{ Last_Name: "Kitzman" }]);
    expect(created.succeeded).toEqual([]);
    expect(created.failed).toMatchObject([{ index: 0, code: "AMBIGUOUS" }]);
    expect(created.failed[0]?.message).toMatch(/followed a redirect/);
  });
});

describe("answers larger than maxResponseBytes", () => {
  it("fails an announced oversized body before reading it, and one without a length once the limit is passed", async () => {
    let reads = 0;
    const server = await serve((request, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      if (request.query.announced === "1") {
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": 5 * 1024 * 1024 });
      } else {
        res.writeHead(200, { "Content-Type": "application/json" });
      }
      // Streams until the client gives up (bounded: 5 MB at most).
      let sent = 0;
      const pump = () => {
        while (sent < 80) {
          sent++;
          reads++;
          if (!res.write(chunk)) return res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    const crm = createCrmClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxResponseBytes: 1024 * 1024,
      retry: false,
    });
    const chunked = (await crm.records
      .list("Leads", { fields: ["Email"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(chunked.code).toBe("RESPONSE_TOO_LARGE");
    expect(chunked.message).toMatch(/more than 1048576 bytes, over maxResponseBytes \(1048576\)/);
    const announced = (await crm.raw
      .GET("/crm/v8/{module_api_name}", {
        params: { path: { module_api_name: "Leads" }, query: { fields: "Email", announced: "1" } as never },
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(announced.code).toBe("RESPONSE_TOO_LARGE");
    expect(announced.message).toMatch(/5242880 bytes \(announced\)/);
    expect(reads).toBeLessThan(160);
  });

  it("a write whose answer is too large to read is AMBIGUOUS: it was applied, its results are unknown", async () => {
    const server = await serve((_request, res) => {
      res.writeHead(201, { "Content-Type": "application/json", "Content-Length": 10 * 1024 * 1024 });
      res.end();
    });
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url, maxResponseBytes: 1024 * 1024 });
    const created = await crm.records.create("Leads", [{ Last_Name: "A" }, { Last_Name: "B" }]);
    expect(created.failed.map((f) => f.code)).toEqual(["AMBIGUOUS", "AMBIGUOUS"]);
    expect(created.failed[0]?.message).toMatch(/over maxResponseBytes/);
  });

  it("an enormous error body is cut, and its start still reaches the message", async () => {
    const server = await serve((_request, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.write(`upstream exploded: ${"x".repeat(200)}`);
      const chunk = Buffer.alloc(64 * 1024, 0x7a);
      for (let i = 0; i < 40; i++) res.write(chunk);
      res.end();
    });
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url, retry: false });
    const error = (await crm.org.get().catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/the body was not JSON: "upstream exploded: x+/);
    expect(error.message).not.toMatch(/no body/);
  });
});

describe("Retry-After", () => {
  it.each(["-5", "0", "0x10", "1e3", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"])(
    "%s is ignored: the client's own back-off applies",
    async (value) => {
      let calls = 0;
      const server = await serve((_request, res) => {
        calls++;
        if (calls === 1) sendJson(res, 429, { code: "TOO_MANY_REQUESTS" }, { "Retry-After": value });
        else sendJson(res, 200, { org: [{ id: "1" }] });
      });
      const retries: RetryEvent[] = [];
      vi.spyOn(Math, "random").mockReturnValue(0.999999);
      const crm = createCrmClient({
        apiKey: KEY,
        baseUrl: server.url,
        retry: { baseDelayMs: 40, maxDelayMs: 20_000 },
        hooks: { onRetry: (event) => retries.push(event) },
      });
      await crm.org.get();
      expect(retries).toHaveLength(1);
      expect(retries[0]?.delayMs).toBe(40);
    },
  );

  it.each([
    ["0.05", 50],
    ["1", 100],
  ])("%s seconds are honoured, capped at maxDelayMs", async (value, expected) => {
    let calls = 0;
    const server = await serve((_request, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, { code: "TOO_MANY_REQUESTS" }, { "Retry-After": value });
      else sendJson(res, 200, { org: [{ id: "1" }] });
    });
    const retries: RetryEvent[] = [];
    const crm = createCrmClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1, maxDelayMs: 100 },
      hooks: { onRetry: (event) => retries.push(event) },
    });
    await crm.org.get();
    expect(retries.map((event) => event.delayMs)).toEqual([expected]);
  });
});

describe("requests fetch can never send", () => {
  it("a blocked port is not retried and a create to it is NOT_SENT, never AMBIGUOUS", async () => {
    const retries: RetryEvent[] = [];
    const crm = createCrmClient({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:6000",
      retry: { retries: 4, baseDelayMs: 1000 },
      hooks: { onRetry: (event) => retries.push(event) },
    });
    const started = performance.now();
    const read = (await crm.org.get().catch((e: unknown) => e)) as ApiError;
    expect(read.code).toBe("NOT_SENT");
    expect(read.message).toMatch(/bad port/);
    const error = (await crm.records
      .create(
        "Leads",
        Array.from({ length: 250 }, (_, i) => ({ Last_Name: `L${i}` })),
      )
      .catch((e: unknown) => e)) as ApiError;
    // Every request would meet it: the write stops, and says what became of each input.
    expect(error.code).toBe("NOT_SENT");
    expect(error.result?.succeeded).toEqual([]);
    expect(new Set(error.result?.failed.map((f) => f.code))).toEqual(new Set(["NOT_SENT"]));
    expect(error.result?.failed).toHaveLength(250);
    expect(retries).toEqual([]);
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe("one rule for aborts", () => {
  it("a read aborted with a plain reason rejects with an ABORTED ApiError whose cause is that reason", async () => {
    const server = await serve(() => {
      // never answers
    });
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url });
    const controller = new AbortController();
    const reading = crm.records.get("Leads", LEAD, { signal: controller.signal });
    setTimeout(() => controller.abort("user cancelled"), 20);
    const error = (await reading.catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("ABORTED");
    expect(error.cause).toBe("user cancelled");
    expect(error.message).toMatch(/aborted \(user cancelled\)/);
  });

  it("a write aborted mid-way rejects with the same error, carrying every input: in flight AMBIGUOUS, the rest NOT_SENT", async () => {
    let answered = 0;
    const server = await serve((request, res) => {
      const count = (JSON.parse(request.body) as { data: unknown[] }).data.length;
      // The first request is answered; the second hangs until the abort.
      if (answered++ === 0) sendJson(res, 201, successes(count));
    });
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url, maxConcurrency: 1 });
    const controller = new AbortController();
    const inputs = Array.from({ length: 300 }, (_, i) => ({ Last_Name: `L${i}` }));
    const writing = crm.records.create("Leads", inputs, { signal: controller.signal });
    const until = Date.now() + 5000;
    while (server.requests.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = (await writing.catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("ABORTED");
    const codes = (from: number, to: number) =>
      new Set(error.result?.failed.slice(from, to).map((f) => f.code));
    expect(error.result?.succeeded.map((s) => s.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(error.result?.failed.map((f) => f.index)).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i));
    expect(codes(0, 100)).toEqual(new Set(["AMBIGUOUS"]));
    expect(codes(100, 200)).toEqual(new Set(["NOT_SENT"]));
    expect(server.requests).toHaveLength(2);
  });
});

describe("messages that say what happened", () => {
  it("a 429 with retries off says so; after retries, it counts them", async () => {
    const server = await serve((_request, res) =>
      sendJson(res, 429, { code: "TOO_MANY_REQUESTS", status: "error" }),
    );
    const off = createCrmClient({ apiKey: KEY, baseUrl: server.url, retry: false });
    const once = (await off.org.get().catch((e: unknown) => e)) as ApiError;
    expect(once.message).toMatch(/retries are off/);
    expect(once.message).not.toMatch(/after the retries/);
    const twice = createCrmClient({
      apiKey: `${KEY}2`,
      baseUrl: server.url,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = (await twice.org.get().catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/Still rate limited after 2 retries/);
  });
});
