import { Module, type DynamicModule } from '@nestjs/common';
import { AgentAppModule } from '@ensemble/plugin-contract';
import { ExpressionsModule } from '@ensemble/expressions';
import { CoordinatorPlugin } from './coordination/coordinator.plugin';
import type { CoordinatorAgentConfig } from './coordinator-agent.config';
import { migrations } from './migrations';

export const SERVICE = 'coordinator-agent';
export const SCHEMA = 'coordinator';

@Module({})
export class AppModule {
  static register(config: CoordinatorAgentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentAppModule.register({
          service: SERVICE,
          schema: SCHEMA,
          config,
          migrations,
          capabilities: CoordinatorPlugin.CAPABILITIES,
          plugins: [CoordinatorPlugin],
          features: [ExpressionsModule],
          pluginTokens: [CoordinatorPlugin],
        }),
      ],
    };
  }
}
