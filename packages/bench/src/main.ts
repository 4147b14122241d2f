/**
 * `pnpm bench`: runs every benchmark once, in a fixed order (timing-sensitive ones first), and rewrites
 * BENCHMARKS.md at the repository root. BENCH_QUICK=1 runs fewer rounds (for trying the bench out);
 * BENCH_SKIP_SDK=1 skips installing the official SDK; BENCH_ZOHO_SCALE=0.1 runs figure 7's latency model 10x faster; BENCH_STRICT=1 exits 1 when a target is missed.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BULK_LATENCY_MS, benchBulk } from "./bulk.js";
import { benchBulkReadParse } from "./bulk-read-parse.js";
import { benchLimits } from "./limits.js";
import { describeMachine } from "./machine.js";
import { benchOverhead } from "./overhead.js";
import { benchRedisLimiter } from "./redis-limiter.js";
import { type Results, renderMarkdown, rows } from "./report.js";
import { benchScan, SCAN_PAGES } from "./scan.js";
import { startLoopbackServer } from "./servers.js";
import { bundleSize, installSize, REPO_ROOT } from "./size.js";
import { benchTypegen } from "./typegen-scale.js";

const quick = process.env.BENCH_QUICK === "1";
const rounds = quick ? 2 : 7;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const machine = describeMachine();
  log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const server = await startLoopbackServer({ pages: SCAN_PAGES, latencyMs: BULK_LATENCY_MS });
  let overhead: Results["overhead"];
  let scan: Results["scan"];
  let bulk: Results["bulk"];
  let redis: Results["redis"];
  try {
    log("1/8 client overhead");
    overhead = await benchOverhead(server.url, { rounds, ...(quick ? { calls: 500 } : {}) });
    log(`    ${overhead.ratio.toFixed(3)}x`);
    log("2/8 full scan");
    scan = await benchScan(server.url, { rounds: quick ? 2 : 15, heapRounds: quick ? 1 : 3 });
    log(`    ${scan.ratio.toFixed(3)}x, heap +${scan.heapClient.peakGrowthMB.toFixed(1)} MB`);
    log("3/8 bulk write");
    bulk = await benchBulk(server, { rounds: quick ? 2 : 7 });
    log(`    ${bulk.clientMedian.toFixed(0)} ms (${bulk.ratio.toFixed(3)}x ideal)`);
    log("4/8 Redis limiter");
    redis = await benchRedisLimiter(server.url, {
      rounds,
      ...(quick ? { calls: 500, listCalls: 200 } : {}),
    });
    log(
      "skipped" in redis
        ? `    skipped: ${redis.skipped}`
        : `    ${redis.slots.ratio.toFixed(0)}x in-process, list ${redis.list.ratio.toFixed(3)}x`,
    );
  } finally {
    await server.close();
  }
  log("5/8 against Zoho's limits (100,000 records)");
  const limits = await benchLimits();
  log(
    `    export ${(limits.runs.export.wallMs / 1000).toFixed(2)} s / ${limits.runs.export.credits} credits; iterate ${(limits.runs.iterate.wallMs / 1000).toFixed(2)} s / ${limits.runs.iterate.credits} credits`,
  );
  log("6/8 bulk read parsing (@zohokit/crm/bulk)");
  const bulkRead = await benchBulkReadParse(quick ? { rows: 20_000 } : {});
  log(
    `    ${bulkRead.recordsPerSecond.toFixed(0)} records/s, heap +${bulkRead.peakHeapGrowthMB.toFixed(1)} MB`,
  );
  log("7/8 type generation and tsc");
  const typegen = await benchTypegen({ tscRounds: quick ? 1 : 11, genRounds: quick ? 2 : 5 });
  log(`    generate ${typegen.generateMs.toFixed(0)} ms`);
  for (const c of typegen.compilers)
    log(`    ${c.compiler}: ${c.typedOverLoose.toFixed(2)}x / ${c.errorsOverTyped.toFixed(2)}x`);
  log("8/8 size");
  const bundle = await bundleSize();
  const install = await installSize({ sdk: process.env.BENCH_SKIP_SDK !== "1" });
  const results: Results = {
    machine,
    overhead,
    scan,
    bulk,
    redis,
    limits,
    bulkRead,
    typegen,
    size: { bundle, ...install },
    durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  const path = join(REPO_ROOT, "BENCHMARKS.md");
  await writeFile(path, renderMarkdown(results));
  const table = rows(results);
  for (const row of table)
    log(
      `${row.skipped ? "skip" : row.pass ? "pass" : "FAIL"}  ${row.figure}: ${row.measured} (${row.ratio}, target ${row.target})`,
    );
  log(`wrote ${path} in ${results.durationSeconds.toFixed(0)} s`);
  const missed = table.filter((row) => !row.pass && !row.skipped).length;
  return missed > 0 && process.env.BENCH_STRICT === "1" ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
