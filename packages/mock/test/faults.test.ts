import { afterEach, describe, expect, it } from "vitest";
import { compileMatch, FaultPlan } from "../src/faults.js";
import { type MockGateway, type MockGatewayOptions, startMockGateway } from "../src/index.js";
import { call } from "./http.js";

const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function start(options: Partial<MockGatewayOptions> = {}): Promise<MockGateway> {
  const gateway = await startMockGateway({ app: "crm", ...options });
  gateways.push(gateway);
  return gateway;
}

const list = (zoho: MockGateway) => call(zoho, "GET", "/crm/v8/Leads", { fields: "Email" });
const create = (zoho: MockGateway) => call(zoho, "POST", "/crm/v8/Leads", {}, { data: [{ Last_Name: "x" }] });

describe("fault rules", () => {
  it("match a method and path, with {param}, * and a trailing **", () => {
    const cases: [string, string, string, boolean][] = [
      ["POST /Leads", "POST", "/Leads", true],
      ["POST /Leads", "GET", "/Leads", false],
      ["POST /Leads", "POST", "/Leads/upsert", false],
      ["GET /{module}/search", "GET", "/Contacts/search", true],
      ["/{module}/{id}", "DELETE", "/Leads/123", true],
      ["* /settings/**", "GET", "/settings/fields", true],
      ["/settings/**", "GET", "/org", false],
      ["*", "PUT", "/anything/at/all", true],
      ["/connections", "GET", "/connections", true],
    ];
    for (const [match, method, path, expected] of cases) {
      expect(compileMatch(match)({ method, path }), `${match} ~ ${method} ${path}`).toBe(expected);
    }
    expect(() => compileMatch("GET Leads")).toThrow(/looks like "POST \/Leads"/);
  });

  it("fault only the requests they match", async () => {
    const zoho = await start({ faults: [{ kind: "503", match: "POST /{module}" }] });
    expect((await create(zoho)).status).toBe(503);
    expect((await list(zoho)).status).toBe(204);
    expect((await create(zoho)).status).toBe(503);
    expect(zoho.store.records("Leads")).toHaveLength(0);
    expect(zoho.requests.map((r) => r.fault)).toEqual(["503", undefined, "503"]);
  });

  it("own consecutive bands of one draw, so rates add up and the sequence depends only on the seed", async () => {
    const rules = [
      { kind: "500" as const, rate: 0.3 },
      { kind: "429" as const, rate: 0.3 },
    ];
    const plan = new FaultPlan(rules, 5);
    const picks = Array.from({ length: 400 }, () => plan.pick({ method: "GET", path: "/Leads" })?.kind);
    const count = (kind: string) => picks.filter((k) => k === kind).length;
    expect(count("500")).toBeGreaterThan(80);
    expect(count("429")).toBeGreaterThan(80);
    expect(count("500") + count("429")).toBeLessThan(320);
    const again = new FaultPlan(rules, 5);
    expect(Array.from({ length: 400 }, () => again.pick({ method: "GET", path: "/Leads" })?.kind)).toEqual(
      picks,
    );
    const other = new FaultPlan(rules, 6);
    expect(
      Array.from({ length: 400 }, () => other.pick({ method: "GET", path: "/Leads" })?.kind),
    ).not.toEqual(picks);
  });

  it("stop after `times`, and a function can match", async () => {
    const zoho = await start({
      faults: [{ kind: "500", times: 2, match: (request) => request.path.endsWith("/Leads") }],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await list(zoho)).status);
    expect(statuses).toEqual([500, 500, 204, 204]);
    expect(zoho.faults.rules()).toEqual([]);
  });

  it("refuse what they cannot mean", () => {
    expect(() => new FaultPlan([{ kind: [] }])).toThrow(/at least one kind/);
    expect(() => new FaultPlan([{ kind: "500", rate: 2 }])).toThrow(/within 0..1/);
    expect(() => new FaultPlan([{ kind: "429", retryAfterSeconds: -1 }])).toThrow(/whole number/);
    expect(() => new FaultPlan({} as never)).toThrow(/array of fault rules/);
  });
});

describe("faults at run time", () => {
  it("next() faults the next requests first, with Retry-After on a 429", async () => {
    const zoho = await start();
    expect((await list(zoho)).status).toBe(204);
    zoho.faults.next("429", { retryAfterSeconds: 2, count: 2 });
    const first = await list(zoho);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect(first.json).toEqual({
      code: "RATE_LIMIT_EXCEEDED",
      details: {},
      message: "Too many requests. Please try again later.",
      status: "error",
    });
    expect((await list(zoho)).status).toBe(429);
    expect((await list(zoho)).status).toBe(204);
    zoho.faults.next("500", { match: "POST /Leads" });
    expect((await list(zoho)).status).toBe(204);
    expect((await create(zoho)).status).toBe(500);
    expect((await create(zoho)).status).toBe(201);
    expect(zoho.stats().faults).toEqual({ "429": 2, "500": 1 });
  });

  it("add() and clear() change the rules in force", async () => {
    const zoho = await start({ faults: [{ kind: "502" }] });
    expect((await list(zoho)).status).toBe(502);
    zoho.faults.clear();
    expect((await list(zoho)).status).toBe(204);
    zoho.faults.add({ kind: "html", match: "GET /Leads" });
    const html = await list(zoho);
    expect(html.status).toBe(502);
    expect(html.contentType).toContain("text/html");
    expect(zoho.faults.rules()).toHaveLength(1);
  });

  it("a slow answer with a delay comes late and applies the request", async () => {
    const zoho = await start();
    zoho.faults.next("slow", { delayMs: 30 });
    const startedAt = Date.now();
    const answer = await create(zoho);
    expect(answer.status).toBe(201);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
    expect(zoho.store.records("Leads")).toHaveLength(1);
    expect(zoho.requests[0]).toMatchObject({ fault: "slow", status: 201 });
  });

  it("answers in Maton's error shape on the connection API", async () => {
    const zoho = await start();
    zoho.faults.next("429", { match: "/connections" });
    const limited = await call(zoho, "GET", "/connections");
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: { code: "RATE_LIMITED", message: "Too many requests" } });
    zoho.faults.next("503", { match: "/connections" });
    expect((await call(zoho, "GET", "/connections")).json.error.code).toBe("SERVICE_UNAVAILABLE");
  });
});
