import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { MessageTypes, type BrokerNames } from '@ensemble/contracts';
import type { QueueSpec } from '@ensemble/messaging';
import { AgentAnnouncer } from './agent-announcer';
import { AGENT_PLUGINS, AgentHostService } from './agent-host.service';
import { AgentHostRmqController } from './agent-host.rmq.controller';

/** Hosts the given plugins: consumes their capability queues and runs their tasks. */
@Module({})
export class AgentHostModule {
  /** `imports` are the modules whose providers the plugins inject. */
  static forPlugins(
    plugins: Provider[],
    pluginTokens: (string | symbol | (new (...args: never[]) => unknown))[],
    imports: NonNullable<DynamicModule['imports']> = [],
  ): DynamicModule {
    return {
      module: AgentHostModule,
      imports,
      providers: [
        ...plugins,
        { provide: AGENT_PLUGINS, useFactory: (...instances: unknown[]) => instances, inject: pluginTokens },
        AgentHostService,
        AgentAnnouncer,
      ],
      controllers: [AgentHostRmqController],
      exports: [AgentHostService],
    };
  }
}

/** The queues an agent consumes: one work queue per capability, and its own copy of cancellations. */
export function capabilityQueues(names: BrokerNames, capabilities: readonly string[]): QueueSpec[] {
  return [
    ...capabilities.map((capability): QueueSpec => ({
      kind: 'work',
      name: names.capabilityQueue(capability),
      senders: ['orchestrator'],
    })),
    {
      kind: 'broadcast',
      name: 'cancellations',
      bindings: [MessageTypes.orchestrator.stepCancel],
      senders: ['orchestrator'],
    },
  ];
}
