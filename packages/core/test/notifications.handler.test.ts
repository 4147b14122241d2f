/**
 * createNotificationHandler behind a real node:http server on loopback, fed the callbacks Zoho documents (CRM v8
 * "Enable Notifications": update with affected fields and values, insert, delete, batched ids, numeric channel id).
 */
import { createServer } from "node:http";
import { type LoopbackServer, serveOnLoopback } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ZohoKitError } from "../src/errors.js";
import type { NotificationEvent } from "../src/notifications/event.js";
import { createNotificationHandler, type NotificationHandler } from "../src/notifications/handler.js";
import { toNodeListener } from "../src/notifications/node.js";

const TOKEN = "TOKEN_FOR_VERIFICATION_OF_1000000068001";
const update = {
  server_time: 1747216491000,
  query_params: { tenant: "7" },
  module: "Leads",
  resource_uri: "https://www.zohoapis.com/crm/v8/Leads",
  ids: ["7328395000000680100"],
  affected_fields: [{ "7328395000000680100": ["Lead_Status"] }],
  affected_values: [{ record_id: "7328395000000680100", values: { Lead_Status: "Contacted" } }],
  operation: "update",
  channel_id: "1000000068001",
  token: TOKEN,
};
const insert = {
  server_time: 1747216500000,
  query_params: {},
  module: "Deals",
  resource_uri: "https://www.zohoapis.com/crm/v8/Deals",
  ids: ["7328395000000690001", "7328395000000690002"],
  affected_fields: [],
  operation: "insert",
  channel_id: 1000000068001,
  token: TOKEN,
};

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: NotificationHandler): Promise<string> {
  server = await serveOnLoopback(createServer(toNodeListener(handler)));
  return `${server.url}/zoho`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("createNotificationHandler", () => {
  it("parses Zoho's callbacks into events", async () => {
    const events: NotificationEvent[] = [];
    const url = await serve(createNotificationHandler({ token: TOKEN, onEvent: (e) => void events.push(e) }));
    expect((await post(url, update)).status).toBe(200);
    expect((await post(url, insert)).status).toBe(200);
    expect(events).toMatchObject([
      {
        channelId: "1000000068001",
        module: "Leads",
        operation: "update",
        ids: ["7328395000000680100"],
        affectedFields: { "7328395000000680100": ["Lead_Status"] },
        affectedValues: { "7328395000000680100": { Lead_Status: "Contacted" } },
        serverTime: 1747216491000,
        queryParams: { tenant: "7" },
      },
      {
        channelId: "1000000068001",
        module: "Deals",
        operation: "insert",
        ids: insert.ids,
        affectedFields: {},
      },
    ]);
  });

  it("answers 401 to a wrong or missing token, and the answer does not hold it", async () => {
    let called = 0;
    const url = await serve(createNotificationHandler({ token: TOKEN, onEvent: () => void called++ }));
    for (const token of ["wrong", `${TOKEN}x`, TOKEN.slice(0, -1), undefined, 42]) {
      const response = await post(url, { ...update, token });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("TOKEN");
    }
    expect(called).toBe(0);
  });

  it("refuses what is not a POST of JSON, malformed JSON and incomplete payloads", async () => {
    const url = await serve(createNotificationHandler({ token: TOKEN, onEvent: () => {} }));
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url, { method: "PUT", body: "{}" })).status).toBe(405);
    expect((await post(url, JSON.stringify(update), { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(url, '{"token": "x", ')).status).toBe(400);
    const { ids: _, ...noIds } = update;
    expect((await post(url, noIds)).status).toBe(400);
    expect((await post(url, { ...update, operation: "merge" })).status).toBe(400);
  });

  it("stops reading a body past maxBodyBytes: 413", async () => {
    let called = 0;
    const url = await serve(
      createNotificationHandler({ token: TOKEN, maxBodyBytes: 1024, onEvent: () => void called++ }),
    );
    const big = {
      ...update,
      ids: Array.from({ length: 200 }, (_, i) => String(7328395000000680100n + BigInt(i))),
    };
    expect((await post(url, big)).status).toBe(413);
    // Without a Content-Length: streamed in chunks, cut off while reading.
    const chunks = Array.from({ length: 64 }, () => "x".repeat(100));
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.pop();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const handler = createNotificationHandler({
      token: TOKEN,
      maxBodyBytes: 1024,
      onEvent: () => void called++,
    });
    const response = await handler(
      new Request("http://x/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(chunks.length).toBeGreaterThan(40);
    expect(called).toBe(0);
  });

  it("drops a repeated delivery within the window, and lets a retry after a failure through", async () => {
    const seen: string[] = [];
    let fail = true;
    const errors: unknown[] = [];
    const url = await serve(
      createNotificationHandler({
        token: TOKEN,
        onEvent: (e) => {
          seen.push(e.ids[0]!);
          if (fail) {
            fail = false;
            throw new Error("database down");
          }
        },
        onError: (error) => errors.push(error),
      }),
    );
    expect((await post(url, update)).status).toBe(500);
    expect((await post(url, update)).status).toBe(200);
    expect((await post(url, update)).status).toBe(200);
    expect((await post(url, { ...update, server_time: update.server_time + 1 })).status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(errors).toHaveLength(1);
  });

  it("with respondBeforeHandled answers at once, queues (bounded) and drains", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handled: number[] = [];
    const errors: unknown[] = [];
    const handler = createNotificationHandler({
      token: TOKEN,
      respondBeforeHandled: true,
      maxQueued: 2,
      onEvent: async (e) => {
        await gate;
        handled.push(e.serverTime);
        if (e.serverTime === 3) throw new Error("boom");
      },
      onError: (error) => errors.push(error),
    });
    const url = await serve(handler);
    const statuses = [];
    for (const time of [1, 2, 3, 4])
      statuses.push((await post(url, { ...update, server_time: time })).status);
    // The first is running; two wait; the fourth finds the queue full and asks Zoho to send it again.
    expect(statuses).toEqual([200, 200, 200, 503]);
    expect(handled).toEqual([]);
    release();
    await handler.drain();
    expect(handled).toEqual([1, 2, 3]);
    expect(errors).toHaveLength(1);
    // A repeat of a handled event is dropped; a repeat of the one that failed is handled.
    expect((await post(url, { ...update, server_time: 2 })).status).toBe(200);
    expect((await post(url, { ...update, server_time: 3 })).status).toBe(200);
    await handler.drain();
    expect(handled).toEqual([1, 2, 3, 3]);
  });

  it("refuses a bad token option before serving", () => {
    expect(() => createNotificationHandler({ token: "", onEvent: () => {} })).toThrow(ZohoKitError);
    expect(() => createNotificationHandler({ token: "x".repeat(51), onEvent: () => {} })).toThrow(
      ZohoKitError,
    );
  });
});
