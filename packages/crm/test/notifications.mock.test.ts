/**
 * crm.records.getMany against @zohokit/mock (100 ids per call, ids not found reported), crm.notifications against a
 * scripted fetch (one outcome per channel, 207 mixes, keepAlive), and the receiver fetching the changed records
 * through the client (event.records).
 */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { serveOnLoopback } from "@zohokit/testkit";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  type CrmClient,
  createCrmClient,
  createNotificationHandler,
  type GetManyResult,
  type OrgNotificationEvent,
  toNodeListener,
  ZohoKitError,
} from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let zoho: MockGateway;
let crm: CrmClient;
let ids: string[];
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
  ids = zoho.store
    .add(
      "Leads",
      Array.from({ length: 230 }, (_, i) => ({ Last_Name: `Many ${i}` })),
    )
    .map((record) => record.id);
});
afterAll(() => zoho.close());

const listCalls = () => zoho.requests.filter((r) => r.method === "GET" && /\/crm\/v8\/Leads$/.test(r.path));

describe("crm.records.getMany", () => {
  it("fetches 230 ids in three calls of at most 100, in the order asked, and reports the missing ones", async () => {
    const before = listCalls().length;
    const missing = ["1000000000000000001", "1000000000000000002"];
    const asked = [...ids].reverse().concat(missing, ids.slice(0, 3));
    const { records, notFound } = await crm.records.getMany("Leads", asked, { fields: ["Last_Name"] });
    expect(records.map((r) => r.id)).toEqual([...ids].reverse());
    expect(records[0]).toEqual({ id: ids.at(-1), Last_Name: "Many 229" });
    expect(notFound).toEqual(missing);
    expect(listCalls().length - before).toBe(3);
  });

  it("answers an empty result for no ids without a call, and refuses bad ids before any request", async () => {
    const before = zoho.requests.length;
    expect(await crm.records.getMany("Leads", [], { fields: ["Last_Name"] })).toEqual({
      records: [],
      notFound: [],
    });
    await expect(crm.records.getMany("Leads", ["12", "x1"], { fields: ["Last_Name"] })).rejects.toThrow(
      ZohoKitError,
    );
    await expect(crm.records.getMany("Leads", ids, { fields: [] })).rejects.toThrow(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });
});

describe("createNotificationHandler with event.records", () => {
  it("fetches the records of a callback through the client", async () => {
    const fetched: unknown[] = [];
    const handler = createNotificationHandler({
      token: "secret-token",
      records: crm.records,
      onEvent: async (event) => {
        const { records, notFound } = await event.records(["Last_Name"]);
        fetched.push(
          records.map((r) => r.Last_Name),
          notFound,
        );
      },
    });
    const response = await handler(
      new Request("http://localhost/zoho", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          server_time: Date.now(),
          query_params: {},
          module: "Leads",
          resource_uri: `${zoho.url}/crm/v8/Leads`,
          ids: [ids[0], "1000000000000000009"],
          affected_fields: [],
          operation: "insert",
          channel_id: "1000000068001",
          token: "secret-token",
        }),
      }),
    );
    expect(response.status).toBe(200);
    expect(fetched).toEqual([["Many 0"], ["1000000000000000009"]]);
  });
});

/** A fetch that answers each request with the next scripted reply and records what was sent. */
function scripted(replies: { status: number; body?: unknown }[]) {
  const sent: { method: string; url: string; body: unknown }[] = [];
  const fetch = async (request: Request) => {
    const text = await request.text();
    sent.push({ method: request.method, url: request.url, body: text ? JSON.parse(text) : undefined });
    const reply = replies.shift() ?? {
      status: 500,
      body: { code: "INTERNAL_ERROR", status: "error", message: "x" },
    };
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "content-type": "application/json" },
    });
  };
  return { sent, crm: createCrmClient({ apiKey: "k_test_notifications", fetch, retry: false }) };
}

