/**
 * Reliability under rate limits and aborts (issue 8): a 429 storm must pause the whole client together, and an
 * aborted scan must stop at once, lose nothing it yielded and leave no timer or socket behind.
 */
import { type FakeZoho, startFakeZoho } from "@zohokit/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ApiError, createCrmClient } from "../src/index.js";

const API_KEY = "mk_limits_3hG8pQ2vN6xK9wT4yZ1c";

const servers: FakeZoho[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function report(line: string): void {
  console.log(`[reliability] ${line}`);
}

interface Exchange {
  method: string;
  sentAt: number;
  answeredAt?: number;
  status?: number;
}

/** A fetch that logs when each attempt leaves the client and when its answer comes back. */
function loggingFetch(options: { retryAfter?: string } = {}) {
  const exchanges: Exchange[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const exchange: Exchange = { method: request.method, sentAt: Date.now() };
    exchanges.push(exchange);
    const response = await globalThis.fetch(request);
    exchange.answeredAt = Date.now();
    exchange.status = response.status;
    if (response.status !== 429 || options.retryAfter === undefined) return response;
    const headers = new Headers(response.headers);
    headers.set("retry-after", options.retryAfter);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  return { fetch, exchanges };
}

describe("a 429 storm with maxConcurrency 5", () => {
  const STORM = 30;
  const cases = [
    { name: "Retry-After: 0.1 from the gateway", retryAfter: "0.1", pauseMs: 100 },
    { name: "no Retry-After: the client's own back-off (jitter pinned to its ceiling)", pauseMs: 40 },
  ];

  it.each(cases)(
    "pauses the whole client together ($name); requests bounded",
    async ({ retryAfter, pauseMs }) => {
      if (retryAfter === undefined) vi.spyOn(Math, "random").mockReturnValue(0.999999);
      const server = await startFakeZoho({
        seedRecords: [{ module: "Leads", count: 30 }],
        faults: { seed: 1, rate: 0, kinds: [], firstN: { count: STORM, kind: "429" } },
      });
      servers.push(server);
      const { fetch, exchanges } = loggingFetch(retryAfter === undefined ? {} : { retryAfter });
      const crm = createCrmClient({
        apiKey: API_KEY,
        baseUrl: server.url,
        fetch,
        maxConcurrency: 5,
        retry: { retries: 10, baseDelayMs: pauseMs, maxDelayMs: 200 },
      });
      const ids = server.records("Leads").map((r) => r.id);
      const started = Date.now();
      const [records, created] = await Promise.all([
        Promise.all(ids.map((id) => crm.records.get("Leads", id, { fields: ["Last_Name"] }))),
        crm.records.create(
          "Leads",
          Array.from({ length: 500 }, (_, i) => ({ Last_Name: `Storm ${i}` })),
        ),
      ]);
      const ms = Date.now() - started;

      // Nothing lost, nothing doubled: 30 reads and 500 creates (5 requests), each answered once.
      expect(records.map((r) => r?.id)).toEqual(ids);
      expect(created.failed).toEqual([]);
      expect(created.succeeded).toHaveLength(500);
      expect(server.records("Leads")).toHaveLength(530);
      const logical = ids.length + 5;
      expect(server.requests).toHaveLength(STORM + logical);
      expect(server.requests.filter((r) => r.status === 429)).toHaveLength(STORM);
      expect(server.stats().maxInFlight).toBeLessThanOrEqual(5);

      // After each 429 reaches the client, nothing is sent until the pause has passed: not by the client...
      const storms = exchanges.filter((e) => e.status === 429).map((e) => e.answeredAt!);
      const violations = exchanges.filter((e) => storms.some((r) => e.sentAt > r && e.sentAt < r + pauseMs));
      expect(violations).toEqual([]);
      // ...and, in the server's log, within a pause after any 429 only requests already on their way arrive: at
      // most the 4 other slots' (without a shared pause, every freed slot would send the next queued request).
      const log = server.requests;
      const busiest = Math.max(
        ...log.flatMap((entry, i) =>
          entry.status === 429
            ? [
                log.filter((other, j) => j !== i && other.at >= entry.at && other.at < entry.at + pauseMs - 1)
                  .length,
              ]
            : [],
        ),
      );
      expect(busiest).toBeLessThanOrEqual(4);
      // The client stayed paused long enough overall: at least one pause per wave of 5.
      expect(ms).toBeGreaterThanOrEqual(Math.floor(STORM / 5) * pauseMs - 10);

      const waves = new Set(storms.map((r) => Math.round((r - started) / pauseMs))).size;
      // In flight at the client: attempts sent and not yet answered, at each send.
      const inFlight = Math.max(
        ...exchanges.map(
          (e) => exchanges.filter((o) => o.sentAt <= e.sentAt && o.answeredAt! > e.sentAt).length,
        ),
      );
      expect(inFlight).toBeLessThanOrEqual(5);
      report(
        `429 storm (${retryAfter === undefined ? "back-off" : `Retry-After ${retryAfter}`}): ${STORM} 429s, ` +
          `${logical} operations, ${server.requests.length} requests in total (${(server.requests.length / logical).toFixed(2)} per operation), ` +
          `at most ${inFlight} in flight, ${waves} waves of pauses, 0 attempts sent during a pause ` +
          `(at most ${busiest} arrivals at the server within ${pauseMs} ms after a 429, all already on their way), ${ms} ms`,
      );
    },
  );
});

/** Resource kinds that would keep a process alive or leak: sockets, servers, timers. */
const WATCHED = ["TCPSocketWrap", "TCPServerWrap", "Timeout", "Immediate"];

function resources(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(WATCHED.map((k) => [k, 0]));
  for (const kind of process.getActiveResourcesInfo()) if (kind in counts) counts[kind]!++;
  return counts;
}

/** Waits (at most 2 s) for earlier tests' sockets to close, then counts: the baseline a test returns to. */
async function quietBaseline(): Promise<Record<string, number>> {
  const started = Date.now();
  while (resources().TCPSocketWrap! + resources().TCPServerWrap! > 0 && Date.now() - started < 2000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return resources();
}

/** No more sockets, servers or timers than before the test (vitest's own timers may come and go). */
function expectAtMost(now: Record<string, number>, baseline: Record<string, number>): void {
  for (const kind of WATCHED) expect(now[kind], kind).toBeLessThanOrEqual(baseline[kind]!);
  expect(now.TCPSocketWrap).toBe(0);
  expect(now.TCPServerWrap).toBe(0);
}

/** Waits (at most 2 s) until no watched kind exceeds the baseline; returns the last counts and the wait. */
async function settle(baseline: Record<string, number>) {
  const started = Date.now();
  let now = resources();
  while (WATCHED.some((k) => now[k]! > baseline[k]!) && Date.now() - started < 2000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    now = resources();
  }
  return { now, waitedMs: Date.now() - started };
}

describe("aborts", () => {
  it("an iterate aborted mid-request stops at once, keeps what it yielded, and leaves nothing running", async () => {
    const baseline = await quietBaseline();
    const server = await startFakeZoho({ seedRecords: [{ module: "Leads", count: 5000 }], latencyMs: 150 });
    servers.push(server);
    const controller = new AbortController();
    const crm = createCrmClient({
      apiKey: API_KEY,
      baseUrl: server.url,
      retry: { retries: 3, baseDelayMs: 1 },
    });
    const yielded: string[] = [];
    let abortedAt = 0;
    let thrown: unknown;
    try {
      for await (const lead of crm.records.iterate("Leads", {
        fields: ["Last_Name"],
        signal: controller.signal,
      })) {
        yielded.push(lead.id);
        if (yielded.length === 600) {
          // The next page is requested as the loop goes on; abort while it is in flight.
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 40);
        }
      }
    } catch (error) {
      thrown = error;
    }
    const stopMs = performance.now() - abortedAt;
    // Every aborted call rejects the same way: an ABORTED ApiError whose cause is the signal's reason.
    expect(thrown).toMatchObject({ name: "ApiError", code: "ABORTED", cause: { name: "AbortError" } });
    expect(stopMs).toBeLessThan(250);
    expect(yielded).toEqual(
      server
        .records("Leads")
        .slice(0, 600)
        .map((r) => r.id),
    );
    expect(server.requests).toHaveLength(4);

    await server.close();
    const { now, waitedMs } = await settle(baseline);
    expectAtMost(now, baseline);
    report(
      `aborted iterate: stopped ${stopMs.toFixed(1)} ms after abort() with the 4th page in flight; ` +
        `600 records yielded, none lost; resources back to baseline ${waitedMs} ms after close`,
    );
  });

  it("an iterate aborted between records yields nothing more, although the page holds more", async () => {
    const server = await startFakeZoho({ seedRecords: [{ module: "Leads", count: 1000 }] });
    servers.push(server);
    const controller = new AbortController();
    const crm = createCrmClient({ apiKey: API_KEY, baseUrl: server.url });
    const yielded: string[] = [];
    const consume = async () => {
      for await (const lead of crm.records.iterate("Leads", {
        fields: ["Last_Name"],
        signal: controller.signal,
      })) {
        yielded.push(lead.id);
        if (yielded.length === 250) controller.abort();
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: "ABORTED", cause: { name: "AbortError" } });
    expect(yielded).toHaveLength(250);
    expect(server.requests).toHaveLength(2);
  });

  it("aborts during a rate-limit pause, in a queue for a slot, in a retry back-off and on a hanging request end at once", async () => {
    const baseline = await quietBaseline();
    const server = await startFakeZoho({
      seedRecords: [{ module: "Leads", count: 10 }],
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 2, kind: "429" } },
    });
    servers.push(server);
    const { fetch } = loggingFetch({ retryAfter: "30" });
    const clientController = new AbortController();
    const crm = createCrmClient({
      apiKey: API_KEY,
      baseUrl: server.url,
      fetch,
      maxConcurrency: 2,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 30_000 },
      signal: clientController.signal,
    });
    const ids = server.records("Leads").map((r) => r.id);
    // Two requests get a 429 asking for 30 s; the other eight queue behind the pause and the two slots.
    const calls = ids.map((id) =>
      crm.records.get("Leads", id).then(
        () => "resolved",
        (error: unknown) => `${(error as ApiError).code}: ${((error as ApiError).cause as Error)?.name}`,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    clientController.abort();
    const outcomes = await Promise.all(calls);
    const pauseStopMs = performance.now() - abortedAt;
    expect(outcomes).toEqual(ids.map(() => "ABORTED: AbortError"));
    expect(pauseStopMs).toBeLessThan(250);
    expect(server.requests).toHaveLength(2);

    // A retry back-off after a 503 (jitter pinned to its 30 s ceiling), aborted by the per-call signal.
    vi.spyOn(Math, "random").mockReturnValue(0.999999);
    const failing = await startFakeZoho({
      seedRecords: [{ module: "Leads", count: 1 }],
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 1, kind: "503" } },
    });
    servers.push(failing);
    const slow = createCrmClient({
      apiKey: API_KEY,
      baseUrl: failing.url,
      retry: { retries: 3, baseDelayMs: 30_000, maxDelayMs: 30_000 },
    });
    const backoff = new AbortController();
    const waiting = slow.records.count("Leads", { signal: backoff.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const backoffAbortedAt = performance.now();
    backoff.abort();
    await expect(waiting).rejects.toMatchObject({ code: "ABORTED", cause: { name: "AbortError" } });
    const backoffStopMs = performance.now() - backoffAbortedAt;
    expect(backoffStopMs).toBeLessThan(250);
    expect(failing.requests.map((r) => r.status)).toEqual([503]);

    // A request the server never answers, aborted by its own per-call signal long before the timeout.
    const hanging = await startFakeZoho({
      seedRecords: [{ module: "Leads", count: 1 }],
      faults: { seed: 1, rate: 0, kinds: [], firstN: { count: 1, kind: "slow" } },
    });
    servers.push(hanging);
    const patient = createCrmClient({ apiKey: API_KEY, baseUrl: hanging.url, timeoutMs: 60_000 });
    const call = patient.records.list("Leads", { fields: ["Last_Name"], signal: AbortSignal.timeout(50) });
    const started = performance.now();
    await expect(call).rejects.toMatchObject({ code: "ABORTED", cause: { name: "TimeoutError" } });
    const hangStopMs = performance.now() - started;
    expect(hangStopMs).toBeLessThan(1000);

    await Promise.all(servers.splice(0).map((s) => s.close()));
    const { now, waitedMs } = await settle(baseline);
    expectAtMost(now, baseline);
    report(
      `aborts: 10 calls (2 rate-limited with a 30 s Retry-After, 8 queued behind the pause) all ended ${pauseStopMs.toFixed(1)} ms after abort(); ` +
        `a 30 s retry back-off ended ${backoffStopMs.toFixed(1)} ms after abort(); ` +
        `a hanging request ended ${hangStopMs.toFixed(1)} ms after its 50 ms signal; no timer or socket left ${waitedMs} ms after close`,
    );
  });
});
