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
    let down = true;
    const batcher = new MicroBatcher<string, string>(async (items) => {
      if (down) throw new Error('database down');
      return Promise.resolve(items);
    });
    const failed = Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down = false;
    await expect(batcher.submit('c')).resolves.toBe('c');
  });

  it('fails only the poisoned item of a batch; the others are handled alone and succeed', async () => {
    const calls: string[][] = [];
    const batcher = new MicroBatcher<string, string>(async (items) => {
      calls.push(items);
      if (items.includes('bad\u0000')) throw new Error('invalid byte sequence');
      return Promise.resolve(items.map((i) => i.toUpperCase()));
    });
    const settled = await Promise.allSettled(['a', 'bad\u0000', 'c'].map((i) => batcher.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('invalid byte sequence') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(calls).toEqual([['a', 'bad\u0000', 'c'], ['a'], ['bad\u0000'], ['c']]);
  });

  it('keeps one call for a batch that succeeds, and does not call a lone failed item twice', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<number, number>(async () => {
      calls += 1;
      return Promise.reject(new Error('no'));
    });
    await expect(batcher.submit(1)).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});
