/**
 * Figure 3: `records.create` of 10,000 records (100 requests of 100) with maxConcurrency 10 against a server that
 * takes 50 ms per request. The ideal is 10 waves of 50 ms = 500 ms; raw fetch with 10 workers is measured too.
 */
import { benchClient, MODULE, rawCreate } from "./clients.js";
import { WRITE_BATCH } from "./fixtures.js";
import type { LoopbackServer } from "./servers.js";
import { median, timed } from "./stats.js";

export const BULK_RECORDS = 10_000;
export const BULK_CONCURRENCY = 10;
export const BULK_LATENCY_MS = 50;
export const BULK_IDEAL_MS = (BULK_RECORDS / WRITE_BATCH / BULK_CONCURRENCY) * BULK_LATENCY_MS;

export interface BulkResult {
  client: number[];
  raw: number[];
  clientMedian: number;
  rawMedian: number;
  idealMs: number;
  /** clientMedian / idealMs. */
  ratio: number;
  requestsPerRun: number;
}

function inputs(): Array<Record<string, unknown>> {
  return Array.from({ length: BULK_RECORDS }, (_, i) => ({
    Last_Name: `Bulk ${i}`,
    Email: `bulk.${i}@example.com`,
    Company: "Analytical Engines Ltd",
    Lead_Status: "Not Contacted",
  }));
}

export async function benchBulk(server: LoopbackServer, { rounds }: { rounds: number }): Promise<BulkResult> {
  const crm = benchClient(server.url, BULK_CONCURRENCY);
  const records = inputs();
  const client = async () => {
    const result = await crm.records.create(MODULE, records);
    if (result.succeeded.length !== BULK_RECORDS || result.failed.length > 0) {
      throw new Error(`bulk create: ${result.succeeded.length} succeeded, ${result.failed.length} failed`);
    }
  };
  const raw = async () => {
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const offset = next;
        next += WRITE_BATCH;
        await rawCreate(server.url, JSON.stringify({ data: records.slice(offset, offset + WRITE_BATCH) }));
      }
    };
    await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  };
  await raw();
  await client();
  const before = await server.stats();
  const clientTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      rawTimes.push(await timed(raw));
      clientTimes.push(await timed(client));
    } else {
      clientTimes.push(await timed(client));
      rawTimes.push(await timed(raw));
    }
  }
  const after = await server.stats();
  const requestsPerRun = (after.posts - before.posts) / (2 * rounds);
  const clientMedian = median(clientTimes);
  return {
    client: clientTimes,
    raw: rawTimes,
    clientMedian,
    rawMedian: median(rawTimes),
    idealMs: BULK_IDEAL_MS,
    ratio: clientMedian / BULK_IDEAL_MS,
    requestsPerRun,
  };
}
