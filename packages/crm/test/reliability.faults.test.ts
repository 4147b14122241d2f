/**
 * Reliability under faults (issue 8): scans, writes and creates against the in-process fake Zoho while a seeded
 * 20% of requests fail in every way the gateway can fail. Each test checks the server's own state and request log
 * and prints its figures (requests per page, retries, failures, durations).
 */
import {
  FAULT_KINDS,
  type FakeZoho,
  type FaultKind,
  type FaultPlan,
  type RequestLog,
  startFakeZoho,
} from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type BatchResult, type ClientOptions, createCrmClient, ErrorCodes } from "../src/index.js";

const API_KEY = "mk_reliability_9fJ2kQ7xV4pL8sT1zR6w";
const CONNECTION = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const RETRY = { retries: 6, baseDelayMs: 1, maxDelayMs: 20 } as const;
/**
 * Ends the "slow" fault's hanging requests. Long enough that a loaded CI machine (turbo runs every package's
 * tests at once on 2 cores) rarely abandons an answered request; the scan accounts for it when it does.
 */
const TIMEOUT_MS = 500;
/** These tests take 1-2 s alone; on a loaded 2-core machine they may take ten times that. */
const SLOW_MACHINE_MS = 60_000;

/**
 * A fifth of all requests fail, uniformly among the 11 fault kinds; optionally the very first request gets a
 * given fault too, so that the case a test is about occurs whatever the random plan and the timing do.
 */
const mix = (seed: number, first?: FaultKind): FaultPlan => ({
  seed,
  rate: 0.2,
  kinds: [...FAULT_KINDS],
  ...(first ? { firstN: { count: 1, kind: first } } : {}),
});
/** Faults after which the fake server has applied the request anyway. */
const APPLYING_FAULTS = new Set([undefined, "reset-after", "truncated-json"]);

