import { describe, expect, it, vi } from "vitest";
import type { RateLimitEvent, RequestEvent, ResponseEvent, RetryEvent } from "../src/index.js";
import { createCoreClient } from "../src/internal.js";

const API_KEY = "mk_hooks_secret_5e6f7a8b";
const CONNECTION = "8a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function client(
  answers: Array<Response | Error>,
  hooks: Parameters<typeof createCoreClient>[0]["hooks"],
  retry = { baseDelayMs: 1, maxDelayMs: 50 },
) {
  const fetch = vi.fn(async () => {
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return next;
  });
  const core = createCoreClient<Record<string, never>>(
    { apiKey: API_KEY, connection: CONNECTION, fetch, retry, hooks, maxConcurrency: 2 },
    { baseUrl: "https://gateway.example.test/zoho-crm" },
  );
  const get = (path = "/crm/v8/Leads") =>
    core.request({ method: "GET", path, query: { email: "someone@example.com" } } as never);
  return { core, fetch, get };
}

describe("hooks", () => {
  it("onRequest and onResponse see every attempt: method, path without the query, attempt, status, time", async () => {
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const { get } = client([json({}, 503), json({ data: [] })], {
      onRequest: (event) => requests.push(event),
      onResponse: (event) => responses.push(event),
    });
    await get();
    expect(requests).toEqual([
      { method: "GET", path: "/crm/v8/Leads", attempt: 1 },
      { method: "GET", path: "/crm/v8/Leads", attempt: 2 },
    ]);
    expect(responses.map(({ status, attempt }) => ({ status, attempt }))).toEqual([
      { status: 503, attempt: 1 },
      { status: 200, attempt: 2 },
    ]);
    for (const event of responses) expect(event.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify([requests, responses])).not.toContain("someone");
  });

  it("onResponse reports a failed attempt with status 0 and its code", async () => {
    const responses: ResponseEvent[] = [];
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
    });
    const { get } = client([refused, json({})], { onResponse: (event) => responses.push(event) });
    await get();
    expect(responses.map(({ status, code }) => ({ status, code }))).toEqual([
      { status: 0, code: "NETWORK_ERROR" },
      { status: 200 },
    ]);
  });

  it("onRetry names the reason and the delay; onRateLimit the pause and where it came from", async () => {
    const retries: RetryEvent[] = [];
    const limits: RateLimitEvent[] = [];
    const { get } = client([json({}, 429, { "retry-after": "0.02" }), json({}, 502), json({})], {
      onRetry: (event) => retries.push(event),
      onRateLimit: (event) => limits.push(event),
    });
    await get();
    expect(retries.map(({ attempt, reason }) => ({ attempt, reason }))).toEqual([
      { attempt: 1, reason: "HTTP 429" },
      { attempt: 2, reason: "HTTP 502" },
    ]);
    expect(retries[0]?.delayMs).toBe(20);
    expect(limits).toEqual([
      {
        method: "GET",
        path: "/crm/v8/Leads",
        attempt: 1,
        delayMs: 20,
        fromRetryAfter: true,
        willRetry: true,
      },
    ]);
  });

  it("a hook that throws, or rejects, never breaks the call", async () => {
    const rejected = vi.fn(async () => {
      throw new Error("async observer down");
    });
    const { get } = client([json({}, 500), json({ ok: 1 })], {
      onRequest: () => {
        throw new Error("observer down");
      },
      onResponse: rejected,
      onRetry: () => {
        throw "not even an Error";
      },
    });
    await expect(get()).resolves.toMatchObject({ status: 200, body: { ok: 1 } });
    expect(rejected).toHaveBeenCalledTimes(2);
  });

  it("events never hold a secret: a path holding the connection id is redacted", async () => {
    const events: unknown[] = [];
    const { get } = client([json({})], {
      onRequest: (event) => events.push(event),
      onResponse: (event) => events.push(event),
    });
    await get(`/crm/v8/${CONNECTION}`);
    expect(JSON.stringify(events)).not.toContain(CONNECTION);
    expect(JSON.stringify(events)).toContain("[redacted]");
  });

  it("refuses hooks that are not functions, and names that are not hooks, before any request", () => {
    expect(() => client([], { onRetry: "log" as never })).toThrow(/hooks.onRetry must be a function/);
    expect(() => client([], { onError: () => {} } as never)).toThrow(/hooks.onError is not a hook/);
  });
});
