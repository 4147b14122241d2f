// One worker process of the multi-process tests: `calls` calls to crm.org.get() through a Redis limiter, then one
// JSON line on stdout with what became of them. Built code only (dist), as a user's process would run it.
import { createCrmClient } from "@zohokit/crm";
import { redisLimiter } from "../dist/index.js";

const config = JSON.parse(process.argv[2]);
const limiter = redisLimiter({
  url: config.redisUrl,
  maxConcurrency: config.maxConcurrency,
  leaseMs: config.leaseMs,
  onUnavailable: config.onUnavailable ?? "fail",
  onWarning: (warning) => process.stdout.write(`${JSON.stringify({ warning: warning.code })}\n`),
});
const crm = createCrmClient({
  apiKey: "mk_test_key_0123",
  baseUrl: config.baseUrl,
  limiter,
  maxConcurrency: config.clientConcurrency ?? 5,
  retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 5_000 },
});
const results = await Promise.allSettled(Array.from({ length: config.calls }, () => crm.org.get()));
const failures = results
  .filter((r) => r.status === "rejected")
  .map((r) => r.reason?.code ?? String(r.reason));
await limiter.close();
process.stdout.write(`${JSON.stringify({ done: results.length, failures })}\n`);
