/** bigin.notifications against @zohokit/mock: channels, a day's expiry cap, and a callback on a Contacts create. */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { startMockGateway } from "@zohokit/mock";
import { serveOnLoopback } from "@zohokit/testkit";
import { describe, expect, it } from "vitest";
import {
  createBiginClient,
  createNotificationHandler,
  type NotificationEvent,
  toNodeListener,
} from "../src/index.js";

const ORG = fileURLToPath(new URL("../../../examples/sample-org/bigin/metadata/", import.meta.url));
const API_KEY = "mk_bigin_notifications_0123";

describe("bigin.notifications", () => {
  it("enables a channel, receives a Contacts create, reports an unknown channel, and caps expiry at a day", async () => {
    const zoho = await startMockGateway({ app: "bigin", org: ORG, apiKey: API_KEY });
    const bigin = createBiginClient({ apiKey: API_KEY, baseUrl: zoho.url, retry: false });
    const events: NotificationEvent[] = [];
    let arrived!: () => void;
    const done = new Promise<void>((resolve) => (arrived = resolve));
    const handler = createNotificationHandler({
      token: "bigin-token",
      onEvent: (event) => {
        events.push(event);
        arrived();
      },
    });
    const server = await serveOnLoopback(createServer(toNodeListener(handler)));
    try {
      const notifyUrl = `${server.url}/zoho?tenant=7`;
      await expect(
        bigin.notifications.enable([
          {
            channelId: "5",
            events: ["Contacts.all"],
            notifyUrl,
            expiry: new Date(Date.now() + 2 * 86_400_000),
          },
        ]),
      ).rejects.toThrow(/24 hours ahead/);
      const [ok] = await bigin.notifications.enable([
        { channelId: "5", events: ["Contacts.all"], notifyUrl, token: "bigin-token" },
      ]);
      expect(ok).toMatchObject({ ok: true, code: "SUCCESS" });
      const created = await bigin.records.create("Contacts", [{ Last_Name: "Watched" }]);
      await Promise.race([
        done,
        new Promise((_, fail) => setTimeout(() => fail(new Error("no callback")), 5000)),
      ]);
      expect(events[0]).toMatchObject({
        module: "Contacts",
        operation: "insert",
        ids: [created.succeeded[0]!.id],
        channelId: "5",
        queryParams: { tenant: "7" },
      });
      const outcomes = await bigin.notifications.disable(["5", "6"]);
      expect(outcomes.map((o) => [o.channelId, o.ok, o.code])).toEqual([
        ["5", true, "SUCCESS"],
        ["6", false, "NOT_SUBSCRIBED"],
      ]);
      expect(await bigin.notifications.list()).toEqual([]);
    } finally {
      await server.close();
      await zoho.close();
    }
  });
});
