/** Figure 1: 2,000 sequential `records.list` calls against raw fetch + json() on the same loopback server. */
import { benchClient, MODULE, rawList, rawListUrl } from "./clients.js";
import { LIST_FIELDS, PAGE_SIZE, pageHead, pageInfo } from "./fixtures.js";
import { interleavedBlocks, type Paired } from "./stats.js";

export const OVERHEAD_CALLS = 2000;
/** Calls per interleaved block: 20 blocks of 100 make one round of 2,000 calls per side. */
const BLOCK = 100;

export interface OverheadResult extends Paired {
  calls: number;
  pageBytes: number;
}

function check(length: number): void {
  if (length !== PAGE_SIZE) throw new Error(`expected ${PAGE_SIZE} records, got ${length}`);
}

export async function benchOverhead(
  baseUrl: string,
  { rounds, calls = OVERHEAD_CALLS }: { rounds: number; calls?: number },
): Promise<OverheadResult> {
  const crm = benchClient(baseUrl);
  const url = rawListUrl(baseUrl);
  const fields = [...LIST_FIELDS];
  const raw = async (n: number) => {
    for (let i = 0; i < n; i++) check((await rawList(url)).data.length);
  };
  const client = async (n: number) => {
    for (let i = 0; i < n; i++)
      check((await crm.records.list(MODULE, { fields, perPage: PAGE_SIZE })).data.length);
  };
  const warm = Math.min(300, calls);
  await raw(warm);
  await client(warm);
  const blockSize = Math.min(BLOCK, calls);
  const paired = await interleavedBlocks({
    rounds,
    blocks: Math.ceil(calls / blockSize),
    baseline: () => raw(blockSize),
    subject: () => client(blockSize),
  });
  const pageBytes = Buffer.byteLength(`${pageHead()}${pageInfo(1, 1)}}`);
  return { ...paired, calls, pageBytes };
}
