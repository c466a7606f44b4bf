import { LruCache } from '@ensemble/caching';

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  ratePerSecond: number;
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  burst: number;
  /** Buckets kept; the least recently used is forgotten (reset to full) beyond this. */
  maxBuckets: number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Takes one token from `key`'s bucket: in memory (one replica) or shared (RedisTokenBuckets). */
export interface RateLimiter {
  take(key: string, nowMs: number): TakeResult | Promise<TakeResult>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** One token bucket per key, in memory: each replica limits what it serves. */
export class TokenBuckets implements RateLimiter {
  private readonly buckets: LruCache<string, Bucket>;

  constructor(private readonly options: TokenBucketOptions) {
    this.buckets = new LruCache(options.maxBuckets);
  }

  take(key: string, nowMs: number): TakeResult {
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitSeconds = (1 - bucket.tokens) / this.options.ratePerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, nowMs: number): Bucket {
    const { burst, ratePerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: nowMs };
    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
    bucket.updatedAt = nowMs;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
