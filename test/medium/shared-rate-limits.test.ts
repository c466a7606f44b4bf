import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisTokenBuckets } from '../../apps/gateway/src/rate-limit/redis-token-buckets';
import type { TakeResult } from '../../apps/gateway/src/rate-limit/token-bucket';

jest.setTimeout(30_000);

/** The Redis on this machine (`.ci/services` starts it); each run uses its own key prefix. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPTIONS = { ratePerSecond: 1, burst: 5, maxBuckets: 100 };

describe('rate limits shared by gateway replicas through Redis', () => {
  const prefix = `t-${randomBytes(4).toString('hex')}:ratelimit:`;
  const replicas = [
    new RedisTokenBuckets(REDIS_URL, prefix, OPTIONS),
    new RedisTokenBuckets(REDIS_URL, prefix, OPTIONS),
  ];
  const [a, b] = replicas as [RedisTokenBuckets, RedisTokenBuckets];

  beforeAll(async () => {
    for (const replica of replicas) await replica.connect();
  });

  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    for (const replica of replicas) await replica.close();
  });

  const allowed = (results: TakeResult[]): number => results.filter((r) => r.allowed).length;

  it('draw from one bucket per key: a burst spent on one replica is spent on the other', async () => {
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await a.take('key-1', Date.now()));
    expect(first).toEqual([
      { allowed: true, remaining: 4 },
      { allowed: true, remaining: 3 },
      { allowed: true, remaining: 2 },
    ]);
    const second = [];
    for (let i = 0; i < 3; i++) second.push(await b.take('key-1', Date.now()));
    expect(allowed(second)).toBe(2);
    expect(second[2]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keep other keys unaffected', async () => {
    expect(await b.take('key-2', Date.now())).toEqual({ allowed: true, remaining: 4 });
  });

  it('hold when requests arrive together on both replicas', async () => {
    const together = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).take('key-3', Date.now())),
    );
    expect(allowed(together)).toBe(5);
  });

  it('fall back to each replica limiting alone when Redis cannot answer', async () => {
    const offline = new RedisTokenBuckets('redis://127.0.0.1:1', prefix, OPTIONS);
    await offline.connect();
    try {
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await offline.take('key-4', Date.now()));
      expect(allowed(results)).toBe(5);
      expect(results[5]).toMatchObject({ allowed: false });
    } finally {
      await offline.close();
    }
  });
});
