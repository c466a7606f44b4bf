import { loadConfig } from '@ensemble/config';
import { GatewayConfig } from '../gateway.config';
import type { HttpRequest } from '../http/request-info';
import { RetryLaterError } from '../problems/problem-document';
import { AuthFailureLimiter, authFailureBuckets } from './auth-failure-limiter';
import { TokenBuckets } from './token-bucket';

const config = loadConfig(GatewayConfig, {
  JWT_SECRET: 'a-secret-of-at-least-16',
  AUTH_FAILURE_BURST: '3',
  AUTH_FAILURE_REFILL_SECONDS: '10',
});
const limiterOf = (): AuthFailureLimiter =>
  new AuthFailureLimiter(new TokenBuckets(authFailureBuckets(config)));
const from = (ip: string): HttpRequest => ({ ip, socket: {} }) as unknown as HttpRequest;

describe('AuthFailureLimiter', () => {
  it('answers the failure after the burst from one address with 429 and when to retry', async () => {
    const limiter = limiterOf();
    for (let i = 0; i < 3; i += 1) await limiter.failed(from('203.0.113.9'), 0);

    await expect(limiter.failed(from('203.0.113.9'), 0)).rejects.toThrow(RetryLaterError);
    await expect(limiter.failed(from('203.0.113.9'), 0)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 10,
    });
  });

  it('keeps addresses apart and forgives failures over time', async () => {
    const limiter = limiterOf();
    for (let i = 0; i < 3; i += 1) await limiter.failed(from('203.0.113.9'), 0);

    await expect(limiter.failed(from('198.51.100.7'), 0)).resolves.toBeUndefined();
    await expect(limiter.failed(from('203.0.113.9'), 10_000)).resolves.toBeUndefined();
  });
});
