import { Inject, Injectable } from '@nestjs/common';
import type { HttpRequest } from '../http/request-info';
import type { GatewayConfig } from '../gateway.config';
import { RetryLaterError } from '../problems/problem-document';
import type { RateLimiter, TokenBucketOptions } from './token-bucket';

export const AUTH_FAILURE_BUCKETS = Symbol('AUTH_FAILURE_BUCKETS');

const MAX_ADDRESSES = 100_000;

/** One bucket per client address: AUTH_FAILURE_BURST at once, then one per refill interval. */
export function authFailureBuckets(config: GatewayConfig): TokenBucketOptions {
  return {
    ratePerSecond: 1 / config.AUTH_FAILURE_REFILL_SECONDS,
    burst: config.AUTH_FAILURE_BURST,
    maxBuckets: MAX_ADDRESSES,
  };
}

/**
 * Failed authentications per client address: past the burst, another failure is answered 429
 * with Retry-After instead of 401. Successful ones never count, so a good key still works. The
 * buckets are in Redis when RATE_LIMIT_REDIS_URL is set, so a failure counts on every replica.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(@Inject(AUTH_FAILURE_BUCKETS) private readonly buckets: RateLimiter) {}

  /** Counts a failure; throws when the address has failed too often. */
  async failed(req: HttpRequest, nowMs = Date.now()): Promise<void> {
    const address = req.ip;
    const result = await this.buckets.take(address, nowMs);
    if (!result.allowed)
      throw new RetryLaterError(
        'RATE_LIMITED',
        'too many failed authentications from this address',
        result.retryAfterSeconds,
      );
  }
}
