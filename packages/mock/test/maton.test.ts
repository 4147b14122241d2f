import { afterEach, describe, expect, it } from "vitest";
import { type MockGateway, startMockGateway } from "../src/index.js";
import { call } from "./http.js";

const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function start(app: "crm" | "bigin" = "crm", seed?: number): Promise<MockGateway> {
  const gateway = await startMockGateway({ app, ...(seed !== undefined ? { seed } : {}) });
  gateways.push(gateway);
  return gateway;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Maton's connection API on the mock's server", () => {
  it("starts with one ACTIVE connection of the app and lists it", async () => {
    const zoho = await start("bigin");
    expect(zoho.connectionId).toMatch(UUID);
    const listed = await call(zoho, "GET", "/connections", { app: "zoho-bigin", status: "ACTIVE" });
    expect(listed.status).toBe(200);
    expect(listed.json.connections).toEqual([
      expect.objectContaining({
        connection_id: zoho.connectionId,
        status: "ACTIVE",
        app: "zoho-bigin",
        method: "OAUTH2",
      }),
    ]);
    expect((await call(zoho, "GET", "/connections", { app: "zoho-crm" })).json.connections).toEqual([]);
    expect((await call(zoho, "GET", "/connections", { status: "DONE" })).json).toEqual({
      error: { code: "BAD_REQUEST", message: "Unknown status: DONE" },
    });
  });

  it("creates PENDING connections that the gateway serves once activated", async () => {
    const zoho = await start();
    const created = await call(zoho, "POST", "/connections", {}, { app: "zoho-crm" });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      status: "PENDING",
      app: "zoho-crm",
      connection_id: expect.stringMatching(UUID),
    });
    expect(created.json.url).toMatch(/^https:\/\/connect\.maton\.ai\/\?session_token=/);
    const id = created.json.connection_id as string;
    const through = (connection: string) =>
      call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" }, undefined, {
        Authorization: `Bearer ${zoho.apiKey}`,
        "Maton-Connection": connection,
      });
    const pending = await through(id);
    expect(pending.status).toBe(400);
    expect(pending.json).toMatchObject({ code: "CONNECTION_NOT_FOUND", status: "error" });
    expect(pending.text).not.toContain(id);
    zoho.connections.activate(id);
    expect((await through(id)).status).toBe(204);
    expect((await call(zoho, "GET", `/connections/${id}`)).json.connection.status).toBe("ACTIVE");
    zoho.connections.fail(id);
    expect((await through(id)).status).toBe(400);
    expect((await through(zoho.connectionId)).status).toBe(204);
  });

  it("deletes connections; without an ACTIVE one the gateway refuses every call", async () => {
    const zoho = await start();
    expect((await call(zoho, "DELETE", `/connections/${zoho.connectionId}`)).json).toEqual({});
    expect((await call(zoho, "GET", `/connections/${zoho.connectionId}`)).json).toEqual({
      error: { code: "NOT_FOUND", message: "Connection not found" },
    });
    expect((await call(zoho, "DELETE", `/connections/${zoho.connectionId}`)).status).toBe(404);
    const refused = await call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain("no ACTIVE zoho-crm connection");
  });

  it("checks the API key and the input in Maton's error shape", async () => {
    const zoho = await start();
    const unauthorized = await call(zoho, "GET", "/connections", {}, undefined, {
      Authorization: "Bearer nope",
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json).toEqual({ error: { code: "UNAUTHORIZED", message: "Invalid API key" } });
    expect((await call(zoho, "POST", "/connections", {}, { app: "Zoho CRM" })).json.error.code).toBe(
      "BAD_REQUEST",
    );
    expect((await call(zoho, "POST", "/connections", {}, { app: "zoho-crm", extra: 1 })).status).toBe(400);
    expect((await call(zoho, "POST", "/connections", {}, {})).status).toBe(400);
    expect((await call(zoho, "GET", "/connections/not-a-uuid")).status).toBe(404);
    expect((await call(zoho, "PUT", "/connections")).status).toBe(404);
  });

  it("makes the same connection ids and key from the same seed", async () => {
    const a = await start("crm", 7);
    const b = await start("crm", 7);
    const c = await start("crm", 8);
    expect([b.connectionId, b.apiKey]).toEqual([a.connectionId, a.apiKey]);
    expect(c.connectionId).not.toBe(a.connectionId);
  });
});
