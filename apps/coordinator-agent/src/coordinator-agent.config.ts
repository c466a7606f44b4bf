import { BaseConfig } from '@ensemble/config';

export class CoordinatorAgentConfig extends BaseConfig {
  override PORT = 3106;
}
