import { bucketDelta, histogramQuantile, percentile, runAtRate, runPool, spread } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('runPool', () => {
  it('runs every task once and never more than the limit at a time', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(20, 3, async (i) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(i);
      active -= 1;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });
});

describe('runAtRate', () => {
  it('starts every task on schedule without waiting for earlier ones to finish', async () => {
    let started = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each task waits until all five have started: a closed loop would never get there.
    await runAtRate(5, 1000, async () => {
      started += 1;
      if (started === 5) release();
      await gate;
    });
    expect(started).toBe(5);
  });
});

describe('spread', () => {
  it('says a perfectly even share is even', () => {
    expect(spread([5, 5, 5, 5])).toEqual({ n: 4, mean: 5, min: 5, max: 5, maxMin: 1, cv: 0 });
  });

  it('gives max/min and the coefficient of variation of an uneven share', () => {
    const s = spread([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s).toMatchObject({ n: 8, mean: 5, min: 2, max: 9, maxMin: 4.5 });
    expect(s.cv).toBeCloseTo(0.4);
  });

  it('reports an idle worker beside a busy one as infinitely uneven', () => {
    expect(spread([0, 3]).maxMin).toBe(Infinity);
    expect(spread([0, 0]).maxMin).toBe(1);
    expect(spread([]).n).toBe(0);
  });
});

describe('histogramQuantile', () => {
  const buckets = [
    { le: 0.01, count: 50 },
    { le: 0.05, count: 90 },
    { le: 0.1, count: 100 },
    { le: Infinity, count: 100 },
  ];

  it('interpolates inside the bucket the rank falls in', () => {
    expect(histogramQuantile(buckets, 0.5)).toBeCloseTo(0.01);
    expect(histogramQuantile(buckets, 0.7)).toBeCloseTo(0.03);
    expect(histogramQuantile(buckets, 0.99)).toBeCloseTo(0.095);
  });

  it('answers the last finite bound past it, and NaN for no observations', () => {
    expect(
      histogramQuantile(
        [
          { le: 0.1, count: 1 },
          { le: Infinity, count: 10 },
        ],
        0.99,
      ),
    ).toBe(0.1);
    expect(histogramQuantile([{ le: Infinity, count: 0 }], 0.5)).toBeNaN();
  });

  it('takes the observations between two scrapes', () => {
    const before = [
      { le: 0.01, count: 5 },
      { le: Infinity, count: 7 },
    ];
    const after = [
      { le: 0.01, count: 9 },
      { le: Infinity, count: 20 },
    ];
    expect(bucketDelta(before, after)).toEqual([
      { le: 0.01, count: 4 },
      { le: Infinity, count: 13 },
    ]);
  });
});
