import { describe, expect, it, vi } from "vitest";
import { ApiError, ConnectionNotActiveError, createMatonClient, ZohoKitError } from "../src/index.js";

const API_KEY = "mk_test_unit_fedcba9876543210";
const ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

function connection(status: string) {
  return {
    connection_id: ID,
    status,
    app: "zoho-crm",
    url: "https://connect.maton.ai/?session_token=abc",
    creation_time: "2026-05-14T12:51:54Z",
    last_updated_time: "2026-05-14T12:51:54Z",
    metadata: {},
  };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

describe("createMatonClient", () => {
  it("refuses to start without an API key, saying how to set it", () => {
    const saved = process.env.MATON_API_KEY;
    delete process.env.MATON_API_KEY;
    try {
      expect(() => createMatonClient()).toThrow(ZohoKitError);
      expect(() => createMatonClient()).toThrow(/MATON_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.MATON_API_KEY = saved;
    }
  });

  it("reads the key from MATON_API_KEY and sends it as a bearer token with the connection header", async () => {
    const fetch = vi.fn(async (request: Request) => {
      expect(request.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
      expect(request.headers.get("maton-connection")).toBe(ID);
      expect(new URL(request.url).origin).toBe("https://ctrl.maton.ai");
      return json({ connections: [] });
    });
    vi.stubEnv("MATON_API_KEY", API_KEY);
    try {
      const maton = createMatonClient({ connection: ID, fetch });
      await expect(maton.connections.list()).resolves.toEqual([]);
      expect(fetch).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a connection id that is not a UUID before any request", async () => {
    const fetch = vi.fn(async () => json({}));
    const maton = createMatonClient({ apiKey: API_KEY, fetch });
    await expect(maton.connections.get("not-a-uuid")).rejects.toThrow(/UUID/);
    await expect(maton.connections.delete("../connections")).rejects.toThrow(ZohoKitError);
    expect(() => createMatonClient({ apiKey: API_KEY, connection: "abc" })).toThrow(/UUID/);
    await expect(maton.connections.create({ app: "Zoho CRM" })).rejects.toThrow(/app must be/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("keeps the key out of errors even when the server echoes it", async () => {
    const fetch = async () =>
      json({ error: { code: "UNAUTHORIZED", message: `Invalid API key ${API_KEY}` } }, 401);
    const maton = createMatonClient({ apiKey: API_KEY, fetch, retry: false });
    const error = (await maton.connections.list().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain("[redacted]");
    for (const text of [error.message, JSON.stringify(error), String(error), JSON.stringify(error.details)]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it("waitUntilActive polls until ACTIVE", async () => {
    const states = ["PENDING", "PENDING", "ACTIVE"];
    const fetch = vi.fn(async () => json({ connection: connection(states.shift() ?? "ACTIVE") }));
    const maton = createMatonClient({ apiKey: API_KEY, fetch });
    const result = await maton.connections.waitUntilActive(ID, { intervalMs: 1, timeoutMs: 5000 });
    expect(result.status).toBe("ACTIVE");
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("waitUntilActive fails clearly on FAILED", async () => {
    const maton = createMatonClient({
      apiKey: API_KEY,
      fetch: async () => json({ connection: connection("FAILED") }),
    });
    const error = await maton.connections.waitUntilActive(ID, { intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionNotActiveError);
    expect((error as ConnectionNotActiveError).reason).toBe("failed");
    expect((error as Error).message).toMatch(/FAILED.*create a new one/);
    expect(String(error)).not.toContain(ID);
  });

  it("waitUntilActive fails clearly on timeout, pointing at the authorization url", async () => {
    const maton = createMatonClient({
      apiKey: API_KEY,
      fetch: async () => json({ connection: connection("PENDING") }),
    });
    const error = await maton.connections
      .waitUntilActive(ID, { intervalMs: 5, timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionNotActiveError);
    expect((error as ConnectionNotActiveError).reason).toBe("timeout");
    // The authorization url carries a session token, and connection ids are secrets: the message names neither.
    expect((error as Error).message).toMatch(/still PENDING.*connection\.url/);
    const printed = [String(error), JSON.stringify(error), (error as Error).stack].join("\n");
    expect(printed).not.toContain("session_token=abc");
    expect(printed).not.toContain(ID);
    expect((error as ConnectionNotActiveError).connectionId).toBe(ID);
  });

  it("waitUntilActive stops at once when aborted", async () => {
    const controller = new AbortController();
    const maton = createMatonClient({
      apiKey: API_KEY,
      fetch: async () => json({ connection: connection("PENDING") }),
    });
    const waiting = maton.connections.waitUntilActive(ID, { intervalMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});
