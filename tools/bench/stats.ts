/** Nearest-rank percentile of an unsorted sample; NaN for an empty one. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Runs `task` `total` times with at most `concurrency` in flight. */
export async function runPool(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/** Starts `task` `total` times at `perSecond` starts a second, whatever is still in flight (an open loop). */
export async function runAtRate(
  total: number,
  perSecond: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(task(i));
  }
  await Promise.all(inFlight);
}

export interface Spread {
  n: number;
  mean: number;
  min: number;
  max: number;
  /** max / min; Infinity when some share is 0 and another is not. */
  maxMin: number;
  /** Coefficient of variation: standard deviation / mean (population). */
  cv: number;
}

/** How evenly work was shared out: each value is one worker's share. */
export function spread(values: number[]): Spread {
  const n = values.length;
  if (n === 0)
    return { n, mean: Number.NaN, min: Number.NaN, max: Number.NaN, maxMin: Number.NaN, cv: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  return {
    n,
    mean,
    min,
    max,
    maxMin: max === min ? 1 : max / min,
    cv: mean === 0 ? 0 : Math.sqrt(variance) / mean,
  };
}

/** One bucket of a cumulative histogram: how many observations were at most `le`. */
export interface Bucket {
  le: number;
  count: number;
}

/** Per bucket, `after` minus `before` (the observations made between two scrapes). */
export function bucketDelta(before: Bucket[], after: Bucket[]): Bucket[] {
  return after.map((b) => ({ le: b.le, count: b.count - (before.find((x) => x.le === b.le)?.count ?? 0) }));
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolating linearly inside the bucket it
 * falls in (as Prometheus' histogram_quantile does); the last finite bound when it falls in +Inf;
 * NaN when empty.
 */
export function histogramQuantile(buckets: Bucket[], q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(count - below, 1);
    }
    lower = le;
    below = count;
  }
  return lower;
}
