import { Module, type DynamicModule } from '@nestjs/common';
import type { BaseConfig } from '@ensemble/config';
import { EnsembleLoggerModule, HealthModule, MetricsModule } from '@ensemble/observability';
import { DatabaseProbe, databaseSettings, PersistenceModule } from '@ensemble/persistence';
import { BrokerConnection } from './broker-connection';
import { messagingSettings, type QueueSpec } from './messaging-settings';
import { MessagingModule } from './messaging.module';

export interface ServiceCoreOptions {
  /** App name, e.g. `validation-agent`. */
  service: string;
  /** The Postgres schema the app owns. */
  schema: string;
  config: BaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  queues: QueueSpec[];
}

/** What every fleet app stands on: logs, metrics, its schema, the broker, health probes. */
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        EnsembleLoggerModule.forApp(options.service, options.config.LOG_LEVEL),
        MetricsModule,
        PersistenceModule.forRoot({
          settings: databaseSettings(options.config, options.schema),
          entities: options.entities,
          migrations: options.migrations,
        }),
        MessagingModule.forRoot(messagingSettings(options.config, options.service), options.queues),
        HealthModule.register([DatabaseProbe, BrokerConnection]),
      ],
    };
  }
}
