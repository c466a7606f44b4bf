import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerNames } from '@ensemble/contracts';
import { ServiceCoreModule } from '@ensemble/messaging';
import { migrations } from './migrations';
import type { OrchestratorConfig } from './orchestrator.config';
import { PrincipalsModule } from './principals/principals.module';
import { RunsModule } from './runs/runs.module';
import { WorkflowsModule } from './workflows/workflows.module';

export const SERVICE = 'orchestrator';
export const SCHEMA = 'orchestrator';

@Module({})
export class AppModule {
  static register(config: OrchestratorConfig): DynamicModule {
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
            { kind: 'work', name: names.resultsQueue, senders: 'any-principal' },
            { kind: 'rpc', name: names.rpcQueue('orchestrator'), senders: ['gateway'] },
            {
              kind: 'events',
              name: names.eventsQueue(SERVICE),
              bindings: ['principal.#'],
              senders: ['registry'],
            },
          ],
        }),
        PrincipalsModule,
        WorkflowsModule,
        RunsModule,
      ],
    };
  }
}
