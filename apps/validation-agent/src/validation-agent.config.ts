import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig } from '@ensemble/config';

export class ValidationAgentConfig extends BaseConfig {
  override PORT = 3103;

  /** Results of stored rule set versions kept in memory, per process; 0 turns the cache off. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  VALIDATION_RESULT_CACHE_SIZE = 10_000;
}
