/** The Redis limiter in one process, against a redis-server of its own: slots, leases, credits, outages. */
import { createClient } from "@redis/client";
import { ApiError } from "@zohokit/core";
import { createCrmClient } from "@zohokit/crm";
import { freePort, type RedisServer, startRedisServer } from "@zohokit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LimiterErrorCodes, type LimiterWarning, type RedisLimiter, redisLimiter } from "../src/index.js";
import { answerJson, ORG, startZohoStub, type ZohoStub } from "./zoho-stub.js";

let redis: RedisServer;
let zoho: ZohoStub | undefined;
const limiters: RedisLimiter[] = [];

beforeEach(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(limiters.map((limiter) => limiter.close()));
  limiters.length = 0;
  await zoho?.close();
  zoho = undefined;
  await redis.stop();
});

function limiter(options: Partial<Parameters<typeof redisLimiter>[0]> = {}): RedisLimiter {
  const made = redisLimiter({ url: redis.url, maxConcurrency: 2, ...options });
  limiters.push(made);
  return made;
}

/** A promise's state now, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function redisCommand(args: string[], url = redis.url): Promise<unknown> {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

function crm(limiter: RedisLimiter, url: string) {
  return createCrmClient({ apiKey: "mk_test_key_0123", baseUrl: url, limiter, retry: false });
}

describe("slots shared through Redis", () => {
  it("two limiters (two processes' worth) share one limit; a freed slot goes to the one waiting", async () => {
    const a = limiter().forClient({ id: "org-a" });
    const b = limiter().forClient({ id: "org-a" });
    const first = await a.acquire();
    const second = await b.acquire();
    const third = b.acquire();
    expect(await settled(third)).toBe(false);
    first();
    const releaseThird = await third;
    second();
    releaseThird();
  });

  it("scopes are separate: another org connection has slots of its own", async () => {
    const shared = limiter({ maxConcurrency: 1 });
    const a = await shared.forClient({ id: "org-a" }).acquire();
    const b = await shared.forClient({ id: "org-b" }).acquire();
    a();
    b();
  });

  it("an abort while waiting rejects with the signal's reason and takes no slot", async () => {
    const one = limiter({ maxConcurrency: 1 }).forClient({ id: "org-a" });
    const held = await one.acquire();
    const controller = new AbortController();
    const waiting = one.acquire(controller.signal);
    controller.abort(new Error("stop waiting"));
    await expect(waiting).rejects.toThrow("stop waiting");
    held();
    // The slot is free: the aborted waiter did not keep it.
    (await one.acquire())();
  });

  it("a slot in use longer than its lease is renewed, not taken by another process", async () => {
    const leaseMs = 1_500;
    const a = limiter({ maxConcurrency: 1, leaseMs }).forClient({ id: "org-a" });
    const b = limiter({ maxConcurrency: 1, leaseMs, maxWaitMs: 60_000 }).forClient({ id: "org-a" });
    const held = await a.acquire();
    const waiting = b.acquire();
    await pause(leaseMs * 3);
    expect(await settled(waiting)).toBe(false);
    held();
    (await waiting)();
  });

  it("a wait longer than maxWaitMs fails with LIMITER_TIMEOUT, nothing sent", async () => {
    const a = limiter({ maxConcurrency: 1 }).forClient({ id: "org-a" });
    const held = await a.acquire();
    const b = limiter({ maxConcurrency: 1, maxWaitMs: 200 }).forClient({ id: "org-a" });
    const error = await b.acquire(undefined, { method: "GET", path: "/crm/v8/org" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: LimiterErrorCodes.TIMEOUT,
      details: { sent: false },
      path: "/crm/v8/org",
    });
    expect((error as Error).message).toMatch(/^GET \/crm\/v8\/org: no slot .* within 200 ms/);
    held();
  });

  it("a pause set by one process holds another's acquire until it ends (Redis's clock)", async () => {
    const a = limiter().forClient({ id: "org-a" });
    const b = limiter().forClient({ id: "org-a" });
    await a.pause(Date.now() + 400);
    const waiting = b.acquire();
    expect(await settled(waiting)).toBe(false);
    (await waiting)();
    // b learned of the pause from Redis.
    expect(b.pausedUntil()).toBeGreaterThan(0);
  });
});

describe("credits shared through Redis", () => {
  it("below minCredits, every process's next call fails with CREDITS_LOW before anything is sent", async () => {
    zoho = await startZohoStub((_arrival, response) =>
      answerJson(response, 200, ORG, { "X-API-CREDITS-REMAINING": "40" }),
    );
    const seen: unknown[] = [];
    const first = limiter({ minCredits: 50, onCredits: (event) => seen.push(event) });
    const second = limiter({ minCredits: 50 });
    await crm(first, zoho.url).org.get();
    expect(seen).toEqual([{ remaining: 40, minCredits: 50, low: true }]);
    const error = await crm(second, zoho.url)
      .org.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: LimiterErrorCodes.CREDITS_LOW,
      details: { sent: false, remaining: 40, minCredits: 50 },
    });
    expect((error as Error).message).toContain("40 API credits left");
    expect(zoho.requests).toHaveLength(1);
  });

  it('with whenCreditsLow: "wait", calls wait until the reading is creditsRecheckMs old, then go', async () => {
    let credits: string | undefined = "40";
    zoho = await startZohoStub((_arrival, response) => {
      const headers: Record<string, string> = credits ? { "X-API-CREDITS-REMAINING": credits } : {};
      credits = undefined;
      answerJson(response, 200, ORG, headers);
    });
    const options = { minCredits: 50, whenCreditsLow: "wait", creditsRecheckMs: 500 } as const;
    await crm(limiter(options), zoho.url).org.get();
    const waiting = crm(limiter(options), zoho.url).org.get();
    expect(await settled(waiting)).toBe(false);
    expect(zoho.requests).toHaveLength(1);
    await expect(waiting).resolves.toMatchObject({ id: ORG.org[0]!.id });
    expect(zoho.requests).toHaveLength(2);
  });
});

describe("when Redis is unreachable", () => {
  it('"fail" (the default): a clear ApiError, nothing sent, no hang', async () => {
    zoho = await startZohoStub((_arrival, response) => answerJson(response, 200, ORG));
    const client = crm(limiter(), zoho.url);
    await client.org.get();
    await redis.stop();
    const error = await client.org.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: LimiterErrorCodes.UNAVAILABLE, status: 0, details: { sent: false } });
    expect((error as Error).message).toMatch(
      /^GET \/crm\/v8\/org: the shared rate limiter cannot be used: Redis at 127\.0\.0\.1:\d+ .*nothing was sent.*onUnavailable: "local"/,
    );
    expect(zoho.requests).toHaveLength(1);
  });

  it("a Redis that never answered fails within connectTimeoutMs", async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const made = redisLimiter({ url: nowhere, maxConcurrency: 2, connectTimeoutMs: 300 });
    limiters.push(made);
    const error = await made
      .forClient({ id: "org-a" })
      .acquire()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LimiterErrorCodes.UNAVAILABLE });
    expect((error as Error).message).toMatch(/not connected/);
  });

  it('"local": calls go on through an in-process limiter with a warning, and back to Redis when it returns', async () => {
    let hold = false;
    let held: (() => void) | undefined;
    zoho = await startZohoStub((_arrival, response) => {
      if (hold) held = () => answerJson(response, 200, ORG);
      else answerJson(response, 200, ORG);
    });
    const warnings: LimiterWarning[] = [];
    const shared = limiter({ onUnavailable: "local", onWarning: (warning) => warnings.push(warning) });
    const client = crm(shared, zoho.url);
    await client.org.get();
    await redis.stop();
    await client.org.get();
    await client.org.get();
    expect(warnings.map((w) => w.code)).toEqual(["REDIS_UNAVAILABLE"]);
    expect(warnings[0]!.message).toMatch(/in-process limiter of 2 per process/);
    redis = await startRedisServer({ port: redis.port });
    // The client reconnects by itself (its back-off is at most about 2 s); at most 200 tries, 50 ms apart.
    for (let i = 0; i < 200 && warnings.length < 2; i++) {
      await client.org.get();
      await pause(50);
    }
    expect(warnings.map((w) => w.code)).toEqual(["REDIS_UNAVAILABLE", "REDIS_RECOVERED"]);
    // The slots are in Redis again: one is held there while a request is in flight.
    hold = true;
    const inFlight = client.org.get();
    for (let i = 0; i < 500 && !held; i++) await pause(10);
    const keys = (await redisCommand(["KEYS", "zohokit:*:slots"])) as string[];
    expect(keys).toHaveLength(1);
    expect(Number(await redisCommand(["ZCARD", keys[0]!]))).toBe(1);
    held!();
    await inFlight;
  });

  it("a wrong password: LIMITER_UNAVAILABLE, and the password is in no message, cause or JSON", async () => {
    await redis.stop();
    redis = await startRedisServer({ args: ["--requirepass", "the-right-password-123"] });
    const password = "wrong-password-4567890";
    const url = redis.url.replace("redis://", `redis://:${password}@`);
    const made = redisLimiter({ url, maxConcurrency: 2, connectTimeoutMs: 500 });
    limiters.push(made);
    const error = await made
      .forClient({ id: "org-a" })
      .acquire(undefined, { method: "GET", path: "/crm/v8/org" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LimiterErrorCodes.UNAVAILABLE });
    const everything: string[] = [];
    for (let e: unknown = error; e instanceof Error && everything.length < 10; e = e.cause) {
      everything.push(e.message, String(e.stack));
    }
    everything.push(JSON.stringify(error));
    expect(everything.join("\n")).not.toContain(password);
  });
});
