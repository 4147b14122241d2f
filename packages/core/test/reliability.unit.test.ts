/**
 * Unit tests of what the fault and leak tests of issue 8 rely on: error bodies read under the attempt's timeout,
 * repeated requests marked, secrets redacted from causes and from base64 at any alignment, aborted scans.
 */
import { describe, expect, it } from "vitest";
import { ApiError, ErrorCodes } from "../src/index.js";
import { createCoreClient, createRedactor, paginate } from "../src/internal.js";

const API_KEY = "mk_unit_secret_4f9a8b7c6d5e";

function core(
  fetch: (request: Request) => Promise<Response>,
  extra: Parameters<typeof createCoreClient>[0] = {},
) {
  return createCoreClient<Record<string, never>>(
    { apiKey: API_KEY, fetch, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...extra },
    { baseUrl: "https://gateway.example.test/zoho-crm" },
  );
}

/** A GET of /crm/v8/Leads through the one request function. */
const get = (client: ReturnType<typeof core>, method: "GET" | "DELETE" = "GET") =>
  client.request({ method, path: "/crm/v8/Leads" } as never);

/** A response whose headers arrive at once and whose body sends `first`, then stalls or breaks. */
function stalledBody(status: number, first: string, then: "stall" | "break"): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      if (then === "break") controller.error(new TypeError("terminated"));
    },
  });
  return new Response(stream, {
    status,
    headers: { "content-type": "application/json", "content-length": "999" },
  });
}

describe("error bodies are read inside the attempt", () => {
  it("a 4xx body that stalls ends with a TIMEOUT ApiError instead of hanging", async () => {
    const client = core(async () => stalledBody(400, '{"code":"INVALID', "stall"), { timeoutMs: 50 });
    const error = await get(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(ErrorCodes.TIMEOUT);
    expect((error as ApiError).message).toMatch(
      /headers of a 400 answer \(application\/json, 999 bytes announced\)/,
    );
  });

  it("a 4xx body cut short is an ApiError that says so, never a bare TypeError", async () => {
    const client = core(async () => stalledBody(404, '{"code":"INVALID_URL', "break"), { retry: false });
    const error = await get(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(ErrorCodes.NETWORK_ERROR);
    expect((error as ApiError).message).toMatch(/before its whole body arrived/);
  });

  it("an echoed key in an error body is redacted before anyone, raw callers included, reads it", async () => {
    const body = JSON.stringify({ code: "INVALID_TOKEN", message: `bad key Bearer ${API_KEY}` });
    const client = core(async () => new Response(body, { status: 401 }), { retry: false });
    const raw = client.raw as unknown as { GET(path: string): Promise<{ error?: unknown }> };
    const { error } = await raw.GET("/crm/v8/Leads");
    expect(error).toEqual({ code: "INVALID_TOKEN", message: "bad key Bearer [redacted]" });
    const thrown = (await get(client).catch((e: unknown) => e)) as ApiError;
    expect(thrown.message).toContain("bad key Bearer [redacted]");
    expect(thrown.message).not.toContain(API_KEY);
  });
});

describe("reply.repeated", () => {
  it("marks an answer that followed an attempt which may have been applied, not one after a 429", async () => {
    const answers = (first: number) => {
      const queue = [new Response("{}", { status: first }), new Response("{}", { status: 200 })];
      return async () => queue.shift()!;
    };
    const afterFailure = await get(core(answers(503)), "DELETE");
    const afterRateLimit = await get(core(answers(429)), "DELETE");
    const firstTime = await get(core(async () => new Response("{}")));
    expect([afterFailure.repeated, afterRateLimit.repeated, firstTime.repeated]).toEqual([
      true,
      false,
      false,
    ]);
    expect([afterFailure.attempts, afterRateLimit.attempts, firstTime.attempts]).toEqual([2, 2, 1]);
  });
});

describe("redaction", () => {
  const redact = createRedactor([API_KEY]);
  const b64 = (text: string) => Buffer.from(text).toString("base64");

  it("finds the key in base64 at every alignment and in the URL-safe alphabet", () => {
    for (const text of [b64(API_KEY), b64(`x${API_KEY}`), b64(`Bearer ${API_KEY}`), b64(`xx${API_KEY}!`)]) {
      const out = redact(`header=${text}`);
      expect(out, text).toContain("[redacted]");
      expect(out).not.toContain(b64(API_KEY).slice(4, 20));
    }
    const urlSafe = Buffer.from(`k=${API_KEY}`).toString("base64url");
    expect(redact(urlSafe)).toContain("[redacted]");
  });

  it("returns a clean answer as is and copies only the path to a secret, keeping order and the original", () => {
    const clean = {
      data: [{ code: "SUCCESS", details: { id: "1", by: { name: "Ada" } } }],
      info: { count: 1 },
    };
    expect(redact(clean)).toBe(clean);
    const untouched = { id: "2", by: { name: "Bob" } };
    const dirty = {
      first: "kept",
      data: [untouched, { echo: `Bearer ${API_KEY}`, [`x-${API_KEY}`]: 1, id: "3" }],
      last: { n: 1 },
    };
    const copy = redact(dirty);
    expect(copy).toEqual({
      first: "kept",
      data: [untouched, { echo: "Bearer [redacted]", "x-[redacted]": 1, id: "3" }],
      last: { n: 1 },
    });
    expect(Object.keys(copy.data[1]!)).toEqual(["echo", "x-[redacted]", "id"]);
    expect(copy.data[0]).toBe(untouched);
    expect(copy.last).toBe(dirty.last);
    expect((dirty.data[1] as Record<string, unknown>).echo).toBe(`Bearer ${API_KEY}`);
  });

  it("copies accessors without calling them", () => {
    let calls = 0;
    const value = {
      secret: API_KEY,
      get lazy() {
        calls++;
        return API_KEY;
      },
    };
    const copy = redact(value);
    expect(copy.secret).toBe("[redacted]");
    expect(calls).toBe(0);
    expect(Object.getOwnPropertyDescriptor(copy, "lazy")?.get).toBeTypeOf("function");
  });

  it("returns a clean error as is and a copy of one that holds a secret, cause chain included", () => {
    const clean = new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
    expect(redact(clean)).toBe(clean);
    const inner = Object.assign(new Error(`tunnel refused: Bearer ${API_KEY}`), {
      code: "ECONNRESET",
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const dirty = new TypeError("fetch failed", { cause: inner });
    const copy = redact(dirty);
    expect(copy).not.toBe(dirty);
    expect(copy).toBeInstanceOf(TypeError);
    const cause = copy.cause as typeof inner;
    expect(cause.message).toBe("tunnel refused: Bearer [redacted]");
    expect(cause.code).toBe("ECONNRESET");
    expect(cause.headers).toEqual({ authorization: "Bearer [redacted]" });
    expect(cause.stack).not.toContain(API_KEY);
    // The original is untouched.
    expect(inner.message).toContain(API_KEY);
  });
});

describe("paginate with an abort signal", () => {
  it("yields nothing more once the signal aborts, even from the page in memory", async () => {
    const controller = new AbortController();
    const page = { data: [1, 2, 3, 4, 5].map((n) => ({ id: String(n), n })), info: { more_records: true } };
    const seen: number[] = [];
    const run = async () => {
      for await (const n of paginate(async () => page, {
        perPage: 5,
        signals: [undefined, controller.signal],
      })) {
        seen.push(n.n);
        if (n.n === 2) controller.abort(new Error("stop"));
      }
    };
    await expect(run()).rejects.toThrow("stop");
    expect(seen).toEqual([1, 2]);
  });
});
