import { Module, type DynamicModule } from '@nestjs/common';
import { AgentAppModule } from '@ensemble/plugin-contract';
import { migrations } from './migrations';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import type { ValidationAgentConfig } from './validation-agent.config';
import { ValidationPlugin } from './validation/validation.plugin';
import { ValidationResultCache } from './validation/validation-result-cache';

export const SERVICE = 'validation-agent';
export const SCHEMA = 'validation';

@Module({})
export class AppModule {
  static register(config: ValidationAgentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentAppModule.register({
          service: SERVICE,
          schema: SCHEMA,
          config,
          migrations,
          capabilities: ValidationPlugin.CAPABILITIES,
          plugins: [
            ValidationPlugin,
            {
              provide: ValidationResultCache,
              useValue: new ValidationResultCache(config.VALIDATION_RESULT_CACHE_SIZE),
            },
          ],
          pluginTokens: [ValidationPlugin],
          features: [RuleSetsModule],
          rpc: 'validation',
        }),
      ],
    };
  }
}
