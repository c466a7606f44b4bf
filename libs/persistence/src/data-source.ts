import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import type { Pool } from 'pg';
import type { DatabaseSettings } from './database-settings';
import { InboxMessageEntity } from './inbox/inbox-message.entity';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

/**
 * The app's DataSource: its own role, its own schema first on the search path, migrations (never
 * `synchronize`) recorded in its own schema. Outbox and inbox entities are always included.
 */
export function createDataSource(
  settings: DatabaseSettings,
  entities: EntityList,
  migrations: MigrationList,
): DataSource {
  return new DataSource({
    type: 'postgres',
    host: settings.host,
    port: settings.port,
    database: settings.database,
    username: settings.role,
    ...(settings.password ? { password: settings.password } : {}),
    schema: settings.schema,
    entities: [OutboxMessageEntity, InboxMessageEntity, ...(Array.isArray(entities) ? entities : [])],
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: {
      max: settings.poolSize,
      options: `-c search_path=${settings.schema}`,
      application_name: settings.role,
      connectionTimeoutMillis: 5000,
    },
  });
}

/**
 * The driver's own pg pool, for hot read paths that want named (prepared) statements, which
 * TypeORM's `query` cannot send. Same connections, role and search path as the DataSource.
 */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
