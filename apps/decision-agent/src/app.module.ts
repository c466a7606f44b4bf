import { Module, type DynamicModule } from '@nestjs/common';
import { ExpressionsModule } from '@ensemble/expressions';
import { AgentAppModule } from '@ensemble/plugin-contract';
import { DecisionTablesModule } from './decision-tables/decision-tables.module';
import { DecisionPlugin } from './decision/decision.plugin';
import type { DecisionAgentConfig } from './decision-agent.config';
import { migrations } from './migrations';

export const SERVICE = 'decision-agent';
export const SCHEMA = 'decision';

@Module({})
export class AppModule {
  static register(config: DecisionAgentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentAppModule.register({
          service: SERVICE,
          schema: SCHEMA,
          config,
          migrations,
          capabilities: DecisionPlugin.CAPABILITIES,
          plugins: [DecisionPlugin],
          pluginTokens: [DecisionPlugin],
          features: [DecisionTablesModule, ExpressionsModule],
          rpc: 'decision',
        }),
      ],
    };
  }
}