describe("crm.notifications", () => {
  const channel = {
    channelId: "1000000068001",
    events: ["Leads.all", "Deals.create"] as const,
    notifyUrl: "https://example.com/zoho",
    token: "secret-token",
    returnAffectedFieldValues: true,
  };

  it("enables channels and reports each one truthfully from a 207 mix", async () => {
    const { sent, crm } = scripted([
      {
        status: 207,
        body: {
          watch: [
            {
              code: "SUCCESS",
              status: "success",
              message: "Successfully subscribed for actions-watch of the given module",
              details: { events: [{ channel_expiry: "2026-12-07T11:00:00+00:00", resource_name: "Leads" }] },
            },
            {
              code: "INVALID_DATA",
              status: "error",
              message: "invalid data",
              details: { api_name: "events" },
            },
          ],
        },
      },
    ]);
    const expiry = new Date(Date.now() + 3_600_000);
    const result = await crm.notifications.enable([
      { ...channel, expiry },
      { ...channel, channelId: "1000000068002", events: ["Deals.edit"] },
    ]);
    expect(result.map((r) => [r.index, r.channelId, r.ok, r.code])).toEqual([
      [0, "1000000068001", true, "SUCCESS"],
      [1, "1000000068002", false, "INVALID_DATA"],
    ]);
    expect(sent[0]!.method).toBe("POST");
    expect(sent[0]!.url).toMatch(/\/crm\/v8\/actions\/watch$/);
    expect((sent[0]!.body as { watch: object[] }).watch[0]).toEqual({
      channel_id: "1000000068001",
      events: ["Leads.all", "Deals.create"],
      notify_url: "https://example.com/zoho",
      token: "secret-token",
      channel_expiry: expect.stringMatching(/\+00:00$/),
      return_affected_field_values: true,
    });
  });

  it("says AMBIGUOUS for a channel Zoho answered nothing about", async () => {
    const { crm } = scripted([{ status: 200, body: { watch: [{ code: "SUCCESS", status: "success" }] } }]);
    const result = await crm.notifications.disable(["1", "2"]);
    expect(result.map((r) => r.code)).toEqual(["SUCCESS", "AMBIGUOUS"]);
  });

  it("refuses bad channels before any request, without echoing the token", async () => {
    const { sent, crm } = scripted([]);
    const tooFar = new Date(Date.now() + 8 * 24 * 3_600_000);
    await expect(crm.notifications.enable([{ ...channel, expiry: tooFar }])).rejects.toThrow(/hours ahead/);
    await expect(crm.notifications.enable([{ ...channel, channelId: "abc" }])).rejects.toThrow(ZohoKitError);
    await expect(
      crm.notifications.enable([{ ...channel, events: ["Leads.merge" as never] }]),
    ).rejects.toThrow(ZohoKitError);
    const error = await crm.notifications
      .enable([{ ...channel, token: "t".repeat(60) }])
      .catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain("tttt");
    expect(sent).toEqual([]);
  });

  it("lists channels across pages and answers [] for a 204", async () => {
    const { sent, crm } = scripted([
      { status: 200, body: { watch: [{ channel_id: "1" }], info: { more_records: true } } },
      { status: 200, body: { watch: [{ channel_id: "2" }], info: { more_records: false } } },
    ]);
    expect((await crm.notifications.list({ module: "Leads" })).map((c) => c.channel_id)).toEqual(["1", "2"]);
    expect(sent.map((s) => new URL(s.url).searchParams.get("page"))).toEqual(["1", "2"]);
    const empty = scripted([{ status: 204 }]);
    expect(await empty.crm.notifications.list()).toEqual([]);
  });

  it("keepAlive renews at once, reports failures, and stops on abort", async () => {
    const ok = { status: 200, body: { watch: [{ code: "SUCCESS", status: "success" }] } };
    const failed = {
      status: 202,
      body: { watch: [{ code: "INVALID_DATA", status: "error", message: "x" }] },
    };
    const { sent, crm } = scripted([failed, ok, ok, ok, ok]);
    const controller = new AbortController();
    const errors: unknown[] = [];
    const renewals: Date[] = [];
    const running = crm.notifications.keepAlive([channel], {
      lifetimeMs: 200,
      renewBeforeMs: 150,
      retryMs: 20,
      signal: controller.signal,
      onError: (error) => errors.push(error),
      onRenewed: (_, expiry) => {
        renewals.push(expiry);
        if (renewals.length === 2) controller.abort();
      },
    });
    await running;
    expect(errors).toHaveLength(1);
    expect(renewals).toHaveLength(2);
    expect(sent.map((s) => s.method)).toEqual(["PUT", "PUT", "PUT"]);
  });

  it("keepAlive enables again a channel Zoho no longer knows", async () => {
    const gone = {
      status: 202,
      body: { watch: [{ code: "NOT_SUBSCRIBED", status: "error", message: "x" }] },
    };
    const created = { status: 201, body: { watch: [{ code: "SUCCESS", status: "success" }] } };
    const { sent, crm } = scripted([gone, created]);
    const controller = new AbortController();
    const renewed: string[] = [];
    await crm.notifications.keepAlive([channel], {
      signal: controller.signal,
      onError: (error) => {
        throw error;
      },
      onRenewed: (outcomes) => {
        renewed.push(...outcomes.map((o) => `${o.index} ${o.code}`));
        controller.abort();
      },
    });
    expect(renewed).toEqual(["0 SUCCESS"]);
    expect(sent.map((s) => s.method)).toEqual(["PUT", "POST"]);
  });
});

