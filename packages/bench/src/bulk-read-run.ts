/** `pnpm --filter @zohokit/bench bench:bulk-read`: the bulk read parsing figure alone (BENCHMARKS.md untouched). */
import { BULK_READ_HEAP_TARGET_MB, benchBulkReadParse } from "./bulk-read-parse.js";

const result = await benchBulkReadParse();
process.stdout.write(
  `${JSON.stringify(result, null, 2)}\nheap ${result.peakHeapGrowthMB <= BULK_READ_HEAP_TARGET_MB ? "pass" : "FAIL"} (target ≤ ${BULK_READ_HEAP_TARGET_MB} MB)\n`,
);