const servers: FakeZoho[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(options: Parameters<typeof startFakeZoho>[0], client: ClientOptions = {}) {
  const server = await startFakeZoho(options);
  servers.push(server);
  const crm = createCrmClient({
    apiKey: API_KEY,
    connection: CONNECTION,
    baseUrl: server.url,
    retry: RETRY,
    timeoutMs: TIMEOUT_MS,
    ...client,
  });
  return { server, crm };
}

function report(line: string): void {
  console.log(`[reliability] ${line}`);
}

function faultCounts(log: readonly RequestLog[]): string {
  const counts: Record<string, number> = {};
  for (const entry of log) if (entry.fault) counts[entry.fault] = (counts[entry.fault] ?? 0) + 1;
  return (
    Object.entries(counts)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ") || "none"
  );
}

/** Every input index appears exactly once across succeeded and failed; both are sorted. */
function expectEveryIndexOnce(result: BatchResult, count: number): void {
  const indexes = [...result.succeeded.map((s) => s.index), ...result.failed.map((f) => f.index)];
  expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  expect(result.succeeded.map((s) => s.index)).toEqual(
    [...result.succeeded.map((s) => s.index)].sort((a, b) => a - b),
  );
  for (const failure of result.failed) {
    expect(failure.code, `failure ${failure.index} has a code`).toMatch(/^[A-Z_0-9]+$/);
    expect(failure.message.length, `failure ${failure.index} has a message`).toBeGreaterThan(10);
  }
}

function codes(result: BatchResult): string {
  const counts: Record<string, number> = {};
  for (const failure of result.failed) counts[failure.code] = (counts[failure.code] ?? 0) + 1;
  return JSON.stringify(counts);
}

/** The ids a logged write request carried (PUT/POST bodies or DELETE's ids query). */
function idsOf(entry: RequestLog): string[] {
  if (entry.method === "DELETE") return (entry.query.ids ?? "").split(",").filter(Boolean);
  const data = (entry.body as { data?: Array<{ id?: string }> } | undefined)?.data ?? [];
  return data.map((item) => item.id ?? "").filter(Boolean);
}

/** How many requests that reached the store (no fault, or a fault after applying) carried each id. */
function appliedCounts(log: readonly RequestLog[], method: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (entry.method !== method || !APPLYING_FAULTS.has(entry.fault)) continue;
    for (const id of idsOf(entry)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Counts the attempts the client abandoned: its per-attempt timeout aborts the request's signal. */
function timeoutCounter() {
  const counter = { count: 0 };
  const fetch = (request: Request) => {
    request.signal.addEventListener("abort", () => counter.count++, { once: true });
    return globalThis.fetch(request);
  };
  return { counter, fetch };
}

describe("a 10,000-record scan through 20% faults", () => {
  it(
    "yields every record exactly once, in order, with a bounded number of retries per page",
    async () => {
      const timeouts = timeoutCounter();
      const { server, crm } = await setup(
        { seedRecords: [{ module: "Leads", count: 10_000 }], faults: mix(8) },
        { fetch: timeouts.fetch },
      );
      const started = performance.now();
      const ids: string[] = [];
      for await (const lead of crm.records.iterate("Leads", {
        fields: ["Last_Name"],
        perPage: 200,
      })) {
        ids.push(lead.id);
      }
      const ms = performance.now() - started;

      expect(ids).toHaveLength(10_000);
      expect(new Set(ids).size).toBe(10_000);
      expect(ids).toEqual(server.records("Leads").map((r) => r.id));

      const log = server.requests;
      const pages = 50;
      const served = log.filter((r) => r.fault === undefined);
      const faulted = log.filter((r) => r.fault !== undefined);
      // Each page was served once, or again only after the client gave up waiting for it (a loaded machine);
      // every other request is the retry of a faulted one.
      const abandoned = timeouts.counter.count - faulted.filter((r) => r.fault === "slow").length;
      const reserved = served.length - pages;
      expect(reserved).toBeGreaterThanOrEqual(0);
      expect(reserved).toBeLessThanOrEqual(Math.max(0, abandoned));
      expect(log.length).toBe(pages + reserved + faulted.length);
      // Retries stay on the page that failed: in log order the cursors are pages 1 to 10, then 40 tokens.
      const attempts = new Map<string, number>();
      const order: string[] = [];
      for (const entry of log) {
        const cursor = entry.query.page_token ?? `page ${entry.query.page}`;
        if (!attempts.has(cursor)) order.push(cursor);
        attempts.set(cursor, (attempts.get(cursor) ?? 0) + 1);
      }
      expect(order).toHaveLength(pages);
      expect(order.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `page ${i + 1}`));
      const worst = Math.max(...attempts.values());
      expect(worst).toBeLessThanOrEqual(RETRY.retries + 1);
      expect(faulted.length).toBeGreaterThan(5);
      expect(new Set(faulted.map((r) => r.fault)).size).toBeGreaterThanOrEqual(6);

      report(
        `scan: 10,000 records in ${pages} pages with ${log.length} requests (${(log.length / pages).toFixed(2)} per page: ` +
          `${faulted.length} retried after faults [${faultCounts(log)}], ${reserved} re-served after a client timeout); ` +
          `at most ${worst} attempts on one page; ${Math.round(ms)} ms`,
      );
    },
    SLOW_MACHINE_MS,
  );
});

describe("updates and deletes of 1,000 records each through 20% faults", () => {
  /**
   * Updates 1,000 records on one server and deletes 1,000 on another, each under the 20% mix, where the first
   * request of each is applied and then loses its answer (truncated body, reset connection).
   */
  async function run(seed: number, client: ClientOptions) {
    const options = { timeoutMs: 1000, ...client };
    const updates = await setup(
      { seedRecords: [{ module: "Leads", count: 1000 }], faults: mix(seed, "truncated-json") },
      options,
    );
    const deletes = await setup(
      { seedRecords: [{ module: "Leads", count: 1000 }], faults: mix(seed + 1000, "reset-after") },
      options,
    );
    const before = new Map(updates.server.records("Leads").map((r) => [r.id, structuredClone(r)]));
    const toUpdate = [...before.keys()];
    const toDelete = deletes.server.records("Leads").map((r) => r.id);

    const started = performance.now();
    const [updated, deleted] = await Promise.all([
      updates.crm.records.update(
        "Leads",
        toUpdate.map((id, i) => ({ id, Last_Name: `Updated ${i}`, Lead_Source: `run ${seed}` })),
      ),
      deletes.crm.records.delete("Leads", toDelete),
    ]);
    const ms = performance.now() - started;

    expectEveryIndexOnce(updated, 1000);
    expectEveryIndexOnce(deleted, 1000);

    // Updates: the store holds the new values exactly where a request carrying them reached it.
    const store = new Map(updates.server.records("Leads").map((r) => [r.id, r]));
    const applied = appliedCounts(updates.server.requests, "PUT");
    expect(store.size).toBe(1000);
    toUpdate.forEach((id, i) => {
      const record = store.get(id)!;
      const landed = applied.has(id);
      expect(record.Last_Name).toBe(landed ? `Updated ${i}` : before.get(id)!.Last_Name);
      if (!landed) expect(record.Modified_Time).toBe(before.get(id)!.Modified_Time);
    });
    for (const success of updated.succeeded) expect(applied.has(toUpdate[success.index]!)).toBe(true);
    const failedButApplied = updated.failed.filter((f) => applied.has(toUpdate[f.index]!)).length;
    const reapplied = [...applied.values()].filter((n) => n > 1).length;

    // Deletes: gone exactly where a request carrying the id reached the store; nothing else removed.
    const remaining = new Set(deletes.server.records("Leads").map((r) => r.id));
    const removed = appliedCounts(deletes.server.requests, "DELETE");
    for (const id of toDelete) expect(remaining.has(id)).toBe(!removed.has(id));
    expect(remaining.size).toBe(1000 - removed.size);
    for (const success of deleted.succeeded) {
      expect(success.id).toBe(toDelete[success.index]);
      expect(remaining.has(success.id)).toBe(false);
    }
    // A failure never claims "not deleted" for a record this run's own earlier attempt deleted.
    let deletedButFailed = 0;
    for (const failure of deleted.failed) {
      const id = toDelete[failure.index]!;
      if (remaining.has(id)) continue;
      deletedButFailed++;
      expect(failure.code, `failure of ${id}, which an earlier attempt deleted`).not.toBe("INVALID_DATA");
      if (failure.code === ErrorCodes.AMBIGUOUS) {
        expect(failure.message).toMatch(/earlier attempt|may or may not have been applied/);
      }
    }

    const puts = updates.server.requests;
    const dels = deletes.server.requests;
    return {
      updated,
      deleted,
      remaining,
      failedButApplied,
      reapplied,
      deletedButFailed,
      figures:
        `update: ${updated.succeeded.length} succeeded, ${updated.failed.length} failed ${codes(updated)} ` +
        `(${failedButApplied} of them applied before the answer was lost), ${reapplied} ids re-applied by an ` +
        `idempotent retry, ${puts.length} requests for 10 chunks [faults: ${faultCounts(puts)}]; ` +
        `delete: ${deleted.succeeded.length} succeeded, ${deleted.failed.length} failed ${codes(deleted)} ` +
        `(${deletedButFailed} of them deleted by an attempt whose answer was lost), ${dels.length} requests ` +
        `for 10 chunks [faults: ${faultCounts(dels)}]; ${Math.round(ms)} ms`,
    };
  }

  it(
    "with retries: each change applied once in effect, every index reported once",
    async () => {
      const result = await run(39, {});
      // Every update lands; the one whose answer was lost is sent again with the same values (same end state).
      expect(result.updated.succeeded).toHaveLength(1000);
      expect(result.reapplied).toBeGreaterThanOrEqual(100);
      // A delete repeated after a lost answer finds its records gone: reported AMBIGUOUS, never "not deleted".
      expect(result.deletedButFailed).toBeGreaterThanOrEqual(100);
      const ambiguous = result.deleted.failed.filter((f) => f.code === ErrorCodes.AMBIGUOUS);
      expect(ambiguous.length).toBeGreaterThanOrEqual(100);
      expect(ambiguous[0]?.details).toMatchObject({ serverCode: "INVALID_DATA" });
      report(`retries on: ${result.figures}`);
    },
    SLOW_MACHINE_MS,
  );

  it(
    "without retries: failed items carry their cause and match the server's state",
    async () => {
      const result = await run(37, { retry: false });
      // Lost answers: the client cannot know these were applied, and does not claim either way.
      expect(result.failedButApplied).toBeGreaterThanOrEqual(100);
      expect(result.deletedButFailed).toBeGreaterThanOrEqual(100);
      for (const failure of [...result.updated.failed, ...result.deleted.failed]) {
        expect(failure.message).toMatch(/^(PUT|DELETE) \/crm\/v8\/Leads/);
      }
      report(`retries off: ${result.figures}`);
    },
    SLOW_MACHINE_MS,
  );
});

describe("creating 1,000 records through 20% faults", () => {
  it(
    "never stores a duplicate; AMBIGUOUS items are reconciled with upsert on Email, ending with each exactly once",
    async () => {
      const { server, crm } = await setup(
        { modules: { Leads: [] }, faults: mix(34, "reset-after") },
        { timeoutMs: 1000 },
      );
      const inputs = Array.from({ length: 1000 }, (_, i) => ({
        Last_Name: `Created ${i}`,
        Email: `lead${i}@reliability.example`,
      }));
      const emailCounts = () => {
        const counts = new Map<string, number>();
        for (const record of server.records("Leads")) {
          const email = String(record.Email);
          counts.set(email, (counts.get(email) ?? 0) + 1);
        }
        return counts;
      };

      const started = performance.now();
      const created = await crm.records.create("Leads", inputs);
      expectEveryIndexOnce(created, 1000);
      const afterCreate = emailCounts();
      expect(Math.max(...afterCreate.values())).toBe(1);
      for (const success of created.succeeded) {
        expect(server.records("Leads").find((r) => r.id === success.id)?.Email).toBe(
          inputs[success.index]!.Email,
        );
      }
      // Without retryUnsafe, anything that may have reached the server is AMBIGUOUS, never sent twice.
      expect(created.failed.length).toBeGreaterThan(0);
      for (const failure of created.failed) expect(failure.code).toBe(ErrorCodes.AMBIGUOUS);
      const posts = server.requests.filter((r) => r.method === "POST");
      const landed = created.failed.filter((f) => afterCreate.has(inputs[f.index]!.Email)).length;
      // Some AMBIGUOUS creates did land (at least the first request's): re-creating them would duplicate them.
      expect(landed).toBeGreaterThanOrEqual(100);

      // Reconcile: upsert the AMBIGUOUS items on the duplicate-check field, as often as items still fail.
      let pending = created.failed.map((f) => f.index);
      const actions = { insert: 0, update: 0 };
      let rounds = 0;
      while (pending.length > 0 && rounds < 5) {
        rounds++;
        const result = await crm.records.upsert(
          "Leads",
          pending.map((i) => inputs[i]!),
          { duplicateCheckFields: ["Email"] },
        );
        expectEveryIndexOnce(result, pending.length);
        for (const success of result.succeeded) actions[success.action ?? "insert"]++;
        pending = result.failed.map((f) => pending[f.index]!);
      }
      const ms = performance.now() - started;

      expect(pending).toEqual([]);
      const final = emailCounts();
      expect(final.size).toBe(1000);
      expect([...final.values()].every((n) => n === 1)).toBe(true);
      expect(server.records("Leads")).toHaveLength(1000);
      const upserts = server.requests.filter((r) => r.path.endsWith("/upsert"));
      report(
        `create: ${created.succeeded.length} created, ${created.failed.length} AMBIGUOUS in ${posts.length} create ` +
          `requests (${landed} of the AMBIGUOUS had landed: re-creating them would have made ${landed} duplicates); ` +
          `reconciled by upsert on Email in ${rounds} round(s), ${upserts.length} upsert requests ` +
          `(${actions.insert} inserted, ${actions.update} matched an existing record); ` +
          `store: 1,000 records, 0 duplicates; faults: ${faultCounts(server.requests)}; ${Math.round(ms)} ms`,
      );
    },
    SLOW_MACHINE_MS,
  );
});

describe("answers that are not the JSON Zoho documents", () => {
  const KINDS = ["malformed-json", "truncated-json", "html", "empty-200"] as const;
  const SAYS: Record<(typeof KINDS)[number], RegExp> = {
    "malformed-json": /50 characters of application\/json: "\{\\"data\\": \[\{\\"id\\"/,
    "truncated-json": /before its whole body arrived/,
    html: /502 .*the body was not JSON: "<!DOCTYPE html>/,
    "empty-200": /an empty body \(application\/json\)/,
  };

  it.each(KINDS)(
    "%s: an ApiError that says what was received, from reads, iterate and writes alike",
    async (kind) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (error: unknown) => unhandled.push(error);
      process.on("unhandledRejection", onUnhandled);
      process.on("uncaughtException", onUnhandled);
      try {
        const { server, crm } = await setup(
          { seedRecords: [{ module: "Leads", count: 300 }], faults: { seed: 1, rate: 1, kinds: [kind] } },
          { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 }, timeoutMs: 10_000 },
        );
        const ids = server.records("Leads").map((r) => r.id);
        const iterate = async () => {
          for await (const _ of crm.records.iterate("Leads", { fields: ["Last_Name"] })) {
            // nothing arrives
          }
        };
        const reads: Array<[string, () => Promise<unknown>]> = [
          ["list", () => crm.records.list("Leads", { fields: ["Last_Name"] })],
          ["iterate", iterate],
          ["get", () => crm.records.get("Leads", ids[0]!)],
          ["search", () => crm.records.search("Leads", { word: "Seed" })],
          ["count", () => crm.records.count("Leads")],
          ["org.get", () => crm.org.get()],
          // An error status: its body is read (and may be cut short) like any other.
          ["list of an unknown module", () => crm.records.list("No_Such_Module", { fields: ["Last_Name"] })],
        ];
        const seen: string[] = [];
        for (const [name, call] of reads) {
          const error = await call().then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error, `${name} rejects with an ApiError`).toBeInstanceOf(Error);
          expect((error as Error).name, name).toBe("ApiError");
          expect((error as Error).message, name).toMatch(SAYS[kind]);
          seen.push(`${name} ${(error as { code: string }).code}`);
        }
        const writes: Array<[string, () => Promise<BatchResult>]> = [
          ["create", () => crm.records.create("Leads", [{ Last_Name: "A" }, { Last_Name: "B" }])],
          ["update", () => crm.records.update("Leads", [{ id: ids[0]!, Last_Name: "C" }])],
          ["upsert", () => crm.records.upsert("Leads", [{ Last_Name: "D", Email: "d@example.com" }])],
          ["delete", () => crm.records.delete("Leads", [ids[1]!, ids[2]!])],
        ];
        for (const [name, call] of writes) {
          const result = await call();
          expect(result.succeeded, name).toEqual([]);
          expect(result.failed.length, name).toBeGreaterThan(0);
          for (const failure of result.failed) expect(failure.message, name).toMatch(SAYS[kind]);
          seen.push(`${name} ${[...new Set(result.failed.map((f) => f.code))].join("/")}`);
        }
        expect(unhandled).toEqual([]);
        report(`${kind}: ${seen.join(", ")}; ${server.requests.length} requests, 0 unhandled errors`);
      } finally {
        process.off("unhandledRejection", onUnhandled);
        process.off("uncaughtException", onUnhandled);
      }
    },
  );
});
