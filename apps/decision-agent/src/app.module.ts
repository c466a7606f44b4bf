import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues, TaskExecutionEntity } from '@ensemble/plugin-contract';
import { DecisionPlugin } from './decision/decision.plugin';
import type { DecisionAgentConfig } from './decision-agent.config';
import { DecisionTablesModule } from './decision-tables/decision-tables.module';
import { migrations } from './migrations';

export const SERVICE = 'decision-agent';
export const SCHEMA = 'decision';

@Module({})
export class AppModule {
  static register(config: DecisionAgentConfig): DynamicModule {
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
          queues: [
            ...capabilityQueues(names, DecisionPlugin.CAPABILITIES),
            { kind: 'rpc', name: names.rpcQueue('decision') },
          ],
        }),
        DecisionTablesModule,
        AgentHostModule.forPlugins([DecisionPlugin], [DecisionPlugin], [DecisionTablesModule]),
      ],
    };
  }
}
