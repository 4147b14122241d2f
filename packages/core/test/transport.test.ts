import { describe, expect, it, vi } from "vitest";
import { ApiError, ErrorCodes, ZohoKitError } from "../src/index.js";
import { createCoreClient } from "../src/internal.js";

type Paths = Record<string, never>;

const API_KEY = "mk_core_secret_1234567890";
const CONNECTION = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function core(
  fetch: (request: Request) => Promise<Response>,
  extra: Parameters<typeof createCoreClient>[0] = {},
) {
  return createCoreClient<Paths>(
    {
      apiKey: API_KEY,
      fetch,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...extra,
    },
    { baseUrl: "https://gateway.example.test/zoho-crm" },
  );
}

/** One request through `raw`, which hands back every answer as a Response (the transport is the helpers'). */
async function send(client: ReturnType<typeof core>, method = "GET", body?: unknown, signal?: AbortSignal) {
  const raw = client.raw as unknown as LooseRaw;
  const { data, error, response } = await raw.request(method, "/crm/v8/Leads", { body, signal });
  return { status: response.status, json: async () => data ?? error };
}

describe("options", () => {
  it("rejects bad options before any request", () => {
    expect(() => core(async () => json({}), { maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => core(async () => json({}), { timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => core(async () => json({}), { baseUrl: "ftp://x" })).toThrow(/baseUrl/);
    expect(() => core(async () => json({}), { connection: "nope" })).toThrow(ZohoKitError);
    expect(() => core(async () => json({}), { apiKey: "" })).toThrow(/MATON_API_KEY/);
  });

  it("does not expose the API key on the client", () => {
    const client = core(async () => json({}), { connection: CONNECTION });
    expect(JSON.stringify(client.options)).not.toContain(API_KEY);
  });
});

describe("transport retries", () => {
  it("retries 429 and 5xx on a GET, then succeeds", async () => {
    const answers = [json({}, 429), json({}, 500), json({}, 503), json({ ok: true })];
    const fetch = vi.fn(async () => answers.shift()!);
    const response = await send(core(fetch));
    expect(await response.json()).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it("gives up after the configured retries and hands back the last response", async () => {
    const fetch = vi.fn(async () => json({ code: "INTERNAL_ERROR" }, 500));
    const response = await send(core(fetch, { retry: { retries: 2, baseDelayMs: 1 } }));
    expect(response.status).toBe(500);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("never re-sends a POST after a 5xx: it may have been applied", async () => {
    const fetch = vi.fn(async () => json({ code: "INTERNAL_ERROR" }, 500));
    const response = await send(core(fetch), "POST", { data: [{}] });
    expect(response.status).toBe(500);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("re-sends a POST after a 429, which Zoho did not process", async () => {
    const answers = [json({}, 429), json({ data: [] }, 201)];
    const fetch = vi.fn(async (request: Request) => {
      expect(await request.text()).toBe('{"data":[{}]}');
      return answers.shift()!;
    });
    const response = await send(core(fetch), "POST", { data: [{}] });
    expect(response.status).toBe(201);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("re-sends a POST whose effect is a write (upsert) after a 5xx", async () => {
    const answers = [json({}, 502), json({ data: [] })];
    const fetch = vi.fn(async () => answers.shift()!);
    const client = core(fetch);
    const reply = await client.request({
      method: "POST",
      path: "/crm/v8/Leads/upsert",
      body: { json: {} },
      effect: "write",
    } as never);
    expect(reply.status).toBe(200);
    expect(reply.repeated).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("honours Retry-After", async () => {
    const answers = [json({}, 429, { "retry-after": "0.05" }), json({})];
    const times: number[] = [];
    const fetch = vi.fn(async () => {
      times.push(Date.now());
      return answers.shift()!;
    });
    await send(core(fetch, { retry: { baseDelayMs: 0, maxDelayMs: 1000 } }));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
  });

  it("pauses every request of the client on a 429, not only the one that got it", async () => {
    let first = true;
    const sentAt: number[] = [];
    const fetch = vi.fn(async () => {
      sentAt.push(Date.now());
      if (first) {
        first = false;
        return json({}, 429, { "retry-after": "0.1" });
      }
      return json({});
    });
    const client = core(fetch, { maxConcurrency: 1, retry: { baseDelayMs: 0, maxDelayMs: 1000 } });
    const start = Date.now();
    await Promise.all([send(client), send(client), send(client)]);
    // The two requests queued behind the rate-limited one were held for the pause too.
    expect(fetch).toHaveBeenCalledTimes(4);
    for (const at of sentAt.slice(1)) expect(at - start).toBeGreaterThanOrEqual(95);
  });

  it("bounds requests in flight by maxConcurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return json({});
    };
    const client = core(fetch, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => send(client)));
    expect(peak).toBe(3);
  });
});

describe("transport failures", () => {
  it("retries a network error on GET and reports NETWORK_ERROR when it persists", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      });
    });
    const error = (await send(core(fetch, { retry: { retries: 2, baseDelayMs: 1 } })).catch(
      (e) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(ErrorCodes.NETWORK_ERROR);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("reports a POST whose connection broke after sending as AMBIGUOUS, without re-sending", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
      });
    });
    const error = (await send(core(fetch), "POST", { data: [] }).catch((e) => e)) as ApiError;
    expect(error.code).toBe(ErrorCodes.AMBIGUOUS);
    expect(error.message).toMatch(/may or may not have been applied/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("re-sends a POST whose connection was refused: it never arrived", async () => {
    let calls = 0;
    const fetch = vi.fn(async () => {
      if (calls++ === 0) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
        });
      }
      return json({ data: [] }, 201);
    });
    const response = await send(core(fetch), "POST", { data: [] });
    expect(response.status).toBe(201);
  });

  it("times out a slow answer and says so", async () => {
    const fetch = (request: Request) =>
      new Promise<Response>((_, reject) => {
        request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    const error = (await send(core(fetch, { timeoutMs: 20, retry: false })).catch((e) => e)) as ApiError;
    expect(error.code).toBe(ErrorCodes.TIMEOUT);
    expect(error.message).toMatch(/within 20 ms/);
  });

  it("times out every slow attempt in flight, and only those", async () => {
    let calls = 0;
    const fetch = (request: Request) =>
      new Promise<Response>((resolve, reject) => {
        const call = calls++;
        request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        if (call === 1) setTimeout(() => resolve(json({ ok: true })), 1);
      });
    const client = core(fetch, { timeoutMs: 30, retry: false });
    const results = await Promise.allSettled([send(client), send(client), send(client)]);
    expect(
      results.map((r) => (r.status === "fulfilled" ? r.value.status : (r.reason as ApiError).code)),
    ).toEqual([ErrorCodes.TIMEOUT, 200, ErrorCodes.TIMEOUT]);
  });

  it("rejects with an ABORTED ApiError holding the caller's reason, and sends nothing more", async () => {
    const controller = new AbortController();
    const fetch = vi.fn(async (request: Request) => {
      controller.abort();
      throw request.signal.reason ?? new DOMException("aborted", "AbortError");
    });
    const error = (await send(core(fetch), "GET", undefined, controller.signal).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(ErrorCodes.ABORTED);
    expect((error.cause as Error).name).toBe("AbortError");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["truncated JSON", '{"data":[{"id":"1"', "application/json"],
    ["an HTML page from a proxy", "<html><body>Bad gateway</body></html>", "text/html"],
    ["an empty JSON body", "", "application/json"],
  ])("turns %s into an ApiError that says what was received", async (_name, body, type) => {
    const fetch = async () => new Response(body, { status: 200, headers: { "content-type": type } });
    const error = (await send(core(fetch, { retry: false })).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(ErrorCodes.INVALID_RESPONSE);
    expect(error.message).toContain(type);
  });

  it("lets 204 and empty non-JSON answers through as no content", async () => {
    const client = core(
      async () => new Response(null, { status: 204, headers: { "content-type": "application/json" } }),
    );
    expect((await send(client)).status).toBe(204);
  });
});

/** The untyped surface of `raw` these tests call (their Paths type declares no path). */
interface LooseRaw {
  request(
    method: string,
    path: string,
    init?: object,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  GET(path: string, init?: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init?: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  use(middleware: { onRequest(options: { request: Request }): void }): void;
}

describe("raw", () => {
  const looseRaw = (client: ReturnType<typeof core>) => client.raw as unknown as LooseRaw;

  it("hands a custom fetch a Request with everything openapi-fetch built, and callers a Response", async () => {
    const seen: Array<{
      method: string;
      url: string;
      auth: string | null;
      type: string | null;
      body: string;
    }> = [];
    const fetch = async (request: Request) => {
      seen.push({
        method: request.method,
        url: request.url,
        auth: request.headers.get("authorization"),
        type: request.headers.get("content-type"),
        body: await request.text(),
      });
      return json({ data: [{ id: "1" }] }, 201);
    };
    const { data, response } = await looseRaw(core(fetch)).POST("/crm/v8/Leads", {
      params: { query: { trigger: "workflow" } },
      body: { data: [{ Last_Name: "O'Brien" }] },
    });
    expect(seen).toEqual([
      {
        method: "POST",
        url: "https://gateway.example.test/zoho-crm/crm/v8/Leads?trigger=workflow",
        auth: `Bearer ${API_KEY}`,
        type: "application/json",
        body: '{"data":[{"Last_Name":"O\'Brien"}]}',
      },
    ]);
    expect(data).toEqual({ data: [{ id: "1" }] });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    // openapi-fetch parsed the body into `data`, as it does with any fetch.
    expect(response.bodyUsed).toBe(true);
  });

  it("sends the same body again when a POST built by openapi-fetch is retried after a 429", async () => {
    const answers = [json({}, 429), json({ data: [] }, 201)];
    const bodies: string[] = [];
    const fetch = async (request: Request) => {
      bodies.push(await request.text());
      return answers.shift()!;
    };
    const { response } = await looseRaw(core(fetch)).POST("/crm/v8/Leads", { body: { data: [{}] } });
    expect(response.status).toBe(201);
    expect(bodies).toEqual(['{"data":[{}]}', '{"data":[{}]}']);
  });

  it("gives middleware registered with use() real Requests, and sends what it changed or built", async () => {
    const fetch = vi.fn(async (request: Request) =>
      json({ trace: request.headers.get("x-trace"), url: request.url }),
    );
    const raw = looseRaw(core(fetch));
    raw.use({
      onRequest({ request }) {
        expect(request).toBeInstanceOf(Request);
        request.headers.set("x-trace", "abc");
      },
    });
    raw.use({
      onRequest: ({ request }) => new Request(`${request.url}?via=middleware`, request),
    });
    const { data } = await raw.GET("/crm/v8/org");
    expect(data).toEqual({
      trace: "abc",
      url: "https://gateway.example.test/zoho-crm/crm/v8/org?via=middleware",
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("errors", () => {
  it("maps Zoho, wrapped and Maton error bodies, redacting secrets", () => {
    const client = core(async () => json({}), { connection: CONNECTION });
    const zoho = client.toError(
      400,
      {
        code: "INVALID_MODULE",
        message: "the module name given seems to be invalid",
        details: {},
        status: "error",
      },
      "GET",
      "/crm/v8/leads",
    );
    expect(zoho.code).toBe("INVALID_MODULE");
    expect(zoho.message).toMatch(/case-sensitive/);
    const wrapped = client.toError(
      400,
      { data: [{ code: "INVALID_DATA", message: "m", details: { api_name: "x" } }] },
      "POST",
      "/p",
    );
    expect(wrapped.details).toEqual({ api_name: "x" });
    const echoed = client.toError(
      401,
      {
        error: { code: "UNAUTHORIZED", message: `bad key ${API_KEY} for ${encodeURIComponent(CONNECTION)}` },
      },
      "GET",
      "/p",
    );
    const all = [echoed.message, JSON.stringify(echoed), String(echoed)].join("\n");
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain(CONNECTION);
    expect(echoed.message).toMatch(/MATON_API_KEY/);
    const scope = client.toError(
      401,
      { code: "OAUTH_SCOPE_MISMATCH", message: "invalid oauth scope" },
      "GET",
      "/p",
    );
    expect(scope.message).toMatch(/scope/);
  });
});

describe("Retry-After is parsed strictly", () => {
  it("takes positive seconds and future HTTP dates, ignores anything else", async () => {
    const { retryAfterMs } = await import("../src/internal.js");
    const now = Date.parse("2026-12-07T10:00:00Z");
    expect(retryAfterMs("2", 60_000, now)).toBe(2000);
    expect(retryAfterMs(" 0.25 ", 60_000, now)).toBe(250);
    expect(retryAfterMs("120", 5000, now)).toBe(5000);
    expect(retryAfterMs("Mon, 07 Dec 2026 10:00:03 GMT", 60_000, now)).toBe(3000);
    for (const value of [
      "-5",
      "0",
      "0.0",
      "0x10",
      "1e3",
      "+3",
      "3s",
      "",
      "Mon, 07 Dec 2026 09:59:00 GMT",
      "2026-12-07",
    ]) {
      expect(retryAfterMs(value, 60_000, now), value).toBeUndefined();
    }
    expect(retryAfterMs(null, 60_000, now)).toBeUndefined();
  });
});
