import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '../auth/principal';
import type { HttpReply, HttpRequest } from '../http/request-info';
import { RetryLaterError } from '../problems/problem-document';
import type { RateLimiter } from './token-bucket';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Limits each API key (and every token minted from it) to its own bucket. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RATE_LIMITER) private readonly buckets: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const { keyId } = principalOf(http.getRequest<HttpRequest>());
    const result = await this.buckets.take(keyId, Date.now());
    if (!result.allowed)
      throw new RetryLaterError(
        'RATE_LIMITED',
        'too many requests for this API key',
        result.retryAfterSeconds,
      );
    http.getResponse<HttpReply>().header('RateLimit-Remaining', String(result.remaining));
    return true;
  }
}
