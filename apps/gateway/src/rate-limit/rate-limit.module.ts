import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { RATE_LIMITER, RateLimitGuard } from './rate-limit.guard';
import { RedisTokenBuckets } from './redis-token-buckets';
import { TokenBuckets, type RateLimiter } from './token-bucket';

const MAX_BUCKETS = 100_000;

/** Per-key limits: shared by every replica through Redis when RATE_LIMIT_REDIS_URL is set. */
function rateLimiter(config: GatewayConfig): RateLimiter {
  const options = {
    ratePerSecond: config.RATE_LIMIT_PER_SECOND,
    burst: config.RATE_LIMIT_BURST,
    maxBuckets: MAX_BUCKETS,
  };
  if (config.RATE_LIMIT_REDIS_URL === '') return new TokenBuckets(options);
  return new RedisTokenBuckets(config.RATE_LIMIT_REDIS_URL, `${config.BROKER_PREFIX}:ratelimit:`, options);
}

@Global()
@Module({
  providers: [
    { provide: RATE_LIMITER, useFactory: rateLimiter, inject: [GatewayConfig] },
    RateLimitGuard,
    AuthFailureLimiter,
  ],
  exports: [RATE_LIMITER, RateLimitGuard, AuthFailureLimiter],
})
export class RateLimitModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(RATE_LIMITER) private readonly limiter: RateLimiter) {}

  async onModuleInit(): Promise<void> {
    if (this.limiter instanceof RedisTokenBuckets) await this.limiter.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.limiter instanceof RedisTokenBuckets) await this.limiter.close();
  }
}
