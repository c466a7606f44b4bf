import { Module, type DynamicModule } from '@nestjs/common';
import { ExpressionsModule } from '@ensemble/expressions';
import { AgentAppModule } from '@ensemble/plugin-contract';
import type { DataAgentConfig } from './data-agent.config';
import { DatasetsModule } from './datasets/datasets.module';
import { migrations } from './migrations';
import { PayloadsModule } from './payloads/payloads.module';
import { DataPlugin } from './tasks/data.plugin';
import { TransformationsModule } from './transformations/transformations.module';

export const SERVICE = 'data-agent';
export const SCHEMA = 'data';

@Module({})
export class AppModule {
  static register(config: DataAgentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentAppModule.register({
          service: SERVICE,
          schema: SCHEMA,
          config,
          migrations,
          capabilities: DataPlugin.CAPABILITIES,
          plugins: [DataPlugin],
          pluginTokens: [DataPlugin],
          features: [DatasetsModule, TransformationsModule, ExpressionsModule, PayloadsModule],
          rpc: 'data',
        }),
      ],
    };
  }
}
