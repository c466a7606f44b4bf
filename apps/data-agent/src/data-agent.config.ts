import { BaseConfig } from '@ensemble/config';

export class DataAgentConfig extends BaseConfig {
  override PORT = 3105;
}
