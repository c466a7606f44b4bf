import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { BaseConfig } from '@ensemble/config';
import { BrokerNames, type RpcService } from '@ensemble/contracts';
import { ServiceCoreModule, type QueueSpec } from '@ensemble/messaging';
import { AgentHostModule, capabilityQueues } from './agent-host.module';
import { TaskExecutionEntity } from './task-execution.entity';

export interface AgentAppOptions {
  service: string;
  schema: string;
  config: BaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  capabilities: readonly string[];
  /** Plugin classes and the providers only they use. */
  plugins: Provider[];
  pluginTokens: (new (...args: never[]) => unknown)[];
  /** Feature modules of the app; the plugins may inject what they export. */
  features?: NonNullable<DynamicModule['imports']>;
  /** The agent's own RPC queue, for the resources it owns (rule sets, tables, datasets). */
  rpc?: RpcService;
}

/** Everything an agent app is made of: the service core, its features, and the plugin host. */
@Module({})
export class AgentAppModule {
  static register(options: AgentAppOptions): DynamicModule {
    const names = new BrokerNames(options.config.BROKER_PREFIX);
    const queues: QueueSpec[] = [
      ...capabilityQueues(names, options.capabilities),
      ...(options.rpc === undefined
        ? []
        : [{ kind: 'rpc' as const, name: names.rpcQueue(options.rpc), senders: ['gateway' as const] }]),
    ];
    const features = options.features ?? [];
    return {
      module: AgentAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: options.service,
          schema: options.schema,
          config: options.config,
          entities: [TaskExecutionEntity],
          migrations: options.migrations,
          queues,
        }),
        ...features,
        AgentHostModule.forPlugins(options.plugins, options.pluginTokens, features),
      ],
    };
  }
}
