/**
 * Several processes, one org: each test starts its own redis-server and a fake Zoho, then worker processes that
 * call through redisLimiter, as a sync service's workers would.
 */
import { createClient } from "@redis/client";
import { type RedisServer, startRedisServer } from "@zohokit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redisLimiter } from "../src/index.js";
import { startWorker, stopAll, type Worker } from "./workers.js";
import { answerJson, ORG, startZohoStub, type ZohoStub } from "./zoho-stub.js";

let redis: RedisServer;
let zoho: ZohoStub | undefined;
const workers: Worker[] = [];

beforeEach(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await stopAll(workers);
  await zoho?.close();
  zoho = undefined;
  await redis.stop();
});

/** Resolves once `done()` holds, checking every 10 ms for at most `ms`; rejects after that. */
async function until(done: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  for (let waited = 0; waited <= ms; waited += 10) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

async function redisCommand(args: string[]): Promise<unknown> {
  const client = createClient({ url: redis.url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

/** The Redis keys the limiter wrote (a handful: slots, pause, credits of one scope). */
async function limiterKeys(): Promise<string[]> {
  return ((await redisCommand(["KEYS", "zohokit:*"])) as string[]).sort();
}

describe("four processes sharing one org through Redis", () => {
  it("4 processes x 50 calls with a shared limit of 5: at most 5 in flight at the server, all 200 answered", async () => {
    zoho = await startZohoStub((_arrival, response) => {
      setTimeout(() => answerJson(response, 200, ORG), 15);
    });
    for (let i = 0; i < 4; i++) {
      workers.push(
        startWorker({
          redisUrl: redis.url,
          baseUrl: zoho.url,
          calls: 50,
          maxConcurrency: 5,
          clientConcurrency: 5,
        }),
      );
    }
    const reports = await Promise.all(workers.map((worker) => worker.report()));
    expect(reports).toEqual(Array.from({ length: 4 }, () => ({ done: 50, failures: [] })));
    expect(zoho.requests).toHaveLength(200);
    // Each process alone would send 5 at once: four of them, 20.
    expect(zoho.peak()).toBeLessThanOrEqual(5);
    expect(zoho.peak()).toBeGreaterThan(1);
    // Every slot was given back: the set is empty, so Redis dropped it.
    expect(await limiterKeys()).toEqual([]);
  });

  it("a 429 seen by one process: no process sends anything while the shared pause lasts", async () => {
    // The first five requests (every slot of the org) are held; one is answered 429 (Retry-After: 1 s); the other
    // four once the pause is in Redis. From then on no slot can be granted before the pause ends, so any request
    // that arrives while Redis still holds the pause broke it.
    const held: Array<() => void> = [];
    let pauseSeen = false;
    const duringPause: number[] = [];
    const client = createClient({ url: redis.url });
    client.on("error", () => {});
    await client.connect();
    const pauseLeft = async () => {
      const keys = (await client.sendCommand(["KEYS", "zohokit:*:pause"])) as string[];
      return keys[0] ? Number(await client.sendCommand(["PTTL", keys[0]])) : -2;
    };
    try {
      zoho = await startZohoStub(async (arrival, response) => {
        if (arrival.seq <= 5) {
          held.push(() => answerJson(response, 200, ORG));
          if (arrival.seq < 5) return;
          answerJson(response, 429, { code: "TOO_MANY_REQUESTS", status: "error" }, { "Retry-After": "1" });
          try {
            await until(async () => (await pauseLeft()) > 0, 10_000, "the pause in Redis");
            pauseSeen = true;
          } finally {
            for (const answer of held.slice(0, 4)) answer();
          }
          return;
        }
        if (pauseSeen && (await pauseLeft()) > 0) duringPause.push(arrival.seq);
        setTimeout(() => answerJson(response, 200, ORG), 5);
      });
      for (let i = 0; i < 4; i++) {
        workers.push(startWorker({ redisUrl: redis.url, baseUrl: zoho.url, calls: 10, maxConcurrency: 5 }));
      }
      const reports = await Promise.all(workers.map((worker) => worker.report()));
      expect(reports).toEqual(Array.from({ length: 4 }, () => ({ done: 10, failures: [] })));
      expect(pauseSeen).toBe(true);
      expect(duringPause).toEqual([]);
      // 40 calls and the retry of the one that met the 429.
      expect(zoho.requests).toHaveLength(41);
    } finally {
      client.destroy();
    }
  });

  it("a process killed while holding slots: they come back to the others within the lease", async () => {
    const leaseMs = 1_000;
    zoho = await startZohoStub(() => {
      // Never answered: the worker holds its slots until it dies.
    });
    const limiter = redisLimiter({ url: redis.url, maxConcurrency: 5, leaseMs, maxWaitMs: 20 * leaseMs });
    try {
      // The workers' scope (the digest of the stub's URL, the test key and no connection), learned from a client.
      const { createCrmClient } = await import("@zohokit/crm");
      let scope: ReturnType<typeof limiter.forClient> | undefined;
      const spy = { ...limiter, forClient: (s: { id: string }) => (scope = limiter.forClient(s)) };
      await createCrmClient({
        apiKey: "mk_test_key_0123",
        baseUrl: zoho.url,
        limiter: spy,
        timeoutMs: 100,
        retry: false,
      })
        .org.get()
        .catch(() => {});
      // One slot held here, alive and renewed all along (so Redis never drops the whole set), four by the worker.
      const mine = await scope!.acquire();
      const doomed = startWorker({
        redisUrl: redis.url,
        baseUrl: zoho.url,
        calls: 4,
        maxConcurrency: 5,
        leaseMs,
      });
      workers.push(doomed);
      await until(() => zoho!.requests.length === 5, 20_000, "four requests of the doomed worker");
      // Scoped by a digest of gateway, key and connection: no API key in it.
      const keys = await limiterKeys();
      expect(keys).toEqual([expect.stringMatching(/^zohokit:\{[0-9a-f]{64}\}:slots$/)]);
      await doomed.kill();
      // Dead, and its slots still taken: nobody released them.
      expect(Number(await redisCommand(["ZCARD", keys[0]!]))).toBe(5);
      const releases = [];
      for (let i = 0; i < 4; i++) releases.push(await scope!.acquire());
      expect(releases).toHaveLength(4);
      for (const release of [mine, ...releases]) release();
    } finally {
      await limiter.close();
    }
  });
});
