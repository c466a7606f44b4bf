import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues, TaskExecutionEntity } from '@ensemble/plugin-contract';
import { CoordinatorPlugin } from './coordination/coordinator.plugin';
import type { CoordinatorAgentConfig } from './coordinator-agent.config';
import { ExpressionCache } from '@ensemble/expressions';
import { migrations } from './migrations';

export const SERVICE = 'coordinator-agent';
export const SCHEMA = 'coordinator';

@Module({})
export class AppModule {
  static register(config: CoordinatorAgentConfig): DynamicModule {
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
          queues: capabilityQueues(names, CoordinatorPlugin.CAPABILITIES),
        }),
        AgentHostModule.forPlugins([CoordinatorPlugin, ExpressionCache], [CoordinatorPlugin]),
      ],
    };
  }
}
