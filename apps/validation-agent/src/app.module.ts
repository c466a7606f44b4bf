import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues, TaskExecutionEntity } from '@ensemble/plugin-contract';
import { migrations } from './migrations';
import type { ValidationAgentConfig } from './validation-agent.config';
import { ValidationPlugin } from './validation/validation.plugin';

export const SERVICE = 'validation-agent';
export const SCHEMA = 'validation';

@Module({})
export class AppModule {
  static register(config: ValidationAgentConfig): DynamicModule {
    const names = new BrokerNames(config.BROKER_PREFIX);
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE,
          schema: SCHEMA,
          config,
          entities: [TaskExecutionEntity],
          migrations,
          queues: capabilityQueues(names, ValidationPlugin.CAPABILITIES),
        }),
        AgentHostModule.forPlugins([ValidationPlugin], [ValidationPlugin]),
      ],
    };
  }
}
