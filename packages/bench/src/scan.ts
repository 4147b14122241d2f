/**
 * Figure 2: `records.iterate` over 100,000 records (500 pages of 200) against a hand-written raw fetch loop that
 * follows the same paging (page numbers up to 2,000 records, then page tokens); plus heap growth while scanning.
 */
import { getHeapStatistics } from "node:v8";
import { benchClient, MODULE, rawList, rawListUrl } from "./clients.js";
import { LIST_FIELDS, PAGE_SIZE } from "./fixtures.js";
import { gcNow, median, type Paired, paired } from "./stats.js";

export const SCAN_PAGES = 500;
export const SCAN_RECORDS = SCAN_PAGES * PAGE_SIZE;
const SAMPLE_EVERY = 50;

export interface HeapFigure {
  /** Peak heapUsed during the scan minus heapUsed after a full GC just before it (MB, 10^6 bytes). */
  peakGrowthMB: number;
  /** heapUsed after a full GC once the scan is done, minus the baseline: what the scan left behind. */
  retainedMB: number;
  samples: number;
}

export interface ScanResult extends Paired {
  records: number;
  heapClient: HeapFigure;
  heapRaw: HeapFigure;
}

type Sampler = (index: number) => void;

async function rawScan(baseUrl: string, sample?: Sampler): Promise<number> {
  const raw = rawStepper(baseUrl, sample);
  await raw.step(SCAN_PAGES + 1);
  if (!raw.done) throw new Error(`raw scan did not end within ${SCAN_PAGES} pages`);
  return raw.count;
}

async function clientScan(crm: ReturnType<typeof benchClient>, sample?: Sampler): Promise<number> {
  let count = 0;
  for await (const record of crm.records.iterate(MODULE, { fields: [...LIST_FIELDS] })) {
    if (record.id === undefined) throw new Error("record without id");
    sample?.(count);
    count++;
  }
  return count;
}

function expectAll(count: number): void {
  if (count !== SCAN_RECORDS) throw new Error(`scan read ${count} records, expected ${SCAN_RECORDS}`);
}

const used = () => getHeapStatistics().used_heap_size;

async function heapOf(scan: (sample: Sampler) => Promise<number>): Promise<HeapFigure> {
  gcNow();
  const baseline = used();
  let peak = baseline;
  let samples = 0;
  const sample: Sampler = (index) => {
    if (index % SAMPLE_EVERY !== 0) return;
    samples++;
    const now = used();
    if (now > peak) peak = now;
  };
  expectAll(await scan(sample));
  peak = Math.max(peak, used());
  gcNow();
  const retained = used() - baseline;
  return { peakGrowthMB: (peak - baseline) / 1e6, retainedMB: retained / 1e6, samples };
}

function medianHeap(figures: HeapFigure[]): HeapFigure {
  return {
    peakGrowthMB: median(figures.map((f) => f.peakGrowthMB)),
    retainedMB: median(figures.map((f) => f.retainedMB)),
    samples: median(figures.map((f) => f.samples)),
  };
}

/** The hand-written raw fetch loop, run a few pages at a time, its state kept between steps. */
function rawStepper(baseUrl: string, sample?: Sampler) {
  let cursor: { page?: number; pageToken?: string } = { page: 1 };
  let count = 0;
  let done = false;
  let requests = 0;
  return {
    get done() {
      return done;
    },
    get count() {
      return count;
    },
    async step(pages: number): Promise<void> {
      for (let i = 0; i < pages && !done; i++) {
        if (++requests > SCAN_PAGES + 1) throw new Error("raw scan did not end");
        const page = await rawList(rawListUrl(baseUrl, cursor));
        for (const record of page.data) {
          if (record.id === undefined) throw new Error("record without id");
          sample?.(count);
          count++;
        }
        if (!page.info.more_records) {
          done = true;
          return;
        }
        const next = (cursor.page ?? 0) + 1;
        if (cursor.page !== undefined && next * PAGE_SIZE <= 2000) cursor = { page: next };
        else cursor = { pageToken: page.info.next_page_token as string };
      }
    },
  };
}

/** `records.iterate`, pulled a few pages' worth of records at a time (what `for await` does, paused between). */
function clientStepper(crm: ReturnType<typeof benchClient>) {
  const iterator = crm.records.iterate(MODULE, { fields: [...LIST_FIELDS] })[Symbol.asyncIterator]();
  let count = 0;
  let done = false;
  return {
    get done() {
      return done;
    },
    get count() {
      return count;
    },
    async step(pages: number): Promise<void> {
      for (let i = 0; i < pages * PAGE_SIZE && !done; i++) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          return;
        }
        if (next.value.id === undefined) throw new Error("record without id");
        count++;
      }
    },
  };
}

/** Pages per interleaved slice: 50 slices of 10 pages per side make one round. */
const SLICE_PAGES = 10;

/**
 * One round: both scans run to the end in alternating slices of 10 pages, each slice timed after a full GC, so
 * load on the machine lands on both sides alike; a side's time is the sum of its slices.
 */
async function interleavedScan(baseUrl: string, crm: ReturnType<typeof benchClient>, round: number) {
  const raw = rawStepper(baseUrl);
  const client = clientStepper(crm);
  let rawMs = 0;
  let clientMs = 0;
  const clock = async (run: () => Promise<void>) => {
    // A slice is ~15 ms: a major GC that happens to fall in one would decide the round. Each slice starts on a
    // clean heap instead, so the collections a slice pays for are the ones its own allocations cause.
    gcNow();
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  gcNow();
  for (let slice = 0; slice <= SCAN_PAGES / SLICE_PAGES + 1 && !(raw.done && client.done); slice++) {
    if ((round + slice) % 2 === 0) {
      rawMs += await clock(() => raw.step(SLICE_PAGES));
      clientMs += await clock(() => client.step(SLICE_PAGES));
    } else {
      clientMs += await clock(() => client.step(SLICE_PAGES));
      rawMs += await clock(() => raw.step(SLICE_PAGES));
    }
  }
  // The client learns it is done on the call after the last record; give it that call.
  if (!client.done) clientMs += await clock(() => client.step(1));
  expectAll(raw.count);
  expectAll(client.count);
  if (!raw.done || !client.done) throw new Error("interleaved scan did not finish");
  return { rawMs, clientMs };
}

export async function benchScan(
  baseUrl: string,
  { rounds, heapRounds }: { rounds: number; heapRounds: number },
): Promise<ScanResult> {
  const crm = benchClient(baseUrl);
  expectAll(await rawScan(baseUrl));
  expectAll(await clientScan(crm));
  const baseline: number[] = [];
  const subject: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { rawMs, clientMs } = await interleavedScan(baseUrl, crm, round);
    baseline.push(rawMs);
    subject.push(clientMs);
  }
  const figure = paired(baseline, subject);
  const heapClient: HeapFigure[] = [];
  const heapRaw: HeapFigure[] = [];
  for (let i = 0; i < heapRounds; i++) {
    heapRaw.push(await heapOf((sample) => rawScan(baseUrl, sample)));
    heapClient.push(await heapOf((sample) => clientScan(crm, sample)));
  }
  return {
    ...figure,
    records: SCAN_RECORDS,
    heapClient: medianHeap(heapClient),
    heapRaw: medianHeap(heapRaw),
  };
}
