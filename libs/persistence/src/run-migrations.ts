import type { Migration } from 'typeorm';
import { createDataSource } from './data-source';
import type { DatabaseSettings } from './database-settings';

/** Applies the app's pending migrations as the app's own role; returns the names applied. */
export async function runMigrations(
  settings: DatabaseSettings,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<string[]> {
  const dataSource = await createDataSource(settings, [], migrations).initialize();
  try {
    const applied: Migration[] = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
