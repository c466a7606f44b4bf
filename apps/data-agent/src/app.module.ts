import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues, TaskExecutionEntity } from '@ensemble/plugin-contract';
import type { DataAgentConfig } from './data-agent.config';
import { DatasetsModule } from './datasets/datasets.module';
import { ExpressionsModule } from './expressions/expressions.module';
import { migrations } from './migrations';
import { PayloadsModule } from './payloads/payloads.module';
import { DataPlugin } from './tasks/data.plugin';
import { TransformationsModule } from './transformations/transformations.module';

export const SERVICE = 'data-agent';
export const SCHEMA = 'data';

@Module({})
export class AppModule {
  static register(config: DataAgentConfig): DynamicModule {
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
            ...capabilityQueues(names, DataPlugin.CAPABILITIES),
            { kind: 'rpc', name: names.rpcQueue('data') },
          ],
        }),
        DatasetsModule,
        TransformationsModule,
        AgentHostModule.forPlugins(
          [DataPlugin],
          [DataPlugin],
          [ExpressionsModule, TransformationsModule, PayloadsModule],
        ),
      ],
    };
  }
}
