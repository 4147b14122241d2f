/**
 * toNodeListener: the notification handler on a real node:http server, with a streamed body, a body a framework
 * parsed already, repeated headers, an oversized body and a handler that throws.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type LoopbackServer, serveOnLoopback } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { NotificationEvent } from "../src/notifications/event.js";
import { createNotificationHandler } from "../src/notifications/handler.js";
import { toNodeListener } from "../src/notifications/node.js";

const TOKEN = "TOKEN_FOR_VERIFICATION_OF_1000000068001";
const callback = {
  server_time: 1747216491000,
  query_params: {},
  module: "Leads",
  resource_uri: "https://www.zohoapis.com/crm/v8/Leads",
  ids: ["7328395000000680100"],
  affected_fields: [],
  operation: "insert",
  channel_id: "1000000068001",
  token: TOKEN,
};

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<string> {
  server = await serveOnLoopback(createServer(listener));
  return `${server.url}/zoho?tenant=7`;
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("toNodeListener", () => {
  it("streams the body to the handler and writes its answer back, status and headers", async () => {
    const events: NotificationEvent[] = [];
    const handler = createNotificationHandler({ token: TOKEN, onEvent: (e) => void events.push(e) });
    const urls: string[] = [];
    const url = await serve(
      toNodeListener((request) => {
        urls.push(request.url);
        return handler(request);
      }),
    );
    const response = await post(url, JSON.stringify(callback));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({ status: "ok" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ module: "Leads", operation: "insert", ids: ["7328395000000680100"] });
    expect(new URL(urls[0]!).pathname + new URL(urls[0]!).search).toBe("/zoho?tenant=7");
  });

  it("answers 413 to a body over the handler's limit without reading it all", async () => {
    const handler = createNotificationHandler({ token: TOKEN, onEvent: () => {}, maxBodyBytes: 1024 });
    const url = await serve(toNodeListener(handler));
    const response = await post(url, JSON.stringify({ ...callback, padding: "x".repeat(200_000) }));
    expect(response.status).toBe(413);
  });

  it("answers 413 to a chunked body over the limit (no Content-Length), and the client gets the answer", async () => {
    const handler = createNotificationHandler({ token: TOKEN, onEvent: () => {}, maxBodyBytes: 1024 });
    const url = await serve(toNodeListener(handler));
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      // Chunked: 64 writes of 1 KiB, then the end; the handler stops reading after the first KiB.
      for (let i = 0; i < 64; i++) req.write("x".repeat(1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("drops what the handler did not read, so a kept-alive connection serves the next request", async () => {
    const handler = createNotificationHandler({ token: TOKEN, onEvent: () => {} });
    const url = await serve(toNodeListener(handler));
    const { Agent, request } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (contentType: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          url,
          { method: "POST", agent, headers: { "content-type": contentType } },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify(callback));
      });
    try {
      expect(await send("text/plain")).toBe(415);
      expect(await send("application/json")).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("streams the body when a parser left an empty {} without reading it (Express 4's body-parser)", async () => {
    const events: NotificationEvent[] = [];
    const listener = toNodeListener(
      createNotificationHandler({ token: TOKEN, onEvent: (e) => void events.push(e) }),
    );
    const url = await serve((req, res) => listener(Object.assign(req, { body: {} }), res));
    expect((await post(url, JSON.stringify(callback))).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("writes every Set-Cookie header of the answer", async () => {
    const url = await serve(
      toNodeListener(async () => {
        const headers = new Headers();
        headers.append("set-cookie", "a=1");
        headers.append("set-cookie", "b=2");
        return new Response("ok", { status: 200, headers });
      }),
    );
    const response = await fetch(url);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("takes a body a framework parsed already (an object, text or bytes), as Express's parsers leave it", async () => {
    const events: NotificationEvent[] = [];
    const handler = createNotificationHandler({ token: TOKEN, onEvent: (e) => void events.push(e) });
    const listener = toNodeListener(handler);
    const parsers: Array<(text: string) => unknown> = [
      (text) => JSON.parse(text),
      (text) => text,
      (text) => Buffer.from(text),
    ];
    let parse = parsers[0]!;
    const url = await serve(async (req, res) => {
      let text = "";
      for await (const chunk of req) text += chunk;
      await listener(Object.assign(req, { body: parse(text) }), res);
    });
    for (const [i, parser] of parsers.entries()) {
      parse = parser;
      const response = await post(
        url,
        JSON.stringify({ ...callback, server_time: callback.server_time + i }),
      );
      expect(response.status).toBe(200);
    }
    expect(events.map((e) => e.serverTime)).toEqual([1747216491000, 1747216491001, 1747216491002]);
  });

  it("passes repeated headers and refuses a wrong token with the handler's 401", async () => {
    const seen: string[] = [];
    const url = await serve(
      toNodeListener(async (request) => {
        seen.push(request.headers.get("x-forwarded-for") ?? "");
        return createNotificationHandler({ token: TOKEN, onEvent: () => {} })(request);
      }),
    );
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.setHeader("x-forwarded-for", ["10.0.0.1", "10.0.0.2"]);
      req.on("error", reject);
      req.end(JSON.stringify({ ...callback, token: "WRONG_TOKEN_0123456789" }));
    });
    expect(status).toBe(401);
    expect(seen).toEqual(["10.0.0.1, 10.0.0.2"]);
  });

  it("answers 500 when the handler throws, so Zoho sends the callback again", async () => {
    const url = await serve(
      toNodeListener(async () => {
        throw new Error("boom");
      }),
    );
    const response = await post(url, JSON.stringify(callback));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("boom");
  });
});
