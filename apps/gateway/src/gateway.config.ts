import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { BaseConfig } from '@ensemble/config';

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
