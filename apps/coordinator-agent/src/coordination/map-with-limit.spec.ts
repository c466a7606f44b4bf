import { setTimeout as sleep } from 'node:timers/promises';
import { MapItemError, mapWithLimit } from './map-with-limit';

function tracker(): {
  fn: (ms: number, index: number) => Promise<string>;
  peak: () => number;
  started: number[];
} {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  return {
    started,
    peak: () => peak,
    fn: async (ms, index) => {
      started.push(index);
      running += 1;
      peak = Math.max(peak, running);
      await sleep(ms);
      running -= 1;
      return `r${index}`;
    },
  };
}

describe('mapWithLimit', () => {
  it('returns results in input order whatever order they finish in', async () => {
    const t = tracker();
    await expect(mapWithLimit([30, 5, 20, 1, 10], 3, t.fn)).resolves.toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('never runs more than the limit at once, and uses the whole limit', async () => {
    const t = tracker();
    await mapWithLimit([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 3, t.fn);
    expect(t.peak()).toBe(3);
  });

  it('handles an empty input and a limit above the item count', async () => {
    const t = tracker();
    await expect(mapWithLimit([], 4, t.fn)).resolves.toEqual([]);
    await expect(mapWithLimit([1, 1], 8, t.fn)).resolves.toEqual(['r0', 'r1']);
  });

  it('reports the failed index and starts no item after a failure', async () => {
    const started: number[] = [];
    const fn = async (_: number, index: number): Promise<number> => {
      started.push(index);
      await sleep(index === 1 ? 1 : 10);
      if (index === 1) throw new Error('boom');
      return index;
    };
    const error: unknown = await mapWithLimit([0, 1, 2, 3, 4, 5], 2, fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MapItemError);
    expect((error as MapItemError).index).toBe(1);
    expect(((error as MapItemError).cause as Error).message).toBe('boom');
    expect(started).toEqual([0, 1]);
  });

  it('stops starting items once the signal is aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const fn = (_: number, index: number): Promise<number> => {
      started.push(index);
      if (index === 1) controller.abort();
      return Promise.resolve(index);
    };
    await expect(mapWithLimit([0, 1, 2, 3], 1, fn, controller.signal)).rejects.toThrow();
    expect(started).toEqual([0, 1]);
  });
});
