/**
 * Figure 6: what a Redis-backed slot costs per call. Sequential acquire + release through `redisLimiter` (Redis on
 * loopback, started here) against the in-process limiter every client has by default; then sequential
 * `records.list` calls with each limiter. Skipped, with a note, where redis-server is not installed.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { Limiter } from "@zohokit/core/internal";
import { createCrmClient } from "@zohokit/crm";
import { redisLimiter } from "@zohokit/redis";
import { API_KEY, MODULE } from "./clients.js";
import { LIST_FIELDS, PAGE_SIZE } from "./fixtures.js";
import { interleavedBlocks, type Paired } from "./stats.js";

export const LIMITER_CALLS = 2000;
export const LIMITER_LIST_CALLS = 1000;
const BLOCK = 100;

export type RedisLimiterResult =
  | { skipped: string }
  | { calls: number; slots: Paired; listCalls: number; list: Paired; redisVersion: string };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

/** A redis-server of the bench's own (no persistence), or why there is none. */
async function startRedis(): Promise<{ url: string; version: string; stop(): Promise<void> } | string> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(process.env.REDIS_SERVER ?? "redis-server", args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(`redis-server did not start within 10 s: ${output}`), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(
        error.code === "ENOENT"
          ? "redis-server is not installed (apt-get install redis-server)"
          : error.message,
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited (${code}): ${output}`);
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  if (ready !== undefined) {
    await stop();
    return ready;
  }
  child.stdout.resume();
  child.stderr.resume();
  const version = /v=(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? /Redis version=(\S+)/.exec(output)?.[1] ?? "?";
  return { url: `redis://127.0.0.1:${port}`, version, stop };
}

export async function benchRedisLimiter(
  baseUrl: string,
  {
    rounds,
    calls = LIMITER_CALLS,
    listCalls = LIMITER_LIST_CALLS,
  }: { rounds: number; calls?: number; listCalls?: number },
): Promise<RedisLimiterResult> {
  const redis = await startRedis();
  if (typeof redis === "string") return { skipped: redis };
  const shared = redisLimiter({ url: redis.url, maxConcurrency: 5 });
  try {
    const inRedis = shared.forClient({ id: "bench" });
    const inProcess = new Limiter(5);
    const cycle = (limiter: Pick<Limiter, "acquire">) => async (n: number) => {
      for (let i = 0; i < n; i++) (await limiter.acquire())();
    };
    const local = cycle(inProcess);
    const remote = cycle(inRedis);
    await local(300);
    await remote(300);
    const block = Math.min(BLOCK, calls);
    const slots = await interleavedBlocks({
      rounds,
      blocks: Math.ceil(calls / block),
      baseline: () => local(block),
      subject: () => remote(block),
    });

    const plain = createCrmClient({ apiKey: API_KEY, baseUrl });
    const withRedis = createCrmClient({ apiKey: API_KEY, baseUrl, limiter: shared });
    const fields = [...LIST_FIELDS];
    const lists = (client: typeof plain) => async (n: number) => {
      for (let i = 0; i < n; i++) {
        const page = await client.records.list(MODULE, { fields, perPage: PAGE_SIZE });
        if (page.data.length !== PAGE_SIZE) throw new Error(`expected ${PAGE_SIZE} records`);
      }
    };
    await lists(plain)(100);
    await lists(withRedis)(100);
    const listBlock = Math.min(BLOCK, listCalls);
    const list = await interleavedBlocks({
      rounds,
      blocks: Math.ceil(listCalls / listBlock),
      baseline: () => lists(plain)(listBlock),
      subject: () => lists(withRedis)(listBlock),
    });
    return { calls, slots, listCalls, list, redisVersion: redis.version };
  } finally {
    await shared.close();
    await redis.stop();
  }
}
