/** The Maton client against @zohokit/mock's connection API: a connection's life, from PENDING to deleted. */
import { startMockGateway } from "@zohokit/mock";
import { describe, expect, it } from "vitest";
import { ApiError, ConnectionNotActiveError, createMatonClient } from "../src/index.js";

describe("connections against @zohokit/mock", () => {
  it("creates, waits until active, lists, gets and deletes", async () => {
    const zoho = await startMockGateway({ app: "crm" });
    try {
      const maton = createMatonClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
      const created = await maton.connections.create({ app: "zoho-crm" });
      expect(created.status).toBe("PENDING");
      const waiting = maton.connections.waitUntilActive(created.connection_id, {
        timeoutMs: 10_000,
        intervalMs: 5,
      });
      for (
        let i = 0;
        i < 200 && !zoho.requests.some((r) => r.path === `/connections/${created.connection_id}`);
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      zoho.connections.activate(created.connection_id);
      expect((await waiting).status).toBe("ACTIVE");
      const active = await maton.connections.list({ app: "zoho-crm", status: "ACTIVE" });
      expect(active.map((c) => c.connection_id)).toEqual([zoho.connectionId, created.connection_id]);
      await maton.connections.delete(created.connection_id);
      const gone = await maton.connections.get(created.connection_id).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ApiError);
      expect(gone).toMatchObject({ status: 404 });

      const failing = await maton.connections.create({ app: "zoho-crm" });
      zoho.connections.fail(failing.connection_id);
      await expect(
        maton.connections.waitUntilActive(failing.connection_id, { intervalMs: 5 }),
      ).rejects.toBeInstanceOf(ConnectionNotActiveError);
      const refused = await createMatonClient({ baseUrl: zoho.url, apiKey: "wrong-key-0123", retry: false })
        .connections.list()
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 401 });
    } finally {
      await zoho.close();
    }
  });
});
