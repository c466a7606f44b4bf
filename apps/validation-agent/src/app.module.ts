import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues, TaskExecutionEntity } from '@ensemble/plugin-contract';
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
            ...capabilityQueues(names, ValidationPlugin.CAPABILITIES),
            { kind: 'rpc', name: names.rpcQueue('validation') },
          ],
        }),
        RuleSetsModule,
        AgentHostModule.forPlugins(
          [
            ValidationPlugin,
            {
              provide: ValidationResultCache,
              useValue: new ValidationResultCache(config.VALIDATION_RESULT_CACHE_SIZE),
            },
          ],
          [ValidationPlugin],
          [RuleSetsModule],
        ),
      ],
    };
  }
}
