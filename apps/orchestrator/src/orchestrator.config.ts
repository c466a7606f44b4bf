import { BaseConfig } from '@ensemble/config';

export class OrchestratorConfig extends BaseConfig {
  override PORT = 3101;
}
