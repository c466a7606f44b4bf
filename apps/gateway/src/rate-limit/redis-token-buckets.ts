import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { RateLimiter, TakeResult, TokenBucketOptions } from './token-bucket';
import { TokenBuckets } from './token-bucket';

/**
 * One token bucket per key in Redis, refilled by Redis's own clock, so every gateway replica
 * draws from the same bucket. Atomic: the script reads, refills, takes and writes in one step.
 * Tokens are returned as text (Lua numbers reach the client as integers).
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { allowed, tostring(tokens) }`;

/** The client with the script defined as a command. */
interface TakingRedis {
  takeToken(key: string, rate: number, burst: number, ttlMs: string): Promise<[number, string]>;
}

/** How long a Redis call may take before this replica limits on its own for that request. */
const COMMAND_TIMEOUT_MS = 200;

/**
 * Shared limits for gateway replicas (RATE_LIMIT_REDIS_URL). Commands from concurrent requests
 * share round trips (auto-pipelining). If Redis cannot answer, each replica limits with its own
 * in-memory buckets until it can — limits loosen by the number of replicas, requests keep flowing.
 */
export class RedisTokenBuckets implements RateLimiter {
  private readonly logger = new Logger(RedisTokenBuckets.name);
  private readonly redis: Redis;
  private readonly local: TokenBuckets;
  private readonly ttlMs: string;
  private degraded = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly options: TokenBucketOptions,
  ) {
    this.redis = new Redis(url, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      lazyConnect: true,
    });
    this.redis.on('error', (error: Error) => {
      this.degrade(error);
    });
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE });
    this.local = new TokenBuckets(options);
    // A full bucket and an absent one are the same: let idle keys expire.
    this.ttlMs = String(Math.ceil((options.burst / options.ratePerSecond) * 1000) + 1000);
  }

  /**
   * Connects before the gateway serves (until then, and whenever Redis is unreachable, this
   * replica limits alone). Never throws: a gateway starts without Redis and keeps retrying it.
   */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.degrade(error as Error);
    }
  }

  async take(key: string, nowMs: number): Promise<TakeResult> {
    try {
      const [allowed, tokens] = await (this.redis as unknown as TakingRedis).takeToken(
        `${this.prefix}${key}`,
        this.options.ratePerSecond,
        this.options.burst,
        this.ttlMs,
      );
      this.recovered();
      const left = Number(tokens);
      if (allowed === 1) return { allowed: true, remaining: Math.floor(left) };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - left) / this.options.ratePerSecond)),
      };
    } catch (error) {
      this.degrade(error as Error);
      return this.local.take(key, nowMs);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }

  private degrade(error: Error): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(`limits ${this.prefix}* fall back to this replica alone: Redis: ${error.message}`);
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log(`limits ${this.prefix}* are shared through Redis again`);
  }
}
