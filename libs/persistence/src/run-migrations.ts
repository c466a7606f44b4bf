import { Client } from 'pg';
import type { Migration } from 'typeorm';
import { createDataSource } from './data-source';
import type { DatabaseSettings } from './database-settings';

/**
 * Applies the app's pending migrations as the app's own role; returns the names applied. Holds a
 * Postgres advisory lock per schema meanwhile, so pods migrating at once (init containers of a
 * rollout, the fleet launcher) run them one after another: the later ones find nothing pending.
 */
export async function runMigrations(
  settings: DatabaseSettings,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<string[]> {
  const lock = new Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.role,
    ...(settings.password ? { password: settings.password } : {}),
    application_name: `${settings.role}.migrate`,
    connectionTimeoutMillis: 5000,
  });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`ensemble.migrate.${settings.schema}`]);
    const dataSource = await createDataSource(settings, [], migrations).initialize();
    try {
      const applied: Migration[] = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Closing the session releases the lock.
    await lock.end();
  }
}
