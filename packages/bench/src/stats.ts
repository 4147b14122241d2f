/** Medians and interleaved baseline/subject rounds, so a noisy machine shifts both sides alike. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the bench with node --expose-gc");
  gc();
  gc();
}

/** Milliseconds a function takes (after a full GC, so one run's garbage is not billed to the next). */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  gcNow();
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface Paired {
  baseline: number[];
  subject: number[];
  /** subject / baseline of each round. */
  ratios: number[];
  baselineMedian: number;
  subjectMedian: number;
  /** The median of the per-round ratios: robust to drift of the machine's speed between rounds. */
  ratio: number;
}

export interface BlockOptions {
  rounds: number;
  /** Blocks per round: each block runs a slice of both sides back to back, alternating which goes first. */
  blocks: number;
  baseline: () => Promise<unknown>;
  subject: () => Promise<unknown>;
}

/**
 * For work made of many small units (sequential calls): each round is `blocks` blocks, and each block times one
 * slice of the baseline and one of the subject, alternating which goes first. A burst of load on the machine then
 * lands on both sides alike. A round's time per side is the sum of its slices.
 */
/** Per-round times of both sides as a Paired figure: medians, and the median of the per-round ratios. */
export function paired(baseline: number[], subject: number[]): Paired {
  const ratios = subject.map((time, i) => time / baseline[i]!);
  return {
    baseline,
    subject,
    ratios,
    baselineMedian: median(baseline),
    subjectMedian: median(subject),
    ratio: median(ratios),
  };
}

export async function interleavedBlocks({
  rounds,
  blocks,
  baseline,
  subject,
}: BlockOptions): Promise<Paired> {
  const b: number[] = [];
  const s: number[] = [];
  const clock = async (run: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let round = 0; round < rounds; round++) {
    gcNow();
    let baseTotal = 0;
    let subjectTotal = 0;
    for (let block = 0; block < blocks; block++) {
      if ((round + block) % 2 === 0) {
        baseTotal += await clock(baseline);
        subjectTotal += await clock(subject);
      } else {
        subjectTotal += await clock(subject);
        baseTotal += await clock(baseline);
      }
    }
    b.push(baseTotal);
    s.push(subjectTotal);
  }
  return paired(b, s);
}

export interface PairedOptions {
  rounds: number;
  warmup: number;
  baseline: () => Promise<unknown>;
  subject: () => Promise<unknown>;
}

/**
 * Runs warm-ups of both sides, then `rounds` rounds of both, alternating which side goes first (ABBA), and
 * pairs each round's two times.
 */
export async function pairedRounds({ rounds, warmup, baseline, subject }: PairedOptions): Promise<Paired> {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      b.push(await timed(baseline));
      s.push(await timed(subject));
    } else {
      s.push(await timed(subject));
      b.push(await timed(baseline));
    }
  }
  return paired(b, s);
}
