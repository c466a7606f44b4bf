import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { AUTH_FAILURE_BUCKETS, AuthFailureLimiter, authFailureBuckets } from './auth-failure-limiter';
import { RATE_LIMITER, RateLimitGuard } from './rate-limit.guard';
import { RedisTokenBuckets } from './redis-token-buckets';
import { TokenBuckets, type RateLimiter, type TokenBucketOptions } from './token-bucket';

const MAX_BUCKETS = 100_000;

/** Shared by every replica through Redis when RATE_LIMIT_REDIS_URL is set, else in memory. */
function buckets(config: GatewayConfig, kind: string, options: TokenBucketOptions): RateLimiter {
  if (config.RATE_LIMIT_REDIS_URL === '') return new TokenBuckets(options);
  return new RedisTokenBuckets(config.RATE_LIMIT_REDIS_URL, `${config.BROKER_PREFIX}:${kind}:`, options);
}

function perKey(config: GatewayConfig): RateLimiter {
  return buckets(config, 'ratelimit', {
    ratePerSecond: config.RATE_LIMIT_PER_SECOND,
    burst: config.RATE_LIMIT_BURST,
    maxBuckets: MAX_BUCKETS,
  });
}

function perAddress(config: GatewayConfig): RateLimiter {
  return buckets(config, 'authfail', authFailureBuckets(config));
}

@Global()
@Module({
  providers: [
    { provide: RATE_LIMITER, useFactory: perKey, inject: [GatewayConfig] },
    { provide: AUTH_FAILURE_BUCKETS, useFactory: perAddress, inject: [GatewayConfig] },
    RateLimitGuard,
    AuthFailureLimiter,
  ],
  exports: [RATE_LIMITER, RateLimitGuard, AuthFailureLimiter],
})
export class RateLimitModule implements OnModuleInit, OnApplicationShutdown {
  private readonly limiters: RateLimiter[];

  constructor(
    @Inject(RATE_LIMITER) perKeyLimiter: RateLimiter,
    @Inject(AUTH_FAILURE_BUCKETS) perAddressLimiter: RateLimiter,
  ) {
    this.limiters = [perKeyLimiter, perAddressLimiter];
  }

  async onModuleInit(): Promise<void> {
    for (const limiter of this.limiters) if (limiter instanceof RedisTokenBuckets) await limiter.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const limiter of this.limiters) if (limiter instanceof RedisTokenBuckets) await limiter.close();
  }
}
