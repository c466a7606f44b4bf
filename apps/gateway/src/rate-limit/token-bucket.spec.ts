import { TokenBuckets } from './token-bucket';

function buckets(ratePerSecond: number, burst: number, maxBuckets = 100): TokenBuckets {
  return new TokenBuckets({ ratePerSecond, burst, maxBuckets });
}

function takeMany(limiter: TokenBuckets, key: string, count: number, now: number): boolean[] {
  return Array.from({ length: count }, () => limiter.take(key, now).allowed);
}

describe('TokenBuckets', () => {
  it('allows a burst of requests and refuses the next one', () => {
    const limiter = buckets(1, 3);

    expect(takeMany(limiter, 'k', 4, 0)).toEqual([true, true, true, false]);
  });

  it('refills at the configured rate', () => {
    const limiter = buckets(10, 2);
    takeMany(limiter, 'k', 2, 0);

    expect(limiter.take('k', 50).allowed).toBe(false);
    expect(limiter.take('k', 100).allowed).toBe(true);
  });

  it('never refills beyond the burst size', () => {
    const limiter = buckets(100, 2);

    expect(takeMany(limiter, 'k', 3, 60_000)).toEqual([true, true, false]);
  });

  it('says how many whole seconds to wait', () => {
    const limiter = buckets(0.25, 1);
    limiter.take('k', 0);

    expect(limiter.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it('asks for at least one second even when a token is due sooner', () => {
    const limiter = buckets(50, 1);
    limiter.take('k', 0);

    expect(limiter.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps one bucket per key', () => {
    const limiter = buckets(1, 1);
    limiter.take('a', 0);

    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('forgets the least recently used bucket beyond the limit', () => {
    const limiter = buckets(1, 1, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('a', 0);
    limiter.take('c', 0);

    expect(limiter.size).toBe(2);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });
});
