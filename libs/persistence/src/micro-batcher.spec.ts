import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('handles items submitted together in one call and gives each caller its own result', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      calls.push(items);
      return Promise.resolve(items.map((n) => n * 10));
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('never exceeds the batch size or the concurrency, and loses nothing', async () => {
    let active = 0;
    let peak = 0;
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        active += 1;
        peak = Math.max(peak, active);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        return items;
      },
      { maxBatch: 4, maxConcurrent: 2 },
    );
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(peak).toBe(2);
  });

  it('rejects every item of a failed batch and carries on with the next', async () => {
    let first = true;
    const batcher = new MicroBatcher<string, string>(async (items) => {
      if (first) {
        first = false;
        throw new Error('database down');
      }
      return Promise.resolve(items);
    });
    const failed = Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.submit('c')).resolves.toBe('c');
  });
});
