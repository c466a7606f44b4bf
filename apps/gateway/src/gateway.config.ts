import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { BaseConfig } from '@ensemble/config';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const BODY_LIMITS = /^(\s*[a-z][a-z0-9-]*\s*=\s*\d{1,9}\s*)?(,\s*[a-z][a-z0-9-]*\s*=\s*\d{1,9}\s*)*$/;

export interface BodyLimits {
  defaultBytes: number;
  perFamily: ReadonlyMap<string, number>;
}

export class GatewayConfig extends BaseConfig {
  override PORT = 3000;

  /** Ensured at start-up as an admin key of GATEWAY_BOOTSTRAP_TENANT; never a JWT-looking string. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'GATEWAY_BOOTSTRAP_API_KEY may hold only A-Z a-z 0-9 _ -' })
  GATEWAY_BOOTSTRAP_API_KEY?: string;

  @Matches(/^[A-Za-z0-9][\w.-]{0,127}$/)
  GATEWAY_BOOTSTRAP_TENANT = 'default';

  /** HS256 signing secret; no default on purpose, so a fleet never runs with a known one. */
  @IsString()
  @MinLength(16)
  JWT_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_SECOND = 50;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_BURST = 100;

  /**
   * Redis shared by every gateway replica for the per-key limits (`redis://host:6379`). Empty:
   * each replica limits on its own, so N replicas allow N times the rate.
   */
  @IsString()
  RATE_LIMIT_REDIS_URL = '';

  /** Largest JSON body of any route not named in HTTP_BODY_LIMITS. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(MAX_BODY_BYTES)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Per route family (the path segment after /api/v1): `datasets=16777216,workflows=2097152`. */
  @Matches(BODY_LIMITS, { message: 'HTTP_BODY_LIMITS must look like datasets=16777216,workflows=2097152' })
  HTTP_BODY_LIMITS = 'datasets=16777216';

  /** Failed authentications one client address may make at once, then one per refill interval. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_BURST = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_REFILL_SECONDS = 6;

  /** The body limit of each route family, by its first path segment under /api/v1. */
  bodyLimits(): BodyLimits {
    const perFamily = new Map<string, number>();
    for (const entry of this.HTTP_BODY_LIMITS.split(',').filter(Boolean)) {
      const [family = '', bytes = ''] = entry.split('=');
      perFamily.set(family.trim(), Math.min(Number(bytes), MAX_BODY_BYTES));
    }
    return { defaultBytes: this.HTTP_BODY_LIMIT_BYTES, perFamily };
  }
}

/** Makes the validated config injectable (by its class) everywhere in the gateway. */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      providers: [{ provide: GatewayConfig, useValue: config }],
      exports: [GatewayConfig],
    };
  }
}
