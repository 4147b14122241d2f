/**
 * crm.records.deleted and crm.records.changes against @zohokit/mock, with writes (updates, creates, deletes) made
 * while a run is reading: every change is seen at least once over this run and the next, and no change twice in
 * one run.
 */
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Change,
  type ChangesCheckpoint,
  type CrmClient,
  createCrmClient,
  ZohoKitError,
  type ZohoRecord,
} from "../src/index.js";

const gateways: MockGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function setup(): Promise<{ zoho: MockGateway; crm: CrmClient; writer: CrmClient }> {
  const zoho = await startMockGateway({ app: "crm" });
  gateways.push(zoho);
  return {
    zoho,
    crm: createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey }),
    writer: createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey }),
  };
}

const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

/** Leads modified long ago: one a second, and `tie` of them in the same second (a mass update). */
function seed(zoho: MockGateway, count: number, tie = 0): void {
  const start = Date.now() - 30 * DAY;
  zoho.store.add(
    "Leads",
    Array.from({ length: count }, (_, i) => ({
      Last_Name: `Seed ${i}`,
      Modified_Time: at(i < tie ? start : start + (i - tie + 1) * 1000),
    })),
  );
}

const keyOf = (change: Change<ZohoRecord>) =>
  change.kind === "upsert" ? `${change.record.id}@${String(change.record.Modified_Time)}` : `-${change.id}`;

async function drain(run: AsyncIterable<Change<ZohoRecord>>, during?: (n: number) => Promise<void>) {
  const seen: string[] = [];
  for await (const change of run) {
    seen.push(keyOf(change));
    await during?.(seen.length);
  }
  return seen;
}

describe("crm.records.deleted against the mock", () => {
  it("lists deleted records newest first, by type and since a time", async () => {
    const { zoho, crm } = await setup();
    seed(zoho, 5);
    const ids = zoho.store.records("Leads").map((r) => r.id);
    await crm.records.delete("Leads", ids.slice(0, 3));
    const deleted = [];
    for await (const record of crm.records.deleted("Leads", { perPage: 2 })) deleted.push(record);
    expect(deleted.map((d) => d.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(deleted[0]).toMatchObject({
      type: "recycle",
      display_name: "Seed 2",
      deleted_by: { id: expect.any(String) },
    });
    const none = [];
    for await (const record of crm.records.deleted("Leads", { since: new Date(Date.now() + DAY) }))
      none.push(record);
    expect(none).toEqual([]);
    expect(zoho.requests.at(-1)?.status).toBe(304);
    const permanent = [];
    for await (const record of crm.records.deleted("Leads", { type: "permanent" })) permanent.push(record);
    expect(permanent).toEqual([]);
  });
});

describe("crm.records.changes against the mock", () => {
  it("hands over what changed, then from the checkpoint only what changed after", async () => {
    const { zoho, crm } = await setup();
    seed(zoho, 450);
    const first = crm.records.changes("Leads", {
      fields: ["Last_Name"],
      since: new Date(Date.now() - 60 * DAY),
    });
    const seen = await drain(first);
    expect(seen).toHaveLength(450);
    expect(new Set(seen).size).toBe(450);
    const checkpoint = JSON.parse(JSON.stringify(first.checkpoint())) as ChangesCheckpoint;
    expect(checkpoint).toMatchObject({ version: 1, module: "Leads" });

    const ids = zoho.store.records("Leads").map((r) => r.id);
    await crm.records.update("Leads", [{ id: ids[10]!, Email: "changed@example.com" }]);
    await crm.records.delete("Leads", [ids[20]!]);
    const second = crm.records.changes("Leads", { fields: ["Last_Name", "Email"], checkpoint });
    const changes: Change<ZohoRecord>[] = [];
    for await (const change of second) changes.push(change);
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      kind: "upsert",
      record: { id: ids[10], Email: "changed@example.com" },
    });
    expect(changes[1]).toMatchObject({ kind: "delete", id: ids[20], deletedAt: expect.any(String) });

    // A third run right away: the overlap is read again, but nothing already handed over comes back.
    const third = await drain(
      crm.records.changes("Leads", { fields: ["Last_Name"], checkpoint: second.checkpoint() }),
    );
    expect(third).toEqual([]);
  });

  for (const tie of [0, 120]) {
    it(`sees every change made during a run at least once, none twice in a run (${tie} records in one second)`, async () => {
      const { zoho, crm, writer } = await setup();
      seed(zoho, 600, tie);
      const run1 = crm.records.changes("Leads", {
        fields: ["Last_Name"],
        since: new Date(Date.now() - 60 * DAY),
        perPage: 50,
      });
      const deleted = new Set<string>();
      let writes = 0;
      const seen1 = await drain(run1, async (n) => {
        if (n % 40 !== 0 || writes >= 12) return;
        writes++;
        // Records read already, and not yet, change; some go; new ones come.
        const records = zoho.store.records("Leads");
        const early = records[(writes * 7) % 60]!.id;
        const late = records[records.length - 1 - writes]!.id;
        const victim = records[(writes * 13) % records.length]!.id;
        await writer.records.update("Leads", [
          { id: early, Last_Name: `Early ${writes}` },
          { id: late, Last_Name: `Late ${writes}` },
        ]);
        await writer.records.create("Leads", [{ Last_Name: `New ${writes}` }]);
        if (!deleted.has(victim) && victim !== early && victim !== late) {
          await writer.records.delete("Leads", [victim]);
          deleted.add(victim);
        }
      });
      expect(writes).toBe(12);
      expect(new Set(seen1).size).toBe(seen1.length);

      const run2 = crm.records.changes("Leads", { fields: ["Last_Name"], checkpoint: run1.checkpoint() });
      const seen2 = await drain(run2);
      expect(new Set(seen2).size).toBe(seen2.length);

      const all = new Set([...seen1, ...seen2]);
      const missing = zoho.store
        .records("Leads")
        .map((record) => `${record.id}@${String(record.Modified_Time)}`)
        .filter((key) => !all.has(key));
      expect(missing).toEqual([]);
      expect([...deleted].filter((id) => !all.has(`-${id}`))).toEqual([]);
    });
  }

  it("refuses bad options and checkpoints before any request", async () => {
    const { zoho, crm } = await setup();
    const since = new Date();
    const attempts = [
      () => crm.records.changes("Leads", { fields: ["Last_Name"] }),
      () =>
        crm.records.changes("Leads", {
          fields: ["Last_Name"],
          since,
          checkpoint: { version: 1, module: "Leads", since: at(0), seen: [] },
        }),
      () => crm.records.changes("Leads", { fields: ["Last_Name"], since: "last week" }),
      () =>
        crm.records.changes("Leads", {
          fields: ["Last_Name"],
          checkpoint: { version: 1, module: "Contacts", since: at(0), seen: [] },
        }),
      () => crm.records.changes("Leads", { fields: ["Last_Name"], checkpoint: { version: 2 } as never }),
      () => crm.records.changes("Leads", { fields: Array.from({ length: 50 }, (_, i) => `F${i}`), since }),
      () => crm.records.changes("Leads", { fields: ["Last_Name"], since, overlapMs: -1 }),
      () => crm.records.changes("Leads", { fields: [], since }),
      () => crm.records.changes("Leads", { fields: "Last_Name" as never, since }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(ZohoKitError);
    expect(zoho.requests).toHaveLength(0);
  });
});
