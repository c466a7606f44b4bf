import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { AgentsModule } from './agents/agents.module';
import { migrations } from './migrations';
import type { RegistryConfig } from './registry.config';

export const SERVICE = 'registry';
export const SCHEMA = 'registry';

@Module({})
export class AppModule {
  static register(config: RegistryConfig): DynamicModule {
    const names = new BrokerNames(config.BROKER_PREFIX);
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE,
          schema: SCHEMA,
          config,
          entities: [],
          migrations,
          queues: [
            {
              kind: 'events',
              name: names.eventsQueue(SERVICE),
              bindings: ['agent.#'],
              senders: 'any-principal',
            },
            { kind: 'rpc', name: names.rpcQueue(SERVICE), senders: ['gateway'] },
          ],
        }),
        AgentsModule.register(config),
      ],
    };
  }
}
