import { BaseConfig } from '@ensemble/config';

export class ValidationAgentConfig extends BaseConfig {
  override PORT = 3103;
}
