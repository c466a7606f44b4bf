import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { BaseConfig } from '@ensemble/config';

export class RegistryConfig extends BaseConfig {
  override PORT = 3102;

  /** How often the health sweep runs; agents heartbeat every 5 s. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  AGENT_SWEEP_INTERVAL_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AGENT_UNHEALTHY_AFTER_MS = 15_000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AGENT_OFFLINE_AFTER_MS = 60_000;

  /**
   * Offline agents are forgotten after this long (one replaced by a restart on the same host at
   * the next sweep); every process start announces a new agent id.
   */
  @Type(() => Number)
  @IsInt()
  @Min(60_000)
  AGENT_RETENTION_MS = 900_000;
}