/** Compiled, never run: events and records typed by the org. */
interface TypedOrg {
  Leads: { fields: { Last_Name: string; Email: string }; record: { id: string; Last_Name: string | null } };
  Deals: { fields: { Deal_Name: string }; record: { id: string; Deal_Name: string | null } };
}
async function typed() {
  const typedCrm = createCrmClient<TypedOrg>({ apiKey: "k_test_types" });
  await typedCrm.notifications.enable([
    { channelId: "1", events: ["Leads.create", "Deals.all"], notifyUrl: "https://example.com" },
  ]);
  const notifyUrl = "https://x.io";
  // @ts-expect-error: Contacts is not a module of the org
  await typedCrm.notifications.enable([{ channelId: "1", events: ["Contacts.create"], notifyUrl }]);
  // @ts-expect-error: "merge" is not an operation
  await typedCrm.notifications.enable([{ channelId: "1", events: ["Leads.merge"], notifyUrl }]);
  const many = await typedCrm.records.getMany("Leads", ["1"], { fields: ["Email"] });
  expectTypeOf(many).toEqualTypeOf<GetManyResult<{ id: string; Email: string | null }>>();
  // @ts-expect-error: Deal_Name is not a field of Leads
  await typedCrm.records.getMany("Leads", ["1"], { fields: ["Deal_Name"] });
  createNotificationHandler<TypedOrg>({
    token: "t",
    records: typedCrm.records,
    onEvent: async (event) => {
      expectTypeOf(event.module).toEqualTypeOf<"Leads" | "Deals">();
      if (event.module === "Deals") {
        const { records } = await event.records(["Deal_Name"]);
        expectTypeOf(records[0]!.Deal_Name).toEqualTypeOf<string | null>();
        // @ts-expect-error: Email is a field of Leads, not Deals
        await event.records(["Email"]);
      }
    },
  });
  expectTypeOf<OrgNotificationEvent<TypedOrg>["operation"]>().toEqualTypeOf<"insert" | "update" | "delete">();
}
void typed;

describe("end to end on the mock", () => {
  it("enables a channel, creates a record, receives Zoho's callback and fetches the record", async () => {
    const events: { ids: string[]; names: unknown[] }[] = [];
    let arrived!: () => void;
    const done = new Promise<void>((resolve) => (arrived = resolve));
    const handler = createNotificationHandler({
      token: "e2e-token",
      records: crm.records,
      onEvent: async (event) => {
        const { records } = await event.records(["Last_Name"]);
        events.push({ ids: event.ids, names: records.map((r) => r.Last_Name) });
        arrived();
      },
    });
    const server = await serveOnLoopback(createServer(toNodeListener(handler)));
    try {
      const [outcome] = await crm.notifications.enable([
        {
          channelId: "1000000068099",
          events: ["Leads.create"],
          notifyUrl: `${server.url}/zoho`,
          token: "e2e-token",
          expiry: new Date(Date.now() + 3_600_000),
        },
      ]);
      expect(outcome).toMatchObject({ ok: true, code: "SUCCESS" });
      expect((await crm.notifications.list()).map((c) => String(c.channel_id))).toContain("1000000068099");
      const created = await crm.records.create("Leads", [{ Last_Name: "Notified" }]);
      await Promise.race([
        done,
        new Promise((_, fail) => setTimeout(() => fail(new Error("no callback")), 5000)),
      ]);
      expect(events).toEqual([{ ids: [created.succeeded[0]!.id], names: ["Notified"] }]);
      expect((await crm.notifications.disable(["1000000068099"]))[0]!.ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
