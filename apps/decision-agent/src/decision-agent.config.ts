import { BaseConfig } from '@ensemble/config';

export class DecisionAgentConfig extends BaseConfig {
  override PORT = 3104;
}
