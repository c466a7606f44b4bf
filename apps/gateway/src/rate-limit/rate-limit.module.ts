import { Global, Module } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { RATE_LIMITER, RateLimitGuard } from './rate-limit.guard';
import { TokenBuckets } from './token-bucket';

const MAX_BUCKETS = 100_000;

@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMITER,
      useFactory: (config: GatewayConfig) =>
        new TokenBuckets({
          ratePerSecond: config.RATE_LIMIT_PER_SECOND,
          burst: config.RATE_LIMIT_BURST,
          maxBuckets: MAX_BUCKETS,
        }),
      inject: [GatewayConfig],
    },
    RateLimitGuard,
    AuthFailureLimiter,
  ],
  exports: [RATE_LIMITER, RateLimitGuard, AuthFailureLimiter],
})
export class RateLimitModule {}
