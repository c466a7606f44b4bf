import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { RetryLaterError } from '../problems/problem-document';
import { TokenBuckets } from './token-bucket';

import type { HttpRequest } from '../http/request-info';

const MAX_ADDRESSES = 100_000;

/**
 * Failed authentications per client address: past the burst, another failure is answered 429
 * with Retry-After instead of 401. Successful ones never count, so a good key still works.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly buckets: TokenBuckets;

  constructor(config: GatewayConfig) {
    this.buckets = new TokenBuckets({
      ratePerSecond: 1 / config.AUTH_FAILURE_REFILL_SECONDS,
      burst: config.AUTH_FAILURE_BURST,
      maxBuckets: MAX_ADDRESSES,
    });
  }

  /** Counts a failure; throws when the address has failed too often. */
  failed(req: HttpRequest, nowMs = Date.now()): void {
    const address = req.ip;
    const result = this.buckets.take(address, nowMs);
    if (!result.allowed)
      throw new RetryLaterError(
        'RATE_LIMITED',
        'too many failed authentications from this address',
        result.retryAfterSeconds,
      );
  }
}
