import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import type { HttpRequest } from '../../apps/gateway/src/http/request-info';
import {
  AuthFailureLimiter,
  authFailureBuckets,
} from '../../apps/gateway/src/rate-limit/auth-failure-limiter';
import { RedisTokenBuckets } from '../../apps/gateway/src/rate-limit/redis-token-buckets';

jest.setTimeout(30_000);

/** The Redis on this machine (`.ci/services` starts it); each run uses its own key prefix. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPTIONS = authFailureBuckets({
  AUTH_FAILURE_BURST: 3,
  AUTH_FAILURE_REFILL_SECONDS: 60,
} as GatewayConfig);
const from = (ip: string): HttpRequest => ({ ip, socket: {} }) as unknown as HttpRequest;

describe('failed authentications counted by every gateway replica through Redis', () => {
  const prefix = `t-${randomBytes(4).toString('hex')}:authfail:`;
  const buckets = [
    new RedisTokenBuckets(REDIS_URL, prefix, OPTIONS),
    new RedisTokenBuckets(REDIS_URL, prefix, OPTIONS),
  ];
  const [a, b] = buckets.map((replica) => new AuthFailureLimiter(replica)) as [
    AuthFailureLimiter,
    AuthFailureLimiter,
  ];

  beforeAll(async () => {
    for (const replica of buckets) await replica.connect();
  });

  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    for (const replica of buckets) await replica.close();
  });

  it('refuses an address on one replica once its failures on the other used the burst', async () => {
    await a.failed(from('203.0.113.9'));
    await a.failed(from('203.0.113.9'));
    await b.failed(from('203.0.113.9'));

    await expect(b.failed(from('203.0.113.9'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 60,
    });
    await expect(a.failed(from('203.0.113.9'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('keeps other addresses apart', async () => {
    await expect(b.failed(from('198.51.100.7'))).resolves.toBeUndefined();
  });

  it('holds when failures arrive together on both replicas', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).failed(from('192.0.2.44'))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
  });

  it('falls back to counting on this replica alone when Redis cannot answer', async () => {
    const offline = new RedisTokenBuckets('redis://127.0.0.1:1', prefix, OPTIONS);
    await offline.connect();
    try {
      const limiter = new AuthFailureLimiter(offline);
      for (let i = 0; i < 3; i += 1) await limiter.failed(from('203.0.113.10'));
      await expect(limiter.failed(from('203.0.113.10'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await offline.close();
    }
  });
});
