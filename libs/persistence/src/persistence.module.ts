import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReadinessProbe } from '@ensemble/observability';
import { createDataSource } from './data-source';
import type { DatabaseSettings } from './database-settings';
import { Inbox } from './inbox/inbox';
import { OutboxWriter } from './outbox/outbox-writer';
import { PERSISTENCE_OPTIONS } from './persistence.tokens';
import { SchemaGate } from './schema-gate';
import { TransactionRunner } from './transaction-runner';

export interface PersistenceOptions {
  settings: DatabaseSettings;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

export { PERSISTENCE_OPTIONS };

/** Ready when the database answers and the schema has every migration the code needs. */
@Injectable()
export class DatabaseProbe implements ReadinessProbe, OnApplicationShutdown {
  readonly name = 'database';

  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: SchemaGate,
  ) {}

  async isReady(): Promise<boolean> {
    const missing = await this.gate.missing();
    if (missing.length > 0) throw new Error(`schema lacks migrations ${missing.join(', ')}`);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: PERSISTENCE_OPTIONS, useValue: options },
        {
          provide: DataSource,
          useFactory: () =>
            createDataSource(options.settings, options.entities, options.migrations).initialize(),
        },
        TransactionRunner,
        OutboxWriter,
        Inbox,
        SchemaGate,
        DatabaseProbe,
      ],
      exports: [
        DataSource,
        TransactionRunner,
        OutboxWriter,
        Inbox,
        SchemaGate,
        DatabaseProbe,
        PERSISTENCE_OPTIONS,
      ],
    };
  }
}
