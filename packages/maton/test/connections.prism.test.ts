import { strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { ApiError, createMatonClient } from "../src/index.js";

const API_KEY = "mk_live_prism_0123456789abcdef";
const ID = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function client(prefer?: string) {
  return createMatonClient({
    apiKey: API_KEY,
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  });
}

describe("connections against the Prism mock of specs/maton.yaml", () => {
  it("lists connections, with and without filters", async () => {
    const all = await client().connections.list();
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]).toMatchObject({ app: "zoho-crm", status: "ACTIVE" });
    const filtered = await client().connections.list({ app: "zoho-crm", status: "ACTIVE" });
    expect(filtered[0]?.connection_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("creates a connection that starts PENDING with an authorization url", async () => {
    const created = await client().connections.create({ app: "zoho-bigin" });
    expect(created.status).toBe("PENDING");
    expect(created.url).toMatch(/^https:\/\//);
  });

  it("gets and deletes a connection by id", async () => {
    const connection = await client().connections.get(ID);
    expect(connection.connection_id).toBe(ID);
    await expect(client().connections.delete(ID)).resolves.toBeUndefined();
  });

  it("waits until a connection is active", async () => {
    const connection = await client().connections.waitUntilActive(ID, { timeoutMs: 5000, intervalMs: 10 });
    expect(connection.status).toBe("ACTIVE");
  });

  it("turns a 401 into an ApiError that explains the key and never contains it", async () => {
    const error = await client("code=401")
      .connections.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.code).toBe("UNAUTHORIZED");
    expect(apiError.message).toMatch(/MATON_API_KEY/);
    expect(apiError.method).toBe("GET");
    expect(apiError.path).toBe("/connections");
    for (const text of [apiError.message, JSON.stringify(apiError), String(apiError), apiError.stack ?? ""]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it.each([
    ["404", "NOT_FOUND"],
    ["429", "RATE_LIMITED"],
    ["500", "INTERNAL_ERROR"],
    ["503", "SERVICE_UNAVAILABLE"],
  ])("maps a documented %s to an ApiError with the gateway's code", async (status, code) => {
    const error = (await client(`code=${status}`)
      .connections.get(ID)
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(Number(status));
    expect(error.code).toBe(code);
  });

  it("sends what the spec requires: a request Prism rejects fails the test harness", async () => {
    // Prism's own verdict on a hand-made bad request proves the harness notices violations.
    const fetchStrict = strictPrismFetch();
    await expect(
      fetchStrict(`${inject("prismUrl")}/connections?status=SLEEPING`, {
        headers: { Authorization: "Bearer x" },
      }),
    ).rejects.toThrow(/broke the spec/);
  });
});
