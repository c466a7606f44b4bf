import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { BrokerNames } from '@ensemble/contracts';
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

/** The work queues an agent consumes: one per capability. */
export function capabilityQueues(names: BrokerNames, capabilities: readonly string[]): QueueSpec[] {
  return capabilities.map((capability) => ({ kind: 'work', name: names.capabilityQueue(capability) }));
}
