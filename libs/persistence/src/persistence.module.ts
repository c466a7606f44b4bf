import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReadinessProbe } from '@ensemble/observability';
import { createDataSource } from './data-source';
import type { DatabaseSettings } from './database-settings';
import { Inbox } from './inbox/inbox';
import { OutboxWriter } from './outbox/outbox-writer';
import { TransactionRunner } from './transaction-runner';

export interface PersistenceOptions {
  settings: DatabaseSettings;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

export const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Injectable()
export class DatabaseProbe implements ReadinessProbe, OnApplicationShutdown {
  readonly name = 'database';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  async isReady(): Promise<boolean> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'outbox'`,
      [this.options.settings.schema],
    );
    return rows[0]?.n === '1';
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
        DatabaseProbe,
      ],
      exports: [DataSource, TransactionRunner, OutboxWriter, Inbox, DatabaseProbe, PERSISTENCE_OPTIONS],
    };
  }
}
